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
    second-order Rao–Scott forms and X²_S. The test assumes independent respondents, so
    for a weighted or clustered wave the row says it was not computed.

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
    """
    import numpy as np
    import pandas as pd

    from analysis.codebook.multi_items import none_number, option_columns, option_labels
    from analysis.multi import count_ticked
    from analysis.stats.batch import distribution_set, estimate_set
    from analysis.stats.means import MEAN_COLUMNS, mean_table

    cb = wave.codebook
    resp = wave.respondents
    parts, means, tests = [], [], []
    needed = {v for g in groupings for v in g} | {"weight"} | {
        opts.get(k) for k in ("strata", "cluster", "fpc") if opts.get(k)}
    calibration = opts.get("calibration")
    if calibration is not None:  # the raking's margin variables
        needed |= set(getattr(calibration, "margins", {}) or {})
    for item in multi_items(cb):
        cols = [c for c in option_columns(item) if c in resp.columns]
        if not cols:
            continue
        labels = option_labels(item)
        counts = count_ticked(resp, item)
        answered = ~np.isnan(counts)
        high = int(np.nanmax(counts)) if answered.any() else 0
        low = 0 if item.answered != "any" or none_number(item) is not None else 1
        same = frame.index.equals(resp.index)
        # a narrow frame: the groupings, weight and design columns, and this item's (no copy of the rest)
        keep = [c for c in frame.columns if c in needed]
        work = pd.DataFrame({**{c: frame[c] for c in keep},
                             **{c: resp[c] if same else resp[c].reindex(frame.index) for c in cols},
                             f"{item.name}__count": pd.Series(counts, index=resp.index) if same else
                             pd.Series(counts, index=resp.index).reindex(frame.index)}, index=frame.index)
        breakdowns = [g for g in groupings if len(g) == 1]  # as published: overall and by each breakdown
        shares = estimate_set(work, {c: OPTION_BASE for c in cols}, groupings=breakdowns, adjust=adjust, **opts)
        numbers = {c: int(c.rsplit("__", 1)[1]) for c in cols}
        est = shares.estimates.assign(item=item.name, kind="option",
                                      option_number=shares.estimates["indicator"].map(numbers).astype("Int64"),
                                      option=shares.estimates["indicator"].map(
                                          {c: labels[k - 1] for c, k in numbers.items()}), category="")
        parts.append(est)
        labels_k = [ticked_label(k) for k in range(low, max(high, low) + 1)]
        values = pd.Series(pd.Categorical.from_codes(
            np.where(answered, np.nan_to_num(counts, nan=low) - low, -1).astype(int), categories=labels_k),
            index=resp.index).reindex(work.index)
        bys = [None] + [g[0] for g in groupings if len(g) == 1]
        dist = distribution_set(work, f"{item.name}__ticked", bys=bys, values=values, base=OPTION_BASE,
                                **{k: v for k, v in opts.items()})
        d = pd.concat([t if by is None else t[t["by"] != "overall"] for by, t in zip(bys, dist)], ignore_index=True)
        parts.append(d.assign(item=item.name, kind="ticked", option_number=pd.array([pd.NA] * len(d), dtype="Int64"),
                              option=""))
        mean_opts = {k: v for k, v in opts.items() if k in ("weight", "level", "strata", "cluster", "fpc",
                                                            "lonely_psu", "calibration")}
        for by in [None] + [g[0] for g in groupings if len(g) == 1]:
            t = mean_table(work, f"{item.name}__count", by=by, base=OPTION_BASE, overall=by is None, **mean_opts)
            if opts.get("replicates") is not None:  # the mean's replicate variance is not computed here
                t = t.assign(se=np.nan, ci_lower=np.nan, ci_upper=np.nan,
                             note="standard error not computed with replicate weights")
            means.append(t.assign(item=item.name))
        tests += _tests(cb, item, resp, frame, groupings, opts)
    if parts:
        options = pd.concat(parts, ignore_index=True).assign(base_name=BASE_NAME)
    else:
        from analysis.stats.proportions import COLUMNS

        options = pd.DataFrame(columns=list(COLUMNS) + ["deff", "letter", "letters", "item", "kind", "option_number",
                                                        "option", "category", "base_name"])
    mean = (pd.concat(means, ignore_index=True).assign(base_name=BASE_NAME) if means
            else pd.DataFrame(columns=list(MEAN_COLUMNS) + ["item", "base_name"]))
    return {"options": options, "options_mean": mean,
            "options_tests": pd.DataFrame(tests, columns=list(TEST_COLUMNS))}


def _tests(cb, item, resp, frame, groupings, opts) -> list[dict]:
    """Bilder and Loughin's test of the item by each breakdown (one row per breakdown)."""
    import numpy as np

    from analysis.codebook.multi_items import option_columns
    from analysis.multi import answered_mask
    from analysis.stats.multiple_response import mmi_test

    designed = any(opts.get(k) is not None for k in ("strata", "cluster", "fpc", "calibration")) or opts.get("weight")
    rows = []
    ticks_all = None
    for g in groupings:
        if len(g) != 1:
            continue
        by = g[0]
        base = {"item": item.name, "by": by, "method": "Bilder-Loughin (second-order Rao-Scott)",
                "statistic": np.nan, "df": np.nan, "p_value": np.nan, "bonferroni_p_value": np.nan,
                "x2_s": np.nan, "tables": 0, "n": 0, "groups": 0, "note": ""}
        if designed:
            rows.append({**base, "note": "not computed: the test assumes independent, unweighted respondents"})
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
        t = mmi_test(remap[codes[use]], ticks)
        rows.append({**base, "statistic": t.rs2_statistic, "df": t.rs2_df, "p_value": t.rs2_p_value,
                     "bonferroni_p_value": t.bonferroni_p_value, "x2_s": t.statistic, "tables": t.tables,
                     "n": t.n, "groups": len(present),
                     "note": "" if t.tables == ticks.shape[1] else
                     "options ticked by every respondent or by none are left out"})
    return rows
