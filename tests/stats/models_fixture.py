"""The fixture of the model, numeric-item and replicate-weight R references (``tests/reference/models_fixture.csv``)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

REF = Path(__file__).resolve().parents[1] / "reference"
DESIGN = dict(strata="region", cluster="service", fpc="services_in_region")


def models_frame() -> pd.DataFrame:
    """The fixture: ``not_confident`` and ``no_training`` nullable booleans, ``sector`` and ``profession`` categoricals."""
    d = pd.read_csv(REF / "models_fixture.csv")
    for col in ("not_confident", "no_training"):
        d[col] = pd.array([None if pd.isna(v) else bool(v) for v in d[col]], dtype="boolean")
    d["sector"] = pd.Categorical(d["sector"], categories=["Health", "Education", "Police"])
    d["profession"] = pd.Categorical(d["profession"], categories=["Practitioner", "Manager", "Specialist"])
    return d


def models_margins() -> dict:
    """The population margins the R references rake to: variable -> category -> population."""
    m = pd.read_csv(REF / "models_margins.csv")
    return {v: dict(zip(g["category"], g["population"].astype(float))) for v, g in m.groupby("variable", sort=False)}


def reference(name: str) -> pd.DataFrame:
    """A reference CSV (case, group, quantity, value) as one row per (case, group), one column per quantity."""
    r = pd.read_csv(REF / f"{name}.csv")
    return r.pivot_table(index=["case", "group"], columns="quantity", values="value", aggfunc="first", sort=False)


def design_options(case: str, frame: pd.DataFrame) -> dict:
    """Keyword arguments of the toolkit's estimators for one of the reference designs."""
    from analysis.stats import rake

    opts = dict(DESIGN) if case in ("design", "raked_design") else {}
    if case.startswith("raked"):
        opts["calibration"] = rake(frame, models_margins(), weight="weight", tol=1e-14, max_iter=1000)
    else:
        opts["weight"] = "weight"
    return opts
