"""Respondent ids: how the processed frames spell them, and the checks only ids need.

Ids are compared as spelled (case included: Qualtrics' ``R_abc`` and ``R_ABC`` are
two respondents), white space runs made one space and a float's ``.0`` dropped.
A column of plain digits (:func:`_plain_ids`) is its own spelling and is judged
as a whole, without a look-up per id.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from analysis.ingest.cells import cell_key

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from analysis.ingest.raw import RawExport

#: An id longer than this is not an id (a stray quote ran rows together).
MAX_ID_LENGTH = 200


#: Control characters that are not white space (NUL, escape, delete ...): no id holds one.
_ID_CONTROLS = "[\x00-\x08\x0e-\x1b\x7f]"


def control_rows(ids: "pd.Series", skip: set) -> list[int]:
    """Positions of ids holding a control character that is not white space (vectorised over text ids)."""
    import pandas as pd

    if isinstance(ids.dtype, pd.StringDtype) or ids.dtype == object:
        hit = ids.astype("string").str.contains(_ID_CONTROLS, regex=True).fillna(False).to_numpy(dtype=bool)
        return [i for i in hit.nonzero()[0].tolist() if i not in skip]
    return []


#: Ids that are their own key (:func:`cell_key`): digits without a leading zero, exact as floats.
_PLAIN_ID = r"^[1-9][0-9]{0,14}$"


def _plain_ids(series: "pd.Series") -> bool:
    """Whether every id is text of 1-15 digits without a leading zero (so its key and spelling are itself)."""
    import pandas as pd

    if not isinstance(series.dtype, pd.StringDtype) or len(series) == 0 or series.isna().any():
        return False
    return bool(series.str.match(_PLAIN_ID).all())


def column_plain_ids(export: "RawExport", column: str) -> bool:
    """:func:`_plain_ids` of the export's id column, judged once (the checks and the frame both ask)."""
    key = ("plain ids", column)
    if key not in export.distinct:
        export.distinct[key] = _plain_ids(export.frame[column])
    return export.distinct[key]


def id_strings(series: "pd.Series", plain: bool | None = None):
    """Each id as the processed frames spell it (whitespace runs made one space, a float's ".0" dropped)."""
    if _plain_ids(series) if plain is None else plain:
        return series.array
    out = []
    for v in series.tolist():
        key = cell_key(v)
        # keep the id's own spelling (case included), but drop a float's ".0"
        out.append(key if isinstance(v, float) else " ".join(str(v).split()))
    return out
