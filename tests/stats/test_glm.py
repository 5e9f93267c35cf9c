"""Logistic regression: model matrices as R builds them, and models that cannot be fitted."""

import numpy as np
import pandas as pd
import pytest

from analysis.stats.glm import ModelError, logistic_regression, model_matrix


def small_frame():
    return pd.DataFrame({
        "y": pd.array([True, False, True, True, False, False, True, False, None, True], dtype="boolean"),
        "sector": pd.Categorical(["a", "b", "a", "c", "b", "c", "a", "b", "c", "a"], categories=["a", "b", "c", "d"]),
        "trained": pd.array([True, False, False, True, True, False, True, False, True, None], dtype="boolean"),
        "years": [1.0, 2.0, 3.5, 4.0, 5.0, 0.5, 2.0, 7.0, 1.0, 2.0],
        "w": [1.0, 2.0, 1.0, 1.5, 1.0, 1.0, 2.0, 1.0, 1.0, 1.0],
    })


def test_model_matrix_is_rs_treatment_coding_with_na_omit():
    mm, y = model_matrix(small_frame(), "y", ["sector", "trained", "years"])
    # rows 9 (no outcome) and 10 (no 'trained') leave; category d is held by nobody: no column
    assert mm.names == ("(Intercept)", "sectorb", "sectorc", "trainedTRUE", "years")
    assert mm.used.tolist() == [True] * 8 + [False, False]
    assert mm.x[:, 1].tolist() == [0, 1, 0, 0, 1, 0, 0, 1]
    assert mm.x[:, 3].tolist() == [1, 0, 0, 1, 1, 0, 1, 0]
    assert y.tolist() == [1, 0, 1, 1, 0, 0, 1, 0]


def test_intercept_only_model_is_the_weighted_logit():
    f = small_frame()
    m = logistic_regression(f, "y", [], weight="w")
    used = f["y"].notna()
    p = (f.loc[used, "w"] * f.loc[used, "y"].astype(float)).sum() / f.loc[used, "w"].sum()
    assert m.coef[0] == pytest.approx(np.log(p / (1 - p)), rel=1e-12)


@pytest.mark.parametrize("outcome,terms,message", [
    ("years", ["sector"], "must be a yes/no indicator"),
    ("y", ["nope"], "model term 'nope' is not a column"),
    ("nope", [], "model outcome 'nope' is not a column"),
])
def test_bad_models_say_what_is_wrong(outcome, terms, message):
    with pytest.raises(ModelError, match=message):
        logistic_regression(small_frame(), outcome, terms)


def test_complete_separation_is_reported():
    f = pd.DataFrame({"y": pd.array([True, True, False, False], dtype="boolean"), "g": ["a", "a", "b", "b"]})
    with pytest.raises(ModelError, match="separates the outcome"):
        logistic_regression(f, "y", ["g"])


def test_term_test_of_an_unknown_term():
    m = logistic_regression(small_frame(), "y", ["years"])
    with pytest.raises(ModelError, match="not a term of the model"):
        m.term_test("sector")
