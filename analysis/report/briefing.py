"""The Word briefing of a wave: ``reports/<wave>/<wave>.docx``, a one-page summary then the detail.

Page 1, the summary: the title and status, the key findings, the suggested citation and
"About this survey" (what the survey is and what its numbers can support, and a reconstruction's
note; :mod:`analysis.report.about`). After a page break: the rest of "About this survey" in full
(recruitment, who could answer, strengths and limitations, contact), each figure
(the slide-sized image of :mod:`analysis.figures.sized`, else the document PNG, with its alt
text) under its caption, with its base, notes and source; the main tables (the headline and
each measure by the first breakdown; the full set is in the workbook) as real Word tables whose
header row repeats on every page; and the methods notes.

Only named styles are used (``Title``, ``Heading 1``/``2``, ``List Bullet``, ``Caption``,
``Table Grid`` and the toolkit's own ``Citation``, ``Figure note``, ``Table text``,
``Table heading``, ``Figure subtitle`` and ``Summary text``), never formatting applied to a run, so a charity's
template restyles the whole document by restyling those names. Numbers a reconstruction
invented carry a dagger and withheld cells read ``[c]``, as in the page and the workbook.

Same inputs, same bytes: the document's dates and every zip entry's are the wave's
publication date (:mod:`analysis.report.ooxml`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Mapping, Sequence

if TYPE_CHECKING:  # pragma: no cover
    from analysis.report.content import ReportTable

INVENTED_MARK = "\u2020"
#: Width of a figure on an A4 page with 2 cm margins, in centimetres.
FIGURE_WIDTH_CM = 16.5
#: The toolkit's own paragraph styles: (name, base style, size in points, bold, italic).
OWN_STYLES = (("Summary text", "Normal", 10, False, False), ("Citation", "Normal", 10, False, True),
              ("Figure subtitle", "Normal", 8.5, False, False),
              ("Figure note", "Normal", 8.5, False, False), ("Table text", "Normal", 8, False, False),
              ("Table heading", "Normal", 8, True, False))


def _styles(doc) -> None:
    """Arial throughout; the toolkit's named styles added once."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    styles = doc.styles
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Caption", "List Bullet"):
        styles[name].font.name = "Arial"
    styles["Normal"].font.size = Pt(10)
    styles["Title"].font.size = Pt(20)
    styles["Heading 1"].font.size = Pt(14)
    styles["Heading 2"].font.size = Pt(12)
    styles["List Bullet"].font.size = Pt(10)
    styles["List Bullet"].paragraph_format.space_after = Pt(3)
    for name, base, size, bold, italic in OWN_STYLES:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[base]
        style.font.name = "Arial"
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = italic
        style.paragraph_format.space_after = Pt(2 if size < 9 else 4)
    # A figure's caption and subtitle stay on the page of its image.
    styles["Caption"].paragraph_format.keep_with_next = True
    styles["Figure subtitle"].paragraph_format.keep_with_next = True


def _page(doc) -> None:
    """A4 portrait, 2 cm margins."""
    from docx.shared import Cm

    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))


def _picture(doc, data: bytes, alt_text: str, title: str) -> None:
    """The image, full text width, with its alt text (``descr``) and title."""
    import io

    from docx.shared import Cm

    doc.add_paragraph(style="Normal")
    run = doc.paragraphs[-1].add_run()
    shape = run.add_picture(io.BytesIO(data), width=Cm(FIGURE_WIDTH_CM))
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", alt_text)
    doc_pr.set("title", title)


