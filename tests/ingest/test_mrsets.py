"""SPSS multiple-response sets read from the file's dictionary (pyreadstat's ``meta.mr_sets``), cell by cell.

pyreadstat cannot write multiple-response sets, so the corpus files are read end to end in
tests/waves/test_spss_mr_sets.py; here the reader's rules run on small frames worked by hand.
"""

from __future__ import annotations

import math

import pandas as pd

from analysis.ingest.mrsets import read_mr_sets

DICHOTOMY = {"topics": {"type": "D", "is_dichotomy": True, "counted_value": 1, "label": "Topics",
                        "variable_list": ["t1", "t2"]}}


def test_user_missing_values_in_a_dichotomy_set_read_as_blank():
    # Case 3 was not asked (9 = user-missing in both variables): not an answer, not a "not ticked".
    frame = pd.DataFrame({"t1": [1.0, 0.0, 9.0], "t2": [0.0, 0.0, 9.0]})
    out, sets = read_mr_sets(frame, DICHOTOMY, {}, {"t1": "Grooming", "t2": "Sexting"},
                             {"t1": [9.0], "t2": [9.0]}, {})
    assert out["t1"].tolist()[:2] == [1.0, 0.0] and math.isnan(out["t1"].tolist()[2])
    assert math.isnan(out["t2"].tolist()[2])
    assert sets[0].uncounted == [0] and sets[0].options == {"t1": "Grooming", "t2": "Sexting"}


def test_category_set_columns_by_hand():
    frame = pd.DataFrame({"m1": [1.0, 2.0, None, 8.0], "m2": [3.0, None, None, 1.0]})
    out, sets = read_mr_sets(frame, {"m": {"type": "C", "counted_value": None, "label": "Mentions",
                                           "variable_list": ["m1", "m2"]}},
                             {"m1": {1.0: "Bus", 2.0: "Car", 3.0: "Train"}}, {}, {"m1": [8.0]}, {})
    # case 4's 8 is user-missing: its only category is 1 (Bus) from m2
    assert sets[0].options == {"m_1": "Bus", "m_2": "Car", "m_3": "Train"}
    assert out["m_1"].tolist()[:2] == [1.0, 0.0] and out["m_1"].tolist()[3] == 1.0
    assert math.isnan(out["m_1"].tolist()[2])
