"""The column-wise CSV reader (``delimited.read_plain_columnar``) and the column-wise cell checks of ingest.

The fast reader must give exactly the cells of the row-by-row reader, and hand every
irregular file to it, so that every check of that reader still names its rows.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis import personal
from analysis.ingest import cells, check, personal_cells, tidy
from analysis.ingest import ids as id_spelling
from analysis.ingest.delimited import read_plain_columnar, rows_to_export
from analysis.ingest.readers import RawExport
from analysis.ingest.text import split_rows
from tests.ingest.demo import CODEBOOK, ROWS, csv_text


def _columnar(text: str):
    return read_plain_columnar(text, path=Path("x.csv"), layout="auto", encoding="utf-8", delimiter=",")


def _row_by_row(text: str):
    return rows_to_export(split_rows(text, delimiter=","), path=Path("x.csv"), layout="auto", encoding="utf-8",
                          whole_rows=True)


@pytest.mark.parametrize("text, cells", [
    ('id,q\n1,x"y\n2,3\n', [["1", 'x"y'], ["2", "3"]]),             # a quote inside a cell is a character
    ('id,q\n1,"a, ""b"""\n2,\n', [["1", 'a, "b"'], ["2", None]]),   # quoted cell, doubled quotes; blank is NA
    ("id,q\r1,2\r3,4\r", [["1", "2"], ["3", "4"]]),                 # old Mac line ends
    ("id,q\r\n1, 2 \r\n3,4", [["1", "2"], ["3", "4"]]),             # spaces trimmed; no final line end
    ("id,q\n1,\xa0caf\u00e9 \n2,   \n", [["1", "caf\u00e9"], ["2", None]]),  # str.strip's whitespace
    (" id ,id\n1,1\n2,2\n", None),                                   # repeated names: checked below
])
def test_columnar_reader_gives_the_row_by_row_cells(text, cells):
    fast = _columnar(text)
    assert fast is not None
    slow = _row_by_row(text)
    assert fast.frame.equals(slow.frame)
    assert list(fast.frame.columns) == list(slow.frame.columns)
    assert fast.layout == slow.layout == "csv" and fast.source_rows is None
    if cells is not None:
        got = [[None if pd.isna(v) else v for v in row] for row in fast.frame.itertuples(index=False)]
        assert got == cells
    else:
        assert list(fast.frame.columns) == ["id", "id.2"]


@pytest.mark.parametrize("text", [
    'id,q\n1,"two\nlines"\n2,3\n',      # a line break in a cell (or a stray quote running rows together)
    "id,q\n1,2\n\n3,4\n",               # a blank line: row numbers must skip it
    "id,q\n1,2\n , \n3,4\n",            # a row of blank cells
    "id,q,\n1,2,\n3,4,\n",              # trailing comma: a blank header cell
    "id,q\n1,2\n3\n",                   # a short row
    "id,q\n1,2\n3,4,5\n",               # a long row
    "id,q\n1,\x002\n",                  # a NUL character
    "Respondent ID,Q1,\n,Response,Other\n1,Yes,\n",  # a SurveyMonkey export's two header rows
])
def test_irregular_files_go_to_the_row_by_row_reader(text):
    assert _columnar(text) is None


def test_a_cell_over_the_size_limit_goes_to_the_row_by_row_reader(monkeypatch):
    import analysis.ingest.text as text_module

    monkeypatch.setattr(text_module, "MAX_CELL", 5)
    assert _columnar("id,q\n1,abcdef\n2,3\n") is None
    assert _columnar("id,q\n1,abc\n2,3\n") is not None


def _export(rows) -> RawExport:
    return _columnar(csv_text(rows))


def test_column_wise_tidy_frames_equal_the_cell_by_cell_ones(monkeypatch):
    from analysis.codebook import parse_codebook

    cb = parse_codebook(CODEBOOK)
    rows = [ROWS[0]] + [[f" {r[0]} "] + r[1:] for r in ROWS[1:]]  # ids with spaces: not plain ids
    text = csv_text(rows).replace("\r\n", "\n")
    export = _columnar(text)
    assert export is not None
    fast = tidy.tidy_frames(export, cb)
    monkeypatch.setattr(cells, "_key_codes", lambda series: None)
    monkeypatch.setattr(id_spelling, "_plain_ids", lambda series: False)
    slow = tidy.tidy_frames(_columnar(text), cb)  # a fresh export: the first holds its columns' keys
    assert fast.equals(slow)
    assert list(fast.dtypes) == list(slow.dtypes)


@pytest.mark.parametrize("ids, plain", [(["1", "20", "999999999999999"], True), (["01", "2"], False),
                                        (["1", "1.0"], False), (["1", None], False), (["R_1", "2"], False),
                                        (["1234567890123456", "2"], False)])
def test_plain_ids_are_their_own_keys(ids, plain):
    series = pd.Series(ids, dtype="string")
    assert id_spelling._plain_ids(series) is plain
    if plain:
        assert [cells.cell_key(v) for v in ids] == ids


