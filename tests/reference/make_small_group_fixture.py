"""Write tests/reference/small_group_fixture.csv: a stratified, clustered sample with one small group.

300 respondents in 30 schools (clusters) in 3 regions (strata), weights, a yes/no indicator and a
role with four groups, one of them (``Governor``) held by 8 people: under the reliability threshold
of 30, so a design-based test across roles leaves it out of its domain.
Run from the repository root: ``python tests/reference/make_small_group_fixture.py``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

rng = np.random.default_rng(20261207)
n = 300
school = np.repeat(np.arange(1, 31), 10)
region = np.array(["North", "Midlands", "South"])[(school - 1) // 10]
role = rng.choice(["Head", "DSL", "Teacher"], n, p=[0.3, 0.3, 0.4]).astype(object)
role[rng.choice(n, 8, replace=False)] = "Governor"
p = np.where(role == "Head", 0.35, np.where(role == "DSL", 0.5, np.where(role == "Teacher", 0.6, 0.9)))
p = np.clip(p + (school % 5 - 2) * 0.05, 0, 1)
yes = (rng.random(n) < p).astype(int)
weight = np.round(rng.uniform(0.5, 2.5, n), 4)
frame = pd.DataFrame({"region": region, "school": school, "weight": weight, "role": role, "not_confident": yes})
frame.to_csv(Path(__file__).with_name("small_group_fixture.csv"), index=False)
