"""A weighted SPSS export with user-missing codes, from ``add-wave`` to the tables, checked against R.

The export is written by the seeded generator :mod:`tests.waves.sav_export` (400 respondents).
Reference numbers: ``tests/reference/weighted_sav_reference.R`` (R's survey 4.1.1 through haven,
which reads user-missing codes as NA), committed as ``weighted_sav_reference.csv``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from analysis.cli import main
from tests.waves.sav_export import write_weighted_sav

REF = Path(__file__).resolve().parents[1] / "reference" / "weighted_sav_reference.csv"

#: What the analyst adds to the draft: an indicator, the nation breakdown and R's interval method.
EDITS = """
[indicators.notconf]
item = "conf"
codes = [1, 2]
label = "Not confident"
base = "answered"

[tables]
breakdowns = ["nation"]
interval = "logit"
"""


def _r(case: str) -> dict[tuple[str, str], float]:
    r = pd.read_csv(REF)
    r = r[r["case"] == case]
    return {(g, q): float(v) for g, q, v in zip(r["group"], r["quantity"], r["value"])}


@pytest.fixture
def sav_wave(project, tmp_path):
    """add-wave's draft of the export, with the header deleted and EDITS added; ingested and tabled."""
    export = write_weighted_sav(tmp_path / "schools_2018.sav", n=400)
    assert main(["add-wave", str(export), "--wave", "2018"]) == 0
    draft = project.codebook("2018").read_text(encoding="utf-8")
    project.codebook("2018").write_text(draft[draft.index("\n[wave]\n") + 1:] + EDITS, encoding="utf-8")
    assert main(["validate", "--wave", "2018"]) == 0
    assert main(["ingest", "--wave", "2018"]) == 0
    assert main(["tables", "--wave", "2018"]) == 0
    return project


def _export(tmp_path):
    import pyreadstat

    frame, _ = pyreadstat.read_sav(str(write_weighted_sav(tmp_path / "check.sav", n=400)), user_missing=True)
    return frame


def test_no_answer_on_the_nation_breakdown_is_never_a_group_and_the_test_is_rs(sav_wave):
    est = pd.read_csv(sav_wave.tables_dir("2018") / "estimates.csv")
    assert set(est.loc[est["by"] == "nation", "group"]) == {"England", "Scotland"}
    test = pd.read_csv(sav_wave.tables_dir("2018") / "tests.csv").iloc[0]
    r = _r("nations")
    # R: p = 0.70 with "No answer" left out; 0.0065 had it been a third group of nations
    assert test["by"] == "nation" and test["groups"] == 2
    assert test["p_value"] == pytest.approx(r[("nation", "F_p")], rel=1e-9)
    assert test["statistic"] == pytest.approx(r[("nation", "F")], rel=1e-9)
    assert test["ddf"] == pytest.approx(r[("nation", "F_ddf")])
    assert abs(test["p_value"] - _r("nations_with_no_answer")[("nation", "F_p")]) > 0.5


def test_weighted_shares_logit_intervals_and_effective_n_are_rs(sav_wave):
    est = pd.read_csv(sav_wave.tables_dir("2018") / "estimates.csv").set_index("group")
    r = _r("shares")
    for group in ("All", "England", "Scotland"):
        row = est.loc[group]
        assert row["method"] == "logit"
        assert row["n"] == r[(group, "n")]
        for q in ("proportion", "ci_lower", "ci_upper", "effective_n"):
            assert row[q] == pytest.approx(r[(group, q)], rel=1e-9), (group, q)
    # the unweighted share would be another number: the weight is used, not silently dropped
    assert abs(est.loc["All", "proportion"] - r[("All", "unweighted_proportion")]) > 5e-4


def test_those_left_out_of_the_breakdown_are_counted_with_their_reason(sav_wave, tmp_path):
    export = _export(tmp_path)
    no_nation = int((export["nation"] == 9).sum())  # counted in the export itself
    record = json.loads((sav_wave.tables_dir("2018") / "tables.json").read_text())
    assert record["left_out"]["breakdowns"]["nation"] == {
        "respondents": 400, "count": no_nation, "reasons": [{"reason": 'answered "No answer"', "count": no_nation}]}


def test_the_methods_notes_name_the_weight_and_the_interval(sav_wave):
    from analysis.codebook import load_codebook
    from analysis.report.notes import methods_notes

    cb = load_codebook(sav_wave.codebook("2018"), wave="2018")
    est = pd.read_csv(sav_wave.tables_dir("2018") / "estimates.csv")
    sections = dict(methods_notes(cb, threshold=10, methods=sorted(set(est["method"]))))
    assert "Percentages and intervals are weighted by weight (column WEIGHT)" in " ".join(sections["Bases"])
    assert "logit interval" in " ".join(sections["Confidence intervals"])


def test_no_comment_reference_number_or_id_reaches_processed_data(sav_wave, tmp_path):
    export = _export(tmp_path)
    processed = [sav_wave.processed_frame("2018")]
    frames = [pd.read_parquet(p) for p in processed]
    text = " ".join(f.astype(str).to_csv() for f in frames) + " ".join(p.read_bytes().decode("latin-1")
                                                                       for p in processed)
    assert "Jane Smith" not in text and "Tom Jones" not in text
    assert not any(c in f.columns for f in frames for c in ("URN", "urn", "comment", "RespID"))
    assert not any(str(int(u)) in text for u in export["URN"].head(20))


def test_validate_names_the_weight_column_typed_numeric(project, tmp_path, capsys):
    # The old draft typed WEIGHT numeric and validate passed: every estimate silently unweighted.
    export = write_weighted_sav(tmp_path / "schools_2018.sav", n=400)
    assert main(["add-wave", str(export), "--wave", "2018"]) == 0
    draft = project.codebook("2018").read_text(encoding="utf-8")
    body = draft[draft.index("\n[wave]\n") + 1:].replace('type = "weight"', 'type = "numeric"')
    project.codebook("2018").write_text(body + EDITS, encoding="utf-8")
    capsys.readouterr()
    assert main(["validate", "--wave", "2018"]) == 0
    out = capsys.readouterr().out
    assert ("warning: item weight (column 'WEIGHT') is typed numeric but looks like a survey weight: type it weight, "
            "or every estimate is unweighted") in out
