"""The shared style: palette from CONVENTIONS.md, house size, deterministic files."""

from __future__ import annotations

import struct
import subprocess
import sys
import zlib

from analysis.figures import frame, save, style
from analysis.figures.captions import Caption


def png_chunks(data: bytes) -> dict[bytes, list[bytes]]:
    chunks: dict[bytes, list[bytes]] = {}
    pos = 8
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunks.setdefault(kind, []).append(data[pos + 8:pos + 8 + length])
        pos += 12 + length
    return chunks


def test_palette_is_the_analysis_function_palette_in_order():
    # Typed from CONVENTIONS.md (afcharts): categorical order, two-series pair, sequential, focus.
    assert style.CATEGORICAL == ("#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1")
    assert style.TWO_SERIES == ("#12436D", "#F46A25")
    assert style.SEQUENTIAL == ("#092135", "#12436D", "#2073BC", "#6BACE6", "#ADD1F1")
    assert (style.FOCUS, style.FOCUS_GREY) == ("#12436D", "#BFBFBF")
    every_colour = set(style.CATEGORICAL) | set(style.SEQUENTIAL) | {style.FOCUS_GREY}
    assert set(style.DIVERGING_4) <= every_colour and style.BAR_FILL in every_colour and style.APART in every_colour


def test_contrast_rule_picks_the_readable_text_colour():
    # WCAG: white on #12436D is about 10:1, so white; orange #F46A25 is light (L about 0.33), so dark text.
    assert style.text_colour_on("#12436D") == "#FFFFFF"
    assert style.text_colour_on("#F46A25") == style.TEXT
    assert style.text_colour_on("#BFBFBF") == style.TEXT


def test_png_is_159_by_100_mm_at_300_dpi_without_software_metadata():
    data = save.render_png(style.new_figure(), title="T", description="Alt text.")
    chunks = png_chunks(data)
    width, height = struct.unpack(">II", chunks[b"IHDR"][0][:8])
    # 159 mm = 6.2598 in -> 1877.95 px; 100 mm = 3.937 in -> 1181.1 px at 300 dpi.
    assert abs(width - 1878) <= 1 and abs(height - 1181) <= 1
    ppm_x, ppm_y, unit = struct.unpack(">IIB", chunks[b"pHYs"][0])
    assert unit == 1 and ppm_x == ppm_y == round(300 / 0.0254)  # 11811 pixels per metre
    texts = b"".join(chunks.get(b"tEXt", []))
    assert b"Software" not in texts and b"matplotlib" not in texts.lower()
    assert b"Alt text." in texts


def test_svg_has_title_desc_and_no_date():
    svg = save.render_svg(style.new_figure(), title="A <title> & more", description="Alt text.").decode()
    assert '<title id="figure-title">A &lt;title&gt; &amp; more</title>' in svg
    assert '<desc id="figure-desc">Alt text.</desc>' in svg
    assert "<dc:date>" not in svg and "Matplotlib v" not in svg


def _draw_script(out: str) -> str:
    return f"""
import pandas as pd
from analysis.figures.bars import horizontal_bars
from analysis.figures.captions import Caption
from analysis.figures.save import save_figure
f = pd.DataFrame({{"indicator": ["a", "b"], "proportion": [0.62, 0.3], "ci_lower": [0.58, 0.25],
                  "ci_upper": [0.66, 0.35], "n": [692, 40], "flag": ["", "small base"]}})
fig = horizontal_bars(f, Caption(title="Title", base="Base: all (n=692).", source="Source: test."))
save_figure(fig, {out!r} + "/fig", title="Title", description="Alt.")
"""


def test_two_processes_write_identical_bytes(tmp_path):
    # Separate interpreters: different hash seeds and ids, so only fixed salt and metadata make them equal.
    outs = []
    for k in (1, 2):
        out = tmp_path / f"run{k}"
        out.mkdir()
        subprocess.run([sys.executable, "-c", _draw_script(str(out))], check=True,
                       env={"PYTHONHASHSEED": str(k), "PATH": "/usr/bin:/bin"})
        outs.append(out)
    for name in ("fig.png", "fig.svg"):
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name


def test_notes_sit_below_the_axes_and_the_title_above():
    fig = style.new_figure()
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1])
    frame.frame_figure(fig, Caption(title="Title", subtitle="Sub", base="Base: x.", source="Source: y.",
                                    notes=("Note one.",), provenance_note="Reconstructed."))
    renderer = fig.canvas.get_renderer()
    axes_box = ax.get_tightbbox(renderer)
    texts = {t.get_text().split("\n")[0]: t.get_window_extent(renderer) for t in fig.texts}
    assert texts["Title"].y0 > axes_box.y1
    assert texts["Base: x."].y1 < axes_box.y0
    assert "Note: Reconstructed." in "\n".join(t.get_text() for t in fig.texts)
    # Nothing outside the figure.
    for box in texts.values():
        assert box.x0 >= 0 and box.x1 <= fig.bbox.width and box.y0 >= 0 and box.y1 <= fig.bbox.height


def test_long_notes_wrap_inside_the_figure():
    fig = style.new_figure()
    fig.add_subplot()
    long_note = "word " * 80
    frame.frame_figure(fig, Caption(title="T", notes=(long_note.strip() + ".",)))
    renderer = fig.canvas.get_renderer()
    for text in fig.texts:
        assert text.get_window_extent(renderer).x1 <= fig.bbox.width


def test_png_is_not_compressed_with_a_timestamp():
    data = save.render_png(style.new_figure())
    assert b"tIME" not in png_chunks(data)
    zlib.decompress(b"".join(png_chunks(data)[b"IDAT"]))  # a valid image stream
