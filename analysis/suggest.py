"""Suggestions for error messages: the close names a user probably meant.

>>> suggest("risk_valu", ["risk_value", "region"])
"did you mean 'risk_value'?"
>>> suggest("Don't know", ["Don’t know", "Yes"])
"did you mean 'Don’t know'? (only the apostrophe differs)"
>>> suggest("zzz", ["risk_value"])
''
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: Characters that differ only in typography (curly quotes and apostrophes, dashes, non-breaking spaces).
_TYPOGRAPHY = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
                             "\u2014": "-", "\u00a0": " "})


def _plain(text: str) -> str:
    return text.translate(_TYPOGRAPHY)


def suggest(name: str, candidates: Iterable[str]) -> str:
    """A ``did you mean 'x'?`` hint naming the closest candidate, or ``""`` when none is close.

    Parameters
    ----------
    name : str
        The name that was not found.
    candidates : iterable of str
        The names that exist.
    """
    import difflib

    options = [str(c) for c in candidates]
    for c in options:
        if c != name and _plain(c) == _plain(name):
            apostrophe = "'" in _plain(c) and c.replace("\u2019", "'").replace("\u2018", "'") == name.replace(
                "\u2019", "'").replace("\u2018", "'")
            differ = "only the apostrophe differs" if apostrophe else "only the punctuation differs"
            return f"did you mean {c!r}? ({differ})"
    folded = {re.sub(r"[^0-9a-z]", "", c.casefold()): c for c in options}
    key = re.sub(r"[^0-9a-z]", "", name.casefold())
    if key and key in folded and folded[key] != name:
        return f"did you mean {folded[key]!r}? (only case, spaces or punctuation differ)"
    close = difflib.get_close_matches(name, options, n=1, cutoff=0.75)
    return f"did you mean {close[0]!r}?" if close else ""
