"""Every table, caption and figure note says how many respondents a breakdown leaves out, and why.

The counts are computed once by the ``tables`` stage (``tables.json``), protected by the
``protect`` stage (``protected.json``: a count below the threshold is "fewer than 10" under
the strict policy, and no subtraction of published bases gives it back), and read by the
figures and the report.
"""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest

from analysis.figures import stage as figures_stage
from analysis.protect import stage as protect_stage
from analysis.report.assemble import report_tables
from analysis.tables import run as tables_run
from analysis.waves.stage import read_protected_trend
from tests.projects import bundled_project, copy_project

SETTING, OTHER_TEXT = 9, 10  # columns of the setting question and its "Other (please specify)" text
STRICT = '[disclosure]\npolicy = "strict"\nthreshold = 10\n'


def _edit_2018(paths, edit):
    path = paths.wave_dir("2018") / "illustrative_2018_surveymonkey.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    for i, row in enumerate(rows[2:]):
        edit(i, row)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8", newline="")


def _blanks(paths):
    path = paths.wave_dir("2018") / "illustrative_2018_surveymonkey.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))[2:]
    return [i for i, r in enumerate(rows) if not r[SETTING] and not r[OTHER_TEXT]]


def test_2013_other_sector_is_a_group_so_nobody_is_left_out(tmp_path, built_2013):
    # STUDY.md: the three named sectors sum to 682 of 692, "so 10 respondents are outside the three";
    # the codebook codes them 4 = "Other", a group of the breakdown, not a missing code.
    paths = copy_project(built_2013, tmp_path)  # the bundled wave, its stages run once (tests/conftest.py)
    assert tables_run("2013", paths) == 0
    record = json.loads((paths.tables_dir("2013") / "tables.json").read_text())
    assert record["left_out"]["breakdowns"]["sector"] == {"respondents": 692, "count": 0, "reasons": []}
    est = pd.read_csv(paths.tables_dir("2013") / "estimates.csv")
    rows = est[(est["indicator"] == "risk_notconf") & (est["base_name"] == "all") & (est["by"] == "sector")]
    assert dict(zip(rows["group"], rows["n"])) == {"Children's services (LSCB)": 231, "Health (PCT)": 278,
                                                   "Education (LEA)": 173, "Other": 10}
    assert figures_stage.run("2013", paths) == 0
    notes = " ".join(" ".join(json.loads(p.read_text())["notes"]) for p in paths.figures_dir("2013").glob("fig*.json"))
    assert "not in the sector breakdown" not in notes


def test_csv_blank_breakdown_answers_are_counted_and_stated(tmp_path, built_2018):
    # The illustrative 2018 SurveyMonkey CSV: 320 respondents, 12 left the setting question blank
    # (and wrote no "Other" text). Hand count from the export, not from the toolkit.
    paths = copy_project(built_2018, tmp_path)  # the bundled waves, 2018's figures drawn once (tests/conftest.py)
    assert len(_blanks(paths)) == 12
    assert tables_run("2018", paths) == 0
    record = json.loads((paths.tables_dir("2018") / "tables.json").read_text())
    assert record["left_out"]["breakdowns"]["setting"] == {
        "respondents": 320, "count": 12, "reasons": [{"reason": "did not answer", "count": 12}]}
    assert figures_stage.run("2018", paths) == 0
    sentence = "12 of the 320 respondents are not in the setting breakdown (308 are): 12 did not answer."
    by_setting = [json.loads(p.read_text()) for p in paths.figures_dir("2018").glob("fig*.json")
                  if "each setting" in json.loads(p.read_text())["subtitle"]]
    assert by_setting
    for fig in by_setting:
        assert sentence in fig["notes"]
    frames, _, protected = protect_stage.read_protected("2018", paths)
    from analysis.codebook import load_codebook

    cb = load_codebook(paths.codebook("2018"), wave="2018")
    tables = report_tables(cb, frames, left_out=protected["left_out"])
    breakdown_tables = [t for t in tables if t.title.endswith("by setting")]
    assert breakdown_tables and all(sentence in t.notes for t in breakdown_tables)


def test_a_missing_code_on_the_breakdown_is_a_stated_reason(tmp_path):
    paths = bundled_project(tmp_path, with_2018=True)
    codebook = paths.codebook("2018")
    text = codebook.read_text(encoding="utf-8")
    old = 'codes = { 1 = "Primary school", 2 = "Secondary school", 3 = "Other" }'
    assert old in text
    codebook.write_text(text.replace(old, old + '\nmissing = { 9 = { label = "Prefer not to say", kind = "no_answer" } }'),
                        encoding="utf-8")
    blanks = _blanks(paths)[:4]

    def edit(i, row):
        if i in blanks:
            row[SETTING] = "Prefer not to say"
    _edit_2018(paths, edit)
    assert tables_run("2018", paths) == 0
    entry = json.loads((paths.tables_dir("2018") / "tables.json").read_text())["left_out"]["breakdowns"]["setting"]
    assert entry["reasons"] == [{"reason": "did not answer", "count": 8},
                                {"reason": 'answered "Prefer not to say"', "count": 4}]
    est = pd.read_csv(paths.tables_dir("2018") / "estimates.csv")
    assert "Prefer not to say" not in set(est["group"])


