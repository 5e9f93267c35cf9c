"""From a wave's protected frames to the published report content.

:func:`report_tables` lays out the frames the ``protect`` stage wrote
(:mod:`analysis.protect`, which chooses what is published and withholds) as
:class:`ReportTable` s. Nothing here computes an estimate or plans disclosure control.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Mapping

from analysis.waves.trends import difference_note
from analysis.report.content import (
    Column,
    Figure,
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
                             notes=["Each measure is on its own base (see the Base column)."]
                             + removed)] if len(est) else []  # a topline (no indicators): the questions in full
    per_indicator = {k: g for k, g in est.groupby("indicator", sort=False)}  # one pass, rows in their order
    for name in codebook.indicators:
        rows = per_indicator.get(name, est.iloc[0:0])
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
    from analysis.report.options import option_tables

    tables += option_tables(codebook, protected, outside=outside)
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
    from analysis.report.models import model_report_tables

    names = {**{n: n.replace("_", " ").capitalize() for n in codebook.items}, **labels}
    return tables + model_report_tables(protected.get("models"), protected.get("model_tests"),
                                        protected.get("numeric"), labels=names)


def recomputed_figure(claim: Mapping) -> "Figure | None":
    """A claim's recomputed value as a number with its format, shown as the claims table prints it.

    A percentage is the fraction count / n with as many decimals as the printed text (two more
    than the published precision); a count or a number of respondents is a whole number. None
    where disclosure control withheld it.

    >>> f = recomputed_figure({"statistic": "percent", "recomputed": "61.99%", "count": 429, "n": 692, "precision": 0})
    >>> f.number_format, f.text, round(f.value, 6)
    ('0.00%', '61.99%', 0.619942)
    >>> recomputed_figure({"statistic": "respondents", "recomputed": "692", "count": 692, "n": 692, "precision": 0})
    Figure(value=692, number_format='#,##0', text='692')
    """
    import pandas as pd

    text = claim.get("recomputed")
    if text is None or (not isinstance(text, str) and pd.isna(text)) or text == "":
        return None
    text = str(text)
    if claim.get("statistic", "percent") == "percent":
        decimals = text.rstrip("%").partition(".")[2]
        return Figure(int(claim["count"]) / int(claim["n"]), f"0.{'0' * len(decimals)}%" if decimals else "0%", text)
    return Figure(int(text), "#,##0", text)


def reproduction_report_table(table: "pd.DataFrame") -> ReportTable:
    """The reproduction table for the reports: what a match means and how the variants fit, then each claim.

    Claims are shown as printed, with their outlet and date; no internal codes
    (:mod:`analysis.reproduction.readable`).
    """
    from analysis.reproduction.readable import HEADINGS, lead, readable_table

    note = table.attrs.get("provenance_note", "") or (table["provenance_note"].iloc[0]
                                                       if "provenance_note" in table.columns and len(table) else "")
    shown = readable_table(table)
    shown["recomputed_text"] = [recomputed_figure(r) for r in table.to_dict("records")]
    columns = [Column(key, label, "figure" if key == "recomputed_text" else "text") for key, label in HEADINGS.items()]
    columns.insert(5, Column("count", "Count", "int"))
    columns.insert(6, Column("n", "Base (n)", "int"))
    notes = ["A claim is consistent when the recomputed value, printed at the published precision with the "
             "published rule (rounded half up, truncated, or a lower bound such as \"more than half\"), equals "
             "the published figure."] + ([note] if note else [])
    return frame_table(shown, id="reproduction", title="What the published figures show: the printed versions agree",
                       base=lead(table, reconstructed=bool(note)), columns=columns, notes=notes)


#: Columns of the table of ranges the published figures allow.
RANGE_COLUMNS = (Column("measure", "Measure"), Column("published", "Published"), Column("group", "Among"),
                 Column("base", "Share of"), Column("group_n", "Group size (published)", "int"),
                 Column("low", "Lowest possible", "percent"), Column("high", "Highest possible", "percent"),
                 Column("spread", "Middle 90% of the reconstructions (invented)"),
                 Column("reconstruction", "This reconstruction (invented)", "percent"))


def spread_text(low, high) -> str:
    """The ensemble's middle 90% in words ("" when withheld or absent).

    >>> spread_text(0.9781, 0.9885), spread_text(0.5, 0.5), spread_text(None, 0.2)
    ('97.8% to 98.9%', '50.0% (every reconstruction)', '')
    """
    import pandas as pd

    if low is None or high is None or pd.isna(low) or pd.isna(high):
        return ""
    if round(float(low), 4) == round(float(high), 4):
        return f"{100 * float(low):.1f}% (every reconstruction)"
    return f"{100 * float(low):.1f}% to {100 * float(high):.1f}%"


def ranges_report_table(ranges: "pd.DataFrame", estimates: "pd.DataFrame") -> ReportTable:
    """What the published figures alone say about each subgroup and association, beside the invented values.

    ``ranges`` is the ``ranges.csv`` the ``reproduce`` stage wrote (:func:`analysis.reproduction.ranges.range_table`
    with the ensemble's spread); the reconstruction's own value is read from the (protected) estimate
    frame's row for the same indicator, breakdown and group, and the ensemble's spread is left out
    wherever that row shows no value (withheld, or too few respondents for an estimate).
    """
    import pandas as pd

    if len(estimates):
        keyed = estimates.set_index(["indicator", "by", "group"])
        keyed = keyed[~keyed.index.duplicated(keep="first")]
        est = keyed["proportion"]
        withheld = keyed["disclosure"].fillna("").astype(str) != "" if "disclosure" in keyed else None
    else:
        est, withheld = pd.Series(dtype=float), None
    work = ranges.copy()
    work["measure"] = [m[:1].upper() + m[1:] for m in work["measure"]]
    keys = list(zip(work["indicator"], work["by"], work["group_label"]))
    work["reconstruction"] = [est.get(k) for k in keys]
    # the spread is shown only beside a value shown: not where the row is withheld or too small to estimate
    hidden = [(bool(withheld.get(k, False)) if withheld is not None else False) or pd.isna(est.get(k))
              for k in keys]
    lows = work["ensemble_p05"] if "ensemble_p05" in work else [None] * len(work)
    highs = work["ensemble_p95"] if "ensemble_p95" in work else [None] * len(work)
    work["spread"] = ["" if h else spread_text(lo, hi) for lo, hi, h in zip(lows, highs, hidden)]
    members = pd.to_numeric(work.get("ensemble_members", pd.Series(dtype=float)), errors="coerce").max()
    notes = ["Lowest and highest possible: every table of whole respondents that agrees with every printed "
             "figure was considered; a subgroup's share of all respondents places the published count as "
             "unevenly as the group sizes allow (Fréchet bounds); on those who answered, the non-answers the "
             "published bases imply are placed too; among those with another answer, the two items are placed "
             "against each other and against the group.",
             "No count of any profession was published, so for every profession any share from 0% to 100% fits "
             "the published figures; nothing was published about having dealt with a case."]
    if members == members:  # not NaN: an ensemble was drawn
        notes.append(f"Middle 90% of the reconstructions: {int(members)} reconstructions drawn with different "
                     "seeds, each reproducing every published figure, put the estimate in this range 90 times in "
                     "100. It shows how far the generator's own choices move an invented number inside the "
                     "published range, not what the survey found.")
    return frame_table(work, id="published-ranges",
                       title="What the published figures alone tell about differences between sectors",
                       base=("Exact ranges consistent with every published figure (the 692 respondents, the sector "
                             "counts and the headline percentages with their bases and rounding). Any value in the "
                             "range fits everything that was printed; the reconstruction's value is one invented "
                             "choice within it."),
                       columns=RANGE_COLUMNS, notes=notes)
