"""What the published figures alone say about groups, one sentence per measure, linked from every breakdown.

A reconstructed wave's breakdowns are invented; the question a reader brings to them ("are health
staff less confident than social workers?") has an answer only in the ranges the published
figures allow (``ranges.csv``, written by the ``reproduce`` stage from
:mod:`analysis.reproduction.bounds`). This module words those ranges as one sentence per measure
and gives each an anchor on the page, so that each breakdown chart and table can link to the
answer for its own measure, and the first breakdown chart can state it in its caption.

Ranges are shown to whole percentages, the lowest rounded down and the highest up, so that the
printed range always contains the exact one.

>>> import pandas as pd
>>> r = pd.DataFrame({"kind": "subgroup", "indicator": "x", "by": "sector", "group_label": ["A", "B"],
...                   "low": [0.0, 0.043], "high": [1.0, 1.0]})
>>> sentence_for(r, "Not confident", others=["profession"])
'Do sectors differ on “Not confident”? The published figures cannot say; any value up to 100% is possible (A: 0% to 100%; B: 4% to 100%). By profession: no count of any profession was published, so any value from 0% to 100% is possible for each.'
"""

from __future__ import annotations

import math
from html import escape
from typing import TYPE_CHECKING, Iterable, Mapping, Sequence

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from analysis.codebook import Codebook

#: Prefix of each measure's anchor on the page.
ANCHOR_PREFIX = "range-"
#: The heading of the block of sentences.
HEADING = "What the published figures can say about groups"


def anchor(indicator: str) -> str:
    """The page anchor of a measure's range sentence.

    >>> anchor("risk_notconf")
    'range-risk-notconf'
    """
    from analysis.report.content import slug

    return ANCHOR_PREFIX + slug(indicator)


def _pct(p: float, *, up: bool) -> str:
    v = p * 100
    v = math.ceil(v - 1e-9) if up else math.floor(v + 1e-9)
    return f"{int(min(max(v, 0), 100))}%"


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


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


def group_range_sentences(ranges: "pd.DataFrame | None", codebook: "Codebook",
                          labels: Mapping[str, str]) -> list[tuple[str, str, str]]:
    """(indicator, anchor, sentence) for every indicator of the codebook, in its order.

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
        out.append((name, anchor(name), text))
    return out


def indicators_of(codebook: "Codebook", names: Iterable[str]) -> list[str]:
    """The indicators named, or those of the items named (a scale's figure names its item), in codebook order."""
    names = set(names)
    return [n for n, ind in codebook.indicators.items() if n in names or ind.item in names]


def links_for(indicators: Sequence[str], labels: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """Links to the range sentences of ``indicators``: (text, href)."""
    return tuple((f"What the published figures allow for {_lower(labels.get(i, i))}, by group", f"#{anchor(i)}")
                 for i in indicators)


def render_group_ranges(items: Sequence[tuple[str, str, str]]) -> str:
    """The block of sentences, each a paragraph with its anchor ("" when there are none)."""
    if not items:
        return ""
    body = "".join(f'<p id="{escape(a, quote=True)}">{escape(text)}</p>' for _, a, text in items)
    return f'<section id="group-ranges" class="group-ranges"><h3>{escape(HEADING)}</h3>{body}</section>'
