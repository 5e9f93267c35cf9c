"""The ranges chart and the reproduction section: published ranges, the ensemble's spread, invented values marked."""

from __future__ import annotations

import json
import re

import pytest

from tests.projects import copy_project


@pytest.fixture(scope="module")
def project(tmp_path_factory, built_2013):
    # `all --wave 2013` run on the bundled wave (tests/conftest.py)
    return copy_project(built_2013, tmp_path_factory.mktemp("ranges"))


def test_the_chart_is_written_with_its_caption_and_numbers(project):
    import pandas as pd

    folder = project.figures_dir("2013")
    meta = json.loads((folder / "fig7_published_ranges.json").read_text(encoding="utf-8"))
    # the title states only what the published figures imply: the sector counts leave every sector open to 100%
    assert re.findall(r"\d+", meta["title"]) == ["100"]
    assert "sector" in meta["title"]
    assert meta["alt_text"].startswith("Range chart from reconstructed data")
    data = pd.read_csv(folder / "fig7_published_ranges.csv", keep_default_na=False, na_values=[""])
    rows = data.set_index(["indicator", "group"])
    # hand-checked bounds (tests/reproduction/test_bounds.py)
    assert rows.loc[("risk_value", "Health (PCT)"), "low"] == pytest.approx(247 / 271, abs=1e-6)
    assert rows.loc[("risk_unmet", "Health (PCT)"), "low"] == pytest.approx(36 / 67, abs=1e-6)
    # the whole sample's published figure: 62% of 692 (at its published precision)
    assert round(100 * rows.loc[("risk_notconf", "All"), "published"]) == 62
    assert rows.loc[("risk_notconf", "All"), "published_class"] == "published"
    # every number is classed in place: bounds derived from published figures, the reconstruction's invented
    sectors = data[data["by"] == "sector"]
    assert set(sectors["range_class"]) == {"derived"}
    shown = sectors[sectors["reconstruction"].notna()]
    assert len(shown) and set(shown["reconstruction_class"]) == {"invented"}
    assert (shown["low"] <= shown["reconstruction"]).all() and (shown["reconstruction"] <= shown["high"]).all()
    # the row disclosure control withholds shows neither the value nor the spread
    held = rows.loc[("risk_unmet", "Other")]
    assert held["disclosure"] != "" and pd.isna(held["reconstruction"]) and pd.isna(held["ensemble_p05"])
    assert pd.isna(held["count"]) and held["disclosure_reason"] != ""
    assert "withheld by disclosure control" in " ".join(meta["notes"])


def test_the_percentages_download_marks_the_reconstructions_estimates_as_invented(project):
    import pandas as pd

    data = pd.read_csv(project.figures_dir("2013") / "fig7_published_ranges_percentages.csv",
                       keep_default_na=False, na_values=[""])
    shown = data[data["percentage"].notna()]
    whole = shown["group"].str.startswith("All")
    assert len(shown[~whole]) and set(shown.loc[~whole, "number_class"]) == {"invented"}
    # 62% of 692 is the survey's own (STUDY.md), the whole sample's share of the first measure
    first = shown[whole].iloc[0]
    assert first["percentage"] == 62 and first["number_class"] == "published"


def test_a_wave_without_a_registry_has_no_chart():
    import pandas as pd

    from analysis.codebook import load_codebook
    from analysis.figures.context import Skipped
    from analysis.figures.ranges import ranges_figure
    from tests.reproduction.conftest import WAVE_DIR

    cb = load_codebook(WAVE_DIR / "codebook.toml")
    assert isinstance(ranges_figure(cb, None, pd.DataFrame()), Skipped)


def test_the_reproduction_section_holds_the_chart_and_the_table(project):
    from analysis.report.html import FigureFiles
    from analysis.report.stage import build

    built = build("2013", project)
    repro, chart, ranges = built["repro"]
    assert isinstance(chart, FigureFiles) and chart.name == "fig7_published_ranges"
    assert "fig7_published_ranges" not in [f.name for f in built["figures"]]
    keys = [c.key for c in ranges.columns]
    rows = {(r[0], r[2]): r for r in ranges.rows}
    # 4 members in the suite (tests/conftest.py): the note says how many reconstructions, the column is text
    assert any("4 reconstructions drawn with different seeds" in n for n in ranges.notes)
    health = rows[("Share who would value training in online risk assessment", "Health (PCT)")]
    assert health[keys.index("base")] == "those who answered"
    assert re.fullmatch(r"\d+\.\d% to \d+\.\d%|\d+\.\d% \(every reconstruction\)", health[keys.index("spread")])
    held = rows[("Share who would value training in online risk assessment, among those with no training in online "
                 "risk assessment", "Other")]
    assert held[keys.index("spread")] == ""
    # the 10 in "Other" are too few for an estimate: no value, so no spread either
    small = rows[("Share not confident assessing online risk", "Other")]
    assert small[keys.index("spread")] == ""
    page = (project.report_dir("2013") / "2013.html").read_text(encoding="utf-8")
    section = page[page.index('<section id="reproduction">'):]
    assert section.index("the same 661 respondents") < section.index("fig7") < section.index("published-ranges")
    # the workbook takes the tables only
    import openpyxl

    book = openpyxl.load_workbook(project.report_dir("2013") / "2013.xlsx", read_only=True)
    text = " ".join(str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row if c)
    assert "What the published figures alone tell about differences between sectors" in text


def test_published_shares_are_worded_at_their_published_precision(project):
    from pptx import Presentation

    # STUDY.md: 62% not confident and 70% without training (whole numbers); 96.5% would value training
    meta = json.loads((project.figures_dir("2013") / "fig7_published_ranges.json").read_text(encoding="utf-8"))
    words = meta["long_description"] if "long_description" in meta else json.dumps(meta)
    assert "published 62%" in words and "published 70%" in words
    assert not re.search(r"published (62|70)\.\d%", words)
    deck = Presentation(str(project.report_dir("2013") / "2013.pptx"))
    said = " ".join(point.data_label.text_frame.text for slide in deck.slides for shape in slide.shapes
                    if shape.has_chart for plot in shape.chart.plots for series in plot.series
                    for point in series.points if point.data_label.has_text_frame)
    assert "published 62%" in said and "published 70%" in said and "published 96.5%" in said
    assert not re.search(r"published (62|70)\.\d%", said)
