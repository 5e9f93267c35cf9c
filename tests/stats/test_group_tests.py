"""Tests across groups: a tiny group is left out with a note, each statistic named and valued as R prints it.

Reference values: ``tests/reference/group_tests_reference.csv``, written by R (``chisq.test``,
``fisher.test``, ``svychisq`` with ``statistic = "F"`` and ``"Chisq"``) from the script beside it.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.stats.batch import estimate_set
from analysis.stats.group_tests import cochran_rule_met, independence_row

REF = Path(__file__).parents[1] / "reference"
LEVELS = ["Childrens", "Health", "Education", "Other"]


def _r() -> dict[tuple[str, str], float]:
    with open(REF / "group_tests_reference.csv", encoding="utf-8") as fh:
        return {(r["case"], r["quantity"]): float(r["value"]) for r in csv.DictReader(fh)}


def _fixture() -> pd.DataFrame:
    d = pd.read_csv(REF / "group_tests_fixture.csv")
    return d.assign(sector=pd.Categorical(d["sector"], categories=LEVELS),
                    yes=pd.array(d["yes"] == 1, dtype="boolean"))


def _counts(d, weights=False):
    g = d.groupby("sector", observed=False)
    yes = g["yes"].sum().to_numpy(float)
    n = g.size().to_numpy(float)
    if not weights:
        return yes, n - yes
    wy = g.apply(lambda x: x.loc[x["yes"], "weight"].sum()).to_numpy(float)
    wn = g.apply(lambda x: x.loc[~x["yes"], "weight"].sum()).to_numpy(float)
    w2y = g.apply(lambda x: (x.loc[x["yes"], "weight"] ** 2).sum()).to_numpy(float)
    w2n = g.apply(lambda x: (x.loc[~x["yes"], "weight"] ** 2).sum()).to_numpy(float)
    return yes, n - yes, dict(w_yes=wy, w_no=wn, w2_yes=w2y, w2_no=w2n, n_design=len(d))


def test_the_tiny_group_is_left_out_with_a_note_and_the_rest_match_chisq_test():
    r = _r()
    yes, no = _counts(_fixture())
    row = independence_row(yes, no, LEVELS, min_n=30)
    assert row["groups_left_out"] == "Other (n=10)" and row["groups"] == 3
    assert "left out of the test: Other (n=10), fewer than 30 people" in row["note"]
    assert row["method"] == "pearson"
    assert row["pearson_x2"] == pytest.approx(r["unweighted_without_other", "X-squared"], rel=1e-9)
    assert row["pearson_df"] == r["unweighted_without_other", "df"]
    assert row["p_value"] == pytest.approx(r["unweighted_without_other", "p"], rel=1e-9)
    assert row["min_expected"] == pytest.approx(r["unweighted_without_other", "min_expected"], rel=1e-9)
    assert np.isnan(row["rao_scott_f"]) and np.isnan(row["adjusted_chisq"])  # unweighted: no Rao–Scott


def test_with_every_group_cochrans_rule_is_stated_and_a_simulated_p_value_given():
    r = _r()
    yes, no = _counts(_fixture())
    row = independence_row(yes, no, LEVELS, min_n=0)
    assert r["unweighted_all", "warned"] == 1  # R's chisq.test warns on this table
    assert row["pearson_x2"] == pytest.approx(r["unweighted_all", "X-squared"], rel=1e-9)
    assert row["min_expected"] == pytest.approx(r["unweighted_all", "min_expected"], rel=1e-9)
    assert "Cochran's rule" in row["note"]
    assert 0 < row["simulated_p"] < 0.02  # 2000 tables: p about 0.004, with a standard error of about 0.0014


def test_simulated_p_value_agrees_with_chisq_test_simulate():
    # Both sides are Monte Carlo estimates of the same conditional p-value with 200,000 tables each
    # (standard error about 0.00014 each); they must agree to within about four standard errors.
    from analysis.stats.group_tests import simulated_p_value

    r = _r()
    yes, no = _counts(_fixture())
    table = np.stack([yes, no], axis=1).astype(int)
    assert simulated_p_value(table, simulations=200_000) == pytest.approx(
        r["unweighted_all", "simulated_p_B200000"], abs=0.0008)


def test_weighted_statistics_each_in_its_own_column_as_svychisq_prints_them():
    r = _r()
    yes, no, w = _counts(_fixture(), weights=True)
    row = independence_row(yes, no, LEVELS, min_n=30, **w)
    case = "weighted_without_other"
    assert row["method"] == "rao_scott"
    assert row["rao_scott_f"] == pytest.approx(r[case, "F"], rel=1e-9)
    assert row["f_ndf"] == pytest.approx(r[case, "F_ndf"], rel=1e-9)
    assert row["f_ddf"] == pytest.approx(r[case, "F_ddf"], rel=1e-9)
    assert row["p_value"] == pytest.approx(r[case, "F_p"], rel=1e-9)
    # svychisq(statistic = "Chisq") prints the unadjusted X² and reports the adjusted statistic's p-value
    assert row["pearson_x2"] == pytest.approx(r[case, "Chisq_printed_X-squared"], rel=1e-9)
    assert row["adjusted_df"] == r[case, "Chisq_df"]
    assert row["adjusted_p"] == pytest.approx(r[case, "Chisq_p"], rel=1e-9)
    assert row["adjusted_chisq"] != pytest.approx(row["pearson_x2"], rel=0.01)


def test_tests_table_has_one_column_per_named_statistic():
    d = _fixture()
    out = estimate_set(d, {"yes": "all respondents"}, groupings=[("sector",)], suppress_below=30, small_base=50)
    t = out.tests.iloc[0]
    for col in ("pearson_x2", "rao_scott_f", "adjusted_chisq", "groups_left_out"):
        assert col in out.tests.columns
    assert t["groups_left_out"] == "Other (n=10)"
    assert t["pearson_x2"] == pytest.approx(_r()["unweighted_without_other", "X-squared"], rel=1e-9)


def test_cochrans_rule():
    assert cochran_rule_met([[5, 5], [5, 5]])
    assert not cochran_rule_met([[0.9, 50], [50, 50]])          # an expected count under 1
    assert not cochran_rule_met([[4, 50], [4, 50], [50, 50]])   # two of six (a third) under 5
