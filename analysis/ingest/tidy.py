"""Build the tidy respondent frame of a checked export (one row per respondent, one column per item).

The frame is described in ``docs/architecture.md``: each coded item a categorical
of its labels (with its codes in ``<item>__code`` where two share a label,
:mod:`analysis.ingest.item_codes`), a multi item one boolean column per option
(:mod:`analysis.ingest.multi`), numbers Float64 and kept text redacted text. The
export is checked first (:func:`analysis.ingest.check.check_export`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from analysis.ingest.cells import column_key_codes, cell_keys, cell_key, code_lookup
from analysis.ingest.ids import column_plain_ids, id_strings
from analysis.ingest.item_codes import CODE_SUFFIX, shares_labels

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from analysis.codebook import Codebook, Item
    from analysis.ingest.raw import RawExport


def _category_codes(item: "Item") -> "tuple[list[str], Any]":
    """The item's categories (labels, then missing labels not among them) and, per code position, its category.

    The look-up has one entry per code of ``item.all_codes()`` and a last one, -1,
    for a blank.
    """
    import numpy as np

    categories = list(dict.fromkeys(item.labels() + [m.label for m in item.missing.values()
                                                     if m.label not in item.labels()]))
    category_of = {label: j for j, label in enumerate(categories)}
    lut = np.array([category_of[item.label_of(c)] for c in item.all_codes()] + [-1], dtype=np.int64)
    return categories, lut


def _code_column(item: "Item", row_pos, index: "pd.Index") -> "pd.Series":
    """The item's codes (Int64 when all are integers, else text), NA for a blank; by code position."""
    import numpy as np
    import pandas as pd

    all_codes = item.all_codes()
    mask = row_pos == len(all_codes)
    if all(isinstance(c, int) and not isinstance(c, bool) for c in all_codes):
        values = pd.arrays.IntegerArray(np.array(all_codes + [0], dtype=np.int64)[row_pos], mask)
    else:
        values = pd.array(np.array([str(c) for c in all_codes] + [None], dtype=object)[row_pos], dtype="string")
    return pd.Series(values, index=index)


def _coded_columns(item: "Item", found, index: "pd.Index") -> "dict[str, pd.Series]":
    """A coded item's columns of the respondent frame, by look-ups on distinct keys.

    The categorical of labels, and for an item two of whose codes share a label its
    codes as well (see :func:`analysis.ingest.item_codes.shares_labels`). The same values as the
    cell-by-cell branch of :func:`tidy_frames`: each distinct key is looked up once
    and every row takes its category by integer position.
    """
    import numpy as np
    import pandas as pd

    codes, keys = found
    lookup = code_lookup(item)
    all_codes = item.all_codes()
    position = {code: k for k, code in enumerate(all_codes)}
    blank = len(all_codes)
    key_pos = np.array([position.get(lookup.get(k), blank) if k is not None else blank for k in keys], dtype=np.intp)
    row_pos = key_pos[codes]
    categories, cat_lut = _category_codes(item)
    out = {item.name: pd.Series(pd.Categorical.from_codes(cat_lut[row_pos], categories=categories,
                                                          ordered=item.type == "ordinal"), index=index)}
    if shares_labels(item):
        out[item.name + CODE_SUFFIX] = _code_column(item, row_pos, index)
    return out


def tidy_frames(export: "RawExport", codebook: "Codebook") -> "pd.DataFrame":
    """The respondent-level frame of a checked export (one row per respondent, one column per item).

    A coded item is a categorical of its labels; one two of whose codes share a label
    has its codes as well, in ``<name>__code``; a multi item is a boolean column per
    option (``<name>__1`` ...); numbers are Float64 and kept text is text.
    """
    import numpy as np
    import pandas as pd

    frame = export.frame
    ids = ([f"P{i}" for i in range(1, len(frame) + 1)] if codebook.pseudonymise_ids
           else id_strings(frame[codebook.id_column], column_plain_ids(export, codebook.id_column)))
    index = pd.Index(ids, name="respondent", dtype="string")
    columns: dict[str, pd.Series] = {}
    for item in codebook.items.values():
        if not item.reaches_processed:
            continue
        present = [c for c in item.source_columns() if c in frame.columns]
        if not present:
            continue
        found = column_key_codes(export, item.column) if item.is_coded else None
        if found is not None:
            columns.update(_coded_columns(item, found, index))
        elif item.is_coded:
            lookup = code_lookup(item)
            codes = [lookup.get(k) if k is not None else None for k in cell_keys(frame[item.column])]
            labels = [item.label_of(c) if c is not None else None for c in codes]
            categories = item.labels() + [m.label for m in item.missing.values() if m.label not in item.labels()]
            columns[item.name] = pd.Series(
                pd.Categorical(labels, categories=list(dict.fromkeys(categories)), ordered=item.type == "ordinal"),
                index=index)
            if shares_labels(item):
                position = {code: k for k, code in enumerate(item.all_codes())}
                row_pos = np.array([len(position) if c is None else position[c] for c in codes], dtype=np.intp)
                columns[item.name + CODE_SUFFIX] = _code_column(item, row_pos, index)
        elif item.type == "multi":
            from analysis.ingest.multi import multi_columns

            columns.update(multi_columns(export, item, index))
        elif item.type in ("numeric", "weight"):
            from analysis.ingest.user_missing import file_missing_keys

            keys = cell_keys(frame[item.column])
            missing = {cell_key(c) for c in item.missing} | file_missing_keys(export, item.column, keys, cell_key)
            values = [None if k is None or k in missing else float(k) for k in keys]
            columns[item.name] = pd.Series(pd.array(values, dtype="Float64"), index=index)
        else:  # date, and text or identifier the codebook explicitly keeps
            values = [None if k is None else " ".join(str(v).split()) for v, k in
                      zip(frame[item.column].tolist(), cell_keys(frame[item.column]))]
            if item.type == "text":
                from analysis.ingest.kept_text import redact_column

                values = redact_column(values, item.name, export.notes)
            columns[item.name] = pd.Series(pd.array(values, dtype="string"), index=index)
    return pd.DataFrame(columns, index=index)
