"""An export with no respondent-id column: respondents are numbered P1, P2 ... in the export's order.

``pyreadstat_sample.sav`` (Apache-2.0, Roche/pyreadstat; tests/fixtures/corpus/ATTRIBUTION.md) has five cases
and no id variable. Its cells (pyreadstat's own test data, ``test_data/basic/sample.csv``): ``myord`` is
1, 2, 3, 1, 1 labelled low / medium / high, so by hand low 3, medium 1, high 1.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pandas as pd

from analysis.cli import main

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "corpus" / "spss" / "pyreadstat_sample.sav"


def test_export_without_an_id_is_numbered_in_its_order(project):
    assert main(["add-wave", str(SAMPLE), "--wave", "w"]) == 0
    path = project.codebook("w")
    text = path.read_text(encoding="utf-8")
    assert "NO respondent-id column" in text
    path.write_text(text[text.index("\n[wave]\n") + 1:], encoding="utf-8")
    book = tomllib.loads(path.read_text(encoding="utf-8"))
    assert book["id"] == {"column": "", "pseudonymise": True}
    assert main(["validate", "--wave", "w"]) == 0
    assert main(["ingest", "--wave", "w"]) == 0
    frame = pd.read_parquet(project.processed_frame("w"))
    assert list(frame.index) == ["P1", "P2", "P3", "P4", "P5"]
    assert frame["myord"].value_counts().to_dict() == {"low": 3, "medium": 1, "high": 1}
