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
landscape, the header row repeated on every page. The sheets are written by
:mod:`analysis.report.workbook_sheets`, the notes and their markers chosen by
:mod:`analysis.report.workbook_notes`; this module puts them together.

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
from dataclasses import dataclass
from typing import TYPE_CHECKING, Mapping, Sequence

from analysis.report.content import NOT_AVAILABLE, NUMBER_CLASS_HEADING, WITHHELD, ReportTable
from analysis.report.workbook_notes import (INVENTED_NOTE, base_markers_of, table_markers, TableNotes, says_what_numbers_are,
                                            invented_cells)
from analysis.report.workbook_sheets import (INVENTED_STYLE, add_styles, print_setup, put, write_list,
                                             write_table, sheet_name, table_name)

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl import Workbook

    from analysis.codebook import WaveInfo


#: Zip entries' timestamp when neither the wave nor SOURCE_DATE_EPOCH gives a date (the earliest a zip can hold).
FIXED_TIME = _dt.datetime(1980, 1, 1)
#: Width of the cover's one column, in characters: within A4 portrait's printable width at 100%.
COVER_WIDTH = 78
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
    put(ws, 1, 1, cover.title, "Headline 1")
    r = 2
    if cover.survey:  # how the survey was done and how to cite it, before anything else
        sections = [(h, " ".join(ps)) for h, ps in cover.survey
                    if not (h == "Contact" and cover.contact)] + sections  # the contact once, below
    for heading, text in sections:
        if not text:
            continue
        put(ws, r, 1, heading, "Headline 2")
        put(ws, r + 1, 1, text, "Wrapped text").alignment = Alignment(wrap_text=True, vertical="top")
        r += 2
    ws.column_dimensions["A"].width = COVER_WIDTH
    print_setup(ws, landscape=False)
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
    book = TableNotes([])
    for heading, paragraphs in cover.survey:
        for line in paragraphs:
            book.add(f"About this survey: {heading[:1].lower() + heading[1:]}"
                     if heading != "About this survey" else heading, line)
    if cover.provenance_note:
        book.add("About the data", cover.provenance_note)
    if any(says_what_numbers_are(t) for t in tables):
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
    add_styles(wb, invented=any_invented)
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
        title_markers, heads = table_markers(t, book, abbreviations, own_markers)
        about = provenance
        if ranges_sheet and t.links and sheet != ranges_sheet:
            about = (provenance + " " if provenance else "") + (
                "What the published figures allow for each group of this measure (often any value up to 100%): "
                f"worksheet {ranges_sheet}.")
        write_table(wb.create_sheet(sheet), t, name=table_name(t.title, names_taken), title_markers=title_markers,
                     heads=heads, base_markers=base_markers_of(t, book), provenance=about, invented=inv)
        contents_rows.append((sheet, t.title, " ".join(title_markers)))
    _write_cover(cover_ws, cover, n_tables=len(tables), invented=any_invented)
    write_list(contents_ws, title="Contents", name="Contents",
                intro="This worksheet contains one table: every worksheet after this one, with a link to it.",
                headings=("Sheet name", "Table title", "Notes"), rows=contents_rows, widths=(14, 80, 24),
                links={i: r[0] for i, r in enumerate(contents_rows)})
    write_list(notes_ws, title="Notes", name="Notes",
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
