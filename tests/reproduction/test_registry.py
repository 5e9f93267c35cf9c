"""The published-figures registry: contents against STUDY.md, parsing, and the matching rules by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from analysis.errors import InputError
from analysis.reproduction.registry import REGISTRY_NAME, load_registry, matches, parse_registry, printed_value
from tests.reproduction.conftest import WAVE_DIR

# Every figure of STUDY.md's "Published figures, with every variant found", typed in from that table:
# claim id -> (finding, value as printed, status).
STUDY = {
    "n": ("n", 692, "canonical"),
    "n_eadt": ("n", 629, "misprint"),                  # East Anglian Daily Times, "a likely transposition"
    "sector_children": ("sector", 231, "canonical"),
    "sector_health": ("sector", 278, "canonical"),
    "sector_education": ("sector", 173, "canonical"),
    "sector_other": ("sector", 10, "derived"),         # never printed: "these sum to 682, so 10 ... are outside"
    "risk_notconf": ("risk_conf", 62, "canonical"),
    "help_notconf": ("help_conf", 54, "canonical"),
    "help_notconf_half": ("help_conf", 50, "variant"),    # "more than half"
    "risk_untrained": ("risk_trained", 70, "canonical"),
    "risk_value": ("risk_value", 96.5, "canonical"),   # MCF, Carr
    "risk_value_all": ("risk_value", 95.5, "variant"),  # ITV, seed 002
    "risk_value_bbc": ("risk_value", 95, "variant"),   # BBC
    "risk_value_bt": ("risk_value", 96, "variant"),    # BT, "more than 96 per cent"
    "recov_untrained": ("recov_trained", 81.1, "canonical"),
    "recov_untrained_81": ("recov_trained", 81, "variant"),
    "recov_value": ("recov_value", 95, "canonical"),   # MCF, BT
    "recov_value_all": ("recov_value", 94, "variant"),  # seed 002, Carr
    "recov_value_untrained": ("recov_value", 94, "variant"),  # ITV: a share of the untrained 81%
}


@pytest.fixture(scope="module")
def claims():
    from analysis.codebook import load_codebook

    cb = load_codebook(WAVE_DIR / "codebook.toml")
    return {c.id: c for c in load_registry(WAVE_DIR / REGISTRY_NAME, codebook=cb)}


def test_registry_holds_every_study_figure_and_nothing_else(claims):
    assert set(claims) == set(STUDY)


@pytest.mark.parametrize("claim_id", sorted(STUDY))
def test_registry_entry_is_the_published_figure(claims, claim_id):
    finding, value, status = STUDY[claim_id]
    claim = claims[claim_id]
    assert (claim.finding, claim.value, claim.status) == (finding, value, status)
    assert claim.source and claim.date and claim.measure
    if claim.status != "canonical" or claim.rounding == "truncated":  # variants, misprints, derived figures
        assert claim.note, "a variant says why it differs"


def test_one_canonical_figure_per_finding_and_sector(claims):
    canonical = [c.finding for c in claims.values() if c.status == "canonical" and c.finding != "sector"]
    assert sorted(canonical) == sorted(set(canonical))


# Matching rules, by hand:
#   61.99 rounds half up to 62; 62.5 rounds to 63 (half up, not to even); 95.52 rounds to 96 but truncates to 95;
#   96.496 at one decimal rounds to 96.5; 81.069 at one decimal is 81.1 and at none 81.
@pytest.mark.parametrize("value, published, precision, rounding, expected", [
    (61.99, 62, 0, "rounded", True),
    (62.5, 63, 0, "rounded", True),
    (62.5, 62, 0, "rounded", False),
    (0.125, 0.13, 2, "rounded", True),
    (95.52, 96, 0, "rounded", True),
    (95.52, 95, 0, "rounded", False),
    (95.52, 95, 0, "truncated", True),
    (95.99, 95, 0, "truncated", True),
    (96.0, 95, 0, "truncated", False),
    (96.496, 96.5, 1, "rounded", True),
    (96.496, 96.4, 1, "truncated", True),
    (81.069, 81.1, 1, "rounded", True),
    (81.069, 81, 0, "rounded", True),
    (54.05, 50, 0, "more_than", True),
    (50.0, 50, 0, "more_than", False),
    (95.52, 96, 0, "more_than", False),
    (692, 692, 0, "exact", True),
    (692, 629, 0, "exact", False),
])
def test_matching_rules(value, published, precision, rounding, expected):
    assert matches(value, published, precision=precision, rounding=rounding) is expected


def test_float_noise_does_not_flip_a_half():
    # 0.625 * 100 is 62.5 exactly, but 5/8 * 100 computed another way can land a hair below.
    assert printed_value(62.49999999999999, precision=0, rounding="rounded") == Decimal("63")


def test_unknown_rounding_is_refused():
    with pytest.raises(ValueError, match="rounding must be one of"):
        printed_value(1.0, precision=0, rounding="bankers")


MINIMAL = '''
[[claims]]
id = "x"
finding = "x"
measure = "m"
statistic = "percent"
indicator = "risk_notconf"
value = 62
precision = 0
rounding = "{rounding}"
base = "{base}"
source = "s"
date = "2014-01-28"
status = "canonical"
'''


def test_bad_entries_are_reported_together_one_line_each():
    from analysis.codebook import load_codebook

    cb = load_codebook(WAVE_DIR / "codebook.toml")
    with pytest.raises(InputError) as err:
        parse_registry(MINIMAL.format(rounding="bankers", base="everyone"), source="reg.toml", codebook=cb)
    lines = err.value.lines()
    assert len(lines) == 2
    assert lines[0].startswith("reg.toml:") and "bankers" in lines[0] and "rounding" in lines[0]
    assert "everyone" in lines[1] and "base" in lines[1]


def test_missing_registry_names_the_file(tmp_path):
    with pytest.raises(InputError, match=REGISTRY_NAME):
        load_registry(tmp_path / REGISTRY_NAME)
