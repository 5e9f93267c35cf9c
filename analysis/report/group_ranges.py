"""What the published figures alone say about groups, one sentence per measure, linked from every breakdown.

A reconstructed wave's breakdowns are invented; the question a reader brings to them ("are health
staff less confident than social workers?") has an answer only in the ranges the published
figures allow (``ranges.csv``, written by the ``reproduce`` stage from
:mod:`analysis.reproduction.bounds`). The sentences are worded once, below the figures and the report,
in :mod:`analysis.reproduction.range_words`; this module gives each an anchor on the page, so
that each breakdown chart and table can link to the answer for its own measure.
"""

from __future__ import annotations

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


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def group_range_sentences(ranges: "pd.DataFrame | None", codebook: "Codebook",
                          labels: Mapping[str, str]) -> list[tuple[str, str, str]]:
    """(indicator, anchor, sentence) for every indicator of the codebook, in its order.

    The sentences are :func:`analysis.reproduction.range_words.range_sentences`, the words the
    first breakdown figure's caption states too.
    """
    from analysis.reproduction.range_words import range_sentences

    return [(name, anchor(name), text) for name, text, _ in range_sentences(ranges, codebook, labels)]


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
