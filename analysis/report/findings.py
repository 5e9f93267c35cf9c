"""Key findings as plain-English sentences, written from estimate frames.

Each sentence states the percentage, its confidence interval and its base, in the
form the toolkit uses everywhere ("62% (95% CI: 58% to 66%)"):

    62% of respondents (95% CI: 58% to 66%) were not confident assessing online
    risk; base: all respondents, n=692.

The numbers come from the frame's ``proportion``, ``ci_lower``, ``ci_upper``, ``n``,
``level`` and ``base`` columns; nothing is recomputed. Rows that disclosure control
withheld, or that the statistics engine suppressed for a small base, give no sentence;
rows flagged as a small base say so.

A reconstructed wave's frames say what each number is (``number_class``,
:mod:`analysis.reproduction.provenance`): an invented number never becomes a finding,
and a published or derived one is stated at its published precision
(``published_decimals``: 96.5%, not 96%).

>>> import pandas as pd
>>> row = pd.Series({"indicator": "risk_notconf", "base": "all respondents", "by": "overall",
...                  "group": "All", "count": 429, "n": 692, "proportion": 0.62, "ci_lower": 0.583,
...                  "ci_upper": 0.656, "level": 0.95, "flag": ""})
>>> print(finding_sentence(row, label="Not confident assessing online risk"))
62% of respondents (95% CI: 58% to 66%) were not confident assessing online risk; base: all respondents, n=692.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Mapping

from analysis.figures.captions import format_percent

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: How a label's first word turns into a verb phrase about people (plural).
_VERB_FOR_FIRST_WORD = {
    "not": "were not", "no": "had no", "has": "have", "have": "have", "had": "had",
    "would": "would", "is": "are", "are": "are", "was": "were", "were": "were",
    "did": "did", "does": "do", "do": "do", "can": "can", "could": "could", "feels": "feel",
    "felt": "felt", "knows": "know", "wants": "want", "uses": "use", "said": "said",
}


@dataclass(frozen=True)
class Finding:
    """One key finding: the sentence and the numbers it rests on."""

    indicator: str
    text: str
    proportion: float
    ci_lower: float
    ci_upper: float
    base: str
    n: int
    small_base: bool = False


def predicate(label: str) -> str:
    """An indicator label as what the respondents did or were.

    Labels are noun phrases or predicates ("Not confident assessing online risk",
    "No training in ...", "Would value training ..."); the first word decides the verb.

    Examples
    --------
    >>> predicate("Not confident assessing online risk")
    'were not confident assessing online risk'
    >>> predicate("No training in online risk assessment")
    'had no training in online risk assessment'
    >>> predicate("Has dealt with a case of online abuse")
    'have dealt with a case of online abuse'
    >>> predicate("Confident helping children")
    'were confident helping children'
    """
    words = label.strip().split(" ", 1)
    first, rest = words[0], (words[1] if len(words) > 1 else "")
    verb = _VERB_FOR_FIRST_WORD.get(first.lower())
    if verb is not None:
        return f"{verb} {rest}".strip()
    keep_case = first.isupper() and len(first) > 1  # an abbreviation such as "NHS"
    return "were " + (first if keep_case else first.lower()) + (f" {rest}" if rest else "")


def who(base: str) -> str:
    """The people a base label describes, for "62% of ...".

    >>> who("all respondents"), who("those who answered"), who("")
    ('respondents', 'those who answered', 'respondents')
    """
    base = base.strip()
    if not base:
        return "respondents"
    return base[4:] if base.lower().startswith("all ") else base


def estimate_text(proportion: float, ci_lower: float, ci_upper: float, *, level: float = 0.95,
                  decimals: int = 0) -> str:
    """``"62% (95% CI: 58% to 66%)"``.

    >>> estimate_text(0.965, 0.95, 0.977, decimals=1)
    '96.5% (95% CI: 95.0% to 97.7%)'
    """
    return (f"{format_percent(proportion, decimals=decimals)} ({format_percent(level)} CI: "
            f"{format_percent(ci_lower, decimals=decimals)} to {format_percent(ci_upper, decimals=decimals)})")


def _withheld(row) -> bool:
    import pandas as pd

    disclosure = row.get("disclosure", "")
    return (isinstance(disclosure, str) and disclosure != "") or row.get("flag", "") == "suppressed" \
        or pd.isna(row.get("proportion")) or pd.isna(row.get("ci_lower")) or pd.isna(row.get("n"))


def finding_sentence(row: "pd.Series | Mapping", *, label: str, decimals: int = 0) -> str | None:
    """One estimate row as a sentence, or ``None`` when the row is withheld.

    Parameters
    ----------
    row : Series or mapping
        One row of an estimate frame.
    label : str
        The indicator's label from the codebook.
    decimals : int
        Decimal places of the percentages (default 0).
    """
    if _withheld(row):
        return None
    level = float(row.get("level", 0.95) or 0.95)
    base = str(row.get("base", "") or "")
    text = (f"{estimate_text(row['proportion'], row['ci_lower'], row['ci_upper'], level=level, decimals=decimals)}"
            .replace(" (", f" of {who(base)} (", 1))
    sentence = f"{text} {predicate(label)}; base: {base or 'respondents'}, n={int(row['n'])}"
    if row.get("flag", "") == "small base":
        sentence += " (small base: treat with caution)"
    return sentence + "."


def stated(row: "pd.Series | Mapping") -> bool:
    """Whether a row's number may be stated as a finding: not one a reconstruction invented.

    >>> stated({"number_class": "invented"}), stated({"number_class": "published"}), stated({})
    (False, True, True)
    """
    from analysis.reproduction.provenance import is_stated

    return is_stated(row.get("number_class", ""))


def published_decimals(row: "pd.Series | Mapping", *, default: int = 0) -> int:
    """Decimals to print a row's percentage with: its published precision when it has one.

    >>> published_decimals({"published_decimals": 1}), published_decimals({"published_decimals": -1})
    (1, 0)
    """
    import math

    value = row.get("published_decimals", -1)
    try:
        value = float(value)
    except (TypeError, ValueError):
        return default
    return int(value) if not math.isnan(value) and value >= 0 else default


def key_findings(headline: "pd.DataFrame", *, labels: Mapping[str, str], decimals: int = 0) -> list[Finding]:
    """Sentences for the overall row of every indicator in a headline frame.

    Parameters
    ----------
    headline : DataFrame
        Estimate frame(s); only rows with ``by == "overall"`` are used, in frame order.
    labels : mapping
        Indicator name -> label (the codebook's ``label``).
    decimals : int
        Decimal places of the percentages.

    Returns
    -------
    list of Finding
        Withheld rows and numbers a reconstruction invented are left out; published
        numbers are printed at their published precision.

    Examples
    --------
    >>> import pandas as pd
    >>> h = pd.DataFrame({"indicator": ["a", "b"], "base": "all respondents", "by": "overall",
    ...                   "group": "All", "count": [70, 5], "n": [100, 100], "proportion": [0.7, 0.05],
    ...                   "ci_lower": [0.604, 0.0215], "ci_upper": [0.781, 0.112], "level": 0.95,
    ...                   "flag": "", "disclosure": ["", "primary"]})
    >>> [f.text for f in key_findings(h, labels={"a": "Had no training", "b": "Would leave"})]
    ['70% of respondents (95% CI: 60% to 78%) had no training; base: all respondents, n=100.']
    """
    out = []
    rows = headline[headline["by"] == "overall"]
    for rec in rows.to_dict("records"):
        if not stated(rec):
            continue
        label = labels.get(rec["indicator"], str(rec["indicator"]))
        text = finding_sentence(rec, label=label, decimals=published_decimals(rec, default=decimals))
        if text is None:
            continue
        out.append(Finding(str(rec["indicator"]), text, float(rec["proportion"]), float(rec["ci_lower"]),
                           float(rec["ci_upper"]), str(rec.get("base", "")), int(rec["n"]),
                           rec.get("flag", "") == "small base"))
    return out
