"""The report stage end to end on the tiny wave: files, numbers, disclosure, notes, determinism, browser."""

from __future__ import annotations

from html import escape

import io
import os
import re
import subprocess
import sys
import zipfile

import openpyxl
import pytest

from tests.report.test_browser import check_page, driver  # noqa: F401  (the browser fixture)
from tests.projects import copy_project

NOTE = "Illustrative data written by the report tests; not a survey."


@pytest.fixture(scope="module")
def built(tmp_path_factory, built_tiny):
    # `all --wave tiny` run once per test run (tests/conftest.py), copied: tests here may write into it.
    return copy_project(built_tiny, tmp_path_factory.mktemp("tiny"))


def workbook(paths):
    return openpyxl.load_workbook(paths.report_dir("tiny") / "tiny.xlsx")


def html(paths):
    return (paths.report_dir("tiny") / "tiny.html").read_text(encoding="utf-8")


def test_the_headline_finding_reads_as_worked_out_by_hand(built):
    # conf = 1, 4, 3, 2 for i % 4 = 0, 1, 2, 3, except "don't know" at i = 7, 57, 107, 157:
    # codes 1-2 for 80 of 160, less i = 7 and 107 -> 78 of 160 = 48.75%.
    # Wilson 95%: centre (78 + 1.9208) / 163.8415 = 0.4878; half-width
    # 1.96 * sqrt(0.4875 * 0.5125 / 160 + 3.8415 / 102400) / 1.02401 = 0.0765 -> 41.1% to 56.4%.
    assert ("49% of respondents (95% CI: 41% to 56%) were not confident assessing online risk; "
            "base: all respondents, n=160.") in html(built)


def test_reconstruction_note_is_on_the_first_sheet_the_notes_and_the_top_of_the_page(built):
    wb = workbook(built)
    assert wb.sheetnames[:3] == ["Cover", "Contents", "Notes"]
    assert NOTE in [c.value for c in wb["Cover"]["A"]]
    assert any(NOTE in str(c.value) for c in wb["Notes"]["C"])
    page = html(built)
    assert page.index(NOTE) < page.index("<main")


def test_every_table_sheet_has_title_base_frozen_header_and_real_numbers(built):
    wb = workbook(built)
    for ws in wb.worksheets[3:]:
        assert ws["A1"].value and ws["A2"].value.startswith("Base:"), ws.title
        assert ws.freeze_panes is not None
        header_row = int(ws.freeze_panes[1:]) - 1
        labels = [c.value for c in ws[header_row]]
        if "%" in labels:
            col = labels.index("%")
            values = [r[col] for r in ws.iter_rows(min_row=header_row + 1, values_only=True) if r[col] is not None]
            assert values and all(isinstance(v, float) or v in ("[c]", "[x]") for v in values), ws.title
            cell = next(r[col] for r in ws.iter_rows(min_row=header_row + 1) if isinstance(r[col].value, float))
            assert cell.number_format == "0.0%"


def test_the_small_other_sector_is_withheld_everywhere(built):
    # Four respondents work in "Other": every count, base and percentage of theirs is withheld.
    wb = workbook(built)
    rows = [r for ws in wb.worksheets for r in ws.iter_rows(values_only=True) if "Other" in r]
    assert rows
    for r in rows:
        numbers = [v for v in r if isinstance(v, (int, float))]
        # the sector question's topline: "Other" is an answer there; the base is all 160 respondents, not theirs
        topline = r[:3] == ("All respondents", "All", "Other")
        assert numbers == ([160] if topline else []), r
    page = html(built)
    for m in re.finditer(r"<tr><th scope=\"row\">Other</th>(.*?)</tr>", page):
        assert not re.search(r">\d", m.group(1)), m.group(1)
    notes = " ".join(str(c.value) for c in wb["Notes"]["C"] if c.value)
    assert 'Disclosure control policy "sample-survey" (threshold 10)' in notes


def test_two_runs_write_the_same_bytes(built):
    before = {p: (built.report_dir("tiny") / p).read_bytes() for p in ("tiny.xlsx", "tiny.html")}
    env = {**os.environ, "SURVEYKIT_ROOT": str(built.root), "PYTHONHASHSEED": "7"}
    subprocess.run([sys.executable, "-m", "analysis", "report", "--wave", "tiny"], env=env, check=True,
                   capture_output=True)
    after = {p: (built.report_dir("tiny") / p).read_bytes() for p in before}
    assert after == before
    assert zipfile.ZipFile(io.BytesIO(after["tiny.xlsx"])).testzip() is None


