"""Stratified cluster designs against R's survey (tests/reference/design_reference.R).

The fixture is written by tests/reference/make_design_fixture.py (seeded) and the
reference numbers by ``Rscript tests/reference/design_reference.R``; both are
committed, so these tests never need R.
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.stats import proportion_table
from analysis.stats.design import DesignError

REF = Path(__file__).resolve().parents[1] / "reference"


def fixture(nations=("A", "B")) -> pd.DataFrame:
    d = pd.read_csv(REF / "design_fixture.csv")
    d = d[d["nation"].isin(nations)].reset_index(drop=True)
    d["not_confident"] = pd.array([None if pd.isna(v) else bool(v) for v in d["not_confident"]], dtype="boolean")
    d["role"] = pd.Categorical(d["role"], categories=["DSL", "Head"])
    return d


def reference(design: str, lonely: str) -> pd.DataFrame:
    r = pd.read_csv(REF / "design_reference.csv")
    return r[(r["design"] == design) & (r["lonely_psu"] == lonely)].set_index("group")


CASES = [
    ("strata_cluster_fpc", "fail", ("A", "B"), dict(strata="nation", cluster="school", fpc="schools_in_nation")),
    ("strata_cluster", "fail", ("A", "B"), dict(strata="nation", cluster="school")),
    ("cluster_only", "fail", ("A",), dict(cluster="school")),
    ("lonely", "certainty", ("A", "B", "C"), dict(strata="nation", cluster="school", lonely_psu="certainty")),
    ("lonely", "remove", ("A", "B", "C"), dict(strata="nation", cluster="school", lonely_psu="remove")),
    ("lonely", "adjust", ("A", "B", "C"), dict(strata="nation", cluster="school", lonely_psu="adjust")),
    ("lonely", "average", ("A", "B", "C"), dict(strata="nation", cluster="school", lonely_psu="average")),
]


@pytest.mark.parametrize("design,lonely,nations,kw", CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
@pytest.mark.parametrize("method,prefix", [("logit", "logit"), ("korn_graubard", "beta")])
def test_design_matches_r_survey(design, lonely, nations, kw, method, prefix):
    ref = reference(design, lonely)
    t = proportion_table(fixture(nations), "not_confident", by="role", weight="weight", method=method,
                         small_base=0, suppress_below=0, **kw).set_index("group")
    for g in ["All", "DSL", "Head"]:
        assert t.loc[g, "proportion"] == pytest.approx(ref.loc[g, "proportion"], rel=1e-9)
        assert t.loc[g, "se"] == pytest.approx(ref.loc[g, "se"], rel=1e-9)
        assert t.loc[g, "ci_lower"] == pytest.approx(ref.loc[g, f"{prefix}_lower"], rel=1e-9)
        assert t.loc[g, "ci_upper"] == pytest.approx(ref.loc[g, f"{prefix}_upper"], rel=1e-9)


def test_clustering_widens_the_standard_error_compared_with_weights_only():
    d = fixture()
    plain = proportion_table(d, "not_confident", weight="weight", small_base=0, suppress_below=0)
    clustered = proportion_table(d, "not_confident", weight="weight", strata="nation", cluster="school",
                                 small_base=0, suppress_below=0)
    assert clustered["proportion"].iloc[0] == pytest.approx(plain["proportion"].iloc[0], rel=1e-12)
    assert clustered["se"].iloc[0] != pytest.approx(plain["se"].iloc[0], rel=1e-3)


def test_single_psu_stratum_fails_with_a_clear_error_by_default():
    with pytest.raises(DesignError, match="stratum 'C' has only one PSU"):
        proportion_table(fixture(("A", "B", "C")), "not_confident", weight="weight", strata="nation",
                         cluster="school")


def test_fpc_must_be_constant_within_a_stratum():
    d = fixture()
    d.loc[0, "schools_in_nation"] = 999
    with pytest.raises(DesignError, match="one value per stratum"):
        proportion_table(d, "not_confident", weight="weight", strata="nation", cluster="school",
                         fpc="schools_in_nation")


def test_missing_cluster_names_the_rows():
    d = fixture()
    d["school"] = d["school"].astype(float)
    d.loc[3, "school"] = np.nan
    with pytest.raises(DesignError, match="column 'school', rows 4"):
        proportion_table(d, "not_confident", strata="nation", cluster="school")


def test_calibration_must_be_a_rake_result():
    with pytest.raises(TypeError, match="expected the RakeResult"):
        proportion_table(fixture(), "not_confident", weight="weight", calibration=object())


# --------------------------------------------------------------------------- design effects, wave differences
# tests/reference/survey_reference.R: svymean(deff = TRUE) on each wave of the clustered fixture
# (tests/reference/make_survey_fixture.py), design with strata, clusters and fpc.


def survey_wave(year: str) -> pd.DataFrame:
    d = pd.read_csv(REF / "survey_fixture.csv", dtype={"wave": str})
    d = d[d["wave"] == year].reset_index(drop=True)
    d["not_confident"] = pd.array([None if pd.isna(v) else bool(v) for v in d["not_confident"]], dtype="boolean")
    d["phase"] = pd.Categorical(d["phase"], categories=["Primary", "Secondary", "Special"])
    return d


def survey_reference(case: str) -> pd.DataFrame:
    r = pd.read_csv(REF / "survey_reference.csv").drop_duplicates()
    return r[r["case"] == case].pivot(index="group", columns="quantity", values="value")


FPC_DESIGN = dict(strata="nation", cluster="school", fpc="schools_in_nation")


@pytest.mark.parametrize("year", ["2013", "2018"])
def test_design_effect_is_that_of_svymean_deff(year):
    ref = survey_reference(f"design_fpc_{year}")
    t = proportion_table(survey_wave(year), "not_confident", by="phase", weight="weight", small_base=0,
                         suppress_below=0, **FPC_DESIGN).set_index("group")
    for g in ["All", "Primary", "Secondary", "Special"]:
        assert t.loc[g, "proportion"] == pytest.approx(ref.loc[g, "proportion"], rel=1e-9)
        assert t.loc[g, "se"] == pytest.approx(ref.loc[g, "se"], rel=1e-9)
        assert t.loc[g, "deff"] == pytest.approx(ref.loc[g, "deff"], rel=1e-9)
        # the design's effective base: a simple random sample of this size has the same variance
        p, se = ref.loc[g, "proportion"], ref.loc[g, "se"]
        assert t.loc[g, "effective_n"] == pytest.approx(p * (1 - p) / se**2, rel=1e-9)


def test_wave_difference_uses_the_design_variance():
    from analysis.stats import difference
    from analysis.stats.intervals import normal_quantile

    rows = {}
    for year in ("2013", "2018"):
        t = proportion_table(survey_wave(year), "not_confident", weight="weight", small_base=0, suppress_below=0,
                             **FPC_DESIGN)
        rows[year] = t.iloc[0]
    a, b = rows["2013"], rows["2018"]
    d = difference(b.proportion * b.effective_n, b.effective_n, a.proportion * a.effective_n, a.effective_n)
    # Newcombe's hybrid score interval written out from R's proportions and standard errors:
    # each wave's Wilson interval on its design effective base n = p(1 - p) / se².
    z = normal_quantile(0.95)

    def wilson(p, n):
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z / (1 + z * z / n) * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
        return centre - half, centre + half

    out = {}
    for year in ("2013", "2018"):
        r = survey_reference(f"design_fpc_{year}").loc["All"]
        n = r.proportion * (1 - r.proportion) / r.se**2
        out[year] = (r.proportion, *wilson(r.proportion, n))
    (p1, l1, u1), (p2, l2, u2) = out["2018"], out["2013"]
    assert d.difference == pytest.approx(p1 - p2, rel=1e-9)
    assert d.ci_lower == pytest.approx(p1 - p2 - np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), rel=1e-9)
    assert d.ci_upper == pytest.approx(p1 - p2 + np.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2), rel=1e-9)
    # and the interval is wider than the weights-only one, which ignores the clustering
    plain = {y: proportion_table(survey_wave(y), "not_confident", weight="weight").iloc[0] for y in ("2013", "2018")}
    a0, b0 = plain["2013"], plain["2018"]
    d0 = difference(b0.proportion * b0.effective_n, b0.effective_n, a0.proportion * a0.effective_n, a0.effective_n)
    assert d.ci_upper - d.ci_lower > d0.ci_upper - d0.ci_lower


def test_distribution_table_takes_the_design():
    # the share of one category of a two-category item is the proportion of the indicator "that category"
    d = survey_wave("2018")
    d["answer"] = pd.Categorical(d["not_confident"].map({True: "Not confident", False: "Confident"}),
                                 categories=["Confident", "Not confident"])
    from analysis.stats import distribution_table

    t = distribution_table(d, "answer", weight="weight", small_base=0, suppress_below=0, **FPC_DESIGN)
    ref = survey_reference("design_fpc_2018")
    row = t[(t["category"] == "Not confident") & (t["group"] == "All")].iloc[0]
    assert row["se"] == pytest.approx(ref.loc["All", "se"], rel=1e-9)
    assert row["deff"] == pytest.approx(ref.loc["All", "deff"], rel=1e-9)
