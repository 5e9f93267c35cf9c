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


def _partitions(rows: dict[tuple, _Row], composites: Mapping[str, tuple[str, Sequence[str]]] | None = None
                ) -> list[tuple[tuple | None, list[tuple], tuple[int, int]]]:
    """Linear ties between rows: (parent key or None, child keys, constant (yes, no) remainder).

    For each indicator and base: the groups of a breakdown add up to the overall row
    (minus respondents outside every group); the cells of a cross ``a × b`` add up to
    their ``a`` group and to their ``b`` group.
    """
    out = []
    # An indicator counting some categories of a scale is their sum, where both are published.
    for key in sorted(rows):
        if key[0] in (composites or {}):
            item, categories = composites[key[0]]
            kids = [(f"{item}{CATEGORY_SEP}{c}", *key[1:]) for c in categories]
            if kids and all(k in rows for k in kids):
                out.append(_tie(rows, key, kids))
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
                    out.append(_tie(rows, parent, kids))
        else:
            out.append(_tie(rows, (ind, base, "overall", "All"), keys))
    return out


def _tie(rows, parent, kids):
    yes = sum(rows[k].count for k in kids)
    no = sum(rows[k].n - rows[k].count for k in kids)
    if parent in rows:
        p = rows[parent]
        return parent, sorted(kids), (p.count - yes, p.n - p.count - no)
    # Parent not published: the children still add up to a total an intruder may know.
    return None, sorted(kids), (yes, no)


