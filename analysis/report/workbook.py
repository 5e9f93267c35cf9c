"""The Excel workbook: a contents sheet, one sheet per table, and a notes sheet; same inputs, same bytes.

Numbers are stored as numbers (counts with a thousands format, percentages as
fractions with a percentage format), never as text; withheld figures are the text
``[c]`` and missing ones ``[x]``, both explained on the notes sheet. Every sheet has
its title and base above the table, the header row frozen and readable column widths.
A reconstructed wave's note heads the contents sheet and the notes sheet.

Workbooks are zip files that carry timestamps twice (the document properties and
each zip entry); both are fixed here, so two runs give identical bytes.

>>> from analysis.report.content import Column, ReportTable
>>> t = ReportTable("t", "A table", "Base: all (n=10).", (Column("group", "Group"), Column("n", "Base (n)", "int")),
...                 (("All", 10),))
>>> data = workbook_bytes([t], title="Demo", notes=[("Source", ["A survey."])])
>>> data[:2], data == workbook_bytes([t], title="Demo", notes=[("Source", ["A survey."])])
(b'PK', True)
"""

from __future__ import annotations

import datetime as _dt
import io
import os
import re
from typing import TYPE_CHECKING, Sequence

from analysis.report.content import NOT_AVAILABLE, WITHHELD, ReportTable

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl import Workbook

#: Number formats by column kind.
FORMATS = {"int": "#,##0", "percent": "0.0%", "float": "#,##0.0"}
#: Palette (Analysis Function): headings dark blue, the reconstruction note dark pink.
DARK_BLUE = "12436D"
DARK_PINK = "801650"
HEADER_FILL = "DCE6F0"
#: Zip entries' timestamp when SOURCE_DATE_EPOCH is not set (the earliest a zip can hold).
FIXED_TIME = _dt.datetime(1980, 1, 1)
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def fixed_time() -> _dt.datetime:
    """``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) if set, else 1980-01-01."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return max(FIXED_TIME, _dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc).replace(tzinfo=None))
    return FIXED_TIME


def sheet_name(text: str, taken: set[str]) -> str:
    """An Excel sheet name: no ``[]:*?/\\``, at most 31 characters, unique (case-blind).

    >>> sheet_name("risk_notconf by sector: all?", set())
    'risk_notconf by sector all'
    >>> sheet_name("a" * 40, {"a" * 31})
    'aaaaaaaaaaaaaaaaaaaaaaaaaaaaa 2'
    """
    base = re.sub(r"\s+", " ", _BAD_SHEET_CHARS.sub("", text)).strip().strip("'")[:31] or "Sheet"
    name, k = base, 2
    lower = {t.lower() for t in taken}
    while name.lower() in lower:
        suffix = f" {k}"
        name = base[:31 - len(suffix)] + suffix
        k += 1
    taken.add(name)
    return name


def _width(value, kind: str) -> int:
    if value is None:
        return 4
    if kind == "percent":
        return 7
    if kind in ("int", "float"):
        return len(f"{value:,.1f}") + 1
    return len(str(value))


def _write_table(ws, table: ReportTable, *, provenance_note: str = "") -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    r = 1
    ws.cell(r, 1, table.title).font = Font(bold=True, size=14, color=DARK_BLUE)
    r += 1
    ws.cell(r, 1, table.base).font = Font(italic=True)
    r += 1
    if provenance_note:
        ws.cell(r, 1, provenance_note).font = Font(bold=True, color=DARK_PINK)
        r += 1
    r += 1
    header = r
    for j, col in enumerate(table.columns, start=1):
        c = ws.cell(header, j, col.label)
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor=HEADER_FILL)
        c.alignment = Alignment(wrap_text=True, vertical="bottom",
                                horizontal="left" if col.kind == "text" else "right")
    widths = [max(len(w) for w in col.label.split()) + 2 for col in table.columns]
    for i, row in enumerate(table.rows):
        for j, (col, value) in enumerate(zip(table.columns, row)):
            cell = ws.cell(header + 1 + i, j + 1)
            if table.is_withheld(i, j):
                cell.value = WITHHELD
                cell.alignment = Alignment(horizontal="right")
            elif value is None:
                cell.value = None if col.kind == "text" else NOT_AVAILABLE
                cell.alignment = Alignment(horizontal="right")
            else:
                cell.value = value
                if col.kind in FORMATS:
                    cell.number_format = FORMATS[col.kind]
            widths[j] = max(widths[j], _width(value, col.kind) + 2)
    r = header + len(table.rows) + 2
    for note in table.notes:
        ws.cell(r, 1, note)
        r += 1
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = min(max(w, 9), 60)
    ws.freeze_panes = ws.cell(header + 1, 1)


def _write_text_sheet(ws, title: str, sections: Sequence[tuple[str, Sequence[str]]], *,
                      provenance_note: str = "") -> None:
    from openpyxl.styles import Alignment, Font

    ws.cell(1, 1, title).font = Font(bold=True, size=14, color=DARK_BLUE)
    r = 2
    if provenance_note:
        c = ws.cell(r, 1, provenance_note)
        c.font = Font(bold=True, color=DARK_PINK)
        c.alignment = Alignment(wrap_text=True, vertical="top")
        r += 1
    for heading, lines in sections:
        r += 1
        ws.cell(r, 1, heading).font = Font(bold=True, size=12, color=DARK_BLUE)
        r += 1
        for line in lines:
            ws.cell(r, 1, line).alignment = Alignment(wrap_text=True, vertical="top")
            r += 1
    ws.column_dimensions["A"].width = 110


def build_workbook(tables: Sequence[ReportTable], *, title: str, notes: Sequence[tuple[str, Sequence[str]]],
                   about: Sequence[str] = (), provenance_note: str = "") -> "Workbook":
    """The workbook in memory: contents sheet, one sheet per table, notes sheet.

    Parameters
    ----------
    tables : sequence of ReportTable
        In the order the sheets should appear.
    title : str
        The report's title (the wave's).
    notes : sequence of (heading, lines)
        The notes sheet: source, definitions, bases, interval method, suppression rule.
    about : sequence of str
        Lines under the title on the contents sheet (period, population, source).
    provenance_note : str
        The reconstruction note; shown at the top of the contents, notes and table sheets.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    contents = wb.active
    taken: set[str] = set()
    contents.title = sheet_name("Contents", taken)
    names = [sheet_name(t.title if len(t.title) <= 31 else t.id, taken) for t in tables]
    notes_name = sheet_name("Notes", taken)
    listing = [f"{name}: {t.title}" for name, t in zip(names, tables)] + [f"{notes_name}: source, definitions, "
                                                                          "bases, methods and symbols"]
    _write_text_sheet(contents, title, [("About these tables", list(about)), ("Sheets", listing)],
                      provenance_note=provenance_note)
    for row in contents.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value in listing:
                target = cell.value.split(":", 1)[0]
                cell.hyperlink = f"#'{target}'!A1"
                cell.font = Font(underline="single", color=DARK_BLUE)
    for name, table in zip(names, tables):
        _write_table(wb.create_sheet(name), table, provenance_note=provenance_note)
    _write_text_sheet(wb.create_sheet(notes_name), "Notes", notes, provenance_note=provenance_note)
    return wb


