"""Drafts that do not invite wrong numbers: free text never drafted as a coded item, scales ordered by their wording.

Every expected number is counted by hand from the rows each test writes.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.cli import main
from analysis.waves.draft import draft_codebook
from analysis.waves.draft_toml import draft_toml
from analysis.waves.add_wave import DRAFT_MARK

CONFIDENCE = ["Very confident", "Fairly confident", "Neither confident nor unconfident", "Not very confident",
              "Not at all confident"]


def _raw(columns: dict, *, labels: dict | None = None):
    from analysis.ingest.readers import RawExport

    raw = RawExport(Path("x.csv"), pd.DataFrame(columns, dtype="string"), "csv")
    raw.question_text.update(labels or {})
    return raw


def _accept(project, wave: str, extra: str = "") -> None:
    """Accept the draft as it stands: drop its header comments (the DRAFT mark) and append ``extra``."""
    path = project.codebook(wave)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith(DRAFT_MARK)
    body = "\n".join(lines[next(i for i, x in enumerate(lines) if not x.startswith("#")):])
    path.write_text(body + "\n" + extra, encoding="utf-8")


def _processed_text(project) -> str:
    """Every cell and column name of every processed frame, and the bytes of every other processed file."""
    parts = []
    for path in sorted(Path(project.root, "data", "processed").rglob("*")):
        if path.suffix == ".parquet":
            frame = pd.read_parquet(path)
            parts.append(" ".join(map(str, frame.columns)))
            parts.extend(frame.astype(str).to_numpy().ravel().tolist())
        elif path.is_file():
            parts.append(path.read_bytes().decode("utf-8", errors="replace"))
    return "\n".join(parts)


# --------------------------------------------------------------------------- free text

#: 43 comments among 420 respondents: 33 that repeat ("No" 20, "None" 8, "N/A" 5) and 10 given once.
COMMENTS = (["No"] * 20 + ["None"] * 8 + ["N/A"] * 5 + [
    "Mrs Jones at St Mary's was really helpful with the referral",
    "More training on apps please", "The LADO process was slow", "Good session",
    "We need more time for this in INSET days", "Parents need training too", "Useful",
    "Could the slides be shared afterwards?", "Not enough about gaming platforms", "Thanks"])


def _comments_sav(path: Path) -> Path:
    import numpy as np
    import pyreadstat

    n = 420
    comment = [""] * n
    for k, text in enumerate(COMMENTS):
        comment[k * 9] = text  # every ninth respondent left a comment
    frame = pd.DataFrame({"RespID": np.arange(1, n + 1, dtype=float),
                          "conf": np.array([1.0, 2.0, 3.0, 4.0] * (n // 4)),
                          "Q20": comment})
    pyreadstat.write_sav(frame, str(path), column_labels=["Respondent ID", "How confident are you?",
                                                          "Is there anything you would like to add?"],
                         variable_value_labels={"conf": {1.0: "Not at all confident", 2.0: "Not very confident",
                                                         3.0: "Fairly confident", 4.0: "Very confident"}})
    return path


def test_a_sav_comment_string_never_reaches_processed_data(project, tmp_path, capsys):
    export = _comments_sav(tmp_path / "export.sav")
    assert main(["add-wave", str(export), "--wave", "2019"]) == 0
    draft = project.codebook("2019").read_text(encoding="utf-8")
    assert "\n[items.q20]\n" in draft and 'type = "text"' in draft.split("[items.q20]")[1]
    _accept(project, "2019")
    assert main(["validate", "--wave", "2019"]) == 0
    assert main(["ingest", "--wave", "2019"]) == 0
    frame = pd.read_parquet(project.processed_frame("2019"))
    assert len(frame) == 420 and "q20" not in frame.columns
    text = _processed_text(project)
    assert "Mrs Jones" not in text and "St Mary" not in text and "LADO" not in text


@pytest.mark.parametrize("column, text", [
    ("Q1_4_TEXT", ""),  # Qualtrics: the typed answer of an "Other" choice
    ("Other (please specify)", ""),  # JISC Online Surveys: the "Other" box of a question
    ("q9", "Which role do you hold? - Other, please specify"),
    ("Comments", ""),
])
def test_open_questions_are_drafted_as_text_even_when_some_answers_repeat(column, text):
    answers = ["Ofsted", "Ofsted", "Local authority", "", "Ofsted", "Our MAT", "", "Ofsted"] * 2 + ["Mrs Jones"]
    raw = _raw({"id": [str(i) for i in range(len(answers))], column: answers}, labels={column: text})
    items = draft_codebook(raw, "w", data_file="x.csv")["items"]
    (item,) = [i for i in items.values() if i["column"] == column]
    assert item["type"] == "text" and "codes" not in item


def test_an_open_question_whose_answers_repeat_like_labels_stays_coded():
    answers = ["Primary", "Secondary"] * 15
    raw = _raw({"id": [str(i) for i in range(30)], "Phase (please specify)": answers})
    item = draft_codebook(raw, "w", data_file="x.csv")["items"]["phase_please_specify"]
    assert item["type"] == "single" and set(item["codes"].values()) == {"Primary", "Secondary"}


def test_validate_warns_when_a_single_item_holds_free_text(project, capsys):
    from analysis.waves.typing_warnings import typing_warnings
    from analysis.codebook import parse_codebook
    from tests.ingest.demo import codebook_head

    labels = sorted(set(COMMENTS))
    raw = _raw({"id": [str(i) for i in range(len(COMMENTS))], "remarks": COMMENTS})
    codes = ", ".join(f'{k} = "{x}"' for k, x in enumerate(labels, start=1))
    book = parse_codebook(codebook_head(name="w", data="x.csv")
                          + f'[items.remarks]\ncolumn = "remarks"\ntype = "single"\ncodes = {{ {codes} }}\n')
    lines = typing_warnings(book, raw)
    assert len(lines) == 1 and lines[0].startswith("item remarks (column 'remarks') is typed single but its "
                                                   "answers look like free text (10 different answers given once")


# --------------------------------------------------------------------------- scales


def _scale_export(order: list[str]) -> list[str]:
    """500 answers: Very 120, Fairly 181, Neither 60, Not very 89, Not at all 50, first appearing in ``order``."""
    counts = {"Very confident": 120, "Fairly confident": 181, "Neither confident nor unconfident": 60,
              "Not very confident": 89, "Not at all confident": 50}
    answers = list(order)
    for label, k in counts.items():
        answers += [label] * (k - 1)
    return answers


@pytest.mark.parametrize("order", [
    # first appearances Very, Neither, Fairly ...: numbered so, codes [1, 2] read Very + Neither = 180/500 = 36%
    ["Very confident", "Neither confident nor unconfident", "Fairly confident", "Not very confident",
     "Not at all confident"],
    list(reversed(CONFIDENCE)),  # worst-first
])
def test_a_best_first_scale_is_numbered_in_scale_order(project, tmp_path, order):
    answers = _scale_export(order)
    export = tmp_path / "export.csv"
    export.write_text("id,conf\n" + "".join(f"{i},{a}\n" for i, a in enumerate(answers, start=1)), encoding="utf-8")
    assert main(["add-wave", str(export), "--wave", "2020"]) == 0
    conf = draft_codebook(_raw({"id": [str(i) for i in range(500)], "conf": answers}), "w",
                          data_file="x.csv")["items"]["conf"]
    assert conf["type"] == "ordinal"
    assert list(conf["codes"].values()) == list(reversed(CONFIDENCE))
    _accept(project, "2020", '[indicators.notconf]\nitem = "conf"\ncodes = [1, 2]\nlabel = "Not confident"\n')
    assert main(["tables", "--wave", "2020"]) == 0
    est = pd.read_csv(project.tables_dir("2020") / "estimates.csv")
    row = est[(est["indicator"] == "notconf") & (est["group"] == "All")].iloc[0]
    # Not very 89 + Not at all 50 = 139 of 500 = 27.8 %
    assert (row["count"], row["n"]) == (139, 500) and row["proportion"] == pytest.approx(0.278, abs=1e-12)


@pytest.mark.parametrize("labels, expected", [
    (["Very confident", "Quite confident", "Neither confident nor unconfident", "Not very confident",
      "Not at all confident"],
     ["Not at all confident", "Not very confident", "Neither confident nor unconfident", "Quite confident",
      "Very confident"]),
    (["Strongly agree", "Tend to agree", "Neither agree nor disagree", "Tend to disagree", "Strongly disagree"],
     ["Strongly disagree", "Tend to disagree", "Neither agree nor disagree", "Tend to agree", "Strongly agree"]),
    (["Very satisfied", "Fairly satisfied", "Neither satisfied nor dissatisfied", "Fairly dissatisfied",
      "Very dissatisfied"],
     ["Very dissatisfied", "Fairly dissatisfied", "Neither satisfied nor dissatisfied", "Fairly satisfied",
      "Very satisfied"]),
    (["Very likely", "Fairly likely", "Not very likely", "Not at all likely"],
     ["Not at all likely", "Not very likely", "Fairly likely", "Very likely"]),
    (["Always", "Often", "Sometimes", "Rarely", "Never"], ["Never", "Rarely", "Sometimes", "Often", "Always"]),
    (["Slightly agree", "Agree", "Strongly agree", "Neither agree nor disagree", "Slightly disagree", "Disagree",
      "Strongly disagree"],
     ["Strongly disagree", "Disagree", "Slightly disagree", "Neither agree nor disagree", "Slightly agree", "Agree",
      "Strongly agree"]),
])
def test_common_scales_in_either_direction(labels, expected):
    answers = (labels + ["Prefer not to say", "Don't know", "Not applicable"]) * 3
    conf = draft_codebook(_raw({"id": [str(i) for i in range(len(answers))], "q": answers}), "w",
                          data_file="x.csv")["items"]["q"]
    assert conf["type"] == "ordinal" and list(conf["codes"].values()) == expected
    assert [m["kind"] for m in conf["missing"].values()] == ["refused", "dont_know", "not_asked"]


def test_a_scale_that_cannot_be_ordered_is_marked_and_named_by_validate(project, tmp_path, capsys):
    answers = ["Very", "Quite", "Fairly", "Very", "Quite", "Fairly"] * 5
    export = tmp_path / "export.csv"
    export.write_text("id,conf\n" + "".join(f"{i},{a}\n" for i, a in enumerate(answers, start=1)), encoding="utf-8")
    assert main(["add-wave", str(export), "--wave", "2021"]) == 0
    draft = project.codebook("2021").read_text(encoding="utf-8")
    assert "# SCALE NOT ORDERED: item conf" in draft
    _accept(project, "2021")
    capsys.readouterr()
    assert main(["validate", "--wave", "2021"]) == 0
    out = capsys.readouterr().out
    warned = [line for line in out.splitlines() if "not put in order" in line]
    assert len(warned) == 1 and "item conf (column 'conf')" in warned[0]


def test_a_sav_scale_coded_best_first_is_ordinal(tmp_path):
    import pyreadstat

    from analysis.ingest.readers import read_export

    frame = pd.DataFrame({"id": [1.0, 2.0, 3.0, 4.0], "conf": [1.0, 2.0, 3.0, 4.0]})
    pyreadstat.write_sav(frame, str(tmp_path / "x.sav"), variable_value_labels={"conf": {
        1.0: "Very confident", 2.0: "Fairly confident", 3.0: "Not very confident", 4.0: "Not at all confident"}})
    conf = draft_codebook(read_export(tmp_path / "x.sav"), "w", data_file="x.sav")["items"]["conf"]
    assert conf["type"] == "ordinal" and conf["codes"]["1"] == "Very confident"
    assert "from the top of the scale down" in conf["note"]


def test_draft_is_deterministic_with_the_new_notes():
    answers = _scale_export(CONFIDENCE)
    raw = _raw({"id": [str(i) for i in range(500)], "conf": answers})
    assert draft_toml(raw, "w", data_file="x.csv") == draft_toml(raw, "w", data_file="x.csv")


# --------------------------------------------------------------------------- a proposed [design]


@pytest.mark.parametrize("cluster", ["school_id", "URN", "psu", "site"])
def test_a_cluster_id_beside_a_weight_proposes_a_commented_design(cluster):
    from analysis.codebook import parse_codebook

    n = 40
    raw = _raw({"id": [str(i) for i in range(n)], cluster: [str(100000 + i // 8) for i in range(n)],
                "weight": [f"{0.6 + (i % 5) * 0.2:.1f}" for i in range(n)], "trained": ["Yes", "No"] * (n // 2)})
    text = draft_toml(raw, "w", data_file="x.csv")
    book = draft_codebook(raw, "w", data_file="x.csv")
    name = next(k for k, v in book["items"].items() if v["column"] == cluster)
    assert f'# [design]\n# weight = "weight"\n# cluster = "{name}"\n' in text
    assert parse_codebook(text).design is None  # proposed, not used until the analyst uncomments it
    accepted = parse_codebook(text.replace("# [design]\n# weight", "[design]\nweight").replace(
        f'# cluster = "{name}"', f'cluster = "{name}"'))
    assert (accepted.design.weight, accepted.design.cluster) == ("weight", name)


def test_no_design_is_proposed_without_a_weight_or_without_repeating_cluster_ids():
    n = 40
    ids = [str(i) for i in range(n)]
    no_weight = _raw({"id": ids, "school_id": [str(i // 8) for i in range(n)], "trained": ["Yes", "No"] * 20})
    one_each = _raw({"id": ids, "school_id": [str(1000 + i) for i in range(n)],
                     "weight": [f"{0.6 + (i % 5) * 0.2:.1f}" for i in range(n)]})
    assert "[design]" not in draft_toml(no_weight, "w", data_file="x.csv")
    assert "[design]" not in draft_toml(one_each, "w", data_file="x.csv")


def test_validate_names_an_ordinal_item_whose_codes_are_not_in_scale_order():
    from analysis.codebook import parse_codebook
    from analysis.waves.typing_warnings import typing_warnings
    from tests.ingest.demo import codebook_head

    # numbered by first appearance: 1 Very, 2 Neither, 3 Fairly, 4 Not very, 5 Not at all
    answers = _scale_export(["Very confident", "Neither confident nor unconfident", "Fairly confident",
                             "Not very confident", "Not at all confident"])
    raw = _raw({"id": [str(i) for i in range(500)], "conf": answers})
    book = parse_codebook(codebook_head(name="w", data="x.csv") + """[items.conf]
