"""Design effects that mean something: the simple random sample compared with is stated and matches R.

tests/reference/deff_reference.R: svymean(deff = TRUE) and svymean(deff = "replace") on
tests/reference/deff_fixture.csv (make_deff_fixture.py), for a stratified cluster design with an fpc
and weights that estimate a population total, the same with weights scaled to the sample size, and
the same without an fpc.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.stats import proportion_table
from analysis.stats.design import build_design, deff_comparison

REF = Path(__file__).resolve().parents[1] / "reference"
GROUPS = ["All", "DSL", "Head"]


def fixture() -> pd.DataFrame:
    d = pd.read_csv(REF / "deff_fixture.csv")
    d["not_confident"] = pd.array([None if pd.isna(v) else bool(v) for v in d["not_confident"]], dtype="boolean")
    d["role"] = pd.Categorical(d["role"], categories=["DSL", "Head"])
    return d


def reference(case: str) -> pd.DataFrame:
    r = pd.read_csv(REF / "deff_reference.csv")
    return r[r["case"] == case].pivot(index="group", columns="quantity", values="value")


# case, weight column, fpc column, the comparison R's column to match
CASES = [("fpc_population", "weight", "schools_in_nation", "deff"),
         ("fpc_sample", "weight_n", "schools_in_nation", "deff_replace"),
         ("no_fpc", "weight_n", None, "deff_replace")]


@pytest.mark.parametrize("case,weight,fpc,expected", CASES, ids=[c[0] for c in CASES])
def test_design_effect_matches_r_for_the_comparison_that_applies(case, weight, fpc, expected):
    ref = reference(case)
    t = proportion_table(fixture(), "not_confident", by="role", weight=weight, strata="nation", cluster="school",
                         fpc=fpc, small_base=0, suppress_below=0).set_index("group")
    for g in GROUPS:
        assert t.loc[g, "proportion"] == pytest.approx(ref.loc[g, "proportion"], rel=1e-9)
        assert t.loc[g, "se"] == pytest.approx(ref.loc[g, "se"], rel=1e-9)
        assert t.loc[g, "deff"] == pytest.approx(ref.loc[g, expected], rel=1e-9)


def test_weights_scaled_to_the_sample_size_would_give_absurd_design_effects_without_replacement():
    # what was published before: R's deff = TRUE compares with drawing 42 from a population of 42.0002
    ref = reference("fpc_sample")
    assert ref.loc["All", "deff"] > 100 and pd.isna(ref.loc["DSL", "deff"])
    t = proportion_table(fixture(), "not_confident", by="role", weight="weight_n", strata="nation",
                         cluster="school", fpc="schools_in_nation", small_base=0, suppress_below=0)
    assert t["deff"].between(1, 3).all()


def test_the_comparison_rule():
    d = fixture()
    with_fpc = build_design(d, strata="nation", cluster="school", fpc="schools_in_nation")
    without = build_design(d, strata="nation", cluster="school")
    # sums: weight 74.0671 of 42 respondents (1.76 times); weight_n 42.0002 (1.000005 times)
    assert deff_comparison(with_fpc, d["weight"].to_numpy()) == "without_replacement"
    assert deff_comparison(with_fpc, d["weight_n"].to_numpy()) == "replace"
    assert deff_comparison(without, d["weight"].to_numpy()) == "replace"
    assert deff_comparison(with_fpc, None) == "replace"
    assert deff_comparison(with_fpc, np.full(42, 1.1)) == "without_replacement"  # 46.2 >= 1.1 * 42


def test_methods_notes_say_which_comparison_was_used():
    from analysis.report.notes import design_notes

    base = {"weight": "w", "strata": "nation", "strata_count": 2, "cluster": "school", "cluster_count": 15,
            "fpc": "schools", "lonely_psu": "fail", "degrees_of_freedom": 13}
    replace = " ".join(design_notes({"design": dict(base, deff_comparison="replace")}))
    wor = " ".join(design_notes({"design": dict(base, deff_comparison="without_replacement")}))
    assert 'with replacement (as R\'s svymean(deff = "replace"))' in replace
    assert "without replacement from a population the size of the weights' total" in wor


def test_a_clustered_wave_with_an_fpc_and_weights_summing_to_n_publishes_the_with_replacement_deff(project):
    """The wave's estimates.csv carries R's deff = "replace" (1.94), not deff = TRUE (148.6), and tables.json says so."""
    import json

    from analysis.cli import main
    from tests.ingest.demo import codebook_head

    d = pd.read_csv(REF / "deff_fixture.csv")
    folder = project.raw / "w"
    folder.mkdir()
    export = pd.DataFrame({"id": [f"r{i}" for i in range(len(d))], "nation": d["nation"], "school": d["school"],
                           "schools": d["schools_in_nation"], "wt": d["weight_n"], "role": d["role"],
                           "conf": d["not_confident"].map({1.0: "Not confident", 0.0: "Confident"})})
    export.to_csv(folder / "w.csv", index=False)
    (folder / "codebook.toml").write_text(codebook_head(name="w", data="w.csv", provenance="illustrative") + """
[items.nation]
column = "nation"
type = "identifier"
[items.school]
column = "school"
type = "identifier"
[items.schools]
column = "schools"
type = "numeric"
[items.wt]
column = "wt"
type = "weight"
[items.role]
column = "role"
type = "single"
codes = { 1 = "DSL", 2 = "Head" }
[items.conf]
column = "conf"
type = "single"
codes = { 1 = "Not confident", 2 = "Confident" }
[indicators.notconf]
item = "conf"
codes = [1]
label = "Not confident"
base = "answered"
[tables]
breakdowns = ["role"]
[design]
weight = "wt"
strata = "nation"
cluster = "school"
fpc = "schools"
""", encoding="utf-8")
    assert main(["tables", "--wave", "w"]) == 0
    est = pd.read_csv(project.tables_dir("w") / "estimates.csv")
    est = est[est["indicator"] == "notconf"].set_index("group")
    ref = reference("fpc_sample")
    for g in GROUPS:
        assert est.loc[g, "deff"] == pytest.approx(ref.loc[g, "deff_replace"], rel=1e-9)
    meta = json.loads((project.tables_dir("w") / "tables.json").read_text())
    assert meta["design"]["deff_comparison"] == "replace"
