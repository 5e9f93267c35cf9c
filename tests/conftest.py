"""Shared fixtures: a temporary project root, and the real-export corpus beside the repo."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
#: The team's corpus beside the repo (``SURVEYKIT_TEST_CORPUS`` points elsewhere, e.g. to check a clone without it).
CORPUS = Path(os.environ.get("SURVEYKIT_TEST_CORPUS", REPO.parent / "shared" / "corpus"))
#: Copies of the corpus files whose licence allows it (see ATTRIBUTION.md there).
FIXTURE_CORPUS = REPO / "tests" / "fixtures" / "corpus"
#: Corpus files that are not redistributed (licence needs a decision): only in ``../shared/corpus``.
NOT_REDISTRIBUTED = ("QualtricsTools_",)


@pytest.fixture
def corpus(request) -> Path:
    """The real-export corpus: ``../shared/corpus`` where present, else the copies in ``tests/fixtures/corpus``.

    Without ``../shared`` a test that names a file kept only there (its licence does not
    allow a copy) is skipped; every other corpus test runs on the copies.
    """
    if CORPUS.is_dir():
        return CORPUS
    import inspect

    used = inspect.getsource(request.function)
    params = getattr(request.node, "callspec", None)
    if params is not None:
        used += " ".join(str(v) for v in params.params.values())
    if any(prefix in used for prefix in NOT_REDISTRIBUTED):
        pytest.skip(f"uses a corpus file kept only in {CORPUS} (its licence does not allow a copy here)")
    return FIXTURE_CORPUS


@pytest.fixture
def project(tmp_path, monkeypatch):
    """An empty project root (data/raw, data/processed, figures) that the toolkit's paths point at."""
    from analysis.config import Paths

    for sub in ("data/raw", "data/processed", "figures"):
        (tmp_path / sub).mkdir(parents=True)
    monkeypatch.setenv("SURVEYKIT_ROOT", str(tmp_path))
    return Paths(tmp_path)
