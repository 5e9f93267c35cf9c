"""Delimited text exports (CSV, TSV): decode, split, recognise the platform layout."""

from __future__ import annotations

import codecs
import csv
from pathlib import Path

from analysis.errors import InputError, Problem
from analysis.ingest.raw import RawExport, unique_names
from analysis.ingest.registry import detect_layout, read_rows
from analysis.ingest.text import decode, sniff_delimiter, split_rows



def read_delimited(path: Path, *, layout: str = "auto", encoding: str = "", delimiter: str = "",
                   header_rows: int = 0, question_row: int = 0) -> RawExport:
    """Read a CSV/TSV export; ``layout`` ``auto`` recognises each platform's header rows (:mod:`.registry`).

    ``header_rows`` (two or more, from ``[files] header_rows``) reads any other
    tool's export with that many header rows; ``question_row`` names the one
    holding the question texts.
    """
    raw = path.read_bytes()
    text, used = decode(raw, source=str(path), encoding=encoding)
    delim = delimiter or sniff_delimiter(text)
    # UTF-8 read strictly: the file's bytes (after any byte-order mark) are the text's UTF-8 encoding.
    data = raw[len(codecs.BOM_UTF8):] if raw.startswith(codecs.BOM_UTF8) else raw
    export = None if header_rows >= 2 else read_plain_columnar(
        text, path=path, layout=layout, encoding=used, delimiter=delim,
        data=data if used == "utf-8-sig" and not encoding else None)
    if export is None:
        rows = split_rows(text, delimiter=delim, source=str(path))
        export = rows_to_export(rows, path=path, layout=layout, encoding=used, whole_rows=True,
                                delimiter=delim, header_rows=header_rows, question_row=question_row)
    if delim != ",":
        export.notes.append(f"delimiter {delim!r}")
    if used != "utf-8-sig" and not encoding:
        export.notes.append(f"not UTF-8: read as {used}")
    return export


#: Every character ``str.isspace`` accepts, so ``str.strip()`` is ``str.strip(WHITESPACE)`` (a test checks the list).
WHITESPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
              "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")


