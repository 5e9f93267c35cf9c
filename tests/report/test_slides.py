"""The PowerPoint deck, read back with python-pptx and opened in LibreOffice as a reader would."""

from __future__ import annotations

import io
import json
import re
import zipfile
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
import pytest
from pptx import Presentation
from pptx.oxml.ns import qn

from analysis.codebook import load_codebook
from tests.report.office_project import page_count, project_2013, to_pdf

FIGURES = ("fig1_headline", "fig2_confidence_by_sector", "fig3_training_by_sector",
           "fig4_not_confident_by_profession", "fig5_unmet_need_by_sector")
#: The ranges figure: eight measures, four charts a slide.
RANGES, RANGE_SLIDES = "fig7_published_ranges", 2


@pytest.fixture(scope="module")
def paths(tmp_path_factory):
    return project_2013(tmp_path_factory)


@pytest.fixture(scope="module")
def deck(paths):
    return Presentation(str(paths.report_dir("2013") / "2013.pptx"))


@pytest.fixture(scope="module")
def deck_pdf(paths, tmp_path_factory):
    """The deck as LibreOffice prints it to PDF: converted once, read by each test that looks at it."""
    return to_pdf(paths.report_dir("2013") / "2013.pptx", tmp_path_factory.mktemp("deck_pdf"))


def charts(deck) -> dict:
    """Chart name -> (graphic frame, chart), over every slide."""
    return {shape.name: shape for slide in deck.slides for shape in slide.shapes if shape.has_chart}


def slide_text(slide) -> str:
    return "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def shown(p: float, decimals: int) -> float:
    """A proportion as the report shows it: a percentage rounded half up to ``decimals`` (whole when invented)."""
    quantum = Decimal(1).scaleb(-max(decimals, 0))
    return float((Decimal(repr(p)) * 100).quantize(quantum, rounding=ROUND_HALF_UP))


def test_the_62_per_cent_by_hand():
    # 429 of 692 respondents were not confident assessing online risk: 61.994...% -> 62%.
    assert shown(429 / 692, 0) == 62.0


def test_every_figure_slide_holds_a_native_chart_with_alt_text(deck, paths):
    frames = charts(deck)
    names = {n.split(" ")[1] for n in frames}
    assert names == {*FIGURES, RANGES}
    for name, frame in frames.items():
        figure = name.split(" ")[1]
        alt = json.loads((paths.figures_dir("2013") / f"{figure}.json").read_text())["alt_text"]
        descr = frame._element.nvGraphicFramePr.cNvPr.get("descr")
        assert descr and descr.startswith(alt), name
        # The chart's numbers are held inside it: an embedded workbook beside the chart part.
        assert frame.chart.part.chart_workbook.xlsx_part is not None


def test_headline_chart_holds_the_protected_numbers(deck, paths):
    est = pd.read_csv(paths.processed / "2013" / "protected" / "estimates.csv")
    cb = load_codebook(paths.codebook("2013"), wave="2013")
    by_label = {ind.label: name for name, ind in cb.indicators.items()}
    chart = charts(deck)["Chart fig1_headline"].chart
    plot = chart.plots[0]
    categories = list(plot.categories)
    values = list(plot.series[0].values)
    assert len(categories) == 6
    overall = est[est["by"] == "overall"].set_index("indicator")
    for label, value in zip(categories, values):
        row = overall.loc[by_label[label]]
        assert value == shown(float(row["proportion"]), int(row["published_decimals"])), label
    assert values[0] == 62.0  # not confident assessing online risk: 429 of 692


def test_a_breakdown_chart_holds_the_protected_numbers_and_marks_what_is_not_shown(deck, paths):
    est = pd.read_csv(paths.processed / "2013" / "protected" / "estimates.csv", keep_default_na=False,
                      na_values=[""])
    cb = load_codebook(paths.codebook("2013"), wave="2013")
    chart = charts(deck)["Chart fig4_not_confident_by_profession"].chart
    plot = chart.plots[0]
    categories = list(plot.categories)
    label_of = {ind.label: name for name, ind in cb.indicators.items()}
    for series in plot.series:
        indicator = label_of[series.name]
        rows = est[(est["indicator"] == indicator)]
        for category, value in zip(categories, series.values):
            if category.endswith("[x]"):  # a group too small to show: no number, and the mark beside its name
                assert value is None
                continue
            # Each group is labelled with its n, as the figure's base line says ("n is shown beside each ...").
            name, _, n = category.rpartition(" (n=")
            group = "All" if name == "All respondents" else name
            row = rows[(rows["group"] == group) & rows["by"].isin(["overall", "profession"])].iloc[0]
            assert value == shown(float(row["proportion"]), int(row["published_decimals"])), (indicator, group)
            assert int(row["n"]) in _range(n.rstrip(")")), (category, int(row["n"]))
    assert any(c.endswith("[x]") for c in categories)


