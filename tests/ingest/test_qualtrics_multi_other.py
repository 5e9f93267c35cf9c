"""'Other, please specify' in a Qualtrics multi-select question counts as its option.

A hand-written three-row Qualtrics CSV: Q2 is a multi-select with options Q2_1, Q2_2 and
Q2_3 ("Other (please specify)") and the text entry Q2_3_TEXT. Respondent R_2 typed text
but the option cell is blank; R_3 ticked Other and typed text; R_4 answered nothing.
"""

from __future__ import annotations

import csv
import io

from analysis.ingest.readers import read_export
from analysis.waves.draft import draft_codebook

HEADER = [
    ["StartDate", "Status", "Finished", "ResponseId", "Q1", "Q2_1", "Q2_2", "Q2_3", "Q2_3_TEXT"],
    ["Start Date", "Response Type", "Finished", "Response ID", "Which setting?",
     "Which topics? - Grooming", "Which topics? - Recovery", "Which topics? - Other (please specify)",
     "Which topics? - Other (please specify) - Text"],
    ['{"ImportId":"startDate"}', '{"ImportId":"status"}', '{"ImportId":"finished"}', '{"ImportId":"_recordId"}',
     '{"ImportId":"QID1"}', '{"ImportId":"QID2_1"}', '{"ImportId":"QID2_2"}', '{"ImportId":"QID2_3"}',
     '{"ImportId":"QID2_3_TEXT"}'],
]
ROWS = [
    ["2018-03-01 10:00:00", "IP Address", "True", "R_1", "Primary", "Grooming", "", "", ""],
    ["2018-03-01 10:05:00", "IP Address", "True", "R_2", "Primary", "", "", "", "Sextortion by J. Smith"],
    ["2018-03-01 10:09:00", "IP Address", "True", "R_3", "Secondary", "", "Recovery",
     "Other (please specify)", "Peer pressure"],
    ["2018-03-01 10:12:00", "IP Address", "True", "R_4", "Secondary", "", "", "", ""],
]


def _export(tmp_path):
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(HEADER + ROWS)
    path = tmp_path / "qualtrics_topics.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def test_typed_text_with_a_blank_option_cell_ticks_the_option(tmp_path):
    raw = read_export(_export(tmp_path))
    assert raw.layout.startswith("qualtrics")
    assert raw.frame["Q2_3"].fillna("(blank)").tolist() == ["(blank)", "Other (please specify)",
                                                             "Other (please specify)", "(blank)"]
    assert "Q2_3_TEXT" in raw.text_columns
    assert any("1 respondent(s) with text in Q2_3_TEXT" in n for n in raw.notes)


def test_ingest_counts_other_and_the_text_never_reaches_processed_data(tmp_path):
    import tomli_w

    from analysis.codebook import parse_codebook
    from analysis.ingest.tidy import tidy_frames

    raw = read_export(_export(tmp_path))
    book = draft_codebook(raw, "2018", data_file="qualtrics_topics.csv", fmt="qualtrics")
    codebook = parse_codebook(tomli_w.dumps(book))
    respondents = tidy_frames(raw, codebook)
    name = next(n for n, i in codebook.items.items() if i.type == "multi")
    item = codebook.items[name]
    other = list(item.options).index("Q2_3") + 1
    got = respondents[f"{name}__{other}"].astype("string").fillna("NA").tolist()
    # R_2 chose only Other: answered, ticked; R_4 answered nothing
    assert got == ["False", "True", "True", "NA"]
    for frame in (respondents,):
        text = frame.astype("string").to_csv()
        assert "Sextortion" not in text and "J. Smith" not in text and "Peer pressure" not in text
