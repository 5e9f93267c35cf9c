"""What the published figures alone can tell: exact ranges consistent with published aggregates.

A reconstructed wave fixes every subgroup breakdown and every association between items by
choice of the generator. The published aggregates (group sizes, overall counts or percentages
with their bases and rounding) constrain those numbers only to a range; this module computes
that range exactly, with counting (Fréchet) bounds. No data are read: only published numbers.
"""

from __future__ import annotations

from fractions import Fraction
from math import ceil, floor

__all__ = ["count_range", "subgroup_share_bounds", "joint_count_bounds", "conditional_share_bounds",
           "range_table"]


def count_range(value: float, *, base: int, precision: int, rounding: str) -> tuple[int, int]:
    """Counts out of ``base`` that print as the published percentage ``value``.

    Parameters
    ----------
    value : float
        The published percentage.
    base : int
        Number of respondents the percentage is taken on.
    precision : int
        Decimals printed.
    rounding : {"exact", "rounded", "truncated", "more_than"}
        ``rounded`` is half up; ``truncated`` cuts digits off; ``more_than`` is a lower bound;
        ``exact`` means the percentage is exactly ``value``.

    Returns
    -------
    tuple of int
        Smallest and largest count consistent with the published figure.

    Examples
    --------
    >>> count_range(62, base=692, precision=0, rounding="rounded")
    (426, 432)
    >>> count_range(96.5, base=685, precision=1, rounding="rounded")
    (661, 661)
    """
    if base <= 0:
        raise ValueError(f"base must be a positive number of respondents, not {base!r}")
    pct = Fraction(str(value))
    half = Fraction(1, 2) * Fraction(1, 10 ** precision)
    step = Fraction(1, 10 ** precision)
    if rounding == "rounded":  # value - half <= p < value + half
        lo_p, hi_p, hi_open = pct - half, pct + half, True
    elif rounding == "truncated":  # value <= p < value + step
        lo_p, hi_p, hi_open = pct, pct + step, True
    elif rounding == "more_than":  # p > value
        lo_p, hi_p, hi_open = pct, Fraction(100), False
        low = floor(lo_p * base / 100) + 1
        return low, base
    elif rounding == "exact":
        lo_p, hi_p, hi_open = pct, pct, False
    else:
        raise ValueError(f"unknown rounding {rounding!r}")
    low = ceil(lo_p * base / 100)
    top = hi_p * base / 100
    high = ceil(top) - 1 if hi_open else floor(top)
    low, high = max(low, 0), min(high, base)
    if low > high:
        raise ValueError(f"no count out of {base} prints as {value}% ({rounding}, {precision} dp)")
    return low, high


def subgroup_share_bounds(count: tuple[int, int] | int, *, total: int, group: int) -> tuple[Fraction, Fraction]:
    """Range of a subgroup's share with an item, given only the overall count and group size.

    Parameters
    ----------
    count : int or tuple of int
        Respondents with the item overall (or the range of counts consistent with a rounded
        percentage, from :func:`count_range`).
    total : int
        Respondents the overall count is taken on.
    group : int
        Respondents in the subgroup (a published count).

    Returns
    -------
    tuple of fractions.Fraction
        Lowest and highest share (0 to 1) within the subgroup.

    Examples
    --------
    Health staff (278 of 692), 429 of 692 not confident assessing risk:

    >>> lo, hi = subgroup_share_bounds(429, total=692, group=278)
    >>> lo, hi
    (Fraction(15, 278), Fraction(1, 1))
    """
    low_count, high_count = (count, count) if isinstance(count, int) else count
    if not 0 < group <= total:
        raise ValueError(f"group of {group} is not within a total of {total}")
    outside = total - group
    low = max(0, low_count - outside)
    high = min(group, high_count)
    return Fraction(low, group), Fraction(high, group)


def joint_count_bounds(a: int, b: int, *, total: int) -> tuple[int, int]:
    """Fréchet bounds on respondents having both of two items, given each item's count.

    Examples
    --------
    >>> joint_count_bounds(429, 484, total=692)
    (221, 429)
    """
    for name, value in (("a", a), ("b", b)):
        if not 0 <= value <= total:
            raise ValueError(f"{name}={value} is not a count out of {total}")
    return max(0, a + b - total), min(a, b)


