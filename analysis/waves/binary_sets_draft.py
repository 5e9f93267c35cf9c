"""Find a select-all question written to SPSS or Stata as one 0/1 or 1/blank variable per option.

Qualtrics' SPSS export (and many hand-made .sav and .dta files) writes "Which of these ... (Select all
that apply)" as ``Q5_1``, ``Q5_2`` ... with no multiple-response set: each variable holds 1 when its
option was ticked and system-missing (or 0) when not, a value label on 1 naming the option, and a
variable label "<question> - Selected Choice - <option>". Drafted one item per variable, each would
be a question with one answer, ticked by every respondent who "answered" it.

:func:`binary_sets` groups such variables: two or more, next to each other, with one name stem
(``Q5_1``, ``Q5_2``: the name up to its last ``_`` and digits; each with a value label on 1 naming its
option, since Q1, Q2, Q3 coded 0/1 are as likely separate yes/no questions) or one variable-label
question before " - ", every value 1, 0 or missing, and at most one labelled value besides 0. The option is the value
label of 1, else the variable label after its last " - ", else the variable's name; the question is
the variable label before the option (" - Selected Choice" dropped), else the stem. The draft then
makes one ``multi`` item of each group (:func:`analysis.waves.draft.draft_codebook`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from analysis.ingest.raw import RawExport

#: The layouts whose variables carry value labels and no grouping of their own.
LAYOUTS = ("sav", "dta")
_STEM = re.compile(r"^(?P<stem>.+?)_?(?P<k>\d+)$")
_SELECTED = re.compile(r"\s+-\s+selected choice$", re.IGNORECASE)
#: Labels of a 0 that mean "not ticked", and of a 1 that answer a yes/no question rather than name an option.
_UNTICKED = re.compile(r"^(?:not (?:selected|ticked|checked|chosen|mentioned)|un(?:selected|ticked|checked))$", re.I)
_YES = re.compile(r"yes|true|agree", re.IGNORECASE)
#: Labels of a 1 that say "ticked" without naming the option (the variable label names it).
_TICKED = re.compile(r"^(?:selected|ticked|checked|chosen|mentioned|1)$", re.IGNORECASE)


def _is_binary(raw: "RawExport", column: str) -> bool:
    """Every value 1, 0 or missing, and a 1 written or labelled; a tick, not the answer to a yes/no question.

    An option nobody ticked is still an option when its 1 is labelled. A 0 labelled otherwise than
    "not selected" (e.g. "No"), a 1 labelled "Yes" or a label on any other value make the variable
    a question of its own.
    """
    import pandas as pd

    values = pd.to_numeric(raw.frame[column], errors="coerce")
    if values.notna().sum() != raw.frame[column].notna().sum():
        return False  # text in the column
    written = set(values.dropna().unique().tolist())
    labels = {_number(k): str(v).strip() for k, v in raw.value_labels.get(column, {}).items()}
    if not written <= {0, 1} or not set(labels) <= {0, 1} or (1 not in written and 1 not in labels):
        return False
    return not (0 in labels and not _UNTICKED.search(labels[0])) and not _YES.fullmatch(labels.get(1, ""))


def _number(value) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _split(label: str) -> tuple[str, str]:
    """A variable label's question and option: the text before and after its last " - " ('' when none)."""
    head, sep, tail = label.rpartition(" - ")
    return (_SELECTED.sub("", head).strip(), tail.strip()) if sep else ("", "")


def _named_option(raw: "RawExport", column: str) -> str:
    """The option a variable's value label on 1 names ("" when it has none, or only says "selected")."""
    labels = raw.value_labels.get(column, {})
    named = [str(v) for k, v in labels.items() if _number(k) == 1 and str(v).strip() and not _TICKED.match(str(v))]
    return named[0] if named else ""


def _option(raw: "RawExport", column: str) -> str:
    return _named_option(raw, column) or _split(raw.question_text.get(column, ""))[1] or column


def _key(raw: "RawExport", column: str) -> str | None:
    """What ties a variable to its neighbours: its label's question, else its name's stem."""
    question, _ = _split(raw.question_text.get(column, ""))
    if question:
        return "label:" + question
    match = _STEM.match(column)
    return "stem:" + match.group("stem") if match else None


def binary_sets(raw: "RawExport", skip: set[str] = frozenset()) -> tuple[dict[str, list[str]], dict[str, str]]:
    """``(question -> its option variables, variable -> its option label)`` for the file's select-all questions.

    ``skip`` holds variables already drafted otherwise (an SPSS multiple-response set's).

    >>> import pandas as pd
    >>> from analysis.ingest.raw import RawExport
    >>> frame = pd.DataFrame({"Q5_1": [1.0, None], "Q5_2": [None, 1.0], "Q6": [1.0, 2.0]})
    >>> raw = RawExport(path=None, frame=frame, layout="sav", value_labels={"Q5_1": {1.0: "Grooming"},
    ...                 "Q5_2": {1.0: "Sexting"}, "Q6": {1.0: "Yes", 2.0: "No"}})
    >>> binary_sets(raw)
    ({'Q5': ['Q5_1', 'Q5_2']}, {'Q5_1': 'Grooming', 'Q5_2': 'Sexting'})
    """
    if raw.layout not in LAYOUTS:
        return {}, {}
    runs: list[tuple[str, list[str]]] = []
    for column in raw.frame.columns:
        key = _key(raw, column) if column not in skip and _is_binary(raw, column) else None
        if key is not None and runs and runs[-1][0] == key:
            runs[-1][1].append(column)
        else:
            runs.append((key or "", [column]))
    groups: dict[str, list[str]] = {}
    options: dict[str, str] = {}
    for key, columns in runs:
        if not key or len(columns) < 2:
            continue
        if key.startswith("stem:") and not all(_named_option(raw, c) for c in columns):
            continue  # Q1, Q2, Q3 coded 0/1 with no option named: as likely separate yes/no questions
        question = key.split(":", 1)[1]
        if question in groups:
            question = f"{question} ({columns[0]})"
        groups[question] = columns
        options.update({c: _option(raw, c) for c in columns})
    return groups, options
