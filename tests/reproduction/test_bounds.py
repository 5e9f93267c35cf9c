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
    from analysis.reproduction.ranges import range_table
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
    assert rows.loc[("risk_unmet", "All respondents"), "low"] == pytest.approx(450 / 481)
    assert rows.loc[("risk_unmet", "All respondents"), "base"] == "those with no training in online risk assessment"
    # every published group (4 sectors) for the 4 figures on all 692 and the 2 on those who answered,
    # and the 2 associations overall and in each sector
    assert len(table) == 4 * 4 + 2 * 4 + 2 * 5
    assert set(table["kind"]) == {"subgroup", "association"}
    # nothing was published about having dealt with a case: no row claims to bound it
    assert "dealt_case" not in set(table["indicator"])


def test_answered_base_share_within_a_sector_by_hand():
    from analysis.reproduction.bounds import answered_share_bounds

    # 96.5% of 685 and 95.5% of 692 are both 661: 661 would value risk training, 24 would not, 7 left it blank.
    # Health staff, 278: at least 661 - 414 = 247 of them say yes; the group is filled with the 24 noes and
    # the 7 blanks (247 + 24 + 7 = 278), so at least 247 of the 271 who answered: 91.1%.
    assert answered_share_bounds(661, 24, 7, group=278) == (Fraction(247, 271), Fraction(1))
    # Education, 173: at least 661 - 519 = 142 yes; 142 + 24 + 7 = 173, so 142 of 166 = 85.5%.
    low, high = answered_share_bounds(661, 24, 7, group=173)
    assert (low, high) == (Fraction(142, 166), Fraction(1))
    assert round(float(low) * 100, 1) == 85.5
    # The 10 outside the three sectors could all be among the 24 who would not.
    assert answered_share_bounds(661, 24, 7, group=10) == (Fraction(0), Fraction(1))
    # a group that can only hold blanks has no share, so no bound
    assert answered_share_bounds(0, 0, 7, group=3) is None


def test_association_within_a_sector_by_hand():
    from analysis.reproduction.bounds import subgroup_association_bounds

    # 481 with no risk training, 450 of them would value it, so 31 would not (or left it blank).
    # Health staff 278 of 692: at least 278 + 481 - 692 = 67 are untrained; all 31 can be among those
    # 67, so only 36 of 67 (53.7%) need value training.
    low, high = subgroup_association_bounds(group=278, given=481, joint=450, total=692)
    assert (low, high) == (Fraction(36, 67), Fraction(1))
    assert round(float(low) * 100, 1) == 53.7
    # Children's services 231: at least 20 untrained, all of whom can be among the 31: 0%.
    assert subgroup_association_bounds(group=231, given=481, joint=450, total=692)[0] == 0


def test_range_table_answered_and_association_rows_by_hand():
    from analysis.codebook import load_codebook
    from analysis.reproduction.ranges import range_table
    from analysis.reproduction.registry import load_registry
    from tests.reproduction.conftest import WAVE_DIR

    cb = load_codebook(WAVE_DIR / "codebook.toml")
    rows = range_table(load_registry(WAVE_DIR / "published_figures.toml", codebook=cb), cb).set_index(
        ["indicator", "group"])
    # would value risk training, among health staff who answered: 247 of 271 (see above)
    assert rows.loc[("risk_value", "Health (PCT)"), "low"] == pytest.approx(247 / 271)
    assert rows.loc[("risk_value", "Health (PCT)"), "base"] == "those who answered"
    # among untrained health staff: 70% of 692 is 481..487 untrained; the lowest share is at 481 (36 of 67)
    assert rows.loc[("risk_unmet", "Health (PCT)"), "low"] == pytest.approx(36 / 67)
    # ITV's "94% of the 81% with no such training": 94% of 561 is 525..530 (93.5% x 561 = 524.5,
    # 94.5% x 561 = 530.1), so overall the share is pinned to 525/561 .. 530/561.
    assert rows.loc[("recov_unmet", "All respondents"), "low"] == pytest.approx(525 / 561)
    assert rows.loc[("recov_unmet", "All respondents"), "high"] == pytest.approx(530 / 561)
    # education 173: at least 173 + 561 - 692 = 42 are untrained in recovery; up to 561 - 525 = 36 of
    # the untrained would not value it, all of them possibly among those 42: 6 of 42.
    assert rows.loc[("recov_unmet", "Education (LEA)"), "low"] == pytest.approx(6 / 42)
    # recovery training wanted, among education staff who answered: 94% of 692 is 648..653 yes
    # (93.5% x 692 = 647.02, 94.5% x 692 = 653.94). With 648 yes, 95% of those who answered allows
    # 648 / 0.955 = 678.5 < answered <= 648 / 0.945 = 685.7, so at most 685 - 648 = 37 noes. Education 173:
    # at least 648 - 519 = 129 yes, and the 44 others (37 noes, 7 blanks) fit beside them: 129 of 166.
    assert rows.loc[("recov_value", "Education (LEA)"), "low"] == pytest.approx(129 / 166)


def _brute_answered(yes, no, missing, group):
    """Every split of the three totals between the group and the rest, by enumeration."""
    shares = []
    for y in range(yes + 1):
        for n in range(no + 1):
            m = group - y - n
            if 0 <= m <= missing and y + n > 0:
                shares.append(Fraction(y, y + n))
    return (min(shares), max(shares)) if shares else None


def _brute_association(group, given, joint, total):
    """Every 2x2x2 table (group or not, with A or not, with B or not) with the known counts."""
    import itertools

    shares = []
    outside_a = total - given
    for gab, gan in itertools.product(range(joint + 1), range(given - joint + 1)):
        # the rest of the group lies outside A; everything else is free, so only feasibility matters
        rest_g = group - gab - gan
        if rest_g < 0 or rest_g > outside_a or gab + gan == 0:
            continue
        shares.append(Fraction(gab, gab + gan))
    return (min(shares), max(shares)) if shares else None


@pytest.mark.parametrize("total", [5, 7, 9])
def test_exact_bounds_match_enumeration_of_every_table(total):
    from analysis.reproduction.bounds import answered_share_bounds, subgroup_association_bounds

    for yes in range(total + 1):
        for no in range(total - yes + 1):
            missing = total - yes - no
            for group in range(1, total + 1):
                assert answered_share_bounds(yes, no, missing, group=group) == \
                    _brute_answered(yes, no, missing, group), (yes, no, missing, group)
    for given in range(1, total + 1):
        for joint in range(given + 1):
            for group in range(1, total + 1):
                assert subgroup_association_bounds(group=group, given=given, joint=joint, total=total) == \
                    _brute_association(group, given, joint, total), (group, given, joint)
