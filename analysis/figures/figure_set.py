"""The figure set of a wave: which estimate frames make which figure, and what each says.

Figures, for any wave (skipped, with the reason, when the codebook lacks what
they need):

1. ``fig1_headline``: the headline indicators with intervals (the indicators
   the wave's published-figures registry names, else every indicator outside
   the "Unmet need" group).
2. ``fig2_confidence_by_sector``: the full scale of each ordinal item behind a
   "Confidence" indicator, by the first breakdown, as diverging bars, don't
   know apart.
3. ``fig3_training_by_sector``: each "Training" indicator beside its
   "Training wanted" partner (paired in codebook order), by the first breakdown.
4. ``fig4_not_confident_by_profession``: the "Confidence" indicators by the
   second breakdown, sorted, small bases open, suppressed groups named.
5. ``fig5_unmet_need_by_sector``: "Unmet need" indicators (would value
   training, among those without it) by the first breakdown.
6. ``fig6_across_waves``: every indicator by wave, with significant changes
   marked, when the wave has a ``previous`` wave.

Every number drawn comes from the frames passed in (the protected table set of
:func:`analysis.protect.stage.read_protected`, the same numbers the report
publishes, and the trend frames of :mod:`analysis.waves.trends`); this module only
chooses rows and words. Rows withheld by disclosure control (a non-empty
``disclosure`` column) keep their place in the chart, marked "withheld (a)" where
their number would be (:meth:`Context.marked`); a note under the chart starts with
each key and names what was withheld and truly why (:meth:`Context.withhold`); the
figure's CSV keeps them without numbers, with ``disclosure_reason`` in words.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Callable, Mapping, Sequence

from analysis.figures import captions as cap
from analysis.figures.wording import (base_phrase, lower_population, measures_title, split_labels, stated_finding,
                                      strip_common_prefix)
from analysis.withheld import first_reason, marker, reason_keys, reason_words

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.figure import Figure

    from analysis.codebook import Codebook

CONFIDENCE, TRAINING, WANTED, UNMET = "Confidence", "Training", "Training wanted", "Unmet need"
#: How notes name the overall row.
OVERALL = "All respondents"


@dataclass(frozen=True)
class Drawn:
    """One figure of the set: its file stem, the figure, its caption and the rows it draws.

    ``measures`` names each indicator (and each item, for answer scales) in words, and
    ``suppress_below`` is the base under which groups are not shown, for the figure's
    percentages download (:mod:`analysis.figures.downloads`).
    """

    name: str
    figure: "Figure"
    caption: cap.Caption
    data: "pd.DataFrame"
    measures: Mapping[str, str] = field(default_factory=dict)
    suppress_below: int = 30


@dataclass(frozen=True)
class Skipped:
    """A figure of the set that was not drawn, and why."""

    name: str
    reason: str


@dataclass(frozen=True)
class Context:
    """What every figure of a wave needs besides its frames."""

    codebook: "Codebook"
    small_base: int = 50
    suppress_below: int = 30
    threshold: int = 10
    #: Who is left out of each breakdown, as the protect stage published it (``protected.json`` ``left_out``).
    left_out: "dict | None" = None

    def label(self, indicator: str) -> str:
        ind = self.codebook.indicators.get(indicator)
        return ind.label if ind is not None else indicator

    def in_group(self, group: str) -> list[str]:
        return [n for n, ind in self.codebook.indicators.items() if ind.group == group]

    def breakdown(self, preferred: str, position: int) -> str | None:
        found = self.codebook.breakdowns
        if preferred in found:
            return preferred
        return found[position] if len(found) > position else None

    def subtitle(self, measure: str, *, breakdown: str = "") -> str:
        """Measure, population and period; "(<breakdown> breakdown illustrative)" for a reconstructed wave."""
        w = self.codebook.wave
        parts = [measure, lower_population(w.population), w.period]
        text = ", ".join(p for p in parts if p)
        if breakdown and w.is_reconstructed:
            text += f" ({breakdown} breakdown illustrative)"
        return text

    def percentage_of(self, rows: "pd.DataFrame", *, by: str = "") -> str:
        """What the percentages are of, in words: "Percentage of respondents in each sector"."""
        overall = rows[rows["by"] == "overall"] if "by" in rows.columns else rows
        overall = overall if len(overall) else rows
        bases: dict[str, list[str]] = {}
        for r in overall.drop_duplicates(["indicator", "base"]).itertuples(index=False):
            name = str(r.indicator)  # an indicator of another wave (trend rows) carries its own label
            own = str(getattr(r, "label", "") or "") if name not in self.codebook.indicators else ""
            bases.setdefault(str(r.base), []).append(own or self.label(name))
        return base_phrase(list(bases.items()), by=by)

    def stated(self, rows: "pd.DataFrame", indicator: str) -> str | None:
        """The overall number of ``indicator`` as a title may state it ("96.5%"), or None when it was invented.

        Raises :class:`OverallWithheld` when disclosure control withheld it.
        """
        from analysis.reproduction.provenance import is_stated

        _overall(rows, indicator)
        row = rows[(rows["indicator"] == indicator) & (rows["by"] == "overall")].iloc[0]
        return cap.shown_percent(row) if is_stated(row.get("number_class", "")) else None

    def alt(self, chart: str, title: str) -> str:
        """One-sentence alt text: chart type, what it shows, the finding (and that the data are reconstructed)."""
        w = self.codebook.wave
        data = f" from {w.provenance} data" if w.is_reconstructed else ""
        finding_text = title[0].lower() + title[1:]
        text = f"{chart}{data}: {finding_text}."
        if len(text) > cap.ALT_TEXT_TARGET + 25:  # too long: keep only the chart type ("Dot chart")
            text = f"{' '.join(chart.split()[:2])}{data}: {finding_text}."
        return text

    def caption(self, *, title: str, measure: str, frame: "pd.DataFrame", per_group: str = "", breakdown: str = "",
                extra_notes: Sequence[str] = (), alt_text: str, description: str, intervals: bool = True) -> cap.Caption:
        w = self.codebook.wave
        from analysis.weighting import weighting_note

        weighted = weighting_note(self.codebook)
        notes = ([cap.interval_note(frame)] if intervals else []) + ([weighted] if weighted else []) + list(extra_notes)
        left = self.left_out or {}
        notes += [n for n in (cap.left_out_note(breakdown, (left.get("breakdowns") or {}).get(breakdown)),
                              cap.rows_filter_note(left.get("rows filter"))) if n]
        subtitle = self.subtitle(measure, breakdown=breakdown)
        base = cap.base_note(frame, per_group=per_group)
        spelled = self.abbreviations(frame, title, subtitle, base, *notes)
        caption = cap.Caption(
            title=title, subtitle=subtitle, base=base, source=cap.source_note(w),
            notes=tuple(notes) + ((spelled,) if spelled else ()),
            provenance_note=w.provenance_note if w.is_reconstructed else "", alt_text=alt_text)
        return with_description(caption, description)

    def abbreviations(self, frame: "pd.DataFrame", *texts: str) -> str:
        """The note spelling out each codebook abbreviation the figure shows (its labels and words), once."""
        if not self.codebook.abbreviations:
            return ""
        shown = list(texts)
        for column in ("group", "category"):
            if column in frame.columns:
                shown += [str(v) for v in frame[column].dropna().unique()]
        if "indicator" in frame.columns:
            for name in frame["indicator"].dropna().unique():
                ind = self.codebook.indicators.get(str(name))
                shown += [ind.label, ind.short] if ind is not None else [str(name)]
        return cap.abbreviation_note(self.codebook.abbreviations, shown)

    def measures(self) -> dict[str, str]:
        """Each indicator's label and each item's question, by name (for the percentages download)."""
        named = {n: (it.text or n) for n, it in self.codebook.items.items()}
        return {**named, **{n: ind.label for n, ind in self.codebook.indicators.items()}}

    def flags(self, frame: "pd.DataFrame", *, marker: str = "Open markers") -> list[str]:
        suppressed = frame[frame["flag"].fillna("").astype(str) == "suppressed"]
        labels = list(dict.fromkeys(str(g) for g in suppressed["group"]))
        return cap.flag_notes(frame, small_base=self.small_base, suppress_below=self.suppress_below,
                              marker=marker, labels=labels)


    def withhold(self, rows: "pd.DataFrame", measure, *, within=("indicator", "group"), keep=None,
                 what: str = "") -> tuple["pd.DataFrame", list[str]]:
        """The rows to draw and notes naming what disclosure control withheld, and why.

        ``within`` identifies one drawn unit (a bar or a dot): if any of its rows is withheld
        the whole unit is left out, unless ``keep`` (a boolean mask) spares those rows (they
        are drawn as withheld slots instead). ``measure(unit_rows)`` names a unit's measure;
        a group is named alone when all its units are withheld, else with its measures.
        ``what`` names what was withheld when only spared rows were (e.g. "Don't know").
        Each note starts with the key, "(a)", that the unit's marker carries in the chart
        (:meth:`marked`), one note per reason.
        """
        if "disclosure" not in rows.columns or rows.empty:
            return rows, []
        plan = _units(rows, within, keep)
        keys = plan.keys()
        out = rows[[not g for g in plan.gone]].reset_index(drop=True)
        group_of = dict(zip(plan.unit_of, rows["group"].astype(str)))
        units_of_group: dict[str, int] = {}
        for g in group_of.values():
            units_of_group[g] = units_of_group.get(g, 0) + 1
        by_reason: dict[str, dict[str, list[str]]] = {}
        for k, r in plan.gone_units.items():
            unit = rows[[kk == k for kk in plan.unit_of]]
            by_reason.setdefault(r, {}).setdefault(group_of[k], []).append(measure(unit))
        notes: dict[str, list[str]] = {}
        for r, groups in by_reason.items():
            for group, measures in groups.items():  # named alone when every unit of the group is withheld for r
                whole = len(measures) == units_of_group[group]
                notes.setdefault(r, []).append(group if whole else f"{group} ({'; '.join(dict.fromkeys(measures))})")
        out_notes = [f"({keys[r]}) " + (f"Scale points combined for disclosure control: " if r == "collapsed" else
                                        f"Withheld for disclosure control ({self.words(r).removeprefix('withheld ')}): ")
                     + f"{'; '.join(notes[r])}." for r in sorted(notes, key=list(keys).index)]
        slots: dict[str, list[str]] = {}
        for unit, r in plan.slot_units.items():
            group = unit[list(within).index("group")] if "group" in within else unit[-1]
            slots.setdefault(r, []).append(OVERALL if group == "All" else group)
        for r in sorted(slots, key=list(keys).index):
            out_notes.append(f"({keys[r]}) {what or 'Some answers'} withheld for disclosure control "
                             f"({self.words(r)}): {'; '.join(dict.fromkeys(slots[r]))}.")
        return out, out_notes

    def marked(self, rows: "pd.DataFrame", *, within=("indicator", "group"), keep=None) -> "pd.DataFrame":
        """All of ``rows`` (withheld ones kept) with ``disclosure_mark``: the in-place marker of each withheld row.

        A row of a withheld unit reads "withheld (a)", with the key of the unit's reason that
        :meth:`withhold` explains under the chart (same ``within`` and ``keep``).
        """
        if "disclosure" not in rows.columns or rows.empty:
            return rows
        plan = _units(rows, within, keep)
        keys = plan.keys()
        marks = []
        for unit, gone, slot in zip(plan.unit_of, plan.gone, plan.slot):
            code = plan.slot_units[unit] if slot else plan.gone_units[unit] if gone else ""
            marks.append(marker(code, keys) if code else "")
        return rows.assign(disclosure_mark=marks)

    def words(self, code: str) -> str:
        """Why a cell is withheld, in words, under this figure set's threshold."""
        return reason_words(code, threshold=self.threshold)

    def measure(self, unit: "pd.DataFrame") -> str:
        """A unit's measure for notes: the indicator's short label, else its label."""
        ind = self.codebook.indicators.get(str(unit["indicator"].iloc[0]))
        return (ind.short or ind.label) if ind is not None else str(unit["indicator"].iloc[0])


