"""How a wave's respondents were selected, and what that lets its intervals claim.

The codebook's ``[wave] sampling`` names the selection (:data:`SAMPLING`). A self-selected or quota
sample is not a probability sample: its percentages describe respondents, and an interval computed
as if it were a random sample covers sampling error only. This module words that once, for every
output (figures, tables, the report, office documents); it imports nothing from the toolkit, so any
module may use it. :mod:`analysis.report.about` builds the "About this survey" text on it.

References
----------
American Association for Public Opinion Research (2016). *AAPOR Guidance on Reporting Precision
for Nonprobability Samples* (22 April 2016).
"""

from __future__ import annotations

import re
from typing import Any

#: How respondents were selected, as the codebook's ``[wave] sampling`` names it.
SAMPLING = ("self-selected", "probability", "quota", "census")
#: Samples whose intervals describe sampling error only (no known chance of selection).
NON_PROBABILITY = ("self-selected", "quota")

#: The guidance the interval wording follows, cited wherever the caveat is shown.
AAPOR_GUIDANCE = ("American Association for Public Opinion Research (AAPOR), Guidance on Reporting Precision "
                  "for Nonprobability Samples (2016)")


_CI = re.compile(r"\b(\d+(?:\.\d+)?% (?:CI|confidence intervals?))(?! \(sampling error only\)|, sampling error only)")


def _wave(source: Any):
    """The ``WaveInfo`` of a codebook, or the ``WaveInfo`` itself."""
    return getattr(source, "wave", source)


def sampling_of(source: Any) -> str:
    """The wave's sampling (one of :data:`SAMPLING`), or ``""`` when the codebook does not say."""
    return getattr(_wave(source), "sampling", "") or ""


def is_non_probability(source: Any) -> bool:
    """True for a self-selected or quota sample: its percentages describe respondents only."""
    return sampling_of(source) in NON_PROBABILITY


def interval_caveat(source: Any) -> str:
    """One sentence saying what an interval covers, for a sample that is not a probability sample.

    Empty for a probability sample, a census or a wave whose sampling is not stated.
    """
    if not is_non_probability(source):
        return ""
    return ("Intervals cover sampling error only: they are computed as if respondents were a random sample, "
            "which they were not, and say nothing about how those who chose to answer differ from those who "
            f"did not (following the {AAPOR_GUIDANCE}).")


def label_intervals(text: str, source: Any) -> str:
    """``text`` with each "95% CI" or "95% confidence interval(s)" labelled as covering sampling error only.

    Unchanged for a probability sample, a census or a wave whose sampling is not stated.

    >>> from analysis.codebook import WaveInfo
    >>> label_intervals("62% (95% CI: 58% to 66%)", WaveInfo(name="d", sampling="self-selected"))
    '62% (95% CI (sampling error only): 58% to 66%)'
    >>> label_intervals("Error bars show 95% confidence intervals.", WaveInfo(name="d", sampling="probability"))
    'Error bars show 95% confidence intervals.'
    """
    if not is_non_probability(source):
        return text
    return _CI.sub(r"\1 (sampling error only)", text)
