"""What a codebook declares: the fixed vocabularies and the frozen records a parsed codebook is made of.

:class:`Codebook` holds a wave's :class:`WaveInfo`, :class:`FilesSpec`, items
(:class:`Item`, with :class:`MissingCode`), bases (:class:`Base`), indicators
(:class:`Indicator`) and optional :class:`DesignSpec` and :class:`WeightingSpec`.
Nothing here reads a file: :mod:`analysis.codebook.load` builds these records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

ITEM_TYPES = ("single", "ordinal", "yesno", "multi", "numeric", "text", "identifier", "weight", "date")
#: Item types whose values are codes with labels.
CODED_TYPES = ("single", "ordinal", "yesno")
#: Item types that never reach processed data unless ``keep = true``.
PERSONAL_TYPES = ("text", "identifier")
MISSING_KINDS = ("dont_know", "refused", "not_asked", "no_answer")
PROVENANCES = ("real", "reconstructed", "illustrative")
FORMATS = ("auto", "sav", "dta", "csv", "xlsx", "surveymonkey", "qualtrics", "smartsurvey", "smartsurvey-wide",
           "jisc", "msforms",
           "googleforms")

MISSING_KIND_LABELS = {
    "dont_know": "Don't know",
    "refused": "Refused",
    "not_asked": "Not asked",
    "no_answer": "No answer",
}

DEFAULT_BASES: dict[str, dict[str, Any]] = {
    "all": {"label": "all respondents", "excludes": ["not_asked"]},
    "answered": {"label": "those who answered", "excludes": list(MISSING_KINDS)},
}

Code = int | str


#: Interval methods a codebook may set (``[tables] interval``), as the statistics engine names them.
INTERVAL_METHODS = ("wilson", "clopper_pearson", "jeffreys", "agresti_coull", "wald", "logit", "korn_graubard",
                    "likelihood", "asin", "mean", "xlogit")


@dataclass(frozen=True)
class WaveInfo:
    name: str
    title: str = ""
    period: str = ""
    population: str = ""
    source: str = ""
    provenance: str = "real"
    provenance_note: str = ""
    previous: str = ""
    status: str = ""
    published: str = ""  # ISO date, YYYY-MM-DD
    contact: str = ""
    sampling: str = ""  # one of SAMPLING; "" when the codebook does not say
    recruitment: str = ""
    citation: str = ""

    @property
    def is_reconstructed(self) -> bool:
        """True when the data are not a real export (reconstructed or illustrative)."""
        return self.provenance != "real"


@dataclass(frozen=True)
class FilesSpec:
    data: str
    format: str = "auto"
    encoding: str = ""
    sheet: str = ""
    delimiter: str = ""
    #: ``[files] header_rows``: header rows above the first respondent, for a tool no layout recognises (0: as read).
    header_rows: int = 0
    #: ``[files] question_row``: the header row holding the question texts (0: none).
    question_row: int = 0


@dataclass(frozen=True)
class MissingCode:
    code: Code
    kind: str
    label: str


@dataclass(frozen=True)
class Item:
    name: str
    column: str
    type: str
    text: str = ""
    codes: Mapping[Code, str] = field(default_factory=dict)
    missing: Mapping[Code, MissingCode] = field(default_factory=dict)
    keep: bool = False
    required: bool = True
    options: Mapping[str, str] = field(default_factory=dict)
    selected: tuple[Code, ...] = ()
    #: Multi-select settings (:mod:`analysis.codebook.multi_items`): how a tick is written and how "answered" is known.
    coding: str = ""
    unselected: tuple[Code, ...] = ()
    answered: str = "any"
    none_option: Code = ""
    delimiter: str = ""
    other: Code = ""

    @property
    def is_coded(self) -> bool:
        return self.type in CODED_TYPES

    @property
    def is_personal(self) -> bool:
        return self.type in PERSONAL_TYPES

    @property
    def reaches_processed(self) -> bool:
        """Whether ingest writes this item to ``data/processed``."""
        return self.keep or not self.is_personal

    def labels(self) -> list[str]:
        """Substantive labels in code order (scale order for ordinal items)."""
        return list(self.codes.values())

    def all_codes(self) -> list[Code]:
        """Substantive then missing codes."""
        return list(self.codes) + list(self.missing)

    def label_of(self, code: Code) -> str:
        if code in self.codes:
            return self.codes[code]
        return self.missing[code].label

    def source_columns(self) -> list[str]:
        """The export columns this item reads."""
        return list(self.options) if self.type == "multi" and self.options else [self.column]


@dataclass(frozen=True)
class Base:
    name: str
    label: str
    excludes: tuple[str, ...]
    where: Mapping[str, tuple[Code, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Indicator:
    name: str
    item: str
    codes: tuple[Code, ...]
    label: str
    short: str = ""
    base: str = "all"
    group: str = ""
    description: str = ""


LONELY_PSU_RULES = ("fail", "certainty", "remove", "adjust", "average")


@dataclass(frozen=True)
class DesignSpec:
    """``[design]``: the items that hold the weight, strata, clusters and fpc (empty: not declared)."""

    weight: str = ""
    strata: str = ""
    cluster: str = ""
    fpc: str = ""
    lonely_psu: str = "fail"

    @property
    def variables(self) -> tuple[str, ...]:
        """The design items other than the weight (strata, cluster, fpc), as declared."""
        return tuple(v for v in (self.strata, self.cluster, self.fpc) if v)


@dataclass(frozen=True)
class WeightingSpec:
    """``[weighting]``: raking to population margins held in a CSV file beside the codebook."""

    margins: str
    trim: tuple[float, float] | None = None
    max_iter: int = 100
    tolerance: float = 1e-10
    method: str = "raking"


@dataclass(frozen=True)
class Codebook:
    wave: WaveInfo
    files: FilesSpec
    id_column: str
    items: Mapping[str, Item]
    bases: Mapping[str, Base]
    indicators: Mapping[str, Indicator]
    breakdowns: tuple[str, ...] = ()
    crosses: tuple[tuple[str, str], ...] = ()
    source: str = ""
    sha256: str = ""
    design: DesignSpec | None = None
    weighting: WeightingSpec | None = None
    #: ``[id] pseudonymise = true``: respondents are numbered P1, P2 ... in the export's order.
    pseudonymise_ids: bool = False
    interval: str = ""
    row_filter: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    row_filter_label: str = ""
    #: ``[abbreviations]``: abbreviation -> what it stands for, in the codebook's order (empty when none).
    abbreviations: Mapping[str, str] = field(default_factory=dict)
    #: ``[models.NAME]``, ``[tables] numeric`` and ``[design] replicates`` (:mod:`analysis.model_spec`).
    models: Mapping[str, Any] = field(default_factory=dict)
    numeric: tuple[str, ...] = ()
    replicates: Any = None

    @property
    def interval_method(self) -> str:
        """The interval method the tables use: ``[tables] interval``, else Wilson."""
        return self.interval or "wilson"

    @property
    def weight_item(self) -> Item | None:
        """The item of type ``weight``, if the wave has one."""
        return next((i for i in self.items.values() if i.type == "weight"), None)

    def item_for_column(self, column: str) -> Item | None:
        for item in self.items.values():
            if column in item.source_columns():
                return item
        return None


def parse_code(key: str | int) -> Code:
    """TOML keys are strings; codes that look like integers become integers.

    >>> parse_code("8"), parse_code("-1"), parse_code("Yes")
    (8, -1, 'Yes')
    """
    if isinstance(key, int):
        return key
    text = str(key).strip()
    try:
        return int(text)
    except ValueError:
        return text