@dataclass(frozen=True)
class _Units:
    """Which drawn units (bars, dots) of some rows disclosure control withheld, and for which reason."""

    unit_of: list  # each row's unit
    gone: list  # each row: its unit is withheld (left out, marked)
    slot: list  # each row: a spared row withheld (a marked slot of its own, e.g. "don't know")
    gone_units: dict  # unit -> the reason stated for it
    slot_units: dict  # unit -> the reason stated for its slot (its spared rows)

    def keys(self) -> dict[str, str]:
        return reason_keys([*self.gone_units.values(), *self.slot_units.values()])


def _units(rows: "pd.DataFrame", within, keep) -> _Units:
    reason = rows["disclosure"].astype("string").fillna("").astype(str).to_numpy()
    spared = keep.to_numpy(dtype=bool) if keep is not None else [False] * len(rows)
    unit_of = [tuple(str(v) for v in k) for k in rows[list(within)].itertuples(index=False, name=None)]
    gone_units: dict[tuple, str] = {}
    for k, r, sp in zip(unit_of, reason, spared):
        if r and not sp:
            gone_units[k] = first_reason(r, gone_units.get(k, ""))
    gone = [k in gone_units for k in unit_of]
    slot = [bool(r) and bool(sp) for r, sp in zip(reason, spared)]
    slot_units: dict[tuple, str] = {}
    for k, r, sl in zip(unit_of, reason, slot):
        if sl:
            slot_units[k] = first_reason(r, slot_units.get(k, ""))
    return _Units(unit_of, gone, slot, gone_units, slot_units)


