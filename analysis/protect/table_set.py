"""The protected table set: a wave's estimates after disclosure control, for every stage that publishes.

:func:`protect_frames` takes a wave's table set (the frames the ``tables`` stage writes),
chooses what is published (:func:`analysis.protect.published.published_frames`) and
plans and applies suppression across all of it at once under the wave's policy
(:mod:`analysis.protect.policy`). The ``protect`` stage (:mod:`analysis.protect.stage`)
writes the result; figures and report read it (:func:`analysis.protect.stage.read_protected`).

A withheld row keeps its identity (indicator, base, by, group, category) and has its
numbers missing; its ``disclosure`` column says why (see :data:`REASONS`). Rows that are
published have ``disclosure == ""``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from analysis.protect.policy import Policy, policy_for

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from analysis.config import Paths
    from analysis.protect.structure import Structure

#: Why a cell was withheld, in words for notes and markers (``{threshold}`` is filled in).
REASONS = {
    "primary": "fewer than {threshold} people",
    "small-base": "fewer than {threshold} people in the group",
    "secondary": "withheld so that a smaller cell cannot be worked out",
    "collapsed": "scale points combined",
    "table": "its cells could not be protected one by one, so the table is withheld",
}


def threshold_for(wave: str, paths: "Paths") -> int:
    """The wave's disclosure threshold (``report.toml`` ``[disclosure] threshold``, default 10).

    Examples
    --------
    >>> from pathlib import Path
    >>> from analysis.config import Paths
    >>> threshold_for("no-such-wave", Paths(Path("/nonexistent")))
    10
    """
    return policy_for(wave, paths).threshold


@dataclass(frozen=True)
class Protected:
    """A wave's published frames after disclosure control, with the plan and its audit.

    ``frames`` holds ``estimates`` and ``distributions`` (and ``trend``, ``differences``,
    ``reproduction`` when they were given), each with a ``disclosure`` column;
    ``decisions`` is the plan (:func:`analysis.protect.plan.plan`), ``exposed`` the
    audit's findings (empty when no withheld cell can be worked out), ``threshold`` the rule,
    ``structure`` the ties between tables the plan and the audit used.
    """

    frames: dict
    decisions: "pd.DataFrame"
    exposed: "pd.DataFrame"
    threshold: int
    policy: Policy = Policy()
    structure: "Structure | None" = None


def protect_frames(codebook, table_frames, *, policy: Policy, trend: "pd.DataFrame | None" = None,
                   differences: "pd.DataFrame | None" = None,
                   reproduction: "pd.DataFrame | None" = None) -> Protected:
    """A wave's table set (``estimates``, ``distributions``), published and protected under ``policy``."""
    from analysis.protect.published import protect, published_frames, structure

    published = published_frames(codebook, table_frames)
    ties = structure(codebook)
    frames, decisions, exposed = protect(published, threshold=policy.threshold, trend=trend, diffs=differences,
                                         reproduction=reproduction, rule=policy.rule, ties=ties)
    small = small_groups(codebook, published.get("distributions"), decisions, threshold=policy.threshold)
    if small:  # a breakdown's small group, counted in its item's topline distribution
        from analysis.protect.plan import apply_plan
        from analysis.protect.structure import KEY

        keys = [tuple(k) for k in decisions[list(KEY)].astype(str).to_numpy().tolist()]
        hit = [k in small for k in keys]
        decisions = decisions.copy()
        decisions.loc[hit, "disclosure"] = "small-base"
        frames["distributions"] = apply_plan(published["distributions"], decisions)
    for name, frame in published.items():  # identity, not a number: a withheld row keeps its base's name
        for col in ("base_name", "item", "kind", "option", "option_number"):  # a multi item's rows: which option
            if frame is not None and col in frame.columns and name in frames:
                frames[name][col] = frame[col].to_numpy()
    from analysis.protect.options import protect_means

    frames["options_tests"] = table_frames.get("options_tests")  # statistics of whole tables: published as they are
    frames["options_mean"] = protect_means(table_frames.get("options_mean"), frames.get("options"),
                                           threshold=policy.threshold)
    return Protected(frames=frames, decisions=decisions, exposed=exposed, threshold=policy.threshold,
                     policy=policy, structure=ties)


def small_groups(codebook, dist, decisions, *, threshold: int) -> set:
    """Keys of the topline categories of breakdown items that are groups too small to publish.

    A breakdown item's category count is the n of that group in every breakdown table,
    where a group under the threshold is withheld (under either policy); its row of the
    item's distribution is withheld with the same reason ("small-base"), unless the plan
    already withholds it.

    >>> import pandas as pd
    >>> from types import SimpleNamespace as NS
    >>> d = pd.DataFrame({"indicator": "sector", "base": "all respondents", "by": "overall", "group": "All",
    ...                   "category": ["Health", "Other"], "count": [150, 4], "n": [154, 154]})
    >>> plan = pd.DataFrame({"indicator": ["sector = Health", "sector = Other"], "base": "all respondents",
    ...                      "by": "overall", "group": "All", "disclosure": "", "hide_n": False})
    >>> cb = NS(breakdowns=("sector",), crosses=(), items={"sector": NS(labels=lambda: ["Health", "Other"])})
    >>> small_groups(cb, d, plan, threshold=10)
    {('sector = Other', 'all respondents', 'overall', 'All')}
    """
    import pandas as pd

    from analysis.protect.structure import CATEGORY_SEP, KEY

    names = set(codebook.breakdowns) | {n for pair in codebook.crosses for n in pair}
    if dist is None or dist.empty or not names:
        return set()
    count = pd.to_numeric(dist["count"], errors="coerce")
    groups = {(name, label) for name in names if name in codebook.items for label in codebook.items[name].labels()}
    is_group = [(str(i), str(c)) in groups for i, c in zip(dist["indicator"], dist["category"])]
    rows = dist[dist["indicator"].astype(str).isin(names) & (dist["by"] == "overall") & (count < threshold)
                & (count > 0) & pd.Series(is_group, index=dist.index)]
    hidden = decisions[decisions["disclosure"] != ""]
    done = set(map(tuple, hidden[list(KEY)].astype(str).to_numpy().tolist()))
    keys = {(f"{r.indicator}{CATEGORY_SEP}{r.category}", str(r.base), str(r.by), str(r.group))
            for r in rows.itertuples(index=False)}
    return keys - done


def withheld_reason(reason: str, *, threshold: int) -> str:
    """Words for a ``disclosure`` value, for notes and markers.

    >>> withheld_reason("primary", threshold=10)
    'fewer than 10 people'
    >>> withheld_reason("secondary", threshold=10)
    'withheld so that a smaller cell cannot be worked out'
    """
    return REASONS.get(reason, REASONS["primary"]).format(threshold=threshold)
