"""The ranges a wave's published figures allow, as a table: every subgroup share and association bounded.

From the registry of published figures and the codebook alone (no data are read):
:class:`Published` turns the figures into the whole counts they allow (one item's answers
on each base), and :func:`range_table` bounds each indicator within each group of published
size and among those with another answer, with the counting bounds of
:mod:`analysis.reproduction.bounds`. The ``reproduce`` stage writes the table as
``ranges.csv``; the figures and the report show it.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from analysis.reproduction.bounds import (answered_share_bounds, count_range, subgroup_association_bounds,
                                          subgroup_share_bounds)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


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


class Published:
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
        overall (:func:`analysis.reproduction.bounds.conditional_share_bounds`) and within each group
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

    pub = Published(claims, codebook)
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
