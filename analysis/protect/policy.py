"""Disclosure-control policies: a named, documented setting in ``data/raw/<wave>/report.toml``.

::

    [disclosure]
    policy = "sample-survey"   # or "strict"
    threshold = 10

``sample-survey`` (the default)
    For tables from a sample survey. Sampling itself protects respondents: an intruder
    does not know who was sampled, and a small count among the sampled is not a small
    count in the population. So, as the UK Government Statistical Service's guidance on
    disclosure control for tables produced from surveys recommends, estimates are
    published where they rest on an adequate unweighted base, and a group whose
    unweighted base is below the threshold is not published (its percentage, count and
    base are withheld, with secondary suppression so that the group cannot be worked out
    from the other groups and the total).
``strict``
    For censuses, administrative counts and any wave whose respondents could be
    identified from a small count. No count below the threshold, and no rest of a base
    below it, may be recovered from anything published: by subtraction of totals and
    bases, or from a percentage and its base. Cells (not whole groups) are withheld;
    where secondary suppression must withhold more, missing-answer categories (don't
    know, no answer) go first, then the adjacent scale point (the two combined, their sum
    published as the indicator that adds them up), and only then another answer. A
    linear-programming audit checks the result across every table of the wave: scale categories to the indicators that
    add them up, an indicator's count to the base it defines, one base's n across
    indicators, and the base of those who answered to the base of all respondents (their
    difference, the people who did not answer, is a count like any other).

Zeros: under ``strict`` a zero cell is a cell below the threshold like any other
(it says that nobody in the group gave the answer: a group disclosure, Hundepool et al.
2024, section 5.2); a zero in a large group under ``sample-survey`` is not by itself a
reason to withhold that group, as a zero in a sample does not say that nobody in the
population gave the answer.

References
----------
Government Statistical Service (GSS), *Disclosure control guidance for tables produced
from surveys* (Government Analysis Function, ONS).
Hundepool, A. et al. (2024). *Handbook on Statistical Disclosure Control*, 2nd ed.,
chapter 5 (frequency tables: threshold rule, secondary suppression, audits).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from analysis.config import Paths

REPORT_CONFIG = "report.toml"
DEFAULT_THRESHOLD = 10
DEFAULT_POLICY = "sample-survey"
REFERENCES = ("GSS, Disclosure control guidance for tables produced from surveys",
              "Hundepool et al. (2024), Handbook on Statistical Disclosure Control, 2nd ed., chapter 5")


@dataclass(frozen=True)
class Policy:
    """A disclosure-control policy: its name, threshold and the rule of :func:`analysis.protect.plan.plan`.

    >>> Policy("strict", 10).rule, Policy("sample-survey", 10).rule
    ('cells', 'bases')
    """

    name: str = DEFAULT_POLICY
    threshold: int = DEFAULT_THRESHOLD

    @property
    def rule(self) -> str:
        return "cells" if self.name == "strict" else "bases"

    def describe(self) -> str:
        """One sentence for the methods notes: the policy, its threshold and its reference.

        >>> Policy("strict", 10).describe()[:40]
        'Disclosure control policy "strict" (thre'
        """
        if self.name == "strict":
            what = (f"no count below {self.threshold}, and no rest of a base below it, can be worked out from "
                    "anything published, by subtraction or from a percentage and its base, nor the number who did "
                    "not answer a question; where more must be withheld to stop a subtraction, \"don't know\" and "
                    "\"no answer\" counts go first, then adjacent scale points are combined, and only then is "
                    "another answer withheld")
            ref = REFERENCES[1]
        else:
            what = (f"estimates are published only on unweighted bases of at least {self.threshold}; a smaller "
                    "group is withheld, with further groups withheld so that it cannot be worked out; a zero in a "
                    "large group is published")
            ref = f"{REFERENCES[0]}; {REFERENCES[1]}"
        return f'Disclosure control policy "{self.name}" (threshold {self.threshold}): {what} (after {ref}).'


POLICIES = ("sample-survey", "strict")


def policy_for(wave: str, paths: "Paths") -> Policy:
    """The wave's policy from ``report.toml`` ``[disclosure]`` (``sample-survey``, threshold 10, when absent).

    Examples
    --------
    >>> from pathlib import Path
    >>> from analysis.config import Paths
    >>> policy_for("no-such-wave", Paths(Path("/nonexistent")))
    Policy(name='sample-survey', threshold=10)
    """
    import tomllib

    from analysis.errors import InputError

    from analysis.inside import check_inside

    path = paths.wave_dir(wave) / REPORT_CONFIG
    check_inside(path, what="a settings file", root=paths.root)
    if not path.is_file():
        return Policy()
    try:
        section = tomllib.loads(path.read_text(encoding="utf-8")).get("disclosure", {})
    except tomllib.TOMLDecodeError as exc:
        raise InputError.single(str(path), f"valid TOML ({exc})") from None
    value = section.get("threshold", DEFAULT_THRESHOLD)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise InputError.single(str(path), "a whole number of at least 1 (at 'disclosure.threshold')",
                                found=str(value))
    name = section.get("policy", DEFAULT_POLICY)
    if name not in POLICIES:
        raise InputError.single(str(path), "one of " + ", ".join(f'"{p}"' for p in POLICIES)
                                + " (at 'disclosure.policy')", found=str(name))
    return Policy(name, value)
