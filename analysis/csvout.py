"""CSV text for every output table, safe to open in a spreadsheet.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a
tab or carriage return before one) as a formula, so a label such as
``=HYPERLINK(...)`` in a codebook would become a live link in a published CSV.
Following the OWASP guidance on CSV injection, such text cells are written with
a leading ``'``; numbers, including negative ones and text that reads as a
number (``-0.5``, ``+2.1``), are written as they are. Every stage writes its CSV
files through :func:`csv_text`.

>>> import pandas as pd
>>> frame = pd.DataFrame({"label": ["=HYPERLINK(1)", "@SUM(A1)", "Health", "-0.5"], "value": [-0.5, 1.0, 2.0, 3.0]})
>>> print(csv_text(frame), end="")
label,value
'=HYPERLINK(1),-0.5
'@SUM(A1),1.0
Health,2.0
-0.5,3.0
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: Characters that make a spreadsheet read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(value: Any) -> Any:
    r"""A text cell a spreadsheet would run as a formula, prefixed with ``'``; anything else unchanged.

    A carriage return (alone or before a line feed) becomes a line feed: the CSV
    writer quotes a field holding its line end, so the cell stays one cell, where
    an unquoted CR would start a new row in a spreadsheet (and a formula with it).

    >>> neutralise("=1+1"), neutralise("-3"), neutralise("- bullet"), neutralise(-3), neutralise("a=b")
    ("'=1+1", '-3', "'- bullet", -3, 'a=b')
    >>> neutralise("Health\r=1+1")
    'Health\n=1+1'
    """
    if isinstance(value, str) and "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    if not isinstance(value, str) or not value.startswith(FORMULA_START):
        return value
    try:
        if math.isfinite(float(value)):
            return value  # a number written as text, e.g. -0.5
    except ValueError:
        pass
    return "'" + value


def neutralise_frame(frame: "pd.DataFrame") -> "pd.DataFrame":
    """A copy of ``frame`` whose text cells and column names are neutralised (numeric columns untouched)."""
    from pandas.api.types import is_bool_dtype, is_numeric_dtype

    out = frame.copy()
    for col in out.columns:
        if not (is_numeric_dtype(out[col]) or is_bool_dtype(out[col])):
            out[col] = out[col].astype(object).map(neutralise)
    out.columns = [neutralise(c) for c in out.columns]
    return out


def csv_text(frame: "pd.DataFrame", *, float_format: str | None = None) -> str:
    """CSV text (no index, ``\\n`` line ends) with formula-leading text cells neutralised."""
    return neutralise_frame(frame).to_csv(index=False, float_format=float_format, lineterminator="\n")
