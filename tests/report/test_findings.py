"""Key-finding sentences: wording, rounding, bases and withheld rows."""

import pandas as pd

from analysis.report.findings import estimate_text, finding_sentence, key_findings, predicate, who


def row(**kw):
    base = {"indicator": "x", "base": "all respondents", "by": "overall", "group": "All",
            "count": 429, "n": 692, "proportion": 429 / 692, "ci_lower": 0.5829, "ci_upper": 0.6556,
            "level": 0.95, "flag": "", "disclosure": ""}
    base.update(kw)
    return base


def test_the_issue_example_reads_as_written():
    # 429 / 692 = 0.6199 -> 62%; the interval is passed in, as the statistics engine gives it.
    text = finding_sentence(row(), label="Not confident assessing online risk")
    assert text == ("62% of respondents (95% CI: 58% to 66%) were not confident assessing online risk; "
                    "base: all respondents, n=692.")


def test_base_of_those_who_answered_is_named_in_both_places():
    # 661 / 685 = 0.96496 -> 96.5% at one decimal.
    text = finding_sentence(row(base="those who answered", count=661, n=685, proportion=661 / 685,
                                ci_lower=0.9490, ci_upper=0.9765),
                            label="Would value training in online risk assessment", decimals=1)
    assert text == ("96.5% of those who answered (95% CI: 94.9% to 97.7%) would value training in online "
                    "risk assessment; base: those who answered, n=685.")


def test_percentages_round_half_up_not_to_even():
    assert estimate_text(0.125, 0.085, 0.175) == "13% (95% CI: 9% to 18%)"
    assert estimate_text(0.5, 0.4, 0.6, level=0.9) == "50% (90% CI: 40% to 60%)"


def test_small_base_is_said_and_withheld_rows_say_nothing():
    assert finding_sentence(row(flag="small base", n=40), label="Had no training").endswith(
        "n=40 (small base: treat with caution).")
    assert finding_sentence(row(disclosure="secondary"), label="x") is None
    assert finding_sentence(row(flag="suppressed"), label="x") is None
    assert finding_sentence(row(proportion=pd.NA), label="x") is None


def test_labels_become_plural_predicates():
    assert predicate("No training in helping recovery") == "had no training in helping recovery"
    assert predicate("Would value training") == "would value training"
    assert predicate("NHS staff") == "were NHS staff"
    assert who("all professionals") == "professionals"


def test_key_findings_use_overall_rows_in_order_and_skip_withheld():
    h = pd.DataFrame([row(indicator="b"), row(indicator="a", by="sector", group="Health"),
                      row(indicator="a", disclosure="primary"), row(indicator="c", count=70, n=100,
                                                                     proportion=0.7, ci_lower=0.6, ci_upper=0.78)])
    found = key_findings(h, labels={"b": "Not confident", "c": "Had no training"})
    assert [f.indicator for f in found] == ["b", "c"]
    assert found[1].n == 100 and found[1].proportion == 0.7
    assert "70% of respondents (95% CI: 60% to 78%) had no training" in found[1].text


def test_published_numbers_keep_their_published_precision_and_invented_ones_give_no_finding():
    # the charity printed 96.5% (661 of 685) and 81.1% (561 of 692); 51.9% of cases dealt with was invented
    import pandas as pd

    from analysis.report.findings import key_findings

    h = pd.DataFrame({"indicator": ["value", "untrained", "dealt"], "base": ["those who answered",
                      "all respondents", "all respondents"], "by": "overall", "group": "All",
                      "count": [661, 561, 359], "n": [685, 692, 692],
                      "proportion": [661 / 685, 561 / 692, 359 / 692], "ci_lower": [0.948, 0.780, 0.482],
                      "ci_upper": [0.976, 0.838, 0.556], "level": 0.95, "flag": "", "disclosure": "",
                      "number_class": ["published", "published", "invented"], "published_decimals": [1, 1, -1]})
    texts = [f.text for f in key_findings(h, labels={"value": "Would value training", "untrained": "No training",
                                                     "dealt": "Has dealt with a case"})]
    assert texts == ["96.5% of those who answered (95% CI: 94.8% to 97.6%) would value training; "
                     "base: those who answered, n=685.",
                     "81.1% of respondents (95% CI: 78.0% to 83.8%) had no training; base: all respondents, n=692."]
