"""Time the whole pipeline, stage by stage, at several sizes, beside R's ``survey``.

What it does, in one run:

1. For each size (default 10,000, 100,000 and 1,000,000 respondents) it builds a scratch
   project whose one wave is the bundled 2013 wave's CSV export repeated to that many rows
   with new respondent ids and a multi-select item of four 0/1 columns, under the 2013 codebook with
   that item added (the data are the reconstructed wave's
   rows copied, so the timings say nothing about the study).
2. It runs every stage of the real command line (``python -m analysis <stage>``: ingest,
   then the stages ``all`` runs, in the same order) as separate processes, several times,
   and prints the median wall time and the peak memory (maximum resident set size) of each,
   and then ``python -m analysis all --times`` end to end, with the seconds each stage took
   inside that one process.
3. Where ``Rscript`` with the ``survey`` package is installed (Debian's ``r-cran-survey``),
   it times R on the same table set from the same processed data: for every indicator of
   the wave, ``svyciprop(method = "logit")`` overall and ``svyby`` by each breakdown and
   cross of the codebook's ``[tables]``, plus ``svychisq`` for each breakdown, and prints
   the ratio of R's time to the ``tables`` stage's.
4. It times ``make reproduce``'s job (``python -m analysis all --skip-ingest``) on a copy of
   the bundled waves, warm.

Run with ``make benchmark`` or ``.venv/bin/python benchmarks/bench_pipeline.py``; options:
``--sizes 10000,100000`` (or ``--sizes 10000 100000``), ``--repeats 1`` (runs per stage,
also ``--runs``), ``--no-r``. A quick check while developing:
``make benchmark BENCH="--sizes 10000,100000 --repeats 1 --no-r"``. At the end it prints a
Markdown table ready for docs/benchmarks.md (wall and CPU seconds per stage and size, peak memory at
the largest size, R's time and ratio, the warm reproduction, the load average) and the goals
met or not. Timings are medians; nothing here is a test, and no test times anything.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SIZES = (10_000, 100_000, 1_000_000)
WAVE = "2013"
#: The goals at 1,000,000 respondents (seconds, MiB) and for the warm reproduction of the bundled waves.
GOALS = {"all": 20.0, "tables": 3.0, "ingest": 10.0, "peak_mib": 2.5 * 1024, "reproduce_warm": 5.0}
EXPORT = "bench_export.csv"


def _stages() -> list[str]:
    """Ingest, then every stage that ``all`` runs, in its order (read from the command line)."""
    sys.path.insert(0, str(REPO))
    from analysis.cli import ALL_ORDER

    return ["ingest", *ALL_ORDER]


#: The generated wave's multi-select item: four 0/1 option columns, every pattern of ticks in turn
#: (the first, all zero, is a respondent who did not answer the question).
MULTI_COLUMNS = ("T1", "T2", "T3", "T4")
MULTI_TICKS = [[str((k >> b) & 1) for b in range(4)] for k in range(16)]
MULTI_ITEM = """
[items.topics]
type = "multi"
text = "Which topics would you like training on? (Select all that apply)"
options = { T1 = "Grooming", T2 = "Sexting", T3 = "Online bullying", T4 = "Recovery" }
selected = "0/1"
"""


def build_project(root: Path, n: int) -> Path:
    """A scratch project at ``root`` holding wave 2013 with its CSV export repeated to ``n`` rows."""
    source = REPO / "data" / "raw" / WAVE
    wave_dir = root / "data" / "raw" / WAVE
    wave_dir.mkdir(parents=True)
    for sub in ("data/processed", "figures"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    for name in ("published_figures.toml", "report.toml", "README.md"):
        if (source / name).is_file():
            shutil.copy(source / name, wave_dir / name)
    codebook = (source / "codebook.toml").read_text(encoding="utf-8")
    codebook = codebook.replace('data = "mcf_2013_export.sav"', f'data = "{EXPORT}"')
    codebook = codebook.replace('format = "sav"', 'format = "csv"')
    codebook += MULTI_ITEM  # a select-all-that-apply question, as 0/1 columns
    (wave_dir / "codebook.toml").write_text(codebook, encoding="utf-8")

    with open(source / "mcf_2013_export.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    with open(wave_dir / EXPORT, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header + list(MULTI_COLUMNS))
        for i in range(n):
            row = list(body[i % len(body)])
            row[0] = str(100_000_000 + i)
            writer.writerow(row + MULTI_TICKS[i % len(MULTI_TICKS)])
    return root


def run_stage(args: list[str], root: Path) -> tuple[float, float, int, float, dict[str, float]]:
    """Run ``python -m analysis ARGS`` in project ``root``: (seconds, peak MiB, exit status, CPU seconds, split).

    CPU seconds are user + system time of the stage and its children: on a machine shared
    with other work they say what the stage costs when wall time says how long it waited.
    ``split`` is what ``all --times`` prints: seconds per stage inside the one process ({} otherwise).
    """
    env = dict(os.environ, SURVEYKIT_ROOT=str(root), PYTHONHASHSEED="0")
    LOADS.append(os.getloadavg()[0])
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "analysis", *args], cwd=REPO, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace").strip()
    proc.stderr.close()
    split = {}
    lines = err.splitlines()
    if lines and lines[-1].startswith("seconds per stage: "):
        parts = lines.pop()[len("seconds per stage: "):].split("; total")[0]
        split = {name: float(value) for name, value in (p.rsplit(" ", 1) for p in parts.split(", "))}
    if proc.returncode != 0 and lines:
        print(f"    {' '.join(args)} exited {proc.returncode}: {lines[-1]}")
    return seconds, usage.ru_maxrss / 1024, proc.returncode, usage.ru_utime + usage.ru_stime, split


def clear_outputs(root: Path) -> None:
    for sub in ("data/processed", "figures", "reports"):
        path = root / sub
        if path.exists():
            shutil.rmtree(path)
        path.mkdir(parents=True)


def time_stages(root: Path, stages: list[str], runs: int) -> dict[str, list[tuple[float, float, int]]]:
    """Every stage in order, ``runs`` times over; then ``all`` from clean outputs."""
    results: dict[str, list] = {name: [] for name in [*stages, "all"]}
    for _ in range(runs):
        clear_outputs(root)
        for name in stages:
            results[name].append(run_stage([name, "--wave", WAVE], root))
    for _ in range(runs):
        clear_outputs(root)
        results["all"].append(run_stage(["all", "--wave", WAVE, "--times"], root))
    return results


R_SCRIPT = r"""
suppressMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], stringsAsFactors = TRUE)
indicators <- strsplit(args[2], ",")[[1]]
groupings <- strsplit(strsplit(args[3], ";")[[1]], "\\+")
breakdowns <- strsplit(args[4], ",")[[1]]
d$one <- 1
design <- svydesign(ids = ~1, weights = ~one, data = d)
elapsed <- system.time({
  for (ind in indicators) {
    sub <- subset(design, !is.na(d[[ind]]))
    f <- as.formula(paste0("~I(", ind, " == 1)"))
    svyciprop(f, sub, method = "logit")
    for (g in groupings) {
      svyby(f, as.formula(paste0("~", paste(g, collapse = "+"))), sub, svyciprop,
            method = "logit", vartype = "ci", na.rm.all = TRUE, drop.empty.groups = TRUE)
    }
    for (b in breakdowns) {
      svychisq(as.formula(paste0("~", ind, "+", b)), sub)
    }
  }
})[["elapsed"]]
cat(sprintf("%.6f\n", elapsed))
"""


def r_available() -> bool:
    if not shutil.which("Rscript"):
        return False
    probe = subprocess.run(["Rscript", "-e", "library(survey)"], capture_output=True)
    return probe.returncode == 0


def export_r_data(root: Path, out: Path) -> None:
    """Write the wave's analysis frame (breakdowns, indicators as 0/1/blank) and the table spec for R."""
    import json

    sys.path.insert(0, str(REPO))
    from analysis.config import Paths
    from analysis.derive import analysis_frame
    from analysis.ingest.pipeline import load_wave

    wave = load_wave(WAVE, Paths(root))
    codebook = wave.codebook
    breakdowns = list(codebook.breakdowns)
    indicators = list(codebook.indicators)
    data = analysis_frame(wave)[[*breakdowns, *indicators]].copy()
    for name in indicators:
        data[name] = data[name].astype("Float64")
    data.to_csv(out, index=False)
    spec = {"indicators": indicators, "breakdowns": breakdowns,
            "groupings": [[b] for b in breakdowns] + [list(c) for c in codebook.crosses]}
    out.with_suffix(".json").write_text(json.dumps(spec), encoding="utf-8")