def conditional_share_bounds(count: tuple[int, int] | int, given: tuple[int, int] | int, *,
                             total: int) -> tuple[Fraction, Fraction]:
    """Range of the share with one item among those with another, given only each item's count.

    Parameters
    ----------
    count : int or tuple of int
        Respondents with the item (or a range of counts, from :func:`count_range`).
    given : int or tuple of int
        Respondents in the group the share is taken among (or a range of counts).
    total : int
        Respondents both counts are taken on.

    Returns
    -------
    tuple of fractions.Fraction
        Lowest and highest share (0 to 1) over every pair of counts in the ranges.

    Examples
    --------
    661 of 692 would value training, 481 to 487 had none: at least 481 - 31 = 450 of 481.

    >>> conditional_share_bounds(661, (481, 487), total=692)
    (Fraction(450, 481), Fraction(1, 1))
    """
    a_lo, a_hi = (count, count) if isinstance(count, int) else count
    b_lo, b_hi = (given, given) if isinstance(given, int) else given
    if not (0 <= a_lo <= a_hi <= total and 0 < b_lo <= b_hi <= total):
        raise ValueError(f"counts {count!r} and {given!r} are not within a total of {total}")
    lows = [Fraction(max(0, a_lo + b - total), b) for b in range(b_lo, b_hi + 1)]
    highs = [Fraction(min(a_hi, b), b) for b in range(b_lo, b_hi + 1)]
    return min(lows), max(highs)


#: Columns of :func:`range_table`.
RANGE_COLUMNS = ("kind", "measure", "published", "group", "group_n", "low", "high", "indicator", "by",
                 "group_label")


def _whole_sample_claims(claims, codebook) -> dict:
    """Per codebook indicator: the most precise published percentage on the base of all respondents."""
    best: dict = {}
    total = next((c for c in claims if c.statistic == "respondents" and c.status == "canonical"), None)
    if total is None:
        return {}
    for c in claims:
        if (c.statistic != "percent" or c.status == "misprint" or c.base != total.base
                or c.rounding == "more_than" or c.indicator not in codebook.indicators):
            continue
        ind = codebook.indicators[c.indicator]
        key = (ind.item, frozenset(ind.codes))
        rank = (c.status != "canonical", -c.precision)
        if key not in best or rank < best[key][0]:
            best[key] = (rank, c)
    return {k: v[1] for k, v in best.items()}


def range_table(claims, codebook) -> "pd.DataFrame":
    """What the published figures alone say about subgroups and associations, as exact ranges.

    Rows of two kinds, from the registry and the codebook only (no data are read):

    ``subgroup``
        each published whole-sample percentage within each group whose size was published
        (the sector counts): :func:`subgroup_share_bounds`.
    ``association``
        each indicator of the codebook taken among those with another answer (a base with a
        ``where``), when both items' whole-sample figures were published:
        :func:`conditional_share_bounds`.

    Parameters
    ----------
    claims : sequence of Claim
        The wave's registry (:func:`analysis.reproduction.registry.load_registry`).
    codebook : Codebook

    Returns
    -------
    pandas.DataFrame
        Columns :data:`RANGE_COLUMNS`; ``low`` and ``high`` are shares (0 to 1), ``indicator``,
        ``by`` and ``group_label`` locate the matching row of the estimate frames.
    """
    import pandas as pd

    total = next((c for c in claims if c.statistic == "respondents" and c.status == "canonical"), None)
    rows = []
    if total is None:
        return pd.DataFrame(columns=list(RANGE_COLUMNS))
    n = int(total.value)
    whole = _whole_sample_claims(claims, codebook)

    def counts(claim):
        return count_range(claim.value, base=n, precision=claim.precision, rounding=claim.rounding)

    groups = [c for c in claims if c.statistic == "count" and c.status in ("canonical", "derived")
              and c.base == total.base and len(c.codes) == 1 and c.item in codebook.items]
    for ind_name, ind in codebook.indicators.items():
        claim = whole.get((ind.item, frozenset(ind.codes)))
        if claim is None or ind.base != total.base:
            continue
        for g in groups:
            label = codebook.items[g.item].codes.get(g.codes[0], str(g.codes[0]))
            low, high = subgroup_share_bounds(counts(claim), total=n, group=int(g.value))
            rows.append(("subgroup", claim.measure, f"{claim.printed} of {n}", label, int(g.value), float(low),
                         float(high), ind_name, g.item, label))
    for ind_name, ind in codebook.indicators.items():
        base = codebook.bases.get(ind.base)
        if base is None or len(base.where) != 1:
            continue
        (item, codes), = base.where.items()
        target, given = whole.get((ind.item, frozenset(ind.codes))), whole.get((item, frozenset(codes)))
        if target is None or given is None:
            continue
        low, high = conditional_share_bounds(counts(target), counts(given), total=n)
        rows.append(("association", f"{target.measure}, among {base.label}",
                     f"{target.printed} and {given.printed} of {n}", base.label, None, float(low), float(high),
                     ind_name, "overall", "All"))
    return pd.DataFrame(rows, columns=list(RANGE_COLUMNS))
