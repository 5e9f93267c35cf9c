"""Refuse a column that would carry personal data into processed data (e-mail addresses, phone numbers, names ...).

The patterns and the judgement of names are :mod:`analysis.personal`'s; this module
applies them to a column of an export at ingest, judging each distinct value once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from analysis.personal import NEEDS, personal_kind
from analysis.personal import names_among as _names_among

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: A cell matching none of these characters holds no personal data a pattern finds (see :mod:`analysis.personal`).
_PERSONAL_NEEDS = NEEDS


def refuse_personal(series: "pd.Series", column: str, add, what: str, *,
                     advice: str = "use another column or give this item type = \"identifier\"",
                     patterns: bool = True) -> None:
    """Refuse a column that would reach processed data while holding e-mail addresses, phone or IP numbers.

    Each distinct value is judged once (a column of a million answers repeats a few
    hundred texts), and a value is matched against the patterns only when it holds a
    character every pattern needs; the rows are then found by the values' positions.
    """
    import numpy as np
    import pandas as pd

    whole, rows = series, None
    if isinstance(series.dtype, pd.StringDtype):
        # Every pattern needs one of these characters ('@'; '.' or ':'; '+' or one of ' .-'), and
        # every name an ASCII capital letter: only the cells holding one are judged (ids of digits are not).
        maybe = (series.str.contains(_PERSONAL_NEEDS, regex=True).fillna(False).to_numpy(dtype=bool)
                 | series.str.contains("[A-Z]", regex=True).fillna(False).to_numpy(dtype=bool))
        rows = maybe.nonzero()[0]
        if len(rows) < len(series):
            series = series.iloc[rows]
        else:
            rows = None
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    values = uniques.tolist()
    kind_of: dict[int, str] = {}
    for j, v in enumerate(values if patterns else ()):  # without patterns: names only
        if isinstance(v, str):
            kind = personal_kind(v)
            if kind:
                kind_of[j] = kind
    hits: dict[str, list[int]] = {}
    if kind_of:
        kinds = list(dict.fromkeys(kind_of[j] for j in sorted(kind_of)))  # in the order of their first row
        lookup = np.full(len(values) + 1, -1, dtype=np.intp)  # code -1 (blank) takes the last entry
        for j, kind in kind_of.items():
            lookup[j] = kinds.index(kind)
        row_kind = lookup[codes]
        for k, kind in enumerate(kinds):
            hits[kind] = np.flatnonzero(row_kind == k)
    counts = np.bincount(codes[codes >= 0], minlength=len(values))

    def answered() -> int:  # answers in the whole column (asked only when enough values look like names)
        all_codes, distinct = pd.factorize(whole, use_na_sentinel=True)
        n = np.bincount(all_codes[all_codes >= 0], minlength=len(distinct))
        return sum(int(n[j]) for j, v in enumerate(distinct.tolist()) if isinstance(v, str) and v.strip())

    named = _names_among(values, counts, answered)
    if named:
        chosen = np.zeros(len(values) + 1, dtype=bool)
        chosen[named] = True
        hits["names"] = np.flatnonzero(chosen[codes])
    for kind in hits:
        hits[kind] = (hits[kind] if rows is None else rows[hits[kind]]).tolist()
    for kind, positions in hits.items():
        add(column, positions, f"{what} that are not personal data (found {kind}); personal data never reaches "
            f"processed data: {advice}")
