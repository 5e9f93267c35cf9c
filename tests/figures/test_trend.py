"""The across-waves figure: only published or real values drawn, each row's base, provenance and population said."""

from __future__ import annotations

import json

import pandas as pd

from analysis.figures.captions import Caption
from analysis.figures.trend import base_notes, shown_rows, trend_dots, trend_notes


def _trend(**extra):
    rows = {"indicator": ["a", "a", "b", "b"], "label": ["Not confident", "Not confident", "Unmet need", "Unmet need"],
            "wave": ["2013", "2018", "2013", "2018"], "wave_order": [0, 1, 0, 1],
            "base": ["all respondents", "all respondents", "those with no training", "those with no training"],
            "n": [692, 420, 485, 165], "effective_n": [692.0, 368.0, 485.0, 150.5],
            "proportion": [0.619942, 0.31, 0.975258, 0.927273], "ci_lower": [0.58, 0.27, 0.96, 0.88],
            "ci_upper": [0.66, 0.36, 0.99, 0.96], "flag": ["", "", "", ""],
            "provenance": ["reconstructed", "real", "reconstructed", "real"],
            "population": ["Children's workforce, England"] * 1 + ["School safeguarding leads, England and Scotland"]
            + ["Children's workforce, England"] + ["School safeguarding leads, England and Scotland"],
            "value_class": ["published", "observed", "invented", "observed"], "published": ["62%", "", "", ""]}
    rows.update(extra)
    return pd.DataFrame(rows)


def test_an_invented_value_is_neither_drawn_nor_labelled():
    trend = _trend()
    shown, notes = shown_rows(trend)
    # the invented 97.5% (a cross-tabulation the generator fixed) keeps its row, without numbers
    invented = shown[(shown["indicator"] == "b") & (shown["wave"] == "2013")].iloc[0]
    assert pd.isna(invented["proportion"]) and pd.isna(invented["ci_lower"])
    assert notes == ["Not shown: Unmet need in 2013, not a published figure (the reconstruction's value is "
                     "invented)."]
    fig = trend_dots(shown, pd.DataFrame({"indicator": ["a"], "wave_to": ["2018"], "marker": ["*"]}),
                     Caption(title="T"))
    texts = sorted(t.get_text() for t in fig.axes[0].texts)
    # the published 2013 figure at its published precision; no label for the invented value
    assert texts == ["31%*", "62%", "93%"]


def test_each_row_says_its_base_and_the_effective_n_of_a_weighted_wave():
    lines = base_notes(_trend())
    assert lines == ["Base for Not confident: all respondents (2013 n=692; 2018 n=420, effective n=368).",
                     "Base for Unmet need: those with no training (2013 n=485; 2018 n=165, effective n=151)."]
    same = base_notes(_trend(n=[692, 420, 692, 420], effective_n=[692.0, 420.0, 692.0, 420.0],
                             base=["all respondents"] * 4))
    assert same == ["Base for Not confident; Unmet need: all respondents (2013 n=692; 2018 n=420)."]


def test_provenance_and_population_change_are_stated():
    notes = " ".join(trend_notes(_trend(), pd.DataFrame({"wave_from": ["2013"], "wave_to": ["2018"],
                                                         "population_changed": [True]})))
    assert "2013 is a reconstructed wave" in notes and "only its published figures are drawn" in notes
    assert ("The population changed: 2013 Children's workforce, England; 2018 School safeguarding leads, England "
            "and Scotland.") in notes


def test_the_stage_draws_no_invented_2013_value(built_2018):
    from analysis.config import Paths

    out = Paths(built_2018).figures_dir("2018")  # the figures stage of 2018 run on the bundled waves (tests/conftest.py)
    record = json.loads((out / "fig6_across_waves.json").read_text())
    notes = " ".join(record["notes"])
    assert "2013 is a reconstructed wave" in notes and "The population changed" in notes
    base = record["base"]
    assert "those who answered" in base and "those with no training in helping recovery" in base
    assert ("Base for Would value training in online risk assessment: those who answered (2013 n=685; "
            "2018 n=315)") in base
    assert "Not shown: Would value training in online risk assessment, among those with none in 2013" in notes
    assert "97.5" not in json.dumps(record)
    data = pd.read_csv(out / "fig6_across_waves.csv", keep_default_na=False)
    row = data[(data["indicator"] == "risk_unmet") & (data["wave"].astype(str) == "2013")].iloc[0]
    assert row["proportion"] == "" and row["value_class"] == "invented"
    published = data[(data["indicator"] == "risk_value") & (data["wave"].astype(str) == "2013")].iloc[0]
    assert published["published"] == "96.5%" and published["value_class"] == "published"


def _differences(effective_n_to):
    return pd.DataFrame({"indicator": ["a", "b"], "label": ["Not confident", "Unmet need"],
                         "wave_from": ["2013", "2013"], "wave_to": ["2018", "2018"],
                         "p_from": [0.619942, 0.975258], "p_to": [0.31, 0.927273], "n_from": [692, 485],
                         "n_to": [420, 165], "effective_n_from": [692.0, 485.0], "effective_n_to": effective_n_to,
                         "difference": [0.31 - 0.619942, None], "marker": ["*", ""], "notes": ["", ""],
                         "population_changed": [True, True]})


def test_the_significance_note_says_the_test_used_the_effective_bases_of_a_weighted_wave():
    from analysis.codebook import load_codebook
    from analysis.figures.context import Context, Drawn
    from analysis.figures.figure_set import across_waves
    from tests.projects import REPO

    ctx = Context(load_codebook(REPO / "data" / "raw" / "2013" / "codebook.toml", wave="2013"))
    at = dict(level=[0.95] * 4, method=["wilson"] * 4, se=[0.02] * 4)
    weighted = across_waves(_trend(**at), _differences([368.0, 150.5]), ctx)
    assert isinstance(weighted, Drawn)
    first = next(n for n in weighted.caption.notes if n.startswith("*"))
    assert first.startswith("* Change from the previous wave is statistically significant at the 5% level "
                            "(two-proportion z test). The test uses each wave's effective base")
    assert "Kish's effective n" in first
    # unweighted waves: effective bases equal the numbers of respondents, and the note says only the test
    plain = across_waves(_trend(effective_n=[692.0, 420.0, 485.0, 165.0], **at), _differences([420.0, 165.0]), ctx)
    assert next(n for n in plain.caption.notes if n.startswith("*")) == ("* Change from the previous wave is statistically significant at the 5% "
                                      "level (two-proportion z test).")
