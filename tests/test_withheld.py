"""Words and in-place keys for withheld cells, the same in every output."""

from __future__ import annotations

from analysis.withheld import first_reason, marker, note_text, reason_keys, reason_words


def test_each_rule_has_its_own_true_words():
    assert reason_words("primary", threshold=10) == "fewer than 10 people"
    assert reason_words("small-base", threshold=10) == "fewer than 10 people in the group"
    assert reason_words("secondary", threshold=10) == "withheld so that a smaller cell cannot be worked out"
    assert reason_words("table", threshold=10) == \
        "its cells could not be protected one by one, so the table is withheld"
    assert reason_words("primary", threshold=5) == "fewer than 5 people"


def test_scale_points_combined_and_unknown_rules_are_not_called_small_cells():
    # The protect stage's lookup falls back to the primary rule ("fewer than 10 people") for a rule
    # it does not know: a false reason for a cell merged into its neighbour, or for a new rule.
    assert reason_words("collapsed", threshold=10) == "scale points combined"
    assert "fewer than" not in reason_words("a-rule-added-later", threshold=10)
    assert reason_words("a-rule-added-later", threshold=10) == "withheld for disclosure control"


def test_published_cells_have_no_words():
    import pandas as pd

    assert reason_words("", threshold=10) == reason_words(pd.NA, threshold=10) == ""
    assert note_text(None, threshold=10) == ""


def test_notes_read_as_sentences():
    assert note_text("small-base", threshold=10) == "Withheld: fewer than 10 people in the group"
    assert note_text("secondary", threshold=10) == "Withheld so that a smaller cell cannot be worked out"
    assert note_text("collapsed", threshold=10) == "Scale points combined"


def test_keys_follow_the_rule_order_and_markers_carry_them():
    keys = reason_keys(["secondary", "table", "", "secondary", "zz-new"])
    assert keys == {"table": "a", "secondary": "b", "zz-new": "c"}
    assert marker("secondary", keys) == "withheld (b)"
    assert first_reason("secondary", "table", "") == "table"
    assert first_reason("collapsed", "secondary") == "secondary"
