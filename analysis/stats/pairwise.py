"""Pairs of groups: adjusted p-values, column-proportion letters, and the difference of two proportions.

* :func:`adjust_pvalues`: Holm, Bonferroni, Benjamini–Hochberg.
* :func:`column_letters` and :func:`pairwise_tests`: SPSS Custom Tables-style
  column-proportion letters from pooled z tests between the groups of a breakdown.
* :func:`difference`: Newcombe's hybrid-score interval for p1 − p2 and the pooled
  two-proportion z test (two groups or two waves).

>>> d = difference(56, 70, 48, 80)
>>> print(f"{d.difference:.4f} ({d.ci_lower:.4f} to {d.ci_upper:.4f})")
0.2000 (0.0524 to 0.3339)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

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


# --------------------------------------------------------------------------- letters


def group_letter(i: int) -> str:
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
    keys = [group_letter(i) for i in range(k)]
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
