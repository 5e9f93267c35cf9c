"""The report's model and numeric-item tables: what they show, and how a reconstruction's model is framed."""

import math

import pandas as pd

from analysis.report.html import render_report
from analysis.report.models import model_report_tables


def model_frame(**extra):
    base = {"model": "m", "outcome": "not_conf", "term": ["(Intercept)", "untrained", "sector"],
            "coefficient_name": ["(Intercept)", "untrainedTRUE", "sectorHealth"], "odds_ratio": [0.35, 8.76, 0.9],
            "or_lower": [0.22, 5.95, 0.29], "or_upper": [0.55, 12.89, 2.84], "p_value": [1e-5, 4e-26, 0.858],
            "level": 0.95, "n": 692, "df": 678.0, "label": "Not confident, by training and sector",
            "base": "all respondents"}
    base.update(extra)
    return pd.DataFrame(base)


def term_tests_frame():
    return pd.DataFrame({"model": "m", "term": ["untrained", "sector"], "F": [121.64, 1.64], "df_num": [1, 3],
                         "df_den": [678.0, 678.0], "p_value": [4e-26, 0.178]})


LABELS = {"untrained": "No training", "sector": "Sector"}


def test_model_table_shows_odds_ratios_base_n_and_term_tests():
    t = model_report_tables(model_frame(), term_tests_frame(), None, labels=LABELS)[0]
    assert [r[0] for r in t.rows] == ["No training", "Sector: Health"]  # the intercept is not a comparison
    assert [str(v) for v in t.rows[0][1:5]] == ["8.76", "5.95", "12.89", "<0.001"]
    assert t.base == "Base: all respondents with an answer to every term (n=692); 678 degrees of freedom."
    assert "Test of No training: F = 121.64 on 1 and 678 degrees of freedom, p <0.001." in t.notes
    assert "Test of Sector: F = 1.64 on 3 and 678 degrees of freedom, p = 0.178." in t.notes


def test_reconstructed_model_is_marked_invented_and_answers_with_the_published_range():
    frame = model_frame(number_class="invented", published_or_lower=[math.nan, 0.0, math.nan],
                        published_or_upper=[math.nan, math.inf, math.nan], p_value=math.nan)
    t = model_report_tables(frame, term_tests_frame().iloc[0:0], None, labels=LABELS)[0]
    assert [c.label for c in t.columns] == ["Term", "Odds ratio", "95% CI lower", "95% CI upper",
                                            "Odds ratio the published figures allow", "Number is"]  # no test
    assert t.rows[0][4] == "0 to \u221e" and t.rows[1][4] == ""
    assert t.notes[0].startswith("Does no training explain the outcome? The published figures cannot say: they "
                                 "allow any odds ratio from 0 to \u221e.")
    page = render_report(title="Demo", tables=[t])
    assert "\u2020" in page  # the invented odds ratios carry the dagger


def test_numeric_item_table():
    numeric = pd.DataFrame({"item": "years", "statistic": ["mean", "total", "quantile"], "p": [math.nan, math.nan, 0.5],
                            "by": "overall", "group": "All", "n": 640, "estimate": [7.26, 4.6e5, 6.0],
                            "ci_lower": [6.9, 4.1e5, 5.5], "ci_upper": [7.6, 5.1e5, 6.6], "label": "Years in role"})
    t = model_report_tables(None, None, numeric)[0]
    assert t.title == "Years in role" and t.base == "Base: those who answered (n=640)."
    assert [r[2] for r in t.rows] == ["Mean", "Total", "Median"]
    assert str(t.rows[0][3]) == "7.3" and str(t.rows[1][3]) == "460,000.0"
