"""Disclosure control on hand-worked tables (threshold 10 unless stated).

Each table is small enough to check by hand: the expected suppressions are derived
in the comments from the threshold rule and the totals an intruder can see.
"""

import pandas as pd
from hypothesis import given, settings, strategies as st

from analysis.protect.audit import audit
from analysis.protect.plan import apply_plan, plan, primary, suppress


def table(rows, indicator="x", base="all respondents"):
    """rows: (by, group, count, n)."""
    by, group, count, n = zip(*rows)
    t = pd.DataFrame({"indicator": indicator, "base": base, "by": by, "group": group,
                      "count": count, "n": n})
    t["proportion"] = t["count"] / t["n"]
    t["ci_lower"] = t["proportion"] - 0.05
    t["ci_upper"] = t["proportion"] + 0.05
    t["method"] = "wilson"
    t["flag"] = ""
    return t


def reasons(out):
    return dict(zip(out["group"], out["disclosure"]))


def test_primary_counts_below_threshold_and_the_rest_of_the_base():
    t = pd.DataFrame({"count": [0, 9, 10, 10, 91, 90, 3], "n": [100, 100, 100, 19, 100, 100, 5]})
    # 0 and 9 are below 10; 10 of 19 leaves 9 outside; 91 of 100 leaves 9; 90 of 100 leaves 10.
    assert primary(t).tolist() == [True, True, False, True, True, False, True]
    assert primary(t, threshold=5).tolist() == [True, False, False, False, False, False, True]


def test_one_small_group_needs_a_second_suppressed_group():
    # Overall 57 of 160. A: 4 of 20 is primary. Publishing B and C would give A = 57 - 30 - 23 = 4,
    # so the smallest other group (C, n=40) is withheld too.
    t = table([("overall", "All", 57, 160), ("sector", "A", 4, 20), ("sector", "B", 30, 100),
               ("sector", "C", 23, 40)])
    out = suppress(t)
    assert reasons(out) == {"All": "", "A": "primary", "B": "", "C": "secondary"}
    assert out["n"].tolist() == [160, 20, 100, 40]
    # With C withheld, A's count can be anything from max(0, 27 - 40) = 0 to min(20, 27) = 20.
    assert audit(t, out).empty


def test_naive_single_suppression_is_caught_by_the_audit():
    t = table([("overall", "All", 57, 160), ("sector", "A", 4, 20), ("sector", "B", 30, 100),
               ("sector", "C", 23, 40)])
    leaky = t.assign(count=t["count"].astype("Int64").mask(t["group"] == "A"))
    exposed = audit(t, leaky)
    assert set(zip(exposed["group"], exposed["cell"])) == {("A", "count"), ("A", "rest")}
    assert exposed.loc[exposed["cell"] == "count", "low"].item() == 4


def test_two_small_groups_do_not_protect_each_other_when_their_sum_is_small():
    # A 3/20 and B 4/25 are both primary; each alone could be 0..7, but together they are
    # 57 - 50 = 7 people, a count below 10 worked out by subtraction: C goes too (then A + B + C = 57).
    t = table([("overall", "All", 57, 145), ("sector", "A", 3, 20), ("sector", "B", 4, 25),
               ("sector", "C", 50, 100)])
    assert reasons(suppress(t)) == {"All": "", "A": "primary", "B": "primary", "C": "secondary"}
    assert audit(t, suppress(t)).empty


def test_two_small_groups_protect_each_other_when_their_sum_reaches_the_threshold():
    # A 3/20 and B 8/25: 11 together, at least 10; each alone could be 0..11.
    t = table([("overall", "All", 61, 145), ("sector", "A", 3, 20), ("sector", "B", 8, 25),
               ("sector", "C", 50, 100)])
    assert reasons(suppress(t)) == {"All": "", "A": "primary", "B": "primary", "C": ""}


