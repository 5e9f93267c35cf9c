"""The tables of a wave's multi-select items: option shares, options ticked, tests across groups.

For every ``multi`` item, on the base of those who answered the question
(:data:`OPTION_BASE`):

``options``
    Each option's share (rows ``kind = "option"``, one indicator ``<item>__<k>`` per
    option) and the distribution of the number of options ticked (rows ``kind =
    "ticked"``, indicator ``<item>__ticked``, ``category`` "1 option", "2 options" ...),
    overall and by every breakdown and cross, from the statistics engine
    (:func:`analysis.stats.batch.estimate_set`): intervals, bases, weights and the
    sample design as for every indicator, column letters for option shares.
``options_mean``
    The mean number of options ticked (the "none of these" option not counted), overall
    and by every breakdown (not by crosses), with its standard error and interval
    (:func:`analysis.stats.means.mean_table`).
``options_tests``
    For each item and breakdown, Bilder and Loughin's test of multiple marginal
    independence (:func:`analysis.stats.multiple_response.mmi_test`): the Bonferroni and
    second-order Rao–Scott forms and X²_S. The test assumes independent, equally weighted
    respondents, so for a weighted, designed, raked or replicate-weight wave the row says it
    was not computed and why.

Option shares do not add up to 100%: a respondent may tick several options.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: The base of every multi-select table, in words.
OPTION_BASE = "those who answered the question"
BASE_NAME = "answered"
TEST_COLUMNS = ("item", "by", "method", "statistic", "df", "p_value", "bonferroni_p_value", "x2_s", "tables",
                "n", "groups", "note")


def multi_items(codebook) -> list:
    """The wave's multi items that reach processed data, in codebook order."""
    return [item for item in codebook.items.values() if item.type == "multi" and item.reaches_processed]


def ticked_label(k: int) -> str:
    """``"1 option"``, ``"2 options"`` ... (the categories of the number of options ticked).

    >>> ticked_label(0), ticked_label(1), ticked_label(3)
    ('no option', '1 option', '3 options')
    """
    return "no option" if k == 0 else f"{k} option" + ("s" if k > 1 else "")


def multi_table_set(wave, frame: "pd.DataFrame", *, groupings, adjust: str = "holm", **opts) -> dict:
    """``options``, ``options_mean`` and ``options_tests`` of a wave (empty frames when it has no multi item).

    ``frame`` is the wave's analysis frame (its groupings, weight and design columns,
    weights already made ready by :func:`analysis.tables.table_set`); ``opts`` are the
    estimate options of :func:`analysis.stats.batch.estimate_set`.

    Notes
    -----
    Without a sample design, raking or replicate weights, an item of at most
    :data:`~analysis.stats.tick_patterns.MAX_OPTIONS` options is summed once, by cell of the
    breakdowns' joint grid and pattern of ticks (:mod:`analysis.stats.tick_patterns`), and
    every table of the item comes from those sums; otherwise each table is taken from the
    respondents. The two give the same numbers (to the last bit without weights).
    """
    import pandas as pd

    from analysis.codebook.multi_items import option_columns

    cb = wave.codebook
    resp = wave.respondents
    parts, means, tests = [], [], []
    needed = {v for g in groupings for v in g} | {"weight"} | {
        opts.get(k) for k in ("strata", "cluster", "fpc") if opts.get(k)}
    calibration = opts.get("calibration")
    if calibration is not None:  # the raking's margin variables
        needed |= set(getattr(calibration, "margins", {}) or {})
    breakdowns = [g for g in groupings if len(g) == 1]  # as published: overall and by each breakdown
    shared: dict = {}  # the breakdowns' grids, taken once for every item
    for item in multi_items(cb):
        cols = [c for c in option_columns(item) if c in resp.columns]
        if not cols:
            continue
        same = frame.index.equals(resp.index)
        # a narrow frame: the groupings, weight and design columns, and this item's (no copy of the rest)
        keep = [c for c in frame.columns if c in needed]
        work = pd.DataFrame({**{c: frame[c] for c in keep},
                             **{c: resp[c] if same else resp[c].reindex(frame.index) for c in cols}},
                            index=frame.index)
        cells = _pattern_cells(work, cols, breakdowns, opts, shared) if same else None
        if cells is not None:
            est, dist, mean, rows = _from_patterns(cb, item, work, cols, cells, breakdowns, adjust, opts, shared)
        else:
            est, dist, mean, rows = _from_rows(cb, item, work, resp, frame, cols, groupings, adjust, opts)
        parts += [est, dist]
        means += mean
        tests += rows
    if parts:
        options = pd.concat(parts, ignore_index=True).assign(base_name=BASE_NAME)
    else:
        from analysis.stats.estimates import COLUMNS

        options = pd.DataFrame(columns=list(COLUMNS) + ["deff", "letter", "letters", "item", "kind", "option_number",
                                                        "option", "category", "base_name"])
    from analysis.stats.means import MEAN_COLUMNS

    mean = (pd.concat(means, ignore_index=True).assign(base_name=BASE_NAME) if means
            else pd.DataFrame(columns=list(MEAN_COLUMNS) + ["item", "base_name"]))
    return {"options": options, "options_mean": mean,
            "options_tests": pd.DataFrame(tests, columns=list(TEST_COLUMNS))}


