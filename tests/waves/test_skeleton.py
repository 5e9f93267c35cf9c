"""The harmonisation skeleton `add-wave` drafts against the previous wave."""

from __future__ import annotations

import tomllib

from analysis.codebook import load_codebook
from analysis.waves.add_wave import run as add_wave
from analysis.waves.harmonise import check_harmonisation, parse_harmonisation
from tests.waves.conftest import CODEBOOK_A, _csv


def _export(tmp_path):
    n = 10
    columns = {"id": [str(i) for i in range(n)],
               "How confident do you feel?": ["Not at all", "Slightly", "Moderately", "Very", "Extremely"] * 2,
               "Have you been trained?": ["Yes", "No", "Unsure", "No", "Yes"] * 2,
               "Which region?": ["North", "South"] * 5}
    path = tmp_path / "b_export.csv"
    path.write_text(_csv(columns))
    return path


def _previous(project):
    a = project.raw / "A"
    a.mkdir()
    (a / "codebook.toml").write_text(CODEBOOK_A)
    (a / "a.csv").write_text(_csv({"id": ["1"], "conf": ["Very"], "trained": ["Yes"]}))


def test_add_wave_drafts_a_harmonisation_with_the_recodes_it_can_infer(project, tmp_path, capsys):
    _previous(project)
    assert add_wave(_export(tmp_path), "B", project) == 0
    draft = project.raw / "B" / "harmonise.draft.toml"
    # a draft beside the codebook, never harmonise.toml itself: guesses are not used until the analyst says so
    assert draft.is_file() and not (project.raw / "B" / "harmonise.toml").exists()
    assert "harmonise.draft.toml" in capsys.readouterr().out
    data = tomllib.loads(draft.read_text())
    assert data["canonical"] == "A"
    conf = data["items"]["conf"]
    assert conf["item"] == "how_confident_do_you_feel"
    # five points onto four by the scale words: Not at all, Slightly -> Not very, Moderately -> Fairly,
    # Very -> Very, Extremely -> Very
    assert conf["recode"] == {"1": 1, "2": 2, "3": 3, "4": 4, "5": 4}
    assert conf["rule"] == ""  # the analyst must say how the scales were matched
    trained = data["items"]["trained"]
    assert trained["item"] == "have_you_been_trained" and "recode" not in trained  # same Yes / No codes
    # as drafted, the scale change has no rule yet: the checks refuse it and say where
    a = load_codebook(project.codebook("A"))
    b = load_codebook(project.codebook("B"))
    lines = [str(p) for p in check_harmonisation(parse_harmonisation(draft.read_text()), b, a)]
    assert len(lines) == 1 and "items.conf.rule" in lines[0]
    # once the rule is written the skeleton is a complete harmonisation
    done = draft.read_text().replace('rule = ""', 'rule = "Extremely counted as Very."', 1)
    assert check_harmonisation(parse_harmonisation(done), b, a) == []


def test_an_item_with_no_counterpart_is_left_for_the_analyst(project, tmp_path):
    _previous(project)
    export = tmp_path / "b_export.csv"
    export.write_text(_csv({"id": ["1", "2"], "Which region?": ["North", "South"]}))
    assert add_wave(export, "B", project) == 0
    text = (project.raw / "B" / "harmonise.draft.toml").read_text()
    data = tomllib.loads(text)
    assert data.get("items", {}) == {}
    assert "# [items.conf]" in text and "not_asked" in text


def test_the_first_wave_gets_no_skeleton(project, tmp_path):
    assert add_wave(_export(tmp_path), "B", project) == 0
    assert not (project.raw / "B" / "harmonise.draft.toml").exists()


def test_an_export_without_question_texts_is_matched_on_its_answer_labels(project, tmp_path):
    _previous(project)
    n = 10
    export = tmp_path / "b_export.csv"
    export.write_text(_csv({"id": [str(i) for i in range(n)],
                            "q1": ["North", "South"] * 5,
                            "q2": ["Not at all", "Slightly", "Moderately", "Very", "Extremely"] * 2,
                            "q3": ["Yes", "No", "Unsure", "No", "Yes"] * 2,
                            "q4": ["No", "Yes"] * 5}))
    assert add_wave(export, "B", project) == 0
    text = (project.raw / "B" / "harmonise.draft.toml").read_text()
    data = tomllib.loads(text)
    assert data["items"]["conf"]["item"] == "q2"
    assert data["items"]["conf"]["recode"] == {"1": 1, "2": 2, "3": 3, "4": 4, "5": 4}
    # q3 and q4 both answer Yes / No: the first in questionnaire order is proposed, and the comment says to check
    assert data["items"]["trained"]["item"] == "q3"
    assert "matched on the answer labels" in text and "CHECK" in text
    assert "# not_asked = []" in text


def test_the_2018_example_without_its_question_texts_is_matched_as_its_analyst_did(project, tmp_path):
    """The illustrative 2018 export with its headers replaced by v0, v1 ... (as a hand conversion leaves it)."""
    import shutil
    from pathlib import Path

    import pytest

    from analysis.ingest.readers import read_export

    repo = Path(__file__).resolve().parents[2]
    if not (repo / "data" / "raw" / "2013" / "codebook.toml").is_file():
        pytest.skip("the 2013 wave is not in data/raw")
    shutil.copytree(repo / "data" / "raw" / "2013", project.raw / "2013")
    raw = read_export(repo / "examples" / "2018" / "illustrative_2018_surveymonkey.csv")
    renamed = {c: f"v{k}" for k, c in enumerate(raw.frame.columns)}
    raw.frame.rename(columns=renamed).to_csv(tmp_path / "plain.csv", index=False)
    assert add_wave(tmp_path / "plain.csv", "2018", project) == 0
    drafted = tomllib.loads((project.raw / "2018" / "harmonise.draft.toml").read_text())
    analyst = tomllib.loads((repo / "examples" / "2018" / "harmonise.toml").read_text())
    columns = {name: item.get("column", "") for name, item in
               tomllib.loads((repo / "examples" / "2018" / "codebook.toml").read_text())["items"].items()}
    # every canonical item the analyst mapped is proposed from the same export column, and nothing else
    assert {k: v["item"] for k, v in drafted["items"].items()} == {
        k: renamed[columns[v["item"]]] for k, v in analyst["items"].items()}
    assert "# not_asked = [\"help_conf\", \"dealt_case\"]" in (project.raw / "2018" / "harmonise.draft.toml").read_text()
