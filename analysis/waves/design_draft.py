"""A commented ``[design]`` proposed in a draft codebook when a cluster id sits beside a weight.

A weighted export that also holds the id of a school, site, practice or other
first-stage unit was often sampled in clusters; estimating from the weights
alone then understates every standard error. The draft cannot know how the
sample was drawn, so it writes the ``[design]`` table commented out, naming
the weight, the cluster (and a stratum or fpc column when one is named so), and
the analyst uncomments it if respondents were sampled within those units.

A column is a cluster id when its name reads so (:data:`CLUSTER_NAME`: ``school``,
``school_id``, ``urn``, ``psu``, ``cluster``, ``site``, ``practice``,
``setting``, ``centre``) and its values repeat (fewer different values than
answers, at least two).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from analysis.ingest.readers import RawExport

#: Column names of a first-stage unit (folded: lower case, words joined by ``_``).
CLUSTER_NAME = re.compile(r"^(school|school_?(id|urn|code|no|number)|urn|laestab|psu|psu_?id|cluster|cluster_?id|"
                          r"site|site_?id|practice|practice_?(id|code)|setting|setting_?id|centre|centre_?id|"
                          r"center|center_?id|establishment|establishment_?id)$")
#: Column names of a stratum and of a finite population correction.
STRATA_NAME = re.compile(r"^(strata|stratum|stratum_?id|strat)$")
FPC_NAME = re.compile(r"^(fpc|fpc_?\w*|population_?psus|n_?psus?_?population)$")


def _fold(column: str) -> str:
    return re.sub(r"_+", "_", re.sub(r"[^0-9a-z]+", "_", column.casefold())).strip("_")


def _repeats(raw: "RawExport", column: str) -> bool:
    values = raw.frame[column].dropna()
    values = values[values.astype(str).str.strip() != ""]
    distinct = values.nunique()
    return 2 <= distinct < len(values)


def design_comment(raw: "RawExport", items: dict[str, dict[str, Any]]) -> str:
    """The commented ``[design]`` block for a draft's items, or ``""`` when no cluster id sits beside a weight.

    Parameters
    ----------
    raw : RawExport
        The export as read.
    items : dict
        The draft's items (name -> table with ``column`` and ``type``).

    Examples
    --------
    >>> import pandas as pd
    >>> from pathlib import Path
    >>> from analysis.ingest.readers import RawExport
    >>> raw = RawExport(Path("x.csv"), pd.DataFrame({"school_id": ["1", "1", "2"], "w": ["0.5", "1.5", "1"]}), "csv")
    >>> items = {"school_id": {"column": "school_id", "type": "identifier"}, "w": {"column": "w", "type": "weight"}}
    >>> print(design_comment(raw, items).splitlines()[-2:])
    ['# weight = "w"', '# cluster = "school_id"']
    """
    weights = [name for name, item in items.items() if item.get("type") == "weight"]
    if len(weights) != 1:
        return ""

    def find(pattern: re.Pattern, *, repeating: bool) -> str:
        for name, item in items.items():
            column = item.get("column", "")
            if (item.get("type") not in ("multi", "text", "weight") and column in raw.frame.columns
                    and pattern.match(_fold(column)) and (not repeating or _repeats(raw, column))):
                return name
        return ""

    cluster = find(CLUSTER_NAME, repeating=True)
    if not cluster:
        return ""
    strata, fpc = find(STRATA_NAME, repeating=True), find(FPC_NAME, repeating=False)
    lines = [
        f"# A cluster id (column {items[cluster]['column']!r}) sits beside the weight. If the sample was drawn in",
        "# clusters (units first, then respondents within them), uncomment [design] so that standard errors",
        "# allow for it (see docs/waves.md); leave it commented if respondents were sampled independently.",
        "# [design]",
        f'# weight = "{weights[0]}"',
    ]
    if strata:
        lines.append(f'# strata = "{strata}"')
    lines.append(f'# cluster = "{cluster}"')
    if fpc:
        lines.append(f'# fpc = "{fpc}"   # must be typed numeric')
    return "\n".join(lines) + "\n"
