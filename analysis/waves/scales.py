"""Answer scales read from their wording: the position of each answer, and whether a set of answers can be ordered.

An answer's position on a common number line comes from its leading words,
whatever order the export lists the answers in (best-first or worst-first):

==========================  =====  ===========================================
wording (leading words)     rank   examples
==========================  =====  ===========================================
not at all, never            0     "Not at all confident", "Never"
not very, slightly, rarely   1     "Not very confident", "Slightly", "Rarely"
neither … nor, neutral       1.5   "Neither confident nor unconfident"
fairly, quite, moderately    2     "Fairly confident", "Quite confident"
very, often                  3     "Very confident", "Often"
extremely, always            4     "Extremely confident", "Always"
==========================  =====  ===========================================

Two-sided scales put the negative side below zero: "Strongly disagree" −4,
"Disagree" and "Tend to disagree" −2.5, "Slightly disagree" −1, "Neither agree
nor disagree" 0 (:func:`scale_ranks`), "Slightly agree" 1, "Agree" and "Tend to
agree" 2.5, "Strongly agree" 4; an intensity word before a negative adjective
("Very dissatisfied", "Fairly unlikely") takes the negative of its rank. Only the order of the ranks within one item matters, except in
:func:`analysis.waves.skeleton.infer_recode`, which maps equal ranks of two
scales onto each other (a five-point scale's "Slightly" onto a four-point
scale's "Not very").

A set of answers is a scale the draft can order when every substantive answer
has a rank and no two share one; it *looks like* a scale when at least two
answers (or half of them) have a rank or one is a "Neither … nor" midpoint. A
set that looks like a scale but cannot be ordered is never numbered silently:
the draft marks it and ``validate`` names it (:func:`unordered_scale`).

>>> labels = ["Very confident", "Fairly confident", "Neither confident nor unconfident",
...           "Not very confident", "Not at all confident"]
>>> scale_order(labels)
['Not at all confident', 'Not very confident', 'Neither confident nor unconfident', 'Fairly confident', 'Very confident']
>>> scale_order(["Very satisfied", "Fairly dissatisfied", "Neither satisfied nor dissatisfied",
...              "Fairly satisfied", "Very dissatisfied"])[:2]
['Very dissatisfied', 'Fairly dissatisfied']
"""

from __future__ import annotations

import re

#: Leading words that place an answer (longest match wins); the rank of the positive side.
SCALE_WORDS: dict[str, float] = {
    "not at all": 0, "never": 0, "none of the time": 0, "not confident at all": 0,
    "not very": 1, "not particularly": 1, "not so": 1, "slightly": 1, "a little": 1, "a bit": 1, "rarely": 1,
    "hardly ever": 1, "seldom": 1, "a little of the time": 1,
    "neither": 1.5, "neutral": 1.5, "no opinion": 1.5, "undecided": 1.5, "mixed": 1.5,
    "somewhat": 2, "fairly": 2, "moderately": 2, "quite": 2, "reasonably": 2, "sometimes": 2, "some of the time": 2,
    "tend to": 2.5, "somewhat agree": 2.5, "somewhat disagree": -2.5, "mostly": 3,
    "very": 3, "often": 3, "most of the time": 3, "frequently": 3, "highly": 3,
    "extremely": 4, "completely": 4, "totally": 4, "always": 4, "strongly": 4, "all of the time": 4,
    "entirely": 4, "absolutely": 4,
}
#: Bare answers with a place of their own (the whole answer, folded).
WHOLE_ANSWERS: dict[str, float] = {
    "agree": 2.5, "disagree": -2.5, "likely": 2.5, "unlikely": -2.5, "satisfied": 2.5, "dissatisfied": -2.5,
    "excellent": 4, "very good": 3, "good": 2.5, "fair": 1.5, "average": 1.5, "poor": -2.5, "very poor": -3,
    "important": 2.5, "unimportant": -2.5, "useful": 2.5, "helpful": 2.5, "confident": 2.5,
}
#: Words that put an answer on the negative side of a two-sided scale.
NEGATIVE = re.compile(r"\b(un(favou?rabl[ey]|favou?rably|helpful|supportive|prepared|happy|clear|safe|acceptable|"
                      r"likely|satisfied|important|confident|aware|comfortable|useful|willing|effective|sure)|"
                      r"dis(agree|satisfied|pleased)|in(effective|adequate|appropriate|sufficient)|"
                      r"useless|poor|poorly|bad|badly|difficult|worse|negative|negatively)\b")


