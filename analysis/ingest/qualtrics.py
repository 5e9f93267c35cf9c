"""Qualtrics exports: three header rows (current), or two (legacy ``V1 ... V10``).

Current layout: row 1 column names (repeats made unique with ``.2``, ``.3``),
row 2 question text (a sub-question after ``" - "``), row 3 an ImportId object
per column, JSON (``{"ImportId":"QID1"}``) or, in 2016 "Insights" exports, a
Python-dict literal (``{'ImportId': 'QID2'}``, read with :func:`ast.literal_eval`,
never ``eval``). Legacy layout: row 1 ``V1`` ... ``V10`` then question names,
row 2 the metadata labels and question text; ``V1`` ... ``V10`` take their
row-2 labels as names (``ResponseID``, ``ResponseSet``, ``Name``,
``ExternalDataReference``, ``EmailAddress``, ``IPAddress``, ``Status``,
``StartDate``, ``EndDate``, ``Finished``); a trailing empty column (a comma
ending every row) is dropped.

Preview and partial responses: the rule
----------------------------------------
* Rows whose ``Status`` is a survey preview (code 1, 9 or 17, or a word
  containing "Preview") are **dropped**, and their number is given in ``notes``.
  A preview is the survey's author trying it out, never a respondent.
* Generated test responses (``Status`` 2, "Survey Test"), spam (8, 12) and
  unfinished responses (``Finished`` 0 / False) are **kept** and counted in
  ``notes``: whether they belong in the analysis is the analyst's call, made by
  deleting them from the export or by the codebook's bases.

>>> from pathlib import Path
>>> rows = [["ResponseId", "Status", "Finished", "IPAddress", "Q1", "Q2_1", "Q2_2", "Q3_TEXT"],
...         ["Response ID", "Response Type", "Finished", "IP Address", "How confident are you?",
...          "Which training? - Online safety", "Which training? - Recovery", "Other - Text"],
...         ['{"ImportId":"_recordId"}', '{"ImportId":"status"}', '{"ImportId":"finished"}',
...          '{"ImportId":"ipAddress"}', '{"ImportId":"QID1"}', '{"ImportId":"QID2_1"}',
...          '{"ImportId":"QID2_2"}', '{"ImportId":"QID3_TEXT"}'],
...         ["R_1", "0", "1", "10.0.0.1", "3", "1", "", "none"],
...         ["R_2", "1", "1", "10.0.0.2", "4", "", "1", ""]]
>>> raw = from_rows(rows, path=Path("x.csv"), encoding="utf-8", layout="qualtrics")
>>> len(raw.frame), raw.id_column, raw.metadata_columns
(1, 'ResponseId', ['ResponseId', 'Status', 'Finished', 'IPAddress'])
>>> raw.groups, raw.text_columns, raw.import_ids["Q1"]
({'Which training?': ['Q2_1', 'Q2_2']}, ['Q3_TEXT'], 'QID1')
>>> raw.notes[1]
'1 survey-preview row (Status = Survey Preview) dropped: data row 2'
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

from analysis.errors import InputError
from analysis.ingest.platforms import (Layout, PlatformExport, clean_text, count_other_answers, data_frame, fold,
                                       header_width, is_import_id, is_metadata, note_metadata, platform_id_column,
                                       tick_typed_options)
from analysis.ingest.raw import unique_names

#: Legacy ``V1`` ... ``V10`` columns and what Qualtrics puts in each.
LEGACY_METADATA = ("ResponseID", "ResponseSet", "Name", "ExternalDataReference", "EmailAddress", "IPAddress",
                   "Status", "StartDate", "EndDate", "Finished")
#: ``Status`` values that mark a survey preview (dropped).
PREVIEW_STATUS = {"1", "9", "17"}
#: ``Status`` values kept but counted: generated test responses and spam.
TEST_STATUS = {"2": "generated test response", "8": "spam", "12": "spam"}
#: Question-text separators between a question and its sub-question or option.
SUB_SEPARATORS = (" - ", "-")


def detect(rows: list[list[str]]) -> bool:
    """Whether most non-blank cells of row 3 are ImportId objects (the current three-row layout).

    >>> detect([["ResponseId", "Q1"], ["Response ID", "How confident?"],
    ...         ['{"ImportId":"_recordId"}', '{"ImportId":"QID1"}']])
    True
    """
    third = [c for c in rows[2] if c.strip()] if len(rows) >= 3 else []
    return bool(third) and sum(is_import_id(c) for c in third) * 2 >= len(third)


def detect_legacy(rows: list[list[str]]) -> bool:
    """Whether row 1 starts ``V1, V2`` and row 2 names ``ResponseID`` (the legacy two-row layout).

    >>> detect_legacy([["V1", "V2", "Q1"], ["ResponseID", "ResponseSet", "Text"], ["R_1", "Default", "2"]])
    True
    """
    if len(rows) < 2:
        return False
    first = [c.strip().lstrip("\ufeff") for c in rows[0]]
    return first[:2] == ["V1", "V2"] and "responseid" in {fold(c) for c in rows[1]}


def parse_import_id(cell: str) -> str:
    """The ImportId in a row-3 cell: JSON or a Python-dict literal; ``""`` if neither.

    >>> parse_import_id('{"ImportId":"QID1"}'), parse_import_id("{'ImportId': 'QID2'}")
    ('QID1', 'QID2')
    >>> parse_import_id('{"ImportId":"startDate","timeZone":"Europe/London"}'), parse_import_id("Q1")
    ('startDate', '')
    """
    cell = cell.strip()
    if not cell.startswith("{"):
        return ""
    try:
        value = json.loads(cell)
    except ValueError:
        try:
            value = ast.literal_eval(cell)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            return ""
    if isinstance(value, dict):
        return str(value.get("ImportId", ""))
    return ""


def _is_text_column(name: str, import_id: str) -> bool:
    """Free-text columns: ``_TEXT`` in the name or ImportId, or a Text iQ topic/sentiment column."""
    return bool(re.search(r"_TEXT\b|-TEXT\b|_TEXT_", name + " " + import_id)) or bool(
        re.search(r" - (Topics|Sentiment|Sentiment Polarity|Sentiment Score|Topic Sentiment Label|"
                  r"Topic Sentiment Score|Parent Topics)$", name))


def _split_question(text: str) -> tuple[str, str]:
    """Question and sub-question of a row-2 text (``"Q - sub"``; ``"Q-sub"`` in older exports)."""
    for sep in SUB_SEPARATORS:
        if sep in text:
            head, _, tail = text.rpartition(sep) if sep == " - " else text.partition(sep)
            if head.strip() and tail.strip():
                return head.strip(), tail.strip()
    return text, ""


def _groups(raw: PlatformExport, names: list[str]) -> None:
    """Columns of one question (``Q2_1``, ``Q2_2``... with a shared row-2 question) as groups."""
    stems: dict[str, list[str]] = {}
    for name in names:
        if name in raw.metadata_columns or name in raw.text_columns:
            continue
        m = re.match(r"^(.+?)_-?\d+$", name)
        if m:
            stems.setdefault(m.group(1), []).append(name)
    for stem, cols in stems.items():
        if len(cols) < 2:
            continue
        parts = [_split_question(raw.question_text.get(c, "")) for c in cols]
        heads = {h for h, _ in parts}
        question = heads.pop() if len(heads) == 1 and parts[0][1] else stem
        if question in raw.groups:
            question = f"{question} ({stem})"
        raw.groups[question] = cols
        for col, (_, sub) in zip(cols, parts):
            if sub:
                raw.option_labels[col] = sub


def _as_text(series):
    """A column as stripped text: a whole number written as a .sav or .dta stores it (1.0) reads "1"."""
    import pandas as pd

    return series.map(lambda v: "" if pd.isna(v) else str(int(v)) if isinstance(v, float) and v.is_integer()
                      else str(v).strip()).astype(object)


def screen_spss(raw) -> None:
    """The rule of the module docstring for Qualtrics' SPSS or Stata export (``ResponseId``, ``Status``, ``Finished``).

    Qualtrics writes the same variables there as numbers with value labels (1 "Survey Preview").
    A file without all three is left as it is.
    """
    if {"responseid", "status", "finished"} <= {fold(c) for c in raw.frame.columns}:
        _screen_rows(raw)


def _screen_rows(raw) -> None:
    """Apply the preview / test / partial rule of the module docstring."""
    from analysis.ingest.raw import file_rows

    frame = raw.frame
    status_col = next((c for c in frame.columns if fold(c) == "status"), None)
    if status_col is not None:
        status = _as_text(frame[status_col])
        preview = status.isin(PREVIEW_STATUS) | status.str.contains("preview", case=False, regex=False)
        if preview.any():
            rows = [str(i + 1) for i in range(len(frame)) if preview.iloc[i]]
            noun = "row" if len(rows) == 1 else "rows"
            raw.notes.append(f"{len(rows)} survey-preview {noun} (Status = Survey Preview) dropped: data {noun} "
                             + ", ".join(rows[:10]) + (" ..." if len(rows) > 10 else ""))
            first = file_rows(raw, range(len(frame)))
            raw.source_rows = [r for r, dropped in zip(first, preview.to_numpy()) if not dropped]
            raw.frame = frame = frame[~preview.to_numpy()].reset_index(drop=True)
            status = status[~preview.to_numpy()]
        for kind in sorted(set(TEST_STATUS.values())):
            codes = {c for c, k in TEST_STATUS.items() if k == kind}
            hit = status.isin(codes) | status.str.casefold().isin({kind, "survey test"} if kind.startswith("gen")
                                                                  else {kind})
            if hit.any():
                raw.notes.append(f"{int(hit.sum())} {kind} row(s) (Status) kept: delete them from the export "
                                 "if they should not count")
    finished_col = next((c for c in frame.columns if fold(c) == "finished"), None)
    if finished_col is not None:
        unfinished = _as_text(frame[finished_col]).str.casefold().isin({"0", "false"})
        if unfinished.any():
            raw.notes.append(f"{int(unfinished.sum())} unfinished response(s) (Finished = False) kept; "
                             "unanswered questions count as no answer")


def from_rows(rows: list[list[str]], *, path: Path, encoding: str, layout: str = "qualtrics") -> PlatformExport:
    """Read the rows of a Qualtrics export (``layout`` ``qualtrics`` or ``qualtrics-legacy``).

    Parameters
    ----------
    rows : list of list of str
        Every row of the file, header rows included.
    path : Path
        The export, for messages.
    encoding : str
        The encoding the text was decoded with.
    layout : str
        ``"qualtrics"`` (three header rows) or ``"qualtrics-legacy"`` (two).

    Returns
    -------
    PlatformExport
        ``frame`` of strings (blank = NA), ``question_text`` from row 2,
        ``import_ids`` from row 3, ``metadata_columns``, ``text_columns``,
        ``groups`` of sub-question columns, and ``notes`` including the
        preview / test / unfinished counts (see the module docstring).
    """
    if layout not in ("qualtrics", "qualtrics-legacy"):
        raise ValueError(f"layout must be 'qualtrics' or 'qualtrics-legacy', not {layout!r}")
    if layout == "qualtrics" and not detect(rows) and detect_legacy(rows):
        layout = "qualtrics-legacy"  # a codebook's format = "qualtrics" covers both layouts
    header_rows = 3 if layout == "qualtrics" else 2
    if len(rows) < header_rows:
        raise InputError.single(str(path), f"{header_rows} Qualtrics header rows", found=f"{len(rows)} rows")
    width = header_width(rows, header_rows)
    head = [[(r[j] if j < len(r) else "").strip().lstrip("\ufeff") for j in range(width)] for r in rows[:header_rows]]
    first, second = head[0], head[1]
    if layout == "qualtrics-legacy":
        first = [second[j] if re.fullmatch(r"V([1-9]|10)", first[j]) and second[j] else first[j]
                 for j in range(width)]
    names = unique_names(first)
    raw = PlatformExport(path=path, frame=data_frame(rows[header_rows:], names), layout=layout,
                         header_rows=header_rows, encoding=encoding)
    for j, name in enumerate(names):
        import_id = parse_import_id(head[2][j]) if layout == "qualtrics" else ""
        if import_id:
            raw.import_ids[name] = import_id
        text = clean_text(second[j])
        if text:
            raw.question_text[name] = text
        if is_metadata(name) or is_metadata(first[j]):
            raw.metadata_columns.append(name)
        elif _is_text_column(name, import_id):
            raw.text_columns.append(name)
    raw.id_column = platform_id_column(raw)
    n_rows = len(raw.frame)
    raw.notes.append(f"Qualtrics layout ({header_rows} header rows): {width} columns, {n_rows} responses")
    _screen_rows(raw)
    _groups(raw, names)
    others, ticks = [], []
    grouped = {c for cols in raw.groups.values() for c in cols}
    for name in raw.text_columns:
        m = re.fullmatch(r"(.+?)_(\d+)_TEXT", name)
        if m and m.group(1) in raw.frame.columns and m.group(1) not in raw.text_columns:
            answers = raw.frame[m.group(1)].dropna()
            numeric = bool(len(answers)) and answers.str.strip().str.fullmatch(r"-?\d+").all()
            others.append((m.group(1), name, m.group(2) if numeric else "Other"))
        elif m and f"{m.group(1)}_{m.group(2)}" in grouped:  # a multi-select option's text entry
            ticks.append((f"{m.group(1)}_{m.group(2)}", name))
    count_other_answers(raw, others)
    tick_typed_options(raw, ticks)
    note_metadata(raw)
    return raw


#: The two Qualtrics layouts, as :mod:`analysis.ingest.registry` lists them.
LAYOUTS = (Layout("qualtrics", "Qualtrics", detect, from_rows),
           Layout("qualtrics-legacy", "Qualtrics (legacy)", detect_legacy, from_rows))
