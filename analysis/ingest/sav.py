"""SPSS .sav / .zsav through pyreadstat, keeping user-missing codes and every label."""

from __future__ import annotations

from pathlib import Path

from analysis.errors import InputError
from analysis.ingest.raw import RawExport
from analysis.ingest.text import iconv_name


def read_sav(path: Path, *, encoding: str = "") -> RawExport:
    """Read an SPSS system file with its dictionary.

    User-missing values are kept as their codes (``user_missing=True``), so that
    "don't know" and "no answer" stay distinct from a blank. Compression
    (bytecode or zlib) is read from the header, whatever the extension. A file
    whose date values overflow Python's datetime is read again with dates left
    as SPSS numbers, and the export's notes say so.
    """
    import pyreadstat

    kwargs = {"user_missing": True}
    if encoding:
        kwargs["encoding"] = iconv_name(encoding, source=str(path))
    notes: list[str] = []
    try:
        try:
            df, meta = pyreadstat.read_sav(str(path), **kwargs)
        except OverflowError:
            df, meta = pyreadstat.read_sav(str(path), disable_datetime_conversion=True, **kwargs)
            notes.append("dates outside Python's range: all date columns kept as SPSS numbers (seconds since 1582-10-14)")
    except pyreadstat.ReadstatError as exc:
        if any(w in str(exc).lower() for w in ("encod", "iconv", "convert", "character")):
            raise InputError.single(str(path), "text in the file's declared encoding; set files.encoding in the "
                                    "codebook (e.g. latin-1, cp1252, utf-8)", found=f"unreadable text ({exc})") from None
        raise InputError.single(str(path), "a complete SPSS .sav or .zsav file", found=f"unreadable ({exc})") from None
    except UnicodeDecodeError as exc:
        raise InputError.single(str(path), "text in the file's declared encoding; set files.encoding in the codebook",
                                found=str(exc)) from None
    # pyreadstat reports discrete user-missing values as ranges whose ends are equal.
    discrete: dict[str, list] = {}
    ranges: dict[str, list[tuple]] = {}
    for col, spec in (meta.missing_ranges or {}).items():
        for r in spec:
            if r["lo"] == r["hi"]:
                discrete.setdefault(col, []).append(r["lo"])
            else:
                ranges.setdefault(col, []).append((r["lo"], r["hi"]))
    for col, values in (meta.missing_user_values or {}).items():
        discrete.setdefault(col, []).extend(v for v in values if v not in discrete.get(col, []))
    return RawExport(
        path=path,
        frame=df,
        layout="sav",
        header_rows=0,
        question_text={k: v for k, v in meta.column_names_to_labels.items() if v},
        value_labels=dict(meta.variable_value_labels or {}),
        missing_codes=discrete,
        missing_ranges=ranges,
        encoding=meta.file_encoding or "",
        notes=notes,
    )
