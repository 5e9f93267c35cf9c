"""Whether a stage's outputs are up to date, the way ``make`` decides, but by content.

A stage that only turns files into files (``figures``, ``report``) records, after it has
written its outputs, one key over everything it reads and the SHA-256 of every file it
wrote. On the next run with the same key and the same outputs on disk it has nothing to
do: it says so in one line and returns the status it returned then. Outputs are
deterministic, so skipping gives the same bytes as redrawing.

The key covers: the stage's name and wave; the bytes of every input file (each wave's
settings under ``data/raw/`` and the wave's processed files); the source of the toolkit
itself (any change of code redraws); the versions of Python and of the libraries that draw
and write; and every ``SURVEYKIT_*`` environment variable but the project's place
(``SURVEYKIT_ROOT``: inputs inside the project are named by their place in it, so a copied or
moved project stays up to date). ``python -m analysis <stage>
--force`` (or ``SURVEYKIT_FORCE=1``) ignores the record and runs the stage.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> (d / "in.txt").write_text("a")
1
>>> record = d / ".stages" / "demo.json"
>>> key = stage_key("demo", "w", [d / "in.txt"])
>>> up_to_date(record, key, d) is None
True
>>> (d / "out").mkdir(); (d / "out" / "x.csv").write_text("1")
1
>>> write_record(record, key, [d / "out" / "x.csv"], d, status=0)
>>> up_to_date(record, key, d)
0
>>> (d / "out" / "x.csv").write_text("2")
1
>>> up_to_date(record, key, d) is None
True
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Iterable

#: Libraries whose version changes what the drawing and writing stages write.
LIBRARIES = ("matplotlib", "numpy", "pandas", "pyarrow", "openpyxl")
#: Folder of the records (``data/processed/<wave>/.stages/<stage>.json``); never an input itself.
RECORDS = ".stages"
#: Setting this environment variable (to anything but "" or "0") always runs the stage.
FORCE = "SURVEYKIT_FORCE"
#: Where the project is (:mod:`analysis.config`): not part of any key, as inputs are named by their place in it.
ROOT = "SURVEYKIT_ROOT"


def _files(paths: Iterable[Path]) -> list[Path]:
    out = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.is_file() and RECORDS not in f.parts)
        elif p.is_file():
            out.append(p)
    return out


def file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    out = [sys.version]
    for name in LIBRARIES:
        try:
            out.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            out.append(f"{name} -")
    return "\n".join(out)


@functools.lru_cache(maxsize=1)
def code_key() -> str:
    """One SHA-256 over the toolkit's source (every ``.py`` and ``.toml`` of the package) and :func:`_versions`.

    Read once per process: the code does not change while it runs.
    """
    h = hashlib.sha256(f"{_versions()}\n".encode())
    package = Path(__file__).resolve().parent
    for f in sorted(package.rglob("*.py")) + sorted(package.rglob("*.toml")):
        h.update(f.relative_to(package).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def _name(path: Path, root: Path | None) -> str:
    """An input's name in the key: its place in the project under ``root``, else its full path."""
    path = path.resolve()
    if root is not None:
        try:
            return path.relative_to(Path(root).resolve()).as_posix()
        except ValueError:
            pass
    return str(path)


def stage_key(stage: str, wave: str, inputs: Iterable[Path], *, root: Path | None = None) -> str:
    """One SHA-256 over everything the stage reads (see the module's description).

    Inputs inside the project ``root`` are named by their place in it, so a project copied or
    moved elsewhere stays up to date; others by their full path.
    """
    h = hashlib.sha256(f"{stage}\n{wave}\n{code_key()}\n".encode())
    for name in sorted(k for k in os.environ if k.startswith("SURVEYKIT_") and k not in (FORCE, ROOT)):
        h.update(f"{name}={os.environ[name]}\0".encode())
    for f in _files(inputs):
        h.update(_name(f, root).encode() + b"\0" + file_digest(f).encode() + b"\0")
    return h.hexdigest()


def wave_inputs(paths, wave: str) -> list[Path]:
    """What the drawing and writing stages read of ``wave``: every wave's settings (``data/raw/*/*.toml``),
    the wave's processed record and weighting report, and everything under ``data/processed/<wave>/``
    (tables, protected tables, trends, the reproduction's hand-off files)."""
    return [*sorted(paths.raw.glob("*/*.toml")), *sorted(paths.processed.glob(f"{wave}.*json")),
            paths.processed / wave]


def record_path(paths, wave: str, stage: str) -> Path:
    """Where ``stage`` records its last run of ``wave``."""
    return paths.processed / wave / RECORDS / f"{stage}.json"


def up_to_date(record: Path, key: str, root: Path) -> int | None:
    """The status of the last run when its record has ``key`` and its outputs are unchanged; else None.

    Outputs are named relative to ``root`` (the project's root).
    """
    if os.environ.get(FORCE, "") not in ("", "0") or not record.is_file():
        return None
    try:
        saved = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if saved.get("key") != key:
        return None
    for name, digest in saved.get("outputs", {}).items():
        path = Path(root) / name
        if not path.is_file() or file_digest(path) != digest:
            return None
    return int(saved.get("status", 0))


def write_record(record: Path, key: str, outputs: Iterable[Path], root: Path, *, status: int) -> None:
    """Record ``key``, the digest of each output (named relative to ``root``) and the status."""
    from analysis.atomic import write_json

    from analysis.inside import check_inside

    check_inside(record, what="a stage record")
    record.parent.mkdir(parents=True, exist_ok=True)
    base = Path(root).resolve()
    digests = {Path(p).resolve().relative_to(base).as_posix(): file_digest(Path(p)) for p in _files(outputs)}
    write_json(record, {"key": key, "outputs": dict(sorted(digests.items())), "status": int(status)})


def run_stage(stage: str, wave: str, paths, work, *, outputs: Path, inputs: Iterable[Path] = ()) -> int:
    """Run ``work(wave, paths)`` unless nothing ``stage`` reads has changed since its last run.

    The inputs are :func:`wave_inputs` and ``inputs``; ``outputs`` is the folder the stage
    writes. Skipped, it prints one line and returns the status of the last run.
    """
    key = stage_key(stage, wave, [*wave_inputs(paths, wave), *inputs], root=paths.root)
    record = record_path(paths, wave, stage)
    last = up_to_date(record, key, paths.root)
    if last is not None:
        from analysis.console import say

        say(f"{stage} {wave}: up to date: nothing it reads has changed since its last run"
              + (" (which reported a problem; run with --force to see it again)" if last else "")
              + "; --force runs it again")
        return last
    status = work(wave, paths)
    write_record(record, key, [outputs], paths.root, status=status)
    return status
