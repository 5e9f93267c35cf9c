"""Codebook parsing: every mistake reported together, one line each, naming the key."""

from __future__ import annotations

import shutil

import pytest

from analysis.codebook import load_codebook, parse_codebook
from analysis.errors import InputError
from tests.ingest.demo import CODEBOOK


def test_demo_codebook_parses():
    cb = parse_codebook(CODEBOOK, source="demo/codebook.toml")
    assert cb.wave.provenance == "illustrative" and cb.wave.is_reconstructed
    assert "Illustrative" in cb.wave.provenance_note
    assert cb.items["conf"].missing[9].label == "No answer"
    assert cb.items["email"].reaches_processed is False
    assert cb.breakdowns == ("sector",)
    assert cb.bases["all"].excludes == ("not_asked",)


def test_every_problem_is_reported_with_its_key():
    bad = CODEBOOK.replace('type = "numeric"', 'type = "number"').replace(
        '8 = "dont_know"', '8 = "unsure"').replace("codes = [2]", "codes = [7]")
    with pytest.raises(InputError) as info:
        parse_codebook(bad, source="cb.toml")
    lines = info.value.lines()
    assert len(lines) == 3
    assert any("at 'items.years.type'" in ln and "found 'number'" in ln for ln in lines)
    assert any("at 'items.conf.missing.8'" in ln and "found 'unsure'" in ln for ln in lines)
    assert any("at 'indicators.untrained.codes'" in ln and "found '7'" in ln for ln in lines)
    assert all(ln.startswith("cb.toml:") for ln in lines)


def test_toml_syntax_error_is_one_line():
    with pytest.raises(InputError) as info:
        parse_codebook("[wave\nname = 1", source="cb.toml")
    assert len(info.value.lines()) == 1 and "expected valid TOML" in info.value.lines()[0]


def test_base_with_where_clause():
    text = CODEBOOK + '''
[bases.untrained]
label = "those with no training"
excludes = ["not_asked"]
where = { trained = [2] }
'''
    cb = parse_codebook(text)
    assert cb.bases["untrained"].where == {"trained": (2,)}


def test_missing_codebook_file(tmp_path):
    with pytest.raises(InputError) as info:
        load_codebook(tmp_path / "codebook.toml")
    assert "expected a codebook file" in str(info.value)


# --- mistakes that used to change numbers silently or crash -------------------------------------

def _problems(text):
    with pytest.raises(InputError) as info:
        parse_codebook(text, source="cb.toml")
    return info.value.lines()


def test_code_written_twice_after_normalisation():
    lines = _problems(CODEBOOK.replace('codes = { 1 = "Health", 2 = "Education" }',
                                       'codes = { 1 = "Health", 2 = "Education", 01 = "Delta" }'))
    assert any("at 'items.sector.codes.01'" in ln and "each code once" in ln for ln in lines)


def test_two_codes_with_the_same_label():
    lines = _problems(CODEBOOK.replace('codes = { 1 = "Yes", 2 = "No" }', 'codes = { 1 = "Yes", 2 = "yes " }'))
    assert any("at 'items.trained.codes.2'" in ln and "code 1 has it too" in ln for ln in lines)


def test_base_where_on_a_code_that_does_not_exist():
    lines = _problems(CODEBOOK + '[bases.untrained]\nlabel = "x"\nwhere = { trained = [3] }\n')
    assert lines == ["cb.toml: found '3', expected codes of item 'trained': 1, 2 (at 'bases.untrained.where.trained')"]


def test_two_weight_items():
    lines = _problems(CODEBOOK + '[items.w1]\ncolumn = "W1"\ntype = "weight"\n'
                                 '[items.w2]\ncolumn = "W2"\ntype = "weight"\n')
    assert any("at 'items.w2.type'" in ln and "one weight item per wave" in ln for ln in lines)


@pytest.mark.parametrize("setting, key", [('keep = "false"', "items.case_text.keep"),
                                          ('required = "no"', "items.case_text.required")])
