"""The report tables of a wave's multi-select items, from the protected ``options`` frames.

For each multi item: its options' shares among those who answered the question,
overall and by each breakdown (with the test of whether the shares differ between
groups in a note), and the number of options ticked with its mean. Withheld rows read
``[c]`` with their reason, as in every other table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Mapping

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from analysis.report.content import ReportTable

SHARES_NOTE = "Shares do not add up to 100%: respondents could tick more than one option."


def _p(p: float) -> str:
    """A p-value in words: ``"p = 0.032"``, ``"p < 0.001"``.

    >>> _p(0.0321), _p(0.00001)
    ('p = 0.032', 'p < 0.001')
    """
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def test_note(tests: "pd.DataFrame | None", item: str, by: str) -> str:
    """The Bilder–Loughin test of ``item`` by ``by`` in one sentence ("" when there is none)."""
    import math

    if tests is None or tests.empty:
        return ""
    rows = tests[(tests["item"].astype(str) == item) & (tests["by"].astype(str) == by)]
    if rows.empty:
        return ""
    r = rows.iloc[0]
    if r.get("p_value") is None or (isinstance(r["p_value"], float) and math.isnan(r["p_value"])):
        note = str(r.get("note") or "")
        return f"Test of whether the option shares differ by {by}: {note}." if note else ""
    return (f"Test of whether the option shares differ by {by}, allowing for respondents who tick several options "
            f"(Bilder and Loughin): second-order Rao-Scott X\u00b2 = {float(r['statistic']):.2f} on "
            f"{float(r['df']):.2f} df, {_p(float(r['p_value']))}; Bonferroni-adjusted "
            f"{_p(float(r['bonferroni_p_value']))}.")


def option_tables(codebook, protected: Mapping[str, "pd.DataFrame"], *,
                  outside: Mapping[str, str] | None = None) -> list["ReportTable"]:
    """Two tables per multi item: option shares (overall and by breakdown) and the number of options ticked."""
    from analysis.report.content import Column, ReportTable, estimate_table, slug

    options = protected.get("options")
    if options is None or options.empty:
        return []
    tests = protected.get("options_tests")
    means = protected.get("options_mean")
    outside = dict(outside or {})
    out: list[ReportTable] = []
    for item_name in dict.fromkeys(options["item"].astype(str)):
        item = codebook.items.get(item_name)
        text = (item.text if item is not None and item.text else item_name)
        rows = options[options["item"].astype(str) == item_name]
        shares = rows[rows["kind"].astype(str) == "option"].copy()
        bys = list(dict.fromkeys(shares["by"].astype(str)))
        shares["by"] = ["All respondents" if b == "overall" else b[:1].upper() + b[1:] for b in shares["by"]]
        notes = [SHARES_NOTE] + [n for b in bys if b != "overall" for n in (test_note(tests, item_name, b),
                                                                          outside.get(b, "")) if n]
        first = [Column("by", "Breakdown"), Column("group", "Group"), Column("option", "Option")]
        out.append(estimate_table(shares, id=slug(f"{item_name} options"), title=f"{text}: each option",
                                  first=first, notes=notes))
        ticked = rows[rows["kind"].astype(str) == "ticked"].copy()
        if ticked.empty:
            continue
        ticked["by"] = ["All respondents" if b == "overall" else b[:1].upper() + b[1:] for b in ticked["by"]]
        mean_notes = []
        if means is not None and not means.empty:
            m = means[(means["item"].astype(str) == item_name) & (means["by"].astype(str) == "overall")]
            if len(m) and m["mean"].notna().iloc[0]:
                r = m.iloc[0]
                mean_notes.append(f"Mean number of options ticked: {float(r['mean']):.2f} (95% CI: "
                                  f"{float(r['ci_lower']):.2f} to {float(r['ci_upper']):.2f}), among "
                                  f"{r['base']} (n={int(r['n'])}).")
        first = [Column("by", "Breakdown"), Column("group", "Group"), Column("category", "Options ticked")]
        t = estimate_table(ticked, id=slug(f"{item_name} options ticked"),
                           title=f"{text}: number of options ticked", first=first, notes=mean_notes)
        out.append(ReportTable(t.id, t.title, t.base, t.columns, t.rows, t.notes, t.withheld))
    return out
