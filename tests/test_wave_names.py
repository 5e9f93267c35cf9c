"""Wave names and ``previous`` name folders under data/raw: checked at validate and add-wave, nothing left behind."""

from __future__ import annotations

import errno

import pytest

from analysis.cli import main
from tests.ingest.demo import CODEBOOK, ROWS, write_demo


@pytest.mark.parametrize("previous", ["../2013", "/etc", "a\\nb", "x" * 300])
def test_validate_refuses_a_previous_wave_outside_data_raw(project, capsys, previous):
    write_demo(project.root, codebook=CODEBOOK.replace('provenance = "illustrative"',
                                                       f'provenance = "illustrative"\nprevious = "{previous}"'))
    assert main(["validate", "--wave", "demo"]) == 2
    err = capsys.readouterr().err
    assert "wave.previous" in err and "Traceback" not in err and len(err) < 600


@pytest.mark.parametrize("wave", ["w" * 300, "a\nb", "../up", "/abs"])
def test_add_wave_refuses_a_bad_name_in_one_line_and_leaves_nothing(project, tmp_path, capsys, wave):
    export = tmp_path / "x.csv"
    export.write_text("\n".join(",".join(r) for r in ROWS) + "\n", encoding="utf-8")
    before = sorted(project.root.rglob("*"))
    assert main(["add-wave", str(export), "--wave", wave]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert sorted(project.root.rglob("*")) == before


def test_add_wave_that_stops_midway_removes_the_folder_it_made(project, tmp_path, capsys, monkeypatch):
    export = tmp_path / "x.csv"
    export.write_text("\n".join(",".join(r) for r in ROWS) + "\n", encoding="utf-8")
    import analysis.waves.draft_toml as draft

    def broken(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(draft, "draft_toml", broken)
    assert main(["add-wave", str(export), "--wave", "2018"]) == 2
    assert not (project.raw / "2018").exists()


def test_a_full_disk_names_the_folder(project, capsys, monkeypatch):
    from analysis import atomic

    write_demo(project.root)

    def full(self, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.Path, "write_bytes", full)
    assert main(["add-wave", str(project.raw / "demo" / "export.csv"), "--wave", "2019"]) == 2
    err = capsys.readouterr().err
    assert str(project.raw / "2019") in err and "free space" in err
