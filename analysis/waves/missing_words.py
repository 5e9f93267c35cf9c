"""Answers that are a missing kind rather than a substantive answer ("Don't know", "Prefer not to say" ...).

The draft codebook gives such answers missing codes with their kind, and the
free-text rule (:mod:`analysis.waves.freetext`) never counts one as a sentence.
"""

from __future__ import annotations

import re

#: Answers that are a missing kind rather than a substantive answer (folded text -> kind).
MISSING_WORDS = {
    "dontknow": "dont_know", "donotknow": "dont_know", "notsure": "dont_know", "unsure": "dont_know",
    "cantsay": "dont_know", "refused": "refused", "prefernottosay": "refused", "prefernottoanswer": "refused",
    "notapplicable": "not_asked", "na": "not_asked", "noanswer": "no_answer", "notanswered": "no_answer",
    "idontknow": "dont_know", "dontknownotsure": "dont_know", "cantremember": "dont_know",
    "dontremember": "dont_know", "cannotsay": "dont_know",
    "idrathernotsay": "refused", "rathernotsay": "refused", "prefernot": "refused",
    "iprefernottosay": "refused", "notrelevant": "not_asked", "doesnotapply": "not_asked", "noresponse": "no_answer",
    "notapplicabletome": "not_asked", "nonotapplicable": "not_asked",
}


def missing_kind(label: str) -> str | None:
    """The missing kind an answer text stands for, or ``None`` for a substantive answer.

    >>> missing_kind("Don't know"), missing_kind("Prefer not to say"), missing_kind("Yes")
    ('dont_know', 'refused', None)
    >>> missing_kind("I'd rather not say"), missing_kind("Not applicable"), missing_kind("Can't remember")
    ('refused', 'not_asked', 'dont_know')
    >>> missing_kind("Unfamiliar (N/A)")
    'not_asked'
    """
    kind = MISSING_WORDS.get(re.sub(r"[^a-z]", "", label.casefold()))
    if kind is None and re.search(r"\(\s*N/A\s*\)$", label.strip(), re.IGNORECASE):
        return "not_asked"  # "Unfamiliar (N/A)", "Does not apply (N/A)"
    return kind
