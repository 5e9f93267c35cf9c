"""What the report says beside its numbers: how the survey was done, what its intervals cover, what a
reconstruction's breakdowns cannot say, and where the notes are.

One job, done once on everything the ``report`` stage has built (:func:`analysis.report.stage.build`),
before the workbook and the page are written:

* the "About this survey" text (:mod:`analysis.report.about`) on the workbook's cover and notes and
  first on the page, with the number of respondents;
* for a sample that is not a probability sample, every interval labelled as covering sampling error
  only (findings, table headings, chart captions), with the reason in the notes;
* for a wave that is not real, the line saying why no test or letter is shown
  (:data:`analysis.untested.TESTS_LEFT_OUT`) in the notes;
* for a reconstructed wave with ranges, the sentence per measure of what the published figures allow
  (:mod:`analysis.report.group_ranges`), a link to it under each breakdown chart and table, and the
  sentence itself in the first breakdown chart's caption;
* links from the headline table to the notes on the page and to the workbook beside the page.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from analysis.codebook import Codebook

_CI_COLUMN = re.compile(r"^\d+(?:\.\d+)?% CI (?:lower|upper)$")
#: Heading of the notes that say why no test is shown and what intervals cover.
TESTS_HEADING = "Tests between groups"
INTERVALS_HEADING = "What the intervals cover"


def respondents(estimates: "pd.DataFrame") -> int | None:
    """The number of respondents: the base of the first whole-sample row on the base of every respondent."""
    rows = estimates[(estimates["by"] == "overall") & (estimates.get("base_name", "all") == "all")]
    n = rows["n"].dropna()
    return int(n.iloc[0]) if len(n) else None


def _labelled_table(table, codebook):
    from analysis.sampling import is_non_probability

    if table is None or not is_non_probability(codebook):
        return table
    columns = tuple(replace(c, label=f"{c.label} (sampling error only)") if _CI_COLUMN.match(c.label) else c
                    for c in table.columns)
    return replace(table, columns=columns)


def _figure_indicators(fig) -> tuple[list[str], bool]:
    """The indicators (or items) a figure's CSV draws, and whether it draws a breakdown."""
    import pandas as pd

    if not fig.csv:
        return [], False
    frame = pd.read_csv(io.BytesIO(fig.csv), keep_default_na=False, usecols=lambda c: c in ("indicator", "by"))
    if "indicator" not in frame.columns:
        return [], False
    broken = "by" in frame.columns and bool((frame["by"] != "overall").any())
    return list(dict.fromkeys(frame["indicator"].astype(str))), broken


def _table_indicators(table, codebook) -> list[str]:
    from analysis.report.content import slug
    from analysis.report.group_ranges import indicators_of

    for name in codebook.indicators:
        if table.id.startswith(slug(name) + "-by-"):
            return [name]
    for item in codebook.items:
        if table.id == slug(f"{item} scale"):
            return indicators_of(codebook, [item])
    return []


def apply_caveats(built: dict[str, Any], codebook: "Codebook", estimates: "pd.DataFrame", *,
                  ranges: "pd.DataFrame | None" = None, wave: str = "") -> dict[str, Any]:
    """``built`` (the dict :func:`analysis.report.stage.build` returns) with the caveats in place.

    Adds ``survey`` (the "About this survey" sections) and ``group_ranges`` ((indicator, anchor,
    sentence) triples); replaces ``cover``, ``findings``, ``tables``, ``figures``, ``repro`` and ``notes``.
    """
    from analysis.sampling import interval_caveat, is_non_probability, label_intervals
    from analysis.report.group_ranges import group_range_sentences, indicators_of, links_for
    from analysis.report.html import FigureFiles
    from analysis.report.workbook import Cover
    from analysis.untested import TESTS_LEFT_OUT

    out = dict(built)
    info = codebook.wave
    cover = Cover.from_wave(info, respondents=respondents(estimates))
    out["cover"], out["survey"] = cover, cover.survey
    labels = {n: i.label for n, i in codebook.indicators.items()}

    out["findings"] = [label_intervals(f, codebook) for f in built.get("findings", [])]
    notes = list(built.get("notes", []))
    if is_non_probability(codebook):
        notes.append((INTERVALS_HEADING, [interval_caveat(codebook)]))
    if info.is_reconstructed:
        notes.append((TESTS_HEADING, [TESTS_LEFT_OUT]))
    out["notes"] = notes

    sentences = group_range_sentences(ranges, codebook, labels) if info.provenance == "reconstructed" else []
    said = {ind for ind, _, _ in sentences}
    out["group_ranges"] = sentences

    tables = []
    for t in built.get("tables", []):
        t = _labelled_table(t, codebook)
        inds = [i for i in _table_indicators(t, codebook) if i in said]
        if inds:
            t = replace(t, links=tuple(t.links) + links_for(inds, labels))
        if t.id == "headline":
            t = replace(t, links=tuple(t.links) + (
                ("Bases, intervals and symbols: Methods and notes, on this page", "#methods"),
                (f"These tables in a workbook, with its Notes sheet ({wave}.xlsx, beside this page)",
                 f"{wave}.xlsx")))
        tables.append(t)
    out["tables"] = tables

    figures, first = [], True
    for f in built.get("figures", []):
        lines = tuple(label_intervals(x, codebook) for x in f.lines)
        f = replace(f, lines=lines, data=_labelled_table(f.data, codebook))
        names, broken = _figure_indicators(f)
        inds = [i for i in indicators_of(codebook, names) if i in said]
        if broken and inds:
            f = replace(f, links=tuple(f.links) + links_for(inds, labels))
            if first:  # the first breakdown chart states the answer in its caption
                text = next(s for i, _, s in sentences if i == inds[0])
                if text not in f.lines:  # the figures stage states it in the figure's own notes
                    f = replace(f, lines=(text, *f.lines))
                first = False
        figures.append(f)
    out["figures"] = figures

    repro = built.get("repro")
    if isinstance(repro, list):
        out["repro"] = [_labelled_table(x, codebook) if not isinstance(x, FigureFiles) else x for x in repro]
    elif repro is not None:
        out["repro"] = _labelled_table(repro, codebook)
    return out
