"""A figure's SVG that says what it shows: the title above the chart, base, caveat and source below it.

The figures stage saves each chart as SVG with real text (:mod:`analysis.figures.save`).
Pasted on its own into a slide or a document, a chart must keep its title, its base, a
short caveat and its source, so :func:`captioned_svg` adds them to the file as text:

- the title (bold) in a group ``<ident>-caption-head`` above the chart, and the base, the
  caveat lines and the source in a group ``<ident>-caption-foot`` below it, both of class
  ``caption``; each line is one ``<text>`` element, wrapped to the chart's width with the
  house font's measured widths (:func:`analysis.figures.frame.wrap_text`), so a program that
  imports the SVG (LibreOffice, Inkscape, PowerPoint) gets one editable text box a line;
- the drawing keeps its coordinates: the ``viewBox`` grows upwards and downwards by the
  caption's height and by a margin all round, ``width`` and ``height`` with it, and ``data-chart-box`` keeps the
  chart's own box, so a web page that shows the words as text (:mod:`analysis.report.svg_inline`)
  takes them out again and crops back to the chart.

- a clip path that clips nothing (every point of the shape inside its rectangle: matplotlib clips
  every shape to its axes, though each chart sets its limits to hold what it draws) is left
  out (:func:`unclip`): LibreOffice's Shape > Break, which turns the imported picture into
  editable shapes and text boxes, stops at the first clipped shape.

The file is parsed and written with :mod:`xml.etree.ElementTree` (no text surgery), with
matplotlib's namespaces kept under their usual prefixes; the same inputs give the same bytes.

>>> svg = (b'<svg xmlns="http://www.w3.org/2000/svg" width="400pt" height="100pt" viewBox="0 0 400 100" '
...        b'id="f-figure"><g id="f-figure_1"/></svg>')
>>> out = captioned_svg(svg, title="Most were not confident", lines=["Base: all (n=10).", "Source: a survey."],
...                     ident="f").decode()
>>> [t for t in caption_texts(out)]
['Most were not confident', 'Base: all (n=10).', 'Source: a survey.']
>>> 'data-chart-box="0 0 400 100"' in out
True
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Sequence

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
#: The namespaces matplotlib's SVG uses, under the prefixes it gives them.
NAMESPACES = {"": SVG, "xlink": XLINK, "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
              "dc": "http://purl.org/dc/elements/1.1/", "cc": "http://creativecommons.org/ns#"}
#: The attribute on the root that keeps the chart's own box (x y width height).
CHART_BOX = "data-chart-box"
CAPTION_CLASS = "caption"
#: Line height as a multiple of the font size; space between the chart and each caption, in points.
LEADING = 1.25
GAP_PT = 6.0
#: Empty margin round the whole picture, in points.
MARGIN_PT = 12.0


def _register() -> None:
    for prefix, uri in NAMESPACES.items():
        ET.register_namespace(prefix, uri)


def parse(svg: bytes | str) -> ET.Element:
    """The root element of an SVG file (comments kept, for outlined text's labels)."""
    _register()
    parser = ET.XMLParser(target=ET.TreeBuilder(insert_comments=True))
    parser.feed(svg if isinstance(svg, bytes) else svg.encode("utf-8"))
    return parser.close()


def _number(value: str) -> float:
    """A length without its unit (``"450.7pt"`` -> 450.7)."""
    return float(value.strip().removesuffix("pt").removesuffix("px"))


def view_box(root: ET.Element) -> tuple[float, float, float, float]:
    """The root's ``viewBox`` (or ``0 0 width height``), as four numbers."""
    box = root.get("viewBox")
    if box:
        x, y, w, h = (float(v) for v in box.replace(",", " ").split())
        return x, y, w, h
    return 0.0, 0.0, _number(root.get("width", "0")), _number(root.get("height", "0"))


def _lines(text: str, *, size: float, width: float, weight: str) -> list[str]:
    from analysis.figures.frame import wrap_text

    return [line for line in wrap_text(None, " ".join(text.split()), size=size, width_pt=width,
                                       weight=weight).split("\n") if line]


def _group(ident: str, part: str, rows: list[tuple[str, float, float, str, str]], x: float) -> ET.Element:
    """A caption group: one ``<text>`` per (text, baseline y, size, weight, colour) row."""
    from analysis.figures.style import FONT

    group = ET.Element(f"{{{SVG}}}g", {"id": f"{ident}-caption-{part}", "class": CAPTION_CLASS})
    for text, y, size, weight, colour in rows:
        line = ET.SubElement(group, f"{{{SVG}}}text", {
            "x": f"{x:g}", "y": f"{y:.2f}",
            "style": f"font-family: '{FONT}', sans-serif; font-size: {size:g}px; font-weight: {weight}; "
                     f"fill: {colour}"})
        line.text = text
    return group


_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def _points(element: ET.Element) -> list[tuple[float, float]] | None:
    """The points of a shape in its own coordinates, or ``None`` when they cannot be read simply.

    Paths in absolute commands only (as matplotlib writes them) and ``<use>`` at ``x, y``;
    anything transformed, or in relative commands, is ``None``.
    """
    if element.get("transform"):
        return None
    if element.tag == f"{{{SVG}}}path":
        d = element.get("d", "")
        if re.search(r"[a-y]", d.replace("e", "")) or re.search(r"[HVAhvSsTt]", d):
            return None
        numbers = [float(v) for v in _NUMBER.findall(d)]
        return list(zip(numbers[::2], numbers[1::2])) if numbers and len(numbers) % 2 == 0 else None
    if element.tag == f"{{{SVG}}}use":
        return [(float(element.get("x", 0)), float(element.get("y", 0)))]
    return None


def unclip(root: ET.Element, tolerance: float = 0.5) -> int:
    """Leave out each clip path that clips nothing; return how many shapes lost theirs.

    A shape keeps its clip path unless it is a path (or a ``<use>``) whose every point lies
    within the clip's single rectangle, to ``tolerance`` user units; a clip path no shape uses
    any more goes too.
    """
    rects = {}
    for clip in root.iter(f"{{{SVG}}}clipPath"):
        shapes = list(clip)
        if len(shapes) == 1 and shapes[0].tag == f"{{{SVG}}}rect" and not shapes[0].get("transform"):
            r = shapes[0]
            x, y = float(r.get("x", 0)), float(r.get("y", 0))
            rects[clip.get("id")] = (x, y, x + float(r.get("width", 0)), y + float(r.get("height", 0)))
    freed = 0
    for element in root.iter():
        found = re.fullmatch(r"url\(#([^)]+)\)", element.get("clip-path", ""))
        if not found or found.group(1) not in rects:
            continue
        x0, y0, x1, y1 = rects[found.group(1)]
        points = _points(element)
        if points is not None and all(x0 - tolerance <= x <= x1 + tolerance and y0 - tolerance <= y <= y1 + tolerance
                                      for x, y in points):
            del element.attrib["clip-path"]
            freed += 1
    used = {m for e in root.iter() for m in re.findall(r"url\(#([^)]+)\)", e.get("clip-path", ""))}
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag == f"{{{SVG}}}clipPath" and child.get("id") not in used:
                parent.remove(child)
    return freed


def captioned_svg(svg: bytes, *, title: str, lines: Sequence[str], ident: str = "figure") -> bytes:
    """The SVG with ``title`` above the chart and ``lines`` (base, caveat, source) below it, as text.

    Parameters
    ----------
    svg : bytes
        The chart as :func:`analysis.figures.save.render_svg` wrote it.
    title : str
        The figure's title (bold, above the chart).
    lines : sequence of str
        The lines under the chart, in order: base, short caveat, source. Empty ones are skipped.
    ident : str
        The figure's id prefix (the caption groups' ids start with it).

    Returns
    -------
    bytes
        UTF-8 SVG with an XML declaration. A file that already has its caption gets it replaced.
    """
    from analysis.figures.style import EDGE_MM, MM_PER_INCH, MUTED_TEXT, NOTE_SIZE, TEXT, TITLE_SIZE

    root = parse(svg)
    unclip(root)
    for old in [g for g in root if g.get("class") == CAPTION_CLASS]:
        root.remove(old)
    if root.get(CHART_BOX):
        x0, y0, w, h = (float(v) for v in root.attrib.pop(CHART_BOX).split())
    else:
        x0, y0, w, h = view_box(root)
    edge = EDGE_MM / MM_PER_INCH * 72.0
    width = w - 2 * edge
    head = [(line, TITLE_SIZE, "bold", TEXT) for line in _lines(title, size=TITLE_SIZE, width=width, weight="bold")]
    foot = [(line, NOTE_SIZE, "normal", MUTED_TEXT) for text in lines if text and text.strip()
            for line in _lines(text, size=NOTE_SIZE, width=width, weight="normal")]
    # Each line takes LEADING times its size, its baseline at 1.0 size below its top: room for the
    # font's full ascent, so no line touches the picture's edge (LibreOffice turns a clipped text
    # into outlines when it breaks the picture into shapes).
    head_h = sum(s * LEADING for _, s, _, _ in head) + (GAP_PT if head else 0.0)
    foot_h = sum(s * LEADING for _, s, _, _ in foot) + (GAP_PT if foot else 0.0)
    groups, y = [], y0 - head_h
    for part, rows in (("head", head), ("foot", foot)):
        placed = []
        for text, size, weight, colour in rows:
            placed.append((text, y + size, size, weight, colour))
            y += size * LEADING
        if placed:
            groups.append(_group(ident, part, placed, x0 + edge))
        y = y0 + h + GAP_PT
    # After the file's own title, description and metadata, before the drawing: read in that order.
    at = sum(1 for child in root if child.tag in (f"{{{SVG}}}title", f"{{{SVG}}}desc", f"{{{SVG}}}metadata"))
    for k, group in enumerate(groups):
        root.insert(at + k, group)
    # A margin all round, so that labels the chart draws up to its edge stay whole in other programs.
    left, top, width, height = x0 - MARGIN_PT, y0 - head_h - MARGIN_PT, w + 2 * MARGIN_PT, h + head_h + foot_h + 2 * MARGIN_PT
    root.set("viewBox", f"{left:g} {top:.3f} {width:g} {height:.3f}")
    root.set("width", f"{width:g}pt")
    root.set("height", f"{height:.3f}pt")
    root.set(CHART_BOX, f"{x0:g} {y0:g} {w:g} {h:g}")
    return b'<?xml version="1.0" encoding="utf-8" standalone="no"?>\n' + ET.tostring(root, encoding="utf-8",
                                                                                     xml_declaration=False) + b"\n"


def caption_texts(svg: bytes | str) -> list[str]:
    """The caption's lines, in reading order (title, then base, caveat and source)."""
    root = parse(svg)
    return [t.text or "" for g in root if g.get("class") == CAPTION_CLASS for t in g.iter(f"{{{SVG}}}text")]
