"""Delimited exports that would lose answers: a stray quote, rows cut short."""

from __future__ import annotations

from analysis.cli import main
from tests.ingest.demo import csv_text, many_rows, refused, write_demo


def test_stray_quote_swallowing_rows_is_an_error_naming_the_row(project, capsys):
    # 300 respondents; a stray quote opens row 6 (respondent 1005), so a CSV reader would read
    # every later row into one 4,000-character id and report 5 respondents.
    rows = many_rows(300)
    rows[5][0] = '"' + rows[5][0]
    folder = write_demo(project.root)
    (folder / "export.csv").write_text(csv_text(rows), encoding="utf-8")
    err = refused(main, project, capsys, stage="validate")
    assert "export.csv: column 'id', row 6: found 'an unmatched double quote (\") that runs the following " \
           "295 rows together into one cell'" in err
    assert len(err.strip().splitlines()) == 1
    assert "1006" not in err  # the swallowed cells are not echoed


def test_stray_quote_closed_by_a_later_quoted_cell_is_named_as_a_quote(project, capsys):
    # A stray quote opening row 3 closes at the quote that opens Q5's quoted text, so the
    # row's first six cells and the start of the text run together into one: the row is short because of the quote.
    rows = many_rows(4)
    rows[2][0] = '"' + rows[2][0]
    rows[2][6] = '"free text, with a comma"'
    folder = write_demo(project.root)
    (folder / "export.csv").write_text(csv_text(rows), encoding="utf-8")
    err = refused(main, project, capsys, stage="validate")
    assert "export.csv: column 'id', row 3: found 'an unmatched double quote (\") that runs the row's cells " \
           "together (2 cells where the header has 7)'" in err
    assert "cut short" not in err and len(err.strip().splitlines()) == 1


def test_rows_with_too_few_cells_are_named(project, capsys):
    rows = many_rows(8)
    rows[3] = rows[3][:2]   # row 4 cut after Q1
    rows[8] = rows[8][:4]   # row 9, the last, cut mid-row (an export cut short)
    folder = write_demo(project.root)
    (folder / "export.csv").write_text(csv_text(rows), encoding="utf-8")
    err = refused(main, project, capsys)
    assert "rows 4, 9: expected 7 cells per row, as in the header" in err


def test_surveymonkey_export_cut_mid_row(project, capsys):
    text = ("Respondent ID,Where do you work?,Confidence\r\n"
            ",Response,Response\r\n"
            "101,Health,Very\r\n"
            "102,Education,Fairly\r\n"
            "103,Health\r\n")
    folder = write_demo(project.root, codebook='''
[wave]
name = "demo"
[files]
data = "export.csv"
[id]
column = "Respondent ID"
[items.sector]
column = "Where do you work?"
type = "single"
codes = { 1 = "Health", 2 = "Education" }
[items.conf]
column = "Confidence"
type = "ordinal"
codes = { 1 = "Fairly", 2 = "Very" }
[indicators.very]
item = "conf"
codes = [2]
label = "Very"
''')
    (folder / "export.csv").write_text(text, encoding="utf-8")
    err = refused(main, project, capsys)
    assert "row 5: expected 3 cells per row" in err


def test_trailing_comma_and_complete_rows_still_read(project):
    from analysis.ingest.pipeline import ingest_wave

    rows = [r + [""] for r in many_rows(4)]
    folder = write_demo(project.root)
    (folder / "export.csv").write_text(csv_text(rows), encoding="utf-8")
    assert ingest_wave("demo", project)["respondents"] == 4
