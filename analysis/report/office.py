"""The report's Office documents: the PowerPoint deck and the Word briefing of a wave.

``reports/<wave>/<wave>.pptx`` (:mod:`analysis.report.slides`) and
``reports/<wave>/<wave>.docx`` (:mod:`analysis.report.briefing`), from what the report stage
built (:func:`analysis.report.stage.build`) and the figures' files in ``figures/<wave>/``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Mapping

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

    from analysis.config import Paths


def write_office(report: Mapping, wave: str, paths: "Paths") -> list["Path"]:
    """Write the deck and the briefing of ``wave``; return their paths."""
    from analysis.codebook import load_codebook
    from analysis.report.briefing import write_briefing
    from analysis.report.slides import write_deck

    codebook = load_codebook(paths.codebook(wave), wave=wave)  # "About this survey" and the citation
    out = paths.report_dir(wave)
    deck, brief = out / f"{wave}.pptx", out / f"{wave}.docx"
    write_deck(deck, report, wave, paths.figures_dir(wave), codebook)
    write_briefing(brief, report, wave, paths.figures_dir(wave), codebook)
    return [deck, brief]
