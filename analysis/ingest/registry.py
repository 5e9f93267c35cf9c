"""The registry of export layouts: every platform reader is listed here, and files are matched against them.

A delimited file or a workbook sheet is a list of rows of cells. Which platform
wrote it is judged from its header signature alone, trying each layout of
:data:`LAYOUTS` in order (the most specific signature first); a file no layout
claims is a plain one-header table. ``[files] header_rows = N`` in the codebook
reads any other tool's export with ``N`` header rows (:mod:`analysis.ingest.headerrows`).

Imports run one way: :mod:`analysis.ingest.readers` (which file kind) imports
:mod:`~analysis.ingest.delimited` and :mod:`~analysis.ingest.excel`, which import
this registry, which imports each platform module, which imports only
:mod:`~analysis.ingest.platforms` and :mod:`~analysis.ingest.raw` below it. No
platform module imports another, the registry or a reader (a test walks the
imports and fails on any circle).

>>> detect_layout([["Respondent ID", "How confident are you?"], ["", "Response"], ["1", "Very"]])
'surveymonkey'
>>> detect_layout([["UserID", "UserNo", "Q1. Where do you work?"], ["", "", ""], ["101", "1", "Health"]])
'smartsurvey'
>>> detect_layout([["id", "Q1"], ["1", "2"]]) is None
True
>>> BY_NAME["msforms"].choice_delimiter, BY_NAME["googleforms"].choice_delimiter
(';', ', ')
"""

from __future__ import annotations

from pathlib import Path

from analysis.ingest import (googleforms, headerrows, jisc, msforms, qualtrics, smartsurvey, smartsurvey_wide,
                             surveymonkey)
from analysis.ingest.platforms import Layout
from analysis.ingest.raw import RawExport

#: Every platform layout, in the order their signatures are tried.
LAYOUTS: tuple[Layout, ...] = (
    *qualtrics.LAYOUTS,
    smartsurvey.LAYOUT,
    smartsurvey_wide.LAYOUT,
    surveymonkey.LAYOUT,
    jisc.LAYOUT,
    msforms.LAYOUT,
    googleforms.LAYOUT,
)
#: Layout name -> layout.
BY_NAME: dict[str, Layout] = {layout.name: layout for layout in LAYOUTS}
#: Names a codebook's ``files.format`` may give to force a layout (``qualtrics`` covers both Qualtrics layouts).
PLATFORM_FORMATS = tuple(name for name in BY_NAME if name != "qualtrics-legacy")


def detect_layout(rows: list[list[str]]) -> str | None:
    """The name of the first layout of :data:`LAYOUTS` whose signature the rows show, or ``None`` for a plain table.

    Parameters
    ----------
    rows : list of list of str
        The file's rows as split by :func:`analysis.ingest.text.split_rows`
        (the first three are enough).
    """
    if len(rows) < 2:
        return None
    return next((layout.name for layout in LAYOUTS if layout.detect(rows)), None)


def read_rows(rows: list[list[str]], *, layout: str, path: Path, encoding: str,
              header_rows: int = 0, question_row: int = 0) -> RawExport | None:
    """Read every row of a file in a named platform layout, or ``None`` when ``layout`` is no platform's.

    ``header_rows`` (two or more) reads the rows as any other tool's export with
    that many header rows (:func:`analysis.ingest.headerrows.from_rows`), whatever
    the layout.
    """
    if header_rows >= 2:
        return headerrows.from_rows(rows, path=path, encoding=encoding, header_rows=header_rows,
                                    question_row=question_row)
    found = BY_NAME.get(layout)
    if found is None:
        return None
    return found.read(rows, path=path, encoding=encoding, layout=layout)


def layout_line(raw: RawExport) -> str:
    """One line saying which layout an export was read in, as ``add-wave`` and ``validate`` print it.

    >>> import pandas as pd
    >>> raw = RawExport(path=Path("x.csv"), frame=pd.DataFrame(), layout="smartsurvey", header_rows=2, encoding="utf-8")
    >>> layout_line(raw)
    'layout: SmartSurvey CSV (2 header rows)'
    >>> layout_line(RawExport(path=Path("x.dta"), frame=pd.DataFrame(), layout="dta", header_rows=0))
    'layout: Stata .dta'
    """
    titles = {"sav": "SPSS .sav", "dta": "Stata .dta", "csv": "plain CSV", "xlsx": "plain XLSX",
              "header-rows": "CSV"}
    if raw.layout in titles:
        title = titles[raw.layout]
        if raw.layout == "header-rows" and raw.encoding == "xlsx":
            title = "XLSX"
    else:
        found = BY_NAME.get(raw.layout)
        title = (found.title if found else raw.layout) + (" XLSX" if raw.encoding == "xlsx" else " CSV")
    if raw.layout in ("sav", "dta"):
        return f"layout: {title}"
    rows = raw.header_rows
    line = f"layout: {title} ({rows} header row{'s' if rows != 1 else ''}"
    if raw.layout == "header-rows":
        line += ", from [files] header_rows"
    if raw.choice_delimiter:
        line += f"; ticked options joined by {raw.choice_delimiter!r}"
    return line + ")"
