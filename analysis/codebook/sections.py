"""The optional sections of a codebook: ``[design]``, ``[weighting]``, ``[abbreviations]`` and ``[rows]``."""

from __future__ import annotations

from typing import Mapping

from analysis.codebook.model import LONELY_PSU_RULES, DesignSpec, Item, WeightingSpec
from analysis.codebook.names import inside_folder
from analysis.codebook.reader import Reader, close_hint


def parse_design(r: Reader, data: Mapping, items: dict[str, Item]) -> DesignSpec | None:
    """``[design]``; strata and cluster items are kept in processed data as design variables."""
    from dataclasses import replace

    raw = r.table(data, "design", required=False)
    if not raw:
        return None
    spec = DesignSpec(**{k: r.string(raw, k, "design", default="") for k in ("weight", "strata", "cluster", "fpc")},
                      lonely_psu=r.string(raw, "lonely_psu", "design", default="fail", choices=LONELY_PSU_RULES))
    from analysis.model_spec import REPLICATE_KEYS

    for key in sorted(set(raw) - {"weight", "strata", "cluster", "fpc", "lonely_psu", *REPLICATE_KEYS}):
        r.bad(f"design.{key}", "one of weight, strata, cluster, fpc, lonely_psu, " + ", ".join(REPLICATE_KEYS), key)
    allowed = {"weight": ("weight",), "fpc": ("numeric",),
               "strata": ("single", "ordinal", "yesno", "numeric", "identifier"),
               "cluster": ("single", "ordinal", "yesno", "numeric", "identifier")}
    for key, types in allowed.items():
        name = getattr(spec, key)
        if not name:
            continue
        item = items.get(name)
        if item is None:
            r.bad(f"design.{key}", "an item defined under [items]", close_hint(name, items))
        elif item.type not in types:
            r.bad(f"design.{key}", f"an item of type {' or '.join(types)}", f"{name} ({item.type})")
        elif key in ("strata", "cluster") and not item.keep:
            items[name] = replace(item, keep=True)
    return spec


def parse_weighting(r: Reader, data: Mapping) -> WeightingSpec | None:
    """``[weighting]``: the margins file and the raking's options (the file itself is read when weighting)."""
    raw = r.table(data, "weighting", required=False)
    if not raw:
        return None
    margins = r.string(raw, "margins", "weighting")
    if margins and not inside_folder(margins):
        r.bad("weighting.margins", "a CSV file name inside the wave folder (no absolute path, no '..')", margins)
    trim = None
    if "trim" in raw:
        t = raw["trim"]
        if (isinstance(t, list) and len(t) == 2 and all(isinstance(v, (int, float)) and not isinstance(v, bool)
                                                        for v in t) and 0 <= t[0] < 1 < t[1]):
            trim = (float(t[0]), float(t[1]))
        else:
            r.bad("weighting.trim", "[low, high] multiples of the mean weight with low < 1 < high, e.g. [0.3, 3.0]", t)
    max_iter = raw.get("max_iter", 100)
    if not isinstance(max_iter, int) or isinstance(max_iter, bool) or max_iter < 1:
        r.bad("weighting.max_iter", "a whole number of raking cycles, 1 or more", max_iter)
        max_iter = 100
    tol = raw.get("tolerance", 1e-10)
    if not isinstance(tol, (int, float)) or isinstance(tol, bool) or not 0 < tol < 1:
        r.bad("weighting.tolerance", "a number between 0 and 1 (largest margin error, as a share of the total)", tol)
        tol = 1e-10
    method = r.string(raw, "method", "weighting", default="raking", choices=("raking", "poststratify"))
    for key in sorted(set(raw) - {"margins", "trim", "max_iter", "tolerance", "method"}):
        r.bad(f"weighting.{key}", "one of margins, method, trim, max_iter, tolerance", key)
    return WeightingSpec(margins, trim, int(max_iter), float(tol), method)


def parse_abbreviations(r: Reader, data: Mapping) -> dict[str, str]:
    """``[abbreviations]``: single-word keys, each spelled out by a non-empty string.

    >>> r = Reader("cb.toml")
    >>> parse_abbreviations(r, {"abbreviations": {"PCT": "Primary Care Trust"}}), r.problems
    ({'PCT': 'Primary Care Trust'}, [])
    """
    import re

    if "abbreviations" not in data:
        return {}
    raw = data["abbreviations"]
    if not isinstance(raw, Mapping):
        r.bad("abbreviations", 'a table of ABBREVIATION = "what it stands for"', raw)
        return {}
    out: dict[str, str] = {}
    for key, value in raw.items():
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9.&'-]*", key):
            r.bad(f"abbreviations.{key}", "an abbreviation of one word (letters and digits, no spaces)", key)
        elif not isinstance(value, str) or not value.strip():
            r.bad(f"abbreviations.{key}", "what the abbreviation stands for, as non-empty text", value)
        else:
            out[key] = value.strip()
    return out


def parse_row_filter(r: Reader, data: Mapping) -> tuple[dict[str, tuple[str, ...]], str]:
    """``[rows] keep`` (column -> kept values as text) and ``label``."""
    t = r.table(data, "rows", required=False)
    if not isinstance(t, Mapping):
        return {}, ""
    keep = t.get("keep", {})
    out: dict[str, tuple[str, ...]] = {}
    if not isinstance(keep, Mapping):
        r.bad("rows.keep", 'a table of column = [values], e.g. { Finished = ["1", "true"] }', keep)
        return {}, ""
    for column, values in keep.items():
        ok = isinstance(values, list) and values and all(
            isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in values)
        if not ok:
            r.bad(f"rows.keep.{column}", "a non-empty list of cell values (text or numbers)", values)
            continue
        out[column] = tuple(str(int(v)) if isinstance(v, float) and v.is_integer() else str(v) for v in values)
    label = r.string(t, "label", "rows", default="")
    return out, label