def _range(text: str) -> range:
    """"228–231" or "692" as the range of ns it names."""
    low, _, high = text.replace(",", "").partition("\u2013")
    return range(int(low), int(high or low) + 1)


def test_invented_numbers_carry_the_dagger_and_published_ones_do_not(deck):
    frames = charts(deck)

    def formats(name):
        ser = frames[name].chart.plots[0].series[0]._element
        return [f.get("formatCode") for f in ser.iter(qn("c:numFmt"))]

    assert not any("\u2020" in f for f in formats("Chart fig1_headline"))  # six published numbers
    assert any("\u2020" in f for f in formats("Chart fig4_not_confident_by_profession"))  # invented breakdowns


def test_charts_use_the_analysis_function_palette(deck):
    frames = charts(deck)
    one = frames["Chart fig1_headline"].chart.plots[0].series[0]
    assert str(one.format.fill.fore_color.rgb) == "12436D"
    two = [str(s.format.fill.fore_color.rgb) for s in frames["Chart fig4_not_confident_by_profession"].chart.plots[0].series]
    assert two == ["12436D", "F46A25"]


def test_each_figure_slide_states_base_caveat_and_source(deck, paths):
    slides = [s for s in deck.slides if any(shape.has_chart for shape in s.shapes)]
    assert len(slides) == len(FIGURES) + RANGE_SLIDES
    for slide, name in zip(slides, FIGURES):
        text = slide_text(slide)
        meta = json.loads((paths.figures_dir("2013") / f"{name}.json").read_text())
        assert re.search(r"Base: [^\n]*\(n=\d", text), text[:200]
        assert "Source: University Campus Suffolk" in text
        for note in meta["notes"]:  # every caveat, in full (the reconstruction's where the chart has invented numbers)
            assert note in text, (name, note[:60])
        assert slide.notes_slide.notes_text_frame.text.strip()  # the long description


def test_opening_slide_has_key_findings_and_about_and_closing_slide_the_citation(deck):
    slides = list(deck.slides)
    first, last = slide_text(slides[0]), slide_text(slides[-1])
    assert "Key findings" in first and "About this survey" in first
    assert "62% of respondents" in first
    assert "self-selected (non-probability) sample" in first  # what the numbers can support, from the codebook
    assert "Reconstructed data" in first
    second = slide_text(slides[1])
    assert "How respondents were recruited" in second and "Strengths and limitations" in second
    assert "How to cite" in last and "Bond, E., Agnew, S. and Phippen, A." in last and "2014" in last


def test_two_runs_at_different_times_write_the_same_bytes(paths, monkeypatch):
    import time

    import xlsxwriter.core

    from analysis.report.slides import deck_bytes
    from analysis.report.stage import build

    report = build("2013", paths)
    first = deck_bytes(report, "2013", paths.figures_dir("2013"))
    later = time.time() + 3 * 86400
    monkeypatch.setattr(time, "time", lambda: later)

    class Later(xlsxwriter.core.datetime):
        @classmethod
        def now(cls, tz=None):
            return super().now(tz) + pd.Timedelta(days=3).to_pytimedelta()

    monkeypatch.setattr(xlsxwriter.core, "datetime", Later)
    assert deck_bytes(report, "2013", paths.figures_dir("2013")) == first
    package = zipfile.ZipFile(io.BytesIO(first))
    assert {i.date_time[:3] for i in package.infolist()} == {(2014, 1, 28)}
    embedded = [n for n in package.namelist() if n.endswith(".xlsx")]
    assert embedded
    for name in embedded:
        core = zipfile.ZipFile(io.BytesIO(package.read(name))).read("docProps/core.xml")
        assert b"2014-01-28T00:00:00Z" in core


def test_libreoffice_opens_the_deck_with_one_page_per_slide(deck, deck_pdf):
    assert page_count(deck_pdf) == len(deck.slides) == len(FIGURES) + RANGE_SLIDES + 3  # findings, about, citation


