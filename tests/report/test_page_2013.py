"""The 2013 report page as `make reproduce` writes it (built here in a scratch project), read as its readers would.

A communications officer on a phone (390 px) and at a desk (1366 px), a page printed on A4,
an accessibility check (axe-core 4.x, zero violations), and the files a reader downloads from
the page (byte for byte the files on disk). The expected facts come from the study (issue
texts and STUDY.md): subgroup breakdowns of the reconstruction are invented, the whole-sample
headline percentages were published.
"""

from __future__ import annotations

import base64
import re
import shutil
from pathlib import Path

import pytest

from analysis.config import Paths
from tests.projects import copy_project
from tests.report.test_browser import axe_source, axe_violations, check_page, driver  # noqa: F401  (fixtures)

#: The page's size limit: it travels as an e-mail attachment.
MAX_BYTES = 1_500_000
#: The CSV for reports of figure 1, as the figures stage writes it beside the analysts' file (hand-written here).
PERCENTAGES = ("Measure,Percentage,Lower 95% limit,Upper 95% limit,Base (n),Number is\r\n"
               "Not confident assessing online risk,62.0,58.3,65.5,692,published\r\n").encode("utf-8")
#: A4 in CSS px (96 per inch) less the page's print margins (12 mm each side): the printable width.
A4_CONTENT_PX = round((210 - 2 * 12) / 25.4 * 96)


@pytest.fixture(scope="module")
def project(tmp_path_factory, built_2013) -> Paths:
    root = tmp_path_factory.mktemp("p2013")
    paths = copy_project(built_2013, root)  # `all --wave 2013` run on the bundled wave (tests/conftest.py)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SURVEYKIT_ROOT", str(root))
        from analysis.cli import main

        (paths.figures_dir("2013") / "fig1_headline_percentages.csv").write_bytes(PERCENTAGES)
        assert main(["report", "--wave", "2013"]) == 0
    return paths


@pytest.fixture(scope="module")
def page(project) -> Path:
    copy = project.root / "opened" / "2013.html"  # opened from a folder of its own, as from an e-mail attachment
    copy.parent.mkdir(exist_ok=True)
    shutil.copy(project.report_dir("2013") / "2013.html", copy)
    return copy


def text(page: Path) -> str:
    return page.read_text(encoding="utf-8")


def test_the_2013_page_is_small_enough_to_e_mail(page):
    assert page.stat().st_size < MAX_BYTES


def test_each_chart_is_in_the_page_once_as_svg(page, project):
    html = text(page)
    charts = sorted(p.stem for p in project.figures_dir("2013").glob("fig*.json"))
    assert len(charts) == 6  # figures 1-5 and the ranges the published figures allow
    assert html.count("<svg") == len(charts)
    assert "data:image/png" not in html
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "ids are unique across the inlined charts"


def test_every_download_is_the_file_on_disk(page, project):
    html = text(page)
    links = dict((name, uri) for uri, name in re.findall(r'href="(data:[^"]+)" download="([^"]+)"', html))
    assert "fig1_headline_percentages.csv" in links and "fig1_headline.csv" in links
    for name, uri in links.items():
        embedded = base64.b64decode(uri.split(",", 1)[1])
        assert embedded == (project.figures_dir("2013") / name).read_bytes(), name


