"""What every number of a wave is: published, derived from published figures, invented, or observed.

A reconstructed wave (``data/raw/<wave>/published_figures.toml`` beside a codebook whose
provenance is not ``real``) mixes three kinds of number in the same frames:

``published``
    the recomputed figure is a registry claim (same item, codes and base), so at the claim's
    published precision it is the published number: "96.5%" on those who answered.
``derived``
    follows arithmetically from published figures alone: the complement of a published
    share on a base that leaves out every non-answer (3.5% would not value training), or
    a count's share of a published total (10 of 692 outside the three sectors).
``invented``
    fixed by the generator: every subgroup breakdown, every association between two items
    (a base that selects on another item), the points of a scale and its don't-know and
    no-answer shares, shares on bases whose non-answers were never published, and items
    never published at all.

A real wave's numbers are all ``observed``. A wave that is not real and has no registry was
generated for demonstration with nothing published to check against: its numbers are all
``illustrative``, the wave's note says so on every output, and no number is marked one by one.

The class is computed once, here, from the registry and the codebook, and carried by the
``tables`` stage as three columns of every frame (:data:`COLUMNS`); figures and reports
read it and never decide it.

>>> from analysis.codebook import parse_codebook
>>> from analysis.reproduction.registry import parse_registry
>>> import pandas as pd
>>> cb = parse_codebook('''
... [wave]
... name = "demo"
... provenance = "reconstructed"
... [files]
... data = "x.csv"
... [id]
... column = "id"
... [items.value]
... column = "Q1"
... type = "yesno"
... codes = { 1 = "Yes", 2 = "No" }
... missing = { 9 = "no_answer" }
... [indicators.would]
... item = "value"
... codes = [1]
... label = "Would value training"
... base = "answered"
... [indicators.would_not]
... item = "value"
... codes = [2]
... label = "Would not value training"
... base = "answered"
... ''')
>>> claims = parse_registry('''
... [[claims]]
... id = "v"
... finding = "v"
... measure = "would value"
... statistic = "percent"
... indicator = "would"
... value = 96.5
... precision = 1
... rounding = "rounded"
... base = "answered"
... source = "The charity's summary"
... date = "2014-01-28"
... status = "canonical"
... ''')
>>> est = pd.DataFrame({"indicator": ["would", "would_not", "would"], "base_name": "answered",
...                     "by": ["overall", "overall", "sector"], "group": ["All", "All", "Health"]})
>>> classify_estimates(est, cb, claims)[["number_class", "published_decimals"]].values.tolist()
[['published', 1], ['derived', 1], ['invented', -1]]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Sequence

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from analysis.codebook import Codebook
    from analysis.reproduction.registry import Claim

PUBLISHED, DERIVED, INVENTED, OBSERVED = "published", "derived", "invented", "observed"
#: A wave wholly generated for demonstration, with no published figures to check against: its
#: note says so on every output, and its numbers carry no mark one by one.
ILLUSTRATIVE = "illustrative"
CLASSES = (PUBLISHED, DERIVED, INVENTED, OBSERVED, ILLUSTRATIVE)
#: Classes that carry no mark in the outputs.
UNMARKED = ("", OBSERVED, ILLUSTRATIVE)
#: Columns added to every frame of the table set: the class, what it rests on in words, and the
#: decimals the number was published to (-1 when it was not published or derived).
COLUMNS = ("number_class", "number_basis", "published_decimals")

#: The kinds of invented number, in the order a caveat names them.
BREAKDOWN = "every breakdown by a subgroup"
ASSOCIATION = "every association between two items (a share among those who gave some other answer)"
SCALE_POINT = "the points of each answer scale, and its don't-know and no-answer shares"
UNPUBLISHED_BASE = "shares on a base that leaves out non-answers whose number was never published"
NEVER_PUBLISHED = "items never published"
TEST = "tests and comparisons between subgroups"
KINDS = (BREAKDOWN, ASSOCIATION, SCALE_POINT, UNPUBLISHED_BASE, NEVER_PUBLISHED, TEST)


@dataclass(frozen=True)
class Mark:
    """The class of one number and what it rests on."""

    number_class: str
    basis: str
    decimals: int = -1


#: Classes of number a finding, headline or title may state (``observed``: a real wave's).
STATED = (PUBLISHED, DERIVED, OBSERVED, ILLUSTRATIVE)


def is_stated(number_class) -> bool:
    """Whether a number of this class may be stated as a finding or title: not one a reconstruction invented.

    A missing class (frames written before classes existed, or hand-made) counts as stated.

    >>> is_stated("invented"), is_stated("published"), is_stated(""), is_stated(None)
    (False, True, True, True)
    """
    return not isinstance(number_class, str) or number_class in ("", *STATED)


def _source(claim: "Claim") -> str:
    from analysis.reproduction.readable import outlet_and_date

    return f"{claim.printed} ({outlet_and_date(claim.source, claim.date)})"


def _rank(claim: "Claim") -> tuple:
    """Canonical first, then a figure before a bound, then the most decimals."""
    return (claim.status != "canonical", claim.rounding == "more_than", -claim.precision)


def _percent_claims(codebook: "Codebook", claims: Iterable["Claim"]) -> dict[tuple, list["Claim"]]:
    """(item, frozenset of codes, base) -> the non-misprint percent claims on it."""
    out: dict[tuple, list] = {}
    for c in claims:
        if c.statistic != "percent" or c.status == "misprint" or c.indicator not in codebook.indicators:
            continue
        ind = codebook.indicators[c.indicator]
        out.setdefault((ind.item, frozenset(ind.codes), c.base), []).append(c)
    return {k: sorted(v, key=_rank) for k, v in out.items()}


def _overall_mark(codebook: "Codebook", published: dict, item: str, codes: Sequence, base_name: str) -> Mark:
    key = (item, frozenset(codes), base_name)
    if key in published:
        claim = published[key][0]
        return Mark(PUBLISHED, "published: " + _source(claim), claim.precision)
    it = codebook.items.get(item)
    base = codebook.bases.get(base_name)
    if it is not None and base is not None and not base.where:
        # The complement of a published share on a base that leaves out every non-answer.
        every_missing = {m.kind for m in it.missing.values()} <= set(base.excludes)
        rest = frozenset(it.codes) - frozenset(codes)
        other = published.get((item, rest, base_name))
        if every_missing and rest and other and frozenset(codes) <= frozenset(it.codes):
            claim = other[0]
            if claim.rounding != "more_than":
                return Mark(DERIVED, f"derived: 100% minus the published {_source(claim)}", claim.precision)
    if base is not None and any(k not in (item,) for k in base.where):
        return Mark(INVENTED, "invented: " + ASSOCIATION)
    if any(k[0] == item for k in published):
        return Mark(INVENTED, "invented: " + UNPUBLISHED_BASE)
    return Mark(INVENTED, "invented: " + NEVER_PUBLISHED)


def _frame_with(frame: "pd.DataFrame", marks: list[Mark]) -> "pd.DataFrame":
    return frame.assign(number_class=[m.number_class for m in marks], number_basis=[m.basis for m in marks],
                        published_decimals=[m.decimals for m in marks])


def classify_estimates(frame: "pd.DataFrame", codebook: "Codebook", claims: Sequence["Claim"]) -> "pd.DataFrame":
    """An estimate frame (``indicator``, ``base_name``, ``by``) with the :data:`COLUMNS` added."""
    published = _percent_claims(codebook, claims)
    marks = []
    for ind_name, base_name, by in zip(frame["indicator"], frame["base_name"], frame["by"]):
        if by != "overall":
            marks.append(Mark(INVENTED, "invented: " + BREAKDOWN))
            continue
        ind = codebook.indicators.get(ind_name)
        if ind is None:
            marks.append(Mark(INVENTED, "invented: " + NEVER_PUBLISHED))
            continue
        marks.append(_overall_mark(codebook, published, ind.item, ind.codes, base_name))
    return _frame_with(frame, marks)


def classify_distributions(frame: "pd.DataFrame", codebook: "Codebook", claims: Sequence["Claim"]) -> "pd.DataFrame":
    """A distribution frame (``indicator`` = item, ``category`` = label) with the :data:`COLUMNS` added.

    A category's share is derived when its count and the base total were both published
    (a count claim on the item and code, and the number of respondents on the same base).
    """
    totals = {c.base: c for c in claims if c.statistic == "respondents" and c.status != "misprint"}
    counted = {}
    for c in claims:
        if c.statistic == "count" and c.status != "misprint" and len(c.codes) == 1 and c.item in codebook.items:
            label = codebook.items[c.item].codes.get(c.codes[0])
            counted[(c.item, label, c.base)] = c
    # items with a published share of some of their answers (the confidence scales behind "62% not confident")
    reported = {codebook.indicators[c.indicator].item for c in claims
                if c.statistic == "percent" and c.indicator in codebook.indicators} | {k[0] for k in counted}
    marks = []
    for item, category, base_name, by in zip(frame["indicator"], frame["category"], frame["base_name"], frame["by"]):
        if by != "overall":
            marks.append(Mark(INVENTED, "invented: " + BREAKDOWN))
        elif (item, category, base_name) in counted and base_name in totals:
            c, n = counted[(item, category, base_name)], totals[base_name]
            marks.append(Mark(DERIVED, f"derived: {c.printed} of {n.printed} ({c.source}; {n.source})", 0))
        elif any(k[0] == item for k in counted):
            marks.append(Mark(INVENTED, "invented: " + UNPUBLISHED_BASE))
        else:
            marks.append(Mark(INVENTED, "invented: " + (SCALE_POINT if item in reported else NEVER_PUBLISHED)))
    return _frame_with(frame, marks)


def classify_tests(frame: "pd.DataFrame") -> "pd.DataFrame":
    """Tests of independence and pairwise comparisons: all invented in a reconstruction."""
    return _frame_with(frame, [Mark(INVENTED, "invented: " + TEST)] * len(frame))


def observed(frame: "pd.DataFrame", number_class: str = OBSERVED) -> "pd.DataFrame":
    """A real wave's frame: every number observed, nothing marked (or ``illustrative``, likewise unmarked)."""
    return _frame_with(frame, [Mark(number_class, "")] * len(frame))


