"""What every slide of the deck shares: the slide's size, the text sizes, a text box, the chart's axis.

Used by :mod:`analysis.report.slides` (the deck) and :mod:`analysis.report.slide_ranges` (the
ranges figure's slides).
"""

from __future__ import annotations

from typing import Sequence

FONT = "Arial"
#: 16:9 slide, in inches.
SLIDE_W, SLIDE_H = 13.333, 7.5
MARGIN = 0.45
#: Number format of the data labels: the percentage as stored (62, 96.5) with a per cent sign.
PERCENT_FORMAT = 'General"%"'
INVENTED_FORMAT = f'General"%{chr(0x2020)}"'
#: Text sizes, in points.
TITLE_PT, SUBTITLE_PT, BODY_PT, NOTE_PT, CHART_PT = 24, 14, 14, 10, 12


def rgb(colour: str):
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(colour.lstrip("#").upper())


def text_box(slide, left, top, width, height, paragraphs: Sequence[tuple[str, float, bool, str]], *,
              name: str = ""):
    """A text box of paragraphs ``(text, size, bold, colour)``, wrapped, Arial."""
    from pptx.util import Inches, Pt

    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    if name:
        box.name = name
    frame = box.text_frame
    frame.word_wrap = True
    for k, (text, size, bold, colour) in enumerate(paragraphs):
        p = frame.paragraphs[0] if k == 0 else frame.add_paragraph()
        run = p.add_run()
        run.text = text
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.name = FONT
        run.font.color.rgb = rgb(colour)
        p.space_after = Pt(size * 0.35)
    return box


def lines_needed(text: str, size: float, width_in: float) -> int:
    """About how many lines ``text`` takes at ``size`` points in a box ``width_in`` wide (Arial, mean width 0.5 em)."""
    per_line = max(int(width_in * 72 / (size * 0.5)), 1)
    return max(-(-len(text) // per_line), 1)


def axis_at_foot(value_axis) -> None:
    """Put a bar chart's percentage axis at the foot when its categories run top down (reversed).

    ``c:crosses`` in the value axis says where it crosses the category axis (ECMA-376, 21.2.2.33):
    at its maximum, the last category, which a reversed axis draws at the bottom. LibreOffice and
    PowerPoint both read it there; python-pptx's ``crosses`` property writes the other axis's.
    """
    from pptx.oxml.ns import qn

    value_axis._element.find(qn("c:crosses")).set("val", "max")