def test_booleans_are_toml_booleans(setting, key):
    lines = _problems(CODEBOOK.replace('[items.case_text]\n', f'[items.case_text]\n{setting}\n'))
    assert lines == [f"cb.toml: found '{setting.split(' = ')[1].strip(chr(34))}', expected true or false "
                     f"(a TOML boolean, without quotes) (at '{key}')"]


@pytest.mark.parametrize("edit, key", [
    (lambda t: t + '[bases.b]\nwhere = "trained"\n', "bases.b.where"),
    (lambda t: t + '[bases.b]\nwhere = { trained = { a = 1 } }\n', "bases.b.where.trained"),
    (lambda t: t + '[bases.b]\nexcludes = "refused"\n', "bases.b.excludes"),
    (lambda t: t.replace("codes = [2]", "codes = 2"), "indicators.untrained.codes"),
    (lambda t: t.replace("codes = [2]", 'codes = "2"'), "indicators.untrained.codes"),
    (lambda t: t.replace('codes = { 1 = "Yes", 2 = "No" }', 'codes = ["Yes", "No"]'), "items.trained.codes"),
    (lambda t: t.replace('breakdowns = ["sector"]', 'breakdowns = "sector"'), "tables.breakdowns"),
    (lambda t: t.replace('breakdowns = ["sector"]', 'crosses = "sector"'), "tables.crosses"),
])
def test_wrong_types_are_one_line_each(edit, key):
    lines = _problems(edit(CODEBOOK))
    assert any(f"at '{key}'" in ln for ln in lines)
    assert len(lines) == 1  # one error, not one per character nor a second about the same key


def test_string_breakdowns_is_one_error_saying_list():
    lines = _problems(CODEBOOK.replace('breakdowns = ["sector"]', 'breakdowns = "sector"'))
    assert lines == ["cb.toml: found 'sector', expected a list (a TOML array, e.g. [1, 2]) (at 'tables.breakdowns')"]


def test_a_line_break_in_a_wave_name_is_shown_escaped_on_one_line():
    lines = _problems(CODEBOOK.replace('name = "demo"', 'name = "de\\nmo"'))
    assert lines == ["cb.toml: found 'de\\nmo', expected the wave folder's name: letters, digits, '.', '_' or '-', "
                     "no path separators, '..' or line breaks, at most 64 characters (at 'wave.name')"]


