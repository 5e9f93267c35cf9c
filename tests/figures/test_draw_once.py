"""A figure is laid out once and drawn once per file, with one artist per kind of mark."""

from __future__ import annotations

import pandas as pd
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

from analysis.figures import save, sized
from analysis.figures.bars import horizontal_bars
from analysis.figures.captions import Caption
from analysis.figures.chart_data import ChartSpec, Panel, Series

CAPTION = Caption(title="Title", subtitle="Subtitle", base="Base: all (n=100).", source="Source: test.")


def three_bars():
    frame = pd.DataFrame({"indicator": ["a", "b", "c"], "proportion": [0.62, 0.30, 0.45],
                          "ci_lower": [0.58, 0.25, 0.40], "ci_upper": [0.66, 0.35, 0.50], "n": [692, 400, 300],
                          "flag": ["", "", ""]})
    return horizontal_bars(frame, CAPTION)


def count_draws(monkeypatch):
    calls = []
    original = Figure.draw

    def draw(self, renderer):
        calls.append(renderer)
        return original(self, renderer)

    monkeypatch.setattr(Figure, "draw", draw)
    return calls


def test_a_framed_figure_is_drawn_once_per_file(monkeypatch):
    fig = three_bars()
    assert fig.get_layout_engine() is None  # laid out once, by frame_figure, not again when saved
    calls = count_draws(monkeypatch)
    save.render_png(fig, title="T")
    assert len(calls) == 1
    save.render_svg(fig, title="T")
    assert len(calls) == 2


def test_the_whiskers_of_a_chart_are_one_collection_with_a_segment_per_row():
    ax = three_bars().axes[0]
    whiskers = [c for c in ax.collections if isinstance(c, LineCollection)]
    assert len(whiskers) == 1
    # each whisker spans its row's interval, in the rows' order (top down: y = 0, 1, 2)
    spans = [(round(s[0][0], 6), round(s[1][0], 6), s[0][1]) for s in whiskers[0].get_segments()]
    assert spans == [(0.58, 0.66, 0), (0.25, 0.35, 1), (0.40, 0.50, 2)]


def test_a_square_image_is_made_once_however_many_cuts_it_tries(monkeypatch):
    # Twenty categories of two measures under a title of about ten lines: the square image must cut the
    # chart to a few bars to keep its value labels, trying several cuts; only the one it keeps becomes a figure.
    cats = tuple(f"Group {i}" for i in range(20))
    series = tuple(Series(name, tuple(float(10 + i) for i in range(20)), (False,) * 20) for name in ("A", "B"))
    spec = ChartSpec((Panel("", cats, series),))
    made = []
    original = Figure.__init__

    def init(self, *args, **kwargs):
        made.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(Figure, "__init__", init)
    title = "A long title that says what the chart shows " * 8
    fig = sized.sized_figure({"title": title, "source": "Source: test."}, spec, "square")
    assert made == [fig] and fig.labelled
