"""Personal data anywhere in an export or codebook: refused, redacted or named by its kind, never echoed.

* ids that are UK mobile or NHS numbers are refused unless ``pseudonymise = true``;
* kept text (``keep = true``) is stored with each piece replaced by its kind, and
  ``validate`` counts them;
* value labels and titles holding an e-mail or phone number are refused, one line naming the key;
* an unmapped header is written to the sidecar by its position, never verbatim;
* an error line gives the kind of a value, never the value.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.cli import main
from tests.ingest.demo import CODEBOOK, ROWS, refused, write_demo

SECRETS = ("07700900000", "07700 900123", "07700900123", "jane.doe@example.org", "943 476 5900", "9434765900",
           "SW1A 1AA", "2001:db8::10")


def _with(column: int, values: list[str]) -> list[list[str]]:
    rows = [list(r) for r in ROWS]
    for r, v in zip(rows[1:], values):
        r[column] = v
    return rows


def _no_secret(text: str) -> None:
    for secret in SECRETS + ("Jane Smith",):
        assert secret not in text, secret


@pytest.mark.parametrize("ids, kind", [
    (["07700900000", "07700900001", "07700900002", "07700900003", "07700900004", "07700900005"], "phone numbers"),
    (["943 476 5900", "943 476 5919", "401 023 2137", "401 023 2145", "401 023 2153", "401 023 2161"],
     "NHS numbers"),
    (["9434765900", "9434765919", "4010232137", "4010232145", "4010232153", "4010232161"], "NHS numbers"),
])
def test_ids_that_are_phone_or_nhs_numbers_are_refused(project, capsys, ids, kind):
    write_demo(project.root, rows=_with(0, ids))
    err = refused(main, project, capsys)
    assert f"found {kind}" in err and "pseudonymise = true" in err
    _no_secret(err)
    write_demo(project.root, rows=_with(0, ids), codebook=CODEBOOK.replace('column = "id"\n',
                                                                           'column = "id"\npseudonymise = true\n'))
    assert main(["ingest", "--wave", "demo"]) == 0
    assert list(pd.read_parquet(project.processed_frame("demo")).index) == [f"P{i}" for i in range(1, 7)]


def test_random_ten_digit_ids_are_no_nhs_numbers(project, capsys):
    # 1234567890 fails modulus 11 (check digit would be 10): the column is judged as a whole
    ids = ["1234567890", "9434765900", "1234567891", "1234567892", "1234567893", "1234567894"]
    write_demo(project.root, rows=_with(0, ids))
    assert main(["ingest", "--wave", "demo"]) == 0, capsys.readouterr().err


KEPT = CODEBOOK.replace('[items.case_text]\ncolumn = "Q5"\ntype = "text"',
                        '[items.case_text]\ncolumn = "Q5"\ntype = "text"\nkeep = true')


def test_kept_text_is_stored_with_personal_data_redacted_and_validate_counts_it(project, capsys):
    texts = ["email me at jane.doe@example.org", "call 07700900123 after six", "we met at SW1A 1AA",
             "from 2001:db8::10", "nothing personal", "ring 07700 900123 or 07700900000"]
    write_demo(project.root, rows=_with(6, texts), codebook=KEPT)
    assert main(["validate", "--wave", "demo"]) == 0
    out = capsys.readouterr().out
    assert "kept text: personal data replaced" in out
    assert "2 e-mail addresses" not in out and "1 e-mail address" in out and "3 phone numbers" in out
    assert "1 postcode" in out and "1 IP address" in out
    assert main(["ingest", "--wave", "demo"]) == 0
    frame = pd.read_parquet(project.processed_frame("demo"))
    assert frame["case_text"].tolist() == ["email me at [e-mail]", "call [phone] after six", "we met at [postcode]",
                                           "from [IP address]", "nothing personal", "ring [phone] or [phone]"]
    _no_secret(project.processed_frame("demo").read_bytes().decode("latin-1"))


@pytest.mark.parametrize("label", ["North (contact jane.doe@example.org)", "South, ask Ann on 07700 900123",
                                   "07700900123"])
def test_value_labels_holding_personal_data_are_refused_naming_the_key(project, capsys, label):
    write_demo(project.root, codebook=CODEBOOK.replace('2 = "Education"', f'2 = "{label}"'))
    err = refused(main, project, capsys, stage="validate")
    assert len(err.strip().splitlines()) == 1
    assert "items.sector.codes.2" in err
    _no_secret(err)


def test_a_title_holding_an_e_mail_is_refused(project, capsys):
    write_demo(project.root, codebook=CODEBOOK.replace('title = "Demo wave"', 'title = "Ask jane.doe@example.org"'))
    err = refused(main, project, capsys, stage="validate")
    assert "wave.title" in err and "e-mail" in err
    _no_secret(err)


def test_an_unmapped_header_is_written_by_its_position(project, capsys):
    rows = [list(r) + ["x"] for r in ROWS]
    rows[0][-1] = "Ask jane.doe@example.org or 07700900123"
    write_demo(project.root, rows=rows)
    assert main(["ingest", "--wave", "demo"]) == 0
    text = project.processed_sidecar("demo").read_text()
    _no_secret(text)
    assert json.loads(text)["dropped_unmapped_columns"] == ["column 8"]


@pytest.mark.parametrize("cell", ["07700900123", "ring jane.doe@example.org please", "Jane Smith", "SW1A 1AA",
                                  "943 476 5900"])
def test_an_error_line_never_echoes_personal_data(project, capsys, cell):
    write_demo(project.root, rows=_with(1, ["1", cell, "2", "1", "2", "1"]))
    err = refused(main, project, capsys)
    assert "column 'Q1'" in err and "row 3" in err
    _no_secret(err)
