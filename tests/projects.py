"""Scratch projects holding copies of the bundled waves, so tests never write into the repository."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from analysis.config import Paths

REPO = Path(__file__).resolve().parents[1]
EXAMPLE_2018 = ("codebook.toml", "harmonise.toml", "illustrative_2018_surveymonkey.csv")


def bundled_project(root: Path, *, with_2018: bool = False) -> Paths:
    """A project at ``root`` with the reconstructed 2013 wave (and the illustrative 2018 wave)."""
    (root / "data" / "processed").mkdir(parents=True, exist_ok=True)
    (root / "figures").mkdir(exist_ok=True)
    shutil.copytree(REPO / "data" / "raw" / "2013", root / "data" / "raw" / "2013")
    if with_2018:
        target = root / "data" / "raw" / "2018"
        target.mkdir()
        for name in EXAMPLE_2018:
            shutil.copy(REPO / "examples" / "2018" / name, target / name)
    return Paths(root)


def copy_project(built: Path, root: Path) -> Paths:
    """A copy at ``root`` of a project whose stages have run (the ``built_2013`` fixture), to read or change freely.

    Files keep their times (the stages compare them), so the copy is as the run left it.
    """
    shutil.copytree(built, root, dirs_exist_ok=True, ignore=shutil.ignore_patterns(BUILT_MARK))
    return Paths(root)


#: The file that says a shared project is built, with the exit status of its run.
BUILT_MARK = ".built"


def shared_2013(tmp_path_factory) -> Path:
    """A project where ``python -m analysis all --wave 2013`` has run on the bundled wave: once per test run.

    Every stage of the 2013 wave takes seconds; modules that only read (or then change) what the
    run wrote copy this project (:func:`copy_project`) and never write into it. The workers of
    ``pytest -n`` share it: the first to need it builds it under a lock in the run's temporary
    folder, the others wait for it and read the exit status it left.
    """
    import fcntl

    import pytest

    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the folder of this run, shared by its workers
    root = base / "built-2013"
    with open(base / "built-2013.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        mark = root / BUILT_MARK
        if not mark.is_file():
            if root.exists():
                shutil.rmtree(root)
            bundled_project(root)
            with pytest.MonkeyPatch.context() as mp:
                mp.setenv("SURVEYKIT_ROOT", str(root))
                from analysis.cli import main

                status = main(["all", "--wave", "2013"])
            mark.write_text(str(status), encoding="utf-8")
        status = int(mark.read_text(encoding="utf-8"))
    assert status == 0, "python -m analysis all --wave 2013 failed on the bundled wave"
    return root
