"""Checking an export against its codebook: no answer lost, no personal data kept, no cell echoed."""

from __future__ import annotations

import pytest

from analysis.cli import main
from analysis.ingest.pipeline import ingest_wave
from tests.ingest.demo import CODEBOOK, ROWS, csv_text, refused, write_demo

WEIGHTED = CODEBOOK + '''
[items.w]
column = "W"
type = "weight"
'''


def _weighted(project, weights):
    rows = [list(r) + [w] for r, w in zip(ROWS, ["W"] + list(weights))]
    folder = write_demo(project.root, codebook=WEIGHTED)
    (folder / "export.csv").write_text(csv_text(rows), encoding="utf-8")


@pytest.mark.parametrize("weights, message", [
    # Spreadsheet rows: the header is row 1, so the third respondent is row 4 (not 3).
    (["1", "1", "", "1", "1", "1"], "column 'W', row 4: found 'no weight', expected a weight for every respondent"),
    (["1", "nan", "1", "1", "1", "1"], "column 'W', row 3: found 'no weight'"),
    (["0", "0", "0", "0", "0", "0"], "column 'W': found 'every weight is zero', expected at least one weight above"),
    (["1", "1", "1", "inf", "1", "1"], "column 'W', row 5: found 'inf', expected a finite weight below 1e+09"),
    (["1", "1", "1", "1", "1e300", "1"], "column 'W', row 6: found '1e300', expected a finite weight below 1e+09"),
])
def test_weights_that_cannot_weight_are_one_line(project, capsys, weights, message):
    _weighted(project, weights)
    err = refused(main, project, capsys)
    assert message in err
    assert len(err.strip().splitlines()) == 1


def test_good_weights_with_some_zero_are_read(project):
    _weighted(project, ["0", "1.5", "1", "2", "0.5", "1"])
    assert ingest_wave("demo", project)["respondents"] == 6


def test_duplicated_column_name_with_different_copies_is_an_error(project, capsys):
    # The first Q2 is blank, the second holds the answers: read naively, everyone is "no answer".
    rows = [list(r) + [r[2]] for r in ROWS]
    for r in rows[1:]:
        r[2] = ""
    folder = write_demo(project.root)
    (folder / "export.csv").write_text(csv_text(rows), encoding="utf-8")
    err = refused(main, project, capsys)
    assert "column 'Q2', rows 2, 3, 4, 5, 6:" in err and "appears again (read as 'Q2.2')" in err


def test_duplicated_column_name_with_identical_copies_is_read(project):
    rows = [list(r) + [r[2]] for r in ROWS]
    folder = write_demo(project.root)
    (folder / "export.csv").write_text(csv_text(rows), encoding="utf-8")
    assert ingest_wave("demo", project)["respondents"] == 6


def test_ids_are_never_echoed(project, capsys):
    rows = [list(r) for r in ROWS]
    rows[4][0] = "R_secret_101"
    rows[1][0] = "R_secret_101"
    folder = write_demo(project.root)
    (folder / "export.csv").write_text(csv_text(rows), encoding="utf-8")
    err = refused(main, project, capsys)
    assert "column 'id', row 5: found 'an id already used in row 2'" in err
    assert "secret" not in err


def test_email_ids_are_refused_without_echoing_them(project, capsys):
    rows = [list(r) for r in ROWS]
    for i, r in enumerate(rows[1:], start=1):
        r[0] = f"person{i}@example.org"
    folder = write_demo(project.root)
    (folder / "export.csv").write_text(csv_text(rows), encoding="utf-8")
    err = refused(main, project, capsys, stage="validate")
    assert "column 'id', rows 2, 3, 4, 5, 6 and 1 more:" in err and "found e-mail addresses" in err
    assert "example.org" not in err


@pytest.mark.parametrize("value, kind", [("+44 20 7946 0958", "phone numbers"), ("192.168.1.20", "IP addresses"),
                                         ("ann@example.org", "e-mail addresses")])
def test_personal_data_in_a_kept_column_is_replaced_by_its_kind(project, capsys, value, kind):
    import pandas as pd

    rows = [list(r) for r in ROWS]
    rows[2][6] = value
    write_demo(project.root, rows=rows,
               codebook=CODEBOOK.replace('type = "text"', 'type = "text"\nkeep = true'))
    assert main(["ingest", "--wave", "demo"]) == 0
    kept = pd.read_parquet(project.processed_frame("demo"))["case_text"].tolist()
    assert kept[1] == {"phone numbers": "[phone]", "IP addresses": "[IP address]", "e-mail addresses": "[e-mail]"}[kind]
    assert value.encode() not in project.processed_frame("demo").read_bytes()