#: Why Bilder and Loughin's test is left out, in the test row's note.
UNTESTED = "not computed: Bilder and Loughin's test assumes independent, unweighted respondents, and "


def _untestable(opts) -> str:
    """Why Bilder and Loughin's test does not apply to the wave ("" when it does).

    The test's variance is that of independent, equally weighted respondents (MRCV's); a
    design-based form is not computed, so a weighted, designed, raked or replicate-weight
    wave gets the note instead of a p-value that would understate its uncertainty.
    """
    if opts.get("replicates") is not None:
        return UNTESTED + "this wave has replicate weights"
    if any(opts.get(k) is not None for k in ("strata", "cluster", "fpc")):
        return UNTESTED + "this wave has a sample design (strata, clusters or fpc)"
    if opts.get("calibration") is not None:
        return UNTESTED + "this wave is raked"
    if opts.get("weight"):
        return UNTESTED + "this wave is weighted"
    return ""


def _option_rows(item, shares, cols):
    """The option shares of ``estimate_set`` as ``options`` rows."""
    from analysis.codebook.multi_items import option_labels

    labels = option_labels(item)
    numbers = {c: int(c.rsplit("__", 1)[1]) for c in cols}
    est = shares.estimates
    return est.assign(item=item.name, kind="option", option_number=est["indicator"].map(numbers).astype("Int64"),
                      option=est["indicator"].map({c: labels[k - 1] for c, k in numbers.items()}), category="")


def _ticked_rows(item, bys, dist):
    """The distributions of the number of options ticked as ``options`` rows."""
    import pandas as pd

    d = pd.concat([t if by is None else t[t["by"] != "overall"] for by, t in zip(bys, dist)], ignore_index=True)
    return d.assign(item=item.name, kind="ticked", option_number=pd.array([pd.NA] * len(d), dtype="Int64"),
                    option="")


def _lowest(item) -> int:
    """The fewest options a respondent who answered can tick (0 when "answered" is not "any ticked")."""
    from analysis.codebook.multi_items import none_number

    return 0 if item.answered != "any" or none_number(item) is not None else 1


def _pattern_cells(work, cols, breakdowns, opts, shared):
    """The item's sums by (cell of the breakdowns' joint grid, pattern of ticks), or None to take tables row by row.

    None under a sample design, raking or replicate weights, for more than
    :data:`~analysis.stats.tick_patterns.MAX_OPTIONS` options, for options that are not
    boolean columns answered by the same respondents, or breakdowns that are not categorical.
    """
    import numpy as np
    import pandas as pd

    from analysis.stats.cells import Grid, weight_array
    from analysis.stats.tick_patterns import MAX_OPTIONS, pattern_cells

    if any(opts.get(k) is not None for k in ("strata", "cluster", "fpc", "calibration", "replicates")):
        return None
    if len(cols) > MAX_OPTIONS or not all(pd.api.types.is_bool_dtype(work[c].dtype) for c in cols):
        return None
    variables = [g[0] for g in breakdowns]
    if not all(isinstance(work[v].dtype, pd.CategoricalDtype) for v in variables):
        return None
    answered = work[cols[0]].notna().to_numpy(dtype=bool)
    if not all(np.array_equal(work[c].notna().to_numpy(dtype=bool), answered) for c in cols[1:]):
        return None
    if "grid" not in shared:
        shared["grid"] = Grid.of(work, variables)
        shared["w"] = weight_array(work, opts.get("weight"))
    ticks = np.column_stack([work[c].to_numpy(dtype=bool, na_value=False) for c in cols])
    return pattern_cells(shared["grid"], ticks, answered, shared["w"])