def time_r(root: Path, workdir: Path) -> tuple[float, int, int] | None:
    """R's ``survey`` on the wave's table set: (seconds, estimates, groupings) or None.

    The data are written by a separate process, so this process stays small and the peak
    memory of the stages timed after it is their own.
    """
    import json

    path = workdir / "r_table_set.csv"
    subprocess.run([sys.executable, __file__, "--export-r-data", str(root), str(path)], check=True)
    spec = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    script = workdir / "table_set.R"
    script.write_text(R_SCRIPT, encoding="utf-8")
    done = subprocess.run(["Rscript", str(script), str(path), ",".join(spec["indicators"]),
                           ";".join("+".join(g) for g in spec["groupings"]), ",".join(spec["breakdowns"])],
                          capture_output=True, text=True)
    if done.returncode != 0:
        print("    R failed: " + (done.stderr.strip().splitlines() or ["?"])[-1])
        return None
    return float(done.stdout.strip().splitlines()[-1]), len(spec["indicators"]), len(spec["groupings"])


def reproduce_warm(workdir: Path, runs: int, *, force: bool = False) -> list[float]:
    """``all --skip-ingest`` on a copy of the bundled waves, after one warm-up run.

    With ``force``, figures and report are redrawn although nothing they read changed
    (``--force``): the cost of the work itself, not of finding it up to date.
    """
    root = workdir / "bundled"
    if not (root / "data" / "raw").exists():  # the second call (forced) reuses the first one's project
        shutil.copytree(REPO / "data" / "raw", root / "data" / "raw")
        shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    (root / "data" / "processed").mkdir(parents=True, exist_ok=True)
    if not (root / "data" / "processed" / "2013.parquet").exists():
        run_stage(["all"], root)
    return [run_stage(["all", "--skip-ingest", *(["--force"] if force else [])], root) for _ in range(runs)]


