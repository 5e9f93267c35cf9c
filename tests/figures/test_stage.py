"""The figures stage end to end on the bundled 2013 wave (and the illustrative 2018 example), in temporary roots."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from analysis.config import Paths
from analysis.figures import stage
from analysis.figures.captions import alt_text_problems
from tests.projects import bundled_project, copy_project

SET_2013 = ["fig1_headline", "fig2_confidence_by_sector", "fig3_training_by_sector",
            "fig4_not_confident_by_profession"]


def make_root(root: Path, *, with_2018: bool = False) -> Paths:
    return bundled_project(root, with_2018=with_2018)


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory, built_2013):
    """The 2013 figure folder after two runs of the stage on the same protected tables.

    The first is the shared ``make reproduce`` run (tests/conftest.py); the second draws the set
    again in a copy of that project from which every figure file and the stage's records were
    deleted, so nothing is kept from the first.
    """
    paths = copy_project(built_2013, tmp_path_factory.mktemp("run2"))
    out = paths.figures_dir("2013")
    figure_files = {p.name for p in out.iterdir() if p.suffix in stage.FIGURE_SUFFIXES
                    and not p.name.startswith("reproduction.")}  # the reproduce stage's table stays
    assert figure_files
    for name in figure_files:
        (out / name).unlink()
    for record in (paths.processed / "2013" / ".stages").glob("figures*.json"):
        record.unlink()
    assert stage.run("2013", paths) == 0
    assert figure_files <= {p.name for p in out.iterdir()}  # every file written again
    return [Paths(built_2013).figures_dir("2013"), out]


def test_the_2013_set_is_written_with_every_file(two_runs):
    out = two_runs[0]
    for name in SET_2013:
        for ext in ("png", "svg", "json", "csv"):
            assert (out / f"{name}.{ext}").is_file(), f"{name}.{ext}"
    assert not (out / "fig6_across_waves.png").exists()  # 2013 has no previous wave


def test_two_runs_write_identical_bytes(two_runs):
    first, second = two_runs
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_metadata_carries_caption_alt_text_and_the_reconstruction_note(two_runs):
    for name in SET_2013:
        record = json.loads((two_runs[0] / f"{name}.json").read_text())
        assert record["is_reconstructed"] is True
        if name == "fig1_headline":  # only published numbers: the survey's own, no generated-data note
            assert record["reconstruction_note"].startswith("Published figures: every percentage in this chart "
                                                            "is the survey's own")
            assert "generated to reproduce" not in " ".join(record["notes"] + [record["long_description"]])
        else:
            assert record["reconstruction_note"].startswith("Reconstructed data")
        assert record["reconstruction_note"] in record["notes"]
        assert record["source"].startswith("Source: ")
        assert record["base"].startswith("Base: ")
        assert alt_text_problems(record["alt_text"]) == []
        assert 60 <= len(record["alt_text"]) <= 160
        assert record["files"] == [f"{name}.png", f"{name}.svg", f"{name}_slide.png", f"{name}_square.png",
                                   f"{name}.csv", f"{name}_percentages.csv", f"{name}.json"]
        assert record["reconstruction_note"] in record["long_description"]
        assert "illustrative" in record["subtitle"] or name == "fig1_headline"


def test_headline_draws_the_published_indicators_with_their_published_values(two_runs):
    # STUDY.md: 62% not confident (risk), 54% (helping), 70% untrained (risk), 96.5% would value (risk,
    # of those who answered), 81.1% untrained (recovery), 95% would value (recovery, of those who answered).
    data = pd.read_csv(two_runs[0] / "fig1_headline.csv", keep_default_na=False)
    assert data["indicator"].tolist() == ["risk_notconf", "help_notconf", "risk_untrained", "risk_value",
                                          "recov_untrained", "recov_value"]
    published = [62, 54, 70, 96.5, 81.1, 95]
    decimals = [0, 0, 0, 1, 1, 0]
    for p, value, d in zip(data["proportion"], published, decimals):
        assert round(p * 100, d) == value
    assert "dealt_case" not in set(data["indicator"])  # not published: never a headline of the reconstruction


def test_subgroup_titles_of_a_reconstructed_wave_state_no_subgroup_pattern(two_runs):
    groups = ["Children's services", "Health", "Education", "Teacher", "Social worker", "nurse", "across"]
    for name in SET_2013[1:]:
        title = json.loads((two_runs[0] / f"{name}.json").read_text())["title"]
        assert not any(g.lower() in title.lower() for g in groups), title


def test_csv_holds_the_rows_drawn_straight_from_the_table_set(two_runs):
    from analysis.ingest.pipeline import load_wave
    from analysis.tables import table_set

    data = pd.read_csv(two_runs[0] / "fig4_not_confident_by_profession.csv", keep_default_na=False)
    assert set(data["by"]) == {"overall", "profession"}
    # Professions whose base is under 30 (suppressed by the engine) must be neither drawn nor in the CSV,
    # and the figure's notes must name them.
    root = two_runs[0].parents[1]
    estimates = table_set(load_wave("2013", Paths(root)))["estimates"]
    small = estimates[(estimates["by"] == "profession") & (estimates["n"] < 30)
                      & estimates["indicator"].isin(["risk_notconf", "help_notconf"])]
    assert len(small) > 0  # the reconstructed wave has professions with fewer than 30 respondents
    drawn = set(data.loc[data["proportion"] != "", "group"])
    note = " ".join(json.loads((two_runs[0] / "fig4_not_confident_by_profession.json").read_text())["notes"])
    for group in set(small["group"]):
        assert group not in drawn
        assert group in note


def test_a_wave_with_a_previous_wave_gets_the_trend_figure(built_2018):
    paths = Paths(built_2018)  # the figures stage of 2018 run on the bundled waves (tests/conftest.py)
    record = json.loads((paths.figures_dir("2018") / "fig6_across_waves.json").read_text())
    assert record["provenance"] == "illustrative"
    assert record["title"].startswith("Illustrative data: ")  # an invented trend is never stated as a finding
    assert "* Change from the previous wave" in " ".join(record["notes"])
    data = pd.read_csv(paths.figures_dir("2018") / "fig6_across_waves.csv", keep_default_na=False)
    assert set(data["wave"].astype(str)) == {"2013", "2018"}


def test_no_title_states_an_invented_number(two_runs):
    # STUDY.md publishes no share among those with no training in risk assessment (figure 5's first panel,
    # 97.5% in the reconstruction); ITV printed 94% of the 561 with no recovery training.
    titles = {p.stem: json.loads(p.read_text())["title"] for p in two_runs[0].glob("fig*.json")}
    assert titles["fig5_unmet_need_by_sector"] == "Unmet need by sector: 94% would value training in helping " \
                                                  "recovery, among those with none"
    assert not any("97.5%" in t or "98%" in t for t in titles.values())


def test_figure_csvs_say_what_each_number_is(two_runs):
    fig5 = pd.read_csv(two_runs[0] / "fig5_unmet_need_by_sector.csv", keep_default_na=False)
    overall = fig5[fig5["by"] == "overall"].set_index("indicator")
    assert overall.loc["risk_unmet", "number_class"] == "invented"      # an association between two items
    assert overall.loc["recov_unmet", "number_class"] == "published"    # ITV: 94% of the untrained
    assert set(fig5.loc[fig5["by"] == "sector", "number_class"]) == {"invented"}
    fig1 = pd.read_csv(two_runs[0] / "fig1_headline.csv", keep_default_na=False)
    assert set(fig1["number_class"]) == {"published"}


def test_charts_mark_invented_values_in_place_with_a_legend():
    from analysis.figures.captions import Caption
    from analysis.figures.dots import Panel, dot_panels

    def drawn(classes):
        f = pd.DataFrame({"indicator": "a", "by": ["overall", "s"], "group": ["All", "X"], "proportion": [0.62, 0.4],
                          "ci_lower": [0.58, 0.3], "ci_upper": [0.66, 0.5], "n": [692, 231], "flag": "",
                          "number_class": classes})
        fig = dot_panels(f, Caption(title="T"), panels=[Panel("A", ("a",))])
        texts = [t.get_text() for ax in fig.axes for t in ax.texts]
        legends = [t.get_text() for leg in fig.legends for t in leg.get_texts()]
        return texts, legends

    texts, legends = drawn(["published", "invented"])
    assert "62%" in texts and "40%\u2020" in texts
    assert legends == ["Invented by the reconstruction, not published"]
    texts, legends = drawn(["observed", "observed"])   # a real wave: no mark, no legend
    assert "40%" in texts and legends == []


def test_a_figure_no_longer_drawn_is_removed_and_other_outputs_in_the_folder_stay(tmp_path):
    # fig9_old was drawn by an earlier run; the reproduction stage's files share the folder.
    out = tmp_path / "figures"
    out.mkdir()
    for name in ("fig1_headline", "fig9_old"):
        for suffix in (".png", ".svg", ".json", ".csv", "_percentages.csv"):
            (out / (name + suffix)).write_text("x", encoding="utf-8")
    for name in ("reproduction.csv", "reproduction.md"):
        (out / name).write_text("x", encoding="utf-8")
    gone = stage.remove_stale(out, {"fig1_headline"})
    assert gone == ["fig9_old.csv", "fig9_old.json", "fig9_old.png", "fig9_old.svg", "fig9_old_percentages.csv"]
    assert sorted(p.name for p in out.iterdir()) == ["fig1_headline.csv", "fig1_headline.json", "fig1_headline.png",
                                                      "fig1_headline.svg", "fig1_headline_percentages.csv",
                                                      "reproduction.csv", "reproduction.md"]


def test_two_rendering_processes_write_the_bytes_of_one(tmp_path):
    from analysis.figures.captions import Caption
    from analysis.figures.context import Drawn, Skipped
    from analysis.figures.style import new_figure

    def bars(k):
        fig = new_figure()
        fig.add_subplot().bar([0, 1], [k + 1, 2])
        return Drawn(f"f{k}", fig, Caption(title=f"Figure {k}", alt_text=f"Bars {k}."),
                     pd.DataFrame({"group": ["a", "b"], "proportion": [0.1 * k, 0.2]}))

    def builders():  # three figures drawn, one not; the slowest-first figure is the last of the list
        out = [(f"f{k}", lambda k=k: bars(k)) for k in range(3)]
        out.insert(1, ("f_none", lambda: Skipped("f_none", "nothing to draw")))
        out.append(("fig7_published_ranges", lambda: bars(7)))
        return out

    info = type("Info", (), {"name": "w", "provenance": "illustrative", "is_reconstructed": False})()
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    one = stage.render_all(builders(), serial, info, processes=1)
    two = stage.render_all(builders(), parallel, info, processes=2)
    assert [r.name for r in one] == [r.name for r in two] == ["f0", "f_none", "f1", "f2", "f7"]
    assert one == two and isinstance(two[1], Skipped) and two[1].reason == "nothing to draw"
    assert two[0].files == ["f0.png", "f0.svg", "f0_slide.png", "f0_square.png", "f0.csv", "f0_percentages.csv",
                            "f0.json"]
    names = sorted(p.name for p in serial.iterdir())
    # png svg slide square csv json percentages
    assert names == sorted(p.name for p in parallel.iterdir()) and len(names) == 28
    for name in names:
        assert (serial / name).read_bytes() == (parallel / name).read_bytes(), name

def test_headline_description_states_each_value_as_the_chart_labels_it(two_runs):
    # the chart labels 96.5% and 81.1% (their published precision, STUDY.md); the description must not say 96%
    record = json.loads((two_runs[0] / "fig1_headline.json").read_text())
    lines = record["long_description"].splitlines()
    value = next(ln for ln in lines if ln.startswith("Would value training in online risk assessment:"))
    assert value.startswith("Would value training in online risk assessment: 96.5% (95% confidence interval 94.8% to "
                            "97.6%)")
    assert any(ln.startswith("No training in helping recovery from online abuse: 81.1% (") for ln in lines)
