"""Values an SPSS or Stata column holds that its value labels do not name: drafted as codes, never left out.

A labelled column often holds values without a label (a scale labelled only at its ends,
``1 = "Not at all"`` ... ``5 = "Very"``, or a code added after the labels were written).
Left out of the drafted ``codes``, every such answer would be refused by ``validate``.
Each one found in the data (and not a user-missing code) is added as a code labelled by its
value, in numeric order among the others, and the item's note names them so that the
analyst writes their labels.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from analysis.ingest.raw import RawExport


def _key(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _order(key: str) -> tuple:
    try:
        return (0, float(key), key)
    except ValueError:
        return (1, 0.0, key)


def add_unlabelled(raw: "RawExport", column: str, spec: dict[str, Any]) -> dict[str, Any]:
    """``spec`` (a drafted coded item) with the column's unlabelled values added to its codes.

    >>> import pandas as pd
    >>> from pathlib import Path
    >>> from analysis.ingest.raw import RawExport
    >>> raw = RawExport(Path("x.sav"), pd.DataFrame({"q": [1.0, 3.0, 5.0, 9.0]}), "sav", missing_codes={"q": [9.0]})
    >>> add_unlabelled(raw, "q", {"type": "ordinal", "codes": {"1": "Not at all", "5": "Very"}})["codes"]
    {'1': 'Not at all', '3': '3', '5': 'Very'}
    """
    if "codes" not in spec or spec.get("type") not in ("single", "ordinal", "yesno"):
        return spec
    codes: dict[str, str] = spec["codes"]
    known = set(codes) | set(spec.get("missing", {}))
    missing = {_key(c) for c in raw.missing_codes.get(column, [])}
    ranges = raw.missing_ranges.get(column, [])
    found = []
    for value in raw.frame[column].dropna().unique().tolist():
        if isinstance(value, str) and not value.strip():
            continue
        key = _key(value)
        if key in known or key in missing or key in found:
            continue
        if isinstance(value, (int, float)) and any(lo <= value <= hi for lo, hi in ranges):
            continue
        found.append(key)
    if not found:
        return spec
    merged = {**codes, **{k: k for k in found}}
    spec = dict(spec)
    spec["codes"] = dict(sorted(merged.items(), key=lambda kv: _order(kv[0])))
    if spec["type"] == "yesno":
        spec["type"] = "single"
    note = (f"values {', '.join(sorted(found, key=_order))} have no value label in the file: drafted as codes "
            "labelled by their value; write their labels")
    spec["note"] = f"{spec['note']}; {note}" if spec.get("note") else note
    return spec
