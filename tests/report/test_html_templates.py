"""The HTML page's templates: shipped with the package, and every value they write escaped."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

from analysis.report.content import Column, ReportTable
from analysis.report.html import FigureFiles, render_report
from tests.report.test_html import PNG

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = "<script>x()</script> & \"q\" 'a'"
# What html.escape (quote=True) makes of HOSTILE, worked out by hand: & < > " ' as entities.
ESCAPED = "&lt;script&gt;x()&lt;/script&gt; &amp; &quot;q&quot; &#x27;a&#x27;"


def test_every_template_is_package_data():
    globs = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-data"]["analysis"]
    templates = sorted((ROOT / "analysis" / "report" / "templates").iterdir())
    assert [t.name for t in templates] == ["page.html", "parts.html"]
    for t in templates:
        rel = t.relative_to(ROOT / "analysis").as_posix()
        assert any(fnmatch.fnmatch(rel, g) for g in globs), rel


def test_a_value_in_every_place_is_escaped_as_text():
    table = ReportTable("t", HOSTILE, HOSTILE, (Column("group", HOSTILE), Column("n", "Base (n)", "int"),
                                                Column("note", "Note")),
                        ((HOSTILE, 10, HOSTILE),), notes=(HOSTILE,), links=((HOSTILE, "#x"),))
    figure = FigureFiles(name="f", title=HOSTILE, alt_text=HOSTILE, png=PNG, subtitle=HOSTILE,
                         long_description=f"{HOSTILE}\n{HOSTILE}", lines=(HOSTILE,), csv=b"a\n",
                         images=((f"f.png?{HOSTILE}", HOSTILE),), links=((HOSTILE, "#y"),))
    page = render_report(title=HOSTILE, about=[HOSTILE], provenance_note=HOSTILE, findings=[HOSTILE],
                         figures=[figure], tables=[table], notes=[(HOSTILE, [HOSTILE])], footer=HOSTILE,
                         facts=[("Contact", f"{HOSTILE} a@b.org {HOSTILE}")], technical=[HOSTILE],
                         abbreviations={"script": HOSTILE})
    assert "<script" not in page and "'a'" not in page and '"q"' not in page
    # Each place, counted by hand: the page's title and h1 (2), the line about it (1), the fact on either
    # side of the address (2), the provenance note (1), the glossary (1), the finding (1) = 8; the figure's
    # title, subtitle, alt text, caption line, link (5), description's two lines (2), the CSV's and the
    # image's "of <title>" (2), the image's link and text (2) = 11; the table's title, base, region name,
    # caption, column heading, first cell, note cell, note, link (9); the methods' heading and line (2);
    # the footer (1) and the technical details (1): 32.
    assert page.count(ESCAPED) == 32
    assert '<a href="mailto:a@b.org">a@b.org</a>' in page
