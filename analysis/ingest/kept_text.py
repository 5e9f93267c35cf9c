"""Kept text (``keep = true``): stored with personal data replaced by its kind, and the replacements counted.

Text a codebook keeps stays in the processed frame for the analyst and never
reaches a table, figure or report. Patterns cannot find people's names inside
sentences, so kept text is for text without names; e-mail addresses, phone, NHS
and IP numbers, postcodes and URLs with query strings are replaced by
``[e-mail]``, ``[phone]`` ... (:func:`analysis.personal.redact`), and the counts
become a note that ``validate`` prints and the sidecar records.

>>> notes = []
>>> redact_column(["ring 07700900123", None, "fine"], "comments", notes)
['ring [phone]', None, 'fine']
>>> notes
["kept text: personal data replaced by its kind in item 'comments': 1 phone number"]
"""

from __future__ import annotations

from typing import Any


def redact_column(values: list[Any], item: str, notes: list[str]) -> list[Any]:
    """``values`` with personal data redacted (each distinct text once); a note of the counts added to ``notes``."""
    from analysis.personal import redact, singular

    done: dict[str, str] = {}
    totals: dict[str, int] = {}
    out = []
    for v in values:
        if not isinstance(v, str):
            out.append(v)
            continue
        if v not in done:
            done[v], counts = redact(v)
        else:
            counts = redact(v)[1]  # cached: the same text, counted again
        for kind, n in counts.items():
            totals[kind] = totals.get(kind, 0) + n
        out.append(done[v])
    if totals:
        notes.append(f"kept text: personal data replaced by its kind in item '{item}': " + ", ".join(
            f"{n} {kind if n > 1 else singular(kind)}" for kind, n in totals.items()))
    return out
