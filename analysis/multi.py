"""Multi-select items in the respondent frame: who answered, what was ticked, and "any of these" indicators.

A multi item's options are the respondent frame's nullable boolean columns
``<item>__1``, ``<item>__2`` ... (NA where the respondent did not answer), as
:mod:`analysis.ingest.multi` writes them under the item's coding and answered rule
(:mod:`analysis.codebook.multi_items`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from analysis.codebook.multi_items import none_number, option_columns, option_number

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


def answered_mask(respondents: "pd.DataFrame", item):
    """Who answered the item (a numpy bool array): not NA in the option columns."""
    import numpy as np

    cols = [c for c in option_columns(item) if c in respondents.columns]
    if not cols:
        return np.zeros(len(respondents), dtype=bool)
    return respondents[cols[0]].notna().to_numpy(dtype=bool)


def ticked(respondents: "pd.DataFrame", item, numbers) -> "Any":
    """Whether each respondent ticked any of the options ``numbers`` (bool array; False when not answered)."""
    import numpy as np

    out = np.zeros(len(respondents), dtype=bool)
    for k in numbers:
        col = f"{item.name}__{k}"
        if col in respondents.columns:
            out |= respondents[col].fillna(False).to_numpy(dtype=bool)
    return out


def count_ticked(respondents: "pd.DataFrame", item):
    """The number of options each respondent ticked (the "none of these" option not counted), as floats.

    NaN for a respondent who did not answer.
    """
    import numpy as np

    none = none_number(item)
    total = np.zeros(len(respondents), dtype=float)
    for k, col in enumerate(option_columns(item), start=1):
        if k != none and col in respondents.columns:
            total += respondents[col].fillna(False).to_numpy(dtype=float)
    total[~answered_mask(respondents, item)] = np.nan
    return total


def multi_indicator(codebook, respondents: "pd.DataFrame", indicator: str, base: str | None = None) -> "pd.Series":
    """An "any of these" indicator on a multi item: True / False / NA (outside the base).

    True for a respondent who ticked any of the indicator's options, False for one in
    the base who ticked none of them; a respondent who did not answer the question is
    a ``no_answer`` (in the base of all respondents, outside the base of those who
    answered), as a blank single-choice answer is.
    """
    import numpy as np
    import pandas as pd

    from analysis.ingest.item_codes import code_positions

    ind = codebook.indicators[indicator]
    base_def = codebook.bases[base or ind.base]
    item = codebook.items[ind.item]
    numbers = [option_number(item, c) for c in ind.codes]
    yes = ticked(respondents, item, [k for k in numbers if k is not None])
    answered = answered_mask(respondents, item)
    in_base = answered | ("no_answer" not in base_def.excludes)
    for item_name, allowed in base_def.where.items():
        where_item = codebook.items[item_name]
        pos = code_positions(where_item, respondents)
        if pos is None:
            return None
        allowed_lut = np.array([code in list(allowed) for code in where_item.all_codes()] + [False])
        in_base = in_base & allowed_lut[pos]
    return pd.Series(pd.arrays.BooleanArray(yes & in_base, ~in_base), index=respondents.index, name=indicator)
