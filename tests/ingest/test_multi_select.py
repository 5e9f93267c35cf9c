"""Multi-select items read every way platforms write them, with the truth known by construction.

Each fixture is built here so that the right counts follow from how it is built:
the tests count by hand (ranges of respondents) and compare with what ingest gives.
"""

from __future__ import annotations

import pytest

from analysis.cli import main
from tests.ingest.demo import codebook_head, refused

TOPICS = ("Grooming", "Sexting", "Online bullying", "Recovery")


def qualtrics_sav(path, n=420):
    """A Qualtrics SPSS export: "Which topics...? (Select all that apply)" as four 0/1 columns.

    Qualtrics writes 0 for every option a respondent did not tick, also for the 49 who
    ticked nothing (respondents 372-420). Respondents 1-371 tick by construction:
    Grooming 1-239 (239), Sexting 101-275 (175), Online bullying 201-345 (145),
    Recovery 263-371 (109); every one of them ticks at least one.
    """
    import pandas as pd
    import pyreadstat

    i = pd.RangeIndex(n)
    frame = pd.DataFrame({
        "ResponseId": [f"R_{k:04d}" for k in range(1, n + 1)],
        "Q4_1": (i < 239).astype(float), "Q4_2": ((i >= 100) & (i < 275)).astype(float),
        "Q4_3": ((i >= 200) & (i < 345)).astype(float), "Q4_4": ((i >= 262) & (i < 371)).astype(float),
    })
    labels = {f"Q4_{k}": f"Which topics would you like training on? - {t}" for k, t in enumerate(TOPICS, 1)}
    pyreadstat.write_sav(frame, str(path), column_labels=labels,
                         variable_value_labels={c: {1.0: t} for c, t in zip(list(labels), TOPICS)})


def topics_item(extra: str = "") -> str:
    options = ", ".join(f'Q4_{k} = "{t}"' for k, t in enumerate(TOPICS, 1))
    return (f'\n[items.topics]\ntype = "multi"\ntext = "Which topics would you like training on?"\n'
            f"options = {{ {options} }}\n{extra}\n")


def write_wave(project, codebook: str, data_name: str):
    folder = project.root / "data" / "raw" / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "codebook.toml").write_text(codebook, encoding="utf-8")
    return folder / data_name


def respondents(project):
    import pandas as pd

    return pd.read_parquet(project.processed_frame("demo"))


def test_qualtrics_zero_one_columns_give_the_options_ticked_among_those_who_answered(project, capsys):
    path = write_wave(project, codebook_head(data="topics.sav").replace('"id"', '"ResponseId"')
                      + topics_item('selected = "0/1"'), "topics.sav")
    qualtrics_sav(path)
    assert main(["ingest", "--wave", "demo"]) == 0
    r = respondents(project)
    answered = r["topics__1"].notna()
    assert int(answered.sum()) == 371  # 420 less the 49 who ticked nothing (answered = "any")
    assert [int(r[f"topics__{k}"].sum()) for k in range(1, 5)] == [239, 175, 145, 109]
    assert r.loc[~answered, [f"topics__{k}" for k in range(1, 5)]].isna().all().all()


def test_zero_one_columns_without_a_coding_are_refused_never_read_as_ticked(project, capsys):
    path = write_wave(project, codebook_head(data="topics.sav").replace('"id"', '"ResponseId"') + topics_item(),
                      "topics.sav")
    qualtrics_sav(path)
    err = refused(main, project, capsys, stage="validate")
    lines = err.strip().splitlines()
    assert len(lines) == 4  # one line per option column
    # Q4_1: 1 for cases 1-239, 0 for cases 240-420 (181 cases)
    assert lines[0] == (f"{path}: column 'Q4_1', "
                        "cases 240, 241, 242, 243, 244 and 176 more: found '0', expected 1 or 'Grooming' (ticked) "
                        "or blank in each option column of multi item 'topics'; for columns of 1 (ticked) and 0 (not "
                        "ticked) set selected = \"0/1\" under the item")


