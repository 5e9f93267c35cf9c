"""The class of every number of the 2013 wave (published, derived, invented), against a list written from STUDY.md."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.reproduction import provenance as prov
from tests.reproduction.conftest import WAVE_DIR

# STUDY.md's "Published figures": on all 692 respondents 62% not confident (risk), 54% (helping), 70% no
# training (risk), 81.1% no training (recovery); on those who answered 96.5% (risk) and 95% (recovery) would
# value training; ITV's 94% is a share of the 561 with no training in helping recovery. Nothing was published
# on cases dealt with, on would-value among those untrained in risk assessment, or on any subgroup.
# (indicator, base) of an overall row -> (class, decimals as published)
OVERALL = {
    ("risk_notconf", "all"): ("published", 0),
    ("help_notconf", "all"): ("published", 0),
    ("risk_untrained", "all"): ("published", 0),
    ("risk_value", "answered"): ("published", 1),
    ("recov_untrained", "all"): ("published", 1),
    ("recov_value", "answered"): ("published", 0),
    ("recov_unmet", "untrained_recovery"): ("published", 0),
    ("risk_unmet", "answered"): ("published", 1),       # the same item and base as the 96.5%
    ("recov_unmet", "answered"): ("published", 0),      # the same item and base as the 95%
    ("risk_unmet", "untrained_risk"): ("invented", -1),  # an association: figure 5's 97.5%
    ("dealt_case", "all"): ("invented", -1),            # never published: the 51.9% headline
    ("dealt_case", "answered"): ("invented", -1),
    # the non-answer counts behind these bases were never published
    ("risk_notconf", "answered"): ("invented", -1),
    ("help_notconf", "answered"): ("invented", -1),
    ("risk_untrained", "answered"): ("invented", -1),
    ("recov_untrained", "answered"): ("invented", -1),
}


@pytest.fixture(scope="module")
def wave():
    from analysis.codebook import load_codebook
    from analysis.reproduction.registry import REGISTRY_NAME, load_registry

    cb = load_codebook(WAVE_DIR / "codebook.toml")
    return cb, load_registry(WAVE_DIR / REGISTRY_NAME, codebook=cb)


def _keys(cb) -> pd.DataFrame:
    """Every (indicator, base, breakdown) the tables stage writes, without computing any estimate."""
    rows = []
    for name, ind in cb.indicators.items():
        for base in dict.fromkeys([ind.base, "answered"]):
            rows.append((name, base, "overall", "All"))
            rows += [(name, base, "sector", g) for g in cb.items["sector"].codes.values()]
            rows.append((name, base, "sector × profession", "Health (PCT) × School nurse"))
    return pd.DataFrame(rows, columns=["indicator", "base_name", "by", "group"])


def test_every_overall_number_of_2013_has_its_class(wave):
    cb, claims = wave
    est = prov.classify_estimates(_keys(cb), cb, claims)
    overall = est[est["by"] == "overall"]
    got = {(i, b): (c, d) for i, b, c, d in zip(overall["indicator"], overall["base_name"],
                                                 overall["number_class"], overall["published_decimals"])}
    assert got == OVERALL


def test_every_breakdown_is_invented(wave):
    cb, claims = wave
    est = prov.classify_estimates(_keys(cb), cb, claims)
    groups = est[est["by"] != "overall"]
    assert set(groups["number_class"]) == {"invented"}
    assert set(groups["number_basis"]) == {"invented: " + prov.BREAKDOWN}


def test_published_basis_names_outlet_and_date(wave):
    cb, claims = wave
    est = prov.classify_estimates(_keys(cb), cb, claims).set_index(["indicator", "base_name", "by"])
    assert est.loc[("risk_value", "answered", "overall"), "number_basis"].startswith("published: 96.5% (")
    assert "Community Care, 28 January 2014" in est.loc[("risk_notconf", "all", "overall"), "number_basis"]
    assert "seed" not in " ".join(est["number_basis"])


def test_scale_points_and_unpublished_items_are_invented(wave):
    cb, claims = wave
    dist = pd.DataFrame({"indicator": ["risk_conf", "risk_conf", "years_in_role", "risk_conf"],
                         "category": ["Not very confident", "Don't know", "1–5 years", "Fairly confident"],
                         "base_name": "all", "by": ["overall", "overall", "overall", "sector"]})
    out = prov.classify_distributions(dist, cb, claims)
    assert out["number_basis"].tolist() == ["invented: " + prov.SCALE_POINT, "invented: " + prov.SCALE_POINT,
                                            "invented: " + prov.NEVER_PUBLISHED, "invented: " + prov.BREAKDOWN]


def test_a_published_count_over_a_published_total_is_derived(wave):
    # the sector counts were printed (231, 278, 173) and so was 692: 231/692 follows arithmetically
    cb, claims = wave
    dist = pd.DataFrame({"indicator": "sector", "category": ["Children's services (LSCB)", "Other"],
                         "base_name": "all", "by": "overall"})
    out = prov.classify_distributions(dist, cb, claims)
    assert out["number_class"].tolist() == ["derived", "derived"]
    assert out["number_basis"].iloc[1].startswith("derived: 10 of 692")


def test_complement_of_a_published_share_on_those_who_answered_is_derived(wave):
    # 96.5% of those who answered would value training, so 3.5% of them would not: nothing else is needed
    from dataclasses import replace

    from analysis.codebook import Indicator

    cb, claims = wave
    would_not = Indicator(name="risk_novalue", item="risk_value", codes=(2,), label="Would not value",
                          base="answered")
    cb = replace(cb, indicators={**cb.indicators, "risk_novalue": would_not})
    keys = pd.DataFrame({"indicator": ["risk_novalue", "risk_novalue"], "base_name": ["answered", "all"],
                         "by": "overall", "group": "All"})
    out = prov.classify_estimates(keys, cb, claims)
    assert out["number_class"].tolist() == ["derived", "invented"]   # on all 692 the 7 blanks are unknown
    assert out["published_decimals"].iloc[0] == 1


def test_tests_and_comparisons_are_invented(wave):
    cb, claims = wave
    frames = prov.classify({"tests": pd.DataFrame({"indicator": ["risk_notconf"]})}, cb, claims)
    assert frames["tests"]["number_class"].tolist() == ["invented"]


def test_a_real_wave_has_no_marks(wave):
    from dataclasses import replace

    cb, claims = wave
    real = replace(cb, wave=replace(cb.wave, provenance="real"))
    frames = prov.classify({"estimates": _keys(cb)}, real, claims)
    assert set(frames["estimates"]["number_class"]) == {"observed"}
    assert set(frames["estimates"]["number_basis"]) == {""}
    assert prov.invented_kinds(frames.values()) == [] and prov.caveat([]) == ""


def test_the_caveat_names_every_kind_found(wave):
    cb, claims = wave
    frames = prov.classify({"estimates": _keys(cb)}, cb, claims)
    kinds = prov.invented_kinds(frames.values())
    assert kinds == [prov.BREAKDOWN, prov.ASSOCIATION, prov.UNPUBLISHED_BASE, prov.NEVER_PUBLISHED]
    text = prov.caveat(kinds)
    assert "every breakdown by a subgroup" in text and "items never published" in text


def test_the_2013_note_names_the_invented_kinds():
    from analysis.codebook import load_codebook

    note = load_codebook(WAVE_DIR / "codebook.toml").wave.provenance_note
    for kind in ("every breakdown by sector or profession", "every association between two items",
                 "points of each confidence scale", "years in role", "dealt with a case", "don't-know"):
        assert kind in note
