"""Diverging bars for a scale of any length (five, seven points), not only four."""

from __future__ import annotations

import json

import pandas as pd

from analysis.figures import style
from analysis.figures.captions import Caption
from analysis.figures.diverging import ScalePanel, _scale_colours, diverging_bars

FIVE = ["Not at all confident", "Slightly confident", "Moderately confident", "Very confident", "Extremely confident"]


def test_four_points_keep_the_house_colours_and_longer_scales_extend_them():
    assert _scale_colours(4, 2) == list(style.DIVERGING_4)
    five = _scale_colours(5, 2)
    # warm end to cool end: the palette's end colours stay at the ends, a blend between the cool pair
    assert five[:3] == [style.PALETTE["dark_pink"], style.PALETTE["orange"], style.PALETTE["turquoise"]]
    assert five[-1] == style.PALETTE["dark_blue"] and len(set(five)) == 5
    seven = _scale_colours(7, 3)
    assert len(set(seven)) == 7 and seven[0] == style.PALETTE["dark_pink"] and seven[2] == style.PALETTE["orange"]


def test_a_five_point_scale_is_drawn_with_every_segment():
    shares = [0.10, 0.20, 0.30, 0.25, 0.15]
    f = pd.DataFrame({"indicator": "conf", "by": "overall", "group": "All", "n": 320, "flag": "",
                      "category": FIVE, "proportion": shares})
    fig = diverging_bars(f, Caption(title="T"), panels=[ScalePanel("Confidence", "conf")], scale=FIVE)
    ax = fig.axes[0]
    widths = sorted(round(abs(p.get_width()), 6) for p in ax.patches if abs(p.get_width()) > 0)
    assert widths == sorted(shares)
    # every segment of 10% or more carries its value (the axis runs to 70% a side: 0.25 + 0.3 + 0.15)
    assert {t.get_text() for t in ax.texts} >= {"10", "20", "30", "25", "15"}


def test_the_2018_five_point_confidence_scale_gets_its_figure(built_2018):
    from analysis.config import Paths

    out = Paths(built_2018).figures_dir("2018")  # the figures stage of 2018 run on the bundled waves (tests/conftest.py)
    assert (out / "fig2_confidence_by_sector.png").is_file()
    data = pd.read_csv(out / "fig2_confidence_by_sector.csv", keep_default_na=False)
    assert set(FIVE) <= set(data["category"])
    assert json.loads((out / "fig2_confidence_by_sector.json").read_text())["title"]
