"""SurveyMonkey exports: the real FiveThirtyEight files of the corpus, and hand-made header rows.

Expected counts come from the corpus README (rows, columns) and from reading the
files' header rows by eye, not from this reader.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.ingest.readers import read_export
from analysis.ingest.surveymonkey import from_rows
from analysis.ingest.text import decode, split_rows

SM = "surveymonkey"


def test_steak_survey_names_ids_and_html(corpus):
    raw = read_export(corpus / SM / "fivethirtyeight_steak_risk_survey_2row.csv")
    assert raw.layout == "surveymonkey" and raw.header_rows == 2
    assert raw.frame.shape == (550, 15)  # README: 550 responses; 1 id + 14 'Response' columns
    assert raw.id_column == "RespondentID" and raw.metadata_columns == ["RespondentID"]
    lottery = raw.frame.columns[1]
    assert "<br>" not in lottery and lottery.startswith("Consider the following hypothetical situations: In Lottery A")
    assert raw.frame.columns[2] == "Do you ever smoke cigarettes?"  # a 'Response' column: the question alone
    assert raw.frame.iloc[0, 0] == "3237565956" and raw.frame.iloc[0, 1] == "Lottery B"
    assert raw.frame.iloc[0, 2] is pd.NA  # blank cell


def test_star_wars_cr_only_non_utf8_multi_select_ranking_matrix(corpus):
    path = corpus / SM / "fivethirtyeight_star_wars_2014_cr_only_2row.csv"
    raw = read_export(path)
    assert raw.frame.shape == (1186, 38)
    assert raw.encoding == "cp1252"
    seen = "Which of the following Star Wars films have you seen? Please select all that apply."
    films = raw.groups[seen]
    assert len(films) == 6  # the 6-column multi-select
    assert films[0] == f"{seen} | Star Wars: Episode I The Phantom Menace"
    rank = [q for q in raw.groups if q.startswith("Please rank")][0]
    assert len(raw.groups[rank]) == 6
    favour = [q for q in raw.groups if q.startswith("Please state whether")][0]
    assert len(raw.groups[favour]) == 14  # the 14-column matrix
    assert raw.frame.iloc[0, 0] == "3292879998"
    assert raw.frame.iloc[-1].notna().any()  # the last row, with no final newline, is read


def test_star_wars_with_an_encoding_named(corpus):
    path = corpus / SM / "fivethirtyeight_star_wars_2014_cr_only_2row.csv"
    text, enc = decode(path.read_bytes(), source=str(path), encoding="mac_roman")
    raw = from_rows(split_rows(text, delimiter=","), path=path, encoding=enc)
    assert raw.encoding == "mac_roman" and raw.frame.shape == (1186, 38)


def test_midwest_open_ended_and_single_choice_expanded(corpus):
    raw = read_export(corpus / SM / "fivethirtyeight_region_midwest_open_ended_2row.csv")
    assert raw.frame.shape == (2778, 53)
    assert "In your own words, what would you call the part of the country you live in now?" in raw.text_columns
    ident = "How much, if at all, do you personally identify as a Midwesterner?"
    assert [raw.option_labels[c] for c in raw.groups[ident]] == ["A lot", "Some", "Not much", "Not at all"]


def test_sleeping_alone_without_id_column(corpus):
    path = corpus / SM / "fivethirtyeight_sleeping_alone_startdate_2row.csv"
    raw = read_export(path)
    # 31 columns in the file, plus the "Other" tick the reader adds to the multi-select reasons question,
    # ticked for every respondent who typed in its "Other (please specify)" cell (column 20 of the file)
    assert raw.frame.shape == (1093, 32) and len(raw.derived_columns) == 1
    import csv

    with open(path, encoding="cp1252", newline="") as fh:
        typed = sum(1 for row in list(csv.reader(fh))[2:] if len(row) > 19 and row[19].strip())
    assert typed == 108 and int(raw.frame[raw.derived_columns[0]].notna().sum()) == typed
    assert raw.metadata_columns == ["StartDate", "EndDate"] and raw.id_column == ""
    assert any("no respondent-id column" in n for n in raw.notes)
    assert raw.frame["StartDate"].iloc[0] == "7/10/14 18:37"  # Excel's date format kept as text


def test_tab_separated_cr_only_poll(corpus):
    raw = read_export(corpus / SM / "fivethirtyeight_poll_of_pollsters4_anonymous_cr_only_2row.tsv")
    assert raw.frame.shape == (10, 14) and len(raw.derived_columns) == 1  # 13 in the file, plus the "Other" tick
    first = raw.frame.columns[0]
    assert first.endswith("| Yes") and raw.frame.columns[2].endswith("| Other (please specify)")
    assert raw.frame.columns[3] == "Why do you say that?"
    assert raw.frame.columns[3] in raw.text_columns


def test_full_metadata_block_other_specify_and_open_ended():
    rows = [["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address", "First Name",
             "Last Name", "Custom Data 1", "Where do you work?", "", "Which topics?", "", "Comments"],
            [""] * 9 + ["Response", "Other (please specify)", "Grooming", "Recovery", "Open-Ended Response"],
            ["11", "7", "a", "b", "192.0.2.1", "x@example.org", "Test", "One", "", "School", "", "Grooming", "", "ok"],
            ["12", "7", "a", "b", "192.0.2.2", "y@example.org", "Test", "Two", "", "Other", "PRU", "", "", ""]]
    raw = from_rows(rows, path=Path("x.csv"), encoding="utf-8")
    assert raw.metadata_columns == rows[0][:9]
    assert list(raw.frame.columns[9:]) == ["Where do you work?", "Where do you work? | Other (please specify)",
                                           "Which topics? | Grooming", "Which topics? | Recovery", "Comments"]
    assert raw.text_columns == ["Where do you work? | Other (please specify)", "Comments"]
    assert raw.groups["Which topics?"] == ["Which topics? | Grooming", "Which topics? | Recovery"]
    assert raw.frame["Which topics? | Recovery"].isna().all()


def test_surveymonkey_xlsx(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in (["Respondent ID", "IP Address", "Are you trained?", "Topics", None],
                [None, None, "Response", "Grooming", "Recovery"],
                [101, "192.0.2.1", "Yes", "Grooming", None]):
        ws.append(row)
    path = tmp_path / "export.xlsx"
    wb.save(path)
    raw = read_export(path)
    assert raw.layout == "surveymonkey"
    assert list(raw.frame.columns) == ["Respondent ID", "IP Address", "Are you trained?", "Topics | Grooming",
                                       "Topics | Recovery"]
    assert raw.frame.iloc[0, 0] == "101"


def test_repeated_question_columns_get_unique_names():
    rows = [["RespondentID", "Q", "", "Q"], ["", "Open-Ended Response", "Open-Ended Response", "Response"],
            ["1", "a", "b", "c"]]
    raw = from_rows(rows, path=Path("x.csv"), encoding="utf-8")
    assert list(raw.frame.columns) == ["RespondentID", "Q", "Q.2", "Q.3"]


def test_other_please_specify_with_a_blank_answer_counts_as_other():
    rows = [["Respondent ID", "Where do you work?", "", "Comments"],
            ["", "Response", "Other (please specify)", "Open-Ended Response"],
            ["1", "School", "", ""], ["2", "", "Pupil referral unit", ""], ["3", "", "", "x"],
            ["4", "", "Ms Smith's nursery", ""]]
    raw = from_rows(rows, path=Path("x.csv"), encoding="utf-8")
    assert raw.frame["Where do you work?"].tolist() == ["School", "Other", pd.NA, "Other"]
    assert "Where do you work?: 2 blank answer(s) with text in Where do you work? | Other (please specify) " \
           'counted as "Other"' in raw.notes
    assert "Where do you work? | Other (please specify)" in raw.text_columns  # the text is dropped at ingest


def test_second_header_row_deleted_under_format_surveymonkey_is_one_line_without_cells():
    # files.format = "surveymonkey" names the layout, so the first respondent's row would be read
    # as the second header row: every column then looks missing, and the names echo its e-mail.
    from analysis.errors import InputError

    rows = [["Respondent ID", "Email Address", "Where do you work?", "Which training?", ""],
            ["9001", "ann@example.org", "Health", "Online safety", ""],
            ["9002", "bob@example.org", "Education", "", "Recovery"]]
    with pytest.raises(InputError) as info:
        from_rows(rows, path=Path("x.csv"), encoding="utf-8")
    assert info.value.lines() == [
        "x.csv: row 2: found 'a respondent's answers (under Respondent ID, which a second header row leaves "
        "blank)', expected the export's second header row (SurveyMonkey's Response or answer options under each "
        "question): it seems to have been deleted; export the file again"]
