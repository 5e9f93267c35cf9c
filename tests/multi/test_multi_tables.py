"""Multi-select tables end to end: option shares, options ticked, protection, workbook and HTML.

The export is built here so that every count follows from how it is built (ids 1-200):
sector Health 1-100, Education 101-172, Police 173-200; topics (blank/1 columns) Grooming
ticked by 1-120, Sexting by 60-160, Recovery by 1-3 and 150-180; 181-200 ticked nothing, so
those who answered are ids 1-180 (answered = "any").

By hand, among those who answered:
- overall (n 180): Grooming 120, Sexting 101, Recovery 34;
- Health (1-100, n 100): 100, 41 (60-100), 3 (1-3); Education (101-172, n 72): 20 (101-120),
  60 (101-160), 23 (150-172); Police (173-180, n 8): 0, 0, 8;
- options ticked: two by 1-3, 60-120 and 150-160 (3 + 61 + 11 = 75), one by the other 105;
  mean (105 + 2 x 75) / 180 = 255 / 180.
"""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.cli import main
from tests.ingest.demo import codebook_head
from tests.projects import empty_project

ITEMS = '''
[items.sector]
column = "Q1"
type = "single"
codes = { 1 = "Health", 2 = "Education", 3 = "Police" }

[items.topics]
type = "multi"
text = "Which topics would you like training on? (Select all that apply)"
options = { T1 = "Grooming", T2 = "Sexting", T3 = "Recovery" }
selected = "blank/1"

[tables]
breakdowns = ["sector"]
'''


def _export() -> str:
    lines = ["id,Q1,T1,T2,T3"]
    for i in range(1, 201):
        sector = 1 if i <= 100 else 2 if i <= 172 else 3
        ticks = [i <= 120, 60 <= i <= 160, i <= 3 or 150 <= i <= 180]
        lines.append(",".join([str(i), str(sector)] + ["1" if t else "" for t in ticks]))
    return "\r\n".join(lines) + "\r\n"


def _wave(project, policy: str = ""):
    folder = project.root / "data" / "raw" / "demo"
    folder.mkdir(parents=True)
    (folder / "codebook.toml").write_text(codebook_head(data="x.csv") + ITEMS, encoding="utf-8")
    (folder / "x.csv").write_text(_export(), encoding="utf-8")
    if policy:
        (folder / "report.toml").write_text(f'[disclosure]\npolicy = "{policy}"\nthreshold = 10\n', encoding="utf-8")
    return folder


def _read(project, *parts):
    return pd.read_csv(project.processed.joinpath("demo", *parts), keep_default_na=False, na_values=[""])


def test_option_shares_and_options_ticked_equal_the_hand_counts(project, capsys):
    _wave(project)
    assert main(["tables", "--wave", "demo"]) == 0
    t = _read(project, "tables", "options.csv")
    shares = t[t["kind"] == "option"]
    overall = shares[shares["by"] == "overall"]
    assert overall[["option", "count", "n"]].values.tolist() == [["Grooming", 120, 180], ["Sexting", 101, 180],
                                                                ["Recovery", 34, 180]]
    assert overall["proportion"].tolist() == pytest.approx([120 / 180, 101 / 180, 34 / 180], rel=1e-9)
    by = shares[shares["by"] == "sector"]
    assert by[["option", "group", "count", "n"]].values.tolist() == [
        ["Grooming", "Health", 100, 100], ["Grooming", "Education", 20, 72], ["Grooming", "Police", 0, 8],
        ["Sexting", "Health", 41, 100], ["Sexting", "Education", 60, 72], ["Sexting", "Police", 0, 8],
        ["Recovery", "Health", 3, 100], ["Recovery", "Education", 23, 72], ["Recovery", "Police", 8, 8]]
    assert set(shares["base"]) == {"those who answered the question"}
    ticked = t[(t["kind"] == "ticked") & (t["by"] == "overall")]
    assert ticked[["category", "count", "n"]].values.tolist() == [["1 option", 105, 180], ["2 options", 75, 180]]
    mean = _read(project, "tables", "options_mean.csv")
    assert mean.loc[mean["by"] == "overall", "mean"].iloc[0] == pytest.approx(255 / 180, rel=1e-9)
    tests = _read(project, "tables", "options_tests.csv")
    assert tests[["item", "by", "groups", "n", "tables"]].values.tolist() == [["topics", "sector", 3, 180, 3]]


