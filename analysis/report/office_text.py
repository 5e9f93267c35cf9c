"""What the deck and the briefing say about the survey: "About this survey" and the citation.

One job: give the deck and the briefing the sections of "About this survey" and the suggested
citation. The wording is that of :mod:`analysis.report.about`, from the wave's codebook, so the
deck and the briefing say what the page and the workbook say; without a codebook (a report built
by hand) it is put together here from the report's cover.
"""

from __future__ import annotations

from typing import Mapping

#: The heading of the opening sections, in the deck and the briefing.
ABOUT_HEADING = "About this survey"
CITATION_HEADING = "How to cite"
#: The sections a one-page summary keeps (the rest follow in full after it).
SUMMARY_HEADINGS = ("About this survey", "What the numbers can and cannot support")


def split_summary(sections: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The sections for a one-page summary and the rest (the first section always goes in the summary).

    >>> split_summary([("About this survey", "a"), ("Contact", "b"), ("What the numbers can and cannot support", "c")])
    ([('About this survey', 'a'), ('What the numbers can and cannot support', 'c')], [('Contact', 'b')])
    """
    short = [s for k, s in enumerate(sections) if k == 0 or s[0] in SUMMARY_HEADINGS]
    return short, [s for s in sections if s not in short]


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


def about_and_citation(report: Mapping, wave: str, codebook=None,
                       respondents: int | None = None) -> tuple[list[tuple[str, str]], str]:
    """The sections of "About this survey" and the suggested citation for ``wave``.

    With the wave's codebook, the shared wording of :mod:`analysis.report.about` (the page and the
    workbook say the same); each section's lines joined into one paragraph. Without it, the
    wording above, from the report's cover.
    """
    if codebook is not None:
        from analysis.report.about import about_sections, suggested_citation

        sections = [(heading, " ".join(lines) if not isinstance(lines, str) else lines)
                    for heading, lines in about_sections(codebook, respondents=respondents)]
        return [(h, t) for h, t in sections if t], suggested_citation(codebook)
    return fallback_about(report), fallback_citation(report)
