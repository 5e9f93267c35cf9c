"""Layout detection on every real platform export in the corpus, and on hand-made header rows."""

from __future__ import annotations

import pytest

from analysis.ingest.platforms import clean_text, is_metadata
from analysis.ingest.registry import detect_layout
from analysis.ingest.text import decode, sniff_delimiter, split_rows

# Layouts as the corpus README describes each file (header rows counted there).
CORPUS_LAYOUTS = {
    "qualtrics/qualtRics_sample_3row.csv": "qualtrics",
    "qualtrics/qualtRics_sample_legacy_2row.csv": "qualtrics-legacy",
    "qualtrics/QualtricsTools_single_answer_mc_insights2016_3row.csv": "qualtrics",
    "qualtrics/QualtricsTools_single_answer_mc_legacy_2row.csv": "qualtrics-legacy",
    "qualtrics/QualtricsTools_no_basis_for_evaluation_insights2016_3row.csv": "qualtrics",
    "qualtrics/QualtricsTools_no_basis_for_evaluation_legacy_2row.csv": "qualtrics-legacy",
    "qualtrics/QualtricsTools_many_question_types_insights2016_3row.csv": "qualtrics",
    "surveymonkey/fivethirtyeight_steak_risk_survey_2row.csv": "surveymonkey",
    "surveymonkey/fivethirtyeight_star_wars_2014_cr_only_2row.csv": "surveymonkey",
    "surveymonkey/fivethirtyeight_sleeping_alone_startdate_2row.csv": "surveymonkey",
    "surveymonkey/fivethirtyeight_region_midwest_open_ended_2row.csv": "surveymonkey",
    "surveymonkey/fivethirtyeight_poll_of_pollsters4_anonymous_cr_only_2row.tsv": "surveymonkey",
}


def corpus_rows(path, encoding: str = "") -> list[list[str]]:
    text, _ = decode(path.read_bytes(), source=str(path), encoding=encoding)
    return split_rows(text, delimiter=sniff_delimiter(text))


@pytest.mark.parametrize("name", sorted(CORPUS_LAYOUTS))
def test_every_corpus_export_is_recognised(corpus, name):
    assert detect_layout(corpus_rows(corpus / name)) == CORPUS_LAYOUTS[name]


def test_plain_tables_are_not_platform_exports():
    assert detect_layout([["id", "Q1", "Q2"], ["1", "2", "3"], ["2", "1", "4"]]) is None
    assert detect_layout([["id", "Q1"]]) is None
    # a blank header cell alone does not make a SurveyMonkey file
    assert detect_layout([["id", "Q1", ""], ["1", "Yes", ""]]) is None


def test_surveymonkey_full_metadata_block_with_only_option_columns():
    rows = [["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address",
             "First Name", "Last Name", "Custom Data 1", "Which topics?", ""],
            ["", "", "", "", "", "", "", "", "", "Grooming", "Recovery"],
            ["1", "2", "x", "y", "192.0.2.1", "a@example.org", "A", "B", "", "Grooming", ""]]
    assert detect_layout(rows) == "surveymonkey"
    assert all(is_metadata(c) for c in rows[0][:9])


def test_qualtrics_row3_as_python_dict_literal():
    rows = [["ResponseID", "Q1"], ["ResponseID", "Text"], ["{'ImportId': 'responseId'}", "{'ImportId': 'QID1'}"]]
    assert detect_layout(rows) == "qualtrics"


def test_qualtrics_legacy_with_bom_left_on():
    rows = [["\ufeffV1", "V2", "Q1"], ["ResponseID", "ResponseSet", "Text"], ["R_1", "Default", "1"]]
    assert detect_layout(rows) == "qualtrics-legacy"


def test_metadata_names_and_questions():
    for name in ("RespondentID", "Respondent ID", "IPAddress", "IP Address", "RecipientEmail", "LocationLatitude",
                 "ExternalReference", "ExternalDataReference", "Duration (in seconds)", "Q_RecaptchaScore"):
        assert is_metadata(name), name
    for name in ("Q1", "How confident are you?", "Q2_1"):
        assert not is_metadata(name), name


def test_clean_text_removes_html_and_collapses_space():
    assert clean_text("A <br>B&amp;C\u00a0 D ") == "A B&C D"
