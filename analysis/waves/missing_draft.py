"""Draft a column of numbers beside missing codes as ``numeric``, its codes as missing kinds.

A Stata column holding numbers and extended missing values (``.a`` ... ``.z``) with no
value labels, or an SPSS column whose only value labels are on its user-missing codes
(``999 = "skipped"``), is a number: the codes say why a number is absent. Drafted as a
coded ``single`` item, every distinct number would become a code. Here it is drafted
``numeric`` with each code under ``missing`` (its label when it has one, its kind from
the label, else ``no_answer`` with a note to check it). A user-missing *range* of an
SPSS file needs no listing: a ``numeric`` item never reads a value the file marks as
user-missing as a number (:func:`analysis.ingest.user_missing.file_missing_keys`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from analysis.ingest.raw import RawExport


def _key(value: Any) -> str:
    """A code as the draft writes it: ``999.0`` -> ``"999"``, ``".a"`` unchanged."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _number(value: Any) -> bool:
    if isinstance(value, str) and value.strip().startswith("."):
        return False
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


def numbers_beside_missing(raw: "RawExport", column: str, missing_kind) -> dict[str, Any] | None:
    """The draft of a column of numbers beside missing codes (see the module docstring), or ``None``.

    ``missing_kind`` gives a label's missing kind (:func:`analysis.waves.draft.missing_kind`).

    >>> import pandas as pd
    >>> from pathlib import Path
    >>> from analysis.ingest.raw import RawExport
    >>> raw = RawExport(Path("x.dta"), pd.DataFrame({"years": [3.0, ".a", 12.0]}, dtype=object), "dta",
    ...                 missing_codes={"years": [".a"]})
    >>> spec = numbers_beside_missing(raw, "years", lambda label: None); spec["type"], spec["missing"]
    ('numeric', {'.a': {'label': 'Missing (.a)', 'kind': 'no_answer'}})
    """
    codes = list(raw.missing_codes.get(column, []))
    ranges = list(raw.missing_ranges.get(column, []))
    if not codes and not ranges:
        return None
    keys = {_key(c) for c in codes}

    def is_missing(value: Any) -> bool:
        if _key(value) in keys:
            return True
        return _number(value) and any(lo <= float(value) <= hi for lo, hi in ranges)

    labels = raw.value_labels.get(column) or {}
    if any(not is_missing(code) for code in labels):
        return None  # a labelled answer: a coded item
    values = [v for v in raw.frame[column].dropna().unique().tolist()
              if not (isinstance(v, str) and not v.strip()) and not is_missing(v)]
    if not values:  # every answer is a missing code: nothing to tabulate (typed text, so the draft validates)
        return {"type": "text", "note": "every answer is a code the file marks as missing: nothing to tabulate, "
                                        "dropped at ingest"}
    if not all(_number(v) for v in values):
        return None
    missing: dict[str, Any] = {}
    guessed = []
    for code in sorted(codes, key=lambda c: (isinstance(c, str), c if not isinstance(c, str) else 0, str(c))):
        label = next((str(text) for value, text in labels.items() if _key(value) == _key(code)), "")
        kind = missing_kind(label) if label else None
        if kind is None:
            guessed.append(_key(code))
        missing[_key(code)] = {"label": label or f"Missing ({_key(code)})", "kind": kind or "no_answer"}
    spec: dict[str, Any] = {"type": "numeric", "missing": missing}
    note = "numbers beside missing codes"
    if guessed:
        note += (f": the kind of {', '.join(guessed)} is a guess (no_answer); set dont_know, refused or not_asked "
                 "as the questionnaire says")
    if ranges:
        note += "; the file's user-missing ranges (" + ", ".join(f"{lo:g} to {hi:g}" for lo, hi in ranges) + \
                ") are never read as numbers"
    spec["note"] = note
    return spec
