"""Jisc Online Surveys multi-select questions in each header form the reader accepts, to hand counts.

No published description of Jisc's response export was found (tests/fixtures/platforms/README.md):
the forms below are the ones public scripts that read real exports show or imply. Each file holds
the same six invented respondents' answers to "Which topics?" (options A-topic, B-topic, C-topic):

    1: A, B    2: A    3: (blank)    4: C    5: A, B, C    6: B

so by hand A 3, B 3, C 2, five answered.
"""

from __future__ import annotations


import pandas as pd
import pytest

from analysis.cli import main
from tests.projects import accept_draft

TICKS = [["A-topic", "B-topic"], ["A-topic"], [], ["C-topic"], ["A-topic", "B-topic", "C-topic"], ["B-topic"]]
OPTIONS = ["A-topic", "B-topic", "C-topic"]
EXPECTED = {"A-topic": 3, "B-topic": 3, "C-topic": 2}


def _per_option(cell) -> str:
    head = ["URN", "CompletionDate", "1. Where do you work?"] + [
        f"2.{k + 1} Which topics? - {o}" for k, o in enumerate(OPTIONS)]
    lines = [",".join(head)]
    for i, ticked in enumerate(TICKS):
        lines.append(",".join([str(101 + i), "2024-03-01 10:00", "Health" if i % 2 else "Education",
                               *[cell(o, o in ticked, bool(ticked)) for o in OPTIONS]]))
    return "\n".join(lines) + "\n"


def _combined(delimiter: str) -> str:
    lines = ["URN,CompletionDate,1. Where do you work?,2. Which topics?"]
    for i, ticked in enumerate(TICKS):
        lines.append(",".join([str(101 + i), "2024-03-01 10:00", "Health" if i % 2 else "Education",
                               '"' + delimiter.join(ticked) + '"']))
    return "\n".join(lines) + "\n"


CASES = {
    "label per option": _per_option(lambda o, t, answered: o if t else ""),
    "1/0 per option (code responses)": _per_option(lambda o, t, answered: ("1" if t else "0") if answered else ""),
    "combined, joined by ';'": _combined(";"),
    "combined, joined by ', '": _combined(", "),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_jisc_multi_select_forms(case, project, tmp_path, capsys):
    export = tmp_path / "jisc.csv"
    export.write_text(CASES[case], encoding="utf-8")
    assert main(["add-wave", str(export), "--wave", "w"]) == 0
    assert "layout: Jisc Online Surveys CSV" in capsys.readouterr().out
    items = accept_draft(project, "w")["items"]
    multis = [(n, i) for n, i in items.items() if i["type"] == "multi"]
    assert len(multis) == 1, items
    name, item = multis[0]
    labels = list((item.get("options") or item.get("codes")).values())
    assert main(["validate", "--wave", "w"]) == 0
    assert main(["ingest", "--wave", "w"]) == 0
    frame = pd.read_parquet(project.processed_frame("w"))
    assert {label: int(frame[f"{name}__{k}"].sum()) for k, label in enumerate(labels, start=1)} == EXPECTED
    assert int(frame[f"{name}__1"].notna().sum()) == 5
