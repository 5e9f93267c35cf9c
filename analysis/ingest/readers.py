"""Read any supported export into a :class:`RawExport`: cells as exported, plus what the file says about them.

The kind of file is taken from its own bytes, not its name: ``$FL2``/``$FL3``
magic means SPSS (.sav or .zsav, whatever the extension), ``<stata_dta>`` or an
old Stata format number means Stata (:func:`analysis.ingest.dta.is_dta`), a zip
means XLSX, anything else is delimited text. The rows of a text file or a
workbook sheet are then matched against each platform's header signature
(:mod:`analysis.ingest.registry`), or read as a plain one-header table, or with
the codebook's ``[files] header_rows``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from analysis.errors import InputError
from analysis.ingest.raw import RawExport  # noqa: F401  (the readers' common result, re-exported)

if TYPE_CHECKING:  # pragma: no cover
    from analysis.codebook import FilesSpec


def sniff_kind(path: Path) -> str:
    """``sav``, ``dta``, ``xlsx`` or ``text``, from the first bytes of the file."""
    from analysis.ingest.dta import is_dta

    with open(path, "rb") as fh:
        head = fh.read(16)
    if head[:4] in (b"$FL2", b"$FL3"):
        return "sav"
    if is_dta(head):
        return "dta"
    if head[:4] == b"PK\x03\x04":
        return "xlsx"
    return "text"


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
              ".dta": ("dta", "a Stata .dta file (its first bytes are <stata_dta>, or a format number 104-115)"),
              ".xlsx": ("xlsx", "an Excel .xlsx workbook (a zip archive)")}.get(suffix)
    if binary and kind != binary[0] and spec.format in ("auto", binary[0]):
        found = {"xlsx": "a zip archive", "sav": "an SPSS file", "dta": "a Stata file"}.get(
            kind, "bytes that are neither an SPSS or Stata file nor a workbook")
        raise InputError.single(str(path), binary[1] + "; the file may be damaged or not the export", found=found)
    fmt = spec.format
    expected_kind = {"sav": "sav", "dta": "dta", "xlsx": "xlsx", "csv": "text"}.get(fmt)
    if expected_kind and expected_kind != kind:
        raise InputError.single(str(path), f"a {fmt} export, as files.format says",
                                found=f"a {'text' if kind == 'text' else kind} file")
    if kind in ("sav", "dta"):
        from analysis.ingest.dta import read_dta
        from analysis.ingest.qualtrics import screen_spss
        from analysis.ingest.sav import read_sav

        export = read_sav(path, encoding=spec.encoding) if kind == "sav" else read_dta(path, encoding=spec.encoding)
        screen_spss(export)  # Qualtrics' SPSS and Stata exports: survey previews dropped, tests and partials counted
        return export
    layout = "auto" if fmt in ("auto", "xlsx") else fmt
    header_rows, question_row = spec.header_rows, spec.question_row
    if kind == "xlsx":
        from analysis.ingest.excel import read_xlsx

        export = read_xlsx(path, sheet=spec.sheet, layout=layout, header_rows=header_rows, question_row=question_row)
    else:
        from analysis.ingest.delimited import read_delimited

        export = read_delimited(path, layout=layout, encoding=spec.encoding, delimiter=spec.delimiter,
                                header_rows=header_rows, question_row=question_row)
    from analysis.ingest.headerrows import second_header_note
    from analysis.ingest.summary_export import refuse_summary

    refuse_summary(export)  # counts and percentages per answer choice are not responses

    note = second_header_note(export)
    if note:
        export.notes.append(note)
    return export
