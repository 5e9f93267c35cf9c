"""The reproduction table in words a reader can use: claims as printed, outlets and dates, what a match means.

:func:`analysis.reproduction.compare.reproduction_table` sets each registry claim beside its
recomputed value. For a reconstructed wave a match proves little on its own: the data were
generated to hit the published figures. What the table does show is that the published
variants are mutually consistent under stated bases and rounding rules (95.5% and 96.5% are
the same 661 respondents over 692 and over 685; 95% is 95.5% truncated). This module states
that finding first (:func:`consistency_findings`) and lays the rows out without internal
codes (:func:`readable_table`).

>>> outlet_and_date("Community Care", "2014-01-28")
'Community Care, 28 January 2014'
>>> outlet_and_date("East Anglian Daily Times", "2014 (day not recorded)")
'East Anglian Daily Times, 2014 (day not recorded)'
"""

from __future__ import annotations

from datetime import date as _date
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: Status of a claim, in words.
STATUS_WORDS = {
    "canonical": "the figure this report uses",
    "variant": "another printed version",
    "misprint": "misprint",
    "derived": "never printed; follows from printed figures",
}
#: Columns of :func:`readable_table`, in order, with their headings.
HEADINGS = {
    "claim_text": "Published claim, as printed",
    "outlet": "Where and when",
    "status_text": "Status",
    "base_text": "Base",
    "recomputed_text": "Recomputed",
    "holds": "Consistent",
    "explanation": "How it fits",
}


def outlet_and_date(source: str, when: str) -> str:
    """``"Community Care, 28 January 2014"``; a date that is not ISO is kept as written."""
    try:
        day = _date.fromisoformat(str(when))
    except ValueError:
        return f"{source}, {when}" if when else source
    return f"{source}, {day.day} {day:%B %Y}"


def _of(row) -> str:
    base = str(row["base"])
    whole = base.startswith("all ")
    return f"{int(row['count'])} of {'all ' if whole else 'the '}{int(row['n'])}" + (
        "" if whole else f" ({base})")


def _missing(value) -> bool:
    """Whether a cell read from a frame holds no value (None, NaN or pandas' NA)."""
    import pandas as pd

    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _common_counts(rows: "list[dict]") -> tuple[int | None, int | None]:
    """The counts that print as every one of the rows' published percentages on its base (None if none)."""
    from analysis.reproduction.bounds import count_range

    low, high = 0, None
    for row in rows:
        if row.get("statistic", "percent") != "percent" or "value" not in row:
            return None, None
        try:
            a, b = count_range(float(row["value"]), base=int(row["n"]), precision=int(row["precision"]),
                               rounding=str(row["rounding"]))
        except ValueError:
            return None, None
        low, high = max(low, a), (b if high is None else min(high, b))
    return (low, high) if high is not None and low <= high else (None, None)


