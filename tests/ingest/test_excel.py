"""XLSX exports: written here with openpyxl as Excel would save them."""

from __future__ import annotations

import datetime as dt
import zipfile

import pandas as pd
import pytest
from openpyxl import Workbook

from analysis.codebook import FilesSpec
from analysis.errors import InputError
from analysis.ingest.readers import read_export


def _save(path, rows, title="Sheet1"):
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_cells_become_text_as_a_csv_would_hold_them(tmp_path):
    path = _save(tmp_path / "e.xlsx", [["id", "Q1", "when", "ok"], [1, 2.0, dt.datetime(2013, 11, 4, 9, 30), True],
                                       [2, None, dt.date(2013, 11, 5), False]])
    export = read_export(path)
    assert export.layout == "xlsx"
    assert export.frame.iloc[0].tolist() == ["1", "2", "2013-11-04 09:30:00", "TRUE"]
    assert export.frame.isna().iloc[1].tolist() == [False, True, False, False]


def test_named_sheet(tmp_path):
    path = tmp_path / "e.xlsx"
    wb = Workbook()
    wb.active.append(["cover page"])
    ws = wb.create_sheet("Responses")
    ws.append(["id", "Q1"])
    ws.append([7, 1])
    wb.save(path)
    assert read_export(path, FilesSpec(data="e.xlsx", sheet="Responses")).frame["id"].tolist() == ["7"]
    with pytest.raises(InputError) as info:
        read_export(path, FilesSpec(data="e.xlsx", sheet="Data"))
    assert "found 'Data'" in str(info.value) and "Responses" in str(info.value)


def test_header_only_workbook(tmp_path):
    with pytest.raises(InputError) as info:
        read_export(_save(tmp_path / "e.xlsx", [["id", "Q1"]]))
    assert "a header-only file" in str(info.value)


def test_corrupt_workbook(tmp_path):
    path = tmp_path / "e.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    with pytest.raises(InputError) as info:
        read_export(path)
    assert "expected a readable .xlsx workbook" in str(info.value)


def test_format_that_contradicts_the_bytes(tmp_path):
    path = _save(tmp_path / "e.xlsx", [["id"], [1]])
    with pytest.raises(InputError) as info:
        read_export(path, FilesSpec(data="e.xlsx", format="sav"))
    assert "expected a sav export, as files.format says" in str(info.value)


def test_formulas_saved_without_their_results_are_named(tmp_path):
    # openpyxl, like many generators, saves formulas with no cached result: read as values they are blank.
    rows = [["id", "Q1"]] + [[i, "=1+1" if i in (2, 4) else 1] for i in range(1, 6)]
    path = _save(tmp_path / "e.xlsx", rows)
    with pytest.raises(InputError) as info:
        read_export(path)
    assert info.value.lines() == [f"{path}: found 'formulas with no saved result in cells B3, B5', expected cells "
                                  "holding values; open the workbook in a spreadsheet and save it, so formulas "
                                  "are stored with their results, or export values"]


# --------------------------------------------------------------------------- merged cells, sheets, date serials


