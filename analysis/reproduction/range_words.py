"""What the published figures alone say about groups, in words: one sentence per measure.

A reconstructed wave's breakdowns are invented; the question a reader brings to them ("are health
staff less confident than social workers?") has an answer only in the ranges the published
figures allow (``ranges.csv``, written by the ``reproduce`` stage from
:mod:`analysis.reproduction.bounds`). This module words those ranges, once, for every output
that states them: the first breakdown figure's caption, alt text and JSON
(:mod:`analysis.figures.figure_set`) and the report's block of sentences with its links
(:mod:`analysis.report.group_ranges`). It imports nothing of either.

Ranges are shown to whole percentages, the lowest rounded down and the highest up, so that the
printed range always contains the exact one.

>>> import pandas as pd
>>> r = pd.DataFrame({"kind": "subgroup", "indicator": "x", "by": "sector", "group_label": ["A", "B"],
...                   "low": [0.0, 0.043], "high": [1.0, 1.0]})
>>> sentence_for(r, "Not confident", others=["profession"])
'Do sectors differ on “Not confident”? The published figures cannot say; any value up to 100% is possible (A: 0% to 100%; B: 4% to 100%). By profession: no count of any profession was published, so any value from 0% to 100% is possible for each.'
>>> verdict_for(r)
'the published figures cannot say whether sectors differ'
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Iterable, Mapping

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from analysis.codebook import Codebook


def _pct(p: float, *, up: bool) -> str:
    v = p * 100
    v = math.ceil(v - 1e-9) if up else math.floor(v + 1e-9)
    return f"{int(min(max(v, 0), 100))}%"


def sentence_for(rows: "pd.DataFrame", label: str, *, others: Iterable[str] = ()) -> str:
    """One measure's sentence from its ``ranges.csv`` rows by one breakdown (and the breakdowns without counts)."""
    parts = []
    groups = rows[rows["by"] != "overall"]
    if len(groups):
        by = str(groups["by"].iloc[0])
        lows, highs = groups["low"].astype(float), groups["high"].astype(float)
        ranges = "; ".join(f"{g}: {_pct(lo, up=False)} to {_pct(hi, up=True)}"
                           for g, lo, hi in zip(groups["group_label"], lows, highs))
        if lows.max() < highs.min():  # every pair of ranges overlaps: no group can be placed above another
            verdict = ("The published figures cannot say; any value up to 100% is possible" if (highs >= 1).all()
                       else "The published figures cannot say; each could be anywhere in its range")
        else:
            verdict = "The published figures place them only within these ranges"
        parts.append(f"Do {by}s differ on “{label}”? {verdict} ({ranges}).")
    for other in others:
        parts.append(f"By {other}: no count of any {other} was published, so any value from 0% to 100% is "
                     "possible for each.")
    return " ".join(parts)


def verdict_for(rows: "pd.DataFrame") -> str:
    """The sentence's answer alone, short enough for alt text ("" without groups)."""
    groups = rows[rows["by"] != "overall"]
    if not len(groups):
        return ""
    by = str(groups["by"].iloc[0])
    if groups["low"].astype(float).max() < groups["high"].astype(float).min():
        return f"the published figures cannot say whether {by}s differ"
    return f"the published figures place {by}s only within ranges"


def range_sentences(ranges: "pd.DataFrame | None", codebook: "Codebook",
                    labels: Mapping[str, str]) -> list[tuple[str, str, str]]:
    """(indicator, sentence, verdict) for every indicator of the codebook, in its order.

    An indicator without rows in ``ranges`` (nothing published about it) is said to be wholly
    invented; breakdowns without a published count of their groups get the 0%-to-100% sentence.
    """
    if ranges is None or not len(ranges):
        return []
    with_counts = set(ranges.loc[ranges["by"] != "overall", "by"].astype(str))
    others = [b for b in codebook.breakdowns if b not in with_counts]
    out = []
    for name in codebook.indicators:
        label = labels.get(name, name)
        rows = ranges[ranges["indicator"] == name]
        if len(rows):
            text = sentence_for(rows, label, others=others)
        else:
            text = (f"Nothing was published about “{label}”: the published figures cannot say anything about "
                    "it, for any group; any value up to 100% is possible.")
        out.append((name, text, verdict_for(rows) if len(rows) else ""))
    return out


def ranges_said(ranges: "pd.DataFrame | None", codebook: "Codebook") -> dict[str, tuple[str, str]]:
    """Per indicator, (sentence, verdict) for a reconstructed wave's figures; empty for any other wave."""
    if codebook.wave.provenance != "reconstructed":
        return {}
    labels = {n: i.label for n, i in codebook.indicators.items()}
    return {name: (text, verdict) for name, text, verdict in range_sentences(ranges, codebook, labels)}
