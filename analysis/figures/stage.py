"""The ``figures`` stage: draw a wave's figure set into ``figures/<wave>/``.

For each figure of :func:`analysis.figures.figure_set.figure_set` it writes
``<name>.png`` (300 dpi, title and notes inside), ``<name>_slide.png`` (1920 × 1080) and
``<name>_square.png`` (1080 × 1080) with title, base, a short caveat and source inside
(:mod:`analysis.figures.sized`), ``<name>.svg`` (the chart alone,
for a page that shows the words as text), ``<name>.json`` (caption, alt text,
long description, base, source, notes, files), ``<name>.csv`` (the rows of
the estimate frames it draws, after disclosure control: withheld rows keep their
place without numbers, with ``disclosure_reason`` in words; for a weighted wave a ``weighting``
column with its weighting note) and ``<name>_percentages.csv`` (the same rows in plain
percentages, :mod:`analysis.figures.downloads`). Every file is written atomically; two runs on
the same inputs write the same bytes.

The stage returns 1 when a check fails: an alt text that is too long, not one
sentence or holds an abbreviation, or a reconstructed wave's figure without its
reconstruction note.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from analysis.config import Paths
    from analysis.figures.context import Drawn, Skipped

#: Columns of a figure's CSV file, when the frame has them (estimate columns, then what identifies a row).
CSV_FIRST = ("indicator", "wave", "category", "base", "base_name", "by", "group")


def metadata(drawn: "Drawn", wave, files: list[str]) -> dict:
    """The figure's JSON record: its caption plus what it is and where its files are."""
    from analysis import __version__
    from analysis.figures import style

    record = drawn.caption.to_dict()
    record.update({
        "figure": drawn.name,
        "wave": wave.name,
        "provenance": wave.provenance,
        "is_reconstructed": wave.is_reconstructed,
        "files": files,
        "size_mm": [round(float(v) * style.MM_PER_INCH, 1) for v in drawn.figure.get_size_inches()],
        "dpi": style.DPI,
        "toolkit_version": __version__,
    })
    return record


def data_csv(frame: "pd.DataFrame", weighting: str = "", wave: str | None = None) -> str:
    """The rows drawn as CSV text with fixed float formatting (same rows, same bytes).

    ``weighting`` (the wave's :func:`analysis.weighting.weighting_note`) fills the
    ``weighting`` column of a weighted wave's rows; none without it.
    """
    from analysis.tables import to_csv_text
    from analysis.weighting import with_weighting

    frame = with_weighting(frame, weighting, wave=wave)
    first = [c for c in CSV_FIRST if c in frame.columns]
    rest = [c for c in frame.columns if c not in first]
    return to_csv_text(frame[first + rest])


#: Where the figures stage records, per figure, the key of what it drew and the digests of its images.
DRAWN_RECORD = "figures-drawn.json"


def figure_key(drawn: "Drawn", wave, weighting: str, chart_svg: bytes, percentages: bytes) -> str:
    """One SHA-256 over everything a figure's images are drawn from.

    The toolkit's source and the drawing libraries' versions (:func:`analysis.uptodate.code_key`),
    the figure's name and size, its caption (every word in and around the image), the wave's
    provenance, the weighting note, the chart as SVG (every mark, label and position of the chart
    itself) and the percentages the slide and square images are drawn from. The document PNG is
    the SVG's chart with the caption's words around it at the figure's size, so an unchanged key
    means unchanged images.
    """
    import hashlib

    from analysis.uptodate import code_key

    h = hashlib.sha256(code_key().encode())
    for part in (drawn.name, repr(tuple(round(float(v), 6) for v in drawn.figure.get_size_inches())),
                 repr(drawn.caption), wave.name, str(wave.provenance), str(wave.is_reconstructed), weighting):
        h.update(part.encode("utf-8") + b"\0")
    h.update(chart_svg + b"\0" + percentages)
    return h.hexdigest()


def _unchanged(before: dict | None, key: str, out_dir) -> bool:
    """True when ``before`` (a figure's record of its last drawing) has ``key`` and its images are on disk as written."""
    from analysis.uptodate import file_digest

    if not before or before.get("key") != key or not before.get("images"):
        return False
    for name, digest in before["images"].items():
        path = out_dir / name
        if not path.is_file() or file_digest(path) != digest:
            return False
    return True


def write_drawn(drawn: "Drawn", out_dir, wave, weighting: str = "", *, before: dict | None = None) -> list[str]:
    """Write one figure's PNG, SVG, JSON and CSV; return the file names.

    The images (document PNG, slide and square PNG) are drawn only when the figure's
    :func:`figure_key` differs from ``before`` (its record from the last run) or one of them is
    missing or changed on disk (:func:`write_figure`).
    """
    return write_figure(drawn, out_dir, wave, weighting, before=before)[0]


