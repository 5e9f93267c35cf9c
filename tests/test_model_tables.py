"""The tables stage's models and numeric items: the illustrative clustered wave against R, and the 2013 wave.

Reference numbers for the example: ``Rscript tests/reference/example_models_reference.R``
(committed as tests/reference/example_models_reference.csv; R 4.2.2, survey 4.1.1), on the
stratified cluster design with fpc and after raking, fitted to convergence: all within 1e-9.
"""

import math
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis import tables
from analysis.config import Paths
from tests.projects import copy_project

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "2018-schools"
REF = REPO / "tests" / "reference"


def example_tables(root: Path, case: str) -> Path:
    wave = root / "data" / "raw" / "2018-schools"
    wave.mkdir(parents=True)
    (root / "data" / "processed").mkdir()
    for name in ("illustrative_2018_schools.csv", "margins.csv"):
        shutil.copy(EXAMPLE / name, wave / name)
    # checked as if real: a wave that is not real shows no test (analysis/untested.py, mark_models)
    codebook = (EXAMPLE / "codebook.toml").read_text().replace('provenance = "illustrative"', 'provenance = "real"')
    if case == "design":
        codebook = codebook.replace("[weighting]\nmargins = \"margins.csv\"", "")
    (wave / "codebook.toml").write_text(codebook)
    paths = Paths(root)
    assert tables.run("2018-schools", paths) == 0
    return paths.tables_dir("2018-schools")


@pytest.mark.parametrize("case", ["design", "raked"])
def test_example_model_and_numeric_item_match_r(tmp_path, case):
    out = example_tables(tmp_path, case)
    r = pd.read_csv(REF / "example_models_reference.csv")
    ref = r[r["case"] == case].set_index(["group", "quantity"])["value"]
    models = pd.read_csv(out / "models.csv")
    assert list(models["coefficient_name"]) == ["(Intercept)", "trainedTRUE", "phaseSecondary", "phaseSpecial",
                                                "roleSafeguarding lead"]
    for k, row in enumerate(models.itertuples(), start=1):
        assert row.coefficient == pytest.approx(ref[(str(k), "coefficient")], rel=1e-9)
        assert row.se == pytest.approx(ref[(str(k), "se")], rel=1e-9)
        assert row.p_value == pytest.approx(ref[(str(k), "p_value")], rel=1e-8)
        assert row.or_lower == pytest.approx(ref[(str(k), "or_lower")], rel=1e-9)
        assert row.or_upper == pytest.approx(ref[(str(k), "or_upper")], rel=1e-9)
        assert row.df == ref[("model", "df_residual")] and row.n == ref[("model", "n")]
        assert row.base == "those who answered" and row.number_class == "observed"
    model_tests = pd.read_csv(out / "model_tests.csv").set_index("term")
    for ours, theirs in (("trained", "is_trained"), ("phase", "phase"), ("role", "role")):
        assert model_tests.loc[ours, "F"] == pytest.approx(ref[(theirs, "F")], rel=1e-9)
        assert model_tests.loc[ours, "p_value"] == pytest.approx(ref[(theirs, "F_p")], rel=1e-9)
    numeric = pd.read_csv(out / "numeric.csv")
    numeric = numeric[numeric["by"].isin(["overall", "phase"])]
    for g in ["All", "Primary", "Secondary", "Special"]:
        rows = numeric[numeric["group"] == g]
        for stat in ("mean", "total"):
            row = rows[rows["statistic"] == stat].iloc[0]
            assert row["estimate"] == pytest.approx(ref[(g, stat)], rel=1e-9)
            assert row["se"] == pytest.approx(ref[(g, f"{stat}_se")], rel=1e-9)
        for p in (0.25, 0.5, 0.75):
            row = rows[(rows["statistic"] == "quantile") & (rows["p"] == p)].iloc[0]
            assert row["estimate"] == pytest.approx(ref[(g, f"q{p}")], rel=1e-9)
            assert row["ci_lower"] == pytest.approx(ref[(g, f"q{p}_lower")], rel=1e-9)
            assert row["ci_upper"] == pytest.approx(ref[(g, f"q{p}_upper")], rel=1e-9)


