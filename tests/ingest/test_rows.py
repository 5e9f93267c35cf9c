"""Row filters in the codebook ([rows] keep): finished responses only, one nation; counted, never silent."""

from __future__ import annotations

from analysis.cli import main
from analysis.codebook import parse_codebook
from analysis.ingest.pipeline import ingest_wave, load_wave
from tests.ingest.demo import CODEBOOK, ROWS, refused, write_demo

#: The demo rows with a Finished column: respondents 102 and 105 did not finish.
FINISHED = [ROWS[0] + ["Finished"]] + [r + [f] for r, f in zip(ROWS[1:], ["1", "0", "1", "True", "false", "1"])]
KEEP_FINISHED = '[rows]\nkeep = { Finished = ["1", "true"] }\nlabel = "finished responses only"\n\n[tables]'


def test_only_finished_responses_are_kept_and_counted(project, capsys):
    write_demo(project.root, rows=FINISHED, codebook=CODEBOOK.replace("[tables]", KEEP_FINISHED, 1))
    record = ingest_wave("demo", project)
    wave = load_wave("demo", project)
    # 1, True (any case) kept; 0 and false left out
    assert list(wave.respondents.index) == ["101", "103", "104", "106"]
    assert any("kept 4 of 6 rows" in n and "finished responses only" in n and "Finished" in n
               for n in record["notes"])
    assert "Finished" not in wave.respondents.columns  # the filter column is not kept unless typed


def test_errors_still_name_the_rows_a_spreadsheet_shows(project, capsys):
    rows = [list(r) for r in FINISHED]
    rows[6][2] = "7"  # respondent 106, spreadsheet row 7, kept by the filter: a code not in the codebook
    rows[2][2] = "6"  # respondent 102, row 3, left out by the filter: never checked
    write_demo(project.root, rows=rows, codebook=CODEBOOK.replace("[tables]", KEEP_FINISHED, 1))
    err = refused(main, project, capsys)
    assert "row 7" in err and "row 3" not in err


def test_an_unknown_filter_column_is_one_line_with_a_suggestion(project, capsys):
    book = CODEBOOK.replace("[tables]", KEEP_FINISHED.replace("{ Finished", "{ finished"), 1)
    write_demo(project.root, rows=FINISHED, codebook=book)
    err = refused(main, project, capsys)
    assert len(err.strip().splitlines()) == 1
    assert "rows.keep" in err and "'finished'" in err and "did you mean 'Finished'" in err


def test_a_filter_that_keeps_nothing_is_refused(project, capsys):
    book = CODEBOOK.replace("[tables]", KEEP_FINISHED.replace('["1", "true"]', '["yes"]'), 1)
    write_demo(project.root, rows=FINISHED, codebook=book)
    err = refused(main, project, capsys)
    assert "no row" in err and "Finished" in err


def test_one_nation_by_code_or_label_and_stated_in_the_methods_notes(project):
    book = CODEBOOK.replace("[tables]", '[rows]\nkeep = { Q1 = ["Health"] }\n\n[tables]', 1)
    write_demo(project.root, codebook=book)
    # Q1 holds codes (1) and labels (Education): the filter matches the item's code for "Health" too
    assert list(load_wave("demo", project).respondents.index) == ["101", "104", "106"]
    from analysis.report.notes import methods_notes

    notes = dict(methods_notes(parse_codebook(book), threshold=10))
    assert any("Only rows whose Q1 is Health are analysed" in line for line in notes["Bases"])


def test_rows_keep_must_be_a_table_of_lists():
    import pytest

    from analysis.errors import InputError

    with pytest.raises(InputError, match="rows.keep"):
        parse_codebook(CODEBOOK.replace("[tables]", '[rows]\nkeep = "Finished"\n\n[tables]', 1))
