"""The export as a reader hands it on: :class:`RawExport`, at the bottom of the readers' imports.

Every reader (:mod:`~analysis.ingest.sav`, :mod:`~analysis.ingest.dta`,
:mod:`~analysis.ingest.delimited`, :mod:`~analysis.ingest.excel` and the platform
layouts under :mod:`~analysis.ingest.registry`) builds a :class:`RawExport` and
imports it from here; nothing here imports a reader, so imports run one way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


@dataclass
class RawExport:
    """An export as read, before the codebook is applied.

    Attributes
    ----------
    path : Path
    frame : DataFrame
        One row per data row; columns are the export's column names, made unique.
        Text exports hold strings (blank cells are NA); .sav files hold numbers and
        strings as stored, user-missing codes kept.
    layout : str
        ``sav``, ``dta``, ``csv``, ``xlsx``, or a platform layout's name (``surveymonkey``,
        ``qualtrics``, ``qualtrics-legacy``, ``jisc``, ``smartsurvey``, ``msforms``,
        ``googleforms``, ``header-rows``: see :data:`analysis.ingest.registry.LAYOUTS`).
    header_rows : int
        Rows above the first data row; error messages count data rows from 1.
    question_text : dict
        Column -> question text (variable labels, or the platform's header rows).
    value_labels : dict
        Column -> {code: label}, from a .sav dictionary.
    missing_codes : dict
        Column -> user-missing codes (discrete values) from a .sav dictionary.
    missing_ranges : dict
        Column -> list of (low, high) user-missing ranges from a .sav dictionary.
    encoding : str
        The text encoding used.
    metadata_columns : list
        Platform metadata columns recognised in the header (timings, IP address, ...).
    notes : list
        Things worth telling the analyst (fallback encoding used, columns renamed).
    source_rows : list, optional
        The row number (as a spreadsheet shows it) of each row of ``frame``, when
        rows were dropped on reading (survey previews); otherwise rows are numbered
        from ``header_rows + 1``.
    spreadsheet_epoch : date, optional
        A workbook's date origin (1899-12-30, or 1904-01-01 for the Mac date
        system): day 0 of the date serials its cells may hold.
    choice_delimiter : str
        What the platform writes between the ticked options of a checkbox question
        held in one cell (``";"`` for Microsoft Forms, which also ends the cell with
        it; ``", "`` for Google Forms), or ``""`` when every option has a column of
        its own. Such cells are left as exported; a ``multi`` item splits them
        against its option labels.
    mr_sets : list
        An SPSS file's multiple-response sets (:class:`analysis.ingest.mrsets.MRSet`):
        each is drafted as one ``multi`` item.
    distinct : dict
        Column -> its cells as positions into their distinct look-up keys (and
        ``("plain ids", column)`` -> whether the ids are plain digits), filled by the
        checks of :mod:`analysis.ingest.check` and reused when the frame is built, so
        each column is judged once. ``frame`` must not change once they are filled.
    """

    path: Path
    frame: "pd.DataFrame"
    layout: str
    header_rows: int = 1
    question_text: dict[str, str] = field(default_factory=dict)
    value_labels: dict[str, dict[Any, str]] = field(default_factory=dict)
    missing_codes: dict[str, list[Any]] = field(default_factory=dict)
    missing_ranges: dict[str, list[tuple[float, float]]] = field(default_factory=dict)
    encoding: str = ""
    metadata_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    source_rows: list[int] | None = None
    choice_delimiter: str = ""
    spreadsheet_epoch: "date | None" = None
    mr_sets: list[Any] = field(default_factory=list)
    distinct: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)


def unique_names(names: list[str]) -> list[str]:
    """Make column names unique by suffixing repeats with ``.2``, ``.3`` ...

    >>> unique_names(["Q1", "Q2", "Q1", "", "Q1"])
    ['Q1', 'Q2', 'Q1.2', 'column 4', 'Q1.3']
    """
    seen: dict[str, int] = {}
    out = []
    for i, name in enumerate(names, start=1):
        name = name.strip() or f"column {i}"
        if name in seen:
            seen[name] += 1
            name = f"{name}.{seen[name]}"
        else:
            seen[name] = 1
        out.append(name)
    return out


def file_rows(export: RawExport, positions) -> list[int]:
    """Row numbers as a person sees them (spreadsheet rows, or SPSS case numbers)."""
    if export.source_rows is not None:
        return [export.source_rows[int(p)] for p in positions]
    offset = export.header_rows + 1 if export.layout != "sav" else 1
    return [int(p) + offset for p in positions]


def row_unit(export: RawExport) -> str:
    """What a row is called in messages: a case of an SPSS file, a row of anything else."""
    return "case" if export.layout == "sav" else "row"
