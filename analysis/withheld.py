"""How every output marks a cell withheld by disclosure control: its reason in words, and a key per reason.

The ``protect`` stage writes each withheld cell's rule in the ``disclosure`` column
(``primary``, ``small-base``, ``secondary``, ``table``, and ``collapsed`` where scale
points were combined). Figures, their CSV files, the workbook and the HTML page say why
in the same words (:func:`reason_words`, :func:`note_text`). A figure marks a withheld
cell where it would be drawn with a short key, ``withheld (a)``, and says under the
chart what each key means (:func:`reason_keys`, :func:`marker`).

>>> reason_words("primary", threshold=10), reason_words("collapsed", threshold=10)
('fewer than 10 people', 'scale points combined')
>>> note_text("secondary", threshold=10)
'Withheld so that a smaller cell cannot be worked out'
"""

from __future__ import annotations

from typing import Iterable, Mapping

#: Rules in the order a unit with several withheld cells names them (and figures key them).
ORDER = ("primary", "small-base", "table", "secondary", "collapsed")
#: Words for scale points combined (the ``collapsed`` rule): nothing is withheld, the points are merged.
COLLAPSED = "scale points combined"
#: Words for a rule this version does not know: true, if unspecific.
UNKNOWN = "withheld for disclosure control"


def _code(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def reason_words(code, *, threshold: int) -> str:
    """Why a cell is withheld, in words (empty for a published cell).

    Parameters
    ----------
    code : str
        The ``disclosure`` value of the cell (missing or empty when it is published).
    threshold : int
        The policy's threshold, for "fewer than 10 people".

    Examples
    --------
    >>> reason_words("small-base", threshold=5)
    'fewer than 5 people in the group'
    >>> reason_words("", threshold=10), reason_words(None, threshold=10)
    ('', '')
    >>> reason_words("some-new-rule", threshold=10)
    'withheld for disclosure control'
    """
    from analysis.protect.table_set import REASONS, withheld_reason

    code = _code(code)
    if not code:
        return ""
    if code in REASONS:
        return withheld_reason(code, threshold=threshold)
    return COLLAPSED if code == "collapsed" else UNKNOWN


def note_text(code, *, threshold: int) -> str:
    """The reason as a table's note: a sentence fragment starting with a capital.

    >>> note_text("primary", threshold=10)
    'Withheld: fewer than 10 people'
    >>> note_text("collapsed", threshold=10), note_text("", threshold=10)
    ('Scale points combined', '')
    """
    words = reason_words(code, threshold=threshold)
    if not words:
        return ""
    if words.startswith("withheld") or _code(code) == "collapsed":
        return words[0].upper() + words[1:]
    return f"Withheld: {words}"


def _rank(code: str) -> tuple[int, str]:
    return (ORDER.index(code) if code in ORDER else len(ORDER), code)


def first_reason(*codes) -> str:
    """The rule to state for a unit withheld for several: the first in :data:`ORDER` (empty ones ignored).

    >>> first_reason("secondary", "primary"), first_reason("secondary", ""), first_reason("", None)
    ('primary', 'secondary', '')
    """
    present = [_code(c) for c in codes if _code(c)]
    return min(present, key=_rank) if present else ""


def reason_keys(codes: Iterable) -> dict[str, str]:
    """A letter per rule present, in :data:`ORDER` (unknown rules last): the keys a figure's markers carry.

    >>> reason_keys(["secondary", "", "primary", "secondary"])
    {'primary': 'a', 'secondary': 'b'}
    """
    present = sorted({_code(c) for c in codes if _code(c)}, key=_rank)
    return {code: "abcdefghijklmnopqrstuvwxyz"[k % 26] for k, code in enumerate(present)}


def marker(code, keys: Mapping[str, str]) -> str:
    """The in-place mark of a withheld unit: ``withheld (a)``; ``combined (b)`` for scale points combined.

    >>> marker("primary", {"primary": "a"}), marker("collapsed", {"collapsed": "b"}), marker("primary", {})
    ('withheld (a)', 'combined (b)', 'withheld')
    """
    code = _code(code)
    word = "combined" if code == "collapsed" else "withheld"
    return f"{word} ({keys[code]})" if code in keys else word