def test_reconstructed_model_is_invented_and_shows_the_published_range(tmp_path, built_2013):
    paths = copy_project(built_2013, tmp_path)  # the bundled wave as ingested once per test run (tests/conftest.py)
    (paths.tables_dir("2013") / "models.csv").unlink()  # written again here
    assert tables.run("2013", paths) == 0
    models = pd.read_csv(paths.tables_dir("2013") / "models.csv")
    assert (models["number_class"] == "invented").all()
    assert models["number_basis"].str.contains("association").all()
    assert models["p_value"].isna().all() and models["odds_ratio"].notna().all()  # no test on invented numbers
    row = models.set_index("coefficient_name").loc["risk_untrainedTRUE"]
    # only the margins of "not confident" and "no training" were published: any odds ratio fits them
    assert row["published_or_lower"] == 0 and math.isinf(row["published_or_upper"])
    assert pd.read_csv(paths.tables_dir("2013") / "model_tests.csv").empty


def test_bad_model_term_is_one_line(tmp_path):
    from analysis.codebook import parse_codebook
    from analysis.errors import InputError

    text = (REPO / "data" / "raw" / "2013" / "codebook.toml").read_text().replace(
        'terms = ["risk_untrained", "sector", "profession"]', 'terms = ["risk_untrained", "sectr"]')
    with pytest.raises(InputError) as err:
        parse_codebook(text, source="2013/codebook.toml")
    assert err.value.lines() == ["2013/codebook.toml: found 'sectr', expected items or indicators of the "
                                 "codebook (at 'models.confidence_training.terms')"]


REPLICATE_CODEBOOK = """
[wave]
name = "reps"
provenance = "illustrative"
[files]
data = "reps.csv"
[id]
column = "id"
[items.region]
column = "region"
type = "single"
codes = { "North" = "North", "Midlands" = "Midlands", "South" = "South", "Wales" = "Wales" }
[items.sector]
column = "sector"
type = "single"
codes = { "Health" = "Health", "Education" = "Education", "Police" = "Police" }
[items.profession]
column = "profession"
type = "single"
codes = { "Practitioner" = "Practitioner", "Manager" = "Manager", "Specialist" = "Specialist" }
[items.trained]
column = "no_training"
type = "yesno"
codes = { 1 = "No training", 0 = "Trained" }
[items.conf]
column = "not_confident"
type = "yesno"
codes = { 1 = "Not confident", 0 = "Confident" }
required = false
[items.years_in_role]
column = "years_in_role"
type = "numeric"
required = false
[items.w]
column = "weight"
type = "weight"
[tables]
breakdowns = ["sector"]
interval = "xlogit"
numeric = ["years_in_role"]
[indicators.not_confident]
item = "conf"
codes = [1]
label = "Not confident"
base = "answered"
[indicators.no_training]
item = "trained"
codes = [1]
label = "No training"
[design]
replicates = "jk1_*"
replicate_type = "JK1"
scale = 0.98
[models.training]
outcome = "not_confident"
terms = ["no_training", "sector", "profession", "years_in_role"]
"""


