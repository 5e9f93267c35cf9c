"""Indicators and bases: from a wave's tidy frames to yes / no / outside-the-base.

An indicator (``[indicators.NAME]`` in the codebook) counts the respondents whose
answer to one item is among its codes. A base says who is in the denominator:
``all`` (every respondent but those not asked), ``answered`` (those who gave a
substantive answer), or a codebook-defined base, possibly restricted to a
sub-population with ``where``.

:func:`indicator_series` returns a nullable boolean series: True counts in the
numerator, False in the base only, NA is outside the base. The statistics
engine reads nothing else.

>>> import pandas as pd
>>> from analysis.codebook import parse_codebook
>>> cb = parse_codebook('''
... [wave]
... name = "demo"
... [files]
... data = "x.csv"
... [id]
... column = "id"
... [items.conf]
... column = "Q1"
... type = "ordinal"
... codes = { 1 = "Not at all", 2 = "Not very", 3 = "Fairly", 4 = "Very" }
... missing = { 8 = "dont_know" }
... [indicators.not_conf]
... item = "conf"
... codes = [1, 2]
... label = "Not confident"
... ''')
>>> long = pd.DataFrame({"respondent": ["a", "b", "c", "d"], "item": "conf",
...                      "code": [1, 3, 8, pd.NA], "label": None, "missing": [None, None, "dont_know", "no_answer"]})
>>> indicator_codes(cb, long, "not_conf", "all").tolist()
[True, False, False, False]
>>> indicator_codes(cb, long, "not_conf", "answered").tolist()
[True, False, <NA>, <NA>]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from analysis.ingest.item_codes import CODE_SUFFIX, code_positions

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from analysis.codebook import Codebook
    from analysis.ingest.pipeline import Wave


def base_label(codebook: "Codebook", base: str) -> str:
    """Human label of a base, e.g. ``"all respondents"``."""
    return codebook.bases[base].label


def _codes_by_item(long: "pd.DataFrame", item: str) -> tuple["pd.Series", "pd.Series"]:
    """Codes and missing kinds of one item of answers in long form, indexed by respondent."""
    rows = long[long["item"] == item].set_index("respondent")
    return rows["code"], rows["missing"]


def indicator_codes(codebook: "Codebook", long: "pd.DataFrame", indicator: str,
                    base: str | None = None) -> "pd.Series":
    """The indicator as True / False / NA (outside the base), from answers in long form.

    ``long`` holds one row per respondent and item (columns ``respondent``, ``item``,
    ``code``, ``missing``), as :func:`analysis.waves.harmonise.harmonised_long` writes a
    wave's answers recoded onto another wave's codes. Respondents follow the order
    of their first row; see :func:`indicator_series` for a wave's own indicators.
    """
    import pandas as pd

    ind = codebook.indicators[indicator]
    base_def = codebook.bases[base or ind.base]
    codes, missing = _codes_by_item(long, ind.item)
    respondents = pd.Index(long["respondent"].drop_duplicates(), name="respondent")
    codes = codes.reindex(respondents)
    missing = missing.reindex(respondents).astype("string")
    # A respondent with neither a code nor a missing kind left the question blank.
    missing = missing.mask(codes.isna() & missing.isna(), "no_answer")
    yes = codes.isin(list(ind.codes)).astype("boolean")
    in_base = ~missing.isin(list(base_def.excludes)).to_numpy(dtype=bool)
    for item_name, allowed in base_def.where.items():
        item_codes, _ = _codes_by_item(long, item_name)
        in_base &= item_codes.reindex(respondents).isin(list(allowed)).to_numpy()
    result = yes.where(in_base, pd.NA).astype("boolean")
    result.name = indicator
    return result


def indicator_series(wave: "Wave", indicator: str, base: str | None = None) -> "pd.Series":
    """An indicator of a wave as a boolean series indexed like ``wave.respondents``.

    Parameters
    ----------
    wave : Wave
        A loaded wave (:func:`analysis.ingest.pipeline.load_wave`).
    indicator : str
        Name under ``[indicators]`` in the codebook.
    base : str, optional
        Base name; the indicator's default base when omitted.

    Returns
    -------
    pandas.Series
        dtype ``boolean``: True = in the numerator, False = in the base only,
        NA = outside the base.
    """
    return respondent_indicator(wave.codebook, wave.respondents, indicator, base)


def respondent_indicator(codebook: "Codebook", respondents: "pd.DataFrame", indicator: str,
                         base: str | None = None) -> "pd.Series":
    """:func:`indicator_from_respondents`, or ValueError naming the item whose codes the frame cannot give.

    A respondent frame written by ingest always gives them; a frame built another
    way may not.
    """
    found = indicator_from_respondents(codebook, respondents, indicator, base)
    if found is None:
        ind = codebook.indicators[indicator]
        items = [ind.item, *codebook.bases[base or ind.base].where]
        raise ValueError(f"indicator {indicator!r}: the respondent frame cannot say which code of "
                         f"{', '.join(repr(i) for i in items)} each respondent gave (a categorical of the item's "
                         f"labels, or a '{CODE_SUFFIX}' column of its codes, is needed)")
    return found


def item_answers(codebook: "Codebook", respondents: "pd.DataFrame", name: str) -> "pd.DataFrame":
    """Each respondent's code of a coded item and its missing kind, indexed like ``respondents``.

    Columns ``code`` (the codebook's code, None for a blank) and ``missing`` (the
    code's missing kind, ``no_answer`` for a blank, NA for a substantive answer).
    Raises ValueError when the frame cannot say which code was given.
    """
    import numpy as np
    import pandas as pd

    item = codebook.items[name]
    pos = code_positions(item, respondents)
    if pos is None:
        raise ValueError(f"item {name!r}: the respondent frame cannot say which code each respondent gave")
    codes = item.all_codes()
    code_lut = np.array(codes + [None], dtype=object)
    kind_lut = np.array([item.missing[c].kind if c in item.missing else None for c in codes] + ["no_answer"],
                        dtype=object)
    return pd.DataFrame({"code": code_lut[pos], "missing": pd.array(kind_lut[pos], dtype="string")},
                        index=respondents.index)


def indicator_from_respondents(codebook: "Codebook", respondents: "pd.DataFrame", indicator: str,
                               base: str | None = None) -> "pd.Series | None":
    """An indicator computed from the respondent frame's category codes, or None.

    True / False / NA by integer look-ups on the categorical codes (no string is
    compared per respondent), or on an item's ``<name>__code`` column where its codes
    share a label. None when an item it needs is neither (a frame not written by
    ingest).
    """
    import numpy as np
    import pandas as pd

    ind = codebook.indicators[indicator]
    base_def = codebook.bases[base or ind.base]
    item = codebook.items[ind.item]
    if item.type == "multi":  # "any of these" options of a multi-select item
        from analysis.multi import multi_indicator

        return multi_indicator(codebook, respondents, indicator, base)
    pos = code_positions(item, respondents)
    if pos is None:
        return None
    all_codes = item.all_codes()
    chosen = list(ind.codes)
    yes_lut = np.array([code in chosen for code in all_codes] + [False])
    kinds = [item.missing[c].kind if c in item.missing else None for c in all_codes] + ["no_answer"]
    excluded_lut = np.array([k is not None and k in base_def.excludes for k in kinds])
    in_base = ~excluded_lut[pos]
    for item_name, allowed in base_def.where.items():
        where_item = codebook.items[item_name]
        where_pos = code_positions(where_item, respondents)
        if where_pos is None:
            return None
        allowed_list = list(allowed)
        allowed_lut = np.array([code in allowed_list for code in where_item.all_codes()] + [False])
        in_base &= allowed_lut[where_pos]
    values = pd.arrays.BooleanArray(yes_lut[pos] & in_base, ~in_base)
    return pd.Series(values, index=respondents.index, name=indicator)


def without_missing(column: "pd.Series", item) -> "pd.Series":
    """A breakdown column with its missing codes (don't know, no answer, user-missing) as NA.

    Missing codes are never groups of a breakdown: respondents who gave one are left
    out of the breakdown (they still count overall).

    >>> import pandas as pd
    >>> from types import SimpleNamespace
    >>> item = SimpleNamespace(missing={9: SimpleNamespace(label="No answer")})
    >>> s = pd.Series(["Wales", "No answer", None], dtype="category")
    >>> without_missing(s, item).tolist(), list(without_missing(s, item).cat.categories)
    (['Wales', nan, nan], ['Wales'])
    """
    import pandas as pd

    labels = {m.label for m in getattr(item, "missing", {}).values()}
    if not labels:
        return column
    out = column.where(~column.isin(labels))
    if isinstance(out.dtype, pd.CategoricalDtype):
        out = out.cat.remove_categories([c for c in out.cat.categories if c in labels])
    return out


def analysis_frame(wave: "Wave", *, base: str | None = None) -> "pd.DataFrame":
    """Every indicator (on its default base, or on ``base``) beside every coded item.

    Columns: one boolean column per indicator, each coded item as its
    categorical of labels, ``weight`` when the codebook names a weight item, and the
    design variables of ``[design]`` (strata, cluster, fpc) under their item names.
    """
    import pandas as pd

    resp = wave.respondents
    cb = wave.codebook
    columns: dict[str, pd.Series] = {}
    groupings = set(cb.breakdowns) | {dim for cross in cb.crosses for dim in cross}
    for name, item in cb.items.items():
        if item.is_coded and name in resp.columns:
            columns[name] = without_missing(resp[name], item) if name in groupings else resp[name]
    for name in cb.indicators:
        columns[name] = indicator_series(wave, name, base)
    weight = cb.weight_item
    if weight is not None and weight.name in resp.columns:
        columns["weight"] = resp[weight.name].astype("Float64")
    design = getattr(cb, "design", None)
    for name in (design.variables if design is not None else ()):
        if name in resp.columns and name not in columns:  # strata, clusters, fpc: used, never shown
            columns[name] = resp[name]
    return pd.DataFrame(columns, index=resp.index)


def left_out_counts(codebook: "Codebook", respondents: "pd.DataFrame") -> dict[str, dict]:
    """Who is left out of each breakdown (and each dimension of a cross), and why.

    A respondent is outside a breakdown when the breakdown item is blank (did not
    answer) or holds one of its missing codes (``Prefer not to say``, ``No answer``,
    not asked): :func:`without_missing` leaves them out of the groups, while they
    still count overall. Computed once, by the ``tables`` stage, which writes it to
    ``tables.json``; the ``protect`` stage decides what of it may be published.

    Returns
    -------
    dict
        breakdown -> ``{"respondents": all respondents, "count": left out,
        "reasons": [{"reason": words, "count": n}, ...]}``, reasons in codebook
        order (blank answers first), only those with a count.

    >>> import pandas as pd
    >>> from types import SimpleNamespace as NS
    >>> item = NS(missing={9: NS(label="Prefer not to say", kind="no_answer")})
    >>> cb = NS(breakdowns=("nation",), crosses=(), items={"nation": item})
    >>> r = pd.DataFrame({"nation": pd.Categorical(["Wales", None, "Prefer not to say", "Wales"])})
    >>> left_out_counts(cb, r)["nation"]["count"], [x["reason"] for x in left_out_counts(cb, r)["nation"]["reasons"]]
    (2, ['did not answer', 'answered "Prefer not to say"'])
    """
    names = list(dict.fromkeys([*codebook.breakdowns, *(dim for cross in codebook.crosses for dim in cross)]))
    out: dict[str, dict] = {}
    for name in names:
        item = codebook.items.get(name)
        if item is None or name not in respondents.columns:
            continue
        column = respondents[name]
        reasons = [("did not answer", int(column.isna().sum()))]
        seen: set[str] = set()
        for code in getattr(item, "missing", {}).values():
            if code.label in seen:
                continue
            seen.add(code.label)
            words = "were not asked" if code.kind == "not_asked" else f'answered "{code.label}"'
            reasons.append((words, int((column == code.label).sum())))
        kept = [{"reason": words, "count": n} for words, n in reasons if n]
        out[name] = {"respondents": int(len(column)), "count": int(sum(x["count"] for x in kept)), "reasons": kept}
    return out
