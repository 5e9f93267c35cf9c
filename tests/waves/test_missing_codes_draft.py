"""Numbers beside missing codes: drafted numeric with the codes as missing kinds, and never read as numbers.

``stata_v15.dta`` (tests/fixtures/platforms): ``years`` holds 3, 12, ``.a``, 1, 25, 7, 2, 4 with no value
labels, so by hand: seven answers summing to 3 + 12 + 1 + 25 + 7 + 2 + 4 = 54, and one ``.a``.

``pyreadstat_simple_alltypes.sav`` (Apache-2.0, Roche/pyreadstat): ``z`` ("Numberic variable with missing
value range") holds -9, blank, 1.234, 999, 3.14159, blank; its dictionary marks -999 to 0 and 999 as
user-missing and labels only 999 ("skipped"). By hand: two numbers, 1.234 + 3.14159 = 4.37559.
"""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pandas as pd
import pytest

from analysis.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _accept(project, wave):
    path = project.codebook(wave)
    text = path.read_text(encoding="utf-8")
    path.write_text(text[text.index("\n[wave]\n") + 1:], encoding="utf-8")
    return tomllib.loads(path.read_text(encoding="utf-8"))["items"]


def test_stata_number_with_unlabelled_extended_missing_is_drafted_numeric(project):
    assert main(["add-wave", str(FIXTURES / "platforms" / "stata_v15.dta"), "--wave", "2024"]) == 0
    items = _accept(project, "2024")
    assert items["years"]["type"] == "numeric"
    assert set(items["years"]["missing"]) == {".a"}
    assert main(["validate", "--wave", "2024"]) == 0
    assert main(["ingest", "--wave", "2024"]) == 0
    years = pd.read_parquet(project.processed_frame("2024"))["years"]
    assert years.sum() == 54 and years.notna().sum() == 7


def test_sav_number_whose_labels_are_all_missing_codes_is_drafted_numeric(project):
    assert main(["add-wave", str(FIXTURES / "corpus" / "spss" / "pyreadstat_simple_alltypes.sav"),
                 "--wave", "w"]) == 0
    items = _accept(project, "w")
    assert items["z"]["type"] == "numeric"
    assert items["z"]["missing"] == {"999": {"label": "skipped", "kind": "no_answer"}}


def test_numeric_item_never_reads_the_files_user_missing_values_as_numbers(project):
    folder = project.raw / "w"
    folder.mkdir()
    shutil.copy(FIXTURES / "corpus" / "spss" / "pyreadstat_simple_alltypes.sav", folder / "a.sav")
    (folder / "codebook.toml").write_text(
        '[wave]\nname = "w"\nprovenance = "illustrative"\n[files]\ndata = "a.sav"\n[id]\ncolumn = "x"\n'
        '[items.z]\ncolumn = "z"\ntext = "z"\ntype = "numeric"\n', encoding="utf-8")
    assert main(["validate", "--wave", "w"]) == 0
    assert main(["ingest", "--wave", "w"]) == 0
    z = pd.read_parquet(project.processed_frame("w"))["z"]
    assert z.notna().sum() == 2 and z.sum() == pytest.approx(1.234 + 3.14159)


def test_sav_values_without_a_value_label_are_drafted_as_codes(project):
    # x holds 1, 2, 3, 4, 8, 9; its labels are 1 red, 2 green, 3 blue and 7, 8, 99 are user-missing, so 4 and 9 are
    # answers without a label. By hand: red, green, blue, 4 and 9 once each; case 5 (8) is missing.
    assert main(["add-wave", str(FIXTURES / "corpus" / "spss" / "pyreadstat_simple_alltypes.sav"),
                 "--wave", "w"]) == 0
    items = _accept(project, "w")
    assert items["x"]["codes"] == {"1": "red", "2": "green", "3": "blue", "4": "4", "9": "9"}
    assert main(["validate", "--wave", "w"]) == 0  # no id column: respondents numbered in the file's order
    assert main(["ingest", "--wave", "w"]) == 0
    x = pd.read_parquet(project.processed_frame("w"))["x"]
    assert x.value_counts()[lambda c: c > 0].to_dict() == {"red": 1, "green": 1, "blue": 1, "4": 1, "9": 1,
                                                          "Missing (8)": 1}


def test_sav_column_holding_only_user_missing_codes_drafts_a_valid_item(project):
    # savreaderwriter_spssio_test.sav (MIT, fomcl/savReaderWriter): aShortStringVar holds only x and y, both
    # user-missing (x labelled "someValue label"): no answer to tabulate. The draft must still validate.
    assert main(["add-wave", str(FIXTURES / "corpus" / "spss" / "savreaderwriter_spssio_test.sav"),
                 "--wave", "w"]) == 0
    items = _accept(project, "w")
    assert items["ashortstringvar"]["type"] == "text"
    assert main(["validate", "--wave", "w"]) == 0


def test_several_columns_that_look_like_weights_are_not_all_drafted_as_weights(project):
    # haven_iris.sav (MIT, tidyverse/haven): four measurements in centimetres, positive and non-integer, that
    # each look like a weight by value alone; a wave has one weight, so none named as a weight is drafted one.
    assert main(["add-wave", str(FIXTURES / "corpus" / "spss" / "haven_iris.sav"), "--wave", "w"]) == 0
    items = _accept(project, "w")
    assert not [n for n, i in items.items() if i["type"] == "weight"]
    assert main(["validate", "--wave", "w"]) == 0
