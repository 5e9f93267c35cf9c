"""What every survey-platform layout shares: the :class:`Layout` record, :class:`PlatformExport` and header helpers.

Each platform has its own module, which reads its header rows into a
:class:`PlatformExport` and describes itself with a :class:`Layout` (name,
title, how its header is recognised, how a checkbox answer is written). The
modules import this one and never each other; :mod:`analysis.ingest.registry`
lists them and picks the one whose header signature a file shows.

``surveymonkey`` (:mod:`~analysis.ingest.surveymonkey`)
    Two header rows: question text over blank cells, then ``Response`` or option labels.
``qualtrics`` and ``qualtrics-legacy`` (:mod:`~analysis.ingest.qualtrics`)
    Three header rows ending in ImportId objects, or ``V1`` ... ``V10`` and two rows.
``smartsurvey`` (:mod:`~analysis.ingest.smartsurvey`)
    ``UserID, UserNo, ...`` with further header rows whose first cell is blank.
``jisc`` (:mod:`~analysis.ingest.jisc`)
    Jisc Online Surveys (formerly BOS): one header row, ``URN``/``Response ID`` and
    numbered question columns (``1. ...``, ``2.1 ...``).
``msforms`` (:mod:`~analysis.ingest.msforms`)
    ``ID, Start time, Completion time, Email, Name``; checkbox answers joined by ``;``.
``googleforms`` (:mod:`~analysis.ingest.googleforms`)
    ``Timestamp`` (and ``Email Address``); checkbox answers joined by ``, ``.

>>> is_metadata("IP Address"), is_metadata("RecipientEmail"), is_metadata("Custom Data 2"), is_metadata("Q1")
(True, True, True, False)
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from analysis.ingest.raw import RawExport, unique_names

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: Row-2 cells that mark a SurveyMonkey export (besides option labels).
SURVEYMONKEY_ROW2 = ("Response", "Open-Ended Response")

#: Platform metadata columns, by name folded to lower-case letters and digits.
#: Every one is dropped at ingest unless the codebook keeps it (personal data:
#: ids, addresses, names, e-mail, location, references, timings).
METADATA_NAMES = frozenset({
    # SurveyMonkey
    "respondentid", "collectorid", "startdate", "enddate", "ipaddress", "emailaddress",
    "firstname", "lastname", "customdata",
    # Qualtrics (current and legacy)
    "status", "progress", "durationinseconds", "duration", "finished", "recordeddate", "responseid",
    "responseset", "name", "externalreference", "externaldatareference", "recipientlastname",
    "recipientfirstname", "recipientemail", "locationlatitude", "locationlongitude",
    "locationaccuracy", "distributionchannel", "userlanguage",
})
#: Name prefixes of metadata columns (``Custom Data 1``, Qualtrics ``Q_RecaptchaScore``...).
METADATA_PREFIXES = ("customdata", "q_")

#: The respondent-id columns, by folded name, in order of preference.
ID_NAMES = ("respondentid", "responseid")


@dataclass(frozen=True)
class Layout:
    """One export layout: how it is recognised, read and named.

    Attributes
    ----------
    name : str
        The layout's name, as ``files.format`` spells it and ``RawExport.layout`` records it.
    title : str
        The platform, for people (``"SmartSurvey"``).
    detect : callable
        ``detect(rows) -> bool``: whether the first rows of a file (lists of cell
        text, at least the first three rows) show this layout's header signature.
    read : callable
        ``read(rows, *, path, encoding, layout) -> RawExport`` for every row of the file.
    choice_delimiter : str
        What the platform writes between the ticked options of a checkbox question
        in one cell (``""`` when each option has its own column).
    """

    name: str
    title: str
    detect: Callable[[list[list[str]]], bool]
    read: Callable[..., RawExport]
    choice_delimiter: str = ""


@dataclass
class PlatformExport(RawExport):
    """A :class:`RawExport` from a survey platform, with what its header rows say.

    Attributes
    ----------
    groups : dict
        Question text -> its columns, for questions spread over several columns
        (multi-select, matrix, ranking, single choice expanded per option).
    option_labels : dict
        Column -> the option or sub-question label the header gives it.
    text_columns : list
        Free-text columns (``Open-Ended Response``, ``Other (please specify)``,
        Qualtrics ``_TEXT`` and Text iQ columns).
    derived_columns : list
        Columns the reader added that the file does not hold (the ``Other`` tick
        of a multi-select question, :func:`tick_other_options`).
    import_ids : dict
        Qualtrics column -> ImportId (``QID1``, ``QID4_TEXT``...).
    id_column : str
        The respondent-id column, or ``""`` when the export has none.
    """

    groups: dict[str, list[str]] = field(default_factory=dict)
    option_labels: dict[str, str] = field(default_factory=dict)
    text_columns: list[str] = field(default_factory=list)
    derived_columns: list[str] = field(default_factory=list)
    import_ids: dict[str, str] = field(default_factory=dict)
    id_column: str = ""


def fold(name: str) -> str:
    """A column name folded for matching: lower case, letters, digits and ``_`` only.

    >>> fold(" IP Address"), fold("Duration (in seconds)"), fold("\\ufeffV1")
    ('ipaddress', 'durationinseconds', 'v1')
    """
    return re.sub(r"[^0-9a-z_]", "", name.casefold())


def is_metadata(name: str) -> bool:
    """Whether a column name is a platform metadata column (see :data:`METADATA_NAMES`)."""
    folded = fold(name)
    if re.match(r"q_\d", folded):  # a question column (SmartSurvey's Q_<id>_<text>), not Qualtrics' Q_URL ...
        return False
    return folded.replace("_", "") in METADATA_NAMES or folded.startswith(METADATA_PREFIXES)


def platform_id_column(raw: RawExport) -> str:
    """The respondent-id column among a platform export's metadata columns (:data:`ID_NAMES` order), or ``""``.

    >>> import pandas as pd
    >>> from pathlib import Path
    >>> raw = PlatformExport(path=Path("x.csv"), frame=pd.DataFrame(), layout="qualtrics", header_rows=3,
    ...                      metadata_columns=["IPAddress", "Response_ID", "Respondent ID"])
    >>> platform_id_column(raw)
    'Respondent ID'
    """
    return next((c for key in ID_NAMES for c in raw.metadata_columns if fold(c).replace("_", "") == key), "")


def note_metadata(raw: RawExport) -> None:
    """Add the note listing the platform metadata columns (dropped at ingest unless the codebook keeps them)."""
    if raw.metadata_columns:
        raw.notes.append("platform metadata columns (dropped at ingest unless the codebook keeps them): "
                         + ", ".join(raw.metadata_columns))


def clean_text(text: str) -> str:
    """Header text made readable: HTML tags and entities removed, white space collapsed.

    >>> clean_text("Consider this: <br>Lottery A,&nbsp;or  B? ")
    'Consider this: Lottery A, or B?'
    """
    text = re.sub(r"<[^>]*>", " ", text)
    return " ".join(html.unescape(text).split())


def is_import_id(cell: str) -> bool:
    """Whether a header cell is a Qualtrics ImportId object (JSON or Python-dict text)."""
    cell = cell.strip()
    return cell.startswith("{") and cell.endswith("}") and "importid" in cell.casefold()


def data_frame(rows: list[list[str]], names: list[str]) -> "pd.DataFrame":
    """Data rows as a frame of strings, padded to the header width; blank cells are NA."""
    import pandas as pd

    width = len(names)
    cells = [[(r[j].strip() if j < len(r) else "") for j in range(width)] for r in rows]
    return pd.DataFrame(cells, columns=names, dtype="string").replace("", pd.NA)


def header_width(rows: list[list[str]], header_rows: int) -> int:
    """Number of columns: the widest row, less trailing columns that are blank in every row."""
    width = max(len(r) for r in rows)
    while width > 1 and all(len(r) < width or not r[width - 1].strip() for r in rows):
        width -= 1
    return width


def one_header_export(rows: list[list[str]], *, path, layout: str, encoding: str,
                      choice_delimiter: str) -> tuple[PlatformExport, list[str], int]:
    """The export of a layout with one header row of questions (the form tools'), and its column names.

    Returns the :class:`PlatformExport` (frame of strings, joined answers as written), the
    unique, cleaned column names (a byte-order mark dropped from the first) and the width.
    """
    width = header_width(rows, 1)
    names = unique_names([clean_text(rows[0][j]) if j < len(rows[0]) else "" for j in range(width)])
    names[0] = names[0].lstrip("\ufeff")
    raw = PlatformExport(path=path, frame=data_frame(rows[1:], names), layout=layout, header_rows=1,
                         encoding=encoding, choice_delimiter=choice_delimiter)
    return raw, names, width


def tick_other_options(raw: PlatformExport, others: list[tuple[str, str]], *, value: str = "Other") -> None:
    """Add an ``Other`` tick column to each multi-select question whose "Other" is only typed text.

    SurveyMonkey has no tick column for a multi-select question's "Other (please
    specify)": a respondent who chose it has text in the text column and nothing
    else. For each ``(question, text column)`` this adds the column
    ``"<question> | Other"`` (``value`` where text was typed, blank elsewhere) to
    the question's group and options, so "Other" is an option like the rest and a
    respondent who chose only "Other" has answered. The text column stays free
    text, dropped at ingest. A note says how many were counted.

    >>> import pandas as pd
    >>> from pathlib import Path
    >>> raw = PlatformExport(path=Path("x.csv"), frame=pd.DataFrame(
    ...     {"T | A": ["A", pd.NA], "T | Other (please specify)": [pd.NA, "mine"]}, dtype="string"),
    ...     layout="surveymonkey", header_rows=2, groups={"T": ["T | A", "T | Other (please specify)"]})
    >>> tick_other_options(raw, [("T", "T | Other (please specify)")])
    >>> raw.frame["T | Other"].tolist(), raw.groups["T"]
    ([<NA>, 'Other'], ['T | A', 'T | Other (please specify)', 'T | Other'])
    """
    import pandas as pd

    for question, text in others:
        if text not in raw.frame.columns:
            continue
        name = f"{question} | {value}"
        if name in raw.frame.columns:
            continue
        typed = (raw.frame[text].notna() & raw.frame[text].astype("string").str.strip().ne("")).fillna(False)
        raw.frame[name] = pd.array([value if t else pd.NA for t in typed.to_numpy(dtype=bool)], dtype="string")
        raw.groups.setdefault(question, []).append(name)
        raw.option_labels[name] = value
        raw.question_text[name] = question
        raw.derived_columns.append(name)
        count = int(typed.sum())
        if count:
            raw.notes.append(f'{question}: {count} respondent(s) with text in {text} counted as ticking "{value}"')


def count_other_answers(raw: PlatformExport, pairs: list[tuple[str, str, str]]) -> None:
    """Count "Other (please specify)" respondents as their option.

    SurveyMonkey (and Qualtrics when the choice is not recorded) leave the
    answer cell blank for a respondent who chose "Other" and put the typed
    text in the next column. Each such blank answer cell becomes ``value``;
    the text column stays a free-text column, dropped at ingest, so the text
    itself never reaches processed data. A note says how many were counted.

    Parameters
    ----------
    raw : PlatformExport
        The export as read; its ``frame`` is changed in place.
    pairs : list of (str, str, str)
        ``(answer column, text column, value)`` for each "Other" option.

    >>> import pandas as pd
    >>> from pathlib import Path
    >>> raw = PlatformExport(path=Path("x.csv"), frame=pd.DataFrame(
    ...     {"Role": ["Teacher", pd.NA, pd.NA], "Role | Other": [pd.NA, "Nurse", pd.NA]}, dtype="string"),
    ...     layout="surveymonkey", header_rows=2)
    >>> count_other_answers(raw, [("Role", "Role | Other", "Other")])
    >>> raw.frame["Role"].tolist(), raw.notes
    (['Teacher', 'Other', <NA>], ['Role: 1 blank answer(s) with text in Role | Other counted as "Other"'])
    """
    for answer, text, value in pairs:
        if answer not in raw.frame.columns or text not in raw.frame.columns:
            continue
        typed = raw.frame[text].notna() & raw.frame[text].astype("string").str.strip().ne("")
        blank = raw.frame[answer].isna()
        hit = (typed & blank).fillna(False).to_numpy(dtype=bool)
        if hit.any():
            raw.frame.loc[hit, answer] = value
            raw.notes.append(f'{answer}: {int(hit.sum())} blank answer(s) with text in {text} counted as "{value}"')


def tick_typed_options(raw: PlatformExport, pairs: list[tuple[str, str]]) -> None:
    """Count typed "Other (please specify)" text as ticking its multi-select option.

    Qualtrics writes a multi-select question's options as ``Q2_1``, ``Q2_2``... and the
    text entry of its "Other" option as ``Q2_3_TEXT``; a respondent who typed text may
    have the option cell blank. For each ``(option column, text column)`` a blank option
    cell beside typed text is set to the column's tick value (its most common value, or
    the option label when nobody ticked it). The text column stays free text, dropped at
    ingest. A note says how many were counted.

    >>> import pandas as pd
    >>> from pathlib import Path
    >>> raw = PlatformExport(path=Path("x.csv"), frame=pd.DataFrame(
    ...     {"Q2_3": ["Other", pd.NA, pd.NA], "Q2_3_TEXT": [pd.NA, "mine", pd.NA]}, dtype="string"),
    ...     layout="qualtrics", header_rows=3, option_labels={"Q2_3": "Other"})
    >>> tick_typed_options(raw, [("Q2_3", "Q2_3_TEXT")])
    >>> raw.frame["Q2_3"].tolist()
    ['Other', 'Other', <NA>]
    """
    for option, text in pairs:
        if option not in raw.frame.columns or text not in raw.frame.columns:
            continue
        column = raw.frame[option]
        ticked = column.dropna().astype("string").str.strip()
        ticked = ticked[ticked.ne("")]
        value = ticked.value_counts().index[0] if len(ticked) else raw.option_labels.get(option, "Other")
        typed = raw.frame[text].notna() & raw.frame[text].astype("string").str.strip().ne("")
        hit = (typed & column.isna()).fillna(False).to_numpy(dtype=bool)
        if hit.any():
            raw.frame.loc[hit, option] = value
            raw.notes.append(f'{option}: {int(hit.sum())} respondent(s) with text in {text} counted as ticking '
                             f'"{raw.option_labels.get(option, value)}"')