def with_reasons(rows: "pd.DataFrame", threshold: int) -> "pd.DataFrame":
    """The rows with ``disclosure_reason``: why each withheld row is withheld, in words (empty when shown)."""
    if "disclosure" not in rows.columns:
        return rows
    rows = rows.drop(columns=["disclosure_mark"], errors="ignore")
    words = [reason_words(r, threshold=threshold) for r in rows["disclosure"].astype("string").fillna("")]
    return rows.assign(disclosure_reason=words)


def with_description(caption: cap.Caption, description: str) -> cap.Caption:
    """The caption with its long description: the chart and every value, then the lines under the chart."""
    from dataclasses import replace

    return replace(caption, long_description="\n".join([description, *caption.footer_lines()]))


def estimate_rows(estimates: "pd.DataFrame", ctx: Context, indicators: Sequence[str], *,
                  by: str | None = None) -> "pd.DataFrame":
    """Rows of ``indicators`` on their default bases, overall (and by ``by``), in the order asked."""
    import pandas as pd

    parts = []
    for name in indicators:
        base = ctx.codebook.indicators[name].base
        rows = estimates[(estimates["indicator"] == name) & (estimates["base_name"] == base)]
        keep = rows["by"].isin(["overall"] + ([by] if by else []))
        parts.append(rows[keep.to_numpy(dtype=bool)])
    return pd.concat(parts, ignore_index=True) if parts else estimates.iloc[0:0]


