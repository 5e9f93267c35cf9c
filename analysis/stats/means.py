"""Design-based means of a number over a domain, overall and by group (e.g. options ticked).

:func:`mean_table` gives R ``survey``'s ``svymean`` (and ``svyby(..., svymean)``) of a
numeric column over the respondents where it is not NaN: the weighted mean, its
linearisation standard error under the same designs as the proportions
(:mod:`analysis.stats.design`: weights, strata, clusters, fpc, raking) and a normal
interval, as ``confint(svymean(...))`` gives.

>>> import numpy as np, pandas as pd
>>> f = pd.DataFrame({"k": [1.0, 2.0, 3.0, np.nan], "g": pd.Categorical(["a", "a", "b", "b"])})
>>> t = mean_table(f, "k", by="g")
>>> t[["group", "n", "mean"]].values.tolist()
[['All', 3, 2.0], ['a', 2, 1.5], ['b', 1, 3.0]]
>>> print(f"{t['se'].iloc[0]:.6f}")  # a domain of the 4-respondent design: sqrt(4/3 * sum(((y - 2) / 3)^2))
0.544331
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: Columns of :func:`mean_table`, in order.
MEAN_COLUMNS = ("variable", "base", "by", "group", "n", "weighted_n", "mean", "se", "ci_lower", "ci_upper", "level")


def mean_table(frame: "pd.DataFrame", value: str, *, by: str | Sequence[str] | None = None, weight: str | None = None,
               level: float = 0.95, base: str = "", strata: str | None = None, cluster: str | None = None,
               fpc: str | None = None, lonely_psu: str = "fail", calibration=None, overall: bool = True,
               **_ignored) -> "pd.DataFrame":
    """The mean of ``value`` over its non-NaN rows, overall and by ``by``, with SE and interval.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per respondent (the whole design).
    value : str
        A numeric column; NaN (or NA) is outside the domain.
    by, weight, base, strata, cluster, fpc, lonely_psu, calibration
        As in :func:`analysis.stats.proportions.proportion_table`.
    level : float
        Confidence level of the normal interval ``mean ± z se``.
    overall : bool
        With ``by``, whether the overall row comes first (False: the groups only).

    Returns
    -------
    pandas.DataFrame
        :data:`MEAN_COLUMNS`; the overall row first.

    Notes
    -----
    The mean is the ratio Σ w y / Σ w over the domain; its variance is that of the
    linearised ratio, z_i = w_i (y_i − ȳ) / Σ w, summed to PSUs within strata
    (``svyrecvar``), as for a proportion.

    References
    ----------
    Lumley, T. (2004). Analysis of complex survey samples. *Journal of Statistical Software* 9(8).
    """
    import pandas as pd

    from analysis.stats.design import build_design, domain_design_variance, psu_totals
    from analysis.stats.intervals import normal_quantile
    from analysis.stats.cells import Grid, domain_codes, grouping_rows, weight_array

    by_vars = [] if by is None else ([by] if isinstance(by, str) else list(by))
    y = pd.to_numeric(frame[value], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    in_base = ~np.isnan(y)
    y = np.where(in_base, y, 0.0)
    w = weight_array(frame, weight)
    margins = None
    if calibration is not None:
        from analysis.stats.calibration import Calibrator

        margins = Calibrator(frame, calibration, weight)
        w = margins.w
    has_design = strata is not None or cluster is not None or fpc is not None
    design = build_design(frame, strata=strata, cluster=cluster, fpc=fpc, lonely_psu=lonely_psu) \
        if has_design else None
    z = normal_quantile(level)
    simple = (not has_design and margins is None and len(by_vars) == 1
              and isinstance(frame[by_vars[0]].dtype, pd.CategoricalDtype))
    grid = None if simple else Grid.of(frame, by_vars)
    keeps = ([()] if overall or not by_vars else []) + ([tuple(range(len(by_vars)))] if by_vars else [])
    parts = []
    ww = np.ones(len(frame)) if w is None else w
    for keep in keeps:
        if simple:  # one categorical grouping: its own codes (no grid to build)
            column = frame[by_vars[0]]
            codes = (np.zeros(len(frame), dtype=np.intp) if not keep
                     else column.cat.codes.to_numpy().astype(np.intp))
            k = 1 if not keep else len(column.cat.categories)
        else:
            codes, k = domain_codes(grid, keep)
        if margins is not None:
            from analysis.stats.calibration import calibrated_domain_stats

            mean, var, _ = calibrated_domain_stats(codes, k, in_base, y, ww, margins, design if has_design else None)
        elif not has_design:
            mean, var = _independent(codes, k, in_base, y, ww, len(frame))
        else:
            use = in_base & (codes >= 0)
            totals = psu_totals(np.where(use, codes, 0), k, design, use, y, w)
            mean, var, _ = domain_design_variance(totals, design)
        use = in_base & (codes >= 0)
        n = np.bincount(codes[use], minlength=k)
        wn = np.bincount(codes[use], weights=ww[use], minlength=k)
        if simple:
            by_label, labels = ("overall", ["All"]) if not keep else (
                by_vars[0], [str(c) for c in frame[by_vars[0]].cat.categories])
        else:
            by_label, labels, _ = grouping_rows(grid, keep)
        parts.append(mean_rows(value, base=base, by=by_label, groups=labels, n=n, weighted_n=wn, mean=mean, var=var,
                               level=level, z=z))
    return pd.concat(parts, ignore_index=True)[list(MEAN_COLUMNS)]


def mean_rows(value: str, *, base: str, by: str, groups, n, weighted_n, mean, var, level: float,
              z: float | None = None) -> "pd.DataFrame":
    """Rows of :data:`MEAN_COLUMNS` from each group's base, weighted base, mean and variance.

    The mean is shown where the base has anyone, its standard error and interval where it
    has two or more.
    """
    import pandas as pd

    if z is None:
        from analysis.stats.intervals import normal_quantile

        z = normal_quantile(level)
    se = np.sqrt(var)
    return pd.DataFrame({
        "variable": value, "base": base, "by": by, "group": groups, "n": np.asarray(n).astype(int),
        "weighted_n": weighted_n, "mean": np.where(n > 0, mean, np.nan), "se": np.where(n > 1, se, np.nan),
        "ci_lower": np.where(n > 1, mean - z * se, np.nan), "ci_upper": np.where(n > 1, mean + z * se, np.nan),
        "level": level})[list(MEAN_COLUMNS)]


def independent_moments(W, Y, s2, s2y, s2yy, n: int):
    """Means and variances of domains sampled independently, from their sums.

    ``W`` = Σw, ``Y`` = Σwy, ``s2`` = Σw², ``s2y`` = Σw²y and ``s2yy`` = Σw²y² over each
    domain, ``n`` the rows of the whole design: the mean Y / W and
    n/(n − 1) Σ w²(y − ȳ)² / W² (see :func:`_independent`).
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = Y / W
        var = n / (n - 1.0) * (s2yy - 2 * mean * s2y + mean * mean * s2) / (W * W)
    return mean, np.maximum(var, 0.0)


def _independent(codes, k: int, in_base, y, w, n: int):
    """Means and variances of domains when respondents are sampled independently (``ids = ~1``).

    Each respondent is its own PSU in one stratum, so the design variance of
    :func:`analysis.stats.design.domain_design_variance` reduces to
    n/(n − 1) Σ_domain w²(y − ȳ)² / W² (the influence values sum to zero): three sums
    per domain instead of a PSU-by-domain array.
    """
    use = in_base & (codes >= 0)
    c = np.where(use, codes, 0)
    wu = np.where(use, w, 0.0)  # respondents outside the domain weigh nothing
    wy = wu * y
    w2 = wu * wu
    w2y = w2 * y
    W = np.bincount(c, weights=wu, minlength=k)
    Y = np.bincount(c, weights=wy, minlength=k)
    s2 = np.bincount(c, weights=w2, minlength=k)
    s2y = np.bincount(c, weights=w2y, minlength=k)
    s2yy = np.bincount(c, weights=w2y * y, minlength=k)
    return independent_moments(W, Y, s2, s2y, s2yy, n)
