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
audit (:mod:`analysis.protect.audit`) then checks that no suppressed cell is pinned to a single whole
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

from typing import TYPE_CHECKING, Iterable, Mapping, Sequence

from analysis.protect.audit import cell_bounds, exposed_cells, linear_program
from analysis.protect.structure import (CATEGORY_SEP, DEFAULT_THRESHOLD, DESCRIPTIVE, KEY, Structure, key_cells,
                                        components, is_pseudo, row_keys, left_out_published, sensitive_rows, linked_system)
from analysis.protect.sums import withhold_for_sums

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


class _Unprotectable(Exception):
    """Secondary suppression found no further cell to withhold (handled in :func:`plan`)."""


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


#: Most rows tried, one by one, to protect the people a base leaves out.
_SEARCH = 40


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
    rows, ties, links = linked_system(frames, structure)
    sensitive = sensitive_rows(rows, threshold=threshold, rule=rule, anchor=structure.anchor)
    small = "small-base" if rule == "bases" else "primary"
    reason = {k: small for k in sensitive_rows(rows, threshold=threshold, rule=rule) if not is_pseudo(k)}
    hidden_n = {k for k, r in rows.items() if (0 < r.n < threshold or is_pseudo(k))
                and not left_out_published(k, rows, threshold=threshold, anchor=structure.anchor, rule=rule)}
    if rule == "bases" and structure.anchor is not None:
        # A group's base is withheld when the group is small. A smaller base inside an adequate
        # group (those without training, say) is a count the policy publishes: its estimates are
        # withheld, its n stays.
        hidden_n = {k for k in hidden_n if k[1] == structure.anchor or is_pseudo(k)}
    _withhold_linked_bases(rows, structure.bases or {}, reason, hidden_n)
    for comp_rows, comp_ties, comp_links in components(rows, ties, links):
        try:
            _protect_component(comp_rows, comp_ties, comp_links, reason, hidden_n, sensitive,
                               threshold=threshold, missing=frozenset(structure.missing))
        except _Unprotectable:
            # No cell left to withhold beside a small one: withhold everything tied to it.
            for k in comp_rows:
                if k not in reason and not is_pseudo(k):
                    reason[k] = "table"
                hidden_n.add(k)
    if rule == "cells":  # withheld cells of one total must not add up to a small published count
        withhold_for_sums(rows, ties, reason, hidden_n, threshold=threshold, missing=frozenset(structure.missing))
    return pd.DataFrame(
        [(*k, reason.get(k, ""), k in hidden_n) for k in sorted(rows) if not is_pseudo(k)],
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
                free = [k for k in kids if k not in reason and not is_pseudo(k)]
                if free:
                    hide(pick(free), with_n=False)
                elif parent is not None and parent not in reason:
                    reason[parent] = "secondary"
                changed = True
            if sum(k in hidden_n and not is_pseudo(k) for k in kids) == 1:
                others = [k for k in kids if k in reason and k not in hidden_n]
                if others:
                    hidden_n.add(pick(others))
                    changed = True
        if changed:
            continue
        hidden = {k for k in rows if k in reason or is_pseudo(k)}
        hn = {k for k in rows if k in hidden_n}
        targets = [(k, cell) for k in sorted(rows) if k in sensitive for cell in key_cells(k)]
        targets += [(k, "n") for k in sorted(hn) if 0 < rows[k].n < threshold and not is_pseudo(k)]
        targets = [t for t in targets if t not in cleared]
        exposed = exposed_cells(cell_bounds(rows, ties, hidden, hn, targets, links)) if targets else []
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
            if not is_pseudo(k):
                acted.update(c for t in related for c in t[1])
            acted.update(m for link in linked.get(k, []) for m in link.members)
            if is_pseudo(k):
                if program is None:
                    program, index = linear_program(rows, ties, hidden, hn, links)
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
            free = [c for t in related for c in t[1] if c not in reason and not is_pseudo(c)]
            free += [m for link in linked.get(k, []) if link.kind != "same-n"
                     for m in link.members if m not in reason and not is_pseudo(m)]
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
    own = {m: n_type(link, m) for link in mine for m in link.members if not is_pseudo(m)}
    out = [(m, own[m]) for m in order(m for m in own if m not in reason and m not in anchors and useful(m))]
    near = [c for m in own if m in reason and not own[m] for t in tied.get(m, []) for c in t[1] + [t[0]]
            if c is not None and c not in reason and not is_pseudo(c) and c not in anchors and useful(c)]
    out += [(c, False) for c in order(near)]
    out += [(m, True) for m in order(m for m in own if m in reason and m not in hidden_n and own[m]
                                      and m not in anchors)]
    item = k[0].rsplit(": ", 1)[0]
    wider = [c for c in rows if c not in reason and not is_pseudo(c) and c[2] in (k[2], "overall")
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
    idx = pd.MultiIndex.from_tuples(row_keys(out), names=list(KEY))
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
