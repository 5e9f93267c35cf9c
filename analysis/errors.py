"""User-facing input errors: one line each, naming file, column, rows and what was expected.

The command line turns an :class:`InputError` into its lines on standard error and
exit status 2, with no traceback. Library callers can catch it and read
``error.problems``.

>>> p = Problem("data/raw/2013/export.csv", "Q5", [3, 7, 9, 11, 12, 15, 20], "a code in 1, 2, 3, 4, 8, 9", found="7")
>>> print(p)
data/raw/2013/export.csv: column 'Q5', rows 3, 7, 9, 11, 12 and 2 more: found '7', expected a code in 1, 2, 3, 4, 8, 9
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Sequence

#: How many row numbers a problem line lists before it gives a count.
MAX_ROWS_SHOWN = 5


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input file.

    ``rows`` are the row numbers a person sees when the file is opened in a
    spreadsheet (header rows counted, so the first data row under one header
    row is row 2), or SPSS case numbers (``unit="case"``), or empty when the
    problem is about the file or a column as a whole.
    """

    file: str
    column: str | None
    rows: Sequence[int]
    expected: str
    found: str | None = None
    unit: str = "row"

    def __str__(self) -> str:
        parts = [f"{_one_line(self.file)}:"]
        where = []
        if self.column is not None:
            where.append(f"column '{_one_line(self.column)}'")
        if self.rows:
            shown = ", ".join(str(r) for r in list(self.rows)[:MAX_ROWS_SHOWN])
            more = len(self.rows) - MAX_ROWS_SHOWN
            noun = self.unit if len(self.rows) == 1 else self.unit + "s"
            where.append(f"{noun} {shown}" + (f" and {more} more" if more > 0 else ""))
        if where:
            parts.append(" " + ", ".join(where) + ":")
        what = (f" found '{_one_line(self.found)}', expected {_one_line(self.expected)}" if self.found is not None
                else f" expected {_one_line(self.expected)}")
        return "".join(parts) + what


def _one_line(text: str) -> str:
    r"""Text as one line: line breaks and other control characters shown escaped, personal data by its kind.

    An error line never echoes an e-mail address, a phone, NHS or IP number, a postcode or
    a URL with a query string, wherever it came from (a cell, a header, a codebook value):
    :func:`analysis.personal.shown` puts its kind in its place.

    >>> _one_line("20\n13\tx")
    '20\\n13\\tx'
    >>> _one_line("did you mean 'ann@example.org'?")
    "did you mean '(e-mail address)'?"
    """
    from analysis.personal import shown

    text = shown(text)
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


@dataclass
class InputError(Exception):
    """One or more problems with the inputs; nothing has been written."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.__str__())

    @classmethod
    def single(cls, file: str, expected: str, *, column: str | None = None,
               rows: Iterable[int] = (), found: str | None = None) -> "InputError":
        return cls([Problem(str(file), column, list(rows), expected, found)])

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]

    def __str__(self) -> str:
        return "\n".join(self.lines())
