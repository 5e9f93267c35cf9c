"""The HTML page: self-contained, accessible structure, escaped text, downloads as data URIs."""

from __future__ import annotations

import base64
import re
from html.parser import HTMLParser

from analysis.report.content import Column, ReportTable
from analysis.report.html import FigureFiles, render_report

PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")


def chart_svg(title: str = "Most were not confident", subtitle: str = "Percentage, 2013",
              notes: tuple[str, ...] = ("Base: all (n=10).", "Source: a survey.")) -> bytes:
    """An SVG laid out as matplotlib writes a framed chart with text kept as text (``svg.fonttype: none``):
    clip path and groups numbered as in every file, the title and subtitle at the top, the notes at the foot."""
    foot = "".join(f'   <text style="font-size: 7px" transform="translate(8.5 {180 + 9 * i})">{n}</text>\n'
                   for i, n in enumerate(notes))
    return (f'<?xml version="1.0" encoding="utf-8" standalone="no"?>\n'
            f'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"\n  "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
            f'<svg xmlns:xlink="http://www.w3.org/1999/xlink" width="300pt" height="200pt" viewBox="0 0 300 200" '
            f'xmlns="http://www.w3.org/2000/svg" version="1.1" id="figure">\n'
            f' <title>{title}</title>\n <metadata>m</metadata>\n'
            f' <defs>\n  <style type="text/css">*{{stroke-linejoin: round; stroke-linecap: butt}}</style>\n </defs>\n'
            f' <g id="figure_1">\n'
            f'  <g id="axes_1">\n   <g id="patch_2"><path d="M 50 60 L 290 60 L 290 160 z"/></g>\n'
            f'   <g id="text_1">\n    <text style="font-size: 8px" x="10" y="100">Health</text>\n   </g>\n'
            f'   <g clip-path="url(#p1)"><path d="M 50 70 L 200 70"/></g>\n  </g>\n'
            f'  <g id="text_2">\n   <text style="font-size: 10.5px" x="8.5" y="18">{title}</text>\n  </g>\n'
            f'  <g id="text_3">\n   <text style="font-size: 8.5px" transform="translate(8.5 32)">{subtitle}</text>\n'
            f'  </g>\n  <g id="text_4">\n{foot}  </g>\n'
            f' </g>\n <defs>\n  <clipPath id="p1">\n   <rect x="50" y="60" width="240" height="100"/>\n'
            f'  </clipPath>\n </defs>\n</svg>\n').encode("utf-8")


class Outline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def figure(**kw) -> FigureFiles:
    args = dict(name="fig1", title="Most were not confident", alt_text='Bar chart: "most" not confident.',
                png=PNG, svg=chart_svg(), csv=b"group,p\nAll,0.5\n", subtitle="Percentage, 2013",
                long_description="All: 50%.", lines=("Base: all (n=10).", "Source: a survey."))
    args.update(kw)
    return FigureFiles(**args)


def page(**kw):
    table = ReportTable("t", "Scores <by> group", "Base: all (n=10).",
                        (Column("group", "Group"), Column("n", "Base (n)", "int"), Column("p", "%", "percent")),
                        (("All & more", 1234, 0.5), ("A", 4, None)), withheld=frozenset({(1, 2)}))
    args = dict(title="Report", about=["Period: 2013."], provenance_note="Reconstructed data.",
                findings=["62% of respondents (95% CI: 58% to 66%) were not confident; base: all, n=692."],
                figures=[figure()], tables=[table], notes=[("Source", ["A survey."])], footer="v1")
    args.update(kw)
    return render_report(**args)


def tags(html: str) -> list[tuple[str, dict]]:
    p = Outline()
    p.feed(html)
    return p.tags


def test_structure_headings_charts_and_table_headers():
    html = page()
    found = tags(html)
    names = [t for t, _ in found]
    assert names.count("h1") == 1 and "h2" in names and "h3" in names
    assert dict(found)["html"]["lang"] == "en-GB"
    svgs = [a for t, a in found if t == "svg"]
    assert len(svgs) == 1 and svgs[0]["role"] == "img"
    assert re.search(rf'<title id="{svgs[0]["aria-labelledby"]}">Bar chart: &quot;most&quot; not confident.</title>',
                     html)
    ths = [a for t, a in found if t == "th"]
    assert [a["scope"] for a in ths] == ["col", "col", "col", "row", "row"]
    assert "<caption" in html


