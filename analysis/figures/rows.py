"""Which rows of an estimate frame a chart gives a place, and how a withheld row is marked.

Shared by every chart module (bars, dots, trend): a row flagged ``"suppressed"`` or
without an estimate is not drawn; a row withheld by disclosure control keeps its
place and is marked there ("withheld (a)"), its reason explained under the chart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


def drawn_rows(frame: "pd.DataFrame") -> "pd.DataFrame":
    """The rows a chart draws: everything but suppressed rows and rows without an estimate.

    >>> import pandas as pd
    >>> f = pd.DataFrame({"group": ["a", "b", "c"], "proportion": [0.5, 0.1, None],
    ...                   "flag": ["", "suppressed", ""]})
    >>> drawn_rows(f)["group"].tolist()
    ['a']
    """
    keep = (frame["flag"].fillna("").astype(str) != "suppressed") & frame["proportion"].notna()
    return frame[keep.to_numpy(dtype=bool)]


def shown_rows(frame: "pd.DataFrame") -> "pd.DataFrame":
    """The rows that get a place in a chart: those drawn and those withheld by disclosure control (marked).

    >>> import pandas as pd
    >>> f = pd.DataFrame({"group": ["a", "b", "c"], "proportion": [0.5, None, None],
    ...                   "flag": ["", "", "suppressed"], "disclosure": ["", "secondary", ""]})
    >>> shown_rows(f)["group"].tolist()
    ['a', 'b']
    """
    drawn = frame.index.isin(drawn_rows(frame).index)
    return frame[drawn | withheld_mask(frame)]


def withheld_mask(frame: "pd.DataFrame"):
    """A boolean array: which rows disclosure control withheld (a non-empty ``disclosure``)."""
    import numpy as np

    if "disclosure" not in frame.columns:
        return np.zeros(len(frame), dtype=bool)
    return (frame["disclosure"].astype("string").fillna("") != "").to_numpy(dtype=bool)


def mark_text(row) -> str:
    """The in-place marker of a withheld row: its ``disclosure_mark`` (e.g. "withheld (a)"), else "withheld"."""
    mark = getattr(row, "disclosure_mark", "")
    return mark if isinstance(mark, str) and mark else "withheld"
