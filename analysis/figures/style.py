"""The one shared style of every figure: palette, fonts, sizes, axes.

Colours follow the UK Government Analysis Function palette (afcharts); the
font is DejaVu Sans, which ships with matplotlib, so a figure renders to the
same bytes on every machine. Figures are 159 mm wide (a landscape chart on an
A4 page), as tall as their chart and words need, with the title and subtitle
above the chart and the base, notes and source below it. No chart module sets
its own colours: they read them here.

Text is sized for a phone: a chart 159 mm wide shown 358 px wide (a 390 px
screen less its margins) keeps every text at least 9 CSS px (:func:`css_px`),
so the smallest text is 11.5 pt. The same ratio holds in the PNG at any size.

Every figure is made on a :class:`matplotlib.figure.Figure` with an Agg
canvas (no pyplot, no global state) by :func:`new_figure`; the words around the
chart are set by :mod:`analysis.figures.frame` and the files written by
:mod:`analysis.figures.save`.

>>> fig = new_figure()
>>> [round(float(v), 1) for v in fig.get_size_inches() * MM_PER_INCH]
[159.0, 100.0]
>>> PALETTE["dark_blue"], TWO_SERIES
('#12436D', ('#12436D', '#F46A25'))
>>> css_px(NOTE_SIZE) >= MIN_CSS_PX
True
"""

from __future__ import annotations

import contextlib
from typing import Iterator, Sequence

import matplotlib

matplotlib.use("Agg")

from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

# --------------------------------------------------------------------------- palette
#: Analysis Function categorical palette, in its order (CONVENTIONS.md).
PALETTE = {
    "dark_blue": "#12436D",
    "turquoise": "#28A197",
    "dark_pink": "#801650",
    "orange": "#F46A25",
    "dark_grey": "#3D3D3D",
    "light_purple": "#A285D1",
}
CATEGORICAL = tuple(PALETTE.values())
#: Two series only: dark blue and orange.
TWO_SERIES = (PALETTE["dark_blue"], PALETTE["orange"])
#: Sequential, dark to light.
SEQUENTIAL = ("#092135", "#12436D", "#2073BC", "#6BACE6", "#ADD1F1")
#: Focus: one series against grey.
FOCUS = PALETTE["dark_blue"]
FOCUS_GREY = "#BFBFBF"
#: A four-point scale, negative end first: two warm palette colours, then two cool.
#: Segments are separated by white edges and labelled, so colour is never the only cue.
DIVERGING_4 = (PALETTE["dark_pink"], PALETTE["orange"], PALETTE["turquoise"], PALETTE["dark_blue"])
#: Fill of single-series bars: the same dark blue as every other single series (error bars are drawn
#: over it with a white edge, :data:`ERRORBAR_HALO`, so they show across it).
BAR_FILL = PALETTE["dark_blue"]
#: "Don't know" and other answers shown apart from a scale.
APART = FOCUS_GREY
TEXT = "#0B0C0C"
MUTED_TEXT = "#3D3D3D"
GRID = "#D9D9D9"
AXIS = "#3D3D3D"

# --------------------------------------------------------------------------- sizes
MM_PER_INCH = 25.4
WIDTH_MM = 159.0
#: Height of a blank figure; a framed figure is as tall as its chart plus its header and notes.
HEIGHT_MM = 100.0
DPI = 300
FONT = "DejaVu Sans"
#: A 390 px phone screen leaves about 358 px for a chart; no text may show smaller than 9 CSS px there.
PHONE_WIDTH_PX = 358
MIN_CSS_PX = 9.0
TITLE_SIZE = 14.0
SUBTITLE_SIZE = 12.0
LABEL_SIZE = 11.5
DATA_LABEL_SIZE = 11.5
NOTE_SIZE = 11.5
#: Space around the figure edge and between blocks, in millimetres.
EDGE_MM = 3.0
GAP_MM = 1.6

#: Fixed salt for the ids matplotlib writes into SVG files.
SVG_HASH_SALT = "surveykit-figures"

