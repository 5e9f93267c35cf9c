"""The PNG writer: the pixels matplotlib draws, read back by Pillow, with the metadata asked for."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

from analysis.figures import png, style


def test_pillow_reads_back_the_pixels_the_resolution_and_the_words():
    rng = np.random.default_rng(7)
    pixels = rng.integers(0, 256, size=(5, 7, 4), dtype=np.uint8)
    data = png.png_bytes(pixels, dpi=300, metadata={"Title": "Trust – by sector", "Description": "Alt.",
                                                    "Software": None})
    image = Image.open(io.BytesIO(data))
    image.load()
    assert image.mode == "RGBA" and image.size == (7, 5)
    assert np.array_equal(np.asarray(image), pixels)
    # 300 dpi = 11811 pixels per metre (300 / 0.0254, rounded); Pillow gives it back in dots per inch.
    assert [round(v) for v in image.info["dpi"]] == [300, 300]
    # An en dash is not Latin-1: the title goes in an iTXt chunk, which Pillow reads as UTF-8.
    assert image.text == {"Title": "Trust – by sector", "Description": "Alt."}


def test_a_figure_has_the_pixels_of_matplotlibs_own_png():
    fig = style.new_figure(height_mm=30.0)
    ax = fig.add_subplot()
    ax.barh([0, 1], [0.3, 0.7], color=style.TWO_SERIES)
    ax.set_title("A panel", loc="left")
    ours = Image.open(io.BytesIO(png.figure_png(fig, dpi=120)))
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=120)
    theirs = Image.open(io.BytesIO(buf.getvalue()))
    assert ours.size == theirs.size
    assert np.array_equal(np.asarray(ours.convert("RGBA")), np.asarray(theirs.convert("RGBA")))
