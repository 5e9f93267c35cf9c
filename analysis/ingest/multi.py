"""Read a multi-select item's cells into ticks: one column per option, or joined choices in one cell.

:func:`read_multi` turns the export's cells of one ``multi`` item into a matrix of
ticks (respondent × option) and who answered, under the item's coding and answered
rule (:mod:`analysis.codebook.multi_items`), and lists every cell that does not fit the coding. The
checks of :func:`analysis.ingest.check.check_export` report those problems; the frame
of :func:`analysis.ingest.tidy.tidy_frames` is built from the ticks. Every distinct
cell is read once, so a million answers cost a few array look-ups.

Joined choices are matched against the option labels longest first: the cell is cut
at each delimiter and the longest run of pieces that spells a label (or a code) is
taken, so "Sexting, nudes or semi-nudes" is one option under Google Forms' ``, ``.
Pieces that spell no option are an answer typed in place of a choice: they tick the
item's Other option (:func:`analysis.codebook.multi_items.other_number`) and their text is dropped
here, never stored and never shown in an error line.

>>> split_joined("grooming; sexting, nudes or semi-nudes;", ";", {"grooming": 1, "sexting, nudes or semi-nudes": 2})
([1, 2], False)
>>> split_joined("sexting, nudes or semi-nudes, grooming", ", ", {"grooming": 1, "sexting,nudes or semi-nudes": 2,
...                                                               "sexting": 3})
([2, 1], False)
>>> split_joined("grooming, my own words", ", ", {"grooming": 1})
([1], True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from analysis.codebook.multi_items import is_joined, none_number, option_keys, option_labels, other_number
from analysis.ingest.cells import column_key_codes, found_values, cell_key

if TYPE_CHECKING:  # pragma: no cover
    from analysis.ingest.raw import RawExport


@dataclass
class MultiCells:
    """One multi item read from the export: ticks (n × options, bool), who answered, and the problems."""

    ticks: Any
    answered: Any
    #: (column, row positions, expected, found) for each kind of cell that does not fit the coding.
    problems: list = field(default_factory=list)


def _distinct(export: "RawExport", column: str):
    """``(codes, keys)`` of a column: each cell's position among its distinct keys (blank last, key None)."""
    import numpy as np
    import pandas as pd


    found = column_key_codes(export, column)
    if found is not None:
        return found
    codes, uniques = pd.factorize(export.frame[column], use_na_sentinel=True)
    keys = [cell_key(v) for v in uniques.tolist()] + [None]
    return np.where(codes < 0, len(keys) - 1, codes), keys


def _norm(text: str, delimiter: str) -> str:
    """Text as a joined-choice key: case-folded, spaces collapsed, none around the delimiter."""
    d = delimiter.strip() or delimiter
    folded = " ".join(text.split()).casefold()
    return re.sub(r"\s*" + re.escape(d) + r"\s*", d, folded) if d.strip() else folded


def split_joined(key: str, delimiter: str, lookup: dict[str, int]) -> tuple[list[int], bool]:
    """The options a joined cell ticks (in order, each once) and whether it holds text naming no option.

    ``lookup`` maps each option's label (and code), as :func:`_norm` spells it, to the
    option's number. The cell is cut at the delimiter; at each piece the longest run of
    pieces spelling a label is taken; pieces that spell none are typed text.
    """
    d = delimiter.strip() or delimiter
    pieces = [p.strip() for p in _norm(key, delimiter).split(d)] if d else [key]
    found: list[int] = []
    typed = False
    i = 0
    while i < len(pieces):
        if not pieces[i]:
            i += 1
            continue
        for j in range(len(pieces), i, -1):
            k = lookup.get(d.join(pieces[i:j]))
            if k is not None:
                if k not in found:
                    found.append(k)
                i = j
                break
        else:
            typed = True
            i += 1
    return found, typed


def _column_states(export: "RawExport", item, column: str, label: str):
    """Per cell of one option column: 1 ticked, 0 a value written for "not ticked", -1 blank, -2 fits nothing."""
    import numpy as np


    unticked = {cell_key(v) for v in item.unselected}
    if item.coding == "0/1":
        ticked, unticked = {"1"}, unticked | {"0"}
    elif item.coding == "blank/1":
        ticked = {"1"}
    elif item.coding == "label/blank":
        ticked = {cell_key(label)}
    elif item.selected:
        ticked = {cell_key(v) for v in item.selected}
    else:
        ticked = {"1", cell_key(label)}
    codes, keys = _distinct(export, column)
    lut = np.array([-1 if k is None else 1 if k in ticked else 0 if k in unticked else -2 for k in keys], dtype=np.int8)
    return lut[codes], ticked, unticked


def _expected(item, ticked: set, unticked: set, label: str) -> str:
    """What an option column may hold, in words."""
    words = {"0/1": "1 (ticked) or 0 (not ticked)", "blank/1": "1 (ticked) or blank",
             "label/blank": f"'{label}' (ticked) or blank"}.get(item.coding)
    if words is None and not item.selected:
        words = f"1 or '{label}' (ticked)" + (", " + " or ".join(f"'{u}'" for u in sorted(unticked))
                                              + " (not ticked)" if unticked else "") + " or blank"
    if words is None:
        shown = " or ".join(f"'{t}'" for t in sorted(ticked)) + " (ticked)"
        words = shown + (", " + " or ".join(f"'{u}'" for u in sorted(unticked)) + " (not ticked)" if unticked else "") \
            + " or blank"
    return f"{words} in each option column of multi item '{item.name}'"


