"""Figures and report skip their work when nothing they read has changed (analysis.uptodate)."""

from __future__ import annotations

import pytest

from analysis.cli import main
from tests.projects import copy_project


#: The wave of the shared small project (`all --wave tiny` run once per test run: tests/conftest.py); its two
#: figures are all these tests need to see a stage skip, run again or write its outputs anew.
WAVE = "tiny"


@pytest.fixture(scope="module")
def project(tmp_path_factory, built_tiny):
    root = tmp_path_factory.mktemp("uptodate")
    paths = copy_project(built_tiny, root)
    mp = pytest.MonkeyPatch()
    mp.setenv("SURVEYKIT_ROOT", str(root))
    yield paths
    mp.undo()


def _snapshot(paths):
    folders = [paths.figures_dir(WAVE), paths.report_dir(WAVE)]
    return {p: (p.read_bytes(), p.stat().st_mtime_ns) for f in folders for p in sorted(f.rglob("*")) if p.is_file()}


def test_a_second_run_with_nothing_changed_skips_and_leaves_every_file(project, capsys):
    before = _snapshot(project)
    capsys.readouterr()
    assert main(["figures", "--wave", WAVE]) == 0
    assert main(["report", "--wave", WAVE]) == 0
    out = capsys.readouterr().out
    assert f"figures {WAVE}: up to date" in out and f"report {WAVE}: up to date" in out
    assert _snapshot(project) == before  # not even rewritten


def test_a_changed_input_runs_the_stage_again_and_writes_the_same_bytes_for_the_same_content(project, capsys):
    figures = project.figures_dir(WAVE)
    before = {p.name: p.read_bytes() for p in figures.iterdir() if p.is_file()}
    protected = project.processed / WAVE / "protected" / "protected.json"
    original = protected.read_bytes()
    protected.write_bytes(original + b"\n")  # same content to the stage, different bytes: a changed input
    try:
        capsys.readouterr()
        assert main(["figures", "--wave", WAVE, "--verbose"]) == 0  # --verbose names each figure's files
        out = capsys.readouterr().out
        assert "up to date" not in out and "fig1_headline ->" in out
        assert {p.name: p.read_bytes() for p in figures.iterdir() if p.is_file()} == before
    finally:
        protected.write_bytes(original)


def test_a_missing_or_edited_output_is_written_again(project, capsys):
    page = project.report_dir(WAVE) / f"{WAVE}.html"
    good = page.read_bytes()
    page.write_text("edited by hand", encoding="utf-8")
    capsys.readouterr()
    assert main(["report", "--wave", WAVE]) == 0
    assert "up to date" not in capsys.readouterr().out
    assert page.read_bytes() == good
    svg = project.figures_dir(WAVE) / "fig2_confidence_by_sector.svg"
    svg.unlink()
    assert main(["figures", "--wave", WAVE]) == 0
    assert svg.is_file()


def test_force_runs_the_stage_whatever_the_record_says(project, capsys):
    assert main(["figures", "--wave", WAVE]) == 0  # up to date now
    capsys.readouterr()
    assert main(["figures", "--wave", WAVE, "--force", "--verbose"]) == 0
    assert "fig1_headline ->" in capsys.readouterr().out
    import os

    assert "SURVEYKIT_FORCE" not in os.environ  # --force holds for that command only
    assert main(["figures", "--wave", WAVE]) == 0
    assert "up to date" in capsys.readouterr().out


def test_a_changed_setting_of_the_wave_runs_the_stage_again(project, capsys):
    report_toml = project.codebook(WAVE)  # a comment added: the same settings, a changed file
    original = report_toml.read_text(encoding="utf-8")
    report_toml.write_text(original + "\n# edited\n", encoding="utf-8")
    try:
        capsys.readouterr()
        assert main(["report", "--wave", WAVE]) == 0
        assert "up to date" not in capsys.readouterr().out
    finally:
        report_toml.write_text(original, encoding="utf-8")


def test_a_stage_that_is_up_to_date_returns_the_status_of_its_last_run(tmp_path, capsys):
    # The same inputs give the same exit status: a run that reported a problem (1) is skipped with 1.
    from analysis.config import Paths
    from analysis.uptodate import run_stage

    paths = Paths(tmp_path)
    (tmp_path / "data" / "raw" / "w").mkdir(parents=True)
    (tmp_path / "data" / "processed").mkdir(parents=True)
    out = tmp_path / "figures" / "w"
    calls = []

    def work(wave, paths):
        calls.append(wave)
        out.mkdir(parents=True, exist_ok=True)
        (out / "a.txt").write_text("x")
        return 1

    assert run_stage("figures", "w", paths, work, outputs=out) == 1
    assert run_stage("figures", "w", paths, work, outputs=out) == 1
    assert calls == ["w"] and "up to date" in capsys.readouterr().out
