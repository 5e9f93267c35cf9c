"""The note under the report's "Change between waves" table says which variance the test used."""

import pandas as pd

from analysis.report.assemble import difference_note


def differences(n, effective_n) -> pd.DataFrame:
    return pd.DataFrame({"indicator": ["x"], "n_from": [n[0]], "n_to": [n[1]],
                         "effective_n_from": [float(effective_n[0])], "effective_n_to": [float(effective_n[1])]})


def test_unweighted_waves_get_the_plain_z_test_note():
    note = difference_note(differences((80, 70), (80, 70)))
    assert "Newcombe's hybrid-score 95% interval" in note and "(two-proportion z test)" in note
    assert "effective base" not in note and "design" not in note


def test_weighted_or_designed_waves_say_the_design_variance_is_used():
    # a clustered wave: 647 respondents whose design-based SE gives an effective base of 455.6
    note = difference_note(differences((692, 647), (692, 455.6)))
    assert "(two-proportion z test)" in note
    assert "each wave's effective base" in note
    assert "design-based standard error, so the design's variance is used" in note
    assert "Kish's effective n" in note
