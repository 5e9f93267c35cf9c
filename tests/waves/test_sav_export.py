"""add-wave drafts of a weighted SPSS export with user-missing codes (written by :mod:`tests.waves.sav_export`)."""

from __future__ import annotations

from analysis.ingest.readers import read_export
from analysis.waves.draft import draft_codebook
from tests.waves.sav_export import write_weighted_sav


def _without_creation_stamp(data: bytes) -> bytes:
    # A .sav header stores the date (9 bytes at offset 92) and time (8 bytes at 101) it was written.
    return data[:92] + data[109:]


def test_the_generator_is_seeded(tmp_path):
    a = write_weighted_sav(tmp_path / "a.sav").read_bytes()
    b = write_weighted_sav(tmp_path / "b.sav").read_bytes()
    assert a[:4] == b"$FL2" and _without_creation_stamp(a) == _without_creation_stamp(b)


def test_weight_id_reference_number_free_text_and_user_missing_are_drafted(tmp_path):
    raw = read_export(write_weighted_sav(tmp_path / "w.sav"))
    book = draft_codebook(raw, "2018", data_file="w.sav")
    items = book["items"]
    assert book["id"] == {"column": "RespID"}
    assert items["weight"]["type"] == "weight"
    assert items["urn"]["type"] == "identifier"
    assert items["comment"]["type"] in ("text", "identifier")
    assert items["nation"]["codes"] == {"1": "England", "2": "Scotland"}
    assert items["nation"]["missing"] == {"9": {"label": "No answer", "kind": "no_answer"}}
    assert items["conf"]["type"] == "ordinal"
    assert items["conf"]["missing"] == {"8": {"label": "Don't know", "kind": "dont_know"}}
