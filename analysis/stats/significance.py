"""Tests of difference: across the groups of a breakdown, between pairs of groups, between two waves.

* :func:`independence_test`: chi-square test of independence (Fisher's exact for
  a 2 × 2 table with an expected count under 5; Rao–Scott F when weighted).
* :func:`column_letters`: SPSS Custom Tables-style column-proportion letters.
* :func:`adjust_pvalues`: Holm, Bonferroni, Benjamini–Hochberg.
* :func:`difference`: Newcombe's hybrid-score interval for p1 − p2 and the
  pooled two-proportion z test.
* :func:`compare_groups`: all of the above for one indicator and one breakdown.

>>> d = difference(56, 70, 48, 80)
>>> print(f"{d.difference:.4f} ({d.ci_lower:.4f} to {d.ci_upper:.4f})")
0.2000 (0.0524 to 0.3339)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Sequence

import numpy as np

from analysis.stats.intervals import binomial_interval

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

ADJUSTMENTS = ("holm", "bonferroni", "bh", "none")


def adjust_pvalues(pvalues, *, method: str = "holm") -> np.ndarray:
    """Adjust p-values for multiple comparisons.

    Parameters
    ----------
    pvalues : array_like
        Raw p-values; NaN entries are ignored and stay NaN.
    method : {"holm", "bonferroni", "bh", "none"}
        ``"holm"`` (Holm's step-down, the default), ``"bonferroni"``, ``"bh"``
        (Benjamini–Hochberg false discovery rate), ``"none"``.

    Returns
    -------
    numpy.ndarray
        Adjusted p-values, capped at 1.

    References
    ----------
    Holm, S. (1979). A simple sequentially rejective multiple test procedure.
    *Scandinavian Journal of Statistics* 6, 65–70.

    Benjamini, Y. and Hochberg, Y. (1995). Controlling the false discovery
    rate. *Journal of the Royal Statistical Society B* 57, 289–300.

    Examples
    --------
    >>> adjust_pvalues([0.01, 0.04, 0.03], method="holm").round(2).tolist()
    [0.03, 0.06, 0.06]
    """
    if method not in ADJUSTMENTS:
        raise ValueError(f"method={method!r}: expected one of {', '.join(ADJUSTMENTS)}")
    p = np.asarray(pvalues, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    q = p[ok]
    m = q.size
    if m == 0 or method == "none":
        out[ok] = q
        return out
    order = np.argsort(q, kind="stable")
    sorted_p = q[order]
    if method == "bonferroni":
        adj = np.minimum(q * m, 1.0)
    else:
        if method == "holm":
            steps = np.maximum.accumulate(sorted_p * (m - np.arange(m)))
        else:  # bh
            steps = np.minimum.accumulate((sorted_p * m / np.arange(1, m + 1))[::-1])[::-1]
        adj = np.empty(m)
        adj[order] = np.minimum(steps, 1.0)
    out[ok] = adj
    return out


# --------------------------------------------------------------------------- across groups


@dataclass(frozen=True)
class IndependenceTest:
    """Result of a test of independence between an indicator and a grouping."""

    method: str
    statistic: float
    df: float
    p_value: float
    ddf: float = float("nan")
    groups: int = 0
    note: str = ""
    pearson: float = float("nan")

    def to_frame(self) -> "pd.DataFrame":
        """One row: method, statistic, df, ddf, p_value, groups, note."""
        import pandas as pd

        return pd.DataFrame({"method": [self.method], "statistic": [self.statistic], "df": [self.df],
                             "ddf": [self.ddf], "p_value": [self.p_value], "groups": [self.groups],
                             "note": [self.note]})


def independence_test(n_yes, n_no, *, w_yes=None, w_no=None, w2_yes=None, w2_no=None,
                      n_design: int | None = None, method: str = "auto", statistic: str = "F") -> IndependenceTest:
    """Chi-square test that a proportion is the same in every group.

    Parameters
    ----------
    n_yes, n_no : array_like
        Unweighted counts of yes and no answers per group (empty groups are dropped).
    w_yes, w_no, w2_yes, w2_no : array_like, optional
        Per group, totals of the weights and of the squared weights for yes and
        no answers; give all four for the Rao–Scott test.
    n_design : int, optional
        Rows in the whole design (needed when weighted).
    method : {"auto", "pearson", "fisher", "rao_scott"}
        ``"auto"``: Rao–Scott when weighted; else Fisher's exact test for a
        2 × 2 table with an expected count under 5, else Pearson's chi-square.
    calibration : RakeResult, optional
        The raking that made the weights, as in
        :func:`~analysis.stats.proportions.proportion_table`: the covariances
        are those of the raked design (influence values made residual to the
        margins), as ``svychisq`` on ``rake(design, ...)``.
    statistic : {"F", "Chisq"}
        Form of the Rao–Scott test (see :func:`compare_groups`).

    Returns
    -------
    IndependenceTest
        NaN statistic with a note when the test is undefined (fewer than two
        groups, or no variation in the indicator).

    Notes
    -----
    The Rao–Scott statistic is that of R's ``svychisq(~group + y, design)``
    with its default ``statistic = "F"``: Pearson's X² on the weighted table
    scaled to the domain's n, divided by the trace of the generalised design
    effect matrix Δ, referred to F(d, d·ν) with d = tr(Δ)²/tr(Δ²) and
    ν = n_domain − 1.

    References
    ----------
    Rao, J. N. K. and Scott, A. J. (1984). On chi-squared tests for multiway
    contingency tables with cell proportions estimated from survey data.
    *Annals of Statistics* 12, 46–60.

    Examples
    --------
    >>> r = independence_test([10, 20], [30, 20])
    >>> print(r.method, f"{r.statistic:.4f}", int(r.df))
    pearson 5.3333 1
    """
    n_yes = np.asarray(n_yes, dtype=float)
    n_no = np.asarray(n_no, dtype=float)
    keep = (n_yes + n_no) > 0
    groups = int(keep.sum())
    weighted = w_yes is not None
    if method not in ("auto", "pearson", "fisher", "rao_scott"):
        raise ValueError(f"method={method!r}: expected one of auto, pearson, fisher, rao_scott")
    if method == "auto":
        method = "rao_scott" if weighted else "pearson"
    if method == "rao_scott" and not weighted:
        raise ValueError("method='rao_scott' needs the weight totals w_yes, w_no, w2_yes, w2_no")
    table = np.stack([n_yes[keep], n_no[keep]], axis=1)
    if groups < 2 or (table.sum(axis=0) == 0).any():
        note = "fewer than two groups" if groups < 2 else "no variation in the indicator"
        return IndependenceTest(method, float("nan"), float("nan"), float("nan"), groups=groups, note=note)
    if method == "pearson" and groups == 2:
        expected = table.sum(axis=1, keepdims=True) * table.sum(axis=0, keepdims=True) / table.sum()
        if (expected < 5).any():
            method = "fisher"
    if method == "fisher":
        if groups != 2:
            raise ValueError("method='fisher' needs exactly two non-empty groups")
        from scipy import stats  # only here: importing scipy.stats costs more than a whole table set

        res = stats.fisher_exact(table.astype(np.int64))
        return IndependenceTest("fisher", float(res.statistic), 1.0, float(res.pvalue), groups=groups,
                                note="expected count under 5")
    if method == "pearson":
        # scipy.stats.chi2_contingency(table, correction=False), without importing scipy.stats
        from scipy.special import chdtrc

        expected = table.sum(axis=1, keepdims=True) * table.sum(axis=0, keepdims=True) / table.sum()
        statistic = float(((table - expected) ** 2 / expected).sum())
        dof = (table.shape[0] - 1) * (table.shape[1] - 1)
        return IndependenceTest("pearson", statistic, float(dof), float(chdtrc(dof, statistic)), groups=groups)
    wt = np.stack([np.asarray(w_yes, float)[keep], np.asarray(w_no, float)[keep]], axis=1)
    w2 = np.stack([np.asarray(w2_yes, float)[keep], np.asarray(w2_no, float)[keep]], axis=1)
    return _rao_scott(wt, w2, n_domain=int(table.sum()), n_design=n_design or int(table.sum()), groups=groups,
                      statistic=statistic)


RAO_SCOTT_STATISTICS = ("F", "Chisq")


def _rao_scott(wt: np.ndarray, w2: np.ndarray | None, *, n_domain: int, n_design: int, groups: int,
               V: np.ndarray | None = None, nu: float | None = None, statistic: str = "F") -> IndependenceTest:
    """Rao–Scott test for an r × c weighted table, as ``svychisq(statistic = "F" or "Chisq")``.

    ``V`` is the covariance of the cell proportions (cells in R's order, rows
    varying fastest); without it the weights-only linearisation from ``w2`` is
    used. ``nu`` is the design's degrees of freedom (default n_domain − 1).
    """
    from scipy.special import chdtrc, fdtrc  # scipy.stats.chi2.sf, scipy.stats.f.sf

    if statistic not in RAO_SCOTT_STATISTICS:
        raise ValueError(f"statistic={statistic!r}: expected one of {', '.join(RAO_SCOTT_STATISTICS)}")
    nr, nc = wt.shape
    W = wt.sum()
    # cells in R's interaction(rows, cols) order: rows vary fastest
    m = wt.T.reshape(-1) / W
    if V is None:
        s = w2.T.reshape(-1)
        factor = n_design / (n_design - 1)
        V = factor * (np.diag(s) - np.outer(s, m) - np.outer(m, s) + s.sum() * np.outer(m, m)) / (W * W)
    rows = np.tile(np.arange(nr), nc)
    cols = np.repeat(np.arange(nc), nr)
    X1 = np.column_stack([np.ones(nr * nc)] + [(rows == i).astype(float) for i in range(1, nr)]
                         + [(cols == j).astype(float) for j in range(1, nc)])
    inter = np.column_stack([((rows == i) & (cols == j)).astype(float) for j in range(1, nc) for i in range(1, nr)])
    coef, *_ = np.linalg.lstsq(X1, inter, rcond=None)
    C = inter - X1 @ coef
    with np.errstate(divide="ignore"):
        idm = np.where(m == 0, 0.0, 1 / m)
    N = n_domain
    denom = C.T @ (idm[:, None] * C) / N
    numr = C.T @ (idm[:, None] * V * idm[None, :]) @ C
    delta = np.linalg.solve(denom, numr)
    tr = np.trace(delta)
    d0 = tr * tr / np.trace(delta @ delta)
    scaled = wt * N / W
    expected = scaled.sum(axis=1, keepdims=True) * scaled.sum(axis=0, keepdims=True) / N
    x2 = float(((scaled - expected) ** 2 / expected).sum())
    nu = n_domain - 1 if nu is None else nu
    if statistic == "Chisq":
        # first-order correction: X² over the mean eigenvalue, on (r − 1)(c − 1) degrees of freedom
        k = delta.shape[1]
        adj = x2 / (tr / k)
        return IndependenceTest("rao_scott", float(adj), float(k), float(chdtrc(k, adj)), groups=groups,
                                note="first-order Rao-Scott chi-square", pearson=x2)
    f = x2 / tr
    return IndependenceTest("rao_scott", float(f), float(d0), float(fdtrc(d0, d0 * nu, f)), ddf=float(d0 * nu),
                            groups=groups, pearson=x2)


def _letter(i: int) -> str:
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out


def column_letters(table: "pd.DataFrame", *, adjust: str = "holm", alpha: float = 0.05,
                   min_n: int = 2) -> "pd.DataFrame":
    """SPSS Custom Tables-style column-proportion letters for the groups of one breakdown.

    Parameters
    ----------
    table : pandas.DataFrame
        Group rows of :func:`~analysis.stats.proportions.proportion_table` (no
        overall row), in display order.
    adjust : {"holm", "bonferroni", "bh", "none"}
        Adjustment over the pairs tested in this breakdown.
    alpha : float
        Significance level after adjustment (SPSS: 0.05, upper-case letters).
    min_n : int
        Groups with a smaller base, or with a suppressed estimate, are not tested.

    Returns
    -------
    pandas.DataFrame
        Index of ``table``; ``letter`` (the group's own key, A, B, C ... in
        display order, empty groups included so keys stay stable) and
        ``letters`` (keys of the groups this one is significantly higher
        than), plus the pairwise results in ``table.attrs``-free form via
        :func:`pairwise_tests`.

    Notes
    -----
    Each pair is compared with the pooled two-proportion z test SPSS uses,
    z = (p_i − p_j) / √(p̄(1 − p̄)(1/n_i + 1/n_j)), with n the effective base
    (Kish's, equal to n when unweighted) and p̄ pooled over the two groups.
    The letter of the lower group goes into the higher group's cell.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"proportion": [0.2, 0.5, 0.25], "effective_n": [100.0, 100.0, 100.0],
    ...                   "n": [100, 100, 100], "flag": ["", "", ""]})
    >>> column_letters(t)["letters"].tolist()
    ['', 'AC', '']
    """
    import pandas as pd

    pairs = pairwise_tests(table, adjust=adjust, min_n=min_n)
    k = len(table)
    keys = [_letter(i) for i in range(k)]
    won: list[list[int]] = [[] for _ in range(k)]
    for i, j, diff, p_adj in zip(pairs["i"], pairs["j"], pairs["difference"], pairs["p_adjusted"]):
        if p_adj < alpha:
            winner, loser = (i, j) if diff > 0 else (j, i)
            won[winner].append(loser)
    return pd.DataFrame({"letter": keys, "letters": ["".join(keys[x] for x in sorted(w)) for w in won]},
                        index=table.index)


def pairwise_tests(table: "pd.DataFrame", *, adjust: str = "holm", min_n: int = 2) -> dict[str, np.ndarray]:
    """Pooled z tests between every pair of testable groups of a breakdown (see :func:`column_letters`)."""
    from scipy.special import ndtr

    p = table["proportion"].to_numpy(dtype=float)
    ne = table["effective_n"].to_numpy(dtype=float)
    n = table["n"].to_numpy(dtype=float)
    ok = (n >= min_n) & ~np.isnan(p) & (ne > 0)
    idx = np.flatnonzero(ok)
    i, j = np.triu_indices(idx.size, k=1)
    i, j = idx[i], idx[j]
    with np.errstate(divide="ignore", invalid="ignore"):
        pooled = (p[i] * ne[i] + p[j] * ne[j]) / (ne[i] + ne[j])
        se = np.sqrt(pooled * (1 - pooled) * (1 / ne[i] + 1 / ne[j]))
        z = (p[i] - p[j]) / se
        pval = np.where(se > 0, 2 * ndtr(-np.abs(z)), np.nan)
    return {"i": i, "j": j, "difference": p[i] - p[j], "se": se, "z": z, "p_value": pval,
            "p_adjusted": adjust_pvalues(pval, method=adjust)}


# --------------------------------------------------------------------------- two proportions


@dataclass(frozen=True)
class Difference:
    """p1 − p2 with Newcombe's hybrid-score interval and the pooled z test."""

    p1: float
    p2: float
    difference: float
    ci_lower: float
    ci_upper: float
    z: float
    p_value: float
    level: float
    method: str = "newcombe"
    labels: tuple[str, str] = ("1", "2")
    bases: tuple[float, float] = field(default=(float("nan"), float("nan")))

    def to_frame(self) -> "pd.DataFrame":
        """One row with the two groups, both proportions, the difference, its interval and test."""
        import pandas as pd

        return pd.DataFrame({"group_1": [self.labels[0]], "group_2": [self.labels[1]], "n_1": [self.bases[0]],
                             "n_2": [self.bases[1]], "p_1": [self.p1], "p_2": [self.p2],
                             "difference": [self.difference], "ci_lower": [self.ci_lower],
                             "ci_upper": [self.ci_upper], "z": [self.z], "p_value": [self.p_value],
                             "method": [self.method], "level": [self.level]})


