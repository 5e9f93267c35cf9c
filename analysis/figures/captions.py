"""Captions, notes and alt text for figures, built from estimate frames and the codebook.

A :class:`Caption` holds everything that is said about a figure: the title (the
finding, in sentence case), the subtitle (measure, population and period), the
base line, the notes (the interval note, small bases, what is left out), the
reconstruction note when the wave is not real data, the source line, the alt
text (one sentence of about 125 characters) and a longer description that
lists every value drawn. The same record is drawn under the chart and written
to the figure's JSON file.

Numbers are only formatted here, never computed: every value comes from an
estimate frame's ``proportion``, ``ci_lower``, ``ci_upper`` and ``n`` columns.

>>> format_percent(0.62), format_percent(0.965), format_interval(0.58, 0.66)
('62%', '97%', '58% to 66%')
>>> share_phrase(0.62), share_phrase(0.54), share_phrase(0.965)
('about six in ten', 'about half', 'nearly all')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Iterable, Mapping

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from analysis.codebook import WaveInfo

#: Target length of the short alt text, in characters (ONS style guide: about 125).
ALT_TEXT_TARGET = 125
#: Longest alt text accepted before :func:`alt_text_problems` complains.
ALT_TEXT_MAX = 160

METHOD_NAMES = {
    "wilson": "Wilson score",
    "clopper-pearson": "Clopper-Pearson exact",
    "exact": "Clopper-Pearson exact",
    "jeffreys": "Jeffreys",
    "agresti-coull": "Agresti-Coull",
    "wald": "Wald",
    "logit": "logit",
}

#: Abbreviations that must not appear in alt text (ONS style: spell them out).
ABBREVIATIONS = ("CI", "n=", "LSCB", "PCT", "LEA", "NHS", "MCF", "e.g.", "i.e.", "etc.", "%)")

_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine"}


@dataclass(frozen=True)
class Caption:
    """Everything said about one figure, drawn under it and written to its JSON file.

    >>> c = Caption(title="Most were not confident", subtitle="Percentage, England, 2013",
    ...             base="Base: all respondents (n=692).", source="Source: a survey.",
    ...             notes=("Error bars show 95% confidence intervals.",),
    ...             provenance_note="Reconstructed data.")
    >>> c.footer_lines()
    ['Base: all respondents (n=692).', 'Error bars show 95% confidence intervals.', 'Note: Reconstructed data.', 'Source: a survey.']

    ``abbreviations`` spells out the abbreviations the figure shows; it ends the notes under the
    chart, and is kept apart in the JSON file so that a page with a glossary can leave it out.
    """

    title: str
    subtitle: str = ""
    base: str = ""
    source: str = ""
    notes: tuple[str, ...] = ()
    provenance_note: str = ""
    alt_text: str = ""
    long_description: str = ""
    abbreviations: str = ""

    def footer_lines(self) -> list[str]:
        """The lines under the chart, in order: base, the notes as one paragraph, reconstruction note, source."""
        lines = [self.base, " ".join((*self.notes, *((self.abbreviations,) if self.abbreviations else ())))]
        if self.provenance_note:
            lines.append(f"Note: {self.provenance_note}")
        lines.append(self.source)
        return [line for line in lines if line]

    def to_dict(self) -> dict:
        """The caption as a JSON-ready mapping (the figure's metadata file adds its files)."""
        notes = list(self.notes) + ([self.provenance_note] if self.provenance_note else [])
        return {
            "title": self.title,
            "subtitle": self.subtitle,
            "base": self.base,
            "source": self.source,
            "notes": notes,
            "abbreviations": self.abbreviations,
            "reconstruction_note": self.provenance_note,
            "alt_text": self.alt_text,
            "long_description": self.long_description,
        }


# --------------------------------------------------------------------------- formatting


def format_percent(p: float, *, decimals: int = 0) -> str:
    """A proportion as a percentage, rounded half up (0.965 -> 97%, not the float's 96%).

    >>> format_percent(0.811, decimals=1), format_percent(0.125), format_percent(float("nan"))
    ('81.1%', '13%', 'not available')
    """
    if p is None or p != p:
        return "not available"
    quantum = Decimal(1).scaleb(-decimals)
    value = (Decimal(repr(float(p))) * 100).quantize(quantum, rounding=ROUND_HALF_UP)
    return f"{value}%"


#: In-place mark of a number a reconstruction invented, beside its value label (legend: :func:`invented_legend`).
INVENTED_MARK = "\u2020"
INVENTED_LABEL = "Invented by the reconstruction, not published"


def is_invented(row) -> bool:
    """Whether a drawn row (a record, Series or namedtuple) holds a number the reconstruction invented.

    >>> is_invented({"number_class": "invented"}), is_invented({"number_class": "published"}), is_invented({})
    (True, False, False)
    """
    value = row.get("number_class", "") if hasattr(row, "get") else getattr(row, "number_class", "")
    return value == "invented"


def _field(row, name: str, default=None):
    return row.get(name, default) if hasattr(row, "get") else getattr(row, name, default)


def shown_decimals(row) -> int:
    """Decimals a drawn value is shown to: its published precision when published or derived, else none.

    >>> shown_decimals({"number_class": "published", "published_decimals": 1}), shown_decimals({})
    (1, 0)
    """
    decimals = _field(row, "published_decimals", -1)
    if _field(row, "number_class", "") in ("published", "derived") and decimals == decimals and decimals is not None:
        return max(int(decimals), 0)
    return 0


def shown_percent(row) -> str:
    """A drawn row's value as its label shows it: "96.5%" for a number published so, else whole percent.

    >>> shown_percent({"proportion": 0.96496, "number_class": "published", "published_decimals": 1})
    '96.5%'
    >>> shown_percent({"proportion": 0.96496, "number_class": "invented", "published_decimals": -1})
    '96%'
    """
    return format_percent(_field(row, "proportion"), decimals=shown_decimals(row))


def marked_value(row, text: str) -> str:
    """A value label with the invented mark when the row's number was invented.

    >>> marked_value({"number_class": "invented"}, "58%"), marked_value({"number_class": "published"}, "62%")
    ('58%\u2020', '62%')
    """
    return text + INVENTED_MARK if is_invented(row) else text


def invented_legend(frame: "pd.DataFrame") -> list:
    """The legend entry explaining the invented mark, when the frame holds an invented number (else none)."""
    if "number_class" not in frame.columns or not (frame["number_class"].astype(str) == "invented").any():
        return []
    from matplotlib.lines import Line2D

    from analysis.figures.style import TEXT

    return [Line2D([], [], linestyle="none", marker="$\\dagger$", markersize=8, color=TEXT,
                   label=INVENTED_LABEL)]


def format_interval(lower: float, upper: float, *, decimals: int = 0) -> str:
    """An interval as ``"58% to 66%"``.

    >>> format_interval(0.0, 0.1611)
    '0% to 16%'
    """
    return f"{format_percent(lower, decimals=decimals)} to {format_percent(upper, decimals=decimals)}"


def estimate_in_words(p: float, lower: float, upper: float, *, level: float = 0.95) -> str:
    """An estimate with its interval, abbreviations spelled out, for descriptions.

    >>> estimate_in_words(0.62, 0.58, 0.66)
    '62% (95% confidence interval 58% to 66%)'
    """
    return f"{format_percent(p)} ({format_percent(level)} confidence interval {format_interval(lower, upper)})"


def share_phrase(p: float) -> str:
    """A proportion in words, to the nearest tenth ("about six in ten"), for titles.

    >>> [share_phrase(x) for x in (0.02, 0.1, 0.3, 0.5, 0.7, 0.811, 0.96, 1.0)]
    ['almost none', 'one in ten', 'three in ten', 'half', 'seven in ten', 'about eight in ten', 'nearly all', 'all']
    """
    if p >= 1.0:
        return "all"
    if p <= 0.0:
        return "none"
    tenths = int((Decimal(repr(float(p))) * 10).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    exact = abs(p * 10 - tenths) < 0.005
    about = "" if exact else "about "
    if tenths >= 10:
        return "nearly all"
    if tenths <= 0:
        return "almost none"
    if tenths == 5:
        return f"{about}half"
    return f"{about}{_WORDS[tenths]} in ten"


def number_in_words(count: int) -> str:
    """Whole numbers under ten in words, as the ONS style guide asks; larger ones as digits.

    >>> number_in_words(6), number_in_words(12)
    ('six', '12')
    """
    return _WORDS.get(count, "zero" if count == 0 else str(count))


def sentence_case(text: str) -> str:
    """First letter upper case, the rest as written (names keep their capitals).

    >>> sentence_case("about six in ten were not confident")
    'About six in ten were not confident'
    """
    return text[:1].upper() + text[1:] if text else text


# --------------------------------------------------------------------------- note lines


def interval_note(frame: "pd.DataFrame") -> str:
    """The uncertainty note for a frame, naming its level and method.

    >>> import pandas as pd
    >>> interval_note(pd.DataFrame({"level": [0.95], "method": ["wilson"]}))
    'Error bars show 95% confidence intervals (Wilson score method).'
    """
    levels = sorted(set(frame["level"].dropna().astype(float)))
    methods = sorted(set(frame["method"].dropna().astype(str)))
    level = format_percent(levels[0]) if len(levels) == 1 else "/".join(format_percent(v) for v in levels)
    method = "; ".join(METHOD_NAMES.get(m.lower(), m) for m in methods)
    suffix = f" ({method} method)" if method else ""
    return f"Error bars show {level} confidence intervals{suffix}."


def base_note(frame: "pd.DataFrame", *, per_group: str = "") -> str:
    """The base line: who is in the denominator and how many, from the frame's ``base`` and ``n``.

    Overall rows (``by == "overall"``) give the counts; a frame broken down by
    groups adds ``per_group`` (e.g. "n is shown for each sector").

    >>> import pandas as pd
    >>> f = pd.DataFrame({"base": ["all respondents", "those who answered", "those who answered"],
    ...                   "by": "overall", "n": [692, 685, 684]})
    >>> base_note(f)
    'Base: all respondents (n=692); those who answered (n=684 to 685).'
    """
    overall = frame[frame["by"] == "overall"] if "by" in frame.columns else frame
    if overall.empty:
        overall = frame
    parts = []
    for base in dict.fromkeys(overall["base"].astype(str)):
        ns = sorted({int(v) for v in overall.loc[overall["base"].astype(str) == base, "n"].dropna()})
        if not ns:
            parts.append(base)
        elif len(ns) == 1:
            parts.append(f"{base} (n={ns[0]})")
        else:
            parts.append(f"{base} (n={ns[0]} to {ns[-1]})")
    text = "Base: " + "; ".join(parts)
    if per_group:
        text += f"; {per_group}"
    return text + "."


def source_note(wave: "WaveInfo") -> str:
    """``"Source: <survey>, <organisation>"`` from the codebook's ``[wave] source``.

    >>> from analysis.codebook import WaveInfo
    >>> source_note(WaveInfo(name="2013", source="Online survey of professionals, Marie Collins Foundation"))
    'Source: Online survey of professionals, Marie Collins Foundation.'
    """
    text = (wave.source or wave.title or f"wave {wave.name}").strip()
    if not text.lower().startswith("source:"):
        text = f"Source: {text}"
    return text if text.endswith(".") else text + "."


def flag_notes(frame: "pd.DataFrame", *, small_base: int, suppress_below: int,
               marker: str = "Open markers", labels: Iterable[str] = ()) -> list[str]:
    """Notes for small bases (drawn, marked) and suppressed groups (left out, named).

    ``labels`` are the labels of the suppressed groups, as drawn elsewhere.

    >>> import pandas as pd
    >>> f = pd.DataFrame({"flag": ["", "small base", "suppressed"]})
    >>> flag_notes(f, small_base=50, suppress_below=30, labels=["Other"])
    ['Open markers: fewer than 50 respondents; treat with caution.', 'Not shown (fewer than 30 respondents): Other.']
    """
    notes = []
    flags = set(frame["flag"].fillna("").astype(str))
    if "small base" in flags:
        notes.append(f"{marker}: fewer than {small_base} respondents; treat with caution.")
    labels = list(labels)
    if "suppressed" in flags and labels:
        notes.append(f"Not shown (fewer than {suppress_below} respondents): {', '.join(labels)}.")
    return notes


def left_out_note(by: str, entry: "dict | None") -> str:
    """How many respondents are not in a breakdown and why, as the ``protect`` stage published it.

    ``entry`` is one breakdown of ``protected.json`` ``left_out`` (``respondents``,
    ``count`` or None when withheld, ``text``, ``reasons``); empty when nobody is left out.

    >>> left_out_note("sector", {"respondents": 380, "count": 9, "text": "9", "reasons": [
    ...     {"reason": "did not answer", "count": 5}, {"reason": 'answered "Prefer not to say"', "count": 4}]})
    '9 of the 380 respondents are not in the sector breakdown (371 are): 5 did not answer; 4 answered "Prefer not to say".'
    >>> left_out_note("sector", {"respondents": 380, "count": None, "text": "fewer than 10", "reasons": [
    ...     {"reason": "did not answer", "count": None}]})
    'Fewer than 10 of the 380 respondents are not in the sector breakdown: they did not answer.'
    >>> left_out_note("sector", {"respondents": 692, "count": 0, "text": "0", "reasons": []})
    ''
    """
    if not entry or entry.get("count") == 0:
        return ""
    total, count = entry.get("respondents"), entry.get("count")
    reasons = entry.get("reasons") or []
    head = f"{entry['text']} of the {total} respondents are not in the {by} breakdown"
    head = head[:1].upper() + head[1:]
    if count is not None:
        head += f" ({total - count} are)"
    if reasons and all(r.get("count") is not None for r in reasons):
        why = "; ".join(f"{r['count']} {r['reason']}" for r in reasons)
    elif reasons:
        why = "they " + ", or ".join(r["reason"] for r in reasons)
    else:
        return head + "."
    return f"{head}: {why}."


def rows_filter_note(entry: "dict | None") -> str:
    """The responses the codebook's ``[rows]`` filter removed, as published (empty without a filter).

    >>> print(rows_filter_note({"count": 68, "rows": 380, "label": "finished responses only", "text": "68"}))
    Not in any table: 68 of the 380 responses in the export, removed by the codebook's row filter (finished responses only).
    """
    if not entry or entry.get("count") == 0:
        return ""
    label = f" ({entry['label']})" if entry.get("label") else ""
    return (f"Not in any table: {entry['text']} of the {entry['rows']} responses in the export, removed by the "
            f"codebook's row filter{label}.")


def abbreviation_note(abbreviations: "Mapping[str, str]", texts: Iterable[str]) -> str:
    """Each abbreviation ``texts`` use, spelled out once, in the codebook's order ("" when none is used).

    >>> abbreviation_note({"LSCB": "Local Safeguarding Children Board", "PCT": "Primary Care Trust"},
    ...                   ["Children's services (LSCB)", "Health"])
    'LSCB: Local Safeguarding Children Board.'
    """
    words = "\n".join(str(t) for t in texts)
    used = [f"{abbr}: {meaning}" for abbr, meaning in abbreviations.items()
            if re.search(rf"(?<![A-Za-z0-9]){re.escape(abbr)}(?![A-Za-z0-9])", words)]
    return ". ".join(used) + "." if used else ""


# --------------------------------------------------------------------------- alt text


def alt_text_problems(text: str) -> list[str]:
    """What is wrong with an alt text: length, not one sentence, abbreviations.

    >>> alt_text_problems("Bar chart of six measures: about six in ten were not confident assessing online risk.")
    []
    >>> alt_text_problems("Chart of CI. Two sentences")
    ['does not end with a full stop', 'more than one sentence', "abbreviation 'CI'"]
    """
    problems = []
    if len(text) > ALT_TEXT_MAX:
        problems.append(f"{len(text)} characters (at most {ALT_TEXT_MAX})")
    if not text.endswith("."):
        problems.append("does not end with a full stop")
    if re.search(r"[.!?]\s+[A-Z]", text.rstrip(".")) or text.count(". ") > 0:
        problems.append("more than one sentence")
    for abbr in ABBREVIATIONS:
        pattern = r"(?<![A-Za-z])" + re.escape(abbr) + (r"(?![A-Za-z])" if abbr[-1].isalpha() else "")
        if re.search(pattern, text):
            problems.append(f"abbreviation '{abbr}'")
    return problems


def describe_estimates(frame: "pd.DataFrame", labels: dict[str, str], *, key: str = "indicator") -> list[str]:
    """One line per row drawn: label, estimate, interval and base, for the long description.

    >>> import pandas as pd
    >>> f = pd.DataFrame({"indicator": ["x"], "proportion": [0.62], "ci_lower": [0.58], "ci_upper": [0.66],
    ...                   "n": [692], "level": [0.95]})
    >>> describe_estimates(f, {"x": "Not confident"})
    ['Not confident: 62% (95% confidence interval 58% to 66%), base 692.']
    """
    lines = []
    for row in frame.itertuples(index=False):
        name = str(getattr(row, key))
        level = float(getattr(row, "level", 0.95))
        lines.append(f"{labels.get(name, name)}: "
                     f"{estimate_in_words(row.proportion, row.ci_lower, row.ci_upper, level=level)}, "
                     f"base {int(row.n)}.")
    return lines

