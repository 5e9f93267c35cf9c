"""estimate_set gives the same numbers as the one-table functions."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.stats import batch
from analysis.stats.batch import estimate_set
from analysis.stats.proportions import proportion_table
from analysis.stats.significance import compare_groups


def frame(n=500, seed=5):
    rng = np.random.default_rng(seed)
    y = pd.array(rng.random(n) < 0.4, dtype="boolean")
    y[rng.random(n) < 0.1] = pd.NA
    sector = pd.Categorical(rng.choice(["H", "E", "C"], n), categories=["H", "E", "C", "Empty"])
    prof = pd.Categorical(rng.choice(["n", "t", "s", "w"], n))
    prof[rng.random(n) < 0.05] = np.nan
    return pd.DataFrame({"y": y, "sector": sector, "prof": prof, "w": rng.gamma(3.0, 0.3, n)})


@pytest.mark.parametrize("weight", [None, "w"])
def test_same_as_one_table_at_a_time(weight):
    f = frame()
    out = estimate_set(f, {"y": "all respondents"}, groupings=[("sector",), ("prof",), ("sector", "prof")],
                       weight=weight)
    est = out.estimates
    for by in ("sector", "prof", ["sector", "prof"]):
        one = proportion_table(f, "y", by=by, weight=weight, base="all respondents")
        label = by if isinstance(by, str) else " × ".join(by)
        part = est[est["by"] == label].reset_index(drop=True)
        pd.testing.assert_frame_equal(part[one.columns[:17]], one.iloc[1:][one.columns[:17]].reset_index(drop=True))
        if isinstance(by, str):
            test, pairs = compare_groups(f, "y", by, weight=weight)
            row = out.tests[out.tests["by"] == by].iloc[0]
            assert row["statistic"] == pytest.approx(test.statistic, nan_ok=True)
            assert row["p_value"] == pytest.approx(test.p_value, nan_ok=True)
            mine = out.pairwise[out.pairwise["by"] == by]
            np.testing.assert_allclose(mine["p_adjusted"], pairs["p_adjusted"])
    overall = est[est["by"] == "overall"]
    assert len(overall) == 1 and overall.index[0] == 0


def test_grouping_by_grouping_path_gives_the_same(monkeypatch):
    f = frame()
    args = dict(groupings=[("sector",), ("sector", "prof")], weight="w")
    joint = estimate_set(f, {"y": "b"}, **args)
    monkeypatch.setattr(batch, "MAX_JOINT_CELLS", 0)
    separate = estimate_set(f, {"y": "b"}, **args)
    pd.testing.assert_frame_equal(joint.estimates, separate.estimates)
    pd.testing.assert_frame_equal(joint.tests, separate.tests)


def test_letters_only_on_single_breakdowns():
    est = estimate_set(frame(), {"y": "b"}, groupings=[("sector",), ("sector", "prof")]).estimates
    assert est.loc[est["by"] == "sector", "letter"].tolist() == ["A", "B", "C", "D"]
    assert (est.loc[est["by"] == "sector × prof", "letter"] == "").all()


def test_estimate_set_with_a_design_gives_the_design_tables_and_r_tests():
    from pathlib import Path

    ref_dir = Path(__file__).resolve().parents[1] / "reference"
    d = pd.read_csv(ref_dir / "survey_fixture.csv", dtype={"wave": str})
    d = d[d["wave"] == "2018"].reset_index(drop=True)
    d["not_confident"] = pd.array([None if pd.isna(v) else bool(v) for v in d["not_confident"]], dtype="boolean")
    d["phase"] = pd.Categorical(d["phase"], categories=["Primary", "Secondary", "Special"])
    design = dict(weight="weight", strata="nation", cluster="school")
    out = estimate_set(d, {"not_confident": "all"}, groupings=[("phase",)], small_base=0, suppress_below=0,
                       **design)
    r = pd.read_csv(ref_dir / "survey_reference.csv").drop_duplicates()
    ref = r[r["case"] == "design"].set_index(["group", "quantity"])["value"]
    est = out.estimates.set_index("group")
    for g in ["All", "Primary", "Secondary", "Special"]:
        assert est.loc[g, "se"] == pytest.approx(ref[(g, "se")], rel=1e-9)
        # no fpc: compared with sampling with replacement, as svymean(deff = "replace")
        assert est.loc[g, "deff"] == pytest.approx(ref[(g, "deff_replace")], rel=1e-9)
    assert out.tests["p_value"].iloc[0] == pytest.approx(ref[("phase", "F_p")], rel=1e-9)
    assert out.estimates["letter"].tolist() == ["", "A", "B", "C"]
    assert len(out.pairwise) == 3


@pytest.mark.parametrize("weight", [None, "w"])
@pytest.mark.parametrize("method", ["wilson", "logit"])
def test_distribution_set_is_distribution_table_by_each_grouping_to_the_last_bit(weight, method):
    from analysis.stats.batch import distribution_set
    from analysis.stats.proportions import distribution_table

    f = frame(n=700, seed=11)
    rng = np.random.default_rng(3)
    conf = pd.Categorical(rng.choice(["Low", "High", "Don't know"], len(f)),
                          categories=["Low", "Mid", "High", "Don't know"], ordered=True)  # "Mid": never chosen
    conf[rng.random(len(f)) < 0.08] = np.nan
    f["conf"] = conf
    bys = [None, "sector", "prof"]
    opts = dict(weight=weight, method=method, base="all respondents", exclude=["Don't know"], small_base=40,
                suppress_below=20)
    got = distribution_set(f, "conf", bys=bys, **opts)
    for by, table in zip(bys, got):
        pd.testing.assert_frame_equal(table, distribution_table(f, "conf", by=by, **opts), check_exact=True)
