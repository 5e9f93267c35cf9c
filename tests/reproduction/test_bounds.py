"""Bounds from published figures alone, checked against hand calculations."""

from fractions import Fraction

import pytest

from analysis.reproduction.bounds import count_range, joint_count_bounds, subgroup_share_bounds


def test_rounded_percentage_to_counts_by_hand():
    # 62% (half up) of 692: 61.5% x 692 = 425.58 -> 426; 62.5% x 692 = 432.5 -> up to 432.
    assert count_range(62, base=692, precision=0, rounding="rounded") == (426, 432)


def test_one_decimal_pins_the_count_by_hand():
    # 96.5% of 685: 96.45% x 685 = 660.68 and 96.55% x 685 = 661.37, so only 661.
    assert count_range(96.5, base=685, precision=1, rounding="rounded") == (661, 661)
    # 95.5% of 692: 95.45% x 692 = 660.51 and 95.55% x 692 = 661.21, so only 661 again.
    assert count_range(95.5, base=692, precision=1, rounding="rounded") == (661, 661)


def test_truncated_and_more_than_by_hand():
    # 95% truncated of 692: 95% x 692 = 657.4 -> 658; 96% x 692 = 664.32 -> 664.
    assert count_range(95, base=692, precision=0, rounding="truncated") == (658, 664)
    # more than 96% of 685: 96% x 685 = 657.6, so 658 to 685.
    assert count_range(96, base=685, precision=0, rounding="more_than") == (658, 685)


def test_health_staff_share_not_confident_by_hand():
    # 429 of 692 not confident; 692 - 278 = 414 outside health, so at least 429 - 414 = 15.
    low, high = subgroup_share_bounds(429, total=692, group=278)
    assert (low, high) == (Fraction(15, 278), Fraction(1))
    assert round(float(low) * 100, 1) == 5.4


def test_subgroup_bounds_from_a_rounded_range_by_hand():
    # 426..432 of 692; education 173, 519 outside: nobody is forced in (426 < 519), at most 173.
    assert subgroup_share_bounds((426, 432), total=692, group=173) == (Fraction(0), Fraction(1))
    # the 10 outside the three sectors: 661 value training, 682 outside, so 0 to 10 of 10.
    assert subgroup_share_bounds(661, total=692, group=10) == (Fraction(0), Fraction(1))
    # children's services 231 of 692, 661 value training: 661 - 461 = 200 at least.
    assert subgroup_share_bounds(661, total=692, group=231) == (Fraction(200, 231), Fraction(1))


def test_frechet_bounds_by_hand():
    # 429 and 484 of 692: both at least 429 + 484 - 692 = 221, at most 429.
    assert joint_count_bounds(429, 484, total=692) == (221, 429)
    assert joint_count_bounds(100, 200, total=692) == (0, 100)


def test_impossible_inputs_are_refused():
    with pytest.raises(ValueError):
        subgroup_share_bounds(10, total=692, group=700)
    with pytest.raises(ValueError):
        joint_count_bounds(800, 1, total=692)


def test_share_among_the_untrained_by_hand():
    from analysis.reproduction.bounds import conditional_share_bounds

    # 95.5% of 692 would value risk training: exactly 661, so 31 would not (or left it blank).
    # 70% of 692 had no such training: 481 to 487. Among 481 untrained at least 481 - 31 = 450 would value it.
    low, high = conditional_share_bounds(661, (481, 487), total=692)
    assert (low, high) == (Fraction(450, 481), Fraction(1))
    assert round(float(low) * 100, 1) == 93.6      # figure 5's invented 97.5% is one point inside 93.6%-100%
    # 94% of 692 (93.5% x 692 = 647.02 -> 648, 94.5% x 692 = 653.94 -> 653) would value recovery training;
    # 561 had none: at least 648 + 561 - 692 = 517 of 561.
    assert conditional_share_bounds((648, 653), 561, total=692) == (Fraction(517, 561), Fraction(1))


def test_range_table_of_2013_by_hand():
    from analysis.codebook import load_codebook
    from analysis.reproduction.bounds import range_table
    from analysis.reproduction.registry import load_registry
    from tests.reproduction.conftest import WAVE_DIR

    cb = load_codebook(WAVE_DIR / "codebook.toml")
    table = range_table(load_registry(WAVE_DIR / "published_figures.toml", codebook=cb), cb)
    rows = table.set_index(["indicator", "group"])
    # 70% of 692 is 481..487 with no risk training; 692 - 278 = 414 outside health: at least 67 of 278.
    assert rows.loc[("risk_untrained", "Health (PCT)"), "low"] == pytest.approx(67 / 278)
    # 81.1% of 692 is exactly 561; 692 - 173 = 519 outside education: at least 42 of 173.
    assert rows.loc[("recov_untrained", "Education (LEA)"), "low"] == pytest.approx(42 / 173)
    # 54% of 692 is 371..377; 461 outside children's services: nobody is forced in.
    assert rows.loc[("help_notconf", "Children's services (LSCB)"), "low"] == 0
    assert rows.loc[("risk_unmet", "those with no training in online risk assessment"), "low"] == \
        pytest.approx(450 / 481)
    assert (table["high"] == 1).all()
    # sector shares of the whole-sample figures: 4 sectors x 4 figures on all 692, plus the 2 unmet needs
    assert len(table) == 18 and set(table["kind"]) == {"subgroup", "association"}
