"""What the reproduce stage hands on, and how the stages after it read it: nothing is computed twice."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pandas as pd
import pytest

from analysis.config import Paths
from analysis.reproduction import stage
from tests.projects import REPO, bundled_project


@pytest.fixture(scope="module")
def strict(tmp_path_factory):
    """The 2013 wave under a threshold of 20: the 10 respondents outside the three bodies are too few to show."""
    paths = bundled_project(tmp_path_factory.mktemp("strict"))
    (paths.wave_dir("2013") / "report.toml").write_text("[disclosure]\nthreshold = 20\n", encoding="utf-8")
    assert stage.run("2013", paths) == 0
    return paths


def test_the_stage_writes_the_claims_protected_under_the_wave_threshold(strict):
    folder = strict.processed / "2013" / "reproduction"
    protected = pd.read_csv(folder / "claims_protected.csv", keep_default_na=False)
    other = protected[protected["claim"] == "sector_other"].iloc[0]
    # 10 of 692 (published as derived: 692 - 231 - 278 - 173 = 10) is under 20: withheld, with its count
    assert other["recomputed"] == "" and other["count"] == "" and other["disclosure"] == "primary"
    health = protected[protected["claim"] == "sector_health"].iloc[0]
    assert health["recomputed"] == "278" and health["disclosure"] == ""   # published: 278 of 692
    done = stage.read_outputs("2013", strict)
    assert done["protected"].set_index("claim").loc["sector_other", "recomputed"] is None


def test_the_report_shows_the_claims_as_the_stage_protected_them_without_protecting_again(strict, monkeypatch):
    import analysis.protect.published as published
    from analysis.report.stage import build

    def refuse(*args, **kwargs):
        raise AssertionError("the report protected the claims again")

    monkeypatch.setattr(published, "protect_reproduction", refuse)
    r = build("2013", strict)
    claims = r["repro"][0]
    recomputed = [c.key for c in claims.columns].index("recomputed_text")
    row = stage.read_outputs("2013", strict)["protected"]["claim"].tolist().index("sector_other")
    assert claims.rows[row][recomputed] is None and claims.is_withheld(row, recomputed)
    health = stage.read_outputs("2013", strict)["protected"]["claim"].tolist().index("sector_health")
    assert str(claims.rows[health][recomputed]) == "278"


def test_reading_current_files_computes_nothing(strict, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("recomputed what the stage wrote")

    monkeypatch.setattr(stage, "compute", refuse)
    done = stage.read_outputs("2013", strict)
    assert len(done["table"]) == len(done["protected"]) == 19


def test_missing_files_say_so_in_one_line_and_the_stage_work_is_done_first(strict, capsys):
    folder = strict.processed / "2013" / "reproduction"
    (folder / "claims_protected.csv").unlink()
    capsys.readouterr()
    done = stage.read_outputs("2013", strict)
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert lines == [f"2013: {folder / 'claims_protected.csv'} is missing; doing the reproduce stage's work first "
                     "(`python -m analysis reproduce --wave 2013` also prints the claims and writes them for readers)"]
    assert (folder / "claims_protected.csv").is_file() and len(done["protected"]) == 19


def test_claims_sharing_an_indicator_and_a_base_are_counted_once(project_2013, monkeypatch):
    from analysis.reproduction import compare

    seen = []
    original = compare.claim_series

    def counting(wave, claim, base=None):
        seen.append(compare._claim_key(claim, base or claim.base))
        return original(wave, claim, base)

    monkeypatch.setattr(compare, "claim_series", counting)
    table = compare.reproduction_table("2013", project_2013)
    assert len(seen) == len(set(seen))
    # three printings of 661 respondents who would value training (96.5%, 95.5%, 95%) share two bases
    values = table.set_index("claim")
    assert values.loc["risk_value", "count"] == values.loc["risk_value_all", "count"] == 661
    assert values.loc["risk_value", "n"] == 685 and values.loc["risk_value_all", "n"] == 692


def test_the_report_stage_imports_no_drawing_library(strict):
    code = ("import sys, pathlib; from analysis.config import Paths; from analysis.report.stage import build; "
            f"build('2013', Paths(pathlib.Path({str(strict.root)!r}))); print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert out.stdout.strip().splitlines()[-1] == "False"


def test_the_report_names_the_ranges_chart_as_the_figures_stage_does():
    from analysis.figures.ranges import NAME
    from analysis.report.stage import RANGES_FIGURE

    assert RANGES_FIGURE == NAME
