"""What the table-set engine returns: the estimates, the tests across groups and the pairs of groups.

:class:`EstimateSet` holds the three frames of :func:`analysis.stats.batch.estimate_set`
(and of :func:`analysis.stats.replicate_set.replicate_set`); :data:`TEST_COLUMNS` and
:data:`PAIR_COLUMNS` are the columns of its tests and pairs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from analysis.stats.group_tests import TEST_ROW_COLUMNS

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: Columns of ``EstimateSet.tests``: one row per indicator × grouping.
TEST_COLUMNS = ["indicator", "base", "by", *TEST_ROW_COLUMNS]
#: Columns of ``EstimateSet.pairwise``: one row per pair of groups of a breakdown.
PAIR_COLUMNS = ["indicator", "base", "by", "group_1", "group_2", "difference", "se", "test", "statistic", "df",
                "p_value", "p_adjusted", "significant", "adjust"]


@dataclass(frozen=True)
class EstimateSet:
    """Estimates, tests of independence and pairwise comparisons of a set of indicators."""

    estimates: "pd.DataFrame"
    tests: "pd.DataFrame"
    pairwise: "pd.DataFrame"

    def to_frame(self) -> "pd.DataFrame":
        """The estimates (the tests and pairs are attributes)."""
        return self.estimates
