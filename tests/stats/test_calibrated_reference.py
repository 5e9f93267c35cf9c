"""Pairwise comparisons on designed and raked samples, and single-PSU strata with raking, against R.

Reference numbers: ``Rscript tests/reference/calibrated_reference.R`` (committed as
tests/reference/calibrated_reference.csv; R 4.2.2, survey 4.1.1), on the seeded fixtures
survey_fixture.csv (2018 wave) and design_fixture.csv; the tests never need R. A pair is
R's ``svyttest(y ~ I(group == second), subset(design, base & group in pair))``: the
difference of the two domain means, its design standard error, and t on
``degf(subset) - 1`` degrees of freedom. Groups in different strata (by nation, and by an area
made from nation and school) show that without raking the "average" single-PSU rule counts a
pair's own strata, as R's subset does.
"""

from pathlib import Path

import pandas as pd
import pytest

from analysis.stats import compare_groups, proportion_table, rake
from tests.stats.survey_fixture import survey_margins, survey_wave

REF = Path(__file__).resolve().parents[1] / "reference"
DESIGN = dict(strata="nation", cluster="school")
FPC = dict(DESIGN, fpc="schools_in_nation")


def reference(case: str) -> pd.DataFrame:
    r = pd.read_csv(REF / "calibrated_reference.csv")
    return r[r["case"] == case].pivot(index="group", columns="quantity", values="value")


PAIR_CASES = [("design", DESIGN, False), ("design_fpc", FPC, False), ("raked_design", DESIGN, True),
              ("raked_design_fpc", FPC, True), ("raked_weights", {}, True)]


def check_pairs(pairs: pd.DataFrame, ref: pd.DataFrame, levels) -> None:
    expected = [f"{a}-{b}" for i, a in enumerate(levels) for b in levels[i + 1:]]
    assert [f"{a}-{b}" for a, b in zip(pairs["group_1"], pairs["group_2"])] == expected
    for row in pairs.itertuples():
        r = ref.loc[f"{row.group_1}-{row.group_2}"]
        assert row.difference == pytest.approx(r["difference"], rel=1e-9)
        assert row.se == pytest.approx(r["difference_se"], rel=1e-9)
        assert row.statistic == pytest.approx(r["t"], rel=1e-9)
        assert row.test == "t"
        assert row.df == r["df"]
        assert row.p_value == pytest.approx(r["p_value"], rel=1e-9)


@pytest.mark.parametrize("case,kw,raked", PAIR_CASES, ids=[c[0] for c in PAIR_CASES])
@pytest.mark.parametrize("by", ["phase", "role"])
def test_pairwise_design_tests_are_rs_svyttest(case, kw, raked, by):
    d = survey_wave()
    opts = dict(kw)
    if raked:
        opts["calibration"] = rake(d, survey_margins(), weight="weight", tol=1e-14, max_iter=1000)
    else:
        opts["weight"] = "weight"
    _, pairs = compare_groups(d, "not_confident", by, **opts)
    check_pairs(pairs, reference(case), list(d[by].cat.categories))


def design_fixture() -> pd.DataFrame:
    d = pd.read_csv(REF / "design_fixture.csv")
    d["not_confident"] = pd.array([None if pd.isna(v) else bool(v) for v in d["not_confident"]], dtype="boolean")
    d["role"] = pd.Categorical(d["role"], categories=["DSL", "Head"])
    d["nation"] = pd.Categorical(d["nation"], categories=["A", "B", "C"])
    return d


FIXTURE_MARGINS = {"role": {"DSL": 40.0, "Head": 40.0}, "nation": {"A": 50.0, "B": 22.0, "C": 8.0}}
RULES = ["certainty", "remove", "adjust", "average"]


@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize("method,prefix", [("logit", "logit"), ("korn_graubard", "beta")])
def test_single_psu_stratum_with_raking_matches_r(rule, method, prefix):
    d = design_fixture()
    raked = rake(d, FIXTURE_MARGINS, weight="weight", tol=1e-14, max_iter=1000)
    ref = reference(f"lonely_raked_{rule}")
    t = proportion_table(d, "not_confident", by="role", calibration=raked, method=method, small_base=0,
                         suppress_below=0, lonely_psu=rule, **DESIGN).set_index("group")
    for g in ["All", "DSL", "Head"]:
        # no fpc: the design effect is svymean(deff = "replace")'s
        for ours, theirs in (("proportion", "proportion"), ("se", "se"), ("deff", "deff_replace"),
                             ("ci_lower", f"{prefix}_lower"), ("ci_upper", f"{prefix}_upper")):
            assert t.loc[g, ours] == pytest.approx(ref.loc[g, theirs], rel=1e-9), (g, ours)


