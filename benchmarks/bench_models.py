"""Time design-based logistic regression and replicate-weight proportions, beside R's ``survey``.

1. ``logistic_regression`` at 1,000,000 respondents with 10 terms (six numeric, four yes/no)
   under a weights-only design (goal: under 2 s); R's ``svyglm(family = quasibinomial())`` on
   the same data where ``Rscript`` with ``survey`` is installed (the fit only, not reading the file).
2. Replicate-weight proportions (``estimate_set`` with 80 bootstrap-style replicate weights)
   for the standard table set, six indicators overall, by sector and by role (goal: under 2 s
   at 1,000,000 respondents); R's ``svymean`` on the ``svrepdesign`` for one indicator by one
   grouping, scaled, where R is installed.

Run with ``.venv/bin/python benchmarks/bench_models.py [--sizes 1000000] [--runs 3] [--no-r]``.
The data are generated, not survey data; the timings say nothing about the study.

BLAS runs on one thread here unless ``OPENBLAS_NUM_THREADS`` says otherwise: on a 2-core
machine shared with other work, OpenBLAS threads spin against each other and a matrix
product can take 50 times as long (measured: 0.35 s on one thread, 18 s on the default
threads at a load average of 25).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before numpy loads (see the module notes)

N_REPLICATES = 80
#: R reads the replicate weights from a CSV: at 1,000,000 rows that file is 1.5 GB, so R's time is
#: taken on the first 100,000 respondents (and said so).
R_REPLICATE_ROWS = 100_000


def make_frame(n: int, *, seed: int = 2025, replicates: int = 0):
    """Synthetic frame: ten model terms (x0..x5 numeric, b0..b3 yes/no), an outcome, weights, groups, indicators."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    data = {f"x{k}": rng.normal(size=n) for k in range(6)}
    data.update({f"b{k}": rng.random(n) < 0.3 + 0.1 * k for k in range(4)})
    lin = -0.5 + sum(0.2 * data[f"x{k}"] for k in range(6)) + sum(0.3 * data[f"b{k}"] for k in range(4))
    frame = pd.DataFrame(data)
    frame["y"] = pd.array(rng.random(n) < 1 / (1 + np.exp(-lin)), dtype="boolean")
    frame["weight"] = rng.gamma(2.0, 1.0, size=n) + 0.1
    frame["sector"] = pd.Categorical.from_codes(rng.integers(0, 4, size=n), ["a", "b", "c", "d"])
    frame["role"] = pd.Categorical.from_codes(rng.integers(0, 2, size=n), ["Head", "DSL"])
    for k in range(6):
        y = pd.array(rng.random(n) < 0.3 + 0.05 * k, dtype="boolean")
        y[rng.random(n) < 0.05] = pd.NA
        frame[f"y{k}"] = y
    for r in range(replicates):
        frame[f"rw_{r + 1}"] = frame["weight"] * rng.poisson(1.0, size=n)
    return frame


def timed(run, runs: int) -> tuple[float, float]:
    """Median wall-clock and CPU seconds of ``runs`` runs after a warm one.

    On a shared machine the CPU time says what the run needs; the wall-clock time also counts
    the time other processes held the cores.
    """
    run()
    walls, cpus = [], []
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        run()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def r_seconds(script: str, frame, columns) -> float | None:
    """Seconds R reports for ``script`` (which prints them) on ``frame[columns]`` written to a CSV."""
    if not shutil.which("Rscript"):
        return None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "data.csv"
        frame[columns].astype({c: "float64" for c in columns if str(frame[c].dtype) in ("bool", "boolean")}) \
            .to_csv(path, index=False)
        (Path(tmp) / "run.R").write_text(script)
        done = subprocess.run(["Rscript", str(Path(tmp) / "run.R"), str(path)], capture_output=True, text=True)
        if done.returncode != 0:
            print(f"R failed: {done.stderr.strip().splitlines()[-1:]}")
            return None
        return float(done.stdout.strip().splitlines()[-1])


R_GLM = """suppressMessages(library(survey))
d <- read.csv(commandArgs(TRUE)[1])
des <- svydesign(ids = ~1, weights = ~weight, data = d)
t <- system.time(svyglm(y ~ x0 + x1 + x2 + x3 + x4 + x5 + b0 + b1 + b2 + b3, des, family = quasibinomial()))
cat(t[["elapsed"]], "\\n")
"""

R_REP = """suppressMessages(library(survey))
d <- read.csv(commandArgs(TRUE)[1])
des <- svrepdesign(weights = ~weight, repweights = "rw_[0-9]+", type = "bootstrap", data = d, combined.weights = TRUE)
t <- system.time(svyby(~y0, ~sector, subset(des, !is.na(y0)), svymean))
cat(t[["elapsed"]], "\\n")
"""


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-r", action="store_true", help="skip R's survey even when installed")
    args = parser.parse_args(argv)
    from analysis.stats.glm import logistic_regression

    terms = [f"x{k}" for k in range(6)] + [f"b{k}" for k in range(4)]
    print(f"load average before the run: {os.getloadavg()[0]:.1f} (2 cores)")
    for n in args.sizes:
        frame = make_frame(n)
        s, cpu = timed(lambda: logistic_regression(frame, "y", terms, weight="weight"), args.runs)
        r = None if args.no_r else r_seconds(R_GLM, frame, ["y", "weight", *terms])
        r_text = f"; R svyglm {r:.2f} s" if r is not None else ""
        print(f"{n:>9,} respondents, logistic model, 10 terms, weights only: median {s:6.2f} s "
              f"(CPU {cpu:.2f} s; goal < 2 s){r_text}")
        del frame
        try:
            from analysis.stats.replicates import replicate_design  # noqa: F401
        except ImportError:
            continue
        rep = make_frame(n, replicates=N_REPLICATES)
        run = replicate_run(rep)
        s, cpu = timed(run, args.runs)
        rows = min(n, R_REPLICATE_ROWS)
        r = None if args.no_r else r_seconds(R_REP, rep.iloc[:rows], ["y0", "sector", "weight",
                                                                      *[f"rw_{k + 1}" for k in range(N_REPLICATES)]])
        r_text = (f"; R svyby(svymean) on svrepdesign, one indicator by sector, {rows:,} respondents: {r:.2f} s"
                  if r is not None else "")
        print(f"{n:>9,} respondents, {N_REPLICATES} replicate weights, 6 indicators x overall, sector, role: "
              f"median {s:6.2f} s (CPU {cpu:.2f} s; goal < 2 s){r_text}")
    return 0


def replicate_run(frame):
    from analysis.stats.batch import estimate_set
    from analysis.stats.replicates import replicate_design

    design = replicate_design(frame, "rw_*", type="bootstrap", weight="weight")
    indicators = {f"y{k}": "all respondents" for k in range(6)}

    def run():
        design.cache.clear()  # each run sorts the replicates by cell and takes their Gram matrices anew
        return estimate_set(frame, indicators, groupings=[("sector",), ("role",)], weight="weight",
                            replicates=design)

    return run


if __name__ == "__main__":
    raise SystemExit(main())
