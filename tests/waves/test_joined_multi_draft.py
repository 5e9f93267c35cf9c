"""Checkbox answers joined in one cell are drafted as one ``multi`` item, never as free text or combinations.

The Google Forms and Microsoft Forms fixtures (tests/fixtures/platforms, eight invented respondents)
write the topics question's ticked options in one cell (``", "`` and ``";"``). By hand from
make_platforms.py: Online safety 1, 2, 5, 8 (4); "Sexting, nudes or semi-nudes" 1, 5, 6 (3);
Recovery 4, 5 (2); respondent 7 typed an answer of their own in place of a choice (Other, 1);
respondent 3 left the question blank (7 answered).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pandas as pd
import pytest

from analysis.cli import main
from tests.projects import accept_draft

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "platforms"
TOPICS = {"Online safety": 4, "Sexting, nudes or semi-nudes": 3, "Recovery": 2, "Other": 1}


@pytest.mark.parametrize("export, delimiter", [("google_forms.csv", ", "), ("microsoft_forms.xlsx", ";")])
def test_joined_checkbox_question_is_drafted_multi_and_counted(export, delimiter, project):
    assert main(["add-wave", str(FIXTURES / export), "--wave", "w"]) == 0
    path = project.codebook("w")
    text = path.read_text(encoding="utf-8")
    assert "Managing parents" not in text  # typed text is never copied into the codebook
    path.write_text(text[text.index("\n[wave]\n") + 1:], encoding="utf-8")
    items = tomllib.loads(path.read_text(encoding="utf-8"))["items"]
    name, item = next((n, i) for n, i in items.items() if i["type"] == "multi")
    assert item["column"] == "Which topics would you like training on? (Select all that apply)"
    assert item["delimiter"] == delimiter
    assert sorted(item["codes"].values()) == sorted(TOPICS)
    assert item["codes"][str(item["other"])] == "Other"
    assert main(["validate", "--wave", "w"]) == 0
    assert main(["ingest", "--wave", "w"]) == 0
    frame = pd.read_parquet(project.processed_frame("w"))
    ticked = {label: int(frame[f"{name}__{k}"].sum()) for k, label in enumerate(item["codes"].values(), start=1)}
    assert ticked == TOPICS
    assert int(frame[f"{name}__1"].notna().sum()) == 7
    assert "Managing parents" not in frame.to_csv()


def test_a_comment_column_with_commas_stays_free_text(project):
    assert main(["add-wave", str(FIXTURES / "google_forms.csv"), "--wave", "w"]) == 0
    items = tomllib.loads(project.codebook("w").read_text(encoding="utf-8"))["items"]
    assert items["any_other_comments"]["type"] == "text"


def test_sav_string_column_of_joined_choices_is_drafted_multi(project, tmp_path):
    # Ten invented cases; topics written "a;b" in one string variable. By hand: Grooming 1, 2, 6, 9, 10 (5);
    # Sexting 1, 5, 7, 10 (4); Recovery 4, 5, 6, 10 (4); cases 3 and 8 blank (eight answered).
    import pyreadstat

    topics = ["Grooming;Sexting", "Grooming", "", "Recovery", "Sexting;Recovery", "Grooming;Recovery", "Sexting", "",
              "Grooming", "Grooming;Sexting;Recovery"]
    frame = pd.DataFrame({"id": [float(i) for i in range(1, 11)], "topics": topics})
    export = tmp_path / "topics.sav"
    pyreadstat.write_sav(frame, str(export), column_labels=["Respondent", "Which topics? (Select all that apply)"])
    assert main(["add-wave", str(export), "--wave", "w"]) == 0
    item = accept_draft(project, "w")["items"]["topics"]
    assert item["type"] == "multi" and item["delimiter"] == ";"
    assert main(["validate", "--wave", "w"]) == 0
    assert main(["ingest", "--wave", "w"]) == 0
    out = pd.read_parquet(project.processed_frame("w"))
    labels = list(item["codes"].values())
    assert {label: int(out[f"topics__{k}"].sum()) for k, label in enumerate(labels, start=1)} == {
        "Grooming": 5, "Sexting": 4, "Recovery": 4}
    assert int(out["topics__1"].notna().sum()) == 8


def test_surveymonkey_condensed_columns_joined_checkbox_is_drafted_multi(project, tmp_path):
    # SurveyMonkey's "condensed" columns put a checkbox question's ticked answers in its one column
    # (joined by ", " here, as the export's cells show them). Six invented respondents; by hand:
    # Grooming 1, 2, 6 (3); "Sexting, nudes or semi-nudes" 1, 5, 6 (3); Recovery 4, 5 (2); 3 blank (5 answered).
    import csv
    import io

    topics = ["Grooming, Sexting, nudes or semi-nudes", "Grooming", "", "Recovery",
              "Sexting, nudes or semi-nudes, Recovery", "Grooming, Sexting, nudes or semi-nudes"]
    rows = [["Respondent ID", "Collector ID", "Which topics?", "Do you join in?"],
            ["", "", "Response", "Response"]]
    joins = ["Yes, always", "Yes, sometimes", "No, never", "Yes, always", "No, never", "Yes, always"]
    rows += [[str(114000 + i), "4000", t, j] for i, (t, j) in enumerate(zip(topics, joins))]
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    export = tmp_path / "condensed.csv"
    export.write_text(out.getvalue(), encoding="utf-8")
    assert main(["add-wave", str(export), "--wave", "w"]) == 0
    items = accept_draft(project, "w")["items"]
    item = items["which_topics"]
    assert item["type"] == "multi" and item["delimiter"] == ", "
    assert items["do_you_join_in"]["type"] != "multi"
    assert main(["validate", "--wave", "w"]) == 0
    assert main(["ingest", "--wave", "w"]) == 0
    frame = pd.read_parquet(project.processed_frame("w"))
    labels = list(item["codes"].values())
    assert {label: int(frame[f"which_topics__{k}"].sum()) for k, label in enumerate(labels, start=1)} == {
        "Grooming": 3, "Sexting, nudes or semi-nudes": 3, "Recovery": 2}
    assert int(frame["which_topics__1"].notna().sum()) == 5
    assert frame["do_you_join_in"].value_counts().to_dict() == {"Yes, always": 3, "No, never": 2, "Yes, sometimes": 1}
