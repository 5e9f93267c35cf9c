"""The schools survey fixture of the R references (``tests/reference/survey_fixture.csv``) and its margins."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

REF = Path(__file__).resolve().parents[1] / "reference"


def survey_wave(year: str = "2018") -> pd.DataFrame:
    """One wave of the fixture: ``not_confident`` as nullable boolean, ``phase`` and ``role`` as categoricals."""
    d = pd.read_csv(REF / "survey_fixture.csv", dtype={"wave": str})
    d = d[d["wave"] == year].reset_index(drop=True)
    d["not_confident"] = pd.array([None if pd.isna(v) else bool(v) for v in d["not_confident"]], dtype="boolean")
    d["phase"] = pd.Categorical(d["phase"], categories=["Primary", "Secondary", "Special"])
    d["role"] = pd.Categorical(d["role"], categories=["Head", "DSL"])
    return d


def survey_margins() -> dict:
    """The population margins the R references rake to: variable -> category -> population."""
    m = pd.read_csv(REF / "survey_margins.csv")
    return {v: dict(zip(g["category"], g["population"].astype(float))) for v, g in m.groupby("variable", sort=False)}
