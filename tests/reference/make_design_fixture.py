"""Seeded generator of the stratified cluster fixture used by the design reference tests.

Run from the repository root: ``python tests/reference/make_design_fixture.py``;
it writes ``tests/reference/design_fixture.csv``. Schools (clusters) sit in three
nations (strata); cluster numbers repeat across nations, so the design is nested.
Nation "C" holds one school only (a single-PSU stratum) and is used in the
lonely-PSU fixture (``lonely`` column); the main fixture keeps nations A and B.
"""

from pathlib import Path

import numpy as np

OUT = Path(__file__).with_name("design_fixture.csv")


def main() -> None:
    rng = np.random.default_rng(20181113)
    rows = []
    schools = {"A": 9, "B": 6, "C": 1}
    population = {"A": 120, "B": 40, "C": 15}
    for nation, k in schools.items():
        for school in range(1, k + 1):
            effect = rng.normal(0, 0.8)
            for _ in range(int(rng.integers(1, 5))):
                p = 1 / (1 + np.exp(-(-0.3 + effect + (0.4 if nation == "B" else 0.0))))
                y = int(rng.random() < p)
                role = "Head" if rng.random() < 0.5 else "DSL"
                answered = rng.random() > 0.1
                w = round(float(rng.uniform(0.5, 3.0)), 4)
                rows.append((nation, school, population[nation], w, role, y if answered else ""))
    lines = ["nation,school,schools_in_nation,weight,role,not_confident"]
    lines += [",".join(str(v) for v in r) for r in rows]
    OUT.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
