"""Qualtrics' SPSS (and Stata) export follows Qualtrics' rule for previews, tests and partial responses.

Qualtrics writes the same ``Status`` and ``Finished`` variables to a .sav as to its CSV, as numbers with
value labels (0 "IP Address", 1 "Survey Preview", 2 "Survey Test"). The CSV reader drops survey
previews (the author trying the survey, never a respondent) and counts tests and unfinished responses
in notes; the .sav was read as it stood, so a preview counted as a respondent.

Invented file, five cases: R_1 a response; R_2 a preview (dropped); R_3 unfinished; R_4 a generated test;
R_5 a response. Trained?: Yes, Yes, No, Yes, No -> kept cases R_1, R_3, R_4, R_5: Yes 2, No 2.
"""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.cli import main
from tests.projects import accept_draft

STATUS = {0.0: "IP Address", 1.0: "Survey Preview", 2.0: "Survey Test", 8.0: "Spam"}


def _export(path, trained=(1.0, 1.0, 2.0, 1.0, 2.0)):
    import pyreadstat

    frame = pd.DataFrame({"ResponseId": [f"R_{i}" for i in range(1, 6)], "Status": [0.0, 1.0, 0.0, 2.0, 0.0],
                          "Finished": [1.0, 1.0, 0.0, 1.0, 1.0], "Q1": list(trained)})
    labels = {"Status": STATUS, "Finished": {0.0: "False", 1.0: "True"}, "Q1": {1.0: "Yes", 2.0: "No"}}
    if path.suffix == ".dta":
        pyreadstat.write_dta(frame, path, column_labels=["Response ID", "Response Type", "Finished", "Trained?"],
                             variable_value_labels={c: {int(k): v for k, v in m.items()} for c, m in labels.items()})
    else:
        pyreadstat.write_sav(frame, path, column_labels=["Response ID", "Response Type", "Finished", "Trained?"],
                             variable_value_labels=labels)


@pytest.mark.parametrize("suffix", [".sav", ".dta"])
def test_a_preview_is_dropped_and_tests_and_partials_are_counted(project, tmp_path, capsys, suffix):
    export = tmp_path / f"qualtrics{suffix}"
    _export(export)
    capsys.readouterr()
    assert main(["add-wave", str(export), "--wave", "q"]) == 0
    out = capsys.readouterr().out
    assert "1 survey-preview row (Status = Survey Preview) dropped" in out
    assert "1 generated test response row(s) (Status) kept" in out and "1 unfinished response(s)" in out
    accept_draft(project, "q")
    assert main(["ingest", "--wave", "q"]) == 0
    frame = pd.read_parquet(project.processed_frame("q"))
    assert len(frame) == 4
    assert frame["q1"].value_counts().to_dict() == {"Yes": 2, "No": 2}


def test_a_case_after_a_dropped_preview_keeps_its_case_number(project, tmp_path, capsys):
    wave = project.raw / "q"
    wave.mkdir()
    _export(wave / "qualtrics.sav", trained=(1.0, 1.0, 2.0, 1.0, 7.0))  # 7 in case 5
    (wave / "codebook.toml").write_text(
        '[wave]\nname = "q"\n[files]\ndata = "qualtrics.sav"\n[id]\ncolumn = "ResponseId"\n'
        '[items.q1]\ncolumn = "Q1"\ntype = "yesno"\ncodes = { 1 = "Yes", 2 = "No" }\n', encoding="utf-8")
    capsys.readouterr()
    assert main(["ingest", "--wave", "q"]) == 2
    assert "column 'Q1', case 5: found '7" in capsys.readouterr().err