def csv_wave(project, item: str, rows: list[list[str]], header: list[str]):
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows([header] + rows)
    path = write_wave(project, codebook_head(data="x.csv") + item, "x.csv")
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def test_answered_zero_counts_those_who_ticked_nothing_as_answering(project):
    # 0/1 written only for those who saw the question: ids 1-6 answered (4 and 5 ticked nothing), 7-8 blank
    rows = [["1", "1", "0"], ["2", "1", "1"], ["3", "0", "1"], ["4", "0", "0"], ["5", "0", "0"], ["6", "1", "0"],
            ["7", "", ""], ["8", "", ""]]
    item = ('\n[items.t]\ntype = "multi"\noptions = { A = "Grooming", B = "Sexting" }\nselected = "0/1"\n'
            'answered = "zero"\n')
    csv_wave(project, item, rows, ["id", "A", "B"])
    assert main(["ingest", "--wave", "demo"]) == 0
    r = respondents(project)
    assert int(r["t__1"].notna().sum()) == 6
    assert (int(r["t__1"].sum()), int(r["t__2"].sum())) == (3, 2)


def test_blank_one_with_a_none_option_counts_none_as_answered(project):
    # blank/1 with "None of these": ids 1-3 ticked options, 4-5 ticked none, 6 did not answer
    rows = [["1", "1", "", ""], ["2", "1", "1", ""], ["3", "", "1", ""], ["4", "", "", "1"], ["5", "", "", "1"],
            ["6", "", "", ""]]
    item = ('\n[items.t]\ntype = "multi"\noptions = { A = "Grooming", B = "Sexting", N = "None of these" }\n'
            'selected = "blank/1"\nanswered = "none_option"\nnone_option = "N"\n'
            '[indicators.any_topic]\nitem = "t"\ncodes = ["A", "B"]\nlabel = "Any topic"\nbase = "answered"\n')
    csv_wave(project, item, rows, ["id", "A", "B", "N"])
    assert main(["ingest", "--wave", "demo"]) == 0
    r = respondents(project)
    assert int(r["t__1"].notna().sum()) == 5
    from analysis.codebook import load_codebook
    from analysis.derive import respondent_indicator

    cb = load_codebook(project.codebook("demo"))
    any_topic = respondent_indicator(cb, r, "any_topic")
    assert any_topic.astype("string").fillna("NA").tolist() == ["True", "True", "True", "False", "False", "NA"]


def test_a_none_option_ticked_with_another_is_refused(project, capsys):
    rows = [["1", "1", "", "1"], ["2", "1", "", ""]]
    item = ('\n[items.t]\ntype = "multi"\noptions = { A = "Grooming", B = "Sexting", N = "None of these" }\n'
            'answered = "none_option"\nnone_option = "None of these"\n')
    path = csv_wave(project, item, rows, ["id", "A", "B", "N"])
    err = refused(main, project, capsys, stage="validate")
    assert err.strip() == (f"{path}: column 'N', row 2: found 'another option ticked with it', expected "
                           "'None of these' ticked alone: it means none of the options of multi item 't' "
                           "(answered = \"none_option\")")


JOINED_LABELS = '{ 1 = "Grooming", 2 = "Sexting, nudes or semi-nudes", 3 = "Sexting", 4 = "Other" }'


@pytest.mark.parametrize("delimiter, cells", [
    (";", ["Grooming;Sexting, nudes or semi-nudes;", "Sexting;", "Sexting, nudes or semi-nudes;Other;",
           "My own words about Mrs Jones;", "", "Grooming;Sexting;"]),
    (", ", ["Grooming, Sexting, nudes or semi-nudes", "Sexting", "Sexting, nudes or semi-nudes, Other",
            "My own words about Mrs Jones", "", "Grooming, Sexting"]),
])
def test_joined_choices_match_labels_longest_first_and_typed_answers_count_as_other(project, delimiter, cells):
    # Microsoft Forms (";" with a trailing ";") and Google Forms (", "): 5 answered (id 5 left it blank).
    # Grooming: ids 1, 6; "Sexting, nudes or semi-nudes": 1, 3; Sexting: 2, 6; Other: 3 and 4 (typed).
    item = (f'\n[items.t]\ntype = "multi"\ncolumn = "Topics"\ncodes = {JOINED_LABELS}\n'
            f'delimiter = "{delimiter}"\n')
    csv_wave(project, item, [[str(i), c] for i, c in enumerate(cells, 1)], ["id", "Topics"])
    assert main(["ingest", "--wave", "demo"]) == 0
    r = respondents(project)
    assert int(r["t__1"].notna().sum()) == 5
    assert [r[f"t__{k}"].astype("string").fillna("NA").tolist() for k in (1, 2, 3, 4)] == [
        ["True", "False", "False", "False", "NA", "True"],
        ["True", "False", "True", "False", "NA", "False"],
        ["False", "True", "False", "False", "NA", "True"],
        ["False", "False", "True", "True", "NA", "False"]]
    stored = b"".join(p.read_bytes() for p in project.processed.rglob("*") if p.is_file())
    assert b"Jones" not in stored and b"own words" not in stored


