"""The ranges figure in the deck: what the published figures allow for each group, as native range bars.

The ranges figure (:mod:`analysis.figures.ranges`) shows, per measure and group, every share
consistent with all the published figures. PowerPoint has no range-bar chart, so each
measure becomes a native stacked bar chart whose first segment is left unfilled: the bar
starts at the lowest possible share and ends at the highest. A share the survey published
(the whole sample's) is a thin dark mark at its value. Each bar is labelled in words, as the report's
figure words it ("0.0% to 100.0%", "published 62.0%"), and the numbers are held in the chart (its embedded workbook:
"lowest possible", "range", "published"), so it can be restyled and checked in PowerPoint.

Only numbers that follow from published figures reach these slides: the invented values the
report's figure draws beside the ranges (the ensemble's middle 90%, this reconstruction's
value) are left out, and the slide says so. The measures are spread over slides of
:data:`PER_SLIDE` charts.

The numbers are read from the figure's analysts' CSV (``figures/<wave>/fig7_published_ranges.csv``:
``panel``, ``row``, ``low``, ``high``, ``published``, proportions from 0 to 1), as written by
the figures stage; nothing is computed here but percentages and the bars' widths.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Mapping, Sequence

#: Charts (measures) per slide: two rows of two.
PER_SLIDE = 4
#: Width, in percentage points, of the mark that shows a published share.
MARK_WIDTH = 1.0
#: What the slide says about the invented numbers it leaves out.
LEFT_OUT = ("The report's figure also draws the reconstruction's own values and the middle 90% of 100 "
            "reconstructions; those numbers are invented, so they are not on this slide.")


@dataclass(frozen=True)
class RangeRow:
    """One bar: a group's lowest and highest possible share, or the share published (percentages)."""

    label: str
    low: float | None
    high: float | None
    published: float | None
    #: Decimals the published share was printed with (one when unknown).
    decimals: int = 1

    def text(self) -> str:
        """The bar's label in words, worded as the report's figure words it: ranges at one decimal, a published
        share at its published precision.

        >>> RangeRow("Health", 24.1007, 100.0, None).text(), RangeRow("All", None, None, 61.994, 0).text()
        ('24.1% to 100.0%', 'published 62%')
        """
        if self.published is not None and (self.low is None or self.high is None):
            return f"published {_shown(self.published, self.decimals)}"
        return f"{_shown(self.low)} to {_shown(self.high)}"


@dataclass(frozen=True)
class RangePanel:
    """One measure: its label and its bars, top down."""

    title: str
    rows: tuple[RangeRow, ...]


def _shown(value: float, decimals: int = 1) -> str:
    """A percentage (0 to 100) as the ranges figure shows it: one decimal unless told, rounded half up.

    >>> _shown(100.0), _shown(43.29), _shown(61.99, 0)
    ('100.0%', '43.3%', '62%')
    """
    from analysis.figures.captions import format_percent

    return format_percent(value / 100, decimals=decimals)


def _decimals(text: str | None) -> int:
    """The ``published_decimals`` cell of the CSV: one when absent or unknown (-1)."""
    try:
        value = int(float(text))
    except (TypeError, ValueError):
        return 1
    return value if value >= 0 else 1


def _percent(text: str | None) -> float | None:
    return None if text is None or str(text).strip() == "" else float(text) * 100


def range_panels(data: bytes) -> list[RangePanel]:
    """The measures of the ranges figure, from the bytes of its analysts' CSV (empty when it has no ranges).

    >>> data = (b"panel,row,low,high,published,published_decimals\\nNot confident,All respondents,,,0.62,0\\n"
    ...         b"Not confident,Health (PCT),0.043165,1,,\\n")
    >>> [(r.label, r.text()) for r in range_panels(data)[0].rows]
    [('All respondents', 'published 62%'), ('Health (PCT)', '4.3% to 100.0%')]
    """
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    if not rows or not {"panel", "row", "low", "high", "published"} <= set(rows[0]):
        return []
    panels: dict[str, list[RangeRow]] = {}
    for r in rows:
        row = RangeRow(r["row"], _percent(r["low"]), _percent(r["high"]), _percent(r["published"]),
                       _decimals(r.get("published_decimals")))
        if row.published is not None or (row.low is not None and row.high is not None):
            panels.setdefault(r["panel"], []).append(row)
    return [RangePanel(title, tuple(bars)) for title, bars in panels.items()]


