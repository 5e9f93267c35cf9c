"""Row heights for wrapped text in a workbook: a spreadsheet program does not work them out on opening.

openpyxl writes no row heights, and Excel and LibreOffice open a file with the default height
for every row whose height is not written, so a wrapped heading, base line or note overlaps the
rows around it (LibreOffice until the row is edited). :func:`fit_row_heights` writes, for
every row holding a wrapped cell, the height its longest cell needs: the cell's text wrapped at
spaces to its column's width (in characters, less a margin for the wider letters of Arial), one
line per 15 points at 11 pt (16 points at the larger headline sizes).
"""

from __future__ import annotations

import math
import textwrap

#: Points per line of 11 pt Arial, with the gap Excel leaves between lines.
LINE_PT = 15.0
#: Excel's default column width, in characters, where none is written.
DEFAULT_WIDTH = 8.43
#: Characters of ordinary text that fit in a column width of one "0" (Arial's letters average a bit wider).
CHARS_PER_WIDTH = 0.95


def lines_needed(text: str, width_chars: float, *, size: float = 11.0) -> int:
    """Lines ``text`` takes wrapped in a column ``width_chars`` wide (at ``size`` points).

    >>> lines_needed("one two three", 8), lines_needed("a\\nb", 40), lines_needed("", 10)
    (2, 2, 1)
    """
    per_line = max(int(width_chars * CHARS_PER_WIDTH * 11.0 / size), 1)
    count = sum(max(len(textwrap.wrap(part, per_line, break_long_words=True)), 1) for part in str(text).split("\n"))
    return max(count, 1)


def fit_row_heights(ws) -> None:
    """Write the height of every row that holds a wrapped cell, from its longest cell's wrapped lines."""
    from openpyxl.utils import get_column_letter

    heights: dict[int, float] = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None or not (cell.alignment is not None and cell.alignment.wrap_text):
                continue
            dim = ws.column_dimensions.get(get_column_letter(cell.column))
            width = dim.width if dim is not None and dim.width else DEFAULT_WIDTH
            size = float(cell.font.sz or 11.0) if cell.font is not None else 11.0
            lines = lines_needed(str(cell.value), width, size=size)
            height = math.ceil(lines * LINE_PT * size / 11.0 + 3)
            heights[cell.row] = max(heights.get(cell.row, 0.0), height)
    for r, h in heights.items():
        ws.row_dimensions[r].height = h
