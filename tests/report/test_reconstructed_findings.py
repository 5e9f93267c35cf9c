"""A reconstructed wave's key findings and headline state only published figures, at published precision."""

from __future__ import annotations

import pytest

from tests.projects import bundled_project


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from analysis.report.stage import build

    return build("2013", bundled_project(tmp_path_factory.mktemp("project")))


def test_2013_findings_are_the_published_figures_only(built):
    findings = built["findings"]
    text = " ".join(findings)
    # STUDY.md, as printed: 62% not confident (risk), 54% (helping), 70% untrained (risk), 96.5% would value
    # (risk, the charity's figure), 81.1% untrained (recovery), 95% would value (recovery); ITV: 94% of the
    # untrained would value recovery training. Nothing was published on cases dealt with.
    starts = ["62% of respondents", "54% of respondents", "70% of respondents", "96.5% of those who answered",
              "81.1% of respondents", "95% of those who answered", "94% of those with no training in helping"]
    assert [f[:len(s)] for f, s in zip(findings, starts)] == starts and len(findings) == len(starts)
    assert "case of online abuse" not in text
    assert "51.9%" not in text and "97.5%" not in text   # invented: cases dealt with; need among the untrained
    assert "96% " not in text and "81% " not in text     # never rounded past the published precision


def test_2013_headline_table_has_no_invented_number(built):
    headline = next(t for t in built["tables"] if t.id == "headline")
    assert headline.title == "Headline figures: every published measure"
    labels = [r[0] for r in headline.rows]
    assert "Has dealt with a case of online abuse" not in labels
    assert "Would value training in online risk assessment, among those with none" not in labels
    keys = [c.key for c in headline.columns]
    classes = {r[keys.index("number_class")] for r in headline.rows}
    assert classes == {"published"}
    printed = [r[keys.index("number_basis")] for r in headline.rows]
    assert printed[3].startswith("Published: 96.5% (Marie Collins Foundation summary")


def test_2013_breakdowns_say_in_place_that_they_are_invented(built):
    table = next(t for t in built["tables"] if t.id == "dealt-case-by-sector")
    keys = [c.key for c in table.columns]
    assert {r[keys.index("number_class")] for r in table.rows} == {"invented"}
    heading = [c.label for c in table.columns if c.key == "number_class"]
    assert heading == ["Number is"]


def test_2013_reproduction_section_leads_with_what_it_shows_and_carries_the_ranges(built):
    repro, ranges = built["repro"]
    assert repro.base.startswith("These data were generated to reproduce the published figures")
    assert "95% is 661 of all 692, truncated rather than rounded" in repro.base
    text = " ".join(str(v) for row in repro.rows for v in row)
    assert "risk_untrained" not in text and "seed 0" not in text and "canonical" not in text
    assert "\u201c70% had not received training in online risk assessments\u201d" in text
    assert "Community Care, 28 January 2014" in text and "East Anglian Daily Times" in text
    keys = [c.key for c in ranges.columns]
    rows = {(r[0], r[2]): r for r in ranges.rows}
    # 62% of 692 is 426..432 not confident; 414 outside health, so at least 12 of the 278: 4.3% to 100%
    health = rows[("Share not confident assessing online risk", "Health (PCT)")]
    assert round(health[keys.index("low")], 4) == round(12 / 278, 4) and health[keys.index("high")] == 1.0