RC = {
    "font.family": "sans-serif",
    "font.sans-serif": [FONT],
    "font.size": LABEL_SIZE,
    "text.color": TEXT,
    "axes.edgecolor": AXIS,
    "axes.labelcolor": TEXT,
    "axes.labelsize": LABEL_SIZE,
    "axes.titlesize": LABEL_SIZE,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.linewidth": 0.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "axes.axisbelow": True,
    "grid.color": GRID,
    "grid.linewidth": 0.5,
    "xtick.color": AXIS,
    "ytick.color": AXIS,
    "xtick.labelcolor": TEXT,
    "ytick.labelcolor": TEXT,
    "xtick.labelsize": LABEL_SIZE,
    "ytick.labelsize": LABEL_SIZE,
    "xtick.major.size": 2.5,
    "ytick.major.size": 0,
    "xtick.major.width": 0.6,
    "legend.frameon": False,
    "legend.fontsize": LABEL_SIZE,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "svg.hashsalt": SVG_HASH_SALT,
    "svg.fonttype": "none",
    "svg.id": "figure",
    "path.simplify": True,
    "image.interpolation": "nearest",
}



@contextlib.contextmanager
def apply_style() -> Iterator[None]:
    """Context in which matplotlib uses the shared style (the rc settings above).

    >>> import matplotlib
    >>> with apply_style():
    ...     matplotlib.rcParams["svg.hashsalt"]
    'surveykit-figures'
    """
    with matplotlib.rc_context(RC):
        yield


def css_px(size_pt: float, *, width_mm: float = WIDTH_MM) -> float:
    """CSS pixels of a ``size_pt`` text in a figure ``width_mm`` wide shown :data:`PHONE_WIDTH_PX` wide.

    SVG user units are points, and a PNG scales as a whole, so a text shows at its size times the
    display width over the figure's width.

    >>> round(css_px(8.0), 2), round(css_px(11.5), 2)
    (6.35, 9.13)
    """
    return size_pt * PHONE_WIDTH_PX / (width_mm / MM_PER_INCH * 72.0)


def new_figure(*, height_mm: float = HEIGHT_MM) -> Figure:
    """A blank figure of the house width with an Agg canvas attached, ``height_mm`` for the chart.

    :func:`frame_figure` adds the height of the title, subtitle, legend and notes.

    >>> new_figure(height_mm=120).get_size_inches().round(3).tolist()
    [6.26, 4.724]
    """
    fig = Figure(figsize=(WIDTH_MM / MM_PER_INCH, height_mm / MM_PER_INCH), dpi=100)
    FigureCanvasAgg(fig)
    return fig


def rows_height(rows: int, *, per_row_mm: float = 11.0, extra_mm: float = 18.0) -> float:
    """Height of a chart of ``rows`` rows, in millimetres: room for two-line labels, the axis and its title.

    >>> rows_height(6, per_row_mm=14.0, extra_mm=22.0)
    106.0
    """
    return extra_mm + per_row_mm * max(rows, 1)


# --------------------------------------------------------------------------- text and axes


def escape_mathtext(text: str) -> str:
    """Escape dollar signs so matplotlib draws them as text.

    >>> escape_mathtext("£5 or $5")
    '£5 or \\\\$5'
    """
    return text.replace("$", r"\$")


def percent_axis(ax, *, axis: str = "x", upper: float = 1.0, step: float = 0.2) -> None:
    """Ticks every ``step`` from 0 to ``upper`` labelled as whole percentages, with light gridlines.

    >>> fig = new_figure(); ax = fig.add_subplot(); percent_axis(ax)
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['0%', '20%', '40%', '60%', '80%', '100%']
    """
    count = int(round(upper / step))
    ticks = [round(i * step, 10) for i in range(count + 1)]
    if axis == "x":
        ax.set_xlim(0, upper)
        ax.spines["bottom"].set_bounds(0, upper)
        ax.set_xticks(ticks)
        ax.set_xticklabels([f"{v * 100:.0f}%" for v in ticks])
        ax.grid(axis="x", color=GRID, linewidth=0.5)
    else:
        ax.set_ylim(0, upper)
        ax.set_yticks(ticks)
        ax.set_yticklabels([f"{v * 100:.0f}%" for v in ticks])
        ax.grid(axis="y", color=GRID, linewidth=0.5)


