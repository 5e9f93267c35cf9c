"""Time the whole pipeline, stage by stage, at several sizes, beside R's ``survey``.

What it does, in one run:

1. For each size (default 10,000, 100,000 and 1,000,000 respondents) it builds a scratch
   project whose one wave is the bundled 2013 wave's CSV export repeated to that many rows
   with new respondent ids, under the 2013 codebook (the data are the reconstructed wave's
   rows copied, so the timings say nothing about the study).
2. It runs every stage of the real command line (``python -m analysis <stage>``: ingest,
   then the stages ``all`` runs, in the same order) as separate processes, several times,
   and prints the median wall time and the peak memory (maximum resident set size) of each,
   and then ``python -m analysis all`` end to end.
3. Where ``Rscript`` with the ``survey`` package is installed (Debian's ``r-cran-survey``),
   it times R on the same table set from the same processed data: for every indicator of
   the wave, ``svyciprop(method = "logit")`` overall and ``svyby`` by each breakdown and
   cross of the codebook's ``[tables]``, plus ``svychisq`` for each breakdown, and prints
   the ratio of R's time to the ``tables`` stage's.
4. It times ``make reproduce``'s job (``python -m analysis all --skip-ingest``) on a copy of
   the bundled waves, warm.

Run with ``make benchmark`` or ``.venv/bin/python benchmarks/bench_pipeline.py``; options:
``--sizes 10000 100000``, ``--runs 3``, ``--no-r``. Timings are medians; nothing here is a
test, and no test times anything.
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
EXPORT = "bench_export.csv"


def _stages() -> list[str]:
    """Ingest, then every stage that ``all`` runs, in its order (read from the command line)."""
    sys.path.insert(0, str(REPO))
    from analysis.cli import ALL_ORDER

    return ["ingest", *ALL_ORDER]


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
    (wave_dir / "codebook.toml").write_text(codebook, encoding="utf-8")

    with open(source / "mcf_2013_export.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    with open(wave_dir / EXPORT, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for i in range(n):
            row = list(body[i % len(body)])
            row[0] = str(100_000_000 + i)
            writer.writerow(row)
    return root


def run_stage(args: list[str], root: Path) -> tuple[float, float, int, float]:
    """Run ``python -m analysis ARGS`` in project ``root``: (seconds, peak MiB, exit status, CPU seconds).

    CPU seconds are user + system time of the stage and its children: on a machine shared
    with other work they say what the stage costs when wall time says how long it waited.
    """
    env = dict(os.environ, SURVEYKIT_ROOT=str(root), PYTHONHASHSEED="0")
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "analysis", *args], cwd=REPO, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace").strip()
    proc.stderr.close()
    if proc.returncode != 0 and err:
        last = err.splitlines()[-1]
        print(f"    {' '.join(args)} exited {proc.returncode}: {last}")
    return seconds, usage.ru_maxrss / 1024, proc.returncode, usage.ru_utime + usage.ru_stime


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
        results["all"].append(run_stage(["all", "--wave", WAVE], root))
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


def reproduce_warm(workdir: Path, runs: int) -> list[float]:
    """``all --skip-ingest`` on a copy of the bundled waves, after one warm-up run."""
    root = workdir / "bundled"
    shutil.copytree(REPO / "data" / "raw", root / "data" / "raw")
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    (root / "data" / "processed").mkdir(parents=True, exist_ok=True)
    run_stage(["all"], root)
    return [run_stage(["all", "--skip-ingest"], root) for _ in range(runs)]


def _median(values):
    return statistics.median(values) if values else float("nan")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES), help="respondents per size")
    parser.add_argument("--runs", type=int, default=3, help="runs per stage and size (median reported)")
    parser.add_argument("--no-r", action="store_true", help="skip R's survey even when installed")
    parser.add_argument("--keep", type=Path, default=None, help="build the scratch projects here and keep them")
    parser.add_argument("--export-r-data", nargs=2, type=Path, metavar=("ROOT", "CSV"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.export_r_data:
        export_r_data(*args.export_r_data)
        return 0

    stages = _stages()
    use_r = not args.no_r and r_available()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{time.strftime('%Y-%m-%d', time.gmtime())}")
    print(f"stages: {', '.join(stages)}; runs per size: {args.runs}; R survey: {'yes' if use_r else 'not installed'}")
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="surveykit-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    summary = []
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
                summary.append((n, name, secs, peak))
            if use_r:
                measured = time_r(root, workdir)
                if measured:
                    r_secs, n_ind, n_grp = measured
                    ours = _median([r[0] for r in results["tables"]])
                    print(f"  R survey   {r_secs:8.2f} s for {n_ind} indicators x (overall + {n_grp} groupings) "
                          f"+ svychisq; R / tables stage = {r_secs / ours:.1f}x")
                    summary.append((n, "R survey", r_secs, float("nan")))
            if args.keep is None:
                shutil.rmtree(root)
        times = reproduce_warm(workdir, args.runs)
        print(f"\nmake reproduce (warm, bundled waves): median {_median([t[0] for t in times]):.2f} s, cpu "
              f"{_median([t[3] for t in times]):.2f} s over {len(times)} runs")
        if len(args.sizes) > 1:
            print("\ngrowth per tenfold more respondents (time ratio; linear = 10):")
            by = {(n, s): t for n, s, t, _ in summary}
            sizes = sorted(args.sizes)
            for name in [*stages, "all"]:
                ratios = [by[(b, name)] / by[(a, name)] for a, b in zip(sizes, sizes[1:]) if by.get((a, name))]
                print(f"  {name:<10} " + "  ".join(f"{r:6.1f}" for r in ratios))
    finally:
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
