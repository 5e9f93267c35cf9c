"""Time ``add-wave`` then ``validate`` on a large export in each platform layout (goal: under 3 s together).

Each layout's fixture (``tests/fixtures/platforms``) is repeated to ``--n`` respondents (ids kept unique),
written in a scratch project, drafted with ``add-wave``, the draft accepted as it stands, and checked
with ``validate``; each command runs in a fresh interpreter, as an analyst runs it.

    .venv/bin/python benchmarks/bench_layouts.py --n 10000
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "fixtures" / "platforms"))

GOAL_SECONDS = 3.0


def exports(folder: Path, n: int) -> dict[str, Path]:
    """Each layout's fixture repeated to ``n`` respondents, written in ``folder``."""
    import make_platforms as fixtures

    times = -(-n // len(fixtures.RESPONDENTS))
    out = {}
    rows = fixtures.smartsurvey()
    body = [r[:] for _ in range(times) for r in rows[2:]][:n]
    for i, row in enumerate(body):
        row[0], row[1] = str(60000000 + i), str(i + 1)
    out["SmartSurvey CSV"] = folder / "smartsurvey.csv"
    out["SmartSurvey CSV"].write_bytes(fixtures._csv(rows[:2] + body, bom=True))
    rows = fixtures.jisc()
    body = [r[:] for _ in range(times) for r in rows[1:]][:n]
    for i, row in enumerate(body):
        row[0] = str(100000 + i)
    out["Jisc Online Surveys CSV"] = folder / "jisc.csv"
    out["Jisc Online Surveys CSV"].write_bytes(fixtures._csv(rows[:1] + body))
    rows = fixtures.googleforms()
    out["Google Forms CSV"] = folder / "google.csv"
    out["Google Forms CSV"].write_bytes(fixtures._csv(rows[:1] + [r for _ in range(times) for r in rows[1:]][:n]))
    rows = fixtures.msforms()
    body = [r[:] for _ in range(times) for r in rows[1:]][:n]
    for i, row in enumerate(body):
        row[0] = i + 1
    out["Microsoft Forms XLSX"] = folder / "msforms.xlsx"
    fixtures._xlsx(out["Microsoft Forms XLSX"], rows[:1] + body, "Sheet1")
    rows = fixtures.smartsurvey_wide()
    body = [r[:] for _ in range(times) for r in rows[1:]][:n]
    for i, row in enumerate(body):
        row[0], row[4] = f"R{7000 + i}", None  # unique response ids; no IP address repeated across copies
    out["SmartSurvey wide XLSX"] = folder / "smartsurvey_wide.xlsx"
    fixtures._xlsx(out["SmartSurvey wide XLSX"], rows[:1] + body, "Responses wide")
    return out


def _run(args: list[str], root: Path) -> float:
    env = {**os.environ, "SURVEYKIT_ROOT": str(root)}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "analysis", *args], cwd=REPO, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="respondents per export (default 10,000)")
    args = parser.parse_args(argv)
    print(f"| layout | respondents | add-wave (s) | validate (s) | together (s) | goal {GOAL_SECONDS:g} s |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        for sub in ("data/raw", "data/processed", "figures"):
            (root / sub).mkdir(parents=True)
        for k, (title, path) in enumerate(exports(root, args.n).items()):
            wave = f"w{k}"
            drafted = _run(["add-wave", str(path), "--wave", wave], root)
            codebook = root / "data" / "raw" / wave / "codebook.toml"
            text = codebook.read_text(encoding="utf-8")
            codebook.write_text(text[text.index("\n[wave]\n") + 1:], encoding="utf-8")
            checked = _run(["validate", "--wave", wave], root)
            total = drafted + checked
            print(f"| {title} | {args.n:,} | {drafted:.2f} | {checked:.2f} | {total:.2f} | "
                  f"{'met' if total < GOAL_SECONDS else 'not met'} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
