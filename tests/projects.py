"""Scratch projects holding copies of the bundled waves, so tests never write into the repository."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from analysis.config import Paths

REPO = Path(__file__).resolve().parents[1]
EXAMPLE_2018 = ("codebook.toml", "harmonise.toml", "illustrative_2018_surveymonkey.csv")


def empty_project(root: Path) -> Paths:
    """An empty project at ``root``: its ``data/raw``, ``data/processed`` and ``figures`` folders."""
    for sub in ("data/raw", "data/processed", "figures"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    return Paths(root)


def accept_draft(paths: Paths, wave: str) -> dict:
    """Accept ``add-wave``'s draft codebook of ``wave`` as it stands (its DRAFT header lines removed); its tables."""
    import tomllib

    path = paths.codebook(wave)
    text = path.read_text(encoding="utf-8")
    path.write_text(text[text.index("\n[wave]\n") + 1:], encoding="utf-8")
    return tomllib.loads(path.read_text(encoding="utf-8"))


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
    """A copy at ``root`` of a project whose stages have run (``built_2013``, ``built_2018``), to read or change freely.

    Files keep their times (the stages compare them), so the copy is as the run left it.
    """
    shutil.copytree(built, root, dirs_exist_ok=True, ignore=shutil.ignore_patterns(BUILT_MARK, CONSOLE))
    return Paths(root)


#: The file that says a shared project is built, with the exit status of its run.
BUILT_MARK = ".built"
#: What ``make reproduce``'s two commands printed when they built the shared 2013 project (:func:`reproduce_output`).
CONSOLE = ".console.json"
#: ``make reproduce``'s two commands on a project holding only the 2013 wave (see the Makefile).
REPRODUCE = (("ingest", "--wave", "2013"), ("all", "--skip-ingest"))


def shared_project(tmp_path_factory, name: str, build) -> Path:
    """The project ``build(root)`` makes (returning its exit status), built once per test run.

    Building a wave's stages takes seconds; modules that only read (or then change) what the run
    wrote copy the project (:func:`copy_project`) or read it, and never write into it. The workers
    of ``pytest -n`` share it: the first to need it builds it under a lock in the run's temporary
    folder, the others wait for it and read the exit status it left.
    """
    import fcntl

    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the folder of this run, shared by its workers
    root = base / name
    with open(base / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        mark = root / BUILT_MARK
        if not mark.is_file():
            if root.exists():
                shutil.rmtree(root)
            root.mkdir(parents=True)
            status = build(root)
            mark.write_text(str(status), encoding="utf-8")
        status = int(mark.read_text(encoding="utf-8"))
    assert status == 0, f"building the shared project {name} failed (exit status {status})"
    return root


def _run_cli(root: Path, *argv: str) -> dict:
    """One run of the command line in the project at ``root``: its exit status and what it printed."""
    import io
    from contextlib import redirect_stderr, redirect_stdout

    import pytest

    from analysis.cli import main

    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SURVEYKIT_ROOT", str(root))
        mp.delenv("CI", raising=False)  # the console as a user's shell has it (no terminal: no bars)
        with redirect_stdout(out), redirect_stderr(err):
            status = main(list(argv))
    return {"argv": list(argv), "returncode": status, "stdout": out.getvalue(), "stderr": err.getvalue()}


def _reproduce_2013(root: Path) -> int:
    """``make reproduce`` on the bundled 2013 wave: ``ingest --wave 2013``, then ``all --skip-ingest``."""
    import json

    bundled_project(root)
    runs = [_run_cli(root, *argv) for argv in REPRODUCE]
    (root / CONSOLE).write_text(json.dumps(runs), encoding="utf-8")
    for run in runs:
        if run["returncode"]:
            print(run["stderr"])
    return max(run["returncode"] for run in runs)


def shared_2013(tmp_path_factory) -> Path:
    """A project where ``make reproduce``'s commands have run on the bundled 2013 wave: once per test run.

    ``python -m analysis ingest --wave 2013`` then ``python -m analysis all --skip-ingest`` (the
    project holds only 2013, so this is ``all --wave 2013``); what they printed is kept for
    :func:`reproduce_output`.
    """
    return shared_project(tmp_path_factory, "built-2013", _reproduce_2013)


def reproduce_output(built: Path) -> list[dict]:
    """What ``make reproduce``'s two commands printed when they built ``built`` (:func:`shared_2013`).

    One dict per command, in order: ``argv``, ``returncode``, ``stdout``, ``stderr``.
    """
    import json

    return json.loads((built / CONSOLE).read_text(encoding="utf-8"))


def _figures_2018(root: Path) -> int:
    """The figures stage of the illustrative 2018 wave, run on its own (it runs the stages before it)."""
    from analysis.figures import stage

    return stage.run("2018", bundled_project(root, with_2018=True))


def shared_2018(tmp_path_factory) -> Path:
    """A project with the bundled 2013 wave and the illustrative 2018 example where the figures stage of
    2018 has run (``stage.run("2018", paths)``, which protects both waves' tables first): once per test run."""
    return shared_project(tmp_path_factory, "built-2018", _figures_2018)


def _all_tiny(root: Path) -> int:
    """``python -m analysis all --wave tiny`` on the report tests' small illustrative wave (tests/report/tiny.py)."""
    from tests.report.tiny import write_tiny

    empty_project(root)
    write_tiny(root)
    return _run_cli(root, "all", "--wave", "tiny")["returncode"]


def shared_tiny(tmp_path_factory) -> Path:
    """A project where ``python -m analysis all --wave tiny`` has run on the small illustrative wave: once per test run."""
    return shared_project(tmp_path_factory, "built-tiny", _all_tiny)
