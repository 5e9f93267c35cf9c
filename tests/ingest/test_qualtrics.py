"""Qualtrics exports: current 3-row, 2016 Insights 3-row (Python-dict ImportIds) and legacy 2-row files.

Expected values are read off the corpus files and its README by eye.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.ingest.qualtrics import from_rows, parse_import_id
from analysis.ingest.readers import read_export

Q = "qualtrics"


def test_current_three_row_export(corpus):
    raw = read_export(corpus / Q / "qualtRics_sample_3row.csv")
    assert raw.layout == "qualtrics" and raw.header_rows == 3
    assert raw.frame.shape == (1, 20)
    assert raw.id_column == "ResponseId" and raw.frame["ResponseId"].iloc[0] == "R_2YPOQ602ER1jkf1"
    assert raw.import_ids["Q1"] == "QID1" and raw.import_ids["StartDate"] == "startDate"
    assert raw.question_text["Q1"] == "This is a multiple choice question."
    for personal in ("IPAddress", "LocationLatitude", "LocationLongitude", "RecipientEmail", "ExternalReference"):
        assert personal in raw.metadata_columns
    assert {"Q2", "Q2 - Topics"} <= set(raw.text_columns)  # free text and its Text iQ topics
    assert "Q1" not in raw.metadata_columns + raw.text_columns


def test_legacy_two_row_export_bom_and_trailing_comma(corpus):
    raw = read_export(corpus / Q / "qualtRics_sample_legacy_2row.csv")
    assert raw.layout == "qualtrics-legacy" and raw.header_rows == 2
    # 15 named columns; the 16th, made by a trailing comma on every row, is dropped
    assert list(raw.frame.columns) == ["ResponseID", "ResponseSet", "Name", "ExternalDataReference", "EmailAddress",
                                       "IPAddress", "Status", "StartDate", "EndDate", "Finished", "Q1", "Q2",
                                       "LocationLatitude", "LocationLongitude", "LocationAccuracy"]
    assert raw.frame["Q1"].iloc[0] == "2" and raw.frame["Q2"].iloc[0] == "Hello World!"
    assert raw.id_column == "ResponseID"


def test_the_same_survey_in_both_layouts_gives_the_same_answers(corpus):
    new = read_export(corpus / Q / "qualtRics_sample_3row.csv")
    old = read_export(corpus / Q / "qualtRics_sample_legacy_2row.csv")
    assert new.frame["Q1"].tolist() == old.frame["Q1"].tolist()
    assert new.frame["ResponseId"].tolist() == old.frame["ResponseID"].tolist()


def test_insights_2016_python_dict_import_ids(corpus):
    raw = read_export(corpus / Q / "QualtricsTools_single_answer_mc_insights2016_3row.csv")
    assert raw.layout == "qualtrics"
    assert raw.import_ids["Q2"] == "QID2" and raw.import_ids["LocationLatitude"] == "Location-LocationLatitude"
    assert raw.text_columns == ["mc_question_five_TEXT"]
    assert any("5 generated test response" in n for n in raw.notes)  # Status = 2 in all five rows: kept


def test_negative_recodes_in_names_and_values(corpus):
    raw = read_export(corpus / Q / "QualtricsTools_no_basis_for_evaluation_insights2016_3row.csv")
    assert raw.frame.shape[0] == 15
    assert {"Q2_-1", "Q5_1_-1", "Q6_1_-2"} <= set(raw.frame.columns)
    values = set(pd.unique(raw.frame.drop(columns=raw.metadata_columns).stack()))
    assert {"-1", "-2"} & values
    assert "Q2_-1" in raw.groups["Check all statements you agree with"]


def test_legacy_recodes_and_text_column(corpus):
    raw = read_export(corpus / Q / "QualtricsTools_single_answer_mc_legacy_2row.csv")
    assert raw.layout == "qualtrics-legacy"
    # columns 11-15 of the five data rows, read by eye: Q4 = 12, 12, 11, 12, 10; Q5 = 13, 13, 11, 16, 10
    # (the hand-made stand-in, tests/fixtures/handmade, holds the same recode values)
    assert raw.frame["Q4"].tolist() == ["12", "12", "11", "12", "10"]
    assert raw.frame["Q5"].tolist() == ["13", "13", "11", "16", "10"]
    assert raw.text_columns == ["mc_question_five_TEXT"]


def test_many_question_types_duplicates_made_unique(corpus):
    raw = read_export(corpus / Q / "QualtricsTools_many_question_types_insights2016_3row.csv")
    assert raw.frame.shape == (5, 190)
    assert raw.frame.columns.is_unique
    assert "Q4#1_1" in raw.frame.columns
    assert all("\u00a0" not in t for t in raw.question_text.values())


def test_legacy_file_read_with_format_qualtrics(corpus):
    from analysis.codebook import FilesSpec

    path = corpus / Q / "qualtRics_sample_legacy_2row.csv"
    raw = read_export(path, FilesSpec(data=path.name, format="qualtrics"))
    assert raw.layout == "qualtrics-legacy" and raw.frame.shape == (1, 15)


def _rows(statuses, finished):
    head = [["ResponseId", "Status", "Finished", "Q1"], ["Response ID", "Response Type", "Finished", "Q"],
            ['{"ImportId":"_recordId"}', '{"ImportId":"status"}', '{"ImportId":"finished"}', '{"ImportId":"QID1"}']]
    return head + [[f"R_{i}", s, f, "1"] for i, (s, f) in enumerate(zip(statuses, finished), start=1)]


def test_preview_rows_dropped_test_and_unfinished_kept_and_counted():
    rows = _rows(["IP Address", "Survey Preview", "Survey Test", "IP Address"], ["True", "True", "True", "False"])
    raw = from_rows(rows, path=Path("x.csv"), encoding="utf-8", layout="qualtrics")
    assert raw.frame["ResponseId"].tolist() == ["R_1", "R_3", "R_4"]
    notes = " ".join(raw.notes)
    assert "1 survey-preview row (Status = Survey Preview) dropped: data row 2" in notes
    assert "1 generated test response row(s)" in notes
    assert "1 unfinished response(s)" in notes


def test_preview_codes_dropped():
    rows = _rows(["0", "1", "9", "0"], ["1", "1", "1", "0"])
    raw = from_rows(rows, path=Path("x.csv"), encoding="utf-8", layout="qualtrics")
    assert raw.frame["ResponseId"].tolist() == ["R_1", "R_4"]


def test_import_id_never_evaluates_code():
    assert parse_import_id("{'ImportId': __import__('os').getcwd()}") == ""
    assert parse_import_id('{"ImportId":"QID2_TEXT","timeZone":"America/Denver"}') == "QID2_TEXT"


def test_other_text_with_a_blank_choice_counts_as_the_other_code():
    rows = [["ResponseId", "Q1", "Q1_4_TEXT"], ["Response ID", "Role", "Role - Other - Text"],
            ['{"ImportId":"_recordId"}', '{"ImportId":"QID1"}', '{"ImportId":"QID1_4_TEXT"}'],
            ["R_1", "1", ""], ["R_2", "", "Nurse"], ["R_3", "4", "Social worker"], ["R_4", "", ""]]
    raw = from_rows(rows, path=Path("x.csv"), encoding="utf-8", layout="qualtrics")
    assert raw.frame["Q1"].tolist() == ["1", "4", "4", pd.NA]
    assert any(n.startswith("Q1: 1 blank answer(s) with text in Q1_4_TEXT") for n in raw.notes)
