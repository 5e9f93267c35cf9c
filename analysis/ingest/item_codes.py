"""An item's codes in the respondent frame: how ingest writes them and how every later stage reads them back.

A coded item is a categorical of its labels, so a respondent's code is its
label's position among the item's codes. Where two of an item's codes share a
label (two missing codes both "No answer"), ingest also writes the codes
themselves in ``<item>__code`` (:data:`CODE_SUFFIX`, :func:`shares_labels`);
:func:`code_positions` reads either back. :mod:`analysis.ingest.tidy` writes the
frame; :mod:`analysis.derive` and :mod:`analysis.multi` read it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


#: Suffix of the respondent-frame column holding an item's codes, written by ingest for a coded item
#: two of whose codes share a label (so the categorical of labels cannot tell them apart).
CODE_SUFFIX = "__code"


def shares_labels(item) -> bool:
    """Whether two of the item's codes (substantive or missing) share a label."""
    codes = item.all_codes()
    return len({item.label_of(code) for code in codes}) < len(codes)


def _code_positions(item, column: "pd.Series"):
    """Each respondent's code as its position in ``item.all_codes()`` (-1 for a blank), or None.

    Read from the respondent frame's categorical of labels, whose categories are the
    item's labels; None when that cannot say which code a label stands for (two codes
    sharing a label, a category that is no label of the item, not a categorical).
    """
    import numpy as np
    import pandas as pd

    if not isinstance(column.dtype, pd.CategoricalDtype):
        return None
    codes = item.all_codes()
    position: dict[str, int] = {}
    for k, code in enumerate(codes):
        position.setdefault(item.label_of(code), k)
    categories = list(column.cat.categories)
    if len(position) != len(codes) or any(c not in position for c in categories):
        return None
    lookup = np.array([position[c] for c in categories] + [-1], dtype=np.intp)
    return lookup[column.cat.codes.to_numpy()]  # code -1 (blank) takes the last entry


def code_positions(item, respondents: "pd.DataFrame"):
    """Each respondent's code of ``item`` as its position in ``item.all_codes()`` (-1 for a blank), or None.

    From the item's ``<name>__code`` column where ingest wrote one (codes sharing a
    label), else from its categorical of labels. An item the export did not hold
    (an optional column) is blank for everyone. None when the frame cannot say.
    """
    import numpy as np
    import pandas as pd

    coded = item.name + CODE_SUFFIX
    if coded in respondents.columns:
        column = respondents[coded]
        codes = item.all_codes()
        spelled = {str(code): k for k, code in enumerate(codes)}
        distinct, uniques = pd.factorize(column, use_na_sentinel=True)
        found = [spelled.get(str(v)) for v in uniques.tolist()]
        if any(k is None for k in found):
            return None
        return np.array(found + [-1], dtype=np.intp)[distinct]
    if item.name not in respondents.columns:
        return np.full(len(respondents), -1, dtype=np.intp)
    return _code_positions(item, respondents[item.name])
