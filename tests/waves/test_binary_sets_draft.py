"""A select-all question in an SPSS or Stata file written as one variable per option (Qualtrics' SPSS export).

Qualtrics writes "Which of these have you dealt with? (Select all that apply)" to SPSS as Q5_1 ... Q5_4,
each 1 (labelled with the option) when ticked and system-missing when not, with the variable label
"<question> - Selected Choice - <option>", and no multiple-response set. Drafted one item per
column, each "item" had one code: every option was ticked by 100% of those who "answered" it.

The invented file below has six respondents. Ticked, by hand:
  respondent  1: grooming, sexting      2: sexting            3: (nothing)
  respondent  4: grooming, bullying     5: grooming, sexting, bullying   6: bullying
Those who ticked at least one option: 5. Grooming 3/5 = 60%, sexting 3/5 = 60%, bullying 3/5 = 60%,
live streaming 0/5. A yes/no question (Q6, 1 = Yes, 2 = No) beside it stays one item.
"""

from __future__ import annotations


import numpy as np
import pandas as pd
import pytest

from analysis.cli import main
from tests.projects import accept_draft

OPTIONS = ["Online grooming", "Sexting", "Cyberbullying", "Live streaming abuse"]
TICKS = [[1, 1, 0, 0], [0, 1, 0, 0], [0, 0, 0, 0], [1, 0, 1, 0], [1, 1, 1, 0], [0, 0, 1, 0]]
QUESTION = "Which of these have you dealt with? (Select all that apply)"


def _sav(path, *, stata=False):
    import pyreadstat

    frame = pd.DataFrame({"ResponseId": [f"R_{i}" for i in range(1, 7)]})
    for k in range(4):
        frame[f"Q5_{k + 1}"] = [1.0 if row[k] else np.nan for row in TICKS]
    frame["Q6"] = [1.0, 2.0, 1.0, 1.0, 2.0, 1.0]
    labels = {f"Q5_{k + 1}": {1.0: o} for k, o in enumerate(OPTIONS)} | {"Q6": {1.0: "Yes", 2.0: "No"}}
    texts = ["Response ID"] + [f"{QUESTION} - Selected Choice - {o}" for o in OPTIONS] + ["Trained?"]
    if stata:
        frame[[f"Q5_{k + 1}" for k in range(4)]] = frame[[f"Q5_{k + 1}" for k in range(4)]].fillna(0)
        texts = [t.replace(QUESTION, "Dealt with?") for t in texts]  # Stata's labels hold 80 characters
        pyreadstat.write_dta(frame, path, column_labels=texts,
                             variable_value_labels={c: {int(k): v for k, v in m.items()} for c, m in labels.items()})
    else:
        pyreadstat.write_sav(frame, path, column_labels=texts, variable_value_labels=labels)


def _draft_and_run(project, export):
    assert main(["add-wave", str(export), "--wave", "q"]) == 0
    items = accept_draft(project, "q")["items"]
    assert main(["all", "--wave", "q"]) == 0
    return items


def _option_shares(project):
    options = pd.read_csv(project.processed / "q" / "tables" / "options.csv")
    overall = options[options["by"] == "overall"]
    return overall, {row.option: (int(row.count), int(row.n)) for row in overall[overall["kind"] == "option"].itertuples()}


def test_one_variable_per_option_in_a_sav_is_drafted_as_one_multi_item(project, tmp_path):
    export = tmp_path / "qualtrics.sav"
    _sav(export)
    items = _draft_and_run(project, export)
    multi = [item for item in items.values() if item["type"] == "multi"]
    assert len(multi) == 1 and multi[0]["text"] == QUESTION
    assert list(multi[0]["options"].values()) == OPTIONS
    assert not [name for name, item in items.items() if item.get("column", "").startswith("Q5_")]
    assert [item["type"] for item in items.values() if item.get("column") == "Q6"] == ["yesno"]
    _, shares = _option_shares(project)
    assert shares == {"Online grooming": (3, 5), "Sexting": (3, 5), "Cyberbullying": (3, 5),
                      "Live streaming abuse": (0, 5)}


def test_one_0_1_variable_per_option_in_a_dta_is_drafted_as_one_multi_item(project, tmp_path):
    """Stata holds 0 for an option not ticked. With no respondent blank in every option, nothing tells one who
    ticked nothing from one not asked, so the base stays those who ticked at least one (5), as for a CSV."""
    export = tmp_path / "qualtrics.dta"
    _sav(export, stata=True)
    items = _draft_and_run(project, export)
    multi = [item for item in items.values() if item["type"] == "multi"]
    assert len(multi) == 1 and multi[0]["text"] == "Dealt with?" and list(multi[0]["options"].values()) == OPTIONS
    _, shares = _option_shares(project)
    assert multi[0]["selected"] == "0/1" and "answered" not in multi[0]
    assert shares == {"Online grooming": (3, 5), "Sexting": (3, 5), "Cyberbullying": (3, 5),
                      "Live streaming abuse": (0, 5)}