def _series(frame) -> dict:
    """Series name -> values of a chart."""
    return {s.name: list(s.values) for s in frame.chart.plots[0].series}


def test_every_bar_chart_has_its_percentage_axis_at_the_foot(deck):
    # Categories run top down (orientation maxMin), so the value axis must cross the category axis at its
    # maximum, the last category, drawn at the bottom: c:crosses="max" in the value axis, as LibreOffice reads it.
    for name, frame in charts(deck).items():
        space = frame.chart._chartSpace
        cat, val = space.find(".//" + qn("c:catAx")), space.find(".//" + qn("c:valAx"))
        assert cat.find(qn("c:scaling")).find(qn("c:orientation")).get("val") == "maxMin", name
        assert val.find(qn("c:crosses")).get("val") == "max", name


def test_libreoffice_draws_the_percentage_axis_below_the_bars(deck_pdf):
    from tests.report.office_project import page_text

    text = page_text(deck_pdf, 3)  # figure 1: the ticks read after the last bar's label, before the base
    ticks = text.index("0% 20% 40% 60% 80% 100%")
    assert text.index("Would value training in helping recovery") < ticks < text.index("Base:")


def test_the_ranges_figure_is_in_the_deck_as_native_range_bars(deck, paths):
    frames = {n: f for n, f in charts(deck).items() if n.startswith(f"Chart {RANGES} ")}
    assert len(frames) == 8  # one chart per measure
    untrained = next(f for f in frames.values() if f.chart.chart_title.text_frame.text
                     == "No training in online risk assessment")
    series = _series(untrained)
    cats = list(untrained.chart.plots[0].categories)
    assert cats[:4] == ["All respondents", "Children's services (LSCB)", "Health (PCT)", "Education (LEA)"]
    # By hand (STUDY.md): 70% of 692 published to the whole per cent is 481 to 487 people; the other
    # groups hold 231 + 173 + 10 (= 692 - 682) = 414 of them at most, so health (278) holds at least
    # 481 - 414 = 67: 24.1%; children's services at least 481 - (278 + 173 + 10) = 20 of 231: 8.7%;
    # education nothing (481 < 231 + 278 + 10 + 173); each could hold all of its own.
    start, width = series["Lowest possible (not drawn)"], series["Possible range (points)"]
    assert start[2] == pytest.approx(67 / 278 * 100, abs=1e-3) and start[2] + width[2] == pytest.approx(100)
    assert start[1] == pytest.approx(20 / 231 * 100, abs=1e-3)
    assert start[3] == pytest.approx(0) and width[3] == pytest.approx(100)
    assert series["Published"][0] is not None and width[0] is None  # the whole sample: a published mark
    descr = untrained._element.nvGraphicFramePr.cNvPr.get("descr")
    alt = json.loads((paths.figures_dir("2013") / f"{RANGES}.json").read_text())["alt_text"]
    assert descr.startswith(alt) and "Health (PCT) 24.1% to 100.0%" in descr


def test_the_ranges_slides_leave_out_the_invented_values_and_say_so(deck, paths):
    slides = [s for s in deck.slides if any(sh.has_chart and sh.name.startswith(f"Chart {RANGES} ")
                                            for sh in s.shapes)]
    assert len(slides) == RANGE_SLIDES
    csv = pd.read_csv(paths.figures_dir("2013") / f"{RANGES}.csv")
    for slide in slides:
        text = slide_text(slide)
        assert "Source: University Campus Suffolk" in text and "Base:" in text
        assert "invented, so they are not on this slide" in text
        for shape in slide.shapes:
            if not shape.has_chart:
                continue
            # Every number held is a range's start and width or a published share, row by row: no invented value.
            panel = csv[csv["panel"] == shape.chart.chart_title.text_frame.text]
            series = _series(shape)
            assert set(series) == {"Lowest possible (not drawn)", "Possible range (points)", "Published"}
            rows = panel.set_index("row").loc[list(shape.chart.plots[0].categories)]
            for k, row in enumerate(rows.itertuples()):
                if pd.notna(row.low):
                    assert series["Lowest possible (not drawn)"][k] == pytest.approx(row.low * 100, abs=1e-3)
                    assert series["Possible range (points)"][k] == pytest.approx((row.high - row.low) * 100, abs=1e-3)
                else:
                    assert series["Lowest possible (not drawn)"][k] == pytest.approx(row.published * 100 - 0.5, abs=1e-3)
                    assert series["Published"][k] == 1.0
