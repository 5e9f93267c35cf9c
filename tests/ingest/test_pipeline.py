"""End-to-end ingest of a small demo wave: frames, provenance, personal data, bad input."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.cli import main
from analysis.errors import InputError
from analysis.ingest.pipeline import ingest_wave, load_wave
from tests.ingest.demo import ROWS, write_demo


def _snapshot(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_ingest_writes_tidy_frames_with_codebook_types(project):
    write_demo(project.root)
    wave = load_wave("demo", project)
    resp = wave.respondents
    assert list(resp.index) == ["101", "102", "103", "104", "105", "106"]
    assert resp.index.name == "respondent"
    # labels and codes both map onto the codebook's labels
    assert list(resp["sector"].astype(object)) == ["Health", "Education", "Education", "Health", "Education", "Health"]
    conf = resp["conf"]
    assert conf.cat.ordered
    assert list(conf.cat.categories) == ["Not at all confident", "Not very confident", "Fairly confident",
                                         "Very confident", "Don't know", "No answer"]
    assert conf.loc["103"] == "Don't know" and pd.isna(conf.loc["106"])
    assert str(resp["years"].dtype) == "Float64"
    assert pd.isna(resp.loc["103", "years"])  # -1 is the refused code, not a number of years
    assert resp.loc["102", "years"] == 10


def test_ingest_writes_the_respondent_frame_and_its_sidecar_only(project):
    write_demo(project.root)
    (project.processed / "demo.long.parquet").write_bytes(b"left by an earlier version")
    ingest_wave("demo", project)
    assert sorted(p.name for p in project.processed.iterdir()) == ["demo.json", "demo.parquet"]
    record = json.loads(project.processed_sidecar("demo").read_text())
    assert "long_rows" not in record


def test_codes_and_missing_kinds_are_read_from_the_respondent_frame(project):
    from analysis.derive import item_answers

    write_demo(project.root)
    wave = load_wave("demo", project)
    conf = item_answers(wave.codebook, wave.respondents, "conf")
    # by hand (demo ROWS): 101 answered 1, 103 don't know (8), 106 left it blank
    assert conf.loc["101", "code"] == 1 and pd.isna(conf.loc["101", "missing"])
    assert conf.loc["103", "code"] == 8 and conf.loc["103", "missing"] == "dont_know"
    assert pd.isna(conf.loc["106", "code"]) and conf.loc["106", "missing"] == "no_answer"


def test_personal_data_and_free_text_never_reach_processed(project):
    write_demo(project.root)
    ingest_wave("demo", project)
    for path in project.processed.iterdir():
        data = path.read_bytes()
        for secret in (b"ann@example.org", b"bob@example.org", b"webcam", b"Grooming"):
            assert secret not in data, (path.name, secret)
    record = json.loads(project.processed_sidecar("demo").read_text())
    assert record["dropped_personal_columns"] == ["Email", "Q5"]


def test_sidecar_records_checksums_counts_and_version(project):
    import hashlib

    folder = write_demo(project.root)
    record = ingest_wave("demo", project)
    assert record["respondents"] == 6
    assert record["inputs"][0]["sha256"] == hashlib.sha256((folder / "export.csv").read_bytes()).hexdigest()
    assert record["codebook"]["sha256"] == hashlib.sha256((folder / "codebook.toml").read_bytes()).hexdigest()
    assert record["inputs"][0]["path"] == "data/raw/demo/export.csv"
    from analysis import __version__

    assert record["toolkit_version"] == __version__


def test_ingest_twice_gives_identical_bytes(project):
    write_demo(project.root)
    ingest_wave("demo", project)
    first = _snapshot(project.processed)
    for p in project.processed.iterdir():
        p.unlink()
    ingest_wave("demo", project)
    assert _snapshot(project.processed) == first


def test_csv_and_xlsx_and_cp1252_give_the_same_frame(project):
    from openpyxl import Workbook

    write_demo(project.root)
    expected = load_wave("demo", project).respondents
    # the same rows, saved by Excel on Windows: cp1252, with an accented free-text answer
    rows = [list(r) for r in ROWS]
    rows[1][6] = "Un caf\u00e9 webcam"
    write_demo(project.root, rows=rows, name="export_cp1252.csv", encoding="cp1252")
    assert b"caf\xe9" in (project.wave_dir("demo") / "export_cp1252.csv").read_bytes()
    assert load_wave("demo", project).respondents.equals(expected)
    assert json.loads(project.processed_sidecar("demo").read_text())["encoding"] == "cp1252"
    wb = Workbook()
    ws = wb.active
    for r in ROWS:
        ws.append([int(c) if c.lstrip("-").isdigit() else (c or None) for c in r])
    folder = project.wave_dir("demo")
    wb.save(folder / "export.xlsx")
    (folder / "codebook.toml").write_text((folder / "codebook.toml").read_text().replace(
        '"export_cp1252.csv"', '"export.xlsx"'))
    assert load_wave("demo", project).respondents.equals(expected)


BAD_INPUTS = {
    "code not in codebook": (lambda rows: rows[2].__setitem__(2, "7"),
                             "column 'Q2', row 3: found '7', expected a code or label of item 'conf'"),
    "duplicate id": (lambda rows: rows[3].__setitem__(0, "101"),
                     "column 'id', row 4: found 'an id already used in row 2', expected each respondent id once"),
    "blank id": (lambda rows: rows[5].__setitem__(0, ""),
                 "column 'id', row 6: found 'a blank id'"),
    "text in a numeric column": (lambda rows: rows[1].__setitem__(4, "three"),
                                 "column 'Q4', row 2: found 'three', expected a number for item 'years'"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_cells_are_reported_with_file_column_row(project, case, capsys):
    rows = [list(r) for r in ROWS]
    mutate, message = BAD_INPUTS[case]
    mutate(rows)
    write_demo(project.root, rows=rows)
    assert main(["ingest", "--wave", "demo"]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.startswith(str(project.wave_dir("demo") / "export.csv") + ":")
    assert "Traceback" not in err
    assert list(project.processed.iterdir()) == []


def test_every_problem_in_a_file_is_reported_together(project, capsys):
    rows = [list(r) for r in ROWS]
    rows[1][2] = "7"
    rows[2][2] = "x"
    rows[3][0] = "101"
    rows = [r[:3] + r[4:] for r in rows]  # drop Q3, a required column
    write_demo(project.root, rows=rows)
    assert main(["ingest"]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 3
    assert "column 'id', row 4" in lines[0]
    assert "column 'Q2', rows 2, 3: found '7', 'x'" in lines[1]
    assert "column 'Q3': found 'no such column'" in lines[2]


def test_row_lists_are_cut_after_five_with_a_count(project, capsys):
    rows = [ROWS[0]] + [[str(200 + i), "1", "6", "2", "1", "", ""] for i in range(9)]
    write_demo(project.root, rows=rows)
    assert main(["validate"]) == 2
    assert "rows 2, 3, 4, 5, 6 and 4 more" in capsys.readouterr().err


@pytest.mark.parametrize("content, message", [
    (b"", "found 'an empty file'"),
    (b"id,Q1,Q2,Q3,Q4,Email,Q5\r\n", "found 'a header-only file'"),
    # header: 23 characters + CRLF = offsets 0-24; "1,1," = 25-28; 0x81 (undefined in cp1252) at 29
    (b"id,Q1,Q2,Q3,Q4,Email,Q5\r\n1,1,\x81\x8d,2,1,,\r\n", "found 'byte 0x81 at offset 29', expected text in UTF-8 or cp1252"),
    (b"$FL2@(#) IBM SPSS STATISTICS 64-bit", "expected a complete SPSS .sav or .zsav file"),
])
def test_unreadable_files_fail_cleanly_and_leave_processed_untouched(project, capsys, content, message):
    write_demo(project.root)
    assert main(["ingest"]) == 0
    before = _snapshot(project.processed)
    (project.wave_dir("demo") / "export.csv").write_bytes(content)
    assert main(["ingest"]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert _snapshot(project.processed) == before


def test_truncated_sav_is_reported(project, corpus, capsys):
    sample = (corpus / "spss" / "pyreadstat_sample.sav").read_bytes()
    write_demo(project.root)
    (project.wave_dir("demo") / "export.csv").write_bytes(sample[: len(sample) // 2])
    assert main(["ingest"]) == 2
    assert "expected a complete SPSS .sav or .zsav file" in capsys.readouterr().err


def test_missing_codebook_and_unknown_wave(project, capsys):
    assert main(["ingest"]) == 2
    assert "expected at least one wave folder holding a codebook.toml" in capsys.readouterr().err
    write_demo(project.root)
    assert main(["ingest", "--wave", "nope"]) == 2
    assert "waves found: demo" in capsys.readouterr().err


def test_input_error_is_raised_to_library_callers(project):
    rows = [list(r) for r in ROWS]
    rows[1][1] = "9"
    write_demo(project.root, rows=rows)
    with pytest.raises(InputError) as info:
        ingest_wave("demo", project)
    assert info.value.problems[0].column == "Q1"
    assert info.value.problems[0].rows == [2]


def test_blank_lines_do_not_shift_row_numbers(project, capsys):
    folder = write_demo(project.root)
    data = (folder / "export.csv").read_bytes()
    data = data.replace(b"\r\n103,2,8,", b"\r\n,,,,,,\r\n\r\n103,2,77,")
    (folder / "export.csv").write_bytes(data)
    # header = row 1, 101 = row 2, 102 = row 3, two blank rows 4-5, 103 = row 6
    assert main(["validate"]) == 2
    assert "column 'Q2', row 6: found '77'" in capsys.readouterr().err


def test_dropped_preview_rows_do_not_shift_row_numbers(project, capsys):
    """A Qualtrics export: three header rows, a survey-preview row dropped, a bad code after it."""
    folder = project.wave_dir("q")
    folder.mkdir(parents=True)
    lines = [
        'StartDate,Status,ResponseId,Q1',
        'Start Date,Response Type,Response ID,How confident are you?',
        '"{""ImportId"":""startDate""}","{""ImportId"":""status""}","{""ImportId"":""_recordId""}","{""ImportId"":""QID1""}"',
        '2013-11-01,Survey Preview,R_prev,4',   # row 4: dropped
        '2013-11-02,IP Address,R_1,1',          # row 5
        '2013-11-03,IP Address,R_2,6',          # row 6: 6 is not a code
    ]
    (folder / "export.csv").write_text("\n".join(lines) + "\n")
    (folder / "codebook.toml").write_text('''
[wave]
name = "q"
[files]
data = "export.csv"
[id]
column = "ResponseId"
[items.conf]
column = "Q1"
type = "ordinal"
codes = { 1 = "Not at all", 2 = "Not very", 3 = "Fairly", 4 = "Very" }
''')
    assert main(["validate", "--wave", "q"]) == 2
    assert "column 'Q1', row 6: found '6'" in capsys.readouterr().err


def test_missing_columns_name_the_close_ones(project, capsys):
    rows = [list(r) for r in ROWS]
    rows[0][0] = "Resp ID"
    rows[0][3] = "q 3"
    write_demo(project.root, rows=rows)
    assert main(["validate"]) == 2
    err = capsys.readouterr().err
    assert "column 'id': found 'no such column; candidate id column: 'Resp ID''" in err
    assert "did you mean 'q 3'? (only case, spaces or punctuation differ)" in err


def test_an_unchanged_export_is_hashed_once_per_process_and_a_changed_one_again(project, monkeypatch):
    import os

    from analysis.ingest import pipeline

    folder = write_demo(project.root)
    ingest_wave("demo", project)
    hashed = []
    real = pipeline.sha256_file
    monkeypatch.setattr(pipeline, "sha256_file", lambda path: hashed.append(os.path.basename(path)) or real(path))
    monkeypatch.setattr(pipeline, "_DIGESTS", {})
    for _ in range(3):  # as `all` loads the wave in tables, report and reproduce
        load_wave("demo", project)
    assert hashed.count("export.csv") == 1
    export = folder / "export.csv"
    export.write_text(export.read_text(encoding="utf-8").replace("101", "109", 1), encoding="utf-8")
    os.utime(export, ns=(export.stat().st_atime_ns, export.stat().st_mtime_ns + 1_000_000))
    assert load_wave("demo", project).respondents.index[0] == "109"  # the edit is seen and ingested
