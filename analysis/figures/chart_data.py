"""A figure's numbers as a chart to redraw elsewhere: panels, categories, series, marks.

The PowerPoint deck (:mod:`analysis.report.slides`) draws each figure as a native chart,
and :mod:`analysis.figures.sized` draws the slide-sized and square images, from the same
numbers the report shows: the figure's percentages for reports
(``<name>_percentages.csv``, :mod:`analysis.figures.downloads`). This module only reads
and arranges them; it computes nothing.

Layout rules, from the CSV's columns:

- with an ``answer`` column (an answer scale): one stacked panel per measure, groups as
  categories, one series per answer in the scale's order;
- otherwise, one group only (or one number a measure, as in a headline chart whose measures have
  different bases): the measures as categories, one series;
- otherwise: the groups as categories, one series per measure.

Marks, as in the report's tables (never colour alone): a number the reconstruction invented
carries a dagger (:data:`INVENTED_MARK`); a category with a number withheld by disclosure
control reads ``[c]``, one not shown for another reason (a small base, no estimate) ``[x]``,
each with its reason in :attr:`ChartSpec.marks`.

>>> csv = (b"measure,group,percentage,lower,upper,base,n,number_class,withheld_reason\\n"
...        b"Not confident,All respondents,62,58,66,all respondents,692,published,\\n"
...        b"Not trained,All respondents,70,67,73,all respondents,692,invented,\\n")
>>> spec = chart_spec(csv)
>>> p = spec.panels[0]
>>> p.categories, p.series[0].values, p.series[0].invented
(('Not confident', 'Not trained'), (62.0, 70.0), (False, True))
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

#: The mark of a number a reconstruction invented (the report's and the charts' dagger).
INVENTED_MARK = "\u2020"
WITHHELD = "[c]"
NOT_AVAILABLE = "[x]"
INVENTED_WORDS = f"{INVENTED_MARK} Invented by the reconstruction: not a finding."


@dataclass(frozen=True)
class Series:
    """One series: its name, a value per category (a percentage, None when not shown) and which are invented."""

    name: str
    values: tuple
    invented: tuple
    lower: tuple = ()  # the interval's ends, per category (None when not shown); empty when the CSV has none
    upper: tuple = ()


@dataclass(frozen=True)
class Panel:
    """One chart: a title (empty for a single panel), its categories, series, and whether they stack."""

    title: str
    categories: tuple
    series: tuple
    stacked: bool = False


@dataclass(frozen=True)
class ChartSpec:
    """The panels of a figure and the marks its categories carry, each with its reason."""

    panels: tuple
    marks: tuple = ()  # (mark, category, reason)

    @property
    def invented(self) -> bool:
        """Whether any number drawn was invented by a reconstruction."""
        return any(any(s.invented) for p in self.panels for s in p.series)

    def mark_notes(self) -> list[str]:
        """One line per mark: "[c] Other: withheld ..."; then the dagger's meaning when used.

        >>> ChartSpec((), ((WITHHELD, "Other", "withheld for disclosure control"),)).mark_notes()
        ['[c] Other: withheld for disclosure control.']
        """
        lines = [f"{m} {c}: {r.rstrip('.')}." for m, c, r in self.marks]
        if self.invented:
            lines.append(INVENTED_WORDS)
        return lines


def _number(text: str):
    text = (text or "").strip()
    return float(text) if text else None


def _mark_of(reason: str) -> str:
    return WITHHELD if reason.startswith("withheld") else NOT_AVAILABLE


def with_n(category: str, rows) -> str:
    """A group's label with its number of respondents, as the document figure shows it: "Health (n=274–278)".

    The n of the rows whose percentage is shown (a range when the measures' bases differ); the label
    alone when none has one.

    >>> with_n("Health", [{"n": "278", "percentage": "71"}, {"n": "274", "percentage": "96"}])
    'Health (n=274–278)'
    >>> with_n("Other", [{"n": "", "percentage": ""}])
    'Other'
    """
    ns = sorted({int(float(r["n"])) for r in rows
                 if (r.get("n") or "").strip() and _number(r.get("percentage")) is not None})
    if not ns:
        return category
    return f"{category} (n={ns[0]:,})" if len(ns) == 1 else f"{category} (n={ns[0]:,}\u2013{ns[-1]:,})"


def chart_spec(data: bytes) -> ChartSpec:
    """The panels of a figure from the bytes of its ``<name>_percentages.csv``.

    Where the groups are the categories, each is labelled with its n (:func:`with_n`), as the
    figure's base line says.
    """
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    if not rows or not {"measure", "group", "percentage"} <= set(rows[0]):
        return ChartSpec(())  # not a figure's percentages (nothing to redraw)
    marks: dict[tuple[str, str], str] = {}

    def label(row) -> str:
        return row["group"]

    def invented(row) -> bool:
        return (row.get("number_class") or "") == "invented"

    def note(row, category: str) -> str:
        reason = (row.get("withheld_reason") or "").strip()
        if reason and _number(row.get("percentage")) is None:
            mark = _mark_of(reason)
            marks.setdefault((mark, category), reason)
            return f"{category} {mark}"
        return category

    measures = list(dict.fromkeys(r["measure"] for r in rows))
    groups = list(dict.fromkeys(r["group"] for r in rows))
    panels = []
    if "answer" in rows[0]:
        for m in measures:
            mine = [r for r in rows if r["measure"] == m]
            cats = list(dict.fromkeys(r["group"] for r in mine))
            answers = list(dict.fromkeys(r["answer"] for r in mine))
            labelled = {c: with_n(c, [r for r in mine if r["group"] == c]) for c in cats}
            shown = dict(labelled)
            cell = {(r["group"], r["answer"]): r for r in mine}
            for r in mine:
                if shown[r["group"]] == labelled[r["group"]]:
                    shown[r["group"]] = note(r, labelled[r["group"]])
            series = tuple(Series(a, tuple(_number(cell[(c, a)]["percentage"]) if (c, a) in cell else None for c in cats),
                                  tuple(invented(cell[(c, a)]) if (c, a) in cell else False for c in cats))
                           for a in answers)
            panels.append(Panel(m, tuple(shown[c] for c in cats), series, stacked=True))
    elif len(groups) == 1 or len(rows) == len(measures):  # one number a measure (its group may be named apart)
        cats = tuple(note(r, r["measure"]) for r in rows)
        panels.append(Panel("", cats, (Series(groups[0] if len(groups) == 1 else "Percentage",
                                              tuple(_number(r["percentage"]) for r in rows),
                                              tuple(invented(r) for r in rows),
                                              tuple(_number(r.get("lower")) for r in rows),
                                              tuple(_number(r.get("upper")) for r in rows)),)))
    else:
        cell = {(r["group"], r["measure"]): r for r in rows}
        labelled = {g: with_n(g, [r for r in rows if r["group"] == g]) for g in groups}
        shown = dict(labelled)
        for r in rows:
            if shown[r["group"]] == labelled[r["group"]]:
                shown[r["group"]] = note(r, labelled[r["group"]])
        def column(m, key):
            return tuple(_number(cell[(g, m)].get(key)) if (g, m) in cell else None for g in groups)

        series = tuple(Series(m, column(m, "percentage"),
                              tuple(invented(cell[(g, m)]) if (g, m) in cell else False for g in groups),
                              column(m, "lower"), column(m, "upper"))
                       for m in measures)
        panels.append(Panel("", tuple(shown[g] for g in groups), series))
    return ChartSpec(tuple(panels), tuple((m, c, r) for (m, c), r in marks.items()))


def colours(panel: Panel) -> list[str]:
    """The palette colours of a panel's series: Analysis Function, in its order (style.py).

    One series dark blue; two, dark blue and orange; an answer scale the diverging four, with
    the answers beyond the scale (don't know) in grey.

    >>> colours(Panel("", ("a",), (Series("x", (1.0,), (False,)),)))
    ['#12436D']
    """
    from analysis.figures import style

    n = len(panel.series)
    if panel.stacked:
        scale = list(style.DIVERGING_4) if n >= 4 else list(style.CATEGORICAL)
        return (scale + [style.APART] * n)[:n]
    if n == 1:
        return [style.BAR_FILL]
    if n == 2:
        return list(style.TWO_SERIES)
    return [style.CATEGORICAL[k % len(style.CATEGORICAL)] for k in range(n)]