class OverallWithheld(Exception):
    """A figure's title figure (an overall percentage) is withheld: the figure is not drawn, and says why."""


def _overall(rows: "pd.DataFrame", indicator: str) -> float:
    import math

    value = rows.loc[(rows["indicator"] == indicator) & (rows["by"] == "overall"), "proportion"]
    if value.empty or value.isna().iloc[0] or math.isnan(float(value.iloc[0])):
        raise OverallWithheld(indicator)
    return float(value.iloc[0])


def _drawn_or_withheld(name: str, build, *args) -> "Drawn | Skipped":
    """``build(*args)``, or a stated skip when its overall figure is withheld by disclosure control."""
    try:
        return build(*args)
    except OverallWithheld as exc:
        return Skipped(name, f"the overall figure of {exc.args[0]} is withheld by disclosure control")


def _stated_clause(rows: "pd.DataFrame", indicators: Sequence[str], ctx: Context, *, by: str,
                   topic: str = "") -> str:
    """Each stated overall number of ``indicators`` in one clause; a real wave's single measure adds its range.

    Invented numbers are left out (:meth:`Context.stated`); "" when every number is invented.
    Withheld ones raise :class:`OverallWithheld` when none is left to state. Words the
    ``topic`` already says ("Not confident by profession: ...") are not repeated.
    """
    told, withheld = [], None
    for name in indicators:
        try:
            text = ctx.stated(rows, name)
        except OverallWithheld as exc:
            withheld = withheld or exc
            continue
        if text is not None:
            told.append((name, text))
    if not told:
        if withheld:
            raise withheld
        return ""
    labels = [ctx.label(n) for n, _ in told]
    verb = not (len(told) > 1 and split_labels(labels)[0] == topic)
    clause = stated_finding(labels, [t for _, t in told], verb=verb)
    if len(told) == 1 and not ctx.codebook.wave.is_reconstructed:  # a real pattern across groups may be stated
        groups = rows[(rows["indicator"] == told[0][0]) & (rows["by"] != "overall") & rows["proportion"].notna()]
        if len(groups) >= 2:
            clause += (f", from {cap.format_percent(groups['proportion'].min())} to "
                       f"{cap.format_percent(groups['proportion'].max())} across {by}s")
    return clause


def _describe(intro: str, rows: "pd.DataFrame", labeller) -> str:
    import pandas as pd

    lines = [intro]
    for row in rows.itertuples(index=False):
        if pd.isna(row.proportion) or str(row.flag) == "suppressed":
            withheld = bool(str(getattr(row, "disclosure", "") or ""))
            why = str(getattr(row, "disclosure_reason", "") or "")
            said = why if why.startswith("withheld") else f"withheld: {why}" if why else "withheld"
            shown = said if withheld else "not shown"
            base = "base withheld" if pd.isna(row.n) else f"base {int(row.n)}"
            lines.append(f"{labeller(row)}: {shown} ({base}).")
            continue
        lines.append(f"{labeller(row)}: {cap.estimate_in_words(row.proportion, row.ci_lower, row.ci_upper, level=float(row.level))}"
                     f", base {int(row.n)}" + (" (small base)." if str(row.flag) == "small base" else "."))
    return "\n".join(lines)


# --------------------------------------------------------------------------- the figures


