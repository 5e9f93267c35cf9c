"""proportion_table and distribution_table: columns, bases, flags, weighted SEs, crosses."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from analysis.stats import COLUMNS, distribution_table, proportion_table


def small_frame():
    return pd.DataFrame({
        "y": pd.array([True, True, False, False, False, True, None, False, True, None], dtype="boolean"),
        "sector": pd.Categorical(list("aaaaabbbbb"), categories=["a", "b", "c"]),
        "prof": pd.Categorical(list("xyxyxyxyxy"), categories=["x", "y"]),
        "w": [1.0, 2.0, 1.0, 1.0, 3.0, 1.0, 5.0, 2.0, 1.0, 1.0],
    })


def test_columns_in_contract_order():
    t = proportion_table(small_frame(), "y", by="sector", base="all respondents")
    assert list(t.columns[:16]) == list(COLUMNS)
    assert t["by"].tolist() == ["overall", "sector", "sector", "sector"]
    assert t["group"].tolist() == ["All", "a", "b", "c"]
    assert (t["base"] == "all respondents").all()


def test_counts_bases_and_wilson_against_statsmodels():
    from statsmodels.stats.proportion import proportion_confint

    t = proportion_table(small_frame(), "y", by="sector", small_base=0, suppress_below=0)
    # NA rows (7th, 10th) are outside the base: a = 2 of 5, b = 2 of 3, overall 4 of 8
    assert t["count"].tolist() == [4, 2, 2, 0] and t["n"].tolist() == [8, 5, 3, 0]
    assert t["weighted_n"].tolist()[:3] == [8, 5, 3] and t["effective_n"].tolist()[:3] == [8, 5, 3]
    lo, hi = proportion_confint([4, 2, 2], [8, 5, 3], method="wilson")
    np.testing.assert_allclose(t["ci_lower"][:3], lo, atol=1e-12)
    np.testing.assert_allclose(t["ci_upper"][:3], hi, atol=1e-12)
    np.testing.assert_allclose(t["se"][:3], np.sqrt([0.25 / 8, 0.24 / 5, (2 / 9) / 3]))


def test_empty_group_is_a_quiet_missing_row():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        t = proportion_table(small_frame(), "y", by="sector", weight="w")
    row = t.iloc[3]
    assert row["n"] == 0 and row["count"] == 0 and row["flag"] == "suppressed"
    assert np.isnan(row["proportion"]) and np.isnan(row["ci_lower"])


def test_flags_and_suppression():
    t = proportion_table(small_frame(), "y", by="sector", small_base=6, suppress_below=4)
    assert t["flag"].tolist() == ["", "small base", "suppressed", "suppressed"]
    assert not np.isnan(t["proportion"][1]) and np.isnan(t["proportion"][2])
    assert t["count"][2] == 2 and t["n"][2] == 3  # counts stay; only the estimate is withheld


def test_cross_labels_and_order():
    t = proportion_table(small_frame(), "y", by=["sector", "prof"], small_base=0, suppress_below=0)
    assert t["by"].tolist()[1:] == ["sector × prof"] * 6
    assert t["group"].tolist()[1:] == ["a × x", "a × y", "b × x", "b × y", "c × x", "c × y"]
    assert t["sector"].tolist()[1:] == ["a", "a", "b", "b", "c", "c"]
    # a × x: rows 1, 3, 5 -> y = T, F, F
    assert (t["count"][1], t["n"][1]) == (1, 3)


def _svymean_domain(y, w, d):
    """svymean on subset(design, d) for svydesign(ids=~1, weights=~w): Lumley (2010), section 2.2."""
    n = len(y)
    W = np.sum(w[d])
    p = np.sum(w[d] * y[d]) / W
    z = np.where(d, w * (y - p) / W, 0.0)
    return p, np.sqrt(n / (n - 1) * np.sum((z - z.mean()) ** 2))


def test_weighted_se_is_the_linearisation_of_the_full_design():
    f = small_frame()
    t = proportion_table(f, "y", by="sector", weight="w", small_base=0, suppress_below=0)
    y = f["y"].to_numpy(dtype=float, na_value=np.nan)
    w = f["w"].to_numpy()
    in_base = ~np.isnan(y)
    y0 = np.nan_to_num(y)
    for i, d in enumerate([in_base, in_base & (f["sector"] == "a").to_numpy(),
                           in_base & (f["sector"] == "b").to_numpy()]):
        p, se = _svymean_domain(y0, w, d)
        assert t["proportion"][i] == pytest.approx(p, rel=1e-12)
        assert t["se"][i] == pytest.approx(se, rel=1e-12)
        assert t["effective_n"][i] == pytest.approx(w[d].sum() ** 2 / (w[d] ** 2).sum())
    # overall weighted count by hand: yes rows have weights 1, 2, 1, 1 -> 5 of 1+2+1+1+3+1+2+1 = 12
    assert t["weighted_count"][0] == 5 and t["weighted_n"][0] == 12


def test_weighted_logit_interval_by_hand():
    # 40 respondents, weights 1 (20 of them, 8 yes) and 3 (20 of them, 4 yes).
    # W = 80, Σwy = 8 + 12 = 20, p = 0.25.  Σ_yes w² = 8 + 36 = 44, Σ_no w² = 12 + 144 = 156.
    # var = 40/39 * (44 * 0.75² + 156 * 0.25²) / 80² = 40/39 * 34.5 / 6400 = 0.00552885
    # se = √0.00552885 = 0.0743562; on the logit scale 0.0743562 / (0.25 * 0.75) = 0.3965665
    # t(0.975, df = 39) = 2.0226909 (R: qt(0.975, 39)); half-width 2.0226909 * 0.3965665 = 0.8021314
    # logit(0.25) = ln(1/3) = -1.0986123; bounds expit(-1.9007437) = 0.1300243, expit(-0.2964809) = 0.4264180
    y = [True] * 8 + [False] * 12 + [True] * 4 + [False] * 16
    f = pd.DataFrame({"y": pd.array(y, dtype="boolean"), "w": [1.0] * 20 + [3.0] * 20})
    row = proportion_table(f, "y", weight="w", method="logit", suppress_below=0, small_base=0).iloc[0]
    assert row["proportion"] == pytest.approx(0.25)
    assert row["se"] == pytest.approx(0.0743562, abs=1e-7)
    assert row["ci_lower"] == pytest.approx(0.1300243, abs=1e-6)
    assert row["ci_upper"] == pytest.approx(0.4264180, abs=1e-6)
    assert row["method"] == "logit" and row["level"] == 0.95


def test_other_levels_and_methods_run():
    for method in ("wilson", "clopper_pearson", "jeffreys", "agresti_coull", "wald", "logit", "korn_graubard"):
        for weight in (None, "w"):
            t = proportion_table(small_frame(), "y", by="sector", weight=weight, method=method, level=0.9,
                                 small_base=0, suppress_below=0)
            shown = t["proportion"].notna()
            assert ((t["ci_lower"][shown] >= 0) & (t["ci_upper"][shown] <= 1)).all()
            assert (t["level"] == 0.9).all()


def test_zero_of_n_and_n_of_n_weighted():
    f = pd.DataFrame({"y": pd.array([False] * 40 + [True] * 40, dtype="boolean"),
                      "g": pd.Categorical(["a"] * 40 + ["b"] * 40), "w": np.linspace(1, 2, 80)})
    for method in ("wilson", "logit", "korn_graubard"):
        t = proportion_table(f, "y", by="g", weight="w", method=method)
        assert t["ci_lower"][1] == 0 and 0 < t["ci_upper"][1] < 0.2
        assert t["ci_upper"][2] == 1 and 0.8 < t["ci_lower"][2] < 1


def test_bad_inputs_say_what_was_expected():
    f = small_frame()
    with pytest.raises(TypeError, match="expected a boolean indicator"):
        proportion_table(f.assign(y=[1] * 10), "y")
    # Rows as a spreadsheet of the frame shows them, as ingest names them: header = row 1,
    # so the second respondent is row 3.
    with pytest.raises(ValueError, match="column 'w', row 3: expected a finite, non-negative weight"):
        proportion_table(f.assign(w=[1.0, -1.0] + [1.0] * 8), "y", weight="w")
    with pytest.raises(ValueError, match="column 'w', rows 2, 11: expected a finite, non-negative weight"):
        proportion_table(f.assign(w=[np.nan] + [1.0] * 8 + [np.inf]), "y", weight="w")
    with pytest.raises(ValueError, match="expected one of"):
        proportion_table(f, "y", method="exact")


def test_letters_column():
    f = pd.DataFrame({"y": pd.array([True] * 20 + [False] * 80 + [True] * 50 + [False] * 50, dtype="boolean"),
                      "g": pd.Categorical(["a"] * 100 + ["b"] * 100)})
    t = proportion_table(f, "y", by="g", letters=True)
    assert t["letter"].tolist() == ["", "A", "B"] and t["letters"].tolist() == ["", "", "A"]


def test_distribution_table_with_groups_and_excluded_category():
    f = pd.DataFrame({"conf": pd.Categorical(["Very", "Fairly", "Very", "Don't know", None, "Fairly"],
                                             categories=["Fairly", "Very", "Don't know"]),
                      "g": pd.Categorical(list("aabbbb"))})
    d = distribution_table(f, "conf", by="g", exclude=["Don't know"], small_base=0, suppress_below=0)
    assert d["category"].unique().tolist() == ["Fairly", "Very"]
    very = d[d["category"] == "Very"]
    assert very["count"].tolist() == [2, 1, 1] and very["n"].tolist() == [4, 2, 2]
    shares = d[d["group"] == "All"]["proportion"]
    assert shares.sum() == pytest.approx(1.0)