def test_threshold_comes_from_report_toml(built, tmp_path):
    from analysis.protect.table_set import threshold_for

    assert threshold_for("tiny", built) == 10
    cfg = built.wave_dir("tiny") / "report.toml"
    try:
        cfg.write_text("[disclosure]\nthreshold = 3\n")
        assert threshold_for("tiny", built) == 3
        cfg.write_text("[disclosure]\nthreshold = 'ten'\n")
        env = {**os.environ, "SURVEYKIT_ROOT": str(built.root)}
        res = subprocess.run([sys.executable, "-m", "analysis", "report", "--wave", "tiny"], env=env,
                             capture_output=True, text=True)
        assert res.returncode == 2
        assert "report.toml" in res.stderr and "disclosure.threshold" in res.stderr
    finally:
        cfg.unlink()


def test_the_written_page_passes_the_browser_checks(built, driver, tmp_path):  # noqa: F811
    seen = check_page(driver, built.report_dir("tiny") / "tiny.html", tmp_path / "tiny.png")
    assert seen["charts"] and all(c["role"] == "img" and (c["name"] or "").strip() for c in seen["charts"])
    assert seen["errors"] == [] and seen["external"] == []


def test_every_figure_is_embedded_once_as_a_chart(built):
    # The figures stage draws the protected numbers, so no figure is replaced by a note.
    names = sorted(p.stem for p in built.figures_dir("tiny").glob("*.json"))
    assert names
    page = html(built)
    assert page.count("<svg") == len(names)
    assert "data:image/png" not in page
    assert "The table of the same numbers, with those groups withheld" not in page


def test_an_illustrative_wave_shows_no_marks_for_invented_numbers(built):
    body = html(built).split("</style>", 1)[1]
    # The status line may say the wave itself is illustrative; no number is marked as invented.
    body = body.replace("Illustrative: invented data, not survey results", "")
    # the one line saying why no test is shown, and the About text, speak of the wave, not of one number
    from analysis.untested import TESTS_LEFT_OUT

    body = body.replace(escape(TESTS_LEFT_OUT), "")
    body = body[body.index("</section>", body.index('id="about-survey"')):]
    assert "invented" not in body and "\u2020" not in body


def _withheld_rows(ws):
    """(row values, header) of every table row of a sheet that holds a withheld figure ([c])."""
    header_row = int(ws.freeze_panes[1:]) - 1 if ws.freeze_panes else None
    if header_row is None:
        return [], []
    header = [c.value for c in ws[header_row]]
    rows = [r for r in ws.iter_rows(min_row=header_row + 1, values_only=True) if "[c]" in r]
    return rows, header


def test_each_withheld_workbook_row_says_why_in_words(built):
    # tests/report/tiny.py: the four "Other" respondents are a group under 10; Education's cells are
    # withheld so that Other's cannot be worked out by subtraction (the protect stage's log).
    seen = {}
    for ws in workbook(built).worksheets[3:]:
        rows, header = _withheld_rows(ws)
        for r in rows:
            note = r[header.index("Note")]
            assert note and note.startswith("Withheld"), (ws.title, r)
            group = r[header.index("Group")]
            seen.setdefault(group, set()).add(note)
    assert seen["Other"] == {"Withheld: fewer than 10 people in the group"}
    assert "Withheld so that a smaller cell cannot be worked out" in seen["Education"]


def test_each_withheld_html_cell_shows_its_marker_and_the_reason(built):
    page = html(built)
    withheld = [m for m in re.finditer(r"<tr>(.*?)</tr>", page) if "[c]" in m.group(1)]
    assert withheld
    for m in withheld:
        row = m.group(1)
        assert re.search(r"Withheld(: fewer than 10 people in the group| so that a smaller cell cannot be worked "
                         r"out)<", row), row
        # Each [c] cell carries its reason for a screen reader reading cell by cell, not by colour.
        for cell in re.findall(r"<td class=\"num\" data-label=\"[^\"]+\">(\[c\].*?)</td>", row):
            assert re.fullmatch(r"\[c\]<span class=\"visually-hidden\"> \(withheld[^<]+\)</span>", cell), cell


def test_the_notes_sheet_names_the_policy_its_threshold_and_its_reference(built):
    import json

    record = json.loads((built.processed / "tiny" / "protected" / "protected.json").read_text())
    notes = " ".join(str(c.value) for c in workbook(built)["Notes"]["C"] if c.value)
    assert f'policy "{record["policy"]}" (threshold {record["threshold"]})' in notes
    assert any(ref in notes for ref in record["references"])