def difference(x1: float, n1: float, x2: float, n2: float, *, level: float = 0.95, method: str = "newcombe",
               labels: tuple[str, str] = ("1", "2")) -> Difference:
    """Difference between two independent proportions, x1/n1 − x2/n2.

    Parameters
    ----------
    x1, n1, x2, n2 : float
        Counts and bases of the two groups or waves. For weighted estimates pass
        effective counts (p × effective n) and effective bases.
    level : float
        Confidence level of the interval.
    method : {"newcombe"}
        Newcombe's method 10: hybrid score interval from the two Wilson intervals.
    labels : (str, str)
        Names of the two groups, carried into :meth:`Difference.to_frame`.

    Returns
    -------
    Difference
        The difference, its interval, and the pooled two-proportion z test
        (z and two-sided p-value; NaN when both proportions are 0 or both 1).

    Notes
    -----
    With (l_i, u_i) the Wilson limits of p_i, the interval is
    p1 − p2 − √((p1 − l1)² + (u2 − p2)²) to p1 − p2 + √((u1 − p1)² + (p2 − l2)²).
    It is defined for zero cells and never leaves [−1, 1].

    References
    ----------
    Newcombe, R. G. (1998). Interval estimation for the difference between
    independent proportions: comparison of eleven methods. *Statistics in
    Medicine* 17, 873–890.

    Examples
    --------
    >>> d = difference(9, 10, 3, 10)
    >>> print(f"{d.ci_lower:.4f} to {d.ci_upper:.4f}")
    0.1705 to 0.8090
    """
    from scipy.special import ndtr

    if method != "newcombe":
        raise ValueError(f"method={method!r}: expected 'newcombe'")
    if not 0 < level < 1:
        raise ValueError(f"level={level!r}: expected a confidence level strictly between 0 and 1")
    if not (n1 > 0 and n2 > 0):
        raise ValueError(f"difference: expected two non-empty bases, found n1={n1}, n2={n2}")
    p1, p2 = x1 / n1, x2 / n2
    l1, u1 = (float(v) for v in binomial_interval(x1, n1, method="wilson", level=level))
    l2, u2 = (float(v) for v in binomial_interval(x2, n2, method="wilson", level=level))
    d = p1 - p2
    lower = d - np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    upper = d + np.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    pooled = (x1 + x2) / (n1 + n2)
    se = np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    z = d / se if se > 0 else float("nan")
    pval = float(2 * ndtr(-abs(z))) if se > 0 else float("nan")
    return Difference(p1, p2, d, float(lower), float(upper), float(z), pval, level, labels=labels,
                      bases=(float(n1), float(n2)))


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

    from analysis.stats.proportions import Grid, _by_list, cell_sums, indicator_arrays, marginal, proportion_table, weight_array

    if replicates is not None:
        from analysis.stats.replicate_tests import compare_replicate_groups

        if test not in ("auto", "rao_scott"):
            raise ValueError(f"test={test!r} ignores the replicate design; use 'auto' or 'rao_scott'")
        return compare_replicate_groups(frame, indicator, by, replicates, adjust=adjust, alpha=alpha, min_n=min_n,
                                        statistic=statistic)
    by_vars = _by_list(by)
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
    from analysis.stats.proportions import domain_codes, grouping_rows

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
        result = _rao_scott(wt, None, n_domain=n_table, n_design=len(frame), groups=G, V=covariance(z), nu=nu,
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
