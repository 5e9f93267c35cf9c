"""Draft codebooks: types, codes and personal data from what an export says; every corpus export drafts cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.codebook import parse_codebook
from analysis.ingest.readers import read_export
from analysis.ingest.surveymonkey import from_rows
from analysis.waves.draft import draft_codebook
from analysis.waves.draft_toml import draft_toml
from tests.ingest.demo import codebook_head

ROWS = [["Respondent ID", "IP Address", "Email Address", "How confident are you?", "Trained?", "Topics", "",
         "Comments"],
        ["", "", "", "Response", "Response", "Grooming", "Recovery", "Open-Ended Response"],
        ["1", "192.0.2.1", "a@example.org", "Very confident", "Yes", "Grooming", "", "fine"],
        ["2", "192.0.2.2", "b@example.org", "Not at all confident", "Unsure", "", "Recovery", ""],
        ["3", "192.0.2.3", "c@example.org", "Slightly confident", "No", "Grooming", "Recovery", ""]]


def test_draft_of_a_surveymonkey_export():
    raw = from_rows(ROWS, path=Path("x.csv"), encoding="utf-8")
    book = draft_codebook(raw, "2018", data_file="x.csv", previous="2013")
    items = book["items"]
    assert book["id"] == {"column": "Respondent ID"} and book["wave"]["previous"] == "2013"
    assert [items[n]["type"] for n in ("respondent_id", "ip_address", "email_address")] == ["identifier"] * 3
    conf = items["how_confident_are_you"]
    assert conf["type"] == "ordinal"
    assert conf["codes"] == {"1": "Not at all confident", "2": "Slightly confident", "3": "Very confident"}
    trained = items["trained"]
    assert trained["type"] == "yesno" and trained["codes"] == {"1": "Yes", "2": "No"}
    assert trained["missing"] == {"8": {"label": "Unsure", "kind": "dont_know"}}
    topics = items["topics"]
    assert topics["type"] == "multi" and topics["options"] == {"Topics | Grooming": "Grooming",
                                                               "Topics | Recovery": "Recovery"}
    assert items["comments"]["type"] == "text"


def test_draft_is_valid_toml_and_deterministic():
    raw = from_rows(ROWS, path=Path("x.csv"), encoding="utf-8")
    text = draft_toml(raw, "2018", data_file="x.csv")
    assert text == draft_toml(from_rows(ROWS, path=Path("x.csv"), encoding="utf-8"), "2018", data_file="x.csv")
    assert text.startswith("# DRAFT codebook of wave 2018")
    cb = parse_codebook(text)
    assert {n for n, i in cb.items.items() if not i.reaches_processed} == {
        "respondent_id", "ip_address", "email_address", "comments"}


CORPUS_TEXT = [
    "qualtrics/qualtRics_sample_3row.csv", "qualtrics/qualtRics_sample_legacy_2row.csv",
    "qualtrics/QualtricsTools_single_answer_mc_insights2016_3row.csv",
    "qualtrics/QualtricsTools_no_basis_for_evaluation_insights2016_3row.csv",
    "qualtrics/QualtricsTools_no_basis_for_evaluation_legacy_2row.csv",
    "surveymonkey/fivethirtyeight_steak_risk_survey_2row.csv",
    "surveymonkey/fivethirtyeight_star_wars_2014_cr_only_2row.csv",
    "surveymonkey/fivethirtyeight_region_midwest_open_ended_2row.csv",
    "spss/pyreadstat_sample_missing.sav", "spss/tiamo-spss_hotel_spss23mac.sav",
]


@pytest.mark.parametrize("name", CORPUS_TEXT)
def test_every_corpus_draft_validates_unedited(corpus, project, name):
    """add-wave's draft of a real export passes the ingest checks as it stands."""
    from analysis.ingest.pipeline import read_wave_export
    from analysis.waves.add_wave import run

    src = corpus / name
    assert run(src, "w", project) == 0
    if name.startswith("spss/"):  # these two .sav files have no respondent-id column: the draft says so
        assert "NO respondent-id column" in project.codebook("w").read_text()
        return
    cb, export, respondents = read_wave_export("w", project)
    assert len(respondents) == len(export.frame)
    personal = {c for i in cb.items.values() if not i.reaches_processed for c in i.source_columns()}
    assert set(getattr(export, "metadata_columns", [])) <= personal
    assert not (set(export.metadata_columns) & set(respondents.columns))


