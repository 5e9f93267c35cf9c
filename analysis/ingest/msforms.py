"""Microsoft Forms response workbooks (XLSX, or the same sheet saved as CSV): one header row.

Layout, as read here (see ``tests/fixtures/platforms/README.md`` for the sources
and what is assumed): ``ID, Start time, Completion time, Email, Name`` (older
forms have no ``Name``; newer ones may add ``Last modified time``), quiz forms
``Total points`` and ``Quiz feedback``, then one column per question headed by
its text; a quiz adds ``Points - <question>`` and ``Feedback - <question>``
after each question. A checkbox question's ticked options are written in its
one cell joined by ``;``, with a trailing ``;`` (``"Online safety;Recovery;"``):
:data:`LAYOUT` says so in ``choice_delimiter`` and the cell is left as written
for the item's reader to split against its option labels.

``Email`` and ``Name`` are personal data (``anonymous`` on an anonymous form):
every metadata column is dropped at ingest. ``ID`` numbers the responses.

>>> from pathlib import Path
>>> rows = [["ID", "Start time", "Completion time", "Email", "Name", "Which topics?"],
...         ["1", "2024-03-01 10:00:00", "2024-03-01 10:04:00", "anonymous", "", "Online safety;Recovery;"]]
>>> raw = from_rows(rows, path=Path("x.xlsx"), encoding="xlsx")
>>> raw.id_column, raw.metadata_columns, raw.choice_delimiter
('ID', ['ID', 'Start time', 'Completion time', 'Email', 'Name'], ';')
>>> raw.frame["Which topics?"].tolist()
['Online safety;Recovery;']
"""

from __future__ import annotations

from pathlib import Path

from analysis.errors import InputError
from analysis.ingest.platforms import Layout, PlatformExport, fold, note_metadata, one_header_export

#: Microsoft Forms' metadata columns, folded.
METADATA = frozenset({"id", "starttime", "completiontime", "email", "name", "lastmodifiedtime", "totalpoints",
                      "quizfeedback", "grade"})
#: Prefixes of a quiz's per-question columns (dropped: they are scoring, not answers).
QUIZ_PREFIXES = ("Points - ", "Feedback - ")
#: Between the ticked options of a checkbox question (and after the last).
CHOICE_DELIMITER = ";"


def detect(rows: list[list[str]]) -> bool:
    """Whether row 1 starts ``ID, Start time, Completion time`` (``Email`` and ``Name`` follow).

    >>> detect([["Id", "Start time", "Completion time", "Email", "Name", "Q"], ["1", "", "", "", "", "x"]])
    True
    >>> detect([["ID", "Q1"], ["1", "x"]])
    False
    """
    first = [fold(c.lstrip("\ufeff")) for c in rows[0][:3]] if rows else []
    return first == ["id", "starttime", "completiontime"]


def from_rows(rows: list[list[str]], *, path: Path, encoding: str, layout: str = "msforms") -> PlatformExport:
    """Read every row of a Microsoft Forms export into a :class:`~analysis.ingest.platforms.PlatformExport`.

    Returns
    -------
    PlatformExport
        ``frame`` of strings (joined checkbox answers as written), ``question_text``
        (each question's header), ``metadata_columns`` (the columns of
        :data:`METADATA` and a quiz's ``Points -``/``Feedback -`` columns),
        ``id_column`` ``ID`` and ``choice_delimiter`` ``";"``.
    """
    if not detect(rows):
        raise InputError.single(str(path), "a Microsoft Forms export (row 1 starting ID, Start time, Completion "
                                "time), as files.format says", rows=[1], found="another header")
    raw, names, width = one_header_export(rows, path=path, layout=layout, encoding=encoding,
                                          choice_delimiter=CHOICE_DELIMITER)
    for name in names:
        if fold(name) in METADATA or name.startswith(QUIZ_PREFIXES):
            raw.metadata_columns.append(name)
        else:
            raw.question_text[name] = name
    raw.id_column = names[0]
    raw.notes.append(f"Microsoft Forms layout: 1 header row, {width} columns, {len(raw.question_text)} questions, "
                     f"{len(raw.frame)} responses; checkbox answers are one cell of ticked options each followed "
                     f"by '{CHOICE_DELIMITER}'")
    note_metadata(raw)
    return raw


LAYOUT = Layout("msforms", "Microsoft Forms", detect, from_rows, choice_delimiter=CHOICE_DELIMITER)
