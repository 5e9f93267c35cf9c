"""A small export's dates of birth, surnames and children's names are personal data, not answer codes.

Twelve invented respondents, each with a date of birth, a surname, a first name, a child's name and a
mobile number beside a role and a yes/no answer. With fewer than 20 respondents and no more than 15
different answers, every such column read as a coded question: the draft copied each date of birth
and surname into the codebook as a code label, and the report published them.
"""

from __future__ import annotations

import csv

import pytest
from analysis.cli import main
from tests.projects import accept_draft

FIRST = ["Amy", "Ben", "Cara", "Dan", "Eve", "Finn", "Gail", "Hal", "Ivy", "Jon", "Kay", "Leo"]
LAST = ["Smith", "Jones", "Patel", "Brown", "Khan", "Evans", "Wilson", "Taylor", "Hughes", "Green", "Hall", "Wood"]
HEADER = ["id", "Date of birth", "Surname", "First name", "Role", "Trained?", "Mobile", "Child's name"]


def _rows():
    for i in range(12):
        yield [i + 1, f"{(i * 7) % 28 + 1:02d}/{i % 12 + 1:02d}/19{60 + 3 * i}", LAST[i], FIRST[i],
               ["Teacher", "Nurse"][i % 2], ["Yes", "No"][i % 3 == 0], f"07700 900{i:03d}", FIRST[(i + 3) % 12]]


def test_personal_columns_of_a_small_export_are_drafted_as_identifiers_and_never_reach_outputs(project, tmp_path):
    export = tmp_path / "small.csv"
    with export.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([HEADER, *_rows()])
    assert main(["add-wave", str(export), "--wave", "s"]) == 0
    text = project.codebook("s").read_text(encoding="utf-8")
    items = {item["column"]: item for item in accept_draft(project, "s")["items"].values()}
    for column in ("Date of birth", "Surname", "First name", "Mobile", "Child's name"):
        assert items[column]["type"] in ("identifier", "text"), (column, items[column])
    assert items["Role"]["type"] == "single" and items["Trained?"]["type"] == "yesno"
    values = [str(v) for row in _rows() for v in row[1:4] + row[6:]]
    assert not [v for v in values if v in text]
    assert main(["all", "--wave", "s"]) == 0
    written = [p for p in project.root.rglob("*") if p.is_file() and "raw" not in p.parts and p != export]
    assert written
    assert not [(p.name, v) for p in written for v in values if v.encode() in p.read_bytes()]


def test_every_answer_different_is_not_the_labels_of_a_coded_question():
    from analysis.waves.freetext import repeats_like_labels

    assert not repeats_like_labels({f"answer {k}": 1 for k in range(8)})
    assert repeats_like_labels({f"answer {k}": 1 for k in range(7)})  # too few to tell
    assert repeats_like_labels({"Yes": 9, "No": 3})


def test_validate_warns_when_a_codebook_keeps_a_column_named_as_personal_data(project, capsys):
    wave = project.raw / "s"
    wave.mkdir()
    (wave / "small.csv").write_text("id,DOB,Trained?\n1,1970,Yes\n2,1980,No\n3,1970,No\n", encoding="utf-8")
    (wave / "codebook.toml").write_text(
        '[wave]\nname = "s"\n[files]\ndata = "small.csv"\n[id]\ncolumn = "id"\n'
        '[items.born]\ncolumn = "DOB"\ntype = "single"\ncodes = { 1 = "1970", 2 = "1980" }\n'
        '[items.trained]\ncolumn = "Trained?"\ntype = "yesno"\ncodes = { 1 = "Yes", 2 = "No" }\n', encoding="utf-8")
    capsys.readouterr()
    assert main(["validate", "--wave", "s"]) == 0
    out = capsys.readouterr().out
    warnings = [line for line in out.splitlines() if "warning" in line]
    assert len(warnings) == 1 and "item born (column 'DOB')" in warnings[0] and "personal data" in warnings[0], out


@pytest.mark.parametrize("header", ["Date of birth", "DOB", "D.O.B.", "Birth date", "Birthday", "Surname",
                                    "Last name", "Family name", "Forename", "First names", "Given name",
                                    "Name of child", "Child's name", "Name", "Your name", "Full name",
                                    "National Insurance number", "NI number", "Home address", "Postcode",
                                    "Mobile phone", "E-mail"])
def test_columns_named_as_personal_data_are_drafted_as_identifiers(header):
    """Every way of naming a column of personal data, on answers that would otherwise read as codes."""
    from analysis.waves.column_kinds import PERSONAL_TEXT

    assert PERSONAL_TEXT.search(header), header


@pytest.mark.parametrize("header", ["Role", "Sector", "Trained?", "Which name best describes your setting type?",
                                    "Number of children in the setting", "Confidence", "Years in role"])
def test_questions_are_not_taken_for_personal_data_by_their_names(header):
    from analysis.waves.column_kinds import PERSONAL_TEXT

    assert not PERSONAL_TEXT.search(header), header
