"""Which visible sheet of a workbook holds the responses, when the codebook names none.

A platform's workbook may open on a sheet describing the survey (title, export date,
counts) with the responses on a later sheet. Among several visible sheets, the first
whose first rows show a platform layout's header signature
(:func:`analysis.ingest.registry.detect_layout`) is read; when none does, the caller
reads the first visible sheet as before.
"""

from __future__ import annotations

from typing import Any, Callable


def platform_sheet(visible: list, cell_text: Callable[[Any], str]) -> tuple[Any, str] | None:
    """``(worksheet, how it was chosen)`` for the first visible sheet with a platform header, or ``None``."""
    from analysis.ingest.registry import BY_NAME, detect_layout

    for ws in visible:
        rows = [[cell_text(v) for v in row] for row in ws.iter_rows(min_row=1, max_row=3, values_only=True)]
        name = detect_layout(rows) if len(rows) >= 2 else None
        if name:
            title = BY_NAME[name].title
            return ws, f"the first visible sheet with a {title} header; set [files] sheet to read another"
    return None
