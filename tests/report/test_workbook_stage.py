"""The workbook the report stage writes, read back as a reviewer would: the 2013 reconstruction and a tiny wave."""

from __future__ import annotations

import io
import re
import tomllib
import zipfile

import openpyxl
import pytest

from analysis.config import Paths
from tests.projects import REPO, copy_project, empty_project
from tests.report.tiny import write_tiny

MARKER = re.compile(r"\s*\[note \d+\]")


@pytest.fixture(scope="module")
def wave_2013(tmp_path_factory, built_2013):
    from analysis.report.stage import run

    paths = copy_project(built_2013, tmp_path_factory.mktemp("project"))
    run("2013", paths)
    return paths.report_dir("2013") / "2013.xlsx"


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """The tiny wave with a cover's settings and an abbreviation its tables use ("NHS")."""
    from analysis.codebook import Codebook

    root = tmp_path_factory.mktemp("tiny")
    empty_project(root)
    folder = write_tiny(root)
    codebook = folder / "codebook.toml"
    text = codebook.read_text(encoding="utf-8")
    text = text.replace('provenance = "illustrative"\n', 'provenance = "illustrative"\nstatus = "Test release"\n'
                        'published = 2024-06-03\ncontact = "Test team, tests@example.org"\n', 1)
    text = text.replace('1 = "Health"', '1 = "Health (NHS)"', 1)
    text += '\n[abbreviations]\nNHS = "National Health Service"\n'
    codebook.write_text(text, encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SURVEYKIT_ROOT", str(root))
        # The codebook's [abbreviations] table, as Codebook.abbreviations exposes it (a stand-in where the
        # loader does not read it yet; a loader that does gives each codebook its own).
        mp.setattr(Codebook, "abbreviations", {"NHS": "National Health Service"}, raising=False)
        from analysis.cli import main

        main(["all", "--wave", "tiny"])
    return Paths(root).report_dir("tiny") / "tiny.xlsx"


def load(path):
    return openpyxl.load_workbook(path)


def table_rows(ws) -> tuple[list, list[list]]:
    from openpyxl.utils.cell import range_boundaries

    (t,) = ws.tables.values()
    c0, r0, c1, r1 = range_boundaries(t.ref)
    rows = [[ws.cell(r, c) for c in range(c0, c1 + 1)] for r in range(r0, r1 + 1)]
    return [c.value for c in rows[0]], rows[1:]


def everything(wb) -> str:
    return " ".join(str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v)


def mentioned_columns(text: str) -> set[str]:
    """Column names a note speaks of: 'X' cell, the X column, (x in the tables)."""
    found = set(re.findall(r"['\"\u2018\u201c]([^'\"\u2019\u201d]+)['\"\u2019\u201d] (?:cell|column)", text))
    found |= set(re.findall(r"\b(?:the|its|a|row's) ([A-Z][A-Za-z ()%]*?) column", text))
    found |= set(re.findall(r"\((\w+) in the tables\)", text))
    return found


def check_notes_name_only_columns_that_exist(wb) -> None:
    headings = set()
    for ws in wb.worksheets[3:]:
        header, _ = table_rows(ws)
        headings |= {MARKER.sub("", h) for h in header}
    _, notes = table_rows(wb["Notes"])
    text = " ".join(str(r[2].value) for r in notes)
    mentioned = mentioned_columns(text)
    assert mentioned - headings == set()


def test_2013_every_sheet_after_the_cover_is_one_named_table(wave_2013):
    wb = load(wave_2013)
    assert wb.sheetnames[:3] == ["Cover", "Contents", "Notes"]
    names = [next(iter(ws.tables)) for ws in wb.worksheets[1:] if len(ws.tables) == 1]
    assert len(names) == len(wb.worksheets) - 1 and len(set(names)) == len(names)
    _, contents = table_rows(wb["Contents"])
    assert [r[0].value for r in contents] == wb.sheetnames[2:]


def test_2013_cover_says_reconstruction_with_invented_breakdowns_date_and_contact(wave_2013):
    wb = load(wave_2013)
    cover = " ".join(str(c.value) for c in wb["Cover"]["A"] if c.value)
    settings = tomllib.loads((REPO / "data" / "raw" / "2013" / "codebook.toml").read_text(encoding="utf-8"))["wave"]
    assert settings["status"] in cover and "reconstruction" in settings["status"]
    assert "invented" in settings["status"]
    assert "28 January 2014" in cover and settings["contact"] in cover and "November 2013" in cover
    assert "italic on a grey background" in cover
    core = zipfile.ZipFile(io.BytesIO(wave_2013.read_bytes())).read("docProps/core.xml")
    assert b"2014-01-28T00:00:00Z" in core


def test_2013_invented_breakdowns_carry_the_invented_style_and_published_headlines_do_not(wave_2013):
    wb = load(wave_2013)
    _, contents = table_rows(wb["Contents"])
    sheet = {r[1].value: r[0].value for r in contents}
    header, rows = table_rows(wb[sheet["Has dealt with a case of online abuse, by sector"]])
    k = [MARKER.sub("", h) for h in header].index("Number is")
    n = [MARKER.sub("", h) for h in header].index("Base (n)")
    g = [MARKER.sub("", h) for h in header].index("Group")
    for r in rows:
        # a published base (692 respondents; the sectors' 231, 278, 173, and the 10 outside them) is never
        # styled invented, though its row's share is (STUDY.md)
        published_base = r[g].value in ("All", "Children's services (LSCB)", "Health (PCT)", "Education (LEA)",
                                        "Other") and r[n].value in (692, 231, 278, 173, 10)
        assert (r[n].style == "Invented number") == (r[k].value == "invented" and not published_base), \
            [c.value for c in r]
        assert published_base
    assert {r[k].value for r in rows} == {"invented"}
    header, rows = table_rows(wb[sheet["Headline figures: every published measure"]])
    assert all(c.style != "Invented number" for r in rows for c in r)


def test_2013_reproduction_tables_show_claims_as_printed_with_outlet_and_no_internal_codes(wave_2013):
    wb = load(wave_2013)
    ids = [c["id"] for c in tomllib.loads((REPO / "data" / "raw" / "2013" / "published_figures.toml")
                                          .read_text(encoding="utf-8"))["claims"]]
    _, contents = table_rows(wb["Contents"])
    sheets = [r[0].value for r in contents if r[1].value.startswith("What the published figures")]
    assert len(sheets) == 2  # the claims, and the ranges the published figures allow
    text = " ".join(str(v) for name in sheets for row in wb[name].iter_rows(values_only=True) for v in row if v)
    coded = [i for i in ids if "_" in i and re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text)]
    assert coded == []
    assert "Community Care, 28 January 2014" in text and "East Anglian Daily Times" in text


