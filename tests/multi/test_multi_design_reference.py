"""Multi-select tables of a weighted, stratified, clustered wave against R's survey.

Reference: ``tests/reference/multi_reference.R`` (svymean and svyciprop(method = "logit") of each
option within the domain of those who answered, overall and by role; the mean number ticked), run on
``tests/reference/multi_fixture.csv`` (``make_multi_fixture.py``); numbers in ``multi_reference.csv``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

REF = Path(__file__).resolve().parents[1] / "reference"

CODEBOOK = '''
[wave]
name = "demo"
[files]
data = "multi_fixture.csv"
[id]
column = "id"
[items.nation]
column = "nation"
type = "identifier"
[items.school]
column = "school"
type = "identifier"
[items.schools_in_nation]
column = "schools_in_nation"
type = "numeric"
[items.weight]
column = "weight"
type = "weight"
[items.role]
column = "role"
type = "single"
codes = { 1 = "DSL", 2 = "Head" }
[items.topics]
type = "multi"
options = { T1 = "Grooming", T2 = "Sexting", T3 = "Online bullying", T4 = "Recovery" }
selected = "0/1"
[design]
weight = "weight"
strata = "nation"
cluster = "school"
fpc = "schools_in_nation"
[tables]
breakdowns = ["role"]
interval = "logit"
'''


@pytest.fixture
def frames(project):
    folder = project.root / "data" / "raw" / "demo"
    folder.mkdir(parents=True)
    (folder / "codebook.toml").write_text(CODEBOOK, encoding="utf-8")
    shutil.copy(REF / "multi_fixture.csv", folder / "multi_fixture.csv")
    from analysis.ingest.pipeline import load_wave
    from analysis.tables import table_set

    return table_set(load_wave("demo", project))


def test_option_shares_equal_r_survey_within_the_answered_domain(frames):
    r = pd.read_csv(REF / "multi_reference.csv")
    est = frames["options"]
    shares = est[est["kind"] == "option"]
    for k, var in enumerate(["T1", "T2", "T3", "T4"], start=1):
        for group in ("All", "DSL", "Head"):
            ref = r[(r["variable"] == var) & (r["group"] == group)].iloc[0]
            row = shares[(shares["option_number"] == k) & (shares["group"] == group)].iloc[0]
            assert row["n"] == ref["n"]
            assert row["proportion"] == pytest.approx(ref["estimate"], rel=1e-9)
            assert row["se"] == pytest.approx(ref["se"], rel=1e-9)
            assert (row["ci_lower"], row["ci_upper"]) == pytest.approx((ref["lower"], ref["upper"]), rel=1e-9)


def test_mean_number_ticked_equals_r_survey(frames):
    r = pd.read_csv(REF / "multi_reference.csv")
    mean = frames["options_mean"]
    for group in ("All", "DSL", "Head"):
        ref = r[(r["variable"] == "ticked") & (r["group"] == group)].iloc[0]
        row = mean[mean["group"] == group].iloc[0]
        assert row["n"] == ref["n"]
        assert (row["mean"], row["se"]) == pytest.approx((ref["estimate"], ref["se"]), rel=1e-9)
        assert (row["ci_lower"], row["ci_upper"]) == pytest.approx((ref["lower"], ref["upper"]), rel=1e-9)


def test_the_marginal_independence_test_is_not_run_on_a_clustered_design(frames):
    t = frames["options_tests"]
    assert t["p_value"].isna().all() and t["note"].str.contains("independent, unweighted").all()
