"""SmartSurvey's "Responses wide" export (XLSX sheet ``Responses wide``, or the same as CSV): one header row.

Layout, as read here (see ``tests/fixtures/platforms/README.md`` for the source and what is
assumed): ``Response_ID`` and admin columns (``Completion_Status``, ``Survey_ID``,
``Tracking_Link_ID``, ``Date_Started``, ``Date_Modified``, ``Date_Ended``, ``Response_Date``,
``Current_Page_ID``, ``Language``, ``IP_Address`` ... and the survey's custom variables), then
one column per question headed ``Q_<question id>_<question text>``:

* a checkbox question's ticked options joined by ``"; "`` in one cell (:data:`CHOICE_DELIMITER`);
* an "Other" answer written as the option then the typed text, ``"Other / <text>"`` (also
  ``"Any other ... background / <text>"``): the reader keeps the option and drops the text
  (a note counts them), so the text never reaches the draft or processed data;
* a matrix question's answers as JSON fragments joined by ``"; "``
  (``{"type": "matrix_row", "row_title": "PE lessons", "column_title": "A lot"}``): the reader
  gives each row a column of its own, ``"<question column> | <row title>"``, holding the
  column title chosen, grouped under the question.

Every column that is not a question (the admin columns and custom variables) is platform
metadata, typed ``identifier`` and dropped at ingest unless the codebook keeps it.
``Response_ID`` numbers the responses.

>>> from pathlib import Path
>>> rows = [["Response_ID", "IP_Address", "Q_11_Topics?", "Q_12_Rate"],
...         ["R1", "192.0.2.1", "A; Other / my words", '{"row_title": "X", "column_title": "Good"}']]
>>> raw = from_rows(rows, path=Path("x.csv"), encoding="utf-8")
>>> raw.id_column, raw.metadata_columns, raw.frame["Q_11_Topics?"].tolist()
('Response_ID', ['Response_ID', 'IP_Address'], ['A; Other'])
>>> raw.frame["Q_12_Rate | X"].tolist(), raw.question_text["Q_12_Rate | X"], raw.option_labels["Q_12_Rate | X"]
(['Good'], 'Rate', 'X')
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from analysis.errors import InputError
from analysis.ingest.platforms import Layout, PlatformExport, clean_text, fold, note_metadata, one_header_export

#: A question column: ``Q_<question id>_<text>``.
QUESTION = re.compile(r"^Q_(?P<qid>\d+)_(?P<text>.*)$", re.DOTALL)
#: Between the ticked options of a checkbox question (and a matrix question's fragments).
CHOICE_DELIMITER = "; "
#: An "Other" option followed by its typed text.
OTHER_TEXT = re.compile(r"^(?P<option>(?:any\s+)?other\b[^/]*?)\s+/\s+\S.*$", re.IGNORECASE | re.DOTALL)
#: Between two JSON fragments of a matrix cell.
FRAGMENTS = re.compile(r"(?<=\})\s*;\s*(?=\{)")


def detect(rows: list[list[str]]) -> bool:
    """Whether row 1 names ``Response_ID`` and has question columns ``Q_<id>_<text>``.

    >>> detect([["Response_ID", "Completion_Status", "Q_26871497_Are you...?"], ["1", "Complete", "a boy"]])
    True
    >>> detect([["ResponseId", "Q1_1"], ["R_1", "1"]])
    False
    """
    if not rows or not rows[0]:
        return False
    names = [c.lstrip("\ufeff").strip() for c in rows[0]]
    return "responseid" in {fold(c).replace("_", "") for c in names} and any(QUESTION.match(c) for c in names) \
        and "Response_ID" in names


def _strip_other(cell: str) -> tuple[str, bool]:
    """The cell with the typed text after each "Other ... / " piece removed, and whether any was."""
    pieces = cell.split(CHOICE_DELIMITER.strip())
    out, changed = [], False
    for piece in pieces:
        found = OTHER_TEXT.match(piece.strip())
        if found:
            out.append((" " if piece.startswith(" ") else "") + found.group("option").strip())
            changed = True
        else:
            out.append(piece)
    return CHOICE_DELIMITER.strip().join(out), changed


def _matrix(values: list) -> list[dict[str, str]] | None:
    """Each cell's ``{row title: column title}`` when every non-blank cell is matrix JSON fragments, else ``None``."""
    out: list[dict[str, str]] = []
    seen = False
    for value in values:
        if value is None or not str(value).strip():
            out.append({})
            continue
        text = str(value).strip()
        if not text.startswith("{"):
            return None
        cell: dict[str, str] = {}
        for fragment in FRAGMENTS.split(text):
            try:
                obj = json.loads(fragment)
            except ValueError:
                return None
            if not isinstance(obj, dict) or "row_title" not in obj:
                return None
            cell[clean_text(str(obj["row_title"]))] = clean_text(str(obj.get("column_title", "")))
        out.append(cell)
        seen = True
    return out if seen else None


def from_rows(rows: list[list[str]], *, path: Path, encoding: str, layout: str = "smartsurvey-wide") -> PlatformExport:
    """Read every row of a "Responses wide" export into a :class:`~analysis.ingest.platforms.PlatformExport`."""
    if not detect(rows):
        raise InputError.single(str(path), "a SmartSurvey Responses wide export (row 1 naming Response_ID and "
                                "Q_<id>_<text> columns), as files.format says", rows=[1], found="another header")
    import pandas as pd

    raw, names, width = one_header_export(rows, path=path, layout=layout, encoding=encoding,
                                          choice_delimiter=CHOICE_DELIMITER)
    columns: dict[str, object] = {}
    others = 0
    for name in names:
        found = QUESTION.match(name)
        if not found:
            raw.metadata_columns.append(name)
            columns[name] = raw.frame[name]
            continue
        question = clean_text(found.group("text")) or name
        values = raw.frame[name].tolist()
        values = [None if v is pd.NA else v for v in values]
        matrix = _matrix(values)
        if matrix is not None:
            titles = list(dict.fromkeys(t for cell in matrix for t in cell))
            for title in titles:
                column = f"{name} | {title}"
                columns[column] = pd.array([cell.get(title) or pd.NA for cell in matrix], dtype="string")
                raw.question_text[column] = question
                raw.option_labels[column] = title
                raw.groups.setdefault(question, []).append(column)
            continue
        cleaned = []
        for v in values:
            if v is None:
                cleaned.append(pd.NA)
                continue
            text, changed = _strip_other(str(v))
            others += changed
            cleaned.append(text)
        columns[name] = pd.array(cleaned, dtype="string")
        raw.question_text[name] = question
    raw.frame = pd.DataFrame(columns, index=raw.frame.index)
    raw.groups = {q: cols for q, cols in raw.groups.items() if len(cols) > 1}
    raw.id_column = "Response_ID"
    raw.notes.append(f"SmartSurvey Responses wide layout: 1 header row, {width} columns, "
                     f"{len({q for q in raw.question_text.values()})} questions, {len(raw.frame)} responses; checkbox "
                     f"answers are one cell of ticked options joined by '{CHOICE_DELIMITER}'; matrix answers read "
                     "as one column per row")
    if others:
        raw.notes.append(f"{others} answer(s) written as 'Other / <typed text>': kept as the Other option, the "
                         "typed text dropped")
    note_metadata(raw)
    return raw


LAYOUT = Layout("smartsurvey-wide", "SmartSurvey Responses wide", detect, from_rows,
                choice_delimiter=CHOICE_DELIMITER)