def test_sav_labels_become_codes(corpus):
    raw = read_export(corpus / "spss" / "tiamo-spss_hotel_spss23mac.sav")
    items = draft_codebook(raw, "w", data_file="hotel.sav")["items"]
    likert = [i for i in items.values() if "Strongly Agree" in i.get("codes", {}).values()]
    assert likert and likert[0]["type"] == "ordinal"
    assert list(likert[0]["codes"].values())[0] == "Strongly Disagree"


def _raw(columns: dict, *, labels: dict | None = None):
    import pandas as pd

    from analysis.ingest.readers import RawExport

    raw = RawExport(Path("x.csv"), pd.DataFrame(columns), "csv")
    raw.question_text.update(labels or {})
    return raw


def test_weights_ids_and_reference_numbers_are_drafted_as_such():
    n = 30
    raw = _raw({"RespID": [str(1000 + i) for i in range(n)],
                "WEIGHT": [f"{0.8 + (i % 5) * 0.1:.2f}" for i in range(n)],
                "v7": [f"{0.6 + (i % 7) * 0.13:.3f}" for i in range(n)],
                "URN": [str(100000 + (i % 4)) for i in range(n)],
                "trained": ["Yes", "No", "Yes"] * 10})
    book = draft_codebook(raw, "2018", data_file="x.csv")
    items = book["items"]
    assert book["id"] == {"column": "RespID"}
    assert items["weight"]["type"] == "weight" and "codes" not in items["weight"]
    assert items["v7"]["type"] == "weight"  # positive non-integers around 1, no telling name
    assert items["urn"]["type"] == "identifier"  # only 4 distinct schools: still a reference number
    assert items["trained"]["type"] == "yesno"


@pytest.mark.parametrize("column", ["Respondent ID", "ResponseId", "id", "Resp_ID"])
def test_id_column_names(column):
    book = draft_codebook(_raw({column: ["a1", "a2", "a3"], "q": ["Yes", "No", "Yes"]}), "2018", data_file="x.csv")
    assert book["id"] == {"column": column}


def test_weight_named_only_in_the_spss_variable_label():
    raw = _raw({"v12": ["1", "2", "1", "2"]}, labels={"v12": "Design weight"})
    assert draft_codebook(raw, "2018", data_file="x.csv")["items"]["v12"]["type"] == "weight"


def test_personal_data_by_content_with_few_distinct_values():
    raw = _raw({"contact": ["head@school.example", "head@school.example", "dsl@school.example"] * 4,
                "lead": ["Jane Smith", "Tom Jones", "Jane Smith"] * 4,
                "tel": ["01632 960123", "01632 960456", "01632 960123"] * 4,
                "conf": ["Very confident", "Not at all confident", "Slightly confident"] * 4})
    items = draft_codebook(raw, "2018", data_file="x.csv")["items"]
    assert [items[c]["type"] for c in ("contact", "lead", "tel")] == ["identifier"] * 3
    assert items["conf"]["type"] == "ordinal"


def test_validate_warns_when_a_weight_or_reference_number_is_typed_numeric():
    from analysis.waves.typing_warnings import typing_warnings

    n = 30
    raw = _raw({"id": [str(i) for i in range(n)],
                "WEIGHT": [f"{0.8 + (i % 5) * 0.1:.2f}" for i in range(n)],
                "URN": [str(100000 + i) for i in range(n)],
                "age": [str(25 + i) for i in range(n)]})
    book = parse_codebook(codebook_head(name="w", data="x.csv") + """[items.weight]
column = "WEIGHT"
type = "numeric"
[items.urn]
column = "URN"
type = "numeric"
[items.age]
column = "age"
type = "numeric"
""", source="x.toml")
    lines = typing_warnings(book, raw)
    assert len(lines) == 2
    assert "'WEIGHT'" in lines[0] and "weight" in lines[0] and "'URN'" in lines[1] and "identifier" in lines[1]


def test_long_questions_get_names_from_their_words_not_numbers():
    from analysis.ingest.readers import RawExport
    from analysis.waves.draft import item_name

    long_risk = "How confident are you in identifying and assessing the online risks a child may face?"
    long_training = "Have you received any training on assessing online risks to children?"
    assert item_name(long_risk) == "confident_identifying_assessing"
    assert item_name(long_training) == "training_assessing_online_risks"
    import pandas as pd

    raw = RawExport(Path("x.csv"), pd.DataFrame({
        "id": ["1", "2"], long_risk: ["Very confident", "Not at all confident"],
        long_training: ["Yes", "No"], long_training + " (again)": ["No", "Yes"]}, dtype="string"), "csv")
    names = list(draft_codebook(raw, "2018", data_file="x.csv")["items"])
    # no q2, q3, q4: names that read in a caption; a repeat gets _2
    assert names == ["id", "confident_identifying_assessing", "training_assessing_online_risks",
                     "training_assessing_online_risks_2"]