def test_replicate_weights_declared_in_the_codebook_reach_every_estimate(tmp_path):
    """The JK1 case of replicates_reference.R, through ingest and the tables stage."""
    wave = tmp_path / "data" / "raw" / "reps"
    wave.mkdir(parents=True)
    (tmp_path / "data" / "processed").mkdir()
    fixture = pd.read_csv(REF / "models_fixture.csv")
    reps = pd.read_csv(REF / "models_replicates.csv", dtype=str)
    export = pd.concat([fixture.assign(id=[f"R{i}" for i in range(len(fixture))]),
                        reps[[c for c in reps.columns if c.startswith("jk1_")]]], axis=1)
    export.to_csv(wave / "reps.csv", index=False)
    (wave / "codebook.toml").write_text(REPLICATE_CODEBOOK)
    paths = Paths(tmp_path)
    assert tables.run("reps", paths) == 0
    out = paths.tables_dir("reps")
    r = pd.read_csv(REF / "replicates_reference.csv")
    ref = r[r["case"] == "jk1"].pivot_table(index="group", columns="quantity", values="value", aggfunc="first")
    est = pd.read_csv(out / "estimates.csv")
    est = est[(est["indicator"] == "not_confident") & (est["base_name"] == "answered")].set_index("group")
    for g in ["All", "Health", "Education", "Police"]:
        assert est.loc[g, "proportion"] == pytest.approx(ref.loc[g, "proportion"], rel=1e-9)  # CSV: 10 digits
        assert est.loc[g, "se"] == pytest.approx(ref.loc[g, "se"], rel=1e-9)
        assert est.loc[g, "ci_lower"] == pytest.approx(ref.loc[g, "xlogit_lower"], rel=1e-9)
    models = pd.read_csv(out / "models.csv").set_index("coefficient_name")
    for name in ["(Intercept)", "no_trainingTRUE", "sectorEducation", "years_in_role"]:
        assert models.loc[name, "coefficient"] == pytest.approx(ref.loc[name, "coefficient"], rel=1e-9)
        assert models.loc[name, "se"] == pytest.approx(ref.loc[name, "coef_se"], rel=1e-9)
    numeric = pd.read_csv(out / "numeric.csv")
    row = numeric[(numeric["group"] == "Police") & (numeric["statistic"] == "mean")].iloc[0]
    assert row["se"] == pytest.approx(ref.loc["Police", "mean_se"], rel=1e-9)


def test_replicate_design_tests_across_groups_in_the_tables_stage(tmp_path):
    """tests.csv and pairwise.csv of a replicate design: svychisq and svyttest on the svrepdesign.

    The JK1 case of replicate_tests_reference.R, through ingest and the tables stage; checked as if
    real (a wave that is not real shows no test, analysis/untested.py).
    """
    wave = tmp_path / "data" / "raw" / "reps"
    wave.mkdir(parents=True)
    (tmp_path / "data" / "processed").mkdir()
    fixture = pd.read_csv(REF / "models_fixture.csv")
    reps = pd.read_csv(REF / "models_replicates.csv", dtype=str)
    export = pd.concat([fixture.assign(id=[f"R{i}" for i in range(len(fixture))]),
                        reps[[c for c in reps.columns if c.startswith("jk1_")]]], axis=1)
    export.to_csv(wave / "reps.csv", index=False)
    (wave / "codebook.toml").write_text(REPLICATE_CODEBOOK.replace('provenance = "illustrative"',
                                                                   'provenance = "real"'))
    paths = Paths(tmp_path)
    assert tables.run("reps", paths) == 0
    out = paths.tables_dir("reps")
    t = pd.read_csv(REF / "replicate_tests_reference.csv")
    tref = t[t["case"] == "jk1"].pivot_table(index="group", columns="quantity", values="value", aggfunc="first")
    tests = pd.read_csv(out / "tests.csv")
    row = tests[(tests["indicator"] == "not_confident") & (tests["by"] == "sector")].iloc[0]
    assert row["method"] == "rao_scott" and pd.isna(row["note"])
    assert row["rao_scott_f"] == pytest.approx(tref.loc["sector", "F"], rel=1e-9)
    assert row["p_value"] == pytest.approx(tref.loc["sector", "F_p"], rel=1e-9)
    assert row["adjusted_p"] == pytest.approx(tref.loc["sector", "chisq_p"], rel=1e-9)
    pairs = pd.read_csv(out / "pairwise.csv")
    pairs = pairs[pairs["indicator"] == "not_confident"]
    assert len(pairs) == 3 and (pairs["test"] == "t").all()
    for _, p in pairs.iterrows():
        assert p["se"] == pytest.approx(tref.loc[f"sector:{p['group_1']}|{p['group_2']}", "se"], rel=1e-9)
