"""Time the ``protect`` stage: the bundled 2013 wave (692 respondents) and a 1,000,000-respondent copy of it.

For each size it builds a scratch project, runs ``tables`` once (not timed), then times
:func:`analysis.protect.stage.protect_wave` (read the written table set, plan, apply,
audit) under each policy and prints the median of several runs beside the targets
(0.5 s at 692 respondents, 5 s at a million). The million-respondent wave is the 2013
export repeated with new respondent ids: its counts are generated, not survey data.

Run with ``.venv/bin/python benchmarks/bench_protect.py [--runs R] [--skip-million]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TARGETS = {692: 0.5, 1_000_000: 5.0}


def project(root: Path, *, times: int):
    from tests.projects import bundled_project
    from tests.protect.big import repeated_project

    return bundled_project(root) if times == 1 else repeated_project(root, times=times)


def time_protect(paths, *, policy: str, runs: int) -> float:
    from analysis.ingest.pipeline import load_wave
    from analysis.protect.stage import protect_wave
    from analysis.tables import table_set, write_tables

    (paths.wave_dir("2013") / "report.toml").write_text(f'[disclosure]\npolicy = "{policy}"\n', encoding="utf-8")
    if not (paths.tables_dir("2013") / "estimates.csv").is_file():
        loaded = load_wave("2013", paths)
        write_tables(table_set(loaded), loaded, paths)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        protect_wave("2013", paths)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-million", action="store_true")
    args = parser.parse_args(argv)
    sizes = [(692, 1)] + ([] if args.skip_million else [(1_000_000, -(-1_000_000 // 692))])
    for n, times in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            paths = project(Path(tmp), times=times)
            for policy in ("sample-survey", "strict"):
                median = time_protect(paths, policy=policy, runs=args.runs)
                print(f"protect, {n * times // max(times, 1) if times == 1 else 692 * times:>9,} respondents, "
                      f"policy {policy:<13}: median {median:.3f} s (target {TARGETS[n]} s, "
                      f"ratio {median / TARGETS[n]:.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