def _stripped(column):
    """A string column with each cell trimmed as ``str.strip`` does, and blank cells as nulls (no copy of the text)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    column = pc.utf8_trim(column, characters=WHITESPACE)
    valid = pc.not_equal(pc.binary_length(column), 0)  # no nulls: the reader reads every cell as text
    return pa.Array.from_buffers(column.type, len(column), [valid.buffers()[1], *column.buffers()[1:]],
                                 offset=column.offset)


def _lines(text: str):
    r"""The lines of a text with their line ends, as ``io.StringIO(text, newline="")`` gives them, lazily.

    >>> list(_lines("a,b\r\nc\rd\n\ne"))
    ['a,b\r\n', 'c\r', 'd\n', '\n', 'e']
    """
    import re

    return (m.group(0) for m in re.finditer(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+", text))


def read_plain_columnar(text: str, *, path: Path, layout: str, encoding: str, delimiter: str,
                        data: bytes | None = None) -> RawExport | None:
    """A plain one-header table read column by column with Arrow's CSV reader, or None.

    Gives the same frame as :func:`~analysis.ingest.text.split_rows` followed by
    :func:`rows_to_export` (the same cells, trimmed with ``str.strip``, blank as NA),
    in a fraction of the time, for the regular case: a plain table (no platform
    header rows) whose every row has as many cells as its header, no blank header
    cell, no blank row, no cell holding a line break, no cell near the size limit
    and no NUL character. Anything else returns None, and the row-by-row reader
    reads the file and reports its problems with their row numbers: every check of
    that reader either holds by the conditions above or sends the file there.

    ``data``, when given, is ``text`` encoded as UTF-8 (the file's own bytes), which
    is read instead of encoding the text again.
    """
    import itertools

    from analysis.ingest.text import MAX_CELL

    if data is None:
        data = text.encode("utf-8")
    if layout not in ("auto", "csv") or len(delimiter) != 1 or delimiter == '"' or b"\x00" in data:
        return None
    head = list(itertools.islice(csv.reader(_lines(text), delimiter=delimiter), 3))
    if len(head) < 2 or any(not any(cell.strip() for cell in row) for row in head):
        return None
    if layout == "auto" and detect_layout(head):
        return None
    width = len(head[0])
    if any(not cell.strip() for cell in head[0]):
        return None
    import pyarrow as pa
    import pyarrow.compute as pc
    from pyarrow import csv as pcsv

    names = [f"f{j}" for j in range(width)]
    try:
        table = pcsv.read_csv(
            pa.py_buffer(data),
            read_options=pcsv.ReadOptions(column_names=names),
            parse_options=pcsv.ParseOptions(delimiter=delimiter, quote_char='"', double_quote=True,
                                            escape_char=False, newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pcsv.ConvertOptions(column_types={n: pa.large_string() for n in names},
                                                strings_can_be_null=False, quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        return None  # rows of another width, and the like: the row-by-row reader names them
    # Line ends are ASCII bytes, which no other character's UTF-8 encoding contains.
    lines = data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n") + (not data.endswith((b"\n", b"\r")))
    if table.num_rows < 2 or table.num_columns != width or table.num_rows != lines:
        return None  # fewer records than lines: a cell holds a line break
    columns, blank = [], None
    for j in range(width):
        column = table.column(j).combine_chunks()
        if (pc.max(pc.utf8_length(column)).as_py() or 0) >= MAX_CELL:
            return None
        column = _stripped(column)
        empty = column.is_null()
        blank = empty if blank is None else pc.and_(blank, empty)
        columns.append(column)
    if pc.any(blank).as_py():
        return None  # a blank row: the row-by-row reader skips it and keeps the row numbers
    import pandas as pd

    header = unique_names([c[0].as_py() or "" for c in columns])
    frame = pd.DataFrame({name: pd.array(c.slice(1), dtype="string") for name, c in zip(header, columns)})
    return RawExport(path=path, frame=frame, layout="csv", header_rows=1, encoding=encoding)


def check_row_lengths(rows: list[list[str]], kept: list[int], *, path: Path, header_rows: int, width: int,
                      delimiter: str = ",") -> None:
    """Refuse rows that lost cells: a quoted cell that swallowed the rows after it, or a row cut short.

    A stray ``"`` makes a CSV reader read on to the next ``"``, so the rows in
    between become one cell; such a cell holds a line break followed by a line
    with as many delimiters as a whole row. When the stray quote closes at a
    later quoted cell of its own row, the row is short but its cells hold the
    missing delimiters. A row with fewer cells than the header (an export cut
    mid-row) would otherwise read as "no answer" for the rest. Each is an error
    naming the rows and, for a quote, the column it opens in and how many rows
    or cells it runs together; cells are never echoed.
    """
    problems = []
    header = rows[kept[0]] if kept else []

    def name(j: int) -> str:
        return header[j].strip() if j < len(header) and header[j].strip() else f"column {j + 1}"

    swallowed, short = [], []
    for k in kept[header_rows:]:
        row = rows[k]
        for j, cell in enumerate(row):
            runs = [line for line in cell.splitlines()[1:] if line.count(delimiter) >= width - 1] if width > 2 else []
            if ("\n" in cell or "\r" in cell) and runs:
                swallowed.append((k + 1, j, len(runs)))
                break
        else:
            if len(row) < width:
                short.append(k + 1)
    # A short row whose cells hold the missing delimiters: a stray quote ran its cells together.
    quoted = {r: next(j for j, c in enumerate(rows[r - 1]) if delimiter in c) for r in short
              if any(delimiter in c for c in rows[r - 1])
              and len(rows[r - 1]) + sum(c.count(delimiter) for c in rows[r - 1]) >= width}
    if swallowed:
        row, j, n = swallowed[0]
        problems.append(Problem(str(path), name(j), [r for r, _, _ in swallowed],
                                "each quoted cell closed on its own row (those rows' answers would be lost); remove "
                                "the stray quote", found=f"an unmatched double quote (\") that runs the following {n} "
                                f"row{'s' if n != 1 else ''} together into one cell"))
    if quoted:
        row, j = next(iter(quoted.items()))
        problems.append(Problem(str(path), name(j), list(quoted),
                                "a quote only around a whole cell; remove the stray quote",
                                found=f"an unmatched double quote (\") that runs the row's cells together "
                                f"({len(rows[row - 1])} cells where the header has {width})"))
    short = [r for r in short if r not in quoted]
    if short:
        problems.append(Problem(str(path), None, short,
                                f"{width} cells per row, as in the header (the row is cut short, so answers "
                                "would be lost)"))
    if problems:
        raise InputError(problems)


def rows_to_export(rows: list[list[str]], *, path: Path, layout: str, encoding: str,
                   whole_rows: bool = False, delimiter: str = ",", header_rows: int = 0,
                   question_row: int = 0) -> RawExport:
    """Turn rows of cells into a :class:`RawExport`, by platform layout or as a one-header table.

    With ``whole_rows`` (delimited text), every data row must hold as many cells
    as the header: see :func:`check_row_lengths`. ``header_rows`` and
    ``question_row`` come from the codebook's ``[files]`` (see :func:`read_delimited`).
    """
    kept = [i for i, r in enumerate(rows) if any(cell.strip() for cell in r)]
    titles = title_rows(rows, kept) if layout in ("auto", "csv") and not header_rows else []
    kept = kept[len(titles):]
    export = _nonblank_rows_to_export([rows[i] for i in kept], path=path, layout=layout, encoding=encoding,
                                      header_rows=header_rows, question_row=question_row)
    if whole_rows:
        width = export.frame.shape[1] - len(getattr(export, "derived_columns", ()))  # columns the file holds
        check_row_lengths(rows, kept, path=path, header_rows=export.header_rows, width=width,
                          delimiter=delimiter)
    if len(kept) != len(rows):
        # Fully blank lines were skipped: keep the row numbers a spreadsheet shows.
        numbers = export.source_rows or [export.header_rows + 1 + i for i in range(len(export.frame))]
        export.source_rows = [kept[n - 1] + 1 for n in numbers]
    if titles:
        export.notes.append(f"{len(titles)} title row{'s' if len(titles) > 1 else ''} above the header "
                            f"(row{'s' if len(titles) > 1 else ''} {', '.join(str(i + 1) for i in titles)}) "
                            f"skipped: the header is row {kept[0] + 1}")
    return export


#: The most title lines looked for above a header.
MAX_TITLE_ROWS = 5


def title_rows(rows: list[list[str]], kept: list[int]) -> list[int]:
    """The positions of the title lines above the header: leading non-blank rows of one cell each, then a row of two.

    A spreadsheet saved by hand often has a title in its first cell and a blank row before the
    header; a one-column file has no title (no row of two cells follows).

    >>> rows = [["Survey 2024"], [""], ["id", "Q1"], ["1", "Yes"]]
    >>> title_rows(rows, [0, 2, 3]), title_rows([["id"], ["1"]], [0, 1])
    ([0], [])
    """
    def filled(i: int) -> int:
        return sum(1 for cell in rows[i] if cell.strip())

    leading = 0
    while leading < min(len(kept), MAX_TITLE_ROWS) and filled(kept[leading]) == 1:
        leading += 1
    return kept[:leading] if leading < len(kept) and filled(kept[leading]) >= 2 and leading else []


def _nonblank_rows_to_export(rows: list[list[str]], *, path: Path, layout: str, encoding: str,
                             header_rows: int = 0, question_row: int = 0) -> RawExport:
    if not rows:
        raise InputError.single(str(path), "a header row and at least one data row", found="no rows")
    detected = (detect_layout(rows[:3]) or "csv") if layout == "auto" and header_rows < 2 else layout
    export = read_rows(rows, layout=detected, path=path, encoding=encoding, header_rows=header_rows,
                       question_row=question_row)
    if export is not None:
        return export
    return plain_export(rows, path=path, encoding=encoding, layout="csv" if layout in ("auto", "csv") else layout)


def plain_export(rows: list[list[str]], *, path: Path, encoding: str, layout: str) -> RawExport:
    """One header row of column names, then data rows; blank cells become NA."""
    import pandas as pd

    header = unique_names(rows[0])
    width = len(header)
    while width and not rows[0][width - 1].strip() and all(len(r) < width or not r[width - 1].strip() for r in rows[1:]):
        width -= 1  # a trailing comma on every row makes an empty last column
    header = header[:width]
    data = rows[1:]
    if not data:
        raise InputError.single(str(path), "at least one data row under the header", found="a header-only file")
    ragged = [i + 2 for i, r in enumerate(data) if len(r) > width and any(c.strip() for c in r[width:])]
    if ragged:
        raise InputError([Problem(str(path), None, ragged, f"at most {width} cells per row, as in the header")])
    cells = [[(r[j].strip() if j < len(r) else "") for j in range(width)] for r in data]
    frame = pd.DataFrame(cells, columns=header, dtype="string").replace("", pd.NA)
    return RawExport(path=path, frame=frame, layout=layout, header_rows=1, encoding=encoding)
