"""Stata .dta files through pyreadstat, keeping value labels, variable labels and extended missing values.

Stata marks missing numbers with ``.`` (system missing) and ``.a`` to ``.z``
(extended missing values, which surveys use for "don't know", "refused", "not
asked" ...). They are read with ``user_missing=True`` so they stay distinct from
a blank: a cell holding ``.a`` reads as the text ``".a"`` (``.`` reads as blank),
the column's ``missing_codes`` lists the extended codes it holds, and a value
label on ``.a`` is kept beside the others. A codebook lists them under an item's
``missing`` like any code: ``missing = { ".a" = "dont_know", ".b" = "refused" }``.
Variable labels become question texts, as for an SPSS file.

The format is judged from the file's first bytes (:func:`is_dta`): ``<stata_dta>``
for formats 117 to 119 (Stata 13 and later), or a format number 104 to 115 then
a byte order and file type for the older binary formats.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from analysis.ingest.raw import RawExport
from analysis.ingest.text import iconv_name

#: The first bytes of a Stata 13+ file (formats 117, 118, 119).
XML_MAGIC = b"<stata_dta>"
#: Old binary formats pyreadstat reads: 104 to 115 (Stata 4 to 12).
OLD_FORMATS = range(104, 116)


def is_dta(head: bytes) -> bool:
    """Whether a file's first bytes are a Stata .dta header.

    >>> is_dta(b"<stata_dta><header><release>118"), is_dta(bytes([115, 2, 1, 0])), is_dta(b"id,Q1\\n")
    (True, True, False)
    """
    if head.startswith(XML_MAGIC):
        return True
    return len(head) >= 4 and head[0] in OLD_FORMATS and head[1] in (1, 2) and head[2] == 1 and head[3] == 0


def _missing_code(value: Any) -> Any:
    """pyreadstat's extended-missing letter (``"a"``) as Stata writes it (``".a"``); anything else unchanged."""
    if isinstance(value, str) and len(value) == 1 and "a" <= value <= "z":
        return "." + value
    return value


def read_dta(path: Path, *, encoding: str = "") -> RawExport:
    """Read a Stata .dta file with its labels and extended missing values (see the module docstring).

    Raises
    ------
    InputError
        For a damaged file, or text that is not in the file's encoding
        (``files.encoding`` names one for files older than Stata 14).
    """
    import pyreadstat

    from analysis.ingest.readstat_errors import unreadable

    kwargs: dict[str, Any] = {"user_missing": True}
    if encoding:
        kwargs["encoding"] = iconv_name(encoding, source=str(path))
    try:
        df, meta = pyreadstat.read_dta(str(path), **kwargs)
    except (pyreadstat.ReadstatError, UnicodeDecodeError) as exc:
        raise unreadable(path, exc, whole="a complete Stata .dta file", encoding_text="text in the file's encoding",
                         examples="e.g. latin-1, cp1252") from None
    missing: dict[str, list[Any]] = {}
    for column, values in (meta.missing_user_values or {}).items():
        codes = sorted({_missing_code(v) for v in values}, key=str)
        if codes:
            missing[column] = codes
    for column in missing:
        df[column] = df[column].map(_missing_code)
    labels = {column: {_missing_code(code): label for code, label in mapping.items()}
              for column, mapping in (meta.variable_value_labels or {}).items()}
    notes = []
    if missing:
        notes.append("Stata extended missing values (.a to .z) kept as codes in: " + ", ".join(
            f"{c} ({', '.join(str(v) for v in codes)})" for c, codes in missing.items()))
    return RawExport(
        path=path,
        frame=df,
        layout="dta",
        header_rows=0,
        question_text={k: v for k, v in (meta.column_names_to_labels or {}).items() if v},
        value_labels=labels,
        missing_codes=missing,
        encoding=meta.file_encoding or "",
        notes=notes,
    )
