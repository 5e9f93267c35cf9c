"""The one shared style of every figure: palette, fonts, sizes, notes, saving.

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
canvas (no pyplot, no global state), drawn once and saved twice
(:func:`save_figure`): a PNG at 300 dpi with the title, notes and source inside
the image, for pasting into a document, and an SVG of the chart alone (real,
searchable text; ids prefixed with the figure's name) for a web page that
shows the title and notes as text. Both are saved with fixed metadata and a
fixed SVG hash salt, so two runs write identical bytes.

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
import io
import re
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Sequence
from xml.sax.saxutils import escape

import matplotlib

matplotlib.use("Agg")

from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from analysis.atomic import write_bytes  # noqa: E402

if TYPE_CHECKING:  # pragma: no cover
    from analysis.figures.captions import Caption

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

#: zlib level of the PNG files: level 1 writes a 300 dpi chart in about half the time of the default 6
#: for files about 6% larger (flat colours compress well either way).
PNG_COMPRESSION = 1
#: Metadata written into every file: fixed values only, no dates, no versions.
PNG_METADATA = {"Software": None}
SVG_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}


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


# --------------------------------------------------------------------------- text layout

#: Widths of words already measured, in points: (text, size, weight) -> width.
_WIDTHS: dict[tuple[str, float, str], float] = {}


def _text_width_pt(text: str, size: float, weight: str = "normal") -> float:
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
    space = _text_width_pt("a a", size, weight) - 2 * _text_width_pt("a", size, weight)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current, used = "", 0.0
        for word in paragraph.split():
            width = _text_width_pt(word, size, weight)
            if current and used + space + width > width_pt:
                lines.append(current)
                current, used = word, width
            else:
                current, used = (f"{current} {word}", used + space + width) if current else (word, width)
        lines.append(current)
    return "\n".join(lines)


def escape_mathtext(text: str) -> str:
    """Escape dollar signs so matplotlib draws them as text.

    >>> escape_mathtext("£5 or $5")
    '£5 or \\\\$5'
    """
    return text.replace("$", r"\$")


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
    fig.tight_layout(rect=(0.0, bottom, 1.0, top), pad=0.5, h_pad=0.6, w_pad=1.2)
    if _wrap_panel_titles(fig, renderer):
        fig.tight_layout(rect=(0.0, bottom, 1.0, top), pad=0.5, h_pad=0.6, w_pad=1.2)
    texts = tuple(a for a, _, _ in above) + ((below[0],) if below else ())
    _FRAMES[fig] = Frame(texts, (max(footer_in - gap * 0.5, 0.0), min(header_foot + gap * 0.3, total)))


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


# --------------------------------------------------------------------------- saving


def _svg_for_a_page(svg: str, ident: str, title: str, description: str) -> str:
    """The SVG with ``<title>`` and ``<desc>`` (the alt text) first, and every id prefixed with ``ident``.

    Prefixed ids let several figures sit inline in one HTML page without two elements sharing
    an id (matplotlib numbers ``patch_1``, ``text_1`` ... afresh in every file).
    """
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{ident}-{m.group(1)}"', svg)
    svg = re.sub(r'url\(#([^)]+)\)', lambda m: f"url(#{ident}-{m.group(1)})", svg)
    svg = re.sub(r'xlink:href="#([^"]+)"', lambda m: f'xlink:href="#{ident}-{m.group(1)}"', svg)
    match = re.search(r"<svg\b[^>]*>", svg)
    if match is None:  # pragma: no cover - matplotlib always writes one
        return svg
    head = match.group(0)
    tagged = head[:-1] + f' role="img" aria-labelledby="{ident}-title {ident}-desc">'
    inner = (f'\n <title id="{ident}-title">{escape(title)}</title>'
             f'\n <desc id="{ident}-desc">{escape(description)}</desc>')
    return svg[:match.start()] + tagged + inner + svg[match.end():]


def render_png(fig: Figure, *, title: str = "", description: str = "") -> bytes:
    """The whole figure (title, chart, notes, source) as PNG bytes at 300 dpi, with fixed metadata.

    The metadata hold the title and alt text; no software or date.

    >>> render_png(new_figure())[:8]
    b'\\x89PNG\\r\\n\\x1a\\n'
    """
    buf = io.BytesIO()
    metadata = dict(PNG_METADATA)
    if title:
        metadata["Title"] = title
    if description:
        metadata["Description"] = description
    with apply_style():
        fig.savefig(buf, format="png", dpi=DPI, metadata=metadata, pil_kwargs={"compress_level": PNG_COMPRESSION})
    return buf.getvalue()


def render_svg(fig: Figure, *, title: str = "", description: str = "", ident: str = "figure",
               chart_only: bool = True, words: Sequence[str] = ()) -> bytes:
    """The figure as SVG bytes with real text: by default the chart alone, for a page that shows its words.

    A framed figure's title, subtitle and notes are left out (the page shows them as text, from
    the figure's JSON) and the SVG is cropped to the chart and its legend; ``chart_only=False``
    keeps them. The ``<title>`` and ``<desc>`` (alt text) give the image its accessible name;
    ``words`` (the caption lines the chart-only SVG leaves out: subtitle, base, notes, source) follow
    the alt text in the file's metadata description, so a saved SVG still says what it shows.
    Fixed hash salt, no date; every id starts with ``ident``.

    >>> b"<desc" in render_svg(new_figure(), title="T", description="D.")
    True
    """
    buf = io.StringIO()
    metadata = dict(SVG_METADATA)
    if title:
        metadata["Title"] = title
    described = " ".join(w for w in (description, *(words if chart_only else ())) if w)
    if described:
        metadata["Description"] = described
    frame = frame_of(fig) if chart_only else None
    options = {}
    if frame is not None:
        from matplotlib.transforms import Bbox

        low, high = frame.chart_band
        options["bbox_inches"] = Bbox([[0.0, low], [fig.get_figwidth(), high]])
        for artist in frame.texts:
            artist.set_visible(False)
    try:
        with apply_style():
            fig.savefig(buf, format="svg", metadata=metadata, **options)
    finally:
        if frame is not None:
            for artist in frame.texts:
                artist.set_visible(True)
    return _svg_for_a_page(buf.getvalue(), ident, title, description).encode("utf-8")


def save_figure(fig: Figure, stem: str | Path, *, title: str = "", description: str = "",
                words: Sequence[str] = ()) -> list[Path]:
    """Write ``<stem>.png`` (the whole figure, 300 dpi) and ``<stem>.svg`` (the chart alone); return the paths.

    The figure is drawn once and saved twice; the SVG's ids start with the stem's name.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> [p.name for p in save_figure(new_figure(), d / "blank")]
    ['blank.png', 'blank.svg']
    """
    stem = Path(stem)
    png = stem.with_name(stem.name + ".png")
    svg = stem.with_name(stem.name + ".svg")
    write_bytes(png, render_png(fig, title=title, description=description))
    write_bytes(svg, render_svg(fig, title=title, description=description, ident=stem.name, words=words))
    return [png, svg]


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


def errorbar(ax, x: float, y: float, lower: float, upper: float) -> None:
    """An interval whisker from ``lower`` to ``upper`` at ``y``, over any marker or bar, with a white edge.

    >>> fig = new_figure(); ax = fig.add_subplot(); errorbar(ax, 0.5, 0, 0.4, 0.6)
    >>> [c.get_zorder() for c in ax.collections]
    [4]
    """
    from matplotlib import patheffects

    halo = [patheffects.withStroke(linewidth=ERRORBAR["elinewidth"] + 1.6, foreground="white")]
    bars = ax.errorbar(x, y, xerr=[[x - lower], [upper - x]], fmt="none", zorder=WHISKER_Z, **ERRORBAR)
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
