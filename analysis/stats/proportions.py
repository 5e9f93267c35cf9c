"""Proportions with bases, standard errors, intervals and small-base flags, overall and by group.

Every table is built from per-cell sums (counts, weight totals, sums of squared
weights) taken with one ``numpy.bincount`` over the finest grid of the grouping
variables; coarser groupings and the overall row are sums of those cells. No
Python loop runs over groups or respondents.

>>> import pandas as pd
>>> f = pd.DataFrame({
...     "risk_conf": pd.array([True, False, True, None, True, False], dtype="boolean"),
...     "sector": pd.Categorical(["Health", "Health", "Education", "Health", "Education", "Police"],
...                              categories=["Health", "Education", "Police", "Other"]),
... })
>>> t = proportion_table(f, "risk_conf", by="sector", base="all respondents", small_base=3, suppress_below=1)
>>> t[["group", "count", "n", "proportion"]]
       group  count  n  proportion
0        All      3  5         0.6
1     Health      1  2         0.5
2  Education      2  2         1.0
3     Police      0  1         0.0
4      Other      0  0         NaN
>>> t["flag"].tolist()
['', 'small base', 'small base', 'small base', 'suppressed']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

import numpy as np

from analysis.stats.intervals import SURVEY_METHODS, binomial_interval, check_method, survey_interval
from analysis.stats.weights import domain_variance

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: The columns every estimate frame starts with, in this order (docs/architecture.md).
COLUMNS: tuple[str, ...] = ("indicator", "base", "by", "group", "count", "n", "weighted_count", "weighted_n",
                            "effective_n", "proportion", "se", "ci_lower", "ci_upper", "method", "level", "flag")
CROSS = " × "
OVERALL = "overall"
ALL = "All"
FLAG_SMALL = "small base"
FLAG_SUPPRESSED = "suppressed"


# --------------------------------------------------------------------------- inputs


def indicator_arrays(series: "pd.Series") -> tuple[np.ndarray, np.ndarray]:
    """``(in_base, yes)`` boolean arrays from a nullable boolean indicator (NA = outside the base)."""
    import pandas as pd

    if not (pd.api.types.is_bool_dtype(series.dtype)):
        raise TypeError(f"column '{series.name}': expected a boolean indicator (True / False / NA outside the "
                        f"base), found dtype {series.dtype}")
    in_base = series.notna().to_numpy(dtype=bool)
    yes = series.to_numpy(dtype=bool, na_value=False)
    return in_base, yes


def weight_array(frame: "pd.DataFrame", weight: str | None) -> np.ndarray | None:
    """The weights as floats; ``ValueError`` naming the rows (header = row 1) when one is missing, infinite or negative."""
    if weight is None:
        return None
    if weight not in frame.columns:
        raise KeyError(f"weight column '{weight}' is not in the frame")
    w = frame[weight].to_numpy(dtype=float, na_value=np.nan)
    bad = np.flatnonzero(~((w >= 0) & np.isfinite(w)))
    if bad.size:
        # Rows as a spreadsheet shows the frame (header = row 1), as ingest's messages count them.
        rows = ", ".join(str(r + 2) for r in bad[:5]) + (f" and {bad.size - 5} more" if bad.size > 5 else "")
        raise ValueError(f"column '{weight}', row{'s' if bad.size > 1 else ''} {rows}: expected a finite, "
                         "non-negative weight for every respondent")
    return w


@dataclass(frozen=True)
class Grid:
    """Joint codes of several categorical grouping variables (0 = missing in any of them)."""

    variables: tuple[str, ...]
    categories: tuple[tuple[str, ...], ...]
    codes: np.ndarray

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(c) + 1 for c in self.categories)

    @classmethod
    def of(cls, frame: "pd.DataFrame", variables: Sequence[str]) -> "Grid":
        import pandas as pd

        cats, parts = [], []
        for var in variables:
            col = frame[var]
            if not isinstance(col.dtype, pd.CategoricalDtype):
                col = col.astype("category")
            cats.append(tuple(str(c) for c in col.cat.categories))
            parts.append(col.cat.codes.to_numpy().astype(np.intp) + 1)
        joint = np.zeros(len(frame), dtype=np.intp)
        for part, cat in zip(parts, cats):
            joint = joint * (len(cat) + 1) + part
        return cls(tuple(variables), tuple(cats), joint)


@dataclass(frozen=True)
class GroupSums:
    """Per-group sums: unweighted counts, weight totals and squared-weight totals, by no / yes."""

    n_no: np.ndarray
    n_yes: np.ndarray
    w_no: np.ndarray
    w_yes: np.ndarray
    w2_no: np.ndarray
    w2_yes: np.ndarray


def cell_sums(grid: Grid, in_base: np.ndarray, yes: np.ndarray, w: np.ndarray | None,
              w2: np.ndarray | None = None) -> np.ndarray:
    """Sums over the grid's cells: array of shape ``grid.shape + (2, 3)``.

    Axis -2 is no / yes; axis -1 is (count, Σw, Σw²). Unweighted: Σw = Σw² = count.
    """
    idx = grid.codes[in_base] * 2 + yes[in_base]
    size = int(np.prod(grid.shape)) * 2
    n = np.bincount(idx, minlength=size).astype(float)
    if w is None:
        sw = sw2 = n
    else:
        wb = w[in_base]
        sw = np.bincount(idx, weights=wb, minlength=size)
        sw2 = np.bincount(idx, weights=(wb * wb if w2 is None else w2[in_base]), minlength=size)
    return np.stack([n, sw, sw2], axis=-1).reshape(grid.shape + (2, 3))


def marginal(sums: np.ndarray, keep: Sequence[int]) -> GroupSums:
    """Group sums for the grid axes in ``keep`` (product order, missing categories dropped); ``()`` = overall."""
    ndim = sums.ndim - 2
    other = tuple(a for a in range(ndim) if a not in keep)
    m = sums.sum(axis=other) if other else sums
    m = m[tuple(slice(1, None) for _ in keep)]
    m = m.reshape(-1, 2, 3)
    return GroupSums(m[:, 0, 0], m[:, 1, 0], m[:, 0, 1], m[:, 1, 1], m[:, 0, 2], m[:, 1, 2])


def marginal_psu(totals: np.ndarray, keep: Sequence[int]) -> np.ndarray:
    """Per-(group, PSU) totals for the grid axes in ``keep`` (as :func:`marginal`), shape ``(G, P, 3)``."""
    ndim = totals.ndim - 2
    other = tuple(a for a in range(ndim) if a not in keep)
    m = totals.sum(axis=other) if other else totals
    m = m[tuple(slice(1, None) for _ in keep)]
    return m.reshape((-1,) + totals.shape[-2:])


# --------------------------------------------------------------------------- estimates


def estimate_columns(s: GroupSums, *, weighted: bool, n_design: int, method: str, level: float,
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


def grouping_rows(grid: Grid, keep: Sequence[int]) -> tuple[str, list[str], dict[str, list]]:
    """``by`` label, group labels and per-variable values of the groups of grid axes ``keep``."""
    import itertools

    if not keep:
        return OVERALL, [ALL], {}
    names = [grid.variables[a] for a in keep]
    combos = list(itertools.product(*(grid.categories[a] for a in keep)))
    labels = [CROSS.join(c) for c in combos]
    values = {name: [c[i] for c in combos] for i, name in enumerate(names)}
    return CROSS.join(names), labels, values


def domain_codes(grid: Grid, keep: Sequence[int]) -> tuple[np.ndarray, int]:
    """Per respondent, the index of its group among the groups of grid axes ``keep`` (−1: missing)."""
    if not keep:
        return np.zeros(len(grid.codes), dtype=np.intp), 1
    parts, rest = [], grid.codes.copy()
    for cats in reversed(grid.categories):
        rest, part = np.divmod(rest, len(cats) + 1)
        parts.append(part)
    parts = parts[::-1]
    out = np.zeros(len(grid.codes), dtype=np.intp)
    missing = np.zeros(len(grid.codes), dtype=bool)
    total = 1
    for a in keep:
        out = out * len(grid.categories[a]) + (parts[a] - 1)
        missing |= parts[a] == 0
        total *= len(grid.categories[a])
    return np.where(missing, -1, out), total


def _by_list(by) -> list[str]:
    if by is None:
        return []
    if isinstance(by, str):
        return [by]
    by = list(by)
    if not 1 <= len(by) <= 2:
        raise ValueError(f"by={by!r}: expected one grouping variable or a list of two to cross")
    return by


def proportion_table(frame: "pd.DataFrame", indicator: str, *, by: str | Sequence[str] | None = None,
                     weight: str | None = None, method: str = "wilson", level: float = 0.95, base: str = "",
                     small_base: int = 50, suppress_below: int = 30, letters: bool = False,
                     adjust: str = "holm", alpha: float = 0.05, strata: str | None = None,
                     cluster: str | None = None, fpc: str | None = None, lonely_psu: str = "fail",
                     calibration=None, replicates=None) -> "pd.DataFrame":
    """Proportion of an indicator, overall and by group, with bases, SE, interval and flag.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per respondent (the whole design, also those outside the base).
    indicator : str
        A boolean column: True = numerator, False = in the base only, NA = outside the base.
    by : str or list of two str, optional
        Categorical grouping column(s); their category order is the row order and
        empty categories stay as rows. Two names give the cross
        (``by`` = ``"sector × profession"``, ``group`` = ``"Health × Nurse"``).
    weight : str, optional
        Column of survey weights. Standard errors are then the linearisation
        errors of ``svymean`` on ``svydesign(ids=~1, weights=~w)``, groups being
        domains of the whole design.
    method : {"wilson", "clopper_pearson", "jeffreys", "agresti_coull", "wald", "logit", "korn_graubard", \
"likelihood", "asin", "mean", "xlogit"}
        Interval method. With weights, the binomial methods use the effective
        base p(1 − p)/se², and ``"wald"`` is p ± t · se on the design's degrees
        of freedom (``svyciprop(method="mean")``); ``"logit"``,
        ``"korn_graubard"``, ``"likelihood"``, ``"asin"``, ``"mean"`` and
        ``"xlogit"`` are the intervals of ``svyciprop`` with methods
        ``"logit"``, ``"beta"``, ``"likelihood"``, ``"asin"``, ``"mean"`` and
        ``"xlogit"`` (:func:`analysis.stats.intervals.survey_interval`).
    level : float
        Confidence level (default 0.95), strictly between 0 and 1.
    base : str
        Label of the base, e.g. ``"all respondents"``; written in every row.
    small_base, suppress_below : int
        Rows with an unweighted base under ``small_base`` are flagged
        ``"small base"``; under ``suppress_below`` they are flagged
        ``"suppressed"`` and their proportion, SE and interval are NA (the
        counts stay). Set both to 0 to switch flags off.
    letters : bool
        Add SPSS-style column-proportion significance letters (columns
        ``letter`` and ``letters``; see :func:`analysis.stats.significance.column_letters`).
    adjust : {"holm", "bonferroni", "bh", "none"}
        Multiple-comparison adjustment for the letters.
    alpha : float
        Significance level for the letters.
    strata, cluster, fpc : str, optional
        Design columns: stratum, first-stage unit (PSU, nested in strata) and
        finite population correction (population PSUs per stratum, or sampling
        fraction). Given any of them, standard errors are those of ``svymean``
        / ``svyby`` on ``svydesign(ids=~cluster, strata=~strata, weights=~w,
        fpc=~fpc, nest=TRUE)`` and the survey intervals use the design degrees
        of freedom (PSUs minus strata of the domain), as ``svyciprop`` does.
    lonely_psu : {"fail", "certainty", "remove", "adjust", "average"}
        Rule for single-PSU strata (R's ``survey.lonely.psu``); ``"fail"``
        raises :class:`analysis.stats.design.DesignError` naming the stratum.
    calibration : RakeResult, optional
        The raking that made the weights (:func:`analysis.stats.weights.rake`
        on this frame). Its weights are used (a ``weight`` column, if named,
        must hold the same values) and standard errors are those of
        ``svymean`` on ``rake(design, ...)``: influence values are made
        residual to the raking margins before the design variance
        (:mod:`analysis.stats.calibration`). The frame must hold the margin
        columns.
    replicates : ReplicateDesign, optional
        Replicate weights (:func:`analysis.stats.replicates.replicate_design`):
        its full-sample weights are used and standard errors, degrees of
        freedom and intervals are those of ``svymean`` and ``svyciprop`` on
        the ``svrepdesign`` (:mod:`analysis.stats.replicates`).

    Returns
    -------
    pandas.DataFrame
        :data:`COLUMNS` in order, then ``deff`` (Kish's design effect due to
        weighting, 1 unweighted) and one column per grouping variable. The
        overall row comes first.

    Notes
    -----
    ``effective_n`` is Kish's (Σw)²/Σw² within the group; with a design
    (strata, clusters, fpc) or a calibration it is the design's effective
    base p(1 − p)/se², and ``deff`` is the design effect against simple
    random sampling: without replacement from a population of Σw, as
    ``svymean(deff = TRUE)``, when an fpc applies and the weights estimate a
    population total; otherwise with replacement, as ``svymean(deff =
    "replace")`` (:func:`analysis.stats.design.deff_comparison`). An empty group has
    n = 0, NA proportion and the flag ``"suppressed"``; no warning is raised.

    References
    ----------
    Lumley, T. (2004). Analysis of complex survey samples. *Journal of
    Statistical Software* 9(8).

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"x": pd.array([True] * 3 + [False] * 7, dtype="boolean")})
    >>> row = proportion_table(f, "x", small_base=0, suppress_below=0).iloc[0]
    >>> print(f"{row.proportion:.1f} ({row.ci_lower:.4f} to {row.ci_upper:.4f}) n={row.n}")
    0.3 (0.1078 to 0.6032) n=10
    """
    check_method(method, level)
    by_vars = _by_list(by)
    in_base, yes = indicator_arrays(frame[indicator])
    w = weight_array(frame, weight)
    grid = Grid.of(frame, by_vars)
    sums = cell_sums(grid, in_base, yes, w)
    totals = design = margins = None
    if calibration is not None:
        from analysis.stats.calibration import Calibrator

        margins = Calibrator(frame, calibration, weight)
        w = margins.w
        sums = cell_sums(grid, in_base, yes, w)
    if strata is not None or cluster is not None or fpc is not None:
        from analysis.stats.design import build_design, psu_totals

        design = build_design(frame, strata=strata, cluster=cluster, fpc=fpc, lonely_psu=lonely_psu)
        if calibration is None:
            totals = psu_totals(grid.codes, int(np.prod(grid.shape)), design, in_base, yes, w)
            totals = totals.reshape(grid.shape + totals.shape[1:])
    rep_totals = None
    if replicates is not None:
        from analysis.stats.replicates import grid_totals

        w = replicates.weights
        sums = cell_sums(grid, in_base, yes, w)
        rep_totals = grid_totals(replicates, grid, [(in_base, yes)], [sums])[0]
    keeps: list[tuple[int, ...]] = [()]
    if by_vars:
        keeps.append(tuple(range(len(by_vars))))
    opts = dict(weighted=w is not None, n_design=len(frame), method=method, level=level,
                small_base=small_base, suppress_below=suppress_below)
    if design is not None or margins is not None:
        from analysis.stats.design import deff_comparison

        opts["deff_comparison"] = deff_comparison(design, w)
    parts = []
    for keep in keeps:
        stats = None
        if margins is not None:
            from analysis.stats.calibration import calibrated_domain_stats

            codes, k = domain_codes(grid, keep)
            stats = (*calibrated_domain_stats(codes, k, in_base, yes, w, margins, design),
                     np.full(k, len(frame) - 1.0))
            opts["model_rows"] = (float(len(frame)), float(in_base.sum()))
        elif totals is not None:
            from analysis.stats.design import domain_design_variance

            stats = domain_design_variance(marginal_psu(totals, keep), design)
        if rep_totals is not None:
            from analysis.stats.replicates import replicate_columns_of

            cols = replicate_columns_of(rep_totals, keep, marginal(sums, keep), method=method, level=level,
                                        small_base=small_base, suppress_below=suppress_below)
        else:
            cols = estimate_columns(marginal(sums, keep), design_stats=stats, **opts)
        by_label, labels, values = grouping_rows(grid, keep)
        values = {v: values.get(v, [None] * len(labels)) for v in by_vars}
        parts.append(assemble(cols, indicator=indicator, base=base, by=by_label, groups=labels,
                              method=method, level=level, group_values=values))
    import pandas as pd

    table = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    if letters and by_vars:
        from analysis.stats.significance import column_letters

        lettered = column_letters(table.iloc[1:], adjust=adjust, alpha=alpha)
        table["letter"] = [""] + lettered["letter"].tolist()
        table["letters"] = [""] + lettered["letters"].tolist()
    return table


def distribution_table(frame: "pd.DataFrame", item: str, *, by: str | Sequence[str] | None = None,
                       weight: str | None = None, method: str = "wilson", level: float = 0.95, base: str = "",
                       exclude: Sequence[str] = (), small_base: int = 50, suppress_below: int = 30,
                       strata: str | None = None, cluster: str | None = None, fpc: str | None = None,
                       lonely_psu: str = "fail", calibration=None, replicates=None) -> "pd.DataFrame":
    """Share of every category of a categorical item, overall and by group, with intervals.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per respondent.
    item : str
        A categorical column (e.g. a confidence scale); NA is outside the base.
    by, weight, method, level, base, small_base, suppress_below, strata, cluster, fpc, lonely_psu, calibration, \
