"""Disclosure control for published estimate tables: the threshold rule with secondary suppression.

Every row of an estimate frame (``docs/architecture.md``) publishes two cells of a
frequency table: the respondents in the numerator (``count``) and the rest of the
base (``n - count``); ``n`` is their total. A row is suppressed when either cell is
below the threshold (primary suppression): its count, percentage, interval, standard
error, weighted figures and significance letters are all withheld, because each of
them rests on the small cell. ``n`` stays published unless it is below the threshold
itself.

Rows are tied together by totals that are published elsewhere: the groups of one
breakdown add up (at most) to the overall row, and the cells of a cross
(``sector × profession``) add up to their sector and to their profession. Secondary
suppression withholds further rows so that no suppressed cell can be worked out from
those totals: every breakdown that has a suppressed row has at least two (so each
affected row and column has at least two suppressed cells), and a linear-programming
audit (:func:`audit`) then checks that no suppressed cell is pinned to a single whole
number by the published figures; where one is, the smallest remaining row beside it is
withheld too, until none is.

The plan is made once for all the tables of a wave (:func:`plan`) and applied to each
published table (:func:`apply_plan`), so the same row is withheld everywhere it shows.

>>> import pandas as pd
>>> t = pd.DataFrame({"indicator": "x", "base": "all respondents",
...                   "by": ["overall", "sector", "sector", "sector"],
...                   "group": ["All", "A", "B", "C"],
...                   "count": [60, 4, 30, 26], "n": [150, 20, 70, 60],
...                   "proportion": [0.4, 0.2, 30 / 70, 26 / 60]})
>>> out = suppress(t, threshold=10)
>>> out["disclosure"].tolist()
['', 'primary', '', 'secondary']
>>> out["count"].tolist(), out["n"].tolist()
([60, <NA>, 30, <NA>], [150, 20, 70, 60])

Notes
-----
Counts of zero are cells below the threshold like any other (an empty cell says that
nobody in the group gave the answer). Weighted estimates are protected through their
unweighted counts, which are what identify people. The audit is the linear-programming
relaxation: it bounds each suppressed cell below and above given every published
figure and the totals that tie them, and calls the cell exposed when the bounds admit
only one whole number. Groups left out of a breakdown (e.g. respondents with no
sector) are treated as known to an intruder, which can only err on the side of
withholding more.

References
----------
Hundepool, A. et al. (2024). *Handbook on Statistical Disclosure Control*, 2nd ed.,
chapter 5 (frequency tables: threshold rule, secondary suppression, audits).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Mapping, Sequence

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: Default threshold: counts below it are withheld (ONS, ACRO).
DEFAULT_THRESHOLD = 10
#: Columns that identify a row; never withheld.
KEY = ("indicator", "base", "by", "group")
#: Columns never withheld because they describe the method, not the data.
DESCRIPTIVE = ("method", "level", "flag", "disclosure", "letter", "category",
               # what a number is (published, derived, invented) says nothing about a withheld count
               "number_class", "number_basis", "published_decimals")
CROSS_SEP = " × "
#: Joins an item and a category into one key for distribution tables (one row per category).
CATEGORY_SEP = " = "


class _Unprotectable(Exception):
    """Secondary suppression found no further cell to withhold (handled in :func:`plan`)."""


@dataclass(frozen=True)
class _Row:
    key: tuple
    count: int
    n: int


def primary(frame: "pd.DataFrame", *, threshold: int = DEFAULT_THRESHOLD) -> "pd.Series":
    """Rows whose count, or the rest of their base, is below ``threshold`` (empty groups have nothing to hide).

    Parameters
    ----------
    frame : DataFrame
        An estimate frame with unweighted ``count`` and ``n``.
    threshold : int
        Smallest count that may be published (default 10).

    Returns
    -------
    Series of bool, aligned with ``frame``.

    Examples
    --------
    >>> import pandas as pd
    >>> primary(pd.DataFrame({"count": [0, 9, 10, 45, 50], "n": [50, 50, 50, 50, 60]})).tolist()
    [True, True, False, True, False]
    """
    import pandas as pd

    count = pd.to_numeric(frame["count"]).astype("Float64")
    n = pd.to_numeric(frame["n"]).astype("Float64")
    small = ((n > 0) & ((count < threshold) | ((n - count) < threshold))) | n.isna() | count.isna()
    return small.fillna(True).astype(bool)


def _key(row) -> tuple:
    key = [str(row[c]) for c in KEY]
    category = row.get("category")
    if isinstance(category, str) and category:
        key[0] = f"{key[0]}{CATEGORY_SEP}{category}"
    return tuple(key)


@dataclass(frozen=True)
class _Link:
    """A linear equality between cells of different rows: sum of coef * cell = 0.

    ``terms`` are ``(key, part, coef)`` with ``part`` ``"y"`` (the count) or ``"r"`` (the rest of the base).
    """

    terms: tuple
    kind: str
    members: tuple = ()

    def __post_init__(self):
        object.__setattr__(self, "members", tuple(sorted({k for k, _, _ in self.terms})))


#: Base label of the internal rows that stand for the people outside a base (never published).
PSEUDO_BASE = "~outside the base"


#: Group label prefix of the internal rows that stand for the people left out of a breakdown
#: (its item blank or a missing code): ``"~left out|<base>|<parent group>"``.
LEFT_OUT = "~left out"


def _is_pseudo(key: tuple) -> bool:
    return key[1] == PSEUDO_BASE


def _is_left_out(key: tuple) -> bool:
    """An internal row of the people left out of a breakdown (both its cells unknown, its n maybe published)."""
    return key[1] == PSEUDO_BASE and key[3].startswith(LEFT_OUT)


def _left_out_anchor(key: tuple, anchor: str | None) -> bool:
    """The people left out of a breakdown on the base of all respondents: the count the notes state."""
    return (anchor is not None and _is_left_out(key) and CROSS_SEP not in key[2]
            and key[3] == f"{LEFT_OUT}|{anchor}|All")


def _left_out_published(key: tuple, rows, *, threshold: int, anchor: str | None, rule: str) -> bool:
    """Whether the notes publish this left-out count exactly: on the anchor base, under the strict
    rule only when not below the threshold (the sample-survey rule publishes counts in adequate groups)."""
    return _left_out_anchor(key, anchor) and (rule == "bases" or rows[key].n >= threshold)


def _cells(key: tuple) -> tuple[str, ...]:
    """The cells of a row that must not be worked out when it is sensitive."""
    if _is_left_out(key):
        return ("n",)
    return ("count",) if _is_pseudo(key) else ("count", "rest")


def _item(key: tuple, items: Mapping[str, str]) -> str:
    """The item a row counts answers to (a scale row's own item, else the indicator's)."""
    name = key[0].split(CATEGORY_SEP)[0]
    return items.get(name, name)


def _links(rows: dict[tuple, _Row], *, composites=None, bases=None, items=None, answered=(),
           anchor: str | None = None) -> list[_Link]:
    """Equalities an intruder knows between rows of different tables (adds internal rows to ``rows``).

    - ``composite``: an indicator counting some categories of a scale is their sum (counts only, so
      it holds whichever base the scale is published on);
    - ``base``: a base defined as "those who answered ``item`` with ``codes``" has, in every group,
      the n that an indicator counting those codes has as its count;
    - ``same-n``: rows on one base in one group have one n, whatever the indicator, when the base is
      the anchor base (all respondents) or they count answers to one item;
    - ``outside``: a row on a base that leaves out missing answers to its item (``answered``) has the
      n of the anchor base less the people who did not answer, an internal row never published, so
      that the subtraction of the two bases is protected like any other count.
    """
    items = items or {}
    out: list[_Link] = []
    by_group: dict[tuple, list[tuple]] = {}
    for k in sorted(rows):
        by_group.setdefault((k[2], k[3]), []).append(k)
    for (by, group), members in sorted(by_group.items()):
        present = set(members)
        for k in members:
            if k[0] not in (composites or {}):
                continue
            item, categories = composites[k[0]]
            for label in sorted({m[1] for m in members if m[0].startswith(item + CATEGORY_SEP)}):
                kids = [(f"{item}{CATEGORY_SEP}{c}", label, by, group) for c in categories]
                if kids and all(c in present for c in kids):
                    out.append(_Link(((k, "y", 1.0),) + tuple((c, "y", -1.0) for c in kids), "composite"))
        for k in members:
            for label in (bases or {}).get((k[0], k[1]), ()):
                for other in members:
                    if other[1] == label and rows[other].n == rows[k].count:
                        out.append(_Link(((k, "y", 1.0), (other, "y", -1.0), (other, "r", -1.0)), "base"))
        same: dict[tuple, list[tuple]] = {}
        for k in members:
            if rows[k].n > 0 and not _is_pseudo(k):
                same.setdefault((k[1], "" if k[1] == anchor else _item(k, items), rows[k].n), []).append(k)
        for ks in same.values():
            for a, b in zip(ks, ks[1:]):
                out.append(_Link(((a, "y", 1.0), (a, "r", 1.0), (b, "y", -1.0), (b, "r", -1.0)), "same-n"))
        tops = [k for k in members if k[1] == anchor]
        if not tops:
            continue
        top = max(tops, key=lambda k: (rows[k].n, k))
        for k in members:
            if k[1] not in answered:
                continue
            outside = rows[top].n - rows[k].n
            if outside < 0:
                continue
            pseudo = (f"{_item(k, items)}: did not answer", PSEUDO_BASE, by, group)
            rows.setdefault(pseudo, _Row(pseudo, outside, outside))
            out.append(_Link(((top, "y", 1.0), (top, "r", 1.0), (k, "y", -1.0), (k, "r", -1.0),
                              (pseudo, "y", -1.0)), "outside"))
    return out


def _partitions(rows: dict[tuple, _Row], *, left_out: bool = False) -> list[tuple[tuple | None, list[tuple], tuple[int, int]]]:
    """Linear ties between rows: (parent key or None, child keys, constant (yes, no) remainder).

    For each indicator and base: the groups of a breakdown add up to the overall row
    (minus respondents outside every group); the cells of a cross ``a × b`` add up to
    their ``a`` group and to their ``b`` group. With ``left_out`` (a wave's tables, whose
    notes state how many are left out of each breakdown), the respondents outside every
    group are an internal row of their own (both cells unknown, added to ``rows``)
    instead of a remainder an intruder knows, so that their number is protected too.
    """
    out = []
    # The categories of one scale share their base: their counts add up to it.
    scales: dict[tuple, list[tuple]] = {}
    for key in rows:
        if CATEGORY_SEP in key[0]:
            scales.setdefault((key[0].split(CATEGORY_SEP)[0], *key[1:]), []).append(key)
    for _, kids in sorted(scales.items()):
        if len(kids) > 1:
            out.append(_tie(rows, None, kids))
    by_table: dict[tuple, list[tuple]] = {}
    for key in rows:
        by_table.setdefault(key[:3], []).append(key)
    for (ind, base, by), keys in sorted(by_table.items()):
        if by == "overall":
            continue
        if CROSS_SEP in by:
            dims = by.split(CROSS_SEP)
            for pos, dim in enumerate(dims):
                blocks: dict[str, list[tuple]] = {}
                for k in keys:
                    parts = k[3].split(CROSS_SEP)
                    if len(parts) == len(dims):
                        blocks.setdefault(parts[pos], []).append(k)
                for label, kids in sorted(blocks.items()):
                    parent = (ind, base, dim, label)
                    out.append(_tie(rows, parent, kids, left_out=left_out))
        else:
            out.append(_tie(rows, (ind, base, "overall", "All"), keys, left_out=left_out))
    return out


def _tie(rows, parent, kids, *, left_out: bool = False):
    yes = sum(rows[k].count for k in kids)
    no = sum(rows[k].n - rows[k].count for k in kids)
    if parent in rows:
        p = rows[parent]
        rest = (p.count - yes, p.n - p.count - no)
        if left_out and rest != (0, 0) and min(rest) >= 0:
            # In a cross, those in a group of one item without an answer to the other; named with the item,
            # since both items may have a group of one label ("Yes") and these are different people.
            group = parent[3] if parent[2] == "overall" else f"{parent[2]}={parent[3]}"
            pseudo = (parent[0], PSEUDO_BASE, kids[0][2], f"{LEFT_OUT}|{parent[1]}|{group}")
            rows.setdefault(pseudo, _Row(pseudo, rest[0], rest[0] + rest[1]))
            return parent, sorted(kids) + [pseudo], (0, 0)
        return parent, sorted(kids), rest
    # Parent not published: the children still add up to a total an intruder may know.
    return None, sorted(kids), (yes, no)


def _program(rows, ties, hidden, hidden_n, links=()) -> "tuple[_Program, dict]":
    """The linear program of what an intruder knows: published cells fixed, withheld ones free.

    Variables: the count (``2 i``) and the rest of the base (``2 i + 1``) of row ``i``
    of ``sorted(rows)``. Returns the program and the row index.
    """
    import numpy as np
    from scipy import sparse

    keys = sorted(rows)
    index = {k: i for i, k in enumerate(keys)}
    nvar = 2 * len(keys)  # count (y) of row i at 2i, rest of its base (r) at 2i+1
    lower = np.zeros(nvar)
    # No count exceeds the number of respondents, which is published: every program is bounded.
    upper = np.full(nvar, float(max((r.n for r in rows.values()), default=0)))
    r_i, c_i, vals, rhs = [], [], [], []

    def equation(terms, value):
        row = len(rhs)
        for col, coef in terms:
            r_i.append(row)
            c_i.append(col)
            vals.append(coef)
        rhs.append(value)

    for k in keys:
        i, r = index[k], rows[k]
        if _is_pseudo(k):
            if not _is_left_out(k):
                upper[2 * i + 1] = 0.0
            elif k not in hidden_n:  # a left-out count the notes publish
                equation(((2 * i, 1.0), (2 * i + 1, 1.0)), r.n)
            continue
        if k not in hidden:
            lower[2 * i] = upper[2 * i] = r.count
            lower[2 * i + 1] = upper[2 * i + 1] = r.n - r.count
        if k not in hidden_n:
            equation(((2 * i, 1.0), (2 * i + 1, 1.0)), r.n)
    for parent, kids, (rest_yes, rest_no) in ties:
        if parent is None and sum(rows[k].count for k in kids) == rows[kids[0]].n:
            # The categories of one scale add up to their base (one n: see the same-n links).
            first = 2 * index[kids[0]]
            equation([(2 * index[k], 1.0) for k in kids] + [(first, -1.0), (first + 1, -1.0)], 0.0)
            continue
        for off, rest in ((0, rest_yes), (1, rest_no)):
            terms = [(2 * index[k] + off, 1.0) for k in kids]
            if parent is None:
                equation(terms, rest)
            else:
                equation(terms + [(2 * index[parent] + off, -1.0)], -rest)
    for link in links:
        equation([(2 * index[k] + (part == "r"), coef) for k, part, coef in link.terms], 0.0)
    program = _Program(sparse.csc_matrix((vals, (r_i, c_i)), shape=(len(rhs), nvar)), np.array(rhs, dtype=float),
                       lower, upper)
    return program, index



def _bounds(rows, ties, hidden, hidden_n, targets, links=()):
    """Bounds of each target cell given every published figure: {target: (lo, hi)}.

    A target is ``(key, cell)`` with ``cell`` ``"count"``, ``"rest"`` or ``"n"``. Exact
    linear-programming bounds are returned for the targets the published figures pin to
    a single whole number (the ones :func:`_exposed` reports); for the others, the range
    of values seen in a few solutions of the same system, which already holds two whole
    numbers and so proves the cell is not pinned (the exact bounds are wider still).
    Solutions come from a handful of programs with seeded random objectives, so most
    cells are cleared without a program of their own.
    """
    import numpy as np

    program, index = _program(rows, ties, hidden, hidden_n, links)
    nvar = program.n

    def objective(target):
        k, cell = target
        c = np.zeros(nvar)
        if cell in ("count", "n"):
            c[2 * index[k]] = 1.0
        if cell in ("rest", "n"):
            c[2 * index[k] + 1] = 1.0
        return c

    # Probes: solutions of the system under seeded random objectives over the targets still open.
    rng = np.random.default_rng(0)
    coef = np.array([objective(t) for t in targets]) if targets else np.zeros((0, nvar))
    seen_lo = np.full(len(targets), np.inf)
    seen_hi = np.full(len(targets), -np.inf)
    open_ = np.ones(len(targets), dtype=bool)
    stalled = 0
    for probe in range(_PROBES):
        if not open_.any() or stalled >= 2:
            break
        before = int(open_.sum())
        if probe == 0:
            signs = np.ones(len(targets))
        elif probe % 2:
            # Push each open cell away from where it has been seen so far: up from its least value.
            signs = np.where(seen_lo <= np.median(seen_lo[open_]), -1.0, 1.0)
        else:
            signs = rng.choice([-1.0, 1.0], size=len(targets))
        x = program.solution(signs[open_] @ coef[open_])
        if x is None:
            break
        values = coef @ x
        seen_lo = np.minimum(seen_lo, values)
        seen_hi = np.maximum(seen_hi, values)
        open_ = np.floor(seen_hi + 1e-6) - np.ceil(seen_lo - 1e-6) < 1
        stalled = stalled + 1 if int(open_.sum()) == before else 0
    out = {}
    for j, target in enumerate(targets):
        if open_[j]:
            c = objective(target)
            out[target] = (program.minimum(c), -program.minimum(-c))
        else:
            out[target] = (float(seen_lo[j]), float(seen_hi[j]))
    return out


_PROBES = 40
#: Most rows tried, one by one, to protect the people a base leaves out.
_SEARCH = 40


class _Program:
    """One linear program, solved again and again with new objectives (HiGHS, warm-started).

    ``a x = b`` with ``lower <= x <= upper``; the constraints are passed once and each
    solve changes only the costs, so HiGHS starts from the last basis.
    """

    def __init__(self, a, b, lower, upper):
        import highspy
        import numpy as np

        self._np = np
        self.n = a.shape[1]
        self._cols = np.arange(self.n, dtype=np.int32)
        self.h = highspy.Highs()
        self.h.setOptionValue("output_flag", False)
        lp = highspy.HighsLp()
        lp.num_col_ = self.n
        lp.num_row_ = a.shape[0]
        lp.col_cost_ = np.zeros(self.n)
        lp.col_lower_ = np.asarray(lower, dtype=float)
        lp.col_upper_ = np.asarray(upper, dtype=float)
        lp.row_lower_ = b
        lp.row_upper_ = b
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = a.indptr.astype(np.int32)
        lp.a_matrix_.index_ = a.indices.astype(np.int32)
        lp.a_matrix_.value_ = a.data.astype(float)
        lp.a_matrix_.num_col_ = self.n
        lp.a_matrix_.num_row_ = a.shape[0]
        self.h.passModel(lp)
        self._optimal = highspy.HighsModelStatus.kOptimal

    def free(self, cols, upper) -> None:
        """Let variables ``cols`` range over 0..upper (a cell no longer published)."""
        for col in cols:
            self.h.changeColBounds(int(col), 0.0, float(upper))

    def _run(self, c) -> bool:
        self.h.changeColsCost(self.n, self._cols, self._np.asarray(c, dtype=float))
        self.h.run()
        return self.h.getModelStatus() == self._optimal

    def solution(self, c):
        """A solution minimising ``c @ x`` (None when the program has none)."""
        return self._np.array(self.h.getSolution().col_value) if self._run(c) else None

    def minimum(self, c) -> float:
        """The least value of ``c @ x`` (minus infinity when unbounded or infeasible)."""
        return self.h.getInfo().objective_function_value if self._run(c) else -self._np.inf


def _exposed(bounds) -> list:
    import math

    return sorted(t for t, (lo, hi) in bounds.items()
                  if math.isfinite(lo) and math.isfinite(hi)
                  and math.floor(hi + 1e-6) - math.ceil(lo - 1e-6) < 1)


def _keys(frame: "pd.DataFrame") -> list[tuple]:
    """:func:`_key` of every row of ``frame``, column by column (no per-row dictionaries)."""
    cols = [[str(v) for v in frame[c].tolist()] for c in KEY]
    if "category" in frame.columns:
        cols[0] = [f"{ind}{CATEGORY_SEP}{cat}" if isinstance(cat, str) and cat else ind
                   for ind, cat in zip(cols[0], frame["category"].tolist())]
    return list(zip(*cols))


def _whole(values) -> list[int]:
    import pandas as pd

    return [0 if pd.isna(v) else int(v) for v in values]


def _collect(frames: "pd.DataFrame | Iterable[pd.DataFrame]") -> dict[tuple, _Row]:
    import pandas as pd

    if isinstance(frames, pd.DataFrame):
        frames = [frames]
    rows: dict[tuple, _Row] = {}
    for frame in frames:
        for key, count, n in zip(_keys(frame), _whole(frame["count"].tolist()), _whole(frame["n"].tolist())):
            if key not in rows:
                rows[key] = _Row(key, count, n)
    return rows


@dataclass(frozen=True)
class Structure:
    """What an intruder knows ties the tables of a wave together, beyond each table's own sums.

    ``composites``: indicator -> (item, category labels) for indicators adding up categories of
    a scale published in full. ``bases``: (indicator, its base label) -> labels of bases whose
    n, in every group, is that indicator's count. ``items``: indicator -> the item it counts.
    ``answered``: labels of bases that leave out the people who did not answer the row's item.
    ``anchor``: the label of the base of all respondents. ``missing``: labels of the
    missing-answer categories of the scales (withheld first when more must go). Built from a codebook by
    :func:`analysis.protect.published.structure`.
    """

    composites: Mapping[str, tuple[str, Sequence[str]]] | None = None
    bases: Mapping[tuple[str, str], Sequence[str]] | None = None
    items: Mapping[str, str] | None = None
    answered: tuple[str, ...] = ()
    anchor: str | None = None
    missing: tuple[str, ...] = ()


def _system(frames, structure: Structure):
    rows = _collect(frames)
    links = _links(rows, composites=structure.composites, bases=structure.bases, items=structure.items,
                   answered=structure.answered, anchor=structure.anchor)
    ties = _partitions(rows, left_out=structure.anchor is not None)
    links = links + _left_out_links(rows, ties, structure.anchor)
    if structure.anchor is not None:
        links += _cross_left_out_links(rows, ties)
    return rows, ties, links


def _cross_left_out_links(rows, ties) -> list[_Link]:
    """The people left out of a cross ``a × b``, tied to those left out of the breakdowns by ``a`` and ``b``.

    Those left out of the breakdown by ``b`` are the people in an ``a`` group without a ``b``
    answer (the cross's internal rows under each ``a`` group) and the people with neither; the
    same for ``a``. The people with neither are an internal row of their own (``"~left out|<base>|both"``,
    never published, both cells at least zero), so that an intruder's knowledge that nobody is
    counted below zero is in the audit: when the breakdown by ``b`` publishes, say, that nobody
    it leaves out answered yes, nobody in an ``a`` group without ``b`` did either.
    """
    out: list[_Link] = []
    crosses: dict[tuple, dict[str, list[tuple]]] = {}
    for parent, kids, _ in ties:
        if parent is None or CROSS_SEP not in kids[0][2]:
            continue
        pseudo = [k for k in kids if _is_left_out(k)]
        crosses.setdefault((parent[0], parent[1], kids[0][2]), {}).setdefault(parent[2], []).extend(pseudo)
    tables = {k[:3] for k in rows}
    for (ind, base, by), per_dim in sorted(crosses.items()):
        dims = by.split(CROSS_SEP)
        if len(dims) != 2 or (ind, base, "overall") not in tables or any((ind, base, d) not in tables for d in dims):
            continue
        # Left out of the breakdown by dims[1] = left out of the cross under each dims[0] group + neither.
        left = {d: (ind, PSEUDO_BASE, d, f"{LEFT_OUT}|{base}|All") for d in dims}
        parts = {d: per_dim.get(dims[1 - i], []) for i, d in enumerate(dims)}
        whole = {d: rows[left[d]] if left[d] in rows else _Row(left[d], 0, 0) for d in dims}
        b = dims[1]
        both = (whole[b].count - sum(rows[k].count for k in parts[b]), whole[b].n - sum(rows[k].n for k in parts[b]))
        if both[0] < 0 or both[1] < both[0]:
            continue  # not counts of the same respondents (cannot happen with one wave's unweighted counts)
        neither = (ind, PSEUDO_BASE, by, f"{LEFT_OUT}|{base}|both")
        if both != (0, 0):
            rows.setdefault(neither, _Row(neither, both[0], both[1]))
        for d in dims:
            for part in ("y", "r"):
                terms = [(k, part, 1.0) for k in parts[d]] + [(left[d], part, -1.0)] * (left[d] in rows)
                terms += [(neither, part, 1.0)] * (neither in rows)
                if terms:
                    out.append(_Link(tuple(terms), "left-both"))
    return out


def _left_out_links(rows, ties, anchor) -> list[_Link]:
    """The people left out of a breakdown on the base of all respondents: the overall n less every
    group's n (``left-out``, so that withholding a group's base protects them), and one number
    whichever indicator the table counts (``left-same``)."""
    out = []
    same: dict[tuple, list[tuple]] = {}
    for parent, kids, _ in ties:
        pseudo = next((k for k in kids if _left_out_anchor(k, anchor)), None)
        if pseudo is None or parent is None:
            continue
        terms = [(parent, "y", 1.0), (parent, "r", 1.0)]
        terms += [(k, part, -1.0) for k in kids for part in ("y", "r")]
        out.append(_Link(tuple(terms), "left-out"))
        same.setdefault((pseudo[2], rows[pseudo].n), []).append(pseudo)
    for _, ks in sorted(same.items()):
        for a, b in zip(ks, ks[1:]):
            out.append(_Link(((a, "y", 1.0), (a, "r", 1.0), (b, "y", -1.0), (b, "r", -1.0)), "left-same"))
    return out


def _sensitive(rows, *, threshold: int, rule: str, anchor: str | None = None) -> set:
    """Cells that must not be worked out: small counts or rests (strict), small groups (sample survey).

    Under the strict rule the people a base leaves out for not answering are a count like
    any other. Under the sample-survey rule, with ``anchor`` (the base of all respondents)
    given, only groups small on that base are protected: a small base inside an adequate
    group (those without training, say) has its estimates withheld as too few to rest on,
    but its counts are counts in an adequate group, which that policy publishes.
    """
    if rule == "bases":
        return {k for k, r in rows.items() if 0 < r.n < threshold and not _is_pseudo(k)
                and (anchor is None or k[1] == anchor)}
    # Under the strict rule the people left out of a breakdown (no answer, a missing code), whose
    # number the notes state, are a count like any other: fewer than the threshold, not to be worked out.
    left = {k for k, r in rows.items() if _left_out_anchor(k, anchor) and 0 < r.n < threshold}
    return left | {k for k, r in rows.items()
                   if (r.n > 0 and (r.count < threshold or r.n - r.count < threshold) and not _is_pseudo(k))
                   or (_is_pseudo(k) and not _is_left_out(k) and 0 < r.count < threshold)}


def plan(frames: "pd.DataFrame | Iterable[pd.DataFrame]", *, threshold: int = DEFAULT_THRESHOLD,
         composites: Mapping[str, tuple[str, Sequence[str]]] | None = None,
         rule: str = "cells", bases: Mapping[tuple[str, str], Sequence[str]] | None = None,
         structure: Structure | None = None) -> "pd.DataFrame":
    """Decide which rows to withhold across every table of a wave.

    Parameters
    ----------
    frames : DataFrame or iterable of DataFrames
        Estimate frames (unsuppressed). A row appearing in several frames (the overall
        row of each breakdown, say) is decided once.
    threshold : int
        Smallest count that may be published (default 10).
    composites, bases : mapping, optional
        Shorthands for the same fields of ``structure``.
    structure : Structure, optional
        What ties the tables together across indicators and bases (:class:`Structure`).
    rule : {"cells", "bases"}
        What is small: ``"cells"`` (the strict policy) a count or the rest of its base
        below ``threshold``, and the people a base leaves out for not answering;
        ``"bases"`` (the sample-survey policy) a group's whole unweighted base below
        ``threshold`` (reason ``"small-base"``).

    Returns
    -------
    DataFrame
        One row per distinct ``indicator, base, by, group`` with ``disclosure``
        (``""``, ``"primary"``, ``"small-base"``, ``"secondary"`` or ``"table"``: the
        cells tied to it could not be protected one by one, so all of them are
        withheld) and ``hide_n`` (the base itself is withheld). Never raises on valid
        counts.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"indicator": "x", "base": "all", "by": ["overall", "s", "s"],
    ...                   "group": ["All", "A", "B"], "count": [40, 5, 35], "n": [100, 30, 70]})
    >>> plan(t)[["group", "disclosure", "hide_n"]].values.tolist()
    [['All', '', False], ['A', 'primary', False], ['B', 'secondary', False]]
    """
    import pandas as pd

    structure = structure or Structure(composites=composites, bases=bases)
    rows, ties, links = _system(frames, structure)
    sensitive = _sensitive(rows, threshold=threshold, rule=rule, anchor=structure.anchor)
    small = "small-base" if rule == "bases" else "primary"
    reason = {k: small for k in _sensitive(rows, threshold=threshold, rule=rule) if not _is_pseudo(k)}
    hidden_n = {k for k, r in rows.items() if (0 < r.n < threshold or _is_pseudo(k))
                and not _left_out_published(k, rows, threshold=threshold, anchor=structure.anchor, rule=rule)}
    if rule == "bases" and structure.anchor is not None:
        # A group's base is withheld when the group is small. A smaller base inside an adequate
        # group (those without training, say) is a count the policy publishes: its estimates are
        # withheld, its n stays.
        hidden_n = {k for k in hidden_n if k[1] == structure.anchor or _is_pseudo(k)}
    _withhold_linked_bases(rows, structure.bases or {}, reason, hidden_n)
    for comp_rows, comp_ties, comp_links in _components(rows, ties, links):
        try:
            _protect_component(comp_rows, comp_ties, comp_links, reason, hidden_n, sensitive,
                               threshold=threshold, missing=frozenset(structure.missing))
        except _Unprotectable:
            # No cell left to withhold beside a small one: withhold everything tied to it.
            for k in comp_rows:
                if k not in reason and not _is_pseudo(k):
                    reason[k] = "table"
                hidden_n.add(k)
    if rule == "cells":  # withheld cells of one total must not add up to a small published count
        from analysis.protect.sums import withhold_for_sums

        withhold_for_sums(rows, ties, reason, hidden_n, threshold=threshold, missing=frozenset(structure.missing))
    return pd.DataFrame(
        [(*k, reason.get(k, ""), k in hidden_n) for k in sorted(rows) if not _is_pseudo(k)],
        columns=[*KEY, "disclosure", "hide_n"],
    )


def _withhold_linked_bases(rows, bases, reason, hidden_n) -> None:
    """Withhold, with its n, every row on a base whose n is a withheld count (see :func:`plan`)."""
    if not bases:
        return
    by_base: dict[tuple, list[tuple]] = {}
    for k in rows:
        by_base.setdefault((k[1], k[2], k[3]), []).append(k)
    for k in sorted(reason):
        for label in bases.get((k[0], k[1]), ()):
            for other in by_base.get((label, k[2], k[3]), ()):
                reason.setdefault(other, "secondary")
                hidden_n.add(other)


def _components(rows, ties, links=()):
    """Rows tied together (directly or through other rows), with their ties and links; untied rows are left out."""
    parent_of = {k: k for k in rows}

    def find(k):
        while parent_of[k] != k:
            parent_of[k] = parent_of[parent_of[k]]
            k = parent_of[k]
        return k

    groups_of = [kids + ([parent] if parent is not None else []) for parent, kids, _ in ties]
    groups_of += [link.members for link in links]
    for members in groups_of:
        for k in members[1:]:
            a, b = find(k), find(members[0])
            if a != b:
                parent_of[max(a, b)] = min(a, b)
    groups: dict[tuple, list] = {}
    for k in rows:
        groups.setdefault(find(k), []).append(k)
    tie_groups: dict[tuple, list] = {}
    for tie in ties:
        tie_groups.setdefault(find(tie[1][0]), []).append(tie)
    link_groups: dict[tuple, list] = {}
    for link in links:
        link_groups.setdefault(find(link.members[0]), []).append(link)
    for root in sorted(set(tie_groups) | set(link_groups)):
        yield {k: rows[k] for k in groups[root]}, tie_groups.get(root, []), link_groups.get(root, [])


def _same_n_closure(links, reason, hidden_n) -> bool:
    """A withheld base is withheld on every row that shares it (same base, same group)."""
    changed = False
    grew = True
    while grew:
        grew = False
        for link in links:
            if link.kind != "same-n":
                continue
            a, b = link.members
            if (a in hidden_n) != (b in hidden_n):
                other = b if a in hidden_n else a
                hidden_n.add(other)
                reason.setdefault(other, "secondary")
                grew = changed = True
    return changed


def _protect_component(rows, ties, links, reason, hidden_n, sensitive, *, threshold, missing=frozenset()) -> None:
    """Secondary suppression inside one group of tied rows (updates ``reason`` and ``hidden_n``).

    Where a further cell must be withheld, the choice prefers, in this order: a
    missing-answer category (don't know, no answer); the scale point beside a small one
    when an indicator adds up just the two (the two are then published combined, as that
    indicator: reason ``"collapsed"``); then the smallest other row.

    Raises :class:`_Unprotectable` when no further cell can be withheld.
    """
    pairs = {}
    for link in links:
        kids = [key for key, _, _ in link.terms[1:]]
        if link.kind == "composite" and len(kids) == 2:
            pairs[kids[0]], pairs[kids[1]] = (kids[1], link.terms[0][0]), (kids[0], link.terms[0][0])

    def collapses(k):
        other, total = pairs.get(k, (None, None))
        return other is not None and reason.get(other) == "primary" and total not in reason

    def rank(k):
        if CATEGORY_SEP in k[0] and k[0].split(CATEGORY_SEP, 1)[1] in missing:
            return 0
        return 1 if collapses(k) else 2

    def pick(cands):
        return min(cands, key=lambda k: (rank(k), rows[k].n, rows[k].count, k))

    def hide(k, *, with_n):
        reason.setdefault(k, "collapsed" if collapses(k) else "secondary")
        if with_n:
            hidden_n.add(k)

    tied: dict[tuple, list] = {}
    for tie in ties:
        for k in tie[1] + ([tie[0]] if tie[0] is not None else []):
            tied.setdefault(k, []).append(tie)
    linked: dict[tuple, list] = {}
    for link in links:
        for k in link.members:
            linked.setdefault(k, []).append(link)

    # Withholding only ever widens what an intruder cannot tell: a cell once shown not to be pinned
    # stays so in later rounds, and only the others are checked again.
    cleared: set = set()
    for _ in range(4 * len(rows) + 4):
        changed = _same_n_closure(links, reason, hidden_n)
        # At least two withheld rows (and two withheld bases) in every tie that has one.
        for parent, kids, _ in ties:
            # (A row withheld only as too few to rest on, in an adequate group, needs no partner.)
            if sum(k in reason for k in kids) == 1 and any(k in sensitive or reason[k] != "small-base"
                                                           for k in kids if k in reason):
                free = [k for k in kids if k not in reason and not _is_pseudo(k)]
                if free:
                    hide(pick(free), with_n=False)
                elif parent is not None and parent not in reason:
                    reason[parent] = "secondary"
                changed = True
            if sum(k in hidden_n and not _is_pseudo(k) for k in kids) == 1:
                others = [k for k in kids if k in reason and k not in hidden_n]
                if others:
                    hidden_n.add(pick(others))
                    changed = True
        if changed:
            continue
        hidden = {k for k in rows if k in reason or _is_pseudo(k)}
        hn = {k for k in rows if k in hidden_n}
        targets = [(k, cell) for k in sorted(rows) if k in sensitive for cell in _cells(k)]
        targets += [(k, "n") for k in sorted(hn) if 0 < rows[k].n < threshold and not _is_pseudo(k)]
        targets = [t for t in targets if t not in cleared]
        exposed = _exposed(_bounds(rows, ties, hidden, hn, targets, links)) if targets else []
        cleared.update(set(targets) - set(exposed))
        if not exposed:
            return
        acted = set()
        program = index = None
        top = max((r.n for r in rows.values()), default=0)
        for k, cell in exposed:
            if k in acted:
                continue
            related = tied.get(k, [])
            # Rows sharing a tie with k may be freed by what is withheld for k: audit them again first.
            if not _is_pseudo(k):
                acted.update(c for t in related for c in t[1])
            acted.update(m for link in linked.get(k, []) for m in link.members)
            if _is_pseudo(k):
                if program is None:
                    program, index = _program(rows, ties, hidden, hn, links)
                options = _candidates_beside_outside(k, rows, linked, tied, reason, hidden_n)
                # A base withheld is a change of constraints, not of bounds: taken without a check.
                chosen = next(((m, with_n) for m, with_n in options[:_SEARCH]
                               if with_n or _unpins(program, index, k, m, with_n, top)), None)
                if chosen is None:
                    # No one row is enough (a cell pinned by its column too, say): withhold the most wanted,
                    # and the next rounds withhold its partners.
                    if not options:
                        raise _Unprotectable(k)
                    chosen = options[0]
                hide(chosen[0], with_n=chosen[1])
                continue
            if cell == "n":
                others = [c for t in related for c in t[1] if c in reason and c not in hidden_n]
                if others:
                    hidden_n.add(pick(others))
                    continue
            free = [c for t in related for c in t[1] if c not in reason and not _is_pseudo(c)]
            free += [m for link in linked.get(k, []) if link.kind != "same-n"
                     for m in link.members if m not in reason and not _is_pseudo(m)]
            if free:
                hide(pick(free), with_n=cell == "n")
                continue
            parents = [t[0] for t in related if t[0] is not None and t[0] not in reason]
            if not parents:
                raise _Unprotectable(k)
            reason[pick(parents)] = "secondary"
    raise _Unprotectable(None)


def _candidates_beside_outside(k, rows, linked, tied, reason, hidden_n):
    """Ways to protect the people a base leaves out (internal row ``k``), most wanted first.

    Each is ``(row, with_n)``: withhold the row (and its base when ``with_n``). First the
    rows of the subtraction itself (not the base of all respondents, not a scale category
    that a published indicator adds up with others), then the same cells in other groups
    of the table, then the bases of rows already withheld, then any row counting answers
    to the same item in the same breakdown, last the base of all respondents.
    """
    def n_type(link, m):
        return {part for key, part, _ in link.terms if key == m} == {"y", "r"}

    def useful(m):
        return not any(link.kind == "composite" and link.terms[0][0] != m and link.terms[0][0] not in reason
                       for link in linked.get(m, []))

    def order(ms):
        return sorted(set(ms), key=lambda m: (rows[m].n, rows[m].count, m))

    mine = [link for link in linked.get(k, []) if link.kind in ("outside", "left-out")]
    anchors = {link.terms[0][0] for link in mine}
    own = {m: n_type(link, m) for link in mine for m in link.members if not _is_pseudo(m)}
    out = [(m, own[m]) for m in order(m for m in own if m not in reason and m not in anchors and useful(m))]
    near = [c for m in own if m in reason and not own[m] for t in tied.get(m, []) for c in t[1] + [t[0]]
            if c is not None and c not in reason and not _is_pseudo(c) and c not in anchors and useful(c)]
    out += [(c, False) for c in order(near)]
    out += [(m, True) for m in order(m for m in own if m in reason and m not in hidden_n and own[m]
                                      and m not in anchors)]
    item = k[0].rsplit(": ", 1)[0]
    wider = [c for c in rows if c not in reason and not _is_pseudo(c) and c[2] in (k[2], "overall")
             and c[0].split(CATEGORY_SEP)[0] == item and c not in anchors and useful(c)]
    out += [(c, False) for c in order(wider)]
    out += [(m, True) for m in order(m for m in anchors if m not in reason)]
    seen, unique = set(), []
    for m, with_n in out:
        if (m, with_n) not in seen:
            seen.add((m, with_n))
            unique.append((m, with_n))
    return unique


def _unpins(program, index, k, m, with_n, upper) -> bool:
    """Whether withholding row ``m`` (and its base) leaves row ``k``'s count with two whole values or more."""
    import math

    import numpy as np

    cols = [2 * index[m], 2 * index[m] + 1]
    lp = program.h.getLp()
    before = [(lp.col_lower_[c], lp.col_upper_[c]) for c in cols]
    program.free(cols, upper)
    c = np.zeros(program.n)
    c[2 * index[k]] = 1.0
    lo, hi = program.minimum(c), -program.minimum(-c)
    ok = math.floor(hi + 1e-6) - math.ceil(lo - 1e-6) >= 1
    if not ok:
        for col, (a, b) in zip(cols, before):
            program.h.changeColBounds(col, a, b)
    return ok


def apply_plan(frame: "pd.DataFrame", decisions: "pd.DataFrame") -> "pd.DataFrame":
    """Withhold, in one published table, the rows that :func:`plan` decided on.

    Every column but the row's identity (``indicator, base, by, group``) and the method
    description is set to missing on a withheld row; ``n`` is withheld only where the
    plan says so. A ``disclosure`` column records why. Significance letters pointing
    at a withheld group are left in place only if the group's own letter is hidden
    too, so callers should pass letters through :func:`strip_letters`.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"indicator": "x", "base": "all", "by": ["overall", "s", "s"],
    ...                   "group": ["All", "A", "B"], "count": [40, 5, 35], "n": [100, 30, 70],
    ...                   "proportion": [0.4, 5 / 30, 0.5]})
    >>> apply_plan(t, plan(t))["proportion"].tolist()
    [0.4, <NA>, <NA>]
    """
    import pandas as pd

    out = frame.copy()
    d = decisions.set_index(list(KEY))
    idx = pd.MultiIndex.from_tuples(_keys(out), names=list(KEY))
    reason = d["disclosure"].reindex(idx).fillna("").to_numpy()
    hide_n = d["hide_n"].reindex(idx).fillna(False).to_numpy(dtype=bool)
    hide = reason != ""
    for col in out.columns:
        if col in KEY or col in DESCRIPTIVE:
            continue
        mask = hide_n if col in ("n", "weighted_n", "effective_n") else hide
        if not mask.any():
            continue
        s = out[col]
        if pd.api.types.is_integer_dtype(s) or pd.api.types.is_bool_dtype(s):
            s = s.astype("Int64" if pd.api.types.is_integer_dtype(s) else "boolean")
        elif pd.api.types.is_float_dtype(s):
            s = s.astype("Float64")
        elif not isinstance(s.dtype, pd.StringDtype):
            s = s.astype("object")
        out[col] = s.mask(mask)
    out["disclosure"] = reason
    if "letter" in out.columns and "letters" in out.columns:
        out["letters"] = strip_letters(out)
    return out


def strip_letters(frame: "pd.DataFrame") -> "pd.Series":
    """Significance letters with the keys of withheld groups removed.

    A letter says "this group is significantly higher than group B"; once B's figure is
    withheld the comparison is withheld with it (as is every letter on a withheld row).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"letter": ["A", "B", "C"], "letters": ["", "AC", pd.NA],
    ...                   "disclosure": ["", "", "primary"]})
    >>> strip_letters(t).tolist()
    ['', 'A', <NA>]
    """
    import pandas as pd

    gone = set(frame.loc[frame["disclosure"] != "", "letter"].dropna().astype(str))
    letters = frame["letters"].astype("object")
    kept = [v if pd.isna(v) else "".join(ch for ch in str(v) if ch not in gone) for v in letters]
    return pd.Series(kept, index=frame.index, dtype="string")


def suppress(frame: "pd.DataFrame", *, threshold: int = DEFAULT_THRESHOLD) -> "pd.DataFrame":
    """Plan and apply suppression for one self-contained frame (see module docs)."""
    return apply_plan(frame, plan(frame, threshold=threshold))


def audit(original: "pd.DataFrame | Iterable[pd.DataFrame]", published: "pd.DataFrame | Iterable[pd.DataFrame]",
          *, threshold: int = DEFAULT_THRESHOLD,
          composites: Mapping[str, tuple[str, Sequence[str]]] | None = None, rule: str = "cells",
          structure: Structure | None = None) -> "pd.DataFrame":
    """Suppressed cells an intruder could work out exactly from what is published.

    Parameters
    ----------
    original : DataFrame or iterable
        The estimate frames before suppression (the truth).
    published : DataFrame or iterable
        The same frames after :func:`apply_plan`.
    threshold : int
        The threshold the plan used: only cells below it need protecting (a withheld
        secondary cell may be worked out without harm).
    composites, structure : optional
        As in :func:`plan`: the audit checks every tie between tables the plan knows of,
        built again here from the original frames.
    rule : {"cells", "bases"}
        As in :func:`plan`: which withheld cells must not be worked out.

    Returns
    -------
    DataFrame with ``indicator, base, by, group, cell, low, high`` for each exposed
    cell (``cell`` is ``count``, ``rest`` = n - count, or ``n``); empty when safe.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"indicator": "x", "base": "all", "by": ["overall", "s", "s"],
    ...                   "group": ["All", "A", "B"], "count": [40, 5, 35], "n": [100, 30, 70]})
    >>> leaky = t.assign(count=t["count"].astype("Int64").mask(t["group"] == "A"))
    >>> audit(t, leaky)[["group", "cell", "low", "high"]].values.tolist()
    [['A', 'count', 5.0, 5.0], ['A', 'rest', 25.0, 25.0]]
    >>> audit(t, suppress(t)).empty
    True
    """
    import pandas as pd

    structure = structure or Structure(composites=composites)
    rows, ties, links = _system(original, structure)
    pubs = [published] if isinstance(published, pd.DataFrame) else list(published)
    hidden, hidden_n = set(), set()
    for frame in pubs:
        keys = _keys(frame)
        hidden.update(k for k, gone in zip(keys, frame["count"].isna().tolist()) if gone)
        hidden_n.update(k for k, gone in zip(keys, frame["n"].isna().tolist()) if gone)
    pseudo = {k for k in rows if _is_pseudo(k)}
    hidden |= pseudo
    hidden_n |= {k for k in pseudo
                 if not _left_out_published(k, rows, threshold=threshold, anchor=structure.anchor, rule=rule)}
    sensitive = _sensitive(rows, threshold=threshold, rule=rule, anchor=structure.anchor)
    targets = [(k, cell) for k in sorted(hidden & sensitive) for cell in _cells(k)]
    targets += [(k, "n") for k in sorted(hidden_n - pseudo) if 0 < rows[k].n < threshold]
    bounds = {}
    # Rows tied to nothing are bounded by their own base only (0..n), which pins nothing in a non-empty row.
    for comp_rows, comp_ties, comp_links in _components(rows, ties, links):
        mine = [t for t in targets if t[0] in comp_rows]
        if mine:
            bounds.update(_bounds(comp_rows, comp_ties, hidden & set(comp_rows), hidden_n & set(comp_rows), mine,
                                  comp_links))
    found = [(*k, cell, *bounds[(k, cell)]) for k, cell in _exposed(bounds)]
    if rule == "cells":  # withheld cells adding up to a small published count (see analysis.protect.sums)
        from analysis.protect.sums import small_sums

        for gone, part, value in small_sums(rows, ties, hidden, hidden_n, threshold=threshold):
            found.append((*gone[0], "sum" if part == "count" else "sum of rests", float(value), float(value)))
    return pd.DataFrame(found, columns=[*KEY, "cell", "low", "high"])
