"""The workbook's Notes: numbered notes, the markers that point to them, and which numbers are invented.

Markers (``[note 3]``) sit in a table's title and in the column headings whose meaning a
note explains, never in data cells; identical notes share one number. A table's own notes
move to the Notes table. The numbers a reconstruction invented are read from the table's
``number_class`` column (``Number is``) or a column headed "... (invented)"; a real wave
has none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

from analysis.report.content import NOT_AVAILABLE, NUMBER_CLASS_HEADING, SMALL_BASE_NOTE, WITHHELD, ReportTable
from analysis.report.workbook_sheets import INVENTED_STYLE


# --- invented numbers -----------------------------------------------------------------------------------------

def invented_cells(table: ReportTable) -> set[tuple[int, int]]:
    """The (row, column) positions of numbers a reconstruction invented.

    A row whose ``number_class`` is ``invented`` has all its numbers invented; a column
    headed "... (invented)" holds invented numbers only. Text cells are never marked.
    """
    keys = [c.key for c in table.columns]
    numeric = [j for j, c in enumerate(table.columns) if c.kind != "text"]
    out = set()
    k = keys.index("number_class") if "number_class" in keys else None
    for i, row in enumerate(table.rows):
        if k is not None and row[k] == "invented":
            out |= {(i, j) for j in numeric}
    for j in numeric:
        if table.columns[j].label.rstrip().endswith("(invented)"):
            out |= {(i, j) for i in range(len(table.rows))}
    return out - set(table.stated)  # a published base on an invented row stays unmarked


def says_what_numbers_are(table: ReportTable) -> bool:
    """Whether a table carries provenance: a Number is column with published, derived or invented numbers."""
    from analysis.reproduction.provenance import UNMARKED

    keys = [c.key for c in table.columns]
    if "number_class" in keys:
        k = keys.index("number_class")
        if {r[k] for r in table.rows if r[k]} - set(UNMARKED):
            return True
    return any(c.label.rstrip().endswith("(invented)") for c in table.columns)


INVENTED_NOTE = (f'The "{NUMBER_CLASS_HEADING}" column says what each number of this reconstruction is: published '
                 "(printed by the survey's publishers, shown at the precision and on the base they printed), "
                 "derived (follows arithmetically from published figures alone) or invented (chosen by the "
                 "generator that reconstructed the data: not a finding). Invented numbers are also shown in italic "
                 f'on a grey background (cell style "{INVENTED_STYLE}"), here and in every table.')


# --- notes ----------------------------------------------------------------------------------------------------

@dataclass
class TableNotes:
    """The rows of the Notes table, numbered in order; identical texts share a number."""

    rows: list  # (marker, topic, text)

    def add(self, topic: str, text: str) -> str:
        for marker, _, t in self.rows:
            if t == text:
                return marker
        marker = f"[note {len(self.rows) + 1}]"
        self.rows.append((marker, topic, text))
        return marker

    def find(self, *, topic: str | None = None, starts: str | None = None) -> str | None:
        for marker, tp, text in self.rows:
            if (topic is None or tp == topic) and (starts is None or text.startswith(starts)):
                return marker
        return None


def _abbreviations_in(table: ReportTable, abbreviations: Mapping[str, str]) -> list[str]:
    text = " ".join([table.title, table.base] + [c.label for c in table.columns]
                    + [str(v) for row in table.rows for v in row if isinstance(v, str)])
    return [a for a in abbreviations if re.search(rf"\b{re.escape(a)}\b", text)]


def table_markers(table: ReportTable, notes: TableNotes, abbreviations: Mapping[str, str], own: list[str]
             ) -> tuple[list[str], list[str]]:
    """The title's note markers and each column heading's (``""`` where none)."""
    title = list(own)
    values = [v for row in table.rows for v in row]
    if table.withheld or WITHHELD in values:
        title.append(notes.find(starts=f"{WITHHELD}:"))
    kinds = [c.kind for c in table.columns]
    if any(v is None and kinds[j] != "text" and not table.is_withheld(i, j)
           for i, row in enumerate(table.rows) for j, v in enumerate(row)):
        title.append(notes.find(starts=f"{NOT_AVAILABLE}:"))
    if SMALL_BASE_NOTE in values:
        title.append(notes.find(starts=f"{SMALL_BASE_NOTE}:"))
    title += [notes.find(topic="Abbreviations", starts=f"{a}:") for a in _abbreviations_in(table, abbreviations)]
    title.append(_definition(table, notes))
    ci = notes.find(topic="Confidence intervals")
    letters = notes.find(starts="Significance letters")
    design = notes.find(topic="Design and weighting")
    counts = notes.find(topic="Bases", starts="Counts and bases")
    number_class = notes.find(topic="Invented numbers")
    heads = []
    for c in table.columns:
        m = None
        if " CI " in f" {c.label} ":
            m = ci
        elif c.key in ("letter", "letters"):
            m = letters
        elif c.key in ("weighted_n", "effective_n"):
            m = design
        elif c.key == "n" and c.label == "Base (n)":
            m = counts
        elif c.key == "number_class" or c.label.rstrip().endswith("(invented)"):
            m = number_class
        heads.append(m or "")
    return list(dict.fromkeys(m for m in title if m)), heads


def _definition(table: ReportTable, notes: TableNotes) -> str | None:
    """The definition note of the measure a table's title names ("<label>: answered ...")."""
    best, found = "", None
    for marker, topic, text in notes.rows:
        label = re.split(r": answered | \(", text, maxsplit=1)[0]
        if topic == "Definitions" and len(label) > len(best) and (table.title == label
                                                                   or table.title.startswith(label + ",")):
            best, found = label, marker
    return found


def base_markers_of(table: ReportTable, notes: TableNotes) -> list[str]:
    """The Bases notes of the bases a table's base line names ("Base: all respondents (n=692).")."""
    line = table.base.lower()
    return [marker for marker, topic, text in notes.rows
            if topic == "Bases" and ":" in text and re.search(rf"\b{re.escape(text.split(':', 1)[0].lower())}\b",
                                                               line)]