column = "conf"
type = "ordinal"
codes = { 1 = "Very confident", 2 = "Neither confident nor unconfident", 3 = "Fairly confident", 4 = "Not very confident", 5 = "Not at all confident" }
""")
    (line,) = typing_warnings(book, raw)
    assert line.startswith("item conf (column 'conf') is typed ordinal but its codes are not in the order of "
                           "their scale")


def test_a_real_favourability_scale_is_ordered_and_unfamiliar_is_missing(corpus):
    """FiveThirtyEight's Star Wars survey (SurveyMonkey export, CC BY 4.0): answers listed in no scale order."""
    from analysis.ingest.readers import read_export

    raw = read_export(corpus / "surveymonkey" / "fivethirtyeight_star_wars_2014_cr_only_2row.csv")
    items = draft_codebook(raw, "w", data_file="x.csv")["items"]
    item = items["state_whether_view_following_8"]
    assert item["type"] == "ordinal"
    assert list(item["codes"].values()) == ["Very unfavorably", "Somewhat unfavorably",
                                            "Neither favorably nor unfavorably (neutral)", "Somewhat favorably",
                                            "Very favorably"]
    assert [m["label"] for m in item["missing"].values()] == ["Unfamiliar (N/A)"]
    assert [m["kind"] for m in item["missing"].values()] == ["not_asked"]


def test_a_column_with_no_answers_drafts_a_codebook_that_parses():
    from analysis.codebook import parse_codebook

    raw = _raw({"id": ["1", "2", "3"], "q9": [None, None, None], "q": ["Yes", "No", "Yes"]})
    book = parse_codebook(draft_toml(raw, "w", data_file="x.csv"))
    assert book.items["q9"].type == "text" and not book.items["q9"].reaches_processed
