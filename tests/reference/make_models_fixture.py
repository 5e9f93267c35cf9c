"""Seeded generator of the fixture of the model, numeric-item and replicate-weight references.

Run from the repository root: ``python tests/reference/make_models_fixture.py``; it writes
``tests/reference/models_fixture.csv`` and ``tests/reference/models_margins.csv``.
Illustrative, invented data: professionals in four regions (strata, with the population
number of services for the fpc) are sampled by service (clusters); each says whether they
have had no safeguarding training (``no_training``), whether they are not confident
(``not_confident``, NA for a few who skipped it), their sector and profession and their
years in role (NA for a few). Not confident goes with no training, sector and profession
on the logit scale. ``half`` and ``pair`` pair the services two by two within regions, the
layout that BRR and Fay replicate weights need.
"""

from pathlib import Path

import numpy as np

HERE = Path(__file__).parent
OUT = HERE / "models_fixture.csv"
MARGINS = HERE / "models_margins.csv"
REGIONS = {"North": (14, 400), "Midlands": (12, 350), "South": (16, 600), "Wales": (8, 120)}  # sampled, population
SECTORS = ["Health", "Education", "Police"]
PROFESSIONS = ["Practitioner", "Manager", "Specialist"]


def main() -> None:
    rng = np.random.default_rng(20250125)
    rows = []
    for region, (k, population) in REGIONS.items():
        for s in range(1, k + 1):
            service = f"{region[0]}{s:02d}"
            size = int(rng.integers(5, 15))
            effect = rng.normal(0, 0.5)
            base_w = population / k * float(rng.uniform(0.7, 1.4))
            for _ in range(size):
                sector = SECTORS[int(rng.choice(3, p=[0.45, 0.35, 0.2]))]
                profession = PROFESSIONS[int(rng.choice(3, p=[0.6, 0.25, 0.15]))]
                no_training = int(rng.random() < 0.25 + (0.15 if sector == "Police" else 0.0))
                lin = -0.9 + effect + 1.1 * no_training + {"Health": 0.0, "Education": 0.4, "Police": 0.7}[sector] \
                    + {"Practitioner": 0.0, "Manager": -0.5, "Specialist": -0.2}[profession]
                y = int(rng.random() < 1 / (1 + np.exp(-lin)))
                years = round(float(rng.gamma(2.2, 4.0)) + (3.0 if profession == "Manager" else 0.0), 1)
                w = round(base_w * float(rng.uniform(0.8, 1.25)), 4)
                rows.append((region, service, population, (s + 1) // 2, (s - 1) % 2 + 1, sector, profession, w,
                             no_training, y if rng.random() > 0.05 else "", years if rng.random() > 0.04 else ""))
    header = "region,service,services_in_region,pair,half,sector,profession,weight,no_training,not_confident,years_in_role"
    lines = [header] + [",".join(str(v) for v in r) for r in rows]
    OUT.write_text("\n".join(lines) + "\n")
    margins = ["variable,category,population,source",
               "sector,Health,9000,illustrative", "sector,Education,7500,illustrative",
               "sector,Police,3500,illustrative",
               "profession,Practitioner,12500,illustrative", "profession,Manager,4500,illustrative",
               "profession,Specialist,3000,illustrative"]
    MARGINS.write_text("\n".join(margins) + "\n")


if __name__ == "__main__":
    main()
