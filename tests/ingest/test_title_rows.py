"""A title line above the header ("Online safety survey 2024 - responses exported 3 May") is not the header.

Spreadsheets saved by hand often carry a title in cell A1 and a blank row before the real header.
Read as the header, the title named the first column, "Role" and "Trained?" became answers and the
header row a respondent. A run of rows holding one cell each, above a row of two or more, is taken
for titles: skipped, said in a note, and every row number still the one the spreadsheet shows.

Invented file: title (row 1), blank (row 2), header (row 3), six respondents (rows 4 to 9):
Role Teacher 3, Nurse 3; Trained? Yes 4, No 2.
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from analysis.cli import main
from tests.projects import accept_draft

TITLE = "Online safety survey 2024 - responses exported 3 May 2024"
HEADER = ["id", "Role", "Trained?"]
ROWS = [[1, "Teacher", "Yes"], [2, "Nurse", "Yes"], [3, "Teacher", "No"], [4, "Nurse", "Yes"], [5, "Teacher", "Yes"],
        [6, "Nurse", "No"]]


def _write(path, rows):
    if path.suffix == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        for row in rows:
            wb.active.append(row)
        wb.save(path)
    else:
        path.write_text("".join(",".join(str(c) for c in row) + "\n" for row in rows), encoding="utf-8")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_title_and_a_blank_row_above_the_header_are_skipped(project, tmp_path, capsys, suffix):
    export = tmp_path / f"titled{suffix}"
    _write(export, [[TITLE], [], HEADER, *ROWS])
    capsys.readouterr()
    assert main(["add-wave", str(export), "--wave", "t"]) == 0
    out = capsys.readouterr().out
    assert "title" in out and "row 1" in out and "header is row 3" in out
    items = {item["column"]: item for item in accept_draft(project, "t")["items"].values()}
    assert set(items) == set(HEADER)
    assert set(items["Role"]["codes"].values()) == {"Teacher", "Nurse"}
    assert main(["ingest", "--wave", "t"]) == 0
    frame = pd.read_parquet(project.processed_frame("t"))
    assert len(frame) == 6 and frame["trained"].value_counts().to_dict() == {"Yes": 4, "No": 2}


def test_row_numbers_in_a_problem_are_the_spreadsheet_s(project, tmp_path, capsys):
    wave = project.raw / "t"
    wave.mkdir()
    rows = [r[:] for r in ROWS]
    rows[4][2] = "Maybe"  # respondent 5, spreadsheet row 8
    _write(wave / "titled.csv", [[TITLE], [], HEADER, *rows])
    (wave / "codebook.toml").write_text(
        '[wave]\nname = "t"\n[files]\ndata = "titled.csv"\n[id]\ncolumn = "id"\n'
        '[items.trained]\ncolumn = "Trained?"\ntype = "yesno"\ncodes = { 1 = "Yes", 2 = "No" }\n', encoding="utf-8")
    capsys.readouterr()
    assert main(["ingest", "--wave", "t"]) == 2
    assert "column 'Trained?', row 8: found 'Maybe'" in capsys.readouterr().err


def test_a_one_column_file_keeps_its_header():
    from pathlib import Path

    from analysis.ingest.delimited import rows_to_export

    export = rows_to_export([["id"], ["1"], ["2"]], path=Path("x.csv"), layout="auto", encoding="utf-8")
    assert list(export.frame.columns) == ["id"] and len(export.frame) == 2


@settings(max_examples=60, deadline=None)
@given(titles=st.lists(st.sampled_from(["Survey 2024", "Exported 3 May", "Responses: all", ""]), min_size=1, max_size=5),
       width=st.integers(2, 6), respondents=st.integers(1, 8))
def test_any_run_of_title_and_blank_lines_above_a_header_is_skipped_and_rows_keep_their_numbers(titles, width,
                                                                                                   respondents):
    """Titles and blank lines in any order above a header of two or more columns: the header is the first row
    of two cells, every respondent is read, and each keeps the row number the sheet shows."""
    from pathlib import Path

    from analysis.ingest.delimited import rows_to_export
    from analysis.ingest.raw import file_rows

    if not any(titles):
        titles = titles + ["Survey 2024"]
    header = [f"Q{j}" for j in range(width)]
    rows = [[t] + [""] * (width - 1) for t in titles] + [header] + [
        [f"{i}-{j}" for j in range(width)] for i in range(respondents)]
    export = rows_to_export(rows, path=Path("x.csv"), layout="auto", encoding="utf-8")
    assert list(export.frame.columns) == header
    assert export.frame["Q0"].tolist() == [f"{i}-0" for i in range(respondents)]
    first = len(titles) + 2  # the sheet's row number of the first respondent
    assert file_rows(export, range(respondents)) == list(range(first, first + respondents))
