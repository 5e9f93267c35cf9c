"""Seeded generator of the clustered two-wave fixture used by the design test and calibration references.

Run from the repository root: ``python tests/reference/make_survey_fixture.py``; it
writes ``tests/reference/survey_fixture.csv``. Illustrative, invented data: in each
of two waves (2013, 2018) schools (clusters) are sampled in two nations (strata,
"England" and "Wales", with population school counts for the fpc); the headteacher
and/or the designated safeguarding lead of each school answer. ``phase`` (Primary,
Secondary, Special) is a school characteristic with three groups for the Rao–Scott
tests; ``role`` and ``phase`` are the raking margins of ``survey_margins.csv``.
"""

from pathlib import Path

import numpy as np

HERE = Path(__file__).parent
OUT = HERE / "survey_fixture.csv"
MARGINS = HERE / "survey_margins.csv"
SCHOOLS = {"England": (40, 2000), "Wales": (16, 300)}   # sampled, population
PHASES = ["Primary", "Secondary", "Special"]


def main() -> None:
    rng = np.random.default_rng(20181123)
    rows = []
    for wave, shift in (("2013", 0.0), ("2018", 0.45)):
        for nation, (k, population) in SCHOOLS.items():
            for school in range(1, k + 1):
                phase = PHASES[int(rng.choice(3, p=[0.6, 0.3, 0.1]))]
                effect = rng.normal(0, 0.9)
                roles = ["Head", "DSL"] if rng.random() < 0.6 else [str(rng.choice(["Head", "DSL"]))]
                for role in roles:
                    lin = -0.6 + shift + effect + (0.5 if phase == "Secondary" else 0.0) \
                        + (0.3 if role == "DSL" else 0.0) + (0.3 if nation == "Wales" else 0.0)
                    y = int(rng.random() < 1 / (1 + np.exp(-lin)))
                    answered = rng.random() > 0.08
                    w = round(population / k * (2.0 if len(roles) == 1 else 1.0) * float(rng.uniform(0.8, 1.25)), 4)
                    rows.append((wave, nation, f"{nation[0]}{school:02d}", population, phase, role, w,
                                 y if answered else ""))
    lines = ["wave,nation,school,schools_in_nation,phase,role,weight,not_confident"]
    lines += [",".join(str(v) for v in r) for r in rows]
    OUT.write_text("\n".join(lines) + "\n")
    # illustrative population margins: one headteacher and one safeguarding lead per school
    margins = ["variable,category,population,source",
               "role,Head,2300,illustrative: one per school", "role,DSL,2300,illustrative: one per school",
               "phase,Primary,2760,illustrative", "phase,Secondary,1380,illustrative",
               "phase,Special,460,illustrative"]
    MARGINS.write_text("\n".join(margins) + "\n")


if __name__ == "__main__":
    main()
