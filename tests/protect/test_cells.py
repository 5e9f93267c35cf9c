"""The plan: cells withheld by hand-worked rules, under both policies, and never a crash."""

from __future__ import annotations

import pandas as pd

from analysis.protect.cells import apply_plan, audit, plan


def _table(groups, overall):
    keys = ["All"] + [g for g, _, _ in groups]
    counts = [overall[0]] + [c for _, c, _ in groups]
    ns = [overall[1]] + [n for _, _, n in groups]
    return pd.DataFrame({"indicator": "x", "base": "all respondents", "by": ["overall"] + ["sector"] * len(groups),
                         "group": keys, "count": counts, "n": ns})


def test_hand_worked_secondary_suppression_strict():
    # A: 3 of 15 (3 < 10: primary). Published beside it: All 75 of 190, so A's count is
    # 75 - (B + C + D). To stop that subtraction a second group must go: the smallest free
    # one by base, D (30). Then A + D = 75 - 40 - 20 = 15 with A in 0..15, D in 0..30:
    # A's count can be anything from 0 to 15, nothing is pinned. B and C stay published.
    t = _table([("A", 3, 15), ("B", 40, 100), ("C", 20, 45), ("D", 12, 30)], (75, 190))
    d = plan(t, threshold=10, rule="cells")
    assert dict(zip(d["group"], d["disclosure"])) == {"All": "", "A": "primary", "B": "", "C": "", "D": "secondary"}
    assert not d["hide_n"].any()  # every base is at least 10
    assert audit(t, apply_plan(t, d), threshold=10).empty


def test_sample_survey_withholds_small_groups_not_small_counts():
    # Same table under the sample-survey policy: A's base (15) is adequate, so its 3 is
    # published as 20%; only a group with a base under 10 is withheld. Add E: 2 of 8.
    t = _table([("A", 3, 15), ("B", 40, 100), ("C", 20, 45), ("D", 12, 30), ("E", 2, 8)], (77, 198))
    d = plan(t, threshold=10, rule="bases")
    reasons = dict(zip(d["group"], d["disclosure"]))
    # E's base 8 < 10: small-base, n withheld too; the smallest other base (A, 15) goes with it
    # so that E's n (198 - 190) and count (77 - 75) cannot be subtracted out.
    assert reasons == {"All": "", "A": "secondary", "B": "", "C": "", "D": "", "E": "small-base"}
    hidden_n = dict(zip(d["group"], d["hide_n"]))
    assert hidden_n["E"] and hidden_n["A"]
    assert audit(t, apply_plan(t, d), threshold=10, rule="bases").empty


def test_a_zero_in_a_large_group_is_not_withheld_under_sample_survey():
    t = _table([("A", 0, 120), ("B", 50, 100)], (50, 220))
    d = plan(t, threshold=10, rule="bases")
    assert (d["disclosure"] == "").all()


def test_a_component_that_cannot_be_protected_cell_by_cell_is_withheld_whole_without_raising():
    # Every row small: the overall row is itself primary, the two groups too; there is no
    # free cell left for secondary suppression, so the plan withholds the table, not crash.
    t = _table([("A", 1, 5), ("B", 2, 6)], (3, 11))
    d = plan(t, threshold=10, rule="cells")
    assert set(d["disclosure"]) <= {"primary", "secondary", "table"}
    assert (d["disclosure"] != "").all()


def test_a_withheld_count_withholds_the_base_it_equals():
    # "No training" (untrained) counts 7 of 38 in group F; the unmet-need indicator's base
    # "those with no training" has n = 7 in F. Withholding the 7 and publishing n = 7 would
    # give it straight back, so the linked row goes, with its n.
    untrained = pd.DataFrame({"indicator": "untrained", "base": "all respondents",
                              "by": ["overall", "p", "p", "p"], "group": ["All", "F", "G", "H"],
                              "count": [67, 7, 30, 30], "n": [158, 38, 60, 60]})
    unmet = pd.DataFrame({"indicator": "unmet", "base": "those with no training",
                          "by": ["overall", "p", "p", "p"], "group": ["All", "F", "G", "H"],
                          "count": [40, 4, 18, 18], "n": [67, 7, 30, 30]})
    links = {("untrained", "all respondents"): ["those with no training"]}
    d = plan([untrained, unmet], threshold=10, rule="cells", bases=links)
    row = d[(d["indicator"] == "unmet") & (d["group"] == "F")].iloc[0]
    assert row["disclosure"] != "" and row["hide_n"]
