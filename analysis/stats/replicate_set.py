"""The table set on a replicate-weight design: every indicator by every grouping, with tests and letters.

:func:`replicate_set` is :func:`analysis.stats.batch.estimate_set` for a
:class:`~analysis.stats.replicates.ReplicateDesign` (R's ``svrepdesign``): each indicator's
replicate totals are taken once over the joint grid of the grouping variables
(:func:`~analysis.stats.replicates.grid_totals`) and every table is summed from them; the
tests are those of :mod:`analysis.stats.replicate_tests`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from analysis.stats.cells import Grid, cell_sums, grouping_rows, indicator_arrays, marginal
from analysis.stats.estimates import assemble
from analysis.stats.group_tests import design_test_row, small_groups, untested_row
from analysis.stats.replicate_tests import group_letters, replicate_group_tests
from analysis.stats.replicates import ReplicateDesign, grid_totals, replicate_columns_of
from analysis.stats.results import PAIR_COLUMNS, TEST_COLUMNS, EstimateSet

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


def replicate_set(frame: "pd.DataFrame", indicators, *, groupings, design: ReplicateDesign, method: str,
                  level: float, small_base: int, suppress_below: int, tests: bool = True, adjust: str = "holm",
                  alpha: float = 0.05):
    """:func:`analysis.stats.batch.estimate_set` on a replicate design: every grouping from one grid per indicator.

    The tests across groups, pairwise tests and letters are those of
    :mod:`analysis.stats.replicate_tests` (``svychisq`` and ``svyttest`` on the replicate design).
    As under any other design, a breakdown's groups with a base of 1 to ``suppress_below`` − 1
    people (the reliability threshold, under which no percentage is published) are left out of
    its test and pairs, as ``svychisq`` on ``subset(design, !group %in% small)`` (the design keeps
    every respondent); the test's row names them, and with fewer than two groups left there is no test.
    """
    import pandas as pd


    groupings = [tuple(g) for g in groupings]
    variables = list(dict.fromkeys(v for g in groupings for v in g))
    joint = Grid.of(frame, variables)
    parts, test_rows, pair_parts = [], [], []
    arrays = {indicator: indicator_arrays(frame[indicator]) for indicator in indicators}
    all_sums = {k: cell_sums(joint, in_base, yes, design.weights) for k, (in_base, yes) in arrays.items()}
    all_totals = dict(zip(arrays, grid_totals(design, joint, list(arrays.values()), list(all_sums.values()))))
    for indicator, base in indicators.items():
        sums = all_sums[indicator]
        totals = all_totals[indicator]
        for keep in [()] + [tuple(variables.index(v) for v in g) for g in groupings]:
            cols = replicate_columns_of(totals, keep, marginal(sums, keep), method=method, level=level,
                                        small_base=small_base, suppress_below=suppress_below)
            by_label, labels, values = grouping_rows(joint, keep)
            values = {v: values.get(v, [None] * len(labels)) for v in variables}
            table = assemble(cols, indicator=indicator, base=base, by=by_label, groups=labels, method=method,
                             level=level, group_values=values)
            table["letter"], table["letters"] = "", ""
            if keep and tests:
                # a breakdown's groups under the reliability threshold are left out of its test and pairs
                small, left = small_groups(table["n"].to_numpy(), labels, suppress_below if len(keep) == 1 else 0)
                if left and int((table["n"] >= suppress_below).sum()) < 2:
                    test_rows.append({"indicator": indicator, "base": base, "by": by_label,
                                      **untested_row(left, suppress_below, int((table["n"] >= suppress_below).sum()))})
                    parts.append(table)
                    continue
                res, pairs = replicate_group_tests(totals, keep, labels, pairs=len(keep) == 1, adjust=adjust,
                                                   alpha=alpha, leave_out=small)
                if len(keep) == 1:
                    table["letter"], table["letters"] = group_letters(labels, pairs)
                    pair_parts.append(pairs.assign(indicator=indicator, base=base, by=by_label,
                                                   adjust=adjust)[PAIR_COLUMNS])
                test_rows.append({"indicator": indicator, "base": base, "by": by_label,
                                  **design_test_row(res, left=left, min_n=suppress_below)})
            parts.append(table)
    estimates = pd.concat(parts, ignore_index=True)
    order = [c for c in estimates.columns if c not in ("letter", "letters") + tuple(variables)]
    estimates = estimates[order + ["letter", "letters"] + variables]
    return EstimateSet(estimates, pd.DataFrame(test_rows, columns=TEST_COLUMNS),
                       pd.concat(pair_parts, ignore_index=True) if pair_parts else pd.DataFrame(columns=PAIR_COLUMNS))