def _median(values):
    return statistics.median(values) if values else float("nan")


#: Load averages (one minute) seen before each timed run, to say how busy the machine was.
LOADS: list[float] = []


def readme_table(stages: list[str], sizes: list[int], summary: dict, r_times: dict, warm, runs: int,
                 inside: dict | None = None) -> str:
    """The run as docs/benchmarks.md records it: a Markdown table and the lines under it."""
    largest = sizes[-1]
    head = "| stage | " + " | ".join(f"{n:,}" for n in sizes) + f" | peak at {largest:,} |"
    lines = [f"One run (`benchmarks/bench_pipeline.py --sizes {','.join(str(n) for n in sizes)} --repeats {runs}`), "
             f"{time.strftime('%Y-%m-%d', time.gmtime())}, {platform.machine()}, {os.cpu_count()} cores, Python "
             f"{platform.python_version()}, load average {min(LOADS, default=float('nan')):.1f} to "
             f"{max(LOADS, default=float('nan')):.1f} during the run; median seconds, wall / CPU, and peak memory:",
             "", head, "|---" * (len(sizes) + 2) + "|"]
    for name in stages:
        label = "`all`" if name == "all" else name
        cells = [f"{summary[(n, name)][0]:.1f} / {summary[(n, name)][1]:.1f}" if (n, name) in summary else "-"
                 for n in sizes]
        peak = summary.get((largest, name), (0, 0, float("nan")))[2]
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {peak:,.0f} MiB |")
    if r_times:
        cells = [f"{r_times[n][0]:.1f} ({r_times[n][1]:.0f}x)" if n in r_times else "-" for n in sizes]
        lines.append("| R `survey`, same table set (R / `tables`) | " + " | ".join(cells) + " | |")
        n_ind, n_grp = next(iter(r_times.values()))[2:]
        lines += ["", f"R: `svyciprop(method = \"logit\")` overall and `svyby` for {n_ind} indicators by each of "
                  f"{n_grp} groupings, plus `svychisq` by each breakdown, timed in the same run."]
    if inside and largest in inside:
        lines += ["", f"Inside one `all` process at {largest:,} (median seconds per stage, from `all --times`): "
                  + ", ".join(f"{name} {value:.1f}" for name, value in inside[largest].items()) + "."]
    if warm is not None:
        lines += ["", f"Warm `make reproduce` job on the bundled waves (`python -m analysis all --skip-ingest`): "
                  f"{warm[0]:.1f} s wall, {warm[1]:.1f} s CPU (median)."]
    return "\n".join(lines)


