"""The report's tables of models and numeric items (shared by the workbook and the HTML page).

:func:`model_report_tables` lays out the frames ``models``, ``model_tests`` and ``numeric``
that the ``tables`` stage wrote (:mod:`analysis.model_tables`): one table per model
(odds ratios with their intervals and p-values, the base and n in its base line, the Wald
test of each term in its notes) and one per numeric item (mean, total and quartiles,
overall and by each breakdown). In a reconstructed wave every model number is marked
invented and a column gives the range of odds ratios the published margins allow.

>>> import pandas as pd
>>> m = pd.DataFrame({"model": "m", "outcome": "y", "term": ["(Intercept)", "x"],
...                   "coefficient_name": ["(Intercept)", "xTRUE"], "odds_ratio": [0.5, 2.0],
...                   "or_lower": [0.3, 1.2], "or_upper": [0.8, 3.3], "p_value": [0.01, 0.002],
...                   "level": 0.95, "n": 200, "df": 97.0, "label": "Y by x", "base": "all respondents"})
>>> t = model_report_tables(m, None, None, labels={"x": "No training"})[0]
>>> [c.label for c in t.columns], [str(v) for v in t.rows[0][:2]], t.base
(['Term', 'Odds ratio', '95% CI lower', '95% CI upper', 'p-value'], ['No training', '2.00'], 'Base: all respondents with an answer to every term (n=200); 97 degrees of freedom.')
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Mapping

from analysis.report.content import NUMBER_CLASS_HEADING, Column, Figure, ReportTable, frame_table, slug

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: Shown for an unbounded odds ratio.
INFINITY = "\u221e"


def _ratio(value) -> Figure | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return Figure(float(value), "0.00", f"{float(value):.2f}")


def _p_value(value) -> Figure | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = "<0.001" if value < 0.001 else f"{value:.3f}"
    return Figure(float(value), "0.000", text)


def _range_text(lo, hi) -> str:
    if lo is None or (isinstance(lo, float) and math.isnan(lo)):
        return ""
    fmt = lambda v: INFINITY if math.isinf(v) else "0" if v == 0 else f"{v:.2f}"  # noqa: E731
    return f"{fmt(lo)} to {fmt(hi)}"


def _term_label(name: str, term: str, labels: Mapping[str, str]) -> str:
    if name == "(Intercept)":
        return "Baseline odds (intercept)"
    if name == f"{term}TRUE":
        return labels.get(term, term)
    level = name[len(term):] if name.startswith(term) else name
    return f"{labels.get(term, term)}: {level}" if level else labels.get(term, term)


def model_report_tables(models: "pd.DataFrame | None", model_tests: "pd.DataFrame | None",
                        numeric: "pd.DataFrame | None", *, labels: Mapping[str, str] | None = None
                        ) -> list[ReportTable]:
    """One table per model and one per numeric item (none when the frames are missing or empty).

    ``labels`` names terms and items (indicator and item names to their labels); the
    intercept is left out of a model's table (its odds are not a comparison).
    """
    labels = dict(labels or {})
    tables = []
    if models is not None and len(models):
        for name, m in models.groupby("model", sort=False):
            rows = m[m["coefficient_name"] != "(Intercept)"].copy()
            rows["term_label"] = [_term_label(c, t, labels) for c, t in zip(rows["coefficient_name"], rows["term"])]
            level = float(m["level"].iloc[0])
            pct = f"{level * 100:g}%"
            rows["odds_ratio_f"] = [_ratio(v) for v in rows["odds_ratio"]]
            rows["or_lower_f"] = [_ratio(v) for v in rows["or_lower"]]
            rows["or_upper_f"] = [_ratio(v) for v in rows["or_upper"]]
            rows["p_f"] = [_p_value(v) for v in rows["p_value"]]
            columns = [Column("term_label", "Term"), Column("odds_ratio_f", "Odds ratio", "figure"),
                       Column("or_lower_f", f"{pct} CI lower", "figure"),
                       Column("or_upper_f", f"{pct} CI upper", "figure")]
            if rows["p_value"].notna().any():  # a wave that is not real shows no test (analysis.untested)
                columns.append(Column("p_f", "p-value", "figure"))
            notes = ["Odds ratios from a design-based logistic regression (R's svyglm with the quasibinomial "
                     "family): each compares the odds of the outcome with the reference group (the first "
                     "category), the other terms held fixed. Intervals and tests use the design's degrees of "
                     "freedom."]
            if "published_or_lower" in rows.columns and rows["published_or_lower"].notna().any():
                rows["published_range"] = [_range_text(lo, hi) for lo, hi in
                                           zip(rows["published_or_lower"], rows["published_or_upper"])]
                columns.append(Column("published_range", "Odds ratio the published figures allow"))
                unbounded = [lab for lab, lo, hi in zip(rows["term_label"], rows["published_or_lower"],
                                                        rows["published_or_upper"]) if lo == 0 and math.isinf(hi)]
                if unbounded:
                    notes.insert(0, f"Does {unbounded[0][:1].lower() + unbounded[0][1:]} explain the outcome? The "
                                 f"published figures cannot say: they allow any odds ratio from 0 to {INFINITY}. "
                                 "The model's odds ratio comes from associations the reconstruction invented.")
                notes.append("The published figures give only the share of each answer, not how answers go "
                             "together: for two yes/no questions, any table with those shares is possible, and "
                             "its odds ratio can be anything in the range shown (Fréchet bounds). "
                             f"0 to {INFINITY} means the published figures cannot say whether, or how strongly, "
                             "the two go together.")
            if "number_class" in rows.columns and (rows["number_class"] == "invented").any():
                columns.append(Column("number_class", NUMBER_CLASS_HEADING))
                notes.append("Invented: in a reconstruction every association between two items was fixed by the "
                             "data generator, so these odds ratios are not findings.")
            if model_tests is not None and len(model_tests):
                tests = model_tests[model_tests["model"] == name]
                for rec in tests.itertuples():
                    p = _p_value(rec.p_value)
                    notes.append(f"Test of {labels.get(rec.term, rec.term)}: F = {rec.F:.2f} on {int(rec.df_num)} "
                                 f"and {rec.df_den:g} degrees of freedom, p {'' if p and str(p).startswith('<') else '= '}"
                                 f"{p}.")
            base = (f"Base: {m['base'].iloc[0]} with an answer to every term (n={int(m['n'].iloc[0])}); "
                    f"{float(m['df'].iloc[0]):g} degrees of freedom.")
            tables.append(frame_table(rows, id=slug(f"model {name}"), title=str(m["label"].iloc[0]), base=base,
                                      columns=columns, notes=notes))
    if numeric is not None and len(numeric):
        for item, part in numeric.groupby("item", sort=False):
            work = part.copy()
            work["statistic_label"] = [("Mean" if s == "mean" else "Total" if s == "total" else
                                        "Median" if p == 0.5 else f"{p * 100:g}th percentile")
                                       for s, p in zip(work["statistic"], work["p"])]
            work["by_label"] = ["All respondents" if b == "overall" else b[:1].upper() + b[1:] for b in work["by"]]
            for c in ("estimate", "ci_lower", "ci_upper"):
                work[c + "_f"] = [None if v != v else Figure(float(v), "#,##0.0", f"{float(v):,.1f}")
                                  for v in work[c]]
            columns = [Column("by_label", "Breakdown"), Column("group", "Group"), Column("statistic_label", "Statistic"),
                       Column("estimate_f", "Estimate", "figure"), Column("ci_lower_f", "95% CI lower", "figure"),
                       Column("ci_upper_f", "95% CI upper", "figure"), Column("n", "Base (n)", "int")]
            if "number_class" in work.columns and (work["number_class"] == "invented").any():
                columns.append(Column("number_class", NUMBER_CLASS_HEADING))
            label = str(work["label"].iloc[0]) if "label" in work.columns else str(item)
            n = int(work["n"].iloc[0])
            tables.append(frame_table(
                work, id=slug(f"numeric {item}"), title=label, base=f"Base: those who answered (n={n}).",
                columns=columns,
                notes=["Mean and total with normal intervals (R's svymean and svytotal); quartiles by the "
                       "weighted distribution with Woodruff's interval on the design's degrees of freedom "
                       "(R's svyquantile). Groups under the base threshold are not shown."]))
    return tables