def headline(estimates: "pd.DataFrame", ctx: Context, indicators: Sequence[str]) -> Drawn | Skipped:
    """Figure 1: each headline indicator overall, with its interval."""
    from analysis.figures.bars import horizontal_bars

    name = "fig1_headline"
    if not indicators:
        return Skipped(name, "the codebook defines no indicators")
    every = estimate_rows(estimates, ctx, indicators)  # withheld rows keep their place, marked
    rows, withheld = ctx.withhold(every, ctx.measure)
    drawn = [i for i in indicators if ((rows["indicator"] == i) & (rows["by"] == "overall")).any()]
    if not drawn:
        return Skipped(name, "every headline indicator is withheld by disclosure control")
    # Six measures pointing different ways: the title states what is true of them all (the range of
    # the numbers it may state, at their published precision), never one bar's finding.
    values = [(_overall(rows, i), ctx.stated(rows, i)) for i in drawn]
    values = [(p, text) for p, text in values if text is not None]
    classes = set(rows.loc[rows["by"] == "overall", "number_class"].astype(str)) if "number_class" in rows else set()
    published = bool(classes) and classes <= {"published", "derived"}
    title = measures_title(len(drawn), values, published=published)
    count = len(indicators)
    alt = ctx.alt(f"Bar chart of {cap.number_in_words(count)} survey measures", title)
    caption = ctx.caption(title=title, measure=ctx.percentage_of(rows), frame=rows, alt_text=alt,
                          extra_notes=withheld,
                          description=_describe(f"Horizontal bar chart of {count} measures, each a percentage of its "
                                                f"base with a {cap.format_percent(0.95)} confidence interval.",
                                                with_reasons(every, ctx.threshold), lambda r: ctx.label(r.indicator)))
    labels = {i: ctx.label(i) for i in indicators}
    return Drawn(name, horizontal_bars(ctx.marked(every), caption, labels=labels), caption,
                 with_reasons(every, ctx.threshold))


def confidence_by_sector(distributions: "pd.DataFrame", estimates: "pd.DataFrame", ctx: Context) -> Drawn | Skipped:
    """Figure 2: the full scale of each confidence item by the first breakdown, don't know apart."""
    import pandas as pd

    from analysis.figures.diverging import ScalePanel, diverging_bars, labelling_note

    name = "fig2_confidence_by_sector"
    by = ctx.breakdown("sector", 0)
    conf = [i for i in ctx.in_group(CONFIDENCE) if ctx.codebook.items[ctx.codebook.indicators[i].item].type == "ordinal"]
    if by is None or not conf:
        return Skipped(name, "needs a breakdown and an indicator in group 'Confidence' on an ordinal item")
    items = list(dict.fromkeys(ctx.codebook.indicators[i].item for i in conf))
    scale = ctx.codebook.items[items[0]].labels()
    if any(ctx.codebook.items[i].labels() != scale for i in items):
        return Skipped(name, "the confidence items must share one scale")
    apart = [m.label for m in ctx.codebook.items[items[0]].missing.values() if m.kind == "dont_know"]
    d = distributions
    on_base = d[d["indicator"].isin(items) & (d["base_name"] == "all") & d["by"].isin(["overall", by])]
    rows = on_base[on_base["category"].isin(scale + apart)]
    rows = pd.concat([rows[rows["indicator"] == i] for i in items], ignore_index=True)
    panel_title = {ctx.codebook.indicators[i].item: t
                   for t, i in zip(strip_common_prefix([ctx.label(i) for i in conf])[0], conf)}
    every, spared = rows, rows["category"].isin(apart)  # withheld groups keep their place, marked
    rows, withheld = ctx.withhold(rows, lambda u: panel_title.get(str(u["indicator"].iloc[0]), str(u["indicator"].iloc[0])),
                                  keep=spared, what=" / ".join(apart))
    left_out = on_base[~on_base["category"].isin(scale + apart) & (on_base["by"] == "overall")
                       & (on_base["proportion"] > 0)]
    left_out_note = ""
    if len(left_out):
        shares = {}
        for r in left_out.itertuples(index=False):
            shares.setdefault(str(r.category), []).append(cap.format_percent(r.proportion, decimals=1))
        left_out_note = "Not shown: " + "; ".join(f"{c} ({' and '.join(v)} of all respondents)"
                                                  for c, v in shares.items()) + "."
    titles, _ = strip_common_prefix([ctx.label(i) for i in conf])
    est = estimate_rows(estimates, ctx, conf, by=by)
    title = f"{CONFIDENCE} by {by}: " + (_stated_clause(est, conf, ctx, by=by) or "the full answer scale")
    alt = ctx.alt(f"Diverging bar chart of confidence by {by}", title)
    group_rows = rows.drop_duplicates(["indicator", "group"])
    panels = [ScalePanel(t, ctx.codebook.indicators[i].item) for t, i in zip(titles, conf)]
    marked = ctx.marked(every, keep=spared)
    caption = ctx.caption(
        title=title, measure=ctx.percentage_of(group_rows, by=by), breakdown=by,
        frame=group_rows, per_group="n is shown beside each bar", intervals=False,
        extra_notes=[n for n in ctx.flags(group_rows) + withheld + [left_out_note,
                                                                   labelling_note(marked, panels=panels, scale=scale)]
                     if n and not n.startswith("Open")],
        alt_text=alt,
        description=_describe(f"Diverging stacked bar chart: for each {by}, the share giving each answer on the "
                              f"scale ({', '.join(scale)}), with {' and '.join(apart) or 'no answers'} shown apart.",
                              with_reasons(every, ctx.threshold), lambda r: f"{r.indicator}, {r.group}, {r.category}"))
    return Drawn(name, diverging_bars(marked, caption, panels=panels, scale=scale, apart=apart), caption,
                 with_reasons(every, ctx.threshold))


