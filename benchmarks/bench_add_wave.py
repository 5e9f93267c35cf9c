"""Time ``add-wave`` and then ``validate`` on a 10,000-respondent export, as an analyst runs them.

The export is written by this script (seeded, illustrative, nothing real): a CSV with a
respondent id, platform metadata (start date, IP address, e-mail), a school id with 400
schools, a design weight, a role, a five-point confidence scale written best-first, six
agree/disagree statements, a yes/no question, a comment column (three in ten answer, every
comment different) and an "Other (please specify)" column. Each command runs as its own
process (``python -m analysis add-wave ... --force`` then ``python -m analysis validate``),
several times; the script prints the median wall time of each and of both together, and
whether the goal (both under 3 s at 10,000 respondents) is met.

Run with ``.venv/bin/python benchmarks/bench_add_wave.py`` (options ``--n 10000``,
``--repeats 3``). Nothing here is a test, and no test times anything.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
#: Goal: add-wave plus validate on 10,000 respondents, wall seconds.
GOAL = 3.0
CONFIDENCE = ["Very confident", "Fairly confident", "Neither confident nor unconfident", "Not very confident",
              "Not at all confident", "Don't know"]
AGREE = ["Strongly agree", "Tend to agree", "Neither agree nor disagree", "Tend to disagree", "Strongly disagree",
         "Prefer not to say"]
ROLES = ["Headteacher", "Designated safeguarding lead", "Teacher", "Governor", "Other"]


def write_export(path: Path, n: int, seed: int = 2022) -> Path:
    """Write the seeded export of ``n`` respondents to ``path``."""
    import csv
    import random

    rng = random.Random(seed)
    header = (["ResponseId", "StartDate", "IPAddress", "RecipientEmail", "school_id", "weight", "role",
               "How confident are you in supporting a child after online abuse?"]
              + [f"Statement {k}: my school's policy is clear" for k in range(1, 7)]
              + ["Have you been trained?", "Any comments?", "Other (please specify)"])
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(header)
        for i in range(n):
            row = [f"R_{i:08d}", f"2022-03-{1 + i % 28:02d} 10:{i % 60:02d}:00", f"192.0.2.{i % 250}",
                   f"person{i}@example.org", str(100000 + rng.randrange(400)), f"{rng.uniform(0.4, 2.5):.4f}",
                   rng.choice(ROLES), rng.choice(CONFIDENCE)]
            row += [rng.choice(AGREE) for _ in range(6)]
            row += [rng.choice(["Yes", "No"]),
                    f"Comment {i}: the session on reporting was {rng.choice(['useful', 'too short', 'clear'])}"
                    if rng.random() < 0.3 else "",
                    f"Role given as {rng.choice(['cover supervisor', 'TA', 'bursar'])} {i}" if rng.random() < 0.05
                    else ""]
            out.writerow(row)
    return path


def _run(args: list[str], root: Path) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, of the child process) of one command."""
    import resource

    env = dict(os.environ, SURVEYKIT_ROOT=str(root))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "analysis", *args], cwd=REPO, env=env, capture_output=True,
                          text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    opts = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench_add_wave_") as tmp:
        root = Path(tmp)
        for sub in ("data/raw", "data/processed", "figures"):
            (root / sub).mkdir(parents=True)
        export = write_export(root / "export.csv", opts.n)
        add, check = [], []
        for _ in range(opts.repeats):
            add.append(_run(["add-wave", str(export), "--wave", "2022", "--force"], root))
            check.append(_run(["validate", "--wave", "2022"], root))
    a, v = statistics.median(w for w, _ in add), statistics.median(w for w, _ in check)
    ca, cv = statistics.median(c for _, c in add), statistics.median(c for _, c in check)
    print(f"add-wave + validate at {opts.n:,} respondents (median of {opts.repeats}): add-wave {a:.2f} s "
          f"(CPU {ca:.2f} s), validate {v:.2f} s (CPU {cv:.2f} s), together {a + v:.2f} s (CPU {ca + cv:.2f} s); "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"goal: add-wave plus validate under {GOAL:g} s: {a + v:.2f} s " + ("met" if a + v < GOAL else "NOT MET"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