def test_two_zero_cells_are_exposed_by_their_zero_total_so_a_third_row_goes():
    # A 0/15 and B 0/12: overall 70 = 30 + 40 + yes_A + yes_B forces both to 0.
    # The smallest remaining group (D, n=90) is withheld; then yes_A is anywhere in 0..15.
    t = table([("overall", "All", 70, 217), ("sector", "A", 0, 15), ("sector", "B", 0, 12),
               ("sector", "C", 30, 100), ("sector", "D", 40, 90)])
    out = suppress(t)
    assert reasons(out) == {"All": "", "A": "primary", "B": "primary", "C": "", "D": "secondary"}
    assert audit(t, out).empty


def test_a_base_below_the_threshold_is_withheld_with_a_partner_base():
    # A: 2 of 5, so n=5 is itself a small cell. B (n=50) is withheld as secondary, and its n too,
    # since n_A = 135 - 80 - n_B would otherwise give n_A away.
    t = table([("overall", "All", 52, 135), ("sector", "A", 2, 5), ("sector", "B", 20, 50),
               ("sector", "C", 30, 80)])
    out = suppress(t)
    assert reasons(out) == {"All": "", "A": "primary", "B": "secondary", "C": ""}
    assert out["n"].isna().tolist() == [False, True, True, False]
    assert audit(t, out).empty


def test_a_cross_cell_takes_a_rectangle_of_four():
    # Sector × profession, 2 × 2, with both margins published in their own tables.
    # S1×P1 (3/20) is primary; its row block forces S1×P2, its column block S2×P1, and then
    # S2's block has one hidden cell, so S2×P2 goes as well. Margins stay published.
    rows = [("overall", "All", 123, 320),
            ("sector", "S1", 43, 120), ("sector", "S2", 80, 200),
            ("profession", "P1", 33, 100), ("profession", "P2", 90, 220),
            ("sector × profession", "S1 × P1", 3, 20), ("sector × profession", "S1 × P2", 40, 100),
            ("sector × profession", "S2 × P1", 30, 80), ("sector × profession", "S2 × P2", 50, 120)]
    t = table(rows)
    out = suppress(t)
    got = reasons(out)
    assert got["S1 × P1"] == "primary"
    assert {got[g] for g in ("S1 × P2", "S2 × P1", "S2 × P2")} == {"secondary"}
    assert all(got[g] == "" for g in ("All", "S1", "S2", "P1", "P2"))
    assert audit(t, out).empty


def test_withheld_rows_lose_every_figure_resting_on_the_count():
    t = table([("overall", "All", 57, 160), ("sector", "A", 4, 20), ("sector", "B", 30, 100),
               ("sector", "C", 23, 40)])
    t["weighted_count"] = t["count"] * 1.5
    t["letters"] = ["", "B", "", "A"]
    out = suppress(t)
    hidden = out["disclosure"] != ""
    for col in ("count", "proportion", "ci_lower", "ci_upper", "weighted_count", "letters"):
        assert out.loc[hidden, col].isna().all(), col
        assert out.loc[~hidden, col].notna().all(), col
    assert out["method"].tolist() == ["wilson"] * 4
    assert str(out["count"].dtype) == "Int64"


def test_one_plan_applies_the_same_way_to_every_table_showing_a_row():
    by_sector = table([("overall", "All", 57, 160), ("sector", "A", 4, 20), ("sector", "B", 30, 100),
                       ("sector", "C", 23, 40)])
    by_prof = table([("overall", "All", 57, 160), ("profession", "P", 20, 80), ("profession", "Q", 37, 80)])
    headline = by_sector[by_sector["by"] == "overall"]
    decisions = plan([headline, by_sector, by_prof])
    assert (decisions["disclosure"] != "").sum() == 2
    assert apply_plan(headline, decisions)["count"].tolist() == [57]
    assert apply_plan(by_prof, decisions)["disclosure"].tolist() == ["", "", ""]


