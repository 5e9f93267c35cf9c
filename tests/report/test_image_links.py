"""The page offers each figure's images (document PNG, slide, square, SVG) as files beside it."""

from __future__ import annotations

import re

import pytest

from tests.report.office_project import project_2013


@pytest.fixture(scope="module")
def paths(tmp_path_factory):
    return project_2013(tmp_path_factory)


def test_each_figure_offers_its_three_images_and_the_svg(paths):
    out = paths.report_dir("2013")
    html = (out / "2013.html").read_text(encoding="utf-8")
    for name in ("fig1_headline", "fig4_not_confident_by_profession"):
        for file in (f"{name}.png", f"{name}_slide.png", f"{name}_square.png", f"{name}.svg"):
            assert re.search(rf'<a href="images/{re.escape(file)}" download>', html), file
            assert (out / "images" / file).read_bytes() == (paths.figures_dir("2013") / file).read_bytes()
    assert "data:image/png" not in html  # the page stays small enough to e-mail


def test_an_image_no_figure_links_to_is_removed(tmp_path):
    from analysis.report.html import FigureFiles
    from analysis.report.image_links import FOLDER, remove_stale_images

    folder = tmp_path / FOLDER
    folder.mkdir()
    (folder / "fig1_slide.png").write_bytes(b"kept")
    (folder / "fig9_slide.png").write_bytes(b"a figure no longer drawn")
    fig = FigureFiles(name="fig1", title="T", alt_text="A.", images=((f"{FOLDER}/fig1_slide.png", "Slide"),))
    assert remove_stale_images(tmp_path, [fig]) == ["fig9_slide.png"]
    assert [p.name for p in folder.iterdir()] == ["fig1_slide.png"]
