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

import io
import textwrap
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
    """
    lines = []
    if meta.get("is_reconstructed"):
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
    from analysis.figures.frame import _text_width_pt

    return max(_text_width_pt(line, _px_to_pt(px), weight) for line in text.split("\n")) * _DPI / 72.0


def _draw_panel(ax, panel, colours: Sequence[str], sizes: Sizes, *, width_px: float, height_px: float,
                label_px: float) -> None:
    """One panel's bars, intervals and value labels; a label only where it fits beside or inside its bar."""
    from analysis.figures import style

    cats = list(panel.categories)
    n_series = len(panel.series)
    height = 0.8 if panel.stacked else 0.8 / n_series
    bar_px = height * height_px / max(len(cats), 1)
    labelled = bar_px >= sizes.note * 1.05
    px_per_point = width_px / (100 if panel.stacked else 112)
    left = [0.0] * len(cats)
    marked = [any(s.invented[i] and s.values[i] is not None for s in panel.series) for i in range(len(cats))]
    for k, (series, colour) in enumerate(zip(panel.series, colours)):
        for i, value in enumerate(series.values):
            if value is None:
                continue
            y = i if panel.stacked else i - 0.4 + height * (k + 0.5)
            x0 = left[i] if panel.stacked else 0.0
            ax.barh(y, value, height=height, left=x0, color=colour, edgecolor="white", linewidth=1.0)
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
                    style.errorbar(ax, value, y, lo, hi)
                if labelled:
                    ax.text(max(value, hi or value) + 1.5, y, label, ha="left", va="center",
                            fontsize=_px_to_pt(sizes.note), color=style.TEXT)
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


def render_sized(meta: Mapping, spec, kind: str) -> bytes:
    """One image of ``kind`` ("slide" or "square") as PNG bytes, with fixed metadata.

    ``meta`` is the figure's caption record (title, base, source, alt text, provenance),
    ``spec`` its :class:`analysis.figures.chart_data.ChartSpec`.
    """
    from analysis.figures import style

    fig = sized_figure(meta, spec, kind)
    buf = io.BytesIO()
    metadata = {"Software": None, "Title": meta.get("title", ""), "Description": meta.get("alt_text", "")}
    with style.apply_style():
        fig.savefig(buf, format="png", dpi=_DPI, metadata=metadata, pil_kwargs={"compress_level": 1})
    return buf.getvalue()


def sized_figure(meta: Mapping, spec, kind: str):
    """The matplotlib figure of :func:`render_sized`, :data:`SIZES` ``[kind]`` pixels at 100 dpi."""
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
        fig = Figure(figsize=(width / _DPI, height / _DPI), dpi=_DPI)
        FigureCanvasAgg(fig)
        y = height - margin
        title = _wrap(meta.get("title", ""), sizes.title, text_w, "bold")
        fig.text(margin / width, y / height, title, ha="left", va="top", fontsize=_px_to_pt(sizes.title),
                 fontweight="bold", color=style.TEXT, linespacing=1.15)
        y -= (title.count("\n") + 1) * sizes.title * 1.25 + 8
        foot = [meta.get("base", ""), *short_caveat(meta, spec), meta.get("source", "")]
        foot_text = "\n".join(_wrap(x, sizes.note, text_w) for x in foot if x)
        foot_h = (foot_text.count("\n") + 1) * sizes.note * 1.3 if foot_text else 0
        fig.text(margin / width, margin / height, foot_text, ha="left", va="bottom", fontsize=_px_to_pt(sizes.note),
                 color=style.MUTED_TEXT, linespacing=1.2)
        panels = spec.panels
        first = panels[0]
        if any(len(p.series) > 1 for p in panels):
            handles = [Patch(color=c, label=sr.name) for sr, c in zip(first.series, colours(first))]
            widest = max(_text_px(h.get_label(), sizes.note) for h in handles) + 3 * sizes.note
            ncols = max(1, min(len(handles), int(text_w // widest)))
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
            ax = fig.add_axes((x0 / width, b / height, w / width, h / height))
            _draw_panel(ax, panel, colours(panel), sizes, width_px=w, height_px=h, label_px=label_px)
    return fig


def write_sized(out_dir, figure: str, meta: Mapping, percentages: bytes) -> list[str]:
    """Write the slide and square images of ``figure`` beside its other files; return their names.

    Nothing is written for a figure whose percentages hold no chart.
    """
    from pathlib import Path

    from analysis.atomic import write_bytes
    from analysis.figures.chart_data import chart_spec

    spec = chart_spec(percentages)
    if not spec.panels:
        return []
    names = []
    for kind in SIZES:
        name = file_name(figure, kind)
        write_bytes(Path(out_dir) / name, render_sized(meta, spec, kind))
        names.append(name)
    return names
