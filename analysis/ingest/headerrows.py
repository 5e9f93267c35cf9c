"""Any other tool's export with several header rows: ``[files] header_rows = N`` in the codebook.

Row 1 holds the column names; rows 2 to ``N`` are further header rows (question
texts, option labels, a tool's own notes) and are never read as respondents;
data starts at row ``N + 1``. ``[files] question_row = K`` (2 to ``N``) names the
header row whose cells are the question texts, so that drafts and the
harmonisation draft can use them; without it the column names stand for them.

>>> from pathlib import Path
>>> rows = [["id", "Q1"], ["Respondent", "Where do you work?"], ["Note", "tick one"], ["1", "Health"]]
>>> raw = from_rows(rows, path=Path("x.csv"), encoding="utf-8", header_rows=3, question_row=2)
>>> raw.layout, raw.header_rows, raw.frame["Q1"].tolist(), raw.question_text["Q1"]
('header-rows', 3, ['Health'], 'Where do you work?')
"""

from __future__ import annotations

from pathlib import Path

from analysis.errors import InputError
from analysis.ingest.platforms import clean_text, data_frame, header_width
from analysis.ingest.raw import RawExport, unique_names


def from_rows(rows: list[list[str]], *, path: Path, encoding: str, header_rows: int,
              question_row: int = 0) -> RawExport:
    """Read every row of an export with ``header_rows`` header rows (see the module docstring).

    Raises
    ------
    InputError
        When the file has no row under its header rows, or ``question_row`` is
        not one of them.
    """
    if question_row and not 2 <= question_row <= header_rows:
        raise InputError.single(str(path), f"files.question_row between 2 and files.header_rows ({header_rows})",
                                found=str(question_row))
    if len(rows) <= header_rows:
        raise InputError.single(str(path), f"at least one data row under the {header_rows} header rows "
                                "(files.header_rows)", found=f"{len(rows)} rows")
    width = header_width(rows, header_rows)
    names = unique_names([rows[0][j].lstrip("\ufeff") if j < len(rows[0]) else "" for j in range(width)])
    raw = RawExport(path=path, frame=data_frame(rows[header_rows:], names), layout="header-rows",
                    header_rows=header_rows, encoding=encoding)
    if question_row:
        texts = rows[question_row - 1]
        raw.question_text = {name: clean_text(texts[j]) for j, name in enumerate(names)
                             if j < len(texts) and clean_text(texts[j])}
    raw.notes.append(f"{header_rows} header rows ([files] header_rows): column names from row 1"
                     + (f", question texts from row {question_row}" if question_row else "")
                     + f"; {len(raw.frame)} data rows from row {header_rows + 1}")
    return raw


def _is_number(value: object) -> bool:
    try:
        float(str(value).replace(",", ""))
    except ValueError:
        return False
    return True


def second_header_note(raw: RawExport, *, sample: int = 200) -> str:
    """A note when a plain table's first data row looks like a further header row, or ``""``.

    It does when, in at least one column whose other answers (of the first
    ``sample`` rows) are all numbers, that row holds text, and it holds text in
    every such column. Only column names are quoted, never cells.

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"id": ["Respondent", "1", "2"], "Q1": ["Age", "34", "51"]}, dtype="string")
    >>> second_header_note(RawExport(path=Path("x.csv"), frame=frame, layout="csv"))
    "row 2 looks like a second header row (text above the numbers of 'id', 'Q1'): if it is, set header_rows = 2 under [files] in the codebook"
    """
    frame = raw.frame
    if len(frame) < 3 or raw.layout not in ("csv", "xlsx"):
        return ""
    head = frame.iloc[:sample]
    texts, numbers = [], 0
    for column in frame.columns:
        rest = [v for v in head[column].iloc[1:].tolist() if isinstance(v, (str, int, float)) and str(v).strip()]
        if not rest or not all(_is_number(v) for v in rest):
            continue
        numbers += 1
        first = head[column].iloc[0]
        if isinstance(first, str) and first.strip() and not _is_number(first):
            texts.append(column)
    if not texts or len(texts) < numbers:
        return ""
    shown = ", ".join(f"'{c}'" for c in texts[:3]) + (f" and {len(texts) - 3} more" if len(texts) > 3 else "")
    row = raw.header_rows + 1
    return (f"row {row} looks like a second header row (text above the numbers of {shown}): if it is, set "
            f"header_rows = {raw.header_rows + 1} under [files] in the codebook")
