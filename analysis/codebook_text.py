"""The codebook's published words: labels and titles hold no personal data and no control characters.

Value labels, option labels, indicator labels, question texts and the wave's
title reach every table, figure and report. A codebook whose words hold an
e-mail address, a phone, NHS or IP number, a postcode or a URL with a query
string (:mod:`analysis.personal`) is refused with one line naming the key and
the kind found, never the value. A carriage return, line feed, NUL or other
control character in a label or title would start a new row in a spreadsheet
that opens a published CSV, so it is refused as well; longer texts (a
question's wording, notes) may hold line breaks and tabs, which are folded to
spaces where they are shown.

>>> for p in text_problems({"items": {"q": {"codes": {"1": "Ask ann@example.org", "2": "North\\r=1+1"}}}}):
...     print(p)
codebook.toml: found 'an e-mail address', expected words without personal data at 'items.q.codes.1' (labels and titles are published)
codebook.toml: found 'a carriage return', expected one line without control characters at 'items.q.codes.2' (labels and titles are published)
"""

from __future__ import annotations

import unicodedata
from typing import Any, Iterator, Mapping

from analysis.errors import Problem

#: Keys whose strings are not published words (file and column names, settings, contacts, cell values).
NOT_WORDS = {"files", "id", "column", "rows.keep", "design", "weighting", "tables", "where",
             "name", "kind", "provenance", "status", "published", "previous", "base", "item", "interval"}
#: Keys whose strings are published on purpose as they are: the publisher's contact (an e-mail address or
#: a phone number for readers' questions), checked for control characters only.
PUBLISHED_AS_IS = {"contact"}
#: Keys whose strings may run over lines (a question's wording, notes).
LONG_TEXT = {"text", "provenance_note", "note", "population", "period"}
#: Control characters a long text may hold (folded to spaces where shown).
LONG_TEXT_CONTROLS = {"\n", "\t"}
_NAMES = {"\r": "a carriage return", "\n": "a line feed", "\x00": "a NUL character", "\t": "a tab"}


def _strings(data: Any, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, Mapping):
        for key, value in data.items():
            if str(key) in NOT_WORDS or ".".join(path[:1] + (str(key),)) in NOT_WORDS:
                continue
            yield from _strings(value, path + (str(key),))
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value, path)


def control_character(text: str, *, long: bool = False) -> str:
    """The first control character of ``text`` named ("a carriage return"), or ``""``.

    >>> control_character("North"), control_character("a\\nb"), control_character("a\\nb", long=True)
    ('', 'a line feed', '')
    """
    for ch in text:
        if long and ch in LONG_TEXT_CONTROLS:
            continue
        if unicodedata.category(ch) in ("Cc", "Zl", "Zp") or ch == "\u0085":
            return _NAMES.get(ch, f"the control character U+{ord(ch):04X}")
    return ""


def text_problems(data: Mapping, source: str = "codebook.toml") -> list[Problem]:
    """One problem per published string of the parsed TOML ``data`` that holds personal data or a control character."""
    from analysis.personal import kinds, singular

    problems = []
    for path, text in _strings(data, ()):
        key = ".".join(path)
        control = control_character(text, long=path[-1] in LONG_TEXT if path else False)
        if control:
            problems.append(Problem(source, None, [], f"one line without control characters at '{key}' "
                                    "(labels and titles are published)", control))
            continue
        found = [] if path and path[-1] in PUBLISHED_AS_IS else kinds(text)
        if found:
            what = ", ".join(("an " if k[0] in "eIN" else "a ") + singular(k) for k in found)
            problems.append(Problem(source, None, [], f"words without personal data at '{key}' "
                                    "(labels and titles are published)", what))
    return problems
