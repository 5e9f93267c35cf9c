"""A group under the reliability threshold is left out of a design-based test, as R's svychisq on a subset.

Reference: tests/reference/small_group_reference.R (survey 4.1.1) on small_group_fixture.csv: 300
respondents in 30 schools in 3 regions; the role "Governor" has 8 people, under the threshold of 30.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.stats.batch import estimate_set

REF = Path(__file__).resolve().parents[1] / "reference"


def _fixture():
    d = pd.read_csv(REF / "small_group_fixture.csv")
    d["role"] = pd.Categorical(d["role"], categories=["DSL", "Governor", "Head", "Teacher"])
    d["not_confident"] = d["not_confident"].astype(bool).astype("boolean")
    d["region"] = d["region"].astype(str)
    d["school"] = d["school"].astype(str)
    return d


def _reference():
    r = pd.read_csv(REF / "small_group_reference.csv")
    return dict(zip(r["quantity"], r["value"]))


def _test_row(**design):
    result = estimate_set(_fixture(), {"not_confident": "all"}, groupings=[("role",)], weight="weight",
                          suppress_below=30, **design)
    return result.tests.iloc[0], result


def test_the_small_group_is_left_out_of_the_domain_and_named():
    row, result = _test_row(strata="region", cluster="school")
    assert row["groups_left_out"] == "Governor (n=8)"
    assert "left out of the test: Governor (n=8), fewer than 30 people" in row["note"]
    assert row["groups"] == 3
    # no pair and no letter involves the group left out
    paired = set(result.pairwise["group_1"]) | set(result.pairwise["group_2"])
    assert paired == {"DSL", "Head", "Teacher"}


def test_the_test_equals_svychisq_on_the_subset_of_the_design():
    ref = _reference()
    row, _ = _test_row(strata="region", cluster="school")
    assert row["rao_scott_f"] == pytest.approx(ref["f"], rel=1e-9)
    assert row["f_ndf"] == pytest.approx(ref["ndf"], rel=1e-9)
    assert row["f_ddf"] == pytest.approx(ref["ddf"], rel=1e-9)
    assert row["p_value"] == pytest.approx(ref["p"], rel=1e-9)
    assert row["adjusted_p"] == pytest.approx(ref["chisq_p"], rel=1e-9)
    # and differs from the test on every group, which R gives as
    assert abs(row["rao_scott_f"] - ref["f_all_groups"]) > 0.1
