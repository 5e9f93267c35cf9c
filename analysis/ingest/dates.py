"""Spreadsheet date serials in a ``date`` item become ISO dates, as other dates are held.

A workbook stores a date as a number of days since its date origin (1899-12-30
in the usual 1900 date system, 1904-01-01 in the Mac one); a cell formatted as a
date reads as a date, but a column whose format was lost reads as bare numbers
(``44197`` for 1 January 2021). In a ``date`` item of a workbook export, a cell
holding only such a number is turned into the ISO date it stands for
(``2021-01-01``, or ``2021-01-01 12:00:00`` with a time of day); other cells are
left as they are. A note counts the cells converted.

>>> import datetime as dt
>>> serial_to_iso("44197", dt.date(1899, 12, 30)), serial_to_iso("44197.5", dt.date(1899, 12, 30))
('2021-01-01', '2021-01-01 12:00:00')
>>> serial_to_iso("2021-01-01", dt.date(1899, 12, 30)) is None
True
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from analysis.codebook import Codebook
    from analysis.ingest.raw import RawExport

#: A cell holding only a day count (a date serial), with an optional fraction of a day.
SERIAL = re.compile(r"^\d{1,7}(?:\.\d+)?$")
#: The largest serial a spreadsheet shows as a date (9999-12-31 in the 1900 system).
MAX_SERIAL = 2958465


def serial_to_iso(value: Any, epoch: dt.date) -> str | None:
    """The ISO date (and time, when not midnight) a date serial stands for, or ``None`` for anything else."""
    if not isinstance(value, str) or not SERIAL.match(value.strip()):
        return None
    days = float(value)
    if not 1 <= days <= MAX_SERIAL:
        return None
    moment = dt.datetime.combine(epoch, dt.time()) + dt.timedelta(days=days)
    moment = moment.replace(microsecond=0) + dt.timedelta(seconds=round(moment.microsecond / 1e6))
    return moment.date().isoformat() if moment.time() == dt.time() else moment.isoformat(sep=" ")


def spreadsheet_dates(export: "RawExport", codebook: "Codebook") -> "RawExport":
    """The export with date serials in its ``date`` items' columns turned into ISO dates (workbooks only)."""
    epoch = getattr(export, "spreadsheet_epoch", None)
    if epoch is None:
        return export
    columns = [item.column for item in codebook.items.values()
               if item.type == "date" and item.column in export.frame.columns]
    frame, notes = export.frame, []
    for column in columns:
        cells = frame[column].tolist()
        converted = [serial_to_iso(v, epoch) for v in cells]
        count = sum(c is not None for c in converted)
        if not count:
            continue
        if frame is export.frame:
            frame = frame.copy()
        import pandas as pd

        frame[column] = pd.array([c if c is not None else v for c, v in zip(converted, cells)], dtype="string")
        notes.append(f"{column}: {count} spreadsheet date serial{'s' if count != 1 else ''} read as dates "
                     f"(day 0 = {epoch.isoformat()})")
    if not notes:
        return export
    return dataclasses.replace(export, frame=frame, notes=[*export.notes, *notes], distinct={})
