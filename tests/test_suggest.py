"""Suggestions in error messages."""

from __future__ import annotations

from analysis.suggest import suggest


def test_close_name_is_suggested():
    assert suggest("risk_valu", ["region", "risk_value"]) == "did you mean 'risk_value'?"


def test_only_the_apostrophe_differs():
    assert suggest("Don't know", ["Don\u2019t know"]) == "did you mean 'Don\u2019t know'? (only the apostrophe differs)"


def test_case_and_spaces():
    assert suggest("Q3", ["Q 3", "Q4"]) == "did you mean 'Q 3'? (only case, spaces or punctuation differ)"


def test_nothing_close_gives_no_hint():
    assert suggest("weight", ["nation", "conf"]) == ""
