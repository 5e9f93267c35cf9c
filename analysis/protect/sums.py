"""Strict policy: the withheld cells of one total, taken together, are a count like any other.

The cells of a total (the categories of a scale in one group, the groups of a breakdown)
add up to it. When the total and the other cells are published, the withheld cells'
sum is their difference: a group's n of 100 with scale points of 99 published gives
"don't know + no answer = 1", though neither cell alone is pinned. Under the strict
policy such a sum, when above zero and below the threshold, is a small count worked
out from what is published. :func:`small_sums` finds them (the audit reports each as
cell ``sum``); :func:`withhold_for_sums` withholds one more cell of the total, a
missing-answer category first, then the smallest, until every such sum reaches the
threshold.

>>> from analysis.protect.structure import _Row
>>> key = lambda c: (f"c = {c}", "b", "overall", "All")
>>> rows = {key(c): _Row(key(c), y, 100) for c, y in [("A", 60), ("B", 39), ("DK", 1), ("NA", 0)]}
>>> ties = [(None, sorted(rows), (100, 300))]
>>> small_sums(rows, ties, {key("DK"), key("NA")}, set(), threshold=10)
[((('c = DK', 'b', 'overall', 'All'), ('c = NA', 'b', 'overall', 'All')), 'count', 1)]

References
----------
Hundepool, A. et al. (2024). *Handbook on Statistical Disclosure Control*, 2nd ed.,
section 5.3 (secondary suppression: a suppressed cell's total, and sums of suppressed cells).
"""

from __future__ import annotations

from analysis.protect.structure import CATEGORY_SEP, is_pseudo


def small_sums(rows, ties, hidden, hidden_n, *, threshold: int) -> list[tuple[tuple, str, int]]:
    """``(withheld keys, part, sum)`` for each total whose withheld cells add up to a published small count.

    A tie counts when every cell beside the withheld ones is published (no internal row
    of people left out, whose size is unknown) and its total is: the parent row's cells,
    or for a scale (no parent) the categories' shared n. ``part`` is ``count`` or ``rest``
    (n - count, for a breakdown's groups).
    """
    out = []
    for parent, kids, _ in ties:
        gone = [k for k in kids if k in hidden]
        if not gone or any(is_pseudo(k) for k in kids):
            continue
        if parent is None:
            if CATEGORY_SEP not in kids[0][0] or any(k in hidden_n for k in kids):
                continue  # only a scale's categories share a published n
            parts = ("count",)
        else:
            if parent in hidden or parent not in rows:
                continue
            parts = ("count", "rest")
        for part in parts:
            value = sum(rows[k].count if part == "count" else rows[k].n - rows[k].count for k in gone)
            if 0 < value < threshold and len(gone) > 1:  # one cell alone is the per-cell audit's
                out.append((tuple(gone), part, int(value)))
    return out


def withhold_for_sums(rows, ties, reason: dict, hidden_n: set, *, threshold: int, missing=frozenset()) -> None:
    """Withhold cells (reason ``secondary``) until no tie's withheld cells add up to a small published count."""
    by_kids = {tuple(kids): kids for _, kids, _ in ties}
    for _ in range(len(rows)):
        hidden = set(reason) | {k for k in rows if is_pseudo(k)}
        found = small_sums(rows, ties, hidden, hidden_n, threshold=threshold)
        if not found:
            return
        changed = False
        for gone, _, _ in found:
            tie = next((kids for kids in by_kids.values() if set(gone) <= set(kids)), ())
            free = [k for k in tie if k not in reason and not is_pseudo(k)]
            if not free:
                continue
            label = lambda k: k[0].split(CATEGORY_SEP, 1)[-1]  # noqa: E731
            pick = min(free, key=lambda k: (label(k) not in missing, rows[k].count, k))
            reason[pick] = "secondary"
            changed = True
            break
        if not changed:
            return
