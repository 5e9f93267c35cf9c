"""Time the statistics engine with a stratified cluster design and with a raking.

Generates a synthetic clustered frame (two strata, two respondents per cluster on
average, sector 4 levels, role 2 levels, six boolean indicators, weights) and times
``estimate_set`` with its tests and letters three ways: weights only, with strata and
clusters, and with strata, clusters and calibration to raking margins of sector and
role. Prints the median of several runs for each size.

Run with ``.venv/bin/python benchmarks/bench_design.py [--sizes 10000 100000] [--runs R]``.
The data are generated, not survey data; the timings say nothing about the study.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def make_frame(n: int, *, seed: int = 2018):
    """Synthetic clustered frame: nation (strata), school (clusters), sector, role, six indicators, weights."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    school = rng.integers(0, max(n // 2, 1), size=n)
    frame = pd.DataFrame({
        "school": school,
        "nation": pd.Categorical(np.where(school % 5 == 0, "Wales", "England")),
        "sector": pd.Categorical.from_codes(rng.integers(0, 4, size=n), ["a", "b", "c", "d"]),
        "role": pd.Categorical.from_codes(rng.integers(0, 2, size=n), ["Head", "DSL"]),
        "weight": rng.gamma(2.0, 1.0, size=n) + 0.1,
    })
    for k in range(6):
        y = pd.array(rng.random(n) < 0.3 + 0.05 * k, dtype="boolean")
        y[rng.random(n) < 0.05] = pd.NA
        frame[f"y{k}"] = y
    return frame


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    from analysis.stats import rake
    from analysis.stats.batch import estimate_set

    groupings = [("sector",), ("role",)]
    for n in args.sizes:
        frame = make_frame(n)
        indicators = {f"y{k}": "all respondents" for k in range(6)}
        raked = rake(frame, {"sector": {c: 1.0 for c in "abcd"}, "role": {"Head": 2.0, "DSL": 2.0}}, weight="weight")
        calibrated = frame.assign(weight=raked.weights)
        cases = {
            "weights only": lambda: estimate_set(frame, indicators, groupings=groupings, weight="weight"),
            "strata + clusters": lambda: estimate_set(frame, indicators, groupings=groupings, weight="weight",
                                                      strata="nation", cluster="school"),
            "strata + clusters + raking": lambda: estimate_set(calibrated, indicators, groupings=groupings,
                                                               weight="weight", strata="nation", cluster="school",
                                                               calibration=raked),
        }
        for name, run in cases.items():
            run()  # warm: imports
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                run()
                times.append(time.perf_counter() - start)
            print(f"{n:>9,} respondents, {name:<27} median {statistics.median(times):7.2f} s "
                  f"({args.runs} runs; 6 indicators x overall, sector, role, with tests and letters)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
