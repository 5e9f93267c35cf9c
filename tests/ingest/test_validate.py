"""``validate`` checks every file of a wave before any stage writes: codebook, export, report.toml, registry."""

from __future__ import annotations

from analysis.cli import main
from tests.ingest.demo import refused, write_demo


def test_bad_report_settings_are_found_by_validate(project, capsys):
    folder = write_demo(project.root)
    (folder / "report.toml").write_text("[disclosure]\nthreshold = \"ten\"\n", encoding="utf-8")
    err = refused(main, project, capsys, stage="validate")
    assert "report.toml: found 'ten', expected a whole number of at least 1 (at 'disclosure.threshold')" in err


def test_bad_published_figures_are_found_by_validate(project, capsys):
    folder = write_demo(project.root)
    (folder / "published_figures.toml").write_text("[[claims]\n", encoding="utf-8")
    err = refused(main, project, capsys, stage="validate")
    assert "published_figures.toml" in err


def test_good_wave_is_valid(project, capsys):
    folder = write_demo(project.root)
    (folder / "report.toml").write_text("[disclosure]\nthreshold = 5\n", encoding="utf-8")
    assert main(["validate", "--wave", "demo"]) == 0
    assert "valid: 6 respondents" in capsys.readouterr().out


def test_a_codebook_without_indicators_is_valid_and_said_to_give_the_topline(project, capsys):
    from tests.ingest.demo import CODEBOOK

    write_demo(project.root, codebook=CODEBOOK[:CODEBOOK.index("[indicators.")])
    assert main(["validate", "--wave", "demo"]) == 0
    out = capsys.readouterr().out
    assert "0 indicators" in out and "no indicators yet: the tables and report give the topline" in out
    assert "used by no indicator" not in out
