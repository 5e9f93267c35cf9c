"""From a wave's protected frames to the published report content.

:func:`report_tables` lays out the frames the ``protect`` stage wrote
(:mod:`analysis.protect`, which chooses what is published and withholds) as
:class:`ReportTable` s. Nothing here computes an estimate or plans disclosure control.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Mapping

from analysis.report.content import (
    Column,
    ReportTable,
    breakdown_table,
    distribution_table,
    frame_table,
    headline_table,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from analysis.codebook import Codebook

#: Columns of the reproduction table shown in the reports.
REPRODUCTION_COLUMNS = (Column("claim", "Claim"), Column("finding", "Finding"), Column("status", "Status"),
                        Column("published", "Published"), Column("recomputed", "Recomputed"),
                        Column("base", "Base"), Column("count", "Count", "int"), Column("n", "Base (n)", "int"),
                        Column("match", "Match"), Column("explanation", "Explanation"))
TREND_COLUMNS = (Column("label", "Measure"), Column("wave", "Wave"), Column("base", "Base"),
                 Column("count", "Count", "int"), Column("n", "Base (n)", "int"),
                 Column("proportion", "%", "percent"), Column("ci_lower", "95% CI lower", "percent"),
                 Column("ci_upper", "95% CI upper", "percent"), Column("note", "Note"))
DIFF_COLUMNS = (Column("label", "Measure"), Column("wave_from", "From"), Column("wave_to", "To"),
                Column("p_from", "% then", "percent"), Column("p_to", "% now", "percent"),
                Column("difference", "Change (points)", "percent"), Column("ci_lower", "95% CI lower", "percent"),
                Column("ci_upper", "95% CI upper", "percent"), Column("marker", "Significant (5%)"),
                Column("notes", "Notes"))


def _title_for_scale(codebook: "Codebook", item: str) -> str:
    it = codebook.items.get(item)
    return f"{it.text}" if it is not None and it.text else f"{item}: answers in full"


def with_notes(frame: "pd.DataFrame", threshold: int) -> "pd.DataFrame":
    """The frame with ``disclosure_note``: each withheld row's reason in words, for its Note column.

    >>> import pandas as pd
    >>> with_notes(pd.DataFrame({"disclosure": ["", "primary"]}), 10)["disclosure_note"].tolist()
    ['', 'Withheld: fewer than 10 people']
    """
    from analysis.withheld import note_text

    if frame is None or "disclosure" not in frame.columns:
        return frame
    return frame.assign(disclosure_note=[note_text(d, threshold=threshold) for d in frame["disclosure"]])


def report_tables(codebook: "Codebook", protected: Mapping[str, "pd.DataFrame"], *,
                  labels: Mapping[str, str] | None = None, threshold: int = 10,
                  left_out: Mapping | None = None) -> list[ReportTable]:
    """Headline, each indicator by each breakdown, each scale in full, and the wave comparison.

    A withheld row's Note says why in words ("Withheld: fewer than 10 people", with the
    policy's ``threshold``); its withheld numbers read ``[c]``. ``left_out`` (``protected.json``
    ``left_out``) gives each breakdown table a note of who is not in the breakdown and why,
    and the headline a note of the responses the codebook's row filter removed.
    """
    import pandas as pd

    from analysis.figures.captions import left_out_note, rows_filter_note

    left = dict(left_out or {})
    outside = {by: left_out_note(by, entry) for by, entry in (left.get("breakdowns") or {}).items()}
    removed = [n for n in [rows_filter_note(left.get("rows filter"))] if n]
    labels = dict(labels or {n: i.label for n, i in codebook.indicators.items()})
    protected = {name: with_notes(frame, threshold) for name, frame in protected.items()}
    est = protected["estimates"]
    from analysis.report.content import is_marked

    title = ("Headline figures: every published measure" if is_marked(est)
             else "Headline figures: every measure, all respondents")
    tables = [headline_table(est, labels=labels, title=title,
                             notes=["Each measure is on its own base (see the Base column and the notes sheet)."]
                             + removed)]
    for name in codebook.indicators:
        rows = est[est["indicator"] == name]
        for by in codebook.breakdowns:
            t = rows[rows["by"].isin(["overall", by])]
            if (t["by"] == by).any():
                tables.append(breakdown_table(t, title=f"{labels.get(name, name)}, by {by}", label=labels.get(name, name),
                                              notes=[n for n in [outside.get(by, "")] if n]))
    dist = protected.get("distributions")
    if dist is not None and not dist.empty:
        for item in dict.fromkeys(dist["indicator"]):
            part = dist[dist["indicator"] == item]
            tables.append(distribution_table(part, title=_title_for_scale(codebook, item),
                                             notes=[outside[b] for b in dict.fromkeys(part["by"]) if outside.get(b)]))
    trend = protected.get("trend")
    if trend is not None and not trend.empty:
        t = trend.assign(note=[("Not asked in this wave" if f == "not asked" else
                                (why or "Withheld (disclosure control)") if d else
                                "Small base" if f == "small base" else "")
                               for f, d, why in zip(trend["flag"].fillna(""), trend["disclosure"].fillna(""),
                                                    trend["disclosure_note"].fillna(""))])
        # A value a reconstruction invented is marked in place (its wave and note), with the legend below.
        invented = (t["value_class"].fillna("").astype(str) == "invented" if "value_class" in t.columns
                    else pd.Series(False, index=t.index))
        legend = []
        if invented.any():
            from analysis.figures.captions import INVENTED_MARK

            t = t.assign(wave=[f"{w}{INVENTED_MARK}" if inv else w for w, inv in zip(t["wave"].astype(str), invented)])
            legend = [f"{INVENTED_MARK} A value the reconstruction of that wave invented (no published figure "
                      "prints it): not a finding, and no change from it is tested."]
        tables.append(frame_table(t, id="wave-comparison", title="Every measure in each wave",
                                  base="Base: as stated on each row; each wave's own respondents.",
                                  columns=TREND_COLUMNS,
                                  notes=legend + sorted({n for n in trend["notes"].fillna("") if n})))
        d = protected.get("differences")
        if d is not None and not d.empty:
            tables.append(frame_table(d, id="wave-differences", title="Change between waves",
                                      base="Base: each wave's own base, as in the comparison table.",
                                      columns=DIFF_COLUMNS,
                                      notes=[difference_note(d)]))
    return tables


def difference_note(differences: "pd.DataFrame") -> str:
    """The note under "Change between waves": the interval and test, and, when a wave is weighted or has a
    design (an effective base differs from its number of respondents), which variance they used."""
    note = ("Change in percentage points (later minus earlier), with Newcombe's hybrid-score 95% interval; "
            "* marks a change significant at the 5% level (two-proportion z test).")
    n = differences[["n_from", "n_to"]].to_numpy(dtype=float)
    eff = differences[["effective_n_from", "effective_n_to"]].to_numpy(dtype=float)
    if (abs(eff - n) > 1e-9 * n).any():
        note += (" Both use each wave's effective base, not its number of respondents: for a wave with a sample "
                 "design or raking, p(1 − p)/SE² from its design-based standard error, so the design's variance "
                 "is used; for a wave weighted by a weight alone, Kish's effective n.")
    return note


def reproduction_report_table(table: "pd.DataFrame") -> ReportTable:
    """The reproduction table for the reports: what a match means and how the variants fit, then each claim.

    Claims are shown as printed, with their outlet and date; no internal codes
    (:mod:`analysis.reproduction.readable`).
    """
    from analysis.reproduction.readable import HEADINGS, lead, readable_table

    note = table.attrs.get("provenance_note", "") or (table["provenance_note"].iloc[0]
                                                       if "provenance_note" in table.columns and len(table) else "")
    shown = readable_table(table)
    columns = [Column(key, label) for key, label in HEADINGS.items()]
    columns.insert(5, Column("count", "Count", "int"))
    columns.insert(6, Column("n", "Base (n)", "int"))
    notes = ["A claim is consistent when the recomputed value, printed at the published precision with the "
             "published rule (rounded half up, truncated, or a lower bound such as \"more than half\"), equals "
             "the published figure."] + ([note] if note else [])
    return frame_table(shown, id="reproduction", title="What the published figures show: the printed versions agree",
                       base=lead(table, reconstructed=bool(note)), columns=columns, notes=notes)


#: Columns of the table of ranges the published figures allow.
RANGE_COLUMNS = (Column("measure", "Measure"), Column("published", "Published"), Column("group", "Among"),
                 Column("group_n", "Group size (published)", "int"), Column("low", "Lowest possible", "percent"),
                 Column("high", "Highest possible", "percent"),
                 Column("reconstruction", "This reconstruction (invented)", "percent"))


def ranges_report_table(ranges: "pd.DataFrame", estimates: "pd.DataFrame") -> ReportTable:
    """What the published figures alone say about each subgroup and association, beside the invented value.

    ``ranges`` is :func:`analysis.reproduction.bounds.range_table`; the invented value is read
    from the (protected) estimate frame's row for the same indicator, breakdown and group.
    """
    import pandas as pd

    est = estimates.set_index(["indicator", "by", "group"])["proportion"] if len(estimates) else pd.Series(dtype=float)
    est = est[~est.index.duplicated(keep="first")]
    work = ranges.copy()
    work["measure"] = [m[:1].upper() + m[1:] for m in work["measure"]]
    work["reconstruction"] = [est.get((i, b, g)) for i, b, g in zip(work["indicator"], work["by"],
                                                                   work["group_label"])]
    return frame_table(work, id="published-ranges", title="What the published figures alone say about subgroups",
                       base=("Exact ranges consistent with every published figure (the 692 respondents, the sector "
                             "counts and the headline percentages with their bases and rounding). Any value in the "
                             "range fits everything that was printed; the reconstruction's value is one invented "
                             "choice within it."),
                       columns=RANGE_COLUMNS,
                       notes=["Subgroup: the published whole-sample count (or every count that prints as the "
                              "published percentage) placed as unevenly as the group sizes allow (Fréchet bounds). "
                              "Among those with another answer: the same for two published items."])
