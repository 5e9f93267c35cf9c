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
  around the chart, so the copies in the file are left out of the inline copy and the
  picture is cropped to what remains: the caption groups the figures stage added for a
  pasted copy (class ``caption``, :mod:`analysis.figures.svg_caption`), cropped back to the
  chart's own box, and any figure-level text that holds nothing but those captions (but for
  the glyphs it defines).
- The XML prolog, doctype, metadata, comments and the file's own title and
  description go; ``role="img"`` and a ``<title>`` holding the alt text name the chart.

>>> svg = (b'<?xml version="1.0"?>\\n<svg xmlns="http://www.w3.org/2000/svg" width="75pt" height="30pt" '
...        b'viewBox="0 0 75 30" id="figure">\\n <defs><clipPath id="c1"><rect/></clipPath></defs>\\n'
...        b' <g id="figure_1">\\n  <g clip-path="url(#c1)"/>\\n </g>\\n</svg>\\n')
>>> chart = inline_svg(svg, prefix="f1-", alt_text="A bar chart.")
>>> print(chart.markup)  # doctest: +NORMALIZE_WHITESPACE
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 75 30" role="img" aria-labelledby="f1-title"
  style="--drawn-width: 100px"><title id="f1-title">A bar chart.</title>
 <defs><clipPath id="f1-c1"><rect /></clipPath></defs>
 <g id="f1-figure_1">
  <g clip-path="url(#f1-c1)" />
 </g>
</svg>
>>> chart.drawn_width_px
100.0
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from html import escape
from typing import Sequence

from analysis.figures.svg_caption import CAPTION_CLASS, CHART_BOX, SVG, parse, view_box

#: CSS px per point.
PX_PER_PT = 96 / 72
#: matplotlib draws outlined text at ``scale(size / 100)`` (its text-to-path font scale).
_PATH_FONT_SCALE = 100.0
#: A line's depth below its baseline, and height above it, as fractions of the font size.
_DESCENT, _ASCENT = 0.3, 1.0
#: Elements left out of the inline copy: the file's own name and description (the page names the
#: chart), its metadata.
_LEFT_OUT = {f"{{{SVG}}}{tag}" for tag in ("title", "desc", "metadata")}
_HREF = ("href", "{http://www.w3.org/1999/xlink}href")


@dataclass(frozen=True)
class InlineChart:
    """Markup for the page and what was done to the file."""

    markup: str
    drawn_width_px: float
    dropped: tuple[str, ...] = ()  # the caption texts left out of the inline copy (they are on the page as text)


def _words(text: str) -> str:
    return " ".join(text.split())


def _length_px(value: str) -> float:
    """A ``width`` attribute in CSS px (matplotlib writes points)."""
    number = float(re.match(r"\s*([-+0-9.eE]+)", value).group(1))
    return number * PX_PER_PT if value.strip().endswith("pt") else number


def _translate(transform: str) -> tuple[float, float] | None:
    found = re.search(r"translate\(([-0-9.eE]+)[ ,]+([-0-9.eE]+)\)", transform or "")
    return (float(found.group(1)), float(found.group(2))) if found else None


def _lines(group: ET.Element) -> list[tuple[str, float, float]]:
    """Each drawn line of a matplotlib text group: (text, baseline y, font size).

    Handles text kept as text (``svg.fonttype: none``: ``<text>`` elements) and text drawn
    as outlines (``svg.fonttype: path``: a comment holding the text before each line's glyphs).
    """
    out = []
    for text in group.iter(f"{{{SVG}}}text"):
        size = re.search(r"font-size:\s*([0-9.]+)", text.get("style", ""))
        y = text.get("y")
        y = float(y) if y is not None else (_translate(text.get("transform", "")) or (None, None))[1]
        if size and y is not None:
            out.append((_words("".join(text.itertext())), y, float(size.group(1))))
    if out:
        return out
    children = list(group)
    for comment, glyphs in zip(children, children[1:]):
        if comment.tag is ET.Comment and glyphs.tag == f"{{{SVG}}}g":
            at = _translate(glyphs.get("transform", ""))
            scale = re.search(r"scale\(([-0-9.eE]+)", glyphs.get("transform", ""))
            if at and scale:
                out.append((_words(comment.text or ""), at[1], float(scale.group(1)) * _PATH_FONT_SCALE))
    return out


def _is_caption(text: str, captions: Sequence[str]) -> bool:
    """True when ``text`` holds nothing but caption strings (and "Note:" labels)."""
    rest = text
    for c in sorted(captions, key=len, reverse=True):
        if c:
            rest = rest.replace(c, " ")
    rest = re.sub(r"\bNotes?:", " ", rest)
    return bool(text.strip()) and not re.sub(r"[\s.,;:†*]+", "", rest)