def write_figure(drawn: "Drawn", out_dir, wave, weighting: str = "", *,
                 before: dict | None = None) -> tuple[list[str], dict, bool]:
    """Write one figure's files: (file names, its record, whether its images were drawn).

    The CSV files and the chart-only SVG are written every time (they are cheap and the SVG
    goes into the figure's key); the three images only when :func:`figure_key` changed.
    """
    from analysis.atomic import write_bytes, write_json, write_text
    from analysis.figures import downloads
    from analysis.figures.save import render_png, render_svg
    from analysis.figures.sized import write_sized
    from analysis.uptodate import file_digest

    stem = out_dir / drawn.name
    c = drawn.caption
    png, svg = stem.with_name(drawn.name + ".png"), stem.with_name(drawn.name + ".svg")
    chart = render_svg(drawn.figure, title=c.title, description=c.alt_text, ident=drawn.name,
                       words=(c.subtitle, c.base, *c.notes, c.abbreviations, c.source))
    write_bytes(svg, chart)
    write_text(stem.with_name(drawn.name + ".csv"), data_csv(drawn.data, weighting, wave.name))
    percentages = downloads.write_percentages(drawn, out_dir, wave, weighting=weighting)
    shares = (out_dir / percentages).read_bytes()
    key = figure_key(drawn, wave, weighting, chart, shares)
    redraw = not _unchanged(before, key, out_dir)
    if redraw:
        write_bytes(png, render_png(drawn.figure, title=c.title, description=c.alt_text))
    # The SVG gets its words in any case; the slide and square images only when redrawn.
    sized = write_sized(out_dir, drawn.name, {**c.to_dict(), "is_reconstructed": wave.is_reconstructed,
                                              "provenance": wave.provenance}, shares, images=redraw)
    files = [png.name, svg.name] + sized + [drawn.name + ".csv", percentages, drawn.name + ".json"]
    write_json(stem.with_name(drawn.name + ".json"), metadata(drawn, wave, files))
    record = {"key": key, "images": {name: file_digest(out_dir / name) for name in [png.name, *sized]}}
    return files, record, redraw


@dataclass(frozen=True)
class Rendered:
    """A figure drawn and written: its name, the files it wrote and what is wrong with its caption.

    ``record`` is the figure's key and the digests of its images (:func:`write_figure`);
    ``redrawn`` is False when its images were left as the last run wrote them.
    """

    name: str
    files: list[str]
    problems: list[str]
    record: dict = field(default_factory=dict, compare=False)
    redrawn: bool = True


#: The figures in the order they are handed out: longest to draw first (as measured on the 2013 wave by
#: ``benchmarks/bench_redraw.py``), so that two processes finish together; a figure not named here comes
#: last, in the set's order.
SLOWEST_FIRST = ("fig2_confidence_by_sector", "fig7_published_ranges", "fig6_across_waves",
                 "fig4_not_confident_by_profession", "fig3_training_by_sector", "fig5_unmet_need_by_sector")

#: What the processes drawing a wave's figures read: (builders, out_dir, wave, weighting, drawn_before).
_PENDING: tuple = ()


def render(build, out_dir, wave, weighting: str = "", *, drawn_before: dict | None = None) -> "Rendered | Skipped":
    """Draw one figure with ``build()`` and write its files; a ``Skipped`` record passes through.

    ``drawn_before`` maps figure names to their records from the last run (:func:`read_drawn`):
    a figure whose key is unchanged keeps its images.
    """
    from analysis.figures.context import Drawn

    made = build()
    if not isinstance(made, Drawn):
        return made
    files, record, redrawn = write_figure(made, out_dir, wave, weighting, before=(drawn_before or {}).get(made.name))
    return Rendered(made.name, files, checks(made, wave), record, redrawn)


def _render_pending(k: int):
    builders, out_dir, wave, weighting, drawn_before = _PENDING
    return k, render(builders[k][1], out_dir, wave, weighting, drawn_before=drawn_before)


def _preload() -> None:
    """Do once, before the drawing processes fork, what each would otherwise do on its first figure.

    Imports the drawing modules, loads the fonts and builds matplotlib's mathtext parser (the
    invented-number mark is a mathtext marker) by drawing a small framed chart in both formats.
    """
    from matplotlib.lines import Line2D

    from analysis.figures import bars, diverging, dots, downloads, frame, png, ranges, save, style, trend  # noqa: F401
    from analysis.figures.captions import Caption

    fig = style.new_figure(height_mm=20.0)
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1], marker="$\\dagger$")
    ax.set_title("Panel", loc="left", fontweight="bold")
    frame.frame_figure(fig, Caption(title="Title", subtitle="Subtitle", notes=("Note.",)),
                       legend=[Line2D([], [], marker="o", label="Key")])
    save.render_svg(fig)
    png.figure_png(fig, dpi=10)


