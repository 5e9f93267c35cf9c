"""A summary export (counts and percentages per answer choice) is not responses: it is refused, not drafted.

Survey tools offer a summary beside the responses: SmartSurvey's and SurveyMonkey's "Answer Choice,
Response Percent, Response Total", an SPSS frequency table pasted into Excel ("Frequency, Percent,
Valid Percent, Cumulative Percent"). Read as responses, four answer choices became four respondents
whose answers were "20.0%" and "40": every number after it was wrong, without a word.
"""

from __future__ import annotations

import pytest

from analysis.cli import main

SMARTSURVEY_SUMMARY = ("Answer Choice,Response Percent,Response Total\nVery confident,20.0%,40\n"
                       "Fairly confident,30.0%,60\nNot very confident,35.0%,70\nNot at all confident,15.0%,30\n")


def _xlsx(path, rows):
    from openpyxl import Workbook

    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)


def _refused(capsys, project, args) -> str:
    capsys.readouterr()
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    return err


def test_a_smartsurvey_summary_csv_is_refused_by_add_wave_with_nothing_written(project, tmp_path, capsys):
    export = tmp_path / "summary.csv"
    export.write_text(SMARTSURVEY_SUMMARY, encoding="utf-8")
    err = _refused(capsys, project, ["add-wave", str(export), "--wave", "s"])
    assert "summary" in err and "one row per respondent" in err and "'Response Percent'" in err
    assert not (project.raw / "s").exists()


def test_an_spss_frequency_table_in_a_workbook_is_refused(project, tmp_path, capsys):
    export = tmp_path / "frequencies.xlsx"
    _xlsx(export, [["Role", "Frequency", "Percent", "Valid Percent", "Cumulative Percent"],
                   ["Social worker", 120, 40.0, 40.0, 40.0], ["Teacher", 180, 60.0, 60.0, 100.0],
                   ["Total", 300, 100.0, 100.0, None]])
    err = _refused(capsys, project, ["add-wave", str(export), "--wave", "f"])
    assert "summary" in err and "'Frequency'" in err


def test_a_codebook_pointing_at_a_summary_is_refused_at_validate_and_ingest(project, capsys):
    wave = project.raw / "s"
    wave.mkdir()
    (wave / "summary.csv").write_text(SMARTSURVEY_SUMMARY, encoding="utf-8")
    (wave / "codebook.toml").write_text(
        '[wave]\nname = "s"\n[files]\ndata = "summary.csv"\n[id]\ncolumn = ""\npseudonymise = true\n'
        '[items.choice]\ncolumn = "Answer Choice"\ntype = "single"\n'
        'codes = { 1 = "Very confident", 2 = "Fairly confident", 3 = "Not very confident", '
        '4 = "Not at all confident" }\n', encoding="utf-8")
    for command in ("validate", "ingest"):
        assert "summary" in _refused(capsys, project, [command, "--wave", "s"])
    assert not list(project.processed.glob("s*"))


@pytest.mark.parametrize("header, cells", [
    ("Total score", ["12", "15", "9", "20"]),  # a respondent's own total
    ("Responses", ["Yes", "No", "Yes", "Yes"]),  # a question named "Responses"
    ("Percent of time online", ["20%", "35%", "10%", "50%"]),  # a respondent's own percentage
])
def test_a_response_file_with_one_such_column_is_read(project, tmp_path, capsys, header, cells):
    export = tmp_path / "responses.csv"
    export.write_text("id,Role,{}\n".format(header) + "".join(
        f"{i},{role},{cell}\n" for i, (role, cell) in enumerate(zip(["Teacher", "Nurse", "Teacher", "Nurse"], cells), 1)),
        encoding="utf-8")
    assert main(["add-wave", str(export), "--wave", "r"]) == 0


def test_a_totals_row_under_the_responses_is_refused_by_row(project, tmp_path, capsys):
    """A "Total" row added under the responses in a spreadsheet would be a fifth respondent."""
    export = tmp_path / "responses.csv"
    export.write_text("id,Role,Confident,Hours\n1,Teacher,Yes,2\n2,Nurse,No,3\n3,Teacher,Yes,1\n4,Nurse,Yes,4\n"
                      "Total,,3,10\n", encoding="utf-8")
    err = _refused(capsys, project, ["add-wave", str(export), "--wave", "t"])
    assert "row 6" in err and "total" in err.casefold() and "one row per respondent" in err
    assert not (project.raw / "t").exists()


def test_a_respondent_whose_answers_say_total_is_read(project, tmp_path):
    export = tmp_path / "responses.csv"
    export.write_text("id,Team,Agree\n1,Total Care,Yes\n2,Sum Up,No\n3,Count Me In,Yes\n", encoding="utf-8")
    assert main(["add-wave", str(export), "--wave", "r"]) == 0


@pytest.mark.parametrize("header", [
    ["Answer Choices", "Responses", ""],  # SurveyMonkey's summary, percentages then counts
    ["Answer Choice", "Response Percent", "Response Total"],  # SmartSurvey
    ["Role", "Frequency", "Percent", "Valid Percent", "Cumulative Percent"],  # SPSS frequencies
    ["Option", "Count", "Percentage"],
    ["Answer options", "Response count"],
    ["Answer", "%", "n"],
])
def test_summary_tables_of_every_tool_are_refused(tmp_path, header):
    from analysis.errors import InputError
    from analysis.ingest.readers import read_export

    rows = [["Very confident", "20.0%", "40"], ["Fairly confident", "30.0%", "60"], ["Not confident", "50.0%", "100"]]
    body = [(r + ["12.5%", "30%"])[:len(header)] for r in rows]
    export = tmp_path / "summary.csv"
    export.write_text("\n".join(",".join(r) for r in [header, *body]) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="summary table"):
        read_export(export)


@pytest.mark.parametrize("word", ["Total", "TOTAL", "Totals", "Grand total", "Sum", "Mean", "Average",
                                  "All respondents"])
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_totals_row_of_any_wording_is_refused(tmp_path, word, suffix):
    from analysis.errors import InputError
    from analysis.ingest.readers import read_export

    rows = [["id", "Confident", "Hours"], ["1", "Yes", "2"], ["2", "No", "3"], ["3", "Yes", "1"], [word, "2", "6"]]
    export = tmp_path / f"responses{suffix}"
    if suffix == ".xlsx":
        _xlsx(export, rows)
    else:
        export.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="row of totals") as err:
        read_export(export)
    assert "row 5" in str(err.value)
