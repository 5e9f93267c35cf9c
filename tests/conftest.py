"""Shared fixtures: a temporary project root, the 2013 and 2018 waves run once per test run, and the real-export corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# The reproduce stage draws an ensemble of reconstructions (100 for `make reproduce`); the suite's projects draw
# a few, which exercises the same code in a fraction of the time (tests/reproduction checks the ensemble itself).
os.environ.setdefault("SURVEYKIT_ENSEMBLE_MEMBERS", "4")
#: Real exports whose licences allow copying, kept in the repository (see its ATTRIBUTION.md).
CORPUS_FIXTURES = REPO / "tests" / "fixtures" / "corpus"
#: The team's full corpus beside the repository; a user's clone has none.
CORPUS_SHARED = REPO.parent / "shared" / "corpus"
#: Hand-made stand-ins (invented content, the same layout quirks) for corpus files whose licence keeps
#: them out of the fixtures: ``tests/fixtures/handmade/make_qualtrics.py`` writes them.
HANDMADE = REPO / "tests" / "fixtures" / "handmade"
STAND_IN_PREFIX = ("QualtricsTools_", "handmade_")


class CorpusPath:
    """A folder of the real-export corpus: ``corpus / "spss" / name`` gives the file's path.

    A file is read from the project's own fixtures when it is there, otherwise from
    ``../shared/corpus``, otherwise (the QualtricsTools files, whose licence kept
    them out of the fixtures) from its hand-made stand-in with the same quirks
    under ``tests/fixtures/handmade``; a file in none of them skips the test.
    """

    def __init__(self, *parts: str) -> None:
        self.parts = parts

    def __truediv__(self, name: str) -> "Path | CorpusPath":
        parts = (*self.parts, *Path(name).parts)
        for root in (CORPUS_FIXTURES, CORPUS_SHARED):
            candidate = root.joinpath(*parts)
            if candidate.is_file():
                return candidate
        if any(root.joinpath(*parts).is_dir() for root in (CORPUS_FIXTURES, CORPUS_SHARED)):
            return CorpusPath(*parts)
        stand_in = HANDMADE.joinpath(*parts[:-1], parts[-1].replace(*STAND_IN_PREFIX))
        if parts[-1].startswith(STAND_IN_PREFIX[0]) and stand_in.is_file():
            return stand_in
        pytest.skip(f"corpus file {'/'.join(parts)} is not in tests/fixtures/corpus (its licence does not allow "
                    f"copying) and {CORPUS_SHARED} is absent")


@pytest.fixture
def corpus() -> CorpusPath:
    """The real-export corpus (Qualtrics, SurveyMonkey, SPSS, PSPP, ReadStat files): fixtures first, then ../shared."""
    return CorpusPath()


@pytest.fixture
def project(tmp_path, monkeypatch):
    """An empty project root (data/raw, data/processed, figures) that the toolkit's paths point at."""
    from tests.projects import empty_project

    monkeypatch.setenv("SURVEYKIT_ROOT", str(tmp_path))
    return empty_project(tmp_path)


@pytest.fixture(scope="session")
def built_2013(tmp_path_factory) -> Path:
    """A project where ``make reproduce``'s commands have run on the bundled 2013 wave: once per test run.

    Copy it with :func:`tests.projects.copy_project`; never write into it (:func:`tests.projects.shared_2013`).
    """
    from tests.projects import shared_2013

    return shared_2013(tmp_path_factory)


@pytest.fixture(scope="session")
def built_2018(tmp_path_factory) -> Path:
    """A project with 2013 and the illustrative 2018 example where the figures stage of 2018 has run: once per run.

    Read it, or copy it with :func:`tests.projects.copy_project`; never write into it (:func:`tests.projects.shared_2018`).
    """
    from tests.projects import shared_2018

    return shared_2018(tmp_path_factory)


@pytest.fixture(scope="session", autouse=True)
def _shared_projects_first(request):
    """Under ``pytest -n``, each worker starts by building a different shared project the collected tests use.

    The shared projects take seconds each and are built under a lock; a worker that needed one
    another was building would wait idle. Started one per worker, they are built side by side.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker.startswith("gw"):
        return
    needed = [name for name in ("built_2013", "built_2018")
              if any(name in getattr(item, "fixturenames", ()) for item in request.session.items)]
    if needed:
        request.getfixturevalue(needed[int(worker[2:]) % len(needed)])


@pytest.fixture(scope="session")
def built_tiny(tmp_path_factory) -> Path:
    """A project where ``all --wave tiny`` has run on the report tests' small wave: once per test run.

    Read it, or copy it with :func:`tests.projects.copy_project`; never write into it (:func:`tests.projects.shared_tiny`).
    """
    from tests.projects import shared_tiny

    return shared_tiny(tmp_path_factory)
