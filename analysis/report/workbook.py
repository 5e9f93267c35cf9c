"""The Excel workbook, laid out after the Analysis Function's "Releasing statistics in spreadsheets".

Sheets, in order: **Cover** (title, status, publication date, period, population,
source, contact, what the workbook holds, and for a reconstructed wave what was
invented), **Contents** and **Notes** (each one Excel table), then one sheet per
report table, each holding exactly one named Excel table with nothing below or beside
it. Above each table: its title with note markers (``[note 3]``), its base, and one line
saying where the notes are; markers also sit in column headings whose meaning a note
explains, never in data cells. A table's own notes move to the Notes table.

Numbers are stored as numbers (counts with a thousands format, percentages as
fractions with a percentage format), never as text; withheld figures are the text
``[c]`` and missing ones ``[x]``, both explained in the notes. Cells use named styles
with a sans-serif font (Arial): ``Headline 1`` and ``Headline 2`` (Excel's Heading 1
and 2), ``Body``, ``Column heading``, ``Link``, and ``Invented number`` (italic on grey)
for the numbers a reconstruction invented, read from the table's ``number_class``
column (``Number is``) or a column headed "... (invented)"; a real wave has none.
No merged cells. Every sheet prints on A4, fitted to the page width, wide tables in
landscape, the header row repeated on every page.

Workbooks are zip files that carry timestamps twice (the document properties and
each zip entry); both are the wave's publication date (``published`` in the codebook),
else ``SOURCE_DATE_EPOCH``, else 1980-01-01, so two runs give identical bytes.

>>> from analysis.report.content import Column, ReportTable
>>> t = ReportTable("t", "A table", "Base: all (n=10).", (Column("group", "Group"), Column("n", "Base (n)", "int")),
...                 (("All", 10),))
>>> data = workbook_bytes([t], cover=Cover(title="Demo"), notes=[("Source", ["A survey."])])
>>> data[:2], data == workbook_bytes([t], cover=Cover(title="Demo"), notes=[("Source", ["A survey."])])
(b'PK', True)
"""

from __future__ import annotations

import datetime as _dt
import io
import os
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Mapping, Sequence

from analysis.report.content import (
    NOT_AVAILABLE,
    NUMBER_CLASS_HEADING,
    SMALL_BASE_NOTE,
    WITHHELD,
    Figure,
    ReportTable,
)

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl import Workbook

    from analysis.codebook import WaveInfo

#: Number formats by column kind.
FORMATS = {"int": "#,##0", "percent": "0.0%", "float": "#,##0.0"}
#: Palette (Analysis Function): headings dark blue.
DARK_BLUE = "12436D"
HEADER_FILL = "DCE6F0"
#: Invented numbers: italic on light grey (black text on #D9D9D9 has a contrast ratio of about 15:1).
INVENTED_FILL = "D9D9D9"
FONT = "Arial"
INVENTED_STYLE = "Invented number"
#: Zip entries' timestamp when neither the wave nor SOURCE_DATE_EPOCH gives a date (the earliest a zip can hold).
FIXED_TIME = _dt.datetime(1980, 1, 1)
#: Width of the cover's one column, in characters: within A4 portrait's printable width at 100%.
COVER_WIDTH = 78
#: Tables wider than this (in characters of column width; A4 portrait holds about 90) print in landscape.
LANDSCAPE_WIDTH = 80
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_CELL_REF = re.compile(r"^([A-Za-z]{1,3}[0-9]+|[Rr][0-9]*[Cc][0-9]*|[RrCc])$")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_STATUS_BY_PROVENANCE = {"reconstructed": "Illustrative reconstruction: not the survey's own data",
                         "illustrative": "Illustrative: invented data, not survey results"}


@dataclass(frozen=True)
class Cover:
    """What the cover sheet says: the wave's settings (``[wave]`` in its codebook)."""

    title: str
    status: str = ""
    published: str = ""  # YYYY-MM-DD
    period: str = ""
    population: str = ""
    source: str = ""
    contact: str = ""
    provenance_note: str = ""  # a reconstructed or illustrative wave's note; empty for a real wave
    #: "About this survey" (:func:`analysis.report.about.about_sections`): (heading, paragraphs), first on the
    #: cover and in the notes
    survey: tuple = ()

    @classmethod
    def from_wave(cls, info: "WaveInfo", *, respondents: int | None = None) -> "Cover":
        """The cover of a wave; a wave that is not real and states no status is called illustrative."""
        from analysis.report.about import about_sections

        status = info.status or _STATUS_BY_PROVENANCE.get(info.provenance, "")
        survey = tuple((h, tuple(ps)) for h, ps in about_sections(info, respondents=respondents))
        return cls(title=info.title or f"Wave {info.name}", status=status, published=info.published,
                   period=info.period, population=info.population, source=info.source, contact=info.contact,
                   provenance_note=info.provenance_note if info.is_reconstructed else "", survey=survey)


