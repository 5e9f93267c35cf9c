"""The HTML report in a real browser: headless Chromium (Debian's package) driven by selenium.

Checks that every chart has a name, that the page logs no console errors and needs no
network, and runs axe-core 4.x (installed from the npm registry by the test set-up, once
per machine, into the user's cache) at 1366 px and 390 px; saves a screenshot. Skipped,
with the command to install what is missing, only where Chromium or npm is absent
(``.ci/run`` installs both, so CI runs this).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import warnings
from pathlib import Path

import pytest

from analysis.report.content import Column, ReportTable
from analysis.report.html import FigureFiles, render_report

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
INSTALL = "apt-get install chromium chromium-driver"
#: axe-core's major version: the rules the page must pass.
AXE = "axe-core@4"
#: Where the test set-up keeps axe-core between runs (installed once with npm).
AXE_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "survey-toolkit" / "axe-core-4"


def tiny_svg(label: str = "bar") -> bytes:
    """A small SVG drawn by matplotlib (the figures' own renderer): ids clash across two of them."""
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(2, 1))
    ax = fig.add_subplot()
    ax.barh([label], [1.0])
    buf = io.StringIO()
    fig.savefig(buf, format="svg")
    plt.close(fig)
    return buf.getvalue().encode("utf-8")


#: The window a test starts with (as the browser is started with ``--window-size``: tests/report/conftest.py).
WINDOW = (1280, 2000)


def _skip_loudly(reason: str) -> None:
    warnings.warn(f"BROWSER CHECKS NOT RUN: {reason}", stacklevel=2)
    pytest.skip(f"BROWSER CHECKS NOT RUN: {reason}")


@pytest.fixture
def driver(browser):
    """The shared browser as a fresh one would be: a blank page, the first window size, screen media, no log."""
    browser.get("about:blank")
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    browser.set_window_size(*WINDOW)
    browser.get_log("browser")  # what earlier pages logged is not this test's
    yield browser
    browser.get("about:blank")


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's ``axe.min.js``: from the cache, else installed there with ``npm install axe-core@4``."""
    script = AXE_CACHE / "node_modules" / "axe-core" / "axe.min.js"
    if not script.is_file():
        npm = shutil.which("npm")
        if npm is None:
            _skip_loudly(f"npm is missing, so axe-core cannot be installed: `apt-get install npm` (or put "
                         f"{AXE}'s axe.min.js at {script})")
        AXE_CACHE.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix="axe-", dir=AXE_CACHE.parent))
        res = subprocess.run([npm, "install", "--prefix", str(staging), "--no-audit", "--no-fund", "--silent", AXE],
                             capture_output=True, text=True, timeout=300)
        if res.returncode != 0 or not (staging / "node_modules" / "axe-core" / "axe.min.js").is_file():
            shutil.rmtree(staging, ignore_errors=True)
            _skip_loudly(f"`npm install {AXE}` failed (no registry?): {res.stderr.strip()[-300:]}")
        try:  # two test workers may install at once: the first to finish wins
            staging.rename(AXE_CACHE)
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)
    return script.read_text(encoding="utf-8")


def axe_violations(driver, axe_source: str) -> list[dict]:
    """Every axe-core violation on the open page: rule, impact and the first few offending elements."""
    driver.execute_script(axe_source)
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document).then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))), e => done([{id: 'axe error', nodes: [String(e)]}]));")


def check_page(driver, page: Path, shot: Path) -> dict:
    """Open ``page`` and return what the checks look at; saves a screenshot to ``shot``."""
    driver.get(page.resolve().as_uri())
    images = driver.execute_script(
        "return Array.from(document.images).map(i => ({src: i.src.slice(0, 30), alt: i.getAttribute('alt'),"
        " ok: i.complete && i.naturalWidth > 0}));")
    charts = driver.execute_script(
        "return Array.from(document.querySelectorAll('svg')).map(s => ({role: s.getAttribute('role'),"
        " name: (document.getElementById((s.getAttribute('aria-labelledby') || '').split(' ')[0]) || {}).textContent,"
        " width: s.getBoundingClientRect().width}));")
    errors = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
    # anything the page would fetch (a src, a stylesheet link); a link a reader may follow is not fetched
    external = driver.execute_script(
        "return Array.from(document.querySelectorAll('[src],[href]:not(a)')).map(e => e.getAttribute('src') ||"
        " e.getAttribute('href')).filter(u => /^(https?:)?\\/\\//.test(u));")
    links = driver.execute_script(
        "return Array.from(document.querySelectorAll('a[href]')).map(e => e.getAttribute('href'))"
        ".filter(u => /^(https?:)?\\/\\//.test(u));")
    headings = driver.execute_script("return Array.from(document.querySelectorAll('h1')).length;")
    th = driver.execute_script("return document.querySelectorAll('th[scope]').length;")
    assert driver.save_screenshot(str(shot))
    return {"images": images, "charts": charts, "errors": errors, "external": external, "links": links,
            "h1": headings, "th": th}


def demo_page() -> str:
    figures = [FigureFiles(name=f"fig{i}", title=f"Figure {i}", alt_text=f"Bar chart number {i}.",
                           svg=tiny_svg(f"bar {i}"), csv=b"a,b\n1,2\n",
                           lines=("Base: all respondents (n=692).",)) for i in range(3)]
    table = ReportTable("t", "A table", "Base: all (n=10).",
                        (Column("group", "Group"), Column("n", "Base (n)", "int"), Column("p", "%", "percent")),
                        (("All", 10, 0.5), ("A", 4, None)), withheld=frozenset({(1, 2)}))
    return render_report(title="Browser check", about=["Period: 2013."], provenance_note="Reconstructed data.",
                         findings=["62% of respondents (95% CI: 58% to 66%) were not confident."],
                         figures=figures, tables=[table], notes=[("Source", ["A survey."])], footer="toolkit")


def test_report_page_names_every_chart_and_logs_no_errors(driver, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(demo_page(), encoding="utf-8")
    seen = check_page(driver, page, tmp_path / "report.png")
    assert seen["images"] == []  # charts are inline SVG, not images
    assert len(seen["charts"]) == 3
    assert all(c["role"] == "img" and (c["name"] or "").startswith("Bar chart number") for c in seen["charts"])
    assert seen["errors"] == []
    assert seen["external"] == []
    assert seen["h1"] == 1 and seen["th"] >= 4
    assert (tmp_path / "report.png").stat().st_size > 1000


@pytest.mark.parametrize("width", [1366, 390])
def test_axe_finds_no_violation_on_a_small_page(driver, axe_source, tmp_path, width):
    page = tmp_path / "report.html"
    page.write_text(demo_page(), encoding="utf-8")
    driver.set_window_size(width, 900)
    driver.get(page.resolve().as_uri())
    assert axe_violations(driver, axe_source) == []
