"""Multi-select ("select all that apply") items: how their options are written and who answered.

A ``multi`` item is written by an export in one of two shapes:

* **one column per option** (``options = { column = "label", ... }``): each cell says
  whether that option was ticked. ``selected`` names how: ``"0/1"`` (1 ticked, 0 not),
  ``"blank/1"`` (1 ticked, blank not), ``"label/blank"`` (the option's label ticked,
  blank not), or a list of the cell values that mean ticked (an SPSS
  multiple-response dichotomy set's counted value, e.g. ``[1]``), with ``unselected``
  listing the values written for an option not ticked. Unset, a cell holding 1 or
  the option's label is ticked and a blank is not; a 0 is then refused, never read
  as a tick.
* **one cell of joined choices** (``column``, ``codes = { code = "label" }`` and
  ``delimiter``, or ``selected = "joined"``): the ticked options' labels joined by
  the delimiter (Microsoft Forms ``;`` with a trailing ``;``, Google Forms ``, ``).
  Labels are matched longest first, so an option whose label holds the delimiter
  ("Sexting, nudes or semi-nudes") stays one option. An answer that is no option's
  label (typed in place of a choice) counts as the ``other`` option; its text is
  never stored.

``answered`` says how "answered the question" is known: ``"any"`` (the default: at
least one option ticked), ``"zero"`` (a value, such as 0, was written for the options
not ticked: a respondent with a value in any option column answered, even one who
ticked nothing; blank in every column is no answer), or ``"none_option"`` (the option
named by ``none_option`` means "none of these": it counts as an answer, is never
ticked with another option, and is left out of "any of these" and of the number of
options ticked).

The respondent frame holds one nullable boolean column per option, ``<item>__<k>``
(k = 1, 2, ... in codebook order), NA for a respondent who did not answer.

This module says what a multi item declares and checks its codebook keys; the
respondent frame's ticks are read by :mod:`analysis.ingest.multi` and counted by
:mod:`analysis.multi`.

>>> from types import SimpleNamespace as NS
>>> item = NS(name="topics", options={"Q4_1": "Grooming", "Q4_2": "Sexting"}, codes={}, column="",
...           coding="0/1", selected=(), unselected=(), answered="any", none_option="", other="", delimiter="")
>>> option_labels(item), option_columns(item)
(['Grooming', 'Sexting'], ['topics__1', 'topics__2'])
>>> option_number(item, "Q4_2"), option_number(item, 2), option_number(item, "sexting"), option_number(item, 7)
(2, 2, 2, None)
"""

from __future__ import annotations

from typing import Any, Mapping

from analysis.codebook.model import parse_code

#: Named codings of ``selected`` for a multi item.
CODINGS = ("0/1", "blank/1", "label/blank", "joined")
#: How "answered the question" is known (``answered``).
ANSWERED_RULES = ("any", "zero", "none_option")
#: Keys a multi item may hold beside the common ones.
MULTI_KEYS = ("options", "selected", "unselected", "answered", "none_option", "delimiter", "other")


def is_joined(item) -> bool:
    """Whether the item's ticked options are joined in one cell (rather than one column per option)."""
    return item.coding == "joined" or (not item.options and bool(item.column) and bool(item.codes))


def option_labels(item) -> list[str]:
    """The option labels in codebook order."""
    return list(item.codes.values()) if is_joined(item) else list(item.options.values())


def option_keys(item) -> list:
    """Each option's identifier: its export column, or its code for joined choices."""
    return list(item.codes) if is_joined(item) else list(item.options)


def option_columns(item) -> list[str]:
    """The respondent-frame columns of the item's options, ``<item>__1`` ..."""
    return [f"{item.name}__{k}" for k in range(1, len(option_labels(item)) + 1)]


def option_number(item, ref) -> int | None:
    """The option (1, 2, ...) that ``ref`` names: its code or column, its number, or its label.

    None when ``ref`` names no option.
    """
    keys, labels = option_keys(item), option_labels(item)
    for k, key in enumerate(keys, start=1):
        if ref == key or str(ref) == str(key):
            return k
    if isinstance(ref, int) and not isinstance(ref, bool) and 1 <= ref <= len(labels) and not is_joined(item):
        return ref
    wanted = " ".join(str(ref).split()).casefold()
    for k, label in enumerate(labels, start=1):
        if " ".join(label.split()).casefold() == wanted:
            return k
    return None


def none_number(item) -> int | None:
    """The "none of these" option's number (``answered = "none_option"``), else None."""
    return option_number(item, item.none_option) if item.answered == "none_option" and item.none_option else None


