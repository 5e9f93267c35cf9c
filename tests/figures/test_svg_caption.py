"""The figure's SVG carries its words as text; the page's inline copy takes them out again."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from analysis.figures.svg_caption import CAPTION_CLASS, caption_texts, captioned_svg, unclip
from analysis.report.svg_inline import inline_svg
from tests.report.test_html import chart_svg

SVG = "{http://www.w3.org/2000/svg}"


def clipped(path_d: str) -> bytes:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="100pt" height="50pt" viewBox="0 0 100 50">'
            f'<defs><clipPath id="c"><rect x="10" y="10" width="80" height="30"/></clipPath></defs>'
            f'<path d="{path_d}" clip-path="url(#c)"/></svg>').encode()


def test_a_clip_that_clips_nothing_goes_and_one_that_clips_stays():
    inside = ET.fromstring(clipped("M 10 10 L 90 40 z"))
    assert unclip(inside) == 1
    assert "clip-path" not in ET.tostring(inside, encoding="unicode")
    assert inside.find(f".//{SVG}clipPath") is None  # unused, left out
    outside = ET.fromstring(clipped("M 10 10 L 95 40 z"))  # 95 is past the rectangle's right edge (90)
    assert unclip(outside) == 0
    assert outside.find(f".//{SVG}path").get("clip-path") == "url(#c)"


def test_title_base_caveat_and_source_are_text_in_reading_order():
    out = captioned_svg(chart_svg(), title="Most were not confident",
                        lines=["Base: all (n=10).", "Invented numbers.", "Source: a survey."], ident="figure")
    root = ET.fromstring(out)
    assert caption_texts(out) == ["Most were not confident", "Base: all (n=10).", "Invented numbers.",
                                  "Source: a survey."]
    # Title above the chart (negative y), the rest below its box (0 0 300 200).
    head, foot = [g for g in root if g.get("class") == CAPTION_CLASS]
    assert all(float(t.get("y")) < 0 for t in head.iter(f"{SVG}text"))
    assert all(float(t.get("y")) > 200 for t in foot.iter(f"{SVG}text"))
    x, y, w, h = (float(v) for v in root.get("viewBox").split())
    assert y < min(float(t.get("y")) - 14 for t in head.iter(f"{SVG}text"))  # room for the title's ascent
    assert y + h > max(float(t.get("y")) for t in foot.iter(f"{SVG}text"))
    assert root.get("width") == f"{w:g}pt"


def test_captioning_twice_gives_the_same_bytes():
    once = captioned_svg(chart_svg(), title="T", lines=["Source: S."], ident="figure")
    assert captioned_svg(once, title="T", lines=["Source: S."], ident="figure") == once


def test_the_page_shows_the_chart_alone_cropped_back_to_its_box():
    out = captioned_svg(chart_svg(), title="A title only the file has", lines=["A caveat only the file has."],
                        ident="figure")
    chart = inline_svg(out, prefix="f1-", alt_text="Alt.", captions=("Most were not confident", "Percentage, 2013",
                                                                       "Base: all (n=10).", "Source: a survey."))
    assert "A title only the file has" not in chart.markup and "A caveat only the file has" not in chart.markup
    assert "A title only the file has" in chart.dropped
    assert ">Health</text>" in chart.markup
    x, top, w, h = (float(v) for v in re.search(r'viewBox="([^"]+)"', chart.markup).group(1).split())
    assert x == 0 and w == 300 and 32 < top < 60 and 160 <= top + h < 180  # the drawn captions cropped off too
    assert "data-chart-box" not in chart.markup
