"""XLSX exports: the first (or named) sheet as rows of text cells, then the same layouts as CSV."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from analysis.errors import InputError
from analysis.ingest.raw import RawExport


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    return str(value)


def _fast_rows(path: Path, title: str, xml: bytes) -> list[list[str]] | None:
    """The sheet's cells as text, read with python-calamine (about ten times openpyxl's speed), or ``None``.

    ``None`` (read it with openpyxl) for a sheet holding error cells (``#N/A``, ``#DIV/0!``: calamine
    reads them as blank, openpyxl as their text, which the checks then name) or one whose XML was not
    found. A date is read as midnight of that day, as openpyxl reads it.
    """
    import re

    if not xml or re.search(rb'<(?:\w+:)?c\b[^>]*\bt="e"', xml):
        return None
    from python_calamine import CalamineWorkbook

    with CalamineWorkbook.from_path(str(path)) as workbook:
        cells = workbook.get_sheet_by_name(title).to_python(skip_empty_area=False)

    def text(value: object) -> str:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            value = dt.datetime.combine(value, dt.time())
        return _cell_text(value)

    return [[text(v) for v in row] for row in cells]


def _refuse_uncached_formulas(path: Path, sheet: str, rows: list[list[str]]) -> None:
    """Refuse formula cells saved without a computed value (they would read as blank answers)."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    wb = load_workbook(path, read_only=True, data_only=False)
    try:
        ws = wb[sheet] if sheet else wb.worksheets[0]
        cells = []
        for i, row in enumerate(ws.iter_rows(values_only=True)):
            for j, value in enumerate(row):
                if isinstance(value, str) and value.startswith("=") and i < len(rows) and j < len(rows[i]) \
                        and rows[i][j] == "":
                    cells.append(f"{get_column_letter(j + 1)}{i + 1}")
    finally:
        wb.close()
    if cells:
        shown = ", ".join(cells[:5]) + (f" and {len(cells) - 5} more" if len(cells) > 5 else "")
        raise InputError.single(str(path), "cells holding values; open the workbook in a spreadsheet and save it, "
                                "so formulas are stored with their results, or export values",
                                found=f"formulas with no saved result in cells {shown}")


def sheet_xml(path: Path, worksheet_path: str) -> bytes:
    """A worksheet's XML as stored in the workbook's zip (``b""`` when it cannot be found)."""
    import zipfile

    if not worksheet_path:
        return b""
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.read(worksheet_path.lstrip("/"))
    except (KeyError, OSError, zipfile.BadZipFile):
        return b""


def merged_ranges(xml: bytes) -> list[str]:
    """The merged-cell ranges of a worksheet's XML (``["B2:B6", ...]``).

    >>> merged_ranges(b'<mergeCells count="1"><mergeCell ref="B2:B6"/></mergeCells>')
    ['B2:B6']
    """
    import re

    return [m.decode("ascii") for m in re.findall(rb"<(?:\w+:)?mergeCell\b[^>]*\bref=\"([A-Z]+[0-9]+:[A-Z]+[0-9]+)\"", xml)]


def has_formulas(xml: bytes) -> bool:
    """Whether a worksheet's XML holds any formula (an ``<f>`` element).

    >>> has_formulas(b'<c r="B2"><f>1+1</f></c>'), has_formulas(b'<c r="B2"><v>2</v></c>')
    (True, False)
    """
    import re

    return re.search(rb"<(?:\w+:)?f[ >/]", xml) is not None