def test_repeated_plain_ids_are_named_with_the_first_row():
    from analysis.codebook import parse_codebook
    from analysis.errors import InputError

    rows = [ROWS[0]] + [r[:] for r in ROWS[1:]]
    rows[5][0] = "102"  # row 6 repeats the id of row 3
    export = _columnar(csv_text(rows))
    with pytest.raises(InputError) as caught:
        check.check_export(export, parse_codebook(CODEBOOK))
    line = caught.value.lines()[0]
    assert "row 6" in line and "an id already used in row 3" in line


def test_personal_data_checks_judge_each_distinct_value_once(monkeypatch):
    # A million answers repeat a few texts: each text is matched once, and its rows found by position.
    series = pd.Series(pd.array(["a b 1 c"] * 300 + ["ann@example.org"] * 300 + [None] * 5 + ["a b 1 c"],
                                dtype="string"))
    judged = []
    real = personal_cells.personal_kind
    monkeypatch.setattr(personal_cells, "personal_kind", lambda text: judged.append(text) or real(text))
    found = []
    personal_cells.refuse_personal(series, "Q", lambda column, rows, expected, *rest: found.append((rows, expected)), "values")
    assert sorted(judged) == ["a b 1 c", "ann@example.org"]
    assert len(found) == 1 and found[0][0] == list(range(300, 600)) and "(found e-mail addresses)" in found[0][1]


def test_names_are_judged_per_distinct_value_with_their_counts():
    # Ten different names, each once: names. The same ten names thirty times each: labels, not people.
    names = ["Ann Smith", "Bob Jones", "Cyril Patel", "Dana Brown", "Eve Okafor", "Femi Nguyen", "Gus Evans",
             "Hana Walsh", "Ian Khan", "Jo Reid"]
    found = []
    personal_cells.refuse_personal(pd.Series(pd.array(names + ["yes"], dtype="string")), "Q",
                          lambda column, rows, expected, *rest: found.append(rows), "values")
    assert found == [list(range(10))]
    found.clear()
    personal_cells.refuse_personal(pd.Series(pd.array(names * 30, dtype="string")), "Q",
                          lambda column, rows, expected, *rest: found.append(rows), "values")
    assert found == []
    assert personal.name_rows(["Ann Smith", None, "Bob Jones", "Cy Patel", "Dee O'Brien", "Ed McKay", 3]) == [0, 2, 3, 4, 5]


@pytest.mark.parametrize("cells", [["a", "b c", ""], ["a ", "b"], [" a", "b"], ["a\x1f", "b"], ["\x0bx", "y"],
                                   ["a\tb", "c"], ["x\x1c", ""], ["", ""], ["café", "é "], ["\u3000ja", "b"],
                                   ["\xa0x", "y"], ["x\x85", "y"], ["\u200bx", "y"], ["naïve", "Zoë"]])
def test_columnar_trimming_agrees_with_str_strip(cells):
    import pyarrow as pa

    from analysis.ingest.delimited import _stripped

    for kind in (pa.string(), pa.large_string()):
        got = _stripped(pa.array(cells, type=kind)).to_pylist()
        assert got == [c.strip() or None for c in cells]
        assert _stripped(pa.array(["", *cells], type=kind).slice(1)).to_pylist() == got  # an offset array too


def test_whitespace_is_every_character_str_isspace_accepts():
    import sys

    from analysis.ingest.delimited import WHITESPACE

    assert WHITESPACE == "".join(chr(i) for i in range(sys.maxunicode + 1) if chr(i).isspace())


@pytest.mark.parametrize("text", ["a,b\r\n1,2\r\n", "a,b\n1,2", "a,b\r1,2\r\r3,4", '"x\ny",b\n1,2\n', "\n\n", "é,ü\u2028\n1,2\n",
                                  "a\x0bb\x1cc\n1\n"])
def test_lines_are_those_of_a_stringio_without_newline_translation(text):
    import io

    from analysis.ingest.delimited import _lines

    assert list(_lines(text)) == list(io.StringIO(text, newline=""))


def test_the_files_own_bytes_read_as_its_text(tmp_path):
    from analysis.ingest.delimited import read_delimited, read_plain_columnar

    path = tmp_path / "x.csv"
    path.write_bytes("\ufeffid,Q1\r\n1, Café \r\n2,\u3000Zoë\r\n3,\r\n".encode("utf-8"))
    export = read_delimited(path)
    assert export.frame["Q1"].fillna("(blank)").tolist() == ["Café", "Zoë", "(blank)"]
    assert export.encoding == "utf-8-sig" and export.layout == "csv"
    again = read_plain_columnar(path.read_bytes().decode("utf-8-sig"), path=path, layout="auto",
                                encoding="utf-8-sig", delimiter=",")
    assert again.frame.equals(export.frame)