def _labels_merged_down(path, *, rows=300, merge_every=5):
    """A workbook whose sector label is merged down each run of five rows (as a report-style export has it)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Responses"
    ws.append(["id", "sector", "Q1"])
    for i in range(rows):
        ws.append([i + 1, "Health" if i % merge_every == 0 else None, "Yes"])
    for start in range(2, rows + 2, merge_every):
        ws.merge_cells(f"B{start}:B{start + merge_every - 1}")
    wb.save(path)
    return path


def test_merged_cells_in_the_data_are_one_line_naming_the_range(tmp_path):
    # 60 ranges of 5 rows: 240 of 300 answers would read as blank (a merged range keeps only its first cell).
    path = _labels_merged_down(tmp_path / "e.xlsx")
    with pytest.raises(InputError) as info:
        read_export(path)
    assert info.value.lines() == [
        f"{path}: found 'merged cells B2:B6, B7:B11, B12:B16, B17:B21, B22:B26 and 55 more on sheet 'Responses' "
        "(240 cells that would read as blank answers)', expected one value in every cell of the data rows; "
        "unmerge the cells and fill each one with its value (only a merged range's first cell holds it)"]


def test_merged_cells_refused_by_add_wave_with_exit_status_2(project, tmp_path, capsys):
    from analysis.cli import main

    path = _labels_merged_down(tmp_path / "e.xlsx", rows=10)
    assert main(["add-wave", str(path), "--wave", "2024"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "merged cells B2:B6, B7:B11 on sheet 'Responses' (8 cells" in err[0]
    assert not project.codebook("2024").exists()


def test_merged_header_cells_are_allowed(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["id", "Rate it", None])
    ws.append([None, "Speed", "Cost"])
    ws.append([1, "Good", "Poor"])
    ws.merge_cells("B1:C1")
    ws["A1"] = "Respondent ID"
    wb.save(tmp_path / "e.xlsx")
    raw = read_export(tmp_path / "e.xlsx")  # SurveyMonkey-style: the merged question spans its options
    assert raw.layout == "surveymonkey" and len(raw.frame) == 1


def _sheets(path, states):
    wb = Workbook()
    wb.remove(wb.active)
    for title, state in states:
        ws = wb.create_sheet(title)
        ws.sheet_state = state
        ws.append(["id", "Q1"])
        ws.append([1 if title == "Responses" else 99, title])
    wb.save(path)
    return path


def test_a_hidden_first_sheet_is_never_read_and_the_sheets_are_named(tmp_path):
    path = _sheets(tmp_path / "e.xlsx", [("Lookup", "hidden"), ("Responses", "visible"), ("Notes", "visible")])
    raw = read_export(path)
    assert raw.frame["Q1"].tolist() == ["Responses"]
    assert ("workbook sheets: 'Lookup' (hidden), 'Responses', 'Notes'; read 'Responses' (the first visible sheet; "
            "set [files] sheet to read another)") in raw.notes
    named = read_export(path, FilesSpec(data="e.xlsx", sheet="Lookup"))
    assert named.frame["Q1"].tolist() == ["Lookup"]
    assert any("read 'Lookup' (named by [files] sheet)" in n for n in named.notes)


def test_one_sheet_workbook_has_no_sheet_note(tmp_path):
    raw = read_export(_save(tmp_path / "e.xlsx", [["id", "Q1"], [1, 2]]))
    assert not [n for n in raw.notes if n.startswith("workbook sheets")]


def test_date_serials_become_dates_in_a_date_item(project, tmp_path):
    # 44197 is 2021-01-01 (day 0 is 1899-12-30, as Excel counts); .5 is noon; a date cell reads as before.
    from analysis.cli import main
    from tests.ingest.demo import codebook_head

    folder = project.wave_dir("2021")
    folder.mkdir(parents=True)
    _save(folder / "export.xlsx", [["id", "when", "n"], [1, 44197, 44197], [2, 44197.5, 3],
                                   [3, dt.datetime(2021, 2, 3, 4, 5, 6), 4], [4, None, 5], [5, "soon", 6]])
    book = codebook_head(name="2021", data="export.xlsx") + (
        '[items.when]\ncolumn = "when"\ntype = "date"\n[items.n]\ncolumn = "n"\ntype = "numeric"\n')
    project.codebook("2021").write_text(book, encoding="utf-8")
    assert main(["ingest", "--wave", "2021"]) == 0
    frame = pd.read_parquet(project.processed_frame("2021"))
    assert frame["when"].tolist()[:3] == ["2021-01-01", "2021-01-01 12:00:00", "2021-02-03 04:05:06"]
    assert pd.isna(frame["when"].iloc[3]) and frame["when"].iloc[4] == "soon"
    assert frame["n"].tolist()[0] == 44197  # a number item's numbers are left alone


def test_the_mac_1904_date_system(tmp_path):
    from analysis.ingest.dates import serial_to_iso

    assert serial_to_iso("42735", dt.date(1904, 1, 1)) == "2021-01-01"


def test_a_workbook_of_hidden_sheets_only_is_one_line(tmp_path):
    # openpyxl will not save such a workbook, so its workbook.xml is edited as another tool might write it.
    source = _sheets(tmp_path / "s.xlsx", [("Responses", "visible"), ("Other", "hidden")])
    path = tmp_path / "e.xlsx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(path, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/workbook.xml":
                data = data.replace(b'state="visible"', b'state="hidden"')
            zout.writestr(item, data)
    with pytest.raises(InputError) as info:
        read_export(path)
    assert info.value.lines() == [f"{path}: found 'only hidden sheets', expected a visible sheet holding the "
                                  "responses, or files.sheet naming one (sheets: 'Responses' (hidden), 'Other' "
                                  "(hidden))"]


def test_the_visible_sheet_showing_a_platform_header_is_read_before_an_info_sheet(tmp_path):
    # A Jisc workbook whose first sheet describes the survey and whose second holds the six responses.
    from openpyxl import Workbook

    from analysis.ingest.readers import read_export

    wb = Workbook()
    info = wb.active
    info.title = "Survey info"
    for row in [["Survey", "Training needs 2024"], ["Exported", "2024-02-01"], ["Responses", 6]]:
        info.append(row)
    data = wb.create_sheet("Responses")
    data.append(["URN", "CompletionDate", "1. Where do you work?", "2. How confident are you?"])
    for i in range(6):
        data.append([1000 + i, "2024-01-01 10:00", "Health" if i % 2 else "Education", "Very"])
    path = tmp_path / "jisc.xlsx"
    wb.save(path)
    raw = read_export(path)
    assert raw.layout == "jisc" and len(raw.frame) == 6
    assert any("read 'Responses' (the first visible sheet with a Jisc Online Surveys header" in n for n in raw.notes)