def render_all(builders: list, out_dir, wave, *, processes: int = 2, weighting: str = "",
               drawn_before: dict | None = None) -> list:
    """Draw and write every figure of ``builders`` (``(name, build)`` pairs), in ``processes`` forked processes.

    Each figure is drawn and written whole by one process, so the bytes are those of a serial
    run; the slowest figures (:data:`SLOWEST_FIRST`) are handed out first. Returns a
    :class:`Rendered` or ``Skipped`` record per builder, in the builders' order.
    """
    import gc
    import multiprocessing
    import os

    global _PENDING
    processes = min(processes, len(builders), os.cpu_count() or 1)
    if processes < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [render(build, out_dir, wave, weighting, drawn_before=drawn_before) for _, build in builders]
    _preload()
    names = [name for name, _ in builders]
    order = sorted(range(len(builders)),
                   key=lambda k: (SLOWEST_FIRST.index(names[k]) if names[k] in SLOWEST_FIRST else len(SLOWEST_FIRST), k))
    results: list = [None] * len(builders)
    _PENDING = (builders, out_dir, wave, weighting, drawn_before)
    # What the parent holds (the libraries, the tables) is frozen out of the garbage collector's
    # reach before the fork: the drawing processes' full collections then walk only what they make,
    # and do not touch (and so copy) the parent's memory (Python's gc.freeze documentation).
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            for k, record in pool.imap_unordered(_render_pending, order, chunksize=1):
                results[k] = record
    finally:
        _PENDING = ()
        gc.unfreeze()
    return results


def checks(drawn: "Drawn", wave) -> list[str]:
    """What is wrong with a drawn figure's caption (empty when nothing)."""
    from analysis.figures.captions import alt_text_problems

    # The generator fits the alt text to its length (analysis.figures.alt_text); its tests check that,
    # so a long number in a user's wave never fails the run.
    problems = [f"alt text {p}" for p in alt_text_problems(drawn.caption.alt_text) if "characters" not in p]
    from analysis.figures.figure_set import PUBLISHED_ONLY_NOTE

    footer = " ".join(drawn.caption.footer_lines())
    if wave.is_reconstructed and wave.provenance_note not in footer and PUBLISHED_ONLY_NOTE not in footer:
        problems.append("reconstruction note missing under the chart")
    if not drawn.caption.long_description:
        problems.append("no long description")
    return problems


def read_drawn(wave: str, paths: "Paths") -> dict:
    """Each figure's record of its last drawing (:data:`DRAWN_RECORD`); empty when forced or never drawn.

    It sits with the stage's own record (:func:`analysis.uptodate.record_path`), outside the
    figures' folder, so it is neither an output nor an input of any stage.
    """
    import json
    import os

    from analysis.uptodate import FORCE, record_path

    path = record_path(paths, wave, "figures").with_name(DRAWN_RECORD)
    if os.environ.get(FORCE, "") not in ("", "0") or not path.is_file():
        return {}
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return saved if isinstance(saved, dict) else {}


def write_drawn_record(wave: str, paths: "Paths", results: list) -> None:
    """Record each drawn figure's key and image digests for the next run (:func:`read_drawn`)."""
    from analysis.atomic import write_json
    from analysis.inside import check_inside
    from analysis.uptodate import record_path

    path = record_path(paths, wave, "figures").with_name(DRAWN_RECORD)
    check_inside(path, what="a stage record")
    path.parent.mkdir(parents=True, exist_ok=True)
    write_json(path, {r.name: r.record for r in results if isinstance(r, Rendered) and r.record})


