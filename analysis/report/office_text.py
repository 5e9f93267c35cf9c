"""What the deck and the briefing say about the survey: "About this survey" and the citation.

One job: turn what the report stage built (:func:`analysis.report.stage.build`) into the
sections of "About this survey" and the suggested citation. The wording is that of
:mod:`analysis.report.about` when the toolkit has it (the page and the workbook say the same
there); until then it is put together here from the wave's settings, so the deck and the
briefing never disagree with the page.
"""

from __future__ import annotations

from typing import Mapping

#: The heading of the opening sections, in the deck and the briefing.
ABOUT_HEADING = "About this survey"
CITATION_HEADING = "How to cite"


def _year(published: str) -> str:
    return published[:4] if published[:4].isdigit() else "n.d."


def fallback_citation(report: Mapping) -> str:
    """A citation from the wave's settings: organisation (year of publication). Title. Status.

    >>> from analysis.report.workbook import Cover
    >>> fallback_citation({"cover": Cover(title="A survey", source="A charity", published="2014-01-28"),
    ...                    "title": "A survey"})
    'A charity (2014). A survey. Survey results first published: 28 January 2014.'
    """
    from analysis.report.workbook import long_date

    cover = report["cover"]
    who = cover.source or "The survey's authors"
    parts = [f"{who} ({_year(cover.published)}).", f"{report['title']}."]
    if cover.published:
        parts.append(f"Survey results first published: {long_date(cover.published)}.")
    if cover.status:
        parts.append(cover.status.rstrip(".") + ".")
    return " ".join(parts)


def fallback_about(report: Mapping) -> list[tuple[str, str]]:
    """(heading, text) pairs: who was asked, when, by whom, what the data are, status and contact."""
    from analysis.report.workbook import long_date

    cover = report["cover"]
    sections = [("Who took part", cover.population), ("When", cover.period), ("Carried out by", cover.source),
                ("Status", cover.status),
                ("Survey results first published", long_date(cover.published) if cover.published else ""),
                ("About the data", cover.provenance_note), ("Contact", cover.contact)]
    return [(h, t) for h, t in sections if t]


def about_and_citation(report: Mapping, wave: str) -> tuple[list[tuple[str, str]], str]:
    """The sections of "About this survey" and the suggested citation for ``wave``."""
    try:  # the shared wording, where the toolkit has it
        from analysis.report import about as shared
    except ImportError:
        shared = None
    if shared is not None:
        try:
            sections = _pairs(shared.about_sections(report, wave))
            citation = str(shared.suggested_citation(report, wave))
            if sections and citation:
                return sections, citation
        except TypeError:
            pass
    return fallback_about(report), fallback_citation(report)


def _pairs(sections) -> list[tuple[str, str]]:
    """(heading, text) pairs from a mapping, pairs, or objects with ``heading`` and ``text``/``lines``."""
    if isinstance(sections, Mapping):
        sections = list(sections.items())
    out = []
    for s in sections:
        if isinstance(s, tuple) and len(s) == 2:
            heading, text = s
        else:
            heading = getattr(s, "heading", "")
            text = getattr(s, "text", None) or getattr(s, "lines", "")
        if not isinstance(text, str):
            text = " ".join(str(t) for t in text)
        out.append((str(heading), text))
    return out