def _range_chart(slide, panel: RangePanel, left, top, width, height, *, alt_text: str, name: str):
    """One measure as a native stacked bar chart: an unfilled first segment, then the range or the published mark."""
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
    from pptx.util import Inches, Pt

    from analysis.figures import style
    from analysis.figures.ranges import PUBLISHED_COLOUR, RANGE_COLOUR
    from analysis.report.slide_parts import CHART_PT, FONT, PERCENT_FORMAT, axis_at_foot
    from analysis.report.slide_parts import rgb as _rgb

    start, span, mark = [], [], []
    for row in panel.rows:
        ranged = row.low is not None and row.high is not None
        at = row.low if ranged else max(row.published - MARK_WIDTH / 2, 0.0)
        start.append(round(at, 4))
        span.append(round(row.high - row.low, 4) if ranged else None)
        mark.append(MARK_WIDTH if not ranged else None)
    data = CategoryChartData(number_format=PERCENT_FORMAT)
    data.categories = [r.label for r in panel.rows]
    data.add_series("Lowest possible (not drawn)", start)
    data.add_series("Possible range (points)", span)
    data.add_series("Published", mark)
    frame = slide.shapes.add_chart(XL_CHART_TYPE.BAR_STACKED, Inches(left), Inches(top), Inches(width),
                                   Inches(height), data)
    frame.name = name
    frame._element.nvGraphicFramePr.cNvPr.set("descr", alt_text)
    chart = frame.chart
    chart.font.name, chart.font.size = FONT, Pt(CHART_PT - 1)
    chart.font.color.rgb = _rgb(style.TEXT)
    chart.has_title = True
    chart.chart_title.text_frame.text = panel.title
    chart.chart_title.text_frame.paragraphs[0].runs[0].font.size = Pt(CHART_PT - 1)
    chart.chart_title.text_frame.paragraphs[0].runs[0].font.bold = True
    chart.has_legend = False
    cat = chart.category_axis
    cat.reverse_order = True
    cat.tick_labels.font.size = Pt(CHART_PT - 1)
    val = chart.value_axis
    val.minimum_scale, val.maximum_scale, val.major_unit = 0, 100, 20
    axis_at_foot(val)
    val.has_major_gridlines = True
    val.major_gridlines.format.line.color.rgb = _rgb(style.GRID)
    val.tick_labels.number_format = PERCENT_FORMAT
    val.tick_labels.number_format_is_linked = False
    val.tick_labels.font.size = Pt(CHART_PT - 1)
    plot = chart.plots[0]
    plot.gap_width, plot.overlap = 50, 100
    hidden, ranges, published = plot.series
    hidden.format.fill.background()
    hidden.format.line.fill.background()
    for series, colour in ((ranges, RANGE_COLOUR), (published, PUBLISHED_COLOUR)):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = _rgb(colour)
    for k, row in enumerate(panel.rows):
        # A range is labelled inside its start; a published mark, too thin to hold words, at the end of
        # the unfilled segment before it, so its words end at the mark.
        ranged = span[k] is not None
        label = (ranges if ranged else hidden).points[k].data_label
        label.text_frame.text = row.text()
        label.text_frame.paragraphs[0].runs[0].font.size = Pt(CHART_PT - 1)
        label.text_frame.paragraphs[0].runs[0].font.color.rgb = _rgb(style.TEXT)
        label.position = XL_LABEL_POSITION.INSIDE_BASE if ranged else XL_LABEL_POSITION.INSIDE_END
    return frame


def ranges_slides(prs, figure, meta: Mapping, panels: Sequence[RangePanel], number: int) -> int:
    """Add the slides of the ranges figure (``number`` is its figure number); return how many."""
    from analysis.figures import style
    from analysis.report.slide_parts import MARGIN, NOTE_PT, SLIDE_H, SLIDE_W, SUBTITLE_PT, TITLE_PT
    from analysis.report.slide_parts import lines_needed as _lines
    from analysis.report.slide_parts import text_box as _text_box

    width = SLIDE_W - 2 * MARGIN
    parts = [panels[k:k + PER_SLIDE] for k in range(0, len(panels), PER_SLIDE)]
    notes = [n for n in (meta.get("base", ""), (meta.get("notes") or [""])[0], LEFT_OUT, meta.get("source", "")) if n]
    for p, part in enumerate(parts):
        slide = prs.slides.add_slide(prs.slide_layouts[6])
        title = f"Figure {number}: {meta.get('title', figure.title)}" + (f" ({p + 1} of {len(parts)})"
                                                                          if len(parts) > 1 else "")
        head = [(title, TITLE_PT - 4, True, style.TEXT)]
        if meta.get("subtitle"):
            head.append((meta["subtitle"], SUBTITLE_PT - 2, False, style.MUTED_TEXT))
        head_h = 0.15 + sum(_lines(t, s, width) * s * 1.25 / 72 + s * 0.35 / 72 for t, s, _, _ in head)
        _text_box(slide, MARGIN, 0.2, width, head_h, head, name="Title")
        notes_h = 0.15 + sum(_lines(n, NOTE_PT, width) * NOTE_PT * 1.2 / 72 + NOTE_PT * 0.35 / 72 for n in notes)
        top = 0.2 + head_h + 0.05
        grid_h = max(SLIDE_H - top - notes_h - 0.15, 2.5)
        cols = 2 if len(part) > 1 else 1
        rows = -(-len(part) // cols)
        cell_w, cell_h = width / cols, grid_h / rows
        for k, panel in enumerate(part):
            alt = (f"{figure.alt_text} Measure {p * PER_SLIDE + k + 1} of {len(panels)}: {panel.title}: "
                   + "; ".join(f"{r.label} {r.text()}" for r in panel.rows) + ".")
            _range_chart(slide, panel, MARGIN + (k % cols) * cell_w, top + (k // cols) * cell_h, cell_w - 0.1,
                         cell_h - 0.05, alt_text=alt, name=f"Chart {figure.name} part {p * PER_SLIDE + k + 1}")
        _text_box(slide, MARGIN, top + grid_h + 0.05, width, notes_h,
                  [(n, NOTE_PT, False, style.MUTED_TEXT) for n in notes], name="Base, notes and source")
        slide.notes_slide.notes_text_frame.text = meta.get("long_description", "") or figure.long_description
    return len(parts)
