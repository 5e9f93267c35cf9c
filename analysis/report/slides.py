"""The PowerPoint deck of a wave: ``reports/<wave>/<wave>.pptx``, each figure a native chart.

One slide per figure of the report (the ranges figure of a reconstructed wave, from the
report's reproduction section, last, as native range bars: :mod:`analysis.report.slide_ranges`),
each holding

- the figure's title and subtitle (measure, population, period) as text;
- the chart as a **native PowerPoint chart** (python-pptx): its numbers are held inside it (an
  embedded workbook), so it can be recoloured, filtered and restyled in PowerPoint without
  retyping a number; bars in the Analysis Function palette (:mod:`analysis.figures.style`),
  categories top down in the report's order, values labelled directly;
- the chart's alt text (the picture's description, read by screen readers);
- the base and n, every note (interval method, small bases, what is withheld and why, a
  reconstruction's note) and the source, as text on the slide;
- the report's marks: a dagger on each number a reconstruction invented (in the data label's
  number format, so the number stays a number), ``[c]`` beside a category withheld by disclosure
  control and ``[x]`` beside one not shown, each explained on the slide.

An opening slide gives the key findings and "About this survey" (what the survey is, what its
numbers can support, a reconstruction's note), a second the rest of "About this survey" in full
(recruitment, who could answer, strengths and limitations, contact), and a closing slide the
suggested citation (:mod:`analysis.report.about`, through :mod:`analysis.report.office_text`). The numbers are the figure's
percentages for reports (``figures/<wave>/<name>_percentages.csv``, read by the report from
the protected tables): nothing is computed here (:mod:`analysis.figures.chart_data`). The
speaker notes of each figure slide hold its long description.

Same inputs, same bytes: the document's dates and every zip entry's are the wave's publication
date (:mod:`analysis.report.ooxml`).

References
----------
Analysis Function (2023), *Data visualisation: charts*, UK Government Analysis Function
guidance. R packages ``officer`` and ``mschart`` (Gohel), which write native Office charts
from R, are the model for the chart part.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Mapping, Sequence

if TYPE_CHECKING:  # pragma: no cover
    from analysis.report.html import FigureFiles

from analysis.report.slide_parts import (CHART_PT, FONT, INVENTED_FORMAT, MARGIN, NOTE_PT,  # noqa: F401
                                        PERCENT_FORMAT, SLIDE_H, SLIDE_W, SUBTITLE_PT, TITLE_PT, axis_at_foot,
                                        lines_needed as _lines, rgb as _rgb, text_box as _text_box)

#: Segments of a stacked bar narrower than this (percentage points) carry no label, as in the report's charts.
SMALL_SEGMENT = 10


def _add_number_format(point_label, code: str) -> None:
    """Give one data label its own number format (python-pptx sets it only for all labels at once)."""
    from pptx.oxml.ns import qn
    from lxml import etree

    dlbl = point_label._get_or_add_dLbl()
    fmt = etree.SubElement(dlbl, qn("c:numFmt"))
    fmt.set("formatCode", code)
    fmt.set("sourceLinked", "0")
    dlbl.remove(fmt)
    dlbl.find(qn("c:idx")).addnext(fmt)


def _hide_label(point_label) -> None:
    """No label on one point (a narrow segment)."""
    from pptx.oxml.ns import qn

    dlbl = point_label._get_or_add_dLbl()
    dlbl.find(qn("c:showVal")).set("val", "0")


def _error_bars(series, spec) -> None:
    """The interval of each bar as a custom error bar (its ends held in the chart, beside the values)."""
    from lxml import etree
    from pptx.oxml.ns import nsdecls, qn

    from analysis.figures import style

    def literal(tag, values):
        pts = "".join(f'<c:pt idx="{k}"><c:v>{v:g}</c:v></c:pt>' for k, v in enumerate(values) if v is not None)
        return f"<c:{tag}><c:numLit><c:formatCode>General</c:formatCode><c:ptCount val=\"{len(values)}\"/>{pts}</c:numLit></c:{tag}>"

    def diff(a, b):
        return None if a is None or b is None else round(a - b, 6)

    plus = [diff(u, v) for v, u in zip(spec.values, spec.upper)]
    minus = [diff(v, lo) for v, lo in zip(spec.values, spec.lower)]
    colour = style.TEXT.lstrip("#")
    xml = (f"<c:errBars {nsdecls('c', 'a')}><c:errBarType val=\"both\"/><c:errValType val=\"cust\"/>"
           f"<c:noEndCap val=\"0\"/>{literal('plus', plus)}{literal('minus', minus)}"
           f"<c:spPr><a:ln w=\"12700\"><a:solidFill><a:srgbClr val=\"{colour}\"/></a:solidFill></a:ln></c:spPr>"
           "</c:errBars>")
    ser = series._element
    ser.find(qn("c:cat")).addprevious(etree.fromstring(xml))


def _chart(slide, panel, left, top, width, height, *, alt_text: str, name: str):
    """One native bar chart of a panel, with its data inside, palette colours and direct labels."""
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
    from pptx.util import Inches, Pt

    from analysis.figures import style
    from analysis.figures.chart_data import colours
    from analysis.figures.style import text_colour_on

    data = CategoryChartData(number_format=PERCENT_FORMAT)
    data.categories = list(panel.categories)
    for s in panel.series:
        data.add_series(s.name, list(s.values), number_format=PERCENT_FORMAT)
    kind = XL_CHART_TYPE.BAR_STACKED if panel.stacked else XL_CHART_TYPE.BAR_CLUSTERED
    frame = slide.shapes.add_chart(kind, Inches(left), Inches(top), Inches(width), Inches(height), data)
    frame.name = name
    frame._element.nvGraphicFramePr.cNvPr.set("descr", alt_text)
    chart = frame.chart
    chart.font.name = FONT
    chart.font.size = Pt(CHART_PT)
    chart.font.color.rgb = _rgb(style.TEXT)
    if panel.title:
        chart.has_title = True
        chart.chart_title.text_frame.text = panel.title
        chart.chart_title.text_frame.paragraphs[0].runs[0].font.size = Pt(CHART_PT)
        chart.chart_title.text_frame.paragraphs[0].runs[0].font.bold = True
    else:
        chart.has_title = False
    chart.has_legend = len(panel.series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.TOP
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(CHART_PT)
    cat = chart.category_axis
    cat.reverse_order = True  # top down in the report's order
    cat.has_major_gridlines = False
    cat.tick_labels.font.size = Pt(CHART_PT)
    val = chart.value_axis
    val.minimum_scale = 0
    val.maximum_scale = 100
    val.major_unit = 20
    axis_at_foot(val)  # with the categories reversed, the percentage axis stays at the foot
    val.has_major_gridlines = True
    val.major_gridlines.format.line.color.rgb = _rgb(style.GRID)
    val.tick_labels.number_format = PERCENT_FORMAT
    val.tick_labels.number_format_is_linked = False
    val.tick_labels.font.size = Pt(CHART_PT)
    plot = chart.plots[0]
    plot.gap_width = 40
    if panel.stacked:
        plot.overlap = 100
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = PERCENT_FORMAT
    labels.number_format_is_linked = False
    labels.show_value = True
    labels.font.size = Pt(CHART_PT)
    if not panel.stacked:
        labels.position = XL_LABEL_POSITION.INSIDE_BASE  # clear of the interval's whiskers
    for s, colour, spec in zip(plot.series, colours(panel), panel.series):
        s.format.fill.solid()
        s.format.fill.fore_color.rgb = _rgb(colour)
        s.invert_if_negative = False
        s.data_labels.font.color.rgb = _rgb(text_colour_on(colour))
        s.data_labels.font.size = Pt(CHART_PT)
        s.data_labels.number_format = PERCENT_FORMAT
        s.data_labels.number_format_is_linked = False
        s.data_labels.show_value = True
        if not panel.stacked:
            s.data_labels.position = XL_LABEL_POSITION.INSIDE_BASE
        for k, (value, invented) in enumerate(zip(spec.values, spec.invented)):
            if panel.stacked and value is not None and value < SMALL_SEGMENT:
                _hide_label(s.points[k].data_label)
            elif invented and value is not None:
                _add_number_format(s.points[k].data_label, INVENTED_FORMAT)
        if not panel.stacked and spec.lower and any(v is not None for v in spec.lower):
            _error_bars(s, spec)
    return frame


def _figure_slide(prs, figure: "FigureFiles", meta: Mapping, spec, number: int) -> None:
    from analysis.figures import style

    slide = prs.slides.add_slide(prs.slide_layouts[6])  # blank
    width = SLIDE_W - 2 * MARGIN
    title = f"Figure {number}: {meta.get('title', figure.title)}"
    subtitle = meta.get("subtitle", "")
    head = [(title, TITLE_PT - 4, True, style.TEXT)] + ([(subtitle, SUBTITLE_PT - 2, False, style.MUTED_TEXT)]
                                                         if subtitle else [])
    head_h = 0.15 + sum(_lines(t, size, width) * size * 1.25 / 72 + size * 0.35 / 72 for t, size, _, _ in head)
    _text_box(slide, MARGIN, 0.2, width, head_h, head, name="Title")
    notes = [meta.get("base", ""), *spec.mark_notes(), *meta.get("notes", []), meta.get("source", "")]
    notes = [n for n in notes if n]
    notes_h = 0.15 + sum(_lines(n, NOTE_PT, width) * NOTE_PT * 1.2 / 72 + NOTE_PT * 0.35 / 72 for n in notes)
    top = 0.2 + head_h + 0.05
    chart_h = max(SLIDE_H - top - notes_h - 0.15, 2.5)
    panels = spec.panels
    each = width / len(panels)
    for k, panel in enumerate(panels):
        alt = figure.alt_text if len(panels) == 1 else f"{figure.alt_text} Part {k + 1} of {len(panels)}: {panel.title}."
        _chart(slide, panel, MARGIN + k * each, top, each - 0.1, chart_h, alt_text=alt,
               name=f"Chart {figure.name}" + (f" part {k + 1}" if len(panels) > 1 else ""))
    _text_box(slide, MARGIN, top + chart_h + 0.05, width, notes_h,
              [(n, NOTE_PT, False, style.MUTED_TEXT) for n in notes], name="Base, notes and source")
    slide.notes_slide.notes_text_frame.text = meta.get("long_description", "") or figure.long_description


def _opening_slide(prs, title: str, findings: Sequence[str], about: Sequence[tuple[str, str]],
                   provenance_note: str) -> None:
    """Key findings on the left; on the right what the survey is, what its numbers can support, its status."""
    from analysis.figures import style
    from analysis.report.office_text import ABOUT_HEADING

    slide = prs.slides.add_slide(prs.slide_layouts[6])
    width = SLIDE_W - 2 * MARGIN
    _text_box(slide, MARGIN, 0.25, width, 0.9, [(title, TITLE_PT, True, style.TEXT)], name="Title")
    half = width / 2 - 0.15
    size = 13 if sum(len(f) for f in findings) < 900 else 11
    _text_box(slide, MARGIN, 1.2, half, SLIDE_H - 1.5,
              [("Key findings", 16, True, style.PALETTE["dark_blue"])]
              + [(f"\u2022 {f}", size, False, style.TEXT) for f in findings], name="Key findings")
    lines = [(ABOUT_HEADING, 16, True, style.PALETTE["dark_blue"])]
    lines += [(text if heading == ABOUT_HEADING else f"{heading}: {text}", 10, False, style.TEXT)
              for heading, text in about]
    if provenance_note:
        lines.append((provenance_note, 10, True, style.TEXT))
    _text_box(slide, MARGIN + half + 0.3, 1.2, half, SLIDE_H - 1.5, lines, name=ABOUT_HEADING)


def _about_slide(prs, sections: Sequence[tuple[str, str]]) -> None:
    """The rest of "About this survey", in full, in two columns."""
    from analysis.figures import style
    from analysis.report.office_text import ABOUT_HEADING

    slide = prs.slides.add_slide(prs.slide_layouts[6])
    width = SLIDE_W - 2 * MARGIN
    _text_box(slide, MARGIN, 0.25, width, 0.8, [(f"{ABOUT_HEADING}: how it was done", TITLE_PT - 4, True,
                                                 style.TEXT)], name="Title")
    half = width / 2 - 0.15
    total = sum(len(t) for _, t in sections)
    left, used = [], 0
    for section in sections:
        (left if used < total / 2 else []).append(section)
        used += len(section[1])
    right = [s for s in sections if s not in left]
    for k, column in enumerate((left, right)):
        paragraphs = []
        for heading, text in column:
            paragraphs += [(heading, 12, True, style.PALETTE["dark_blue"]), (text, 10, False, style.TEXT)]
        if paragraphs:
            _text_box(slide, MARGIN + k * (half + 0.3), 1.1, half, SLIDE_H - 1.3, paragraphs,
                      name=f"{ABOUT_HEADING} {k + 1}")


def _closing_slide(prs, citation: str, source: str, footer: str) -> None:
    from analysis.figures import style
    from analysis.report.office_text import CITATION_HEADING

    slide = prs.slides.add_slide(prs.slide_layouts[6])
    width = SLIDE_W - 2 * MARGIN
    _text_box(slide, MARGIN, 0.4, width, 0.9, [(CITATION_HEADING, TITLE_PT, True, style.TEXT)], name="Title")
    _text_box(slide, MARGIN, 1.5, width, SLIDE_H - 2.0,
              [(citation, 16, False, style.TEXT)] + [(x, 12, False, style.MUTED_TEXT) for x in (source, footer) if x],
              name="Citation")


def deck_bytes(report: Mapping, wave: str, figures_dir, codebook=None) -> bytes:
    """The deck of one wave as ``.pptx`` bytes, identical for identical inputs.

    Parameters
    ----------
    report : mapping
        What :func:`analysis.report.stage.build` returns (title, findings, figures, cover, footer).
    wave : str
        The wave's name.
    figures_dir : path
        ``figures/<wave>/``: each figure's JSON caption record is read there.
    """
    import json
    from pathlib import Path

    from pptx import Presentation
    from pptx.util import Inches

    from analysis.figures import RANGES_FIGURE
    from analysis.figures.chart_data import chart_spec
    from analysis.report.office_text import about_and_citation, split_summary
    from analysis.report.slide_ranges import range_panels, ranges_slides
    from analysis.report.ooxml import saved_document
    from analysis.report.workbook import fixed_time

    cover = report["cover"]
    about, citation = about_and_citation(report, wave, codebook)
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(SLIDE_W), Inches(SLIDE_H)
    summary, rest = split_summary(about)
    _opening_slide(prs, report["title"], report["findings"], summary, cover.provenance_note)
    if rest:
        _about_slide(prs, rest)
    number = 0
    repro = report.get("repro")
    ranges = [f for f in (repro if isinstance(repro, list) else []) if getattr(f, "name", "") == RANGES_FIGURE]
    for figure in [*report["figures"], *ranges]:
        meta_path = Path(figures_dir) / f"{figure.name}.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
        if figure.name == RANGES_FIGURE:  # its own kind of chart: the range of each group, from its analysts' CSV
            panels = range_panels(figure.csv) if figure.csv and not figure.withheld else []
            if panels:
                number += 1
                ranges_slides(prs, figure, meta, panels, number)
            continue
        spec = chart_spec(figure.percentages) if figure.percentages else None
        if spec is None or not spec.panels:
            continue
        number += 1
        _figure_slide(prs, figure, meta, spec, number)
    source = f"Source: {cover.source}." if cover.source else ""
    _closing_slide(prs, citation, source, report.get("footer", ""))
    when = fixed_time(cover.published)
    return saved_document(prs, report["title"], when)


def write_deck(path, report: Mapping, wave: str, figures_dir, codebook=None) -> None:
    """Write :func:`deck_bytes` atomically to ``path``."""
    from analysis.atomic import write_bytes

    write_bytes(path, deck_bytes(report, wave, figures_dir, codebook))
