"""The figures' images as files beside the page: ``reports/<wave>/images/``, linked from each figure.

The page embeds no PNG (it travels as an e-mail attachment, under 1.5 MB), so the images a
reader takes into their own documents are copied, byte for byte, from ``figures/<wave>/`` into
the ``images`` folder beside the page and offered as download links relative to it: the
document PNG (159 mm wide, 300 dpi, title, notes and source inside), the 16:9 slide image
(1920 × 1080), the square social image (1080 × 1080) and the SVG (the chart with its title, base,
short caveat and source as text, to edit in a drawing program). The links
work wherever the report folder goes whole (a shared drive, a zip, a web server).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Sequence

FOLDER = "images"


def image_files(name: str) -> list[tuple[str, str]]:
    """(file name, link text) of the images offered for figure ``name``, in order.

    >>> [f for f, _ in image_files("fig1")]
    ['fig1.png', 'fig1_slide.png', 'fig1_square.png', 'fig1.svg']
    """
    from analysis.figures.sized import file_name

    return [(f"{name}.png", "Image for documents (PNG, 159 mm wide, 300 dpi; title, notes and source inside)"),
            (file_name(name, "slide"), "Image for slides (PNG, 1920 × 1080; title, base, caveat and source inside)"),
            (file_name(name, "square"), "Square image for social media (PNG, 1080 × 1080; title, base, caveat and "
                                        "source inside)"),
            (f"{name}.svg", "Editable image (SVG; title, base, caveat and source as text)")]


def with_image_links(figures: Sequence, figures_dir: Path, report_dir: Path) -> list:
    """Copy each figure's images beside the page and return the figures with their ``images`` links.

    Items that are not figures (tables in the reproduction section) pass through unchanged.
    """
    from analysis.atomic import write_bytes

    out = []
    for fig in figures:
        if not hasattr(fig, "alt_text") or getattr(fig, "withheld", False):
            out.append(fig)
            continue
        links = []
        for file, text in image_files(fig.name):
            source = Path(figures_dir) / file
            if source.is_file():
                write_bytes(Path(report_dir) / FOLDER / file, source.read_bytes())
                links.append((f"{FOLDER}/{file}", text))
        out.append(dataclasses.replace(fig, images=tuple(links)))
    return out


def remove_stale_images(report_dir: Path, figures: Sequence) -> list[str]:
    """Delete images beside the page that no figure links to any more; return their names."""
    folder = Path(report_dir) / FOLDER
    linked = {href.split("/", 1)[1] for fig in figures for href, _ in getattr(fig, "images", ())}
    gone = []
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.is_file() and path.name not in linked:
                path.unlink()
                gone.append(path.name)
    return gone