def _from_patterns(cb, item, work, cols, cells, breakdowns, adjust, opts, shared):
    """Option shares, options ticked, their mean and the tests of one item from its pattern sums."""
    import numpy as np
    import pandas as pd

    from analysis.codebook.multi_items import none_number
    from analysis.stats.batch import distribution_set, estimate_set
    from analysis.stats.means import independent_moments, mean_rows
    from analysis.stats.multiple_response import mmi_test_from_patterns
    from analysis.stats.tick_patterns import group_patterns, option_sums, ticked_sums

    grid = cells.grid
    axes = range(len(grid.shape))
    shares = estimate_set(work, {c: OPTION_BASE for c in cols}, groupings=breakdowns, adjust=adjust, grid=grid,
                          sums={c: option_sums(cells, j) for j, c in enumerate(cols)}, **opts)
    none = none_number(item)
    counted = [int(c.rsplit("__", 1)[1]) != none for c in cols]
    by_number = ticked_sums(cells, counted)  # grid.shape + (options counted + 1, 3)
    overall = by_number.sum(axis=tuple(axes))
    seen = np.flatnonzero(overall[:, 0] > 0)
    high = int(seen.max()) if seen.size else 0
    low = _lowest(item)
    bys = [None] + [g[0] for g in breakdowns]
    per_by = {None: overall}
    for a, by in enumerate(bys[1:]):
        other = tuple(x for x in axes if x != a)
        per_by[by] = by_number.sum(axis=other) if other else by_number
    labels_k = [ticked_label(k) for k in range(low, max(high, low) + 1)]
    width = len(labels_k)

    def categories(s):  # the numbers low .. high (zeros past the most anyone ticked)
        out = np.zeros(s.shape[:-2] + (width, 3))
        have = s[..., low:low + width, :]
        out[..., :have.shape[-2], :] = have
        return out

    values = pd.Series(pd.Categorical([], categories=labels_k))
    dist = distribution_set(work, f"{item.name}__ticked", bys=bys, values=values, base=OPTION_BASE,
                            grids=shared.setdefault("grids", {}),
                            category_sums={by: categories(s) for by, s in per_by.items()}, **opts)
    means = []
    k = np.arange(by_number.shape[-2], dtype=float)  # the number ticked
    level = opts.get("level", 0.95)
    for by in bys:
        s = per_by[by] if by is None else per_by[by][1:]  # a breakdown's missing category left out
        count, sw, sw2 = s[..., 0], s[..., 1], s[..., 2]
        mean, var = independent_moments(sw.sum(axis=-1), (k * sw).sum(axis=-1), sw2.sum(axis=-1),
                                        (k * sw2).sum(axis=-1), (k * k * sw2).sum(axis=-1), len(work))
        n = count.sum(axis=-1).astype(np.int64)
        if by is None:
            by_label, groups = "overall", ["All"]
            n, mean, var, wn = n[None], np.atleast_1d(mean), np.atleast_1d(var), np.atleast_1d(sw.sum(axis=-1))
        else:
            by_label, groups = by, list(grid.categories[grid.variables.index(by)])
            wn = sw.sum(axis=-1)
        means.append(mean_rows(f"{item.name}__count", base=OPTION_BASE, by=by_label, groups=groups, n=n,
                               weighted_n=wn, mean=mean, var=var, level=level).assign(item=item.name))
    rows = []
    for a, by in enumerate(bys[1:]):
        base = _untested(item, by)
        if _untestable(opts):
            rows.append({**base, "note": _untestable(opts)})
            continue
        counts = group_patterns(cells, a)[1:]
        present = counts.sum(axis=1) > 0
        if present.sum() < 2:
            rows.append({**base, "note": "fewer than two groups with answers"})
            continue
        rows.append(_test_row(base, mmi_test_from_patterns(counts[present], cells.bits), int(present.sum()), len(cols)))
    return _option_rows(item, shares, cols), _ticked_rows(item, bys, dist), means, rows


