"""About this survey: how it was done, what its numbers can and cannot support, how to cite it.

The text every published output opens with (the HTML report, the workbook's cover and notes,
and any office document), built from the codebook's ``[wave]`` table alone so that each output
says the same thing. It follows the "strengths and limitations" and "cite this" sections of the
Office for National Statistics' statistical bulletins: a few plain paragraphs under fixed headings.

``[wave]`` keys read here: ``sampling`` (one of :data:`analysis.sampling.SAMPLING`; unset means the codebook does
not say), ``recruitment`` (a sentence: how respondents came to answer), ``population``,
``period``, ``source``, ``title``, ``published``, ``provenance``, ``citation`` (the suggested
citation, used as written) and ``contact`` (who answers questions, with an address).

>>> from analysis.codebook import WaveInfo
>>> w = WaveInfo(name="demo", title="Staff survey 2020", source="Example Trust", published="2020-05-01",
...              sampling="self-selected", recruitment="An open online link was sent to every team.",
...              contact="Survey team, survey@example.org")
>>> [h for h, _ in about_sections(w)]
['About this survey', 'How respondents were recruited', 'Who could answer', 'Strengths and limitations', 'What the numbers can and cannot support', 'How to cite these figures', 'Contact']
>>> suggested_citation(w)
'Example Trust (2020). Staff survey 2020. Published 1 May 2020.'
>>> interval_caveat(w).startswith("Intervals cover sampling error only")
True
>>> interval_caveat(WaveInfo(name="p", sampling="probability"))
''

References
----------
Office for National Statistics, statistical bulletins: sections "Strengths and limitations" and
"Cite this statistical bulletin" (for example, "Crime in England and Wales", ons.gov.uk).

American Association for Public Opinion Research (2016). *AAPOR Guidance on Reporting Precision
for Nonprobability Samples* (22 April 2016), which follows the 2015 change to the AAPOR Code allowing
measures of precision for nonprobability samples only when the model and its assumptions are
described; and AAPOR (2012), *Understanding a "credibility interval" and how it differs from the
"margin of sampling error" in a public opinion poll*: "estimates from self-selected volunteers are
subject to unknown error that cannot be measured".
"""

from __future__ import annotations

import re
from typing import Any

from analysis.sampling import NON_PROBABILITY, interval_caveat, is_non_probability, sampling_of

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+|https?://\S+|\bwww\.[\w-]+(\.[\w-]+)+\S*")


def _wave(source: Any):
    """The ``WaveInfo`` of a codebook, or the ``WaveInfo`` itself."""
    return getattr(source, "wave", source)


def _date(iso: str) -> str:
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", str(iso or ""))
    if not m or not 1 <= int(m.group(2)) <= 12:
        return str(iso or "")
    return f"{int(m.group(3))} {_MONTHS[int(m.group(2)) - 1]} {m.group(1)}"


def _lower(text: str) -> str:
    """``text`` with a capital first letter lowered, unless it opens an abbreviation ("LSCB")."""
    return text[0].lower() + text[1:] if text[:2] != text[:2].upper() else text


def _sentence(text: str) -> str:
    text = " ".join(str(text).split())
    return text if not text or text[-1] in ".!?" else text + "."


def respondents_phrase(source: Any, n: int | None = None) -> str:
    """Whom a finding speaks of: "respondents" for a sample that is not a probability sample.

    >>> from analysis.codebook import WaveInfo
    >>> respondents_phrase(WaveInfo(name="d", sampling="self-selected"), 692)
    'of the 692 respondents'
    >>> respondents_phrase(WaveInfo(name="d", sampling="probability", population="Teachers in Wales"))
    'of teachers in Wales'
    """
    w = _wave(source)
    if is_non_probability(w) or not w.population:
        return f"of the {n:,} respondents" if n else "of respondents"
    return "of " + _lower(w.population)


def suggested_citation(source: Any) -> str:
    """How to cite the wave's figures: ``[wave] citation`` as written, else one built from the codebook.

    The built form is "<source> (<year>). <title>. Published <date>." with the parts the codebook has.
    """
    w = _wave(source)
    own = getattr(w, "citation", "") or ""
    if own:
        return _sentence(own)
    year = str(w.published or "")[:4]
    who = w.source or "Unknown author"
    parts = [f"{who} ({year})." if year else f"{who}."]
    if w.title:
        parts.append(_sentence(w.title))
    if w.published:
        parts.append(f"Published {_date(w.published)}.")
    return " ".join(parts)