def training_by_sector(estimates: "pd.DataFrame", ctx: Context) -> Drawn | Skipped:
    """Figure 3: training had (or not) beside training wanted, by the first breakdown."""
    from analysis.figures.dots import Panel, dot_panels

    name = "fig3_training_by_sector"
    by = ctx.breakdown("sector", 0)
    had, wanted = ctx.in_group(TRAINING), ctx.in_group(WANTED)
    pairs = list(zip(had, wanted))
    if by is None or not pairs:
        return Skipped(name, "needs a breakdown and indicators in groups 'Training' and 'Training wanted'")
    every = estimate_rows(estimates, ctx, [i for pair in pairs for i in pair], by=by)  # withheld rows marked
    rows, withheld = ctx.withhold(every, ctx.measure)
    topics, _ = strip_common_prefix([ctx.label(h) for h, _ in pairs])
    _, had_words = strip_common_prefix([ctx.label(h) for h, _ in pairs])
    _, wanted_words = strip_common_prefix([ctx.label(w) for _, w in pairs])
    series = [had_words or ctx.label(pairs[0][0]), wanted_words or ctx.label(pairs[0][1])]
    # The title states the training wanted in every panel (or, when those are withheld or invented,
    # the training had): numbers a reader may quote, for the whole chart.
    try:
        clause = _stated_clause(rows, [w for _, w in pairs], ctx, by=by)
    except OverallWithheld:
        clause = ""
    clause = clause or _stated_clause(rows, [h for h, _ in pairs], ctx, by=by) or "training had and wanted"
    title = f"{TRAINING} by {by}: {clause}"
    alt = ctx.alt(f"Dot chart of training by {by}", title)
    caption = ctx.caption(title=title, measure=ctx.percentage_of(rows, by=by), breakdown=by,
                          frame=rows, per_group=f"n is shown beside each {by}",
                          extra_notes=ctx.flags(rows) + withheld, alt_text=alt,
                          description=_describe(f"Dot chart with {cap.format_percent(0.95)} confidence intervals, "
                                                f"one row per {by}.", with_reasons(every, ctx.threshold),
                                                lambda r: f"{ctx.label(r.indicator)}, {r.group}"))
    panels = [Panel(t, pair) for t, pair in zip(topics, pairs)]
    return Drawn(name, dot_panels(ctx.marked(every), caption, panels=panels, series_labels=series), caption,
                 with_reasons(every, ctx.threshold))


def not_confident_by_profession(estimates: "pd.DataFrame", ctx: Context) -> Drawn | Skipped:
    """Figure 4: the confidence indicators by the second breakdown, sorted, small bases marked."""
    name = "fig4_not_confident_by_profession"
    by = ctx.breakdown("profession", 1)
    conf = ctx.in_group(CONFIDENCE)
    if by is None or not conf:
        return Skipped(name, "needs a second breakdown and indicators in group 'Confidence'")
    shared, _ = split_labels([ctx.label(i) for i in conf])
    return _dot_figure(name, estimates, ctx, conf, by=by, topic=shared or CONFIDENCE, chart=f"Dot chart by {by}",
                       layout=f"one row per {by}, sorted by the first measure.", sort=True)


def _dot_figure(name: str, estimates: "pd.DataFrame", ctx: Context, indicators: list[str], *, by: str,
                topic: str, chart: str, layout: str, sort: bool) -> Drawn:
    """A dot chart of ``indicators`` by ``by``, one panel each, withheld groups named in the notes.

    Its title leads with the ``topic`` and the breakdown ("Not confident by profession: 62% assessing ...").
    """
    from analysis.figures.dots import Panel, dot_panels

    every = estimate_rows(estimates, ctx, indicators, by=by)  # withheld rows keep their place, marked
    rows, withheld = ctx.withhold(every, ctx.measure)
    titles, _ = strip_common_prefix([ctx.label(i) for i in indicators])
    first = indicators[0]
    clause = _stated_clause(rows, indicators, ctx, by=by, topic=topic)
    title = (f"{topic} by {by}: {clause}" if clause else
             f"{cap.sentence_case(ctx.label(first))}, by {by}: an invented breakdown")
    caption = ctx.caption(title=title, measure=ctx.percentage_of(rows, by=by), breakdown=by,
                          frame=rows, per_group=f"n is shown beside each {by}", extra_notes=ctx.flags(rows) + withheld,
                          alt_text=ctx.alt(chart, title),
                          description=_describe(f"Dot chart with {cap.format_percent(0.95)} confidence intervals, "
                                                + layout, with_reasons(every, ctx.threshold),
                                                lambda r: f"{ctx.label(r.indicator)}, {r.group}"))
    panels = [Panel(t, (i,)) for t, i in zip(titles, indicators)]
    return Drawn(name, dot_panels(ctx.marked(every), caption, panels=panels, sort_by=first if sort else None),
                 caption, with_reasons(every, ctx.threshold))


