"""Draft a single-choice question of a form tool whose "Other" box writes the typed text in the answer cell.

Microsoft Forms and Google Forms put a respondent's own words in place of the choice. Drafted
as they stand, each typed answer would become a code whose label (free text, often naming a
person or a place) is published. In those layouts an answer given by one respondent only, that
is no scale point and no missing answer, and that reads unlike the question's options
(:func:`looks_typed`: longer than them, or with digits, an apostrophe, a lower-case start,
capitalised words throughout like a name or place, or personal data) is taken as typed, and so is
an answer of any count that names someone (:func:`analysis.personal.names_someone`: a title and surname, a setting
named after a person, or personal data), since two colleagues may type the same name: the
draft leaves it out of the codes, adds an ``Other`` code (or uses the answers' own "Other ..." label) and sets ``other`` to it, so
every typed answer counts as Other at ingest (:mod:`analysis.ingest.single_other`) and no text is
ever copied. The note says how many answers were so counted and how to restore an option that
one respondent chose.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from analysis.personal import names_someone

if TYPE_CHECKING:  # pragma: no cover
    from analysis.ingest.raw import RawExport

#: Layouts whose "Other" box writes the typed text in the answer cell.
TYPED_IN_CELL = ("msforms", "googleforms")


def looks_typed(answer: str, labels: list[str]) -> bool:
    """Whether an answer given once reads like words typed into an Other box rather than one of ``labels``.

    >>> labels = ["Health", "Education"]
    >>> [looks_typed(a, labels) for a in ("Social care", "Jane Smith's nursery", "Brook Lane Surgery", "my words")]
    [False, True, True, True]
    >>> looks_typed("Managing parents' expectations", ["Online safety", "Sexting, nudes or semi-nudes"])
    True
    """
    from analysis.personal import kinds

    words = answer.split()
    longest = max((len(label.split()) for label in labels), default=3)
    return (len(words) > longest + 1 or any(ch.isdigit() for ch in answer) or "'" in answer or "\u2019" in answer
            or answer[:1].islower() or (len(words) >= 2 and all(w[:1].isupper() for w in words))
            or bool(kinds(answer)))


def typed_other(raw: "RawExport", counts: dict[str, int], *, coded: Callable, missing_kind: Callable,
                repeats: Callable) -> dict[str, Any] | None:
    """The draft of a single-choice column with typed "Other" answers (see the module docstring), or ``None``.

    ``counts`` is each answer's count; ``coded``, ``missing_kind`` and ``repeats`` are the draft's own
    rules (:func:`analysis.waves.draft._coded`, :func:`~analysis.waves.draft.missing_kind`,
    :func:`analysis.waves.freetext.repeats_like_labels` with the column's open-question flag).
    """
    from analysis.waves.scales import scale_rank

    if raw.layout not in TYPED_IN_CELL:
        return None
    repeated = [a for a, n in counts.items() if n > 1 and not names_someone(a)]
    once = [a for a, n in counts.items() if missing_kind(a) is None and scale_rank(a) is None
            and (names_someone(a) or (n == 1 and looks_typed(a, repeated)))]
    kept = {a: n for a, n in counts.items() if a not in once}
    substantive = [a for a in kept if missing_kind(a) is None]
    if not once or len(substantive) < 2 or sum(kept.values()) < 2 * len(once) or not repeats(kept):
        return None
    spec = coded(list(kept))
    if spec.get("type") != "single":
        return None  # a scale or yes/no: not a question with an Other box
    codes: dict[str, str] = spec["codes"]
    others = [k for k, label in codes.items() if label.casefold().startswith("other")]
    if len(others) == 1:
        other = others[0]
    else:
        taken = {int(k) for k in [*codes, *spec.get("missing", {})] if k.lstrip("-").isdigit()}
        other = str(next(k for k in range(len(codes) + 1, 1000) if k not in taken))
        codes[other] = "Other"
    spec["other"] = int(other)
    spec["note"] = (f"{spec.get('note', '')}; {len(once)} answer(s) given by one respondent only or naming someone "
                    "count as Other (typed into the question's Other box in place of a choice; the text is never "
                    "stored): if one is an option of the question, add it to codes").lstrip("; ")
    return spec
