"""Group sums to the columns of an estimate frame: counts, bases, proportion, standard error, interval, flag.

:func:`estimate_columns` turns the :class:`~analysis.stats.cells.GroupSums` of each group
(and, under a design, its variance and degrees of freedom) into the numbers of one table;
:func:`assemble` lays them out as a frame with :data:`COLUMNS` first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

import numpy as np

from analysis.stats.intervals import SURVEY_METHODS, binomial_interval, survey_interval
from analysis.stats.weights import domain_variance

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from analysis.stats.cells import GroupSums

#: The columns every estimate frame starts with, in this order (docs/architecture.md).
COLUMNS: tuple[str, ...] = ("indicator", "base", "by", "group", "count", "n", "weighted_count", "weighted_n",
                            "effective_n", "proportion", "se", "ci_lower", "ci_upper", "method", "level", "flag")
FLAG_SMALL = "small base"
FLAG_SUPPRESSED = "suppressed"


def estimate_columns(s: "GroupSums", *, weighted: bool, n_design: int, method: str, level: float,
                     small_base: int, suppress_below: int, design_stats=None,
                     deff_comparison: str = "without_replacement", model_rows=None) -> dict[str, np.ndarray]:
    """Counts, bases, proportion, standard error, interval and flag for each group of ``s``.

    ``design_stats`` = ``(p, var, df)`` from :func:`analysis.stats.design.domain_design_variance`, or
    ``(p, var, df, df_srs)`` (a calibrated subset: ``df_srs`` the whole sample less one)
    replaces the weights-only variance and degrees of freedom for a stratified or clustered design;
    its design effect compares with the simple random sample ``deff_comparison`` names
    (:func:`analysis.stats.design.deff_comparison`). ``model_rows`` = ``(rows, rows with a response)``
    of the design the likelihood interval's model is fitted on (a calibrated subset keeps every row);
    by default each group's own base.
    """
    n = s.n_no + s.n_yes
    count = s.n_yes
    W = s.w_no + s.w_yes
    W2 = s.w2_no + s.w2_yes
    with np.errstate(divide="ignore", invalid="ignore"):
        kish = np.where(W2 > 0, W * W / W2, np.where(n > 0, 0.0, np.nan)) if weighted else n.astype(float)
        deff = np.where(n > 0, n * W2 / (W * W), np.nan) if weighted else np.where(n > 0, 1.0, np.nan)
        design_based = weighted or method in SURVEY_METHODS or design_stats is not None
        df, df_srs = n - 1, None
        if design_stats is not None:
            p, var, df = design_stats[:3]
            # svyciprop(method = "beta") scales by t(nrow(design) - 1) / t(degf(design)); a calibrated
            # subset keeps every row of the sample (R's `[.survey.design2`), so it passes n_srs there
            df_srs = design_stats[3] if len(design_stats) > 3 else n - 1
            se = np.sqrt(var)
        elif design_based:
            p, var = domain_variance(W, s.w_yes, s.w2_yes, s.w2_no, n_design)
            se = np.sqrt(var)
        else:
            p = np.where(n > 0, count / n, np.nan)
            se = np.sqrt(p * (1 - p) / n)
        if method in SURVEY_METHODS:
            rows, answered = model_rows if model_rows is not None else (n, n)
            lower, upper = survey_interval(p, se, df, n_fallback=np.where(kish > 0, kish, n),
                                           method=method, level=level, df_srs=df_srs,
                                           likelihood_sizes=(rows, answered, n))
        elif design_based and method != "wald":
            # binomial interval on the design's effective base p(1-p)/var (Kish's where var = 0)
            n_eff = np.where(var > 0, p * (1 - p) / var, kish)
            lower, upper = binomial_interval(p * n_eff, n_eff, method=method, level=level)
        elif design_based:
            # svyciprop(method = "mean"): t on the design's degrees of freedom
            lower, upper = survey_interval(p, se, df, n_fallback=np.where(kish > 0, kish, n),
                                           method="mean", level=level)
        else:
            lower, upper = binomial_interval(count, n, method=method, level=level)
    if design_stats is not None:
        from analysis.stats.design import srs_design_effect

        # the design's effective base (a simple random sample with the same variance) and
        # the design effect of svymean(deff = TRUE) or svymean(deff = "replace")
        with np.errstate(divide="ignore", invalid="ignore"):
            kish = np.where(var > 0, p * (1 - p) / var, kish)
        deff = srs_design_effect(p, var, n, W, comparison=deff_comparison)
    flag = np.where(n < suppress_below, FLAG_SUPPRESSED, np.where(n < small_base, FLAG_SMALL, ""))
    hide = n < suppress_below
    nan = np.nan
    return {
        "count": count.astype(np.int64), "n": n.astype(np.int64),
        "weighted_count": s.w_yes.astype(float), "weighted_n": W.astype(float), "effective_n": kish,
        "proportion": np.where(hide, nan, p), "se": np.where(hide, nan, se),
        "ci_lower": np.where(hide, nan, lower), "ci_upper": np.where(hide, nan, upper),
        "flag": flag, "deff": deff,
    }


def assemble(cols: dict[str, np.ndarray], *, indicator: str, base: str, by: str, groups: Sequence[str],
             method: str, level: float, group_values: dict[str, Sequence] | None = None) -> "pd.DataFrame":
    """An estimate frame with :data:`COLUMNS` first, then ``deff`` and the grouping columns."""
    import pandas as pd

    k = len(groups)
    data = {"indicator": [indicator] * k, "base": [base] * k, "by": [by] * k, "group": list(groups)}
    for name in COLUMNS[4:14]:
        if name in ("method", "level"):
            continue
        data[name] = cols[name]
    data["method"] = [method] * k
    data["level"] = np.full(k, float(level))
    data["flag"] = cols["flag"]
    data["deff"] = cols["deff"]
    for var, values in (group_values or {}).items():
        data[var] = list(values)
    frame = pd.DataFrame(data)
    return frame[list(COLUMNS) + ["deff"] + list(group_values or {})]
