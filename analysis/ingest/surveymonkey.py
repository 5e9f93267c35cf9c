"""SurveyMonkey exports ("expanded" columns, answer text): two header rows.

Column names
------------
Row 1 carries each question's text over the blank cells to its right; row 2
names what each column holds. A column is named

* by its row-1 text alone for metadata columns (row 2 blank), and for a
  question's ``Response`` or ``Open-Ended Response`` column;
* ``"<question text> | <row-2 label>"`` for every other column of a question
  (multi-select and matrix options, ranking rows, ``Other (please specify)``).

Question text is cleaned first (HTML tags and entities removed, white space
collapsed); names that still repeat get ``.2``, ``.3`` ... Draft codebooks made
by ``add-wave`` use these names in ``column`` and ``options``.

>>> from pathlib import Path
>>> rows = [["Respondent ID", "IP Address", "Which training? <br>Tick all", "", "Comments"],
...         ["", "", "Online safety", "Recovery", "Open-Ended Response"],
...         ["101", "10.0.0.1", "Online safety", "", "Useful"]]
>>> raw = from_rows(rows, path=Path("x.csv"), encoding="utf-8")
>>> list(raw.frame.columns)
['Respondent ID', 'IP Address', 'Which training? Tick all | Online safety', 'Which training? Tick all | Recovery', 'Comments']
>>> raw.metadata_columns, raw.text_columns, raw.id_column
(['Respondent ID', 'IP Address'], ['Comments'], 'Respondent ID')
>>> raw.groups
{'Which training? Tick all': ['Which training? Tick all | Online safety', 'Which training? Tick all | Recovery']}
>>> import pandas as pd
>>> raw.frame.iloc[0, 3] is pd.NA
True
"""

from __future__ import annotations

from pathlib import Path

from analysis.errors import InputError
from analysis.ingest.platforms import (ID_NAMES, SURVEYMONKEY_ROW2, Layout, PlatformExport, clean_text,
                                       count_other_answers, data_frame, fold, header_width, is_metadata, note_metadata,
                                       platform_id_column, tick_other_options)
from analysis.ingest.raw import unique_names

#: Row-2 labels whose column is named by the question text alone.
PLAIN_ROW2 = ("", "Response", "Open-Ended Response")
#: Row-2 labels that mark a free-text column.
TEXT_ROW2 = ("Open-Ended Response", "Other (please specify)")


def detect(rows: list[list[str]]) -> bool:
    """Whether row 2 holds ``Response`` or ``Open-Ended Response``, or row 1 starts with a respondent id
    above a blank row-2 cell while some question spreads over blank row-1 cells.

    The layout is judged by shape, not by fixed metadata names: real SurveyMonkey
    files may carry the full metadata block, ``RespondentID`` alone,
    ``StartDate, EndDate`` alone, or nothing at all.

    >>> detect([["Respondent ID", "How confident are you?"], ["", "Response"], ["1", "Very"]])
    True
    >>> detect([["id", "Q1"], ["1", "2"]])
    False
    """
    if len(rows) < 2:
        return False
    first = [c.strip().lstrip("\ufeff") for c in rows[0]]
    second = [c.strip() for c in rows[1]]
    if any(c in SURVEYMONKEY_ROW2 for c in second):
        return True
    if first and second and fold(first[0]) in ID_NAMES and not second[0]:
        return any(not first[j] and second[j] for j in range(1, min(len(first), len(second))))
    return False


def from_rows(rows: list[list[str]], *, path: Path, encoding: str, layout: str = "surveymonkey") -> PlatformExport:
    """Read the rows of a SurveyMonkey export into a :class:`PlatformExport`.

    Parameters
    ----------
    rows : list of list of str
        Every row of the file (two header rows, then one row per respondent).
    path : Path
        The export, for messages.
    encoding : str
        The encoding the text was decoded with.
    layout : str
        Always ``"surveymonkey"``.

    Returns
    -------
    PlatformExport
        ``frame`` of strings (blank = NA) under the names described in the
        module docstring; ``question_text`` column -> question; ``groups``
        question -> its columns when it spans several; ``option_labels``;
        ``metadata_columns`` (dropped at ingest unless kept); ``text_columns``.
    """
    if len(rows) < 2:
        raise InputError.single(str(path), "two SurveyMonkey header rows (question text, then Response or options)",
                                found=f"{len(rows)} row")
    width = header_width(rows, 2)
    first = [(rows[0][j] if j < len(rows[0]) else "") for j in range(width)]
    second = [(rows[1][j].strip() if j < len(rows[1]) else "") for j in range(width)]
    first[0] = first[0].lstrip("\ufeff")
    filled = [clean_text(first[j]) for j in range(width) if second[j] and is_metadata(clean_text(first[j]))]
    if filled and not any(label in second for label in ("Response", "Open-Ended Response")):
        # Row 2 holds answers under a metadata column (blank in every SurveyMonkey second header row).
        raise InputError.single(str(path), "the export's second header row (SurveyMonkey's Response or answer "
                                "options under each question): it seems to have been deleted; export the file "
                                "again", rows=[2], found=f"a respondent's answers (under {filled[0]}, which a second "
                                "header row leaves blank)")

    names: list[str] = []
    questions: list[str] = []
    labels: list[str] = []
    question = ""
    for j in range(width):
        text = clean_text(first[j])
        if text:
            question = text
        elif not second[j]:
            question = ""  # blank in both rows: a column of its own
        label = clean_text(second[j])
        questions.append(question)
        labels.append(label)
        if not question:
            names.append(label or f"column {j + 1}")
        elif second[j] in PLAIN_ROW2:
            names.append(question)
        else:
            names.append(f"{question} | {label}")
    names = unique_names(names)

    raw = PlatformExport(path=path, frame=data_frame(rows[2:], names), layout=layout, header_rows=2,
                         encoding=encoding)
    spans: dict[str, list[str]] = {}
    for name, question, label, row2 in zip(names, questions, labels, second):
        if question:
            raw.question_text[name] = question
            spans.setdefault(question, []).append(name)
        if label and row2 not in PLAIN_ROW2:
            raw.option_labels[name] = label
        if not row2 and is_metadata(name):
            raw.metadata_columns.append(name)
        if row2 in TEXT_ROW2:
            raw.text_columns.append(name)
    raw.groups = {q: cols for q, cols in spans.items() if len(cols) > 1}
    others = []
    for j in range(1, width):
        if second[j] == "Other (please specify)" and questions[j] and second[j - 1] == "Response" \
                and questions[j - 1] == questions[j]:
            others.append((names[j - 1], names[j], "Other"))
    count_other_answers(raw, others)
    ticks = [(questions[j], names[j]) for j in range(1, width)
             if second[j] == "Other (please specify)" and questions[j] and questions[j - 1] == questions[j]
             and second[j - 1] not in PLAIN_ROW2]
    tick_other_options(raw, ticks)
    raw.id_column = platform_id_column(raw)
    n_questions = len({q for q in questions if q} - set(raw.metadata_columns))
    raw.notes.append(f"SurveyMonkey layout: 2 header rows, {width} columns, {n_questions} questions, "
                     f"{len(raw.frame)} responses")
    note_metadata(raw)
    if not raw.id_column:
        raw.notes.append("no respondent-id column (Respondent ID): the codebook's [id] column must name one")
    return raw


LAYOUT = Layout("surveymonkey", "SurveyMonkey", detect, from_rows)
