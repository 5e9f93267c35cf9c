"""The six ``svyciprop`` interval methods against R, through :func:`proportion_table`.

Reference numbers: ``Rscript tests/reference/ciprop_reference.R`` (committed as
tests/reference/ciprop_reference.csv; R 4.2.2, survey 4.1.1) on the seeded fixture
models_fixture.csv: overall and by sector, on a weights-only design, a stratified clustered
design with an fpc, and both raked to two margins. R's degrees of freedom are its default,
``degf(design)``. The closed-form methods agree to 1e-9. ``logit`` and ``likelihood`` go through
R's ``glm`` fit, which stops at a relative change in deviance of 1e-8: the toolkit's proportion
is exact. R's logit bounds are within 1e-7 of it. R's likelihood bounds also take the design
effect of the coefficient from the working weights of the iteration before the last, which puts
them up to 2e-5 away; on a model fitted to convergence (the ``likelihood_converged`` rows, made with
the same ``confint(svyglm(...), method = "likelihood")`` that svyciprop calls) they agree to 1e-9.
"""

import pytest

from analysis.stats import proportion_table
from tests.stats.models_fixture import design_options, models_frame, reference

CASES = ["weights", "design", "raked", "raked_design"]
# method in the toolkit, method in R, relative tolerance
METHODS = [("mean", "mean", 1e-9), ("wald", "mean", 1e-9), ("asin", "asin", 1e-9), ("xlogit", "xlogit", 1e-9),
           ("korn_graubard", "beta", 1e-9), ("logit", "logit", 1e-7), ("likelihood", "likelihood_converged", 1e-9),
           ("likelihood", "likelihood", 3e-5)]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("method,r_method,tol", METHODS, ids=[m[1] for m in METHODS])
def test_svyciprop_methods_match_r(case, method, r_method, tol):
    d = models_frame()
    ref = reference("ciprop_reference").loc[case]
    t = proportion_table(d, "not_confident", by="sector", method=method, small_base=0, suppress_below=0,
                         **design_options(case, d)).set_index("group")
    for group in ["All", "Health", "Education", "Police"]:
        r = ref.loc[group]
        assert t.loc[group, "proportion"] == pytest.approx(r["proportion"], rel=1e-12)
        assert t.loc[group, "ci_lower"] == pytest.approx(r[f"{r_method}_lower"], rel=tol)
        assert t.loc[group, "ci_upper"] == pytest.approx(r[f"{r_method}_upper"], rel=tol)
