"""Tests that a proportion is the same in every group: Pearson, Fisher's exact and Rao–Scott.

* :func:`independence_test`: chi-square test of independence (Fisher's exact for a 2 × 2
  table with an expected count under 5; the Rao–Scott F when weighted).
* :func:`rao_scott_statistic`: the Rao–Scott tests of a weighted table, as R's ``svychisq``, with
  the covariance of the cell proportions from the weights or given (a design, replicates).

>>> r = independence_test([10, 20], [30, 20])
>>> print(r.method, f"{r.statistic:.4f}", int(r.df))
pearson 5.3333 1
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


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
        The raking that made the weights (see :func:`~analysis.stats.significance.compare_groups`).
    statistic : {"F", "Chisq"}
        Form of the Rao–Scott test (see :func:`~analysis.stats.significance.compare_groups`).

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
    return rao_scott_statistic(wt, w2, n_domain=int(table.sum()), n_design=n_design or int(table.sum()), groups=groups,
                      statistic=statistic)


RAO_SCOTT_STATISTICS = ("F", "Chisq")


def rao_scott_statistic(wt: np.ndarray, w2: np.ndarray | None, *, n_domain: int, n_design: int, groups: int,
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
