"""What a column of an export looks like: personal data, a survey weight or a reference number.

The draft codebook (:mod:`analysis.waves.draft`) types a column by these
judgements, and ``validate`` (:mod:`analysis.waves.typing_warnings`) names a
column the codebook types otherwise than it looks.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from analysis.waves.freetext import MAX_CODES
from analysis.waves.missing_words import missing_kind
from analysis.waves.scales import scale_rank

if TYPE_CHECKING:  # pragma: no cover
    from analysis.ingest.raw import RawExport

#: Question wording that suggests personal data even outside the platform metadata.
PERSONAL_TEXT = re.compile(r"e-?mail|your name|full name|post ?code|zip ?code|phone|address|date of birth|birth ?date|"
                           r"birthday|\bd\.?o\.?b\b|surname|fore ?names?|first ?names?|last ?names?|family ?names?|"
                           r"given ?names?|child'?s name|name of (the )?child|\bnames?$|national insurance|\bni number",
                           re.IGNORECASE)
#: Column names or SPSS variable labels of a survey weight.
WEIGHT_NAME = re.compile(r"(^|[^a-z])(weight|weighting|wt|wgt|wght|weights)([^a-z]|$)", re.IGNORECASE)
#: Column names or labels of a reference number (school URN, case or reference numbers).
REFERENCE_NAME = re.compile(r"(^|[^a-z])(urn|ref|reference|laestab|ukprn|nhs ?number|case ?number|"
                            r"school ?number|school ?id|org(anisation)? ?id)([^a-z]|$)", re.IGNORECASE)
NAME_VALUE = re.compile(r"^(mr|mrs|ms|miss|dr)?\.? ?[A-Z][a-z]+(-[A-Z][a-z]+)?( [A-Z][a-z']+(-[A-Z][a-z]+)?){1,2}$")


def distinct_answers(raw: "RawExport", column: str) -> list[Any]:
    """Distinct non-blank values of a column, in order of first appearance."""
    import pandas as pd

    seen: dict[Any, None] = {}
    # distinct cells in order of first appearance, then squeezed: the same order as squeezing every cell
    for v in pd.unique(raw.frame[column].dropna()).tolist():
        if isinstance(v, str):
            v = " ".join(v.split())
            if not v:
                continue
        seen.setdefault(v, None)
    return list(seen)


def is_number(v: Any) -> bool:
    try:
        float(v)
    except (TypeError, ValueError):
        return False
    return True


def code_key(v: Any) -> str:
    f = float(v)
    return str(int(f)) if f.is_integer() else str(f)


def personal_by_content(values: list[Any]) -> str:
    """What personal data the answers hold ("e-mail addresses", "phone numbers", "names"), or ``""``.

    A column counts when most of its non-blank answers look alike, however few
    distinct values it has.

    >>> personal_by_content(["a@example.org", "b@example.org"]), personal_by_content(["Jane Smith", "Tom Jones"])
    ('e-mail addresses', 'names')
    >>> personal_by_content(["Yes", "No"]), personal_by_content(["Very confident", "Not at all"])
    ('', '')
    """
    texts = [" ".join(str(v).split()) for v in values if isinstance(v, str)]
    if not texts:
        return ""
    from analysis.personal import kinds

    found: dict[str, int] = {}
    for t in texts:
        for what in kinds(t):
            found[what] = found.get(what, 0) + 1
    for what, n in found.items():
        if n * 2 > len(texts):
            return what
    names = [t for t in texts if NAME_VALUE.match(t) and scale_rank(t) is None and missing_kind(t) is None
             and t.casefold() not in {"yes", "no"}]
    # Two capitalised words that are not a scale answer; more than half of the answers.
    return "names" if len(names) * 2 > len(texts) and all(t.split()[-1][:1].isupper() for t in names) else ""


def looks_like_weight(name: str, label: str, values: list[Any]) -> bool:
    """Whether a column is a survey weight: its name or label says so, or its values are positive non-integers around 1.

    >>> looks_like_weight("WEIGHT", "", [1.0]), looks_like_weight("v12", "Design weight", [1])
    (True, True)
    >>> looks_like_weight("v3", "", [0.82, 1.31, 0.97, 1.12]), looks_like_weight("age", "", [31, 45])
    (True, False)
    """
    if WEIGHT_NAME.search(name) or WEIGHT_NAME.search(label):
        return True
    try:
        numbers = [float(v) for v in values]
    except (TypeError, ValueError):
        return False
    if len(numbers) < 4 or min(numbers) <= 0 or all(x.is_integer() for x in numbers):
        return False
    mean = sum(numbers) / len(numbers)
    return 0.2 <= mean <= 5 and max(numbers) < 50


def looks_like_reference(name: str, label: str, values: list[Any], answered: int) -> bool:
    """Whether a column is a reference number (school URN, case number): named so, or long distinct integers.

    >>> looks_like_reference("URN", "", ["100012"], 1), looks_like_reference("q3", "", ["1", "2"], 30)
    (True, False)
    """
    if REFERENCE_NAME.search(name.replace("_", " ")) or REFERENCE_NAME.search(label):
        return True
    if not values or not all(is_number(v) and float(v).is_integer() for v in values):
        return False
    return len(values) > MAX_CODES and len(values) * 10 >= answered * 9 and min(abs(float(v)) for v in values) >= 1000
