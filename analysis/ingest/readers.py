"""Read any supported export into a :class:`RawExport`: cells as exported, plus what the file says about them.

The layout is taken from the file's own bytes, not its name: ``$FL2``/``$FL3``
magic means SPSS (.sav or .zsav, whatever the extension), a zip means XLSX,
anything else is delimited text, which is then recognised as a Qualtrics or
SurveyMonkey export by its header rows, or read as a plain one-header CSV.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis.errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from analysis.codebook import FilesSpec


@dataclass
class RawExport:
    """An export as read, before the codebook is applied.

    Attributes
    ----------
    path : Path
    frame : DataFrame
        One row per data row; columns are the export's column names, made unique.
        Text exports hold strings (blank cells are NA); .sav files hold numbers and
        strings as stored, user-missing codes kept.
    layout : str
        ``sav``, ``csv``, ``xlsx``, ``surveymonkey``, ``qualtrics`` or ``qualtrics-legacy``.
    header_rows : int
        Rows above the first data row; error messages count data rows from 1.
    question_text : dict
        Column -> question text (variable labels, or the platform's header rows).
    value_labels : dict
        Column -> {code: label}, from a .sav dictionary.
    missing_codes : dict
        Column -> user-missing codes (discrete values) from a .sav dictionary.
    missing_ranges : dict
        Column -> list of (low, high) user-missing ranges from a .sav dictionary.
    encoding : str
        The text encoding used.
    metadata_columns : list
        Platform metadata columns recognised in the header (timings, IP address, ...).
    notes : list
        Things worth telling the analyst (fallback encoding used, columns renamed).
    source_rows : list, optional
        The row number (as a spreadsheet shows it) of each row of ``frame``, when
        rows were dropped on reading (survey previews); otherwise rows are numbered
        from ``header_rows + 1``.
    distinct : dict
        Column -> its cells as positions into their distinct look-up keys (and
        ``("plain ids", column)`` -> whether the ids are plain digits), filled by the
        checks of :mod:`analysis.ingest.tidy` and reused when the frame is built, so
        each column is judged once. ``frame`` must not change once they are filled.
    """

    path: Path
    frame: "pd.DataFrame"
    layout: str
    header_rows: int = 1
    question_text: dict[str, str] = field(default_factory=dict)
    value_labels: dict[str, dict[Any, str]] = field(default_factory=dict)
    missing_codes: dict[str, list[Any]] = field(default_factory=dict)
    missing_ranges: dict[str, list[tuple[float, float]]] = field(default_factory=dict)
    encoding: str = ""
    metadata_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    source_rows: list[int] | None = None
    distinct: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)


def sniff_kind(path: Path) -> str:
    """``sav``, ``xlsx`` or ``text``, from the first bytes of the file."""
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head[:4] in (b"$FL2", b"$FL3"):
        return "sav"
    if head[:4] == b"PK\x03\x04":
        return "xlsx"
    return "text"


def unique_names(names: list[str]) -> list[str]:
    """Make column names unique by suffixing repeats with ``.2``, ``.3`` ...

    >>> unique_names(["Q1", "Q2", "Q1", "", "Q1"])
    ['Q1', 'Q2', 'Q1.2', 'column 4', 'Q1.3']
    """
    seen: dict[str, int] = {}
    out = []
    for i, name in enumerate(names, start=1):
        name = name.strip() or f"column {i}"
        if name in seen:
            seen[name] += 1
            name = f"{name}.{seen[name]}"
        else:
            seen[name] = 1
        out.append(name)
    return out


def read_export(path: str | Path, spec: "FilesSpec | None" = None) -> RawExport:
    """Read an export file in the layout its codebook names, or the one it sniffs.

    Raises :class:`InputError` for a missing, empty, header-only, corrupt or
    undecodable file.
    """
    from analysis.codebook import FilesSpec

    from analysis.inside import check_inside

    path = Path(path)
    spec = spec or FilesSpec(data=path.name)
    check_inside(path, what="an export file")
    if not path.is_file():
        import stat

        mode = path.stat().st_mode if path.exists() else 0
        found = ("a named pipe (FIFO), which cannot be read twice" if stat.S_ISFIFO(mode) else
                 "a folder" if stat.S_ISDIR(mode) else "a socket or device" if mode else "no such file")
        raise InputError.single(str(path), "an export file (named by files.data in the codebook)", found=found)
    if path.stat().st_size == 0:
        raise InputError.single(str(path), "a header row and at least one data row", found="an empty file")
    kind = sniff_kind(path)
    suffix = path.suffix.lower()
    binary = {".sav": ("sav", "an SPSS .sav file (its first bytes are $FL2 or $FL3)"),
              ".zsav": ("sav", "an SPSS .zsav file (its first bytes are $FL3)"),
              ".xlsx": ("xlsx", "an Excel .xlsx workbook (a zip archive)")}.get(suffix)
    if binary and kind != binary[0] and spec.format in ("auto", binary[0]):
        found = "a zip archive" if kind == "xlsx" else ("an SPSS file" if kind == "sav" else
                                                         "bytes that are neither an SPSS file nor a workbook")
        raise InputError.single(str(path), binary[1] + "; the file may be damaged or not the export", found=found)
    fmt = spec.format
    expected_kind = {"sav": "sav", "xlsx": "xlsx", "csv": "text"}.get(fmt)
    if expected_kind and expected_kind != kind:
        raise InputError.single(str(path), f"a {fmt} export, as files.format says",
                                found=f"a {'text' if kind == 'text' else kind} file")
    if kind == "sav":
        from analysis.ingest.sav import read_sav

        return read_sav(path, encoding=spec.encoding)
    layout = "auto" if fmt in ("auto", "xlsx") else fmt
    if kind == "xlsx":
        from analysis.ingest.excel import read_xlsx

        return read_xlsx(path, sheet=spec.sheet, layout=layout)
    from analysis.ingest.delimited import read_delimited

    return read_delimited(path, layout=layout, encoding=spec.encoding, delimiter=spec.delimiter)
