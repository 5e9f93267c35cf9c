"""SmartSurvey's "Responses wide" export, recognised from its header and read to hand-worked counts.

``smartsurvey_responses_wide.xlsx`` (tests/fixtures/platforms, written by make_platforms.py) holds the
eight invented respondents of every platform fixture in that layout: ``Response_ID`` and admin columns,
questions headed ``Q_<question id>_<text>``, ticked options joined by ``"; "`` with an Other answer as
``"Other / <typed text>"``, and a matrix question as JSON fragments. Worked out by hand:

* Where do you work? Health 1, 3, 7 (3); Education 2, 4, 5, 8 (4); Social care 6 (1).
* How confident? Very 1, 5 (2); Fairly 2, 4, 8 (3); Not very 3, 6 (2); Not at all 7 (1).
* Topics: Online safety 1, 2, 5, 8 (4); "Sexting, nudes or semi-nudes" 1, 5, 6 (3); Recovery 4, 5 (2);
  Other 7 (1); respondent 3 ticked nothing (7 answered).
* How useful was each session? Session A: Very useful 1, 2, 5, 7 (4), Not useful 4, 6, 8 (3);
  Session B: Very useful 2, 4, 5 (3), Not useful 1, 7, 8 (3).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.cli import main
from analysis.ingest.readers import read_export
from tests.projects import accept_draft

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "platforms" / "smartsurvey_responses_wide.xlsx"
PERSONAL = ["example.org", "192.0.2.", "Mrs Jones", "More sessions", "Managing parents"]


def test_responses_wide_is_recognised_and_read():
    raw = read_export(FIXTURE)
    assert raw.layout == "smartsurvey-wide"
    assert raw.id_column == "Response_ID"
    assert {"Response_ID", "IP_Address", "Date_Started"} <= set(raw.metadata_columns)
    assert raw.question_text["Q_26871001_Where do you work?"] == "Where do you work?"
    assert not any("Managing parents" in str(v) for v in raw.frame.stack().tolist())


def test_responses_wide_to_ingest_with_hand_counts(project, capsys):
    assert main(["add-wave", str(FIXTURE), "--wave", "w"]) == 0
    assert "layout: SmartSurvey Responses wide XLSX (1 header row; ticked options joined by '; ')" in \
        capsys.readouterr().out
    items = accept_draft(project, "w")["items"]
    assert main(["validate", "--wave", "w"]) == 0
    assert main(["ingest", "--wave", "w"]) == 0
    frame = pd.read_parquet(project.processed_frame("w"))
    assert len(frame) == 8

    def by_column(column):
        return next(n for n, i in items.items() if i.get("column") == column)

    assert frame[by_column("Q_26871001_Where do you work?")].value_counts().to_dict() == {
        "Health": 3, "Education": 4, "Social care": 1}
    assert frame[by_column("Q_26871003_How confident are you assessing online risk?")].value_counts().to_dict() == {
        "Very confident": 2, "Fairly confident": 3, "Not very confident": 2, "Not at all confident": 1}
    name = by_column("Q_26871002_Which topics would you like training on? (Select all that apply)")
    labels = list(items[name]["codes"].values())
    assert {label: int(frame[f"{name}__{k}"].sum()) for k, label in enumerate(labels, start=1)} == {
        "Online safety": 4, "Sexting, nudes or semi-nudes": 3, "Recovery": 2, "Other": 1}
    assert int(frame[f"{name}__1"].notna().sum()) == 7
    session_a = by_column("Q_26871004_How useful was each session? | Session A")
    session_b = by_column("Q_26871004_How useful was each session? | Session B")
    assert frame[session_a].value_counts().to_dict() == {"Very useful": 4, "Not useful": 3}
    assert frame[session_b].value_counts().to_dict() == {"Very useful": 3, "Not useful": 3}
    text = frame.to_csv() + " ".join(frame.columns)
    assert not [p for p in PERSONAL if p in text]
