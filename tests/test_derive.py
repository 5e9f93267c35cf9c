"""Indicators and bases from the respondent frame's category codes, and its code columns where labels are shared."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.codebook import parse_codebook
from analysis.derive import indicator_from_respondents, indicator_series, item_answers
from analysis.ingest.pipeline import Wave, ingest_wave, load_wave
from tests.ingest.demo import CODEBOOK, codebook_head, write_demo

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


def test_ingest_adds_no_code_column_where_labels_name_their_codes(wave):
    assert list(wave.respondents.columns) == ["sector", "conf", "trained", "years"]


#: Two missing codes share a label: the label alone cannot say whether the question was not asked.
SHARED_LABEL = codebook_head(provenance="illustrative") + '''[items.conf]
column = "Q1"
type = "ordinal"
codes = { 1 = "Low", 2 = "High" }
missing = { 8 = { label = "No answer", kind = "no_answer" }, 9 = { label = "No answer", kind = "not_asked" } }
[indicators.low]
item = "conf"
codes = [1]
label = "Low"
'''


@pytest.fixture
def shared(project):
    folder = project.raw / "demo"
    folder.mkdir()
    (folder / "codebook.toml").write_text(SHARED_LABEL, encoding="utf-8")
    (folder / "export.csv").write_text("id,Q1\na,1\nb,2\nc,8\nd,9\ne,\n", encoding="utf-8")
    return load_wave("demo", project)


# Respondents a-e answered 1 (Low), 2 (High), 8 (no answer), 9 (not asked), blank. By hand: base "all"
# leaves out only d (not asked); base "answered" leaves out c, d and e.
@pytest.mark.parametrize("base, expected", [
    ("all", [True, False, False, None, False]),
    ("answered", [True, False, None, None, None]),
])
def test_two_codes_sharing_a_label_are_told_apart_after_ingest(shared, base, expected):
    series = indicator_series(shared, "low", base)
    assert series.index.tolist() == ["a", "b", "c", "d", "e"]
    assert [None if pd.isna(v) else bool(v) for v in series] == expected


def test_answers_of_an_item_whose_codes_share_a_label(shared):
    answers = item_answers(shared.codebook, shared.respondents, "conf")
    assert [None if pd.isna(c) else c for c in answers["code"]] == [1, 2, 8, 9, None]
    assert [None if pd.isna(k) else k for k in answers["missing"]] == [None, None, "no_answer", "not_asked",
                                                                      "no_answer"]
    # the label column still reads as before: both missing codes are "No answer"
    assert [None if pd.isna(v) else v for v in shared.respondents["conf"]] == ["Low", "High", "No answer",
                                                                              "No answer", None]


def test_a_frame_whose_categories_are_not_the_labels_is_refused():
    cb = parse_codebook(codebook_head(data="x.csv") + '''[items.conf]
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
    with pytest.raises(ValueError, match="conf"):
        indicator_series(Wave(cb, resp), "low")


def test_an_optional_item_absent_from_the_export_is_blank_for_everyone(project):
    # by hand: every respondent left it blank, so "all" counts them (False) and "answered" leaves them out
    write_demo(project.root, codebook=CODEBOOK.replace('column = "Q2"', 'column = "Q2x"\nrequired = false'))
    wave = load_wave("demo", project)
    assert "conf" not in wave.respondents.columns
    assert indicator_series(wave, "not_conf", "all").tolist() == [False] * 6
    assert indicator_series(wave, "not_conf", "answered").isna().all()


def test_the_cell_by_cell_frame_keeps_the_codes_of_a_shared_label_too(shared, project, monkeypatch):
    from analysis.ingest import cells

    monkeypatch.setattr(cells, "_key_codes", lambda series: None)  # as a .sav file's numbers are read
    project.processed_sidecar("demo").unlink()
    slow = load_wave("demo", project)
    assert slow.respondents.equals(shared.respondents)
    assert slow.respondents["conf__code"].tolist()[:4] == [1, 2, 8, 9]
