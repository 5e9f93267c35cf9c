"""The workbook against the Analysis Function's "Releasing statistics in spreadsheets", point by point.

Every check reads the written ``.xlsx`` back with openpyxl, as a reviewer opening it would.
"""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl
import pytest

from analysis.report.content import Column, ReportTable
from analysis.report.workbook import Cover, workbook_bytes

COLUMNS = (Column("group", "Group"), Column("count", "Count", "int"), Column("n", "Base (n)", "int"),
           Column("proportion", "%", "percent"), Column("ci_lower", "95% CI lower", "percent"),
           Column("ci_upper", "95% CI upper", "percent"), Column("note", "Note"))
TABLE = ReportTable(
    id="x-by-sector", title="Not confident, by sector", base="Base: all respondents (n=150).", columns=COLUMNS,
    rows=(("All", 60, 150, 0.4, 0.32, 0.48, ""), ("A", None, 20, None, None, None, "Withheld: fewer than 10 people"),
          ("B", 30, 70, 30 / 70, 0.32, 0.54, ""), ("C", None, 60, None, None, None, "Withheld so that a smaller "
                                                   "cell cannot be worked out")),
    notes=("A note that used to sit under the table.",),
    withheld=frozenset({(1, 1), (1, 3), (1, 4), (1, 5), (3, 1), (3, 3), (3, 4), (3, 5)}))
#: A reconstructed wave's table: the "Number is" column says which numbers the generator invented.
INVENTED = ReportTable(
    id="case-by-sector", title="Has dealt with a case, by sector", base="Base: all respondents (n=150).",
    columns=COLUMNS + (Column("number_class", "Number is"),),
    rows=(("All", 90, 150, 0.6, 0.52, 0.68, "", "published"),
          ("Children's services (LSCB)", 40, 80, 0.5, 0.39, 0.61, "", "invented"),
          ("Health (PCT)", 50, 70, 50 / 70, 0.6, 0.8, "", "invented")))
#: The same table from a real wave: every number observed.
REAL = ReportTable(INVENTED.id, INVENTED.title, INVENTED.base, INVENTED.columns,
                   tuple(r[:-1] + ("observed",) for r in INVENTED.rows))
NOTES = [("Source", ["A survey, a charity."]), ("Disclosure control", ["Counts below 10 are withheld."]),
         ("Symbols", ["[c]: withheld to protect confidentiality.", "[x]: not available."])]
COVER = Cover(title="Demo survey 2024", status="Official statistics in development", published="2024-05-01",
              period="Spring 2024", population="Test respondents", source="A survey, a charity",
              contact="Survey team, surveys@example.org")
RECONSTRUCTED = Cover(title="Reconstructed 2013", status="Illustrative reconstruction: breakdowns invented",
                      published="2014-01-28", period="November 2013", source="A charity",
                      contact="Survey team, surveys@example.org",
                      provenance_note="Reconstructed data: breakdowns were invented by the generator.")
ABBREVIATIONS = {"LSCB": "Local Safeguarding Children Board", "PCT": "Primary Care Trust"}
NAME = re.compile(r"^[A-Za-z_\\][A-Za-z0-9_.]*$")
CELL_REF = re.compile(r"^([A-Za-z]{1,3}[0-9]+|[Rr][0-9]*[Cc][0-9]*|[RrCc])$")
MARKER = re.compile(r"\[note (\d+)\]")


