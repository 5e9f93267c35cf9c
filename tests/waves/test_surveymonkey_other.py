"""A SurveyMonkey CSV in cp1252 with "Other (please specify)": 39 of 380 count as Other, from add-wave to ingest.

The export is written here: 380 respondents; setting School for 200, Nursery for 141, and for 39 a
blank answer cell with text typed in the "Other (please specify)" column (one names a person).
"""

from __future__ import annotations

import pandas as pd

from analysis.cli import main


def _export(path):
    rows = [["Respondent ID", "Where do you work?", "", "Comments"],
            ["", "Response", "Other (please specify)", "Open-Ended Response"]]
    for i in range(380):
        setting, other = ("School", "") if i < 200 else ("Nursery", "") if i < 341 else ("", f"Café {i} run by Ms Ré")
        rows.append([str(1000 + i), setting, other, ""])
    text = "\r\n".join(",".join(r) for r in rows) + "\r\n"
    path.write_bytes(text.encode("cp1252"))
    return path


def test_other_please_specify_counts_39_of_380_and_its_text_never_reaches_processed_data(project, tmp_path, capsys):
    export = _export(tmp_path / "sm.csv")
    assert main(["add-wave", str(export), "--wave", "2018"]) == 0
    assert '39 blank answer(s) with text in Where do you work? | Other (please specify) counted as "Other"' in \
        capsys.readouterr().out
    draft = project.codebook("2018").read_text(encoding="utf-8")
    import tomllib

    items = tomllib.loads(draft)["items"]
    setting = next(i for i in items.values() if i["column"] == "Where do you work?")
    assert sorted(setting["codes"].values()) == ["Nursery", "Other", "School"]
    other_text = next(i for i in items.values() if i["column"] == "Where do you work? | Other (please specify)")
    assert other_text["type"] == "text"
    project.codebook("2018").write_text(draft[draft.index("\n[wave]\n") + 1:], encoding="utf-8")
    assert main(["ingest", "--wave", "2018"]) == 0
    frame = pd.read_parquet(project.processed_frame("2018"))
    name = next(n for n, i in items.items() if i["column"] == "Where do you work?")
    counts = frame[name].value_counts().to_dict()
    assert counts == {"School": 200, "Nursery": 141, "Other": 39}
    assert frame[name].isna().sum() == 0  # none of the 39 became "no answer"
    assert "Café" not in frame.to_csv() and "Ms Ré" not in frame.to_csv()
