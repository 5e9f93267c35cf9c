"""Strict policy: nothing below the threshold is recovered by subtracting published categories from a published n.

The Health visitor case of the 2013 export: n = 100, the four scale points published add up
to 99, so don't know + no answer (withheld, 1 and 0) are 100 - 99 = 1 together, though each
alone is not pinned (either could be the 1). The strict policy protects that count.
"""

from __future__ import annotations

import pandas as pd

from analysis.protect.audit import audit
from analysis.protect.plan import apply_plan, plan
from analysis.protect.structure import Structure

LABELS = ["Not at all", "Not very", "Fairly", "Very", "Don't know", "No answer"]


def _scale(counts, n):
    # The Health visitor group's numbers, as a table of its own (its overall row is the group).
    return pd.DataFrame({"indicator": "conf", "base": "health visitors", "by": "overall", "group": "All",
                         "count": counts, "n": n, "category": LABELS})


def _published_sum_gap(frame, decisions):
    out = apply_plan(frame, decisions)
    return int(out["n"].iloc[0]) - int(out["count"].dropna().sum())


def test_health_visitor_100_minus_99_is_found_by_the_audit():
    # by hand: 20 + 30 + 29 + 20 = 99 published; 100 - 99 = 1 = 1 (don't know) + 0 (no answer)
    scale = _scale([20, 30, 29, 20, 1, 0], 100)
    leaky = scale.assign(count=scale["count"].astype("Int64").mask(scale["category"].isin(["Don't know", "No answer"])))
    assert int(leaky["n"].iloc[0]) - int(leaky["count"].dropna().sum()) == 1
    found = audit(scale, leaky, threshold=10, structure=Structure(missing=("Don't know", "No answer")))
    assert not found.empty and (found["cell"] == "sum").any()
    row = found[found["cell"] == "sum"].iloc[0]
    assert row["low"] == row["high"] == 1


def test_health_visitor_plan_withholds_enough_that_the_gap_is_not_small():
    scale = _scale([20, 30, 29, 20, 1, 0], 100)
    ties = Structure(missing=("Don't know", "No answer"))
    d = plan(scale, threshold=10, rule="cells", structure=ties)
    gap = _published_sum_gap(scale, d)
    assert gap == 0 or gap >= 10, gap
    # the smallest substantive point (Very or Not at all, 20) goes: the gap is 21
    assert gap == 21
    assert audit(scale, apply_plan(scale, d), threshold=10, structure=ties).empty


def test_a_gap_at_or_above_the_threshold_needs_nothing_more():
    scale = _scale([20, 30, 29, 10, 6, 5], 100)  # 6 + 5 = 11 withheld: at least 10
    d = plan(scale, threshold=10, rule="cells", structure=Structure(missing=("Don't know", "No answer")))
    assert dict(zip(d["indicator"], d["disclosure"]))["conf = Fairly"] == ""
    assert _published_sum_gap(scale, d) == 11


def test_no_group_of_the_2013_wave_gives_a_small_count_by_subtraction(tmp_path_factory, built_2013):
    # The observation: 19 groups' n minus their published scale points were below 10 (Health visitor
    # 100 - 99 = 1; Social worker 117 - 116 = 1; Health 278 - 277 = 1).
    from analysis.protect import stage
    from tests.projects import copy_project

    paths = copy_project(built_2013, tmp_path_factory.mktemp("strict"))  # its tables made once (tests/conftest.py)
    (paths.wave_dir("2013") / "report.toml").write_text('[disclosure]\npolicy = "strict"\nthreshold = 10\n',
                                                        encoding="utf-8")
    done = stage.protect_wave("2013", paths)
    assert done.exposed.empty, done.exposed
    dist = done.frames["distributions"]
    small = []
    for key, group in dist.groupby(["indicator", "base", "by", "group"], sort=True):
        n = group["n"].dropna()
        if n.empty or group["count"].isna().sum() == 0:
            continue
        gap = int(n.iloc[0]) - int(group["count"].dropna().sum())
        if 0 < gap < 10 and group["count"].isna().sum() > 1:
            small.append((key, gap))
    assert small == []
