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
"""

from __future__ import annotations

from fractions import Fraction
from math import ceil, floor

__all__ = ["count_range", "subgroup_share_bounds", "joint_count_bounds", "conditional_share_bounds",
           "answered_share_bounds", "subgroup_association_bounds", "range_table", "odds_ratio_bounds"]


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


#: Columns of :func:`range_table`.
RANGE_COLUMNS = ("kind", "measure", "base", "published", "group", "group_n", "low", "high", "indicator", "by",
                 "group_label")
#: How the table names the whole sample.
EVERYONE = "All respondents"


def _claim_counts(claim, base_n: int) -> range:
    """Every count out of ``base_n`` that prints as the claim (empty when none does)."""
    try:
        low, high = count_range(claim.value, base=base_n, precision=claim.precision, rounding=claim.rounding)
    except ValueError:
        return range(0)
    return range(low, high + 1)


def _printing_rule(claim):
    """The claim as a test on (count, base): whether ``count`` of ``base`` prints as the claim.

    The same half-open intervals as :func:`count_range`, in integer arithmetic (it is asked
    for every possible base).
    """
    pct = Fraction(str(claim.value))
    step = Fraction(1, 10 ** claim.precision)
    lo, hi, lo_strict, hi_strict = {
        "rounded": (pct - step / 2, pct + step / 2, False, True),
        "truncated": (pct, pct + step, False, True),
        "more_than": (pct, None, True, False),
        "exact": (pct, pct, False, False),
    }[claim.rounding]

    def fits(count: int, base: int) -> bool:
        if not 0 <= count <= base or base <= 0:
            return False
        share = Fraction(100 * count, base)
        if (share <= lo) if lo_strict else (share < lo):
            return False
        return hi is None or ((share < hi) if hi_strict else (share <= hi))

    return fits


class _Published:
    """What the registry pins down, as sets of whole counts: one item's answers on each base."""

    def __init__(self, claims, codebook):
        self.codebook = codebook
        total = next((c for c in claims if c.statistic == "respondents" and c.status == "canonical"), None)
        self.all_base = total.base if total is not None else None
        self.n = int(total.value) if total is not None else 0
        self.claims: dict[tuple, list] = {}
        for c in claims:
            if c.statistic != "percent" or c.status == "misprint" or c.indicator not in codebook.indicators:
                continue
            ind = codebook.indicators[c.indicator]
            self.claims.setdefault((ind.item, frozenset(ind.codes), c.base), []).append(c)
        self._counts: dict = {}
        self.groups = [c for c in claims if c.statistic == "count" and c.status in ("canonical", "derived")
                       and c.base == self.all_base and len(c.codes) == 1 and c.item in codebook.items]

    def on(self, item: str, codes, base: str) -> list:
        return self.claims.get((item, frozenset(codes), base), [])

    def counts(self, item: str, codes) -> list[int]:
        """Counts of all respondents with ``codes`` of ``item`` that fit every claim on the base of all."""
        key = (item, frozenset(codes))
        if key not in self._counts:
            fits = range(0, self.n + 1)
            for c in self.on(item, codes, self.all_base):
                printed = _claim_counts(c, self.n)
                fits = [k for k in fits if k in printed]
            self._counts[key] = list(fits)
        return self._counts[key]

    def answered(self, item: str, codes, base: str) -> list[tuple[int, int]]:
        """(count, number who answered) pairs fitting every claim on all respondents and on ``base``."""
        rules = [_printing_rule(c) for c in self.on(item, codes, base)]
        pairs = []
        for count in self.counts(item, codes):
            for answered in range(max(count, 1), self.n + 1):
                if all(fits(count, answered) for fits in rules):
                    pairs.append((count, answered))
        return pairs

    def joint(self, item: str, codes, where_item: str, where_codes, base: str) -> list[tuple[int, int]]:
        """(size of the base, count within it) pairs: the base's size from its own item's claims,
        the count within it from Fréchet bounds and every claim on the base itself."""
        on_base = self.on(item, codes, base)
        out = set()
        counts = self.counts(item, codes)
        for given in self.counts(where_item, where_codes):
            if given == 0:
                continue
            allowed = None
            for c in on_base:
                fit = set(_claim_counts(c, given))
                allowed = fit if allowed is None else allowed & fit
            for count in counts:
                low, high = max(0, count + given - self.n), min(count, given)
                for k in range(low, high + 1):
                    if allowed is None or k in allowed:
                        out.add((given, k))
        return sorted(out)

    def described(self, item, codes, base) -> str:
        label = self.codebook.bases[base].label if base in self.codebook.bases else base
        return "; ".join(f"{c.printed} of {label}" for c in sorted(self.on(item, codes, base),
                                                                   key=lambda c: (c.status != "canonical", -c.precision)))


def _measure(claims: list, fallback: str) -> str:
    best = sorted(claims, key=lambda c: (c.status != "canonical", -c.precision))
    return best[0].measure if best else fallback