def goals(sizes: list[int], summary: dict, warm) -> list[str]:
    """Each goal of the pipeline, met or not, from this run (at 1,000,000 respondents when it was timed)."""
    out = []
    n = 1_000_000
    if n in sizes:
        for name in ("all", "tables", "ingest"):
            wall = summary[(n, name)][0]
            out.append(f"goal: {name} at 1,000,000 under {GOALS[name]:g} s: {wall:.1f} s "
                       + ("met" if wall < GOALS[name] else "NOT MET"))
        peak = max(summary[(n, name)][2] for (m, name) in summary if m == n)
        out.append(f"goal: peak memory at 1,000,000 under {GOALS['peak_mib']:,.0f} MiB: {peak:,.0f} MiB "
                   + ("met" if peak < GOALS["peak_mib"] else "NOT MET"))
    else:
        out.append("goals at 1,000,000 respondents: not timed in this run")
    if warm is not None:
        out.append(f"goal: warm make reproduce under {GOALS['reproduce_warm']:g} s: {warm[0]:.1f} s "
                   + ("met" if warm[0] < GOALS["reproduce_warm"] else "NOT MET"))
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=[str(n) for n in SIZES],
                        help="respondents per size, comma- or space-separated (default 10000,100000,1000000)")
    parser.add_argument("--runs", "--repeats", dest="runs", type=int, default=3,
                        help="runs per stage and size (median reported; default 3)")
    parser.add_argument("--no-r", action="store_true", help="skip R's survey even when installed")
    parser.add_argument("--keep", type=Path, default=None, help="build the scratch projects here and keep them")
    parser.add_argument("--export-r-data", nargs=2, type=Path, metavar=("ROOT", "CSV"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.export_r_data:
        export_r_data(*args.export_r_data)
        return 0
    args.sizes = [int(v.replace("_", "")) for part in args.sizes for v in part.split(",") if v.strip()]

    stages = _stages()
    use_r = not args.no_r and r_available()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{time.strftime('%Y-%m-%d', time.gmtime())}")
    print(f"stages: {', '.join(stages)}; runs per size: {args.runs}; R survey: "
          f"{'yes' if use_r else 'skipped (--no-r)' if args.no_r else 'not installed'}")
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="surveykit-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    summary: dict[tuple[int, str], tuple[float, float, float]] = {}  # (size, stage) -> (wall, cpu, peak MiB)
    r_times: dict[int, tuple[float, float, int, int]] = {}  # size -> (R seconds, ratio, indicators, groupings)
    warm: tuple[float, float] | None = None
    inside: dict[int, dict[str, float]] = {}  # size -> stage -> median seconds inside `all`
    try:
        for n in args.sizes:
            root = build_project(workdir / f"n{n}", n)
            print(f"\n{n:,} respondents (load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
            results = time_stages(root, stages, args.runs)
            for name, rows in results.items():
                secs = _median([r[0] for r in rows])
                cpu = _median([r[3] for r in rows])
                peak = max(r[1] for r in rows)
                bad = [r[2] for r in rows if r[2] != 0]
                status = (f"  exit {bad[0]}" + (" (checks not passed: a resized wave cannot reproduce the published "
                                                "counts)" if bad[0] == 1 and name in ("reproduce", "all") else "")
                          if bad else "")
                print(f"  {name:<10} median {secs:8.2f} s   cpu {cpu:8.2f} s   peak {peak:8.0f} MiB{status}")
                summary[(n, name)] = (secs, cpu, peak)
            inside[n] = {name: _median([r[4].get(name, float("nan")) for r in results["all"]])
                         for name in results["all"][0][4]}
            print("  inside all (one process, median seconds): "
                  + ", ".join(f"{name} {value:.2f}" for name, value in inside[n].items()))
            if use_r:
                measured = time_r(root, workdir)
                if measured:
                    r_secs, n_ind, n_grp = measured
                    ours = _median([r[0] for r in results["tables"]])
                    print(f"  R survey   {r_secs:8.2f} s for {n_ind} indicators x (overall + {n_grp} groupings) "
                          f"+ svychisq; R / tables stage = {r_secs / ours:.1f}x")
                    r_times[n] = (r_secs, r_secs / ours, n_ind, n_grp)
            if args.keep is None:
                shutil.rmtree(root)
        times = reproduce_warm(workdir, args.runs)
        warm = (_median([t[0] for t in times]), _median([t[3] for t in times]))
        print(f"\nmake reproduce (warm, bundled waves): median {warm[0]:.2f} s, cpu {warm[1]:.2f} s over "
              f"{len(times)} runs")
        forced = reproduce_warm(workdir, args.runs, force=True)
        print(f"make reproduce with figures and report redrawn (--force): median "
              f"{_median([t[0] for t in forced]):.2f} s, cpu {_median([t[3] for t in forced]):.2f} s over "
              f"{len(forced)} runs")
        sizes = sorted(args.sizes)
        if len(sizes) > 1:
            print("\ngrowth from each size to the next (ratio of wall times, then of CPU times; linear = the "
                  "ratio of sizes: " + ", ".join(f"{b / a:g}" for a, b in zip(sizes, sizes[1:])) + ")")
            for name in [*stages, "all"]:
                ratios = [(summary[(b, name)][0] / summary[(a, name)][0], summary[(b, name)][1] / summary[(a, name)][1])
                          for a, b in zip(sizes, sizes[1:]) if summary[(a, name)][0] and summary[(a, name)][1]]
                print(f"  {name:<10} " + "  ".join(f"{w:6.1f} / {c:4.1f}" for w, c in ratios))
        print()
        print(readme_table([*stages, "all"], sizes, summary, r_times, warm, args.runs, inside))
        print()
        for line in goals(sizes, summary, warm):
            print(line)
    finally:
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
