"""What the published figures alone can tell: exact ranges consistent with published aggregates.

A reconstructed wave fixes every subgroup breakdown and every association between items by
choice of the generator. The published aggregates (group sizes, overall counts or percentages
with their bases and rounding) constrain those numbers only to a range; this module computes
that range exactly, with counting (Fréchet) bounds. No data are read: only published numbers.
"""

from __future__ import annotations

from fractions import Fraction
from math import ceil, floor

__all__ = ["count_range", "subgroup_share_bounds", "joint_count_bounds"]


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
