"""A .sav whose encoding record names CP932 over UTF-8 text: one line asking for files.encoding, not mojibake."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.errors import InputError
from analysis.ingest.sav import read_sav


def _sav(path, record: bytes):
    import pyreadstat

    frame = pd.DataFrame({"id": [1.0, 2.0, 3.0], "q": [1.0, 2.0, 1.0]})
    pyreadstat.write_sav(frame, str(path), column_labels=["Id", "Formé ?"],
                         variable_value_labels={"q": {1.0: "Café", 2.0: "Thé"}})
    data = path.read_bytes()
    assert data.count(b"UTF-8") == 1  # the character-encoding record (type 7, subtype 20)
    path.write_bytes(data.replace(b"UTF-8", record))  # same length: the record stays well formed
    return path


def test_utf8_text_under_a_cp932_record_asks_for_files_encoding(tmp_path):
    # "é" is C3 A9 in UTF-8; read as CP932 it is two half-width katakana, "ﾃｩ".
    path = _sav(tmp_path / "x.sav", b"CP932")
    with pytest.raises(InputError) as caught:
        read_sav(path)
    line = str(caught.value)
    assert 'files.encoding = "utf-8"' in line and "CP932" in line and "ﾃ" not in line


def test_the_hint_works(tmp_path):
    raw = read_sav(_sav(tmp_path / "x.sav", b"CP932"), encoding="utf-8")
    assert raw.value_labels["q"] == {1.0: "Café", 2.0: "Thé"}


def test_a_true_utf8_record_reads_as_it_is(tmp_path):
    assert read_sav(_sav(tmp_path / "x.sav", b"UTF-8")).value_labels["q"][1.0] == "Café"
