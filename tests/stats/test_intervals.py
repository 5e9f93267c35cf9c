"""Interval methods against published tables, R's binom package, statsmodels and hand calculation."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.stats.intervals import binomial_interval, normal_quantile, survey_interval

# Newcombe (1998a), Statistics in Medicine 17:857-872, Table I (via /work/shared/CONVENTIONS.md),
# 95% intervals to four decimals. Wald's 1/29 row is the unclipped -0.0319 to 0.1009: clipped at 0.
NEWCOMBE_TABLE_I = [
    # x, n, wilson, clopper_pearson, wald
    (81, 263, (0.2553, 0.3662), (0.2527, 0.3676), (0.2522, 0.3638)),
    (15, 148, (0.0624, 0.1605), (0.0578, 0.1617), (0.0527, 0.1500)),
    (0, 20, (0.0, 0.1611), (0.0, 0.1684), (0.0, 0.0)),
    (1, 29, (0.0061, 0.1718), (0.0009, 0.1776), (0.0, 0.1009)),
]


@pytest.mark.parametrize("x, n, wilson, exact, wald", NEWCOMBE_TABLE_I)
def test_newcombe_table_one(x, n, wilson, exact, wald):
    for method, expected in (("wilson", wilson), ("clopper_pearson", exact), ("wald", wald)):
        lo, hi = binomial_interval(x, n, method=method)
        assert (round(float(lo), 4), round(float(hi), 4)) == expected, method


# R, package binom 1.1: bci = binom.confint(x = c(18), n = 20, tol = 1e-8) and likewise for
# (4, 20) and (4, 200); lower and upper of methods "agresti-coull", "asymptotic", "exact", "wilson".
# Numbers as printed in statsmodels/stats/tests/results/results_proportion.py (R output recorded by
# Josef Perktold, 2013).
R_BINOM = {
    (18, 20): {"agresti_coull": (0.6867561125596077, 0.984343760998137),
               "wald": (0.768521618913513, 1.031478381086487),
               "clopper_pearson": (0.6830172859809176, 0.9876514728297052),
               "wilson": (0.6989663547715128, 0.972133518786232)},
    (4, 20): {"agresti_coull": (0.0749115102767071, 0.4217635845549845),
              "wald": (0.0246954918846837, 0.3753045081153163),
              "clopper_pearson": (0.05733399705003284, 0.436614002996668),
              "wilson": (0.0806576625797981, 0.4160174322518935)},
    (4, 200): {"agresti_coull": (0.005991954548218395, 0.0520995587739575),
               "wald": (0.000597346459104517, 0.0394026535408955),
               "clopper_pearson": (0.005475565879556443, 0.05041360908989634),
               "wilson": (0.00780442641634947, 0.05028708690582643)},
}


@pytest.mark.parametrize("case", list(R_BINOM))
@pytest.mark.parametrize("method", ["agresti_coull", "wald", "clopper_pearson", "wilson"])
def test_r_binom_confint(case, method):
    lo, hi = binomial_interval(*case, method=method)
    r_lo, r_hi = R_BINOM[case][method]
    assert float(lo) == pytest.approx(r_lo, abs=1e-7)
    assert float(hi) == pytest.approx(min(r_hi, 1.0), abs=1e-7)  # binom does not clip at 1; we do


@pytest.mark.parametrize("sm_method, method", [("wilson", "wilson"), ("beta", "clopper_pearson"),
                                               ("agresti_coull", "agresti_coull"), ("normal", "wald"),
                                               ("jeffreys", "jeffreys")])
def test_against_statsmodels(sm_method, method):
    from statsmodels.stats.proportion import proportion_confint

    x = np.array([1, 3, 7, 25, 49, 120, 333])
    n = np.array([10, 10, 50, 60, 50, 400, 692])
    for level in (0.9, 0.95, 0.99):
        lo, hi = binomial_interval(x, n, method=method, level=level)
        r_lo, r_hi = proportion_confint(x, n, alpha=1 - level, method=sm_method)
        np.testing.assert_allclose(lo, np.clip(r_lo, 0, 1), atol=1e-9)
        np.testing.assert_allclose(hi, np.clip(r_hi, 0, 1), atol=1e-9)


def test_jeffreys_zero_and_all_follow_brown_cai_dasgupta():
    lo, hi = binomial_interval([0, 10], [10, 10], method="jeffreys")
    assert lo[0] == 0.0 and hi[1] == 1.0
    # upper bound at x = 0 is the Beta(0.5, 10.5) 97.5% quantile
    from scipy.stats import beta

    assert hi[0] == pytest.approx(beta.ppf(0.975, 0.5, 10.5), rel=1e-12)


def test_empty_base_gives_nan_without_warning():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for method in ("wilson", "clopper_pearson", "jeffreys", "agresti_coull", "wald"):
            lo, hi = binomial_interval(0, 0, method=method)
            assert np.isnan(lo) and np.isnan(hi)
        lo, hi = survey_interval(np.nan, np.nan, 0, method="logit")
        assert np.isnan(lo) and np.isnan(hi)


def test_unknown_method_and_bad_level():
    with pytest.raises(ValueError, match="expected one of"):
        binomial_interval(1, 2, method="exact")
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        binomial_interval(1, 2, level=95)


def test_normal_quantile():
    assert normal_quantile(0.95) == pytest.approx(1.959964, abs=1e-6)


def test_survey_logit_by_hand():
    # p = 0.3, se = 0.05, df = 49.  t(0.975, 49) = 2.009575
    # logit(0.3) = ln(0.3/0.7) = -0.8472979; se on the logit scale = 0.05 / (0.3 * 0.7) = 0.2380952
    # bounds: expit(-0.8472979 -/+ 2.009575 * 0.2380952) = expit(-1.3257681), expit(-0.3688277)
    #       = 1 / (1 + 3.7650762) = 0.2098602,  1 / (1 + 1.4460396) = 0.4088243
    lo, hi = survey_interval(0.3, 0.05, 49, method="logit")
    assert float(lo) == pytest.approx(0.2098602, abs=1e-6)
    assert float(hi) == pytest.approx(0.4088243, abs=1e-6)


def test_korn_graubard_is_clopper_pearson_on_effective_base():
    # p = 0.25, se = sqrt(0.25 * 0.75 / 40): effective base p(1-p)/se^2 = 40, effective count 10,
    # so svyciprop(method = "beta") gives qbeta(0.025, 10, 31) and qbeta(0.975, 11, 30): the exact
    # interval for 10 of 40 (Clopper-Pearson), which R's binom.confint(10, 40, "exact") also gives.
    from scipy.stats import beta

    se = np.sqrt(0.25 * 0.75 / 40)
    lo, hi = survey_interval(0.25, se, 39, method="korn_graubard")
    assert float(lo) == pytest.approx(beta.ppf(0.025, 10, 31), rel=1e-9)
    assert float(hi) == pytest.approx(beta.ppf(0.975, 11, 30), rel=1e-9)
    cp = binomial_interval(10, 40, method="clopper_pearson")
    assert float(lo) == pytest.approx(float(cp[0]), rel=1e-9)


def test_survey_interval_defined_at_zero():
    lo, hi = survey_interval([0.0, 1.0], [0.0, 0.0], [19, 19], n_fallback=[20, 20], method="logit")
    assert lo[0] == 0.0 and hi[0] == pytest.approx(0.1684, abs=1e-4)  # Clopper-Pearson 0/20 (Newcombe)
    assert hi[1] == 1.0 and lo[1] == pytest.approx(1 - 0.1684, abs=1e-4)


METHODS = ["wilson", "clopper_pearson", "jeffreys", "agresti_coull", "wald"]


@settings(max_examples=200, deadline=None)
@given(n=st.integers(0, 5000), frac=st.floats(0, 1), level=st.floats(0.5, 0.999),
       method=st.sampled_from(METHODS))
def test_bounds_within_unit_interval_and_around_estimate(n, frac, level, method):
    x = round(frac * n)
    lo, hi = binomial_interval(x, n, method=method, level=level)
    if n == 0:
        assert np.isnan(lo) and np.isnan(hi)
        return
    assert 0.0 <= lo <= hi <= 1.0
    if method != "agresti_coull":  # Agresti-Coull is centred on (x + z²/2)/(n + z²), not on x/n
        assert lo <= x / n + 1e-12 and x / n <= hi + 1e-12


@settings(max_examples=100, deadline=None)
@given(k=st.integers(0, 20), m=st.integers(1, 20), scale=st.integers(1, 50),
       method=st.sampled_from(["wilson", "clopper_pearson", "jeffreys", "agresti_coull"]))
def test_width_shrinks_as_n_grows_at_the_same_proportion(k, m, scale, method):
    k = min(k, m)
    lo1, hi1 = binomial_interval(k * scale, m * scale, method=method)
    lo2, hi2 = binomial_interval(k * scale * 2, m * scale * 2, method=method)
    assert hi2 - lo2 <= hi1 - lo1 + 1e-12


@settings(max_examples=50, deadline=None)
@given(x=st.integers(0, 100), n=st.integers(1, 100), level=st.floats(0.5, 0.99))
def test_higher_level_gives_wider_wilson(x, n, level):
    x = min(x, n)
    lo1, hi1 = binomial_interval(x, n, level=level)
    lo2, hi2 = binomial_interval(x, n, level=min(level + 0.005, 0.999))
    assert lo2 <= lo1 + 1e-12 and hi1 <= hi2 + 1e-12


@pytest.mark.parametrize("p, n", [(0.1, 50), (0.3, 100), (0.5, 30), (0.62, 692)])
def test_wilson_coverage_by_simulation(p, n):
    # 20,000 simulated surveys: the 95% Wilson interval should cover the true p about 95% of the
    # time. Brown, Cai and DasGupta (2001, fig. 4) show its coverage stays within about 0.93-0.97
    # at these n; the Monte Carlo error of the share is about 0.0015.
    rng = np.random.default_rng(20131128)
    x = rng.binomial(n, p, size=20_000)
    lo, hi = binomial_interval(x, np.full(x.shape, n))
    coverage = np.mean((lo <= p) & (p <= hi))
    assert 0.925 <= coverage <= 0.975


def test_new_survey_methods_by_hand():
    # p = 0.4, se = 0.05, df = 20: t = qt(0.975, 20) = 2.0859634472658648
    t = 2.0859634472658648
    lo, hi = survey_interval(0.4, 0.05, 20, method="mean")
    assert (float(lo), float(hi)) == pytest.approx((0.4 - t * 0.05, 0.4 + t * 0.05), rel=1e-12)
    # asin: angle asin(√0.4), half-width t · 0.05 / (2 √0.24)
    angle, half = np.arcsin(np.sqrt(0.4)), t * 0.05 / (2 * np.sqrt(0.24))
    lo, hi = survey_interval(0.4, 0.05, 20, method="asin")
    assert (float(lo), float(hi)) == pytest.approx((np.sin(angle - half) ** 2, np.sin(angle + half) ** 2), rel=1e-12)
    # xlogit is the logit interval
    xl = [float(b) for b in survey_interval(0.4, 0.05, 20, method="xlogit")]
    assert xl == pytest.approx([float(b) for b in survey_interval(0.4, 0.05, 20)], rel=1e-12)


def test_asin_and_mean_bounds_stay_in_the_unit_interval():
    # R folds asin's lower bound back (sin² of a negative angle) and lets mean's go below 0
    for method in ("asin", "mean"):
        lo, hi = survey_interval(0.02, 0.03, 30, method=method)
        assert float(lo) == 0.0 and 0.02 < float(hi) < 1


def test_likelihood_interval_contains_the_estimate_and_widens_with_the_se():
    narrow = survey_interval(0.3, 0.02, 400, method="likelihood")
    wide = survey_interval(0.3, 0.04, 400, method="likelihood")
    assert wide[0] < narrow[0] < 0.3 < narrow[1] < wide[1]
