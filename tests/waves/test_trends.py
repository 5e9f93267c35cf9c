"""Trend tables and wave differences, checked against hand counts and Newcombe (1998b) Table II."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.ingest.pipeline import load_wave
from analysis.waves.harmonise import load_harmonisation
from analysis.waves.stage import run, trend_frames, wave_chain
from analysis.waves.trends import DIFF_COLUMNS, TREND_COLUMNS, trend_table, wave_differences


def _trend(paths):
    waves = [load_wave("A", paths), load_wave("B", paths)]
    h = {"B": load_harmonisation(paths.wave_dir("B") / "harmonise.toml")}
    return trend_table(waves, harmonisations=h)


def test_trend_table_counts_by_hand(two_waves):
    t = _trend(two_waves)
    assert list(t.columns) == TREND_COLUMNS
    assert t[["indicator", "wave"]].values.tolist() == [["notconf", "A"], ["notconf", "B"],
                                                         ["untrained", "A"], ["untrained", "B"]]
    assert t["count"].tolist() == [30, 21, 48, 56] and t["n"].tolist() == [80, 70, 80, 70]
    assert t["harmonised"].tolist() == [False, True, False, True]
    assert t.loc[1, "notes"].startswith("conf: wording changed")
    assert t.loc[0, "notes"] == ""
    assert (t["provenance"] == "illustrative").all()


def test_wilson_interval_of_a_trend_row(two_waves):
    t = _trend(two_waves)
    # Wilson 95% for 48/80 by hand (z = 1.959964, z² = 3.841459): centre (48 + 1.920730)/83.841459 = 0.595418,
    # half-width (1.959964/83.841459)·sqrt(48·32/80 + 0.960365) = 0.023377·4.490031 = 0.104964
    row = t.iloc[2]
    assert row["ci_lower"] == pytest.approx(0.490455, abs=5e-6)
    assert row["ci_upper"] == pytest.approx(0.700382, abs=5e-6)


def test_difference_matches_newcombe_table_ii(two_waves):
    d = wave_differences(_trend(two_waves))
    assert list(d.columns) == DIFF_COLUMNS
    row = d[d["indicator"] == "untrained"].iloc[0]
    # Newcombe (1998b) Table II, method 10: 56/70 - 48/80 = 0.2000, 95% CI 0.0524 to 0.3339
    assert (row["wave_from"], row["wave_to"]) == ("A", "B")
    assert row["difference"] == pytest.approx(0.2000, abs=5e-5)
    assert row["ci_lower"] == pytest.approx(0.0524, abs=5e-5)
    assert row["ci_upper"] == pytest.approx(0.3339, abs=5e-5)
    # pooled z by hand: p = 104/150, p(1-p) = 0.212622, se = sqrt(0.212622·(1/70 + 1/80)) = 0.075467,
    # z = 0.2/0.075467 = 2.6502
    assert row["z"] == pytest.approx(2.6502, abs=5e-4)
    assert row["marker"] == "*"
    small = d[d["indicator"] == "notconf"].iloc[0]
    assert small["difference"] == pytest.approx(21 / 70 - 30 / 80)
    assert small["marker"] == ""  # -0.075: z about -0.97, not significant


def test_not_asked_rows_and_no_difference(two_waves):
    (two_waves.wave_dir("B") / "harmonise.toml").write_text(
        'canonical = "A"\nnot_asked = ["trained"]\n[items.conf]\nitem = "conf5"\n'
        'recode = { 1 = 1, 2 = 2, 3 = 3, 4 = 4, 5 = 4 }\nrule = "Extremely as Very."\n')
    # B's training question is another question here, so A's is genuinely not asked
    book = two_waves.codebook("B")
    book.write_text(book.read_text().replace('text = "Have you been trained?"', 'text = "Were you trained this year?"'))
    t = _trend(two_waves)
    gone = t[(t["indicator"] == "untrained") & (t["wave"] == "B")].iloc[0]
    assert gone["flag"] == "not asked" and gone["n"] == 0 and gone["notes"] == "trained: not asked in B."
    assert wave_differences(t)["indicator"].tolist() == ["notconf"]


def test_trends_stage_writes_both_tables(two_waves, capsys):
    assert wave_chain("B", two_waves) == ["A", "B"]
    assert run("B", two_waves) == 0
    out = two_waves.tables_dir("B")
    first = (out / "trend.csv").read_bytes()
    assert first.splitlines()[0].decode() == ",".join(TREND_COLUMNS)
    assert (out / "trend_differences.csv").read_text().count("\n") == 3  # header + 2 indicators
    assert run("B", two_waves) == 0
    assert (out / "trend.csv").read_bytes() == first  # same inputs, same bytes
    assert "untrained: A 60.0% -> B 80.0% (+20.0%" in capsys.readouterr().out


def test_a_wave_without_previous_has_no_trend(two_waves, capsys):
    assert trend_frames("A", two_waves) == (None, None)
    assert run("A", two_waves) == 0
    assert not (two_waves.tables_dir("A") / "trend.csv").exists()


# --------------------------------------------------------------------------- no silent wrong answers

from analysis.errors import InputError  # noqa: E402
from tests.waves.conftest import B_INDICATORS, CODEBOOK_A, CODEBOOK_B, write_wave  # noqa: E402


def _without_harmonisation(paths, indicators=B_INDICATORS):
    (paths.wave_dir("B") / "harmonise.toml").unlink()
    paths.codebook("B").write_text(CODEBOOK_B + indicators)


def test_a_changed_scale_is_never_matched_by_name(two_waves):
    # B's indicators carry A's names, but B asks confidence on five points and training with "Unsure":
    # the old stage matched them by name and published the change as if the questions were the same.
    _without_harmonisation(two_waves)
    with pytest.raises(InputError) as err:
        trend_frames("B", two_waves)
    text = str(err.value)
    assert "indicator 'notconf'" in text and "4-point" in text and "5-point" in text
    assert "indicator 'untrained'" in text and "harmonise.toml" in text
    assert "wording changed" in text  # "How confident are you?" became "How confident do you feel?"


def test_a_question_asked_under_another_name_is_not_marked_not_asked(two_waves):
    # B has no indicator called 'untrained', yet it asks A's training question (item trained3):
    # the old stage wrote a "not asked" row for it.
    _without_harmonisation(two_waves, indicators=B_INDICATORS.split("[indicators.untrained]")[0])
    with pytest.raises(InputError) as err:
        trend_frames("B", two_waves)
    text = str(err.value)
    assert "indicator 'untrained'" in text and "'trained3'" in text and "not_asked" in text


CODEBOOK_C = CODEBOOK_A.replace('name = "A"', 'name = "C"\nprevious = "A"').replace(
    'data = "a.csv"', 'data = "c.csv"').replace('provenance = "illustrative"', 'provenance = "real"')


def _weighted_c(paths, *, weighted=True, population=""):
    book = CODEBOOK_C
    if population:
        book = book.replace('provenance = "real"', f'provenance = "real"\npopulation = "{population}"')
    if weighted:
        book += '[items.wt]\ncolumn = "wt"\ntype = "weight"\n'
    # 70 respondents: conf 7 / 14 / 21 / 28, trained 14 Yes and 56 No; weights 1 for the first 35, 2 after
    cols = {"id": [f"c{i}" for i in range(70)],
            "conf": ["Not at all"] * 7 + ["Not very"] * 14 + ["Fairly"] * 21 + ["Very"] * 28,
            "trained": ["Yes"] * 14 + ["No"] * 56, "wt": ["1"] * 35 + ["2"] * 35}
    write_wave(paths, "C", book, cols)


def test_identical_items_need_no_harmonisation_and_report_effective_n(two_waves):
    _weighted_c(two_waves)
    trend, diffs = trend_frames("C", two_waves)
    row = trend[(trend["indicator"] == "untrained") & (trend["wave"] == "C")].iloc[0]
    # Kish effective n by hand: (35·1 + 35·2)² / (35·1² + 35·2²) = 105² / 175 = 63
    assert row["n"] == 70 and row["effective_n"] == pytest.approx(63.0)
    d = diffs[diffs["indicator"] == "untrained"].iloc[0]
    assert d["n_to"] == 70 and d["effective_n_to"] == pytest.approx(63.0) and d["effective_n_from"] == 80


def test_population_change_is_flagged(two_waves):
    two_waves.codebook("A").write_text(CODEBOOK_A.replace(
        'provenance = "illustrative"', 'provenance = "real"\npopulation = "Children\'s workforce, England"'))
    _weighted_c(two_waves, weighted=False, population="School safeguarding leads, England and Scotland")
    trend, diffs = trend_frames("C", two_waves)
    assert trend.loc[trend["wave"] == "A", "population"].iloc[0] == "Children's workforce, England"
    assert diffs["population_changed"].tolist() == [True, True]
    assert all("population changed" in n for n in diffs["notes"])


REGISTRY_A = """
[[claims]]
id = "notconf"
finding = "notconf"
measure = "share not confident"
statistic = "percent"
indicator = "notconf"
value = 37.5
precision = 1
rounding = "rounded"
base = "all"
source = "the charity's summary"
date = "2014-01-28"
status = "canonical"
"""


def test_a_reconstructed_wave_shows_only_its_published_figures(two_waves):
    two_waves.codebook("A").write_text(CODEBOOK_A.replace('provenance = "illustrative"',
                                                          'provenance = "reconstructed"'))
    (two_waves.wave_dir("A") / "published_figures.toml").write_text(REGISTRY_A)
    trend, diffs = trend_frames("B", two_waves)
    a = trend[trend["wave"] == "A"].set_index("indicator")
    # notconf (30/80 = 37.5%) was published; untrained (48/80) was fixed by the generator: invented
    assert a.loc["notconf", "value_class"] == "published" and a.loc["notconf", "published"] == "37.5%"
    assert a.loc["untrained", "value_class"] == "invented" and a.loc["untrained", "published"] == ""
    assert set(trend.loc[trend["wave"] == "B", "value_class"]) == {"illustrative"}
    # no test of a change from an invented value
    d = diffs.set_index("indicator")
    assert d.loc["notconf", "difference"] == pytest.approx(21 / 70 - 30 / 80)
    assert pd.isna(d.loc["untrained", "difference"]) and d.loc["untrained", "marker"] == ""
    assert "invented" in d.loc["untrained", "notes"]


def test_a_reconstructed_wave_without_registry_is_all_invented(two_waves):
    two_waves.codebook("A").write_text(CODEBOOK_A.replace('provenance = "illustrative"',
                                                          'provenance = "reconstructed"'))
    trend, diffs = trend_frames("B", two_waves)
    assert set(trend.loc[trend["wave"] == "A", "value_class"]) == {"invented"}
    assert diffs["difference"].isna().all() and (diffs["marker"] == "").all()


def test_each_wave_uses_its_codebook_interval_method(two_waves):
    _weighted_c(two_waves)
    book = two_waves.codebook("C")
    book.write_text(book.read_text() + '[tables]\ninterval = "logit"\n')
    trend, _ = trend_frames("C", two_waves)
    assert dict(zip(trend["wave"], trend["method"])) == {"A": "wilson", "C": "logit"}
