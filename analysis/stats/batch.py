"""Many indicators by many groupings at once: the engine behind a wave's table set.

:func:`estimate_set` takes the cell sums of each indicator once, over the joint
grid of every grouping variable, and derives the overall row, each breakdown
and each cross from them, with the tests of independence and the
column-proportion letters. The result is the same as calling
:func:`~analysis.stats.proportions.proportion_table` and
:func:`~analysis.stats.significance.compare_groups` for each combination.

>>> import pandas as pd
>>> f = pd.DataFrame({"y": pd.array([True, False] * 30, dtype="boolean"),
...                   "g": pd.Categorical(["a", "b", "c"] * 20)})
>>> out = estimate_set(f, {"y": "all respondents"}, groupings=[("g",)], small_base=0, suppress_below=0)
>>> out.estimates[["by", "group", "n", "proportion"]]
        by group   n  proportion
0  overall   All  60         0.5
1        g     a  20         0.5
2        g     b  20         0.5
3        g     c  20         0.5
>>> out.tests[["by", "method", "p_value"]]
  by   method  p_value
0  g  pearson      1.0
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Mapping, Sequence

import numpy as np

from analysis.stats.cells import Grid, cell_sums, grouping_rows, indicator_arrays, marginal, weight_array
from analysis.stats.estimates import assemble, estimate_columns
from analysis.stats.group_tests import design_test_row, independence_row, small_groups, untested_row
from analysis.stats.intervals import check_method
from analysis.stats.pairwise import column_letters, pairwise_tests
from analysis.stats.results import PAIR_COLUMNS, TEST_COLUMNS, EstimateSet

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: Largest joint grid taken in one pass; bigger sets of variables are summed grouping by grouping.
MAX_JOINT_CELLS = 200_000


def estimate_set(frame: "pd.DataFrame", indicators: Mapping[str, str], *, groupings: Sequence[Sequence[str]] = (),
                 weight: str | None = None, method: str = "wilson", level: float = 0.95, small_base: int = 50,
                 suppress_below: int = 30, adjust: str = "holm", alpha: float = 0.05,
                 tests: bool = True, strata: str | None = None, cluster: str | None = None, fpc: str | None = None,
                 lonely_psu: str = "fail", calibration=None, replicates=None,
                 sums: Mapping[str, np.ndarray] | None = None, grid: Grid | None = None) -> EstimateSet:
    """Proportion tables of several indicators, overall and by several groupings, with tests.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per respondent.
    indicators : mapping
        Indicator column -> base label (e.g. ``{"risk_conf": "all respondents"}``).
    groupings : sequence of sequences of str
        Each a tuple of one categorical variable (a breakdown) or two (a cross).
    weight, method, level, small_base, suppress_below, adjust, alpha
        As in :func:`~analysis.stats.proportions.proportion_table`.
    tests : bool
        Compute the test of independence for every grouping and the
        column-proportion letters and pairwise tests for every breakdown.
    strata, cluster, fpc, lonely_psu, calibration
        The design and the raking, as in
        :func:`~analysis.stats.proportions.proportion_table`. Given any, every
        table is that of ``proportion_table`` with them, the tests are the
        design's Rao–Scott tests and the letters come from the design-based
        pairwise tests of :func:`~analysis.stats.significance.compare_groups`.
    replicates : ReplicateDesign, optional
        Replicate weights: the estimates of
        :func:`analysis.stats.replicates.replicate_set`, with the tests of
        :mod:`analysis.stats.replicate_tests`.
    sums, grid : optional
        Without a design: each indicator's sums over ``grid``, the joint grid of the
        groupings' variables in order of first appearance (as
        :func:`~analysis.stats.proportions.cell_sums` gives them), when the caller has
        them already (e.g. :mod:`analysis.stats.tick_patterns`); the indicators' columns are then not read.

    Returns
    -------
    EstimateSet
        ``estimates``: every row of every table (overall row first per
        indicator), with ``letter`` and ``letters`` and one column per grouping
        variable; ``tests``: one row per indicator × grouping (columns
        indicator, base, by, method, statistic, df, ddf, p_value, groups, note);
        ``pairwise``: one row per pair of groups of each breakdown.
    """
    import pandas as pd

    check_method(method, level)
    if replicates is not None:
        from analysis.stats.replicate_set import replicate_set

        return replicate_set(frame, indicators, groupings=groupings, design=replicates, method=method, level=level,
                             small_base=small_base, suppress_below=suppress_below, tests=tests, adjust=adjust,
                             alpha=alpha)
    if strata is not None or cluster is not None or fpc is not None or calibration is not None:
        return _design_set(frame, indicators, groupings=groupings, weight=weight, method=method, level=level,
                           small_base=small_base, suppress_below=suppress_below, adjust=adjust, alpha=alpha,
                           tests=tests, design=dict(strata=strata, cluster=cluster, fpc=fpc, lonely_psu=lonely_psu,
                                                    calibration=calibration))
    groupings = [tuple(g) for g in groupings]
    variables = list(dict.fromkeys(v for g in groupings for v in g))
    w = weight_array(frame, weight)
    w2 = None if w is None or sums is not None else w * w
    joint = Grid.of(frame, variables) if grid is None else grid
    if grid is not None and grid.variables != tuple(variables):
        raise ValueError(f"grid of {grid.variables}: expected the groupings' variables {tuple(variables)}")
    one_pass = sums is not None or int(np.prod(joint.shape)) <= MAX_JOINT_CELLS
    grids = {g: Grid.of(frame, g) for g in groupings} if not one_pass else {}
    opts = dict(weighted=w is not None, n_design=len(frame), method=method, level=level,
                small_base=small_base, suppress_below=suppress_below)
    est_parts, test_rows, pair_parts = [], [], []
    for indicator, base in indicators.items():
        if sums is None:
            in_base, yes = indicator_arrays(frame[indicator])
            cells = cell_sums(joint if one_pass else Grid.of(frame, []), in_base, yes, w, w2)
        else:
            cells = sums[indicator]
        overall_keep: tuple[int, ...] = ()
        est_parts.append(_table(marginal(cells, overall_keep), joint, overall_keep, indicator, base, opts, variables))
        for g in groupings:
            if one_pass:
                g_grid, keep = joint, tuple(variables.index(v) for v in g)
                s = marginal(cells, keep)
            else:
                g_grid, keep = grids[g], tuple(range(len(g)))
                s = marginal(cell_sums(g_grid, in_base, yes, w, w2), keep)
            table = _table(s, g_grid, keep, indicator, base, opts, variables)
            if tests:
                if len(g) == 1:
                    lettered = column_letters(table, adjust=adjust, alpha=alpha)
                    table["letter"], table["letters"] = lettered["letter"], lettered["letters"]
                    pairs = pairwise_tests(table, adjust=adjust)
                    groups = table["group"].to_numpy()
                    pair_parts.append(pd.DataFrame({
                        "indicator": indicator, "base": base, "by": table["by"].iloc[0],
                        "group_1": groups[pairs["i"]], "group_2": groups[pairs["j"]],
                        "difference": pairs["difference"], "se": pairs["se"], "test": "z",
                        "statistic": pairs["z"], "df": np.nan, "p_value": pairs["p_value"],
                        "p_adjusted": pairs["p_adjusted"], "significant": pairs["p_adjusted"] < alpha,
                        "adjust": adjust}))
                weights = {} if w is None else dict(w_yes=s.w_yes, w_no=s.w_no, w2_yes=s.w2_yes, w2_no=s.w2_no,
                                                    n_design=len(frame))
                test_rows.append({"indicator": indicator, "base": base, "by": table["by"].iloc[0],
                                  **independence_row(s.n_yes, s.n_no, list(table["group"]), min_n=suppress_below,
                                                       **weights)})
            est_parts.append(table)
    estimates = pd.concat(est_parts, ignore_index=True)
    estimates["letter"] = estimates["letter"].fillna("")
    estimates["letters"] = estimates["letters"].fillna("")
    order = [c for c in estimates.columns if c not in ("letter", "letters") + tuple(variables)]
    estimates = estimates[order + ["letter", "letters"] + variables]
    test_cols = TEST_COLUMNS
    pair_cols = PAIR_COLUMNS
    return EstimateSet(estimates, pd.DataFrame(test_rows, columns=test_cols),
                       pd.concat(pair_parts, ignore_index=True) if pair_parts else pd.DataFrame(columns=pair_cols))


def _table(s, grid: Grid, keep: tuple[int, ...], indicator: str, base: str, opts: dict,
           variables: list[str]) -> "pd.DataFrame":
    cols = estimate_columns(s, **opts)
    by_label, labels, values = grouping_rows(grid, keep)
    values = {v: values.get(v, [None] * len(labels)) for v in variables}
    table = assemble(cols, indicator=indicator, base=base, by=by_label, groups=labels, method=opts["method"],
                     level=opts["level"], group_values=values)
    table["letter"] = ""
    table["letters"] = ""
    return table


def _without_small_groups(frame, grouping, table, min_n):
    """``frame`` with the groups of a one-variable ``grouping`` whose base is 1 to ``min_n`` − 1 people
    made unknown, so that a design-based test leaves them out of its domain (R's ``svychisq`` on
    ``subset(design, !group %in% small)``: the design keeps every respondent), and the note naming them.
    """
    if len(grouping) != 1 or not min_n:
        return frame, ""
    small, left = small_groups(table["n"].to_numpy(), list(table["group"]), min_n)
    if not small.any():
        return frame, ""
    labels = list(table.loc[small, "group"])
    column = frame[grouping[0]]
    return frame.assign(**{grouping[0]: column.where(~column.astype("string").isin(labels))}), left


def _design_set(frame, indicators, *, groupings, weight, method, level, small_base, suppress_below, adjust, alpha,
                tests, design) -> EstimateSet:
    """:func:`estimate_set` for a stratified or clustered design or a raking: table by table."""
    import pandas as pd

    from analysis.stats.proportions import proportion_table
    from analysis.stats.pairwise import group_letter
    from analysis.stats.significance import compare_groups

    groupings = [tuple(g) for g in groupings]
    variables = list(dict.fromkeys(v for g in groupings for v in g))
    opts = dict(weight=weight, method=method, level=level, small_base=small_base, suppress_below=suppress_below,
                **design)
    est_parts, test_rows, pair_parts = [], [], []
    for indicator, base in indicators.items():
        overall = proportion_table(frame, indicator, base=base, **opts).iloc[:1]
        est_parts.append(overall)
        for g in groupings:
            table = proportion_table(frame, indicator, by=list(g), base=base, **opts).iloc[1:].reset_index(drop=True)
            table["letter"], table["letters"] = "", ""
            if tests:
                tested, left = _without_small_groups(frame, g, table, suppress_below)
                if left and int((table["n"] >= suppress_below).sum()) < 2:
                    test_rows.append({"indicator": indicator, "base": base, "by": table["by"].iloc[0],
                                      **untested_row(left, suppress_below,
                                                     int((table["n"] >= suppress_below).sum()))})
                    est_parts.append(table)
                    continue
                res, pairs = compare_groups(tested, indicator, list(g), weight=weight, adjust=adjust, alpha=alpha,
                                            **design)
                if len(g) == 1:
                    keys = {label: group_letter(i) for i, label in enumerate(table["group"])}
                    won: dict[str, list[str]] = {label: [] for label in table["group"]}
                    for a, b, diff, sig in zip(pairs["group_1"], pairs["group_2"], pairs["difference"],
                                               pairs["significant"]):
                        if sig:
                            winner, loser = (a, b) if diff > 0 else (b, a)
                            won[winner].append(keys[loser])
                    table["letter"] = [keys[x] for x in table["group"]]
                    table["letters"] = ["".join(sorted(won[x])) for x in table["group"]]
                    pair_parts.append(pairs.assign(indicator=indicator, base=base, by=table["by"].iloc[0],
                                                   adjust=adjust)[PAIR_COLUMNS])
                test_rows.append({"indicator": indicator, "base": base, "by": table["by"].iloc[0],
                                  **design_test_row(res, left=left, min_n=suppress_below)})
            est_parts.append(table)
    estimates = pd.concat(est_parts, ignore_index=True)
    for v in variables:
        if v not in estimates.columns:
            estimates[v] = None
    estimates["letter"] = estimates["letter"].fillna("")
    estimates["letters"] = estimates["letters"].fillna("")
    order = [c for c in estimates.columns if c not in ("letter", "letters") + tuple(variables)]
    estimates = estimates[order + ["letter", "letters"] + variables]
    return EstimateSet(estimates, pd.DataFrame(test_rows, columns=TEST_COLUMNS),
                       pd.concat(pair_parts, ignore_index=True) if pair_parts else pd.DataFrame(columns=PAIR_COLUMNS))


def distribution_set(frame: "pd.DataFrame", item: str, *, bys: Sequence[str | None], weight: str | None = None,
                     method: str = "wilson", level: float = 0.95, base: str = "", exclude: Sequence[str] = (),
                     small_base: int = 50, suppress_below: int = 30, values: "pd.Series | None" = None,
                     grids: dict | None = None, strata: str | None = None, cluster: str | None = None, fpc: str | None = None,
                     lonely_psu: str = "fail", calibration=None, replicates=None,
                     category_sums: Mapping | None = None) -> list["pd.DataFrame"]:
    """:func:`~analysis.stats.proportions.distribution_table` of ``item`` by each of ``bys``, sharing the work.

    The same frames as one ``distribution_table(frame, item, by=b, ...)`` per ``b`` (``None``
    is the overall distribution), from one pass over the respondents per grouping: the item's
    category codes and each grouping's codes go straight to ``bincount``, where the
    one-table function builds a boolean column and a frame for every category. With
    weights each category's sums are taken as ``distribution_table`` takes them (the same
    additions in the same order), so the numbers are the same to the last bit; with a
    design or a raking it calls ``distribution_table``. ``values`` replaces the item's
    column (e.g. with blanks as a "No answer" category); ``grids``, a dict kept between calls on
    the same frame, keeps each grouping's codes for the next item. ``category_sums``, without a
    design, maps each of ``bys`` to the sums by (cell of its grid, category of ``values``) of
    those in the base, shape ``(cells, categories, 3)`` with (count, Σw, Σw²), when the caller
    has them already (e.g. the numbers of options ticked, :mod:`analysis.stats.tick_patterns`).

    >>> import pandas as pd
    >>> f = pd.DataFrame({"conf": pd.Categorical(["Very", "Fairly", "Very", "Don't know"]),
    ...                   "g": pd.Categorical(["a", "a", "b", "b"])})
    >>> [t[["category", "group", "count", "n"]].values.tolist()[:2]
    ...  for t in distribution_set(f, "conf", bys=[None, "g"], exclude=["Don't know"], small_base=0, suppress_below=0)]
    [[['Fairly', 'All', 1, 3], ['Very', 'All', 2, 3]], [['Fairly', 'All', 1, 3], ['Fairly', 'a', 1, 2]]]
    """
    import pandas as pd

    from analysis.stats.proportions import distribution_table

    col = frame[item] if values is None else values
    if not isinstance(col.dtype, pd.CategoricalDtype):
        col = col.astype("category")
    if strata is not None or cluster is not None or fpc is not None or calibration is not None or all(
            c in set(exclude) for c in col.cat.categories) or replicates is not None:  # a design, or no category
        work = frame if values is None else frame.assign(**{item: values})
        extra = {} if replicates is None else {"replicates": replicates}
        return [distribution_table(work, item, by=by, weight=weight, method=method, level=level, base=base,
                                   exclude=exclude, small_base=small_base, suppress_below=suppress_below,
                                   strata=strata, cluster=cluster, fpc=fpc, lonely_psu=lonely_psu,
                                   calibration=calibration, **extra) for by in bys]
    check_method(method, level)
    all_cats = list(col.cat.categories)
    categories = [c for c in all_cats if c not in set(exclude)]
    if category_sums is None:
        in_base = (col.notna() & ~col.isin(list(exclude))).to_numpy(dtype=bool)
        codes = col.cat.codes.to_numpy()
    w = weight_array(frame, weight)
    opts = dict(weighted=w is not None, n_design=len(frame), method=method, level=level,
                small_base=small_base, suppress_below=suppress_below)
    out = []
    for by in bys:
        grid = grids.get(by) if grids is not None else None
        if grid is None:
            grid = Grid.of(frame, [] if by is None else [by])
            if grids is not None:
                grids[by] = grid
        size = int(np.prod(grid.shape))
        if category_sums is not None:
            given = np.asarray(category_sums[by], dtype=float).reshape(size, len(all_cats), 3)
            given_total = given.sum(axis=1)
        elif w is None:
            # Counts per (group, category) in one pass; every category's no / yes counts follow exactly.
            joint = grid.codes[in_base] * len(all_cats) + codes[in_base]
            counts = np.bincount(joint, minlength=size * len(all_cats)).reshape(size, len(all_cats)).astype(float)
            total = counts.sum(axis=1)
        keeps = [()] if by is None else [(), (0,)]
        rows = {"cols": [], "by": [], "group": [], "category": [], "values": {v: [] for v in grid.variables}}
        for cat in categories:
            k = all_cats.index(cat)
            if category_sums is not None:
                sums = np.stack([given_total - given[:, k], given[:, k]], axis=1).reshape(grid.shape + (2, 3))
            elif w is None:
                yes_n = counts[:, k]
                n = np.stack([total - yes_n, yes_n], axis=-1)
                sums = np.stack([n, n, n], axis=-1).reshape(grid.shape + (2, 3))
            else:
                sums = cell_sums(grid, in_base, (codes == k) & in_base, w)
            for keep in keeps:
                rows["cols"].append(estimate_columns(marginal(sums, keep), design_stats=None, **opts))
                by_label, labels, group_values = grouping_rows(grid, keep)
                rows["by"] += [by_label] * len(labels)
                rows["group"] += labels
                rows["category"] += [str(cat)] * len(labels)
                for v in grid.variables:
                    rows["values"][v] += group_values.get(v, [None] * len(labels))
        # One frame for every category and grouping: what concatenating one small frame per table
        # gives (the grouping variables' columns hold None on the overall rows, as object columns).
        cols = {name: np.concatenate([c[name] for c in rows["cols"]]) for name in rows["cols"][0]}
        t = assemble(cols, indicator=item, base=base, by="", groups=rows["group"], method=method, level=level,
                     group_values=rows["values"])
        t["by"] = rows["by"]
        for v, group_values in rows["values"].items():
            t[v] = pd.Series(group_values, index=t.index, dtype=object)
        t["category"] = rows["category"]
        out.append(t)
    return out
