"""Seeded generator of the clustered, weighted multi-select fixture checked against R's survey.

Run from the repository root: ``python tests/reference/make_multi_fixture.py``; it writes
``tests/reference/multi_fixture.csv``: respondents in schools (clusters) within two nations
(strata), with a weight, the number of schools in each nation (fpc), a role and four 0/1
option columns of "Which topics would you like training on? (Select all that apply)". About
one respondent in eight ticks nothing (0 in every column), so did not answer the question
(``answered = "any"``).
"""

from pathlib import Path

import numpy as np

OUT = Path(__file__).with_name("multi_fixture.csv")


def main() -> None:
    rng = np.random.default_rng(20261207)
    rows = []
    schools = {"A": 8, "B": 7}
    population = {"A": 60, "B": 35}
    base = np.array([0.55, 0.45, 0.35, 0.25])
    rid = 0
    for nation, k in schools.items():
        for school in range(1, k + 1):
            effect = rng.normal(0, 0.6, size=4)
            for _ in range(int(rng.integers(8, 20))):
                rid += 1
                role = "Head" if rng.random() < 0.4 else "DSL"
                p = 1 / (1 + np.exp(-(np.log(base / (1 - base)) + effect + (0.3 if role == "Head" else 0.0))))
                ticks = (rng.random(4) < p).astype(int)
                if rng.random() < 0.12:
                    ticks[:] = 0
                w = round(float(rng.uniform(0.5, 3.0)), 4)
                rows.append((rid, nation, school, population[nation], w, role, *ticks))
    lines = ["id,nation,school,schools_in_nation,weight,role,T1,T2,T3,T4"]
    lines += [",".join(str(v) for v in r) for r in rows]
    OUT.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
