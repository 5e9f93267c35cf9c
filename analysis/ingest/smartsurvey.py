"""SmartSurvey CSV exports: ``UserID, UserNo, ...`` then questions, over one to three header rows.

Layout, as read here (see ``tests/fixtures/platforms/README.md`` for the sources
and what is assumed):

* Row 1 holds the respondent metadata (``UserID``, ``UserNo``, ``Name``,
  ``Email``, ``IP Address``, ``Unique ID``, ``Started``, ``Ended``,
  ``Tracking Link``, ``Custom Value`` ...), then each question's text
  (``Q1. Where do you work?``), left blank over the further columns of a
  question spread over several columns (checkbox options, matrix rows).
* The rows below it whose first cell (``UserID``) and ``UserNo`` cell are blank
  are further header rows: the option or matrix-row label under each column of
  a spread question (and, in a third row, a matrix column label). They are
  never respondents: a respondent row always has its ``UserID``.
* A ticked checkbox option holds its label; an unticked one is blank. The
  ``Other (please specify)`` column holds typed text: it is free text, and a
  respondent who typed there counts as ticking ``Other``
  (:func:`~analysis.ingest.platforms.tick_other_options`); beside a
  single-choice answer column (row-2 label blank or ``Response``), a blank
  answer with typed text counts as ``Other``
  (:func:`~analysis.ingest.platforms.count_other_answers`).

Columns are named as SurveyMonkey's are: a question's own text for a
one-column question, ``"<question> | <label>"`` (``| <label>`` again for a third
row) for each column of a spread question.

>>> from pathlib import Path
>>> rows = [["UserID", "UserNo", "Email", "Q1. Where do you work?", "Q2. Topics (tick all)", ""],
...         ["", "", "", "", "Online safety", "Recovery"],
...         ["9001", "1", "a@example.org", "Health", "Online safety", ""]]
>>> raw = from_rows(rows, path=Path("x.csv"), encoding="utf-8")
>>> raw.header_rows, raw.id_column, raw.metadata_columns, len(raw.frame)
(2, 'UserID', ['UserID', 'UserNo', 'Email'], 1)
>>> raw.groups
{'Topics (tick all)': ['Q2. Topics (tick all) | Online safety', 'Q2. Topics (tick all) | Recovery']}
>>> raw.question_text["Q1. Where do you work?"]
'Where do you work?'
"""

from __future__ import annotations

import re
from pathlib import Path

from analysis.errors import InputError
from analysis.ingest.platforms import (Layout, PlatformExport, clean_text, count_other_answers, data_frame, fold,
                                       header_width, note_metadata, tick_other_options)
from analysis.ingest.raw import unique_names

#: SmartSurvey's respondent metadata columns, folded (:func:`~analysis.ingest.platforms.fold`).
METADATA = frozenset({"userid", "userno", "name", "email", "ipaddress", "uniqueid", "started", "ended",
                      "trackinglink", "customvalue", "status", "completionstatus", "responseid", "duration",
                      "timetaken", "referrer", "useragent", "language"})
#: Metadata name prefixes (``Custom Value 1``, ``Custom Variable 2`` ...).
METADATA_PREFIXES = ("customvalue", "customvariable", "queryvalue")
#: The most header rows a SmartSurvey export has (question, option or matrix row, matrix column).
MAX_HEADER_ROWS = 3
#: A question number at the start of a header cell: ``Q1.``, ``Q12)``.
QUESTION_NUMBER = re.compile(r"^Q\d+[a-z]?[.):]\s*", re.IGNORECASE)
#: Row-2 labels under a one-column answer: the column is named by its question alone.
PLAIN_LABELS = ("", "Response", "Answer")
#: Row-2 labels that mark a free-text column.
TEXT_LABEL = re.compile(r"please specify|comments?\b|other \(.*\)", re.IGNORECASE)


def _is_metadata(name: str) -> bool:
    folded = fold(name).replace("_", "")
    return folded in METADATA or folded.startswith(METADATA_PREFIXES)


def count_header_rows(rows: list[list[str]]) -> int:
    """Row 1, then each following row whose ``UserID`` and ``UserNo`` cells are blank (at most three in all).

    >>> count_header_rows([["UserID", "UserNo", "Q1"], ["", "", "Yes"], ["", "", "a"], ["7", "1", "b"]])
    3
    >>> count_header_rows([["UserID", "UserNo", "Q1"], ["7", "1", "Yes"]])
    1
    """
    first = [fold(c) for c in rows[0]]
    number = first.index("userno") if "userno" in first else None
    count = 1
    while count < min(MAX_HEADER_ROWS, len(rows)):
        row = rows[count]
        blank_id = not (row[0].strip() if row else "")
        blank_number = number is None or number >= len(row) or not row[number].strip()
        if not (blank_id and blank_number and any(c.strip() for c in row)):
            break
        count += 1
    return count