def long_date(iso: str) -> str:
    """``"2014-01-28"`` as ``"28 January 2014"`` (the GOV.UK style), whatever the locale.

    >>> long_date("2024-05-01")
    '1 May 2024'
    """
    d = _dt.date.fromisoformat(iso)
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def fixed_time(published: str = "") -> _dt.datetime:
    """The workbook's timestamp: the publication date if given, else ``SOURCE_DATE_EPOCH``, else 1980-01-01."""
    if published:
        return max(FIXED_TIME, _dt.datetime.combine(_dt.date.fromisoformat(published), _dt.time()))
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

def _add_styles(wb: "Workbook", *, invented: bool) -> None:
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


def _put(ws, row: int, col: int, value, style: str = "Body"):
    cell = ws.cell(row, col, value)
    cell.style = style
    return cell


def _print_setup(ws, *, landscape: bool, header_row: int | None = None) -> None:
    """A4, fitted to the page width (as many pages down as needed), the header row repeated on every page."""
    from openpyxl.worksheet.properties import PageSetupProperties

    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    if header_row:
        ws.print_title_rows = f"{header_row}:{header_row}"


# --- invented numbers -----------------------------------------------------------------------------------------

def invented_cells(table: ReportTable) -> set[tuple[int, int]]:
    """The (row, column) positions of numbers a reconstruction invented.

    A row whose ``number_class`` is ``invented`` has all its numbers invented; a column
    headed "... (invented)" holds invented numbers only. Text cells are never marked.
    """
    keys = [c.key for c in table.columns]
    numeric = [j for j, c in enumerate(table.columns) if c.kind != "text"]
    out = set()
    k = keys.index("number_class") if "number_class" in keys else None
    for i, row in enumerate(table.rows):
        if k is not None and row[k] == "invented":
            out |= {(i, j) for j in numeric}
    for j in numeric:
        if table.columns[j].label.rstrip().endswith("(invented)"):
            out |= {(i, j) for i in range(len(table.rows))}
    return out - set(table.stated)  # a published base on an invented row stays unmarked


def _says_what_numbers_are(table: ReportTable) -> bool:
    """Whether a table carries provenance: a Number is column with published, derived or invented numbers."""
    from analysis.reproduction.provenance import UNMARKED

    keys = [c.key for c in table.columns]
    if "number_class" in keys:
        k = keys.index("number_class")
        if {r[k] for r in table.rows if r[k]} - set(UNMARKED):
            return True
    return any(c.label.rstrip().endswith("(invented)") for c in table.columns)


INVENTED_NOTE = (f'The "{NUMBER_CLASS_HEADING}" column says what each number of this reconstruction is: published '
                 "(printed by the survey's publishers, shown at the precision and on the base they printed), "
                 "derived (follows arithmetically from published figures alone) or invented (chosen by the "
                 "generator that reconstructed the data: not a finding). Invented numbers are also shown in italic "
                 f'on a grey background (cell style "{INVENTED_STYLE}"), here and in every table.')


# --- notes ----------------------------------------------------------------------------------------------------

@dataclass
class _Notes:
    """The rows of the Notes table, numbered in order; identical texts share a number."""

    rows: list  # (marker, topic, text)

    def add(self, topic: str, text: str) -> str:
        for marker, _, t in self.rows:
            if t == text:
                return marker
        marker = f"[note {len(self.rows) + 1}]"
        self.rows.append((marker, topic, text))
        return marker

    def find(self, *, topic: str | None = None, starts: str | None = None) -> str | None:
        for marker, tp, text in self.rows:
            if (topic is None or tp == topic) and (starts is None or text.startswith(starts)):
                return marker
        return None


def _abbreviations_in(table: ReportTable, abbreviations: Mapping[str, str]) -> list[str]:
    text = " ".join([table.title, table.base] + [c.label for c in table.columns]
                    + [str(v) for row in table.rows for v in row if isinstance(v, str)])
    return [a for a in abbreviations if re.search(rf"\b{re.escape(a)}\b", text)]


