"""Respondents to group sums: the grid of grouping variables and the sums over its cells.

Every estimate of the statistics engine starts here. A :class:`Grid` gives each respondent
one code for the joint categories of the grouping variables (0 when any is missing);
:func:`cell_sums` takes the counts, weight totals and squared-weight totals of an
indicator's no and yes answers over the grid's cells with one ``numpy.bincount``;
:func:`marginal` sums cells to the groups of any coarser grouping (``()`` = overall);
:func:`grouping_rows` names those groups in the same order.

>>> import numpy as np, pandas as pd
>>> f = pd.DataFrame({"g": pd.Categorical(["a", "b", "a"]), "y": pd.array([True, False, None], dtype="boolean")})
>>> grid = Grid.of(f, ["g"])
>>> in_base, yes = indicator_arrays(f["y"])
>>> s = marginal(cell_sums(grid, in_base, yes, None), (0,))
>>> s.n_yes.tolist(), s.n_no.tolist(), grouping_rows(grid, (0,))[1]
([1.0, 0.0], [0.0, 1.0], ['a', 'b'])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

CROSS = " × "
OVERALL = "overall"
ALL = "All"


def indicator_arrays(series: "pd.Series") -> tuple[np.ndarray, np.ndarray]:
    """``(in_base, yes)`` boolean arrays from a nullable boolean indicator (NA = outside the base)."""
    import pandas as pd

    if not (pd.api.types.is_bool_dtype(series.dtype)):
        raise TypeError(f"column '{series.name}': expected a boolean indicator (True / False / NA outside the "
                        f"base), found dtype {series.dtype}")
    in_base = series.notna().to_numpy(dtype=bool)
    yes = series.to_numpy(dtype=bool, na_value=False)
    return in_base, yes


def weight_array(frame: "pd.DataFrame", weight: str | None) -> np.ndarray | None:
    """The weights as floats; ``ValueError`` naming the rows (header = row 1) when one is missing, infinite or negative."""
    if weight is None:
        return None
    if weight not in frame.columns:
        raise KeyError(f"weight column '{weight}' is not in the frame")
    w = frame[weight].to_numpy(dtype=float, na_value=np.nan)
    bad = np.flatnonzero(~((w >= 0) & np.isfinite(w)))
    if bad.size:
        # Rows as a spreadsheet shows the frame (header = row 1), as ingest's messages count them.
        rows = ", ".join(str(r + 2) for r in bad[:5]) + (f" and {bad.size - 5} more" if bad.size > 5 else "")
        raise ValueError(f"column '{weight}', row{'s' if bad.size > 1 else ''} {rows}: expected a finite, "
                         "non-negative weight for every respondent")
    return w


@dataclass(frozen=True)
class Grid:
    """Joint codes of several categorical grouping variables (0 = missing in any of them)."""

    variables: tuple[str, ...]
    categories: tuple[tuple[str, ...], ...]
    codes: np.ndarray

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(c) + 1 for c in self.categories)

    @classmethod
    def of(cls, frame: "pd.DataFrame", variables: Sequence[str]) -> "Grid":
        import pandas as pd

        cats, parts = [], []
        for var in variables:
            col = frame[var]
            if not isinstance(col.dtype, pd.CategoricalDtype):
                col = col.astype("category")
            cats.append(tuple(str(c) for c in col.cat.categories))
            parts.append(col.cat.codes.to_numpy().astype(np.intp) + 1)
        joint = np.zeros(len(frame), dtype=np.intp)
        for part, cat in zip(parts, cats):
            joint = joint * (len(cat) + 1) + part
        return cls(tuple(variables), tuple(cats), joint)


@dataclass(frozen=True)
class GroupSums:
    """Per-group sums: unweighted counts, weight totals and squared-weight totals, by no / yes."""

    n_no: np.ndarray
    n_yes: np.ndarray
    w_no: np.ndarray
    w_yes: np.ndarray
    w2_no: np.ndarray
    w2_yes: np.ndarray


def cell_sums(grid: Grid, in_base: np.ndarray, yes: np.ndarray, w: np.ndarray | None,
              w2: np.ndarray | None = None) -> np.ndarray:
    """Sums over the grid's cells: array of shape ``grid.shape + (2, 3)``.

    Axis -2 is no / yes; axis -1 is (count, Σw, Σw²). Unweighted: Σw = Σw² = count.
    """
    idx = grid.codes[in_base] * 2 + yes[in_base]
    return slot_sums(idx, int(np.prod(grid.shape)) * 2, in_base, w, w2).reshape(grid.shape + (2, 3))


def slot_sums(idx: np.ndarray, size: int, kept: np.ndarray, w: np.ndarray | None,
              w2: np.ndarray | None = None) -> np.ndarray:
    """(count, Σw, Σw²) of the kept respondents in each of ``size`` slots: array of shape ``(size, 3)``.

    ``idx`` is each kept respondent's slot; ``w`` and ``w2`` (the squared weights, ``w * w``
    unless given) are indexed by ``kept``. Unweighted: Σw = Σw² = count.

    >>> slot_sums(np.array([0, 2, 2]), 3, np.array([True, True, True]), np.array([1.0, 2.0, 3.0])).tolist()
    [[1.0, 1.0, 1.0], [0.0, 0.0, 0.0], [2.0, 5.0, 13.0]]
    """
    n = np.bincount(idx, minlength=size).astype(float)
    if w is None:
        sw = sw2 = n
    else:
        wb = w[kept]
        sw = np.bincount(idx, weights=wb, minlength=size)
        sw2 = np.bincount(idx, weights=(wb * wb if w2 is None else w2[kept]), minlength=size)
    return np.stack([n, sw, sw2], axis=-1)


def marginal(sums: np.ndarray, keep: Sequence[int]) -> GroupSums:
    """Group sums for the grid axes in ``keep`` (product order, missing categories dropped); ``()`` = overall."""
    ndim = sums.ndim - 2
    other = tuple(a for a in range(ndim) if a not in keep)
    m = sums.sum(axis=other) if other else sums
    m = m[tuple(slice(1, None) for _ in keep)]
    m = m.reshape(-1, 2, 3)
    return GroupSums(m[:, 0, 0], m[:, 1, 0], m[:, 0, 1], m[:, 1, 1], m[:, 0, 2], m[:, 1, 2])


def marginal_psu(totals: np.ndarray, keep: Sequence[int]) -> np.ndarray:
    """Per-(group, PSU) totals for the grid axes in ``keep`` (as :func:`marginal`), shape ``(G, P, 3)``."""
    ndim = totals.ndim - 2
    other = tuple(a for a in range(ndim) if a not in keep)
    m = totals.sum(axis=other) if other else totals
    m = m[tuple(slice(1, None) for _ in keep)]
    return m.reshape((-1,) + totals.shape[-2:])


def grouping_rows(grid: Grid, keep: Sequence[int]) -> tuple[str, list[str], dict[str, list]]:
    """``by`` label, group labels and per-variable values of the groups of grid axes ``keep``."""
    import itertools

    if not keep:
        return OVERALL, [ALL], {}
    names = [grid.variables[a] for a in keep]
    combos = list(itertools.product(*(grid.categories[a] for a in keep)))
    labels = [CROSS.join(c) for c in combos]
    values = {name: [c[i] for c in combos] for i, name in enumerate(names)}
    return CROSS.join(names), labels, values


def domain_codes(grid: Grid, keep: Sequence[int]) -> tuple[np.ndarray, int]:
    """Per respondent, the index of its group among the groups of grid axes ``keep`` (−1: missing)."""
    if not keep:
        return np.zeros(len(grid.codes), dtype=np.intp), 1
    parts, rest = [], grid.codes.copy()
    for cats in reversed(grid.categories):
        rest, part = np.divmod(rest, len(cats) + 1)
        parts.append(part)
    parts = parts[::-1]
    out = np.zeros(len(grid.codes), dtype=np.intp)
    missing = np.zeros(len(grid.codes), dtype=bool)
    total = 1
    for a in keep:
        out = out * len(grid.categories[a]) + (parts[a] - 1)
        missing |= parts[a] == 0
        total *= len(grid.categories[a])
    return np.where(missing, -1, out), total


def by_list(by) -> list[str]:
    if by is None:
        return []
    if isinstance(by, str):
        return [by]
    by = list(by)
    if not 1 <= len(by) <= 2:
        raise ValueError(f"by={by!r}: expected one grouping variable or a list of two to cross")
    return by
