"""Words typed into a form's "Other" box by more than one respondent are still typed words, not an option.

Microsoft Forms and Google Forms write a respondent's own words in place of the choice. The export
below (Microsoft Forms layout, twelve invented respondents) answers "Where do you work?" with
Health 1, 3, 8 (3); Education 2, 5, 7 (3); Children's services 11, 12 (2), an option whose label has
an apostrophe; and, typed into the Other box, a nursery named after a person (respondents 4 and 6),
a teacher by title and surname (9 and 10). By hand: Health 3, Education 3, Children's services 2,
Other 4. The typed names must never reach the codebook, processed data or any output, although each
was typed twice.
"""

from __future__ import annotations

import tomllib

import pandas as pd
import pytest

from analysis.cli import main
from tests.waves.test_typed_other_single import drafted_other_item, forms_export

ANSWERS = ["Health", "Education", "Health", "Jane Smith's nursery", "Education", "Jane Smith's nursery", "Education",
           "Health", "Mrs Patel", "Mrs Patel", "Children's services", "Children's services"]
TYPED = ["Jane Smith", "Patel"]


def test_a_name_typed_by_two_respondents_counts_as_other_and_never_reaches_outputs(project, tmp_path):
    export = tmp_path / "forms.xlsx"
    forms_export(export, ANSWERS)
    item = drafted_other_item(project, export, TYPED)
    assert "Children's services" in item["codes"].values()
    assert main(["all", "--wave", "w"]) == 0
    frame = pd.read_parquet(project.processed_frame("w"))
    assert frame["where_do_you_work"].value_counts().to_dict() == {
        "Health": 3, "Education": 3, "Other": 4, "Children's services": 2}
    written = [p for p in project.root.rglob("*") if p.is_file() and "raw" not in p.parts]
    assert written
    assert not [(p.name, t) for p in written for t in TYPED if t.encode() in p.read_bytes()]


def test_validate_warns_when_a_code_label_reads_like_words_typed_into_the_other_box(project, tmp_path, capsys):
    """A codebook written by hand (or a draft edited back) that keeps a typed name as an option is questioned,
    by code number: the label itself is not printed."""
    export = tmp_path / "forms.xlsx"
    forms_export(export, ANSWERS)
    assert main(["add-wave", str(export), "--wave", "w"]) == 0
    path = project.codebook("w")
    text = path.read_text(encoding="utf-8")
    body = text[text.index("\n[wave]\n") + 1:]
    assert tomllib.loads(body)["items"]["where_do_you_work"]["codes"].get("9") is None
    # The analyst takes the typed name for an option and adds it to the codes as code 9.
    body = body.replace('"Other" }', '"Other", 9 = "Mrs Patel" }')
    assert '9 = "Mrs Patel"' in body
    path.write_text(body, encoding="utf-8")
    capsys.readouterr()
    assert main(["validate", "--wave", "w"]) == 0
    out = capsys.readouterr().out
    warnings = [line for line in out.splitlines() if "where_do_you_work" in line and "warning" in line]
    assert len(warnings) == 1, out
    assert "code 9" in warnings[0] and "Other box" in warnings[0]
    assert "Patel" not in out


@pytest.mark.parametrize("answer, typed", [
    ("Jane Smith's nursery", True), ("Mrs Patel", True), ("Dr O'Neill", True), ("St Mary's Primary School", True),
    ("ann@example.org", True),
    ("Children's services", False), ("Social care", False), ("Health visitor", False), ("Early Years", False),
    ("Barnardo's", False), ("Women's Aid", False), ("Young people's services", False),
])
def test_what_names_a_person_or_a_named_setting_whatever_its_count(answer, typed):
    """A title and surname, a setting named after someone, or personal data; a bare "Early Years" or "Tom Jones"
    cannot be told apart from an option by its words alone (validate questions such a label chosen by few)."""
    from analysis.personal import names_someone

    assert names_someone(answer) is typed
