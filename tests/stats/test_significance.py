"""Tests of difference against Newcombe's Table II, R's fisher.test, statsmodels and hand calculation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis.stats.independence import independence_test
from analysis.stats.pairwise import adjust_pvalues, column_letters, difference
from analysis.stats.significance import compare_groups
from tests.stats.survey_fixture import survey_margins, survey_wave

# Newcombe (1998b), Statistics in Medicine 17:873-890, Table II, method 10 (via CONVENTIONS.md)
NEWCOMBE_TABLE_II = [
    (56, 70, 48, 80, 0.2000, (0.0524, 0.3339)),
    (9, 10, 3, 10, 0.6000, (0.1705, 0.8090)),
    (6, 7, 2, 7, 0.5714, (0.0582, 0.8062)),
    (5, 56, 0, 29, 0.0893, (-0.0381, 0.1926)),
    (0, 10, 0, 20, 0.0, (-0.1611, 0.2775)),
    (0, 10, 0, 10, 0.0, (-0.2775, 0.2775)),
    (10, 10, 0, 20, 1.0, (0.6791, 1.0000)),
    (10, 10, 0, 10, 1.0, (0.6075, 1.0000)),
]


@pytest.mark.parametrize("x1, n1, x2, n2, diff, ci", NEWCOMBE_TABLE_II)
def test_newcombe_table_two(x1, n1, x2, n2, diff, ci):
    d = difference(x1, n1, x2, n2)
    assert round(d.difference, 4) == pytest.approx(diff)
    assert (round(d.ci_lower, 4), round(d.ci_upper, 4)) == pytest.approx(ci)


def test_two_proportion_z_matches_statsmodels():
    from statsmodels.stats.proportion import proportions_ztest

    d = difference(56, 70, 48, 80)
    z, p = proportions_ztest([56, 48], [70, 80])
    assert d.z == pytest.approx(z) and d.p_value == pytest.approx(p)
    frame = difference(56, 70, 48, 80, labels=("2013", "2018")).to_frame()
    assert frame["group_1"][0] == "2013" and frame["n_2"][0] == 80
    assert np.isnan(difference(0, 10, 0, 10).p_value)


def test_difference_rejects_empty_base():
    with pytest.raises(ValueError, match="non-empty bases"):
        difference(0, 0, 1, 2)


@pytest.mark.parametrize("ours, theirs", [("holm", "holm"), ("bonferroni", "bonferroni"), ("bh", "fdr_bh")])
def test_adjustments_match_statsmodels(ours, theirs):
    from statsmodels.stats.multitest import multipletests

    p = np.array([0.001, 0.04, 0.03, 0.2, 0.5, 0.012, 0.049])
    np.testing.assert_allclose(adjust_pvalues(p, method=ours), multipletests(p, method=theirs)[1], atol=1e-12)


def test_adjust_keeps_nan():
    out = adjust_pvalues([0.01, np.nan, 0.02], method="bonferroni")
    assert out[0] == pytest.approx(0.02) and np.isnan(out[1]) and out[2] == pytest.approx(0.04)


def test_pearson_by_hand():
    # groups a: 10 yes / 30 no, b: 20 / 20. Expected 15 / 25 in each: X² = 2 * (25/15 + 25/25) = 5.3333
    r = independence_test([10, 20], [30, 20])
    assert r.method == "pearson" and r.statistic == pytest.approx(16 / 3) and r.df == 1
    assert r.p_value == pytest.approx(stats.chi2.sf(16 / 3, 1))


def test_fisher_for_small_two_by_two():
    # R: fisher.test(matrix(c(3, 1, 1, 3), nrow = 2)) -> p-value = 0.4857 (the tea-tasting example
    # of R's ?fisher.test; exactly 34/70)
    r = independence_test([3, 1], [1, 3])
    assert r.method == "fisher" and r.p_value == pytest.approx(34 / 70)


def test_undefined_test_is_nan_with_a_note():
    r = independence_test([5, 0], [0, 0])
    assert np.isnan(r.statistic) and r.note == "fewer than two groups"
    r = independence_test([0, 0, 0], [5, 6, 7])
    assert np.isnan(r.p_value) and r.note == "no variation in the indicator"


def test_rao_scott_equal_weights_by_hand():
    # With equal weights and the domain being the whole design, V = n/(n-1) * Vsrs, so every
    # eigenvalue of Δ is n/(n-1): F = X² / ((k - 1) n/(n-1)), d = k - 1, ν = n - 1.
    yes = np.array([10, 20, 15])
    no = np.array([30, 20, 25])
    n = 120
    r = independence_test(yes, no, w_yes=yes * 2.0, w_no=no * 2.0, w2_yes=yes * 4.0, w2_no=no * 4.0, n_design=n)
    x2 = stats.chi2_contingency(np.stack([yes, no], 1), correction=False)[0]
    f = x2 / (2 * n / (n - 1))
    assert r.method == "rao_scott"
    assert r.statistic == pytest.approx(f, rel=1e-10)
    assert r.df == pytest.approx(2) and r.ddf == pytest.approx(2 * (n - 1))
    assert r.p_value == pytest.approx(stats.f.sf(f, 2, 2 * (n - 1)), rel=1e-10)


def test_rao_scott_does_not_depend_on_the_scale_of_the_weights():
    rng = np.random.default_rng(7)
    g = rng.integers(0, 3, 600)
    y = rng.random(600) < 0.3 + 0.1 * g
    w = rng.gamma(1.0, 1.0, 600)
    args = {}
    for name, mask in (("yes", y), ("no", ~y)):
        args[f"w_{name}"] = np.bincount(g[mask], weights=w[mask], minlength=3)
        args[f"w2_{name}"] = np.bincount(g[mask], weights=w[mask] ** 2, minlength=3)
    n_yes, n_no = np.bincount(g[y], minlength=3), np.bincount(g[~y], minlength=3)
    r = independence_test(n_yes, n_no, n_design=600, **args)
    scaled = independence_test(n_yes, n_no, n_design=600, **{k: v * (7.5 if k.startswith("w_") else 7.5 ** 2)
                                                                        for k, v in args.items()})
    assert r.statistic == pytest.approx(scaled.statistic) and r.p_value == pytest.approx(scaled.p_value)
    assert 0 < r.df <= 2 and 0 <= r.p_value <= 1


def test_column_letters_by_hand():
    # p = 0.2, 0.5, 0.25 on bases of 100. A vs B: pooled 0.35, se = √(0.35·0.65·0.02) = 0.06745,
    # z = -4.45 (p < 0.001); B vs C: pooled 0.375, se = 0.06847, z = 3.65 (p = 0.0003);
    # A vs C: pooled 0.225, se = 0.05906, z = -0.85 (p = 0.40). Holm keeps both small ones.
    t = pd.DataFrame({"proportion": [0.2, 0.5, 0.25], "effective_n": [100.0] * 3, "n": [100] * 3})
    out = column_letters(t)
    assert out["letter"].tolist() == ["A", "B", "C"] and out["letters"].tolist() == ["", "AC", ""]


def test_column_letters_skip_suppressed_groups():
    t = pd.DataFrame({"proportion": [0.1, np.nan, 0.9], "effective_n": [100.0, 5.0, 100.0], "n": [100, 5, 100]})
    assert column_letters(t)["letters"].tolist() == ["", "", "A"]


def test_compare_groups_matches_hand_values():
    f = pd.DataFrame({"y": pd.array([True] * 10 + [False] * 30 + [True] * 20 + [False] * 20, dtype="boolean"),
                      "g": pd.Categorical(["a"] * 40 + ["b"] * 40)})
    test, pairs = compare_groups(f, "y", "g")
    assert test.statistic == pytest.approx(16 / 3)
    # pooled z: (0.25 - 0.5) / √(0.375 · 0.625 · (2/40)) = -2.3094; two-sided p = 0.020921
    assert pairs["statistic"][0] == pytest.approx(-2.3094011, abs=1e-6)
    assert pairs["p_value"][0] == pytest.approx(0.0209213, abs=1e-6)
    assert bool(pairs["significant"][0])


# --------------------------------------------------------------------------- designs, against R's survey
# tests/reference/survey_reference.R: svychisq(statistic = "F" / "Chisq") and svyby(covmat = TRUE) +
# svycontrast on the seeded clustered fixture (tests/reference/make_survey_fixture.py).

from pathlib import Path  # noqa: E402

REF = Path(__file__).resolve().parents[1] / "reference"
DESIGNS = {"design": dict(strata="nation", cluster="school"),
           "design_fpc": dict(strata="nation", cluster="school", fpc="schools_in_nation"), "weights": {}}


def _ref(case):
    r = pd.read_csv(REF / "survey_reference.csv").drop_duplicates()
    return r[r["case"] == case].set_index(["group", "quantity"])["value"]


@pytest.mark.parametrize("case,by", [("design", "phase"), ("design", "role"), ("design_fpc", "phase"),
                                     ("weights", "phase")])
def test_rao_scott_with_the_design_matches_svychisq(case, by):
    ref = _ref(case)
    d = survey_wave()
    f, _ = compare_groups(d, "not_confident", by, weight="weight", **DESIGNS[case])
    assert f.method == "rao_scott"
    assert f.statistic == pytest.approx(ref[(by, "F")], rel=1e-9)
    assert f.df == pytest.approx(ref[(by, "F_ndf")], rel=1e-9)
    assert f.ddf == pytest.approx(ref[(by, "F_ddf")], rel=1e-9)
    assert f.p_value == pytest.approx(ref[(by, "F_p")], rel=1e-9)
    c, _ = compare_groups(d, "not_confident", by, weight="weight", statistic="Chisq", **DESIGNS[case])
    assert c.pearson == pytest.approx(ref[(by, "pearson")], rel=1e-9)
    assert c.df == ref[(by, "Chisq_df")]
    assert c.p_value == pytest.approx(ref[(by, "Chisq_p")], rel=1e-9)


@pytest.mark.parametrize("case,by", [("design", "phase"), ("design", "role"), ("design_fpc", "phase")])
def test_pairwise_differences_use_the_design_covariance(case, by):
    ref = _ref(case)
    _, pairs = compare_groups(survey_wave(), "not_confident", by, weight="weight", **DESIGNS[case])
    assert len(pairs) == {"phase": 3, "role": 1}[by]
    for _, row in pairs.iterrows():
        key = f"{row.group_1}-{row.group_2}"
        assert row.difference == pytest.approx(ref[(key, "difference")], rel=1e-9)
        assert row.se == pytest.approx(ref[(key, "difference_se")], rel=1e-9)
        assert row.statistic == pytest.approx(ref[(key, "difference")] / ref[(key, "difference_se")], rel=1e-9)


def test_clustering_changes_the_rao_scott_p_value():
    d = survey_wave()
    plain, _ = compare_groups(d, "not_confident", "phase", weight="weight")
    clustered, _ = compare_groups(d, "not_confident", "phase", weight="weight", strata="nation", cluster="school")
    assert abs(clustered.p_value - plain.p_value) > 1e-3


def test_a_test_that_would_ignore_the_design_is_refused():
    with pytest.raises(ValueError, match="ignores the design"):
        compare_groups(survey_wave(), "not_confident", "phase", test="pearson", cluster="school")


@pytest.mark.parametrize("case,kw", [("raked_design", dict(strata="nation", cluster="school")),
                                     ("raked_weights", {})])
def test_rao_scott_after_raking_matches_svychisq_on_the_raked_design(case, kw):
    from analysis.stats import rake

    ref = _ref(case)
    d = survey_wave()
    r = rake(d, survey_margins(), weight="weight", tol=1e-14, max_iter=1000)
    f, pairs = compare_groups(d, "not_confident", "phase", calibration=r, **kw)
    assert f.statistic == pytest.approx(ref[("phase", "F")], rel=1e-9)
    assert f.df == pytest.approx(ref[("phase", "F_ndf")], rel=1e-9)
    assert f.ddf == pytest.approx(ref[("phase", "F_ddf")], rel=1e-9)
    assert f.p_value == pytest.approx(ref[("phase", "F_p")], rel=1e-9)
    c, _ = compare_groups(d, "not_confident", "phase", calibration=r, statistic="Chisq", **kw)
    assert c.pearson == pytest.approx(ref[("phase", "pearson")], rel=1e-9)
    assert c.p_value == pytest.approx(ref[("phase", "Chisq_p")], rel=1e-9)
    assert len(pairs) == 3