def test_2013_notes_describe_only_columns_that_exist(wave_2013):
    check_notes_name_only_columns_that_exist(load(wave_2013))


def test_tiny_notes_describe_only_columns_that_exist(tiny):
    check_notes_name_only_columns_that_exist(load(tiny))


def test_tiny_cover_reads_the_wave_settings_and_nothing_is_marked_invented(tiny):
    wb = load(tiny)
    cover = " ".join(str(c.value) for c in wb["Cover"]["A"] if c.value)
    assert "Test release" in cover and "3 June 2024" in cover and "Test team, tests@example.org" in cover
    styles = {c.style for ws in wb.worksheets for row in ws.iter_rows() for c in row}
    assert "Invented number" not in styles


def test_tiny_abbreviation_is_spelled_out_once_and_marked_where_used(tiny):
    wb = load(tiny)
    assert everything(wb).count("National Health Service") == 1
    _, notes = table_rows(wb["Notes"])
    key = next(r[0].value for r in notes if r[2].value == "NHS: National Health Service")
    users = [ws for ws in wb.worksheets[3:] if "(NHS)" in " ".join(str(v) for row in ws.iter_rows(values_only=True)
                                                                  for v in row if v)]
    assert users and all(key in ws["A1"].value for ws in users)


def test_design_notes_name_no_column_the_tables_lack():
    from analysis.report.notes import design_notes

    report = {"design": {"weight": "w", "strata": "nation", "strata_count": 2, "cluster": "school",
                         "cluster_count": 56, "fpc": "", "lonely_psu": "fail", "degrees_of_freedom": 54}}
    text = " ".join(design_notes(report))
    assert "Design effect" in text and mentioned_columns(text) == set()


def test_2013_recomputed_values_are_numbers_with_a_number_format(wave_2013):
    # AF spreadsheet guidance: numbers are stored as numbers, never as text ("61.99%").
    wb = load(wave_2013)
    _, contents = table_rows(wb["Contents"])
    sheet = next(r[0].value for r in contents if r[1].value.startswith("What the published figures show"))
    header, rows = table_rows(wb[sheet])
    names = [MARKER.sub("", str(h)) for h in header]
    at = names.index("Recomputed")
    cells = [r[at] for r in rows]
    assert all(isinstance(c.value, (int, float)) for c in cells)
    by_count = {}
    for c, r in zip(cells, rows):
        by_count.setdefault((c.number_format, r[names.index("Base (n)")].value), []).append(c.value)
    # by hand: the 692 respondents (published) are a whole number; 62% not confident is 429 of 692 = 0.619942...,
    # shown to two decimals (61.99%); 96.5% who would value training is 661 of the 685 who answered = 0.964964...,
    # shown to three (96.496%)
    assert 692 in by_count[("#,##0", 692)]
    assert any(v == pytest.approx(429 / 692) for v in by_count[("0.00%", 692)])
    assert any(v == pytest.approx(661 / 685) for v in by_count[("0.000%", 685)])
