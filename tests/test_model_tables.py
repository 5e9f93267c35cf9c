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
from tests.projects import bundled_project

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "2018-schools"
REF = REPO / "tests" / "reference"


def example_tables(root: Path, case: str) -> Path:
    wave = root / "data" / "raw" / "2018-schools"
    wave.mkdir(parents=True)
    (root / "data" / "processed").mkdir()
    for name in ("illustrative_2018_schools.csv", "margins.csv"):
        shutil.copy(EXAMPLE / name, wave / name)
    codebook = (EXAMPLE / "codebook.toml").read_text()
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
        assert row.base == "those who answered" and row.number_class == "illustrative"
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


def test_reconstructed_model_is_invented_and_shows_the_published_range(tmp_path):
    paths = bundled_project(tmp_path)
    assert tables.run("2013", paths) == 0
    models = pd.read_csv(paths.tables_dir("2013") / "models.csv")
    assert (models["number_class"] == "invented").all()
    assert models["number_basis"].str.contains("association").all()
    row = models.set_index("coefficient_name").loc["risk_untrainedTRUE"]
    # only the margins of "not confident" and "no training" were published: any odds ratio fits them
    assert row["published_or_lower"] == 0 and math.isinf(row["published_or_upper"])
    tests_ = pd.read_csv(paths.tables_dir("2013") / "model_tests.csv")
    assert (tests_["number_class"] == "invented").all()


def test_bad_model_term_is_one_line(tmp_path):
    from analysis.codebook import parse_codebook
    from analysis.errors import InputError

    text = (REPO / "data" / "raw" / "2013" / "codebook.toml").read_text().replace(
        'terms = ["risk_untrained", "sector", "profession"]', 'terms = ["risk_untrained", "sectr"]')
    with pytest.raises(InputError) as err:
        parse_codebook(text, source="2013/codebook.toml")
    assert err.value.lines() == ["2013/codebook.toml: found 'sectr', expected items or indicators of the "
                                 "codebook (at 'models.confidence_training.terms')"]
