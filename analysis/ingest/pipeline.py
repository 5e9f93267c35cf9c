"""The ingest stage: raw export + codebook -> processed frames, and loading them back.

``ingest_wave`` reads the wave's codebook and export, checks every cell before
anything is written, drops what the codebook does not map (platform metadata,
personal data, free text), and writes two files together:

- ``data/processed/<wave>.parquet``: one row per respondent (each coded item a
  categorical of its labels, plus a ``<item>__code`` column of codes for an item
  two of whose codes share a label);
- ``data/processed/<wave>.json``: provenance (checksums, counts, toolkit version).

Nothing is written until every cell has been checked. Each file is written to
a temporary file and renamed into place when complete, the sidecar last (it
records the inputs the frame was made from), so a failure leaves no
half-written file. Every later stage reads codes from the respondent frame
(:func:`analysis.ingest.item_codes.code_positions`); no long (respondent x item) frame is
written, and one an earlier version wrote is removed.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from analysis.atomic import sha256_file
from analysis.codebook import Codebook, load_codebook
from analysis.config import Paths

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


class Wave:
    """A wave as the analysis stages see it: its codebook and its respondent frame."""

    __slots__ = ("codebook", "respondents")

    def __init__(self, codebook: Codebook, respondents: "pd.DataFrame") -> None:
        self.codebook = codebook
        self.respondents = respondents

    @property
    def name(self) -> str:
        return self.codebook.wave.name


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def read_wave_export(wave: str, paths: Paths, codebook: Codebook | None = None):
    """Codebook, raw export and respondent frame of a wave, checked; nothing written."""
    from analysis.ingest.dates import spreadsheet_dates
    from analysis.ingest.readers import read_export
    from analysis.ingest.rows import filter_rows
    from analysis.ingest.check import check_export
    from analysis.ingest.tidy import tidy_frames

    from analysis.console import steps

    codebook = codebook or load_codebook(paths.codebook(wave), wave=wave)
    with steps(f"ingest {wave}", ["read", "check", "tidy"]) as step:  # a bar on a terminal past 2 s
        step("read")
        export = read_export(paths.wave_dir(wave) / codebook.files.data, codebook.files)
        export = filter_rows(export, codebook, source=str(paths.codebook(wave)))
        export = spreadsheet_dates(export, codebook)
        step("check")
        check_export(export, codebook)
        step("tidy")
        respondents = tidy_frames(export, codebook)
    from analysis.model_spec import replicate_frame

    respondents = replicate_frame(respondents, export.frame, codebook.replicates)  # [design] replicates
    return codebook, export, respondents


def sidecar(wave: str, paths: Paths, codebook: Codebook, export, respondents) -> dict:
    """The provenance record written beside the processed frames."""
    from analysis import __version__

    used = {c for item in codebook.items.values() if item.reaches_processed for c in item.source_columns()}
    used.add(codebook.id_column)
    from analysis.personal import shown

    personal = sorted(c for item in codebook.items.values() if not item.reaches_processed for c in item.source_columns())
    # An unmapped header is the export's own text (it may hold anything): recorded by its position only.
    unmapped = [f"column {k}" for k, c in enumerate(export.frame.columns, start=1) if c not in used and c not in personal]
    data_path = paths.wave_dir(wave) / codebook.files.data
    return {
        "wave": wave,
        "toolkit_version": __version__,
        "provenance": codebook.wave.provenance,
        "provenance_note": codebook.wave.provenance_note,
        "codebook": {"path": _relative(paths.codebook(wave), paths.root), "sha256": sha256_file(paths.codebook(wave))},
        "inputs": [{"path": _relative(data_path, paths.root), "sha256": sha256_file(data_path),
                    "bytes": data_path.stat().st_size}],
        "layout": export.layout,
        "encoding": export.encoding,
        "respondents": int(len(respondents)),
        "columns": int(respondents.shape[1]),
        "dropped_personal_columns": [shown(c) for c in personal],  # a header holding personal data: its kind
        "dropped_unmapped_columns": unmapped,
        "notes": list(export.notes),
    }


def ingest_wave(wave: str, paths: Paths) -> dict:
    """Ingest one wave; return its provenance record. Raises :class:`~analysis.errors.InputError` on bad input."""
    from analysis.atomic import atomic_path, write_json

    codebook, export, respondents = read_wave_export(wave, paths)
    record = sidecar(wave, paths, codebook, export, respondents)
    with atomic_path(paths.processed_frame(wave)) as frame_tmp:
        respondents.to_parquet(frame_tmp, engine="pyarrow", index=True)
    write_json(paths.processed_sidecar(wave), record)  # last: its presence says the frame is complete
    paths.former_long(wave).unlink(missing_ok=True)  # nothing reads it any more
    return record


#: Digests of input files this process has read: (path, size, modification time) -> sha256.
_DIGESTS: dict[tuple[str, int, int], str] = {}


def _input_digest(path: Path) -> str:
    """The file's sha256, computed once per process while its size and modification time stay the same.

    ``all`` loads a wave in several stages; a million-row export is hashed once, not by each.
    """
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    digest = _DIGESTS.get(key)
    if digest is None:
        digest = _DIGESTS[key] = sha256_file(path)
    return digest


def _is_current(wave: str, paths: Paths) -> bool:
    import json

    side = paths.processed_sidecar(wave)
    if not (side.is_file() and paths.processed_frame(wave).is_file()):
        return False
    record = json.loads(side.read_text(encoding="utf-8"))
    try:
        if record["codebook"]["sha256"] != sha256_file(paths.codebook(wave)):
            return False
        return all(_input_digest(paths.root / i["path"]) == i["sha256"] for i in record["inputs"])
    except (KeyError, OSError):
        return False


def load_wave(wave: str, paths: Paths, *, estimate: bool = False) -> Wave:
    """Load a wave's processed frames, ingesting first when they are missing or out of date.

    ``estimate`` (the tables, protect, figures and report stages) is kept for callers; a
    codebook with no indicators (an ``add-wave`` draft) gives a topline: every coded
    item's distribution and the multi-select tables.
    """
    import pandas as pd

    if not _is_current(wave, paths):
        ingest_wave(wave, paths)
    codebook = load_codebook(paths.codebook(wave), wave=wave)
    respondents = pd.read_parquet(paths.processed_frame(wave))
    return Wave(codebook, respondents)


def run(wave: str, paths: Paths) -> int:
    """CLI stage ``ingest``."""
    from analysis import console

    record = ingest_wave(wave, paths)
    dropped = len(record["dropped_personal_columns"]) + len(record["dropped_unmapped_columns"])
    counts = f"ingest {wave}: {record['respondents']} respondents, {record['columns']} columns"
    console.line(counts + (f" ({dropped} export column{'s' * (dropped != 1)} not kept)" if dropped else "")
                 + (f"; {record['provenance']} data" if record["provenance"] != "real" else ""),
                 f"{counts} -> {_relative(paths.processed_frame(wave), paths.root)}"
                 + (f" ({dropped} export columns not kept)" if dropped else ""))
    if record["provenance"] != "real" and console.is_verbose():  # otherwise the first stage with outputs says it
        console.note(f"{wave} provenance", record["provenance_note"], prefix=f"note {wave}: ")
    for note in record["notes"]:
        console.say(f"  note: {note}")
    return 0