def _repeat_header(row) -> None:
    """Mark a table row as a header row that repeats at the top of every page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def cell_text(table: "ReportTable", i: int, j: int, invented: set) -> str:
    """A cell as the page shows it, with the dagger on an invented number.

    >>> from analysis.report.content import Column, ReportTable
    >>> t = ReportTable("t", "T", "", (Column("g", "Group"), Column("p", "%", "percent")), (("All", 0.62),))
    >>> cell_text(t, 0, 1, {(0, 1)})
    '62.0%\u2020'
    """
    from analysis.report.content import display

    col = table.columns[j]
    text = display(table.rows[i][j], col.kind, withheld=table.is_withheld(i, j))
    return text + INVENTED_MARK if (i, j) in invented and not table.is_withheld(i, j) and text not in ("[x]", "") \
        else text


def _table(doc, table: "ReportTable") -> None:
    from analysis.report.workbook import invented_cells

    invented = invented_cells(table)
    doc.add_paragraph(table.title, style="Heading 2")
    if table.base:
        doc.add_paragraph(table.base, style="Figure note")
    grid = doc.add_table(rows=1 + len(table.rows), cols=len(table.columns))
    grid.style = doc.styles["Table Grid"]
    for j, col in enumerate(table.columns):
        cell = grid.rows[0].cells[j]
        cell.text = ""
        cell.paragraphs[0].style = doc.styles["Table heading"]
        cell.paragraphs[0].add_run(col.label)
    _repeat_header(grid.rows[0])
    for i in range(len(table.rows)):
        cells = grid.rows[i + 1].cells
        for j in range(len(table.columns)):
            cells[j].paragraphs[0].style = doc.styles["Table text"]
            cells[j].paragraphs[0].add_run(cell_text(table, i, j, invented))
    for note in table.notes:
        doc.add_paragraph(note, style="Figure note")
    if invented:
        doc.add_paragraph(f"{INVENTED_MARK} A number the reconstruction invented: not a finding.", style="Figure note")


def main_tables(tables: Sequence["ReportTable"]) -> list["ReportTable"]:
    """The headline table and each measure by the first breakdown (the workbook holds every table).

    >>> from analysis.report.content import ReportTable
    >>> ts = [ReportTable(i, i, "", (), ()) for i in ("headline", "a-by-sector", "a-by-profession", "b-by-sector")]
    >>> [t.id for t in main_tables(ts)]
    ['headline', 'a-by-sector', 'b-by-sector']
    """
    first = next((t.id.rsplit("-by-", 1)[1] for t in tables if "-by-" in t.id), None)
    return [t for t in tables if t.id == "headline" or (first and t.id.endswith(f"-by-{first}"))]


def _image_for(figure, figures_dir) -> bytes:
    """The slide-sized image of a figure when the figures stage wrote one, else its document PNG."""
    from pathlib import Path

    from analysis.figures.sized import file_name

    slide = Path(figures_dir) / file_name(figure.name, "slide")
    return slide.read_bytes() if slide.is_file() else figure.png


def briefing_bytes(report: Mapping, wave: str, figures_dir, codebook=None) -> bytes:
    """The briefing of one wave as ``.docx`` bytes, identical for identical inputs.

    Parameters
    ----------
    report : mapping
        What :func:`analysis.report.stage.build` returns.
    wave : str
        The wave's name.
    figures_dir : path
        ``figures/<wave>/``: the figures' JSON records and images.
    """
    import json
    from pathlib import Path

    from docx import Document

    from analysis.report.office_text import ABOUT_HEADING, about_and_citation, split_summary
    from analysis.report.ooxml import saved_document
    from analysis.report.workbook import fixed_time

    cover = report["cover"]
    about, citation = about_and_citation(report, wave, codebook)
    doc = Document()
    _styles(doc)
    _page(doc)
    doc.add_paragraph(report["title"], style="Title")
    if cover.status:
        doc.add_paragraph(cover.status, style="Summary text")
    doc.add_paragraph("Key findings", style="Heading 1")
    for finding in report["findings"]:
        doc.add_paragraph(finding, style="List Bullet")
    doc.add_paragraph(f"Suggested citation: {citation}", style="Citation")
    summary, rest = split_summary(about)
    doc.add_paragraph(ABOUT_HEADING, style="Heading 1")
    for heading, text in summary:
        doc.add_paragraph(text if heading == ABOUT_HEADING else f"{heading}: {text}", style="Summary text")
    if cover.provenance_note and not any(cover.provenance_note in t for _, t in about):
        doc.add_paragraph(cover.provenance_note, style="Summary text")
    doc.add_page_break()
    if rest:
        doc.add_paragraph(f"{ABOUT_HEADING}: how it was done", style="Heading 1")
        for heading, text in rest:
            doc.add_paragraph(heading, style="Heading 2")
            doc.add_paragraph(text, style="Summary text")

    doc.add_paragraph("Figures", style="Heading 1")
    number = 0
    for figure in report["figures"]:
        image = _image_for(figure, figures_dir)
        if not image or figure.withheld:
            continue
        number += 1
        meta_path = Path(figures_dir) / f"{figure.name}.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
        doc.add_paragraph(f"Figure {number}: {meta.get('title', figure.title)}", style="Caption")
        if meta.get("subtitle"):
            doc.add_paragraph(meta["subtitle"], style="Figure subtitle")
        _picture(doc, image, figure.alt_text, meta.get("title", figure.title))
        for line in [meta.get("base", ""), *meta.get("notes", []), meta.get("source", "")]:
            if line:
                doc.add_paragraph(line, style="Figure note")
    doc.add_paragraph("Tables", style="Heading 1")
    doc.add_paragraph("The headline figures and each measure by the first breakdown. The workbook "
                      f"({wave}.xlsx) holds every table.", style="Summary text")
    for table in main_tables(report["tables"]):
        _table(doc, table)
    doc.add_paragraph("Methods", style="Heading 1")
    for heading, lines in report["notes"]:
        doc.add_paragraph(heading, style="Heading 2")
        for line in lines:
            doc.add_paragraph(line, style="Summary text")
    if report.get("footer"):
        doc.add_paragraph(report["footer"], style="Figure note")

    when = fixed_time(cover.published)
    return saved_document(doc, report["title"], when)


def write_briefing(path, report: Mapping, wave: str, figures_dir, codebook=None) -> None:
    """Write :func:`briefing_bytes` atomically to ``path``."""
    from analysis.atomic import write_bytes

    write_bytes(path, briefing_bytes(report, wave, figures_dir, codebook))
