"""The README walk-through, run in a temporary project: export -> draft -> edited codebook -> validate -> trends.

Uses the illustrative 2018 SurveyMonkey export in examples/2018/ and the 2013 wave in data/raw/2013.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis.cli import main
from analysis.errors import InputError

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "2018"
EXPORT = EXAMPLE / "illustrative_2018_surveymonkey.csv"


def test_generator_is_deterministic_and_matches_the_committed_export():
    spec = importlib.util.spec_from_file_location("make_example", EXAMPLE / "make_example.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text = module.export_text()
    assert text == module.export_text()
    assert text.encode("utf-8") == EXPORT.read_bytes()
    assert "192.0.2." in text and "@example.org" in text  # obviously fake personal data, to be dropped


def test_walkthrough(project, capsys):
    if not (REPO / "data" / "raw" / "2013" / "codebook.toml").is_file():
        pytest.skip("the 2013 wave is not in data/raw")
    shutil.copytree(REPO / "data" / "raw" / "2013", project.raw / "2013")
    # 1. add the wave: the export is copied byte for byte and a draft codebook written
    assert main(["add-wave", str(EXPORT), "--wave", "2018"]) == 0
    assert (project.raw / "2018" / EXPORT.name).read_bytes() == EXPORT.read_bytes()
    draft = project.codebook("2018").read_text()
    assert 'type = "identifier"' in draft and "\n[items.topics_training]\n" in draft  # named from its words
    assert "[items.topics_training.options]" not in draft  # one header per item: one edit renames it
    # a second add-wave does not overwrite the analyst's edits
    assert main(["add-wave", str(EXPORT), "--wave", "2018"]) == 2
    # 2. the draft validates as it stands
    assert main(["validate", "--wave", "2018"]) == 0
    # 3. the edited codebook and the harmonisation
    shutil.copy(EXAMPLE / "codebook.toml", project.codebook("2018"))
    shutil.copy(EXAMPLE / "harmonise.toml", project.raw / "2018" / "harmonise.toml")
    assert main(["validate", "--wave", "2018"]) == 0
    assert main(["ingest", "--wave", "2018"]) == 0
    frame = pd.read_parquet(project.processed_frame("2018"))
    assert len(frame) == 320
    assert not any(c in frame.columns for c in ("IP Address", "ip_address", "email_address", "comments"))
    # 4. the trend tables
    from analysis.waves.stage import run

    assert run("2018", project) == 0
    trend = pd.read_csv(project.tables_dir("2018") / "trend.csv", keep_default_na=False)
    assert set(trend["wave"].astype(str)) == {"2013", "2018"}
    asked = trend[(trend["wave"].astype(str) == "2018") & (trend["flag"] != "not asked")]
    # 2018 dropped help_conf and dealt_case; the unmet-need indicators follow from its training items
    assert set(asked["indicator"]) == {"risk_notconf", "risk_untrained", "risk_value", "recov_untrained",
                                       "recov_value", "risk_unmet", "recov_unmet"}
    help_row = trend[(trend["indicator"] == "help_notconf") & (trend["wave"].astype(str) == "2018")].iloc[0]
    assert help_row["flag"] == "not asked"
    assert set(trend["provenance"]) == {"reconstructed", "illustrative"}
    conf = trend[(trend["indicator"] == "risk_notconf") & (trend["wave"].astype(str) == "2018")].iloc[0]
    assert "scale changed" in conf["notes"] and "Five-point scale" in conf["notes"]
    diffs = pd.read_csv(project.tables_dir("2018") / "trend_differences.csv")
    assert len(diffs) == 7  # one difference per indicator asked in both waves
    # the harmonised 2018 figure equals the wave's own indicator (same answers counted by construction)
    own = pd.read_parquet(project.processed_frame("2018"))["risk_confidence"]
    assert conf["count"] == int(own.isin(["Not at all confident", "Slightly confident"]).sum())


def test_add_wave_refuses_bad_input(project):
    from analysis.waves.add_wave import run

    with pytest.raises(InputError, match="no such file"):
        run(project.root / "missing.csv", "2018", project)
    with pytest.raises(InputError, match="wave name"):
        run(EXPORT, "../x", project)
    assert not (project.raw / "2018").exists()


def test_illustrative_wave_never_in_the_reproduction():
    assert not (REPO / "data" / "raw" / "2018").exists()
    assert 'provenance = "illustrative"' in (EXAMPLE / "codebook.toml").read_text()
