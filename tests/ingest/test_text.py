"""Decoding and splitting delimited exports, including the corpus's Mac-Excel files."""

from __future__ import annotations

import pytest

from analysis.errors import InputError
from analysis.ingest.text import decode, sniff_delimiter, split_rows
from tests.projects import accept_draft


def test_bom_is_stripped():
    text, enc = decode("\ufeffRespondent ID,Q1\n".encode("utf-8"), source="f.csv")
    assert text.startswith("Respondent ID") and enc == "utf-8-sig"


def test_cp1252_fallback():
    text, enc = decode("Thé glacé,€5\n".encode("cp1252"), source="f.csv")
    assert text == "Thé glacé,€5\n" and enc == "cp1252"


def test_named_encoding_replaces_what_it_cannot_decode():
    text, enc = decode(b"ok \x8c\xe6", source="f.csv", encoding="mac_roman")
    # Mac OS Roman table: 0x8C = å (U+00E5), 0xE6 = Ê (U+00CA)
    assert enc == "mac_roman" and text == "ok \u00e5\u00ca"


def test_undecodable_bytes_name_the_offset():
    with pytest.raises(InputError) as info:
        decode(b"id,Q1\n1,\x81\n", source="f.csv")
    assert "found 'byte 0x81 at offset 8'" in str(info.value)


def test_unknown_encoding_is_a_user_error():
    with pytest.raises(InputError) as info:
        decode(b"x", source="f.csv", encoding="klingon")
    assert "found 'klingon'" in str(info.value)


def test_cr_only_rows_and_no_final_newline():
    assert split_rows("a,b\r1,2\r3,4", delimiter=",") == [["a", "b"], ["1", "2"], ["3", "4"]]


def test_quoted_newlines_stay_in_the_cell():
    assert split_rows('id,text\n1,"two\nlines"\n', delimiter=",") == [["id", "text"], ["1", "two\nlines"]]


@pytest.mark.parametrize("text, delim", [("a\tb\n1\t2\n", "\t"), ("a;b\n1;2\n", ";"), ("a,b\n1,2\n", ",")])
def test_delimiter_is_detected(text, delim):
    assert sniff_delimiter(text) == delim


def test_star_wars_mac_excel_file(corpus):
    """README: CR-only, no final newline, stray bytes 0x8C 0xE6 that are not UTF-8; 1186 responses, 38 columns."""
    raw = (corpus / "surveymonkey" / "fivethirtyeight_star_wars_2014_cr_only_2row.csv").read_bytes()
    text, enc = decode(raw, source="StarWars.csv")
    assert enc == "cp1252"  # 0x8C and 0xE6 are defined in cp1252 (as junk), so the fallback reads it
    rows = split_rows(text, delimiter=sniff_delimiter(text))
    assert len(rows) == 2 + 1186
    assert {len(r) for r in rows} == {38}


def test_poll_of_pollsters_tab_cr_only(corpus):
    """README: tab-separated, CR-only, non-UTF-8 byte 0x83, 10 rows after two header rows."""
    raw = (corpus / "surveymonkey" / "fivethirtyeight_poll_of_pollsters4_anonymous_cr_only_2row.tsv").read_bytes()
    text, _ = decode(raw, source="poll.tsv")
    assert sniff_delimiter(text) == "\t"
    rows = [r for r in split_rows(text, delimiter="\t") if any(c.strip() for c in r)]
    assert len(rows) == 12


# --- exports that mislead or crash a CSV reader -------------------------------------------------

def test_utf16_csv_without_a_byte_order_mark_names_its_encoding(project, capsys):
    from analysis.cli import main
    from tests.ingest.demo import refused, write_demo

    write_demo(project.root, encoding="utf-16-le")  # no byte-order mark: judged by its NUL bytes, not guessed
    err = refused(main, project, capsys)
    assert "found 'UTF-16LE text'" in err and 'files.encoding = "UTF-16LE"' in err
    assert "column" not in err  # not five "no such column" lines


def test_utf16_with_a_byte_order_mark_is_read(project, tmp_path, capsys):
    # Excel's "Unicode text" and tab-separated exports: UTF-16LE after a byte-order mark, which says so.
    # By hand: Région Île-de-France 2, Bretagne 1; the comment naming a person is free text, dropped.

    import pandas as pd

    from analysis.cli import main

    rows = [["id", "Région", "Do you join in?", "Comments"], ["1", "Île-de-France", "Yes, always", ""],
            ["2", "Bretagne", "No, never", "Très bien, merci Mme Dupont"], ["3", "Île-de-France", "Yes, always", ""]]
    export = tmp_path / "unicode.txt"
    export.write_bytes(("\r\n".join("\t".join(r) for r in rows) + "\r\n").encode("utf-16"))
    assert main(["add-wave", str(export), "--wave", "w"]) == 0
    assert "not UTF-8: read as utf-16" in capsys.readouterr().out
    items = accept_draft(project, "w")["items"]
    assert main(["ingest", "--wave", "w"]) == 0
    frame = pd.read_parquet(project.processed_frame("w"))
    region = next(n for n, i in items.items() if i.get("column") == "Région")
    assert frame[region].value_counts().to_dict() == {"Île-de-France": 2, "Bretagne": 1}
    assert "Dupont" not in frame.to_csv()


def test_utf16_without_bom_is_recognised_by_its_nul_bytes():
    import pytest

    from analysis.errors import InputError
    from analysis.ingest.text import decode

    with pytest.raises(InputError, match="UTF-16BE text"):
        decode("id,Q1\n1,2\n".encode("utf-16-be"), source="x.csv")


def test_utf16_is_read_when_the_codebook_names_it(project):
    from analysis.ingest.pipeline import ingest_wave
    from tests.ingest.demo import CODEBOOK, write_demo

    write_demo(project.root, encoding="utf-16",
               codebook=CODEBOOK.replace('data = "export.csv"', 'data = "export.csv"\nencoding = "utf-16"'))
    assert ingest_wave("demo", project)["respondents"] == 6


def test_cell_over_128_kib_is_one_line(project, capsys):
    from analysis.cli import main
    from tests.ingest.demo import ROWS, csv_text, refused, write_demo

    rows = [list(r) for r in ROWS]
    rows[3][6] = '"' + "x" * (140 * 1024) + '"'
    folder = write_demo(project.root)
    (folder / "export.csv").write_text(csv_text(rows), encoding="utf-8")
    err = refused(main, project, capsys)
    assert "row 4: found 'a longer cell', expected cells under 128 KiB" in err
    assert "xxxx" not in err


def test_a_stray_quote_in_the_first_rows_does_not_change_the_delimiter():
    # The bundled 2013 export with a stray quote opening row 6: its free-text answers hold
    # semicolons, and csv.Sniffer then chose ';' and read the whole header as one column.
    from tests.projects import REPO

    lines = (REPO / "data" / "raw" / "2013" / "mcf_2013_export.csv").read_text(encoding="utf-8").splitlines()
    lines[5] = '"' + lines[5]
    assert sniff_delimiter("\n".join(lines)) == ","

def test_semicolon_files_keep_their_delimiter():
    assert sniff_delimiter("id;q1;q2\n1;2;3\n2;1,5;2\n") == ";"
