"""Charts a reader can trust and read anywhere: titles, palette, labels, whiskers, words, text size, files.

Each test is one observation made on the 2013 figures (figures/2013/* after ``make reproduce``).
Expected values are typed from /work/shared/STUDY.md and CONVENTIONS.md, or worked by hand here.
"""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from analysis.figures import stage
from analysis.config import Paths
from tests.projects import copy_project

FIGURES_2013 = ["fig1_headline", "fig2_confidence_by_sector", "fig3_training_by_sector",
                "fig4_not_confident_by_profession", "fig5_unmet_need_by_sector"]

#: STUDY.md's published percentages, as printed (Community Care, the charity's summary, ITV).
PUBLISHED_AS_PRINTED = {"62%", "54%", "70%", "96.5%", "95.5%", "81.1%", "81%", "95%", "94%", "96%"}

#: CONVENTIONS.md: the Analysis Function palette (categorical, sequential, focus grey), typed from there,
#: with the neutrals a chart needs (near-black text, white, light grey gridlines).
CATEGORICAL = {"#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1"}
SEQUENTIAL = {"#092135", "#12436D", "#2073BC", "#6BACE6", "#ADD1F1"}
NEUTRALS = {"#FFFFFF", "#0B0C0C", "#BFBFBF", "#D9D9D9"}

#: STUDY.md: "Local Safeguarding Children Boards (children's services), Primary Care Trusts (health, the NHS)
#: and Local Education Authorities (education)".
SPELLED = {"LSCB": "Local Safeguarding Children Board", "PCT": "Primary Care Trust",
           "LEA": "Local Education Authority"}


@pytest.fixture(scope="module")
def project(tmp_path_factory, built_2013):
    paths = copy_project(built_2013, tmp_path_factory.mktemp("readable"))  # the stages before it have run
    assert stage.run("2013", paths) == 0
    return paths


@pytest.fixture(scope="module")
def out(project):
    return project.figures_dir("2013")


@pytest.fixture(scope="module")
def drawn(project):
    """The 2013 figure set as Figure objects (drawn again from the same protected tables)."""
    from analysis.figures.context import Drawn

    results, _ = stage.draw_wave("2013", project)
    return {r.name: r for r in results if isinstance(r, Drawn)}