def test_validate_warns_when_a_weighted_wave_sets_no_interval_method():
    import pandas as pd

    from analysis.ingest.readers import RawExport
    from analysis.waves.typing_warnings import typing_warnings

    raw = RawExport(Path("x.csv"), pd.DataFrame({"id": ["1", "2"], "w": ["0.5", "1.5"], "q": ["Yes", "No"]},
                                                dtype="string"), "csv")
    base = ('[wave]\nname = "x"\n[files]\ndata = "x.csv"\n[id]\ncolumn = "id"\n[items.w]\ncolumn = "w"\n'
            'type = "weight"\n[items.q]\ncolumn = "q"\ntype = "yesno"\ncodes = { 1 = "Yes", 2 = "No" }\n')
    lines = typing_warnings(parse_codebook(base), raw)
    assert any("weighted" in ln and "[tables] interval" in ln and "logit" in ln for ln in lines)
    assert not any("interval" in ln for ln in typing_warnings(parse_codebook(base + '[tables]\ninterval = "wilson"\n'),
                                                              raw))


def test_a_multi_item_has_one_header_so_renaming_it_is_one_edit():
    import tomllib

    raw = from_rows(ROWS, path=Path("x.csv"), encoding="utf-8")
    text = draft_toml(raw, "2018", data_file="x.csv")
    headers = [ln for ln in text.splitlines() if ln.startswith("[items.topics")]
    assert headers == ["[items.topics]"]
    assert tomllib.loads(text)["items"]["topics"]["options"] == {"Topics | Grooming": "Grooming",
                                                                 "Topics | Recovery": "Recovery"}
    renamed = tomllib.loads(text.replace("[items.topics]", "[items.training_topics]"))
    assert "topics" not in renamed["items"] and renamed["items"]["training_topics"]["type"] == "multi"


def test_validate_warns_when_free_text_or_names_are_typed_as_a_coded_item():
    from analysis.waves.typing_warnings import typing_warnings

    n = 30
    raw = _raw({"id": [str(i) for i in range(n)],
                "comment": [f"We spoke about case {i} at length" for i in range(n)],
                "lead": ["Jane Smith", "Tom Jones", "Ann Patel"] * 10})
    book = parse_codebook(codebook_head(name="w", data="x.csv") + """[items.comment]
column = "comment"
type = "single"
codes = { 1 = "x" }
[items.lead]
column = "lead"
type = "numeric"
""", source="x.toml")
    lines = typing_warnings(book, raw)
    assert lines == ["item comment (column 'comment') is typed single but its answers look like free text "
                     "(30 different answers): type it text, or every answer reaches processed data",
                     "item lead (column 'lead') is typed numeric but its answers look like names: type it identifier"]


def test_draft_proposes_numbered_weight_columns_as_replicate_weights(tmp_path):
    import tomllib

    header = ["id", "q1", "wt", *[f"repwt_jk{k}" for k in range(1, 7)]]
    rows = [[str(i), "1", "1.5", *[f"{1.5 * (1 + 0.01 * k):.4f}" for k in range(6)]] for i in range(5)]
    path = tmp_path / "x.csv"
    path.write_text("\n".join(",".join(r) for r in [header, *rows]) + "\n")
    from analysis.codebook import FilesSpec

    raw = read_export(path, FilesSpec(data="x.csv", format="csv"))
    text = draft_toml(raw, "2019", data_file="x.csv")
    book = tomllib.loads(text)
    assert book["design"] == {"replicates": "repwt_jk*", "replicate_type": "JK1"}
    assert not any(i["column"].startswith("repwt_jk") for i in book["items"].values())
    assert "6 columns (repwt_jk1 ... repwt_jk6) look like replicate weights" in text


def test_the_draft_asks_how_respondents_were_recruited_and_how_to_cite_them():
    # The report's "About this survey" is written from these keys; the draft leaves them for the analyst.
    raw = from_rows(ROWS, path=Path("x.csv"), encoding="utf-8")
    text = draft_toml(raw, "2018", data_file="x.csv")
    cb = parse_codebook(text)
    assert (cb.wave.sampling, cb.wave.recruitment, cb.wave.citation) == ("", "", "")
    for key in ("sampling", "recruitment", "citation", "contact"):
        assert f'\n{key} = ""' in text
    assert "self-selected/probability/quota/census" in text
