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


def read_xlsx(path: Path, *, sheet: str = "", layout: str = "auto") -> RawExport:
    """Read an .xlsx export; SurveyMonkey and Qualtrics header rows are recognised as in CSV files."""
    import zipfile

    from openpyxl import load_workbook

    from analysis.ingest.delimited import rows_to_export

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError.single(str(path), "a readable .xlsx workbook", found=f"unreadable ({exc})") from None
    try:
        if sheet:
            if sheet not in wb.sheetnames:
                raise InputError.single(str(path), "a sheet named by files.sheet (sheets: " + ", ".join(wb.sheetnames) + ")",
                                        found=sheet)
            ws = wb[sheet]
        else:
            ws = wb.worksheets[0]
        rows = [[_cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
    finally:
        wb.close()
    if any(cell == "" for row in rows for cell in row):
        _refuse_uncached_formulas(path, sheet, rows)
    export = rows_to_export(rows, path=path, layout=layout, encoding="xlsx")
    export.layout = export.layout if export.layout != "csv" else "xlsx"
    return export