def _rows(html: str, table_title: str) -> dict[str, str]:
    section = html[html.index(f">{table_title}</h3>"):]
    section = section[:section.index("</section>")]
    return {re.sub(r"<[^>]+>", "", m.group(1)): m.group(2)
            for m in re.finditer(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', section)}


def test_invented_numbers_are_marked_in_place_and_published_ones_are_not(page):
    html = text(page)
    # The whole-sample 62% was published (Community Care, 28 January 2014); the sector split is invented.
    by_sector = _rows(html, "Not confident assessing online risk, by sector")
    assert 'class="num invented"' not in by_sector["All"]
    health = next(v for k, v in by_sector.items() if k.startswith("Health"))
    assert 'class="num invented"' in health and "\u2020" in health and "(invented)" in health
    headline = _rows(html, "Headline figures: every published measure")
    assert headline and not any("invented" in row for row in headline.values())
    assert "In italics with a dagger" in html


def test_the_footer_speaks_to_readers(page):
    html = text(page)
    footer = html[html.index("<footer>"):]
    visible = re.sub(r"<details>.*?</details>", "", footer, flags=re.S)
    assert "sha256" not in visible and "codebook" not in visible
    assert "fewer than 10 people" in visible


def test_status_date_contact_and_abbreviations_come_from_the_wave_settings(project, monkeypatch):
    """Optional keys of the codebook's [wave] settings and its [abbreviations] table, read where present."""
    import dataclasses

    import analysis.codebook as codebook_module
    from analysis.report.html import render_report
    from analysis.report.stage import build

    real = codebook_module.load_codebook

    def with_settings(*args, **kwargs):
        cb = real(*args, **kwargs)
        info = type("Info", (), {k: getattr(cb.wave, k) for k in
                                 (f.name for f in dataclasses.fields(cb.wave))})()
        info.is_reconstructed = cb.wave.is_reconstructed
        info.contact, info.published, info.status = ("Research team, research@example.org", "2014-01-28",
                                                     "Reconstructed data for illustration")
        object.__setattr__(cb, "wave", info)
        assert cb.abbreviations["LSCB"] == "Local Safeguarding Children Board"  # the codebook's own table
        object.__setattr__(cb, "abbreviations", {**cb.abbreviations, "XYZ": "Never used on the page"})
        return cb

    monkeypatch.setattr(codebook_module, "load_codebook", with_settings)
    monkeypatch.setenv("SURVEYKIT_ROOT", str(project.root))
    r = build("2013", project)
    html = render_report(title=r["title"], about=r["about"], provenance_note=r["note"], findings=r["findings"],
                         figures=r["figures"], tables=r["tables"], reproduction=r["repro"], notes=r["notes"],
                         footer=r["footer"], facts=r["facts"], abbreviations=r["abbreviations"],
                         technical=r["technical"])
    top = html[:html.index("<main")]
    assert "<dt>Published</dt><dd>28 January 2014</dd>" in top
    assert '<a href="mailto:research@example.org">research@example.org</a>' in top
    assert "Reconstructed data for illustration" in top
    assert "<dt>LSCB</dt><dd>Local Safeguarding Children Board</dd>" in top
    assert "Primary Care Trust" in top and "XYZ" not in html  # only those the page uses
    # Once on the page: the figures' notes that spell it out give way to the glossary.
    assert html.count("Local Safeguarding Children Board") == 1


# --------------------------------------------------------------------------- in the browser


def test_the_page_opens_cleanly_with_every_chart_named(driver, page, tmp_path):  # noqa: F811
    seen = check_page(driver, page, tmp_path / "2013.png")
    assert len(seen["charts"]) == 6
    assert all(c["role"] == "img" and (c["name"] or "").strip() for c in seen["charts"])
    assert seen["errors"] == [] and seen["external"] == []
    assert seen["links"] == ["https://www.mariecollinsfoundation.org.uk"]  # the contact's address, followed by hand
    assert seen["h1"] == 1


@pytest.mark.parametrize("width", [1366, 390])
def test_axe_finds_no_violation(driver, axe_source, page, width):  # noqa: F811
    driver.set_window_size(width, 900)
    driver.get(page.resolve().as_uri())
    assert axe_violations(driver, axe_source) == []


def test_on_a_phone_no_column_is_off_screen_and_chart_text_stays_legible(driver, page):  # noqa: F811
    driver.set_window_size(390, 844)
    driver.get(page.resolve().as_uri())
    seen = driver.execute_script("""
        const w = document.documentElement.clientWidth;
        // A cell may lie beyond the screen only inside its table's own region, which scrolls sideways.
        const off = Array.from(document.querySelectorAll('main td, main th')).filter(c => {
            const box = c.getBoundingClientRect();
            const wrap = c.closest('.table-wrap');
            const scrolls = wrap && getComputedStyle(wrap).overflowX === 'auto';
            return (box.right > w + 0.5 || box.left < -0.5) && !scrolls;}).length;
        const charts = Array.from(document.querySelectorAll('.chart svg')).map(s => {
            const box = s.getBoundingClientRect();
            const scale = box.width / s.viewBox.baseVal.width;
            const sizes = Array.from(s.querySelectorAll('text')).map(t => parseFloat(getComputedStyle(t).fontSize));
            return {left: box.left, right: box.right, texts: sizes.length, smallest: Math.min(...sizes) * scale};
        });
        return {page: document.documentElement.scrollWidth, viewport: w, off: off, charts: charts};""")
    assert seen["page"] <= seen["viewport"], "nothing makes the page scroll sideways"
    assert seen["off"] == 0, "every table cell is on screen or in its table's scrolling region"
    assert len(seen["charts"]) == 6
    # Each chart fits the phone's width, and its smallest text is still at least 9 CSS px there.
    for c in seen["charts"]:
        assert c["left"] >= -0.5 and c["right"] <= seen["viewport"] + 0.5, c
        assert c["texts"] > 0 and c["smallest"] >= 9, c


def test_the_phone_page_is_at_most_twice_the_desktop_page_s_height(driver, page):  # noqa: F811
    heights = {}
    for width in (1366, 390):
        driver.set_window_size(width, 900)
        driver.get(page.resolve().as_uri())
        heights[width] = driver.execute_script("return document.documentElement.scrollHeight")
    assert heights[390] <= 2 * heights[1366], heights


def test_on_a_phone_a_table_scrolls_in_its_region_with_its_first_column_held(driver, page):  # noqa: F811
    driver.set_window_size(390, 844)
    driver.get(page.resolve().as_uri())
    seen = driver.execute_script("""
        const wraps = Array.from(document.querySelectorAll('.table-wrap')).filter(w => w.scrollWidth > w.clientWidth);
        return wraps.map(w => {
            w.scrollLeft = w.scrollWidth;  // scrolled all the way right
            const region = w.getBoundingClientRect();
            const first = w.querySelector('tbody tr th, tbody tr td').getBoundingClientRect();
            return {name: w.getAttribute('aria-label'), focusable: w.tabIndex === 0, role: w.getAttribute('role'),
                    held: first.left >= region.left - 0.5 && first.right <= region.right + 0.5};
        });""")
    assert seen, "some tables are wider than a phone"
    for region in seen:
        assert region["focusable"] and region["role"] == "region" and region["name"], region
        assert region["held"], region  # the row's heading stays on screen beside the numbers


@pytest.mark.parametrize("width", [1366, 390])
def test_a_dagger_stays_on_the_line_of_its_number(driver, page, width):  # noqa: F811
    driver.set_window_size(width, 900)
    driver.get(page.resolve().as_uri())
    apart = driver.execute_script("""
        const marks = Array.from(document.querySelectorAll('.mark'));
        const out = [];
        for (const m of marks) {
            const cell = m.closest('td, th');
            if (!cell || !m.previousSibling) continue;
            const range = document.createRange();
            range.selectNodeContents(m.previousSibling);
            const rects = range.getClientRects();
            if (!rects.length) continue;
            const last = rects[rects.length - 1], mark = m.getBoundingClientRect();
            if (Math.abs(last.top - mark.top) > 2) out.push(cell.textContent);
        }
        return [marks.length, out];""")
    count, parted = apart
    assert count > 0
    assert parted == []


def test_at_a_desk_every_table_fits_the_column(driver, page):  # noqa: F811
    driver.set_window_size(1366, 900)
    driver.get(page.resolve().as_uri())
    clipped = driver.execute_script("""
        return Array.from(document.querySelectorAll('.table-wrap')).filter(
            w => w.scrollWidth > w.clientWidth + 1).map(w => w.getAttribute('aria-label'));""")
    assert clipped == []


def test_in_print_on_a4_every_table_fits_the_page_and_descriptions_print(driver, page, tmp_path):  # noqa: F811
    driver.get(page.resolve().as_uri())
    pdf = driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})
    data = base64.b64decode(pdf["data"])
    (tmp_path / "2013.pdf").write_bytes(data)
    assert data.startswith(b"%PDF")
    assert re.search(rb"/MediaBox \[0 0 59[45]\.\d+ 84[12]\.\d+\]", data), "A4 pages"
    # The layout the PDF was printed from: print media at the printable width of an A4 page.
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": A4_CONTENT_PX, "height": 1000,
                                                                  "deviceScaleFactor": 1, "mobile": False})
    seen = driver.execute_script("""
        const w = document.documentElement.clientWidth;
        const cells = Array.from(document.querySelectorAll('td, th'));
        return {
          viewport: w,
          wide: cells.filter(c => c.getBoundingClientRect().right > w + 0.5).map(c => c.textContent.slice(0, 40)),
          scrolling: Array.from(document.querySelectorAll('main *')).filter(
              e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX)).length,
          hiddenDescriptions: Array.from(document.querySelectorAll('details table')).filter(
              t => !t.checkVisibility()).length,
          descriptions: document.querySelectorAll('details table').length,
          headings: Array.from(document.querySelectorAll('h2, h3')).filter(
              h => getComputedStyle(h).breakAfter !== 'avoid').length};""")
    assert seen["viewport"] == A4_CONTENT_PX
    assert seen["wide"] == [], "no column runs off the page"
    assert seen["scrolling"] == 0, "no scroll region in print"
    assert seen["descriptions"] == 6 and seen["hiddenDescriptions"] == 0, "chart descriptions print open"
    assert seen["headings"] == 0, "headings stay with what follows"
    # Every chart's smallest text, as printed: its SVG size scaled to the width the chart prints at, in points.
    charts = driver.execute_script("""
        return Array.from(document.querySelectorAll('.chart svg')).map(s => {
            const box = s.getBoundingClientRect(), vb = s.viewBox.baseVal;
            const scale = Math.min(box.width / vb.width, box.height / vb.height);  // the drawing keeps its shape
            const sizes = Array.from(s.querySelectorAll('text')).map(t => parseFloat(getComputedStyle(t).fontSize));
            return {name: s.getAttribute('aria-label') || s.id, smallest_pt: Math.min(...sizes) * scale * 0.75,
                    width_mm: vb.width * scale / 96 * 25.4};
        });""")
    assert len(charts) == 6
    for chart in charts:
        assert chart["smallest_pt"] >= 7, chart  # legible on paper
