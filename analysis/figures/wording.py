"""Words for titles and labels, made from the codebook's indicator labels.

A title states the finding: "About six in ten were not confident assessing
online risk". The words come from the indicator's label in the codebook and
the share in words (:func:`analysis.figures.captions.share_phrase`); the number
itself comes from an estimate frame.

>>> finding("Not confident assessing online risk", 0.62)
'About six in ten were not confident assessing online risk'
>>> finding("No training in online risk assessment", 0.70)
'Seven in ten had no training in online risk assessment'
>>> strip_common_prefix(["Not confident assessing online risk", "Not confident helping a child harmed online"])
(['Assessing online risk', 'Helping a child harmed online'], 'Not confident')
"""

from __future__ import annotations

from typing import Sequence

from analysis.figures.captions import sentence_case, share_phrase

#: Words dropped from the end of a shared prefix ("No training in" -> "No training").
TRAILING = {"in", "of", "for", "a", "an", "the", "to", "with", "on"}


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def predicate(label: str) -> str:
    """An indicator label turned into what respondents did or were.

    >>> predicate("Would value training"), predicate("Has dealt with a case"), predicate("Not confident")
    ('would value training', 'had dealt with a case', 'were not confident')
    """
    words = label.split(" ", 1)
    first, rest = words[0], (words[1] if len(words) > 1 else "")
    if first in ("Not", "Very", "Fairly", "Confident"):
        return f"were {_lower_first(label)}"
    if first == "No":
        return f"had {_lower_first(label)}"
    if first in ("Has", "Have"):
        return f"had {rest}".strip()
    return _lower_first(label)


def finding(label: str, proportion: float) -> str:
    """A sentence-case finding: share in words, then the indicator's predicate.

    >>> finding("Would value training in online risk assessment", 0.965)
    'Nearly all would value training in online risk assessment'
    """
    return sentence_case(f"{share_phrase(proportion)} {predicate(label)}")


def strip_common_prefix(labels: Sequence[str]) -> tuple[list[str], str]:
    """Labels without the words they all start with, and that shared prefix (trailing "in", "of" ... dropped).

    One label, or labels sharing nothing, come back unchanged with an empty prefix.

    >>> strip_common_prefix(["No training in online risk assessment", "No training in helping recovery"])
    (['Online risk assessment', 'Helping recovery'], 'No training')
    >>> strip_common_prefix(["Only one"])
    (['Only one'], '')
    """
    if len(labels) < 2:
        return list(labels), ""
    split = [label.split() for label in labels]
    common = 0
    while all(len(words) > common + 1 for words in split) and len({w[common] for w in split}) == 1:
        common += 1
    if common == 0:
        return list(labels), ""
    prefix = split[0][:common]
    rests = [sentence_case(" ".join(words[common:])) for words in split]
    while prefix and prefix[-1].lower() in TRAILING:
        prefix = prefix[:-1]
    return rests, " ".join(prefix)


def lower_population(population: str) -> str:
    """A codebook population for use mid-sentence (first letter lower case unless it is a name).

    >>> lower_population("Professionals in England's children's workforce")
    "professionals in England's children's workforce"
    """
    if not population:
        return ""
    first = population.split(" ", 1)[0]
    return population if first.isupper() else _lower_first(population)


# --------------------------------------------------------------------------- titles that state numbers

#: Words that join a shared prefix to the rest of a label ("Would value training *in* ...").
_JOINERS = TRAILING


def split_labels(labels: Sequence[str]) -> tuple[str, list[str]]:
    """The words every label starts with, and each label's rest with its joining word kept.

    Unlike :func:`strip_common_prefix`, the rests keep their case and a word such as "in" that
    joins them to the prefix, so that a clause reads on: "would value training" + "in helping
    recovery".

    >>> split_labels(["Would value training in online risk assessment", "Would value training in helping recovery"])
    ('Would value training', ['in online risk assessment', 'in helping recovery'])
    >>> split_labels(["Not confident assessing online risk", "Not confident helping a child"])
    ('Not confident', ['assessing online risk', 'helping a child'])
    >>> split_labels(["No training", "Would value training"])
    ('', ['No training', 'Would value training'])
    """
    if len(labels) < 2:
        return "", list(labels)
    split = [label.split() for label in labels]
    common = 0
    while all(len(words) > common + 1 for words in split) and len({w[common] for w in split}) == 1:
        common += 1
    while common and split[0][common - 1].lower() in _JOINERS:
        common -= 1
    if common == 0:
        return "", list(labels)
    return " ".join(split[0][:common]), [" ".join(words[common:]) for words in split]


def stated_finding(labels: Sequence[str], values: Sequence[str], *, verb: bool = True) -> str:
    """One clause stating each measure's number: "62% were not confident assessing online risk and 54% helping ...".

    Labels sharing their first words say them once; ``verb=False`` leaves the shared words out
    (for a title whose topic already says them: "Not confident by profession: 62% assessing ...").

    >>> stated_finding(["Not confident assessing online risk", "Not confident helping a child harmed online"],
    ...                ["62%", "54%"])
    '62% were not confident assessing online risk and 54% helping a child harmed online'
    >>> stated_finding(["Not confident assessing online risk", "Not confident helping a child harmed online"],
    ...                ["62%", "54%"], verb=False)
    '62% assessing online risk and 54% helping a child harmed online'
    >>> stated_finding(["Would value training in helping recovery"], ["94%"])
    '94% would value training in helping recovery'
    """
    prefix, rests = split_labels(labels)
    if not prefix:
        return _joined([f"{v} {predicate(label)}" for label, v in zip(labels, values)], "; ")
    parts = [f"{v} {rest}" for v, rest in zip(values, rests)]
    if verb:
        parts[0] = f"{values[0]} {predicate(prefix)} {rests[0]}"
    return _joined(parts, ", ")


