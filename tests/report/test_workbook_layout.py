"""The workbook as printed and opened: wrapped rows tall enough, the cover on one page, the survey's date named."""

from __future__ import annotations

import io
import math

import openpyxl
import pytest

from tests.report.office_project import page_count, page_text, project_2013, to_pdf
from tests.report.test_workbook_spreadsheet_guidance import COVER, NOTES, TABLE, REAL, load

from analysis.report.workbook import workbook_bytes

#: A4 portrait less Excel's default side margins (0.7 inch each), in millimetres.
A4_PRINTABLE_MM = 210 - 2 * 0.7 * 25.4
#: One character of column width in Arial 11 pt: 7 pixels at 96 per inch, plus 5 pixels of padding per column.
MM_PER_CHAR = 7 / 96 * 25.4


def test_every_row_with_wrapped_text_has_a_height_for_its_lines():
    wb = load(workbook_bytes([TABLE, REAL], cover=COVER, notes=NOTES))
    checked = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None or not cell.alignment.wrap_text:
                    continue
                width = ws.column_dimensions[cell.column_letter].width or 8.43
                # Lines the text needs at the very least: its length over the characters a line holds.
                lines = math.ceil(len(str(cell.value)) / width)
                height = ws.row_dimensions[cell.row].height
                if lines > 1:
                    assert height is not None and height >= 14 * lines, (ws.title, cell.coordinate, lines, height)
                    checked += 1
    assert checked >= 3  # the cover's long texts, the notes, a wrapped heading


def test_the_cover_fits_one_a4_page():
    wb = load(workbook_bytes([TABLE, REAL], cover=COVER, notes=NOTES))
    ws = wb["Cover"]
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    width_mm = ws.column_dimensions["A"].width * MM_PER_CHAR + 5 / 96 * 25.4
    assert width_mm <= A4_PRINTABLE_MM  # not even scaled down: printed at 100%


def test_the_survey_s_publication_date_is_named_as_such():
    wb = load(workbook_bytes([TABLE, REAL], cover=COVER, notes=NOTES))
    column = [c.value for c in wb["Cover"]["A"]]
    assert "Publication date" not in column  # read as the workbook's own date
    k = column.index("Survey results first published")
    assert column[k + 1] == "1 May 2024"


@pytest.fixture(scope="module")
def paths(tmp_path_factory):
    return project_2013(tmp_path_factory)


def test_libreoffice_prints_the_2013_cover_whole_on_its_first_page(paths, tmp_path):
    book = paths.report_dir("2013") / "2013.xlsx"
    only_cover = openpyxl.load_workbook(book)
    for ws in only_cover.worksheets[1:]:
        only_cover.remove(ws)
    path = tmp_path / "cover.xlsx"
    only_cover.save(path)
    pdf = to_pdf(path, tmp_path / "pdf")
    assert page_count(pdf) == 1  # nothing cut off at the right margin onto a second page
    text = page_text(pdf, 1)
    assert "Survey results" in text and "28 January 2014" in text
    assert "Contact" in text and text.rstrip().endswith("See the Notes worksheet.")
