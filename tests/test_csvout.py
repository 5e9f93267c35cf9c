"""CSV outputs never carry a live spreadsheet formula (OWASP CSV-injection guidance)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.csvout import csv_text, neutralise


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\")", "+1+cmd", "-2+3+cmd", "@SUM(A1)", "\t=1", "\n=1"])
def test_formula_leading_text_is_prefixed_with_a_quote(text):
    assert neutralise(text) == "'" + text


def test_a_carriage_return_becomes_a_line_feed_and_the_formula_is_still_neutralised():
    assert neutralise("\r=1") == "'\n=1" and neutralise("\r\n=1") == "'\n=1"


@pytest.mark.parametrize("value", ["-0.5", "+2.1", "-3", "Health", "a=b", "", -0.5, 3, None])
def test_numbers_and_plain_text_are_unchanged(value):
    assert neutralise(value) == value


def test_csv_text_keeps_negative_numbers_as_numbers():
    frame = pd.DataFrame({"group": ["=cmd()", "B"], "change": [-0.5, 0.25], "n": [10, 20]})
    assert csv_text(frame, float_format="%.4f") == "group,change,n\n'=cmd(),-0.5000,10\nB,0.2500,20\n"


def test_table_csvs_of_a_stage_are_neutralised(tmp_path, monkeypatch):
    from analysis.tables import to_csv_text

    frame = pd.DataFrame({"label": ["=1+1", "ok"], "proportion": [-0.1, 0.5]})
    assert to_csv_text(frame).splitlines()[1].startswith("'=1+1,-0.1")


@pytest.mark.parametrize("label", ["Health\r=1+1", "Health\n=1+1", "Health\r\n=1+1", "=1+1\rx", "a\r\rb"])
def test_a_field_with_a_line_break_stays_one_quoted_cell(label):
    # A spreadsheet starts a new row at a CR or LF outside quotes: the field must be quoted, one record per row.
    import csv
    import io

    frame = pd.DataFrame({"label": [label, "Education"], "n": [100, 99]})
    text = csv_text(frame)
    records = list(csv.reader(io.StringIO(text, newline="")))
    assert len(records) == 3 and records[2] == ["Education", "99"]
    assert records[1][1] == "100" and not records[1][0].startswith(("=", "+", "-", "@"))
    # outside quoted fields, the only line breaks are the record ends
    outside = "".join(part for k, part in enumerate(text.split('"')) if k % 2 == 0)
    assert outside.count("\n") == 3 and "\r" not in outside


def test_protect_reads_back_a_table_whose_labels_hold_line_breaks(tmp_path):
    from analysis.protect.stage import _read_csv

    frame = pd.DataFrame({"indicator": ["a", "a"], "group": ["Health\r=1+1", "x\ny"], "n": [100, 99],
                          "count": [1, 2]})
    (tmp_path / "t.csv").write_text(csv_text(frame), encoding="utf-8", newline="")
    back = _read_csv(tmp_path / "t.csv")
    assert back["n"].tolist() == [100, 99] and len(back) == 2
