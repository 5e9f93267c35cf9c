"""A figure's SVG file made fit to sit inside the HTML page.

One job: turn the bytes the figures stage wrote (matplotlib's SVG) into markup for the
page, so a chart is embedded once, as vector graphics with its text as text where the
figure has it, and scales to the width of the column.

- Every ``id`` gets the figure's prefix, and so does every reference to one
  (``url(#…)``, ``href="#…"``): matplotlib numbers its clip paths and glyphs the same
  way in every file, and two charts on one page must not share an id.
- ``width`` and ``height`` go; the ``viewBox`` stays, so the chart scales to its
  container. The drawn width (in CSS px) is kept as ``--drawn-width`` for the narrow
  layout, which shows the chart at the size it was designed for.
- The page states the chart's title, subtitle, base, notes and source once, as text
  around the chart; the copies drawn into the image (the figure-level texts that hold
  nothing but those captions) are left out of the inline copy, but for the glyphs they
  define, and the picture is cropped to what remains. (The figures stage's SVG is already the chart
  alone; its PNG keeps title, notes and source for use on its own.)
- The XML prolog, doctype, metadata, comments and the file's own title and
  description go; ``role="img"`` and a ``<title>`` holding the alt text name the chart.

>>> svg = (b'<?xml version="1.0"?>\\n<svg xmlns="http://www.w3.org/2000/svg" width="75pt" height="30pt" '
...        b'viewBox="0 0 75 30" id="figure">\\n <defs><clipPath id="c1"><rect/></clipPath></defs>\\n'
...        b' <g id="figure_1">\\n  <g clip-path="url(#c1)"/>\\n </g>\\n</svg>\\n')
>>> chart = inline_svg(svg, prefix="f1-", alt_text="A bar chart.")
>>> print(chart.markup)  # doctest: +NORMALIZE_WHITESPACE
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 75 30"
  role="img" aria-labelledby="f1-title" style="--drawn-width: 100px"><title id="f1-title">A bar chart.</title>
 <defs><clipPath id="f1-c1"><rect/></clipPath></defs>
 <g id="f1-figure_1">
  <g clip-path="url(#f1-c1)"/>
 </g>
</svg>
>>> chart.drawn_width_px
100.0
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape, unescape
from typing import Sequence

#: CSS px per point.
PX_PER_PT = 96 / 72
#: matplotlib draws outlined text at ``scale(size / 100)`` (its text-to-path font scale).
_PATH_FONT_SCALE = 100.0
#: A line's depth below its baseline, and height above it, as fractions of the font size.
_DESCENT, _ASCENT = 0.3, 1.0


@dataclass(frozen=True)
class InlineChart:
    """Markup for the page and what was done to the file."""

    markup: str
    drawn_width_px: float
    dropped: tuple[str, ...] = ()  # the caption texts left out of the inline copy (they are on the page as text)


def _words(text: str) -> str:
    return " ".join(unescape(text).split())


def _number(text: str) -> float:
    return float(re.match(r"\s*([-+0-9.eE]+)", text).group(1))


def _length_px(value: str) -> float:
    """A ``width`` attribute in CSS px (matplotlib writes points)."""
    value = value.strip()
    number = _number(value)
    return number * PX_PER_PT if value.endswith("pt") else number


def _lines(group: str) -> list[tuple[str, float, float]]:
    """Each drawn line of a matplotlib text group: (text, baseline y, font size).

    Handles text kept as text (``svg.fonttype: none``: ``<text>`` elements) and text drawn
    as outlines (``svg.fonttype: path``: a ``<!-- text -->`` comment before each line's glyphs).
    """
    out = []
    for m in re.finditer(r"<text\b([^>]*)>(.*?)</text>", group, re.S):
        attrs, content = m.group(1), m.group(2)
        size = re.search(r"font-size:\s*([0-9.]+)", attrs)
        y = re.search(r'\by="([-0-9.eE]+)"', attrs) or re.search(r"translate\([-0-9.eE]+[ ,]+([-0-9.eE]+)\)", attrs)
        if size and y:
            out.append((_words(re.sub(r"<[^>]+>", "", content)), float(y.group(1)), float(size.group(1))))
    if out:
        return out
    for m in re.finditer(r"<!--(.*?)-->\s*<g\b[^>]*transform=\"translate\(([-0-9.eE]+)[ ,]+([-0-9.eE]+)\)\s*"
                         r"scale\(([-0-9.eE]+)", group, re.S):
        out.append((_words(m.group(1)), float(m.group(3)), float(m.group(4)) * _PATH_FONT_SCALE))
    return out


def _is_caption(text: str, captions: Sequence[str]) -> bool:
    """True when ``text`` holds nothing but caption strings (and "Note:" labels)."""
    rest = text
    for c in sorted(captions, key=len, reverse=True):
        if c:
            rest = rest.replace(c, " ")
    rest = re.sub(r"\bNotes?:", " ", rest)
    return bool(text.strip()) and not re.sub(r"[\s.,;:†*]+", "", rest)


def _drop_captions(svg: str, captions: Sequence[str]) -> tuple[str, tuple[str, ...]]:
    """Leave out the figure-level text groups that repeat the page's captions; crop the viewBox to the rest."""
    box = re.search(r'viewBox="([-0-9.eE]+)\s+([-0-9.eE]+)\s+([-0-9.eE]+)\s+([-0-9.eE]+)"', svg)
    if box is None:
        return svg, ()
    x0, y0, w, h = (float(v) for v in box.groups())
    captions = [_words(c) for c in captions if c and c.strip()]
    top, bottom, dropped, spans = y0, y0 + h, [], []
    # Figure-level texts are the direct children of matplotlib's figure group (two spaces in).
    for m in re.finditer(r'^  <g id="text_\d+">\n.*?^  </g>\n', svg, re.S | re.M):
        lines = _lines(m.group(0))
        if not lines:
            continue
        text = " ".join(t for t, _, _ in lines)
        if not _is_caption(text, captions):
            continue
        upper = min(y - s * _ASCENT for _, y, s in lines)
        lower = max(y + s * _DESCENT for _, y, s in lines)
        if lower <= y0 + h / 2:
            top = max(top, lower)
        elif upper >= y0 + h / 2:
            bottom = min(bottom, upper)
        else:  # a caption across the middle: leave the drawing as it is
            return svg, ()
        dropped.append(text)
        spans.append(m.span())
    if not dropped:
        return svg, ()
    for start, end in reversed(spans):
        # matplotlib defines each glyph of outlined text where it is first drawn: keep the definitions.
        defs = "".join(re.findall(r"<defs>.*?</defs>", svg[start:end], re.S))
        svg = svg[:start] + defs + svg[end:]
    view = f'viewBox="{x0:g} {top:.3f} {w:g} {bottom - top:.3f}"'
    return svg[:box.start()] + view + svg[box.end():], tuple(dropped)


def inline_svg(svg: bytes, *, prefix: str, alt_text: str, captions: Sequence[str] = ()) -> InlineChart:
    """The SVG as markup for the page (see the module's description).

    Parameters
    ----------
    svg : bytes
        The file as the figures stage wrote it.
    prefix : str
        Put before every id (unique per figure on the page, e.g. ``"fig1-"``).
    alt_text : str
        The chart's name for assistive technology (its ``<title>``).
    captions : sequence of str
        Title, subtitle, base, notes and source as the page shows them: drawn copies of
        these are left out of the inline copy.
    """
    text = svg.decode("utf-8")
    root = re.search(r"<svg\b[^>]*>", text)
    if root is None:
        raise ValueError("not an SVG file: no <svg> element")
    width = re.search(r'\swidth="([^"]+)"', root.group(0))
    view = re.search(r'\sviewBox="([^"]+)"', root.group(0))
    if view is None and width is not None:
        height = re.search(r'\sheight="([^"]+)"', root.group(0))
        if height is not None:
            view_text = f"0 0 {_number(width.group(1)):g} {_number(height.group(1)):g}"
            text = text[:root.end() - 1] + f' viewBox="{view_text}"' + text[root.end() - 1:]
    drawn = round(_length_px(width.group(1)), 1) if width else 0.0
    text, dropped = _drop_captions(text, captions)
    # Prolog, doctype, comments, metadata, the file's own title and description, its global style rule.
    text = re.sub(r"<\?xml[^>]*\?>\s*", "", text)
    text = re.sub(r"<!DOCTYPE[^>]*>\s*", "", text, flags=re.S)
    text = re.sub(r"<!--.*?-->\s*", "", text, flags=re.S)
    text = re.sub(r"<metadata\b.*?</metadata>\s*", "", text, flags=re.S)
    text = re.sub(r"<(title|desc)\b[^>]*>.*?</\1>\s*", "", text, flags=re.S)
    text = re.sub(r'<style type="text/css">\*\{[^}]*\}</style>\s*', "", text)
    text = re.sub(r"<defs>\s*</defs>\s*", "", text)
    # Unique ids, and every reference to them.
    text = re.sub(r'(\sid=")([^"]+)"', lambda m: f'{m.group(1)}{prefix}{m.group(2)}"', text)
    text = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}{m.group(1)})", text)
    text = re.sub(r'((?:xlink:)?href=")#([^"]+)"', lambda m: f'{m.group(1)}#{prefix}{m.group(2)}"', text)
    root = re.search(r"<svg\b[^>]*>", text)
    view = re.search(r'\sviewBox="([^"]+)"', root.group(0))
    style = f' style="--drawn-width: {drawn:g}px"' if drawn else ""
    head = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
            + (f' viewBox="{view.group(1)}"' if view else "")
            + f' role="img" aria-labelledby="{prefix}title"{style}>'
            + f'<title id="{prefix}title">{escape(alt_text)}</title>')
    body = text[root.end():]
    end = body.rfind("</svg>")
    return InlineChart(markup=head + body[:end].rstrip("\n") + "\n</svg>", drawn_width_px=drawn, dropped=dropped)
