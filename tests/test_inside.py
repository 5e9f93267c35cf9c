"""No stage writes or reads through a symlink that leads out of the project: one line, exit 2, nothing written."""

from __future__ import annotations

import os
import shutil

import pytest

from analysis.cli import main
from tests.ingest.demo import write_demo
from tests.projects import copy_project


def _files(folder):
    return sorted(p.relative_to(folder) for p in folder.rglob("*"))


@pytest.mark.parametrize("link", ["data/processed/tiny", "figures/tiny", "reports/tiny"])
def test_an_output_folder_linked_out_of_the_project_is_refused(project, built_tiny, tmp_path_factory, capsys, link):
    away = tmp_path_factory.mktemp("away")
    # The small wave with every stage run once per test run (tests/conftest.py): the stages before the
    # linked folder's have nothing new to draw; the linked folder replaces the one the run wrote.
    copy_project(built_tiny, project.root)
    shutil.rmtree(project.root / link)
    (project.root / link).symlink_to(away, target_is_directory=True)
    status = main(["all", "--wave", "tiny"])
    err = capsys.readouterr().err
    assert status == 2 and "Traceback" not in err
    assert "symbolic link leading out of the project" in err
    assert _files(away) == []


def test_an_export_linked_out_of_the_project_is_neither_read_nor_echoed(project, tmp_path_factory, capsys):
    away = tmp_path_factory.mktemp("away")
    secret = away / "secret.csv"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\nhunter2-password,1\n", encoding="utf-8")
    folder = write_demo(project.root)
    (folder / "export.csv").unlink()
    (folder / "export.csv").symlink_to(secret)
    for stage in ("validate", "ingest"):
        assert main([stage, "--wave", "demo"]) == 2
        err = capsys.readouterr().err
        assert len(err.strip().splitlines()) == 1 and "symbolic link leading out of the project" in err
        assert "root:x" not in err and "hunter2" not in err
    assert _files(project.processed) == []


def test_margins_linked_out_of_the_project_are_not_read(project, tmp_path_factory):
    from analysis.codebook import parse_codebook
    from analysis.errors import InputError
    from analysis.margins import read_margins
    from tests.ingest.demo import CODEBOOK

    away = tmp_path_factory.mktemp("away")
    (away / "m.csv").write_text("variable,category,population\nsector,hunter2-password,5\n", encoding="utf-8")
    folder = write_demo(project.root)
    (folder / "margins.csv").symlink_to(away / "m.csv")
    with pytest.raises(InputError) as caught:
        read_margins(folder / "margins.csv", parse_codebook(CODEBOOK))
    assert "hunter2" not in str(caught.value) and "symbolic link" in str(caught.value)


def test_a_fifo_as_the_export_is_named_for_what_it_is(project, capsys):
    folder = write_demo(project.root)
    (folder / "export.csv").unlink()
    os.mkfifo(folder / "export.csv")
    assert main(["validate", "--wave", "demo"]) == 2
    err = capsys.readouterr().err
    assert "named pipe" in err and "no such file" not in err


@pytest.mark.parametrize("name", ["codebook.toml", "report.toml"])
def test_a_settings_file_linked_out_of_the_project_is_not_read(project, tmp_path_factory, capsys, name):
    away = tmp_path_factory.mktemp("away")
    folder = write_demo(project.root)
    source = folder / name
    (away / name).write_text(source.read_text() if source.is_file() else "[disclosure]\n", encoding="utf-8")
    source.unlink(missing_ok=True)
    source.symlink_to(away / name)
    assert main(["validate", "--wave", "demo"]) == 2
    err = capsys.readouterr().err
    assert "symbolic link leading out of the project" in err and "Traceback" not in err