def unmet_need_by_sector(estimates: "pd.DataFrame", ctx: Context) -> Drawn | Skipped:
    """Figure 5: would value training among those without it, by the first breakdown."""
    name = "fig5_unmet_need_by_sector"
    by = ctx.breakdown("sector", 0)
    unmet = ctx.in_group(UNMET)
    if by is None or not unmet:
        return Skipped(name, "the codebook defines no indicator in group 'Unmet need' (would value training, "
                             "on a base of those without it)")
    return _dot_figure(name, estimates, ctx, unmet, by=by, topic=UNMET, chart=f"Dot chart of unmet training need by {by}",
                       layout=f"one row per {by}.", sort=False)


def across_waves(trend: "pd.DataFrame | None", differences: "pd.DataFrame | None", ctx: Context) -> Drawn | Skipped:
    """Figure 6: every indicator by wave, significant changes marked."""
    from analysis.figures.trend import base_notes, shown_rows, significant_changes, trend_dots, trend_notes, value_label

    name = "fig6_across_waves"
    if trend is None or trend.empty:
        return Skipped(name, "the wave has no previous wave ([wave] previous)")
    waves = list(dict.fromkeys(trend.sort_values("wave_order", kind="stable")["wave"].astype(str)))
    labels = {str(r.indicator): str(r.label) for r in trend.itertuples(index=False) if str(r.label)}
    is_asked = trend["flag"].fillna("").astype(str) != "not asked"
    waves_asked = trend[is_asked].groupby("indicator", sort=False)["wave"].nunique()
    compared = [i for i in dict.fromkeys(trend["indicator"].astype(str)) if waves_asked.get(i, 0) >= 2]
    if not compared:
        return Skipped(name, "no indicator was asked in two waves")
    from analysis.waves.trends import effective_base_note

    tested = f"* Change from the previous wave is statistically significant at the {cap.format_percent(0.05)} " \
             "level (two-proportion z test)."
    said = effective_base_note(differences) if differences is not None and len(differences) else ""
    notes = [f"{tested} {said.replace('Both use', 'The test uses')}" if said else tested]
    single = [i for i in dict.fromkeys(trend["indicator"].astype(str)) if i not in compared]
    if single:
        notes.append("Asked in one wave only, not shown: " + "; ".join(labels.get(i, i) for i in single) + ".")
    trend = trend[trend["indicator"].astype(str).isin(compared)]
    every = shown_rows(trend)[0]  # withheld estimates keep their place, marked; invented values are not drawn
    trend, withheld = ctx.withhold(trend.assign(group=trend["wave"].astype(str)),
                                   lambda u: labels.get(str(u["indicator"].iloc[0]), str(u["indicator"].iloc[0])),
                                   within=("indicator", "wave"))
    trend = trend.drop(columns=["group"])
    notes += withheld
    # A reconstructed wave's invented values are never drawn; provenance and population changes are stated.
    trend, not_shown = shown_rows(trend)
    notes += not_shown + trend_notes(trend, differences)
    changes = significant_changes(differences)
    title = f"No measure changed significantly between {waves[0]} and {waves[-1]}"
    # A trend that involves an illustrative wave is no finding: the title says so first.
    invented = "provenance" in trend and (trend["provenance"].astype(str) == "illustrative").any()
    if changes and differences is not None:
        first = differences[differences["marker"].fillna("").astype(str) != ""].iloc[0]
        verb = "rose" if float(first["difference"]) > 0 else "fell"
        shown = {(str(r.indicator), str(r.wave)): value_label(r)
                 for r in trend[trend["proportion"].notna()].itertuples(index=False)}
        p_from = shown.get((str(first["indicator"]), str(first["wave_from"]))) or cap.format_percent(first["p_from"])
        p_to = shown.get((str(first["indicator"]), str(first["wave_to"]))) or cap.format_percent(first["p_to"])
        label = cap.sentence_case(labels.get(str(first['indicator']), str(first['indicator'])).lower())
        title = f"{label} {verb} from {p_from} in {first['wave_from']} to {p_to} in {first['wave_to']}"
        if bool(first.get("population_changed", False)):  # a change of population is no change over time
            title = f"{label}: {p_from} in {first['wave_from']} and {p_to} in {first['wave_to']}, in different populations"
    if invented:
        title = "Illustrative data: " + title[0].lower() + title[1:]
    asked = trend[trend["flag"].fillna("").astype(str) != "not asked"]
    subtitle = ctx.subtitle(f"{ctx.percentage_of(asked)}, by wave ({', '.join(waves)})")
    base = " ".join(base_notes(asked))
    notes = [cap.interval_note(asked), *notes]
    spelled = ctx.abbreviations(asked, title, subtitle, base, *notes, *labels.values())
    caption = cap.Caption(
        title=title, subtitle=subtitle, base=base, source=cap.source_note(ctx.codebook.wave),
        notes=(*notes, *([spelled] if spelled else [])),
        provenance_note=ctx.codebook.wave.provenance_note if ctx.codebook.wave.is_reconstructed else "",
        alt_text=ctx.alt(f"Dot chart of each measure by wave, {waves[0]} to {waves[-1]}", title))
    caption = with_description(caption, _describe("Dot chart, one row per measure and one dot per wave, with "
                                                  "confidence intervals.", asked,
                                                  lambda r: f"{labels.get(str(r.indicator))}, {r.wave}"))
    marked = ctx.marked(every.assign(group=every["wave"].astype(str)), within=("indicator", "wave"))
    return Drawn(name, trend_dots(marked.drop(columns=["group"]), differences, caption, labels=labels), caption,
                 with_reasons(every, ctx.threshold))


