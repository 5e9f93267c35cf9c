"""Google Forms response CSVs (the response sheet downloaded as CSV): one header row.

Layout, as read here (see ``tests/fixtures/platforms/README.md`` for the sources
and what is assumed): ``Timestamp``, then ``Email Address`` (``Email address`` in
newer sheets) when the form collects e-mail addresses, ``Score`` for a quiz, then
one column per question headed by its text; a grid question has one column
per row, ``"<question> [<row>]"``. A checkbox question's ticked options are
written in one cell joined by ``", "`` (``"Online safety, Recovery"``), so an
option whose label holds a comma cannot be split on the delimiter alone:
:data:`LAYOUT` says so in ``choice_delimiter`` and the cell is left as written
for the item's reader to match against its option labels, longest first.

The export has no response id: the reader adds the column ``Row number`` (the
row a spreadsheet shows, 2 for the first response) and names it the id.
``Timestamp``, ``Email Address``, ``Username`` and ``Score`` are dropped at ingest.

>>> from pathlib import Path
>>> rows = [["Timestamp", "Email Address", "Which topics?", "Rate it [Speed]", "Rate it [Cost]"],
...         ["2024/03/01 10:04:00 am GMT", "a@example.org", "Online safety, Recovery", "Good", "Poor"]]
>>> raw = from_rows(rows, path=Path("x.csv"), encoding="utf-8")
>>> raw.id_column, raw.frame["Row number"].tolist(), raw.metadata_columns
('Row number', ['2'], ['Timestamp', 'Email Address'])
>>> raw.groups, raw.option_labels["Rate it [Cost]"]
({'Rate it': ['Rate it [Speed]', 'Rate it [Cost]']}, 'Cost')
"""

from __future__ import annotations

import re
from pathlib import Path

from analysis.errors import InputError
from analysis.ingest.platforms import Layout, PlatformExport, fold, note_metadata, one_header_export
from analysis.ingest.raw import unique_names

#: Google Forms' metadata columns, folded.
METADATA = frozenset({"timestamp", "emailaddress", "username", "score"})
#: Between the ticked options of a checkbox question.
CHOICE_DELIMITER = ", "
#: The column the reader adds to number the responses.
ROW_COLUMN = "Row number"
#: A response timestamp as Google Sheets writes it (``2024/03/01 10:04:00 am GMT``, ``01/03/2024 10:04:00``).
TIMESTAMP = re.compile(r"^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}[ T]\d{1,2}:\d{2}")
#: A grid question's column: ``Question [Row]``.
GRID = re.compile(r"^(?P<question>.+?)\s*\[(?P<row>[^\[\]]+)\]$")


def detect(rows: list[list[str]]) -> bool:
    """Whether row 1 starts ``Timestamp`` and row 2 starts with a date and time.

    >>> detect([["Timestamp", "Q1"], ["15/01/2024 10:03:21", "Yes"]])
    True
    >>> detect([["Timestamp", "Q1"], ["morning", "Yes"]])
    False
    """
    if len(rows) < 2 or not rows[0] or not rows[1]:
        return False
    return fold(rows[0][0].lstrip("\ufeff")) == "timestamp" and bool(TIMESTAMP.match(rows[1][0].strip()))


def from_rows(rows: list[list[str]], *, path: Path, encoding: str, layout: str = "googleforms") -> PlatformExport:
    """Read every row of a Google Forms export into a :class:`~analysis.ingest.platforms.PlatformExport`.

    Returns
    -------
    PlatformExport
        ``frame`` of strings (joined checkbox answers as written) plus the added
        ``Row number`` id column (in ``derived_columns``), ``question_text``,
        ``groups`` and ``option_labels`` of grid questions, ``metadata_columns``
        and ``choice_delimiter`` ``", "``.
    """
    if not rows or not rows[0] or fold(rows[0][0].lstrip("\ufeff")) != "timestamp":
        raise InputError.single(str(path), "a Google Forms export (row 1 starting Timestamp), as files.format says",
                                rows=[1], found="another header")
    import pandas as pd

    raw, names, width = one_header_export(rows, path=path, layout=layout, encoding=encoding,
                                          choice_delimiter=CHOICE_DELIMITER)
    for name in names:
        if fold(name) in METADATA:
            raw.metadata_columns.append(name)
            continue
        grid = GRID.match(name)
        if grid:
            raw.question_text[name] = grid.group("question")
            raw.option_labels[name] = grid.group("row").strip()
            raw.groups.setdefault(grid.group("question"), []).append(name)
        else:
            raw.question_text[name] = name
    raw.groups = {q: cols for q, cols in raw.groups.items() if len(cols) > 1}
    id_name = unique_names([*names, ROW_COLUMN])[-1]
    raw.frame[id_name] = pd.array([str(i) for i in range(2, len(raw.frame) + 2)], dtype="string")
    raw.derived_columns.append(id_name)
    raw.id_column = id_name
    raw.notes.append(f"Google Forms layout: 1 header row, {width} columns, {len(raw.question_text)} questions, "
                     f"{len(raw.frame)} responses; no response id in the export, so '{id_name}' (the spreadsheet "
                     f"row) numbers them; checkbox answers are one cell of ticked options joined by "
                     f"'{CHOICE_DELIMITER}'")
    note_metadata(raw)
    return raw


LAYOUT = Layout("googleforms", "Google Forms", detect, from_rows, choice_delimiter=CHOICE_DELIMITER)