def range_table(claims, codebook) -> "pd.DataFrame":
    """What the published figures alone say about subgroups and associations, as exact ranges.

    Rows, from the registry and the codebook only (no data are read), for every indicator
    whose item has a published figure:

    ``subgroup``
        within each group whose size was published (the sector counts): a share of all
        respondents (:func:`subgroup_share_bounds`) or, on a base that leaves out the
        non-answers, of those who answered (:func:`answered_share_bounds`, over every number
        of non-answers the published figures allow);
    ``association``
        an indicator taken among those with another answer (a base with a ``where``),
        overall (:func:`conditional_share_bounds`) and within each group
        (:func:`subgroup_association_bounds`), using every published figure on that base.

    Parameters
    ----------
    claims : sequence of Claim
        The wave's registry (:func:`analysis.reproduction.registry.load_registry`); misprints
        are ignored, variants constrain like canonical figures (each holds on its base).
    codebook : Codebook

    Returns
    -------
    pandas.DataFrame
        Columns :data:`RANGE_COLUMNS`; ``low`` and ``high`` are shares (0 to 1);
        ``indicator``, ``by`` and ``group_label`` locate the matching row of the estimate
        frames (``by`` is ``overall`` and ``group_label`` ``All`` for the whole sample).
    """
    import pandas as pd

    pub = _Published(claims, codebook)
    if pub.all_base is None:
        return pd.DataFrame(columns=list(RANGE_COLUMNS))
    n = pub.n
    rows = []

    def add(kind, measure, base_name, published, group, group_n, bounds, ind_name, by, label):
        if bounds is None:
            return
        base_label = codebook.bases[base_name].label if base_name in codebook.bases else base_name
        rows.append((kind, measure, base_label, published, group, group_n, float(bounds[0]), float(bounds[1]),
                     ind_name, by, label))

    groups = [(g, codebook.items[g.item].codes.get(g.codes[0], str(g.codes[0]))) for g in pub.groups]
    for ind_name, ind in codebook.indicators.items():
        base = codebook.bases.get(ind.base)
        item = codebook.items.get(ind.item)
        if base is None or item is None:
            continue
        if not base.where:
            if not any(pub.on(ind.item, ind.codes, b) for b in (pub.all_base, ind.base)):
                continue  # nothing published about the item: any value fits
            missing_kinds = {m.kind for m in item.missing.values()}
            answered = bool(missing_kinds) and missing_kinds <= set(base.excludes) and ind.base != pub.all_base
            measure = _measure(pub.on(ind.item, ind.codes, ind.base) or pub.on(ind.item, ind.codes, pub.all_base),
                               ind.label)
            published = "; ".join(x for x in (pub.described(ind.item, ind.codes, ind.base),
                                              "" if ind.base == pub.all_base else
                                              pub.described(ind.item, ind.codes, pub.all_base)) if x)
            if answered:
                pairs = pub.answered(ind.item, ind.codes, ind.base)
            elif ind.base == pub.all_base or not (missing_kinds & set(base.excludes)):
                pairs = [(k, n) for k in pub.counts(ind.item, ind.codes)]
            else:
                continue  # a base leaving out only some kinds of non-answer: not bounded here
            for g, label in groups:
                size = int(g.value)
                found = [answered_share_bounds(k, a - k, n - a, group=size) if answered
                         else subgroup_share_bounds(k, total=n, group=size) for k, a in pairs]
                found = [f for f in found if f is not None]
                if found:
                    add("subgroup", measure, ind.base, published, label, size,
                        (min(f[0] for f in found), max(f[1] for f in found)), ind_name, g.item, label)
            continue
        if len(base.where) != 1:
            continue
        (where_item, where_codes), = base.where.items()
        if not pub.counts(where_item, where_codes) or not pub.on(ind.item, ind.codes, pub.all_base):
            continue
        if not pub.on(where_item, where_codes, pub.all_base):
            continue
        pairs = pub.joint(ind.item, ind.codes, where_item, where_codes, ind.base)
        if not pairs:
            continue
        measure = f"{_measure(pub.on(ind.item, ind.codes, pub.all_base), ind.label)}, among {base.label}"
        published = "; ".join(x for x in (pub.described(ind.item, ind.codes, ind.base),
                                          pub.described(ind.item, ind.codes, pub.all_base),
                                          pub.described(where_item, where_codes, pub.all_base)) if x)
        overall = (min(Fraction(k, u) for u, k in pairs), max(Fraction(k, u) for u, k in pairs))
        add("association", measure, ind.base, published, EVERYONE, None, overall, ind_name, "overall", "All")
        for g, label in groups:
            found = [subgroup_association_bounds(group=int(g.value), given=u, joint=k, total=n) for u, k in pairs]
            found = [f for f in found if f is not None]
            if found:
                add("association", measure, ind.base, published, label, int(g.value),
                    (min(f[0] for f in found), max(f[1] for f in found)), ind_name, g.item, label)
    return pd.DataFrame(rows, columns=list(RANGE_COLUMNS))