def figure_builders(codebook: "Codebook", tables: dict[str, "pd.DataFrame"], *,
                    headline_indicators: Sequence[str] | None = None, trend: "pd.DataFrame | None" = None,
                    differences: "pd.DataFrame | None" = None, small_base: int = 50, suppress_below: int = 30,
                    threshold: int = 10, left_out: dict | None = None) -> list[tuple[str, Callable[[], Drawn | Skipped]]]:
    """Every figure of a wave, in order, as ``(name, build)``: ``build()`` draws it (``Drawn``) or says why not.

    The figures are independent of one another, so the ``figures`` stage can hand them to
    several processes; :func:`figure_set` draws them all here. The arguments are those of
    :func:`figure_set`.
    """
    ctx = Context(codebook, small_base=small_base, suppress_below=suppress_below, threshold=threshold,
                  left_out=left_out)
    est = tables["estimates"]
    heads = list(headline_indicators) if headline_indicators else \
        [n for n, ind in codebook.indicators.items() if ind.group != UNMET]
    measures = ctx.measures()

    def finished(build, *args) -> Callable[[], Drawn | Skipped]:
        def run() -> Drawn | Skipped:
            made = build(*args)
            return replace(made, measures=measures, suppress_below=suppress_below) if isinstance(made, Drawn) else made
        return run

    def guarded(name: str, build, *args) -> tuple[str, Callable[[], Drawn | Skipped]]:
        return name, finished(_drawn_or_withheld, name, build, *args)

    return [
        guarded("fig1_headline", headline, est, ctx, heads),
        guarded("fig2_confidence_by_sector", confidence_by_sector, tables["distributions"], est, ctx),
        guarded("fig3_training_by_sector", training_by_sector, est, ctx),
        guarded("fig4_not_confident_by_profession", not_confident_by_profession, est, ctx),
        guarded("fig5_unmet_need_by_sector", unmet_need_by_sector, est, ctx),
        ("fig6_across_waves", finished(across_waves, trend, differences, ctx)),
    ]


def figure_set(codebook: "Codebook", tables: dict[str, "pd.DataFrame"], *, headline_indicators: Sequence[str] | None = None,
               trend: "pd.DataFrame | None" = None, differences: "pd.DataFrame | None" = None,
               small_base: int = 50, suppress_below: int = 30, threshold: int = 10,
               left_out: dict | None = None) -> list[Drawn | Skipped]:
    """Every figure of a wave, in order, from its table set (and trend frames when it has a predecessor).

    Parameters
    ----------
    codebook : Codebook
        The wave's codebook (labels, groups, breakdowns, provenance).
    tables : dict
        The wave's ``estimates`` and ``distributions``: the protected table set
        (:func:`analysis.protect.stage.read_protected`); rows whose ``disclosure``
        is not empty are marked in place in the charts and named, with the reason, in their notes.
    headline_indicators : sequence of str, optional
        Indicators of figure 1 (e.g. those the published-figures registry names);
        default every indicator outside the "Unmet need" group.
    trend, differences : pandas.DataFrame, optional
        :func:`analysis.waves.trends.trend_table` and ``wave_differences``.
    small_base, suppress_below : int
        The thresholds the tables were flagged with (for the notes).
    threshold : int
        The disclosure threshold the tables were protected with (for the notes).
    left_out : dict, optional
        Who is left out of each breakdown and why (``protected.json`` ``left_out``): each
        figure by a breakdown says how many, and why, in its notes.

    Returns
    -------
    list of Drawn or Skipped
    """
    return [build() for _, build in figure_builders(
        codebook, tables, headline_indicators=headline_indicators, trend=trend, differences=differences,
        small_base=small_base, suppress_below=suppress_below, threshold=threshold, left_out=left_out)]
