"""A figure to files: a PNG of the whole figure and an SVG of the chart alone.

Every figure is drawn once and saved twice (:func:`save_figure`): a PNG at 300 dpi with the
title, notes and source inside the image, for pasting into a document, and an SVG of the
chart alone (real, searchable text; ids prefixed with the figure's name) for a web page that
shows the title and notes as text. Both are saved with fixed metadata and a fixed SVG hash
salt, so two runs write identical bytes.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import TYPE_CHECKING, Sequence
from xml.sax.saxutils import escape

from analysis.atomic import write_bytes
from analysis.figures.frame import frame_of
from analysis.figures.style import DPI, apply_style, new_figure  # noqa: F401 (new_figure: the examples use it)

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

#: Metadata written into every file: fixed values only, no dates, no versions.
PNG_METADATA = {"Software": None}
SVG_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}


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

    The metadata hold the title and alt text; no software or date. Encoded by
    :func:`analysis.figures.png.figure_png` (opaque RGB, unfiltered rows, zlib level 1).

    >>> render_png(new_figure())[:8]
    b'\\x89PNG\\r\\n\\x1a\\n'
    """
    from analysis.figures.png import figure_png

    metadata = dict(PNG_METADATA)
    if title:
        metadata["Title"] = title
    if description:
        metadata["Description"] = description
    with apply_style():
        return figure_png(fig, dpi=DPI, metadata=metadata)


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