replicates
        As in :func:`proportion_table`.
    exclude : sequence of str
        Categories left out of the base (e.g. ``["Don't know"]`` for a base of
        those who answered); they get no rows.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`proportion_table` with ``indicator`` = the item's
        name, plus ``category``; rows are category-major in category order,
        each category with its overall row first.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"conf": pd.Categorical(["Very", "Fairly", "Very", "Don't know"],
    ...                                           categories=["Fairly", "Very", "Don't know"])})
    >>> d = distribution_table(f, "conf", exclude=["Don't know"], small_base=0, suppress_below=0)
    >>> d[["category", "count", "n", "proportion"]].round(4)
      category  count  n  proportion
    0   Fairly      1  3      0.3333
    1     Very      2  3      0.6667
    """
    import pandas as pd

    col = frame[item]
    if not isinstance(col.dtype, pd.CategoricalDtype):
        col = col.astype("category")
    categories = [c for c in col.cat.categories if c not in set(exclude)]
    in_base = (col.notna() & ~col.isin(list(exclude))).to_numpy(dtype=bool)
    codes = col.cat.codes.to_numpy()
    all_cats = list(col.cat.categories)
    parts = []
    # Only the columns proportion_table reads (copying the whole frame per category cost more than the sums).
    needed = frame[[c for c in dict.fromkeys([*_by_list(by), *([weight] if weight else []),
                                              *(d for d in (strata, cluster, fpc) if d),
                                              *(getattr(calibration, "margins", None) or ())])
                   if c in frame.columns]]
    for cat in categories:
        yes = pd.array(codes == all_cats.index(cat), dtype="boolean")
        yes[~in_base] = pd.NA
        tmp = needed.assign(**{"__category__": yes})
        t = proportion_table(tmp, "__category__", by=by, weight=weight, method=method, level=level, base=base,
                             small_base=small_base, suppress_below=suppress_below, strata=strata,
                             cluster=cluster, fpc=fpc, lonely_psu=lonely_psu, calibration=calibration,
                             replicates=replicates)
        t["indicator"] = item
        t["category"] = str(cat)
        parts.append(t)
    return pd.concat(parts, ignore_index=True)
