"""One rule for small bases: a percentage not shown for resting on too few people takes its count with it.

The statistics engine flags a row ``"suppressed"`` when its unweighted base is below the
reliability threshold (30 by default): no percentage, interval or letter is published for it.
Printing its count beside its base would give the percentage back ("9 of 10"), so the count goes
too (and the weighted count with it); the base n stays, so that a reader sees how few people there
were. This is a rule about what a percentage can rest on, not disclosure control: the count may
still follow from the other groups and the total, and the disclosure policy
(:mod:`analysis.protect.policy`), not this rule, decides what protects the people who took part.

>>> import pandas as pd
>>> f = pd.DataFrame({"group": ["All", "Other"], "count": [429, 9], "n": [692, 10], "proportion": [0.62, None],
...                   "flag": ["", "suppressed"]})
>>> without_small_base_counts(f)[["count", "n"]].values.tolist()
[[429.0, 692.0], [nan, 10.0]]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: The engine's flag of a row whose base is too small for a percentage.
SUPPRESSED = "suppressed"
#: Columns that go with the percentage (the base columns stay).
COUNT_COLUMNS = ("count", "weighted_count")


def without_small_base_counts(frame: "pd.DataFrame") -> "pd.DataFrame":
    """``frame`` with the counts of its ``"suppressed"`` rows emptied; ``n`` and every other column kept."""
    if "flag" not in frame.columns or frame.empty:
        return frame
    small = frame["flag"].fillna("").astype(str) == SUPPRESSED
    if not small.any():
        return frame
    out = frame.copy()
    for col in COUNT_COLUMNS:
        if col in out.columns:
            out[col] = out[col].astype("float64")
            out.loc[small, col] = float("nan")
    return out