def _normalise_zip(data: bytes, when: _dt.datetime) -> bytes:
    """Rewrite a zip with every entry stamped ``when`` and fixed attributes."""
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, src.read(info.filename), compresslevel=6)
    return out.getvalue()


def text_cells_as_text(wb: "Workbook") -> None:
    """Store every text cell as text: openpyxl reads a string starting with ``=`` as a formula to run.

    The workbook writes no formulas of its own, so a label such as ``=HYPERLINK(...)``
    from a codebook is shown as the characters it is, never run.
    """
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f" and isinstance(cell.value, str):
                    cell.data_type = "s"


def workbook_bytes(tables: Sequence[ReportTable], *, title: str, notes: Sequence[tuple[str, Sequence[str]]],
                   about: Sequence[str] = (), provenance_note: str = "") -> bytes:
    """The workbook as ``.xlsx`` bytes, identical for identical inputs (arguments as :func:`build_workbook`)."""
    import zipfile

    from openpyxl.writer.excel import ExcelWriter

    wb = build_workbook(tables, title=title, notes=notes, about=about, provenance_note=provenance_note)
    text_cells_as_text(wb)
    when = fixed_time()
    wb.properties.created = wb.properties.modified = when
    wb.properties.creator = wb.properties.lastModifiedBy = "survey toolkit"
    wb.properties.title = title
    buf = io.BytesIO()
    archive = zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(wb, archive).save()  # unlike openpyxl's save_workbook, leaves `modified` as set
    return _normalise_zip(buf.getvalue(), when)


def write_workbook(path, tables: Sequence[ReportTable], **kwargs) -> None:
    """Write :func:`workbook_bytes` atomically to ``path``."""
    from analysis.atomic import write_bytes

    write_bytes(path, workbook_bytes(tables, **kwargs))