def plan_wave(wave: str, paths: "Paths") -> tuple[list, object]:
    """The figure set of a wave as ``(name, build)`` pairs, in order, and its codebook.

    Drawn from the protected table set the ``protect`` stage wrote
    (:func:`analysis.protect.stage.read_protected`, the numbers the report publishes) and
    the ranges the ``reproduce`` stage wrote; ``build()`` draws one figure (``Drawn``) or
    says why it is not drawn (``Skipped``).
    """
    from functools import partial

    from analysis.codebook import load_codebook
    from analysis.figures.figure_set import figure_builders
    from analysis.figures.ranges import NAME, ranges_figure
    from analysis.protect.stage import read_protected
    from analysis.reproduction.registry import published_indicators
    from analysis.reproduction.stage import read_outputs
    from analysis.waves.stage import read_protected_trend

    codebook = load_codebook(paths.codebook(wave), wave=wave)
    tables, _, record = read_protected(wave, paths)
    threshold = int(record["threshold"])
    # The comparison across waves, protected by the trends stage with the same policy.
    tables = {**tables, **read_protected_trend(wave, paths)}
    # The ranges the published figures allow, as the reproduce stage wrote them (a wave with a registry only).
    reproduced = read_outputs(wave, paths)
    from analysis.reproduction.range_words import ranges_said

    builders = figure_builders(codebook, tables, headline_indicators=published_indicators(wave, paths, codebook),
                               trend=tables.get("trend"), differences=tables.get("differences"),
                               threshold=threshold, left_out=record.get("left_out"),
                               ranges_said=ranges_said(reproduced and reproduced["ranges"], codebook))
    if reproduced is not None:
        builders.append((NAME, partial(ranges_figure, codebook, reproduced["ranges"], tables["estimates"],
                                       threshold=threshold)))
    return builders, codebook


def draw_wave(wave: str, paths: "Paths") -> tuple[list, object]:
    """The figure set of a wave (``Drawn`` and ``Skipped`` records, in order) and its codebook."""
    builders, codebook = plan_wave(wave, paths)
    return [build() for _, build in builders], codebook


#: Suffixes of the files one figure writes (removed with it when it is no longer drawn).
FIGURE_SUFFIXES = (".png", ".svg", ".json", ".csv")


def remove_stale(out_dir, drawn: set[str]) -> list[str]:
    """Delete figure files in ``out_dir`` whose figure is not in ``drawn``; return their names.

    A figure no longer drawn (every number in it withheld, say) must not stay beside the
    new ones, where the report would embed it. A figure is a name with an image or a
    metadata file; other outputs in the folder (the reproduction table) stay.
    """
    gone = []
    if not out_dir.is_dir():
        return gone
    from analysis.figures.downloads import figure_of
    from analysis.figures.sized import figure_of as sized_figure_of

    figures = {sized_figure_of(p.stem) for p in out_dir.iterdir()
               if p.suffix in (".png", ".svg", ".json")} - {"reproduction"}
    for path in sorted(out_dir.iterdir()):
        stem = figure_of(sized_figure_of(path.stem))  # <name>_percentages.csv and <name>_slide.png go with it
        if path.is_file() and path.suffix in FIGURE_SUFFIXES and stem in figures and stem not in drawn:
            path.unlink()
            gone.append(path.name)
    return gone


def run(wave: str, paths: "Paths") -> int:
    """Stage entry point; skipped, with one line, when nothing it reads has changed since its last run.

    See :mod:`analysis.uptodate`: the record holds a key over the stage's inputs and the toolkit's
    code, and the digest of every file the stage wrote; ``--force`` runs it regardless.
    """
    from analysis.uptodate import run_stage

    return run_stage("figures", wave, paths, _run, outputs=paths.figures_dir(wave))


def _run(wave: str, paths: "Paths") -> int:
    """Stage entry point: draw and write the figure set of ``wave``; 0 when every check passes."""
    import sys

    from analysis.weighting import weighting_note

    builders, codebook = plan_wave(wave, paths)
    info = codebook.wave
    out_dir = paths.figures_dir(wave)
    status = 0
    from analysis import console

    results = render_all(builders, out_dir, info, weighting=weighting_note(codebook),
                         drawn_before=read_drawn(wave, paths))
    write_drawn_record(wave, paths, results)
    for result in results:
        if not isinstance(result, Rendered):
            console.detail(f"figures {wave}: {result.name} not drawn: {result.reason}")
            continue
        console.detail(f"figures {wave}: {result.name} -> {', '.join(result.files)}"
                       + ("" if result.redrawn else " (images unchanged since the last run, kept)"))
        for problem in result.problems:
            print(f"figures {wave}: {result.name}: check failed: {problem}", file=sys.stderr)
            status = 1
    console.figures_line(wave, [r.name for r in results if isinstance(r, Rendered)],
                         [(r.name, r.reason) for r in results if not isinstance(r, Rendered)],
                         up_to_date=sum(1 for r in results if isinstance(r, Rendered) and not r.redrawn))
    for name in remove_stale(out_dir, {r.name for r in results if isinstance(r, Rendered)}):
        console.say(f"figures {wave}: removed {name} (figure no longer drawn)")
    if info.is_reconstructed:
        console.note(f"{wave} provenance", info.provenance_note, prefix=f"note {wave}: every figure carries it: ")
    return status
