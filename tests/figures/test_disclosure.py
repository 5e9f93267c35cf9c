"""Figures draw the protected numbers the report publishes: no withheld count, withheld groups named."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from analysis.config import Paths
from analysis.figures import stage
from tests.figures.test_stage import make_root
from tests.report.tiny import write_tiny

THRESHOLD = 10  # the strict policy with its threshold of 10, written into the scratch wave's report.toml


@pytest.fixture(scope="module")
def drawn_2013(tmp_path_factory):
    paths = make_root(tmp_path_factory.mktemp("fig2013"))
    (paths.wave_dir("2013") / "report.toml").write_text('[disclosure]\npolicy = "strict"\nthreshold = 10\n')
    assert stage.run("2013", paths) == 0
    return paths


@pytest.fixture(scope="module")
def drawn_tiny(tmp_path_factory):
    root = tmp_path_factory.mktemp("figtiny")
    for sub in ("data/processed", "figures"):
        (root / sub).mkdir(parents=True)
    write_tiny(root)
    paths = Paths(root)
    assert stage.run("tiny", paths) == 0
    return paths


def _csvs(folder):
    return {p.stem: pd.read_csv(p, keep_default_na=False, na_values=[""]) for p in sorted(folder.glob("*.csv"))}


def test_no_figure_csv_of_2013_shows_a_count_under_the_threshold(drawn_2013):
    # The primary rule, applied by hand to every row a figure shows: a shown count and the rest
    # of its base must both be at least 10 (or the rest is 0, a whole base).
    for name, data in _csvs(drawn_2013.figures_dir("2013")).items():
        shown = data[data["count"].notna()]
        assert len(shown), name
        rest = shown["n"] - shown["count"]
        assert (shown["count"] >= THRESHOLD).all(), name
        assert ((rest >= THRESHOLD) | (rest == 0)).all(), name
        if "disclosure" in data.columns:  # withheld slots (e.g. don't know) carry no number
            withheld = data[data["disclosure"].astype("string").fillna("") != ""]
            assert withheld[["count", "proportion", "ci_lower", "ci_upper"]].isna().all().all(), name


def test_figures_show_only_rows_the_report_publishes(drawn_2013):
    # Secondary suppression too: every row a figure shows numbers for is published in the report's
    # protected table set (same plan, one place).
    from analysis.protect.table_set import protected_table_set

    frames = protected_table_set("2013", drawn_2013)
    published = set()
    for f in frames.values():
        if f is None or f.empty:
            continue
        ok = f[f["disclosure"] == ""]
        cats = ok["category"].astype(str) if "category" in ok.columns else pd.Series("", index=ok.index)
        published |= set(zip(ok["indicator"].astype(str), ok["by"].astype(str), ok["group"].astype(str), cats))
    for name, data in _csvs(drawn_2013.figures_dir("2013")).items():
        shown = data[data["count"].notna()]
        cats = shown["category"].astype(str) if "category" in shown.columns else pd.Series("", index=shown.index)
        for key in zip(shown["indicator"].astype(str), shown["by"].astype(str), shown["group"].astype(str), cats):
            assert key in published, (name, key)


def test_the_small_group_of_four_is_left_out_and_named_with_the_reason(drawn_tiny):
    # tests/report/tiny.py: respondents 39, 79, 119 and 159 work in "Other": 4 people, under 10.
    folder = drawn_tiny.figures_dir("tiny")
    record = json.loads((folder / "fig2_confidence_by_sector.json").read_text())
    notes = " ".join(record["notes"])
    assert re.search(r"Withheld for disclosure control \(fewer than 10 people in the group\):[^.]*\bOther\b", notes), notes
    for name, data in _csvs(folder).items():
        other = data[(data["group"] == "Other") & data["count"].notna()]
        assert other.empty, name


def test_2013_figures_name_their_withheld_groups(drawn_2013):
    # 10 respondents work in the "Other" sector: its confidence answers include cells under 10.
    record = json.loads((drawn_2013.figures_dir("2013") / "fig2_confidence_by_sector.json").read_text())
    notes = " ".join(record["notes"])
    assert "Withheld for disclosure control (fewer than 10 people): Other" in notes
    assert "Other" in record["long_description"] or "Other" in notes