def _fold(label: str) -> str:
    text = str(label).casefold().replace("\u2019", "'").replace("'", "")
    return " ".join(re.sub(r"[^a-z ]", " ", text).split())


def scale_rank(label: str) -> float | None:
    """Position of an answer on an ordered scale (see the module's table), or ``None`` when its words place it nowhere.

    >>> [scale_rank(x) for x in ("Not at all confident", "Slightly confident", "Very confident", "Yes")]
    [0, 1, 3, None]
    >>> [scale_rank(x) for x in ("Strongly disagree", "Tend to agree", "Neither agree nor disagree", "Very unlikely")]
    [-4, 2.5, 1.5, -3]
    """
    text = _fold(label)
    if not text:
        return None
    if text in WHOLE_ANSWERS:
        return WHOLE_ANSWERS[text]
    best: tuple[int, float] | None = None
    for words, rank in SCALE_WORDS.items():
        if (text == words or text.startswith(words + " ")) and (best is None or len(words) > best[0]):
            best = (len(words), rank)
    if best is None:
        return None
    rank = best[1]
    if rank not in (0, 1.5) and NEGATIVE.search(text[best[0]:]):
        # "Very dissatisfied", "Strongly disagree", "Fairly unlikely": the negative side
        return -rank
    return rank


def scale_ranks(labels: list[str]) -> list[float | None]:
    """Ranks of the answers of one item: as :func:`scale_rank`, with a two-sided scale's midpoint at 0.

    On a one-sided scale "Neither … nor" sits between "Not very" (1) and "Fairly" (2); on a two-sided
    one (an answer on the negative side) it sits between "Slightly disagree" (−1) and "Slightly agree" (1).

    >>> scale_ranks(["Slightly agree", "Neither agree nor disagree", "Slightly disagree"])
    [1, 0, -1]
    """
    ranks = [scale_rank(x) for x in labels]
    if any(r is not None and r < 0 for r in ranks):
        ranks = [0 if r == 1.5 else r for r in ranks]
    return ranks


def scale_order(labels: list[str]) -> list[str] | None:
    """The answers from the lowest to the highest point of their scale, or ``None`` when they cannot be ordered.

    >>> scale_order(["Quite confident", "Neither", "Not very confident", "Very confident"])
    ['Not very confident', 'Neither', 'Quite confident', 'Very confident']
    >>> scale_order(["Very", "Quite", "Fairly"]) is None  # two answers at one place
    True
    """
    ranks = scale_ranks(labels)
    if len(labels) < 2 or None in ranks or len(set(ranks)) != len(ranks):
        return None
    return [x for _, x in sorted(zip(ranks, labels))]


def looks_like_scale(labels: list[str]) -> bool:
    """Whether answers read like points of a scale: two (or half) of them placed by their words, or a midpoint.

    >>> looks_like_scale(["Very", "Quite", "Fairly"]), looks_like_scale(["England", "Wales"])
    (True, False)
    """
    placed = [x for x in labels if scale_rank(x) is not None]
    return len(labels) >= 2 and (len(placed) >= 2 or 2 * len(placed) >= len(labels)
                                 or any(scale_rank(x) == 1.5 for x in labels))


def unordered_scale(labels: list[str]) -> bool:
    """Whether answers look like a scale but cannot be put in order by their wording.

    >>> unordered_scale(["Very", "Quite", "Fairly"]), unordered_scale(["Very", "Not very"])
    (True, False)
    """
    return looks_like_scale(labels) and scale_order(labels) is None


def in_scale_order(labels: list[str]) -> bool:
    """Whether answers already listed as codes 1, 2 ... run from one end of their scale to the other (either way).

    >>> in_scale_order(["Not at all", "Not very", "Fairly", "Very"]), in_scale_order(["Very", "Not at all", "Fairly"])
    (True, False)
    """
    ranks = scale_ranks(labels)
    if None in ranks:
        return True  # not placed by wording: the analyst's order stands
    return ranks == sorted(ranks) or ranks == sorted(ranks, reverse=True)
