"""What multi-select tables add to the ``tables`` stage's work at a million respondents.

Builds, in memory, the 2013 wave's processed respondents repeated to ``--size`` rows
(default 1,000,000) with one multi-select item of four options added (ticks drawn
with a fixed seed; one respondent in ten ticks nothing), then times
:func:`analysis.tables.table_set` on the same frame under the 2013 codebook without
and with the item (median of ``--runs``), and prints both and the increase, at each of
``--sizes``. Every estimate, test and distribution of the table set is computed in both
runs; the difference is the multi-select tables (option shares by every breakdown,
options ticked, their mean, Bilder and Loughin's tests). ``--weighted`` adds a weight
item (gamma weights, fixed seed): the tables are then weighted and the test is not computed.
The CPU seconds of :func:`analysis.multi_tables.multi_table_set` inside the runs with the
item are printed too: the multi-select tables themselves, less disturbed by other processes
than the difference of two whole runs on a shared machine.

Run from the repository root: ``.venv/bin/python benchmarks/bench_multi.py``.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MULTI = '''
[items.topics]
type = "multi"
text = "Which topics would you like training on? (Select all that apply)"
options = { T1 = "Grooming", T2 = "Sexting", T3 = "Online bullying", T4 = "Recovery" }
selected = "0/1"
'''


WEIGHT = '''
[items.wt]
column = "wt"
type = "weight"
'''


def build(size: int, weighted: bool = False):
    """(codebook without the item, codebook with it, respondents with the option columns)."""
    import tempfile

    import numpy as np
    import pandas as pd

    from analysis.codebook import parse_codebook
    from analysis.ingest.pipeline import load_wave
    from tests.projects import bundled_project

    paths = bundled_project(Path(tempfile.mkdtemp(prefix="bench-multi-")))
    wave = load_wave("2013", paths)
    reps = -(-size // len(wave.respondents))
    resp = pd.concat([wave.respondents] * reps, ignore_index=True).iloc[:size]
    resp.index = pd.Index([str(i) for i in range(size)], name="respondent", dtype="string")
    rng = np.random.default_rng(20261207)
    ticks = rng.random((size, 4)) < np.array([0.6, 0.45, 0.35, 0.25])
    answered = ticks.any(axis=1)
    for k in range(4):
        resp[f"topics__{k + 1}"] = pd.arrays.BooleanArray(ticks[:, k], ~answered)
    text = Path(wave.codebook.source).read_text(encoding="utf-8")
    if weighted:
        resp["wt"] = rng.gamma(2.0, 0.5, size)
        text += WEIGHT
    plain = parse_codebook(text, source=wave.codebook.source)
    multi = parse_codebook(text + MULTI, source=wave.codebook.source)
    return plain, multi, resp


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000", help="respondents, comma-separated")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--weighted", action="store_true")
    args = parser.parse_args(argv)
    import sys

    sys.path.insert(0, str(REPO))
    import analysis.multi_tables as multi_tables
    from analysis.ingest.pipeline import Wave
    from analysis.tables import table_set

    inner: list[float] = []
    timed = multi_tables.multi_table_set

    def multi_table_set(*a, **k):  # the same function, its CPU seconds kept
        start = time.process_time()
        out = timed(*a, **k)
        if multi_tables.multi_items(a[0].codebook):
            inner.append(time.process_time() - start)
        return out

    multi_tables.multi_table_set = multi_table_set

    kind = "weighted" if args.weighted else "unweighted"
    for size in (int(x) for x in args.sizes.split(",")):
        plain, multi, resp = build(size, args.weighted)
        table_set(Wave(plain, resp))  # imports and caches warmed once, outside the timings
        inner.clear()
        times: dict[str, list[float]] = {"without": [], "with": []}
        cpu: dict[str, list[float]] = {"without": [], "with": []}
        for _ in range(args.runs):
            for name, cb in (("without", plain), ("with", multi)):
                start, start_cpu = time.perf_counter(), time.process_time()
                table_set(Wave(cb, resp))
                times[name].append(time.perf_counter() - start)
                cpu[name].append(time.process_time() - start_cpu)
        for what, values in (("wall", times), ("CPU", cpu)):
            a, b = statistics.median(values["without"]), statistics.median(values["with"])
            print(f"{kind} table_set at {size:,} respondents, median {what} seconds of {args.runs}: without the "
                  f"multi item {a:.2f} s, with it {b:.2f} s: +{b - a:.2f} s ({100 * (b - a) / a:.1f}%)")
        m, a = statistics.median(inner[-args.runs:]), statistics.median(cpu["without"])
        print(f"{kind} multi_table_set at {size:,} respondents, median CPU seconds of {args.runs}: {m:.3f} s "
              f"({100 * m / a:.1f}% of table_set without the item)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
