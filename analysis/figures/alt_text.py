"""Alt text that fits its limit whatever the numbers: the generator shapes the text, no run fails on it.

An alt text is one sentence: the chart type, that the data are reconstructed when
they are, and the finding (the figure's title). At a million respondents a title's
numbers grow ("n=999,940"), so the sentence is fitted to
:data:`analysis.figures.captions.ALT_TEXT_MAX` characters: the chart type is cut to
its first two words, then the finding to its leading clauses (or, failing that, to
whole words). The full title and the long description carry everything.

>>> fit("Bar chart of six survey measures", "", "Six in ten were not confident (n=999,940)", limit=160)
'Bar chart of six survey measures: six in ten were not confident (n=999,940).'
>>> t = fit("Dot chart of training by sector", "", "Training wanted by sector: " + "n=999,940, " * 20 + "end", limit=80)
>>> t, len(t) <= 80
('Dot chart: training wanted by sector.', True)
"""

from __future__ import annotations

import re


def fit(chart: str, data: str, finding: str, *, limit: int, target: int | None = None) -> str:
    """One sentence ``"<chart><data>: <finding>."`` of at most ``limit`` characters.

    ``data`` is ``" from reconstructed data"`` or ``""``; ``target`` (default ``limit``)
    is the length past which the chart type is cut to its first two words.
    """
    finding = finding[:1].lower() + finding[1:]
    finding = finding.rstrip(". ")
    text = f"{chart}{data}: {finding}."
    if len(text) > (target if target is not None else limit):
        chart = " ".join(chart.split()[:2])
        text = f"{chart}{data}: {finding}."
    if len(text) <= limit:
        return text
    head = f"{chart}{data}: "
    room = limit - len(head) - 1  # the full stop
    clauses = re.split(r"(?<=[^\d]),\s|:\s|;\s", finding)
    kept = ""
    for clause in clauses:
        candidate = f"{kept}, {clause}" if kept else clause
        if len(candidate) > room:
            break
        kept = candidate
    if not kept:
        words = finding.split()
        for word in words:
            candidate = f"{kept} {word}" if kept else word
            if len(candidate) > room:
                break
            kept = candidate
    kept = kept.rstrip(" ,;:")
    return (f"{head}{kept}." if kept else f"{head.rstrip(': ')}.")[:limit]
