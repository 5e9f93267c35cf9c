"""Bilder and Loughin's tests against the worked examples the MRCV package publishes.

Reference values: the printed output of ``MI.test`` in MRCV's documentation
(``docs/reference/MI.test.html`` of the package's site; the farmer2 example also in
Koziol and Bilder 2014, The R Journal 6(1), p. 147), at the precision printed.
Data: ``tests/fixtures/mrcv`` (see its README).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from analysis.stats.multiple_response import mmi_test, spmi_test

DATA = Path(__file__).resolve().parents[1] / "fixtures" / "mrcv"


def _read(name):
    rows = np.loadtxt(DATA / f"{name}.csv", delimiter=",", skiprows=1, dtype=int)
    return rows


def test_mmi_of_education_and_sources_of_veterinary_information():
    # MI.test(data = farmer1, I = 1, J = 5, type = "all"):
    # X^2_S = 30.84; X^2_S.ij = 5.96 7.89 4.62 1.42 10.95
    # Second-Order Rao-Scott: X^2_S.adj = 28.68, df.adj = 18.6, p.adj = 0.0632
    # Bonferroni: p.adj = 0.1357; p.ij.adj = 1.0000 0.4778 1.0000 1.0000 0.1357
    data = _read("farmer1")
    t = mmi_test(data[:, 0] - 1, data[:, 1:] == 1)
    assert round(t.statistic, 2) == 30.84
    assert [round(x, 2) for x in t.statistics] == [5.96, 7.89, 4.62, 1.42, 10.95]
    assert (round(t.rs2_statistic, 2), round(t.rs2_df, 1), round(t.rs2_p_value, 4)) == (28.68, 18.6, 0.0632)
    assert round(t.bonferroni_p_value, 4) == 0.1357
    assert [round(x, 4) for x in t.bonferroni_p_values] == [1.0, 0.4778, 1.0, 1.0, 0.1357]
    assert t.table_df == 4 and t.tables == 5 and t.n == 262


def test_spmi_of_swine_waste_tests_and_disposal_methods():
    # MI.test(data = farmer2, I = 3, J = 4, type = "all"):
    # X^2_S = 64.03; X^2_S.ij rows w1..w3: 4.93 2.93 14.29 0.01 / 6.56 2.11 11.68 0.13 / 13.98 0.00 7.08 0.32
    # Second-Order Rao-Scott: X^2_S.adj = 36.17, df.adj = 6.78, p.adj < 0.0001
    # Bonferroni: p.adj = 0.0019; p.ij.adj rows: 0.3163 1 0.0019 1 / 0.1253 1 0.0076 1 / 0.0022 1 0.0934 1
    data = _read("farmer2")
    t = spmi_test(data[:, :3] == 1, data[:, 3:] == 1)
    assert round(t.statistic, 2) == 64.03
    assert [round(x, 2) for x in t.statistics] == [4.93, 2.93, 14.29, 0.01, 6.56, 2.11, 11.68, 0.13,
                                                  13.98, 0.00, 7.08, 0.32]
    assert (round(t.rs2_statistic, 2), round(t.rs2_df, 2)) == (36.17, 6.78) and t.rs2_p_value < 0.0001
    assert round(t.bonferroni_p_value, 4) == 0.0019
    assert [round(x, 4) for x in t.bonferroni_p_values] == [0.3163, 1, 0.0019, 1, 0.1253, 1, 0.0076, 1,
                                                           0.0022, 1, 0.0934, 1]


def test_an_option_ticked_by_everyone_is_left_out_as_mrcv_does():
    groups = np.array([0, 0, 1, 1, 1])
    ticks = np.array([[1, 1], [1, 0], [1, 1], [1, 1], [1, 0]], dtype=bool)
    t = mmi_test(groups, ticks)
    assert np.isnan(t.statistics[0]) and t.tables == 1
    # option 2: groups (1 of 2, 2 of 3): X2 = 5 (1*1 - 1*2)^2 / (2*3*3*2) = 5/36
    assert t.statistic == pytest.approx(5 / 36)
