"""The hand-made Qualtrics stand-ins: what their generator writes, with the quirks they stand in for."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

HANDMADE = Path(__file__).resolve().parent / "fixtures" / "handmade"


def _generator():
    spec = importlib.util.spec_from_file_location("make_qualtrics", HANDMADE / "make_qualtrics.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", sorted(_generator().FILES))
def test_committed_stand_in_is_what_the_generator_writes(name):
    module = _generator()
    assert (HANDMADE / "qualtrics" / name).read_bytes() == module.FILES[name]().encode("utf-8")


def test_stand_ins_carry_the_quirks():
    q = HANDMADE / "qualtrics"
    insights = (q / "handmade_single_answer_mc_insights2016_3row.csv").read_text(encoding="utf-8")
    assert "{'ImportId': 'QID2'}" in insights and '"ImportId"' not in insights  # Python dicts, not JSON
    assert (q / "handmade_single_answer_mc_legacy_2row.csv").read_bytes().startswith(b"\xef\xbb\xbfV1,V2,")
    nb = (q / "handmade_no_basis_for_evaluation_insights2016_3row.csv").read_text(encoding="ascii")
    assert "Q2_-1" in nb and "Q6_1_-2" in nb
    many = (q / "handmade_many_question_types_insights2016_3row.csv").read_text(encoding="utf-8").splitlines()
    header = many[0].split(",")
    assert len(header) == 190 and len(set(header)) < 190 and "Q4#1_1" in header and "my slider tag" in header
    assert many[1].count("\u00a0") > 50


def test_the_corpus_fixture_falls_back_to_a_stand_in(monkeypatch):
    import tests.conftest as c

    monkeypatch.setattr(c, "CORPUS_SHARED", HANDMADE / "absent")
    path = c.CorpusPath() / "qualtrics" / "QualtricsTools_single_answer_mc_legacy_2row.csv"
    assert path == HANDMADE / "qualtrics" / "handmade_single_answer_mc_legacy_2row.csv"
