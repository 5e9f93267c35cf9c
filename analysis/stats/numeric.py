"""Numeric items: means, totals and quantiles with design-based standard errors, as R's ``survey``.

* the mean and the total are those of ``svymean`` and ``svytotal`` (``na.rm = TRUE``), with
  their linearisation standard errors and ``confint()``'s default interval, estimate ± z · se
  (``confint.svystat`` takes ``df = Inf``);
* a quantile is ``svyquantile``'s of survey 4.1: ``qrule = "math"`` (the smallest value whose
  weighted cumulative share reaches p, R's ``qrule_math``) with the Woodruff interval of
  ``interval.type = "mean"``: the share of the domain at or below the quantile, p̂, gets the
  t interval p̂ ± t_{df} · se(p̂) on the design's degrees of freedom, whose ends are turned back
  into values by the same rule; the standard error is the interval's width / (2 t_{df}).

Groups are domains of the whole design, as ``svyby`` makes them. The design is any the
toolkit supports: weights only, strata, clusters and fpc (:mod:`analysis.stats.design`),
raking (:mod:`analysis.stats.calibration`), or replicate weights
(:mod:`analysis.stats.replicates`).

>>> import pandas as pd
>>> f = pd.DataFrame({"years": [1.0, 2.0, 3.0, 4.0, 10.0], "w": [1.0, 1.0, 1.0, 1.0, 1.0]})
>>> t = numeric_table(f, "years", weight="w", quantiles=[0.5], small_base=0, suppress_below=0)
>>> t[["statistic", "p", "estimate"]]
  statistic    p  estimate
0      mean  NaN       4.0
1     total  NaN      20.0
2  quantile  0.5       3.0
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: The columns of :func:`numeric_table`, in order.
NUMERIC_COLUMNS: tuple[str, ...] = ("item", "statistic", "p", "by", "group", "n", "weighted_n", "estimate", "se",
                                    "ci_lower", "ci_upper", "df", "level", "flag")
DEFAULT_QUANTILES: tuple[float, ...] = (0.25, 0.5, 0.75)


def weighted_quantile(x: np.ndarray, w: np.ndarray, p: float) -> float:
    """R's ``qrule_math`` (survey 4.1): the value at which the weighted cumulative share first reaches ``p``.

    Respondents with weight 0 are dropped; the values are sorted and the cumulative
    weights summed (in extended precision, as R's ``cumsum`` does). With ``pos`` the last
    position whose cumulative weight is at most p · Σw (the first when none is), the
    quantile is the value there when the share there equals p exactly, else the next value.

    Examples
    --------
    >>> weighted_quantile(np.array([3.0, 1.0, 2.0, 4.0]), np.ones(4), 0.5)
    2.0
    >>> weighted_quantile(np.array([3.0, 1.0, 2.0, 4.0]), np.ones(4), 0.6)
    3.0
    """
    keep = w != 0
    x, w = x[keep], w[keep]
    if x.size == 0 or not np.isfinite(p):
        return float("nan")
    order = np.argsort(x, kind="stable")
    xs = x[order]
    cum = np.cumsum(w[order].astype(np.longdouble))
    total = cum[-1]
    below = np.flatnonzero(cum.astype(float) <= p * float(total))
    pos = int(below[-1]) if below.size else 0
    nxt = pos if pos == len(xs) - 1 else pos + 1
    wlow = p - float(cum[pos]) / float(total)
    return float(xs[pos] if wlow == 0 else xs[nxt])


def design_variances(z: np.ndarray, *, design=None, margins=None) -> np.ndarray:
    """Design variances of the columns of the influence matrix ``z`` (shape ``(n, K)``, zero outside a domain).

    ``design`` is a :class:`analysis.stats.design.Design` (none: weights only, each respondent
    its own PSU, n/(n − 1) Σ (z − z̄)² over all n rows as ``svyrecvar`` pads a subset);
    ``margins`` a :class:`analysis.stats.calibration.Calibrator` whose residuals replace ``z``.
    """
    if margins is not None:
        z = margins.residuals(z)
    if design is None:
        n = z.shape[0]
        centred = z - z.mean(axis=0)
        return n / (n - 1.0) * (centred * centred).sum(axis=0)
    from analysis.stats.design import design_covariance, psu_matrix

    every = np.ones(design.n_psus, dtype=bool)
    return np.diag(design_covariance(psu_matrix(z, design), design, every)).copy()


def _domains(frame: "pd.DataFrame", by) -> list[tuple[str, str, np.ndarray]]:
    from analysis.stats.cells import ALL, OVERALL, Grid, by_list, domain_codes, grouping_rows

    by_vars = by_list(by)
    out = [(OVERALL, ALL, np.ones(len(frame), dtype=bool))]
    if by_vars:
        grid = Grid.of(frame, by_vars)
        keep = tuple(range(len(by_vars)))
        codes, k = domain_codes(grid, keep)
        label, groups, _ = grouping_rows(grid, keep)
        out += [(label, g, codes == j) for j, g in enumerate(groups)]
    return out


def numeric_table(frame: "pd.DataFrame", item: str, *, by: str | Sequence[str] | None = None,
                  weight: str | None = None, strata: str | None = None, cluster: str | None = None,
                  fpc: str | None = None, lonely_psu: str = "fail", calibration=None, replicates=None,
                  quantiles: Sequence[float] = DEFAULT_QUANTILES, level: float = 0.95,
                  small_base: int = 50, suppress_below: int = 30) -> "pd.DataFrame":
    """Mean, total and quantiles of a numeric item, overall and by group, with SEs and intervals.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per respondent (the whole design).
    item : str
        A numeric column; NA is outside the base.
    by : str or list of two str, optional
        Categorical grouping column(s), as in :func:`analysis.stats.proportions.proportion_table`.
    weight, strata, cluster, fpc, lonely_psu, calibration
        The design, as in :func:`analysis.stats.proportions.proportion_table`.
    replicates : ReplicateDesign, optional
        Replicate weights (:func:`analysis.stats.replicates.replicate_design`):
        variances from the replicates as ``svrepdesign`` computes them.
    quantiles : sequence of float
        Probabilities of the quantiles (default quartiles and median).
    level : float
        Confidence level.
    small_base, suppress_below : int
        Flags as for proportions: under ``suppress_below`` respondents the
        estimates are NA.

    Returns
    -------
    pandas.DataFrame
        :data:`NUMERIC_COLUMNS`; per group the mean, the total, then each quantile
        (``p`` its probability). ``df`` is the domain's design degrees of freedom
        (used by the quantile interval; the mean's and total's intervals are
        normal, as ``confint()`` gives them).

    References
    ----------
    Woodruff, R. S. (1952). Confidence intervals for medians and other position
    measures. *Journal of the American Statistical Association* 47, 635–646.

    Hyndman, R. J. and Fan, Y. (1996). Sample quantiles in statistical packages.
    *The American Statistician* 50, 361–365 (``qrule = "math"`` is their type 1).
    """
    import pandas as pd
    from scipy.special import ndtri, stdtrit

    from analysis.stats.cells import weight_array
    from analysis.stats.estimates import FLAG_SMALL, FLAG_SUPPRESSED

    if not 0 < float(level) < 1:
        raise ValueError(f"level={level!r}: expected a confidence level strictly between 0 and 1, e.g. 0.95")
    if item not in frame.columns:
        raise KeyError(f"numeric item '{item}' is not a column of the frame")
    if not pd.api.types.is_numeric_dtype(frame[item].dtype) or pd.api.types.is_bool_dtype(frame[item].dtype):
        raise TypeError(f"column '{item}': expected a numeric item, found dtype {frame[item].dtype}")
    quantiles = [float(q) for q in quantiles]
    bad = [q for q in quantiles if not 0 <= q <= 1]
    if bad:
        raise ValueError(f"quantiles: expected probabilities between 0 and 1, found {bad[0]!r}")
    x_all = frame[item].to_numpy(dtype=float, na_value=np.nan)
    has = ~np.isnan(x_all)
    x0 = np.where(has, x_all, 0.0)
    margins = design = None
    if replicates is not None:
        w_all = replicates.weights
    else:
        w_all = weight_array(frame, weight)
        if calibration is not None:
            from analysis.stats.calibration import Calibrator

            margins = Calibrator(frame, calibration, weight)
            w_all = margins.w
        if w_all is None:
            w_all = np.ones(len(frame))
        if strata is not None or cluster is not None or fpc is not None:
            from analysis.stats.design import build_design

            design = build_design(frame, strata=strata, cluster=cluster, fpc=fpc, lonely_psu=lonely_psu)
    z_norm = float(ndtri(1 - (1 - level) / 2))
    domains = _domains(frame, by)
    # per domain: estimates and influence columns (mean, total, one share per quantile)
    cols, rows = [], []
    for by_label, group, mask in domains:
        use = has & mask
        positive = use & (w_all > 0)
        n = int(use.sum())
        W = float(w_all[use].sum())
        if positive.any():
            mean = float(np.dot(w_all[use], x_all[use]) / W)
            qs = [weighted_quantile(x_all[use], w_all[use], q) for q in quantiles]
        else:
            mean, qs = float("nan"), [float("nan")] * len(quantiles)
        wu = np.where(use, w_all, 0.0)
        cols.append(wu * (x0 - mean) / W if W > 0 else np.zeros(len(frame)))
        cols.append(wu * x0)
        shares = []
        for q in qs:
            below = (x0 <= q) & use
            share = float(w_all[below].sum() / W) if W > 0 else float("nan")
            shares.append(share)
            cols.append(wu * (below - share) / W if W > 0 else np.zeros(len(frame)))
        if design is not None:
            from analysis.stats.design import design_degrees_of_freedom

            member = np.zeros(design.n_psus, dtype=bool)
            member[design.psu[positive]] = True
            df = float(design_degrees_of_freedom(design, member))
        elif replicates is not None:
            df = float(replicates.domain_degrees_of_freedom(use))
        else:
            df = float(positive.sum() - 1)
        rows.append((by_label, group, n, W, mean, float(np.dot(w_all[use], x_all[use])), qs, shares, df, use))
    z = np.column_stack(cols)
    if replicates is not None:
        var = replicates.variances_of(lambda wr: _replicate_estimates(wr, x_all, has, rows, quantiles))
    else:
        var = design_variances(z, design=design, margins=margins)
    per = 2 + len(quantiles)
    out = []
    for k, (by_label, group, n, W, mean, total, qs, shares, df, use) in enumerate(rows):
        v = var[k * per:(k + 1) * per]
        flag = FLAG_SUPPRESSED if n < suppress_below else (FLAG_SMALL if n < small_base else "")
        hide = n < suppress_below
        for stat, est, se in (("mean", mean, np.sqrt(v[0])), ("total", total, np.sqrt(v[1]))):
            out.append((item, stat, np.nan, by_label, group, n, W, est, se, est - z_norm * se, est + z_norm * se,
                        df, float(level), flag, hide))
        t = float(stdtrit(df, 1 - (1 - level) / 2)) if df > 0 else np.nan
        for j, (q, est, share) in enumerate(zip(quantiles, qs, shares)):
            se_share = np.sqrt(v[2 + j])
            lo_p, hi_p = share - t * se_share, share + t * se_share
            xs, ws = x_all[use], w_all[use]
            lower = weighted_quantile(xs, ws, lo_p) if lo_p >= 0 else np.nan
            upper = weighted_quantile(xs, ws, hi_p) if hi_p <= 1 else np.nan
            se = (upper - lower) / (2 * t) if t > 0 else np.nan
            out.append((item, "quantile", q, by_label, group, n, W, est, se, lower, upper, df, float(level), flag, hide))
    table = pd.DataFrame(out, columns=list(NUMERIC_COLUMNS) + ["hide"])
    for c in ("estimate", "se", "ci_lower", "ci_upper"):
        table.loc[table["hide"], c] = np.nan
    return table.drop(columns="hide")


def _replicate_estimates(wr: np.ndarray, x_all: np.ndarray, has: np.ndarray, rows, quantiles) -> np.ndarray:
    """Per domain, the mean, total and the quantiles' shares recomputed with one set of replicate weights."""
    x0 = np.where(has, x_all, 0.0)
    out = []
    for (_, _, _, _, _, _, qs, _, _, use) in rows:
        wu = np.where(use, wr, 0.0)
        W = wu.sum()
        out.append(np.dot(wu, x0) / W if W > 0 else np.nan)
        out.append(np.dot(wu, x0))
        for q in qs:
            out.append(wu[(x0 <= q) & use].sum() / W if W > 0 else np.nan)
    return np.asarray(out)
