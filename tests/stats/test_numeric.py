"""Numeric items: the quantile rule and the mean by hand, and bad input."""

import numpy as np
import pandas as pd
import pytest

from analysis.stats.numeric import numeric_table, weighted_quantile


def test_quantile_rule_is_the_first_value_whose_cumulative_share_reaches_p():
    x = np.array([5.0, 1.0, 3.0, 2.0])
    w = np.array([1.0, 1.0, 2.0, 0.0])  # the 2 has weight 0 and is dropped: shares 1/4, 3/4, 1 at 1, 3, 5
    assert weighted_quantile(x, w, 0.25) == 1.0    # share exactly p: that value
    assert weighted_quantile(x, w, 0.26) == 3.0
    assert weighted_quantile(x, w, 0.75) == 3.0
    assert weighted_quantile(x, w, 0.9) == 5.0


def test_weighted_mean_and_its_se_by_hand():
    # weights 1, 1, 2; values 1, 2, 4: mean = (1 + 2 + 8) / 4 = 2.75
    # z = w (x - 2.75) / 4 = -0.4375, -0.1875, 0.625; var = 3/2 · Σ z² (Σ z = 0) = 3/2 · 0.6171875 = 0.92578125
    f = pd.DataFrame({"x": [1.0, 2.0, 4.0], "w": [1.0, 1.0, 2.0]})
    row = numeric_table(f, "x", weight="w", quantiles=[], small_base=0, suppress_below=0).iloc[0]
    assert row["estimate"] == pytest.approx(2.75, rel=1e-12)
    assert row["se"] == pytest.approx(np.sqrt(0.92578125), rel=1e-12)


def test_text_item_is_refused():
    f = pd.DataFrame({"x": ["a", "b"]})
    with pytest.raises(TypeError, match="column 'x': expected a numeric item"):
        numeric_table(f, "x")


def test_small_groups_are_suppressed():
    f = pd.DataFrame({"x": [1.0, 2.0, 3.0], "g": pd.Categorical(["a", "a", "b"])})
    t = numeric_table(f, "x", by="g", small_base=3, suppress_below=2)
    b = t[t["group"] == "b"]
    assert b["flag"].eq("suppressed").all() and b["estimate"].isna().all()
