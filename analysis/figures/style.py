"""The one shared style of every figure: palette, fonts, sizes, notes, saving.

Colours follow the UK Government Analysis Function palette (afcharts); the
font is DejaVu Sans, which ships with matplotlib, so a figure renders to the
same bytes on every machine. Figures are 159 mm x 100 mm, a landscape chart on
an A4 page, with the title and subtitle above the chart and the base, notes and
source below it. No chart module sets its own colours: they read them here.

Every figure is made on a :class:`matplotlib.figure.Figure` with an Agg
canvas (no pyplot, no global state) and saved with fixed metadata and a fixed
SVG hash salt, so two runs write identical bytes.

>>> fig = new_figure()
>>> [round(float(v), 1) for v in fig.get_size_inches() * MM_PER_INCH]
[159.0, 100.0]
>>> PALETTE["dark_blue"], TWO_SERIES
('#12436D', ('#12436D', '#F46A25'))
"""

from __future__ import annotations

import contextlib
import io
import re
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
#: Fill of single-series bars: the mid blue of the sequential palette, dark enough against white
#: (4.7:1) and light enough that near-black error bars show across it.
BAR_FILL = SEQUENTIAL[2]
#: "Don't know" and other answers shown apart from a scale.
APART = FOCUS_GREY
TEXT = "#0B0C0C"
MUTED_TEXT = "#3D3D3D"
GRID = "#D9D9D9"
AXIS = "#3D3D3D"

# --------------------------------------------------------------------------- sizes
MM_PER_INCH = 25.4
WIDTH_MM = 159.0
HEIGHT_MM = 100.0
DPI = 300
FONT = "DejaVu Sans"
TITLE_SIZE = 10.5
SUBTITLE_SIZE = 8.5
LABEL_SIZE = 8.0
DATA_LABEL_SIZE = 7.5
NOTE_SIZE = 7.0
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
    "svg.fonttype": "path",
    "svg.id": "figure",
    "path.simplify": True,
    "image.interpolation": "nearest",
}

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


def new_figure(*, height_mm: float = HEIGHT_MM) -> Figure:
    """A blank figure of the house size with an Agg canvas attached.

    >>> new_figure(height_mm=120).get_size_inches().round(3).tolist()
    [6.26, 4.724]
    """
    fig = Figure(figsize=(WIDTH_MM / MM_PER_INCH, height_mm / MM_PER_INCH), dpi=100)
    FigureCanvasAgg(fig)
    return fig


# --------------------------------------------------------------------------- text layout


#: Widths already measured: (renderer type, dpi, hinting, text, size, weight) -> pixels.
_WIDTHS: dict[tuple, float] = {}


def _text_width_pt(renderer, text: str, size: float, weight: str = "normal") -> float:
    """Width of ``text`` in points; each distinct text is measured once per process.

    Wrapping measures a line's words again and again, and every figure wraps the same
    notes. A width depends only on the renderer's kind and dpi, the hinting settings
    and the text and font, which make the key.
    """
    key = (type(renderer), float(renderer.dpi), matplotlib.rcParams["text.hinting"],
           matplotlib.rcParams["text.hinting_factor"], text, size, weight)
    width = _WIDTHS.get(key)
    if width is None:
        from matplotlib.font_manager import FontProperties

        prop = FontProperties(family=FONT, size=size, weight=weight)
        width, _, _ = renderer.get_text_width_height_descent(text, prop, ismath=False)
        _WIDTHS[key] = width
    return width * 72.0 / renderer.dpi