def consistency_findings(table: "pd.DataFrame") -> list[str]:
    """Sentences on how the published variants fit together, one per finding with variants.

    Parameters
    ----------
    table : DataFrame
        :func:`analysis.reproduction.compare.reproduction_table` (``finding``, ``measure``,
        ``status``, ``published``, ``count``, ``n``, ``base``, ``match``, ``rounding``,
        ``source``, ``note``).

    Returns
    -------
    list of str
        Printed versions pinned to one and the same count first, then versions consistent over
        a range of counts, then misprints and figures never printed.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"finding": "v", "measure": "would value training", "status": ["canonical", "variant",
    ...                   "variant"], "published": ["96.5%", "95.5%", "95%"], "count": 661, "n": [685, 692, 692],
    ...                   "base": ["those who answered", "all respondents", "all respondents"], "match": "yes",
    ...                   "rounding": ["rounded", "rounded", "truncated"], "source": ["MCF", "ITV", "BBC"],
    ...                   "note": "", "statistic": "percent", "value": [96.5, 95.5, 95], "precision": [1, 1, 0]})
    >>> print(consistency_findings(t)[0])
    Would value training: 96.5%, 95.5% and 95% are the same 661 respondents, the only count that prints as each of them: 96.5% is 661 of the 685 (those who answered); 95.5% is 661 of all 692; 95% is 661 of all 692, truncated rather than rounded.
    """
    pinned, ranged, other_notes = [], [], []
    groups: dict[tuple, list[dict]] = {}
    for row in table.to_dict("records"):  # the claims are a few dozen rows: plain records, not frame operations
        if _missing(row["finding"]) or _missing(row["measure"]):
            continue
        groups.setdefault((row["finding"], row["measure"]), []).append(row)
    for group in groups.values():
        shown = [r for r in group if r["match"] == "yes" and r["status"] != "misprint"]
        for row in group:
            if row["status"] == "misprint":
                other_notes.append(f"{row['published']} ({row['source']}) is a misprint: {row['note']}.")
        for row in shown:
            if row["status"] == "derived":
                other_notes.append(f"{row['published']} {row['measure']} was never printed; {row['note']}.")
        # a count withheld by disclosure control is not stated here either
        shown = [r for r in shown if r["status"] != "derived" and not _missing(r["count"])]
        if len(shown) < 2:
            continue
        canonical = [r for r in shown if r["status"] == "canonical"]
        count = int((canonical or shown)[0]["count"])
        same = [r for r in shown if r["count"] == count]
        other = [r for r in shown if r["count"] != count]
        parts = []
        for row in same:
            extra = {"truncated": ", truncated rather than rounded", "more_than": " (a lower bound)"}.get(
                row["rounding"], "")
            parts.append(f"{row['published']} is {_of(row)}{extra}")
        printed = [r["published"] for r in same]
        listed = ", ".join(printed[:-1]) + f" and {printed[-1]}" if len(printed) > 1 else printed[0]
        measure = str(shown[0]["measure"])
        low, high = _common_counts(same)
        if len(printed) < 2:
            verb = f"is {count} respondents"
        elif low == high:
            verb = f"are the same {count} respondents, the only count that prints as each of them"
        elif low is not None:
            verb = (f"are consistent: any count from {low} to {high} prints as each of them "
                    f"(the reconstruction uses {count})")
        else:
            verb = f"are the same {count} respondents"
        text = f"{measure[:1].upper()}{measure[1:]}: {listed} {verb}: " + "; ".join(parts) + "."
        for row in other:
            text += (f" {row['published']} ({row['source']}) is another count, {_of(row)}: the other "
                     "published figures allow it but do not imply it.")
        (pinned if low is not None and low == high and len(printed) > 1 else ranged).append(text)
    # the strongest finding first: printed versions that can only be one and the same count
    return pinned + ranged + other_notes


def lead(table: "pd.DataFrame", *, reconstructed: bool) -> str:
    """The paragraph above the table: what a match means here, then the consistency findings."""
    head = ("These data were generated to reproduce the published figures, so every published figure holds by "
            "construction and a match proves nothing about the survey. What the table does show is that the "
            "published versions are consistent with one another under their stated bases and rounding rules. "
            if reconstructed else
            "Each published figure recomputed from the survey's data, at its published precision and on its base. ")
    tail = (" The ranges below show what the published figures alone allow for each sector and for "
            "the associations between items: the only honest answer to what the study tells about differences "
            "between sectors and professions." if reconstructed else "")
    return head + " ".join(consistency_findings(table)) + tail


def readable_table(table: "pd.DataFrame") -> "pd.DataFrame":
    """The reproduction table with the columns of :data:`HEADINGS` (plus ``count``, ``n``, ``disclosure``)."""
    out = table.copy()
    wording = out["wording"].fillna("").astype(str) if "wording" in out else out["published"]
    out["claim_text"] = [f"\u201c{w}\u201d" if w else p for w, p in zip(wording, out["published"])]
    out["outlet"] = [outlet_and_date(s, d) for s, d in zip(out["source"], out["date"])]
    out["status_text"] = [STATUS_WORDS.get(s, s) for s in out["status"]]
    import pandas as pd

    out["base_text"] = [f"{b} (n={int(n)})" if not pd.isna(n) else str(b) for b, n in zip(out["base"], out["n"])]
    out["recomputed_text"] = out["recomputed"]
    out["holds"] = ["yes" if m == "yes" else "no" for m in out["match"]]
    return out
