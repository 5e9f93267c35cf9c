"""Which column of an export holds the respondent id, and whether its ids are personal data.

Ingest asks when the codebook's id column is missing (to suggest one), and
``add-wave`` asks when it drafts ``[id]``; both judge the ids as ingest does
(:mod:`analysis.personal`).

>>> import pandas as pd
>>> from pathlib import Path
>>> from analysis.ingest.readers import RawExport
>>> raw = RawExport(Path("x.csv"), pd.DataFrame({"Resp ID": ["07700900001", "07700900002"]}, dtype="string"), "csv")
>>> guess_id_column(raw), personal_id_kind(raw, "Resp ID"), personal_id_kind(raw, "")
('Resp ID', 'phone numbers', '')
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from analysis.ingest.platforms import fold

if TYPE_CHECKING:  # pragma: no cover
    from analysis.ingest.raw import RawExport

#: Folded column names of a respondent id.
ID_NAMES = {"id", "respid", "respondentid", "responseid", "respondent", "respondentno", "respondentnumber",
            "caseid", "case", "uuid", "serial", "serialno", "participantid", "recordid", "responseno"}


def guess_id_column(raw: "RawExport") -> str:
    """The respondent-id column: the platform's, else one named like an id with unique values."""
    found = getattr(raw, "id_column", "")
    if found:
        return found
    for column in raw.frame.columns:
        if re.sub(r"[^a-z0-9]", "", fold(column)) in ID_NAMES:
            return column
    return ""


def nhs_number_ids(values: list) -> bool:
    """Whether ids of bare digits are NHS numbers: every one ten digits passing the modulus-11 check.

    A single ten-digit id passes the check by chance one time in eleven, so the
    column is judged as a whole (two random ids pass together one time in 121).

    >>> nhs_number_ids(["9434765919", "9434765900"]), nhs_number_ids(["9434765919", "1234567890"])
    (True, False)
    """
    from stdnum.gb import nhs

    texts = [str(v).strip() for v in values if v is not None and str(v).strip()]
    return len(texts) >= 2 and all(len(t) == 10 and t.isdigit() and nhs.is_valid(t) for t in texts)


def personal_id_kind(raw: "RawExport", column: str) -> str:
    """What personal data the id column holds ("e-mail addresses", "names" ...), judged as ingest judges it; or ``""``.

    >>> import pandas as pd
    >>> from pathlib import Path
    >>> from analysis.ingest.readers import RawExport
    >>> raw = RawExport(Path("x.csv"), pd.DataFrame({"id": ["a@example.org", "b@example.org"]}, dtype="string"), "csv")
    >>> personal_id_kind(raw, "id"), personal_id_kind(raw, "")
    ('e-mail addresses', '')
    """
    from analysis.personal import NEEDS, kinds, name_rows

    if not column or column not in raw.frame.columns:
        return ""
    series = raw.frame[column]
    values = series.tolist()
    # Only cells holding one of the characters every pattern needs are matched one by one (as at ingest).
    maybe = series.astype("string").str.contains(NEEDS, regex=True).fillna(False).to_numpy(dtype=bool)
    found = sorted({k for i in maybe.nonzero()[0] if isinstance(values[i], str) for k in kinds(values[i])})
    if "NHS numbers" not in found and nhs_number_ids(values):
        found.append("NHS numbers")
    if name_rows(values):
        found.append("names")
    return " and ".join(found)
