"""Draft an SPSS file's multiple-response sets as ``multi`` items (see :mod:`analysis.ingest.mrsets`).

A dichotomy set becomes a ``multi`` item whose options are the set's variables,
``selected = [counted value]`` and ``unselected`` the other values written. When
some respondent has an uncounted value (0) written in every option, ``answered =
"zero"`` is drafted: a 0 written for each option not ticked means the question was
put and nothing ticked. (SPSS's own MULT RESPONSE counts only cases with at least
one counted value; ``answered = "any"`` reproduces its "percent of cases", and the
item's note says so.) A category set becomes a ``multi`` item over the 0/1
category columns the reader adds (``selected = "0/1"``). The set's own variables
are not drafted as items of their own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from analysis.ingest.raw import RawExport


def _dichotomy(raw: "RawExport", s) -> dict[str, Any]:
    spec: dict[str, Any] = {"type": "multi", "text": s.label or s.name, "options": dict(s.options),
                            "selected": [s.counted]}
    note = f"SPSS dichotomy set ${s.name}: an option is ticked when its variable holds {s.counted!r}"
    if s.uncounted:
        spec["unselected"] = list(s.uncounted)
        frame = raw.frame[s.sources]
        written = frame.notna().all(axis=1)
        counted = frame.astype("string").apply(lambda col: col.str.strip().isin(
            [str(s.counted), f"{s.counted}.0"])).fillna(False).any(axis=1)
        if bool((written & ~counted).any()):
            spec["answered"] = "zero"
            note += ("; a respondent with an uncounted value in every option answered and ticked nothing "
                     "(SPSS's MULT RESPONSE leaves such cases out: answered = \"any\" gives its percent of cases)")
    spec["note"] = note
    return spec


def _category(s) -> dict[str, Any]:
    return {"type": "multi", "text": s.label or s.name, "options": dict(s.options), "selected": "0/1",
            "note": f"SPSS category set ${s.name} over {', '.join(s.sources)}: one 0/1 column per category, "
                    "added by the reader"}


def mr_set_items(raw: "RawExport") -> dict[str, tuple[str, dict[str, Any] | None]]:
    """Column -> (question text, the set's draft item on the set's first column, ``None`` on its others).

    Every column of a set (a dichotomy set's variables; a category set's variables and
    its added category columns) is listed, so the draft writes the set once and none
    of its columns as an item of its own.
    """
    out: dict[str, tuple[str, dict[str, Any] | None]] = {}
    order = {c: i for i, c in enumerate(raw.frame.columns)}
    for s in getattr(raw, "mr_sets", []) or []:
        columns = [c for c in [*s.sources, *s.options] if c in order and c not in out]
        if not columns:
            continue
        spec = _dichotomy(raw, s) if s.kind == "dichotomy" else _category(s)
        first = min(columns, key=order.__getitem__)
        for c in columns:
            out[c] = (spec["text"], spec if c == first else None)
    return out
