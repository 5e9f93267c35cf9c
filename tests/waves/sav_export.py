"""A seeded generator of a weighted SPSS export with user-missing codes, written through pyreadstat.

Like a 2018-style export from SPSS or haven: a respondent id ``RespID``, a school
reference number ``URN``, a nation breakdown with user-missing 9 = "No answer",
a four-point confidence scale with user-missing 8 = "Don't know" (lower among
those who gave no nation), a free-text
comment that sometimes names a person, and a design weight ``WEIGHT`` whose
variable label says so.
"""

from __future__ import annotations

from pathlib import Path


def write_weighted_sav(path: Path, *, n: int = 200, seed: int = 12) -> Path:
    """Write the export to ``path`` (the same seed gives the same file) and return it."""
    import numpy as np
    import pandas as pd
    import pyreadstat

    rng = np.random.default_rng(seed)
    nation = rng.choice([1.0, 2.0, 9.0], size=n, p=[0.6, 0.35, 0.05])
    conf = rng.choice([1.0, 2.0, 3.0, 4.0, 8.0], size=n, p=[0.1, 0.2, 0.3, 0.3, 0.1])
    # those who gave no nation are less confident: read as a group of nations, they would change the test
    shy = nation == 9.0
    conf[shy] = rng.choice([1.0, 2.0, 3.0, 4.0, 8.0], size=int(shy.sum()), p=[0.45, 0.35, 0.1, 0.05, 0.05])
    names = ["Jane Smith", "the DSL", "our head", "Tom Jones"]
    frame = pd.DataFrame({
        "RespID": np.arange(5001, 5001 + n, dtype=float),
        "URN": rng.integers(100000, 150000, size=n).astype(float),
        "nation": nation,
        "conf": conf,
        "comment": [f"Spoke to {names[i % 4]} about case {i}" if i % 3 == 0 else "" for i in range(n)],
        "WEIGHT": np.round(rng.uniform(0.5, 1.8, size=n), 4),
    })
    pyreadstat.write_sav(
        frame, str(path),
        column_labels=["Respondent ID", "School URN", "Nation", "How confident are you?", "Any comments?",
                       "Design weight"],
        variable_value_labels={"nation": {1.0: "England", 2.0: "Scotland", 9.0: "No answer"},
                               "conf": {1.0: "Not at all confident", 2.0: "Not very confident",
                                        3.0: "Fairly confident", 4.0: "Very confident", 8.0: "Don't know"}},
        missing_ranges={"nation": [9.0], "conf": [8.0]},
    )
    return path
