"""Row filters: only the rows the codebook's ``[rows] keep`` names are analysed (finished responses, one nation).

A filter names export columns and the cell values kept (case and surrounding
spaces ignored; ``1.0`` read from a .sav file matches ``"1"``). For a column that
holds a coded item, a code and its label match each other, so
``keep = { Q1 = ["Health"] }`` keeps cells ``Health`` and ``1``; a .sav value label
matches its code the same way. The rows left out are counted in a reader note
(and so in the sidecar and the ingest output); row numbers in later error
messages stay those a spreadsheet shows. A column the export lacks, or a filter
that keeps no row, is an :class:`~analysis.errors.InputError`.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING, Any

from analysis.errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    from analysis.codebook import Codebook
    from analysis.ingest.raw import RawExport


def _fold(value: Any) -> str:
    """A cell or filter value as compared: numbers without a trailing ``.0``, text case-folded.

    >>> _fold(1.0), _fold(" True "), _fold(2.5)
    ('1', 'true', '2.5')
    """
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split()).casefold()


def _wanted(column: str, values: tuple[str, ...], codebook: "Codebook", export: "RawExport") -> set[str]:
    wanted = {_fold(v) for v in values}
    pairs: list[tuple[Any, str]] = []
    item = codebook.item_for_column(column)
    if item is not None and item.is_coded:
        pairs += list(item.codes.items()) + [(c, m.label) for c, m in item.missing.items()]
    pairs += list(export.value_labels.get(column, {}).items())
    for code, label in pairs:
        if _fold(code) in wanted or _fold(label) in wanted:
            wanted |= {_fold(code), _fold(label)}
    return wanted


def describe(codebook: "Codebook") -> str:
    """The filter in words, for notes: ``Only rows whose Finished is 1 or true are analysed (...)``.

    Empty when the codebook has no filter.
    """
    if not codebook.row_filter:
        return ""
    parts = [f"{column} is {' or '.join(values)}" for column, values in codebook.row_filter.items()]
    text = "Only rows whose " + " and whose ".join(parts) + " are analysed"
    return text + (f" ({codebook.row_filter_label})." if codebook.row_filter_label else ".")


def filter_rows(export: "RawExport", codebook: "Codebook", *, source: str = "") -> "RawExport":
    """The export with only the rows the codebook keeps (the export itself when it has no filter)."""
    if not codebook.row_filter:
        return export
    from analysis.suggest import suggest

    frame = export.frame
    problems = []
    keep = None
    for column, values in codebook.row_filter.items():
        if column not in frame.columns:
            hint = suggest(column, frame.columns)
            problems.append(InputError.single(source or codebook.source, "a column of the export"
                                              + (f" ({hint})" if hint else ""),
                                              found=f"rows.keep.{column}: '{column}'").problems[0])
            continue
        wanted = _wanted(column, values, codebook, export)
        mask = frame[column].map(lambda v: not _blank(v) and _fold(v) in wanted).to_numpy(dtype=bool)
        keep = mask if keep is None else keep & mask
    if problems:
        raise InputError(problems)
    total, kept = len(frame), int(keep.sum())
    if kept == 0:
        raise InputError.single(source or codebook.source, "a [rows] keep filter that keeps at least one row",
                                found=f"no row of {total} has " + " and ".join(
                                    f"{c} in {', '.join(v)}" for c, v in codebook.row_filter.items()))
    numbers = export.source_rows or list(range(export.header_rows + 1, export.header_rows + 1 + total))
    label = f" ({codebook.row_filter_label})" if codebook.row_filter_label else ""
    note = (f"kept {kept} of {total} rows{label}: " + "; ".join(
        f"{c} in {', '.join(v)}" for c, v in codebook.row_filter.items()) + f"; {total - kept} left out ([rows] keep)")
    return dataclasses.replace(export, frame=frame[keep].reset_index(drop=True),
                               source_rows=[n for n, k in zip(numbers, keep) if k], notes=[*export.notes, note])


def _blank(value) -> bool:
    """None, NaN or pandas' NA (an empty cell)."""
    import pandas as pd

    return value is None or bool(pd.isna(value))


_KEPT = re.compile(r"^kept (\d+) of (\d+) rows(?: \((.*?)\))?: .*; (\d+) left out \(\[rows\] keep\)$")


def filtered(notes) -> dict | None:
    """The ``[rows]`` filter's counts from the note :func:`filter_rows` wrote, or None (no filter).

    >>> filtered(["kept 312 of 380 rows (finished responses only): Finished in 1; 68 left out ([rows] keep)"])
    {'count': 68, 'rows': 380, 'label': 'finished responses only'}
    >>> filtered(["something else"]) is None
    True
    """
    for note in notes or ():
        m = _KEPT.match(str(note))
        if m:
            return {"count": int(m.group(4)), "rows": int(m.group(2)), "label": m.group(3) or ""}
    return None
