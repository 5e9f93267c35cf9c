"""Each platform layout's fixture through ``add-wave``, its accepted draft and ``ingest``, to hand-worked counts.

The fixtures (``tests/fixtures/platforms``, written by ``make_platforms.py`` there) hold the same eight
invented respondents in each platform's layout. Worked out by hand from that list:

* Where do you work? Health: respondents 1, 3, 7 (3); Education: 2, 4, 5, 8 (4); Social care: 6 (1).
* How confident? Very: 1, 5 (2); Fairly: 2, 4, 8 (3); Not very: 3, 6 (2); Not at all: 7 (1). In the Stata
  file respondent 3 is ``.a`` (don't know) and 8 is ``.b`` (refused), so Fairly 2 and Not very 1 there.
* Topics (select all that apply): Online safety 1, 2, 5, 8 (4); "Sexting, nudes or semi-nudes" 1, 5, 6 (3);
  Recovery 4, 5 (2); Other 7 (1, typed text only); respondent 3 ticked nothing (7 answered).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pandas as pd
import pytest

from analysis.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "platforms"
SECTOR = {"Health": 3, "Education": 4, "Social care": 1}
CONFIDENCE = {"Very confident": 2, "Fairly confident": 3, "Not very confident": 2, "Not at all confident": 1}
TOPICS = {"Online safety": 4, "Sexting, nudes or semi-nudes": 3, "Recovery": 2, "Other": 1}
PERSONAL = ["example.org", "Ann Smith", "Hal Grey", "192.0.2.", "Mrs Jones", "More sessions", "Managing parents"]

CASES = {
    "smartsurvey.csv": ("layout: SmartSurvey CSV (2 header rows)", "Q1. Where do you work?",
                        "Q3. How confident are you assessing online risk?", True),
    "jisc_online_surveys.csv": ("layout: Jisc Online Surveys CSV (1 header row)", "1. Where do you work?",
                                "3. How confident are you assessing online risk?", True),
    "jisc_online_surveys.xlsx": ("layout: Jisc Online Surveys XLSX (1 header row)", "1. Where do you work?",
                                 "3. How confident are you assessing online risk?", True),
    "microsoft_forms.xlsx": ("layout: Microsoft Forms XLSX (1 header row; ticked options joined by ';')",
                             "Where do you work?", "How confident are you assessing online risk?", False),
    "google_forms.csv": ("layout: Google Forms CSV (1 header row; ticked options joined by ', ')",
                         "Where do you work?", "How confident are you assessing online risk?", False),
}


def _accept(paths, wave: str) -> dict:
    """The draft with its DRAFT header removed, as an analyst accepts it; its items."""
    text = paths.codebook(wave).read_text(encoding="utf-8")
    accepted = text[text.index("\n[wave]\n") + 1:]
    paths.codebook(wave).write_text(accepted, encoding="utf-8")
    return tomllib.loads(accepted)["items"]


def _name(items: dict, column: str) -> str:
    return next(name for name, item in items.items() if item.get("column") == column)


@pytest.mark.parametrize("export", sorted(CASES))
def test_platform_export_to_ingest(export, project, capsys):
    line, sector, confidence, has_multi = CASES[export]
    assert main(["add-wave", str(FIXTURES / export), "--wave", "2024"]) == 0
    out = capsys.readouterr().out
    assert f"\n  {line}\n" in out
    items = _accept(project, "2024")
    assert main(["validate", "--wave", "2024"]) == 0
    out = capsys.readouterr().out
    assert "2024: valid: 8 respondents" in out and f"\n  {line}\n" in out
    assert main(["ingest", "--wave", "2024"]) == 0
    frame = pd.read_parquet(project.processed_frame("2024"))
    assert len(frame) == 8
    assert frame[_name(items, sector)].value_counts().to_dict() == SECTOR
    assert frame[_name(items, confidence)].value_counts().to_dict() == CONFIDENCE
    if has_multi:
        multi = next(name for name, item in items.items() if item["type"] == "multi")
        labels = list(items[multi]["options"].values())
        ticked = {label: int(frame[f"{multi}__{k}"].sum()) for k, label in enumerate(labels, start=1)}
        assert ticked == TOPICS
        assert int(frame[f"{multi}__1"].notna().sum()) == 7
    text = frame.to_csv() + " ".join(frame.columns)
    assert not [p for p in PERSONAL if p in text]


def test_smartsurvey_second_header_row_is_never_respondent_one(project, capsys):
    # Read as a plain CSV, the option-label row would be respondent 1 with a blank UserID (9 rows, not 8).
    assert main(["add-wave", str(FIXTURES / "smartsurvey.csv"), "--wave", "2024"]) == 0
    assert "(smartsurvey, 8 rows)" in capsys.readouterr().out


def test_stata_export_to_ingest(project, capsys):
    assert main(["add-wave", str(FIXTURES / "stata_v15.dta"), "--wave", "2024"]) == 0
    assert "\n  layout: Stata .dta\n" in capsys.readouterr().out
    items = _accept(project, "2024")
    assert items["sector"]["text"] == "Where do you work?"  # variable labels are the question texts
    assert items["conf"]["missing"] == {".a": {"label": "Don't know", "kind": "dont_know"},
                                        ".b": {"label": "Refused", "kind": "refused"}}
    # years holds numbers and .a: the analyst types it numeric, .a a missing kind, as the draft's note asks.
    text = project.codebook("2024").read_text(encoding="utf-8")
    start = text.index("[items.years]")
    end = text.find("\n[", start + 1)
    text = text[:start] + ('[items.years]\ncolumn = "years"\ntype = "numeric"\nmissing = { ".a" = "dont_know" }\n'
                           + (text[end:] if end != -1 else ""))
    project.codebook("2024").write_text(text, encoding="utf-8")
    assert main(["ingest", "--wave", "2024"]) == 0
    frame = pd.read_parquet(project.processed_frame("2024"))
    assert frame["sector"].value_counts().to_dict() == SECTOR
    assert frame["conf"].value_counts().to_dict() == {"Very confident": 2, "Fairly confident": 2,
                                                      "Not very confident": 1, "Not at all confident": 1,
                                                      "Don't know": 1, "Refused": 1}
    assert frame["years"].sum() == 3 + 12 + 1 + 25 + 7 + 2 + 4 and frame["years"].isna().sum() == 1


def test_stata_variable_labels_let_the_harmonisation_draft_match(project, capsys):
    # Wave 2023 is the SmartSurvey export with one indicator on confidence; 2024 the Stata file, whose
    # variable labels carry the same question texts: the draft maps conf onto the 2023 item.
    assert main(["add-wave", str(FIXTURES / "smartsurvey.csv"), "--wave", "2023"]) == 0
    items = _accept(project, "2023")
    conf = _name(items, "Q3. How confident are you assessing online risk?")
    with project.codebook("2023").open("a", encoding="utf-8") as handle:
        handle.write(f'\n[indicators.not_conf]\nitem = "{conf}"\ncodes = [1, 2]\nlabel = "Not confident"\n')
    assert main(["add-wave", str(FIXTURES / "stata_v15.dta"), "--wave", "2024"]) == 0
    draft = tomllib.loads((project.wave_dir("2024") / "harmonise.draft.toml").read_text(encoding="utf-8"))
    assert draft["items"][conf]["item"] == "conf"
