"""A multi-select item's sums over a grid, taken once: every table of the item follows from them.

A respondent's ticks of an item's c options form one of 2^c patterns. One
``numpy.bincount`` over (grid cell × pattern) gives each pattern's count, weight total
and squared-weight total in each cell of the grouping variables' joint grid
(:class:`~analysis.stats.proportions.Grid`). Every multi-select table is a sum of those
cells:

* each option's sums by yes / no (:func:`option_sums`), what
  :func:`~analysis.stats.proportions.cell_sums` takes from the respondents;
* the sums of each number of options ticked (:func:`ticked_sums`), for their
  distribution and mean;
* each group's count of each pattern (:func:`group_patterns`), for Bilder and Loughin's
  test (:func:`~analysis.stats.multiple_response.mmi_test_from_patterns`).

Counts are whole numbers, so without weights every table is the same to the last bit as
one taken row by row. With weights the same weights are added in another order (cell by
cell, then pattern by pattern), which can move the last bit of a sum, ten digits below
what any table prints.

>>> import numpy as np, pandas as pd
>>> f = pd.DataFrame({"g": pd.Categorical(["a", "a", "b", "b"])})
>>> ticks = np.array([[1, 0], [1, 1], [0, 1], [0, 0]], dtype=bool)
>>> cells = pattern_cells(Grid.of(f, ["g"]), ticks, np.array([True, True, True, False]), None)
>>> option_sums(cells, 0)[1:, :, 0].tolist()  # option 1 by group: [not ticked, ticked]
[[0.0, 2.0], [1.0, 0.0]]
>>> ticked_sums(cells, [True, True])[..., 0].tolist()  # 0, 1, 2 options ticked: missing group, a, b
[[0.0, 0.0, 0.0], [0.0, 1.0, 1.0], [0.0, 1.0, 0.0]]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analysis.stats.cells import Grid, slot_sums

#: Most options taken as patterns (2^12 patterns per cell); an item with more is tabulated row by row.
MAX_OPTIONS = 12


@dataclass(frozen=True)
class PatternCells:
    """Sums per (grid cell, tick pattern): ``sums`` of shape ``grid.shape + (2^c, 3)``.

    The last axis is (count, Σw, Σw²), Σw = Σw² = count without weights; ``bits``
    (2^c × c) says which options each pattern ticks. Only those who answered are summed.
    """

    grid: Grid
    bits: np.ndarray
    sums: np.ndarray


def pattern_cells(grid: Grid, ticks: np.ndarray, answered: np.ndarray, w: np.ndarray | None) -> PatternCells:
    """The item's :class:`PatternCells` over ``grid`` (ticks: n × c bool; answered: n bool; w: weights or None)."""
    n, c = ticks.shape
    if c > MAX_OPTIONS:
        raise ValueError(f"{c} options: at most {MAX_OPTIONS} are taken as patterns")
    patterns = 1 << c
    pattern = np.zeros(n, dtype=np.intp)
    for j in range(c):
        pattern |= ticks[:, j].astype(np.intp) << j
    idx = grid.codes[answered] * patterns + pattern[answered]
    sums = slot_sums(idx, int(np.prod(grid.shape)) * patterns, answered, w)
    bits = ((np.arange(patterns)[:, None] >> np.arange(c)[None, :]) & 1).astype(bool)
    return PatternCells(grid, bits, sums.reshape(grid.shape + (patterns, 3)))


def option_sums(cells: PatternCells, j: int) -> np.ndarray:
    """Option ``j``'s sums by (grid cell, not ticked / ticked): as :func:`~analysis.stats.proportions.cell_sums`."""
    on = cells.bits[:, j]
    yes = cells.sums[..., on, :].sum(axis=-2)
    no = cells.sums[..., ~on, :].sum(axis=-2)
    return np.stack([no, yes], axis=-2)


def ticked_sums(cells: PatternCells, counted) -> np.ndarray:
    """Sums by (grid cell, number of the ``counted`` options ticked, 0 .. c): shape ``grid.shape + (c + 1, 3)``."""
    counted = np.asarray(counted, dtype=bool)
    k = cells.bits[:, counted].sum(axis=1)
    out = np.zeros(cells.sums.shape[:-2] + (int(counted.sum()) + 1, 3))
    for number in range(out.shape[-2]):
        out[..., number, :] = cells.sums[..., k == number, :].sum(axis=-2)
    return out


def group_patterns(cells: PatternCells, axis: int) -> np.ndarray:
    """Counts by (category of grid axis ``axis``, pattern); row 0 is the missing category."""
    other = tuple(a for a in range(len(cells.grid.shape)) if a != axis)
    counts = cells.sums[..., 0]
    return counts.sum(axis=other) if other else counts