def test_yes_no_questions_coded_1_0_stay_questions_of_their_own():
    """Q1_1 ... Q1_3 answered Yes (1) or No (0) each: a respondent's "No" is an answer, not an option left
    unticked, so they are not one select-all question (whose base would leave out those with three Noes)."""
    from analysis.ingest.raw import RawExport
    from analysis.waves.binary_sets_draft import binary_sets

    frame = pd.DataFrame({"Q1_1": [1.0, 0.0, 0.0], "Q1_2": [0.0, 1.0, 0.0], "Q1_3": [1.0, 1.0, 0.0]})
    for labels in ({0.0: "No", 1.0: "Yes"}, {1.0: "Yes"}, {0.0: "No"}):
        raw = RawExport(path=None, frame=frame, layout="sav", value_labels={c: labels for c in frame.columns})
        assert binary_sets(raw) == ({}, {}), labels
    ticks = {0.0: "Not selected", 1.0: "Selected"}
    raw = RawExport(path=None, frame=frame, layout="sav", value_labels={c: ticks for c in frame.columns},
                    question_text={"Q1_1": "Seen? - A", "Q1_2": "Seen? - B", "Q1_3": "Seen? - C"})
    assert binary_sets(raw) == ({"Seen?": ["Q1_1", "Q1_2", "Q1_3"]}, {"Q1_1": "A", "Q1_2": "B", "Q1_3": "C"})


def test_validate_questions_a_codebook_that_keeps_one_item_per_option(project, tmp_path, capsys):
    export = tmp_path / "qualtrics.sav"
    _sav(export)
    wave = project.raw / "q"
    wave.mkdir()
    (wave / "qualtrics.sav").write_bytes(export.read_bytes())
    items = "".join(f'[items.q5_{k}]\ncolumn = "Q5_{k}"\ntype = "single"\ncodes = {{ 1 = "{o}" }}\n'
                    for k, o in enumerate(OPTIONS, 1))
    (wave / "codebook.toml").write_text('[wave]\nname = "q"\n[files]\ndata = "qualtrics.sav"\n[id]\n'
                                        'column = "ResponseId"\n' + items, encoding="utf-8")
    capsys.readouterr()
    assert main(["validate", "--wave", "q"]) == 0
    warnings = [line for line in capsys.readouterr().out.splitlines() if "select-all question" in line]
    assert len(warnings) == 4 and "columns Q5_1 to Q5_4" in warnings[0]


@pytest.mark.parametrize("names", [["Q5_1", "Q5_2", "Q5_3"], ["q0005_0001", "q0005_0002", "q0005_0003"],
                                   ["Q5r1", "Q5r2", "Q5r3"], ["dealt1", "dealt2", "dealt3"]])
@pytest.mark.parametrize("unticked", [np.nan, 0.0])
def test_option_variables_are_grouped_by_their_name_stem_whatever_the_tool_s_naming(names, unticked):
    from analysis.ingest.raw import RawExport
    from analysis.waves.binary_sets_draft import binary_sets

    frame = pd.DataFrame({n: [1.0 if (i + k) % 2 else unticked for i in range(6)] for k, n in enumerate(names)})
    frame["Q6"] = [1.0, 2.0, 1.0, 2.0, 1.0, 2.0]
    labels = {n: {1.0: o} for n, o in zip(names, OPTIONS)} | {"Q6": {1.0: "Yes", 2.0: "No"}}
    groups, options = binary_sets(RawExport(path=None, frame=frame, layout="sav", value_labels=labels))
    assert list(groups.values()) == [names]
    assert [options[n] for n in names] == OPTIONS[:3]


def test_option_variables_named_apart_are_grouped_by_their_labels_question():
    """SPSS names such as V10, V11, V12 share no stem with a run of digits; their labels share the question."""
    from analysis.ingest.raw import RawExport
    from analysis.waves.binary_sets_draft import binary_sets

    names = ["grooming", "sexting", "bullying"]
    frame = pd.DataFrame({n: [1.0, np.nan, 1.0] for n in names})
    texts = {n: f"{QUESTION} - {o}" for n, o in zip(names, OPTIONS)}
    groups, options = binary_sets(RawExport(path=None, frame=frame, layout="sav", question_text=texts))
    assert groups == {QUESTION: names} and [options[n] for n in names] == OPTIONS[:3]


def test_unlabelled_0_1_variables_sharing_a_stem_are_not_taken_for_one_question():
    """Q1, Q2, Q3 coded 0/1 with no labels may as well be three yes/no questions: grouped, a respondent with
    three 0s would leave the base of all three."""
    from analysis.ingest.raw import RawExport
    from analysis.waves.binary_sets_draft import binary_sets

    frame = pd.DataFrame({"Q1": [1.0, 0.0, 0.0], "Q2": [0.0, 1.0, 0.0], "Q3": [1.0, 1.0, 0.0]})
    assert binary_sets(RawExport(path=None, frame=frame, layout="dta")) == ({}, {})
