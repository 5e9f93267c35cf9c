"""What the published figures alone can tell: exact ranges consistent with published aggregates.

A reconstructed wave fixes every subgroup breakdown and every association between items by
choice of the generator. The published aggregates (group sizes, overall counts or percentages
with their bases and rounding) constrain those numbers only to a range; this module computes
that range exactly, with counting (Fréchet) bounds. No data are read: only published numbers.

Three shapes of unknown, each bounded exactly over every table of whole respondents that
agrees with every published figure:

* a share of all respondents within a group of published size (:func:`subgroup_share_bounds`);
* a share of those who answered within a group, when the item's number of non-answers follows
  from the published figures only as a range (:func:`answered_share_bounds`);
* a share among those who gave another answer (an association between two items), overall
  (:func:`conditional_share_bounds`) or within a group (:func:`subgroup_association_bounds`).

:mod:`analysis.reproduction.ranges` applies them to a wave's registry and codebook (the table of
ranges the ``reproduce`` stage writes).
"""

from __future__ import annotations

from fractions import Fraction
from math import ceil, floor

__all__ = ["count_range", "subgroup_share_bounds", "joint_count_bounds", "conditional_share_bounds",
           "answered_share_bounds", "subgroup_association_bounds", "odds_ratio_bounds"]


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


def odds_ratio_bounds(a, b, *, total: int, joint: tuple[int, int] | None = None) -> tuple[float, float]:
    """Range of the odds ratio of two yes/no items when only their margins (and a joint range) are known.

    Parameters
    ----------
    a, b : int or iterable of int
        Respondents saying yes to each item, or every count the published figures allow.
    total : int
        Respondents in the table.
    joint : (int, int), optional
        A published range for those saying yes to both; without one the Fréchet bounds
        of :func:`joint_count_bounds` apply.

    Returns
    -------
    (float, float)
        The smallest and largest odds ratio x (N − a − b + x) / ((a − x)(b − x)) over every
        table of whole respondents with those margins. The odds ratio increases with the
        joint count x, so the ends are at its bounds; with margins alone the lowest table
        has an empty cell on the diagonal and the highest one off it, so the range is
        0 to infinity: the margins say nothing about the association.

    Examples
    --------
    >>> odds_ratio_bounds(429, 484, total=692)
    (0.0, inf)

    With 300 to 320 saying yes to both: 300 · 79 / (129 · 184) to 320 · 99 / (109 · 164).

    >>> lo, hi = odds_ratio_bounds(429, 484, total=692, joint=(300, 320))
    >>> print(f"{lo:.4f} to {hi:.4f}")
    0.9985 to 1.7722
    """
    def ratio(a, b, x) -> float:
        num = Fraction(x * (total - a - b + x))
        den = Fraction((a - x) * (b - x))
        if den == 0:
            return float("inf") if num > 0 else float("nan")
        return float(num / den)

    lows, highs = [], []
    for ai in ([a] if isinstance(a, int) else list(a)):
        for bi in ([b] if isinstance(b, int) else list(b)):
            lo, hi = joint_count_bounds(ai, bi, total=total)
            if joint is not None:
                lo, hi = max(lo, joint[0]), min(hi, joint[1])
            if lo > hi:
                continue
            lows.append(ratio(ai, bi, lo))
            highs.append(ratio(ai, bi, hi))
    lows = [v for v in lows if v == v]
    highs = [v for v in highs if v == v]
    if not lows or not highs:
        return float("nan"), float("nan")
    return min(lows), max(highs)


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



def answered_share_bounds(yes: int, no: int, missing: int, *, group: int) -> tuple[Fraction, Fraction] | None:
    """Range of a group's share answering yes among those of it who answered, given only the totals.

    ``yes + no + missing`` respondents in all; ``group`` of them form the group (the rest are
    outside it). Every split of the three totals between the group and the rest is allowed,
    so the bounds are exact: the lowest share puts as few yeses and as many noes and
    non-answers into the group as fit.

    Parameters
    ----------
    yes, no, missing : int
        Respondents answering yes, answering otherwise, and not answering (the base
        "those who answered" is ``yes + no``).
    group : int
        Respondents in the group (a published count).

    Returns
    -------
    tuple of fractions.Fraction or None
        Lowest and highest share (0 to 1) over every split in which somebody in the group
        answered; None when nobody in it can have.

    Examples
    --------
    661 of the 685 who answered would value risk training (24 would not, 7 left it blank);
    health staff are 278 of 692, so at least 661 - 414 = 247 of them say yes and at most
    24 + 7 others fill the group:

    >>> answered_share_bounds(661, 24, 7, group=278)
    (Fraction(247, 271), Fraction(1, 1))
    """
    total = yes + no + missing
    if min(yes, no, missing) < 0 or not 0 < group <= total:
        raise ValueError(f"group of {group} is not within {yes} + {no} + {missing} respondents")
    # With y yeses in the group, the share y / (y + n) is lowest with the most noes that fit
    # (n = min(no, group - y)) and highest with the fewest (n = max(0, group - y - missing));
    # both rise with y, so the fewest and the most yeses the group can hold give the bounds.
    # A split leaving nobody in the group answering has no share and is passed over.
    fewest, most = max(0, group - no - missing), min(yes, group)
    most_no = min(no, group - fewest)
    if fewest + most_no:
        low = Fraction(fewest, fewest + most_no)
    elif most:
        low = Fraction(1)   # no noes at all: any answer in the group is a yes
    else:
        return None         # nobody in the group can have answered
    fewest_no = max(0, group - most - missing)
    high = Fraction(most, most + fewest_no) if most + fewest_no else Fraction(0)
    return low, high


def subgroup_association_bounds(*, group: int, given: int, joint: int, total: int) -> tuple[Fraction, Fraction] | None:
    """Range of the share with item B among a group's members who have item A.

    Known: ``total`` respondents, ``group`` of them in the group, ``given`` with A (the base)
    and ``joint`` with both A and B. Nothing ties the group to A or to B, so the group's
    members with A number anything from ``max(1, group + given - total)`` to
    ``min(group, given)``; the lowest share fills that overlap with as many of the
    ``given - joint`` who have A without B as fit, at its smallest size.

    Returns
    -------
    tuple of fractions.Fraction or None
        Lowest and highest share (0 to 1); None when the counts are impossible.

    Examples
    --------
    Health staff 278 of 692; 481 with no risk training, of whom 450 would value it (31 would not
    or left it blank). At least 278 + 481 - 692 = 67 health staff are untrained; all 31 can be
    among them, so as few as 36 of 67 would value training:

    >>> subgroup_association_bounds(group=278, given=481, joint=450, total=692)
    (Fraction(36, 67), Fraction(1, 1))
    """
    if not (0 < group <= total and 0 < given <= total and 0 <= joint <= given):
        return None
    smallest, largest = max(1, group + given - total), min(group, given)
    if smallest > largest:
        return None
    without = given - joint
    return Fraction(max(0, smallest - without), smallest), Fraction(min(joint, smallest), smallest)
