"""A workbook's cells are read with python-calamine; what it reads differently from openpyxl is handled.

The values of every kind a sheet holds (whole and decimal numbers, dates, date-times, times,
durations, true/false, text, blanks, a formatted but empty row below the data) read as the same
text either way. An error cell (``#N/A``) calamine reads as blank, which would lose an answer: a
sheet holding one is read with openpyxl, so the cell keeps its text and the check names it.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from analysis.cli import main


def _book(path, *, error: bool = False):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["id", "When", "Time", "Took", "Flag", "Trained?", "Score"])
    ws.append([1, dt.datetime(2024, 5, 1, 9, 30), dt.time(9, 30), dt.timedelta(hours=1, minutes=30), True, "Yes", 3.0])
    ws.append([2, dt.date(2024, 5, 2), None, None, False, "No", 2.5])
    ws.append([3, dt.date(2024, 5, 3), dt.time(10, 0), None, None, "#N/A" if error else "Yes", 7])
    if error:
        ws["F4"].data_type = "e"
    ws.cell(row=9, column=2).number_format = "0.00"  # a formatted, empty cell below the data
    wb.save(path)


def _openpyxl_rows(path) -> list[list[str]]:
    from openpyxl import load_workbook

    from analysis.ingest.excel import _cell_text

    wb = load_workbook(path, read_only=True, data_only=True)
    rows = [[_cell_text(v) for v in row] for row in wb.active.iter_rows(values_only=True)]
    wb.close()
    return rows


def test_every_kind_of_value_reads_as_openpyxl_reads_it(tmp_path):
    from analysis.ingest.excel import read_xlsx

    path = tmp_path / "kinds.xlsx"
    _book(path)
    rows = _openpyxl_rows(path)
    while rows and not any(rows[-1]):
        rows.pop()
    frame = read_xlsx(path).frame
    assert frame["When"].tolist() == ["2024-05-01 09:30:00", "2024-05-02 00:00:00", "2024-05-03 00:00:00"]
    assert frame["Score"].tolist() == ["3", "2.5", "7"] and frame["Flag"].tolist()[:2] == ["TRUE", "FALSE"]
    read = [[None if pd.isna(v) else v for v in row] for row in frame.to_numpy().tolist()]
    assert list(frame.columns) == rows[0]
    assert read == [[v or None for v in row] for row in rows[1:]]


def test_an_error_cell_is_named_not_read_as_blank(project, capsys):
    wave = project.raw / "x"
    wave.mkdir()
    _book(wave / "export.xlsx", error=True)
    (wave / "codebook.toml").write_text(
        '[wave]\nname = "x"\n[files]\ndata = "export.xlsx"\n[id]\ncolumn = "id"\n'
        '[items.trained]\ncolumn = "Trained?"\ntype = "yesno"\ncodes = { 1 = "Yes", 2 = "No" }\n', encoding="utf-8")
    capsys.readouterr()
    assert main(["ingest", "--wave", "x"]) == 2
    err = capsys.readouterr().err
    assert "column 'Trained?', row 4" in err and "#N/A" in err