def load(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def demo(**kwargs) -> bytes:
    return workbook_bytes([TABLE, INVENTED], cover=kwargs.pop("cover", COVER), notes=NOTES, **kwargs)


def table_of(ws):
    assert len(ws.tables) == 1, f"{ws.title}: {len(ws.tables)} tables"
    return next(iter(ws.tables.values()))


def bounds(ref: str):
    from openpyxl.utils.cell import range_boundaries

    return range_boundaries(ref)  # min_col, min_row, max_col, max_row


def text_of(ws) -> str:
    return " ".join(str(v) for row in ws.iter_rows(values_only=True) for v in row if v is not None)


def notes_rows(wb) -> dict[str, str]:
    ws = wb["Notes"]
    t = table_of(ws)
    c0, r0, c1, r1 = bounds(t.ref)
    header = [ws.cell(r0, c).value for c in range(c0, c1 + 1)]
    rows = [[ws.cell(r, c).value for c in range(c0, c1 + 1)] for r in range(r0 + 1, r1 + 1)]
    return {r[header.index("Note number")]: r[header.index("Note text")] for r in rows}


def test_sheet_order_is_cover_contents_notes_then_tables():
    wb = load(demo())
    assert wb.sheetnames[:3] == ["Cover", "Contents", "Notes"]
    assert len(wb.sheetnames) == 5


def test_every_sheet_but_the_cover_holds_exactly_one_named_excel_table_with_nothing_below_or_beside():
    wb = load(demo(abbreviations=ABBREVIATIONS))
    names = []
    assert not wb["Cover"].tables
    for ws in wb.worksheets[1:]:
        t = table_of(ws)
        names.append(t.displayName.lower())
        assert NAME.match(t.displayName) and not CELL_REF.match(t.displayName) and len(t.displayName) <= 255
        assert t.tableStyleInfo is not None and t.tableStyleInfo.name
        c0, r0, c1, r1 = bounds(t.ref)
        header = [ws.cell(r0, c).value for c in range(c0, c1 + 1)]
        assert [col.name for col in t.tableColumns] == header, ws.title
        assert all(isinstance(h, str) and h for h in header) and len(set(header)) == len(header)
        assert ws.max_row == r1 and ws.max_column == c1 and c0 == 1, ws.title  # nothing below or to the right
        above = [v for row in ws.iter_rows(min_row=1, max_row=r0 - 1, values_only=True) for v in row[1:] if v]
        assert above == [], ws.title  # text above the table sits in column A only
    assert len(set(names)) == len(names)
    data_sheets = [ws for ws in wb.worksheets[3:]]
    t = table_of(data_sheets[0])
    c0, r0, c1, r1 = bounds(t.ref)
    assert [c.value for c in data_sheets[0][r0]][:4] == ["Group", "Count", "Base (n)", "%"]
    assert r1 - r0 == len(TABLE.rows)
    assert "A note that used to sit under the table." not in text_of(data_sheets[0])


def test_the_cover_gives_title_status_dates_period_source_contact_and_what_the_workbook_holds():
    wb = load(workbook_bytes([TABLE, REAL], cover=COVER, notes=NOTES))
    ws = wb["Cover"]
    assert ws["A1"].value == "Demo survey 2024"
    text = text_of(ws)
    for expected in ("Official statistics in development", "1 May 2024", "Spring 2024", "A survey, a charity",
                     "Survey team, surveys@example.org", "Test respondents"):
        assert expected in text
    for heading in ("Status", "Survey results first published", "Period", "Source", "Contact", "About this workbook"):
        assert heading in [c.value for c in ws["A"]], heading
    assert "2 tables" in text and "Contents" in text and "Notes" in text
    assert "invented" not in text.lower()  # a real wave: no invented numbers to explain


def test_the_cover_of_a_reconstruction_says_so_and_explains_the_invented_style():
    wb = load(demo(cover=RECONSTRUCTED))
    text = text_of(wb["Cover"])
    assert "Illustrative reconstruction: breakdowns invented" in text
    assert "Reconstructed data: breakdowns were invented by the generator." in text
    assert "italic" in text and "grey" in text and "Number is" in text


def test_contents_is_a_table_linking_every_sheet_with_its_title_and_note_markers():
    wb = load(demo())
    ws = wb["Contents"]
    t = table_of(ws)
    c0, r0, c1, r1 = bounds(t.ref)
    assert [c.value for c in ws[r0]] == ["Sheet name", "Table title", "Notes"]
    rows = [[c for c in row] for row in ws.iter_rows(min_row=r0 + 1, max_row=r1)]
    sheets = [r[0].value for r in rows]
    assert sheets == wb.sheetnames[2:]
    for r in rows:
        assert r[0].hyperlink is not None and r[0].hyperlink.location == f"'{r[0].value}'!A1"
    titles = {r[0].value: r[1].value for r in rows}
    assert titles[wb.sheetnames[3]] == "Not confident, by sector"
    assert titles[wb.sheetnames[4]] == "Has dealt with a case, by sector"
    own = [r[2].value for r in rows if r[0].value == wb.sheetnames[3]][0]
    assert MARKER.search(own)


def test_notes_are_a_table_and_every_marker_refers_to_one_of_its_rows():
    wb = load(demo())
    notes = notes_rows(wb)
    assert list(notes) == [f"[note {i}]" for i in range(1, len(notes) + 1)]
    assert "A note that used to sit under the table." in notes.values()
    assert "Counts below 10 are withheld." in notes.values()
    own = next(k for k, v in notes.items() if v == "A note that used to sit under the table.")
    seen = set()
    for ws in wb.worksheets[3:]:
        t = table_of(ws)
        c0, r0, c1, r1 = bounds(t.ref)
        marked = " ".join(str(v) for row in ws.iter_rows(max_row=r0, values_only=True) for v in row if v)
        seen |= {f"[note {n}]" for n in MARKER.findall(marked)}
        body = [v for row in ws.iter_rows(min_row=r0 + 1, values_only=True) for v in row]
        assert not any(isinstance(v, str) and MARKER.search(v) for v in body), ws.title  # not in data cells
    assert seen and seen <= set(notes)
    first = wb.worksheets[3]
    assert own in first["A1"].value  # the table's own note is marked in its title
    assert "[c]" in text_of(first)
    symbol = next(k for k, v in notes.items() if v.startswith("[c]"))
    assert symbol in first["A1"].value  # a table holding [c] points to the note explaining it


def test_abbreviations_are_spelled_out_once_in_the_notes_and_marked_where_used():
    wb = load(demo(abbreviations=ABBREVIATIONS))
    notes = notes_rows(wb)
    everything = " ".join(text_of(ws) for ws in wb.worksheets)
    assert everything.count("Local Safeguarding Children Board") == 1
    assert everything.count("Primary Care Trust") == 1
    key = next(k for k, v in notes.items() if "Local Safeguarding Children Board" in v)
    assert key in wb.worksheets[4]["A1"].value       # the table naming LSCB points to it
    assert key not in wb.worksheets[3]["A1"].value   # the one that does not, does not


def test_named_sans_serif_styles_no_merged_cells_numbers_as_numbers():
    wb = load(demo(cover=RECONSTRUCTED))
    styles = set(wb.named_styles)
    assert {"Headline 1", "Headline 2", "Invented number"} <= styles
    for ws in wb.worksheets:
        assert not ws.merged_cells.ranges, ws.title
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    assert c.font.name == "Arial", (ws.title, c.coordinate, c.font.name)
    ws = wb.worksheets[3]
    assert ws["A1"].style == "Headline 1"
    t = table_of(ws)
    c0, r0, c1, r1 = bounds(t.ref)
    first = [c.value for c in ws[r0 + 1]]
    assert first[1:6] == [60, 150, 0.4, 0.32, 0.48]
    assert ws.cell(r0 + 1, 4).number_format == "0.0%" and ws.cell(r0 + 1, 2).number_format == "#,##0"
    assert [c.value for c in ws[r0 + 2]][1] == "[c]"


def test_print_setup_a4_fit_to_width_repeated_header_row():
    wb = load(demo())
    for ws in wb.worksheets:
        assert int(ws.page_setup.paperSize) == 9, ws.title  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        # Tables run down as many pages as they need; the cover fits one.
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == (1 if ws.title == "Cover" else 0), ws.title
    for ws in wb.worksheets[1:]:
        t = table_of(ws)
        header = bounds(t.ref)[1]
        assert ws.print_title_rows.replace("$", "") == f"{header}:{header}", ws.title
        assert ws.freeze_panes == f"A{header + 1}"
    assert wb.worksheets[4].page_setup.orientation == "landscape"  # eight columns
    assert wb["Cover"].page_setup.orientation == "portrait"


def test_invented_numbers_have_a_distinct_named_style_in_place_and_published_ones_do_not():
    wb = load(demo(cover=RECONSTRUCTED))
    ws = wb.worksheets[4]
    t = table_of(ws)
    c0, r0, c1, r1 = bounds(t.ref)
    styles = [[c.style for c in ws[r]] for r in range(r0 + 1, r1 + 1)]
    assert all(s == "Invented number" for s in styles[1][1:6]) and all(s == "Invented number" for s in styles[2][1:6])
    assert "Invented number" not in styles[0]
    assert ws.cell(r0 + 2, 2).font.i and ws.cell(r0 + 2, 2).fill.fgColor.rgb.endswith("D9D9D9")
    assert ws.cell(r0 + 2, 4).number_format == "0.0%"  # the style keeps the column's number format
    notes = notes_rows(wb)
    explain = next(k for k, v in notes.items() if "italic" in v and "invented" in v)
    assert explain in " ".join(str(c.value) for c in ws[r0])  # the "Number is" header points to it


def test_a_real_wave_has_no_invented_style():
    wb = load(workbook_bytes([TABLE, REAL], cover=COVER, notes=NOTES))
    styles = {c.style for ws in wb.worksheets for row in ws.iter_rows() for c in row}
    assert "Invented number" not in styles
    assert "invented" not in " ".join(text_of(ws) for ws in wb.worksheets).lower()


def test_dates_come_from_the_wave_and_two_writes_give_the_same_bytes():
    first = demo()
    assert first == demo()
    core = zipfile.ZipFile(io.BytesIO(first)).read("docProps/core.xml")
    assert b"2024-05-01T00:00:00Z" in core and b"1980" not in core
    stamps = {i.date_time for i in zipfile.ZipFile(io.BytesIO(first)).infolist()}
    assert stamps == {(2024, 5, 1, 0, 0, 0)}
    undated = workbook_bytes([TABLE], cover=Cover(title="Demo"), notes=NOTES)
    assert b"1980-01-01T00:00:00Z" in zipfile.ZipFile(io.BytesIO(undated)).read("docProps/core.xml")


@pytest.mark.parametrize("title", ["A1", "R1C1", "Tables: 2013 / [all]", "123 numbers first", "é"])
def test_table_names_are_valid_whatever_the_title(title):
    from analysis.report.workbook import table_name

    taken: set[str] = set()
    name = table_name(title, taken)
    assert NAME.match(name) and not CELL_REF.match(name) and name.lower() in taken
    assert table_name(title, taken).lower() != name.lower()


CODEBOOK = '''
[wave]
name = "demo"
title = "Demo"
provenance = "reconstructed"
provenance_note = "Reconstructed: breakdowns invented."
{extra}
[files]
data = "x.csv"
[id]
column = "id"
[items.q]
column = "Q1"
type = "yesno"
codes = {{ 1 = "Yes", 2 = "No" }}
'''


def test_the_cover_reads_status_date_and_contact_from_the_codebook():
    from analysis.codebook import parse_codebook

    info = parse_codebook(CODEBOOK.format(extra='status = "In development"\npublished = 2014-01-28\n'
                                                 'contact = "team@example.org"')).wave
    cover = Cover.from_wave(info)
    assert (cover.status, cover.published, cover.contact) == ("In development", "2014-01-28", "team@example.org")
    assert cover.provenance_note == "Reconstructed: breakdowns invented."
    quoted = parse_codebook(CODEBOOK.format(extra='published = "2014-01-28"')).wave
    assert Cover.from_wave(quoted).status.startswith("Illustrative reconstruction")  # no status: says what it is


@pytest.mark.parametrize("value", ['"28/01/2014"', '"2014-02-30"', "2014"])
def test_a_publication_date_that_is_not_a_date_is_one_clear_line(value):
    from analysis.codebook import parse_codebook
    from analysis.errors import InputError

    with pytest.raises(InputError) as info:
        parse_codebook(CODEBOOK.format(extra=f"published = {value}"))
    assert "expected a date, YYYY-MM-DD (at 'wave.published')" in str(info.value)


def test_a_table_points_to_the_definition_of_its_measure_and_of_its_base():
    notes = NOTES + [("Definitions", ["Not confident (x): answered 1 or 2 to \"How confident?\".",
                                      "Not confident, in full (y): answered 1.",
                                      "Has dealt with a case (z): answered Yes."]),
                     ("Bases", ["All respondents: every respondent, leaving out not asked.",
                                "Those who answered: every respondent, leaving out no answer."])]
    wb = load(workbook_bytes([TABLE, INVENTED], cover=COVER, notes=notes))
    rows = notes_rows(wb)
    key = {v.split(" (")[0].split(":")[0]: k for k, v in rows.items()}
    first, second = wb.worksheets[3], wb.worksheets[4]
    assert key["Not confident"] in first["A1"].value and key["Not confident, in full"] not in first["A1"].value
    assert key["Has dealt with a case"] in second["A1"].value and key["Not confident"] not in second["A1"].value
    assert first["A2"].value == f"Base: all respondents (n=150). {key['All respondents']}"


def test_an_empty_table_and_repeated_headings_still_make_valid_excel_tables():
    empty = ReportTable("e", "Not confident, by sector", "Base: nobody.", (Column("group", "Group"),
                                                                          Column("n", "Group", "int")), ())
    wb = load(workbook_bytes([empty, TABLE], cover=COVER, notes=NOTES))
    ws = wb.worksheets[3]
    t = table_of(ws)
    c0, r0, c1, r1 = bounds(t.ref)
    assert [ws.cell(r0, c).value for c in (1, 2)] == ["Group", "Group (2)"] and r1 == r0 + 1
    assert ws.max_row <= r1 and all(ws.cell(r1, c).value is None for c in (1, 2))  # one empty data row
    names = [table_of(s).displayName for s in wb.worksheets[1:]]
    assert names == ["Contents", "Notes", "Not_confident_by_sector", "Not_confident_by_sector_2"]
