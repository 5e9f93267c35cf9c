"""The people left out of a breakdown or a cross, in the disclosure audit: worked by hand.

Strict policy, threshold 10, one indicator ``x`` on the base of all respondents.
"""

from __future__ import annotations

import pandas as pd

from analysis.protect.audit import audit
from analysis.protect.plan import apply_plan, plan
from analysis.protect.structure import PSEUDO_BASE, Structure

ALL = "all respondents"
STRICT = Structure(items={"x": "X"}, anchor=ALL)


def _frame(rows):
    by, group, count, n = zip(*rows)
    return pd.DataFrame({"indicator": "x", "base": ALL, "by": by, "group": group, "count": count, "n": n,
                         "proportion": [c / m for c, m in zip(count, n)]})


def _withhold(frame, groups, *, with_n=True):
    out = frame.copy()
    gone = out["group"].isin(groups)
    out["count"] = out["count"].astype("Int64").mask(gone)
    out["proportion"] = out["proportion"].mask(gone)
    if with_n:
        out["n"] = out["n"].astype("Int64").mask(gone)
    return out


# 100 respondents: A 50 (20 yes), B 46 (18 yes), and 4 with no answer to s (2 yes): "fewer than 10".
BREAKDOWN = _frame([("overall", "All", 40, 100), ("s", "A", 20, 50), ("s", "B", 18, 46)])


def test_one_group_withheld_with_its_base_keeps_the_four_left_out_safe():
    # By hand: published 100 and A = 50 (20 yes) leave B + left out = 50 (20 yes, 30 no); with B's
    # count and n withheld, the left-out number may be anything from 0 to 50 (at most 9, said the notes:
    # B is 41 to 49): not pinned. With B's count withheld but its n (46) shown, it is 100 - 50 - 46 = 4.
    assert audit(BREAKDOWN, _withhold(BREAKDOWN, ["B"]), structure=STRICT).empty
    leak = audit(BREAKDOWN, _withhold(BREAKDOWN, ["B"], with_n=False), structure=STRICT)
    assert leak[["base", "by", "cell", "low", "high"]].values.tolist() == [[PSEUDO_BASE, "s", "n", 4.0, 4.0]]


# A cross a × b. Cells (yes, n), and the people left out of the cross:
#   A1 × B1 (3, 30)  A1 × B2 (15, 30)  A1 without b (0, 12)
#   A2 × B1 (14, 30) A2 × B2 (13, 30)
#   B1 without a (2, 12)  B2 without a (3, 12)  neither: nobody
#   A1 (18, 72)  A2 (27, 60)  B1 (19, 72)  B2 (31, 72)  overall (50, 156)
# Left out of the a breakdown: 156 - 72 - 60 = 24 (5 yes); of the b breakdown: 156 - 72 - 72 = 12 (0 yes),
# both published exactly (at least 10). Only A1 × B1's count of 3 is small.
CROSS = _frame([("overall", "All", 50, 156), ("a", "A1", 18, 72), ("a", "A2", 27, 60), ("b", "B1", 19, 72),
                ("b", "B2", 31, 72), ("a × b", "A1 × B1", 3, 30), ("a × b", "A1 × B2", 15, 30),
                ("a × b", "A2 × B1", 14, 30), ("a × b", "A2 × B2", 13, 30)])


def test_people_missing_both_dimensions_tie_the_cross_to_the_two_breakdowns():
    # By hand, with only A1 × B1's count withheld: the b breakdown says nobody it leaves out answered
    # yes (50 - 19 - 31 = 0). The 12 in A1 without b are among them (with those who have neither), so
    # none of them said yes either, and A1's 18 yes are 15 in A1 × B2 and 3 in A1 × B1: pinned.
    # (From the other side: B1's 19 yes less A2 × B1's 14 are A1 × B1 and B1 without a; those left
    # out of a said yes 50 - 18 - 27 = 5 times, 3 of them in B2 (31 - 15 - 13), so at most 2 in B1:
    # A1 × B1 has at least 3.) A model where those with neither answer may be fewer than nobody
    # gives 0 to 3.
    leak = audit(CROSS, _withhold(CROSS, ["A1 × B1"], with_n=False), structure=STRICT)
    assert [[r.group, r.cell, r.low, r.high] for r in leak.itertuples()] == [
        ["A1 × B1", "count", 3.0, 3.0], ["A1 × B1", "rest", 27.0, 27.0]]


def test_the_plan_of_a_cross_keeps_the_small_count_safe():
    published = apply_plan(CROSS, plan(CROSS, structure=STRICT))
    assert published.set_index("group")["count"].isna()["A1 × B1"]
    assert audit(CROSS, published, structure=STRICT).empty


def _yes_no(frame):
    """The cross with a and b both yes / no items: group labels shared by both dimensions."""
    names = {"A1": "Yes", "A2": "No", "B1": "Yes", "B2": "No"}
    return frame.assign(group=[" × ".join(names.get(p, p) for p in g.split(" × ")) for g in frame["group"]])


def test_labels_shared_by_both_dimensions_are_two_left_out_rows():
    # A1 without b and B1 without a are different people, though both are "Yes without the other".
    same = _yes_no(CROSS)
    leak = audit(same, _withhold(same, ["Yes × Yes"], with_n=False), structure=STRICT)
    assert [[r.group, r.cell, r.low, r.high] for r in leak.itertuples()] == [
        ["Yes × Yes", "count", 3.0, 3.0], ["Yes × Yes", "rest", 27.0, 27.0]]
    assert audit(same, apply_plan(same, plan(same, structure=STRICT)), structure=STRICT).empty
