"""The largest relative difference from R per statistic, over every model, numeric-item and svyciprop reference.

Run from the repository root: ``python tests/reference/largest_differences.py``. It recomputes
every number of ciprop_reference.csv, glm_reference.csv, numeric_reference.csv,
replicates_reference.csv and replicate_tests_reference.csv through the public API and prints, per statistic, the largest
|ours / R − 1| (docs/statistics.md quotes the table).
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.stats.models_fixture import design_options, models_frame, reference  # noqa: E402

GROUPS = ["All", "Health", "Education", "Police"]
TERMS = ["no_training", "sector", "profession", "years_in_role"]


def rel(a: float, b: float) -> float:
    if np.isnan(a) and np.isnan(b):
        return 0.0
    return abs(a / b - 1) if b != 0 else abs(a)


def main() -> int:
    from analysis.stats import proportion_table
    from analysis.stats.glm import logistic_regression
    from analysis.stats.numeric import numeric_table
    from tests.stats.test_replicates_reference import frame_and_design

    worst: dict[tuple[str, str], float] = defaultdict(float)

    def note(stat, design, value):
        worst[(stat, design)] = max(worst[(stat, design)], value)

    d = models_frame()
    cases = ["weights", "design", "raked", "raked_design"]
    ci = reference("ciprop_reference")
    for case in cases:
        for method, r_method in [("logit", "logit (R's glm, epsilon 1e-8)"), ("likelihood",
                                 "likelihood (R's glm, epsilon 1e-8)"), ("likelihood", "likelihood_converged"), ("asin", "asin"), ("korn_graubard", "beta"),
                                 ("mean", "mean"), ("xlogit", "xlogit")]:
            t = proportion_table(d, "not_confident", by="sector", method=method, small_base=0, suppress_below=0,
                                 **design_options(case, d)).set_index("group")
            for g in GROUPS:
                r = ci.loc[(case, g)]
                note("proportion", case, rel(t.loc[g, "proportion"], r["proportion"]))
                note("se", case, rel(t.loc[g, "se"], r["se"]))
                for end in ("lower", "upper"):
                    key = r_method.split(" ")[0]
                    note(f"svyciprop {r_method}", case, rel(t.loc[g, f"ci_{end}"], r[f"{key}_{end}"]))
    glm = reference("glm_reference")
    for case in cases:
        m = logistic_regression(d, "not_confident", TERMS, **design_options(case, d))
        f = m.to_frame().set_index("coefficient_name")
        for suffix in ("", "_default"):
            label = case
            tag = " (R's default glm, epsilon 1e-8)" if suffix else " (R fitted to convergence)"
            ref = glm.loc[case + suffix]
            for name, row in f.iterrows():
                r = ref.loc[name]
                for ours, theirs in (("coefficient", "coefficient"), ("se", "se"), ("p_value", "p_value")):
                    note(f"svyglm {theirs}{tag}", label, rel(row[ours], r[theirs]))
                note(f"svyglm confint{tag}", label, max(rel(row["or_lower"], np.exp(r["ci_lower"])),
                                                  rel(row["or_upper"], np.exp(r["ci_upper"]))))
            if not suffix:
                tests = m.term_tests().set_index("term")
                for term in TERMS:
                    note("regTermTest F", label, rel(tests.loc[term, "F"], ref.loc[term, "F"]))
                    note("regTermTest p", label, rel(tests.loc[term, "p_value"], ref.loc[term, "F_p"]))
    num = reference("numeric_reference")
    for case in cases:
        t = numeric_table(d, "years_in_role", by="sector", quantiles=[0.1, 0.25, 0.5, 0.75, 0.9], small_base=0,
                          suppress_below=0, **design_options(case, d))
        for g in GROUPS:
            r = num.loc[(case, g)]
            rows = t[t["group"] == g]
            for stat in ("mean", "total"):
                row = rows[rows["statistic"] == stat].iloc[0]
                note(f"svy{stat}", case, max(rel(row["estimate"], r[stat]), rel(row["se"], r[f"{stat}_se"]),
                                             rel(row["ci_lower"], r[f"{stat}_lower"])))
            for p in (0.1, 0.25, 0.5, 0.75, 0.9):
                row = rows[(rows["statistic"] == "quantile") & (rows["p"] == p)].iloc[0]
                note("svyquantile", case, max(rel(row["estimate"], r[f"q{p}"]), rel(row["ci_lower"], r[f"q{p}_lower"]),
                                              rel(row["ci_upper"], r[f"q{p}_upper"]), rel(row["se"], r[f"q{p}_se"])))
    rep = reference("replicates_reference")
    for case in ["jk1", "jkn", "brr", "fay", "boot", "jkn_mse"]:
        frame, design = frame_and_design(case)
        label = f"replicates {case}"
        for method, r_method in [("logit", "logit (R's glm, epsilon 1e-8)"), ("korn_graubard", "beta"),
                                 ("mean", "mean"), ("asin", "asin"), ("xlogit", "xlogit")]:
            t = proportion_table(frame, "not_confident", by="sector", replicates=design, method=method,
                                 small_base=0, suppress_below=0).set_index("group")
            for g in GROUPS:
                r = rep.loc[(case, g)]
                note("se", label, rel(t.loc[g, "se"], r["se"]))
                for end in ("lower", "upper"):
                    note(f"svyciprop {r_method}", label, rel(t.loc[g, f"ci_{end}"], r[f"{r_method.split(' ')[0]}_{end}"]))
        m = logistic_regression(frame, "not_confident", TERMS, replicates=design)
        for name, row in m.to_frame().set_index("coefficient_name").iterrows():
            note("svyglm coefficient (R fitted to convergence)", label,
                 rel(row["coefficient"], rep.loc[(case, name), "coefficient"]))
            note("svyglm se (R fitted to convergence)", label, rel(row["se"], rep.loc[(case, name), "coef_se"]))
        t = numeric_table(frame, "years_in_role", by="sector", replicates=design, small_base=0, suppress_below=0)
        for g in GROUPS:
            r = rep.loc[(case, g)]
            rows = t[t["group"] == g]
            row = rows[rows["statistic"] == "mean"].iloc[0]
            note("svymean", label, max(rel(row["estimate"], r["mean"]), rel(row["se"], r["mean_se"])))
            for p in (0.25, 0.5, 0.75):
                row = rows[(rows["statistic"] == "quantile") & (rows["p"] == p)].iloc[0]
                note("svyquantile", label, max(rel(row["estimate"], r[f"q{p}"]), rel(row["ci_lower"], r[f"q{p}_lower"]),
                                              rel(row["ci_upper"], r[f"q{p}_upper"])))
    from analysis.stats.replicate_tests import compare_replicate_groups

    rt = reference("replicate_tests_reference")
    for case in ["jk1", "jkn", "brr", "fay", "boot", "jkn_mse"]:
        frame, design = frame_and_design(case)
        label = f"replicates {case}"
        for by in ("sector", "profession"):
            r = rt.loc[(case, by)]
            f, pairs = compare_replicate_groups(frame, "not_confident", by, design, statistic="F")
            c, _ = compare_replicate_groups(frame, "not_confident", by, design, statistic="Chisq")
            note("svychisq F (replicates)", label, max(rel(f.statistic, r["F"]), rel(f.df, r["F_ndf"]),
                                                       rel(f.ddf, r["F_ddf"])))
            note("svychisq F p (replicates)", label, rel(f.p_value, r["F_p"]))
            note("svychisq X-squared (replicates)", label, rel(f.pearson, r["X2"]))
            note("svychisq Chisq p (replicates)", label, rel(c.p_value, r["chisq_p"]))
            for _, p in pairs.iterrows():
                q = rt.loc[(case, f"{by}:{p['group_1']}|{p['group_2']}")]
                note("svyttest difference, se, t (replicates)", label,
                     max(rel(-p["difference"], q["difference"]), rel(p["se"], q["se"]), rel(-p["statistic"], q["t"])))
                note("svyttest p (replicates)", label, rel(p["p_value"], q["p"]))
    by_stat: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for (stat, design), v in worst.items():
        by_stat[stat].append((design, v))
    print("| statistic | largest relative difference | where |")
    print("|---|---|---|")
    for stat, vals in by_stat.items():
        design, v = max(vals, key=lambda x: x[1])
        print(f"| {stat} | {v:.1e} | {design} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