def test_a_chart_is_embedded_once_as_svg_that_scales_with_unique_ids():
    html = page(figures=[figure(name="fig1"), figure(name="fig2", title="Another chart")])
    assert "<img" not in html and "data:image/png" not in html
    svgs = re.findall(r"<svg\b[^>]*>", html)
    assert len(svgs) == 2
    for tag in svgs:  # scales to the column: no fixed size, the drawing's proportions kept
        assert ' width="' not in tag and ' height="' not in tag and "viewBox=" in tag
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    referenced = re.findall(r"url\(#([^)]+)\)", html) + [a.split()[0] for a in re.findall(r'aria-labelledby="([^"]+)"',
                                                                                          html)]
    assert referenced and set(referenced) <= set(ids)
    assert "<?xml" not in html and "<!DOCTYPE svg" not in html and "<metadata" not in html


def test_the_chart_title_subtitle_and_notes_appear_once_as_text():
    html = page()
    for text in ("Most were not confident", "Percentage, 2013", "Source: a survey."):
        shown = re.sub(r'<span class="visually-hidden">.*?</span>', "", html)
        assert len(re.findall(re.escape(text), shown)) == 1, text
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert ">Health</text>" in svg  # the chart's own labels stay
    # The picture is cropped to what remains: below the subtitle (y = 32) and above the notes (y = 180).
    x, top, w, h = (float(v) for v in re.search(r'viewBox="([^"]+)"', svg).group(1).split())
    assert 32 < top < 60 and 160 <= top + h < 180


def test_text_is_escaped_and_withheld_cells_marked():
    html = page()
    assert "Scores &lt;by&gt; group" in html and "All &amp; more" in html
    assert '<td class="num" data-label="%">[c]</td>' in html
    assert '<td class="num" data-label="Base (n)">1,234</td>' in html


def test_every_data_cell_carries_its_column_heading_for_the_narrow_layout():
    found = tags(page())
    cells = [a for t, a in found if t == "td"]
    assert cells and [c["data-label"] for c in cells] == ["Base (n)", "%", "Base (n)", "%"]


def test_downloads_are_the_files_as_they_are_and_nothing_is_fetched():
    percentages = b"Group,Percentage,Lower 95% limit,Upper 95% limit,Base (n)\r\nAll,50.0,40.1,59.9,10\r\n"
    html = page(figures=[figure(percentages=percentages)])
    links = {a["download"]: a["href"] for t, a in tags(html) if t == "a" and "download" in a}
    assert set(links) == {"fig1_percentages.csv", "fig1.csv", "fig1.svg"}
    assert base64.b64decode(links["fig1.csv"].split(",", 1)[1]) == b"group,p\nAll,0.5\n"
    assert base64.b64decode(links["fig1_percentages.csv"].split(",", 1)[1]) == percentages
    assert base64.b64decode(links["fig1.svg"].split(",", 1)[1]) == chart_svg()  # with its title, for pasting
    assert not re.search(r"""(src|href)=["'](https?:)?//""", html)
    assert "<script" not in html and "<link" not in html


def test_a_large_svg_is_not_embedded_twice():
    from analysis.report.html import SVG_DOWNLOAD_LIMIT

    big = chart_svg().replace(b"</svg>", b"<!--" + b"x" * SVG_DOWNLOAD_LIMIT + b"--></svg>")
    html = page(figures=[figure(svg=big)])
    assert 'download="fig1.svg"' not in html and "x" * 1000 not in html


def test_same_inputs_same_page():
    assert page() == page()


def test_a_figure_drawing_withheld_groups_is_replaced_by_a_note():
    fig = FigureFiles(name="fig9", title="By profession", alt_text="Bar chart.", png=PNG, svg=b"<svg/>",
                      csv=b"group,count\nA,\n", withheld=True)
    html = page(figures=[fig])
    assert "<svg" not in html and "<img" not in html
    assert "This chart is not shown" in html
    assert 'download="fig9.csv"' in html and 'download="fig9.svg"' not in html


def test_skip_link_first_and_every_landmark_named_once():
    tables = [ReportTable(f"t{i}", "Same title", "Base: all (n=10).", (Column("group", "Group"),), (("All",),))
              for i in range(3)]
    html = page(tables=tables, figures=[figure(name="a"), figure(name="b")])
    found = tags(html)
    first_link = next(a for t, a in found if t == "a")
    assert first_link["href"] == "#main" and any(t == "main" and a.get("id") == "main" for t, a in found)
    named = [a["aria-label"] for t, a in found if a.get("role") == "region"]
    assert len(named) == 5 and len(set(named)) == len(named)  # 3 tables, 2 charts
    assert not any(t == "section" and "aria-labelledby" in a for t, a in found)  # no second name for a table


