"""The reconstructed 2013 wave: regeneration, published marginals by hand, .sav and CSV agreement, checksums."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from analysis.reproduction import reconstruct
from tests.reproduction.conftest import REPO, WAVE_DIR

FILES = (reconstruct.SAV_NAME, reconstruct.CSV_NAME, "codebook.toml")


@pytest.fixture(scope="module")
def frame():
    return reconstruct.generate()


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    out = tmp_path_factory.mktemp("regen")
    reconstruct.write_wave(out)
    return out


@pytest.mark.parametrize("name", FILES)
def test_regenerating_gives_the_committed_bytes(regenerated, name):
    assert (regenerated / name).read_bytes() == (WAVE_DIR / name).read_bytes()


def test_the_command_line_writes_the_same_files(tmp_path, capsys):
    assert reconstruct.main(["--out", str(tmp_path)]) == 0
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (WAVE_DIR / name).read_bytes()
    assert capsys.readouterr().out.count("  ") == 3


def test_sav_header_stamp_is_fixed(regenerated):
    head = (regenerated / reconstruct.SAV_NAME).read_bytes()[:120]
    assert head[:4] == b"$FL2"
    assert head[92:101] == b"28 Jan 14" and head[101:109] == b"00:00:00"


def test_readme_records_the_files_sha256():
    from analysis.atomic import sha256_file

    readme = (WAVE_DIR / "README.md").read_text(encoding="utf-8")
    recorded = dict((name, digest) for digest, name in re.findall(r"([0-9a-f]{64})\s+`?([\w.]+)`?", readme))
    for name in FILES + ("published_figures.toml",):
        assert recorded.get(name) == sha256_file(WAVE_DIR / name), name


# Published marginals, worked by hand from STUDY.md (base: all 692 unless stated):
#   sectors 231 + 278 + 173 = 682, so 10 others;
#   62%:  0.615 * 692 = 425.6 and 0.625 * 692 = 432.5, so 426..432 not confident; 429 chosen (61.99%)
#   54%:  0.535 * 692 = 370.2 and 0.545 * 692 = 377.1, so 371..377; 374 chosen (54.05%)
#   70%:  0.695 * 692 = 480.9 and 0.705 * 692 = 487.9, so 481..487; 485 chosen (70.09%)
#   81.1%: 0.8105 * 692 = 560.9 and 0.8115 * 692 = 561.6, so exactly 561
#   risk_value: 661 yes, 7 blank: 661/692 = 95.52% (95.5%), 661/685 = 96.50% (96.5%)
#   recov_value: 650 yes, 8 blank: 650/692 = 93.93% (94%), 650/684 = 95.03% (95%)
#   among the 561 untrained: 0.935 * 561 = 524.5 and 0.945 * 561 = 530.1, so 525..530 yes
def test_sector_counts(frame):
    assert frame["Q1"].value_counts().to_dict() == {2: 278, 1: 231, 3: 173, 4: 10}
    assert len(frame) == 692 and frame["RespondentID"].is_unique


@pytest.mark.parametrize("column, codes, low, high", [
    ("Q4", [1, 2], 426, 432),   # not confident assessing risk, 62%
    ("Q5", [1, 2], 371, 377),   # not confident helping, 54%
    ("Q6", [2], 481, 487),      # no risk training, 70%
    ("Q8", [2], 561, 561),      # no recovery training, 81.1%
])
def test_published_percentages_of_all_692(frame, column, codes, low, high):
    assert low <= frame[column].isin(codes).sum() <= high


def test_would_value_items_follow_the_base_reconciliation(frame):
    assert (frame["Q7"] == 1).sum() == 661 and (frame["Q7"] == 9).sum() == 7
    assert (frame["Q9"] == 1).sum() == 650 and (frame["Q9"] == 9).sum() == 8
    untrained = frame[frame["Q8"] == 2]
    assert 525 <= (untrained["Q9"] == 1).sum() <= 530


def test_codes_stay_within_the_codebook(frame):
    from analysis.codebook import load_codebook

    cb = load_codebook(WAVE_DIR / "codebook.toml")
    for item in cb.items.values():
        if item.is_coded:
            assert set(frame[item.column]) <= set(item.all_codes()), item.name
    # Professions sit within their sector (or "Other").
    within = {1: {1, 2, 3, 10}, 2: {4, 5, 6, 10}, 3: {7, 8, 9, 10}, 4: {10}}
    assert all(p in within[s] for s, p in zip(frame["Q1"], frame["Q2"]))


def test_free_text_only_from_those_who_dealt_with_a_case(frame):
    texts = frame.loc[frame["Q11"] != "", "Q10"]
    assert len(texts) > 0 and set(texts) == {1}


def test_sav_carries_labels_and_user_missing_codes():
    import pyreadstat

    df, meta = pyreadstat.read_sav(WAVE_DIR / reconstruct.SAV_NAME, user_missing=True)
    assert meta.column_names_to_labels["Q4"].startswith("How confident do you feel assessing")
    assert meta.variable_value_labels["Q4"][8.0] == "Don't know"
    assert {r["lo"] for r in meta.missing_ranges["Q4"]} == {8.0, 9.0}
    assert meta.variable_measure["Q4"] == "ordinal"
    assert (df["Q4"] == 8).sum() == 3  # user-missing codes kept, not turned into NaN


def test_csv_and_sav_ingest_to_the_same_tidy_frames():
    from analysis.codebook import load_codebook
    from analysis.config import Paths
    from analysis.ingest.pipeline import read_wave_export

    paths = Paths(REPO)
    cb = load_codebook(WAVE_DIR / "codebook.toml")
    _, _, sav_resp = read_wave_export("2013", paths, cb)
    csv_cb = replace(cb, files=replace(cb.files, data=reconstruct.CSV_NAME, format="csv"))
    _, _, csv_resp = read_wave_export("2013", paths, csv_cb)
    assert sav_resp.shape == (692, 10)
    assert sav_resp.equals(csv_resp)