def detect(rows: list[list[str]]) -> bool:
    """Whether row 1 starts with ``UserID`` and names ``UserNo``, ``IP Address`` or ``Unique ID`` too.

    >>> detect([["UserID", "UserNo", "Q1. Age"], ["", "", ""], ["1", "1", "30"]])
    True
    >>> detect([["UserID", "Q1"], ["1", "2"]])
    False
    """
    if not rows or not rows[0]:
        return False
    first = [fold(c.lstrip("\ufeff")) for c in rows[0]]
    return first[0] == "userid" and bool({"userno", "ipaddress", "uniqueid"} & set(first[1:]))


def from_rows(rows: list[list[str]], *, path: Path, encoding: str, layout: str = "smartsurvey") -> PlatformExport:
    """Read every row of a SmartSurvey export into a :class:`~analysis.ingest.platforms.PlatformExport`.

    Parameters
    ----------
    rows : list of list of str
        Every row of the file, header rows included.
    path : Path
        The export, for messages.
    encoding : str
        The encoding the text was decoded with (``xlsx`` for a workbook).
    layout : str
        Always ``"smartsurvey"``.

    Returns
    -------
    PlatformExport
        ``frame`` of strings under the names the module docstring describes,
        ``header_rows`` (one to three), ``question_text`` without the question
        number, ``groups`` and ``option_labels`` of spread questions,
        ``metadata_columns`` (dropped at ingest: ``Name``, ``Email`` and
        ``IP Address`` are personal data), ``text_columns``, ``id_column``.
    """
    if not detect(rows):
        raise InputError.single(str(path), "a SmartSurvey export (row 1 starting UserID, UserNo ...), as "
                                "files.format says", rows=[1], found="another header")
    header_rows = count_header_rows(rows)
    if len(rows) <= header_rows:
        raise InputError.single(str(path), "at least one respondent row under the SmartSurvey header rows",
                                found=f"{header_rows} header rows and no data")
    width = header_width(rows, header_rows)
    head = [[clean_text(r[j]) if j < len(r) else "" for j in range(width)] for r in rows[:header_rows]]
    head[0][0] = head[0][0].lstrip("\ufeff")
    names, questions, labels = [], [], []
    question = ""
    for j in range(width):
        top = head[0][j]
        below = [head[k][j] for k in range(1, header_rows)]
        if top:
            question = top
        elif not any(below):
            question = ""  # blank in every header row: a column of its own
        label = " | ".join(b for b in below if b)
        label = "" if label in PLAIN_LABELS else label
        questions.append(question)
        labels.append(label)
        if not question:
            names.append(label or f"column {j + 1}")
        elif label and not _is_metadata(question):
            names.append(f"{question} | {label}")
        else:
            names.append(question)
    names = unique_names(names)
    raw = PlatformExport(path=path, frame=data_frame(rows[header_rows:], names), layout=layout,
                         header_rows=header_rows, encoding=encoding)
    spans: dict[str, list[str]] = {}
    for name, question, label in zip(names, questions, labels):
        if _is_metadata(name):
            raw.metadata_columns.append(name)
            continue
        if not question:
            continue
        text = QUESTION_NUMBER.sub("", question) or question
        raw.question_text[name] = text
        spans.setdefault(text, []).append(name)
        if label:
            raw.option_labels[name] = label
            if TEXT_LABEL.search(label):
                raw.text_columns.append(name)
    raw.groups = {q: cols for q, cols in spans.items() if len(cols) > 1}
    # A single-choice answer column followed by its "Other (please specify)" text: a blank answer beside
    # typed text is "Other" (as SurveyMonkey writes it); a multi-select's typed Other ticks an added column.
    single = [(names[j - 1], names[j], "Other") for j in range(1, width) if names[j] in raw.text_columns
              and questions[j] and questions[j - 1] == questions[j] and not labels[j - 1]]
    count_other_answers(raw, single)
    answered = {text for _, text, _ in single}
    others = [(q, c) for q, cols in raw.groups.items() for c in cols if c in raw.text_columns and c not in answered]
    tick_other_options(raw, others)
    raw.id_column = next((c for c in raw.metadata_columns if fold(c) == "userid"), "")
    n_questions = len({q for q in questions if q and not _is_metadata(q)})
    raw.notes.append(f"SmartSurvey layout: {header_rows} header row{'s' if header_rows != 1 else ''}, {width} "
                     f"columns, {n_questions} questions, {len(raw.frame)} responses")
    note_metadata(raw)
    return raw


LAYOUT = Layout("smartsurvey", "SmartSurvey", detect, from_rows)