def test_a_wave_codebook_is_checked_against_its_folder_wherever_it_is_loaded(tmp_path):
    # Loaded without naming the wave (as the trend and harmonisation stages load the previous
    # and canonical waves), a codebook under data/raw/<folder>/ must still carry that folder's name.
    folder = tmp_path / "data" / "raw" / "2018"
    folder.mkdir(parents=True)
    (folder / "codebook.toml").write_text(CODEBOOK.replace('name = "demo"', 'name = "2013"'), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_codebook(folder / "codebook.toml")
    assert info.value.lines() == [f"{folder / 'codebook.toml'}: found '2013', expected [wave] name = \"2018\", the "
                                  "name of the wave's folder (outputs go to folders of that name)"]


def test_a_codebook_outside_a_wave_folder_is_not_checked_against_its_folder(tmp_path):
    (tmp_path / "template.toml").write_text(CODEBOOK, encoding="utf-8")
    assert load_codebook(tmp_path / "template.toml").wave.name == "demo"


def test_validate_refuses_a_canonical_wave_whose_codebook_names_another_folder(tmp_path, monkeypatch, capsys):
    from analysis.cli import main
    from tests.projects import bundled_project

    paths = bundled_project(tmp_path, with_2018=True)
    monkeypatch.setenv("SURVEYKIT_ROOT", str(tmp_path))
    shutil.copytree(paths.wave_dir("2013"), paths.wave_dir("2012"))  # a copy of 2013 not yet renamed
    text = paths.codebook("2018").read_text(encoding="utf-8")
    paths.codebook("2018").write_text(text.replace('previous = "2013"', 'previous = "2012"'), encoding="utf-8")
    harmonise = paths.wave_dir("2018") / "harmonise.toml"
    harmonise.write_text(harmonise.read_text(encoding="utf-8").replace('canonical = "2013"', 'canonical = "2012"'),
                         encoding="utf-8")
    assert main(["validate", "--wave", "2018"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == (f"{paths.codebook('2012')}: found '2013', expected [wave] name = \"2012\", the name of the "
                           "wave's folder (outputs go to folders of that name)")


def test_interval_method_is_a_codebook_setting():
    text = CODEBOOK.replace("[tables]", '[tables]\ninterval = "logit"', 1)
    assert text != CODEBOOK
    assert parse_codebook(text).interval == "logit"
    assert parse_codebook(CODEBOOK).interval == ""  # unset: Wilson (the engine's default)
    with pytest.raises(InputError, match="tables.interval.*korn_graubard.*found 'logitt'|found 'logitt'.*korn_graubard"):
        parse_codebook(text.replace('"logit"', '"logitt"'))


def test_abbreviations_table_is_optional_and_read_as_written():
    assert parse_codebook(CODEBOOK, source="cb.toml").abbreviations == {}
    cb = parse_codebook(CODEBOOK + '\n[abbreviations]\nLSCB = "Local Safeguarding Children Board"\n'
                        'PCT = "Primary Care Trust"\n', source="cb.toml")
    assert cb.abbreviations == {"LSCB": "Local Safeguarding Children Board", "PCT": "Primary Care Trust"}


@pytest.mark.parametrize("table, key, found", [
    ('[abbreviations]\nLSCB = 3\n', "abbreviations.LSCB", "3"),
    ('[abbreviations]\nLSCB = ""\n', "abbreviations.LSCB", ""),
    ('[abbreviations]\n"L S" = "Local"\n', "abbreviations.L S", "L S"),
    ('abbreviations = "LSCB"\n', "abbreviations", "LSCB"),
])
def test_a_bad_abbreviation_is_one_line_naming_its_key(table, key, found):
    # a top-level key must come before the first table: put the bad line first
    text = table + CODEBOOK if not table.startswith("[") else CODEBOOK + "\n" + table
    with pytest.raises(InputError) as info:
        parse_codebook(text, source="cb.toml")
    lines = info.value.lines()
    assert len(lines) == 1 and f"at '{key}'" in lines[0] and f"found '{found}'" in lines[0], lines


def test_the_2013_codebook_spells_out_its_sector_abbreviations():
    # STUDY.md: "Local Safeguarding Children Boards (children's services), Primary Care Trusts (health,
    # the NHS) and Local Education Authorities (education)".
    from pathlib import Path

    expected = {"LSCB": "Local Safeguarding Children Board", "PCT": "Primary Care Trust",
                "LEA": "Local Education Authority"}
    root = Path(__file__).resolve().parents[1]
    for path in (root / "data/raw/2013/codebook.toml", root / "analysis/reproduction/codebook_2013.toml"):
        cb = load_codebook(path, wave="2013")
        assert {k: cb.abbreviations.get(k) for k in expected} == expected, path


def test_an_item_name_with_a_double_underscore_is_refused():
    # the processed frame names an item's option columns <item>__<k> and its code column <item>__code,
    # so an item called "conf__code" would overwrite the codes of the item "conf"
    bad = CODEBOOK.replace("[items.years]", "[items.conf__code]").replace('item = "years"', 'item = "conf__code"')
    with pytest.raises(InputError) as info:
        parse_codebook(bad, source="cb.toml")
    lines = info.value.lines()
    assert any("at 'items.conf__code'" in ln and "without a double underscore" in ln and "found 'conf__code'" in ln
               for ln in lines), lines
    parse_codebook(CODEBOOK, source="cb.toml")  # the same codebook with a plain name parses