def record(out, name):
    return json.loads((out / f"{name}.json").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- titles


def test_every_figure_title_is_unique_within_the_wave(out):
    titles = [record(out, name)["title"] for name in FIGURES_2013]
    assert len(set(titles)) == len(titles), titles


def test_every_figure_title_of_the_2018_example_is_unique_too(built_2018):
    paths = Paths(built_2018)  # the figures stage of 2018 run on the bundled waves (tests/conftest.py)
    titles = [json.loads(p.read_text())["title"] for p in sorted(paths.figures_dir("2018").glob("fig*.json"))]
    assert len(titles) >= 4 and len(set(titles)) == len(titles), titles


def test_titles_state_only_published_numbers_at_published_precision(out):
    for name in FIGURES_2013:
        title = record(out, name)["title"]
        for number in re.findall(r"\d+(?:\.\d+)?%", title):
            assert number in PUBLISHED_AS_PRINTED, (name, number, title)
        # a share in words ("about six in ten", "nearly all") is not the published precision
        assert not re.search(r"\bin ten\b|\bnearly all\b|\balmost\b|\babout\b", title, re.I), (name, title)
    # STUDY.md: 96.5% would value risk training (of those who answered), 81.1% had no recovery training.
    assert "96.5%" in record(out, "fig3_training_by_sector")["title"]


def test_the_headline_title_is_true_for_all_six_bars(out):
    # Six bars: 62, 54, 70, 96.5, 81.1 and 95 percent (STUDY.md), three measures going each way. A title
    # about one of them ("Nearly all would value training ...") is false for the other five; the lowest
    # and highest published values, 54% and 96.5%, bound all six.
    title = record(out, "fig1_headline")["title"]
    assert sorted(re.findall(r"\d+(?:\.\d+)?%", title)) == ["54%", "96.5%"], title
    for label in ("would value", "not confident", "no training"):
        assert label not in title.lower(), title


def test_chart_value_labels_show_published_numbers_at_published_precision(drawn):
    labels = [t.get_text() for t in drawn["fig1_headline"].figure.axes[0].texts]
    assert labels == ["62%", "54%", "70%", "96.5%", "81.1%", "95%"]


# --------------------------------------------------------------------------- subtitles and abbreviations


def test_subtitles_name_the_base_in_words(out):
    subtitles = {name: record(out, name)["subtitle"] for name in FIGURES_2013}
    for name, subtitle in subtitles.items():
        assert "each base" not in subtitle, (name, subtitle)
    assert subtitles["fig2_confidence_by_sector"].startswith("Percentage of respondents in each sector")
    assert subtitles["fig4_not_confident_by_profession"].startswith("Percentage of respondents in each profession")
    assert subtitles["fig5_unmet_need_by_sector"].startswith("Percentage of those with no training")
    # figure 1 mixes two bases: all 692 respondents, and those who answered for "would value" (684 and 685)
    assert "all respondents" in subtitles["fig1_headline"] and "those who answered" in subtitles["fig1_headline"]


def _drawn_words(fig) -> str:
    """Every piece of text inside the chart itself: tick labels, panel headings, value labels, legends."""
    words = []
    for ax in fig.axes:
        words += [t.get_text() for t in ax.get_yticklabels() + ax.get_xticklabels()]
        words += [ax.get_title(loc="left")] + [t.get_text() for t in ax.texts]
    words += [t.get_text() for leg in fig.legends for t in leg.get_texts()]
    return "\n".join(words)


def test_each_abbreviation_a_figure_uses_is_spelled_out_once_under_it_and_kept_apart_in_its_record(out, drawn):
    used_somewhere = False
    for name in FIGURES_2013:
        rec = record(out, name)
        said = "\n".join([rec["title"], rec["subtitle"], *rec["notes"], rec["abbreviations"]])
        under = "\n".join(drawn[name].caption.footer_lines())  # the lines under the chart in the PNG
        chart = _drawn_words(drawn[name].figure)
        for abbr, words in SPELLED.items():
            uses = re.search(rf"\b{abbr}\b", chart) is not None
            used_somewhere |= uses
            assert said.count(words) == under.count(words) == (1 if uses else 0), (name, abbr, rec["notes"])
            # a page with a glossary shows the notes without the spelled-out line: it is not among them
            assert words not in "\n".join(rec["notes"]), (name, abbr)
            assert (f"{abbr}: {words}" in rec["abbreviations"]) == uses, (name, rec["abbreviations"])
    assert used_somewhere  # the sector labels read "Children's services (LSCB)", "Health (PCT)" ...


# --------------------------------------------------------------------------- palette, labels, whiskers


def _svg_colours(svg: str) -> set[str]:
    return {c.upper() for c in re.findall(r"#[0-9A-Fa-f]{6}\b", svg)}


def test_every_svg_uses_only_the_palette_and_one_blue(out):
    allowed = CATEGORICAL | SEQUENTIAL | NEUTRALS
    blues = set()
    for name in FIGURES_2013:
        colours = _svg_colours((out / f"{name}.svg").read_text(encoding="utf-8"))
        assert colours <= allowed, (name, colours - allowed)
        blues |= colours & SEQUENTIAL
    # figure 1's bars were the sequential mid blue #2073BC while every other chart used dark blue
    assert blues == {"#12436D"}, blues


def _centre(box):
    return (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2


def _segments(fig):
    """(axes, bar patch, labels inside it) of every stacked segment of the diverging panels."""
    out = []
    for ax in fig.axes:
        if not ax.get_xlim()[0] < 0:  # the diverging panels run from -limit to +limit
            continue
        renderer = fig.canvas.get_renderer()
        for patch in ax.patches:
            if abs(patch.get_width()) <= 0:
                continue
            box = patch.get_window_extent(renderer)
            inside = [t for t in ax.texts if t.get_visible() and box.contains(*_centre(t.get_window_extent(renderer)))]
            out.append((ax, patch, inside, box, renderer))
    return out


def test_every_segment_at_or_above_the_stated_size_is_labelled_and_no_smaller_one(out, drawn):
    notes = " ".join(record(out, "fig2_confidence_by_sector")["notes"])
    stated = re.search(r"[Ss]egments under (\d+)% are not labelled", notes)
    assert stated, notes
    threshold = int(stated.group(1)) / 100
    segments = _segments(drawn["fig2_confidence_by_sector"].figure)
    assert len(segments) >= 24  # 8 bars of four points
    sides = set()
    for ax, patch, inside, box, renderer in segments:
        width = round(abs(patch.get_width()), 6)
        if width >= threshold:
            assert len(inside) == 1, (width, [t.get_text() for t in inside])
            label = inside[0]
            # the label fits inside its segment, and says the segment's value
            assert label.get_window_extent(renderer).width < box.width
            assert label.get_text().rstrip("%") == str(int((width * 100) + 0.5)), (label.get_text(), width)
            sides.add(patch.get_x() < 0)
        else:
            assert inside == [], (width, [t.get_text() for t in inside])
    assert sides == {True, False}  # both directions labelled by the same rule


def test_whiskers_are_drawn_over_markers_and_bars(drawn):
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    for name in ("fig1_headline", "fig3_training_by_sector", "fig4_not_confident_by_profession",
                 "fig5_unmet_need_by_sector"):
        for ax in drawn[name].figure.axes:
            whiskers = [c for c in ax.collections if isinstance(c, LineCollection) and len(c.get_segments())]
            marks = [ln for ln in ax.lines if isinstance(ln, Line2D) and ln.get_marker() not in (None, "None", "", "|", "_")
                     and ln.get_linestyle() in ("None", "none", "")]
            bars = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_width() > 0]
            if not whiskers:
                continue
            below = max([m.get_zorder() for m in marks + bars], default=-1)
            assert min(w.get_zorder() for w in whiskers) > below, name


# --------------------------------------------------------------------------- files: SVG, PNG, comms CSV


def test_svg_holds_real_text_with_title_base_short_caveat_and_source_but_not_the_long_notes(out):
    import xml.etree.ElementTree as ET

    for name in FIGURES_2013:
        svg = (out / f"{name}.svg").read_text(encoding="utf-8")
        rec = record(out, name)
        root = ET.fromstring(svg)  # well-formed XML
        texts = [" ".join("".join(t.itertext()).split()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
        assert texts, name  # real text, not outlined glyphs
        assert "<use xlink:href=\"#DejaVu" not in svg and 'id="DejaVuSans' not in svg, name
        shown = " ".join(texts)
        assert "%" in shown
        # A chart pasted on its own keeps what it shows, its base, a short caveat and where it comes from.
        for part in (rec["title"], rec["base"], rec["source"]):
            assert part in shown, (name, part)
        caveat = "Published figures" if name == "fig1_headline" else "Reconstructed data, not the survey's own"
        assert caveat in shown, name
        first_note = rec["notes"][0][:30]
        assert first_note not in shown, (name, first_note)


def test_figure_1_svg_does_not_call_its_published_numbers_reconstructed(out):
    svg = (out / "fig1_headline.svg").read_text(encoding="utf-8")
    assert "Reconstructed data" not in svg.split("<metadata>")[0] + svg.split("</metadata>")[-1]


def test_libreoffice_breaks_the_svg_into_shapes_with_every_text_a_text_box(out, tmp_path):
    """LibreOffice imports an SVG as one picture; Shape > Break must give shapes, every line of text editable."""
    import html
    import shutil
    import subprocess
    import xml.etree.ElementTree as ET
    import zipfile
    from pathlib import Path

    python = shutil.which("python3", path="/usr/bin")
    if not shutil.which("soffice") or not python or subprocess.run([python, "-c", "import uno"],
                                                                   capture_output=True).returncode:
        pytest.skip("OFFICE CHECKS NOT RUN: needs LibreOffice (soffice) and python3-uno (Debian)")
    script = Path(__file__).with_name("libreoffice_break.py")
    names = ("fig1_headline", "fig4_not_confident_by_profession")
    pairs = [str(p) for name in names for p in (out / f"{name}.svg", tmp_path / f"{name}.odg")]
    subprocess.run([python, str(script), *pairs], check=True, timeout=300)  # one LibreOffice for both
    for name in names:
        svg = out / f"{name}.svg"
        odg = tmp_path / f"{name}.odg"
        content = zipfile.ZipFile(odg).read("content.xml").decode("utf-8")
        boxes = [html.unescape(re.sub(r"<[^>]+>", "", p)) for p in re.findall(r"<text:p[^>]*>(.*?)</text:p>", content)]
        root = ET.parse(svg).getroot()
        lines = [" ".join("".join(t.itertext()).split()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
        assert [x for x in lines if x not in boxes] == [], name  # every line of text is a text box, none outlined
        shapes = re.findall(r"<draw:(?:polygon|path|rect|line|polyline)\b", content)
        assert len(shapes) >= 20, name  # bars, whiskers and gridlines as shapes, not one picture
        rec = record(out, name)
        assert rec["source"].split()[0] in " ".join(boxes) and "Base:" in " ".join(boxes)


def test_svg_ids_are_unique_across_figures_so_they_can_be_inlined_in_one_page(out):
    seen: dict[str, str] = {}
    for name in FIGURES_2013:
        for ident in re.findall(r'\bid="([^"]+)"', (out / f"{name}.svg").read_text(encoding="utf-8")):
            assert ident not in seen, (ident, name, seen.get(ident))
            seen[ident] = name


def test_the_png_keeps_title_and_source_inside_the_image(drawn, tmp_path):
    from analysis.figures.save import save_figure

    d = drawn["fig1_headline"]
    save_figure(d.figure, tmp_path / "f", title=d.caption.title, description=d.caption.alt_text)
    shown = [t.get_text().replace("\n", " ") for t in d.figure.texts if t.get_visible()]
    assert d.caption.title in shown and any(d.caption.source in t for t in shown)


def test_chart_text_stays_at_least_9_css_px_on_a_phone(drawn):
    # A 390 px phone screen leaves 358 px for the chart. A text of s points in a figure w points wide
    # (SVG user units are points; so is the PNG at any dpi) shows at s * 358 / w CSS px.
    for name, d in drawn.items():
        fig = d.figure
        width_pt = fig.get_figwidth() * 72
        artists = [*fig.texts, *(t for ax in fig.axes for t in
                                 [*ax.texts, *ax.get_xticklabels(), *ax.get_yticklabels(), ax.title,
                                  ax._left_title, ax.xaxis.label]),
                   *(t for leg in fig.legends for t in leg.get_texts())]
        for t in artists:
            if t.get_visible() and t.get_text().strip():
                px = t.get_fontsize() * 358 / width_pt
                assert px >= 9, (name, t.get_text()[:40], round(px, 2))


COMMS_COLUMNS = ["measure", "group", "percentage", "lower", "upper", "base", "n", "number_class", "withheld_reason"]


def test_each_figure_has_a_plain_percentages_download(out):
    for name in FIGURES_2013:
        data = pd.read_csv(out / f"{name}_percentages.csv", dtype=str, keep_default_na=False)
        expected = COMMS_COLUMNS[:1] + (["answer"] if name == "fig2_confidence_by_sector" else []) + COMMS_COLUMNS[1:]
        assert list(data.columns) == expected, (name, list(data.columns))
        withheld = data[data["withheld_reason"] != ""]
        assert (withheld[["percentage", "lower", "upper"]] == "").all().all(), name
        shown = data[data["withheld_reason"] == ""]
        assert len(shown), name
        for col in ("percentage", "lower", "upper"):
            values = shown[col].astype(float)
            assert ((values >= 0) & (values <= 100)).all(), (name, col)
        assert (shown["lower"].astype(float) <= shown["percentage"].astype(float)).all()
    # figure 1: the six published numbers at their published precision (STUDY.md), on their bases
    fig1 = pd.read_csv(out / "fig1_headline_percentages.csv", dtype=str, keep_default_na=False)
    assert fig1["percentage"].tolist() == ["62", "54", "70", "96.5", "81.1", "95"]
    assert fig1["n"].tolist() == ["692", "692", "692", "685", "692", "684"]
    assert fig1["base"].tolist() == ["all respondents"] * 3 + ["those who answered", "all respondents",
                                                               "those who answered"]
    assert set(fig1["number_class"]) == {"published"}
    # the overall row names the people it is a share of (not "All respondents" for those who answered)
    assert fig1["group"].tolist() == ["All respondents"] * 3 + ["All those who answered", "All respondents",
                                                                "All those who answered"]
    assert fig1["measure"].iloc[0] == "Not confident assessing online risk"
    # figure 5: the 8 "Other" respondents with no risk training are withheld (fewer than 10), in words
    fig5 = pd.read_csv(out / "fig5_unmet_need_by_sector_percentages.csv", dtype=str, keep_default_na=False)
    other = fig5[(fig5["group"] == "Other")]
    assert len(other) and (other["withheld_reason"] != "").all()
    assert (other[["percentage", "lower", "upper"]] == "").all().all()
    # the overall rows of figure 5 are people with no training, not "All respondents"
    assert "All respondents" not in set(fig5["group"])
    assert set(fig5.loc[fig5["group"].str.startswith("All those with no training"), "base"]) == {
        "those with no training in online risk assessment", "those with no training in helping recovery"}
    overall = fig5["group"].str.startswith("All ")
    assert set(fig5.loc[~overall, "number_class"]) <= {"invented", ""}


def test_the_percentages_download_is_listed_in_the_figure_record(out):
    for name in FIGURES_2013:
        assert f"{name}_percentages.csv" in record(out, name)["files"]


def test_the_first_breakdown_figure_states_what_the_published_figures_allow_for_sectors(out, drawn):
    # By hand from STUDY.md: 62% of 692, published to the whole per cent, is 426 to 432 people. The other
    # groups hold at most 231 + 173 + 10 (= 692 - 682) = 414 of them, so health (278) holds at least
    # 426 - 414 = 12: 4.3%, printed 4% (rounded down); children's services at least 426 - (278 + 173 + 10) < 0,
    # education 426 - (231 + 278 + 10) < 0 and the 10 others nothing: 0%; any group could be all 100%.
    sentence = ("Do sectors differ on “Not confident assessing online risk”? The published figures cannot say; "
                "any value up to 100% is possible (Children's services (LSCB): 0% to 100%; Health (PCT): 4% to "
                "100%; Education (LEA): 0% to 100%; Other: 0% to 100%).")
    assert 12 / 278 == pytest.approx(0.0432, abs=1e-4)
    rec = record(out, "fig2_confidence_by_sector")
    assert rec["notes"][0].startswith(sentence)  # the caption's first note, in the JSON
    assert sentence in rec["long_description"]
    assert "the published figures cannot say whether sectors differ" in rec["alt_text"]
    shown = " ".join(t.get_text().replace("\n", " ") for t in drawn["fig2_confidence_by_sector"].figure.texts)
    assert "Health (PCT): 4% to 100%" in shown  # drawn under the chart in the PNG
