"""A single-choice question with an "Other" box in Microsoft Forms or Google Forms: the typed text is the answer.

The export below (Microsoft Forms layout, eight invented respondents) answers "Where do you work?" with
Health 1, 3, 8 (3); Education 2, 5, 7 (3); and two answers typed into the Other box, one naming a
person ("Jane Smith's nursery", respondent 4) and one a place (respondent 6). By hand: Health 3,
Education 3, Other 2. The typed texts must never reach the codebook, processed data or any output.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from analysis.cli import main
from tests.projects import accept_draft

ANSWERS = ["Health", "Education", "Health", "Jane Smith's nursery", "Education", "Brook Lane surgery", "Education",
           "Health"]
TYPED = ["Jane Smith", "Brook Lane"]


def forms_export(path, answers=ANSWERS):
    """A Microsoft Forms workbook answering "Where do you work?" with ``answers``, one respondent each."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["ID", "Start time", "Completion time", "Email", "Name", "Where do you work?", "Trained?"])
    for i, answer in enumerate(answers):
        t = dt.datetime(2024, 5, 1, 9) + dt.timedelta(hours=i)
        ws.append([i + 1, t, t + dt.timedelta(minutes=5), "anonymous", None, answer, "Yes" if i % 2 else "No"])
    wb.save(path)


def drafted_other_item(project, export, typed) -> dict:
    """Draft wave ``w`` from ``export``, check no typed words reached the draft, accept it; its where-do-you-work item.

    The item must be single with an ``other`` code labelled Other.
    """
    assert main(["add-wave", str(export), "--wave", "w"]) == 0
    assert not [t for t in typed if t in project.codebook("w").read_text(encoding="utf-8")]
    item = accept_draft(project, "w")["items"]["where_do_you_work"]
    assert item["type"] == "single" and item["codes"][str(item["other"])] == "Other"
    return item


def test_typed_other_answers_count_as_other_and_never_reach_outputs(project, tmp_path):
    export = tmp_path / "forms.xlsx"
    forms_export(export)
    drafted_other_item(project, export, TYPED)
    assert main(["validate", "--wave", "w"]) == 0
    assert main(["all", "--wave", "w"]) == 0
    frame = pd.read_parquet(project.processed_frame("w"))
    assert frame["where_do_you_work"].value_counts().to_dict() == {"Health": 3, "Education": 3, "Other": 2}
    written = [p for p in project.root.rglob("*") if p.is_file() and "raw" not in p.parts]
    assert written
    assert not [(p.name, t) for p in written for t in TYPED if t.encode() in p.read_bytes()]


def test_other_on_a_single_item_must_name_one_of_its_codes():
    from analysis.codebook import parse_codebook
    from analysis.errors import InputError

    import pytest

    book = ('[wave]\nname = "w"\n[files]\ndata = "x.csv"\n[id]\ncolumn = "id"\n'
            '[items.s]\ncolumn = "s"\ntype = "single"\ncodes = { 1 = "A", 2 = "Other" }\nother = 3\n')
    with pytest.raises(InputError, match="items.s.other"):
        parse_codebook(book)
    assert parse_codebook(book.replace("other = 3", "other = 2")).items["s"].other == 2
