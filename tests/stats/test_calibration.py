"""Calibrated standard errors after raking against R's survey (tests/reference/survey_reference.R).

The fixture and margins are written by tests/reference/make_survey_fixture.py (seeded)
and the reference numbers by ``Rscript tests/reference/survey_reference.R``; all are
committed, so these tests never need R.
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.stats import proportion_table, rake
from analysis.stats.calibration import CalibrationError, residualise
from tests.stats.survey_fixture import survey_margins as margins
from tests.stats.survey_fixture import survey_wave as wave

REF = Path(__file__).resolve().parents[1] / "reference"


def reference(case: str) -> pd.DataFrame:
    r = pd.read_csv(REF / "survey_reference.csv").drop_duplicates()
    return r[r["case"] == case].pivot(index="group", columns="quantity", values="value")


def raked(d):
    return rake(d, margins(), weight="weight", tol=1e-14, max_iter=1000)


CASES = [("raked_weights", {}), ("raked_design", dict(strata="nation", cluster="school")),
         ("raked_design_fpc", dict(strata="nation", cluster="school", fpc="schools_in_nation"))]


@pytest.mark.parametrize("case,kw", CASES, ids=[c[0] for c in CASES])
def test_calibrated_standard_errors_match_r_rake_and_svymean(case, kw):
    d = wave()
    ref = reference(case)
    t = proportion_table(d, "not_confident", by="phase", calibration=raked(d), small_base=0, suppress_below=0,
                         **kw).set_index("group")
    # with an fpc (and weights raked to population totals) the design effect is svymean(deff = TRUE)'s,
    # without one svymean(deff = "replace")'s
    deff = "deff" if "fpc" in kw else "deff_replace"
    for g in ["All", "Primary", "Secondary", "Special"]:
        assert t.loc[g, "proportion"] == pytest.approx(ref.loc[g, "proportion"], rel=1e-9)
        assert t.loc[g, "se"] == pytest.approx(ref.loc[g, "se"], rel=1e-9)
        assert t.loc[g, "deff"] == pytest.approx(ref.loc[g, deff], rel=1e-9)


def test_calibrated_domains_of_a_second_margin_match_r():
    d = wave()
    ref = reference("raked_design")
    t = proportion_table(d, "not_confident", by="role", calibration=raked(d), strata="nation", cluster="school",
                         small_base=0, suppress_below=0).set_index("group")
    for g in ["Head", "DSL"]:
        assert t.loc[g, "se"] == pytest.approx(ref.loc[g, "se"], rel=1e-9)


def test_raked_weights_reach_the_population_total_and_r_largest_weight():
    d = wave()
    r = raked(d)
    ref = reference("raked_design")
    assert r.weights.sum() == pytest.approx(ref.loc["weights", "sum"], rel=1e-12)
    assert r.weights.max() == pytest.approx(ref.loc["weights", "max"], rel=1e-9)


def test_ignoring_the_calibration_gives_a_different_standard_error():
    d = wave()
    r = raked(d)
    naive = proportion_table(d.assign(weight=r.weights), "not_confident", weight="weight", small_base=0,
                             suppress_below=0)
    ref = reference("raked_weights")
    assert naive["proportion"].iloc[0] == pytest.approx(ref.loc["All", "proportion"], rel=1e-9)
    assert abs(naive["se"].iloc[0] / ref.loc["All", "se"] - 1) > 1e-4


def test_weight_column_must_hold_the_raked_weights():
    d = wave()
    with pytest.raises(CalibrationError, match="column 'weight', row 1: expected the raked weight"):
        proportion_table(d, "not_confident", weight="weight", calibration=raked(d))


def test_margin_column_missing_is_named():
    d = wave()
    r = raked(d)
    with pytest.raises(CalibrationError, match="margin column 'phase'"):
        proportion_table(d.drop(columns="phase"), "not_confident", calibration=r)


def test_residualising_by_hand_one_margin_two_categories():
    # one margin, categories a (rows 0, 1) and b (row 2), weights 1, 2, 4; z / w = 1, 0.5, 0.25.
    # sweep 1: mean over a = 0.75 -> z_a = (1 - 0.75, 1 - 1.5) = (0.25, -0.5); b: 1 - 4 * 0.25 = 0.
    # a second sweep changes nothing: the residuals' z / w = 0.25, -0.25 have mean 0 within a.
    z = residualise(np.array([[1.0], [1.0], [1.0]]), np.array([1.0, 2.0, 4.0]),
                    [(np.array([0, 0, 1]), 2)])
    assert z[:, 0].tolist() == pytest.approx([0.25, -0.5, 0.0], abs=1e-15)


@pytest.mark.parametrize("case,by,kw", [("post_design", "phase", dict(strata="nation", cluster="school")),
                                        ("post_design", "role", dict(strata="nation", cluster="school")),
                                        ("post_weights", "role", {})])
def test_poststratified_standard_errors_match_r_poststratify_and_svymean(case, by, kw):
    from analysis.stats.weights import poststratify

    d = wave()
    ps = poststratify(d, "phase", margins()["phase"], weight="weight")
    ref = reference(case)
    t = proportion_table(d, "not_confident", by=by, calibration=ps, small_base=0, suppress_below=0,
                         **kw).set_index("group")
    for g in ["All"] + list(d[by].cat.categories):
        assert t.loc[g, "proportion"] == pytest.approx(ref.loc[g, "proportion"], rel=1e-9)
        assert t.loc[g, "se"] == pytest.approx(ref.loc[g, "se"], rel=1e-9)
        # no fpc: svymean(deff = "replace")
        assert t.loc[g, "deff"] == pytest.approx(ref.loc[g, "deff_replace"], rel=1e-9)


def test_poststratified_rao_scott_matches_svychisq():
    from analysis.stats import compare_groups
    from analysis.stats.weights import poststratify

    d = wave()
    ps = poststratify(d, "phase", margins()["phase"], weight="weight")
    r = pd.read_csv(REF / "survey_reference.csv").drop_duplicates()
    ref = r[r["case"] == "post_design"].set_index(["group", "quantity"])["value"]
    f, _ = compare_groups(d, "not_confident", "phase", calibration=ps, strata="nation", cluster="school")
    assert f.statistic == pytest.approx(ref[("phase", "F")], rel=1e-9)
    assert f.p_value == pytest.approx(ref[("phase", "F_p")], rel=1e-9)
