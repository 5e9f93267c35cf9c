"""Methods notes of a wave with a sample design and a raking."""

from __future__ import annotations

from analysis.codebook import parse_codebook
from analysis.report.notes import design_notes, methods_notes
from tests.ingest.demo import codebook_head

CODEBOOK = codebook_head(data="x.csv") + """[items.role]
column = "R"
type = "single"
codes = { 1 = "Head", 2 = "DSL" }
[items.conf]
column = "Q1"
type = "single"
codes = { 1 = "Not confident", 2 = "Confident" }
[indicators.not_conf]
item = "conf"
codes = [1]
label = "Not confident"
[weighting]
margins = "margins.csv"
"""

REPORT = {
    "design": {"weight": "", "strata": "nation", "strata_count": 2, "cluster": "school", "cluster_count": 56,
               "fpc": "schools_in_nation", "lonely_psu": "fail", "degrees_of_freedom": 54},
    "weighting": {"method": "raking", "margins_file": "margins.csv", "variables": ["role", "phase"],
                  "iterations": 7, "converged": True, "max_margin_error": 4.6e-15, "tolerance": 1e-10, "trim": None,
                  "trimmed": 0, "from_design_weights": True, "population_total": 4600.0, "respondents": 93,
                  "weight_min": 17.5, "weight_max": 127.0, "weight_ratio": 7.26, "kish_effective_n": 70.2,
                  "design_effect_weighting": 1.32,
                  "margins": [{"variable": "role", "category": "Head", "population": 2300.0, "source": "census",
                               "respondents": 45, "weighted": 2300.0}]},
}


def test_a_raked_wave_says_it_is_weighted_and_to_what():
    sections = dict(methods_notes(parse_codebook(CODEBOOK), threshold=10, design=REPORT))
    bases = " ".join(sections["Bases"])
    assert "unweighted: the codebook names no weight" not in bases
    assert "raked to population totals of role and phase" in bases
    assert "counts and bases stay unweighted" in bases
    lines = sections["Design and weighting"]
    assert lines[0].startswith("Sample design: 56 clusters (school) in 2 strata (nation), with a finite population "
                               "correction from schools_in_nation.")
    assert any("converged after 7 iterations" in x for x in lines)
    assert any("Weights range from 17.5 to 127 (ratio 7.26)" in x and "70.2 of 93 respondents" in x for x in lines)
    assert any(x.startswith("Margin role = Head: population 2,300 (census); 45 respondents") for x in lines)
    assert "design-based t test" in " ".join(sections["Confidence intervals"])


def test_a_wave_without_design_has_no_design_section():
    cb = parse_codebook(CODEBOOK.split("[weighting]")[0])
    names = [h for h, _ in methods_notes(cb, threshold=10)]
    assert "Design and weighting" not in names
    assert design_notes({}) == []


def test_the_2013_methods_notes_name_no_internal_item_or_indicator():
    """Readers see labels and question wording, never the codebook's names (``risk_trained in 2``)."""
    import re
    from pathlib import Path

    from analysis.codebook import load_codebook

    root = Path(__file__).resolve().parents[2]
    cb = load_codebook(root / "data" / "raw" / "2013" / "codebook.toml", wave="2013")
    text = " ".join(line for _, lines in methods_notes(cb, threshold=10, methods=["wilson"], levels=[0.95])
                    for line in lines)
    internal = {n for n in (*cb.indicators, *cb.items, *cb.bases) if "_" in n}
    assert internal, "the 2013 codebook has underscored names to look for"
    found = sorted(n for n in internal if re.search(rf"\b{re.escape(n)}\b", text))
    assert found == []
    assert 'the answer "No" to' in text
