"""``[bases.NAME]`` and ``[indicators.NAME]``: who is in a denominator, and which answers count as yes."""

from __future__ import annotations

from typing import Mapping

from analysis.codebook.model import DEFAULT_BASES, MISSING_KINDS, Base, Indicator, Item, parse_code
from analysis.codebook.multi_items import option_labels, option_number
from analysis.codebook.reader import Reader, close_hint


def parse_bases(r: Reader, data: Mapping, items: Mapping[str, Item]) -> dict[str, Base]:
    """``[bases]`` beside the bases every wave has (:data:`~analysis.codebook.model.DEFAULT_BASES`), checked."""
    bases: dict[str, Base] = {}
    raw_bases = {**DEFAULT_BASES, **r.table(data, "bases", required=False)}
    for name, raw in raw_bases.items():
        if not isinstance(raw, Mapping):
            r.bad(f"bases.{name}", "a table", raw)
            continue
        excludes = tuple(r.array(raw, "excludes", f"bases.{name}"))
        for kind in excludes:
            if kind not in MISSING_KINDS:
                r.bad(f"bases.{name}.excludes", "missing kinds in " + ", ".join(MISSING_KINDS), kind)
        where_raw = raw.get("where", {})
        if not isinstance(where_raw, Mapping):
            r.bad(f"bases.{name}.where", "a table of item = [codes]", where_raw)
            where_raw = {}
        where = {}
        for item_name, codes in where_raw.items():
            if item_name not in items:
                r.bad(f"bases.{name}.where", "an item defined under [items]", close_hint(item_name, items))
            if isinstance(codes, (Mapping, bool, float)):
                r.bad(f"bases.{name}.where.{item_name}", "a list of codes", codes)
                continue
            where[item_name] = tuple(parse_code(c) for c in (codes if isinstance(codes, list) else [codes]))
            known = items[item_name].all_codes() if item_name in items else None
            if known is not None and items[item_name].is_coded:
                for code in where[item_name]:
                    if code not in known:
                        r.bad(f"bases.{name}.where.{item_name}", f"codes of item '{item_name}': "
                              + ", ".join(str(c) for c in known), code)
        bases[name] = Base(name, str(raw.get("label", name)), excludes, where)
    return bases


def parse_indicators(r: Reader, data: Mapping, items: Mapping[str, Item],
                     bases: Mapping[str, Base]) -> dict[str, Indicator]:
    """``[indicators]``: each names an item, its codes that count as yes and a base, checked against them."""
    indicators: dict[str, Indicator] = {}
    for name, raw, where in r.entries(data, "indicators"):
        item_name = r.string(raw, "item", where)
        item = items.get(item_name)
        if item_name and item is None:
            r.bad(f"{where}.item", "an item defined under [items]", close_hint(item_name, items))
        codes_raw = raw.get("codes", [])
        listed = isinstance(codes_raw, list)
        if not listed:
            r.bad(f"{where}.codes", "a list of codes (a TOML array, e.g. [1, 2])", codes_raw)
            codes_raw = []
        codes = tuple(parse_code(c) for c in codes_raw if not isinstance(c, (Mapping, list, bool, float)))
        if len(codes) != len(codes_raw):
            r.bad(f"{where}.codes", "codes (integers or strings)", codes_raw)
        elif not codes and listed:
            r.bad(f"{where}.codes", "the codes that count as yes")
        if item is not None and item.type == "multi":
            unknown = [c for c in codes if option_number(item, c) is None]
            if unknown:
                r.bad(f"{where}.codes", f"options of multi item '{item_name}' (each its code or column, its number "
                      "1, 2 ... or its label: " + "; ".join(option_labels(item)) + ")", unknown[0])
        elif item is not None and (item.codes or not item.is_coded):  # an item whose codes are wrong is said once
            unknown = [c for c in codes if c not in item.codes]
            if unknown:
                r.bad(f"{where}.codes", f"substantive codes of item '{item_name}'", unknown[0])
        base = r.string(raw, "base", where, default="all")
        if base not in bases:
            r.bad(f"{where}.base", "a base defined under [bases] or all/answered", close_hint(base, bases))
        indicators[name] = Indicator(
            name=name, item=item_name, codes=codes,
            label=r.string(raw, "label", where, default=name),
            short=r.string(raw, "short", where, default=""),
            base=base, group=r.string(raw, "group", where, default=""),
            description=r.string(raw, "description", where, default=""),
        )
    return indicators