def category_axis(ax, labels: Sequence[str], *, width_chars: int = 30) -> None:
    """Horizontal category labels on the y axis, top to bottom in the order given, wrapped to ``width_chars``.

    >>> fig = new_figure(); ax = fig.add_subplot(); category_axis(ax, ["A", "B"])
    >>> [float(v) for v in ax.get_ylim()]
    [1.5, -0.5]
    """
    import textwrap

    ax.set_yticks(range(len(labels)))
    ax.set_yticklabels([escape_mathtext(textwrap.fill(label, width_chars)) for label in labels], linespacing=1.0)
    ax.set_ylim(max(len(labels), 1) - 0.5, -0.5)  # one empty row when nothing is drawn
    ax.tick_params(axis="y", length=0, pad=4)
    ax.spines["left"].set_visible(False)


#: How error bars look on every chart: near-black with caps, drawn above markers and bars
#: (:data:`WHISKER_Z`) with a white edge (:func:`errorbar`) so they show across a dark fill.
ERRORBAR = {"ecolor": TEXT, "elinewidth": 1.0, "capsize": 3.0, "capthick": 1.0}
#: Drawing order: gridlines and rules, then bars and markers, then whiskers, then value labels.
BAR_Z, MARKER_Z, WHISKER_Z, LABEL_Z = 2, 3, 4, 5
#: Size of dot-chart markers, in points (whiskers are drawn over them).
MARKER_SIZE = 6.5


def errorbar(ax, x, y, lower, upper) -> None:
    """Interval whiskers from ``lower`` to ``upper`` at ``y``, over any marker or bar, with a white edge.

    Each argument is one number or a sequence of them (one whisker each): a chart draws all its
    whiskers in one call, as one line collection and one line of caps, which is far cheaper to
    build and to draw than one error bar per row. Nothing is drawn for an empty sequence.

    >>> fig = new_figure(); ax = fig.add_subplot(); errorbar(ax, 0.5, 0, 0.4, 0.6)
    >>> [c.get_zorder() for c in ax.collections]
    [4]
    >>> errorbar(ax, [0.2, 0.7], [1, 2], [0.1, 0.6], [0.3, 0.8])
    >>> [len(c.get_segments()) for c in ax.collections]
    [1, 2]
    """
    import numpy as np
    from matplotlib import patheffects

    x, y, lower, upper = (np.atleast_1d(np.asarray(v, dtype=float)) for v in (x, y, lower, upper))
    if not len(x):
        return
    halo = [patheffects.withStroke(linewidth=ERRORBAR["elinewidth"] + 1.6, foreground="white")]
    bars = ax.errorbar(x, y, xerr=[x - lower, upper - x], fmt="none", zorder=WHISKER_Z, **ERRORBAR)
    for artist in bars.get_children():
        artist.set_path_effects(halo)
        if hasattr(artist, "set_markerfacecolor"):  # the caps: no stray default colour in the SVG
            artist.set_markerfacecolor(ERRORBAR["ecolor"])


#: Extra room to the right of 100% on percentage axes, for value labels.
LABEL_ROOM = 0.2


def relative_luminance(colour: str) -> float:
    """WCAG relative luminance of a ``#RRGGBB`` colour.

    >>> round(relative_luminance("#FFFFFF"), 3), round(relative_luminance("#000000"), 3)
    (1.0, 0.0)
    """
    channels = []
    for i in (1, 3, 5):
        c = int(colour[i:i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def text_colour_on(fill: str) -> str:
    """White or near-black, whichever contrasts more with ``fill``.

    >>> text_colour_on(PALETTE["dark_blue"]), text_colour_on(PALETTE["orange"])
    ('#FFFFFF', '#0B0C0C')
    """
    lum = relative_luminance(fill)
    on_white = 1.05 / (lum + 0.05)
    on_black = (lum + 0.05) / (relative_luminance(TEXT) + 0.05)
    return "#FFFFFF" if on_white >= on_black else TEXT
