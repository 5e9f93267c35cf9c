"""Each figure at the sizes people paste it: a 16:9 slide image and a square social image.

Beside the document PNG (159 mm wide, as tall as its words need), the figures stage writes
per figure

- ``<name>_slide.png``: 1920 × 1080 px, for a 16:9 slide or a briefing page;
- ``<name>_square.png``: 1080 × 1080 px, for social media.

Each holds the title, the chart, the base, a short caveat and the source, so a copy pasted on
its own still says what it shows and where it comes from. The chart is redrawn from the
figure's percentages for reports (:mod:`analysis.figures.chart_data`), the numbers the page and
the deck show, with the report's marks (a dagger on an invented number, ``[c]`` and ``[x]``
beside a category), in the Analysis Function palette (:mod:`analysis.figures.style`).

Legible at its size: no text on the slide image is smaller than :data:`MIN_SLIDE_PX` pixels
(7 pt when the image is printed 16.5 cm wide on A4; 2.8% of the slide's height), none on
the square image smaller than :data:`MIN_SQUARE_PX`. Fixed metadata: the same numbers give the
same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

#: (width, height) in pixels of each kind.
SIZES = {"slide": (1920, 1080), "square": (1080, 1080)}
#: Smallest text, in pixels: 30 px on a 1920 px image printed 16.5 cm wide is 7.3 pt.
MIN_SLIDE_PX = 30
MIN_SQUARE_PX = 26
_DPI = 100  # pixels per inch of the canvas; 1 pt = 100/72 px


@dataclass(frozen=True)
class Sizes:
    """Text sizes of one kind of image, in pixels."""

    title: float
    label: float
    note: float


TEXT_PX = {"slide": Sizes(52, 32, MIN_SLIDE_PX), "square": Sizes(44, 28, MIN_SQUARE_PX)}


def file_name(figure: str, kind: str) -> str:
    """The image's file name.

    >>> file_name("fig1_headline", "slide"), file_name("fig1_headline", "square")
    ('fig1_headline_slide.png', 'fig1_headline_square.png')
    """
    return f"{figure}_{kind}.png"


def figure_of(stem: str) -> str:
    """The figure an image's stem belongs to.

    >>> figure_of("fig1_headline_slide"), figure_of("fig1_headline")
    ('fig1_headline', 'fig1_headline')
    """
    for kind in SIZES:
        if stem.endswith(f"_{kind}"):
            return stem[: -len(kind) - 1]
    return stem


def short_caveat(meta: Mapping, spec) -> list[str]:
    """The caveat lines an image carries: what its marks mean, the intervals, a reconstruction's status.

    >>> from analysis.figures.chart_data import ChartSpec
    >>> short_caveat({"is_reconstructed": True}, ChartSpec(()))
    ["Reconstructed data, not the survey's own responses: see the full note in the report."]

    A figure of published numbers only (its note says so) is not called reconstructed:

    >>> short_caveat({"is_reconstructed": True, "reconstruction_note": "Published figures: every ..."}, ChartSpec(()))
    ["Published figures: every percentage is the survey's own, as published."]
    """
    lines = []
    if meta.get("is_reconstructed") and str(meta.get("reconstruction_note", "")).startswith("Published figures"):
        lines.append("Published figures: every percentage is the survey's own, as published.")
    elif meta.get("is_reconstructed"):
        lines.append("Reconstructed data, not the survey's own responses: see the full note in the report.")
    elif meta.get("provenance") == "illustrative":
        lines.append("Illustrative data, not survey results.")
    lines += spec.mark_notes()
    if any(s.lower for p in spec.panels for s in p.series if any(v is not None for v in s.lower)):
        lines.append("Lines show 95% confidence intervals.")
    return lines


def _px_to_pt(px: float) -> float:
    return px * 72.0 / _DPI


def _wrap(text: str, px: float, width_px: float, weight: str = "normal") -> str:
    """Wrap ``text`` so that a line of it, at ``px`` pixels, is no wider than ``width_px``."""
    from analysis.figures.frame import wrap_text

    return wrap_text(None, text, size=_px_to_pt(px), width_pt=_px_to_pt(width_px), weight=weight)


def _text_px(text: str, px: float, weight: str = "normal") -> float:
    """Width in pixels of the widest line of ``text`` at ``px`` pixels."""
    from analysis.figures.frame import text_width

    return max(text_width(line, _px_to_pt(px), weight) for line in text.split("\n")) * _DPI / 72.0


def _labelled(panel, sizes: Sizes, height_px: float) -> bool:
    """Whether a panel ``height_px`` pixels tall has bars tall enough for their value labels."""
    height = 0.8 if panel.stacked else 0.8 / len(panel.series)
    return height * height_px / max(len(panel.categories), 1) >= sizes.note * 1.05


def _draw_panel(ax, panel, colours: Sequence[str], sizes: Sizes, *, width_px: float, height_px: float,
                label_px: float) -> bool:
    """One panel's bars, intervals and value labels; a label only where it fits beside or inside its bar.

    Returns whether the bars are tall enough for their value labels.
    """
    from analysis.figures import style

    cats = list(panel.categories)
    height = 0.8 if panel.stacked else 0.8 / len(panel.series)
    labelled = _labelled(panel, sizes, height_px)
    px_per_point = width_px / (100 if panel.stacked else 112)
    left = [0.0] * len(cats)
    marked = [any(s.invented[i] and s.values[i] is not None for s in panel.series) for i in range(len(cats))]
    whiskers = []  # drawn in one go, over the bars
    for k, (series, colour) in enumerate(zip(panel.series, colours)):
        bars = []  # (y, value, left) of the series' bars, drawn in one go
        for i, value in enumerate(series.values):
            if value is None:
                continue
            y = i if panel.stacked else i - 0.4 + height * (k + 0.5)
            x0 = left[i] if panel.stacked else 0.0
            bars.append((y, value, x0))
            label = f"{value:g}%" + ("\u2020" if series.invented[i] else "")
            if panel.stacked:
                if labelled and _text_px(label, sizes.note) + 6 <= value * px_per_point:
                    ax.text(x0 + value / 2, y, label, ha="center", va="center", fontsize=_px_to_pt(sizes.note),
                            color=style.text_colour_on(colour))
                left[i] += value
            else:
                lo = series.lower[i] if series.lower else None
                hi = series.upper[i] if series.upper else None
                if lo is not None and hi is not None:
                    whiskers.append((value, y, lo, hi))
                if labelled:
                    ax.text(max(value, hi or value) + 1.5, y, label, ha="left", va="center",
                            fontsize=_px_to_pt(sizes.note), color=style.TEXT)
        if bars:
            ys, values, x0s = zip(*bars)
            ax.barh(ys, values, height=height, left=x0s, color=colour, edgecolor="white", linewidth=1.0)
    if whiskers:
        style.errorbar(ax, *zip(*whiskers))
    ax.set_xlim(0, 112 if not panel.stacked else 100)
    ax.set_ylim(len(cats) - 0.5, -0.5)
    ax.set_yticks(range(len(cats)))
    # Without value labels, a category with an invented number carries the dagger itself.
    names = [c + (" \u2020" if m and not labelled else "") for c, m in zip(cats, marked)]
    ax.set_yticklabels([_wrap(c, sizes.label, label_px) for c in names], fontsize=_px_to_pt(sizes.label),
                       linespacing=1.0)
    ax.set_xticks([0, 20, 40, 60, 80, 100])
    ax.set_xticklabels([f"{v}%" for v in (0, 20, 40, 60, 80, 100)], fontsize=_px_to_pt(sizes.note))
    ax.tick_params(axis="y", length=0)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="x", color=style.GRID, linewidth=1.0)
    ax.set_axisbelow(True)
    if panel.title:
        ax.set_title(_wrap(panel.title, sizes.label, width_px + 20, "bold"), loc="left",
                     fontsize=_px_to_pt(sizes.label), fontweight="bold")
    return labelled


def render_sized(meta: Mapping, spec, kind: str) -> bytes:
    """One image of ``kind`` ("slide" or "square") as PNG bytes, with fixed metadata.

    ``meta`` is the figure's caption record (title, base, source, alt text, provenance),
    ``spec`` its :class:`analysis.figures.chart_data.ChartSpec`.
    """
    from analysis.figures import style
    from analysis.figures.png import figure_png

    fig = sized_figure(meta, spec, kind)
    metadata = {"Software": None, "Title": meta.get("title", ""), "Description": meta.get("alt_text", "")}
    with style.apply_style():
        return figure_png(fig, dpi=_DPI, metadata=metadata)


def _stated_first(panel, title: str):
    """``panel`` with the series whose whole-sample number the title states ("96.5% would value ...") first.

    The whole sample is a category whose label starts "All" ("All respondents", "All those who
    answered"); a title stating no number leaves the order as it is.
    """
    import re
    from dataclasses import replace

    stated = {float(x) for x in re.findall(r"(\d+(?:\.\d+)?)%", title)}
    whole = [i for i, c in enumerate(panel.categories) if str(c).startswith("All")]

    def states(s) -> bool:
        return any(s.values[i] is not None and any(abs(s.values[i] - x) < 1e-9 for x in stated) for i in whole)

    return replace(panel, series=tuple(sorted(panel.series, key=lambda s: not states(s))))


def fewer(spec, bars: int, *, title: str = ""):
    """The spec cut to at most ``bars`` bars, and a note saying what was left out ("" when nothing).

    Side-by-side series go first (those whose whole-sample number ``title`` states kept first, then
    the first ones), then whole panels (the first kept), then categories beyond ``bars`` (the first
    kept: the whole sample comes first). At least one bar stays.

    >>> from analysis.figures.chart_data import ChartSpec, Panel, Series
    >>> s = [Series(n, (1, 2, 3), (False,) * 3) for n in ("A", "B", "C")]
    >>> cut, note = fewer(ChartSpec((Panel("", ("x", "y", "z"), tuple(s)),)), 6)
    >>> [x.name for x in cut.panels[0].series], note
    (['A', 'B'], 'This image shows 2 of the 3 measures (A, B); the report has them all.')
    >>> cut, note = fewer(ChartSpec((Panel("", ("x", "y", "z"), tuple(s)),)), 3)
    >>> cut.panels[0].title, note
    ('A', 'This image shows 1 of the 3 measures (A); the report has them all.')
    """
    from dataclasses import replace

    def count(panels):
        return sum(len(p.categories) * (1 if p.stacked else len(p.series)) for p in panels)

    panels, notes = list(spec.panels), []
    series_names = [s.name for s in panels[0].series] if panels else []
    if count(panels) > bars and panels and not any(p.stacked for p in panels):
        keep = min(max(1, bars // max(sum(len(p.categories) for p in panels), 1)), len(series_names))
        if keep < len(series_names):
            panels = [_stated_first(p, title) for p in panels]
            series_names = [x.name for x in panels[0].series]
            # A lone measure names its panel (no legend is drawn for one series); a group with no number
            # left, and no mark, goes.
            panels = [_only_filled(replace(p, series=p.series[:keep], title=p.title or (p.series[0].name if keep == 1
                                                                                         else ""))) for p in panels]
            notes.append(f"{keep} of the {len(series_names)} measures ({', '.join(series_names[:keep])})")
    if count(panels) > bars and len(panels) > 1:
        kept = 1
        while kept < len(panels) and count(panels[:kept + 1]) <= bars:
            kept += 1
        notes.append(f"{kept} of the {len(panels)} charts ({', '.join(p.title for p in panels[:kept])})")
        panels = panels[:kept]
    if count(panels) > bars:
        p = panels[0]
        rows = max(1, bars // (1 if p.stacked else len(p.series)))
        if rows < len(p.categories):
            notes.append(f"the first {rows} of the {len(p.categories)} groups")
            panels = [replace(p, categories=p.categories[:rows],
                              series=tuple(replace(s, values=s.values[:rows], invented=s.invented[:rows],
                                                   lower=s.lower[:rows], upper=s.upper[:rows]) for s in p.series))]
    note = f"This image shows {' and '.join(notes)}; the report has them all." if notes else ""
    return replace(spec, panels=tuple(panels)), note


def _only_filled(panel):
    """The panel without the categories no series has a number for (a marked one, ``[c]`` or ``[x]``, stays)."""
    from dataclasses import replace

    keep = [i for i, c in enumerate(panel.categories)
            if c.endswith("]") or any(s.values[i] is not None for s in panel.series)]
    pick = lambda xs: tuple(xs[i] for i in keep) if xs else xs  # noqa: E731
    return replace(panel, categories=pick(panel.categories),
                   series=tuple(replace(s, values=pick(s.values), invented=pick(s.invented), lower=pick(s.lower),
                                        upper=pick(s.upper)) for s in panel.series))


#: Bars a square image tries first; fewer when its words leave less room (each bar as tall as its label).
SQUARE_BARS = 12


def sized_figure(meta: Mapping, spec, kind: str):
    """The matplotlib figure of :func:`render_sized`, :data:`SIZES` ``[kind]`` pixels at 100 dpi.

    A square image keeps its value labels: when its bars would be too thin to carry them, it
    shows fewer bars (:func:`fewer`) and says so under the chart.
    """
    if kind != "square":
        return _sized_figure(meta, spec, kind)
    kept, tried = (spec, ""), None
    for bars in range(SQUARE_BARS, 0, -1):
        cut, note = fewer(spec, bars, title=meta.get("title", ""))
        if _bars(cut) == tried:
            continue  # the same cut as the last try
        kept, tried = (cut, note), _bars(cut)
        if _sized_figure(meta, cut, kind, note=note, draw=False):  # laid out, not drawn
            break
    return _sized_figure(meta, kept[0], kind, note=kept[1])


def _bars(spec) -> int:
    return sum(len(p.categories) * (1 if p.stacked else len(p.series)) for p in spec.panels)


def _sized_figure(meta: Mapping, spec, kind: str, *, note: str = "", draw: bool = True):
    """One layout of :func:`sized_figure`; ``fig.labelled`` says whether every bar could carry its label.

    With ``draw=False`` only the layout is worked out (no figure is made) and the answer is that
    flag alone: the square image tries cuts of the chart that way before drawing the one it keeps.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    from analysis.figures import style
    from analysis.figures.chart_data import colours

    width, height = SIZES[kind]
    sizes = TEXT_PX[kind]
    margin = 48 if kind == "slide" else 40
    text_w = width - 2 * margin
    with style.apply_style():
        fig = Figure(figsize=(width / _DPI, height / _DPI), dpi=_DPI) if draw else None
        if draw:
            FigureCanvasAgg(fig)
        y = height - margin
        title = _wrap(meta.get("title", ""), sizes.title, text_w, "bold")
        if draw:
            fig.text(margin / width, y / height, title, ha="left", va="top", fontsize=_px_to_pt(sizes.title),
                     fontweight="bold", color=style.TEXT, linespacing=1.15)
        y -= (title.count("\n") + 1) * sizes.title * 1.25 + 8
        foot = foot_lines(meta, spec)
        if note:
            foot.insert(len(foot) - 1 if meta.get("source") else len(foot), note)
        foot_text = "\n".join(_wrap(x, sizes.note, text_w) for x in foot)
        foot_h = (foot_text.count("\n") + 1) * sizes.note * 1.3 if foot_text else 0
        if draw:
            fig.text(margin / width, margin / height, foot_text, ha="left", va="bottom",
                     fontsize=_px_to_pt(sizes.note), color=style.MUTED_TEXT, linespacing=1.2)
        panels = spec.panels
        first = panels[0]
        if any(len(p.series) > 1 for p in panels):
            handles = [Patch(color=c, label=sr.name) for sr, c in zip(first.series, colours(first))]
            widest = max(_text_px(h.get_label(), sizes.note) for h in handles) + 3 * sizes.note
            ncols = max(1, min(len(handles), int(text_w // widest)))
            if draw:
                fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(margin / width, y / height), ncols=ncols,
                           frameon=False, fontsize=_px_to_pt(sizes.note), borderaxespad=0, handlelength=1.2)
            y -= -(-len(handles) // ncols) * sizes.note * 1.45 + 10
        bottom = margin + foot_h + 16
        top = y - 10
        side_by_side = kind == "slide" and len(panels) > 1
        cell_w = text_w / len(panels) if side_by_side else text_w
        # Category labels take at most 40% of a panel's width, wrapped to it.
        widest = max(_text_px(c + " \u2020", sizes.label) for p in panels for c in p.categories)
        label_px = min(widest, cell_w * 0.4)
        labelled = True
        for k, panel in enumerate(panels):
            panel_w = (cell_w - label_px - 40) if side_by_side else (text_w - label_px - 20)
            titled = sizes.label * 1.3 * (_wrap(panel.title, sizes.label, panel_w + 20, "bold").count("\n") + 1) \
                if panel.title else 0
            if side_by_side:
                x0, w = margin + k * cell_w + label_px + 12, cell_w - label_px - 40
                b, h = bottom + sizes.note * 1.6, top - bottom - sizes.note * 1.6 - titled - 8
            else:
                cell_h = (top - bottom) / len(panels)
                x0, w = margin + label_px + 12, text_w - label_px - 20
                b = bottom + sizes.note * 1.6 + (len(panels) - 1 - k) * cell_h
                h = cell_h - sizes.note * 1.6 - titled - 8
            h = max(h, 40)
            if not draw:
                labelled &= _labelled(panel, sizes, h)
                continue
            ax = fig.add_axes((x0 / width, b / height, w / width, h / height))
            labelled &= _draw_panel(ax, panel, colours(panel), sizes, width_px=w, height_px=h, label_px=label_px)
    if not draw:
        return labelled
    fig.labelled = labelled
    return fig


def foot_lines(meta: Mapping, spec) -> list[str]:
    """The lines under the chart in the figure's SVG, as in the sized images: base, short caveat, source.

    >>> from analysis.figures.chart_data import ChartSpec
    >>> foot_lines({"base": "Base: all (n=692).", "source": "Source: a survey."}, ChartSpec(()))
    ['Base: all (n=692).', 'Source: a survey.']
    """
    return [x for x in (meta.get("base", ""), *short_caveat(meta, spec), meta.get("source", "")) if x]


def write_sized(out_dir, figure: str, meta: Mapping, percentages: bytes, *, images: bool = True) -> list[str]:
    """Write the slide and square images of ``figure`` beside its other files; return their names.

    The figure's SVG (``<figure>.svg``, when there) gets the same words as text: title above the
    chart, base, short caveat and source below it (:func:`analysis.figures.svg_caption.captioned_svg`),
    so a chart pasted from it still says what it shows. No image is written for a figure whose
    percentages hold no chart, nor for the ranges figure: its percentages are the reconstruction's
    estimates beside the ranges, not the ranges it draws, so a redraw from them would show invented
    numbers under a title about what the published figures allow (the deck draws the ranges
    themselves: :mod:`analysis.report.slide_ranges`).
    """
    from pathlib import Path

    from analysis.atomic import write_bytes
    from analysis.figures import RANGES_FIGURE
    from analysis.figures.chart_data import ChartSpec, chart_spec
    from analysis.figures.svg_caption import captioned_svg

    spec = ChartSpec(()) if figure == RANGES_FIGURE else chart_spec(percentages)
    svg = Path(out_dir) / f"{figure}.svg"
    if svg.is_file():
        write_bytes(svg, captioned_svg(svg.read_bytes(), title=meta.get("title", ""), lines=foot_lines(meta, spec),
                                       ident=figure))
    if not spec.panels:
        return []
    if not images:  # the figures stage keeps the images it wrote for the same figure
        return [file_name(figure, kind) for kind in SIZES]
    names = []
    for kind in SIZES:
        name = file_name(figure, kind)
        write_bytes(Path(out_dir) / name, render_sized(meta, spec, kind))
        names.append(name)
    return names