def classify(frames: dict[str, "pd.DataFrame"], codebook: "Codebook",
             claims: Sequence["Claim"] | None) -> dict[str, "pd.DataFrame"]:
    """Every frame of a table set with the :data:`COLUMNS` added.

    Parameters
    ----------
    frames : dict
        ``estimates``, ``distributions``, ``tests``, ``pairwise`` (any subset).
    codebook : Codebook
        The wave's codebook; a ``real`` wave's numbers are all observed.
    claims : sequence of Claim or None
        The wave's published-figures registry; ``None`` or empty for none (then a wave
        that is not real is ``illustrative`` throughout).
    """
    out = {}
    real = not codebook.wave.is_reconstructed
    for name, frame in frames.items():
        if real:
            out[name] = observed(frame)
        elif not claims:
            out[name] = observed(frame, ILLUSTRATIVE)
        elif name == "estimates":
            out[name] = classify_estimates(frame, codebook, claims or ())
        elif name == "distributions":
            out[name] = classify_distributions(frame, codebook, claims or ())
        else:
            out[name] = classify_tests(frame)
    return out


def wave_claims(wave: str, paths, codebook: "Codebook") -> list["Claim"] | None:
    """The wave's registry claims, or ``None`` when it has no ``published_figures.toml``."""
    from analysis.reproduction.registry import REGISTRY_NAME, load_registry

    path = paths.wave_dir(wave) / REGISTRY_NAME
    return load_registry(path, codebook=codebook) if path.is_file() else None


def invented_kinds(frames: Iterable["pd.DataFrame"]) -> list[str]:
    """The kinds of invented number the frames hold, in :data:`KINDS` order (for the caveat)."""
    found = set()
    for frame in frames:
        if frame is None or "number_class" not in frame.columns:
            continue
        basis = frame.loc[frame["number_class"] == INVENTED, "number_basis"].astype(str)
        found |= {b.removeprefix("invented: ") for b in basis}
    return [k for k in KINDS if k in found]


def caveat(kinds: Sequence[str]) -> str:
    """The sentence naming exactly which kinds of number are invented ("" when none).

    >>> caveat([BREAKDOWN, NEVER_PUBLISHED])
    'Invented by the reconstruction, not published: every breakdown by a subgroup; items never published. Marked "invented" wherever they appear.'
    """
    if not kinds:
        return ""
    return ("Invented by the reconstruction, not published: " + "; ".join(kinds)
            + '. Marked "invented" wherever they appear.')
