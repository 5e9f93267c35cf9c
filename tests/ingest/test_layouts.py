"""Platform layouts recognised from their own header signature, Stata files, and ``[files] header_rows``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis.codebook import FORMATS, FilesSpec, parse_codebook
from analysis.errors import InputError
from analysis.ingest.readers import read_export, sniff_kind
from analysis.ingest.registry import BY_NAME, LAYOUTS, detect_layout, layout_line
from tests.ingest.demo import codebook_head

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "platforms"


# ----------------------------------------------------------------------------------------------- Stata


@pytest.mark.parametrize("name, magic", [("stata_v15.dta", b"<stata_dta>"), ("stata_v12.dta", bytes([115]))])
def test_stata_files_are_recognised_from_their_first_bytes(name, magic, tmp_path):
    assert (FIXTURES / name).read_bytes().startswith(magic)
    assert sniff_kind(FIXTURES / name) == "dta"
    renamed = shutil.copy(FIXTURES / name, tmp_path / "export.csv")  # the extension does not decide
    assert read_export(renamed).layout == "dta"


@pytest.mark.parametrize("name", ["stata_v15.dta", "stata_v12.dta"])
def test_stata_labels_and_extended_missing_values(name):
    raw = read_export(FIXTURES / name)
    assert raw.question_text["conf"] == "How confident are you assessing online risk?"
    assert raw.value_labels["sector"] == {1: "Health", 2: "Education", 3: "Social care"}
    assert raw.value_labels["conf"][".a"] == "Don't know" and raw.value_labels["conf"][".b"] == "Refused"
    assert raw.missing_codes == {"conf": [".a", ".b"], "years": [".a"]}
    # respondent 3 did not know, respondent 8 refused: kept distinct from a blank
    assert raw.frame["conf"].tolist() == [4, 3, ".a", 3, 4, 2, 1, ".b"]
    assert layout_line(raw) == "layout: Stata .dta"


def test_a_damaged_stata_file_is_one_line(tmp_path):
    path = tmp_path / "cut.dta"
    path.write_bytes((FIXTURES / "stata_v15.dta").read_bytes()[:300])
    with pytest.raises(InputError) as info:
        read_export(path)
    lines = info.value.lines()
    assert len(lines) == 1 and "expected a complete Stata .dta file" in lines[0]
    assert "UTF-16" not in lines[0]


def test_a_dta_name_on_other_bytes_is_refused(tmp_path):
    path = tmp_path / "export.dta"
    path.write_text("id,Q1\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_export(path)
    assert "expected a Stata .dta file" in str(info.value)


# ----------------------------------------------------------------------------------------------- platforms


def test_every_layout_can_be_named_in_a_codebook():
    assert {layout.name for layout in LAYOUTS} - {"qualtrics-legacy"} <= set(FORMATS)
    assert len({layout.title for layout in LAYOUTS}) == len(LAYOUTS)


@pytest.mark.parametrize("rows, expected", [
    ([["UserID", "UserNo", "Q1. Age"], ["", "", ""], ["1", "1", "30"]], "smartsurvey"),
    ([["URN", "StartDate", "1. Where?", "2. Why?"], ["7", "2024-01-01", "Here", "Because"]], "jisc"),
    ([["ID", "Start time", "Completion time", "Email", "Name", "Q"], ["1", "x", "x", "anonymous", "", "y"]],
     "msforms"),
    ([["Timestamp", "Email Address", "Q"], ["2024/03/04 9:04:00 am GMT", "a@example.org", "y"]], "googleforms"),
    ([["Timestamp", "Q"], ["morning", "y"]], None),  # a column called Timestamp alone is no Google form
    ([["id", "1. Where?"], ["1", "Here"]], None),  # numbered questions without Jisc's metadata
    ([["UserID", "Q1"], ["1", "2"]], None),
])
def test_header_signatures(rows, expected):
    assert detect_layout(rows) == expected


def test_smartsurvey_header_rows_end_at_the_first_userid():
    from analysis.ingest.smartsurvey import count_header_rows

    rows = [["UserID", "UserNo", "Q1. Rate", "", ""], ["", "", "Speed", "Speed", "Cost"],
            ["", "", "Good", "Poor", "Good"], ["9", "1", "Good", "", "Good"]]
    assert count_header_rows(rows) == 3
    # A respondent row always has its UserNo, even were its UserID blank: never a header row.
    assert count_header_rows([["UserID", "UserNo", "Q1"], ["", "4", "Yes"]]) == 1


def test_smartsurvey_reads_eight_respondents_with_options_named_by_question():
    raw = read_export(FIXTURES / "smartsurvey.csv")
    assert raw.layout == "smartsurvey" and raw.header_rows == 2 and len(raw.frame) == 8
    assert raw.frame["UserID"].tolist()[0] == "51000231"
    assert raw.option_labels["Q2. Which topics would you like training on? (Select all that apply) | "
                             "Sexting, nudes or semi-nudes"] == "Sexting, nudes or semi-nudes"
    assert {"Name", "Email", "IP Address"} <= set(raw.metadata_columns)
    assert raw.choice_delimiter == ""


def test_microsoft_forms_keeps_joined_choices_and_says_how_they_are_joined():
    raw = read_export(FIXTURES / "microsoft_forms.xlsx")
    assert (raw.layout, raw.choice_delimiter, raw.id_column) == ("msforms", ";", "ID")
    column = raw.frame["Which topics would you like training on? (Select all that apply)"].tolist()
    assert column[0] == "Online safety;Sexting, nudes or semi-nudes;"
    assert pd.isna(column[2])  # respondent 3 ticked nothing
    assert {"Email", "Name"} <= set(raw.metadata_columns)


def test_google_forms_keeps_joined_choices_and_numbers_the_responses():
    raw = read_export(FIXTURES / "google_forms.csv")
    assert (raw.layout, raw.choice_delimiter, raw.id_column) == ("googleforms", ", ", "Row number")
    assert raw.frame["Row number"].tolist() == [str(r) for r in range(2, 10)]
    assert raw.frame["Which topics would you like training on? (Select all that apply)"].tolist()[0] == \
        "Online safety, Sexting, nudes or semi-nudes"
    assert "Email Address" in raw.metadata_columns


def test_jisc_csv_and_xlsx_read_alike():
    csv, xlsx = read_export(FIXTURES / "jisc_online_surveys.csv"), read_export(FIXTURES / "jisc_online_surveys.xlsx")
    assert csv.layout == xlsx.layout == "jisc"
    assert csv.frame.fillna("").astype(str).equals(xlsx.frame.fillna("").astype(str))
    assert csv.groups == xlsx.groups and len(next(iter(csv.groups.values()))) == 4
    assert "2.a If you selected Other, please specify:" in csv.text_columns


def test_a_format_the_file_does_not_show_is_one_line(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("id,Q1\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_export(path, FilesSpec(data="x.csv", format="smartsurvey"))
    assert info.value.lines() == [f"{path}: row 1: found 'another header', expected a SmartSurvey export (row 1 "
                                  "starting UserID, UserNo ...), as files.format says"]
    assert BY_NAME["smartsurvey"].title == "SmartSurvey"


# ----------------------------------------------------------------------------------------------- header_rows


def _two_header_rows(path: Path) -> Path:
    path.write_text("id,Q1,Q2\nRespondent,Where do you work?,How confident?\n"
                    "1,Health,Very\n2,Education,Fairly\n", encoding="utf-8")
    return path


def test_header_rows_reads_any_tool_with_several_header_rows(tmp_path):
    path = _two_header_rows(tmp_path / "x.csv")
    plain = read_export(path)
    assert plain.frame["id"].tolist() == ["Respondent", "1", "2"]  # row 2 read as a respondent, as before
    raw = read_export(path, FilesSpec(data="x.csv", header_rows=2, question_row=2))
    assert raw.frame["id"].tolist() == ["1", "2"] and raw.header_rows == 2
    assert raw.question_text == {"id": "Respondent", "Q1": "Where do you work?", "Q2": "How confident?"}
    assert layout_line(raw) == "layout: CSV (2 header rows, from [files] header_rows)"


def test_header_rows_in_the_codebook():
    head = codebook_head().replace('data = "export.csv"\n', 'data = "export.csv"\nheader_rows = 3\nquestion_row = 2\n')
    book = parse_codebook(head + '[items.q]\ncolumn = "Q1"\ntype = "text"\n', source="codebook.toml")
    assert (book.files.header_rows, book.files.question_row) == (3, 2)


@pytest.mark.parametrize("setting, expected", [
    ('header_rows = "2"', "expected a whole number of rows from 1 to 20 (at 'files.header_rows')"),
    ("header_rows = 2\nquestion_row = 3", "expected a row number from 2 to files.header_rows (2) "
                                          "(at 'files.question_row')"),
])
def test_bad_header_rows_settings_are_one_line(setting, expected):
    head = codebook_head().replace('data = "export.csv"\n', f'data = "export.csv"\n{setting}\n')
    with pytest.raises(InputError) as info:
        parse_codebook(head + '[items.q]\ncolumn = "Q1"\ntype = "text"\n', source="codebook.toml")
    assert any(expected in line for line in info.value.lines())


def test_a_blank_id_under_the_header_suggests_header_rows(project):
    from analysis.cli import main
    from analysis.ingest.pipeline import read_wave_export

    folder = project.wave_dir("2024")
    folder.mkdir(parents=True)
    # A tool no layout knows, with the question texts in row 2 under a blank id.
    (folder / "export.csv").write_text("id,Q1\n,Where do you work?\n1,Health\n2,Education\n", encoding="utf-8")
    book = codebook_head(name="2024") + '[items.q1]\ncolumn = "Q1"\ntype = "single"\n' \
        'codes = { 1 = "Health", 2 = "Education" }\n'
    project.codebook("2024").write_text(book, encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_wave_export("2024", project)
    assert (f"{folder / 'export.csv'}: column 'id', row 2: found 'a blank id', expected a respondent id in every "
            "row (if the first 2 rows are all header rows, set header_rows = 2 under [files])") in info.value.lines()
    project.codebook("2024").write_text(
        book.replace('data = "export.csv"\n', 'data = "export.csv"\nheader_rows = 2\nquestion_row = 2\n'),
        encoding="utf-8")
    assert main(["ingest", "--wave", "2024"]) == 0


def test_add_wave_says_when_row_2_looks_like_a_second_header_row(project, tmp_path, capsys):
    from analysis.cli import main

    path = tmp_path / "other_tool.csv"
    path.write_text("id,age,Q1\nRespondent,How old are you?,Where do you work?\n1,34,Health\n2,51,Education\n"
                    "3,28,Health\n", encoding="utf-8")
    assert main(["add-wave", str(path), "--wave", "2024"]) == 0
    out = capsys.readouterr().out
    assert ("note: row 2 looks like a second header row (text above the numbers of 'id', 'age'): if it is, set "
            "header_rows = 2 under [files] in the codebook") in out
    assert "\n  layout: plain CSV (1 header row)\n" in out
    plain = tmp_path / "plain.csv"
    plain.write_text("id,age\n1,34\n2,51\n3,28\n", encoding="utf-8")
    assert not [n for n in read_export(plain).notes if "header row" in n]


def test_add_wave_with_header_rows_drafts_them_and_the_question_texts(project, tmp_path, capsys):
    from analysis.cli import main

    path = _two_header_rows(tmp_path / "other_tool.csv")
    assert main(["add-wave", str(path), "--wave", "2024", "--header-rows", "2", "--question-row", "2"]) == 0
    out = capsys.readouterr().out
    assert "\n  layout: CSV (2 header rows, from [files] header_rows)\n" in out
    import tomllib

    text = project.codebook("2024").read_text(encoding="utf-8")
    book = tomllib.loads(text)
    assert book["files"] == {"data": "other_tool.csv", "format": "auto", "header_rows": 2, "question_row": 2}
    assert {i["column"]: i["text"] for i in book["items"].values()}["Q1"] == "Where do you work?"
    project.codebook("2024").write_text(text[text.index("\n[wave]\n") + 1:], encoding="utf-8")
    assert main(["validate", "--wave", "2024"]) == 0
    assert "2024: valid: 2 respondents" in capsys.readouterr().out


def test_add_wave_refuses_a_header_rows_of_one(project, tmp_path, capsys):
    from analysis.cli import main

    assert main(["add-wave", str(_two_header_rows(tmp_path / "x.csv")), "--wave", "2024", "--header-rows", "1"]) == 2
    assert "expected --header-rows from 2 to 20" in capsys.readouterr().err


def test_smartsurvey_single_choice_other_counts_as_other_and_its_text_is_free_text(tmp_path):
    path = tmp_path / "ss.csv"
    path.write_text("UserID,UserNo,Q1. Where do you work?,\n,,Response,Other (please specify)\n"
                    "1,1,School,\n2,2,,Café run by Ms Ré\n3,3,Nursery,\n", encoding="utf-8")
    raw = read_export(path)
    assert raw.frame["Q1. Where do you work?"].tolist() == ["School", "Other", "Nursery"]
    assert raw.text_columns == ["Q1. Where do you work? | Other (please specify)"]
    assert "Q1. Where do you work?: 1 blank answer(s) with text in Q1. Where do you work? | Other (please " \
           "specify) counted as \"Other\"" in raw.notes


def test_a_google_forms_sheet_downloaded_as_xlsx_is_recognised(tmp_path):
    import datetime as dt

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Form responses 1"
    ws.append(["Timestamp", "Email address", "Which topics?"])
    ws.append([dt.datetime(2024, 3, 4, 9, 4), "ann.smith@example.org", "Online safety, Recovery"])
    wb.save(tmp_path / "g.xlsx")
    raw = read_export(tmp_path / "g.xlsx")
    assert layout_line(raw) == "layout: Google Forms XLSX (1 header row; ticked options joined by ', ')"
    assert raw.metadata_columns == ["Timestamp", "Email address"]


@pytest.mark.parametrize("release", [113, 114, 115])
@pytest.mark.parametrize("byte_order", [1, 2])
def test_old_binary_stata_headers(release, byte_order):
    from analysis.ingest.dta import is_dta

    assert is_dta(bytes([release, byte_order, 1, 0]) + b"\x00" * 12)
    assert not is_dta(bytes([release, 3, 1, 0]))  # no such byte order
    assert not is_dta(b"q,r\n1,2\n")  # text that starts with the same letter