def read_multi(export: "RawExport", item) -> MultiCells:
    """The ticks of one multi item, who answered it, and every cell that does not fit its coding."""
    import numpy as np

    n = len(export.frame)
    labels = option_labels(item)
    ticks = np.zeros((n, len(labels)), dtype=bool)
    problems: list = []
    none = none_number(item)
    if is_joined(item):
        column = item.column
        if column not in export.frame.columns:
            return MultiCells(ticks, np.zeros(n, dtype=bool), problems)
        delimiter = item.delimiter or getattr(export, "choice_delimiter", "") or ""
        if not delimiter:
            problems.append((column, [], f"a delimiter for multi item '{item.name}': the text between its joined "
                             "choices (set delimiter = \";\" or \", \" under the item)", None))
            return MultiCells(ticks, np.zeros(n, dtype=bool), problems)
        lookup: dict[str, int] = {}
        for k, (code, label) in enumerate(zip(option_keys(item), labels), start=1):
            lookup.setdefault(_norm(str(code), delimiter), k)
        for k, label in enumerate(labels, start=1):
            lookup[_norm(label, delimiter)] = k  # labels win over a code spelled like another label
        other = other_number(item)
        codes, keys = _distinct(export, column)
        key_ticks = np.zeros((len(keys), len(labels)), dtype=bool)
        untyped = np.zeros(len(keys), dtype=bool)
        for j, key in enumerate(keys):
            if key is None:
                continue
            found, typed = split_joined(key, delimiter, lookup)
            if typed:
                if other is None:
                    untyped[j] = True
                else:
                    found.append(other)
            for k in found:
                key_ticks[j, k - 1] = True
        ticks = key_ticks[codes]
        answered = (key_ticks.any(axis=1) | untyped)[codes]  # a cell of delimiters only ticks nothing
        bad = np.flatnonzero(untyped[codes]).tolist()
        if bad:
            problems.append((column, bad, f"the options of multi item '{item.name}' joined by '{delimiter}': "
                             + "; ".join(labels) + " (an answer typed in place of a choice counts only when the "
                             "item has an Other option: set other = its code)",
                             "an answer that is none of the options (its text is not shown)"))
        columns = [column] * len(labels)
    else:
        written = np.zeros(n, dtype=bool)
        columns = list(item.options)
        for k, (column, label) in enumerate(item.options.items()):
            if column not in export.frame.columns:
                continue
            state, ticked, unticked = _column_states(export, item, column, label)
            ticks[:, k] = state == 1
            written |= state >= 0
            bad = np.flatnonzero(state == -2).tolist()
            if bad:
                hint = ""
                keys = set(_distinct(export, column)[1])
                if not item.coding and not item.selected and "0" in keys:
                    hint = "; for columns of 1 (ticked) and 0 (not ticked) set selected = \"0/1\" under the item"
                series = export.frame[column]
                if series.dtype.kind in "fiub":  # numbers (a .sav file): shown as their keys, 0 not 0.0
                    codes, keys = _distinct(export, column)
                    shown = list(dict.fromkeys(str(keys[codes[i]]) for i in bad))
                    found = "', '".join(shown[:3]) + ("' and others" if len(shown) > 3 else "")
                else:
                    found = found_values(series, bad)
                problems.append((column, bad, _expected(item, ticked, unticked, label) + hint, found))
        answered = written if item.answered == "zero" else ticks.any(axis=1)
    if none is not None:
        others = np.delete(ticks, none - 1, axis=1).any(axis=1) if ticks.shape[1] > 1 else np.zeros(n, dtype=bool)
        both = np.flatnonzero(ticks[:, none - 1] & others).tolist()
        if both:
            problems.append((columns[none - 1], both, f"'{labels[none - 1]}' ticked alone: it means none of the "
                             f"options of multi item '{item.name}' (answered = \"none_option\")",
                             "another option ticked with it"))
    return MultiCells(ticks, answered, problems)


def multi_columns(export: "RawExport", item, index) -> dict:
    """The respondent-frame columns of a multi item: ``<item>__<k>`` booleans, NA where not answered."""
    import pandas as pd

    cells = export.distinct.get(("multi", item.name)) or read_multi(export, item)
    out = {}
    for k in range(cells.ticks.shape[1]):
        out[f"{item.name}__{k + 1}"] = pd.Series(pd.arrays.BooleanArray(cells.ticks[:, k].copy(), ~cells.answered),
                                                 index=index)
    return out


def check_multi(export: "RawExport", item) -> list:
    """The problems of a multi item's cells (see :func:`read_multi`); the reading is kept for the frame."""
    cells = read_multi(export, item)
    export.distinct[("multi", item.name)] = cells
    return cells.problems
