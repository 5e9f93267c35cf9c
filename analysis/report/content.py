"""What the reports show: estimate frames laid out as titled tables, shared by the workbook and the HTML.

A :class:`ReportTable` is a title, a base line, typed columns and rows of plain values
(``None`` where a figure is withheld or not available) plus notes. The workbook and
the HTML page render the same tables, so a number quoted from one is the number in
the other. Values are read from the frames as they are; nothing is recomputed.

>>> import pandas as pd
>>> t = pd.DataFrame({"indicator": "x", "base": "all respondents", "by": ["overall", "sector"],
...                   "group": ["All", "Health"], "count": [60, 20], "n": [100, 40],
...                   "proportion": [0.6, 0.5], "ci_lower": [0.5, 0.35], "ci_upper": [0.69, 0.65],
...                   "level": 0.95, "flag": ["", "small base"], "disclosure": ["", ""]})
>>> rt = breakdown_table(t, title="Not confident, by sector", label="Not confident")
>>> [c.label for c in rt.columns]
['Group', 'Count', 'Base (n)', '%', '95% CI lower', '95% CI upper', 'Note']
>>> rt.rows[1]
('Health', 20, 40, 0.5, 0.35, 0.65, 'Small base')
>>> rt.base
'Base: all respondents (n=100).'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Mapping, Sequence

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: Shown in place of a figure withheld by disclosure control (ONS spreadsheet shorthand).
WITHHELD = "[c]"
#: Shown where there is no figure (an empty group, or a base too small to estimate on).
NOT_AVAILABLE = "[x]"
SMALL_BASE_NOTE = "Small base"
#: Heading of the column that says what each number is (published, derived or invented).
NUMBER_CLASS_HEADING = "Number is"
#: Column kinds: "figure" holds :class:`Figure` values, numbers that carry their own format (counts and
#: percentages at different precisions in one column, such as a reproduction table's recomputed values).
KINDS = ("text", "int", "percent", "float", "figure")


@dataclass(frozen=True)
class Column:
    """A column: its key, its heading and how its values are formatted."""

    key: str
    label: str
    kind: str = "text"


@dataclass(frozen=True)
class Figure:
    """A number that carries its own format: ``value`` (a fraction for a percentage), its spreadsheet
    ``number_format`` and the ``text`` the page shows (the same number, formatted alike).

    >>> f = Figure(429 / 692, "0.00%", "61.99%")
    >>> str(f), round(f.value, 4)
    ('61.99%', 0.6199)
    """

    value: float
    number_format: str
    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class ReportTable:
    """One table of a report: title, base line, typed columns, rows and notes."""

    id: str
    title: str
    base: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    notes: tuple[str, ...] = ()
    withheld: frozenset = field(default_factory=frozenset)  # (row, column) positions withheld, not missing
    #: (row, column) positions of a published or derived base (n) on a row whose share is invented: never marked
    stated: frozenset = field(default_factory=frozenset)
    #: (text, href) links shown under the table on the page (e.g. to the ranges for the same measure)
    links: tuple = ()

    def is_withheld(self, i: int, j: int) -> bool:
        return (i, j) in self.withheld


def slug(text: str) -> str:
    """A safe identifier for anchors and sheet keys.

    >>> slug("risk_notconf by sector × profession")
    'risk-notconf-by-sector-profession'
    """
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _value(v):
    import pandas as pd

    if isinstance(v, Figure):
        return v
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    if isinstance(v, (bool, str)):
        return v
    if float(v).is_integer() and not isinstance(v, float):
        return int(v)
    return float(v)


def _note(rec: Mapping) -> str:
    flag = rec.get("flag", "")
    flag = "" if not isinstance(flag, str) else flag
    disclosure = rec.get("disclosure", "")
    if isinstance(disclosure, str) and disclosure:
        why = rec.get("disclosure_note", "")  # the reason in words (analysis.withheld.note_text)
        return why if isinstance(why, str) and why else "Withheld (disclosure control)"
    if flag == "suppressed":
        return "Base too small for a percentage"
    if flag == "small base":
        return SMALL_BASE_NOTE
    if flag:
        return flag[0].upper() + flag[1:]
    return ""


def _is_withheld(rec: Mapping) -> bool:
    d = rec.get("disclosure", "")
    return isinstance(d, str) and d != ""


def base_line(frame: "pd.DataFrame") -> str:
    """``"Base: all respondents (n=692)."`` from the overall row (or the first row).

    >>> import pandas as pd
    >>> base_line(pd.DataFrame({"base": ["those who answered"], "by": ["overall"], "n": [685]}))
    'Base: those who answered (n=685).'
    """
    import pandas as pd

    if frame.empty:
        return "Base: as stated on each row."
    overall = frame[frame["by"] == "overall"] if "by" in frame.columns else frame
    row = (overall if len(overall) else frame).iloc[0]
    n = row.get("n")
    label = row.get("base", "") or "respondents"
    return f"Base: {label} (n={int(n)})." if not pd.isna(n) else f"Base: {label}."


def _estimate_columns(frame: "pd.DataFrame", first: Sequence[Column]) -> list[Column]:
    level = frame["level"].dropna().iloc[0] if "level" in frame.columns and frame["level"].notna().any() else 0.95
    ci = f"{round(float(level) * 100):g}% CI"
    cols = list(first)
    has_letters = "letters" in frame.columns and frame["letters"].astype("string").fillna("").str.len().gt(0).any()
    if has_letters and "letter" in frame.columns:
        cols.append(Column("letter", "Column key"))
    cols += [Column("count", "Count", "int"), Column("n", "Base (n)", "int")]
    weighted = "weighted_n" in frame.columns and not (frame["weighted_n"].astype("Float64")
                                                       .eq(frame["n"].astype("Float64")).fillna(True).all())
    if weighted:
        cols += [Column("weighted_n", "Weighted base", "float"), Column("effective_n", "Effective base", "float")]
    cols += [Column("proportion", "%", "percent"), Column("ci_lower", f"{ci} lower", "percent"),
             Column("ci_upper", f"{ci} upper", "percent")]
    if has_letters:
        cols.append(Column("letters", "Significantly higher than"))
    cols.append(Column("note", "Note"))
    if is_marked(frame):
        cols.append(Column("number_class", NUMBER_CLASS_HEADING))
    return cols


def is_marked(frame: "pd.DataFrame") -> bool:
    """Whether a frame's numbers carry provenance marks (a reconstructed wave: published, derived, invented).

    A real wave's numbers are all ``observed`` and carry no mark.

    >>> import pandas as pd
    >>> is_marked(pd.DataFrame({"number_class": ["observed"]})), is_marked(pd.DataFrame({"number_class": ["invented"]}))
    (False, True)
    """
    if "number_class" not in frame.columns:
        return False
    from analysis.reproduction.provenance import UNMARKED

    classes = set(frame["number_class"].dropna().astype(str)) - set(UNMARKED)
    return bool(classes)


def stated_rows(frame: "pd.DataFrame") -> "pd.DataFrame":
    """Rows whose number may be stated as a headline: all but those a reconstruction invented."""
    if "number_class" not in frame.columns:
        return frame
    return frame[frame["number_class"].fillna("").astype(str) != "invented"]


#: Columns a row's note and withheld marks are read from (besides the table's own columns).
NOTE_KEYS = ("flag", "disclosure", "disclosure_note")


def _rows(frame: "pd.DataFrame", columns: Sequence[Column]) -> tuple[tuple, frozenset]:
    rows, withheld = [], set()
    wanted = [k for k in dict.fromkeys([c.key for c in columns] + list(NOTE_KEYS)) if k in frame.columns]
    for i, rec in enumerate(frame[wanted].to_dict("records")):  # only the columns shown and read
        rec = dict(rec)
        rec["note"] = _note(rec)
        hidden = _is_withheld(rec)
        row = []
        for j, col in enumerate(columns):
            v = _value(rec.get(col.key))
            if hidden and (v is None or col.key == "letters"):
                withheld.add((i, j))
            row.append(v)
        rows.append(tuple(row))
    return tuple(rows), frozenset(withheld)


def estimate_table(frame: "pd.DataFrame", *, id: str, title: str, first: Sequence[Column],
                   notes: Sequence[str] = ()) -> ReportTable:
    """A table of estimate rows with the given leading text columns (e.g. the group)."""
    from analysis.reproduction.base_class import stated_bases

    columns = _estimate_columns(frame, first)
    rows, withheld = _rows(frame, columns)
    at = [j for j, c in enumerate(columns) if c.key == "n"]
    stated = frozenset((i, j) for i, ok in enumerate(stated_bases(frame)) if ok for j in at)
    return ReportTable(id=id, title=title, base=base_line(frame), columns=tuple(columns), rows=rows,
                       notes=tuple(notes), withheld=withheld, stated=stated)


def breakdown_table(frame: "pd.DataFrame", *, title: str, label: str, notes: Sequence[str] = ()) -> ReportTable:
    """One indicator overall and by the groups of one breakdown."""
    ident = slug(f"{frame['indicator'].iloc[0]} by {frame['by'].iloc[-1]}")
    return estimate_table(frame, id=ident, title=title, first=[Column("group", "Group")], notes=notes)


def headline_table(frame: "pd.DataFrame", *, labels: Mapping[str, str], title: str = "Headline figures",
                   notes: Sequence[str] = ()) -> ReportTable:
    """The overall row of every indicator, each on its own base.

    For a reconstructed wave only the published and derived numbers make the headline,
    each with where and how it was printed; invented ones stay in the tables below, marked.
    """
    marked = is_marked(frame)
    rows = stated_rows(frame[frame["by"] == "overall"]).copy()
    rows["label"] = [labels.get(i, i) for i in rows["indicator"]]
    columns = [Column("label", "Measure"), Column("base", "Base")]
    if marked:  # a reconstructed wave: only published or derived numbers, each with where it was printed
        rows["number_basis"] = [str(b)[:1].upper() + str(b)[1:] for b in rows["number_basis"].fillna("")]
        columns.append(Column("number_basis", "As published"))
    t = estimate_table(rows, id="headline", title=title, first=columns, notes=notes)
    bases = sorted(set(rows["base"]))
    return ReportTable(t.id, t.title, "Base: as stated on each row (" + "; ".join(bases) + ").",
                       t.columns, t.rows, t.notes, t.withheld)


def distribution_table(frame: "pd.DataFrame", *, title: str, notes: Sequence[str] = ()) -> ReportTable:
    """A scale in full: every category, overall and by group (rows group-major)."""
    work = frame.copy()
    work["_order"] = range(len(work))
    by_order = {b: i for i, b in enumerate(dict.fromkeys(work["by"]))}
    group_order = {g: i for i, g in enumerate(dict.fromkeys(work["group"]))}
    work = work.sort_values(["by", "group", "_order"],
                            key=lambda s: s.map(by_order) if s.name == "by" else
                            (s.map(group_order) if s.name == "group" else s), kind="stable")
    work["by"] = [("All respondents" if b == "overall" else b[:1].upper() + b[1:]) for b in work["by"]]
    first = [Column("by", "Breakdown"), Column("group", "Group"), Column("category", "Answer")]
    ident = slug(f"{frame['indicator'].iloc[0]} scale")
    return estimate_table(work.drop(columns=["_order"]), id=ident, title=title, first=first, notes=notes)


def frame_table(frame: "pd.DataFrame", *, id: str, title: str, base: str, columns: Sequence[Column],
                notes: Sequence[str] = ()) -> ReportTable:
    """Any frame shown as it is, column by column (the reproduction and wave-comparison tables)."""
    rows, withheld = _rows(frame, columns)
    return ReportTable(id=id, title=title, base=base, columns=tuple(columns), rows=rows, notes=tuple(notes),
                       withheld=withheld)


def display(value: Any, kind: str, *, withheld: bool = False, decimals: int = 1) -> str:
    """A value as text (the HTML's rendering; the workbook keeps numbers as numbers).

    >>> display(0.6199, "percent"), display(692, "int"), display(None, "percent"), display(None, "int", withheld=True)
    ('62.0%', '692', '[x]', '[c]')
    """
    from analysis.figures.captions import format_percent

    if withheld:
        return WITHHELD
    if value is None:
        return "" if kind == "text" else NOT_AVAILABLE
    if kind == "percent":
        return format_percent(value, decimals=decimals)
    if kind == "int":
        return f"{int(value):,}"
    if kind == "float":
        return f"{float(value):,.1f}"
    return str(value)  # text, and a Figure's own text
