"""What a wave publishes of its multi-select items, and how their means are protected.

The ``options`` table (:mod:`analysis.multi_tables`) goes through the same plan as the
estimates (:func:`analysis.protect.published.protect`): each option's row is two cells
(those who ticked it and the rest of those who answered), tied across the groups of each
breakdown; the rows of the number of options ticked are the categories of one
distribution, so their counts add up to the base and are protected together. Published
are the rows overall and by each breakdown (crosses stay in the CSV tables), as for the
indicators.

The mean number of options ticked (``options_mean``) is a mean, not a count: it is
published where its group's option rows are (their base not withheld) and withheld,
with the same reason, where the base is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Mapping

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

FRAMES = ("options", "options_mean")


def published_options(codebook, frames: Mapping[str, "pd.DataFrame"]) -> "pd.DataFrame | None":
    """The rows of ``options`` a report publishes: overall and by each breakdown."""
    options = frames.get("options")
    if options is None or options.empty:
        return options
    keep_by = {"overall", *codebook.breakdowns}
    return options[options["by"].isin(keep_by)].reset_index(drop=True)


def option_items(codebook) -> dict[str, str]:
    """Option and options-ticked row names -> their item, so that rows of one item share their n."""
    from analysis.codebook.multi_items import option_columns

    out: dict[str, str] = {}
    for item in codebook.items.values():
        if item.type == "multi":
            for col in option_columns(item) + [f"{item.name}__ticked"]:
                out[col] = item.name
    return out


def protect_means(means: "pd.DataFrame | None", options: "pd.DataFrame | None", *,
                  threshold: int) -> "pd.DataFrame | None":
    """``options_mean`` with each mean withheld where its group's base is withheld or under the threshold.

    >>> import pandas as pd
    >>> m = pd.DataFrame({"item": "t", "by": ["overall", "g", "g"], "group": ["All", "a", "b"], "n": [40, 35, 5],
    ...                   "mean": [1.5, 1.4, 2.0], "se": 0.1, "ci_lower": 1.0, "ci_upper": 2.0})
    >>> protect_means(m, None, threshold=10)[["mean", "disclosure"]].values.tolist()
    [[1.5, ''], [1.4, ''], [nan, 'small-base']]
    """
    import numpy as np

    if means is None or means.empty:
        return means if means is None else means.assign(disclosure="")
    hidden: dict[tuple, str] = {}
    if options is not None and not options.empty and "disclosure" in options.columns:
        nless = options[options["n"].isna() & (options["disclosure"] != "")]
        for item, by, group, why in zip(nless["item"], nless["by"], nless["group"], nless["disclosure"]):
            hidden.setdefault((str(item), str(by), str(group)), str(why))
    out = means.copy()
    reasons = []
    for item, by, group, n in zip(out["item"], out["by"], out["group"], out["n"]):
        why = hidden.get((str(item), str(by), str(group)), "")
        if not why and (n != n or int(n) < threshold):
            why = "small-base"
        reasons.append(why)
    out["disclosure"] = reasons
    gone = np.array([bool(r) for r in reasons])
    for col in ("mean", "se", "ci_lower", "ci_upper"):
        if col in out.columns:
            out[col] = out[col].astype(float).mask(gone)
    if "weighted_n" in out.columns:
        out["weighted_n"] = out["weighted_n"].astype(float).mask(gone)
    return out