def test_coded_item_whose_labels_are_email_addresses_is_refused(project, capsys):
    codebook = CODEBOOK.replace('codes = { 1 = "Health", 2 = "Education" }',
                                'codes = { 1 = "ann@example.org", 2 = "bob@example.org" }')
    write_demo(project.root, codebook=codebook)
    err = refused(main, project, capsys)
    assert "at 'items.sector.codes.1'" in err and "e-mail address" in err and "example.org" not in err


def test_surveymonkey_export_without_its_second_header_row(project, capsys):
    codebook = '''
[wave]
name = "demo"
[files]
data = "export.csv"
[id]
column = "Respondent ID"
[items.sector]
column = "Where do you work?"
type = "single"
codes = { 1 = "Health", 2 = "Education" }
[items.training]
type = "multi"
options = { "Which training? | Online safety" = "Online safety", "Which training? | Recovery" = "Recovery" }
[indicators.health]
item = "sector"
codes = [1]
label = "Health"
'''
    text = ("Respondent ID,Where do you work?,Which training?,\r\n"
            "101,Health,Online safety,\r\n"
            "102,Education,,Recovery\r\n")
    folder = write_demo(project.root, codebook=codebook)
    (folder / "export.csv").write_text(text, encoding="utf-8")
    err = refused(main, project, capsys)
    assert len(err.strip().splitlines()) == 1
    assert "row 2: expected the export's second header row" in err


def test_an_email_in_a_coded_column_is_not_echoed(project, capsys):
    rows = [list(r) for r in ROWS]
    rows[3][1] = "carol@example.org"
    write_demo(project.root, rows=rows)
    err = refused(main, project, capsys)
    assert "column 'Q1', row 4: found '(e-mail address)', expected a code or label of item 'sector'" in err
    assert "carol" not in err


def test_free_text_in_a_column_typed_as_a_number_is_not_echoed(project, capsys):
    # The free-text column Q5 typed numeric by mistake: the error names rows, not the answers.
    codebook = CODEBOOK.replace('[items.case_text]\ncolumn = "Q5"\ntype = "text"',
                                '[items.case_text]\ncolumn = "Q5"\ntype = "numeric"')
    write_demo(project.root, codebook=codebook)
    err = refused(main, project, capsys)
    assert "column 'Q5', rows 2, 5: found '(free text)', expected a number for item 'case_text'" in err
    assert "webcam" not in err and "console" not in err


NAMES = ["Ann Smith", "Bob Jones", "Cyril Patel", "Dana Brown", "Eve Okafor", "Femi Nguyen", "Gus Evans",
         "Hana Walsh", "Ian Khan", "Jo Reid"]
TITLES = ["Head Teacher", "Social Worker", "School Nurse", "Head Teacher", "Health Visitor", "Social Worker",
          "School Nurse", "Head Teacher", "Social Worker", "Health Visitor"]
KEPT = CODEBOOK.replace('[items.case_text]\ncolumn = "Q5"\ntype = "text"',
                        '[items.case_text]\ncolumn = "Q5"\ntype = "text"\nkeep = true')


def _with_q5(project, values, codebook=KEPT):
    from tests.ingest.demo import many_rows

    rows = many_rows(len(values))
    for row, value in zip(rows[1:], values):
        row[6] = value
    folder = write_demo(project.root, codebook=codebook)
    (folder / "export.csv").write_text(csv_text(rows), encoding="utf-8")


def test_a_kept_column_of_peoples_names_is_refused_without_echoing_them(project, capsys):
    _with_q5(project, NAMES)
    err = refused(main, project, capsys)
    assert "column 'Q5', rows 2, 3, 4, 5, 6 and 5 more: expected values of item 'case_text' that are not personal " \
           "data (found names)" in err
    assert not any(name in err for name in NAMES)


def test_job_titles_and_other_repeated_capitalised_answers_are_not_names(project):
    # "Head Teacher" is two capitalised words like a name, but answers that repeat are labels, not people.
    _with_q5(project, TITLES)
    assert ingest_wave("demo", project)["respondents"] == 10


