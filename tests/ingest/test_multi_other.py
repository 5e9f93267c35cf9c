"""'Other (please specify)' in a SurveyMonkey multi-select question counts as ticking 'Other'."""

from __future__ import annotations

from pathlib import Path

from analysis.ingest.surveymonkey import from_rows
from analysis.waves.draft import draft_codebook

ROWS = [["Respondent ID", "Which topics? (Select all that apply)", "", ""],
        ["", "Grooming", "Recovery", "Other (please specify)"],
        ["1", "Grooming", "", ""],
        ["2", "", "", "Sextortion"],          # only typed text: chose Other, nothing else
        ["3", "", "Recovery", "Peer pressure"],
        ["4", "", "", ""]]                    # did not answer the question


def test_typed_other_text_ticks_an_other_option():
    raw = from_rows(ROWS, path=Path("x.csv"), encoding="utf-8")
    q = "Which topics? (Select all that apply)"
    tick = f"{q} | Other"
    assert raw.frame[tick].fillna("(blank)").tolist() == ["(blank)", "Other", "Other", "(blank)"]
    assert tick in raw.groups[q] and raw.option_labels[tick] == "Other"
    assert f"{q} | Other (please specify)" in raw.text_columns  # the text itself stays free text, dropped
    assert any("2 respondent(s) with text in" in n and "counted as ticking \"Other\"" in n for n in raw.notes)


def test_the_draft_lists_other_as_an_option_and_ingest_counts_it(project):
    from analysis.codebook import parse_codebook
    from analysis.ingest.tidy import tidy_frames

    raw = from_rows(ROWS, path=Path("x.csv"), encoding="utf-8")
    book = draft_codebook(raw, "2018", data_file="x.csv", fmt="surveymonkey")
    topics = next(i for i in book["items"].values() if i.get("type") == "multi")
    assert list(topics["options"].values()) == ["Grooming", "Recovery", "Other"]
    import tomli_w

    codebook = parse_codebook(tomli_w.dumps(book))
    respondents = tidy_frames(raw, codebook)
    name = next(n for n, i in codebook.items.items() if i.type == "multi")
    other = respondents[f"{name}__3"].astype("string").fillna("NA").tolist()
    # respondent 2 chose only Other: answered, not "no answer"; respondent 4 answered nothing
    assert other == ["False", "True", "True", "NA"]
    assert respondents[f"{name}__1"].astype("string").fillna("NA").tolist() == ["True", "False", "False", "NA"]
