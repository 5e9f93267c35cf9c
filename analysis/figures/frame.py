"""The words around a chart: title, subtitle and legend above it, base, notes and source below it.

:func:`frame_figure` wraps each text to the figure's width (:func:`wrap_text`, each word
measured once with the house font), grows the figure by exactly their height and fits the axes
into the chart's band; :func:`frame_of` says where that band is, for the chart-only SVG
(:mod:`analysis.figures.save`).
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

from analysis.figures.style import (EDGE_MM, FONT, GAP_MM, LABEL_SIZE, MM_PER_INCH, MUTED_TEXT, NOTE_SIZE,
                                    SUBTITLE_SIZE, TEXT, TITLE_SIZE, escape_mathtext,
                                    new_figure)  # noqa: F401 (new_figure: the examples use it)

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from analysis.figures.captions import Caption


#: Widths of words already measured, in points: (text, size, weight) -> width.
_WIDTHS: dict[tuple[str, float, str], float] = {}


def text_width(text: str, size: float, weight: str = "normal") -> float:
    """Width of one line of ``text`` in points (DejaVu Sans; the same at every dpi), measured once."""
    key = (text, size, weight)
    width = _WIDTHS.get(key)
    if width is None:
        from matplotlib.font_manager import FontProperties, findfont, get_font

        font = get_font(findfont(FontProperties(family=FONT, weight=weight)))
        font.set_size(size, 72.0)
        font.set_text(text, 0.0)
        width = _WIDTHS[key] = font.get_width_height()[0] / 64.0
    return width


def wrap_text(renderer, text: str, *, size: float, width_pt: float, weight: str = "normal") -> str:
    """Break ``text`` at spaces so that no line is wider than ``width_pt`` points.

    Each word is measured once; a line's width is its words' widths plus the spaces between
    them. ``renderer`` is accepted for callers that have one; the font is measured directly.

    >>> fig = new_figure()
    >>> wrap_text(fig.canvas.get_renderer(), "one two three four", size=8, width_pt=50)
    'one two\\nthree four'
    """
    space = text_width("a a", size, weight) - 2 * text_width("a", size, weight)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current, used = "", 0.0
        for word in paragraph.split():
            width = text_width(word, size, weight)
            if current and used + space + width > width_pt:
                lines.append(current)
                current, used = word, width
            else:
                current, used = (f"{current} {word}", used + space + width) if current else (word, width)
        lines.append(current)
    return "\n".join(lines)


@dataclass(frozen=True)
class Frame:
    """What :func:`frame_figure` put around a chart: the texts above and below it, and the chart's band.

    ``chart_band`` is (bottom, top) in inches from the figure's foot: the chart with its legend,
    without title, subtitle and notes (the SVG for a web page shows only this band).
    """

    texts: tuple
    chart_band: tuple[float, float]


#: The frame of each framed figure (read when saving the chart-only SVG).
_FRAMES: "weakref.WeakKeyDictionary[Figure, Frame]" = weakref.WeakKeyDictionary()


def frame_of(fig: Figure) -> Frame | None:
    """The :class:`Frame` :func:`frame_figure` drew around ``fig`` (None for a figure not framed)."""
    return _FRAMES.get(fig)


def frame_figure(fig: Figure, caption: "Caption", *, legend: Sequence | None = None) -> None:
    """Draw the header (title, subtitle, legend) and the notes, grow the figure to hold them, fit the axes.

    The figure comes from :func:`new_figure` with the chart's height; the title and subtitle
    go top left, then the legend; below the chart come the base, the notes (interval, small
    bases, what is left out, the reconstruction note) and the source, each wrapped to the
    figure's width. The figure grows by exactly the height of these words, so a long note never
    squeezes the chart, and the axes are fitted into the chart's band with one
    :meth:`matplotlib.figure.Figure.tight_layout` (which makes room for tick labels and panel
    titles).

    Parameters
    ----------
    fig : Figure
        A figure from :func:`new_figure` whose axes are drawn.
    caption : Caption
        Its caption (:class:`analysis.figures.captions.Caption`).
    legend : sequence of matplotlib artists, optional
        Legend handles (with labels) drawn under the subtitle, in the data's order, in as
        many columns as fit the width, for charts that cannot label their series directly.

    Examples
    --------
    >>> from analysis.figures.captions import Caption
    >>> fig = new_figure(); ax = fig.add_subplot()
    >>> frame_figure(fig, Caption(title="A title", subtitle="A subtitle", base="Base: all (n=10).",
    ...                           source="Source: a survey."))
    >>> [t.get_text() for t in fig.texts][:2]
    ['A title', 'A subtitle']
    >>> bool(fig.get_figheight() > 100 / MM_PER_INCH)
    True
    """
    renderer = fig.canvas.get_renderer()
    width_in, chart_in = fig.get_size_inches()
    edge = EDGE_MM / MM_PER_INCH
    gap = GAP_MM / MM_PER_INCH
    text_width_pt = (width_in - 2 * edge) * 72.0

    def text(words: str, *, size: float, weight: str = "normal", color: str = TEXT, va: str = "top"):
        wrapped = wrap_text(renderer, words, size=size, width_pt=text_width_pt, weight=weight)
        artist = fig.text(edge / width_in, 0.0, escape_mathtext(wrapped), ha="left", va=va, fontsize=size,
                          fontweight=weight, color=color, linespacing=1.25)
        return artist, artist.get_window_extent(renderer).height / fig.dpi

    # What goes above the chart, top down: (artist, its height, the space above it).
    above = [(*text(caption.title, size=TITLE_SIZE, weight="bold"), edge)]
    if caption.subtitle:
        above.append((*text(caption.subtitle, size=SUBTITLE_SIZE, color=MUTED_TEXT), gap * 0.6))
    key = None
    if legend:
        for ncols in range(len(legend), 0, -1):  # one row if it fits the width, else fewer columns
            key = fig.legend(handles=list(legend), loc="upper left", bbox_to_anchor=(edge / width_in, 1.0),
                             ncols=ncols, frameon=False, fontsize=LABEL_SIZE, borderaxespad=0.0, borderpad=0.0,
                             handlelength=1.4, handletextpad=0.5, columnspacing=1.4)
            if key.get_window_extent(renderer).width <= text_width_pt / 72.0 * fig.dpi or ncols == 1:
                break
            key.remove()
    key_in = key.get_window_extent(renderer).height / fig.dpi if key is not None else 0.0
    notes = "\n".join(caption.footer_lines())
    below = text(notes, size=NOTE_SIZE, color=MUTED_TEXT, va="bottom") if notes else None

    header_in = sum(h + space for _, h, space in above)
    legend_in = key_in + gap * 0.6 if key is not None else 0.0
    footer_in = edge + (below[1] + gap if below else 0.0)
    total = header_in + legend_in + gap + chart_in + footer_in
    fig.set_size_inches(width_in, total)

    y = total
    for artist, h, space in above:
        y -= space
        artist.set_y(y / total)
        y -= h
    header_foot = y
    if key is not None:
        y -= gap * 0.6
        key.set_bbox_to_anchor((edge / width_in, y / total), transform=fig.transFigure)
        y -= key_in
    top = (y - gap) / total
    if below:
        below[0].set_y(edge / total)
    bottom = footer_in / total
    _tight_layout(fig, (0.0, bottom, 1.0, top))
    if _wrap_panel_titles(fig, renderer):
        _tight_layout(fig, (0.0, bottom, 1.0, top))
    texts = tuple(a for a, _, _ in above) + ((below[0],) if below else ())
    _FRAMES[fig] = Frame(texts, (max(footer_in - gap * 0.5, 0.0), min(header_foot + gap * 0.3, total)))


def _tight_layout(fig: Figure, rect: tuple[float, float, float, float]) -> None:
    """:meth:`matplotlib.figure.Figure.tight_layout` into ``rect``, each axes measured once.

    Given a ``rect``, matplotlib works out the margins twice (once for the whole figure, once
    more inside the rectangle), measuring every axes with its tick labels and titles both times
    while no axes moves in between. Each axes' measure is kept for the second time, so the layout
    is the same at half the cost.

    The layout is done once, here: the figure is left with no layout engine, where
    ``tight_layout`` leaves a placeholder that makes every ``savefig`` lay the whole figure out
    once more (a full draw with the drawing switched off) before drawing it.
    """
    measured: dict = {}

    def measure_once(ax):
        original = ax.get_tightbbox

        def get_tightbbox(*args, **kwargs):
            key = (id(ax), args, tuple(sorted(kwargs.items())))
            try:
                return measured[key]
            except KeyError:
                measured[key] = original(*args, **kwargs)
                return measured[key]
            except TypeError:  # an argument that cannot be a key: measured afresh
                return original(*args, **kwargs)
        return get_tightbbox

    for ax in fig.axes:
        ax.get_tightbbox = measure_once(ax)
    try:
        fig.tight_layout(rect=rect, pad=0.5, h_pad=0.6, w_pad=1.2)
    finally:
        for ax in fig.axes:
            ax.__dict__.pop("get_tightbbox", None)
    fig.set_layout_engine(None)


def _wrap_panel_titles(fig: Figure, renderer) -> bool:
    """Wrap left-hand panel titles wider than their panel; True when any changed."""
    changed = False
    for ax in fig.axes:
        title = ax.get_title(loc="left")
        if not title:
            continue
        width_pt = ax.get_window_extent(renderer).width * 72.0 / fig.dpi
        wrapped = wrap_text(renderer, title, size=LABEL_SIZE, width_pt=width_pt, weight="bold")
        if wrapped != title:
            ax.set_title(wrapped, loc="left", fontsize=LABEL_SIZE, fontweight="bold", pad=4)
            changed = True
    return changed