@pytest.fixture
def four_left_out(tmp_path):
    """The 2018 wave with only four blank settings (eight filled in as primary school)."""
    paths = bundled_project(tmp_path, with_2018=True)
    fill = _blanks(paths)[:8]

    def edit(i, row):
        if i in fill:
            row[SETTING] = "Primary school"
    _edit_2018(paths, edit)
    return paths


def test_under_the_strict_policy_a_small_left_out_count_is_fewer_than_10_and_cannot_be_subtracted(four_left_out):
    paths = four_left_out
    (paths.wave_dir("2018") / "report.toml").write_text(STRICT, encoding="utf-8")
    assert tables_run("2018", paths) == 0
    assert protect_stage.run("2018", paths) == 0
    frames, _, record = protect_stage.read_protected("2018", paths)
    entry = record["left_out"]["breakdowns"]["setting"]
    assert entry["count"] is None and entry["text"] == "fewer than 10"
    assert record["audit_exposed"] == 0
    est = frames["estimates"]
    for _, rows in est[est["base"] == "all respondents"].groupby("indicator"):
        overall = rows[rows["by"] == "overall"]["n"]
        groups = rows[rows["by"] == "setting"]["n"]
        # 4 = overall n less every group's n: at least one of them must be withheld.
        assert overall.isna().any() or groups.isna().any()
    assert figures_stage.run("2018", paths) == 0
    notes = [n for p in paths.figures_dir("2018").glob("fig*.json") for n in json.loads(p.read_text())["notes"]]
    assert "Fewer than 10 of the 320 respondents are not in the setting breakdown: they did not answer." in notes
    assert not any("4 of the 320" in n or "(316 are)" in n for n in notes)


def test_under_the_sample_survey_policy_the_left_out_count_is_exact(four_left_out):
    # That policy publishes counts inside adequate groups (as it publishes a "Don't know" count of 8).
    paths = four_left_out
    assert tables_run("2018", paths) == 0
    assert protect_stage.run("2018", paths) == 0
    _, _, record = protect_stage.read_protected("2018", paths)
    assert record["left_out"]["breakdowns"]["setting"]["text"] == "4"


def test_a_rows_filter_is_stated_as_a_reason(four_left_out):
    paths = four_left_out
    codebook = paths.codebook("2018")
    text = codebook.read_text(encoding="utf-8")
    column = "Have you received any training on assessing online risks to children?"
    codebook.write_text(text.replace("[tables]", f'[rows]\nkeep = {{ "{column}" = ["Yes", "No"] }}\n\n[tables]', 1),
                        encoding="utf-8")
    path = paths.wave_dir("2018") / "illustrative_2018_surveymonkey.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    col = rows[0].index(column)
    removed = sum(1 for r in rows[2:] if r[col] not in ("Yes", "No"))
    assert removed > 0
    assert tables_run("2018", paths) == 0
    record = json.loads((paths.tables_dir("2018") / "tables.json").read_text())
    assert record["left_out"]["rows filter"]["count"] == removed
    assert record["left_out"]["rows filter"]["rows"] == 320


def test_the_trend_table_marks_invented_2013_values_in_place(tmp_path, built_2018):
    # STUDY.md publishes no share among those with no training in risk assessment: the reconstruction's
    # 97.5% there is invented; the trend table marks it where it stands, with a legend.
    paths = copy_project(built_2018, tmp_path)  # the bundled waves, their tables protected once (tests/conftest.py)
    from analysis.codebook import load_codebook

    frames, _, protected = protect_stage.read_protected("2018", paths)
    frames = {**frames, **read_protected_trend("2018", paths)}
    trend = frames["trend"]
    invented = trend[trend["value_class"].astype(str) == "invented"]
    assert len(invented) and set(invented["wave"].astype(str)) == {"2013"}
    cb = load_codebook(paths.codebook("2018"), wave="2018")
    table = next(t for t in report_tables(cb, frames, left_out=protected["left_out"]) if t.id == "wave-comparison")
    keys = [c.key for c in table.columns]
    marked = [r for r in table.rows if str(r[keys.index("wave")]).endswith("\u2020")]
    assert len(marked) == len(invented)
    assert any(n.startswith("\u2020 A value the reconstruction") for n in table.notes)
