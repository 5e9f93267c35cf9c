"""The published-figures registry: one entry per published claim, and how to check a number against it.

A wave that reproduces published figures keeps them in
``data/raw/<wave>/published_figures.toml`` as ``[[claims]]`` entries (the file's
header comment documents the fields). :func:`load_registry` reads and checks it
against the wave's codebook; :func:`printed_value` and :func:`matches` say what a
recomputed percentage looks like at a claim's published precision and whether it
agrees with the printed figure.

Rounding rules
--------------
``exact``
    a count: the recomputed count must equal it.
``rounded``
    half up at ``precision`` decimals (95.52 -> 95.5 at one decimal, 96 at none).
``truncated``
    digits beyond ``precision`` cut off (95.52 -> 95 at none).
``more_than``
    a lower bound ("more than half"): the recomputed value must exceed it.

>>> matches(61.99, 62, precision=0, rounding="rounded")
True
>>> matches(95.52, 95, precision=0, rounding="rounded"), matches(95.52, 95, precision=0, rounding="truncated")
(False, True)
>>> matches(54.05, 50, precision=0, rounding="more_than")
True
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis.errors import InputError, Problem

if TYPE_CHECKING:  # pragma: no cover
    from analysis.codebook import Codebook

REGISTRY_NAME = "published_figures.toml"
STATISTICS = ("respondents", "count", "percent")
ROUNDINGS = ("exact", "rounded", "truncated", "more_than")
STATUSES = ("canonical", "variant", "misprint", "derived")
#: Statuses whose figure must hold: the published figure the toolkit stands behind, and one that
#: follows from published figures alone.
MUST_HOLD = ("canonical", "derived")
#: Digits kept from a floating-point percentage before rounding it, so that 62.5 computed as
#: 62.49999999999999 still rounds half up.
GUARD_DIGITS = 9


@dataclass(frozen=True)
class Claim:
    """One published figure."""

    id: str
    finding: str
    measure: str
    statistic: str
    value: float
    precision: int
    rounding: str
    base: str
    source: str
    date: str
    status: str
    wording: str = ""
    indicator: str = ""
    item: str = ""
    codes: tuple[int | str, ...] = ()
    note: str = ""

    @property
    def printed(self) -> str:
        """The figure as published, e.g. ``"96.5%"``, ``"more than 50%"``, ``"692"``."""
        number = f"{self.value:.{self.precision}f}"
        if self.statistic == "percent":
            number += "%"
        return f"more than {number}" if self.rounding == "more_than" else number


def printed_value(value: float, *, precision: int, rounding: str) -> Decimal:
    """A recomputed value as it would be printed under a claim's rule.

    Parameters
    ----------
    value : float
        The recomputed percentage (or count).
    precision : int
        Decimals printed.
    rounding : {"exact", "rounded", "truncated", "more_than"}
        ``rounded`` rounds half up, ``truncated`` cuts the digits off; ``exact`` and
        ``more_than`` round half up too (for display).

    Returns
    -------
    decimal.Decimal

    Examples
    --------
    >>> printed_value(81.0693641618497, precision=1, rounding="rounded")
    Decimal('81.1')
    >>> printed_value(95.5202312138728, precision=0, rounding="truncated")
    Decimal('95')
    >>> printed_value(62.5, precision=0, rounding="rounded")
    Decimal('63')
    """
    if rounding not in ROUNDINGS:
        raise ValueError(f"rounding must be one of {', '.join(ROUNDINGS)}, not {rounding!r}")
    exact = Decimal(repr(round(float(value), GUARD_DIGITS)))
    step = Decimal(1).scaleb(-precision)
    return exact.quantize(step, rounding=ROUND_DOWN if rounding == "truncated" else ROUND_HALF_UP)


def matches(value: float, published: float, *, precision: int, rounding: str) -> bool:
    """Whether a recomputed value agrees with a published one under the claim's rule.

    Examples
    --------
    >>> matches(96.4963503649635, 96.5, precision=1, rounding="rounded")
    True
    >>> matches(95.5202312138728, 96.5, precision=1, rounding="rounded")
    False
    >>> matches(692, 629, precision=0, rounding="exact")
    False
    """
    if rounding == "more_than":
        return float(value) > float(published)
    if rounding == "exact":
        return float(value) == float(published)
    return printed_value(value, precision=precision, rounding=rounding) == Decimal(repr(float(published))).quantize(
        Decimal(1).scaleb(-precision))


def _claim(raw: Any, index: int, source: str, problems: list[Problem]) -> Claim | None:
    where = f"claims[{index}]"

    def bad(field: str, expected: str, found: Any = None) -> None:
        problems.append(Problem(source, None, [], f"{expected} (at '{where}.{field}')",
                                None if found is None else str(found)))

    if not isinstance(raw, dict):
        bad("", "a table", raw)
        return None
    required = ("id", "finding", "measure", "statistic", "value", "precision", "rounding", "base", "source",
                "date", "status")
    for key in required:
        if key not in raw:
            bad(key, "a value")
    if any(key not in raw for key in required):
        return None
    for key, choices in (("statistic", STATISTICS), ("rounding", ROUNDINGS), ("status", STATUSES)):
        if raw[key] not in choices:
            bad(key, "one of " + ", ".join(choices), raw[key])
    if not isinstance(raw["value"], (int, float)) or isinstance(raw["value"], bool):
        bad("value", "a number", raw["value"])
    if not isinstance(raw["precision"], int) or raw["precision"] < 0:
        bad("precision", "a whole number of decimals", raw["precision"])
    if raw["statistic"] == "percent" and not raw.get("indicator"):
        bad("indicator", "an indicator for a percent claim")
    if raw["statistic"] == "count" and not (raw.get("item") and raw.get("codes")):
        bad("item", "an item and its codes for a count claim")
    return Claim(
        id=str(raw["id"]), finding=str(raw["finding"]), measure=str(raw["measure"]),
        statistic=str(raw["statistic"]), value=raw["value"], precision=raw["precision"],
        rounding=str(raw["rounding"]), base=str(raw["base"]), source=str(raw["source"]),
        date=str(raw["date"]), status=str(raw["status"]), wording=str(raw.get("wording", "")),
        indicator=str(raw.get("indicator", "")), item=str(raw.get("item", "")),
        codes=tuple(raw.get("codes", ())), note=str(raw.get("note", "")),
    )


def parse_registry(text: str, *, source: str = REGISTRY_NAME, codebook: "Codebook | None" = None) -> list[Claim]:
    """Parse registry TOML; every problem is raised together as an :class:`InputError`.

    With ``codebook``, each claim's indicator, item, codes and base must exist in it.

    >>> claims = parse_registry('''
    ... [[claims]]
    ... id = "n"
    ... finding = "n"
    ... measure = "respondents"
    ... statistic = "respondents"
    ... value = 692
    ... precision = 0
    ... rounding = "exact"
    ... base = "all"
    ... source = "press"
    ... date = "2014-01-28"
    ... status = "canonical"
    ... ''')
    >>> claims[0].printed, claims[0].status
    ('692', 'canonical')
    """
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError.single(source, "valid TOML", found=str(exc)) from None
    problems: list[Problem] = []
    raw_claims = data.get("claims")
    if not isinstance(raw_claims, list) or not raw_claims:
        raise InputError.single(source, "one or more [[claims]] entries")
    claims = [c for i, raw in enumerate(raw_claims) if (c := _claim(raw, i, source, problems)) is not None]
    seen: set[str] = set()
    for claim in claims:
        if claim.id in seen:
            problems.append(Problem(source, None, [], f"a unique id (at claim '{claim.id}')", claim.id))
        seen.add(claim.id)
        if codebook is not None:
            problems += _check_against(claim, codebook, source)
    if problems:
        raise InputError(problems)
    return claims


def _close(name: str, candidates) -> str:
    """``name``, with a ``did you mean`` hint when a candidate is close."""
    from analysis.suggest import suggest

    hint = suggest(str(name), list(candidates))
    return f"{name}; {hint}" if hint else str(name)


def _check_against(claim: Claim, codebook: "Codebook", source: str) -> list[Problem]:
    out = []

    def bad(expected: str, found: str) -> None:
        out.append(Problem(source, None, [], f"{expected} (at claim '{claim.id}')", found))

    if claim.base not in codebook.bases:
        bad("a base defined in the codebook (" + ", ".join(codebook.bases) + ")", _close(claim.base, codebook.bases))
    if claim.statistic == "percent" and claim.indicator not in codebook.indicators:
        bad("an indicator defined in the codebook", _close(claim.indicator, codebook.indicators))
    if claim.statistic == "count":
        item = codebook.items.get(claim.item)
        if item is None or not item.is_coded:
            bad("a coded item defined in the codebook",
                _close(claim.item, [n for n, i in codebook.items.items() if i.is_coded]))
        else:
            unknown = [c for c in claim.codes if c not in item.codes]
            if unknown:
                bad(f"substantive codes of item '{claim.item}'", str(unknown[0]))
    return out


def load_registry(path: str | Path, *, codebook: "Codebook | None" = None) -> list[Claim]:
    """Read and check a wave's ``published_figures.toml``."""
    from analysis.inside import check_inside

    path = Path(path)
    check_inside(path, what="a published-figures registry")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError.single(str(path), f"a published-figures registry ({REGISTRY_NAME}) in the wave folder") from None
    return parse_registry(text, source=str(path), codebook=codebook)


def published_indicators(wave: str, paths, codebook: "Codebook") -> list[str] | None:
    """Indicators the wave's registry names in percentage claims, in codebook order; None without a registry.

    For a reconstructed wave these are the only indicators whose overall value
    is a published fact; the others are invented and never make a headline.
    """
    path = paths.wave_dir(wave) / REGISTRY_NAME
    if not path.is_file():
        return None
    named = {c.indicator for c in load_registry(path, codebook=codebook) if c.statistic == "percent" and c.indicator}
    return [n for n in codebook.indicators if n in named] or None
