"""Design-based logistic regression against R's ``svyglm(family = quasibinomial())``.

Reference numbers: ``Rscript tests/reference/glm_reference.R`` (committed as
tests/reference/glm_reference.csv; R 4.2.2, survey 4.1.1) on the seeded fixture
models_fixture.csv: not confident ~ no training + sector + profession + years in role, on a
weights-only design, a stratified clustered design with an fpc, and both raked to two
margins. Rows missing the outcome or years in role leave the model. The converged R fits
(``glm.control(epsilon = 1e-15)``) agree to 1e-9; R's default fits (``epsilon = 1e-8``, the
``_default`` cases) differ from the exact solution by R's own convergence, within 1e-6 (2e-5
for p-values below 1e-3).
"""

import numpy as np
import pytest

from analysis.stats.glm import logistic_regression
from tests.stats.models_fixture import design_options, models_frame, reference

CASES = ["weights", "design", "raked", "raked_design"]
TERMS = ["no_training", "sector", "profession", "years_in_role"]


def fitted(case):
    d = models_frame()
    return logistic_regression(d, "not_confident", TERMS, **design_options(case, d))


@pytest.mark.parametrize("case,suffix,tol", [(c, s, t) for c in CASES for s, t in (("", 1e-9), ("_default", 1e-6))])
def test_coefficients_errors_and_intervals_match_svyglm(case, suffix, tol):
    ref = reference("glm_reference").loc[case + suffix]
    m = fitted(case)
    frame = m.to_frame().set_index("coefficient_name")
    assert list(frame.index) == list(ref.index[ref["coefficient"].notna()])
    for name, row in frame.iterrows():
        r = ref.loc[name]
        for ours, theirs in (("coefficient", "coefficient"), ("se", "se"), ("t", "t"), ("p_value", "p_value")):
            # a small p-value moves ~|t|² times as much as t does
            assert row[ours] == pytest.approx(r[theirs], rel=tol * (20 if ours == "p_value" else 1)), (name, ours)
        assert row["or_lower"] == pytest.approx(np.exp(r["ci_lower"]), rel=tol)
        assert row["or_upper"] == pytest.approx(np.exp(r["ci_upper"]), rel=tol)
        assert row["odds_ratio"] == pytest.approx(np.exp(r["coefficient"]), rel=tol)
        assert row["df"] == ref.loc["model", "df_residual"]
    assert m.n == ref.loc["model", "n"]


@pytest.mark.parametrize("case", CASES)
def test_term_tests_match_regtermtest(case):
    ref = reference("glm_reference").loc[case]
    tests = fitted(case).term_tests().set_index("term")
    for term in TERMS:
        r = ref.loc[term]
        assert tests.loc[term, "F"] == pytest.approx(r["F"], rel=1e-9)
        assert tests.loc[term, "df_num"] == r["df_num"]
        assert tests.loc[term, "df_den"] == r["df_den"]
        assert tests.loc[term, "p_value"] == pytest.approx(r["F_p"], rel=1e-9)
