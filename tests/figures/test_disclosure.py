"""Figures draw the protected numbers the report publishes: no withheld count, withheld groups named."""

from __future__ import annotations

import json
import re
import shutil

import pandas as pd
import pytest

from analysis.config import Paths
from analysis.figures import stage
from tests.projects import copy_project
from tests.report.tiny import write_tiny

THRESHOLD = 10  # the strict policy with its threshold of 10, written into the scratch wave's report.toml


@pytest.fixture(scope="module")
def drawn_2013(tmp_path_factory, built_2013):
    # The bundled wave as its ingest and tables stages left it (the shared run, tests/conftest.py), with
    # nothing after them kept: no reproduce outputs, no figures. The strict policy then protects it again.
    paths = copy_project(built_2013, tmp_path_factory.mktemp("fig2013"))
    shutil.rmtree(paths.processed / "2013" / "reproduction")
    shutil.rmtree(paths.figures_dir("2013"))
    for record in (paths.processed / "2013" / ".stages").glob("*.json"):
        record.unlink()
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
    """The analysts' CSV of each figure (the percentages downloads are checked against them below)."""
    return {p.stem: pd.read_csv(p, keep_default_na=False, na_values=[""]) for p in sorted(folder.glob("*.csv"))
            if not p.stem.endswith("_percentages")}


def test_the_percentages_downloads_show_numbers_only_where_the_analysts_csv_does(drawn_2013):
    # Same rows, same order: a row the protected table set withholds (strict policy, threshold 10)
    # has no number in the download either, not even its base, and says why.
    folder = drawn_2013.figures_dir("2013")
    for name, data in _csvs(folder).items():
        if not name.startswith("fig"):
            continue
        plain = pd.read_csv(folder / f"{name}_percentages.csv", dtype=str, keep_default_na=False)
        assert len(plain) == len(data), name
        shown = data["proportion"].notna().to_numpy()
        assert ((plain["percentage"] != "").to_numpy() == shown).all(), name
        assert ((plain["withheld_reason"] == "").to_numpy() == shown).all(), name
        assert (plain.loc[~shown, ["percentage", "lower", "upper"]] == "").all().all(), name
        # a withheld row shows not even its base; a base too small for a percentage keeps its n
        flag, disclosure = (data[c].astype(object).fillna("").astype(str) if c in data.columns else pd.Series("", index=data.index)
                            for c in ("flag", "disclosure"))
        small = ((flag == "suppressed") & (disclosure == "")).to_numpy()
        assert (plain.loc[~shown & ~small, "n"] == "").all(), name
        assert (plain.loc[~shown & small, "n"] != "").all(), name


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
    from analysis.protect.stage import read_protected

    frames, _, _ = read_protected("2013", drawn_2013)
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


# --------------------------------------------------------------------------- withheld cells marked in place

SECTORS = ("Children's services (LSCB)", "Health (PCT)", "Education (LEA)")
BY_SECTOR = ("fig2_confidence_by_sector", "fig3_training_by_sector", "fig5_unmet_need_by_sector")


@pytest.fixture(scope="module")
def figures_2013(drawn_2013):
    results, _ = stage.draw_wave("2013", drawn_2013)
    return {r.name: r for r in results if hasattr(r, "figure")}


def _row_labels(ax):
    """The row labels of a panel (its own, or those of the panel it shares rows with)."""
    for other in [ax, *ax.get_shared_y_axes().get_siblings(ax)]:
        labels = [t.get_text() for t in other.get_yticklabels()]
        if any(labels):
            return labels
    return []


def _drawn_at(ax, y: float) -> list:
    """What a panel draws on the row at ``y``: bars, dots and texts."""
    things = [p for p in ax.patches if abs(p.get_y() + p.get_height() / 2 - y) < 0.3 and p.get_width() > 0]
    things += [line for line in ax.lines if len(line.get_ydata()) == 1 and abs(float(line.get_ydata()[0]) - y) < 0.3]
    return things + [t for t in ax.texts if abs(t.get_position()[1] - y) < 0.3]


def test_every_named_sector_is_in_every_panel_of_the_2013_sector_figures(figures_2013):
    # Under the strict policy, Education (n=173) is withheld in every sector figure (its cells would
    # let the small "Other" sector be worked out) and Health's "Very confident" risk cell too: both
    # keep their row in every panel, with the marker where the numbers would be.
    for name in BY_SECTOR:
        fig = figures_2013[name].figure
        panels = [ax for ax in fig.axes if ax.get_title(loc="left") not in ("", "Don't know")]
        assert panels, name
        for ax in panels:
            labels = _row_labels(ax)
            for sector in SECTORS:
                rows = [k for k, label in enumerate(labels) if label.replace("\n", " ").startswith(sector)]
                assert len(rows) == 1, (name, ax.get_title(loc="left"), sector, labels)
                assert _drawn_at(ax, rows[0]), (name, ax.get_title(loc="left"), sector)
            education = [k for k, label in enumerate(labels) if label.startswith("Education")][0]
            marks = [t.get_text() for t in _drawn_at(ax, education) if hasattr(t, "get_text")]
            assert any(re.fullmatch(r"withheld \([a-z]\)", m) for m in marks), (name, ax.get_title(loc="left"), marks)


def test_each_marker_key_is_explained_under_its_chart_with_the_true_reason(figures_2013):
    for name, drawn in figures_2013.items():
        keys = {m.group(1) for ax in drawn.figure.axes for t in ax.texts
                for m in [re.fullmatch(r"withheld \(([a-z])\)", t.get_text())] if m}
        for key in keys:
            explained = [n for n in drawn.caption.notes if n.startswith(f"({key}) ")]
            reasons = {re.search(r"disclosure control \(([^)]*)\)", n).group(1) for n in explained}
            assert len(reasons) == 1, (name, key, drawn.caption.notes)
    # Education in figure 2 is withheld so that Other cannot be worked out (secondary), Other
    # because its cells hold fewer than 10 people: two keys, two reasons.
    notes = figures_2013["fig2_confidence_by_sector"].caption.notes
    assert any(n.startswith("(a) ") and "(fewer than 10 people)" in n and "Other" in n for n in notes), notes
    assert any(n.startswith("(b) ") and "so that a smaller cell cannot be worked out" in n and "Education (LEA)" in n
               for n in notes), notes


def test_every_withheld_row_of_every_figure_csv_says_why_in_words(drawn_2013):
    from analysis.withheld import reason_words

    for name, data in _csvs(drawn_2013.figures_dir("2013")).items():
        assert "disclosure_reason" in data.columns, name
        code = data["disclosure"].astype("string").fillna("")
        words = data["disclosure_reason"].astype("string").fillna("")
        withheld = code != ""
        assert [w for c, w in zip(code[withheld], words[withheld]) if w != reason_words(c, threshold=THRESHOLD)] == [], name
        assert (words[~withheld] == "").all(), name
    # Withheld groups keep their rows in the CSV: every named sector, for every measure drawn.
    for name in BY_SECTOR:
        data = pd.read_csv(drawn_2013.figures_dir("2013") / f"{name}.csv", keep_default_na=False, na_values=[""])
        for indicator, part in data.groupby("indicator"):
            assert set(SECTORS) <= set(part["group"]), (name, indicator)


def test_the_long_description_reads_out_each_withheld_cell_with_its_reason(figures_2013):
    text = figures_2013["fig2_confidence_by_sector"].caption.long_description
    assert "risk_conf, Education (LEA), Not at all confident: withheld so that a smaller cell cannot be worked out " \
           "(base 173)." in text
    assert "risk_conf, Other, Not at all confident: withheld: fewer than 10 people (base 10)." in text
