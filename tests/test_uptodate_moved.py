"""A project copied or moved elsewhere keeps its stages up to date (analysis.uptodate names inputs by their place in it)."""

from __future__ import annotations

import shutil


def _project(root):
    from analysis.config import Paths

    (root / "data" / "raw" / "w").mkdir(parents=True)
    (root / "data" / "raw" / "w" / "codebook.toml").write_text("[wave]\n")
    (root / "data" / "processed" / "w").mkdir(parents=True)
    (root / "data" / "processed" / "w" / "tables.csv").write_text("a,b\n1,2\n")
    return Paths(root)


def _work(calls):
    def work(wave, paths):
        calls.append(paths.root)
        out = paths.figures / wave
        out.mkdir(parents=True, exist_ok=True)
        (out / "a.txt").write_text("x")
        return 0
    return work


def test_a_copied_project_is_up_to_date_and_a_changed_input_in_the_copy_runs_again(tmp_path, capsys, monkeypatch):
    from analysis.config import Paths
    from analysis.uptodate import run_stage

    first = _project(tmp_path / "first")
    calls: list = []
    monkeypatch.setenv("SURVEYKIT_ROOT", str(first.root))  # where the project is, not what it holds
    assert run_stage("figures", "w", first, _work(calls), outputs=first.figures / "w") == 0
    shutil.copytree(first.root, tmp_path / "copy")
    copy = Paths(tmp_path / "copy")
    capsys.readouterr()
    monkeypatch.setenv("SURVEYKIT_ROOT", str(copy.root))
    assert run_stage("figures", "w", copy, _work(calls), outputs=copy.figures / "w") == 0
    assert calls == [first.root] and "up to date" in capsys.readouterr().out
    (copy.processed / "w" / "tables.csv").write_text("a,b\n1,3\n")
    assert run_stage("figures", "w", copy, _work(calls), outputs=copy.figures / "w") == 0
    assert calls == [first.root, copy.root]


def test_an_input_outside_the_project_is_named_by_its_full_path(tmp_path):
    from analysis.uptodate import stage_key

    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "in.txt").write_text("a")
    (tmp_path / "q").mkdir()
    (tmp_path / "q" / "in.txt").write_text("a")
    # The same bytes at the same place in two projects: one key; outside the project: the path counts.
    inside = [stage_key("s", "w", [tmp_path / d / "in.txt"], root=tmp_path / d) for d in ("p", "q")]
    outside = [stage_key("s", "w", [tmp_path / d / "in.txt"], root=tmp_path / "elsewhere") for d in ("p", "q")]
    assert inside[0] == inside[1] and outside[0] != outside[1]
