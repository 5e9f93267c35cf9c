"""Writing the workbook's worksheets: named styles, a sheet of one table, a sheet of a list, and their names.

Each table sheet holds exactly one named Excel table with nothing below or beside it:
above it the title with its note markers, the base and one line saying where the notes
are (:mod:`analysis.report.workbook_notes` chooses the markers). Numbers are stored as
numbers with a number format; withheld figures are the text ``[c]`` and missing ones
``[x]``. Every sheet prints on A4, fitted to the page width, wide tables in landscape,
the header row repeated on every page. :mod:`analysis.report.workbook` puts the sheets
together.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Mapping, Sequence

from analysis.report.content import NOT_AVAILABLE, NUMBER_CLASS_HEADING, WITHHELD, Figure, ReportTable

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl import Workbook


#: Number formats by column kind.
FORMATS = {"int": "#,##0", "percent": "0.0%", "float": "#,##0.0"}
#: Palette (Analysis Function): headings dark blue.
DARK_BLUE = "12436D"
HEADER_FILL = "DCE6F0"
#: Invented numbers: italic on light grey (black text on #D9D9D9 has a contrast ratio of about 15:1).
INVENTED_FILL = "D9D9D9"
FONT = "Arial"
INVENTED_STYLE = "Invented number"
#: Tables wider than this (in characters of column width; A4 portrait holds about 90) print in landscape.
LANDSCAPE_WIDTH = 80
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_CELL_REF = re.compile(r"^([A-Za-z]{1,3}[0-9]+|[Rr][0-9]*[Cc][0-9]*|[RrCc])$")


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


def table_name(title: str, taken: set[str]) -> str:
    """An Excel table name from a title: letters, digits and ``_``, not a cell reference, unique (case-blind).

    ``taken`` holds the lower-cased names already used and gains this one.

    >>> taken = set()
    >>> table_name("Not confident, by sector", taken), table_name("A1", taken), table_name("A1", taken)
    ('Not_confident_by_sector', 'Table_A1', 'Table_A1_2')
    """
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words, base = re.findall(r"[A-Za-z0-9]+", ascii_text), ""
    for w in words:  # whole words, up to about 90 characters (Excel allows 255)
        if base and len(base) + 1 + len(w) > 90:
            break
        base = f"{base}_{w}" if base else w[:90]
    base = base or "Table"
    if not re.match(r"[A-Za-z_]", base) or _CELL_REF.match(base):
        base = "Table_" + base
    name, k = base, 2
    while name.lower() in taken:
        name = f"{base}_{k}"
        k += 1
    taken.add(name.lower())
    return name


def _width(value, kind: str) -> int:
    if value is None:
        return 4
    if kind == "percent":
        return 7
    if kind in ("int", "float"):
        return len(f"{value:,.1f}") + 1
    return len(str(value))  # text, and a Figure's own text


# --- styles ---------------------------------------------------------------------------------------------------

def add_styles(wb: "Workbook", *, invented: bool) -> None:
    """Register the named styles (sans-serif throughout); the invented style only when something is invented."""
    from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill

    def font(**kw):
        return Font(name=FONT, size=kw.pop("size", 11), **kw)

    styles = [NamedStyle("Headline 1", builtinId=16, font=font(size=15, bold=True, color=DARK_BLUE)),
              NamedStyle("Headline 2", builtinId=17, font=font(size=13, bold=True, color=DARK_BLUE)),
              NamedStyle("Body", font=font(), alignment=Alignment(vertical="top")),
              NamedStyle("Wrapped text", font=font(), alignment=Alignment(wrap_text=True, vertical="top")),
              NamedStyle("Column heading", font=font(bold=True), fill=PatternFill("solid", fgColor=HEADER_FILL),
                         alignment=Alignment(wrap_text=True, vertical="bottom")),
              NamedStyle("Link", font=font(underline="single", color=DARK_BLUE), alignment=Alignment(vertical="top"))]
    if invented:
        styles.append(NamedStyle(INVENTED_STYLE, font=font(italic=True),
                                 fill=PatternFill("solid", fgColor=INVENTED_FILL)))
    for s in styles:
        wb.add_named_style(s)


def put(ws, row: int, col: int, value, style: str = "Body"):
    cell = ws.cell(row, col, value)
    cell.style = style
    return cell


def print_setup(ws, *, landscape: bool, header_row: int | None = None) -> None:
    """A4, fitted to the page width (as many pages down as needed), the header row repeated on every page."""
    from openpyxl.worksheet.properties import PageSetupProperties

    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    if header_row:
        ws.print_title_rows = f"{header_row}:{header_row}"


def _with_markers(text: str, markers: Sequence[str]) -> str:
    return " ".join([text, *markers]) if markers else text


# --- sheets ---------------------------------------------------------------------------------------------------

def _excel_table(ws, name: str, first_row: int, last_col: int, n_rows: int) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.table import Table, TableStyleInfo

    last_row = first_row + max(n_rows, 1)
    t = Table(displayName=name, ref=f"A{first_row}:{get_column_letter(last_col)}{last_row}")
    t.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showFirstColumn=False, showLastColumn=False,
                                      showRowStripes=False, showColumnStripes=False)
    ws.add_table(t)
    ws.freeze_panes = ws.cell(first_row + 1, 1)


def _unique(labels: Sequence[str]) -> list[str]:
    """Column headings made unique (an Excel table's headings must be)."""
    out, seen = [], set()
    for label in labels:
        name, k = label, 2
        while name.lower() in seen:
            name, k = f"{label} ({k})", k + 1
        seen.add(name.lower())
        out.append(name)
    return out


def _write_heading_lines(ws, lines: Sequence[tuple[str, str]]) -> int:
    """Lines above a table, in column A; returns the next free row."""
    for r, (text, style) in enumerate(lines, start=1):
        put(ws, r, 1, text, style)
    return len(lines) + 1


def write_table(ws, table: ReportTable, *, name: str, title_markers: Sequence[str], heads: Sequence[str],
                 base_markers: Sequence[str], provenance: str, invented: set) -> None:
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    lines = [(_with_markers(table.title, title_markers), "Headline 1"),
             (_with_markers(table.base, base_markers), "Wrapped text"),
             ("This worksheet contains one table. Note markers in its title and column headings refer to the "
              "Notes worksheet.", "Body")]
    if provenance:
        lines.append((provenance + (" Numbers in italic on a grey background were invented by the generator (the "
                                    f"{NUMBER_CLASS_HEADING} column says so in words)." if invented else ""),
                      "Body"))
    header = _write_heading_lines(ws, lines)  # no blank row: a screen reader would take it for the end
    labels = _unique([_with_markers(c.label, [m] if m else []) for c, m in zip(table.columns, heads)])
    for j, (col, label) in enumerate(zip(table.columns, labels), start=1):
        c = put(ws, header, j, label, "Column heading")
        c.alignment = Alignment(wrap_text=True, vertical="bottom",
                                horizontal="left" if col.kind == "text" else "right")
    widths = [max(len(w) for w in col.label.split() or ["x"]) + 2 for col in table.columns]
    for i, row in enumerate(table.rows):
        for j, (col, value) in enumerate(zip(table.columns, row)):
            style = INVENTED_STYLE if (i, j) in invented else "Body"
            if table.is_withheld(i, j):
                cell = put(ws, header + 1 + i, j + 1, WITHHELD, style)
                cell.alignment = Alignment(horizontal="right", vertical="top")
            elif value is None:
                cell = put(ws, header + 1 + i, j + 1, None if col.kind == "text" else NOT_AVAILABLE, style)
                cell.alignment = Alignment(horizontal="right", vertical="top")
            elif isinstance(value, Figure):  # a number with its own format (e.g. 61.99% beside a count of 692)
                cell = put(ws, header + 1 + i, j + 1, value.value, style)
                cell.number_format = value.number_format
            else:
                cell = put(ws, header + 1 + i, j + 1, value, style)
                if col.kind in FORMATS:
                    cell.number_format = FORMATS[col.kind]
            widths[j] = max(widths[j], _width(value, col.kind) + 2)
    widths = [min(max(w, 9), 60) for w in widths]
    widths[0] = max(widths[0], 12)
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = w
    _excel_table(ws, name, header, len(table.columns), len(table.rows))
    print_setup(ws, landscape=sum(widths) > LANDSCAPE_WIDTH, header_row=header)


def write_list(ws, *, title: str, intro: str, name: str, headings: Sequence[str], rows: Sequence[Sequence],
                widths: Sequence[int], links: Mapping[int, str] | None = None) -> None:
    """A sheet holding one plain table of text (the contents and the notes)."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.hyperlink import Hyperlink

    header = _write_heading_lines(ws, [(title, "Headline 1"), (intro, "Body")])
    for j, h in enumerate(headings, start=1):
        put(ws, header, j, h, "Column heading")
    for i, row in enumerate(rows, start=1):
        for j, v in enumerate(row, start=1):
            link = (links or {}).get(i - 1) if j == 1 else None
            cell = put(ws, header + i, j, v, "Link" if link else "Wrapped text")
            if link:
                cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{link}'!A1")
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = w
    _excel_table(ws, name, header, len(headings), len(rows))
    print_setup(ws, landscape=sum(widths) > LANDSCAPE_WIDTH, header_row=header)
