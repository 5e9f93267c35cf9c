"""A single-choice question whose "Other" box writes the typed text in the answer cell (Microsoft and Google Forms).

Forms write a respondent's own words in place of a choice. A ``single`` item may name the
code such answers count as, ``other = <code>``: every answer that is neither a code nor a
label of the item (nor a missing code) then counts as that code, so no typed text is ever
refused, stored or shown (it is free text, often naming people or places). Without
``other`` an unknown answer is refused as before.

>>> lookup = with_other({"health": 1, "1": 1, "other": 9, "9": 9}, 9)
>>> lookup.get("health"), lookup.get("jane smith's nursery"), "anything" in lookup, lookup.get(None)
(1, 9, True, None)
"""

from __future__ import annotations

from typing import Any


class _WithOther(dict):
    """A cell-key look-up in which any answer that is no key counts as the ``other`` code."""

    other: Any = None

    def __contains__(self, key: object) -> bool:
        return key is not None or dict.__contains__(self, key)

    def get(self, key, default=None):
        if key is None:
            return dict.get(self, key, default)
        return dict.get(self, key, self.other)

    def __missing__(self, key):
        if key is None:
            raise KeyError(key)
        return self.other


def with_other(lookup: dict[str, Any], other: Any) -> dict[str, Any]:
    """``lookup`` (cell key -> code) with every other non-blank key counting as ``other``."""
    out = _WithOther(lookup)
    out.other = other
    return out
