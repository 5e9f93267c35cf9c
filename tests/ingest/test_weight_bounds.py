"""Weights whose squares underflow, or spread past a documented ratio, are refused at ingest in one line each."""

from __future__ import annotations

import pytest

from analysis.cli import main
from analysis.ingest.check import MAX_WEIGHT_RATIO, MIN_WEIGHT
from tests.ingest.demo import CODEBOOK, ROWS, refused, write_demo

WEIGHTED = CODEBOOK + '\n[items.w]\ncolumn = "W"\ntype = "weight"\n'


def _rows(weights):
    return [ROWS[0] + ["W"]] + [r + [w] for r, w in zip(ROWS[1:], weights)]


def test_a_weight_whose_square_underflows_is_refused(project, capsys):
    assert (1e-200) ** 2 == 0.0  # the reason: the variance sums would see zero
    write_demo(project.root, rows=_rows(["1", "1e-200", "1", "1", "1", "1"]), codebook=WEIGHTED)
    err = refused(main, project, capsys)
    assert "column 'W', row 3" in err and f"{MIN_WEIGHT:g}" in err


def test_weights_spread_past_the_bound_are_refused(project, capsys):
    write_demo(project.root, rows=_rows(["1", "2e6", "1", "1", "1", "1"]), codebook=WEIGHTED)
    err = refused(main, project, capsys)
    assert "column 'W'" in err and "ratio" in err and "2e+06" in err
    assert MAX_WEIGHT_RATIO == 1e6


@pytest.mark.parametrize("weights", [["0.5", "2", "1", "1", "0", "1.5"], ["1e-3", "900", "1", "1", "1", "1"]])
def test_ordinary_weights_pass(project, capsys, weights):
    write_demo(project.root, rows=_rows(weights), codebook=WEIGHTED)
    assert main(["ingest", "--wave", "demo"]) == 0, capsys.readouterr().err


def test_no_table_is_written_with_a_missing_interval(tmp_path):
    import pandas as pd

    from analysis.errors import InputError
    from analysis.tables import _refuse_missing_intervals

    frames = {"estimates": pd.DataFrame({"indicator": ["a"], "proportion": [0.5], "ci_lower": [float("nan")],
                                         "ci_upper": [float("nan")]})}
    with pytest.raises(InputError) as caught:
        _refuse_missing_intervals(frames, tmp_path)
    assert "estimates.csv" in str(caught.value) and "indicator 'a'" in str(caught.value)
