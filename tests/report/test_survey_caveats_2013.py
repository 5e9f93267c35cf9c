"""The 2013 outputs read as charity staff would: what the survey can and cannot tell.

Built once in a scratch project (``all --wave 2013``). The expected facts come from STUDY.md, not
from the code: the sample was an open online survey sent through LSCBs, PCTs and LEAs (self-selected);
published were the 692 respondents, the sector counts 231, 278 and 173, and the headline shares
(96.5% of the 685 who answered, 95% of 684, 94% of the 561 with no training); every breakdown
by sector or profession is invented by the reconstruction.
"""

from __future__ import annotations

import html as htmllib
import re

import openpyxl
import pandas as pd
import pytest

from tests.projects import copy_project

PUBLISHED_BASES = ("692", "231", "278", "173")


@pytest.fixture(scope="module")
def project(tmp_path_factory, built_2013):
    # `all --wave 2013` run on the bundled wave (tests/conftest.py)
    return copy_project(built_2013, tmp_path_factory.mktemp("caveats2013"))


@pytest.fixture(scope="module")
def page(project) -> str:
    return (project.report_dir("2013") / "2013.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def text(page) -> str:
    """The page as a reader sees it: no charts' markup, no downloads, no tags."""
    body = re.sub(r"<svg.*?</svg>", " ", page, flags=re.S)
    body = re.sub(r'href="data:[^"]*"', "", body)
    body = re.sub(r"<style>.*?</style>", " ", body, flags=re.S)
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", body)).split())


@pytest.fixture(scope="module")
def book(project):
    return openpyxl.load_workbook(project.report_dir("2013") / "2013.xlsx")


def _cells(book):
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                yield ws, cell


def _blocks(page: str, tag: str) -> list[str]:
    return re.findall(rf"<{tag}\b.*?</{tag}>", page, flags=re.S)


# 1. No test, letter or "significant" on an invented number ------------------------------------------------

def test_the_page_never_calls_an_invented_difference_significant(text):
    assert "significant" not in text.lower()
    assert "Significantly higher than" not in text and "Column key" not in text
    # one line says why, in the notes
    assert "No test of a difference between groups and no significance letters are shown" in text


def test_the_workbook_has_no_letters_and_says_why(book):
    values = [str(c.value) for _, c in _cells(book) if c.value is not None]
    assert not any("Significantly higher than" in v or "Column key" in v for v in values)
    assert any(v.startswith("No test of a difference between groups") for v in values)


def test_no_test_or_letter_reaches_the_csv_files(project):
    tables = project.tables_dir("2013")
    assert pd.read_csv(tables / "tests.csv").empty
    assert pd.read_csv(tables / "pairwise.csv").empty
    est = pd.read_csv(tables / "estimates.csv", keep_default_na=False)
    assert (est["letters"] == "").all() and (est["letter"] == "").all()
    for csv in project.figures_dir("2013").glob("*.csv"):
        frame = pd.read_csv(csv, keep_default_na=False)
        for col in ("letters", "significant"):
            if col in frame.columns:
                assert (frame[col].astype(str).isin(["", "False"])).all(), csv.name


# 2. A published base is never marked invented --------------------------------------------------------------

def test_published_bases_carry_no_invented_mark_on_the_page(page, text):
    # every table on the base of all respondents: its All row's 692 and the sectors' 231, 278, 173 (and the
    # 10 outside them, 692 less the three) are published or follow from published counts
    checked = 0
    for block in _blocks(page, "section"):
        if 'class="table-block"' not in block[:60] or '<p class="meta">Base: all respondents (n=692).</p>' not in block:
            continue
        for row in _blocks(block, "tr"):
            cell = re.search(r'data-label="Base \(n\)">(.*?)</td>', row)
            if not cell:
                continue
            value = re.sub(r"<[^>]+>", "", cell.group(1))
            if re.match(r"\d+", value) and re.match(r"\d+", value).group(0) in (*PUBLISHED_BASES, "10"):
                assert "invented" not in value, row[:200]
                checked += 1
    assert checked >= 40
    assert "† (invented)" in text  # invented shares are still marked


def test_published_bases_are_not_styled_invented_in_the_workbook(book):
    checked = 0
    for ws in book.worksheets:
        def base_head(c):
            return isinstance(c.value, str) and c.value.startswith("Base (n)")

        header = next((r for r in ws.iter_rows() if any(base_head(c) for c in r)), None)
        if header is None:
            continue
        col = next(c.column for c in header if base_head(c))
        groups = next((c.column for c in header if c.value == "Group"), None)
        if "Base: all respondents (n=692)" not in str(ws["A2"].value):
            continue
        for row in ws.iter_rows(min_row=header[0].row + 1):
            cell = row[col - 1]
            group = row[groups - 1].value if groups else None
            if cell.value in (692, 231, 278, 173) and group in ("All", "Children's services (LSCB)", "Health (PCT)",
                                                                "Education (LEA)"):
                assert cell.style != "Invented number", (ws.title, cell.coordinate)
                checked += 1
    assert checked >= 20


# 3. How the survey was done, before the first finding ------------------------------------------------------

def test_about_this_survey_opens_the_page_before_any_finding(page, text):
    about, findings = page.index('id="about-survey"'), page.index('id="findings"')
    assert about < findings
    section = text[text.index("About this survey"):text.index("Key findings 62%")]
    assert "self-selected" in section and "non-probability" in section
    assert "Local Safeguarding Children Boards" in section and "Primary Care Trusts" in section
    assert "Local Education Authorities" in section
    assert "692 people answered" in section
    assert "no response rate can be calculated" in section
    assert "How to cite these figures" in section and "Marie Collins Foundation (2014)" in section
    assert "Strengths and limitations" in section
    assert 'href="https://www.mariecollinsfoundation.org.uk"' in page


def test_every_interval_says_it_covers_sampling_error_only(text):
    findings = text[text.index("Key findings 62%"):text.index("Figures", text.index("Key findings 62%"))]
    assert findings.count("95% CI") == findings.count("95% CI (sampling error only)") >= 6
    assert "AAPOR" in text
    assert "the population figure lies" not in text  # no population figure for a self-selected sample


def test_the_workbook_cover_and_notes_say_how_the_survey_was_done(book):
    cover = [c.value for c in book["Cover"]["A"] if c.value]
    assert cover.index("About this survey") < cover.index("About this workbook")
    assert "How to cite these figures" in cover
    notes = [(r[1].value, r[2].value) for r in book["Notes"].iter_rows() if r[1].value]
    assert any(topic == "About this survey: how respondents were recruited" and "Primary Care Trusts" in text_
               for topic, text_ in notes)
    assert any(topic == "About this survey: how to cite these figures" for topic, _ in notes)


# 4. The answer beside the question ------------------------------------------------------------------------

def test_each_breakdown_chart_links_to_the_ranges_for_its_measure(page):
    figures = [f for f in _blocks(page, "figure") if 'id="f-fig' in f]
    breakdown = [f for f in figures if re.search(r'id="f-fig[2-5]_', f)]
    assert len(breakdown) == 4
    for f in breakdown:
        targets = re.findall(r'href="#(range-[a-z-]+)"', f)
        assert targets, f[:80]
        for t in targets:
            assert f'id="{t}"' in page


def test_each_breakdown_table_links_to_the_ranges_for_its_measure(page):
    tables = [b for b in _blocks(page, "section") if 'class="table-block"' in b[:60]]
    by_group = [b for b in tables if re.search(r"<h3[^>]*>[^<]*, by (sector|profession)</h3>", b)]
    assert len(by_group) >= 12
    for b in by_group:
        if "Has dealt with a case" in b:
            continue
        assert re.search(r'href="#range-[a-z-]+"', b), b[:120]


def test_each_breakdown_worksheet_points_to_the_ranges_worksheet(book):
    ranges = [ws.title for ws in book.worksheets if "Exact ranges" in " ".join(
        str(c.value) for row in ws.iter_rows(max_row=3) for c in row if c.value)]
    assert len(ranges) == 1
    pointing = [ws.title for ws in book.worksheets
                if any(f"worksheet {ranges[0]}." in str(c.value) for row in ws.iter_rows(max_row=6) for c in row)]
    by_group = [ws.title for ws in book.worksheets if re.search(r", by (sector|profession)", str(ws["A1"].value))]
    assert len(by_group) >= 12
    assert len(set(by_group) & set(pointing)) >= len(by_group) - 2  # "has dealt with a case" has no published range


def test_the_first_breakdown_chart_states_the_range_in_its_caption(page):
    fig2 = next(f for f in _blocks(page, "figure") if 'id="f-fig2_' in f)
    caption = htmllib.unescape(re.search(r"<figcaption>(.*?)</figcaption>", fig2, flags=re.S).group(1))
    assert "The published figures cannot say; any value up to 100% is possible" in caption


def test_health_against_social_workers_is_answered_one_click_from_the_sector_chart(page):
    fig2 = next(f for f in _blocks(page, "figure") if 'id="f-fig2_' in f)
    target = re.search(r'href="#(range-risk-notconf)"', fig2).group(1)
    answer = htmllib.unescape(re.search(rf'<p id="{target}">(.*?)</p>', page, flags=re.S).group(1))
    assert "The published figures cannot say; any value up to 100% is possible" in answer
    assert "Health (PCT): 4% to 100%" in answer  # 231 + 278 + 173 + 10 = 692: 429 not confident fit anywhere
    assert "By profession: no count of any profession was published" in answer


# 5. Figure 1 shows the survey's own numbers ----------------------------------------------------------------

def test_figure_1_says_its_numbers_are_the_surveys_own(page):
    fig1 = next(f for f in _blocks(page, "figure") if 'id="f-fig1_' in f)
    caption = htmllib.unescape(re.search(r"<figcaption>(.*?)</figcaption>", fig1, flags=re.S).group(1))
    assert "the survey's own" in caption
    assert "generated to reproduce" not in caption
    fig2 = next(f for f in _blocks(page, "figure") if 'id="f-fig2_' in f)
    assert "generated to reproduce" in htmllib.unescape(fig2)


def test_figure_1_alt_text_does_not_call_its_published_numbers_reconstructed(project):
    import json

    figures = project.root / "figures" / "2013"
    fig1 = json.loads((figures / "fig1_headline.json").read_text(encoding="utf-8"))["alt_text"]
    assert "reconstructed" not in fig1 and "published" in fig1 and len(fig1) <= 160
    fig2 = json.loads((figures / "fig2_confidence_by_sector.json").read_text(encoding="utf-8"))["alt_text"]
    assert "reconstructed" in fig2


# 7. Small bases -------------------------------------------------------------------------------------------

def test_a_percentage_too_small_to_show_takes_its_count_with_it(project, page):
    dist = pd.read_csv(project.processed / "2013" / "protected" / "distributions.csv")
    small = dist[dist["flag"] == "suppressed"]
    assert len(small) and small["count"].isna().all() and small["n"].notna().all()
    rows = [r for r in _blocks(page, "tr") if "Base too small for a percentage" in r]
    assert rows
    for r in rows:
        count = re.search(r'data-label="Count">([^<]*)<', r).group(1)
        base = re.search(r'data-label="Base \(n\)">([^<]*)<', r).group(1)
        assert count == "[x]" and base.strip().isdigit(), r[:200]


# 8. Mislabels ----------------------------------------------------------------------------------------------

def test_the_notes_the_page_mentions_are_linked(page):
    # every mention of the workbook's notes sheet is a link to the workbook beside the page
    for m in re.finditer(r"notes sheet", page, flags=re.I):
        start = page.rfind("<a ", 0, m.start())
        assert start != -1 and page.rfind("</a>", 0, m.start()) < start, page[m.start() - 200:m.end()]
        assert page[start:m.start()].startswith('<a href="2013.xlsx"')
    headline = next(b for b in _blocks(page, "section") if 'id="t-headline"' in b)
    assert 'href="2013.xlsx"' in headline and 'href="#methods"' in headline


def test_figure_5_does_not_call_the_untrained_all_respondents(page):
    # the chart's overall rows are those with no training (485 and 561 people), not all 692 respondents
    fig5 = next(f for f in _blocks(page, "figure") if 'id="f-fig5_' in f)
    chart = htmllib.unescape(re.search(r"<svg.*?</svg>", fig5, flags=re.S).group(0))
    assert "All respondents" not in chart
    assert "All those with no" in chart  # the label wraps: "All those with no / training (n=485–561)"
