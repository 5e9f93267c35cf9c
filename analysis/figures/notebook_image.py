"""A figure shown in a notebook with its alt text: an ``<img>`` with ``alt`` beside the PNG itself.

``IPython.display.Image`` writes a PNG output with no text alternative, so a screen reader in
Jupyter meets an unnamed picture. :class:`AltImage` gives the front end three forms of one
figure: ``text/html`` (an ``<img>`` with ``alt`` and a fixed display width, which Jupyter shows),
``image/png`` (the PNG, for tools that read images from outputs) and ``text/plain`` (the alt
text, for a console).

>>> bundle = AltImage(b"\\x89PNG", "Bar chart of six measures.")._repr_mimebundle_()
>>> sorted(bundle), 'alt="Bar chart of six measures."' in bundle["text/html"]
(['image/png', 'text/html', 'text/plain'], True)
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class AltImage:
    """A PNG with its alt text, for ``IPython.display.display``."""

    png: bytes
    alt_text: str
    width: int = 720

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        encoded = base64.b64encode(self.png).decode("ascii")
        html = (f'<img src="data:image/png;base64,{encoded}" alt="{escape(self.alt_text, quote=True)}" '
                f'width="{self.width}">')
        return {"text/html": html, "image/png": encoded, "text/plain": self.alt_text}