def test_ids_that_are_peoples_names_are_refused(project, capsys):
    from tests.ingest.demo import many_rows

    rows = many_rows(10)
    for row, name in zip(rows[1:], NAMES):
        row[0] = name
    folder = write_demo(project.root)
    (folder / "export.csv").write_text(csv_text(rows), encoding="utf-8")
    err = refused(main, project, capsys)
    assert "column 'id', rows 2, 3, 4, 5, 6 and 5 more: expected respondent ids that are not personal data " \
           "(found names)" in err
    assert not any(name in err for name in NAMES)


def _email_ids(project, codebook):
    rows = [list(r) for r in ROWS]
    for i, r in enumerate(rows[1:], start=1):
        r[0] = f"person{i}@example.org"
    folder = write_demo(project.root, codebook=codebook)
    (folder / "export.csv").write_text(csv_text(rows), encoding="utf-8")


def test_email_ids_refusal_says_how_to_pseudonymise(project, capsys):
    _email_ids(project, CODEBOOK)
    err = refused(main, project, capsys)
    assert "or set pseudonymise = true under [id]" in err


def test_email_ids_can_be_replaced_by_row_order_pseudonyms(project):
    import pandas as pd

    _email_ids(project, CODEBOOK.replace('[id]\ncolumn = "id"', '[id]\ncolumn = "id"\npseudonymise = true'))
    ingest_wave("demo", project)
    first = {p: p.read_bytes() for p in (project.processed_frame("demo"), project.processed_sidecar("demo"))}
    frame = pd.read_parquet(project.processed_frame("demo"))
    # Respondents numbered in the export's order: nothing of the address survives, and a rerun is identical.
    assert list(frame.index) == ["P1", "P2", "P3", "P4", "P5", "P6"]
    assert frame.loc["P3", "conf"] == "Don't know"
    assert not any(b"example" in data for data in first.values())
    assert b"example" not in project.processed_sidecar("demo").read_bytes()
    project.processed_sidecar("demo").unlink()
    ingest_wave("demo", project)
    assert {p: p.read_bytes() for p in first} == first


def test_pseudonymised_ids_are_still_checked_for_repeats(project, capsys):
    _email_ids(project, CODEBOOK.replace('[id]\ncolumn = "id"', '[id]\ncolumn = "id"\npseudonymise = true'))
    export = project.wave_dir("demo") / "export.csv"
    export.write_text(export.read_text(encoding="utf-8").replace("person4@", "person2@"), encoding="utf-8")
    err = refused(main, project, capsys)
    assert "column 'id', row 5: found 'an id already used in row 3'" in err and "person" not in err


def test_free_text_that_repeats_is_still_not_echoed_but_a_missing_label_is(project, capsys):
    # Free-text answers can repeat ("Grooming on a games console" twice); a column of many
    # different long answers is free text. One repeated long answer is a label the codebook lacks.
    rows = [list(r) for r in ROWS]
    texts = ["A case about a webcam", "Grooming on a games console", "Grooming on a games console",
             "A stranger asked for photos", "A case about a webcam", "Threats made over a chat app"]
    for row, text in zip(rows[1:], texts):
        row[6] = text
    codebook = CODEBOOK.replace('[items.case_text]\ncolumn = "Q5"\ntype = "text"',
                                '[items.case_text]\ncolumn = "Q5"\ntype = "numeric"')
    write_demo(project.root, rows=rows, codebook=codebook)
    err = refused(main, project, capsys)
    assert "found '(free text)', expected a number for item 'case_text'" in err
    assert not any(word in err for word in ("webcam", "console", "photos", "chat"))
    rows = [list(r) for r in ROWS]
    for row in rows[1:4]:
        row[2] = "Neither confident nor unconfident"
    write_demo(project.root, rows=rows)
    err = refused(main, project, capsys)
    assert "found 'Neither confident nor unconfident', expected a code or label of item 'conf'" in err


def test_a_kept_column_of_school_names_is_not_taken_for_people(project):
    schools = ["Oak Primary", "Elm Academy", "Ash Infant School", "Kings College", "Bay Medical Practice",
               "Hill Nursery", "Vale High", "Park Junior", "Moor Secondary", "Lea Academy"]
    _with_q5(project, schools)
    assert ingest_wave("demo", project)["respondents"] == 10
