"""A group under the reliability threshold is left out of a test on a replicate-weight design.

As under a stratified or clustered design (``test_small_groups_under_a_design.py``): R's
``svychisq`` on ``subset(design, role != "Governor")`` of a ``svrepdesign``, the design keeping every
respondent. Reference: tests/reference/small_group_replicates_reference.R (survey 4.1.1) on
small_group_fixture.csv, with JK1 replicate weights built by the rule the R script states (replicate s
drops school s and multiplies every other weight by 30/29).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.stats.batch import estimate_set
from analysis.stats.replicates import replicate_design

REF = Path(__file__).resolve().parents[1] / "reference"


def _fixture():
    d = pd.read_csv(REF / "small_group_fixture.csv")
    d["role"] = pd.Categorical(d["role"], categories=["DSL", "Governor", "Head", "Teacher"])
    d["not_confident"] = d["not_confident"].astype(bool).astype("boolean")
    for s in range(1, 31):
        d[f"rw_{s:02d}"] = np.where(d["school"] == s, 0.0, d["weight"] * 30 / 29)
    return d


def _reference(mse: bool):
    r = pd.read_csv(REF / "small_group_replicates_reference.csv")
    r = r[r["mse"] == mse]
    return dict(zip(r["quantity"], r["value"]))


def _result(mse: bool = False, suppress_below: int = 30):
    d = _fixture()
    design = replicate_design(d, "rw_*", type="JK1", weight="weight", scale=29 / 30, mse=mse)
    return estimate_set(d, {"not_confident": "all"}, groupings=[("role",)], weight="weight",
                        suppress_below=suppress_below, replicates=design)


def test_the_small_group_is_left_out_of_the_replicate_test_and_named():
    result = _result()
    row = result.tests.iloc[0]
    assert row["groups_left_out"] == "Governor (n=8)"
    assert "left out of the test: Governor (n=8), fewer than 30 people" in row["note"]
    assert row["groups"] == 3
    paired = set(result.pairwise["group_1"]) | set(result.pairwise["group_2"])
    assert paired == {"DSL", "Head", "Teacher"}
    assert result.estimates.loc[result.estimates["group"] == "Governor", "letters"].iloc[0] == ""


@pytest.mark.parametrize("mse", [False, True])
def test_the_replicate_test_equals_svychisq_on_the_subset_of_the_svrepdesign(mse):
    ref = _reference(mse)
    row = _result(mse).tests.iloc[0]
    assert row["rao_scott_f"] == pytest.approx(ref["f"], rel=1e-9)
    assert row["f_ndf"] == pytest.approx(ref["ndf"], rel=1e-9)
    assert row["f_ddf"] == pytest.approx(ref["ddf"], rel=1e-9)
    assert row["p_value"] == pytest.approx(ref["p"], rel=1e-9)
    assert row["pearson_x2"] == pytest.approx(ref["x_squared"], rel=1e-9)
    assert row["adjusted_p"] == pytest.approx(ref["chisq_p"], rel=1e-9)
    assert abs(row["rao_scott_f"] - ref["f_all_groups"]) > 0.1


def test_every_group_is_tested_when_none_is_under_the_threshold():
    ref = _reference(False)
    row = _result(suppress_below=5).tests.iloc[0]
    assert row["groups"] == 4 and row["groups_left_out"] in ("", None) or pd.isna(row["groups_left_out"])
    assert row["rao_scott_f"] == pytest.approx(ref["f_all_groups"], rel=1e-9)
    assert row["p_value"] == pytest.approx(ref["p_all_groups"], rel=1e-9)


def test_no_replicate_test_when_fewer_than_two_groups_reach_the_threshold():
    row = _result(suppress_below=120).tests.iloc[0]
    assert row["method"] == "none" and "fewer than two groups of 120 or more people" in row["note"]