@pytest.mark.parametrize("rule", RULES)
def test_single_psu_stratum_with_raking_tests_match_r(rule):
    d = design_fixture()
    raked = rake(d, FIXTURE_MARGINS, weight="weight", tol=1e-14, max_iter=1000)
    ref = reference(f"lonely_raked_{rule}")
    test, pairs = compare_groups(d, "not_confident", "role", calibration=raked, lonely_psu=rule, **DESIGN)
    assert test.statistic == pytest.approx(ref.loc["role", "F"], rel=1e-9)
    assert test.p_value == pytest.approx(ref.loc["role", "F_p"], rel=1e-9)
    check_pairs(pairs, ref, ["DSL", "Head"])


@pytest.mark.parametrize("rule", RULES)
def test_single_psu_stratum_pairs_without_raking_match_r(rule):
    _, pairs = compare_groups(design_fixture(), "not_confident", "role", weight="weight", lonely_psu=rule, **DESIGN)
    check_pairs(pairs, reference(f"lonely_{rule}"), ["DSL", "Head"])


def test_weights_only_pairs_keep_the_pooled_z_test():
    # without a design the column-proportion test is SPSS's pooled z (no degrees of freedom)
    d = survey_wave()
    _, pairs = compare_groups(d, "not_confident", "phase", weight="weight")
    assert set(pairs["test"]) == {"z"} and pairs["df"].isna().all()


def test_design_arguments_are_keyword_only_with_the_published_names():
    import inspect

    for fn, names in ((proportion_table, ("weight", "strata", "cluster", "fpc", "calibration")),
                      (compare_groups, ("weight", "strata", "cluster", "fpc", "calibration"))):
        params = inspect.signature(fn).parameters
        for name in names:
            assert params[name].kind is inspect.Parameter.KEYWORD_ONLY, (fn.__name__, name)


def area_fixture() -> pd.DataFrame:
    """design_fixture with ``area``: X = nation A's odd-numbered schools, Y = its even-numbered schools and
    nation B, Z = nation C (the single-PSU stratum), as tests/reference/calibrated_reference.R makes it."""
    d = design_fixture()
    odd_a = (d["nation"] == "A") & (d["school"] % 2 == 1)
    d["area"] = pd.Categorical(["Z" if n == "C" else "X" if o else "Y" for n, o in zip(d["nation"], odd_a)],
                               categories=["X", "Y", "Z"])
    return d


def same(ours, theirs) -> bool:
    """Equal within 1e-9 relative, or both missing (R's NaN or NA where a domain has no variance to use)."""
    if pd.isna(theirs):
        return bool(pd.isna(ours))
    return ours == pytest.approx(theirs, rel=1e-9, abs=1e-15)


@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize("by", ["nation", "area"])
@pytest.mark.parametrize("raked", [False, True], ids=["design", "raked"])
def test_pairs_in_different_strata_under_each_single_psu_rule_match_r(rule, by, raked):
    # Without raking, R's subset of a pair keeps only its PSUs, so "average" scales a pair's variance by
    # its own strata over those not lonely (X-Y 2/2, X-Z 2/1, Y-Z 3/2; A-B 2/2, A-C and B-C 2/1), not by
    # the 3/2 of all strata; a raked design keeps every row, so there every pair gets 3/2.
    d = area_fixture()
    opts = dict(DESIGN, lonely_psu=rule)
    if raked:
        opts["calibration"] = rake(d, FIXTURE_MARGINS, weight="weight", tol=1e-14, max_iter=1000)
    else:
        opts["weight"] = "weight"
    ref = reference(f"strata_{'raked_' if raked else ''}{rule}_{by}")
    test, pairs = compare_groups(d, "not_confident", by, **opts)
    levels = list(d[by].cat.categories)
    check_pairs(pairs, ref, levels)
    assert same(test.statistic, ref.loc[by, "F"]) and same(test.p_value, ref.loc[by, "F_p"])
    for method, prefix in (("logit", "logit"), ("korn_graubard", "beta")):
        t = proportion_table(d, "not_confident", by=by, method=method, small_base=0, suppress_below=0,
                             **opts).set_index("group")
        for g in ["All"] + levels:
            row = t.loc[g]
            for ours, theirs in (("proportion", "proportion"), ("se", "se"), ("deff", "deff_replace")):
                assert same(row[ours], ref.loc[g, theirs]), (g, ours, row[ours], ref.loc[g, theirs])
            if pd.isna(ref.loc[g, f"{prefix}_lower"]):
                # a group in one PSU (0 degrees of freedom): R has no interval; the toolkit gives its
                # documented fallback (Clopper-Pearson on the group's base), never a silent NaN
                assert g in ("C", "Z") and ref.loc[g, "df"] == 0
                assert 0 <= row["ci_lower"] <= row["proportion"] <= row["ci_upper"] <= 1
                continue
            for ours, theirs in (("ci_lower", f"{prefix}_lower"), ("ci_upper", f"{prefix}_upper")):
                assert same(row[ours], ref.loc[g, theirs]), (g, ours, row[ours], ref.loc[g, theirs])
