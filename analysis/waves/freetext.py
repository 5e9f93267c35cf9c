"""Free text or coded answers: the rule the draft and ``validate`` use to tell them apart.

Free text must never reach processed data, so a column is drafted as a coded
item only when its answers *repeat like labels*:

1. at most :data:`MAX_CODES` different answers;
2. with 20 or more answers, each different answer given on average at least
   twice (different answers ≤ answers / 2); with :data:`ALL_DIFFERENT` or more,
   not every answer different (as dates of birth and names are in a small export);
3. no answer given only once reads like a sentence (more than
   :data:`LONG_WORDS` words or :data:`LONG_CHARS` characters), unless the words
   place it on a scale or make it a missing answer ("Don't know");
4. for a column whose name or question reads like an open question
   (:data:`OPEN_QUESTION`: "comments", "please specify", "Other (please
   specify)", Qualtrics' ``_TEXT`` columns, "tell us", "why" ...), no answer is
   given only once at all.

Anything else is typed ``text`` (dropped at ingest unless ``keep = true``).
Answers are counted after blank cells (empty or white space, as SPSS writes
unanswered string variables) are set aside.

>>> counts = {"No": 20, "None": 8, "N/A": 5, "Mrs Jones at St Mary's was very helpful": 1}
>>> repeats_like_labels(counts, open_question=True), repeats_like_labels({"Yes": 30, "No": 13}, open_question=True)
(False, True)
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, Iterable

#: Coded items have at most this many distinct answers; more is free text or a number.
MAX_CODES = 15
#: This many answers, every one different, are no question's labels (dates of birth, names), however few.
ALL_DIFFERENT = 8
#: An answer given once with more words or characters than these reads like a sentence.
LONG_WORDS, LONG_CHARS = 5, 40
#: Column names or question texts of an open question.
OPEN_QUESTION = re.compile(
    r"(_text$|\bplease\s+(specify|state|describe|explain|give\s+details|tell)|\bspecify\b|\bcomments?\b|"
    r"\bfeedback\b|\banything\s+else\b|\btell\s+us\b|\bin\s+your\s+own\s+words\b|\bsuggestions?\b|\bwhy\b|"
    r"\bopen[- ]ended\b|\bdescribe\b|\bexplain\b|\bother\s*[(:-]\s*(please\s+)?specify)", re.IGNORECASE)


def answer_counts(values: Iterable[Any]) -> Counter:
    """How often each non-blank answer is given (white space squeezed; blank and missing cells left out).

    >>> answer_counts(["a", " a ", "", None, "b  c"])
    Counter({'a': 2, 'b c': 1})
    """
    import pandas as pd

    series = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    counts: Counter = Counter()
    counted = series.dropna().value_counts(sort=False)  # distinct cells first, then each squeezed once
    for value, k in zip(counted.index.tolist(), counted.to_numpy().tolist()):
        text = " ".join(str(value).split())
        if text and text.casefold() not in ("nan", "<na>"):
            counts[text] += int(k)
    return counts


def is_open_question(column: str, text: str = "") -> bool:
    """Whether a column's name or question reads like an open question.

    >>> is_open_question("Q1_4_TEXT"), is_open_question("q9", "Other (please specify)"), is_open_question("conf")
    (True, True, False)
    """
    return bool(OPEN_QUESTION.search(column) or OPEN_QUESTION.search(text or ""))


def _sentence(answer: str) -> bool:
    from analysis.waves.missing_words import missing_kind
    from analysis.waves.scales import scale_rank

    long = len(answer.split()) > LONG_WORDS or len(answer) > LONG_CHARS
    return long and scale_rank(answer) is None and missing_kind(answer) is None


def repeats_like_labels(counts: Counter | dict, *, open_question: bool = False) -> bool:
    """Whether answers (answer -> times given) repeat like the labels of a coded question (the module's rule).

    >>> repeats_like_labels({"Yes": 2, "No": 1})  # a small export: few answers, all short
    True
    >>> repeats_like_labels({"Yes": 20, "No": 15, "I was trained by the local authority last year": 1})
    False
    """
    answered = sum(counts.values())
    distinct = len(counts)
    if not distinct:
        return True
    if distinct > MAX_CODES or (answered >= 20 and distinct * 2 > answered) or (answered >= ALL_DIFFERENT
                                                                                  and distinct == answered):
        return False
    once = [a for a, k in counts.items() if k == 1]
    if open_question and once:
        return False
    return not any(_sentence(a) for a in once)


def free_text_evidence(counts: Counter | dict, *, open_question: bool = False) -> str:
    """Why answers read as free text, in words ("12 different answers given once, the longest 61 characters").

    >>> free_text_evidence({"No": 20, "Mrs Jones at St Mary's was very helpful": 1, "Fine": 1})
    '2 different answers given once, the longest 39 characters'
    """
    once = [a for a, k in counts.items() if k == 1]
    if len(counts) > MAX_CODES:
        return f"{len(counts)} different answers"
    return f"{len(once)} different answers given once, the longest {max((len(a) for a in once), default=0)} characters"