def about_sections(source: Any, *, respondents: int | None = None) -> list[tuple[str, list[str]]]:
    """The "About this survey" text as (heading, paragraphs) pairs, in reading order.

    Parameters
    ----------
    source : Codebook or WaveInfo
        The wave's codebook (its ``wave``) or its ``WaveInfo``.
    respondents : int, optional
        How many answered, stated in the first paragraph when given.

    Returns
    -------
    list of (str, list of str)
        Headings: "About this survey", "How respondents were recruited", "Who could answer",
        "Strengths and limitations", "What the numbers can and cannot support",
        "How to cite these figures", "Contact". Every paragraph is plain text (no markup).
    """
    w = _wave(source)
    sampling = sampling_of(w)
    non_prob = sampling in NON_PROBABILITY
    invented = getattr(w, "provenance", "real") != "real"
    reconstructed = getattr(w, "provenance", "real") == "reconstructed"
    count = f"{respondents:,} people answered" if respondents else "The number who answered is in the tables"
    kind = {"self-selected": "a self-selected (non-probability) sample: whoever chose to answer",
            "quota": "a quota (non-probability) sample",
            "probability": "a probability sample: every member of the population had a known chance of selection",
            "census": "a census: every member of the population was asked",
            "": "a sample whose selection the codebook does not describe"}[sampling]
    opening = [_sentence(" ".join(p for p in (
        w.title and f"{w.title}.", w.source and f"Carried out by {w.source}.",
        w.period and f"Fieldwork: {w.period}.") if p)) or "A survey."]
    opening.append(f"{count}. The respondents are {kind}.")
    if invented:
        opening.append("The responses behind these outputs are not the survey's own: "
                       + ("they were generated to match the survey's published figures. Only the published "
                          "figures are the survey's results; every other number is invented to show the method."
                          if reconstructed else "they are illustrative, generated for demonstration; "
                          "no number here is a finding."))
    recruitment = [_sentence(w.recruitment)] if getattr(w, "recruitment", "") else [
        "The codebook does not say how respondents were recruited."]
    if non_prob:
        who = [f"Anyone who received or saw the invitation could answer"
               f"{' (the survey was aimed at ' + _lower(w.population.rstrip('.')) + ')' if w.population else ''}. "
               "No list of the population was sampled from, so it is not known how many received the "
               "invitation or who chose not to answer, and no response rate can be calculated."]
    elif sampling in ("probability", "census"):
        who = [f"{'Those selected from' if sampling == 'probability' else 'Every member of'} the population"
               f"{': ' + w.population.rstrip('.') if w.population else ''}."]
    else:
        who = [f"The survey was aimed at: {w.population.rstrip('.')}." if w.population
               else "The codebook does not say who could answer."]
    strengths = []
    if respondents:
        strengths.append(f"Strengths: the same questions were put to {respondents:,} people at one time"
                         f"{' (' + w.period + ')' if w.period else ''}, across the groups the survey was sent to.")
    else:
        strengths.append("Strengths: the same questions were put to every respondent at one time.")
    if non_prob:
        strengths.append("Limitations: respondents chose themselves. People with more interest in the topic, "
                         "or more concern about it, may have been more likely to answer, so the percentages may "
                         "differ from those of the whole workforce or population in a direction and by an "
                         "amount that cannot be measured. " + interval_caveat(w))
    elif sampling == "probability":
        strengths.append("Limitations: intervals cover sampling error; those who were selected and did not "
                         "answer may differ from those who did.")
    elif sampling == "census":
        strengths.append("Limitations: everyone was asked, so there is no sampling error; those who did not "
                         "answer may differ from those who did.")
    else:
        strengths.append("Limitations: without a description of how respondents were selected, the intervals "
                         "cannot be read as covering more than sampling error for a random sample.")
    if reconstructed:
        strengths.append("Percentages by group in these outputs are invented; the survey published none, "
                         "so differences between groups cannot be judged from it.")
    support = []
    subject = respondents_phrase(w, respondents)
    if non_prob:
        support.append(f"Can: say what share {subject} gave each answer, on the base stated beside it.")
        support.append("Cannot: say what share of the whole population would give that answer, nor how far "
                       "apart two groups of that population are; write \"x% of respondents\", not \"x% of "
                       "the population\".")
    else:
        support.append(f"Can: estimate the share {subject} giving each answer, within the interval shown "
                       "(sampling error only).")
    if invented:
        support.append("Cannot: compare groups. No test of a difference between groups is shown, because the "
                       "group figures are invented; the published figures leave each group's share open "
                       "(the ranges the published figures allow are shown with the reproduction).")
    cite = [suggested_citation(w)]
    contact = getattr(w, "contact", "") or ""
    if contact:
        contact_lines = [_sentence(contact)]
        if not _ADDRESS.search(contact):
            contact_lines.append("No address (e-mail or web) is given in the codebook.")
    else:
        contact_lines = ["The codebook names no contact."]
    return [
        ("About this survey", opening),
        ("How respondents were recruited", recruitment),
        ("Who could answer", who),
        ("Strengths and limitations", strengths),
        ("What the numbers can and cannot support", support),
        ("How to cite these figures", cite),
        ("Contact", contact_lines),
    ]