def test_joined_choices_without_an_other_option_are_refused_without_showing_the_text(project, capsys):
    item = ('\n[items.t]\ntype = "multi"\ncolumn = "Topics"\ncodes = { 1 = "Grooming", 2 = "Sexting" }\n'
            'delimiter = ";"\n')
    rows = [[str(i), "Grooming;"] for i in range(1, 9)] + [["9", "Mrs Jones at St Mary's;"], ["10", "Sextortion;"]]
    path = csv_wave(project, item, rows, ["id", "Topics"])
    err = refused(main, project, capsys, stage="validate")
    assert "Jones" not in err and "Sextortion" not in err
    assert err.strip() == (f"{path}: column 'Topics', rows 10, 11: found 'an answer that is none of the options (its "
                           "text is not shown)', expected the options of multi item 't' joined by ';': Grooming; "
                           "Sexting (an answer typed in place of a choice counts only when the item has an Other "
                           "option: set other = its code)")


def test_indicator_on_a_multi_item_naming_no_option_says_what_works(project, capsys):
    item = topics_item('selected = "0/1"') + '\n[indicators.x]\nitem = "topics"\ncodes = [7]\nlabel = "x"\n'
    write_wave(project, codebook_head(data="topics.sav").replace('"id"', '"ResponseId"') + item, "topics.sav")
    assert main(["validate", "--wave", "demo"]) == 2
    err = capsys.readouterr().err
    assert "expected options of multi item 'topics' (each its code or column, its number 1, 2 ... or its label: " \
           "Grooming; Sexting; Online bullying; Recovery) (at 'indicators.x.codes')" in err


def test_the_draft_writes_the_coding_and_answered_rule_of_zero_one_columns(tmp_path):
    # Qualtrics numeric CSV: Q2_1..Q2_3 written 1/0 for those shown the question, blank for R_4 (not shown);
    # R_3 was shown it and ticked nothing.
    import csv
    import io

    from analysis.ingest.readers import read_export
    from analysis.waves.draft import draft_codebook

    header = [["ResponseId", "Q2_1", "Q2_2", "Q2_3"],
              ["Response ID", "Which topics? - Grooming", "Which topics? - Recovery", "Which topics? - Sexting"],
              ['{"ImportId":"_recordId"}', '{"ImportId":"QID2_1"}', '{"ImportId":"QID2_2"}', '{"ImportId":"QID2_3"}']]
    rows = [["R_1", "1", "0", "1"], ["R_2", "0", "1", "0"], ["R_3", "0", "0", "0"], ["R_4", "", "", ""]]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(header + rows)
    path = tmp_path / "q.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    book = draft_codebook(read_export(path), "2018", data_file="q.csv", fmt="qualtrics")
    topics = next(i for i in book["items"].values() if i.get("type") == "multi")
    assert (topics["selected"], topics["answered"]) == ("0/1", "zero")
    import tomli_w

    from analysis.codebook import parse_codebook
    from analysis.ingest.check import check_export
    from analysis.ingest.tidy import tidy_frames

    raw = read_export(path)
    codebook = parse_codebook(tomli_w.dumps(book))
    check_export(raw, codebook)
    r = tidy_frames(raw, codebook)
    name = next(n for n, i in codebook.items.items() if i.type == "multi")
    assert int(r[f"{name}__1"].notna().sum()) == 3  # R_3 answered, ticking nothing


def test_a_joined_cell_of_delimiters_only_is_no_answer(project):
    item = '\n[items.t]\ntype = "multi"\ncolumn = "Topics"\ncodes = { 1 = "Grooming", 2 = "Sexting" }\ndelimiter = ";"\n'
    csv_wave(project, item, [["1", "Grooming;"], ["2", ";"], ["3", ""]], ["id", "Topics"])
    assert main(["ingest", "--wave", "demo"]) == 0
    assert respondents(project)["t__1"].astype("string").fillna("NA").tolist() == ["True", "NA", "NA"]
