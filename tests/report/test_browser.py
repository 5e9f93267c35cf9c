"""The HTML report in a real browser: headless Chromium (Debian's package) driven by selenium.

Checks that every image loads, that each has alt text, that the page logs no console
errors and that it needs no network; saves a screenshot. Skipped, with the command to
install a browser, where Chromium is absent (``.ci/run`` installs it, so CI runs this).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis.report.content import Column, ReportTable
from analysis.report.html import FigureFiles, render_report

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
INSTALL = "apt-get install chromium chromium-driver"


def tiny_png() -> bytes:
    """A 4 × 3 PNG drawn by matplotlib (the figures' own renderer)."""
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(0.4, 0.3), dpi=10)
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()


@pytest.fixture
def driver(tmp_path):
    if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
        pytest.skip(f"no Chromium at {CHROMIUM} / {CHROMEDRIVER}: install it with `{INSTALL}` (Debian) to run "
                    "the browser test")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1280,2000"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # An explicit driver path: selenium-manager must not try to download anything.
    d = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield d
    finally:
        d.quit()


def check_page(driver, page: Path, shot: Path) -> dict:
    """Open ``page`` and return what the checks look at; saves a screenshot to ``shot``."""
    driver.get(page.resolve().as_uri())
    images = driver.execute_script(
        "return Array.from(document.images).map(i => ({src: i.src.slice(0, 30), alt: i.getAttribute('alt'),"
        " ok: i.complete && i.naturalWidth > 0}));")
    errors = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
    external = driver.execute_script(
        "return Array.from(document.querySelectorAll('[src],[href]')).map(e => e.getAttribute('src') ||"
        " e.getAttribute('href')).filter(u => /^(https?:)?\\/\\//.test(u));")
    headings = driver.execute_script("return Array.from(document.querySelectorAll('h1')).length;")
    th = driver.execute_script("return document.querySelectorAll('th[scope]').length;")
    assert driver.save_screenshot(str(shot))
    return {"images": images, "errors": errors, "external": external, "h1": headings, "th": th}


def test_report_page_loads_every_image_with_alt_text_and_no_errors(driver, tmp_path):
    png = tiny_png()
    figures = [FigureFiles(name=f"fig{i}", title=f"Figure {i}", alt_text=f"Bar chart number {i}.", png=png,
                           svg=b"<svg xmlns='http://www.w3.org/2000/svg'/>", csv=b"a,b\n1,2\n",
                           lines=("Base: all respondents (n=692).",)) for i in range(3)]
    table = ReportTable("t", "A table", "Base: all (n=10).",
                        (Column("group", "Group"), Column("n", "Base (n)", "int"), Column("p", "%", "percent")),
                        (("All", 10, 0.5), ("A", 4, None)), withheld=frozenset({(1, 2)}))
    html = render_report(title="Browser check", about=["Period: 2013."], provenance_note="Reconstructed data.",
                         findings=["62% of respondents (95% CI: 58% to 66%) were not confident."],
                         figures=figures, tables=[table], notes=[("Source", ["A survey."])], footer="toolkit")
    page = tmp_path / "report.html"
    page.write_text(html, encoding="utf-8")
    seen = check_page(driver, page, tmp_path / "report.png")
    assert len(seen["images"]) == 3
    assert all(i["ok"] for i in seen["images"]), seen["images"]
    assert all((i["alt"] or "").strip() for i in seen["images"])
    assert seen["errors"] == []
    assert seen["external"] == []
    assert seen["h1"] == 1 and seen["th"] >= 4
    assert (tmp_path / "report.png").stat().st_size > 1000


def test_the_bundled_wave_report_opens_cleanly(driver, tmp_path, monkeypatch):
    """The 2013 report as `make reproduce` writes it, built here in a scratch project."""
    from analysis.cli import main
    from analysis.config import Paths

    from tests.projects import bundled_project

    root = tmp_path / "project"
    bundled_project(root)
    monkeypatch.setenv("SURVEYKIT_ROOT", str(root))
    for stage in ("ingest", "tables", "figures", "report"):
        assert main([stage, "--wave", "2013"]) == 0, stage
    page = Paths(root).report_dir("2013") / "2013.html"
    copy = tmp_path / "2013.html"  # opened from a folder of its own, as from an e-mail attachment
    shutil.copy(page, copy)
    seen = check_page(driver, copy, tmp_path / "2013.png")
    figures = sorted(p.stem for p in Paths(root).figures_dir("2013").glob("fig*.png"))
    assert len(figures) == 6  # figures 1-5 and the ranges the published figures allow (no previous wave)
    embedded = [i for i in seen["images"] if i["src"].startswith("data:image/png")]
    assert len(embedded) == len(figures), "every figure is embedded in the page"
    assert all(i["ok"] for i in seen["images"]), [i["src"] for i in seen["images"] if not i["ok"]]
    assert all((i["alt"] or "").strip() for i in seen["images"])
    assert seen["errors"] == []
    assert seen["external"] == []
