"""The plan: cells withheld by hand-worked rules, under both policies, and never a crash."""

from __future__ import annotations

import pandas as pd

from analysis.protect.audit import audit
from analysis.protect.plan import apply_plan, plan
from analysis.protect.structure import Structure


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


def _frame(indicator, base, rows, *, category=None):
    by = ["overall" if g == "All" else "g" for g, _, _ in rows]
    out = pd.DataFrame({"indicator": indicator, "base": base, "by": by, "group": [g for g, _, _ in rows],
                        "count": [c for _, c, _ in rows], "n": [n for _, _, n in rows]})
    if category is not None:
        out["category"] = category
    return out


def test_the_audit_links_an_indicator_count_to_the_base_it_defines():
    # "No training" is 7 of 38 in F; the unmet-need base "those with no training" has n = 7 in F.
    # Withholding the 7 but publishing the unmet-need row with its n gives it straight back.
    untrained = _frame("untrained", "all respondents", [("All", 67, 158), ("F", 7, 38), ("G", 30, 60), ("H", 30, 60)])
    unmet = _frame("unmet", "those with no training", [("All", 40, 67), ("F", 4, 7), ("G", 18, 30), ("H", 18, 30)])
    leaky = [untrained.assign(count=untrained["count"].astype("Int64").mask(untrained["group"].isin(["F", "G"]))),
             unmet]
    links = Structure(bases={("untrained", "all respondents"): ["those with no training"]})
    found = audit([untrained, unmet], leaky, threshold=10, structure=links)
    assert ("untrained", "F", "count") in set(zip(found["indicator"], found["group"], found["cell"]))
    # Planned with the link, the audit finds nothing.
    d = plan([untrained, unmet], threshold=10, rule="cells", structure=links)
    assert audit([untrained, unmet], [apply_plan(untrained, d), apply_plan(unmet, d)], threshold=10,
                 structure=links).empty


def test_the_people_who_did_not_answer_are_a_count_the_strict_policy_protects():
    # x on all respondents: n = 692 = 400 + 292. v on "those who answered": n = 685 = 395 + 290,
    # so 7 did not answer v (5 in A, 2 in B): published together, 692 - 685 = 7 by subtraction.
    x = _frame("x", "all respondents", [("All", 300, 692), ("A", 150, 400), ("B", 150, 292)])
    v = _frame("v", "those who answered", [("All", 500, 685), ("A", 300, 395), ("B", 200, 290)])
    ties = Structure(items={"x": "X", "v": "V"}, answered=("those who answered",), anchor="all respondents")
    found = audit([x, v], [x, v], threshold=10, structure=ties)
    assert sorted(found["group"]) == ["A", "All", "B"] and set(found["cell"]) == {"count"}
    assert (found["low"] == found["high"]).all() and sorted(found["low"]) == [2, 5, 7]
    d = plan([x, v], threshold=10, rule="cells", structure=ties)
    # By hand: n of v in A or B alone gives its 5 or 2 back against x's 400 or 292; hiding both still
    # leaves 685 - the other; so all three v rows go with their bases, and x stays whole.
    got = {(i, g): (r, h) for i, g, r, h in zip(d["indicator"], d["group"], d["disclosure"], d["hide_n"])}
    assert all(got[("v", g)][1] for g in ("All", "A", "B"))
    assert all(got[("x", g)] == ("", False) for g in ("All", "A", "B"))
    assert audit([x, v], [apply_plan(x, d), apply_plan(v, d)], threshold=10, structure=ties).empty
    # The sample-survey policy protects small groups only: nothing here is withheld.
    assert (plan([x, v], threshold=10, rule="bases", structure=ties)["disclosure"] == "").all()


def test_a_dont_know_count_goes_before_an_answer_when_more_must_be_withheld():
    # Low 3 (under 10) of 78; the categories add up to 78, so one more must go: Don't know (15)
    # rather than High (60), though High is no larger a loss by size.
    scale = _frame("c", "all respondents", [("All", 3, 78), ("All", 60, 78), ("All", 15, 78)],
                   category=["Low", "High", "Don't know"])
    d = plan(scale, threshold=10, rule="cells", structure=Structure(missing=("Don't know",)))
    assert dict(zip(d["indicator"], d["disclosure"])) == {
        "c = Low": "primary", "c = High": "", "c = Don't know": "secondary"}


def test_a_small_scale_point_is_combined_with_its_neighbour_when_an_indicator_adds_up_the_two():
    # "Not confident" = Not at all (3, under 10) + Not very (40) is published as its own indicator.
    # Withholding Not very beside Not at all leaves their sum (43) published: the two points are
    # combined. Fairly (50) stays. Without that indicator the smaller other cell would go.
    scale = _frame("conf", "all respondents", [("All", 3, 93), ("All", 40, 93), ("All", 50, 93)],
                   category=["Not at all", "Not very", "Fairly"])
    notconf = _frame("notconf", "all respondents", [("All", 43, 93)])
    ties = Structure(composites={"notconf": ("conf", ["Not at all", "Not very"])})
    d = plan([scale, notconf], threshold=10, rule="cells", structure=ties)
    assert dict(zip(d["indicator"], d["disclosure"])) == {
        "conf = Not at all": "primary", "conf = Not very": "collapsed", "conf = Fairly": "", "notconf": ""}
    published = [apply_plan(scale, d), apply_plan(notconf, d)]
    assert audit([scale, notconf], published, threshold=10, structure=ties).empty
