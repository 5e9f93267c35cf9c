"""A summary export is not responses: counts and percentages per answer choice are refused, not read.

Survey tools offer a summary beside the responses (SmartSurvey's and SurveyMonkey's "Answer Choice,
Response Percent, Response Total"; an SPSS frequency table pasted into a workbook: "Frequency,
Percent, Valid Percent, Cumulative Percent"). Read as responses, each answer choice would be a
respondent whose answers are "20.0%" and "40", and every estimate after it wrong. A table is taken
for a summary when two of its column headers are words of a summary (:data:`SUMMARY_HEADERS`), or
one is and another column holds nothing but percentages. One such column alone ("Total score",
a question named "Responses") is a question like any other. A row of totals left under the
responses (its first cell "Total", "Sum", "Mean" ...: :data:`TOTAL_WORDS`) would be one more
respondent, and is refused by its row number.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from analysis.ingest.raw import RawExport

#: Column headers of a summary table (case, spaces and punctuation folded).
SUMMARY_HEADERS = {
    "answer choice", "answer choices", "answer option", "answer options", "response percent", "response percentage",
    "response total", "response count", "responses", "percent", "percentage", "frequency", "count", "valid percent",
    "cumulative percent", "answered", "skipped", "total responses", "%", "n", "valid %", "cumulative %"}
#: What the first cell of a row of totals under the responses says (case folded).
TOTAL_WORDS = {"total", "totals", "grand total", "sum", "mean", "average", "all respondents"}
#: How many of the last rows are looked at for totals.
TAIL_ROWS = 3
_PERCENT = r"\s*-?\d+(?:[.,]\d+)?\s*%\s*"


def _folded(header: object) -> str:
    return " ".join(re.sub(r"[^\w%]+", " ", str(header).casefold()).split())


def summary_columns(export: "RawExport") -> list[str]:
    """The columns that make ``export`` a summary table (see the module docstring); empty for responses.

    >>> import pandas as pd
    >>> from analysis.ingest.raw import RawExport
    >>> frame = pd.DataFrame({"Answer Choice": ["Yes", "No"], "Response Percent": ["60%", "40%"],
    ...                       "Response Total": ["6", "4"]})
    >>> summary_columns(RawExport(path=None, frame=frame, layout="csv"))
    ['Answer Choice', 'Response Percent', 'Response Total']
    >>> summary_columns(RawExport(path=None, frame=frame.rename(columns={"Response Percent": "Q2"}), layout="csv"))
    ['Answer Choice', 'Response Total']
    >>> summary_columns(RawExport(path=None, frame=frame[["Answer Choice"]].assign(Total=["3", "4"]), layout="csv"))
    []
    """
    named = [c for c in export.frame.columns if _folded(c) in SUMMARY_HEADERS]
    if len(named) >= 2:
        return named
    if not named:
        return []
    percentages = []
    for column in export.frame.columns:
        if column in named:
            continue
        cells = export.frame[column].dropna().astype(str)
        # The first cells decide most columns; the rest are read only when those are all percentages.
        if len(cells) and cells.head(20).str.fullmatch(_PERCENT).all() and cells.str.fullmatch(_PERCENT).all():
            percentages.append(column)
    return [c for c in export.frame.columns if c in named or c in percentages] if percentages else []


def totals_rows(export: "RawExport") -> list[int]:
    """Positions of the rows of totals among the last :data:`TAIL_ROWS` rows (first cell a word of :data:`TOTAL_WORDS`).

    >>> import pandas as pd
    >>> from analysis.ingest.raw import RawExport
    >>> frame = pd.DataFrame({"id": ["1", "2", "Total"], "Q1": ["Yes", "No", "1"]})
    >>> totals_rows(RawExport(path=None, frame=frame, layout="csv"))
    [2]
    """
    frame = export.frame
    if export.layout in ("sav", "dta") or frame.empty:
        return []
    first = frame.iloc[-TAIL_ROWS:, 0]
    return [len(frame) - len(first) + k for k, cell in enumerate(first)
            if isinstance(cell, str) and _folded(cell) in TOTAL_WORDS]


def refuse_summary(export: "RawExport") -> None:
    """Raise :class:`~analysis.errors.InputError` (one line) when ``export`` is a summary table, not responses,
    or has a row of totals under the responses."""
    from analysis.errors import InputError

    columns = summary_columns(export)
    if columns:
        shown = ", ".join(repr(str(c)) for c in columns[:4]) + (" ..." if len(columns) > 4 else "")
        raise InputError.single(
            str(export.path), "one row per respondent: export the individual responses, not the summary "
            "(SurveyMonkey: all individual responses; SmartSurvey, Jisc: the responses download; Forms: the "
            "responses spreadsheet)", found=f"a summary table of counts and percentages per answer (columns {shown})")
    totals = totals_rows(export)
    if totals:
        from analysis.ingest.raw import file_rows

        raise InputError.single(
            str(export.path), "one row per respondent: delete the row of totals under the responses",
            column=str(export.frame.columns[0]), rows=file_rows(export, totals),
            found=f"a row of totals (its first cell {export.frame.iloc[totals[0], 0]!r})")
