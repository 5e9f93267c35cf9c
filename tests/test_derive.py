"""Indicators and bases from the respondent frame's category codes, beside the long frame's answer."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.codebook import parse_codebook
from analysis.derive import indicator_codes, indicator_from_respondents, indicator_series
from analysis.ingest.pipeline import Wave, ingest_wave, load_wave
from tests.ingest.demo import CODEBOOK, write_demo

#: The demo wave plus a base of those trained (a `where` on another item).
WITH_WHERE = CODEBOOK + '''
[bases.trained_only]
label = "those trained"
excludes = ["dont_know", "no_answer"]
where = { trained = [1] }
'''


@pytest.fixture
def wave(project):
    write_demo(project.root, codebook=WITH_WHERE)
    ingest_wave("demo", project)
    return load_wave("demo", project)


# Demo respondents 101-106: conf answers 1, 4, 8 (don't know), 2, 3, blank; trained 2, 1, 2, 2, 1, 2.
@pytest.mark.parametrize("base, expected", [
    ("all", [True, False, False, True, False, False]),
    ("answered", [True, False, None, True, False, None]),
    ("trained_only", [None, False, None, None, False, None]),
])
def test_indicator_from_category_codes_worked_by_hand(wave, base, expected):
    series = indicator_from_respondents(wave.codebook, wave.respondents, "not_conf", base)
    assert series.dtype == "boolean"
    assert series.index.tolist() == ["101", "102", "103", "104", "105", "106"]
    assert [None if pd.isna(v) else bool(v) for v in series] == expected


@pytest.mark.parametrize("indicator", ["not_conf", "untrained"])
@pytest.mark.parametrize("base", ["all", "answered", "trained_only"])
def test_category_codes_agree_with_the_long_frame(wave, indicator, base):
    fast = indicator_series(wave, indicator, base)
    slow = indicator_codes(wave.codebook, wave.long, indicator, base).reindex(wave.respondents.index)
    assert fast.equals(slow.rename(indicator))


def test_estimating_stages_never_read_the_long_frame(wave):
    from analysis.tables import table_set

    table_set(wave)
    assert wave._long is None  # read lazily, and nobody asked


def test_two_codes_sharing_a_label_fall_back_to_the_long_frame():
    cb = parse_codebook('''
[wave]
name = "demo"
[files]
data = "x.csv"
[id]
column = "id"
[items.conf]
column = "Q1"
type = "ordinal"
codes = { 1 = "Low", 2 = "High" }
[indicators.low]
item = "conf"
codes = [1]
''')
    # A respondent frame whose categories are not the item's labels cannot say which code was given.
    resp = pd.DataFrame({"conf": pd.Categorical(["Low", "Other"])}, index=pd.Index(["a", "b"], name="respondent"))
    assert indicator_from_respondents(cb, resp, "low") is None
    long = pd.DataFrame({"respondent": ["a", "b"], "item": "conf", "code": pd.array([1, 2], dtype="Int64"),
                         "label": ["Low", "High"], "missing": pd.array([None, None], dtype="string")})
    assert indicator_series(Wave(cb, resp, long), "low").tolist() == [True, False]
