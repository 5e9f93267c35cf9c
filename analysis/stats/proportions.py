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

from typing import TYPE_CHECKING, Sequence

import numpy as np

from analysis.stats.cells import (
    Grid,
    by_list,
    cell_sums,
    domain_codes,
    grouping_rows,
    indicator_arrays,
    marginal,
    marginal_psu,
    weight_array,
)
from analysis.stats.estimates import assemble, estimate_columns
from analysis.stats.intervals import check_method

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


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
    by_vars = by_list(by)
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
        from analysis.stats.pairwise import column_letters

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
    needed = frame[[c for c in dict.fromkeys([*by_list(by), *([weight] if weight else []),
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
