"""XLSX exports: written here with openpyxl as Excel would save them."""

from __future__ import annotations

import datetime as dt
import zipfile

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
