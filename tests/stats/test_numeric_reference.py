"""Means, totals and quantiles of a numeric item against R's ``svymean``, ``svytotal`` and ``svyquantile``.

Reference numbers: ``Rscript tests/reference/numeric_reference.R`` (committed as
tests/reference/numeric_reference.csv; R 4.2.2, survey 4.1.1) on years in role in the seeded
fixture models_fixture.csv, overall and by sector, on a weights-only design, a stratified
clustered design with an fpc, and both raked to two margins. Quantiles use survey 4.1's
defaults (``qrule = "math"``, Woodruff's interval with ``interval.type = "mean"`` on
``degf(design)``). Nothing here iterates: all agree to 1e-9.
"""

import pytest

from analysis.stats.numeric import numeric_table
from tests.stats.models_fixture import design_options, models_frame, reference

CASES = ["weights", "design", "raked", "raked_design"]
PROBS = [0.1, 0.25, 0.5, 0.75, 0.9]


@pytest.mark.parametrize("case", CASES)
def test_means_totals_and_quantiles_match_r(case):
    d = models_frame()
    ref = reference("numeric_reference").loc[case]
    t = numeric_table(d, "years_in_role", by="sector", quantiles=PROBS, small_base=0, suppress_below=0,
                      **design_options(case, d))
    for group in ["All", "Health", "Education", "Police"]:
        r = ref.loc[group]
        rows = t[t["group"] == group]
        for stat in ("mean", "total"):
            row = rows[rows["statistic"] == stat].iloc[0]
            assert row["estimate"] == pytest.approx(r[stat], rel=1e-9)
            assert row["se"] == pytest.approx(r[f"{stat}_se"], rel=1e-9)
            assert row["ci_lower"] == pytest.approx(r[f"{stat}_lower"], rel=1e-9)
            assert row["ci_upper"] == pytest.approx(r[f"{stat}_upper"], rel=1e-9)
        for p in PROBS:
            row = rows[(rows["statistic"] == "quantile") & (rows["p"] == p)].iloc[0]
            for ours, theirs in (("estimate", f"q{p}"), ("ci_lower", f"q{p}_lower"), ("ci_upper", f"q{p}_upper"),
                                 ("se", f"q{p}_se")):
                assert row[ours] == pytest.approx(r[theirs], rel=1e-9, nan_ok=True), (group, p, ours)