def wrap_text(renderer, text: str, *, size: float, width_pt: float, weight: str = "normal") -> str:
    """Break ``text`` at spaces so that no line is wider than ``width_pt`` points.

    >>> fig = new_figure()
    >>> wrap_text(fig.canvas.get_renderer(), "one two three four", size=8, width_pt=50)
    'one two\\nthree four'
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split():
            trial = f"{current} {word}" if current else word
            if current and _text_width_pt(renderer, trial, size, weight) > width_pt:
                lines.append(current)
                current = word
            else:
                current = trial
        lines.append(current)
    return "\n".join(lines)


def escape_mathtext(text: str) -> str:
    """Escape dollar signs so matplotlib draws them as text.

    >>> escape_mathtext("£5 or $5")
    '£5 or \\\\$5'
    """
    return text.replace("$", r"\$")


def frame_figure(fig: Figure, caption: "Caption", *, legend: Sequence | None = None) -> None:
    """Draw the header (title, subtitle) and the notes, then fit the axes between them.

    Title and subtitle sit top left; below the chart come the base, the notes
    (interval, small bases, what is left out, the reconstruction note) and the
    source, each wrapped to the figure's width. The axes are fitted into the
    space left with :meth:`matplotlib.figure.Figure.tight_layout`, which
    makes room for tick labels and panel titles.

    Parameters
    ----------
    fig : Figure
        A figure from :func:`new_figure` whose axes are drawn.
    caption : Caption
        Its caption (:class:`analysis.figures.captions.Caption`).
    legend : sequence of matplotlib artists, optional
        Legend handles (with labels) drawn in one row under the subtitle, in the
        data's order, for charts that cannot label their series directly.

    Examples
    --------
    >>> from analysis.figures.captions import Caption
    >>> fig = new_figure(); ax = fig.add_subplot()
    >>> frame_figure(fig, Caption(title="A title", subtitle="A subtitle", base="Base: all (n=10).",
    ...                           source="Source: a survey."))
    >>> [t.get_text() for t in fig.texts][:2]
    ['A title', 'A subtitle']
    """
    renderer = fig.canvas.get_renderer()
    width_in, height_in = fig.get_size_inches()
    edge_x = EDGE_MM / MM_PER_INCH / width_in
    text_width_pt = (width_in - 2 * EDGE_MM / MM_PER_INCH) * 72.0

    def place(text: str, y: float, *, size: float, weight: str = "normal", color: str = TEXT, va: str = "top"):
        wrapped = wrap_text(renderer, text, size=size, width_pt=text_width_pt, weight=weight)
        artist = fig.text(edge_x, y, escape_mathtext(wrapped), ha="left", va=va, fontsize=size, fontweight=weight,
                          color=color, linespacing=1.25)
        box = artist.get_window_extent(renderer)
        return artist, box.height / fig.dpi / height_in

    gap = GAP_MM / MM_PER_INCH / height_in
    y = 1.0 - EDGE_MM / MM_PER_INCH / height_in
    _, h = place(caption.title, y, size=TITLE_SIZE, weight="bold")
    y -= h + gap * 0.6
    if caption.subtitle:
        _, h = place(caption.subtitle, y, size=SUBTITLE_SIZE, color=MUTED_TEXT)
        y -= h
    if legend:
        y -= gap * 0.6
        for ncols in range(len(legend), 0, -1):  # one row if it fits the width, else fewer columns
            key = fig.legend(handles=list(legend), loc="upper left", bbox_to_anchor=(edge_x, y), ncols=ncols,
                             frameon=False, fontsize=LABEL_SIZE, borderaxespad=0.0, borderpad=0.0,
                             handlelength=1.4, handletextpad=0.5, columnspacing=1.4)
            if key.get_window_extent(renderer).width <= text_width_pt / 72.0 * fig.dpi or ncols == 1:
                break
            key.remove()
        y -= key.get_window_extent(renderer).height / fig.dpi / height_in
    top = y - gap

    notes = "\n".join(caption.footer_lines())
    bottom = EDGE_MM / MM_PER_INCH / height_in
    if notes:
        _, h = place(notes, bottom, size=NOTE_SIZE, color=MUTED_TEXT, va="bottom")
        bottom += h
    bottom += gap
    fig.tight_layout(rect=(0.0, bottom, 1.0, top), pad=0.5, h_pad=0.6, w_pad=1.2)
    if _wrap_panel_titles(fig, renderer):
        fig.tight_layout(rect=(0.0, bottom, 1.0, top), pad=0.5, h_pad=0.6, w_pad=1.2)


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


def _svg_with_description(svg: str, title: str, description: str) -> str:
    """Put a ``<title>`` and ``<desc>`` (the alt text) first inside the root ``<svg>`` element."""
    match = re.search(r"<svg\b[^>]*>", svg)
    if match is None:  # pragma: no cover - matplotlib always writes one
        return svg
    head = match.group(0)
    tagged = head[:-1] + ' role="img" aria-labelledby="figure-title figure-desc">'
    inner = (f'\n <title id="figure-title">{escape(title)}</title>'
             f'\n <desc id="figure-desc">{escape(description)}</desc>')
    return svg[:match.start()] + tagged + inner + svg[match.end():]


def render_png(fig: Figure, *, title: str = "", description: str = "") -> bytes:
    """The figure as PNG bytes at 300 dpi, with fixed metadata (title and alt text, no software or date).

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
        fig.savefig(buf, format="png", dpi=DPI, metadata=metadata)
    return buf.getvalue()


def render_svg(fig: Figure, *, title: str = "", description: str = "") -> bytes:
    """The figure as SVG bytes, with a fixed hash salt, no date and the alt text as ``<desc>``.

    >>> b"<desc" in render_svg(new_figure(), title="T", description="D.")
    True
    """
    buf = io.StringIO()
    metadata = dict(SVG_METADATA)
    if title:
        metadata["Title"] = title
    if description:
        metadata["Description"] = description
    with apply_style():
        fig.savefig(buf, format="svg", metadata=metadata)
    return _svg_with_description(buf.getvalue(), title, description).encode("utf-8")


def save_figure(fig: Figure, stem: str | Path, *, title: str = "", description: str = "") -> list[Path]:
    """Write ``<stem>.png`` (300 dpi) and ``<stem>.svg`` atomically; return the two paths.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> [p.name for p in save_figure(new_figure(), d / "blank")]
    ['blank.png', 'blank.svg']
    """
    stem = Path(stem)
    png = stem.with_name(stem.name + ".png")
    svg = stem.with_name(stem.name + ".svg")
    write_bytes(png, render_png(fig, title=title, description=description))
    write_bytes(svg, render_svg(fig, title=title, description=description))
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


#: How error bars look on every chart.
ERRORBAR = {"ecolor": TEXT, "elinewidth": 0.8, "capsize": 2.2, "capthick": 0.8}
#: Extra room to the right of 100% on percentage axes, for value labels.
LABEL_ROOM = 0.13


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
