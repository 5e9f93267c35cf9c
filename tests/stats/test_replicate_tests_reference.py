"""Tests across groups on replicate-weight designs against R's ``svychisq`` and ``svyttest`` on ``svrepdesign``.

Reference numbers: ``Rscript tests/reference/replicate_tests_reference.R`` (committed as
tests/reference/replicate_tests_reference.csv; R 4.2.2, survey 4.1.1) on the seeded fixture
models_fixture.csv with the replicate weights of make_models_replicates.R: JK1, JKn, BRR, Fay
(ρ = 0.5), bootstrap, and JKn with ``mse = TRUE``. Nothing here iterates: all within 1e-9 relative.
"""

import numpy as np
import pandas as pd
import pytest

from analysis.stats.batch import estimate_set
from analysis.stats.replicate_tests import compare_replicate_groups
from tests.stats.models_fixture import reference
from tests.stats.test_replicates_reference import CASES, frame_and_design

BYS = {"sector": ["Health", "Education", "Police"], "profession": ["Practitioner", "Manager", "Specialist"]}
REL = 1e-9


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("by", ["sector", "profession"])
def test_svychisq_on_replicate_design_matches_r(case, by):
    d, design = frame_and_design(case)
    r = reference("replicate_tests_reference").loc[(case, by)]
    test, _ = compare_replicate_groups(d, "not_confident", by, design, statistic="F")
    assert test.method == "rao_scott"
    assert test.statistic == pytest.approx(r["F"], rel=REL)
    assert test.df == pytest.approx(r["F_ndf"], rel=REL)
    assert test.ddf == pytest.approx(r["F_ddf"], rel=REL)
    assert test.p_value == pytest.approx(r["F_p"], rel=REL)
    assert test.pearson == pytest.approx(r["X2"], rel=REL)
    chisq, _ = compare_replicate_groups(d, "not_confident", by, design, statistic="Chisq")
    assert chisq.df == r["chisq_df"]
    assert chisq.p_value == pytest.approx(r["chisq_p"], rel=REL)


@pytest.mark.parametrize("case", CASES)
def test_tests_frame_on_replicate_design_has_r_columns(case):
    d, design = frame_and_design(case)
    ref = reference("replicate_tests_reference").loc[case]
    es = estimate_set(d, {"not_confident": "all"}, groupings=[("sector",), ("profession",), ("sector", "profession")],
                      replicates=design, small_base=0, suppress_below=0)
    tests = es.tests.set_index("by")
    assert len(tests) == 3 and not tests["note"].str.contains("no test").any()
    for by, key in [("sector", "sector"), ("profession", "profession"), ("sector × profession", "cross")]:
        row = tests.loc[by]
        r = ref.loc[key]
        assert row["method"] == "rao_scott"
        assert row["statistic"] == pytest.approx(r["F"], rel=REL)
        assert row["rao_scott_f"] == pytest.approx(r["F"], rel=REL)
        assert row["f_ndf"] == pytest.approx(r["F_ndf"], rel=REL)
        assert row["f_ddf"] == pytest.approx(r["F_ddf"], rel=REL)
        assert row["p_value"] == pytest.approx(r["F_p"], rel=REL)
        assert row["pearson_x2"] == pytest.approx(r["X2"], rel=REL)
        assert row["adjusted_df"] == r["chisq_df"]
        assert row["adjusted_p"] == pytest.approx(r["chisq_p"], rel=REL)
        assert row["groups"] == (9 if key == "cross" else 3)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("by", ["sector", "profession"])
def test_pairwise_on_replicate_design_matches_svyttest(case, by):
    d, design = frame_and_design(case)
    ref = reference("replicate_tests_reference").loc[case]
    _, pairs = compare_replicate_groups(d, "not_confident", by, design)
    assert len(pairs) == 3 and (pairs["test"] == "t").all()
    for _, p in pairs.iterrows():
        r = ref.loc[f"{by}:{p['group_1']}|{p['group_2']}"]
        # R's coefficient of I(g == second) is second − first; ours is first − second
        assert -p["difference"] == pytest.approx(r["difference"], rel=REL)
        assert p["se"] == pytest.approx(r["se"], rel=REL)
        assert -p["statistic"] == pytest.approx(r["t"], rel=REL)
        assert p["df"] == r["df"]
        assert p["p_value"] == pytest.approx(r["p"], rel=REL)


@pytest.mark.parametrize("case", ["jk1", "boot"])
def test_letters_and_pairs_on_replicate_design(case):
    d, design = frame_and_design(case)
    ref = reference("replicate_tests_reference").loc[case]
    es = estimate_set(d, {"not_confident": "all"}, groupings=[("sector",)], replicates=design, small_base=0,
                      suppress_below=0, adjust="none")
    pairs = es.pairwise
    assert len(pairs) == 3 and (pairs["adjust"] == "none").all()
    est = es.estimates.set_index("group")
    assert list(est.loc[BYS["sector"], "letter"]) == ["A", "B", "C"]
    for _, p in pairs.iterrows():
        r = ref.loc[f"sector:{p['group_1']}|{p['group_2']}"]
        assert p["p_value"] == pytest.approx(r["p"], rel=REL)
        winner = p["group_1"] if p["difference"] > 0 else p["group_2"]
        loser = p["group_2"] if winner == p["group_1"] else p["group_1"]
        beaten = est.loc[winner, "letters"]
        assert (est.loc[loser, "letter"] in beaten) == bool(r["p"] < 0.05)


def test_no_tests_when_asked_for_none():
    d, design = frame_and_design("jk1")
    es = estimate_set(d, {"not_confident": "all"}, groupings=[("sector",)], replicates=design, tests=False)
    assert es.tests.empty and es.pairwise.empty


def test_a_single_group_gives_no_test_with_a_note():
    d, design = frame_and_design("jk1")
    one = d.assign(sector=pd.Categorical(["Health"] * len(d)))
    test, pairs = compare_replicate_groups(one, "not_confident", "sector", design)
    assert np.isnan(test.statistic) and test.note == "fewer than two groups" and pairs.empty


@pytest.mark.parametrize("case", ["jkn_mse", "fay"])
def test_compare_groups_takes_replicates(case):
    from analysis.stats.significance import compare_groups

    d, design = frame_and_design(case)
    r = reference("replicate_tests_reference").loc[(case, "profession")]
    test, pairs = compare_groups(d, "not_confident", "profession", replicates=design, statistic="Chisq")
    assert test.p_value == pytest.approx(r["chisq_p"], rel=REL)
    assert test.pearson == pytest.approx(r["X2"], rel=REL)
    assert len(pairs) == 3
    with pytest.raises(ValueError, match="ignores the replicate design"):
        compare_groups(d, "not_confident", "profession", replicates=design, test="pearson")
