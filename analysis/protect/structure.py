"""What an intruder knows: the rows of a wave's tables and the sums that tie them together.

Every row of an estimate frame (``docs/architecture.md``) publishes two cells of a
frequency table: the respondents in the numerator (``count``) and the rest of the
base (``n - count``); ``n`` is their total. Rows are tied together by totals that are
published elsewhere: the groups of one breakdown add up (at most) to the overall row,
and the cells of a cross (``sector × profession``) add up to their sector and to their
profession (:func:`_partitions`). Further equalities tie rows of different tables
(:func:`_links`): an indicator adding up categories of a scale, a base defined by an
answer, one n for rows on one base. The people a breakdown or a base leaves out are
internal rows of their own, never published, so that their number is protected too.

:func:`linked_system` builds all of it from a wave's frames and its :class:`Structure`;
:mod:`analysis.protect.plan` decides what to withhold on it and
:mod:`analysis.protect.audit` checks what the published figures still pin down.

References
----------
Hundepool, A. et al. (2024). *Handbook on Statistical Disclosure Control*, 2nd ed.,
chapter 5 (frequency tables: linked tables and their totals).
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


@dataclass(frozen=True)
class _Row:
    key: tuple
    count: int
    n: int


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


def is_pseudo(key: tuple) -> bool:
    return key[1] == PSEUDO_BASE


def is_left_out(key: tuple) -> bool:
    """An internal row of the people left out of a breakdown (both its cells unknown, its n maybe published)."""
    return key[1] == PSEUDO_BASE and key[3].startswith(LEFT_OUT)


def _left_out_anchor(key: tuple, anchor: str | None) -> bool:
    """The people left out of a breakdown on the base of all respondents: the count the notes state."""
    return (anchor is not None and is_left_out(key) and CROSS_SEP not in key[2]
            and key[3] == f"{LEFT_OUT}|{anchor}|All")


def left_out_published(key: tuple, rows, *, threshold: int, anchor: str | None, rule: str) -> bool:
    """Whether the notes publish this left-out count exactly: on the anchor base, under the strict
    rule only when not below the threshold (the sample-survey rule publishes counts in adequate groups)."""
    return _left_out_anchor(key, anchor) and (rule == "bases" or rows[key].n >= threshold)


def key_cells(key: tuple) -> tuple[str, ...]:
    """The cells of a row that must not be worked out when it is sensitive."""
    if is_left_out(key):
        return ("n",)
    return ("count",) if is_pseudo(key) else ("count", "rest")


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
            if rows[k].n > 0 and not is_pseudo(k):
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


def row_keys(frame: "pd.DataFrame") -> list[tuple]:
    """The key of every row of ``frame``: its :data:`KEY` as text, a distribution's category joined to the
    indicator (:data:`CATEGORY_SEP`); column by column (no per-row dictionaries)."""
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
        for key, count, n in zip(row_keys(frame), _whole(frame["count"].tolist()), _whole(frame["n"].tolist())):
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


def linked_system(frames, structure: Structure):
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
        pseudo = [k for k in kids if is_left_out(k)]
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


def sensitive_rows(rows, *, threshold: int, rule: str, anchor: str | None = None) -> set:
    """Cells that must not be worked out: small counts or rests (strict), small groups (sample survey).

    Under the strict rule the people a base leaves out for not answering are a count like
    any other. Under the sample-survey rule, with ``anchor`` (the base of all respondents)
    given, only groups small on that base are protected: a small base inside an adequate
    group (those without training, say) has its estimates withheld as too few to rest on,
    but its counts are counts in an adequate group, which that policy publishes.
    """
    if rule == "bases":
        return {k for k, r in rows.items() if 0 < r.n < threshold and not is_pseudo(k)
                and (anchor is None or k[1] == anchor)}
    # Under the strict rule the people left out of a breakdown (no answer, a missing code), whose
    # number the notes state, are a count like any other: fewer than the threshold, not to be worked out.
    left = {k for k, r in rows.items() if _left_out_anchor(k, anchor) and 0 < r.n < threshold}
    return left | {k for k, r in rows.items()
                   if (r.n > 0 and (r.count < threshold or r.n - r.count < threshold) and not is_pseudo(k))
                   or (is_pseudo(k) and not is_left_out(k) and 0 < r.count < threshold)}


def components(rows, ties, links=()):
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
