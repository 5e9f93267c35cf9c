"""Draft a checkbox question whose ticked options are joined in one cell as one ``multi`` item.

Microsoft Forms writes ``Online safety;Recovery;``, Google Forms ``Online safety, Recovery``,
SmartSurvey's "Responses wide" export ``Online safety; Recovery``: the layout records the
delimiter (``RawExport.choice_delimiter``; for Jisc Online Surveys, whose combined form is not
documented, and SurveyMonkey's condensed columns, ``;``, ``|`` and ``, `` are tried in turn; for an
SPSS or Stata string variable or a plain table, ``;`` and ``|``). A column of such cells is drafted as a ``multi``
item with ``column``, ``codes`` (the options, numbered in order of first appearance) and
``delimiter`` when some cell ticks two options or more and the pieces repeat like labels:

* a piece that starts with a lower-case letter and always follows the same piece is the rest
  of that option's label (``Sexting, nudes or semi-nudes`` cut at Google's ``", "``);
* a piece given by two respondents or more is an option, and so is one given by one respondent
  that reads like the options (:func:`analysis.waves.typed_other_draft.looks_typed`); any other
  piece, or one holding personal data, is an answer typed in place of a choice: it counts as
  the item's ``Other`` option (added when the answers have none) and its text is never copied
  into the draft;
* more than :data:`MAX_OPTIONS` options, or fewer than two, or most respondents' cells
  holding typed text, is not a checkbox question (free text, judged as before).

Joined cells of a question the respondent could answer only once never tick two options, so a
single-choice question is never drafted ``multi`` here.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from analysis.ingest.raw import RawExport

#: At most this many options (a longer list is free text or a mistaken delimiter).
MAX_OPTIONS = 30
#: An option label has at most this many characters.
MAX_LABEL = 120
#: Layouts whose joined answers use an undocumented delimiter, and the delimiters tried, in order.
GUESSED = ("jisc", "surveymonkey")
CANDIDATES = (";", "|", ", ")
#: Exports of no survey platform (an SPSS or Stata string variable, a plain table): only ``;`` and ``|``
#: are tried (commas are common in free text and labels).
PLAIN = ("sav", "dta", "csv", "xlsx", "header-rows")
PLAIN_CANDIDATES = (";", "|")


def _pieces(cell: str, delimiter: str) -> list[str]:
    d = delimiter.strip() or delimiter
    return [" ".join(p.split()) for p in str(cell).split(d) if p.strip()]


def _merge(cells: list[list[str]], delimiter: str) -> list[list[str]]:
    """Join a piece starting in lower case onto the piece it always follows (a label holding the delimiter)."""
    d = delimiter if delimiter.strip() == delimiter else delimiter.strip() + " "
    while True:
        after: dict[str, set] = {}
        for cell in cells:
            for i, p in enumerate(cell):
                after.setdefault(p, set()).add(cell[i - 1] if i else None)
        joins = {p: next(iter(prev)) for p, prev in after.items()
                 if p[:1].islower() and len(prev) == 1 and next(iter(prev)) is not None}
        joins = {p: a for p, a in joins.items() if a not in joins}
        if not joins:
            return cells
        merged = []
        for cell in cells:
            out: list[str] = []
            for p in cell:
                if p in joins and out and out[-1] == joins[p]:
                    out[-1] = out[-1] + d + p
                else:
                    out.append(p)
            merged.append(out)
        if merged == cells:
            return cells
        cells = merged


def joined_multi(raw: "RawExport", column: str, *, open_question: bool = False) -> dict[str, Any] | None:
    """The draft ``multi`` item of a column of joined checkbox answers, or ``None`` (see the module docstring).

    A layout whose delimiter is not known (Jisc Online Surveys, :data:`GUESSED`) tries each of
    :data:`CANDIDATES` in turn; an export of no platform (:data:`PLAIN`: an SPSS or Stata string
    variable, a plain table) tries :data:`PLAIN_CANDIDATES`.
    """
    if open_question:
        return None
    delimiter = getattr(raw, "choice_delimiter", "")
    if delimiter:
        return _joined(raw, column, delimiter)
    candidates = CANDIDATES if raw.layout in GUESSED else PLAIN_CANDIDATES if raw.layout in PLAIN else ()
    if candidates:
        for candidate in candidates:
            spec = _joined(raw, column, candidate)
            if spec is not None:
                spec["note"] += "; the delimiter was found in the answers (the platform's is not documented): check it"
                return spec
    return None


def _joined(raw: "RawExport", column: str, delimiter: str) -> dict[str, Any] | None:
    from analysis.personal import kinds

    import pandas as pd

    series = raw.frame[column].dropna().astype(str)
    counts = series.value_counts()
    distinct = [(v, int(counts[v])) for v in pd.unique(series) if v.strip()]  # each cell once, first seen first
    mark = delimiter.strip() or delimiter
    if not any(mark in v for v, _ in distinct):
        return None
    cells = _merge([_pieces(v, delimiter) for v, _ in distinct], delimiter)
    weights = [n for _, n in distinct]
    if not any(len(set(cell)) >= 2 for cell in cells):
        return None
    from analysis.waves.typed_other_draft import looks_typed

    given: Counter = Counter()
    for cell, n in zip(cells, weights):
        for p in set(cell):
            given[p] += n
    repeated = [p for p in given if given[p] >= 2]
    options = [p for p in dict.fromkeys(p for cell in cells for p in cell)
               if (given[p] >= 2 or not looks_typed(p, repeated)) and len(p) <= MAX_LABEL and not kinds(p)]
    known = set(options)
    if not 2 <= len(options) <= MAX_OPTIONS:
        return None
    typed = sum(n for cell, n in zip(cells, weights) if any(p not in known for p in cell))
    if typed * 2 > sum(weights) or not any(len([p for p in set(cell) if p in known]) >= 2 for cell in cells):
        return None
    codes = {str(k): label for k, label in enumerate(options, start=1)}
    spec: dict[str, Any] = {"type": "multi", "codes": codes, "delimiter": delimiter}
    others = [k for k, label in codes.items() if label.casefold().startswith("other")]
    note = f"ticked options joined by {delimiter!r} in one cell; options numbered in order of first appearance"
    if typed:
        if len(others) == 1:
            spec["other"] = int(others[0])
        else:
            k = str(len(codes) + 1)
            codes[k] = "Other"
            spec["other"] = int(k)
        note += (f"; {typed} answer(s) hold text that reads as typed in place of a choice, counted as Other (the "
                 "text is never stored): if such an answer is an option of the question, add it")
    spec["note"] = note
    return spec
