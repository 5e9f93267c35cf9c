"""Tests across groups on replicate-weight designs, as R's ``svychisq`` and ``svyttest`` on a ``svrepdesign``.

The test of independence is ``svychisq.svyrep.design``: the Rao–Scott tests of
:func:`analysis.stats.significance.rao_scott_statistic` with the covariance of the cell proportions
taken from the replicates (``svrVar`` of the proportions recomputed with each replicate's
weights) and the design's degrees of freedom ν = ``degf`` of the test's domain (the rank of
its rows' replicate weights less one). ``statistic = "F"``: X²/tr Δ on F(d, d·ν) with
d = (tr Δ)²/tr(Δ²); ``statistic = "Chisq"``: X²/mean(δ) on (r − 1)(c − 1) degrees of freedom.
X² is Pearson's on the weighted table scaled to the domain's n (``svytable(Ntotal = N)``).
As R's subset of a replicate design does, the domain is the respondents in the indicator's
base with a known group; its rows keep their replicate weights. Groups under the reliability
threshold can be left out of the domain (``leave_out``), as under any other design.

Each pair of groups is compared as ``svyttest(y ~ I(g == b), subset(design, g %in% c(a, b)))``:
the difference of the two domain proportions, its variance ``svrVar`` of the replicates'
differences, t on ``degf`` of the pair's rows less one (``svyglm``'s residual degrees of
freedom on a replicate design, ``degf + 1 − 2``).

References
----------
Rao, J. N. K. and Scott, A. J. (1984). On chi-squared tests for multiway contingency tables with
cell proportions estimated from survey data. *Annals of Statistics* 12, 46–60.

Lumley, T. (2010). *Complex Surveys: A Guide to Analysis Using R*. Wiley, sections 2.3
(replicate weights) and 6.2 (``svychisq``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from analysis.stats.replicates import GridTotals, ReplicateDesign
    from analysis.stats.independence import IndependenceTest

#: Pair columns :func:`replicate_group_tests` returns (those of ``compare_groups``).
PAIR_RESULT_COLUMNS = ("group_1", "group_2", "difference", "se", "test", "statistic", "df", "p_value", "p_adjusted",
                       "significant")


def replicate_group_tests(totals: "GridTotals", keep: Sequence[int], labels: Sequence[str], *, pairs: bool = True,
                          adjust: str = "holm", alpha: float = 0.05, min_n: int = 2, statistic: str = "F",
                          leave_out: Sequence[bool] | None = None) -> tuple["IndependenceTest", "pd.DataFrame"]:
    """The test of independence and the pairwise tests of the groups of grid axes ``keep``.

    Parameters
    ----------
    totals : GridTotals
        One indicator's replicate totals over a grid (:func:`analysis.stats.replicates.grid_totals`).
    keep : sequence of int
        The grid axes that make the groups (one: a breakdown; two: a cross).
    labels : sequence of str
        The groups' labels, in the order of :meth:`GridTotals.domains`.
    pairs : bool
        Compute the pairwise tests (else the frame is empty).
    adjust, alpha, min_n
        Multiple-comparison adjustment, significance level, and the smallest unweighted base
        a group needs to enter the pairwise tests (as in
        :func:`~analysis.stats.significance.compare_groups`).
    statistic : {"F", "Chisq"}
        Rao–Scott form of the test of independence.
    leave_out : sequence of bool, optional
        Groups (one flag per label) left out of the test's domain and of the pairs, as R's
        ``svychisq`` on ``subset(design, !group %in% left_out)``: the design keeps every
        respondent and its replicate weights (e.g. groups under the reliability threshold).

    Returns
    -------
    (IndependenceTest, pandas.DataFrame)
        As :func:`~analysis.stats.significance.compare_groups`: method ``"rao_scott"``, and one row
        per pair with ``test = "t"``.
    """
    import pandas as pd
    from scipy.special import stdtr

    from analysis.stats.replicates import gram_rank
    from analysis.stats.independence import IndependenceTest, rao_scott_statistic
    from analysis.stats.pairwise import adjust_pvalues

    design = totals.design
    doms = totals.domains(keep)
    n_g = np.array([totals.counts[m].sum() for m in doms])
    keep_g = np.flatnonzero((n_g > 0) & (True if leave_out is None else ~np.asarray(leave_out, dtype=bool)))
    G = keep_g.size
    W = np.array([totals.full[doms[k]].sum() for k in keep_g])
    Y = np.array([totals.full_yes[doms[k]].sum() for k in keep_g])
    W_r = np.stack([totals.tot[doms[k]].sum(axis=0) for k in keep_g]) if G else np.zeros((0, design.n_replicates))
    Y_r = np.stack([totals.tot_yes[doms[k]].sum(axis=0) for k in keep_g]) if G else W_r
    grams = [totals.grams[doms[k]].sum(axis=0) for k in keep_g]
    wt = np.stack([Y, W - Y], axis=1) if G else np.zeros((0, 2))
    if G < 2 or (wt.sum(axis=0) <= 0).any():
        note = "fewer than two groups" if G < 2 else "no variation in the indicator"
        result = IndependenceTest("rao_scott", float("nan"), float("nan"), float("nan"), groups=G, note=note)
    else:
        # cells in R's interaction order (groups fastest): yes for each group, then no
        m = wt.T.reshape(-1) / wt.sum()
        thetas = np.concatenate([Y_r, W_r - Y_r]).T / W_r.sum(axis=0)[:, None]
        V = design.covariance(thetas, m)
        nu = gram_rank(np.sum(grams, axis=0)) - 1
        n_domain = int(n_g[keep_g].sum())
        result = rao_scott_statistic(wt, None, n_domain=n_domain, n_design=n_domain, groups=G, V=V, nu=float(nu),
                            statistic=statistic)
    if not pairs:
        return result, pd.DataFrame(columns=list(PAIR_RESULT_COLUMNS))
    labels_kept = np.array(list(labels), dtype=object)[keep_g]
    ok = np.flatnonzero(n_g[keep_g] >= min_n)
    i, j = np.triu_indices(ok.size, k=1)
    i, j = ok[i], ok[j]
    with np.errstate(divide="ignore", invalid="ignore"):
        p = Y / W
        p_r = Y_r / W_r                                  # (G, R): NaN where a replicate empties a group
        diff = p[i] - p[j]
        se = np.sqrt(design.variance((p_r[i] - p_r[j]).T, diff)) if i.size else np.zeros(0)
        df = np.array([gram_rank(grams[a] + grams[b]) - 2 for a, b in zip(i, j)], dtype=float)
        ts = diff / se
        pval = np.where((se > 0) & (df > 0), 2 * stdtr(np.maximum(df, 1), -np.abs(ts)), np.nan)
    p_adj = adjust_pvalues(pval, method=adjust)
    frame = pd.DataFrame({"group_1": labels_kept[i], "group_2": labels_kept[j], "difference": diff, "se": se,
                          "test": "t", "statistic": ts, "df": df, "p_value": pval, "p_adjusted": p_adj,
                          "significant": p_adj < alpha})
    return result, frame


def compare_replicate_groups(frame: "pd.DataFrame", indicator: str, by: str | Sequence[str],
                             design: "ReplicateDesign", *, adjust: str = "holm", alpha: float = 0.05,
                             min_n: int = 2, statistic: str = "F") -> tuple["IndependenceTest", "pd.DataFrame"]:
    """:func:`~analysis.stats.significance.compare_groups` on a replicate design (see the module notes).

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.stats.replicates import replicate_design
    >>> f = pd.DataFrame({"y": pd.array([True, False, False, True, True, False, True, True], dtype="boolean"),
    ...                   "g": pd.Categorical(list("aabbaabb"))})
    >>> for r in range(4):  # jackknife: drop one pair of rows at a time
    ...     f[f"rw_{r}"] = [0.0 if k // 2 == r else 4 / 3 for k in range(8)]
    >>> test, pairs = compare_replicate_groups(f, "y", "g", replicate_design(f, "rw_*", type="JK1"))
    >>> print(test.method, int(test.groups), pairs[["group_1", "group_2", "test"]].values.tolist())
    rao_scott 2 [['a', 'b', 't']]
    """
    from analysis.stats.cells import Grid, by_list, grouping_rows, indicator_arrays
    from analysis.stats.replicates import grid_totals

    by_vars = by_list(by)
    grid = Grid.of(frame, by_vars)
    in_base, yes = indicator_arrays(frame[indicator])
    totals = grid_totals(design, grid, [(in_base, yes)])[0]
    keep = tuple(range(len(by_vars)))
    labels = grouping_rows(grid, keep)[1]
    return replicate_group_tests(totals, keep, labels, adjust=adjust, alpha=alpha, min_n=min_n, statistic=statistic)


def group_letters(groups: Sequence[str], pairs: "pd.DataFrame") -> tuple[list[str], list[str]]:
    """Column letters from pairwise results: each group's key (A, B, … in order) and the keys it beats.

    >>> import pandas as pd
    >>> p = pd.DataFrame({"group_1": ["x", "x", "y"], "group_2": ["y", "z", "z"], "difference": [0.2, -0.1, -0.3],
    ...                   "significant": [True, False, True]})
    >>> group_letters(["x", "y", "z"], p)
    (['A', 'B', 'C'], ['B', '', 'B'])
    """
    from analysis.stats.pairwise import group_letter

    keys = {label: group_letter(i) for i, label in enumerate(groups)}
    won: dict[str, list[str]] = {label: [] for label in groups}
    for a, b, diff, sig in zip(pairs["group_1"], pairs["group_2"], pairs["difference"], pairs["significant"]):
        if sig:
            winner, loser = (a, b) if diff > 0 else (b, a)
            won[winner].append(keys[loser])
    return [keys[g] for g in groups], ["".join(sorted(won[g])) for g in groups]