def test_threshold_is_configurable():
    t = table([("overall", "All", 57, 160), ("sector", "A", 4, 20), ("sector", "B", 30, 100),
               ("sector", "C", 23, 40)])
    assert (suppress(t, threshold=3)["disclosure"] == "").all()
    out = suppress(t, threshold=25)
    # A (4) and C (23, and 17 outside) are primary at 25; B (30 of 100) is then safe.
    assert reasons(out) == {"All": "", "A": "primary", "B": "", "C": "primary"}


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), min_size=2, max_size=5))
def test_every_random_breakdown_ends_protected(cells):
    rows = [("sector", f"G{i}", yes, yes + no) for i, (yes, no) in enumerate(cells)]
    yes = sum(r[2] for r in rows)
    n = sum(r[3] for r in rows)
    t = table([("overall", "All", yes, n)] + rows)
    out = suppress(t)
    assert audit(t, out).empty
    groups = out[out["by"] != "overall"]
    hidden = (groups["disclosure"] != "").sum()
    assert hidden == 0 or hidden >= 2 or (out["disclosure"].iloc[0] != "")
    small = primary(t)
    assert (out.loc[small, "disclosure"] == "primary").all()


def test_scale_categories_add_up_to_their_base():
    # A four-point scale, 100 respondents: 3 / 40 / 50 / 7. The two small categories protect
    # each other (together 10, so each could be 0..10).
    t = pd.DataFrame({"indicator": "conf", "base": "all", "by": "overall", "group": "All",
                      "category": ["Not at all", "Not very", "Fairly", "Very"],
                      "count": [3, 40, 50, 7], "n": 100})
    out = suppress(t)
    assert out["disclosure"].tolist() == ["primary", "", "", "primary"]
    # 3 / 40 / 57: the small one alone would be 100 - 40 - 57; the smaller other category goes.
    t2 = pd.DataFrame({"indicator": "conf", "base": "all", "by": "overall", "group": "All",
                       "category": ["Low", "Mid", "High"], "count": [3, 40, 57], "n": 100})
    out2 = suppress(t2)
    assert out2["disclosure"].tolist() == ["primary", "secondary", ""]
    assert audit(t2, out2).empty


def test_letters_pointing_at_a_withheld_group_are_dropped():
    t = table([("overall", "All", 57, 160), ("sector", "A", 4, 20), ("sector", "B", 30, 100),
               ("sector", "C", 23, 40)])
    t["letter"] = ["", "A", "B", "C"]
    t["letters"] = ["", "", "A", "AB"]
    out = suppress(t)
    # A and C are withheld: B keeps no letter pointing at A; C's own letters go with its row.
    assert out["letters"].isna().tolist() == [False, True, False, True]
    assert out.loc[out["group"] == "B", "letters"].item() == ""
    assert out["letter"].tolist() == ["", "A", "B", "C"]


def test_an_indicator_summing_scale_categories_is_protected_with_them():
    # Scale 3 / 40 / 50 / 7 (n=100) and the indicator "not confident" = first two = 43.
    # Without the link, 43 - 40 gives the withheld 3 away; so "Not very" is withheld too: the two
    # points are combined (their sum is the published indicator). Then "Very" = 100 - 43 - 50 = 7
    # is pinned, so "Fairly" goes as well (no indicator adds up that pair): each pair is a free split.
    scale = pd.DataFrame({"indicator": "conf", "base": "all", "by": "overall", "group": "All",
                          "category": ["Not at all", "Not very", "Fairly", "Very"],
                          "count": [3, 40, 50, 7], "n": 100})
    ind = pd.DataFrame({"indicator": ["not_conf"], "base": "all", "by": "overall", "group": "All",
                        "count": [43], "n": [100]})
    links = {"not_conf": ("conf", ["Not at all", "Not very"])}
    naive = apply_plan(scale, plan([scale, ind]))
    assert not audit([scale, ind], [naive, ind], composites=links).empty
    decisions = plan([scale, ind], composites=links)
    out = apply_plan(scale, decisions)
    assert out["disclosure"].tolist() == ["primary", "collapsed", "secondary", "primary"]
    assert apply_plan(ind, decisions)["disclosure"].tolist() == [""]
    assert audit([scale, ind], [out, apply_plan(ind, decisions)], composites=links).empty
