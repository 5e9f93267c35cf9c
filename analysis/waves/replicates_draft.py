"""``add-wave``'s proposal of replicate weights: columns that share a prefix and end in a number.

Published survey files often ship replicate-weight columns (``rw_1`` ... ``rw_80``,
``REPWT1`` ... , ``pwgtp1`` ... ) instead of strata and clusters: numbered columns whose
prefix names a weight or a replication method, every value a non-negative number. The draft codebook
proposes them as ``[design] replicates = "<prefix>*"`` rather than as dozens of items, with
a replicate type guessed from the prefix (``jk``: JK1, ``brr``: BRR, ``fay``: Fay, ``boot``
or ``bs``: bootstrap; otherwise ``other``), to be checked against the survey's documentation.

>>> import pandas as pd
>>> cols = ["id", "q1", *[f"rw_{k}" for k in range(1, 11)]]
>>> p = propose_replicates(cols, pd.DataFrame({c: [1.0, 2.0] for c in cols}))
>>> p.pattern, p.type, len(p.columns)
('rw_*', 'other', 10)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: At least this many numbered columns with one prefix make a set of replicate weights.
MIN_REPLICATES = 4
NUMBERED = re.compile(r"^(?P<prefix>.*?[A-Za-z_.\-])(?P<k>\d+)$")
#: A replicate set's prefix names a weight or a replication method.
WEIGHT_PREFIX = re.compile(r"rep|wt|wgt|weight|pw|jk|brr|fay|boot|rw", re.IGNORECASE)
HINTS = (("fay", "Fay"), ("brr", "BRR"), ("boot", "bootstrap"), ("bs", "bootstrap"), ("jk", "JK1"))


@dataclass(frozen=True)
class ReplicateProposal:
    pattern: str
    columns: tuple[str, ...]
    type: str

    def design_table(self) -> dict:
        table = {"replicates": self.pattern, "replicate_type": self.type}
        if self.type == "Fay":
            table["rho"] = 0.5
        if self.type == "other":
            table.update(scale=1.0, rscales=1.0)
        return table

    def note(self) -> str:
        return (f"# {len(self.columns)} columns ({self.columns[0]} ... {self.columns[-1]}) look like replicate "
                f"weights and are proposed as [design] replicates = \"{self.pattern}\", replicate_type = "
                f"\"{self.type}\" (a guess from their names): check the type, scale and rscales (and rho for Fay) "
                "in the survey's documentation.")


def propose_replicates(columns: Sequence[str], frame: "pd.DataFrame") -> ReplicateProposal | None:
    """The largest set of numeric columns named ``<prefix><number>`` (at least :data:`MIN_REPLICATES`)."""
    import pandas as pd

    groups: dict[str, list[tuple[int, str]]] = {}
    for c in columns:
        m = NUMBERED.match(str(c))
        if m:
            groups.setdefault(m.group("prefix"), []).append((int(m.group("k")), str(c)))
    best = None
    for prefix, members in groups.items():
        if len(members) < MIN_REPLICATES or not WEIGHT_PREFIX.search(prefix):
            continue
        cols = [c for _, c in sorted(members)]
        values = [pd.to_numeric(frame[c], errors="coerce") for c in cols]
        if not all(v.notna().all() and (v >= 0).all() for v in values):
            continue
        if best is None or len(cols) > len(best[1]):
            best = (prefix, cols)
    if best is None:
        return None
    prefix, cols = best
    low = prefix.lower()
    kind = next((t for hint, t in HINTS if hint in low), "other")
    return ReplicateProposal(f"{prefix}*", tuple(cols), kind)
