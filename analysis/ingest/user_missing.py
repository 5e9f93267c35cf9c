"""Which cells of a column the file's own dictionary marks as missing (SPSS user-missing, Stata ``.a``-``.z``).

A ``numeric`` item never reads such a cell as a number, listed under the item's
``missing`` or not: SPSS leaves user-missing values out of every statistic, and a
range such as ``-999 thru 0`` cannot be listed code by code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from analysis.ingest.raw import RawExport


def file_missing_keys(export: "RawExport", column: str, keys, cell_key) -> set[str]:
    """The cell keys among ``keys`` that the file marks user-missing (``cell_key`` makes a code a key).

    >>> import pandas as pd
    >>> from pathlib import Path
    >>> from analysis.ingest.raw import RawExport
    >>> raw = RawExport(Path("x.sav"), pd.DataFrame(), "sav", missing_codes={"z": [999.0]},
    ...                 missing_ranges={"z": [(-999.0, 0.0)]})
    >>> sorted(file_missing_keys(raw, "z", ["-9", "1.5", "999", None], lambda c: str(int(c))))
    ['-9', '999']
    """
    discrete = {cell_key(c) for c in export.missing_codes.get(column, [])}
    ranges = export.missing_ranges.get(column, [])
    if not discrete and not ranges:
        return set()
    found = set()
    for k in set(keys):
        if k is None:
            continue
        if k in discrete:
            found.add(k)
            continue
        try:
            x = float(k)
        except ValueError:
            continue
        if any(lo <= x <= hi for lo, hi in ranges):
            found.add(k)
    return found
