"""The audit: whether the published figures pin a withheld cell to a single whole number.

What an intruder knows (:mod:`analysis.protect.structure`) is a linear program: published
cells fixed, withheld cells free between zero and the number of respondents, every total
an equation. The audit bounds each withheld cell that must not be worked out below and
above (the linear-programming relaxation, solved with HiGHS) and calls it exposed when the
bounds admit only one whole number. :func:`audit` checks a published table set;
:mod:`analysis.protect.plan` uses the same program while it decides what to withhold.

Under the strict policy the withheld cells of one total, taken together, are checked too
(:mod:`analysis.protect.sums`).

References
----------
Hundepool, A. et al. (2024). *Handbook on Statistical Disclosure Control*, 2nd ed.,
chapter 5 (frequency tables: audits of secondary suppression).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Mapping, Sequence

from analysis.protect.structure import (DEFAULT_THRESHOLD, KEY, Structure, key_cells, components, is_left_out, is_pseudo,
                                        row_keys, left_out_published, sensitive_rows, linked_system)
from analysis.protect.sums import small_sums

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


def linear_program(rows, ties, hidden, hidden_n, links=()) -> "tuple[_Program, dict]":
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
        if is_pseudo(k):
            if not is_left_out(k):
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


def cell_bounds(rows, ties, hidden, hidden_n, targets, links=()):
    """Bounds of each target cell given every published figure: {target: (lo, hi)}.

    A target is ``(key, cell)`` with ``cell`` ``"count"``, ``"rest"`` or ``"n"``. Exact
    linear-programming bounds are returned for the targets the published figures pin to
    a single whole number (the ones :func:`exposed_cells` reports); for the others, the range
    of values seen in a few solutions of the same system, which already holds two whole
    numbers and so proves the cell is not pinned (the exact bounds are wider still).
    Solutions come from a handful of programs with seeded random objectives, so most
    cells are cleared without a program of their own.
    """
    import numpy as np

    program, index = linear_program(rows, ties, hidden, hidden_n, links)
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


def exposed_cells(bounds) -> list:
    import math

    return sorted(t for t, (lo, hi) in bounds.items()
                  if math.isfinite(lo) and math.isfinite(hi)
                  and math.floor(hi + 1e-6) - math.ceil(lo - 1e-6) < 1)


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
    >>> from analysis.protect.plan import suppress
    >>> audit(t, suppress(t)).empty
    True
    """
    import pandas as pd

    structure = structure or Structure(composites=composites)
    rows, ties, links = linked_system(original, structure)
    pubs = [published] if isinstance(published, pd.DataFrame) else list(published)
    hidden, hidden_n = set(), set()
    for frame in pubs:
        keys = row_keys(frame)
        hidden.update(k for k, gone in zip(keys, frame["count"].isna().tolist()) if gone)
        hidden_n.update(k for k, gone in zip(keys, frame["n"].isna().tolist()) if gone)
    pseudo = {k for k in rows if is_pseudo(k)}
    hidden |= pseudo
    hidden_n |= {k for k in pseudo
                 if not left_out_published(k, rows, threshold=threshold, anchor=structure.anchor, rule=rule)}
    sensitive = sensitive_rows(rows, threshold=threshold, rule=rule, anchor=structure.anchor)
    targets = [(k, cell) for k in sorted(hidden & sensitive) for cell in key_cells(k)]
    targets += [(k, "n") for k in sorted(hidden_n - pseudo) if 0 < rows[k].n < threshold]
    bounds = {}
    # Rows tied to nothing are bounded by their own base only (0..n), which pins nothing in a non-empty row.
    for comp_rows, comp_ties, comp_links in components(rows, ties, links):
        mine = [t for t in targets if t[0] in comp_rows]
        if mine:
            bounds.update(cell_bounds(comp_rows, comp_ties, hidden & set(comp_rows), hidden_n & set(comp_rows), mine,
                                  comp_links))
    found = [(*k, cell, *bounds[(k, cell)]) for k, cell in exposed_cells(bounds)]
    if rule == "cells":  # withheld cells adding up to a small published count (see analysis.protect.sums)
        for gone, part, value in small_sums(rows, ties, hidden, hidden_n, threshold=threshold):
            found.append((*gone[0], "sum" if part == "count" else "sum of rests", float(value), float(value)))
    return pd.DataFrame(found, columns=[*KEY, "cell", "low", "high"])
