"""The slide-sized and square images: their size, the words inside them and the size of those words."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from analysis.figures.chart_data import chart_spec
from analysis.figures.sized import MIN_SLIDE_PX, MIN_SQUARE_PX, SIZES, render_sized, sized_figure

#: Two measures by three groups, one not shown, every breakdown invented (written by hand).
PERCENTAGES = ("measure,group,percentage,lower,upper,base,n,number_class,withheld_reason\n"
               "Not confident,All respondents,62,58,66,all respondents,692,published,\n"
               "Not confident,Health (PCT),59,53,65,all respondents,278,invented,\n"
               "Not confident,Other,,,,all respondents,,invented,not shown: fewer than 30 respondents\n"
               "Not trained,All respondents,70,67,73,all respondents,692,published,\n"
               "Not trained,Health (PCT),71,66,76,all respondents,278,invented,\n"
               "Not trained,Other,,,,all respondents,,invented,not shown: fewer than 30 respondents\n").encode()
META = {"title": "Not confident by sector: 62% assessing online risk", "alt_text": "Bar chart of two measures.",
        "base": "Base: all respondents (n=692).", "source": "Source: A survey, a charity.",
        "is_reconstructed": True, "notes": ["A very long note " * 30]}


@pytest.mark.parametrize("kind", sorted(SIZES))
def test_image_has_its_size_in_pixels(kind):
    image = Image.open(io.BytesIO(render_sized(META, chart_spec(PERCENTAGES), kind)))
    assert image.size == {"slide": (1920, 1080), "square": (1080, 1080)}[kind]


@pytest.mark.parametrize("kind", sorted(SIZES))
def test_title_base_short_caveat_and_source_are_inside_and_legible(kind):
    fig = sized_figure(META, chart_spec(PERCENTAGES), kind)
    fig.canvas.draw()  # lays out the legend
    renderer = fig.canvas.get_renderer()
    width, height = SIZES[kind]
    texts = [t for t in fig.findobj(lambda a: hasattr(a, "get_text") and hasattr(a, "get_fontsize"))
             if t.get_visible() and t.get_text().strip()]
    words = " ".join(t.get_text().replace("\n", " ") for t in texts)
    for part in ("Not confident by sector", "Base: all respondents (n=692).", "Source: A survey, a charity.",
                 "Reconstructed data", "[x] Other", "\u2020 Invented"):
        assert part in words, part
    assert "A very long note" not in words  # the caveat is short: the full notes stay in the report
    smallest = MIN_SLIDE_PX if kind == "slide" else MIN_SQUARE_PX
    for t in texts:
        assert t.get_fontsize() * 100 / 72 >= smallest - 0.01, t.get_text()
        box = t.get_window_extent(renderer)
        assert box.x0 >= 0 and box.y0 >= 0 and box.x1 <= width + 0.5 and box.y1 <= height + 0.5, t.get_text()


def test_slide_text_is_at_least_7_points_printed_a_page_wide():
    # 30 px of 1920 px, printed 16.5 cm wide: 30 / 1920 * 165 mm = 2.58 mm = 7.3 pt (1 pt = 0.3528 mm).
    assert MIN_SLIDE_PX / 1920 * 165 / 0.3528 >= 7.0


def test_same_numbers_same_bytes():
    spec = chart_spec(PERCENTAGES)
    assert render_sized(META, spec, "slide") == render_sized(META, spec, "slide")


#: Four measures by six groups, written by hand: 24 bars, too many for a square image to label.
DENSE = "measure,group,percentage,lower,upper,base,n,number_class,withheld_reason\n" + "".join(
    f"Measure {m},{g},{40 + 3 * k + m},{35 + 3 * k + m},{45 + 3 * k + m},all respondents,100,invented,\n"
    for m in range(1, 5) for k, g in enumerate(["All respondents", "Group A", "Group B", "Group C", "Group D",
                                                "Group E"]))


def _value_labels(fig) -> list:
    return [t for ax in fig.axes for t in ax.texts if t.get_visible() and t.get_text().endswith(("%", "%\u2020"))]


def test_a_dense_square_image_keeps_a_legible_label_on_every_bar_and_says_what_it_left_out():
    spec = chart_spec(DENSE.encode())
    fig = sized_figure(META, spec, "square")
    bars = [p for ax in fig.axes for p in ax.patches if p.get_width() > 0]
    labels = _value_labels(fig)
    assert bars and len(labels) == len(bars)  # every bar drawn carries its value
    for t in labels:
        assert t.get_fontsize() * 100 / 72 >= MIN_SQUARE_PX - 0.01
    # By hand: measure j's value for group k is 40 + 3k + j, each invented (dagger); the first measures are kept.
    kept = len(labels) // 6
    assert 1 <= kept < 4
    assert [t.get_text() for t in labels] == [f"{40 + 3 * k + j}%\u2020" for j in range(1, kept + 1) for k in range(6)]
    words = " ".join(t.get_text().replace("\n", " ") for t in fig.texts)
    names = ", ".join(f"Measure {j}" for j in range(1, kept + 1))
    assert f"This image shows {kept} of the 4 measures ({names}); the report has them all." in words


def test_the_slide_image_keeps_every_measure():
    fig = sized_figure(META, chart_spec(DENSE.encode()), "slide")
    words = " ".join(t.get_text() for t in fig.texts)
    assert "the report has them all" not in words


def test_the_ranges_figure_gets_no_image_redrawn_from_the_reconstructions_estimates(tmp_path):
    from analysis.figures import RANGES_FIGURE
    from analysis.figures.sized import write_sized
    from analysis.figures.style import new_figure
    from analysis.figures.save import render_svg

    (tmp_path / f"{RANGES_FIGURE}.svg").write_bytes(render_svg(new_figure(), ident=RANGES_FIGURE))
    # Its percentages hold the sectors' invented estimates (58% ...), not the ranges (0% to 100%) it draws.
    assert write_sized(tmp_path, RANGES_FIGURE, META, PERCENTAGES) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{RANGES_FIGURE}.svg"]
    svg = (tmp_path / f"{RANGES_FIGURE}.svg").read_text(encoding="utf-8")
    assert META["title"] in svg and META["source"] in svg and "Lines show 95%" not in svg


def test_a_square_image_that_shows_fewer_measures_keeps_the_ones_its_title_states():
    """Figure 3's title states "96.5% would value training ... and 95% ...": a square image with room for one
    measure showed "No training" (the first measure) under that title. It keeps the measure whose whole-sample
    number the title states."""
    from analysis.figures.chart_data import ChartSpec, Panel, Series
    from analysis.figures.sized import fewer

    names = ["No training in risk", "Would value training in risk", "No training in recovery",
             "Would value training in recovery"]
    # As in figure 3: the measures on all respondents have their whole sample first, those on the ones who
    # answered last.
    values = [(70.0, 61.0, 71.0, 80.0, None), (None, 96.0, 96.0, 97.0, 96.5), (81.1, 74.0, 82.0, 87.0, None),
              (None, 93.0, 97.0, 95.0, 95.0)]
    categories = ("All respondents (n=692)", "A", "B", "C", "All those who answered (n=684–685)")
    spec = ChartSpec((Panel("", categories, tuple(Series(n, v, (False,) * 5) for n, v in zip(names, values))),))
    title = "Training by sector: 96.5% would value training in risk and 95% in recovery"
    cut, note = fewer(spec, 5, title=title)
    assert [s.name for s in cut.panels[0].series] == ["Would value training in risk"]
    assert "Would value training in risk" in note
    cut, _ = fewer(spec, 10, title=title)
    assert [s.name for s in cut.panels[0].series] == ["Would value training in risk", "Would value training in recovery"]
    cut, _ = fewer(spec, 5)  # no title: the first measure, as before
    assert [s.name for s in cut.panels[0].series] == ["No training in risk"]