def test_the_long_description_is_a_table_of_the_numbers_with_readable_labels():
    data = ReportTable("fig1-data", "Most were not confident: the numbers in the chart", "",
                       (Column("label", "Measure"), Column("group", "Group"), Column("p", "%", "percent")),
                       (("Not confident assessing online risk", "All", 0.62),))
    html = page(figures=[figure(data=data, long_description="Bar chart of one measure.\nrisk_notconf, All: 62%.")])
    details = re.search(r"<details>.*?</details>", html, re.S).group(0)
    assert "<p>Bar chart of one measure.</p>" in details and "<table" in details
    assert '<th scope="row">Not confident assessing online risk</th>' in details
    assert "risk_notconf" not in html


def _marked_table(number_class: str) -> ReportTable:
    return ReportTable("t", "By sector", "Base: all (n=692).",
                       (Column("group", "Group"), Column("n", "Base (n)", "int"), Column("p", "%", "percent"),
                        Column("number_class", "Number is")),
                       (("All", 692, 0.62, "published"), ("Health", 278, 0.6, number_class)))


def test_invented_numbers_are_marked_in_place_with_a_legend():
    html = page(tables=[_marked_table("invented")])
    health = re.search(r'<tr><th scope="row">Health</th>(.*?)</tr>', html).group(1)
    all_row = re.search(r'<tr><th scope="row">All</th>(.*?)</tr>', html).group(1)
    assert health.count('class="num invented"') == 2  # the base and the percentage; italics, not colour alone
    assert health.count("\u2020") == 2 and "(invented)" in health
    assert "invented" not in all_row.replace("Number is", "")
    assert "In italics with a dagger" in html
    assert html.index("In italics with a dagger") < html.index("<main")  # explained at the top, too


def test_a_real_wave_shows_no_marks():
    body = page(tables=[_marked_table("published")]).split("</style>", 1)[1]
    assert "invented" not in body and "\u2020" not in body


def test_status_date_contact_near_the_top_and_a_footer_for_readers():
    html = page(facts=[("Status", "Official statistics"), ("Published", "28 January 2014"),
                       ("Contact", "Survey team, team@example.org")],
                footer="Produced with the survey toolkit.", technical=["codebook sha256 abc123"])
    top = html[:html.index("<main")]
    assert "<dt>Status</dt><dd>Official statistics</dd>" in top
    assert "<dt>Published</dt><dd>28 January 2014</dd>" in top
    assert 'Survey team, <a href="mailto:team@example.org">team@example.org</a>' in top
    footer = html[html.index("<footer>"):]
    assert "<details><summary>Technical details</summary><p>codebook sha256 abc123</p></details>" in footer
    assert "<dl" not in page(facts=[("Contact", "")])  # nothing to say, nothing shown


def test_abbreviations_are_spelled_out_once_near_the_top():
    html = page(findings=["Most staff in the LSCB and PCT sectors were not confident."],
                abbreviations={"LSCB": "Local Safeguarding Children Board", "PCT": "Primary Care Trust",
                               "LEA": "Local Education Authority"})
    top = html[:html.index("<main")]
    assert "<dt>LSCB</dt><dd>Local Safeguarding Children Board</dd>" in top
    assert "<dt>PCT</dt><dd>Primary Care Trust</dd>" in top
    assert "Local Education Authority" not in html  # LEA is not used on this page
    assert html.count("Local Safeguarding Children Board") == 1


def test_a_column_of_invented_values_is_marked_cell_by_cell():
    ranges = ReportTable("published-ranges", "Ranges", "Exact ranges.",
                         (Column("measure", "Measure"), Column("low", "Lowest possible", "percent"),
                          Column("reconstruction", "This reconstruction (invented)", "percent")),
                         (("Not confident, health", 0.054, 0.6), ("Not confident, other", 0.0, None)))
    html = page(tables=[ranges])
    rows = re.findall(r'<tr><th scope="row">(?:.*?)</th>(.*?)</tr>', html)
    assert [r.count('class="num invented"') for r in rows] == [1, 0]  # not the published bound, not a blank
    assert "In italics with a dagger" in html
