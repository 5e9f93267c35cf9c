"""``[items.NAME]``: one item of the codebook, its codes, missing codes and multi-select settings, checked."""

from __future__ import annotations

from typing import Any, Mapping

from analysis.codebook.model import CODED_TYPES, ITEM_TYPES, MISSING_KIND_LABELS, MISSING_KINDS, Code, Item, \
    MissingCode, parse_code
from analysis.codebook.multi_items import parse_multi
from analysis.codebook.reader import Reader


def _missing_codes(r: Reader, raw: Any, where: str) -> dict[Code, MissingCode]:
    out: dict[Code, MissingCode] = {}
    if not isinstance(raw, Mapping):
        r.bad(where, "a table of code = kind", raw)
        return out
    for key, spec in raw.items():
        code = parse_code(key)
        if isinstance(spec, str):
            kind, label = spec, MISSING_KIND_LABELS.get(spec, spec)
        elif isinstance(spec, Mapping):
            kind = spec.get("kind", "")
            label = spec.get("label") or MISSING_KIND_LABELS.get(kind, str(kind))
        else:
            r.bad(f"{where}.{key}", "a kind or a table {label, kind}", spec)
            continue
        if kind not in MISSING_KINDS:
            r.bad(f"{where}.{key}", "a missing kind in " + ", ".join(MISSING_KINDS), kind)
            continue
        out[code] = MissingCode(code, kind, str(label))
    return out


def _codes(r: Reader, raw: Mapping, where: str) -> dict[Code, str]:
    """Code = label pairs; a code written twice (``01`` beside ``1``) or a label used twice is an error."""
    codes: dict[Code, str] = {}
    first_key: dict[Code, str] = {}
    by_label: dict[str, Code] = {}
    for key, value in raw.items():
        code = parse_code(key)
        if not isinstance(value, str):
            r.bad(f"{where}.{key}", "a label (a string)", value)
            continue
        if code in codes:
            r.bad(f"{where}.{key}", f"each code once (it reads as code {code}, already given as '{first_key[code]}')",
                  key)
            continue
        label_key = " ".join(value.split()).casefold()
        if label_key in by_label:
            r.bad(f"{where}.{key}", f"a label used by one code only (code {by_label[label_key]} has it too)", value)
            continue
        codes[code], first_key[code], by_label[label_key] = value, str(key), code
    return codes


def parse_item(r: Reader, name: str, raw: Mapping) -> Item | None:
    """One ``[items.NAME]`` table as an :class:`Item`; None when it is not a table."""
    where = f"items.{name}"
    if not isinstance(raw, Mapping):
        r.bad(where, "a table", raw)
        return None
    type_ = r.string(raw, "type", where, choices=ITEM_TYPES)
    codes_raw = raw.get("codes", {})
    codes: dict[Code, str] = {}
    if isinstance(codes_raw, Mapping):
        codes = _codes(r, codes_raw, f"{where}.codes")
    else:
        r.bad(f"{where}.codes", "a table of code = label", codes_raw)
    if type_ in CODED_TYPES and not codes and isinstance(codes_raw, Mapping):
        r.bad(f"{where}.codes", f"codes for a {type_} item")
    missing = _missing_codes(r, raw.get("missing", {}), f"{where}.missing")
    for code in sorted(set(codes) & set(missing), key=str):
        r.bad(f"{where}.missing.{code}", "a code that is not also a substantive code", code)
    options_raw = raw.get("options", {})
    options = {str(k): str(v) for k, v in options_raw.items()} if isinstance(options_raw, Mapping) else {}
    if not isinstance(options_raw, Mapping):
        r.bad(f"{where}.options", "a table of column = option label", options_raw)
    column = raw.get("column", "")
    if not isinstance(column, str):
        r.bad(f"{where}.column", "a column name (a string)", column)
        column = ""
    elif type_ != "multi" and not column:
        r.bad(f"{where}.column", "the export column this item reads")
    multi = parse_multi(r, raw, where, type_=type_, options=options, codes=codes, column=str(column))
    return Item(
        name=name, column=str(column), type=type_, text=str(raw.get("text", "")),
        codes=codes, missing=missing, keep=r.boolean(raw, "keep", where, default=False),
        required=r.boolean(raw, "required", where, default=True), options=options, **multi,
    )

