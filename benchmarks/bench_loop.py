"""Time the edit-run loop: a forced redraw of the 2013 figures, a fresh clone's first report, ``make test``.

What it does (each part can be run alone; all three by default):

``--redraw``
    In a scratch copy of the bundled waves (``data/raw``), after one ``python -m analysis all``,
    times ``python -m analysis figures --wave 2013 --force`` (a forced redraw in its own process:
    Python's start and imports included), the ``figures`` stage inside
    ``python -m analysis all --skip-ingest --force --times`` (the stage alone, as ``all`` reports
    it), and ``figures --wave 2013`` after an edit of the codebook that changes no figure (a
    comment line: the stage runs, each figure finds its images up to date and keeps them).
``--clone``
    ``git clone`` of this repository's last commit into a temporary folder, then
    ``make reproduce`` there: the virtual environment built from ``requirements.lock`` (with uv
    when it can be had; its download cache, if warm, is used as a user's would be) and every
    stage of the bundled waves, to the first report.
``--test``
    ``make test`` in this checkout (the whole suite on two workers).

Every time is a median of ``--runs`` runs (the clone and the suite: one run unless asked),
with the CPU seconds of the process and its children and the one-minute load average before
each run: on a machine shared with other work, wall time says how long one waited and CPU time
what the work cost. At the end it prints the results beside the goals (:data:`GOALS`) as a
Markdown table and, with ``--write``, appends them to ``benchmarks/results/loop.md``.
Nothing here is a test, and no test times anything.

Run: ``.venv/bin/python benchmarks/bench_loop.py`` (about 5 minutes on an idle two-core
machine), or e.g. ``--redraw --runs 5``.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
#: The checkout whose toolkit is timed (this one, or ``--repo``).
REPO = HERE
RESULTS = HERE / "benchmarks" / "results" / "loop.md"
#: The goals, in seconds of wall time.
GOALS = {"forced redraw of the 2013 figures (figures stage inside `all --force`)": 3.0,
         "fresh clone to its first report (`git clone`, `make reproduce`)": 60.0,
         "`make test` (two workers)": 90.0}
#: Earlier measurements the goals were set against (README, 2026-11-23, load 0.5 to 1.5).
BEFORE = {"forced redraw of the 2013 figures (figures stage inside `all --force`)": "7.8 s (of 11 s for `all`)",
          "fresh clone to its first report (`git clone`, `make reproduce`)": "72 s to 3 min",
          "`make test` (two workers)": "2 to 3.7 min"}

LOADS: list[float] = []


def timed(args: list[str], *, cwd: Path, env: dict | None = None) -> tuple[float, float, int, str]:
    """Run ``args``: (wall seconds, CPU seconds of it and its children, exit status, its stderr)."""
    LOADS.append(os.getloadavg()[0])
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["?"])[-1]
        print(f"    {' '.join(args)} exited {done.returncode}: {tail}")
    return wall, cpu, done.returncode, done.stderr


def _median(values) -> float:
    return statistics.median(values) if values else float("nan")


def inside(stderr: str, stage: str) -> float:
    """Seconds of ``stage`` from the last line ``all --times`` prints."""
    for line in reversed(stderr.splitlines()):
        if line.startswith("seconds per stage: "):
            for part in line[len("seconds per stage: "):].split("; total")[0].split(", "):
                name, value = part.rsplit(" ", 1)
                if name == stage:
                    return float(value)
    return float("nan")


def redraw(workdir: Path, runs: int) -> dict[str, tuple[float, float]]:
    """The forced redraw, three ways (see the module's description): name -> (median wall, median CPU)."""
    root = workdir / "bundled"
    shutil.copytree(REPO / "data" / "raw", root / "data" / "raw")
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    for sub in ("data/processed", "figures"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    env = {"SURVEYKIT_ROOT": str(root), "PYTHONHASHSEED": "0"}
    py = [sys.executable, "-m", "analysis"]
    timed([*py, "all"], cwd=REPO, env=env)  # the warm-up: every stage once
    out: dict[str, tuple[float, float]] = {}
    alone = [timed([*py, "figures", "--wave", "2013", "--force"], cwd=REPO, env=env) for _ in range(runs)]
    out["`figures --wave 2013 --force` (own process)"] = (_median([r[0] for r in alone]), _median([r[1] for r in alone]))
    within = [timed([*py, "all", "--skip-ingest", "--force", "--times"], cwd=REPO, env=env) for _ in range(runs)]
    out["figures stage inside `all --skip-ingest --force --times`"] = (
        _median([inside(r[3], "figures") for r in within]), float("nan"))
    out["`all --skip-ingest --force` (own process)"] = (_median([r[0] for r in within]), _median([r[1] for r in within]))
    codebook = root / "data" / "raw" / "2013" / "codebook.toml"
    original = codebook.read_bytes()
    edited = []
    try:
        for k in range(runs):
            codebook.write_bytes(original + f"\n# edited {k}\n".encode())
            edited.append(timed([*py, "figures", "--wave", "2013"], cwd=REPO, env=env))
    finally:
        codebook.write_bytes(original)
    out["`figures --wave 2013` after a codebook edit no figure shows"] = (
        _median([r[0] for r in edited]), _median([r[1] for r in edited]))
    return out


def fresh_clone(workdir: Path, runs: int) -> tuple[float, float]:
    """``git clone`` then ``make reproduce``, ``runs`` times: (median wall, median CPU)."""
    results = []
    for k in range(runs):
        clone = workdir / f"clone{k}"
        LOADS.append(os.getloadavg()[0])
        t0 = time.perf_counter()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(["git", "clone", "--quiet", str(REPO), str(clone)], check=True)
        wall, _, status, _ = timed(["make", "reproduce"], cwd=clone, env={"SURVEYKIT_ROOT": ""})
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        total = time.perf_counter() - t0
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        print(f"  clone {k + 1}: {total:.1f} s wall ({wall:.1f} s of it `make reproduce`), {cpu:.1f} s CPU, "
              f"exit {status}")
        results.append((total, cpu))
        shutil.rmtree(clone, ignore_errors=True)
    return _median([r[0] for r in results]), _median([r[1] for r in results])


def make_test(runs: int) -> tuple[float, float]:
    """``make test`` in this checkout, ``runs`` times: (median wall, median CPU)."""
    results = [timed(["make", "test"], cwd=REPO) for _ in range(runs)]
    for wall, cpu, status, _ in results:
        print(f"  make test: {wall:.1f} s wall, {cpu:.1f} s CPU, exit {status}")
    return _median([r[0] for r in results]), _median([r[1] for r in results])


def report(parts: dict[str, tuple[float, float]], goals: dict[str, float], runs: dict[str, int]) -> str:
    """The run as Markdown: what was timed, the numbers, the goals met or not, the machine and its load."""
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                            text=True).stdout.strip()
    lines = [f"### {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, commit `{commit}`",
             "",
             f"`benchmarks/bench_loop.py`; {platform.machine()}, {os.cpu_count()} cores, Python "
             f"{platform.python_version()}; one-minute load average {min(LOADS, default=float('nan')):.1f} to "
             f"{max(LOADS, default=float('nan')):.1f} before the runs (the machine shared with other work: compare "
             "CPU seconds, and wall times only with the load beside them). Medians.",
             "", "| what | runs | wall s | CPU s |", "|---|---|---|---|"]
    for name, (wall, cpu) in parts.items():
        lines.append(f"| {name} | {runs.get(name, 1)} | {wall:.1f} | {'-' if cpu != cpu else f'{cpu:.1f}'} |")
    lines += ["", "| goal | before | now | met |", "|---|---|---|---|"]
    for name, goal in goals.items():
        wall = parts.get(name, (float("nan"),))[0]
        met = "not timed" if wall != wall else ("met" if wall <= goal else "NOT MET")
        lines.append(f"| {name}: at most {goal:g} s | {BEFORE[name]} | "
                     f"{'-' if wall != wall else f'{wall:.1f} s'} | {met} |")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    global REPO
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--redraw", action="store_true", help="time the forced redraw of the 2013 figures")
    parser.add_argument("--clone", action="store_true", help="time a fresh clone to its first report")
    parser.add_argument("--test", action="store_true", help="time make test")
    parser.add_argument("--runs", type=int, default=3, help="runs of each redraw timing (median; default 3)")
    parser.add_argument("--clone-runs", type=int, default=1, help="fresh clones timed (default 1)")
    parser.add_argument("--test-runs", type=int, default=1, help="runs of make test (default 1)")
    parser.add_argument("--repo", type=Path, default=None,
                        help="time the toolkit of another checkout (e.g. of the main branch) with this Python, "
                             "to compare the two on the same machine at the same load")
    parser.add_argument("--write", action="store_true", help=f"append the results to {RESULTS.relative_to(HERE)}")
    args = parser.parse_args(argv)
    if args.repo is not None:
        REPO = args.repo.resolve()
        print(f"toolkit: {REPO}")
    if not (args.redraw or args.clone or args.test):
        args.redraw = args.clone = args.test = True
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"load average now {os.getloadavg()[0]:.1f}")
    parts: dict[str, tuple[float, float]] = {}
    runs: dict[str, int] = {}
    workdir = Path(tempfile.mkdtemp(prefix="surveykit-loop-"))
    try:
        if args.redraw:
            print("forced redraw of the 2013 figures ...")
            for name, value in redraw(workdir, args.runs).items():
                parts[name] = value
                runs[name] = args.runs
                print(f"  {name}: {value[0]:.2f} s wall, {value[1]:.2f} s CPU")
            key = next(iter(GOALS))
            parts[key] = parts["figures stage inside `all --skip-ingest --force --times`"]
            runs[key] = args.runs
        if args.clone:
            print("fresh clone, then make reproduce ...")
            key = list(GOALS)[1]
            parts[key] = fresh_clone(workdir, args.clone_runs)
            runs[key] = args.clone_runs
        if args.test:
            print("make test ...")
            key = list(GOALS)[2]
            parts[key] = make_test(args.test_runs)
            runs[key] = args.test_runs
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    text = report(parts, GOALS, runs)
    print()
    print(text)
    if args.write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        with open(RESULTS, "a", encoding="utf-8") as handle:
            handle.write("\n" + text)
        print(f"appended to {RESULTS.relative_to(HERE)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
