"""Write the ILLUSTRATIVE clustered wave: schools sampled in two nations, two staff per school.

Nothing here is real. It shows how a wave with a sample design and a weighting is
declared: schools (the clusters) are sampled at random within two nations (the
strata), with a known number of schools in each nation (the finite population
correction), and the headteacher and the designated safeguarding lead of each
school are asked to answer, so answers from one school are alike. Years in role are drawn
afterwards from their own seeded generator (the other columns do not depend on them). The design weight
is the inverse of the chance that a school was sampled, doubled where only one of
the two answered. ``margins.csv`` holds invented population totals of role and
school phase to rake to.

Run from the repository root: ``python examples/2018-schools/make_example.py``. The
same seed always writes the same bytes.
"""

from __future__ import annotations

import csv
import io
import math
import random
from pathlib import Path

SEED = 20180330
HERE = Path(__file__).resolve().parent
OUT = HERE / "illustrative_2018_schools.csv"
MARGINS = HERE / "margins.csv"
NATIONS = {"England": (280, 20000), "Wales": (50, 1500)}  # schools sampled, schools in the population
PHASES = [("Primary", 0.62), ("Secondary", 0.30), ("Special", 0.08)]
CONF = ["Not at all confident", "Slightly confident", "Moderately confident", "Very confident",
        "Extremely confident"]


def pick(rng: random.Random, options):
    r, acc = rng.random(), 0.0
    for value, p in options:
        acc += p
        if r < acc:
            return value
    return options[-1][0]


def main() -> None:
    rng = random.Random(SEED)
    rows = []
    number = 0
    for nation, (sampled, population) in NATIONS.items():
        for s in range(1, sampled + 1):
            school = f"{nation[0]}{s:03d}"
            phase = pick(rng, PHASES)
            effect = rng.gauss(0.0, 0.75)               # schools differ: answers within a school are alike
            both = rng.random() < 0.95
            roles = ["Headteacher", "Safeguarding lead"] if both else [rng.choice(["Headteacher",
                                                                                   "Safeguarding lead"])]
            for role in roles:
                number += 1
                lean = effect + (0.35 if phase == "Secondary" else 0.0) - (0.3 if role == "Safeguarding lead" else 0)
                # a latent confidence score cut into five categories
                score = rng.gauss(lean, 1.0)
                cuts = [-1.6, -0.55, 0.45, 1.4]
                conf = CONF[sum(score > c for c in cuts)] if rng.random() > 0.03 else ""
                trained = "Yes" if rng.random() < 1 / (1 + math.exp(-(0.1 + 0.6 * effect))) else "No"
                weight = population / sampled * (1 if both else 2)
                rows.append([f"R{number:04d}", nation, school, population, phase, role, f"{weight:.4f}", conf,
                             trained])
    years = random.Random(SEED + 1)
    for row in rows:  # years in role: headteachers longer on average; a few left blank
        mean = 9.0 if row[5] == "Headteacher" else 6.0
        row.append("" if years.random() < 0.04 else f"{years.gammavariate(2.0, mean / 2.0):.1f}")
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["Respondent", "Nation", "School URN", "Schools in nation", "Phase", "Role", "Design weight",
                "Confidence assessing online risks", "Trained on online risks", "Years in role"])
    w.writerows(rows)
    OUT.write_text(buf.getvalue(), encoding="utf-8")
    # invented population totals: one headteacher and one safeguarding lead per school
    schools = sum(p for _, p in NATIONS.values())
    margins = [["variable", "category", "population", "source"],
               ["role", "Headteacher", schools, "illustrative: one per school"],
               ["role", "Safeguarding lead", schools, "illustrative: one per school"]]
    for phase, share in PHASES:
        margins.append(["phase", phase, round(2 * schools * share), "illustrative school counts"])
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(margins)
    MARGINS.write_text(buf.getvalue(), encoding="utf-8")


if __name__ == "__main__":
    main()
