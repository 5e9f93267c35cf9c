"""Every path the toolkit uses, derived from one project root.

Importing this module does no I/O and imports nothing heavy. The root is the
folder that holds ``pyproject.toml``; set ``SURVEYKIT_ROOT`` to point the
toolkit at another project folder (the tests do, to work in a temporary copy).

>>> paths = Paths(Path("/project"))
>>> paths.processed_frame("2013").as_posix()
'/project/data/processed/2013.parquet'
>>> paths.figures_dir("2013").as_posix()
'/project/figures/2013'
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent

CODEBOOK_NAME = "codebook.toml"


def _default_root() -> Path:
    env = os.environ.get("SURVEYKIT_ROOT")
    if env:
        return Path(env).resolve()
    return PACKAGE_DIR.parent


@dataclass(frozen=True)
class Paths:
    """Paths below one project root."""

    root: Path

    @property
    def raw(self) -> Path:
        return self.root / "data" / "raw"

    @property
    def processed(self) -> Path:
        return self.root / "data" / "processed"

    @property
    def figures(self) -> Path:
        return self.root / "figures"

    @property
    def reports(self) -> Path:
        return self.root / "reports"

    @property
    def examples(self) -> Path:
        return self.root / "examples"

    def wave_dir(self, wave: str) -> Path:
        """Raw folder of a wave: its export file(s), codebook and README."""
        return self.raw / wave

    def codebook(self, wave: str) -> Path:
        return self.wave_dir(wave) / CODEBOOK_NAME

    def processed_frame(self, wave: str) -> Path:
        """Tidy respondent-level frame (one row per respondent)."""
        return self.processed / f"{wave}.parquet"

    def former_long(self, wave: str) -> Path:
        """The long frame (respondent x item) earlier versions wrote; ingest removes it."""
        return self.processed / f"{wave}.long.parquet"

    def processed_sidecar(self, wave: str) -> Path:
        """JSON provenance for the processed frames."""
        return self.processed / f"{wave}.json"

    def tables_dir(self, wave: str) -> Path:
        """Estimate tables (CSV) computed from a wave."""
        return self.processed / wave / "tables"

    def figures_dir(self, wave: str) -> Path:
        return self.figures / wave

    def report_dir(self, wave: str) -> Path:
        return self.reports / wave

    def waves(self) -> list[str]:
        """Names of the waves under ``data/raw`` (folders that hold a codebook), sorted."""
        if not self.raw.is_dir():
            return []
        return sorted(p.parent.name for p in self.raw.glob(f"*/{CODEBOOK_NAME}"))


def paths() -> Paths:
    """The project's paths, read from ``SURVEYKIT_ROOT`` or the package location."""
    return Paths(_default_root())