def other_number(item) -> int | None:
    """The option a typed answer counts as: ``other``, else the one option whose label starts with "Other"."""
    if item.other:
        return option_number(item, item.other)
    others = [k for k, label in enumerate(option_labels(item), start=1) if label.strip().casefold().startswith("other")]
    return others[0] if len(others) == 1 else None


def parse_multi(r, raw: Mapping, where: str, *, type_: str, options: Mapping, codes: Mapping,
                column: str) -> dict[str, Any]:
    """The multi keys of one item (``selected``, ``unselected``, ``answered``, ...), checked.

    ``r`` is the codebook's problem collector (``r.bad(key, expected, found)``).
    Returns the keyword arguments of :class:`analysis.codebook.Item` they set.
    """
    from types import SimpleNamespace

    out: dict[str, Any] = {"coding": "", "selected": (), "unselected": (), "answered": "any",
                           "none_option": "", "delimiter": "", "other": ""}
    if type_ != "multi":
        if type_ == "single" and "other" in raw:  # typed answers in a single-choice cell (analysis.ingest.single_other)
            from analysis.codebook.single_other import parse_single_other

            out["other"] = parse_single_other(r, raw["other"], where, codes)
        present = [k for k in ("selected", "unselected", "answered", "none_option", "other") if k in raw
                   and not (k == "other" and type_ == "single")]
        for key in present:
            r.bad(f"{where}.{key}", "no multi-select setting on an item that is not type = \"multi\"", key)
        return out
    sel = raw.get("selected", [])
    if isinstance(sel, str):
        if sel not in CODINGS:
            r.bad(f"{where}.selected", "one of " + ", ".join(f'"{c}"' for c in CODINGS)
                  + " or a list of the cell values that mean ticked", sel)
        else:
            out["coding"] = sel
    elif isinstance(sel, list) and all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in sel):
        out["selected"] = tuple(parse_code(v) for v in sel)
    else:
        r.bad(f"{where}.selected", "a coding (\"0/1\", \"blank/1\", \"label/blank\", \"joined\") or a list of the "
              "cell values that mean ticked, e.g. [1]", sel)
    unsel = r.array(raw, "unselected", where)
    out["unselected"] = tuple(parse_code(v) for v in unsel if isinstance(v, (str, int)) and not isinstance(v, bool))
    answered = raw.get("answered", "any")
    if answered not in ANSWERED_RULES:
        r.bad(f"{where}.answered", "one of " + ", ".join(f'"{a}"' for a in ANSWERED_RULES)
              + " (how \"answered the question\" is known)", answered)
        answered = "any"
    out["answered"] = answered
    for key in ("none_option", "other", "delimiter"):
        value = raw.get(key, "")
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            r.bad(f"{where}.{key}", "an option's code, column or label" if key != "delimiter"
                  else "the text between joined choices, e.g. \";\" or \", \"", value)
            value = ""
        out[key] = value if isinstance(value, int) else str(value)
    if out["delimiter"] == "" and "delimiter" in raw:
        r.bad(f"{where}.delimiter", "the text between joined choices, e.g. \";\" or \", \"", '""')
    view = SimpleNamespace(name=where, options=options, codes=codes, column=column, **out)
    joined = is_joined(view)
    if joined and options:
        r.bad(f"{where}.options", "options as codes = { code = \"label\" } for choices joined in one cell", "options")
    if joined and not column:
        r.bad(f"{where}.column", "the export column holding the joined choices")
    if not joined and not options:
        r.bad(f"{where}.options", "a table of column = option label for a multi item (or column, codes and "
              "delimiter for choices joined in one cell)")
    if joined and (out["selected"] or out["unselected"]):
        r.bad(f"{where}.selected", "no selected or unselected values for choices joined in one cell")
    if answered == "zero" and (joined or not (out["coding"] == "0/1" or out["unselected"])):
        r.bad(f"{where}.answered", "\"zero\" only with selected = \"0/1\" or unselected values (a value written for "
              "the options not ticked)", answered)
    if answered == "none_option":
        if not out["none_option"] and out["none_option"] != 0:
            r.bad(f"{where}.none_option", "the option meaning \"none of these\" (its code, column or label)")
        elif option_number(view, out["none_option"]) is None:
            r.bad(f"{where}.none_option", "an option of the item (its code, column or label)", out["none_option"])
    elif out["none_option"] != "":
        r.bad(f"{where}.none_option", "answered = \"none_option\" beside it", out["none_option"])
    if out["other"] != "" and option_number(view, out["other"]) is None:
        r.bad(f"{where}.other", "an option of the item (its code, column or label)", out["other"])
    return out
