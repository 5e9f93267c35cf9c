"""The Excel workbook: numbers as numbers, formats, titles and bases above tables, frozen headers, same bytes."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile

import openpyxl

from analysis.report.content import Column, ReportTable
from analysis.report.workbook import Cover, sheet_name, workbook_bytes

TABLE = ReportTable(
    id="x-by-sector", title="Not confident, by sector", base="Base: all respondents (n=150).",
    columns=(Column("group", "Group"), Column("count", "Count", "int"), Column("n", "Base (n)", "int"),
             Column("proportion", "%", "percent"), Column("note", "Note")),
    rows=(("All", 60, 150, 0.4, ""), ("A", None, 20, None, "Withheld (disclosure control)"),
          ("B", 30, 70, 30 / 70, ""), ("C", None, 60, None, "Withheld (disclosure control)"),
          ("D", 0, 0, None, "")),
    notes=("A note under the table.",), withheld=frozenset({(1, 1), (1, 3), (3, 1), (3, 3)}))
NOTES = [("Source", ["A survey, a charity."]), ("Disclosure control", ["Counts below 10 are withheld."])]


def load(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def test_sheets_titles_bases_and_frozen_header():
    wb = load(workbook_bytes([TABLE], cover=Cover(title="Demo", provenance_note="Reconstructed data."), notes=NOTES))
    assert wb.sheetnames == ["Cover", "Contents", "Notes", "Table_1"]
    cover = [c.value for c in wb["Cover"]["A"] if c.value]
    assert cover[0] == "Demo" and "Reconstructed data." in cover
    ws = wb["Table_1"]
    assert ws["A1"].value.startswith("Not confident, by sector [note ")
    assert ws["A2"].value == "Base: all respondents (n=150)."  # no Bases note to mark
    assert ws["A4"].value.startswith("Reconstructed or illustrative data, not survey results: see the Cover and [note 1]")
    assert [c.value for c in ws[5]] == ["Group", "Count", "Base (n)", "%", "Note"]  # no blank row above
    assert ws.freeze_panes == "A6"
    notes = [c.value for c in wb["Notes"]["C"] if c.value]
    assert "Reconstructed data." in notes and "Counts below 10 are withheld." in notes


def test_numbers_are_numbers_with_formats_and_withheld_cells_are_marked():
    ws = load(workbook_bytes([TABLE], cover=Cover(title="Demo"), notes=NOTES))["Table_1"]
    assert [c.value for c in ws[4]][0] == "Group"  # no reconstruction note: header on row 4
    all_row, a_row, b_row, _, d_row = (ws[r] for r in range(5, 10))
    assert all_row[1].value == 60 and all_row[1].number_format == "#,##0"
    assert all_row[3].value == 0.4 and all_row[3].number_format == "0.0%"
    assert isinstance(b_row[3].value, float) and abs(b_row[3].value - 30 / 70) < 1e-12
    assert a_row[1].value == "[c]" and a_row[3].value == "[c]" and a_row[2].value == 20
    assert d_row[3].value == "[x]"  # no respondents: not available, not withheld
    widths = [ws.column_dimensions[c].width for c in "ABCDE"]
    assert all(9 <= w <= 60 for w in widths)
    assert ws.column_dimensions["E"].width >= len("Withheld (disclosure control)")


def test_two_writes_give_identical_bytes_even_across_processes():
    first = workbook_bytes([TABLE], cover=Cover(title="Demo"), notes=NOTES)
    assert first == workbook_bytes([TABLE], cover=Cover(title="Demo"), notes=NOTES)
    code = ("import sys; from tests.report.test_workbook import TABLE, NOTES; "
            "from analysis.report.workbook import Cover, workbook_bytes; "
            "sys.stdout.buffer.write(workbook_bytes([TABLE], cover=Cover(title='Demo'), notes=NOTES))")
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    env.pop("SOURCE_DATE_EPOCH", None)
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, check=True).stdout
    assert other == first
    stamps = {i.date_time for i in zipfile.ZipFile(io.BytesIO(first)).infolist()}
    assert stamps == {(1980, 1, 1, 0, 0, 0)}
    assert b"<dcterms:modified" in zipfile.ZipFile(io.BytesIO(first)).read("docProps/core.xml")
    assert b"1980-01-01T00:00:00Z" in zipfile.ZipFile(io.BytesIO(first)).read("docProps/core.xml")


def test_sheet_names_follow_excel_rules():
    taken: set[str] = set()
    names = [sheet_name(t, taken) for t in ("Notes", "notes", "a/b:c*d?[e]", "x" * 40, "x" * 40)]
    assert names == ["Notes", "notes 2", "abcde", "x" * 31, "x" * 29 + " 2"]


def test_labels_starting_with_equals_are_text_not_formulas():
    import dataclasses

    hostile = '=HYPERLINK("http://example.invalid","click")'
    table = dataclasses.replace(TABLE, title="=1+1", rows=((hostile, 60, 150, 0.4, "@SUM(A1)"),))
    data = workbook_bytes([table], cover=Cover(title="=2+2"), notes=[("-Source", ["+a note"])])
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheets = b"".join(z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))
    assert b"<f>" not in sheets  # no cell holds a formula
    ws = load(data)["Table_1"]
    assert ws["A5"].value == hostile and ws["A5"].data_type == "s"