def _untested(item, by) -> dict:
    """A test row with nothing computed yet."""
    import numpy as np

    return {"item": item.name, "by": by, "method": "Bilder-Loughin (second-order Rao-Scott)",
            "statistic": np.nan, "df": np.nan, "p_value": np.nan, "bonferroni_p_value": np.nan,
            "x2_s": np.nan, "tables": 0, "n": 0, "groups": 0, "note": ""}


def _test_row(base: dict, t, groups: int, options: int) -> dict:
    """A test row from a :class:`~analysis.stats.multiple_response.MarginalIndependenceTest`."""
    return {**base, "statistic": t.rs2_statistic, "df": t.rs2_df, "p_value": t.rs2_p_value,
            "bonferroni_p_value": t.bonferroni_p_value, "x2_s": t.statistic, "tables": t.tables,
            "n": t.n, "groups": groups,
            "note": "" if t.tables == options else "options ticked by every respondent or by none are left out"}


def _from_rows(cb, item, work, resp, frame, cols, groupings, adjust, opts):
    """Option shares, options ticked, their mean and the tests of one item, each taken from the respondents."""
    import numpy as np
    import pandas as pd

    from analysis.multi import count_ticked
    from analysis.stats.batch import distribution_set, estimate_set
    from analysis.stats.means import mean_table

    counts = count_ticked(resp, item)
    answered = ~np.isnan(counts)
    high = int(np.nanmax(counts)) if answered.any() else 0
    low = _lowest(item)
    same = frame.index.equals(resp.index)
    work = work.assign(**{f"{item.name}__count": pd.Series(counts, index=resp.index) if same else
                          pd.Series(counts, index=resp.index).reindex(frame.index)})
    breakdowns = [g for g in groupings if len(g) == 1]
    shares = estimate_set(work, {c: OPTION_BASE for c in cols}, groupings=breakdowns, adjust=adjust, **opts)
    labels_k = [ticked_label(k) for k in range(low, max(high, low) + 1)]
    values = pd.Series(pd.Categorical.from_codes(
        np.where(answered, np.nan_to_num(counts, nan=low) - low, -1).astype(int), categories=labels_k),
        index=resp.index).reindex(work.index)
    bys = [None] + [g[0] for g in breakdowns]
    dist = distribution_set(work, f"{item.name}__ticked", bys=bys, values=values, base=OPTION_BASE, **opts)
    means = []
    mean_opts = {k: v for k, v in opts.items() if k in ("weight", "level", "strata", "cluster", "fpc",
                                                        "lonely_psu", "calibration")}
    for by in bys:
        t = mean_table(work, f"{item.name}__count", by=by, base=OPTION_BASE, overall=by is None, **mean_opts)
        if opts.get("replicates") is not None:  # the mean's replicate variance is not computed here
            t = t.assign(se=np.nan, ci_lower=np.nan, ci_upper=np.nan,
                         note="standard error not computed with replicate weights")
        means.append(t.assign(item=item.name))
    return (_option_rows(item, shares, cols), _ticked_rows(item, bys, dist), means,
            _tests(cb, item, resp, frame, groupings, opts))


def _tests(cb, item, resp, frame, groupings, opts) -> list[dict]:
    """Bilder and Loughin's test of the item by each breakdown (one row per breakdown), from the respondents."""
    import numpy as np

    from analysis.codebook.multi_items import option_columns
    from analysis.multi import answered_mask
    from analysis.stats.multiple_response import mmi_test

    rows = []
    ticks_all = None
    for g in groupings:
        if len(g) != 1:
            continue
        by = g[0]
        base = _untested(item, by)
        if _untestable(opts):
            rows.append({**base, "note": _untestable(opts)})
            continue
        group = frame[by] if frame.index.equals(resp.index) else frame[by].reindex(resp.index)
        codes = group.cat.codes.to_numpy() if hasattr(group, "cat") else np.full(len(resp), -1)
        use = answered_mask(resp, item) & (codes >= 0)
        present = np.unique(codes[use])
        if len(present) < 2:
            rows.append({**base, "note": "fewer than two groups with answers"})
            continue
        remap = np.full(codes.max() + 1, -1)
        remap[present] = np.arange(len(present))
        if ticks_all is None:
            ticks_all = np.column_stack([resp[c].to_numpy(dtype=bool, na_value=False) for c in option_columns(item)
                                         if c in resp.columns])
        ticks = ticks_all[use]
        rows.append(_test_row(base, mmi_test(remap[codes[use]], ticks), len(present), ticks.shape[1]))
    return rows
