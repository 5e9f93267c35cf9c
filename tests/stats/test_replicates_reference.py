"""Replicate-weight designs against R's ``svrepdesign``: proportions, intervals, models and numeric items.

Reference numbers: ``Rscript tests/reference/replicates_reference.R`` (committed as
tests/reference/replicates_reference.csv; R 4.2.2, survey 4.1.1) on the seeded fixture
models_fixture.csv with the replicate weights R made once (make_models_replicates.R,
committed as models_replicates.csv with their scale and rscales): JK1, JKn, BRR, Fay
(ρ = 0.5), bootstrap, and JKn with ``mse = TRUE``. Degrees of freedom are R's ``degf``
(the rank of the domain's replicate weights less one). Nothing compared here iterates except
the model, which R fits to convergence (``epsilon = 1e-15``): all agree to 1e-9, but for the
logit interval, which R takes from ``svyglm`` refitted with each replicate's weights at glm's
default convergence (1e-8): within 1e-8 (largest measured 2e-9).
"""

import functools

import pandas as pd
import pytest

from analysis.stats import proportion_table
from analysis.stats.batch import estimate_set
from analysis.stats.glm import logistic_regression
from analysis.stats.numeric import numeric_table
from analysis.stats.replicates import replicate_design
from tests.stats.models_fixture import REF, models_frame, reference

CASES = ["jk1", "jkn", "brr", "fay", "boot", "jkn_mse"]
GROUPS = ["All", "Health", "Education", "Police"]


@functools.lru_cache(maxsize=1)
def replicate_frame() -> pd.DataFrame:
    return pd.concat([models_frame(), pd.read_csv(REF / "models_replicates.csv")], axis=1)


@functools.lru_cache(maxsize=None)
def frame_and_design(case):
    d = replicate_frame()
    meta = pd.read_csv(REF / "models_replicates_meta.csv", dtype={"rscales": str}).set_index("prefix")
    m = meta.loc[case.replace("_mse", "")]
    rscales = [float(v) for v in m["rscales"].split(";")]
    kw = dict(type=m["type"], weight="weight", mse=case.endswith("_mse"), rscales=rscales)
    if m["type"] == "Fay":
        kw["rho"] = float(m["rho"])
    if m["type"] not in ("BRR", "Fay"):
        kw["scale"] = float(m["scale"])
    return d, replicate_design(d, f"{m.name}_*", **kw)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("method,r_method,tol", [("logit", "logit", 1e-7), ("korn_graubard", "beta", 1e-9),
                                                 ("mean", "mean", 1e-9), ("asin", "asin", 1e-9),
                                                 ("xlogit", "xlogit", 1e-9)])
def test_replicate_proportions_and_intervals_match_r(case, method, r_method, tol):
    d, design = frame_and_design(case)
    ref = reference("replicates_reference").loc[case]
    t = proportion_table(d, "not_confident", by="sector", replicates=design, method=method, small_base=0,
                         suppress_below=0).set_index("group")
    for g in GROUPS:
        r = ref.loc[g]
        assert t.loc[g, "proportion"] == pytest.approx(r["proportion"], rel=1e-12)
        assert t.loc[g, "se"] == pytest.approx(r["se"], rel=1e-9)
        assert t.loc[g, "ci_lower"] == pytest.approx(r[f"{r_method}_lower"], rel=tol)
        assert t.loc[g, "ci_upper"] == pytest.approx(r[f"{r_method}_upper"], rel=tol)


@pytest.mark.parametrize("case", CASES)
def test_estimate_set_on_replicates_is_proportion_table(case):
    d, design = frame_and_design(case)
    ref = reference("replicates_reference").loc[case]
    est = estimate_set(d, {"not_confident": "all"}, groupings=[("sector",)], replicates=design, method="logit",
                       small_base=0, suppress_below=0).estimates.set_index("group")
    for g in GROUPS:
        assert est.loc[g, "se"] == pytest.approx(ref.loc[g, "se"], rel=1e-9)
        assert est.loc[g, "ci_lower"] == pytest.approx(ref.loc[g, "logit_lower"], rel=1e-7)


@pytest.mark.parametrize("case", CASES)
def test_replicate_logistic_model_matches_svyglm(case):
    d, design = frame_and_design(case)
    ref = reference("replicates_reference").loc[case]
    m = logistic_regression(d, "not_confident", ["no_training", "sector", "profession", "years_in_role"],
                            replicates=design)
    frame = m.to_frame().set_index("coefficient_name")
    for name, row in frame.iterrows():
        r = ref.loc[name]
        assert row["coefficient"] == pytest.approx(r["coefficient"], rel=1e-9)
        assert row["se"] == pytest.approx(r["coef_se"], rel=1e-9)
        assert row["df"] == ref.loc["model", "df_residual"]
    tests = m.term_tests().set_index("term")
    for term in ["no_training", "sector", "profession", "years_in_role"]:
        assert tests.loc[term, "F"] == pytest.approx(ref.loc[term, "F"], rel=1e-9)
        assert tests.loc[term, "p_value"] == pytest.approx(ref.loc[term, "F_p"], rel=1e-9)


@pytest.mark.parametrize("case", CASES)
def test_replicate_numeric_items_match_r(case):
    d, design = frame_and_design(case)
    ref = reference("replicates_reference").loc[case]
    t = numeric_table(d, "years_in_role", by="sector", replicates=design, quantiles=[0.25, 0.5, 0.75],
                      small_base=0, suppress_below=0)
    for g in GROUPS:
        rows = t[t["group"] == g].set_index(["statistic", "p"], drop=False)
        r = ref.loc[g]
        for stat in ("mean", "total"):
            row = rows[rows["statistic"] == stat].iloc[0]
            assert row["estimate"] == pytest.approx(r[stat], rel=1e-9)
            assert row["se"] == pytest.approx(r[f"{stat}_se"], rel=1e-9)
        for p in (0.25, 0.5, 0.75):
            row = rows[(rows["statistic"] == "quantile") & (rows["p"] == p)].iloc[0]
            assert row["estimate"] == pytest.approx(r[f"q{p}"], rel=1e-9)
            assert row["ci_lower"] == pytest.approx(r[f"q{p}_lower"], rel=1e-9, nan_ok=True)
            assert row["ci_upper"] == pytest.approx(r[f"q{p}_upper"], rel=1e-9, nan_ok=True)


def test_likelihood_interval_is_refused_on_replicates():
    # R 4.2.2, survey 4.1.1: svyciprop(~not_confident, <JK1 svrepdesign>, method = "likelihood") gives NA bounds
    d, design = frame_and_design("jk1")
    with pytest.raises(ValueError, match="not available with replicate weights"):
        proportion_table(d, "not_confident", replicates=design, method="likelihood")
