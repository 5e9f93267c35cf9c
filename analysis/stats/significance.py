"""Tests of difference for one indicator and one breakdown: across the groups and between pairs.

:func:`compare_groups` runs the test of independence across the groups of a breakdown
(:mod:`analysis.stats.independence`) and the pairwise tests between them
(:mod:`analysis.stats.pairwise`), unweighted, weighted, under a stratified or clustered
design, a raking or replicate weights. The pieces it uses live in those two modules:

* :func:`~analysis.stats.independence.independence_test`: chi-square test of independence
  (Fisher's exact for a 2 × 2 table with an expected count under 5; Rao–Scott F when weighted).
* :func:`~analysis.stats.pairwise.column_letters`: SPSS Custom Tables-style column-proportion letters.
* :func:`~analysis.stats.pairwise.adjust_pvalues`: Holm, Bonferroni, Benjamini–Hochberg.
* :func:`~analysis.stats.pairwise.difference`: Newcombe's hybrid-score interval for p1 − p2 and the
  pooled two-proportion z test.

>>> from analysis.stats.pairwise import difference
>>> d = difference(56, 70, 48, 80)
>>> print(f"{d.difference:.4f} ({d.ci_lower:.4f} to {d.ci_upper:.4f})")
0.2000 (0.0524 to 0.3339)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

import numpy as np

from analysis.stats.independence import (
    IndependenceTest,
    rao_scott_statistic,
    independence_test,
)
from analysis.stats.pairwise import (
    adjust_pvalues,
    pairwise_tests,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


def compare_groups(frame: "pd.DataFrame", indicator: str, by: str | Sequence[str], *, weight: str | None = None,
                   test: str = "auto", adjust: str = "holm", alpha: float = 0.05, min_n: int = 2,
                   strata: str | None = None, cluster: str | None = None, fpc: str | None = None,
                   lonely_psu: str = "fail", statistic: str = "F", calibration=None, replicates=None
                   ) -> tuple[IndependenceTest, "pd.DataFrame"]:
    """Test of independence across the groups of ``by`` plus the pairwise comparisons.

    Parameters
    ----------
    frame, indicator, by, weight
        As in :func:`~analysis.stats.proportions.proportion_table`.
    test : {"auto", "pearson", "fisher", "rao_scott"}
        See :func:`independence_test`. With a design only ``"auto"`` and
        ``"rao_scott"`` are allowed (the others would ignore it).
    strata, cluster, fpc, lonely_psu
        Design columns and lonely-PSU rule, as in
        :func:`~analysis.stats.proportions.proportion_table`. Given any, the
        Rao–Scott test uses the design's covariance of the cell proportions and
        its degrees of freedom (``svychisq`` on ``svydesign(ids=~cluster,
        strata=~strata, weights=~w, fpc=~fpc, nest=TRUE)``, respondents in the
        base with a known group), and each pair of groups is compared by the
        design-based t test t = (p_i − p_j) / √(v_i + v_j − 2 c_ij) with the
        domains' covariance, on the degrees of freedom of the pair's subset
        less one (PSUs holding members of either group, less their strata,
        less one), as R's ``svyttest(y ~ I(g == j), subset(design, g %in% c(i, j)))``
        computes it.
    calibration : RakeResult, optional
        The raking that made the weights, as in
        :func:`~analysis.stats.proportions.proportion_table`: the covariances
        are those of the raked design (influence values made residual to the
        margins), as ``svychisq`` on ``rake(design, ...)``.
    statistic : {"F", "Chisq"}
        Rao–Scott form: ``"F"`` (second-order, ``svychisq``'s default: X²/tr Δ
        on F(d, dν)) or ``"Chisq"`` (first-order: X² over the mean eigenvalue
        of Δ, on (r − 1)(c − 1) degrees of freedom; the unadjusted X² is in
        ``pearson``).
    replicates : ReplicateDesign, optional
        Replicate weights (:func:`~analysis.stats.replicates.replicate_design`): ``svychisq``
        and the pairwise ``svyttest`` on the ``svrepdesign``
        (:func:`analysis.stats.replicate_tests.compare_replicate_groups`; ``weight`` and the
        design columns are then unused).
    adjust : {"holm", "bonferroni", "bh", "none"}
        Multiple-comparison adjustment for the pairwise tests.
    alpha : float
        Significance level of the letters.
    min_n : int
        Smallest base a group needs to enter the pairwise tests.

    Returns
    -------
    (IndependenceTest, pandas.DataFrame)
        The overall test, and one row per pair: ``group_1``, ``group_2``,
        ``difference`` (group 1 minus group 2), ``se`` (its standard error),
        ``test`` (``"z"``: the pooled z test without a design; ``"t"``: the
        design-based t test), ``statistic``, ``df`` (the t test's degrees of
        freedom; NaN for z), ``p_value``, ``p_adjusted``, ``significant``.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"y": pd.array([True] * 10 + [False] * 30 + [True] * 20 + [False] * 20, dtype="boolean"),
    ...                   "g": pd.Categorical(["a"] * 40 + ["b"] * 40)})
    >>> test, pairs = compare_groups(f, "y", "g")
    >>> print(test.method, f"{test.statistic:.4f}", f"{pairs.p_value[0]:.4f}")
    pearson 5.3333 0.0209
    """
    import pandas as pd

    from analysis.stats.cells import Grid, by_list, cell_sums, indicator_arrays, marginal, weight_array
    from analysis.stats.proportions import proportion_table

    if replicates is not None:
        from analysis.stats.replicate_tests import compare_replicate_groups

        if test not in ("auto", "rao_scott"):
            raise ValueError(f"test={test!r} ignores the replicate design; use 'auto' or 'rao_scott'")
        return compare_replicate_groups(frame, indicator, by, replicates, adjust=adjust, alpha=alpha, min_n=min_n,
                                        statistic=statistic)
    by_vars = by_list(by)
    in_base, yes = indicator_arrays(frame[indicator])
    w = weight_array(frame, weight)
    grid = Grid.of(frame, by_vars)
    s = marginal(cell_sums(grid, in_base, yes, w), tuple(range(len(by_vars))))
    if strata is not None or cluster is not None or fpc is not None or calibration is not None:
        return _compare_design(frame, indicator, by, grid, in_base, yes, w, weight=weight, test=test, adjust=adjust,
                               alpha=alpha, min_n=min_n, statistic=statistic,
                               design_kw=dict(strata=strata, cluster=cluster, fpc=fpc, lonely_psu=lonely_psu),
                               calibration=calibration)
    if w is None:
        result = independence_test(s.n_yes, s.n_no, method=test)
    else:
        result = independence_test(s.n_yes, s.n_no, w_yes=s.w_yes, w_no=s.w_no, w2_yes=s.w2_yes, w2_no=s.w2_no,
                                   n_design=len(frame), method=test, statistic=statistic)
    table = proportion_table(frame, indicator, by=by, weight=weight, small_base=0, suppress_below=0).iloc[1:]
    pairs = pairwise_tests(table, adjust=adjust, min_n=min_n)
    groups = table["group"].to_numpy()
    frame_pairs = pd.DataFrame({"group_1": groups[pairs["i"]], "group_2": groups[pairs["j"]],
                                "difference": pairs["difference"], "se": pairs["se"], "test": "z",
                                "statistic": pairs["z"], "df": np.nan, "p_value": pairs["p_value"],
                                "p_adjusted": pairs["p_adjusted"], "significant": pairs["p_adjusted"] < alpha})
    return result, frame_pairs


def _compare_design(frame, indicator, by, grid, in_base, yes, w, *, weight, test, adjust, alpha, min_n, statistic,
                    design_kw, calibration=None) -> tuple[IndependenceTest, "pd.DataFrame"]:
    """:func:`compare_groups` for a stratified or clustered design or a calibration (see its notes)."""
    import pandas as pd

    from analysis.stats.design import build_design, design_covariance, design_degrees_of_freedom, psu_matrix
    from analysis.stats.cells import domain_codes, grouping_rows

    if test not in ("auto", "rao_scott"):
        raise ValueError(f"test={test!r} ignores the design; use 'auto' or 'rao_scott'")
    design = build_design(frame, **design_kw)
    margins = None
    if calibration is not None:
        from analysis.stats.calibration import Calibrator

        margins = Calibrator(frame, calibration, weight)
        w = margins.w
    w = np.ones(len(frame)) if w is None else w
    G_all = int(np.prod([len(c) for c in grid.categories]))
    g, _ = domain_codes(grid, tuple(range(len(grid.categories))))
    base = in_base & (g >= 0)
    rows = np.flatnonzero(base)
    n_g = np.bincount(g[rows], minlength=G_all)
    keep = n_g > 0
    index = np.cumsum(keep) - 1                      # group code -> index among non-empty groups
    G = int(keep.sum())
    gi = index[g[rows]]
    wb, yb = w[rows], yes[rows].astype(float)
    W_g = np.bincount(gi, weights=wb, minlength=G)
    Y_g = np.bincount(gi, weights=wb * yb, minlength=G)
    if margins is None:
        member = np.zeros(design.n_psus, dtype=bool)
        member[design.psu[rows]] = True
        n_table = len(rows)
    else:
        # a calibrated subset keeps every respondent (R's svychisq counts them all)
        member = np.ones(design.n_psus, dtype=bool)
        n_table = len(frame)
    nu = design_degrees_of_freedom(design, member)

    def covariance(z):
        if margins is not None:
            z = margins.residuals(z)
        return design_covariance(psu_matrix(z, design), design, member)

    wt = np.stack([Y_g, W_g - Y_g], axis=1)
    if G < 2 or (wt.sum(axis=0) <= 0).any():
        note = "fewer than two groups" if G < 2 else "no variation in the indicator"
        result = IndependenceTest("rao_scott", float("nan"), float("nan"), float("nan"), groups=G, note=note)
    else:
        W = W_g.sum()
        m = wt.T.reshape(-1) / W                    # cells: yes for each group, then no (rows vary fastest)
        cell = gi + G * (1 - yb.astype(np.intp))
        z = np.zeros((len(frame), 2 * G))
        z[rows] = -wb[:, None] * m[None, :] / W
        z[rows, cell] += wb / W
        result = rao_scott_statistic(wt, None, n_domain=n_table, n_design=len(frame), groups=G, V=covariance(z), nu=nu,
                            statistic=statistic)
    # design-based pairwise t tests: R's svyttest(y ~ I(group == second), subset(design, pair)), i.e. the
    # difference of the two domain means over its linearisation standard error, on degf(subset) - 1
    # degrees of freedom (svyglm's residual degrees of freedom: PSUs holding members of the pair, less
    # their strata, less one)
    from scipy.special import stdtr

    labels = np.array(grouping_rows(grid, tuple(range(len(grid.categories))))[1], dtype=object)[keep]
    with np.errstate(divide="ignore", invalid="ignore"):
        p = Y_g / W_g
        zg = np.zeros((len(frame), G))
        zg[rows, gi] = wb * (yb - p[gi]) / W_g[gi]
    if margins is not None:
        zg = margins.residuals(zg)
    totals = psu_matrix(zg, design)
    ok = np.flatnonzero(n_g[keep] >= min_n)
    i, j = np.triu_indices(ok.size, k=1)
    i, j = ok[i], ok[j]
    positive = wb > 0
    present = np.zeros((G, design.n_psus), dtype=bool)  # PSUs holding a weighted respondent of each group
    present[gi[positive], design.psu[rows[positive]]] = True
    # an uncalibrated subset drops the other rows, so the "average" rule counts the pair's strata;
    # a calibrated one keeps every row (and any other rule does not count strata)
    per_pair = margins is None and design.lonely_psu == "average" and bool((design.n_psu == 1).any())
    C = None if per_pair else design_covariance(totals, design, member)
    se = np.full(i.size, np.nan)
    df = np.full(i.size, np.nan)
    for k, (a, b) in enumerate(zip(i, j)):
        in_pair = present[a] | present[b]
        c = design_covariance(totals[[a, b]], design, in_pair) if per_pair else C[np.ix_([a, b], [a, b])]
        se[k] = np.sqrt(c[0, 0] + c[1, 1] - 2 * c[0, 1])
        df[k] = design_degrees_of_freedom(design, in_pair) - 1
    diff = p[i] - p[j]
    with np.errstate(divide="ignore", invalid="ignore"):
        ts = diff / se
        pval = np.where((se > 0) & (df > 0), 2 * stdtr(np.maximum(df, 1), -np.abs(ts)), np.nan)
    p_adj = adjust_pvalues(pval, method=adjust)
    pairs = pd.DataFrame({"group_1": labels[i], "group_2": labels[j], "difference": diff, "se": se, "test": "t",
                          "statistic": ts, "df": df, "p_value": pval, "p_adjusted": p_adj,
                          "significant": p_adj < alpha})
    return result, pairs
