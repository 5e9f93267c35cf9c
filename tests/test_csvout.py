"""CSV outputs never carry a live spreadsheet formula (OWASP CSV-injection guidance)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.csvout import csv_text, neutralise


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\")", "+1+cmd", "-2+3+cmd", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_leading_text_is_prefixed_with_a_quote(text):
    assert neutralise(text) == "'" + text


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