def _joined(parts: Sequence[str], sep: str) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return sep.join(parts[:-1]) + " and " + parts[-1]


def measures_title(count: int, values: Sequence[tuple[float, str]], *, published: bool = False) -> str:
    """A title true for a chart of ``count`` measures of different kinds: the range of the numbers it may state.

    ``values`` are the (proportion, text as shown) of the measures whose number may be stated;
    ``published`` says they are the published figures of a reconstructed wave.

    >>> measures_title(6, [(0.62, "62%"), (0.54, "54%"), (0.965, "96.5%")], published=False)
    'Six measures: the three that may be stated run from 54% to 96.5%'
    >>> measures_title(3, [(0.62, "62%"), (0.54, "54%"), (0.965, "96.5%")], published=True)
    'Over half on each of the three published measures, from 54% to 96.5%'
    >>> measures_title(2, [(0.2, "20%"), (0.7, "70%")])
    'Two measures, from 20% to 70%'
    """
    from analysis.figures.captions import number_in_words

    words = number_in_words(count)
    if not values:
        return sentence_case(f"{words} measures")
    low, high = min(values), max(values)
    span = f"from {low[1]} to {high[1]}" if low[1] != high[1] else f"each {low[1]}"
    kind = "published measures" if published else "measures"
    if len(values) < count:
        return sentence_case(f"{words} measures: the {number_in_words(len(values))} that may be stated run {span}")
    if low[0] > 0.5 and low[1] != "50%":
        return f"Over half on each of the {words} {kind}, {span}"
    return sentence_case(f"{words} {kind}, {span}")


def base_phrase(bases: Sequence[tuple[str, Sequence[str]]], *, by: str = "") -> str:
    """What the percentages are of, in words, from the bases drawn and the measures on each.

    ``bases`` lists (base label, labels of the measures on it) in the order drawn; ``by`` names
    the breakdown ("in each sector").

    >>> base_phrase([("all respondents", ["Not confident"])], by="sector")
    'Percentage of respondents in each sector'
    >>> base_phrase([("all respondents", ["No training in a", "No training in b"]),
    ...              ("those who answered", ["Would value training in a", "Would value training in b"])])
    'Percentage of all respondents (would value training: of those who answered)'
    >>> base_phrase([("all respondents", ["a", "b"]), ("those who answered", ["c"]), ("those trained", ["d"])])
    'Percentage of all respondents, or of the base given under the chart'
    >>> base_phrase([("those with no training in online risk assessment", ["x"]),
    ...              ("those with no training in helping recovery", ["y"])], by="sector")
    'Percentage of those with no training in online risk assessment or helping recovery, in each sector'
    """
    def who(base: str) -> str:
        if by and base == "all respondents":
            return f"respondents in each {by}"
        return f"{base}, in each {by}" if by else base

    if not bases:
        return "Percentage"
    if len(bases) == 1:
        return f"Percentage of {who(bases[0][0])}"
    prefix, rests = split_labels([b for b, _ in bases])
    if len(prefix.split()) >= 2:  # "those with no training" in X or in Y: said once, the joining word once
        first, *more = rests
        joiner = first.split(" ", 1)[0]
        more = [r.split(" ", 1)[1] if joiner.lower() in _JOINERS and r.startswith(joiner + " ") else r for r in more]
        return f"Percentage of {who(prefix + ' ' + ' or '.join([first, *more]))}"
    ranked = sorted(range(len(bases)), key=lambda k: (-len(bases[k][1]), k))
    main, others = bases[ranked[0]], [bases[k] for k in sorted(ranked[1:])]
    if len(others) > 1:  # too many to name here: the base line under the chart names each
        return f"Percentage of {who(main[0])}, or of the base given under the chart"
    said = []
    for base, measures in others:
        shared, _ = split_labels(list(measures))
        what = shared or (measures[0] if len(measures) == 1 else "")
        said.append(f"{_lower_first(what)}: of {base}" if what else f"some of {base}")
    return f"Percentage of {who(main[0])} ({'; '.join(said)})"


def overall_label(bases) -> str:
    """The label of a chart's overall row: the people it is a share of, not always "All respondents".

    ``bases`` are the base labels of the overall rows the label stands for; where they differ, the
    words they share name them.

    >>> overall_label(["all respondents"]), overall_label(["those who answered"])
    ('All respondents', 'All those who answered')
    >>> overall_label(["those with no training in online risk assessment", "those with no training in helping recovery"])
    'All those with no training'
    """
    import os

    names = [str(b).strip() for b in dict.fromkeys(bases) if str(b).strip()]
    if not names or all(b.lower() in ("all respondents", "respondents", "all") for b in names):
        return "All respondents"
    words = os.path.commonprefix([b.split() for b in names])
    while words and words[-1].lower() in ("in", "of", "for", "and", "to", "with", "the", "a", "who"):
        words = words[:-1]
    if not words or (len(words) == 1 and words[0].lower() == "those"):
        return "All in the base of each measure"
    text = " ".join(words)
    return "All " + text if not text.lower().startswith("all ") else text[:1].upper() + text[1:]
