"""Jisc Online Surveys (formerly Bristol Online Survey, BOS) response exports, CSV or XLSX: one header row.

Layout, as read here (see ``tests/fixtures/platforms/README.md`` for the sources
and, above all, what is assumed: no public sample export was found):

* Optional metadata columns, chosen when exporting: the unique response number
  (``URN``, or ``Response ID``), the date and time the response was started
  (``StartDate``, ``Started``) and submitted (``CompletionDate``, ``Completed``,
  ``Submitted``).
* One column per question, headed by its number and text: ``1. Where do you
  work?``. A question spread over several columns numbers each part:
  ``2.1 Which topics ...? - Online safety`` (a multiple-answer option) or
  ``4.1.a ...`` (a grid row and column); the text before the last ``" - "``
  (or ``": "``) is the question, the rest the part's label; parts headed by a
  label alone (``2.1 Online safety``) take the question from a bare ``2. ...``
  column, or are "Question 2". An option's cell
  holds its label (or its code, with "code responses") when ticked, blank when
  not. A column whose text asks to "please specify" (``2.a If you selected
  Other, please specify:``), or for comments, is free text.

>>> from pathlib import Path
>>> rows = [["URN", "CompletionDate", "1. Where do you work?", "2.1 Topics? - Online safety", "2.2 Topics? - Recovery"],
...         ["17", "2024-03-01 10:04", "Health", "Online safety", ""]]
>>> raw = from_rows(rows, path=Path("x.csv"), encoding="utf-8")
>>> raw.id_column, raw.metadata_columns, raw.question_text["1. Where do you work?"]
('URN', ['URN', 'CompletionDate'], 'Where do you work?')
>>> raw.groups, raw.option_labels["2.2 Topics? - Recovery"]
({'Topics?': ['2.1 Topics? - Online safety', '2.2 Topics? - Recovery']}, 'Recovery')
"""

from __future__ import annotations

import re
from pathlib import Path

from analysis.errors import InputError
from analysis.ingest.platforms import Layout, PlatformExport, clean_text, data_frame, fold, header_width, note_metadata
from analysis.ingest.raw import unique_names

#: Jisc Online Surveys' metadata columns, folded.
METADATA = frozenset({"urn", "responseid", "startdate", "completiondate", "started", "completed", "submitted",
                      "datestarted", "datesubmitted", "timestarted", "timesubmitted"})
#: The id columns, folded, in order of preference.
ID_NAMES = ("urn", "responseid")
#: A numbered question column: ``1. Text``, ``2.1 Text``, ``4.1.a Text``, ``Q3_1_a Text``.
NUMBERED = re.compile(r"^Q?(?P<number>\d+(?:[._]\d+)*(?:[._][a-z])?)\.?\s+(?P<text>.+)$", re.IGNORECASE)
#: Between a spread question's text and the part's label.
PART_SEPARATORS = (" - ", ": ")
#: A part that is free text.
TEXT_PART = re.compile(r"please specify|other \(please|comments?\b", re.IGNORECASE)


def detect(rows: list[list[str]]) -> bool:
    """Whether row 1 names a response number or submission date and numbers most other columns ``1.``, ``2.1`` ...

    >>> detect([["URN", "1. Age band", "2. Region"], ["5", "18-24", "Wales"]])
    True
    >>> detect([["id", "1. Age band"], ["5", "18-24"]])
    False
    """
    if not rows or not rows[0]:
        return False
    names = [clean_text(c.lstrip("\ufeff")) for c in rows[0]]
    metadata = [n for n in names if fold(n).replace("_", "") in METADATA]
    if not ({"urn", "completiondate"} & {fold(n) for n in metadata}) and len(metadata) < 2:
        return False
    questions = [n for n in names if n and n not in metadata]
    numbered = [n for n in questions if NUMBERED.match(n)]
    return bool(numbered) and len(numbered) * 2 >= len(questions)


def _split(text: str) -> tuple[str, str]:
    """Question text and part label of a numbered column's text (``"Topics? - Recovery"``)."""
    for sep in PART_SEPARATORS:
        head, found, tail = text.rpartition(sep)
        if found and head.strip() and tail.strip():
            return head.strip(), tail.strip()
    return text, ""


def from_rows(rows: list[list[str]], *, path: Path, encoding: str, layout: str = "jisc") -> PlatformExport:
    """Read every row of a Jisc Online Surveys export into a :class:`~analysis.ingest.platforms.PlatformExport`.

    Returns
    -------
    PlatformExport
        ``frame`` of strings, ``question_text`` (the text after the question
        number, without a part's label), ``groups`` question -> columns of a
        question numbered in parts (``2.1``, ``2.2`` ...), ``option_labels``,
        ``text_columns`` ("please specify" parts), ``metadata_columns`` and
        ``id_column`` (``URN`` or ``Response ID`` when exported).
    """
    if not rows or not rows[0]:
        raise InputError.single(str(path), "a Jisc Online Surveys export (one header row)", found="no rows")
    width = header_width(rows, 1)
    names = unique_names([clean_text(rows[0][j]) if j < len(rows[0]) else "" for j in range(width)])
    names[0] = names[0].lstrip("\ufeff")
    raw = PlatformExport(path=path, frame=data_frame(rows[1:], names), layout=layout, header_rows=1,
                         encoding=encoding)
    by_number: dict[str, list[str]] = {}
    for name in names:
        if fold(name).replace("_", "") in METADATA:
            raw.metadata_columns.append(name)
            continue
        m = NUMBERED.match(name)
        if not m:
            raw.question_text[name] = name
            continue
        number = re.split(r"[._]", m.group("number"))[0]
        by_number.setdefault(number, []).append(name)
        raw.question_text[name] = m.group("text").strip()
    for number, columns in by_number.items():
        for column in columns:
            _, label = _split(raw.question_text[column])
            if TEXT_PART.search(label or raw.question_text[column]):
                raw.text_columns.append(column)
        parts = [c for c in columns if re.split(r"[._]", NUMBERED.match(c).group("number"))[1:]
                 and c not in raw.text_columns]
        if len(parts) < 2:
            continue
        split = [_split(raw.question_text[c]) for c in parts]
        questions = {q for q, label in split if label}
        if not questions:  # parts headed by their label alone ("2.1 Online safety"): the bare "2. ..." asks
            bare = next((raw.question_text[c] for c in columns if c not in parts and c not in raw.text_columns), "")
            split = [(bare, text) for text, _ in split]
            questions = {bare} if bare else set()
        question = questions.pop() if len(questions) == 1 else f"Question {number}"
        for column, (_, label) in zip(parts, split):
            raw.question_text[column] = question
            if label:
                raw.option_labels[column] = label
        raw.groups[question if question not in raw.groups else f"{question} ({number})"] = parts
    raw.id_column = next((c for key in ID_NAMES for c in raw.metadata_columns if fold(c) == key), "")
    raw.notes.append(f"Jisc Online Surveys layout: 1 header row, {width} columns, {len(by_number)} numbered "
                     f"questions, {len(raw.frame)} responses")
    note_metadata(raw)
    if not raw.id_column:
        raw.notes.append("no response-number column (export with 'include unique response number'): the "
                         "codebook's [id] column must name one")
    return raw


LAYOUT = Layout("jisc", "Jisc Online Surveys", detect, from_rows)