def _markers(table: ReportTable, notes: _Notes, abbreviations: Mapping[str, str], own: list[str]
             ) -> tuple[list[str], list[str]]:
    """The title's note markers and each column heading's (``""`` where none)."""
    title = list(own)
    values = [v for row in table.rows for v in row]
    if table.withheld or WITHHELD in values:
        title.append(notes.find(starts=f"{WITHHELD}:"))
    kinds = [c.kind for c in table.columns]
    if any(v is None and kinds[j] != "text" and not table.is_withheld(i, j)
           for i, row in enumerate(table.rows) for j, v in enumerate(row)):
        title.append(notes.find(starts=f"{NOT_AVAILABLE}:"))
    if SMALL_BASE_NOTE in values:
        title.append(notes.find(starts=f"{SMALL_BASE_NOTE}:"))
    title += [notes.find(topic="Abbreviations", starts=f"{a}:") for a in _abbreviations_in(table, abbreviations)]
    title.append(_definition(table, notes))
    ci = notes.find(topic="Confidence intervals")
    letters = notes.find(starts="Significance letters")
    design = notes.find(topic="Design and weighting")
    counts = notes.find(topic="Bases", starts="Counts and bases")
    number_class = notes.find(topic="Invented numbers")
    heads = []
    for c in table.columns:
        m = None
        if " CI " in f" {c.label} ":
            m = ci
        elif c.key in ("letter", "letters"):
            m = letters
        elif c.key in ("weighted_n", "effective_n"):
            m = design
        elif c.key == "n" and c.label == "Base (n)":
            m = counts
        elif c.key == "number_class" or c.label.rstrip().endswith("(invented)"):
            m = number_class
        heads.append(m or "")
    return list(dict.fromkeys(m for m in title if m)), heads


def _definition(table: ReportTable, notes: _Notes) -> str | None:
    """The definition note of the measure a table's title names ("<label>: answered ...")."""
    best, found = "", None
    for marker, topic, text in notes.rows:
        label = re.split(r": answered | \(", text, maxsplit=1)[0]
        if topic == "Definitions" and len(label) > len(best) and (table.title == label
                                                                   or table.title.startswith(label + ",")):
            best, found = label, marker
    return found


def _base_markers(table: ReportTable, notes: _Notes) -> list[str]:
    """The Bases notes of the bases a table's base line names ("Base: all respondents (n=692).")."""
    line = table.base.lower()
    return [marker for marker, topic, text in notes.rows
            if topic == "Bases" and ":" in text and re.search(rf"\b{re.escape(text.split(':', 1)[0].lower())}\b",
                                                               line)]


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
        _put(ws, r, 1, text, style)
    return len(lines) + 1


