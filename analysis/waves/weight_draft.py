"""Several columns that look like weights by their values alone are measurements, not weights.

A wave has one weight item. A column is drafted ``weight`` by its name or label
(``WEIGHT``, ``wt``, "Design weight") or by its values (positive non-integers around 1).
When several columns qualify by their values alone and none is named as a weight, the values
are no evidence (a table of measurements in centimetres qualifies whole): every one is drafted
``numeric`` with a note. (Beside a column named as a weight they stay as drafted, and
``validate`` asks for one weight.)
"""

from __future__ import annotations

from typing import Any


def one_weight(items: dict[str, dict[str, Any]], *, named) -> None:
    """Draft as ``numeric`` the weights of ``items`` (changed in place) when several and none named as a weight.

    ``named(item)`` says whether the item's column name or text says weight.
    """
    weights = [name for name, item in items.items() if item.get("type") == "weight"]
    if len(weights) <= 1 or any(named(items[name]) for name in weights):
        return
    for name in weights:
        items[name]["type"] = "numeric"
        items[name]["note"] = (f"its values look like a weight's, as do {len(weights) - 1} other column(s): drafted "
                               "numeric (a wave has one weight: set type = \"weight\" on the weight, if one is)")
