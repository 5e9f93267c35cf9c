"""An unedited add-wave draft beside a finished wave: `all` skips it with one line and still exits 0."""

from __future__ import annotations

from analysis import cli
from analysis.waves.add_wave import run as add_wave
from tests.projects import REPO, bundled_project


def test_all_skips_a_wave_whose_codebook_is_still_the_draft(tmp_path, monkeypatch, capsys):
    paths = bundled_project(tmp_path)
    assert add_wave(REPO / "examples" / "2018" / "illustrative_2018_surveymonkey.csv", "2018", paths) == 0
    assert paths.codebook("2018").read_text(encoding="utf-8").startswith("# DRAFT codebook")
    calls = []
    monkeypatch.setattr(cli, "_stage", lambda name: (lambda wave, p: calls.append((name, wave)) or 0))
    monkeypatch.setenv("SURVEYKIT_ROOT", str(paths.root))
    capsys.readouterr()
    assert cli.main(["all"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    skipped = [line for line in out if line.startswith("2018: skipped")]
    assert len(skipped) == 1 and "draft" in skipped[0]
    assert {w for _, w in calls} == {"2013"}
    assert [n for n, _ in calls] == ["ingest", *cli.ALL_ORDER]


def test_an_edited_codebook_is_not_skipped(tmp_path, monkeypatch):
    paths = bundled_project(tmp_path)
    assert add_wave(REPO / "examples" / "2018" / "illustrative_2018_surveymonkey.csv", "2018", paths) == 0
    text = paths.codebook("2018").read_text(encoding="utf-8")
    paths.codebook("2018").write_text("\n".join(l for l in text.splitlines() if not l.startswith("# DRAFT")),
                                      encoding="utf-8")
    calls = []
    monkeypatch.setattr(cli, "_stage", lambda name: (lambda wave, p: calls.append((name, wave)) or 0))
    monkeypatch.setenv("SURVEYKIT_ROOT", str(paths.root))
    assert cli.main(["all"]) == 0
    assert {w for _, w in calls} == {"2013", "2018"}