def test_an_indicator_of_any_of_these_options(project):
    folder = _wave(project)
    with open(folder / "codebook.toml", "a", encoding="utf-8") as f:
        f.write('\n[indicators.sexting_or_recovery]\nitem = "topics"\ncodes = ["Sexting", "Recovery"]\n'
                'label = "Wants training on sexting or recovery"\nbase = "answered"\n')
    assert main(["tables", "--wave", "demo"]) == 0
    est = _read(project, "tables", "estimates.csv")
    row = est[(est["indicator"] == "sexting_or_recovery") & (est["by"] == "overall") & (est["base_name"] == "answered")]
    # ticked Sexting or Recovery: 1-3, 60-180 -> 3 + 121 = 124 of the 180 who answered
    assert row[["count", "n"]].values.tolist() == [[124, 180]]


def test_strict_policy_withholds_a_small_option_count_and_one_beside_it(project, capsys):
    _wave(project, "strict")
    main(["protect", "--wave", "demo"])
    p = _read(project, "protected", "options.csv")
    recovery = p[(p["kind"] == "option") & (p["option"] == "Recovery") & (p["by"] == "sector")]
    health = recovery[recovery["group"] == "Health"].iloc[0]
    assert health["disclosure"] == "primary" and pd.isna(health["count"])  # 3 people
    assert (recovery["disclosure"].fillna("") != "").sum() >= 2  # and it cannot be worked out from the overall row
    log = _read(project, "protected", "withheld.csv")
    assert any(str(i).startswith("topics__3") for i in log["indicator"])


def test_sample_survey_policy_withholds_the_small_group(project, capsys):
    _wave(project)
    main(["protect", "--wave", "demo"])
    p = _read(project, "protected", "options.csv")
    police = p[(p["by"] == "sector") & (p["group"] == "Police")]
    assert len(police) and (police["disclosure"] != "").all() and police["proportion"].isna().all()
    mean = _read(project, "protected", "options_mean.csv")
    assert mean.loc[mean["group"] == "Police", "mean"].isna().all()


@pytest.fixture(scope="module")
def through_every_stage(tmp_path_factory):
    """The wave through every stage (``all``), once for the tests that read what it wrote."""
    root = tmp_path_factory.mktemp("all_demo")
    project = empty_project(root)
    _wave(project)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SURVEYKIT_ROOT", str(root))
        status = main(["all", "--wave", "demo"])
    return project, status


def test_workbook_and_html_show_the_option_tables(through_every_stage):
    project, status = through_every_stage
    assert status in (0, 1)
    html = (project.root / "reports" / "demo" / "demo.html").read_text(encoding="utf-8")
    assert "Which topics would you like training on? (Select all that apply): each option" in html
    assert "Shares do not add up to 100%" in html
    from openpyxl import load_workbook

    book = load_workbook(project.root / "reports" / "demo" / "demo.xlsx")
    cells = {str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None}
    assert any("each option" in c for c in cells) and "Grooming" in cells


def test_the_option_figure_is_sorted_with_intervals_and_says_shares_overlap(through_every_stage):
    project, status = through_every_stage  # the figures stage ran within `all`
    assert status in (0, 1)
    import json

    folder = project.root / "figures" / "demo"
    data = pd.read_csv(folder / "fig_options_topics.csv")
    drawn = data[data["by"] == "overall"]
    assert drawn["option"].tolist() == ["Grooming", "Sexting", "Recovery"]  # 120, 101, 34 of 180
    assert drawn[["ci_lower", "ci_upper"]].notna().all().all()
    meta = json.loads((folder / "fig_options_topics.json").read_text(encoding="utf-8"))
    text = json.dumps(meta)
    assert "Grooming was ticked most: 67% of those who answered" in text  # 120 / 180
    assert "Shares do not add up to 100%" in text
