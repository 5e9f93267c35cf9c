"""The reproduction table in words: outlets and dates, what a match means, how the printed versions fit."""

from __future__ import annotations

from analysis.reproduction.readable import consistency_findings, lead, outlet_and_date, readable_table


def test_outlet_and_date_read_as_a_person_writes_them():
    assert outlet_and_date("John Carr's blog", "2014-02-10") == "John Carr's blog, 10 February 2014"
    assert outlet_and_date("BT", "") == "BT"


def test_the_2013_consistency_findings_by_hand(table_2013):
    text = " ".join(consistency_findings(table_2013.reset_index()))
    # 96.45%..96.55% of 685 and 95.45%..95.55% of 692 both allow only 661; 95% truncated is 658..664.
    assert ("96.5%, 95.5%, 95% and more than 96% are the same 661 respondents, the only count that prints as "
            "each of them") in text
    assert "95% is 661 of all 692, truncated rather than rounded" in text
    # 81.05%..81.15% of 692 is only 561.
    assert "81.1% and 81% are the same 561 respondents" in text
    # 95% of 684: 94.5% x 684 = 646.4 -> 647, 95.5% x 684 = 653.2 -> 653; 94% of 692: 647.02 -> 648 to
    # 653.94 -> 653; together 648..653.
    assert "95% and 94% are consistent: any count from 648 to 653 prints as each of them" in text
    assert "629 (East Anglian Daily Times) is a misprint" in text
    assert "10 respondents outside the three bodies was never printed" in text


def test_the_lead_says_the_data_were_generated_to_hit_the_figures(table_2013):
    assert lead(table_2013.reset_index(), reconstructed=True).startswith(
        "These data were generated to reproduce the published figures, so every published figure holds by "
        "construction")


def test_rows_show_claims_as_printed_without_internal_codes(table_2013):
    shown = readable_table(table_2013.reset_index()).set_index("claim")
    assert shown.loc["risk_untrained", "claim_text"] == "\u201c70% had not received training in online risk assessments\u201d"
    assert shown.loc["sector_other", "status_text"] == "never printed; follows from printed figures"
    assert shown.loc["risk_notconf", "outlet"] == "Community Care, 28 January 2014"
    assert not shown["outlet"].str.contains("seed").any()


def test_the_lead_puts_the_reconciled_variants_first_then_points_to_the_ranges(table_2013):
    text = lead(table_2013.reset_index(), reconstructed=True)
    sentences = text.split(". ")
    # after what a match means: first the one count behind 96.5%, 95.5% and 95% (661 over 685 and 692)
    first = next(i for i, s in enumerate(sentences) if "661" in s)
    assert all("misprint" not in s and "never printed" not in s and "any count from" not in s
               for s in sentences[:first])
    assert sentences[first].startswith("Share who would value training in online risk assessment: 96.5%, 95.5%")
    assert text.index("the same 561 respondents") < text.index("any count from 648 to 653") < text.index("misprint")
    assert text.endswith("The ranges below show what the published figures alone allow for each sector and for the associations "
                         "between items: the only honest answer to what the study tells about differences between "
                         "sectors and professions.")
