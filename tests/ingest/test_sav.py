"""SPSS reading against the real-export corpus (files written by SPSS, PSPP and ReadStat).

Expected values come from ../shared/corpus/README.md, which documents each file.
"""

from __future__ import annotations

import math
import shutil

import pytest

from analysis.cli import main
from analysis.ingest.readers import read_export, sniff_kind
from analysis.ingest.pipeline import load_wave

SAV_FILES = [
    "haven_datetime.sav", "haven_iris.sav", "haven_labelled-num-na.sav", "haven_labelled-str.sav",
    "haven_umlauts.sav", "pyreadstat_hebrews.sav", "pyreadstat_missing_char.sav", "pyreadstat_sample.sav",
    "pyreadstat_sample.zsav", "pyreadstat_sample_missing.sav", "pyreadstat_simple_alltypes.sav",
    "pyreadstat_tegulu.sav", "pyreadstat_test_width.sav", "savreaderwriter_german.sav",
    "savreaderwriter_greetings.sav", "savreaderwriter_spssio_test.sav", "savreaderwriter_zlib_compressed.zsav",
    "spss_sav_pspp_compression_zlib.sav", "spss_sav_pspp_encoding_windows1252.sav", "tiamo-spss_hotel_spss23mac.sav",
]


@pytest.mark.parametrize("name", SAV_FILES)
def test_every_corpus_sav_reads(corpus, name):
    export = read_export(corpus / "spss" / name)
    assert export.layout == "sav"
    assert len(export.frame) > 0 and export.frame.shape[1] > 0


def test_layout_comes_from_the_header_not_the_extension(corpus):
    # README: zlib_compressed.zsav is really $FL2 (bytecode); pspp_compression_zlib.sav is really $FL3.
    assert (corpus / "spss" / "savreaderwriter_zlib_compressed.zsav").read_bytes()[:4] == b"$FL2"
    assert (corpus / "spss" / "spss_sav_pspp_compression_zlib.sav").read_bytes()[:4] == b"$FL3"
    for name in ("savreaderwriter_zlib_compressed.zsav", "spss_sav_pspp_compression_zlib.sav"):
        assert sniff_kind(corpus / "spss" / name) == "sav"


def test_renamed_sav_is_still_read_as_sav(corpus, tmp_path):
    target = tmp_path / "export.csv"
    shutil.copy(corpus / "spss" / "pyreadstat_sample.zsav", target)
    assert read_export(target).frame.shape == (5, 7)


def test_datetime_overflow_is_read_with_a_note(corpus):
    # README: pyreadstat raises OverflowError on this file unless date conversion is disabled.
    export = read_export(corpus / "spss" / "haven_datetime.sav")
    assert any("dates outside Python's range" in n for n in export.notes)
    assert export.frame.shape == (2, 3)


def test_user_missing_codes_are_kept_not_blanked(corpus):
    # README: mynum has the range 2000-3000 plus the value -1; myord has -1, -2, -3.
    export = read_export(corpus / "spss" / "pyreadstat_sample_missing.sav")
    assert export.missing_ranges["mynum"] == [(2000.0, 3000.0)]
    assert export.missing_codes["mynum"] == [-1.0]
    assert sorted(export.missing_codes["myord"]) == [-3.0, -2.0, -1.0]
    assert -1.0 in export.frame["myord"].tolist()  # the code itself, not NaN
    assert export.value_labels["myord"][-1.0] == "missing"


def test_lo_thru_and_string_missing_values(corpus):
    # README: spssio_test has LO THRU -1 (low end read as -inf) and string UM x, y.
    export = read_export(corpus / "spss" / "savreaderwriter_spssio_test.sav")
    lo, hi = export.missing_ranges["Income1"][0]
    assert math.isinf(lo) and lo < 0 and hi == -1.0
    assert export.missing_codes["aShortStringVar"] == ["x", "y"]


@pytest.mark.parametrize("name, column, label", [
    ("savreaderwriter_german.sav", "überhaupt", None),               # cp1252 bytes in variable names
    ("pyreadstat_hebrews.sav", "ותק_ב", None),                      # no encoding record, UTF-8 name
    ("haven_umlauts.sav", "var1", "This is an ä-umlaut"),            # umlaut in the variable label
    ("spss_sav_pspp_encoding_windows1252.sav", "prenom", "Prénom accentué"),  # PSPP, cp1252 label
])
def test_non_ascii_names_and_labels_decode(corpus, name, column, label):
    export = read_export(corpus / "spss" / name)
    assert column in export.frame.columns
    if label is not None:
        assert export.question_text[column] == label


