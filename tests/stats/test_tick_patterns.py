"""Multi-select tables from the sums by tick pattern equal the tables taken respondent by respondent.

The reference for the test's numbers is MRCV's published output (as in
``test_multiple_response.py``); for the tables it is the row-by-row computation, which
``tests/multi`` and ``tests/reference/multi_reference.R`` check against hand counts and R.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from analysis.codebook import parse_codebook
from analysis.multi_tables import multi_table_set
from analysis.stats.multiple_response import mmi_test, mmi_test_from_patterns
from analysis.stats.cells import Grid
from analysis.stats.tick_patterns import group_patterns, option_sums, pattern_cells, ticked_sums
from tests.ingest.demo import codebook_head

DATA = Path(__file__).resolve().parents[1] / "fixtures" / "mrcv"

CODEBOOK = codebook_head(data="x.csv") + '''[items.sector]
column = "Q1"
type = "single"
codes = { 1 = "Health", 2 = "Education", 3 = "Police", 4 = "Other" }
[items.role]
column = "Q2"
type = "single"
codes = { 1 = "Lead", 2 = "Staff" }
[items.topics]
type = "multi"
options = { T1 = "Grooming", T2 = "Sexting", T3 = "Online bullying", T4 = "None of these" }
selected = "0/1"
answered = "none_option"
none_option = "T4"
[items.aware]
type = "multi"
options = { A1 = "One", A2 = "Two", A3 = "Three" }
selected = "blank/1"
[tables]
breakdowns = ["sector", "role"]
crosses = [["sector", "role"]]
'''


def _wave(n: int = 400, seed: int = 3):
    """Respondents with two multi items; some skip the question, some have no sector; "Other" is empty."""
    rng = np.random.default_rng(seed)
    cb = parse_codebook(CODEBOOK)
    sector = pd.Categorical.from_codes(rng.choice([-1, 0, 1, 2], size=n, p=[0.05, 0.5, 0.3, 0.15]),
                                       categories=["Health", "Education", "Police", "Other"])
    role = pd.Categorical.from_codes(rng.integers(0, 2, size=n), categories=["Lead", "Staff"])
    index = pd.Index([str(i) for i in range(n)], name="respondent")
    resp = pd.DataFrame(index=index)
    ticks = rng.random((n, 3)) < [0.6, 0.3, 0.02]
    none = ~ticks.any(axis=1)
    skipped = rng.random(n) < 0.1
    for k, col in enumerate([ticks[:, 0], ticks[:, 1], ticks[:, 2], none], start=1):
        resp[f"topics__{k}"] = pd.arrays.BooleanArray(col, skipped)
    aware = rng.random((n, 3)) < [0.5, 0.4, 0.3]
    for k in range(3):
        resp[f"aware__{k + 1}"] = pd.arrays.BooleanArray(aware[:, k], ~aware.any(axis=1))
    frame = pd.DataFrame({"sector": sector, "role": role, "weight": rng.gamma(2.0, 0.5, size=n)}, index=index)
    return SimpleNamespace(codebook=cb, respondents=resp), frame


def _both(monkeypatch, groupings=(("sector",), ("role",), ("sector", "role")), **opts):
    wave, frame = _wave()
    base = dict(method="wilson", level=0.95, small_base=50, suppress_below=30)
    fast = multi_table_set(wave, frame, groupings=groupings, **base, **opts)
    monkeypatch.setattr("analysis.stats.tick_patterns.MAX_OPTIONS", 0)  # every item taken row by row
    slow = multi_table_set(wave, frame, groupings=groupings, **base, **opts)
    return fast, slow


def test_unweighted_tables_from_tick_patterns_equal_those_from_the_rows_to_the_last_bit(monkeypatch):
    fast, slow = _both(monkeypatch, weight=None)
    for name in ("options", "options_mean", "options_tests"):
        pd.testing.assert_frame_equal(fast[name], slow[name], check_exact=True)
    tests = fast["options_tests"]
    assert tests["p_value"].notna().all() and (tests["groups"] == [3, 2, 3, 2]).all()  # "Other" has no one


def test_tables_without_a_breakdown_from_tick_patterns_equal_those_from_the_rows(monkeypatch):
    fast, slow = _both(monkeypatch, groupings=(), weight=None)
    for name in ("options", "options_mean", "options_tests"):
        pd.testing.assert_frame_equal(fast[name], slow[name], check_exact=True)
    assert (fast["options"]["by"] == "overall").all() and len(fast["options_mean"]) == 2


def test_weighted_tables_from_tick_patterns_equal_those_from_the_rows(monkeypatch):
    fast, slow = _both(monkeypatch, weight="weight")
    for name in ("options", "options_mean", "options_tests"):
        pd.testing.assert_frame_equal(fast[name], slow[name], check_exact=False, rtol=1e-13, atol=0)
    assert fast["options_tests"]["note"].str.startswith("not computed").all()


def test_sums_by_pattern_by_hand():
    f = pd.DataFrame({"g": pd.Categorical(["a", "a", "b", None, "b"])})
    ticks = np.array([[1, 0], [1, 1], [0, 1], [1, 1], [0, 0]], dtype=bool)
    answered = np.array([True, True, True, True, False])
    w = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    cells = pattern_cells(Grid.of(f, ["g"]), ticks, answered, w)
    # option 1, by (missing, a, b) × (not ticked, ticked): counts and weight totals
    assert option_sums(cells, 0)[..., 0].tolist() == [[0, 1], [0, 2], [1, 0]]
    assert option_sums(cells, 0)[..., 1].tolist() == [[0, 4], [0, 3], [3, 0]]
    assert option_sums(cells, 1)[..., 2].tolist() == [[0, 16], [1, 4], [0, 9]]  # squared weights
    # number ticked 0, 1, 2 by group; the fifth respondent did not answer
    assert ticked_sums(cells, [True, True])[..., 1].tolist() == [[0, 0, 4], [0, 1, 2], [0, 3, 0]]
    assert group_patterns(cells, 0).tolist() == [[0, 0, 0, 1], [0, 1, 0, 1], [0, 0, 1, 0]]


def test_mmi_from_patterns_reproduces_mrcv_published_example():
    # MI.test(data = farmer1, I = 1, J = 5, type = "all") as printed in MRCV's documentation:
    # X^2_S = 30.84; second-order Rao-Scott X^2_S.adj = 28.68, df.adj = 18.6, p.adj = 0.0632; Bonferroni 0.1357
    data = np.loadtxt(DATA / "farmer1.csv", delimiter=",", skiprows=1, dtype=int)
    groups, ticks = data[:, 0] - 1, data[:, 1:] == 1
    bits = ((np.arange(32)[:, None] >> np.arange(5)[None, :]) & 1).astype(bool)
    pattern = (ticks * (1 << np.arange(5))).sum(axis=1)
    counts = np.zeros((groups.max() + 1, 32))
    np.add.at(counts, (groups, pattern), 1)
    t = mmi_test_from_patterns(counts, bits)
    assert round(t.statistic, 2) == 30.84
    assert (round(t.rs2_statistic, 2), round(t.rs2_df, 1), round(t.rs2_p_value, 4)) == (28.68, 18.6, 0.0632)
    assert round(t.bonferroni_p_value, 4) == 0.1357 and t.n == 262
    row = mmi_test(groups, ticks)
    assert (t.rs2_statistic, t.rs2_df, t.statistic) == (row.rs2_statistic, row.rs2_df, row.statistic)


def test_more_options_than_patterns_allow_are_refused():
    from analysis.stats.tick_patterns import MAX_OPTIONS

    f = pd.DataFrame({"g": pd.Categorical(["a"])})
    with pytest.raises(ValueError, match="options"):
        pattern_cells(Grid.of(f, ["g"]), np.zeros((1, MAX_OPTIONS + 1), dtype=bool), np.ones(1, dtype=bool), None)


@pytest.mark.parametrize("design, why", [
    ({"weight": "weight"}, "this wave is weighted"),
    ({"weight": "weight", "cluster": "school"}, "this wave has a sample design (strata, clusters or fpc)"),
    ({"replicates": "rw"}, "this wave has replicate weights"),
])
def test_the_test_says_why_it_is_not_computed_for_a_weighted_or_designed_wave(design, why):
    from analysis.stats.replicates import replicate_design

    wave, frame = _wave()
    frame["school"] = [str(i % 20) for i in range(len(frame))]
    for r in range(4):
        frame[f"rw_{r}"] = [0.0 if i % 4 == r else 4 / 3 for i in range(len(frame))]
    if "replicates" in design:  # equal full-sample weights: the respondents are still not independent
        design = {"replicates": replicate_design(frame, "rw_*", type="JK1")}
    out = multi_table_set(wave, frame, groupings=[("sector",)], method="wilson", level=0.95, small_base=50,
                          suppress_below=30, **{"weight": None, **design})
    tests = out["options_tests"]
    assert tests["p_value"].isna().all() and tests["statistic"].isna().all()
    assert tests["note"].str.contains("independent, unweighted respondents").all()
    assert tests["note"].str.endswith(why).all(), tests["note"].tolist()