def _write_table(ws, table: ReportTable, *, name: str, title_markers: Sequence[str], heads: Sequence[str],
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
        c = _put(ws, header, j, label, "Column heading")
        c.alignment = Alignment(wrap_text=True, vertical="bottom",
                                horizontal="left" if col.kind == "text" else "right")
    widths = [max(len(w) for w in col.label.split() or ["x"]) + 2 for col in table.columns]
    for i, row in enumerate(table.rows):
        for j, (col, value) in enumerate(zip(table.columns, row)):
            style = INVENTED_STYLE if (i, j) in invented else "Body"
            if table.is_withheld(i, j):
                cell = _put(ws, header + 1 + i, j + 1, WITHHELD, style)
                cell.alignment = Alignment(horizontal="right", vertical="top")
            elif value is None:
                cell = _put(ws, header + 1 + i, j + 1, None if col.kind == "text" else NOT_AVAILABLE, style)
                cell.alignment = Alignment(horizontal="right", vertical="top")
            elif isinstance(value, Figure):  # a number with its own format (e.g. 61.99% beside a count of 692)
                cell = _put(ws, header + 1 + i, j + 1, value.value, style)
                cell.number_format = value.number_format
            else:
                cell = _put(ws, header + 1 + i, j + 1, value, style)
                if col.kind in FORMATS:
                    cell.number_format = FORMATS[col.kind]
            widths[j] = max(widths[j], _width(value, col.kind) + 2)
    widths = [min(max(w, 9), 60) for w in widths]
    widths[0] = max(widths[0], 12)
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = w
    _excel_table(ws, name, header, len(table.columns), len(table.rows))
    _print_setup(ws, landscape=sum(widths) > LANDSCAPE_WIDTH, header_row=header)


def _write_list(ws, *, title: str, intro: str, name: str, headings: Sequence[str], rows: Sequence[Sequence],
                widths: Sequence[int], links: Mapping[int, str] | None = None) -> None:
    """A sheet holding one plain table of text (the contents and the notes)."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.hyperlink import Hyperlink

    header = _write_heading_lines(ws, [(title, "Headline 1"), (intro, "Body")])
    for j, h in enumerate(headings, start=1):
        _put(ws, header, j, h, "Column heading")
    for i, row in enumerate(rows, start=1):
        for j, v in enumerate(row, start=1):
            link = (links or {}).get(i - 1) if j == 1 else None
            cell = _put(ws, header + i, j, v, "Link" if link else "Wrapped text")
            if link:
                cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{link}'!A1")
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = w
    _excel_table(ws, name, header, len(headings), len(rows))
    _print_setup(ws, landscape=sum(widths) > LANDSCAPE_WIDTH, header_row=header)


def _write_cover(ws, cover: Cover, *, n_tables: int, invented: bool) -> None:
    from openpyxl.styles import Alignment

    about = (f"This workbook holds {n_tables} tables, one on each worksheet after the Notes, each an Excel table "
             "with a name. The Contents worksheet lists them and links to each; the Notes worksheet holds the "
             "notes that markers such as [note 1] in titles and column headings refer to. Withheld figures read "
             f"{WITHHELD} and figures that are not available read {NOT_AVAILABLE}.")
    sections = [("About this workbook", about), ("Status", cover.status),
                # The survey's date, not the workbook's (its file dates are set to it for reproducibility).
                ("Survey results first published", long_date(cover.published) if cover.published else ""),
                ("Period", cover.period), ("Population", cover.population), ("Source", cover.source),
                ("Contact", cover.contact), ("About the data", cover.provenance_note)]
    if invented:
        sections.append(("Invented numbers", "Numbers the reconstruction invented are shown in italic on a grey "
                                             f'background (cell style "{INVENTED_STYLE}") and named "invented" in '
                                             f'the "{NUMBER_CLASS_HEADING}" column beside them: they are not '
                                             "findings. See the Notes worksheet."))
    _put(ws, 1, 1, cover.title, "Headline 1")
    r = 2
    if cover.survey:  # how the survey was done and how to cite it, before anything else
        sections = [(h, " ".join(ps)) for h, ps in cover.survey
                    if not (h == "Contact" and cover.contact)] + sections  # the contact once, below
    for heading, text in sections:
        if not text:
            continue
        _put(ws, r, 1, heading, "Headline 2")
        _put(ws, r + 1, 1, text, "Wrapped text").alignment = Alignment(wrap_text=True, vertical="top")
        r += 2
    ws.column_dimensions["A"].width = COVER_WIDTH
    _print_setup(ws, landscape=False)
    ws.page_setup.fitToHeight = 1  # the cover on one page


def build_workbook(tables: Sequence[ReportTable], *, cover: Cover, notes: Sequence[tuple[str, Sequence[str]]],
                   abbreviations: Mapping[str, str] | None = None) -> "Workbook":
    """The workbook in memory: cover, contents, notes, then one sheet per table.

    Parameters
    ----------
    tables : sequence of ReportTable
        In the order the sheets should appear.
    cover : Cover
        The wave's settings (:meth:`Cover.from_wave`).
    notes : sequence of (heading, lines)
        The methods notes (:func:`analysis.report.notes.methods_notes`): each line is one row of
        the Notes table, its heading the row's topic.
    abbreviations : mapping, optional
        Abbreviation -> what it stands for (the codebook's ``[abbreviations]``); each becomes a
        note, marked on every table that uses it.
    """
    from openpyxl import Workbook

    abbreviations = dict(abbreviations or {})
    invented = [invented_cells(t) for t in tables]
    any_invented = any(invented)
    book = _Notes([])
    for heading, paragraphs in cover.survey:
        for line in paragraphs:
            book.add(f"About this survey: {heading[:1].lower() + heading[1:]}"
                     if heading != "About this survey" else heading, line)
    if cover.provenance_note:
        book.add("About the data", cover.provenance_note)
    if any(_says_what_numbers_are(t) for t in tables):
        book.add("Invented numbers", INVENTED_NOTE)
    for heading, lines in notes:
        for line in lines:
            if cover.provenance_note and cover.provenance_note in line:
                continue  # said once, in the first note
            book.add(heading, line)
    for abbr, meaning in abbreviations.items():
        book.add("Abbreviations", f"{abbr}: {meaning}")
    own = [[book.add(t.title, n) for n in t.notes] for t in tables]

    wb = Workbook()
    _add_styles(wb, invented=any_invented)
    taken: set[str] = set()
    names_taken: set[str] = set()
    cover_ws = wb.active
    cover_ws.title = sheet_name("Cover", taken)
    contents_ws = wb.create_sheet(sheet_name("Contents", taken))
    notes_ws = wb.create_sheet(sheet_name("Notes", taken))
    sheets = [sheet_name(f"Table_{k}", taken) for k in range(1, len(tables) + 1)]
    for name in ("Contents", "Notes"):
        names_taken.add(name.lower())
    provenance = ("Reconstructed or illustrative data, not survey results: see the Cover and "
                  f"{book.find(topic='About the data')}." if cover.provenance_note else "")
    contents_rows = [(notes_ws.title, "Notes: source, definitions, bases, methods, symbols and abbreviations", "")]
    # A breakdown of a reconstructed wave points to the ranges the published figures allow (its links on the page).
    ranges_sheet = next((sheet for t, sheet in zip(tables, sheets) if t.id == "published-ranges"), "")
    for t, sheet, own_markers, inv in zip(tables, sheets, own, invented):
        title_markers, heads = _markers(t, book, abbreviations, own_markers)
        about = provenance
        if ranges_sheet and t.links and sheet != ranges_sheet:
            about = (provenance + " " if provenance else "") + (
                "What the published figures allow for each group of this measure (often any value up to 100%): "
                f"worksheet {ranges_sheet}.")
        _write_table(wb.create_sheet(sheet), t, name=table_name(t.title, names_taken), title_markers=title_markers,
                     heads=heads, base_markers=_base_markers(t, book), provenance=about, invented=inv)
        contents_rows.append((sheet, t.title, " ".join(title_markers)))
    _write_cover(cover_ws, cover, n_tables=len(tables), invented=any_invented)
    _write_list(contents_ws, title="Contents", name="Contents",
                intro="This worksheet contains one table: every worksheet after this one, with a link to it.",
                headings=("Sheet name", "Table title", "Notes"), rows=contents_rows, widths=(14, 80, 24),
                links={i: r[0] for i, r in enumerate(contents_rows)})
    _write_list(notes_ws, title="Notes", name="Notes",
                intro="This worksheet contains one table: the notes that markers such as [note 1] in the other "
                      "worksheets refer to.",
                headings=("Note number", "Topic", "Note text"), rows=book.rows, widths=(13, 22, 100))
    from analysis.report.row_heights import fit_row_heights

    for ws in wb.worksheets:
        fit_row_heights(ws)  # wrapped headings, bases and notes get the height they need
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


def workbook_bytes(tables: Sequence[ReportTable], *, cover: Cover, notes: Sequence[tuple[str, Sequence[str]]],
                   abbreviations: Mapping[str, str] | None = None) -> bytes:
    """The workbook as ``.xlsx`` bytes, identical for identical inputs (arguments as :func:`build_workbook`)."""
    import zipfile

    from openpyxl.writer.excel import ExcelWriter

    wb = build_workbook(tables, cover=cover, notes=notes, abbreviations=abbreviations)
    text_cells_as_text(wb)
    when = fixed_time(cover.published)
    wb.properties.created = wb.properties.modified = when
    wb.properties.creator = wb.properties.lastModifiedBy = "survey toolkit"
    wb.properties.title = cover.title
    buf = io.BytesIO()
    # stored uncompressed here: _normalise_zip compresses every entry once, as it rewrites them
    archive = zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED, allowZip64=True)
    ExcelWriter(wb, archive).save()  # unlike openpyxl's save_workbook, leaves `modified` as set
    return _normalise_zip(buf.getvalue(), when)


def write_workbook(path, tables: Sequence[ReportTable], **kwargs) -> None:
    """Write :func:`workbook_bytes` atomically to ``path``."""
    from analysis.atomic import write_bytes

    write_bytes(path, workbook_bytes(tables, **kwargs))
