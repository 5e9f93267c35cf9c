"""Seeded generator of the small-group fixture for the tests across groups (``group_tests_reference.R``).

Run from the repository root: ``python tests/reference/make_group_tests_fixture.py``; it writes
``tests/reference/group_tests_fixture.csv``. Illustrative, invented data shaped like a breakdown
with one tiny group: 692 respondents in four sectors of 231, 278, 173 and 10, a yes/no answer
that most give (so the tiny group's expected "no" count falls under 1) and a weight per respondent.
"""

from pathlib import Path

import numpy as np

OUT = Path(__file__).with_name("group_tests_fixture.csv")
SECTORS = {"Childrens": (231, 0.93), "Health": (278, 0.97), "Education": (173, 0.95), "Other": (10, 0.9)}


def main() -> None:
    rng = np.random.default_rng(20140128)
    lines = ["id,sector,yes,weight"]
    i = 0
    for sector, (n, p) in SECTORS.items():
        for _ in range(n):
            i += 1
            lines.append(f"{i},{sector},{int(rng.random() < p)},{rng.lognormal(0, 0.4):.6f}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
