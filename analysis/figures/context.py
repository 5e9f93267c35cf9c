"""What every figure of a wave needs: the record of a figure drawn or skipped, and the wave's context.

:class:`Context` holds the codebook and the thresholds a wave's figures are drawn under, and
says everything the figures share: labels, subtitles, captions with their notes, and the rows
disclosure control withheld (kept in place, marked, and named with the reason in a note). The
figures themselves are in :mod:`analysis.figures.figure_set`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Mapping, Sequence

from analysis.figures import captions as cap
from analysis.figures.wording import base_phrase, lower_population, split_labels, stated_finding
from analysis.withheld import first_reason, marker, reason_keys, reason_words

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.figure import Figure

    from analysis.codebook import Codebook

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
    #: A reconstructed wave's answer, per indicator, to "do the groups differ?" from the published figures
    #: alone: (sentence, short verdict), worded by :mod:`analysis.reproduction.range_words`.
    ranges_said: "Mapping[str, tuple[str, str]] | None" = None

    def range_sentence(self, indicator: str) -> tuple[str, str]:
        """(sentence, verdict) on what the published figures allow for ``indicator``'s groups; ("", "") when none."""
        return (self.ranges_said or {}).get(indicator, ("", ""))

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

        overall_value(rows, indicator)
        row = rows[(rows["indicator"] == indicator) & (rows["by"] == "overall")].iloc[0]
        return cap.shown_percent(row) if is_stated(row.get("number_class", "")) else None

    def alt(self, chart: str, title: str, *, published: bool = False) -> str:
        """One-sentence alt text: chart type, what it shows, the finding (and that the data are reconstructed).

        ``published``: every number drawn is the survey's own (published or derived), so a
        reconstructed wave's chart says "as published", not "from reconstructed data".
        """
        from analysis.figures.alt_text import fit

        w = self.codebook.wave
        data = (", as published" if published else f" from {w.provenance} data") if w.is_reconstructed else ""
        # too long: keep only the chart type ("Dot chart"), then fit the finding to the limit
        return fit(chart, data, title, limit=cap.ALT_TEXT_MAX, target=cap.ALT_TEXT_TARGET + 25)

    def caption(self, *, title: str, measure: str, frame: "pd.DataFrame", per_group: str = "", breakdown: str = "",
                extra_notes: Sequence[str] = (), alt_text: str, description: str, intervals: bool = True) -> cap.Caption:
        w = self.codebook.wave
        from analysis.weighting import weighting_note

        weighted = weighting_note(self.codebook)
        from analysis.sampling import label_intervals  # a self-selected sample's intervals: sampling error only

        notes = (([label_intervals(cap.interval_note(frame), self.codebook)] if intervals else [])
                 + ([weighted] if weighted else []) + list(extra_notes))
        left = self.left_out or {}
        notes += [n for n in (cap.left_out_note(breakdown, (left.get("breakdowns") or {}).get(breakdown)),
                              cap.rows_filter_note(left.get("rows filter"))) if n]
        subtitle = self.subtitle(measure, breakdown=breakdown)
        base = cap.base_note(frame, per_group=per_group)
        spelled = self.abbreviations(frame, title, subtitle, base, *notes)
        caption = cap.Caption(
            title=title, subtitle=subtitle, base=base, source=cap.source_note(w),
            notes=tuple(notes), abbreviations=spelled,
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
        out_notes = [f"({keys[r]}) " + ("Scale points combined for disclosure control: " if r == "collapsed" else
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


def overall_value(rows: "pd.DataFrame", indicator: str) -> float:
    import math

    value = rows.loc[(rows["indicator"] == indicator) & (rows["by"] == "overall"), "proportion"]
    if value.empty or value.isna().iloc[0] or math.isnan(float(value.iloc[0])):
        raise OverallWithheld(indicator)
    return float(value.iloc[0])


def drawn_or_withheld(name: str, build, *args) -> "Drawn | Skipped":
    """``build(*args)``, or a stated skip when its overall figure is withheld by disclosure control."""
    try:
        return build(*args)
    except OverallWithheld as exc:
        return Skipped(name, f"the overall figure of {exc.args[0]} is withheld by disclosure control")


def stated_clause(rows: "pd.DataFrame", indicators: Sequence[str], ctx: Context, *, by: str,
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


def describe_rows(intro: str, rows: "pd.DataFrame", labeller) -> str:
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
        d = cap.shown_decimals(row)  # as the chart's label shows it: 96.5% where published so
        said = (f"{cap.format_percent(row.proportion, decimals=d)} ({cap.format_percent(float(row.level))} confidence "
                f"interval {cap.format_interval(row.ci_lower, row.ci_upper, decimals=d)})")
        lines.append(f"{labeller(row)}: {said}"
                     f", base {int(row.n)}" + (" (small base)." if str(row.flag) == "small base" else "."))
    return "\n".join(lines)
