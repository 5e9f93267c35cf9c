"""The protect stage on real and hand-made waves: written files, true reasons, no crash, strict audit."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis import cli
from analysis.config import Paths
from analysis.protect import stage
from tests.projects import bundled_project, copy_project
from tests.report.tiny import CODEBOOK, write_tiny

STRICT = '[disclosure]\npolicy = "strict"\nthreshold = 10\n'


def _strict(paths: Paths, wave: str) -> None:
    (paths.wave_dir(wave) / "report.toml").write_text(STRICT, encoding="utf-8")


@pytest.fixture(scope="module")
def strict_2013(tmp_path_factory, built_2018):
    # The bundled waves with their tables made once (tests/conftest.py), then the strict policy for both.
    paths = copy_project(built_2018, tmp_path_factory.mktemp("strict2013"))
    for wave in ("2013", "2018"):
        _strict(paths, wave)
    return paths


def test_protect_writes_the_protected_set_and_the_log(strict_2013):
    assert stage.run("2013", strict_2013) == 0
    folder = stage.protected_dir("2013", strict_2013)
    for name in ("estimates.csv", "distributions.csv", "withheld.csv", "protected.json"):
        assert (folder / name).is_file(), name
    frames, log, record = stage.read_protected("2013", strict_2013)
    assert record["policy"] == "strict" and record["threshold"] == 10
    assert set(log["rule"]) <= {"primary", "secondary", "collapsed", "table", "small-base"}
    assert (log.loc[log["rule"] == "collapsed", "reason"] == "scale points combined").all()
    # The reason states the rule truly: only a primary cell says "fewer than 10 people".
    assert (log.loc[log["rule"] == "primary", "reason"] == "fewer than 10 people").all()
    assert (log.loc[log["rule"] == "secondary", "reason"]
            == "withheld so that a smaller cell cannot be worked out").all()
    # Each secondary cell names the smaller cells it protects.
    assert (log.loc[log["rule"] == "secondary", "protects"].fillna("") != "").all()


@pytest.mark.parametrize("wave", ["2013", "2018"])
def test_the_strict_audit_passes_on_every_bundled_wave(strict_2013, wave):
    done = stage.protect_wave(wave, strict_2013)
    assert done.policy.name == "strict"
    assert done.exposed.empty, done.exposed


def test_family_welfare_officers_untrained_count_cannot_be_subtracted_out(strict_2013):
    # The unmet-need indicators are on the base "those with no training", whose n in each group
    # is the count of the "no training" indicator. Where that count is withheld, the base must
    # be too: else n = 38 on one sheet and the untrained n on the other give it back.
    est = stage.protect_wave("2013", strict_2013).frames["estimates"]
    checked = 0
    for untrained, unmet in (("risk_untrained", "risk_unmet"), ("recov_untrained", "recov_unmet")):
        a = est[est["indicator"] == untrained].set_index(["by", "group"])
        b = est[est["indicator"] == unmet].set_index(["by", "group"])
        for key in a.index.intersection(b.index):
            if a.loc[key, "disclosure"]:
                checked += 1
                assert pd.isna(b.loc[key, "n"]), (untrained, key)
    fwo = est[(est["indicator"] == "risk_untrained") & (est["group"] == "Family welfare officer")].iloc[0]
    assert fwo["disclosure"]  # 9 of 38 had training: the rest of the base is under 10
    assert checked


def test_the_2013_export_repeated_20_times_runs_to_the_end(tmp_path, capsys, monkeypatch):
    from tests.protect.big import repeated_project

    paths = repeated_project(tmp_path, times=20)
    _strict(paths, "2013")
    monkeypatch.setenv("SURVEYKIT_ROOT", str(paths.root))
    status = cli.main(["all", "--wave", "2013"])
    out = capsys.readouterr()
    assert status in (0, 1), out.err
    assert "Traceback" not in out.err
    assert (paths.report_dir("2013") / "2013.html").is_file()
    assert "13840 respondents" in out.out or "13,840" in out.out or "13840" in out.out


def _tiny_variant(root: Path, *, codebook: str, edit) -> Paths:
    for sub in ("data/processed", "figures"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    folder = write_tiny(root)
    (folder / "codebook.toml").write_text(codebook, encoding="utf-8")
    lines = (folder / "export.csv").read_text(encoding="utf-8").splitlines()
    fields = [line.split(",") for line in lines]
    for i, f in enumerate(fields[1:]):
        edit(i, f)
    (folder / "export.csv").write_text("\n".join(",".join(f) for f in fields) + "\n", encoding="utf-8")
    return Paths(root)


def test_a_user_missing_breakdown_code_is_never_a_group(tmp_path):
    # SPSS-style 9 = "No answer" on sector: the four respondents who gave it are left out of
    # the breakdown (not a group of 4 dragging a real sector into secondary suppression).
    codebook = CODEBOOK.replace('codes = { 1 = "Health", 2 = "Education", 3 = "Social care", 4 = "Other" }',
                                'codes = { 1 = "Health", 2 = "Education", 3 = "Social care" }\n'
                                'missing = { 9 = "no_answer" }')

    def edit(i, f):
        if f[1] == "4":
            f[1] = "9"
    paths = _tiny_variant(tmp_path, codebook=codebook, edit=edit)
    assert stage.run("tiny", paths) == 0
    frames, log, _ = stage.read_protected("tiny", paths)
    est = frames["estimates"]
    groups = set(est.loc[est["by"] == "sector", "group"])
    assert groups == {"Health", "Education", "Social care"}
    assert log.empty  # 52 in each sector: nothing to withhold under the sample-survey policy
    overall = est[(est["by"] == "overall") & (est["indicator"] == "untrained")]["n"].iloc[0]
    by_sector = est[(est["by"] == "sector") & (est["indicator"] == "untrained")]["n"].sum()
    assert overall - by_sector == 4


def test_a_wave_whose_only_small_cell_is_a_dont_know_count(tmp_path):
    # Three sectors of 52-53, no "Other"; the only count under 10 anywhere is "Don't know" (8).
    # Under the sample-survey policy nothing is withheld: every base is adequate.
    def edit(i, f):
        if f[1] == "4":
            f[1] = "1"
    paths = _tiny_variant(tmp_path, codebook=CODEBOOK, edit=edit)
    assert stage.run("tiny", paths) == 0
    frames, log, _ = stage.read_protected("tiny", paths)
    assert log.empty
    assert (frames["estimates"]["disclosure"] == "").all()


def test_a_bad_policy_name_is_one_line_and_exit_2(tmp_path, capsys, monkeypatch):
    paths = bundled_project(tmp_path)
    (paths.wave_dir("2013") / "report.toml").write_text('[disclosure]\npolicy = "lenient"\n')
    monkeypatch.setenv("SURVEYKIT_ROOT", str(paths.root))
    assert cli.main(["protect", "--wave", "2013"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "disclosure.policy" in err[0] and "strict" in err[0]


def test_a_threshold_above_every_count_gives_a_stated_withheld_output_not_a_traceback(tmp_path, capsys,
                                                                                      monkeypatch):
    paths = bundled_project(tmp_path)
    (paths.wave_dir("2013") / "report.toml").write_text('[disclosure]\npolicy = "strict"\nthreshold = 1000\n')
    monkeypatch.setenv("SURVEYKIT_ROOT", str(paths.root))
    status = cli.main(["all", "--wave", "2013"])
    out = capsys.readouterr()
    assert status in (0, 1)
    assert "not drawn" in out.out and "withheld by disclosure control" in out.out
    shutil.rmtree(paths.root / "reports", ignore_errors=True)