def _drop(parent: ET.Element, child: ET.Element) -> None:
    """Remove ``child``, keeping the glyph definitions it holds (outlined text defines each glyph where first drawn)."""
    at = list(parent).index(child)
    parent.remove(child)
    for k, defs in enumerate(child.iter(f"{{{SVG}}}defs")):
        parent.insert(at + k, defs)


def _drop_captions(root: ET.Element, captions: Sequence[str]) -> tuple[str, ...]:
    """Leave out the texts that repeat the page's captions; crop the ``viewBox`` to the rest."""
    dropped = []
    x0, y0, w, h = view_box(root)
    chart_box = root.attrib.pop(CHART_BOX, None)
    for group in [g for g in root if g.get("class") == CAPTION_CLASS]:
        dropped += [_words("".join(t.itertext())) for t in group.iter(f"{{{SVG}}}text")]
        root.remove(group)
    if chart_box:
        x0, y0, w, h = (float(v) for v in chart_box.split())
    captions = [_words(c) for c in captions if c and c.strip()]
    top, bottom, drops = y0, y0 + h, []
    # Figure-level texts are the direct children of matplotlib's figure group.
    for figure in [g for g in root if re.search(r"(^|-)figure_\d+$", g.get("id", ""))]:
        for group in [g for g in figure if re.search(r"(^|-)text_\d+$", g.get("id", ""))]:
            lines = _lines(group)
            text = " ".join(t for t, _, _ in lines)
            if not lines or not _is_caption(text, captions):
                continue
            upper = min(y - s * _ASCENT for _, y, s in lines)
            lower = max(y + s * _DESCENT for _, y, s in lines)
            if lower <= y0 + h / 2:
                top = max(top, lower)
            elif upper >= y0 + h / 2:
                bottom = min(bottom, upper)
            else:  # a caption across the middle: leave the drawing as it is
                return tuple(dropped)
            drops.append((figure, group, text))
    for figure, group, text in drops:
        _drop(figure, group)
        dropped.append(text)
    if dropped:
        root.set("viewBox", f"{x0:g} {top:.3f} {w:g} {bottom - top:.3f}")
    return tuple(dropped)


def _tidy(element: ET.Element) -> None:
    """Leave out comments, the file's title, description and metadata, its global style rule and empty ``defs``."""
    for child in list(element):
        style_rule = child.tag == f"{{{SVG}}}style" and (child.text or "").lstrip().startswith("*{")
        if child.tag is ET.Comment or child.tag in _LEFT_OUT or style_rule:
            element.remove(child)
            continue
        _tidy(child)
        if child.tag == f"{{{SVG}}}defs" and not len(child):
            element.remove(child)


def _prefix_ids(root: ET.Element, prefix: str) -> None:
    """Put ``prefix`` before every id and every reference to one (``url(#…)``, ``href="#…"``)."""
    for element in root.iter():
        for name, value in list(element.attrib.items()):
            if name == "id":
                element.set(name, prefix + value)
            elif name in _HREF and value.startswith("#"):
                element.set(name, "#" + prefix + value[1:])
            elif "url(#" in value:
                element.set(name, re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}{m.group(1)})", value))


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
    try:
        root = parse(svg)
    except ET.ParseError as error:
        raise ValueError(f"not an SVG file: {error}") from None
    if root.tag != f"{{{SVG}}}svg":
        raise ValueError("not an SVG file: no <svg> element")
    width = root.get("width")
    drawn = round(_length_px(width), 1) if width else 0.0
    if root.get("viewBox") is None and width and root.get("height"):
        root.set("viewBox", "{:g} {:g} {:g} {:g}".format(*view_box(root)))
    dropped = _drop_captions(root, captions)
    _tidy(root)
    _prefix_ids(root, prefix)
    attrs = {"viewBox": root.get("viewBox"), "role": "img", "aria-labelledby": f"{prefix}title",
             "style": f"--drawn-width: {drawn:g}px" if drawn else None}
    root.attrib.clear()
    root.attrib.update({k: v for k, v in attrs.items() if v is not None})
    markup = ET.tostring(root, encoding="unicode").rstrip("\n")
    head = markup.index(">") + 1  # attribute values are escaped: the first ">" ends the start tag
    title = f'<title id="{prefix}title">{escape(alt_text)}</title>'
    return InlineChart(markup=markup[:head] + title + markup[head:], drawn_width_px=drawn, dropped=dropped)
