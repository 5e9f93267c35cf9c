"""SPSS multiple-response sets: which columns make one "select all that apply" question.

An SPSS file may define multiple-response sets (pyreadstat's ``meta.mr_sets``):

* a **dichotomy set** (``$name`` of type D): one variable per option, an option
  ticked when its variable holds the set's *counted value* (often 1; the other
  values, often 0, are written for options not ticked); a user-missing value in
  its variables (9 = not asked) is read as blank, no answer;
* a **category set** (type C): several variables ("first mention", "second
  mention" ...) each holding the code of one chosen category.

:func:`read_mr_sets` lists them as :class:`MRSet`. A dichotomy set's options are
its own variables. A category set is turned into one column per category,
``<set>_<code>``, added to the frame: 1 when any of the set's variables holds that
category, 0 when another of them holds a category, blank when all are blank or
user-missing. So both kinds are read by a ``multi`` item with one column per
option, and the source columns stay as they are.

>>> import pandas as pd
>>> df = pd.DataFrame({"m1": ["a", "b", None], "m2": ["c", None, None]})
>>> out, sets = read_mr_sets(df, {"mentions": {"type": "C", "counted_value": None, "label": "Mentioned",
...                                            "variable_list": ["m1", "m2"]}}, {}, {}, {}, {})
>>> sets[0].options, out["mentions_a"].tolist(), out["mentions_c"].tolist()
({'mentions_a': 'a', 'mentions_b': 'b', 'mentions_c': 'c'}, [1.0, 0.0, nan], [1.0, 0.0, nan])
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any


@dataclass
class MRSet:
    """One multiple-response set as the draft uses it.

    Attributes
    ----------
    name : str
        The set's name without SPSS's ``$``.
    label : str
        The set's label (the question text), or ``""``.
    kind : str
        ``dichotomy`` or ``category``.
    options : dict
        Option column -> option label, in order.
    sources : list
        The file's own variables in the set.
    counted : Any
        A dichotomy set's counted value (``None`` for a category set).
    uncounted : list
        The other values written in a dichotomy set's variables (user-missing codes left out).
    """

    name: str
    label: str
    kind: str
    options: dict[str, str]
    sources: list[str]
    counted: Any = None
    uncounted: list[Any] = field(default_factory=list)


def _plain(value: Any) -> Any:
    """A float that is a whole number as an int; anything else unchanged."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or (
        isinstance(value, str) and not value.strip())


def _is_missing(column: str, value: Any, missing_codes: dict, missing_ranges: dict) -> bool:
    if value in missing_codes.get(column, []):
        return True
    return isinstance(value, (int, float)) and any(lo <= value <= hi for lo, hi in missing_ranges.get(column, []))


def _sort_key(value: Any) -> tuple:
    return (isinstance(value, str), value if not isinstance(value, str) else 0, str(value))


def read_mr_sets(frame, mr_sets: dict, labels: dict, var_labels: dict, missing_codes: dict, missing_ranges: dict):
    """The frame (with each category set's category columns added) and its sets as :class:`MRSet`.

    Parameters
    ----------
    frame : DataFrame
        The file's data as read.
    mr_sets : dict
        pyreadstat's ``meta.mr_sets``.
    labels : dict
        Column -> {value: label}, the file's value labels.
    var_labels : dict
        Column -> its variable label: a dichotomy set's option labels (else the
        counted value's label, else the column name).
    missing_codes, missing_ranges : dict
        Column -> the user-missing values and ranges of the file's dictionary.
    """
    import numpy as np
    import pandas as pd

    found: list[MRSet] = []
    added: dict[str, Any] = {}
    taken = set(frame.columns)
    for name, spec in (mr_sets or {}).items():
        columns = [c for c in spec.get("variable_list", []) if c in frame.columns]
        if not columns:
            continue
        label = (spec.get("label") or "").strip()
        if spec.get("type") == "D" or spec.get("is_dichotomy"):
            counted = _plain(spec.get("counted_value"))
            for c in columns:  # a user-missing value (9 = not asked) is no answer, not an option left unticked
                hidden = [_is_missing(c, v, missing_codes, missing_ranges) if not _blank(v) else False
                          for v in frame[c].tolist()]
                if any(hidden):
                    frame = frame.copy()
                    frame[c] = frame[c].where(~pd.Series(hidden, index=frame.index))
            written = {_plain(v) for c in columns for v in pd.unique(frame[c].dropna()).tolist()
                       if not _blank(v) and not _is_missing(c, v, missing_codes, missing_ranges)}
            uncounted = sorted((v for v in written if str(v) != str(counted)), key=_sort_key)
            options = {}
            for c in columns:
                var_label = ""
                for key, text in labels.get(c, {}).items():
                    if str(_plain(key)) == str(counted):
                        var_label = str(text)
                options[c] = (var_labels.get(c) or "").strip() or var_label or c
            found.append(MRSet(name, label, "dichotomy", options, columns, counted, uncounted))
            continue
        # A category set: one 0/1 column per category found (value-labelled categories first).
        cells = np.empty((len(frame), len(columns)), dtype=object)
        for j, c in enumerate(columns):
            cells[:, j] = [None if _blank(v) or _is_missing(c, v, missing_codes, missing_ranges) else _plain(v)
                           for v in frame[c].tolist()]
        categories: dict[Any, str] = {}
        for c in columns:
            for key, text in sorted(labels.get(c, {}).items(), key=lambda kv: _sort_key(_plain(kv[0]))):
                key = _plain(key)
                if key in {v for v in cells.ravel().tolist() if v is not None}:
                    categories.setdefault(key, str(text))
        for v in sorted({v for v in cells.ravel().tolist() if v is not None}, key=_sort_key):
            categories.setdefault(v, str(v))
        answered = np.array([any(v is not None for v in row) for row in cells], dtype=bool)
        options = {}
        for code, text in categories.items():
            column = f"{name}_{code}"
            i = 2
            while column in taken:
                column, i = f"{name}_{code}.{i}", i + 1
            taken.add(column)
            hit = np.array([code in row.tolist() for row in cells], dtype=bool)
            added[column] = np.where(answered, hit.astype(float), np.nan)
            options[column] = text
        found.append(MRSet(name, label, "category", options, columns))
    if added:
        frame = pd.concat([frame, pd.DataFrame(added, index=frame.index)], axis=1)
    return frame, found


def mr_set_note(sets: list[MRSet]) -> str:
    """The reader's note listing the sets, or ``""``."""
    if not sets:
        return ""
    parts = []
    for s in sets:
        if s.kind == "dichotomy":
            parts.append(f"${s.name} (dichotomy set counting {s.counted!r} over {', '.join(s.sources)})")
        else:
            parts.append(f"${s.name} (category set over {', '.join(s.sources)}: read as one 0/1 column per "
                         f"category, {', '.join(s.options)})")
    return "SPSS multiple-response sets: " + "; ".join(parts)
