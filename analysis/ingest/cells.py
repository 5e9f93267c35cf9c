"""Cells as ingest compares them: one look-up key per distinct cell, and how an error line names rows and values.

A cell matches a code when it is the code itself (``1``, ``1.0``) or its label
(compared without case and surrounding spaces), so the same codebook reads an
SPSS file of codes and a platform export of answer texts. :func:`cell_key`
spells a cell as that key; a column of text is keyed once per distinct value
(:func:`_key_codes`), and the keys are kept on the export for the checks
(:mod:`analysis.ingest.check`) and the frame (:mod:`analysis.ingest.tidy`).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from analysis.personal import looks_like_name, names_someone, shown

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from analysis.codebook import Item
    from analysis.ingest.raw import RawExport


def cell_key(value: Any) -> str | None:
    """A cell as a lookup key: integral numbers without ``.0``, text trimmed and case-folded; blank -> None.

    >>> cell_key(2.0), cell_key(" Yes "), cell_key("3.0"), cell_key(float("nan")), cell_key("")
    ('2', 'yes', '3', None, None)
    """
    if value is None:
        return None
    try:
        import pandas as pd

        if value is pd.NA:
            return None
    except ImportError:  # pragma: no cover
        pass
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (int,)) and not isinstance(value, bool):
        return str(value)
    text = " ".join(str(value).split()).casefold()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        return text
    return str(int(number)) if number.is_integer() else text


def code_lookup(item: "Item") -> dict[str, Any]:
    """Every key a cell may hold for this item -> the code it stands for."""
    lookup: dict[str, Any] = {}
    for code in item.all_codes():
        lookup[cell_key(item.label_of(code))] = code
    for code in item.all_codes():  # codes win over a label that looks like another code
        lookup[cell_key(code)] = code
    if item.type == "single" and item.other != "":  # any other answer counts as `other` (typed in place of a choice)
        from analysis.ingest.single_other import with_other

        return with_other(lookup, item.other)
    return lookup


def found_values(series: "pd.Series", positions: list[int]) -> str:
    """The distinct offending values, the first three of them, each cut to 40 characters.

    Values of :data:`FREE_TEXT_WORDS` words or more are free text, shown as
    ``(free text)`` and never echoed, unless they are few (at most
    :data:`FEW_LONG_VALUES` different ones) and each repeats: a label the codebook
    lacks, not people's answers.
    """
    cells = [" ".join(str(series.iloc[i]).split()) for i in positions]
    counts: dict[str, int] = {}
    for text in cells:
        counts[text] = counts.get(text, 0) + 1
    long = [t for t in counts if len(t.split()) >= FREE_TEXT_WORDS]
    labels = len(long) <= FEW_LONG_VALUES and all(counts[t] > 1 for t in long)
    values = list(dict.fromkeys(short_value(t) if labels or t not in long else "(free text)" for t in cells))
    return "', '".join(values[:3]) + ("' and others" if len(values) > 3 else "")


#: A cell of this many words may be free text (see :func:`found_values`).
FREE_TEXT_WORDS = 4
#: At most this many different long values, each repeated, are labels an error line may show.
FEW_LONG_VALUES = 2


def short_value(value: Any) -> str:
    """A cell as an error line may show it: cut to 40 characters, personal data replaced by its kind."""
    text = shown(" ".join(str(value).split()))
    if looks_like_name(text) or names_someone(text):
        return "(a name)"
    return text if len(text) <= 40 else text[:39] + "…"


def _key_codes(series: "pd.Series") -> "tuple[Any, list[str | None]] | None":
    """``(codes, keys)``: :func:`cell_key` once per distinct text, and each cell's position in ``keys``.

    For a column of text (a delimited or platform export): ``keys[codes[i]]`` is the
    key of cell ``i``; a blank cell's position is the last one, whose key is None.
    None for columns of other types (a .sav file's numbers), which :func:`cell_keys` reads
    cell by cell.
    """
    import numpy as np
    import pandas as pd

    if not isinstance(series.dtype, pd.StringDtype):
        return None
    if series.dtype.storage == "pyarrow":  # Arrow's hash kernel, without pandas' conversions
        import pyarrow as pa
        import pyarrow.compute as pc

        encoded = pc.dictionary_encode(pa.array(series.array))
        uniques = encoded.dictionary.to_pylist()
        codes = encoded.indices.fill_null(len(uniques)).to_numpy(zero_copy_only=False)  # int32: fine as an index
        return codes, [cell_key(v) for v in uniques] + [None]
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    keys = [cell_key(v) for v in uniques.tolist()] + [None]
    codes = np.where(codes < 0, len(keys) - 1, codes)
    return codes, keys


def column_key_codes(export: "RawExport", column: str) -> "tuple[Any, list[str | None]] | None":
    """:func:`_key_codes` of one column of the export, computed once (the checks and the frame both need it)."""
    if column not in export.distinct:
        export.distinct[column] = _key_codes(export.frame[column])
    return export.distinct[column]


def positions_where(found: "tuple[Any, list[str | None]]", test) -> list[int]:
    """Row positions whose key passes ``test``, testing each distinct key once."""
    import numpy as np

    codes, keys = found
    hit = np.fromiter((bool(test(k)) for k in keys), dtype=bool, count=len(keys))
    return np.flatnonzero(hit[codes]).tolist() if hit.any() else []


def cell_keys(series: "pd.Series") -> list[str | None]:
    """:func:`cell_key` of every cell, computed once per distinct value."""
    found = _key_codes(series)
    if found is not None:
        codes, keys = found
        return [keys[c] for c in codes.tolist()]
    cache: dict[Any, str | None] = {}
    out = []
    for v in series.tolist():
        try:
            key = cache[v]
        except KeyError:
            key = cache[v] = cell_key(v)
        except TypeError:  # unhashable: compute directly
            key = cell_key(v)
        out.append(key)
    return out