def _bounds(rows, ties, hidden, hidden_n, targets):
    """LP bounds of each target cell given every published figure. Returns {target: (lo, hi)}."""
    import numpy as np
    from scipy.optimize import linprog

    keys = sorted(rows)
    index = {k: i for i, k in enumerate(keys)}
    nvar = 2 * len(keys)  # yes_i at 2i, no_i at 2i+1
    a_eq, b_eq = [], []
    bounds = []
    for k in keys:
        r = rows[k]
        if k in hidden:
            bounds += [(0, None), (0, None)]
        else:
            bounds += [(r.count, r.count), (r.n - r.count, r.n - r.count)]
        if k not in hidden_n:
            row = np.zeros(nvar)
            row[2 * index[k]] = row[2 * index[k] + 1] = 1
            a_eq.append(row)
            b_eq.append(r.n)
    for parent, kids, (rest_yes, rest_no) in ties:
        for off, rest in ((0, rest_yes), (1, rest_no)):
            row = np.zeros(nvar)
            for k in kids:
                row[2 * index[k] + off] = 1
            if parent is None:
                b_eq.append(rest)
            else:
                row[2 * index[parent] + off] -= 1
                b_eq.append(-rest)
            a_eq.append(row)
    a_eq = np.array(a_eq) if a_eq else None
    out = {}
    solved: dict[tuple, tuple[float, float]] = {}
    for target in targets:
        k, cell = target
        if cell in ("count", "rest") and k not in hidden_n:
            # yes + no = n is published: the rest's bounds follow from the count's (one pair of programs, not two).
            if k not in solved:
                solved[k] = _solve(np.zeros(nvar), 2 * index[k], a_eq, b_eq, bounds)
            lo, hi = solved[k]
            out[target] = (lo, hi) if cell == "count" else (rows[k].n - hi, rows[k].n - lo)
            continue
        c = np.zeros(nvar)
        if cell in ("count", "n"):
            c[2 * index[k]] = 1
        if cell in ("rest", "n"):
            c[2 * index[k] + 1] = 1
        lo = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        hi = linprog(-c, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        out[target] = (lo.fun if lo.status == 0 else -np.inf, -hi.fun if hi.status == 0 else np.inf)
    return out


def _solve(c, position, a_eq, b_eq, bounds) -> tuple[float, float]:
    """Lowest and highest value of variable ``position`` under the constraints (infinite when unbounded)."""
    import numpy as np
    from scipy.optimize import linprog

    c = c.copy()
    c[position] = 1
    lo = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
    hi = linprog(-c, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
    return (lo.fun if lo.status == 0 else -np.inf, -hi.fun if hi.status == 0 else np.inf)


def _exposed(bounds) -> list:
    import math

    return sorted(t for t, (lo, hi) in bounds.items()
                  if math.isfinite(lo) and math.isfinite(hi)
                  and math.floor(hi + 1e-6) - math.ceil(lo - 1e-6) < 1)


def _collect(frames: "pd.DataFrame | Iterable[pd.DataFrame]") -> dict[tuple, _Row]:
    import pandas as pd

    if isinstance(frames, pd.DataFrame):
        frames = [frames]
    rows: dict[tuple, _Row] = {}
    for frame in frames:
        for rec in frame.to_dict("records"):
            count, n = rec["count"], rec["n"]
            count = 0 if pd.isna(count) else int(count)
            n = 0 if pd.isna(n) else int(n)
            rows.setdefault(_key(rec), _Row(_key(rec), count, n))
    return rows


def plan(frames: "pd.DataFrame | Iterable[pd.DataFrame]", *, threshold: int = DEFAULT_THRESHOLD,
         composites: Mapping[str, tuple[str, Sequence[str]]] | None = None,
         rule: str = "cells", bases: Mapping[tuple[str, str], Sequence[str]] | None = None) -> "pd.DataFrame":
    """Decide which rows to withhold across every table of a wave.

    Parameters
    ----------
    frames : DataFrame or iterable of DataFrames
        Estimate frames (unsuppressed). A row appearing in several frames (the overall
        row of each breakdown, say) is decided once.
    threshold : int
        Smallest count that may be published (default 10).
    composites : mapping, optional
        Indicator -> (item, categories) for indicators that count some categories of a
        scale published in full (``distribution`` rows), so that the indicator's count
        and the categories' counts are protected together.
    bases : mapping, optional
        (indicator, base label) -> labels of bases whose n, in every group, is that
        indicator's count (:func:`analysis.protect.published.base_links`): where the
        count is withheld, the linked rows are withheld with their bases.
    rule : {"cells", "bases"}
        What is small: ``"cells"`` (the strict policy) a count or the rest of its base
        below ``threshold``; ``"bases"`` (the sample-survey policy) a group's whole
        unweighted base below ``threshold`` (reason ``"small-base"``).

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

    rows = _collect(frames)
    ties = _partitions(rows, composites)
    # An empty group (n = 0) has no respondents to protect.
    if rule == "bases":
        reason = {k: "small-base" for k, r in rows.items() if 0 < r.n < threshold}
    else:
        reason = {k: "primary" for k, r in rows.items()
                  if r.n > 0 and (r.count < threshold or r.n - r.count < threshold)}
    hidden_n = {k for k, r in rows.items() if 0 < r.n < threshold}
    _withhold_linked_bases(rows, bases or {}, reason, hidden_n)
    for comp_rows, comp_ties in _components(rows, ties):
        try:
            _protect_component(comp_rows, comp_ties, reason, hidden_n)
        except _Unprotectable:
            # No cell left to withhold beside a small one: withhold everything tied to it.
            for k in comp_rows:
                if k not in reason:
                    reason[k] = "table"
                hidden_n.add(k)
    return pd.DataFrame(
        [(*k, reason.get(k, ""), k in hidden_n) for k in sorted(rows)],
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


def _components(rows, ties):
    """Rows tied together (directly or through other rows), with their ties; untied rows are left out."""
    parent_of = {k: k for k in rows}

    def find(k):
        while parent_of[k] != k:
            parent_of[k] = parent_of[parent_of[k]]
            k = parent_of[k]
        return k

    for parent, kids, _ in ties:
        members = kids + ([parent] if parent is not None else [])
        for k in members[1:]:
            parent_of[find(k)] = find(members[0])
    groups: dict[tuple, list] = {}
    for k in rows:
        groups.setdefault(find(k), []).append(k)
    tie_groups: dict[tuple, list] = {}
    for tie in ties:
        tie_groups.setdefault(find(tie[1][0]), []).append(tie)
    for root in sorted(tie_groups):
        yield {k: rows[k] for k in groups[root]}, tie_groups[root]


def _protect_component(rows, ties, reason, hidden_n) -> None:
    """Secondary suppression inside one group of tied rows (updates ``reason`` and ``hidden_n``).

    Raises :class:`_Unprotectable` when no further cell can be withheld.
    """
    def pick(cands):
        return min(cands, key=lambda k: (rows[k].n, rows[k].count, k))

    for _ in range(4 * len(rows) + 4):
        changed = False
        # At least two withheld rows (and two withheld bases) in every tie that has one.
        for parent, kids, _ in ties:
            if sum(k in reason for k in kids) == 1:
                free = [k for k in kids if k not in reason]
                if free:
                    reason[pick(free)] = "secondary"
                elif parent is not None and parent not in reason:
                    reason[parent] = "secondary"
                changed = True
            if sum(k in hidden_n for k in kids) == 1:
                others = [k for k in kids if k in reason and k not in hidden_n]
                if others:
                    hidden_n.add(pick(others))
                    changed = True
        if changed:
            continue
        hidden = {k for k in rows if k in reason}
        hn = {k for k in rows if k in hidden_n}
        # Only the primary cells need protecting; a secondary cell may be worked out.
        targets = [(k, cell) for k in sorted(hidden) if reason[k] == "primary" for cell in ("count", "rest")]
        targets += [(k, cell) for k in sorted(hidden) if reason[k] == "small-base" for cell in ("count", "rest")]
        targets += [(k, "n") for k in sorted(hn)]
        exposed = _exposed(_bounds(rows, ties, hidden, hn, targets)) if targets else []
        if not exposed:
            return
        acted = set()
        for k, cell in exposed:
            if k in acted:
                continue
            related = [t for t in ties if k in t[1] or t[0] == k]
            # Rows sharing a tie with k may be freed by what is withheld for k: audit them again first.
            acted.update(c for t in related for c in t[1])
            if cell == "n":
                others = [c for t in related for c in t[1] if c in reason and c not in hidden_n]
                if others:
                    hidden_n.add(pick(others))
                    continue
            free = [c for t in related for c in t[1] if c not in reason]
            if free:
                chosen = pick(free)
                reason[chosen] = "secondary"
                if cell == "n":
                    hidden_n.add(chosen)
                continue
            parents = [t[0] for t in related if t[0] is not None and t[0] not in reason]
            if not parents:
                raise _Unprotectable(k)
            reason[pick(parents)] = "secondary"
    raise _Unprotectable(None)


def _withhold_n(rows, hidden_n, tie) -> bool:
    free = [k for k in tie[1] if k not in hidden_n]
    if not free:
        return False
    hidden_n.add(min(free, key=lambda k: (rows[k].n, k)))
    return True


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
    cols = list(KEY) + (["category"] if "category" in out.columns else [])
    keys = [_key(r) for r in out[cols].to_dict("records")]
    idx = pd.MultiIndex.from_tuples(keys, names=list(KEY))
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


def apply_with_fallback(frame: "pd.DataFrame", decisions: "pd.DataFrame", *,
                        threshold: int = DEFAULT_THRESHOLD) -> "pd.DataFrame":
    """Apply a wave's plan to another frame (a figure's numbers, say); rows it lacks are planned here.

    Rows the plan covers take its decision, so a figure withholds exactly what the tables
    withhold; rows it does not cover (another base, a cross) get a plan of their own.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"indicator": "x", "base": "all", "by": ["overall", "s", "s"],
    ...                   "group": ["All", "A", "B"], "count": [40, 5, 35], "n": [100, 30, 70]})
    >>> apply_with_fallback(t.iloc[1:], plan(t))["disclosure"].tolist()
    ['primary', 'secondary']
    """
    import pandas as pd

    work = frame.copy()
    for col in KEY:
        work[col] = work[col].astype("string").fillna("")
    merged = pd.concat([decisions, plan(work, threshold=threshold)], ignore_index=True)
    keys = [_key(r) for r in merged[list(KEY)].to_dict("records")]
    merged = merged[~pd.Series(keys).duplicated().to_numpy()]
    return apply_plan(frame, merged)


def suppress(frame: "pd.DataFrame", *, threshold: int = DEFAULT_THRESHOLD) -> "pd.DataFrame":
    """Plan and apply suppression for one self-contained frame (see module docs)."""
    return apply_plan(frame, plan(frame, threshold=threshold))


def audit(original: "pd.DataFrame | Iterable[pd.DataFrame]", published: "pd.DataFrame | Iterable[pd.DataFrame]",
          *, threshold: int = DEFAULT_THRESHOLD,
          composites: Mapping[str, tuple[str, Sequence[str]]] | None = None, rule: str = "cells") -> "pd.DataFrame":
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
    composites : mapping, optional
        As in :func:`plan`.
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

    rows = _collect(original)
    pubs = [published] if isinstance(published, pd.DataFrame) else list(published)
    hidden, hidden_n = set(), set()
    for frame in pubs:
        for rec in frame.to_dict("records"):
            rec.setdefault("category", None)
            if pd.isna(rec["count"]):
                hidden.add(_key(rec))
            if pd.isna(rec["n"]):
                hidden_n.add(_key(rec))
    if rule == "bases":
        sensitive = {k for k, r in rows.items() if 0 < r.n < threshold}
    else:
        sensitive = {k for k, r in rows.items() if r.n > 0 and (r.count < threshold or r.n - r.count < threshold)}
    targets = [(k, cell) for k in sorted(hidden & sensitive) for cell in ("count", "rest")]
    targets += [(k, "n") for k in sorted(hidden_n) if 0 < rows[k].n < threshold]
    bounds = {}
    # Rows tied to nothing are bounded by their own base only (0..n), which pins nothing in a non-empty row.
    for comp_rows, comp_ties in _components(rows, _partitions(rows, composites)):
        mine = [t for t in targets if t[0] in comp_rows]
        if mine:
            bounds.update(_bounds(comp_rows, comp_ties, hidden & set(comp_rows), hidden_n & set(comp_rows), mine))
    found = [(*k, cell, *bounds[(k, cell)]) for k, cell in _exposed(bounds)]
    return pd.DataFrame(found, columns=[*KEY, "cell", "low", "high"])
