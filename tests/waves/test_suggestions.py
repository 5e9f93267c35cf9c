"""Errors name the close name the analyst probably meant: codebook references, claims, answer labels."""

from __future__ import annotations

import pytest

from analysis.codebook import parse_codebook
from analysis.errors import InputError
from tests.ingest.demo import codebook_head

BOOK = codebook_head(name="w", data="x.csv") + """[items.risk_value]
column = "value"
type = "yesno"
codes = { 1 = "Yes", 2 = "No" }
missing = { 8 = { label = "Don\u2019t know", kind = "dont_know" } }
[items.setting]
column = "setting"
type = "single"
codes = { 1 = "Primary", 2 = "Secondary" }
[indicators.value]
item = "risk_value"
codes = [1]
"""


def _error(text: str) -> str:
    with pytest.raises(InputError) as err:
        parse_codebook(text, source="codebook.toml")
    return str(err.value)


def test_an_indicator_naming_a_misspelt_item_gets_the_close_name():
    text = _error(BOOK.replace('item = "risk_value"', 'item = "risk_valu"'))
    assert "risk_valu" in text and "did you mean 'risk_value'?" in text


def test_a_breakdown_base_and_design_item_get_the_close_name():
    assert "did you mean 'setting'?" in _error(BOOK + '[tables]\nbreakdowns = ["settings"]\n')
    assert "did you mean 'answered'?" in _error(BOOK.replace('codes = [1]\n', 'codes = [1]\nbase = "answerd"\n'))
    assert "did you mean 'setting'?" in _error(BOOK + '[bases.prim]\nlabel = "p"\nwhere = { settng = [1] }\n')


def test_a_claim_naming_a_misspelt_indicator_gets_the_close_name(tmp_path):
    from analysis.reproduction.registry import load_registry

    (tmp_path / "published_figures.toml").write_text("""
[[claims]]
id = "v"
finding = "v"
measure = "share who would value it"
statistic = "percent"
indicator = "valu"
value = 50.0
precision = 0
rounding = "rounded"
base = "all"
source = "summary"
date = "2014-01-28"
status = "canonical"
""", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_registry(tmp_path / "published_figures.toml", codebook=parse_codebook(BOOK))
    assert "did you mean 'value'?" in str(err.value)


def test_an_answer_whose_apostrophe_differs_from_the_label_says_so(project):
    folder = project.raw / "w"
    folder.mkdir()
    (folder / "codebook.toml").write_text(BOOK, encoding="utf-8")
    (folder / "x.csv").write_text("id,value,setting\n1,Yes,Primary\n2,Don't know,Secondary\n", encoding="utf-8")
    from analysis.ingest.pipeline import read_wave_export

    with pytest.raises(InputError) as err:
        read_wave_export("w", project)
    text = str(err.value)
    assert "column 'value'" in text and "row 3" in text
    assert "did you mean 'Don\u2019t know'? (only the apostrophe differs)" in text
