"""The ``other`` setting of a ``single`` item: the code an answer typed in place of a choice counts as.

Reading the answers with it is :mod:`analysis.ingest.single_other`'s job.
"""

from __future__ import annotations

from typing import Any


def parse_single_other(r, value: Any, where: str, codes: dict) -> Any:
    """The code ``other`` names on a ``single`` item (by its code or label), or ``""`` with the problem recorded."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        r.bad(f"{where}.other", "one of the item's codes (or its label): the code an answer typed in place of a "
              "choice counts as", value)
        return ""
    code = value if isinstance(value, int) else (int(value.strip()) if value.strip().lstrip("-").isdigit()
                                                 else value.strip())  # as analysis.codebook.parse_code reads it
    if code in codes:
        return code
    by_label = [c for c, label in codes.items() if str(label).strip().casefold() == str(value).strip().casefold()]
    if len(by_label) == 1:
        return by_label[0]
    r.bad(f"{where}.other", "one of the item's codes (or its label): the code an answer typed in place of a choice "
          "counts as", value)
    return ""
