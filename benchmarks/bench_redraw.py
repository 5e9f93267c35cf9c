"""Time the drawing of each 2013 figure, serially in one process: what the figures stage hands its two processes.

In a scratch copy of the bundled waves (``data/raw``), after one ``python -m analysis all``, a
child process of the toolkit under test (this checkout, or ``--repo``) plans the 2013 figure set
(:func:`analysis.figures.stage.plan_wave`), warms up as the stage does before it forks
(``_preload``), then draws and writes each figure in turn into a scratch folder, timing each step:

``build``
    the figure itself (its data, chart and the words around it);
``svg``
    the chart-only SVG (:func:`analysis.figures.save.render_svg`);
``png``
    the document PNG at 300 dpi (:func:`analysis.figures.save.render_png`);
``sized``
    the slide and square images (:func:`analysis.figures.sized.render_sized`);
``total``
    the whole figure: build, then every file it writes (CSV, JSON and the rest included).

Then, in another child, the whole ``figures`` stage forced (``SURVEYKIT_FORCE=1``, after the
imports ``all`` has made by then): its wall time, the CPU seconds of the parent (plan, warm-up,
records) and of the two drawing processes together. On a machine shared with other work the
wall time says little; the parent's CPU plus half the drawing processes' is what the stage
would take with two idle cores to itself (an upper bound: CPU seconds grow under contention).

Every time is the median of ``--runs`` runs, wall and CPU seconds, with the load average before
each run. The figures stage's own wall time inside ``all --force`` is timed by
``benchmarks/bench_loop.py --redraw``; this script says where it goes. Nothing here is a test.

Run: ``.venv/bin/python benchmarks/bench_redraw.py`` (about a minute), or e.g.
``--runs 5 --repo ../main`` to time another checkout's toolkit with this Python.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]

#: The child's script: prints one JSON object, {figure: {step: [wall, cpu]}}, plus plan and warm-up.
CHILD = r'''
import functools, json, os, sys, tempfile, time
from pathlib import Path

t0, c0 = time.perf_counter(), time.process_time()
from analysis.config import Paths
from analysis.figures import save, sized, stage
from analysis.weighting import weighting_note

paths = Paths(Path(os.environ["SURVEYKIT_ROOT"]))
builders, codebook = stage.plan_wave("2013", paths)
t1, c1 = time.perf_counter(), time.process_time()
stage._preload()
t2, c2 = time.perf_counter(), time.process_time()
out = {"plan (imports included)": [t1 - t0, c1 - c0], "warm-up": [t2 - t1, c2 - c1]}
steps = {}

def timed(module, name, label):
    original = getattr(module, name)

    @functools.wraps(original)
    def wrapper(*args, **kwargs):
        t, c = time.perf_counter(), time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            spent = steps.setdefault(label, [0.0, 0.0])
            spent[0] += time.perf_counter() - t
            spent[1] += time.process_time() - c
    setattr(module, name, wrapper)

timed(save, "render_svg", "svg")
timed(save, "render_png", "png")
timed(sized, "render_sized", "sized")
folder = Path(tempfile.mkdtemp())
for name, build in builders:
    steps.clear()
    t, c = time.perf_counter(), time.process_time()
    made = build()
    built = [time.perf_counter() - t, time.process_time() - c]
    if not hasattr(made, "figure"):
        continue
    stage.write_figure(made, folder, codebook.wave, weighting_note(codebook))
    out[name] = {"build": built, **{k: list(v) for k, v in steps.items()},
                 "total": [time.perf_counter() - t, time.process_time() - c]}
print(json.dumps(out))
'''

#: The second child's script: the figures stage, forced, as ``all`` runs it; prints [wall, parent CPU, children CPU].
STAGE = r'''
import json, os, resource, time
from pathlib import Path

import numpy, pandas, pyarrow.parquet  # noqa: F401 (imported by the stages ``all`` runs before this one)
from analysis.config import Paths
from analysis.figures import stage

os.environ["SURVEYKIT_FORCE"] = "1"
paths = Paths(Path(os.environ["SURVEYKIT_ROOT"]))
t, c = time.perf_counter(), time.process_time()
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
stage.run("2013", paths)
after = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps([time.perf_counter() - t, time.process_time() - c,
                  (after.ru_utime - kids.ru_utime) + (after.ru_stime - kids.ru_stime)]))
'''

STEPS = ("build", "svg", "png", "sized", "total")


def scratch(workdir: Path) -> Path:
    """A copy of the bundled waves with every stage run once (the figures' inputs)."""
    root = workdir / "bundled"
    shutil.copytree(HERE / "data" / "raw", root / "data" / "raw")
    shutil.copy(HERE / "pyproject.toml", root / "pyproject.toml")
    for sub in ("data/processed", "figures"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "analysis", "all"], cwd=HERE, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, env={**os.environ, "SURVEYKIT_ROOT": str(root)})
    return root


def one_run(repo: Path, root: Path, script: str = CHILD):
    env = {**os.environ, "SURVEYKIT_ROOT": str(root), "PYTHONHASHSEED": "0", "PYTHONPATH": str(repo)}
    done = subprocess.run([sys.executable, "-c", script], cwd=repo, env=env, capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def table(runs: list[dict], loads: list[float], repo: Path, stages: list) -> str:
    """The medians as a Markdown table: one row per figure, wall then CPU seconds of each step."""
    first = runs[0]
    figures = [k for k, v in first.items() if isinstance(v, dict)]
    med = lambda vals: statistics.median(vals)  # noqa: E731
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=repo, capture_output=True,
                            text=True).stdout.strip() or "?"
    lines = [f"toolkit `{commit}` ({repo}), {len(runs)} runs, load average {min(loads):.1f} to {max(loads):.1f}",
             "", "| figure | " + " | ".join(STEPS) + " |", "|---|" + "---|" * len(STEPS)]
    sums = {s: [0.0, 0.0] for s in STEPS}
    for name in figures:
        cells = []
        for step in STEPS:
            wall = med([r[name].get(step, [0, 0])[0] for r in runs])
            cpu = med([r[name].get(step, [0, 0])[1] for r in runs])
            sums[step][0] += wall
            sums[step][1] += cpu
            cells.append(f"{wall:.2f} ({cpu:.2f})")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines.append("| **sum** | " + " | ".join(f"**{w:.2f}** ({c:.2f})" for w, c in sums.values()) + " |")
    for key in ("plan (imports included)", "warm-up"):
        lines.append(f"\n{key}: {med([r[key][0] for r in runs]):.2f} s wall ({med([r[key][1] for r in runs]):.2f} CPU)")
    lines.append("\nSeconds: wall (CPU), medians; figures drawn one after the other in one process.")
    wall, parent, children = (med([r[k] for r in stages]) for k in range(3))
    lines.append(f"\nThe figures stage, forced: {wall:.2f} s wall; CPU {parent:.2f} s in the parent and {children:.2f} s "
                 f"in the two drawing processes, so {parent + children / 2:.2f} s on two idle cores at most.")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs (median; default 3)")
    parser.add_argument("--repo", type=Path, default=HERE, help="the checkout whose toolkit is timed (default: this one)")
    args = parser.parse_args(argv)
    repo = args.repo.resolve()
    workdir = Path(tempfile.mkdtemp(prefix="surveykit-redraw-"))
    try:
        root = scratch(workdir)
        runs, loads, stages = [], [], []
        for _ in range(args.runs):
            loads.append(os.getloadavg()[0])
            runs.append(one_run(repo, root))
            loads.append(os.getloadavg()[0])
            stages.append(one_run(repo, root, STAGE))
        print(table(runs, loads, repo, stages))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
