"""Personal data in the respondent id or in value labels never passes silently.

* An id column holding e-mail addresses or people's names: ``add-wave`` drafts
  ``[id] pseudonymise = true`` and says so, so the draft validates and ids become P1, P2 ...
* A coded item whose value labels are people's names (a "which lead did you speak to?"
  picker in a .sav file): the draft types it ``identifier``, and a codebook that keeps it
  as ``single`` is refused at ingest with a line naming the item.
"""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.cli import main
from analysis.personal import label_names

NAMES = ["Ann Smith", "Bob Jones", "Cy Patel", "Dee O'Brien", "Ed McKay", "Flo Green"]


def _csv(path, header, rows):
    path.write_text("\n".join([",".join(header)] + [",".join(r) for r in rows]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("ids, kind", [([f"person{i}@school.example" for i in range(6)], "e-mail addresses"),
                                       (NAMES, "names")])
def test_add_wave_drafts_pseudonymised_ids_when_the_id_column_is_personal_data(project, tmp_path, capsys, ids, kind):
    export = _csv(tmp_path / "x.csv", ["id", "trained"], [[v, "Yes" if i % 2 else "No"] for i, v in enumerate(ids)])
    assert main(["add-wave", str(export), "--wave", "2018"]) == 0
    out = capsys.readouterr().out
    assert f"the id column 'id' holds {kind}" in out and "pseudonymise = true" in out
    import tomllib

    draft = project.codebook("2018").read_text(encoding="utf-8")
    assert tomllib.loads(draft)["id"] == {"column": "id", "pseudonymise": True}
    assert f"# The id column 'id' holds {kind}" in draft
    assert main(["ingest", "--wave", "2018"]) == 0
    frame = pd.read_parquet(project.processed_frame("2018"))
    assert list(frame.index) == [f"P{i}" for i in range(1, 7)]
    assert not set(ids) & set(frame.index) and ids[0] not in frame.to_csv()


def test_a_plain_id_gets_no_pseudonymise(project, tmp_path, capsys):
    export = _csv(tmp_path / "x.csv", ["id", "trained"], [[str(100 + i), "Yes"] for i in range(6)])
    assert main(["add-wave", str(export), "--wave", "2018"]) == 0
    assert "pseudonymise" not in capsys.readouterr().out
    assert "pseudonymise" not in project.codebook("2018").read_text(encoding="utf-8")


def test_people_named_in_labels_and_what_is_not_a_name():
    assert label_names(["Ann Smith", "Bob Jones", "Cy Patel", "Someone else"]) == ["Ann Smith", "Bob Jones",
                                                                                  "Cy Patel"]
    assert label_names(["Mrs Patel", "Mr Jones"]) == ["Mrs Patel", "Mr Jones"]
    # job titles, settings, nations and scale points in Title Case are not people
    for labels in (["Social Worker", "Head Teacher", "Police Officer", "School Nurse", "Health Visitor"],
                   ["England", "Scotland", "Wales", "Northern Ireland"],
                   ["Local Authority", "Voluntary Sector", "Independent School", "Health Trust"],
                   ["Strongly Disagree", "Disagree", "Neither", "Agree", "Strongly Agree"],
                   ["Not At All Confident", "Very Confident"], ["Yes", "No"], ["Don't Know", "Prefer Not"],
                   ["Lottery A", "Lottery B"], ["Option A", "Option B", "Option C"]):
        assert label_names(labels) == [], labels


def _sav(path):
    import pyreadstat

    frame = pd.DataFrame({"RespID": [float(i) for i in range(1, 13)], "lead": [1.0, 2.0, 3.0] * 4,
                          "trained": [1.0, 2.0] * 6})
    pyreadstat.write_sav(frame, str(path), column_labels=["Respondent ID", "Which lead did you speak to?", "Trained?"],
                         variable_value_labels={"lead": {1.0: "Jane Smith", 2.0: "Tom Jones", 3.0: "Ann Patel"},
                                                "trained": {1.0: "Yes", 2.0: "No"}})
    return path


def test_value_labels_that_are_names_are_drafted_identifier_and_refused_as_codes(project, tmp_path, capsys):
    export = _sav(tmp_path / "leads.sav")
    assert main(["add-wave", str(export), "--wave", "2018"]) == 0
    draft = project.codebook("2018").read_text(encoding="utf-8")
    import tomllib

    lead = tomllib.loads(draft)["items"]["lead"]
    assert lead["type"] == "identifier" and "codes" not in lead and "names" in lead["note"]
    assert "Jane Smith" not in draft  # the names are not copied into the codebook either
    # an analyst who types it single with its labels is stopped, with the item named
    body = draft[draft.index("\n[wave]\n") + 1:]
    start = body.index("[items.lead]")
    end = body.index("\n[", start + 1)
    body = body[:start] + ('[items.lead]\ncolumn = "lead"\ntype = "single"\n'
                           'codes = { 1 = "Jane Smith", 2 = "Tom Jones", 3 = "Ann Patel" }\n') + body[end:]
    project.codebook("2018").write_text(body, encoding="utf-8")
    capsys.readouterr()
    assert main(["ingest", "--wave", "2018"]) == 2
    err = capsys.readouterr().err
    assert "items.lead.codes" in err and "names" in err and 'type = "identifier"' in err
    assert "Traceback" not in err and not project.processed_frame("2018").exists()


def test_add_wave_drafts_a_column_whose_answers_hold_personal_data_as_dropped(project, tmp_path, capsys):
    # Two of six answers hold contact details: coded, they would be published as labels.
    answers = ["North", "South", "North (contact jane.doe@example.org)", "South", "ask on 07700 900123", "North"]
    export = _csv(tmp_path / "x.csv", ["id", "region"], [[str(100 + i), a] for i, a in enumerate(answers)])
    assert main(["add-wave", str(export), "--wave", "2018"]) == 0
    import tomllib

    item = tomllib.loads(project.codebook("2018").read_text(encoding="utf-8"))["items"]["region"]
    assert item["type"] == "text" and "codes" not in item
    assert "jane.doe" not in project.codebook("2018").read_text(encoding="utf-8")