def _refuse_merged_data(path: Path, sheet: str, ranges: list[str], header_rows: int) -> None:
    """Refuse merged cells below the header rows: only a merged range's first cell holds the value."""
    from openpyxl.utils.cell import range_boundaries

    data = []
    for ref in sorted(ranges, key=lambda r: range_boundaries(r)[1::-1]):  # by first row, then column
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        if max_row > header_rows:
            data.append((ref, (max_row - min_row + 1) * (max_col - min_col + 1) - 1))
    if data:
        shown = ", ".join(ref for ref, _ in data[:5]) + (f" and {len(data) - 5} more" if len(data) > 5 else "")
        blank = sum(n for _, n in data)
        raise InputError.single(str(path), "one value in every cell of the data rows; unmerge the cells and fill "
                                "each one with its value (only a merged range's first cell holds it)",
                                found=f"merged cells {shown} on sheet '{sheet}' ({blank} cell"
                                f"{'s' if blank != 1 else ''} that would read as blank answers)")


def choose_sheet(path: Path, wb, sheet: str):
    """The worksheet to read and a note naming the workbook's sheets (``""`` for a one-sheet workbook).

    With ``sheet`` (``[files] sheet``) that sheet, else the first visible one whose
    header shows a platform layout (an information sheet before the responses is
    passed over), else the first visible one: a hidden sheet is never read unless
    the codebook names it.
    """
    states = {ws.title: getattr(ws, "sheet_state", "visible") for ws in wb.worksheets}
    listed = ", ".join(f"'{t}'" + ("" if state == "visible" else f" ({state})") for t, state in states.items())
    if sheet:
        if sheet not in wb.sheetnames:
            raise InputError.single(str(path), "a sheet named by files.sheet (sheets: " + ", ".join(wb.sheetnames)
                                    + ")", found=sheet)
        ws = wb[sheet]
        how = "named by [files] sheet"
    else:
        visible = [ws for ws in wb.worksheets if states[ws.title] == "visible"]
        if not visible:
            raise InputError.single(str(path), "a visible sheet holding the responses, or files.sheet naming one "
                                    f"(sheets: {listed})", found="only hidden sheets")
        from analysis.ingest.sheet_choice import platform_sheet

        found = platform_sheet(visible, _cell_text) if len(visible) > 1 else None
        ws, how = found if found else (visible[0], "the first visible sheet; set [files] sheet to read another")
    note = "" if len(states) == 1 else f"workbook sheets: {listed}; read '{ws.title}' ({how})"
    return ws, note


def read_xlsx(path: Path, *, sheet: str = "", layout: str = "auto", header_rows: int = 0,
              question_row: int = 0) -> RawExport:
    """Read an .xlsx export: one sheet's rows, then the same layouts as a CSV file.

    The sheet is ``sheet`` (``[files] sheet``) or the first visible one, and a
    workbook of several sheets gets a note naming them all and the one read.
    Merged cells below the header rows are an error naming the ranges: a merged
    range holds its value in its first cell only, so the others would read as
    blank answers. The workbook's date origin is kept (``spreadsheet_epoch``)
    so that date serials in a ``date`` item can be turned into dates.
    """
    import zipfile

    from openpyxl import load_workbook

    from analysis.ingest.delimited import rows_to_export

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError.single(str(path), "a readable .xlsx workbook", found=f"unreadable ({exc})") from None
    try:
        ws, note = choose_sheet(path, wb, sheet)
        title, worksheet_path, epoch = ws.title, getattr(ws, "_worksheet_path", ""), wb.epoch
        xml = sheet_xml(path, worksheet_path)
        rows = _fast_rows(path, title, xml)
        if rows is None:
            rows = [[_cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
    finally:
        wb.close()
    if (has_formulas(xml) or not xml) and any(cell == "" for row in rows for cell in row):
        _refuse_uncached_formulas(path, title, rows)
    export = rows_to_export(rows, path=path, layout=layout, encoding="xlsx", header_rows=header_rows,
                            question_row=question_row)
    ranges = merged_ranges(xml)
    if ranges:
        _refuse_merged_data(path, title, ranges, export.header_rows)
    export.layout = export.layout if export.layout != "csv" else "xlsx"
    export.spreadsheet_epoch = epoch.date() if isinstance(epoch, dt.datetime) else epoch
    if note:
        export.notes.append(note)
    return export