def test_umlauts_in_value_labels(corpus):
    # README: umlauts in the value labels ("the ä umlaut"...)
    assert read_export(corpus / "spss" / "haven_umlauts.sav").value_labels["var1"][1.0] == "the ä umlaut"


def test_very_long_strings_are_joined(corpus):
    # README: tegulu.sav has 4 raw variables but reads as 2 columns.
    assert read_export(corpus / "spss" / "pyreadstat_tegulu.sav").frame.shape[1] == 2


HOTEL_CODEBOOK = '''
[wave]
name = "hotel"
[files]
data = "hotel.sav"
[id]
column = "row"
[items.satisfied]
column = "v1"
type = "ordinal"
codes = { 1 = "Strongly Disagree", 2 = "Disagree", 3 = "No Opinion", 4 = "Agree", 5 = "Strongly Agree" }
[items.noise]
column = "v5"
type = "ordinal"
codes = { 1 = "Strongly Disagree", 2 = "Disagree", 3 = "No Opinion", 4 = "Agree", 5 = "Strongly Agree" }
[indicators.agree]
item = "satisfied"
codes = [4, 5]
label = "Agree they were satisfied"
'''


def test_codebook_ingest_of_a_real_spss_mac_file(corpus, project):
    """SPSS 23 for Mac, no encoding record, numeric v1 and string v5 both coded 1-5."""
    import pandas as pd
    import pyreadstat

    df, meta = pyreadstat.read_sav(str(corpus / "spss" / "tiamo-spss_hotel_spss23mac.sav"))
    df.insert(0, "row", range(1, len(df) + 1))
    folder = project.wave_dir("hotel")
    folder.mkdir(parents=True)
    pyreadstat.write_sav(df, str(folder / "hotel.sav"), variable_value_labels=meta.variable_value_labels)
    (folder / "codebook.toml").write_text(HOTEL_CODEBOOK)
    wave = load_wave("hotel", project)
    # first rows of v1 in the file are 4, 1, 4, 3, 5 (Agree, Strongly Disagree, ...); v5 is text '1', '1', '4'
    assert list(wave.respondents["satisfied"].astype(object)[:5]) == [
        "Agree", "Strongly Disagree", "Agree", "No Opinion", "Strongly Agree"]
    assert list(wave.respondents["noise"].astype(object)[:3]) == ["Strongly Disagree", "Strongly Disagree", "Agree"]
    assert isinstance(wave.respondents["satisfied"].dtype, pd.CategoricalDtype)


def test_user_missing_in_file_must_be_missing_in_codebook(corpus, project, capsys):
    """myord marks -1 as user-missing; a codebook that calls -1 substantive is inconsistent."""
    folder = project.wave_dir("m")
    folder.mkdir(parents=True)
    shutil.copy(corpus / "spss" / "pyreadstat_sample_missing.sav", folder / "m.sav")
    codebook = '''
[wave]
name = "m"
[files]
data = "m.sav"
[id]
column = "mychar"
[items.order]
column = "myord"
type = "ordinal"
codes = { -1 = "missing", 1 = "low", 2 = "medium", 3 = "high" }
'''
    (folder / "codebook.toml").write_text(codebook)
    assert main(["validate", "--wave", "m"]) == 2
    err = capsys.readouterr().err
    assert "column 'myord': found '-1', expected codes the file marks as user-missing" in err
    assert "case" in err  # -2, -3 are not codes at all: reported by SPSS case number


# --- encodings: the README's Python names work, and a bad one is not called an incomplete file ----

def _written_sav(tmp_path):
    import pandas as pd
    import pyreadstat

    path = tmp_path / "t.sav"
    pyreadstat.write_sav(pd.DataFrame({"id": [1.0, 2.0], "q": [1.0, 2.0]}), str(path))
    return path


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252", "mac_roman", "utf-8"])
def test_python_encoding_names_are_accepted_for_sav(tmp_path, encoding):
    from analysis.codebook import FilesSpec

    export = read_export(_written_sav(tmp_path), FilesSpec(data="t.sav", encoding=encoding))
    assert export.frame["q"].tolist() == [1.0, 2.0]


def test_sav_encoding_problem_is_not_called_an_incomplete_file(tmp_path):
    from analysis.codebook import FilesSpec
    from analysis.errors import InputError

    with pytest.raises(InputError) as info:
        read_export(_written_sav(tmp_path), FilesSpec(data="t.sav", encoding="palmos"))
    line = str(info.value)
    assert "set files.encoding" in line and "complete" not in line
