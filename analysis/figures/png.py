"""A drawn figure to PNG bytes, encoded here rather than by Pillow: rows unfiltered, zlib level 1.

matplotlib hands its Agg pixels to Pillow, which tries every PNG row filter on every row to pick
the best (adaptive filtering). On a chart (flat colours on a white page) that search costs about
twice the compression itself and saves nothing: unfiltered rows compress to a file a little
smaller. So :func:`figure_png` draws the figure with matplotlib (``format="rgba"``, the same
drawing as its PNG) and :func:`png_bytes` writes the file: the signature, ``IHDR`` (8-bit RGBA,
as matplotlib writes it), ``pHYs`` (the resolution, as Pillow writes it), one text chunk per
metadata entry (``tEXt`` when the words are Latin-1, else ``iTXt`` in UTF-8, as Pillow does),
one ``IDAT`` and ``IEND`` (the PNG specification, W3C 2003, sections 5, 11 and 12.8). The rows
go to zlib straight from the renderer's buffer, each after its filter byte, without a copy.
Same pixels, same bytes.

References
----------
W3C (2003). *Portable Network Graphics (PNG) Specification (Second Edition)*.
https://www.w3.org/TR/png/
"""

from __future__ import annotations

import struct
import zlib
from typing import TYPE_CHECKING, Mapping

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    from matplotlib.figure import Figure

#: zlib level: 1 compresses a 300 dpi chart in a fraction of the time of the default 6, for files a little larger.
COMPRESSION = 1


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _text_chunk(key: str, value: str) -> bytes:
    """``tEXt`` for Latin-1 words, ``iTXt`` (uncompressed UTF-8, no language) otherwise."""
    try:
        return _chunk(b"tEXt", key.encode("latin-1") + b"\0" + value.encode("latin-1"))
    except UnicodeEncodeError:
        return _chunk(b"iTXt", key.encode("latin-1") + b"\0\0\0" + b"\0" + b"\0" + value.encode("utf-8"))


def png_bytes(pixels: "np.ndarray", *, dpi: float, metadata: Mapping[str, str | None] | None = None) -> bytes:
    """PNG bytes of ``pixels`` (rows × columns × RGBA, uint8) at ``dpi``, with ``metadata`` as text chunks.

    A ``None`` value in ``metadata`` writes nothing.

    >>> import numpy as np
    >>> data = png_bytes(np.full((2, 3, 4), 255, dtype=np.uint8), dpi=300, metadata={"Title": "T", "Software": None})
    >>> data[:8], data[12:16], struct.unpack(">IIBB", data[16:26])
    (b'\\x89PNG\\r\\n\\x1a\\n', b'IHDR', (3, 2, 8, 6))
    >>> b"tEXtTitle\\x00T" in data, b"Software" in data
    (True, False)
    """
    import numpy as np

    height, width = pixels.shape[:2]
    row = width * 4
    flat = memoryview(np.ascontiguousarray(pixels, dtype=np.uint8)).cast("B")
    packer = zlib.compressobj(COMPRESSION)
    idat = []
    for start in range(0, height * row, row):
        idat.append(packer.compress(b"\0"))  # filter type 0: the row as it is
        idat.append(packer.compress(flat[start:start + row]))
    idat.append(packer.flush())
    per_metre = int(dpi / 0.0254 + 0.5)
    parts = [b"\x89PNG\r\n\x1a\n",
             _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)),
             _chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1))]
    parts += [_text_chunk(key, value) for key, value in (metadata or {}).items() if value is not None]
    parts += [_chunk(b"IDAT", b"".join(idat)), _chunk(b"IEND", b"")]
    return b"".join(parts)


class _Pixels:
    """A file-like target for ``savefig(format="rgba")`` that keeps the renderer's pixel buffer, shaped."""

    pixels = None

    def write(self, data) -> int:
        import numpy as np

        self.pixels = np.asarray(data)
        return self.pixels.nbytes

    def seek(self, *args) -> int:  # pragma: no cover - present so matplotlib takes this for an open file
        return 0


def figure_png(fig: "Figure", *, dpi: float, metadata: Mapping[str, str | None] | None = None) -> bytes:
    """The figure drawn at ``dpi`` as PNG bytes (:func:`png_bytes`), with ``metadata`` as text chunks.

    Drawn as :meth:`matplotlib.figure.Figure.savefig` draws a PNG (same size, same pixels); call it
    inside the house style (:func:`analysis.figures.style.apply_style`) as ``savefig`` would be.

    >>> from analysis.figures.style import new_figure
    >>> data = figure_png(new_figure(), dpi=10)
    >>> struct.unpack(">II", data[16:24])
    (62, 39)
    """
    grab = _Pixels()
    fig.savefig(grab, format="rgba", dpi=dpi)
    return png_bytes(grab.pixels, dpi=dpi, metadata=metadata)
