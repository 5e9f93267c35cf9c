"""Respondent ids are compared as spelled (case included) and hold no control characters; a NUL is no code."""

from __future__ import annotations

import pandas as pd

from analysis.cli import main
from tests.ingest.demo import ROWS, refused, write_demo


def _rows(**cells):
    rows = [list(r) for r in ROWS]
    for where, value in cells.items():
        row, col = (int(x) for x in where[1:].split("_"))
        rows[row][col] = value
    return rows


def test_ids_differing_only_in_case_are_two_respondents(project, capsys):
    # Qualtrics response ids are case-sensitive: R_abc and R_ABC are different people.
    write_demo(project.root, rows=_rows(r1_0="R_abc", r2_0="R_ABC"))
    assert main(["ingest", "--wave", "demo"]) == 0, capsys.readouterr().err
    assert list(pd.read_parquet(project.processed_frame("demo")).index[:2]) == ["R_abc", "R_ABC"]


def test_the_same_id_twice_is_still_a_duplicate(project, capsys):
    write_demo(project.root, rows=_rows(r1_0="R_abc", r2_0="R_abc"))
    err = refused(main, project, capsys)
    assert "row 3" in err and "an id already used in row 2" in err


def test_a_nul_inside_an_id_is_refused(project, capsys):
    write_demo(project.root, rows=_rows(r2_0="1\x0002"))
    err = refused(main, project, capsys)
    assert "column 'id', row 3" in err and "control character" in err


def test_a_code_followed_by_a_nul_is_not_the_code(project, capsys):
    write_demo(project.root, rows=_rows(r1_1="1\x00"))
    err = refused(main, project, capsys)
    assert "column 'Q1', row 2" in err
