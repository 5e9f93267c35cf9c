"""The Word briefing, read back with python-docx and opened in LibreOffice as a reader would."""

from __future__ import annotations

import io
import json
import time
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn

from tests.report.office_project import page_count, page_text, project_2013, to_pdf

#: Formatting a paragraph or run may carry: its style, and a list's numbering (the List Bullet style's own).
PARAGRAPH_OK = {qn("w:pStyle"), qn("w:numPr")}
RUN_OK = {qn("w:rStyle"), qn("w:noProof")}


@pytest.fixture(scope="module")
def paths(tmp_path_factory):
    return project_2013(tmp_path_factory)


@pytest.fixture(scope="module")
def doc(paths):
    return Document(str(paths.report_dir("2013") / "2013.docx"))


def test_only_named_styles_no_direct_formatting(doc):
    body = doc.element.body
    for p_pr in body.iter(qn("w:pPr")):
        extra = {c.tag for c in p_pr} - PARAGRAPH_OK
        assert not extra, extra
    for r_pr in body.iter(qn("w:rPr")):
        if r_pr.getparent().tag == qn("w:pPr"):  # a paragraph mark's properties
            continue
        extra = {c.tag for c in r_pr} - RUN_OK
        assert not extra, extra
    used = {p.style.name for p in doc.paragraphs}
    assert {"Title", "Heading 1", "List Bullet", "Caption", "Citation"} <= used


def test_the_summary_comes_first_with_findings_citation_and_about(doc):
    names = [(p.style.name, p.text) for p in doc.paragraphs]
    headings = [t for s, t in names if s == "Heading 1"]
    assert headings[:5] == ["Key findings", "About this survey", "About this survey: how it was done", "Figures",
                            "Tables"]
    assert "Methods" in headings
    bullets = [t for s, t in names if s == "List Bullet"]
    assert bullets[0].startswith("62% of respondents (95% CI") and "58% to 66%" in bullets[0]
    citation = [t for s, t in names if s == "Citation"]
    assert len(citation) == 1 and "Bond, E., Agnew, S. and Phippen, A." in citation[0] and "2014" in citation[0]


def test_figures_are_images_with_alt_text_and_captions(doc, paths):
    shapes = doc.inline_shapes
    alts = [s._inline.docPr.get("descr") for s in shapes]
    expected = [json.loads((paths.figures_dir("2013") / f"{n}.json").read_text())["alt_text"]
                for n in ("fig1_headline", "fig2_confidence_by_sector", "fig3_training_by_sector",
                          "fig4_not_confident_by_profession", "fig5_unmet_need_by_sector")]
    assert alts == expected
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    assert captions[0].startswith("Figure 1: Over half on each of the six published measures")
    notes = [p.text for p in doc.paragraphs if p.style.name == "Figure note"]
    assert any(n.startswith("Source: University Campus Suffolk") for n in notes)


def test_main_tables_are_word_tables_with_repeating_header_rows(doc):
    tables = doc.tables
    # The headline and each of the nine measures by sector (the first breakdown); the workbook has the rest.
    assert len(tables) == 10
    for table in tables:
        first = table.rows[0]._tr
        assert first.trPr is not None and first.trPr.find(qn("w:tblHeader")) is not None
        for row in table.rows[1:]:
            assert row._tr.trPr is None or row._tr.trPr.find(qn("w:tblHeader")) is None
    head = tables[0]
    assert head.rows[0].cells[0].text == "Measure"
    row = next(r for r in head.rows if r.cells[0].text == "Not confident assessing online risk")
    assert "62.0%" in [c.text for c in row.cells]  # 429 of 692
    by_sector = tables[1]
    cells = [c.text for r in by_sector.rows[1:] for c in r.cells]
    assert any(c.endswith("\u2020") for c in cells)  # invented breakdowns keep their dagger


def test_two_runs_at_different_times_write_the_same_bytes(paths, monkeypatch):
    from analysis.report.briefing import briefing_bytes
    from analysis.report.stage import build

    report = build("2013", paths)
    first = briefing_bytes(report, "2013", paths.figures_dir("2013"))
    later = time.time() + 3 * 86400
    monkeypatch.setattr(time, "time", lambda: later)
    assert briefing_bytes(report, "2013", paths.figures_dir("2013")) == first
    package = zipfile.ZipFile(io.BytesIO(first))
    assert {i.date_time[:3] for i in package.infolist()} == {(2014, 1, 28)}
    assert b"2014-01-28T00:00:00Z" in package.read("docProps/core.xml")


def test_libreoffice_shows_a_one_page_summary_then_the_detail(paths, tmp_path):
    pdf = to_pdf(paths.report_dir("2013") / "2013.docx", tmp_path)
    pages = page_count(pdf)
    assert 4 <= pages <= 30
    first, second = page_text(pdf, 1), page_text(pdf, 2)
    # (Ghostscript reads the "fi" of "findings" as a ligature's glyph: words without one are matched.)
    for words in ("Key ", "Suggested citation", "About this survey", "62% of respondents", "What the numbers can"):
        assert words in first
    assert "Figures" not in first.split("About this survey", 1)[1]
    assert second.startswith("About this survey: how it was done")
