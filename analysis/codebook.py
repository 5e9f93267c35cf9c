"""The codebook: one TOML file per wave that says what every column means.

A codebook names the wave and its provenance, the export file(s), the
respondent-id column, every item (canonical name, question text, type, codes and
labels, missing codes and their kind), the bases estimates may use, and the
derived indicators. ``README.md`` shows a complete example; the format is
summarised here.

``[wave]``
    ``name`` (the wave folder's name: letters, digits, ``.``, ``_``, ``-``), ``title``,
    ``period``, ``population``, ``source``, ``provenance``
    (``real``, ``reconstructed`` or ``illustrative``), ``provenance_note`` (shown on
    every output of a wave that is not real), optional ``previous`` (the wave this
    one is compared with); optional ``status`` (the release's status in words, e.g.
    "Official statistics in development"), ``published`` (the date the results were
    released, ``YYYY-MM-DD``) and ``contact`` (who answers questions: a team, an e-mail
    address or a web page), shown on the workbook's cover; optional ``sampling``
    (one of :data:`SAMPLING`), ``recruitment`` (a sentence: how respondents came to
    answer) and ``citation`` (the suggested citation), read by
    :mod:`analysis.report.about` for the "About this survey" text.
``[files]``
    ``data`` (file name inside the wave folder), optional ``format`` (``auto``,
    ``sav``, ``csv``, ``xlsx``, ``surveymonkey``, ``qualtrics``), ``encoding``,
    ``sheet``, ``delimiter``.
``[id]``
    ``column``: the respondent-id column of the export; ``pseudonymise = true``
    replaces the ids by ``P1``, ``P2`` ... in the export's order (for ids that are
    e-mail addresses or names, which never reach processed data).
``[items.NAME]``
    ``column``, ``text``, ``type`` (one of :data:`ITEM_TYPES`), ``codes``
    (code = label, in scale order for ordinal items), ``missing`` (code = kind or
    code = {label, kind}), ``keep`` (identifiers and free text are dropped unless
    true), ``required`` (default true; both are TOML booleans, never strings),
    ``options`` for multi-select items
    (column = label) with ``selected`` (how a tick is written), ``answered``,
    ``none_option``, ``other``, ``delimiter`` (joined choices), ``unselected``
    (:mod:`analysis.multi`; every key is in ``docs/codebook.md``).
``[bases.NAME]``
    ``label``, ``excludes`` (missing kinds left out of the base), optional
    ``where`` (item = [codes]) restricting the base to a sub-population.
    ``all`` and ``answered`` are always defined (:data:`DEFAULT_BASES`).
``[tables]``
    ``breakdowns``: the items estimates are broken down by (e.g. sector,
    profession); ``crosses``: pairs of items to cross (e.g. sector × profession);
    ``interval``: the confidence-interval method (one of :data:`INTERVAL_METHODS`;
    Wilson when unset; ``logit`` is R ``svyciprop``'s default for weighted data).
``[rows]``
    optional ``keep`` (export column = [cell values]): only rows whose cell is one
    of the values are analysed (e.g. ``keep = { Finished = ["1", "true"] }``; case
    ignored; for a coded item's column a code and its label match each other), and
    ``label`` saying it in words ("finished responses only"). Ingest counts the rows
    left out; the methods notes state the rule.
``[indicators.NAME]``
    ``item``, ``codes`` (the codes that count as yes), ``label``, optional
    ``short`` (a label for charts), ``base`` (default base name), ``group``
    (a heading for tables), ``description``.
``[design]`` (optional)
    The sample design, each naming an item: ``weight`` (the weight item; the
    default is the item of type ``weight``), ``strata``, ``cluster`` (first-stage
    units, e.g. school), ``fpc`` (a numeric item: population PSUs per stratum,
    or the sampling fraction); ``lonely_psu`` (``fail``, ``certainty``,
    ``remove``, ``adjust``, ``average``; default ``fail``). Strata and cluster
    items reach processed data as design variables even when their type is
    ``identifier``, and never reach an output. Replicate weights instead:
    ``replicates = "rw_*"`` with ``replicate_type`` and its options
    (:mod:`analysis.model_spec`).
``[models.NAME]`` (optional)
    ``outcome`` (an indicator) and ``terms`` (items or indicators): a logistic
    model the ``tables`` stage fits (:mod:`analysis.model_spec`). ``[tables]
    numeric`` lists numeric items to summarise (mean, total, quartiles).
``[weighting]`` (optional)
    ``margins``: a CSV file in the wave folder (columns ``variable``,
    ``category``, ``population``, ``source``) of population totals to rake to;
    optional ``method`` (``raking``, the default, or ``poststratify`` for one
    variable), ``trim = [low, high]`` (limits as multiples of the mean weight),
    ``max_iter`` and ``tolerance``. See :mod:`analysis.weighting`.
``[abbreviations]`` (optional)
    ``ABBR = "what it stands for"``: abbreviations the wave's labels use (e.g.
    ``LSCB = "Local Safeguarding Children Board"``). Every output that shows one
    spells it out once (:attr:`Codebook.abbreviations`). Keys are single words.

Missing kinds are a fixed vocabulary (:data:`MISSING_KINDS`); an empty cell is
``no_answer`` unless the item says otherwise.

>>> cb = parse_codebook('''
... [wave]
... name = "demo"
... provenance = "illustrative"
... [files]
... data = "demo.csv"
... [id]
... column = "id"
... [items.conf]
... column = "Q1"
... type = "ordinal"
... codes = { 1 = "Not at all", 2 = "Not very", 3 = "Fairly", 4 = "Very" }
... missing = { 8 = "dont_know" }
... [indicators.not_conf]
... item = "conf"
... codes = [1, 2]
... label = "Not confident"
... ''', source="demo/codebook.toml")
>>> cb.items["conf"].labels()
['Not at all', 'Not very', 'Fairly', 'Very']
>>> cb.items["conf"].missing[8].kind
'dont_know'
>>> cb.bases["answered"].label
'those who answered'
>>> cb.indicators["not_conf"].codes
(1, 2)
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from analysis.errors import InputError, Problem
from analysis.sampling import SAMPLING  # [wave] sampling: how respondents were selected

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
    #: Multi-select settings (:mod:`analysis.multi`): how a tick is written and how "answered" is known.
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


# --------------------------------------------------------------------------- parsing


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


def _iso_date(r: "_Reader", data: Mapping, key: str, where: str) -> str:
    """An optional date (a TOML date or a ``YYYY-MM-DD`` string) as ``YYYY-MM-DD``; ``""`` when absent."""
    import datetime as dt

    value = data.get(key)
    if value is None:
        return ""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    r.bad(f"{where}.{key}", "a date, YYYY-MM-DD", value)
    return ""


def _close(name: str, candidates) -> str:
    """``name``, with a ``did you mean`` hint when a candidate is close (:func:`analysis.suggest.suggest`)."""
    from analysis.suggest import suggest

    hint = suggest(str(name), list(candidates))
    return f"{name}; {hint}" if hint else str(name)


class _Reader:
    """Collects every problem in a codebook before raising them together."""

    def __init__(self, source: str):
        self.source = source
        self.problems: list[Problem] = []

    def bad(self, key: str, expected: str, found: Any = None) -> None:
        self.problems.append(Problem(self.source, None, [], f"{expected} (at '{key}')",
                                     None if found is None else str(found)))

    def table(self, data: Mapping, key: str, *, required: bool = True) -> Mapping:
        value = data.get(key)
        if value is None:
            if required:
                self.bad(key, "a table")
            return {}
        if not isinstance(value, Mapping):
            self.bad(key, "a table", value)
            return {}
        return value

    def string(self, data: Mapping, key: str, where: str, *, default: str | None = None,
               choices: tuple[str, ...] | None = None) -> str:
        value = data.get(key, default)
        if value is None:
            self.bad(f"{where}.{key}", "a string")
            return ""
        if not isinstance(value, str):
            self.bad(f"{where}.{key}", "a string", value)
            return ""
        if choices and value not in choices:
            self.bad(f"{where}.{key}", "one of " + ", ".join(choices), value)
        return value

    def boolean(self, data: Mapping, key: str, where: str, *, default: bool) -> bool:
        """A TOML boolean (``true``/``false``); a string such as ``"false"`` is an error, never truthy."""
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.bad(f"{where}.{key}", "true or false (a TOML boolean, without quotes)", value)
            return default
        return value

    def array(self, data: Mapping, key: str, where: str) -> list:
        """A TOML array (empty when absent); a string or number is one error, "expected a list"."""
        value = data.get(key, [])
        if not isinstance(value, list):
            self.bad(f"{where}.{key}" if where else key, "a list (a TOML array, e.g. [1, 2])", value)
            return []
        return value


def _header_row(r: _Reader, files: Mapping, key: str) -> int:
    """``[files] header_rows`` or ``question_row``: a whole number from 1 to 20 (0 when absent)."""
    value = files.get(key, 0)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 20 or (value == 0 and key in files):
        r.bad(f"files.{key}", "a whole number of rows from 1 to 20", value)
        return 0
    return value


def _missing_codes(r: _Reader, raw: Any, where: str) -> dict[Code, MissingCode]:
    out: dict[Code, MissingCode] = {}
    if not isinstance(raw, Mapping):
        r.bad(where, "a table of code = kind", raw)
        return out
    for key, spec in raw.items():
        code = parse_code(key)
        if isinstance(spec, str):
            kind, label = spec, MISSING_KIND_LABELS.get(spec, spec)
        elif isinstance(spec, Mapping):
            kind = spec.get("kind", "")
            label = spec.get("label") or MISSING_KIND_LABELS.get(kind, str(kind))
        else:
            r.bad(f"{where}.{key}", "a kind or a table {label, kind}", spec)
            continue
        if kind not in MISSING_KINDS:
            r.bad(f"{where}.{key}", "a missing kind in " + ", ".join(MISSING_KINDS), kind)
            continue
        out[code] = MissingCode(code, kind, str(label))
    return out


def _codes(r: _Reader, raw: Mapping, where: str) -> dict[Code, str]:
    """Code = label pairs; a code written twice (``01`` beside ``1``) or a label used twice is an error."""
    codes: dict[Code, str] = {}
    first_key: dict[Code, str] = {}
    by_label: dict[str, Code] = {}
    for key, value in raw.items():
        code = parse_code(key)
        if not isinstance(value, str):
            r.bad(f"{where}.{key}", "a label (a string)", value)
            continue
        if code in codes:
            r.bad(f"{where}.{key}", f"each code once (it reads as code {code}, already given as '{first_key[code]}')",
                  key)
            continue
        label_key = " ".join(value.split()).casefold()
        if label_key in by_label:
            r.bad(f"{where}.{key}", f"a label used by one code only (code {by_label[label_key]} has it too)", value)
            continue
        codes[code], first_key[code], by_label[label_key] = value, str(key), code
    return codes


def _item(r: _Reader, name: str, raw: Mapping) -> Item | None:
    where = f"items.{name}"
    if not isinstance(raw, Mapping):
        r.bad(where, "a table", raw)
        return None
    type_ = r.string(raw, "type", where, choices=ITEM_TYPES)
    codes_raw = raw.get("codes", {})
    codes: dict[Code, str] = {}
    if isinstance(codes_raw, Mapping):
        codes = _codes(r, codes_raw, f"{where}.codes")
    else:
        r.bad(f"{where}.codes", "a table of code = label", codes_raw)
    if type_ in CODED_TYPES and not codes and isinstance(codes_raw, Mapping):
        r.bad(f"{where}.codes", f"codes for a {type_} item")
    missing = _missing_codes(r, raw.get("missing", {}), f"{where}.missing")
    for code in sorted(set(codes) & set(missing), key=str):
        r.bad(f"{where}.missing.{code}", "a code that is not also a substantive code", code)
    options_raw = raw.get("options", {})
    options = {str(k): str(v) for k, v in options_raw.items()} if isinstance(options_raw, Mapping) else {}
    if not isinstance(options_raw, Mapping):
        r.bad(f"{where}.options", "a table of column = option label", options_raw)
    column = raw.get("column", "")
    if not isinstance(column, str):
        r.bad(f"{where}.column", "a column name (a string)", column)
        column = ""
    elif type_ != "multi" and not column:
        r.bad(f"{where}.column", "the export column this item reads")
    from analysis.multi import parse_multi

    multi = parse_multi(r, raw, where, type_=type_, options=options, codes=codes, column=str(column))
    return Item(
        name=name, column=str(column), type=type_, text=str(raw.get("text", "")),
        codes=codes, missing=missing, keep=r.boolean(raw, "keep", where, default=False),
        required=r.boolean(raw, "required", where, default=True), options=options, **multi,
    )


def parse_codebook(text: str, *, source: str = "codebook.toml") -> Codebook:
    """Parse codebook TOML text; every problem found is raised together as an :class:`InputError`."""
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError.single(source, "valid TOML", found=str(exc)) from None
    r = _Reader(source)

    w = r.table(data, "wave")
    wave = WaveInfo(
        name=r.string(w, "name", "wave"),
        title=r.string(w, "title", "wave", default=""),
        period=r.string(w, "period", "wave", default=""),
        population=r.string(w, "population", "wave", default=""),
        source=r.string(w, "source", "wave", default=""),
        provenance=r.string(w, "provenance", "wave", default="real", choices=PROVENANCES),
        provenance_note=r.string(w, "provenance_note", "wave", default=""),
        previous=r.string(w, "previous", "wave", default=""),
        status=r.string(w, "status", "wave", default=""),
        published=_iso_date(r, w, "published", "wave"),
        contact=r.string(w, "contact", "wave", default=""),
        sampling=r.string(w, "sampling", "wave", default=""),
        recruitment=r.string(w, "recruitment", "wave", default=""),
        citation=r.string(w, "citation", "wave", default=""),
    )
    if wave.sampling and wave.sampling not in SAMPLING:
        r.bad("wave.sampling", "one of " + ", ".join(SAMPLING), wave.sampling)
    if wave.name and not is_safe_name(wave.name):
        r.bad("wave.name", "the wave folder's name: letters, digits, '.', '_' or '-', no path separators, "
              f"'..' or line breaks, at most {MAX_NAME_LENGTH} characters", wave.name[:MAX_NAME_LENGTH + 1])
    if wave.previous and not is_safe_name(wave.previous):
        r.bad("wave.previous", "the name of another wave's folder under data/raw (letters, digits, '.', '_' or "
              f"'-'; no path, no '..', at most {MAX_NAME_LENGTH} characters)", wave.previous[:MAX_NAME_LENGTH + 1])
    if wave.provenance != "real" and not wave.provenance_note:
        object.__setattr__(wave, "provenance_note", (
            "These data are reconstructed from published aggregates; subgroup breakdowns are "
            "illustrative, not findings." if wave.provenance == "reconstructed" else
            "Illustrative data, generated for demonstration; not findings."))

    f = r.table(data, "files")
    files = FilesSpec(
        data=r.string(f, "data", "files"),
        format=r.string(f, "format", "files", default="auto", choices=FORMATS),
        encoding=r.string(f, "encoding", "files", default=""),
        sheet=r.string(f, "sheet", "files", default=""),
        delimiter=r.string(f, "delimiter", "files", default=""),
        header_rows=_header_row(r, f, "header_rows"),
        question_row=_header_row(r, f, "question_row"),
    )
    if files.question_row and files.question_row > max(files.header_rows, 1):
        r.bad("files.question_row", f"a row number from 2 to files.header_rows ({files.header_rows})",
              files.question_row)
    if files.data and not _inside_folder(files.data):
        r.bad("files.data", "a file name inside the wave folder (no absolute path, no '..')", files.data)
    id_table = r.table(data, "id")
    id_column = r.string(id_table, "column", "id")
    pseudonymise_ids = r.boolean(id_table, "pseudonymise", "id", default=False)

    items: dict[str, Item] = {}
    for name, raw in r.table(data, "items").items():
        if "__" in name:  # the respondent frame names derived columns <item>__<k> and <item>__code
            r.bad(f"items.{name}", "an item name without a double underscore (the processed frame uses "
                  "'__' for an item's option and code columns)", name)
        item = _item(r, name, raw)
        if item is not None:
            items[name] = item

    weights = [name for name, item in items.items() if item.type == "weight"]
    if len(weights) > 1:
        r.bad(f"items.{weights[1]}.type", f"one weight item per wave (items.{weights[0]} is already the weight)",
              "weight")

    bases: dict[str, Base] = {}
    raw_bases = {**DEFAULT_BASES, **r.table(data, "bases", required=False)}
    for name, raw in raw_bases.items():
        if not isinstance(raw, Mapping):
            r.bad(f"bases.{name}", "a table", raw)
            continue
        excludes = tuple(r.array(raw, "excludes", f"bases.{name}"))
        for kind in excludes:
            if kind not in MISSING_KINDS:
                r.bad(f"bases.{name}.excludes", "missing kinds in " + ", ".join(MISSING_KINDS), kind)
        where_raw = raw.get("where", {})
        if not isinstance(where_raw, Mapping):
            r.bad(f"bases.{name}.where", "a table of item = [codes]", where_raw)
            where_raw = {}
        where = {}
        for item_name, codes in where_raw.items():
            if item_name not in items:
                r.bad(f"bases.{name}.where", "an item defined under [items]", _close(item_name, items))
            if isinstance(codes, (Mapping, bool, float)):
                r.bad(f"bases.{name}.where.{item_name}", "a list of codes", codes)
                continue
            where[item_name] = tuple(parse_code(c) for c in (codes if isinstance(codes, list) else [codes]))
            known = items[item_name].all_codes() if item_name in items else None
            if known is not None and items[item_name].is_coded:
                for code in where[item_name]:
                    if code not in known:
                        r.bad(f"bases.{name}.where.{item_name}", f"codes of item '{item_name}': "
                              + ", ".join(str(c) for c in known), code)
        bases[name] = Base(name, str(raw.get("label", name)), excludes, where)

    indicators: dict[str, Indicator] = {}
    for name, raw in r.table(data, "indicators", required=False).items():
        where = f"indicators.{name}"
        if not isinstance(raw, Mapping):
            r.bad(where, "a table", raw)
            continue
        item_name = r.string(raw, "item", where)
        item = items.get(item_name)
        if item_name and item is None:
            r.bad(f"{where}.item", "an item defined under [items]", _close(item_name, items))
        codes_raw = raw.get("codes", [])
        listed = isinstance(codes_raw, list)
        if not listed:
            r.bad(f"{where}.codes", "a list of codes (a TOML array, e.g. [1, 2])", codes_raw)
            codes_raw = []
        codes = tuple(parse_code(c) for c in codes_raw if not isinstance(c, (Mapping, list, bool, float)))
        if len(codes) != len(codes_raw):
            r.bad(f"{where}.codes", "codes (integers or strings)", codes_raw)
        elif not codes and listed:
            r.bad(f"{where}.codes", "the codes that count as yes")
        if item is not None and item.type == "multi":
            from analysis.multi import option_labels, option_number

            unknown = [c for c in codes if option_number(item, c) is None]
            if unknown:
                r.bad(f"{where}.codes", f"options of multi item '{item_name}' (each its code or column, its number "
                      "1, 2 ... or its label: " + "; ".join(option_labels(item)) + ")", unknown[0])
        elif item is not None and (item.codes or not item.is_coded):  # an item whose codes are wrong is said once
            unknown = [c for c in codes if c not in item.codes]
            if unknown:
                r.bad(f"{where}.codes", f"substantive codes of item '{item_name}'", unknown[0])
        base = r.string(raw, "base", where, default="all")
        if base not in bases:
            r.bad(f"{where}.base", "a base defined under [bases] or all/answered", _close(base, bases))
        indicators[name] = Indicator(
            name=name, item=item_name, codes=codes,
            label=r.string(raw, "label", where, default=name),
            short=r.string(raw, "short", where, default=""),
            base=base, group=r.string(raw, "group", where, default=""),
            description=r.string(raw, "description", where, default=""),
        )

    t = r.table(data, "tables", required=False)
    breakdowns = tuple(r.array(t, "breakdowns", "tables"))
    crosses_raw = r.array(t, "crosses", "tables")
    crosses = tuple(tuple(pair) for pair in crosses_raw if isinstance(pair, list))
    if len(crosses) != len(crosses_raw):
        r.bad("tables.crosses", "pairs of two items, e.g. [[\"sector\", \"profession\"]]", crosses_raw)
    for name in breakdowns + tuple(n for pair in crosses for n in pair):
        if not isinstance(name, str) or name not in items or not items[name].is_coded:
            r.bad("tables", "breakdowns and crosses naming coded items under [items]",
                  _close(name, [n for n, i in items.items() if i.is_coded]) if isinstance(name, str) else name)
    for pair in crosses:
        if len(pair) != 2:
            r.bad("tables.crosses", "pairs of two items", list(pair))
    interval = r.string(t, "interval", "tables", default="", choices=INTERVAL_METHODS) if "interval" in t else ""
    row_filter, row_label = _row_filter(r, data)

    design, weighting = _design(r, data, items), _weighting(r, data)
    abbreviations = _abbreviations(r, data)
    from analysis.model_spec import parse_models, parse_numeric, parse_replicates

    models, numeric = parse_models(r, data, items, indicators), parse_numeric(r, t, items)
    replicates = parse_replicates(r, r.table(data, "design", required=False))
    from analysis.codebook_text import text_problems

    r.problems.extend(text_problems(data, source))
    if r.problems:
        raise InputError(r.problems)
    return Codebook(wave, files, id_column, items, bases, indicators, breakdowns, crosses, source=source,
                    sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), design=design, weighting=weighting,
                    pseudonymise_ids=pseudonymise_ids, interval=interval, row_filter=row_filter,
                    row_filter_label=row_label, abbreviations=abbreviations, models=models, numeric=numeric,
                    replicates=replicates)


def _design(r: _Reader, data: Mapping, items: dict[str, Item]) -> DesignSpec | None:
    """``[design]``; strata and cluster items are kept in processed data as design variables."""
    from dataclasses import replace

    raw = r.table(data, "design", required=False)
    if not raw:
        return None
    spec = DesignSpec(**{k: r.string(raw, k, "design", default="") for k in ("weight", "strata", "cluster", "fpc")},
                      lonely_psu=r.string(raw, "lonely_psu", "design", default="fail", choices=LONELY_PSU_RULES))
    from analysis.model_spec import REPLICATE_KEYS

    for key in sorted(set(raw) - {"weight", "strata", "cluster", "fpc", "lonely_psu", *REPLICATE_KEYS}):
        r.bad(f"design.{key}", "one of weight, strata, cluster, fpc, lonely_psu, " + ", ".join(REPLICATE_KEYS), key)
    allowed = {"weight": ("weight",), "fpc": ("numeric",),
               "strata": ("single", "ordinal", "yesno", "numeric", "identifier"),
               "cluster": ("single", "ordinal", "yesno", "numeric", "identifier")}
    for key, types in allowed.items():
        name = getattr(spec, key)
        if not name:
            continue
        item = items.get(name)
        if item is None:
            r.bad(f"design.{key}", "an item defined under [items]", _close(name, items))
        elif item.type not in types:
            r.bad(f"design.{key}", f"an item of type {' or '.join(types)}", f"{name} ({item.type})")
        elif key in ("strata", "cluster") and not item.keep:
            items[name] = replace(item, keep=True)
    return spec


def _weighting(r: _Reader, data: Mapping) -> WeightingSpec | None:
    """``[weighting]``: the margins file and the raking's options (the file itself is read when weighting)."""
    raw = r.table(data, "weighting", required=False)
    if not raw:
        return None
    margins = r.string(raw, "margins", "weighting")
    if margins and not _inside_folder(margins):
        r.bad("weighting.margins", "a CSV file name inside the wave folder (no absolute path, no '..')", margins)
    trim = None
    if "trim" in raw:
        t = raw["trim"]
        if (isinstance(t, list) and len(t) == 2 and all(isinstance(v, (int, float)) and not isinstance(v, bool)
                                                        for v in t) and 0 <= t[0] < 1 < t[1]):
            trim = (float(t[0]), float(t[1]))
        else:
            r.bad("weighting.trim", "[low, high] multiples of the mean weight with low < 1 < high, e.g. [0.3, 3.0]", t)
    max_iter = raw.get("max_iter", 100)
    if not isinstance(max_iter, int) or isinstance(max_iter, bool) or max_iter < 1:
        r.bad("weighting.max_iter", "a whole number of raking cycles, 1 or more", max_iter)
        max_iter = 100
    tol = raw.get("tolerance", 1e-10)
    if not isinstance(tol, (int, float)) or isinstance(tol, bool) or not 0 < tol < 1:
        r.bad("weighting.tolerance", "a number between 0 and 1 (largest margin error, as a share of the total)", tol)
        tol = 1e-10
    method = r.string(raw, "method", "weighting", default="raking", choices=("raking", "poststratify"))
    for key in sorted(set(raw) - {"margins", "trim", "max_iter", "tolerance", "method"}):
        r.bad(f"weighting.{key}", "one of margins, method, trim, max_iter, tolerance", key)
    return WeightingSpec(margins, trim, int(max_iter), float(tol), method)


def _abbreviations(r: "_Reader", data: Mapping) -> dict[str, str]:
    """``[abbreviations]``: single-word keys, each spelled out by a non-empty string.

    >>> r = _Reader("cb.toml")
    >>> _abbreviations(r, {"abbreviations": {"PCT": "Primary Care Trust"}}), r.problems
    ({'PCT': 'Primary Care Trust'}, [])
    """
    import re

    if "abbreviations" not in data:
        return {}
    raw = data["abbreviations"]
    if not isinstance(raw, Mapping):
        r.bad("abbreviations", 'a table of ABBREVIATION = "what it stands for"', raw)
        return {}
    out: dict[str, str] = {}
    for key, value in raw.items():
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9.&'-]*", key):
            r.bad(f"abbreviations.{key}", "an abbreviation of one word (letters and digits, no spaces)", key)
        elif not isinstance(value, str) or not value.strip():
            r.bad(f"abbreviations.{key}", "what the abbreviation stands for, as non-empty text", value)
        else:
            out[key] = value.strip()
    return out


def _row_filter(r: "_Reader", data: Mapping) -> tuple[dict[str, tuple[str, ...]], str]:
    """``[rows] keep`` (column -> kept values as text) and ``label``."""
    t = r.table(data, "rows", required=False)
    if not isinstance(t, Mapping):
        return {}, ""
    keep = t.get("keep", {})
    out: dict[str, tuple[str, ...]] = {}
    if not isinstance(keep, Mapping):
        r.bad("rows.keep", 'a table of column = [values], e.g. { Finished = ["1", "true"] }', keep)
        return {}, ""
    for column, values in keep.items():
        ok = isinstance(values, list) and values and all(
            isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in values)
        if not ok:
            r.bad(f"rows.keep.{column}", "a non-empty list of cell values (text or numbers)", values)
            continue
        out[column] = tuple(str(int(v)) if isinstance(v, float) and v.is_integer() else str(v) for v in values)
    label = r.string(t, "label", "rows", default="")
    return out, label


def is_safe_name(name: str) -> bool:
    """Whether ``name`` can be a wave folder name: no path separators, ``..``, leading dot or control characters.

    At most :data:`MAX_NAME_LENGTH` characters, so every output file named after it fits a file system's limit.

    >>> is_safe_name("2018"), is_safe_name("../x"), is_safe_name("a\\nb"), is_safe_name("wave_2.b"), is_safe_name("w" * 300)
    (True, False, False, True, False)
    """
    import re

    return (isinstance(name, str) and len(name) <= MAX_NAME_LENGTH
            and bool(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", name)) and ".." not in name)


#: The longest wave name: outputs are named ``<wave>_<figure>.png`` ... within a file system's 255 bytes.
MAX_NAME_LENGTH = 64


def _inside_folder(name: str) -> bool:
    """Whether a ``files.data`` name stays inside the wave folder."""
    from pathlib import PurePosixPath, PureWindowsPath

    if any(ch in name for ch in "\n\r\0") or PureWindowsPath(name).is_absolute() or PureWindowsPath(name).drive:
        return False
    parts = PurePosixPath(name.replace("\\", "/")).parts
    return bool(parts) and not PurePosixPath(name).is_absolute() and ".." not in parts


def load_codebook(path: str | Path, *, wave: str | None = None) -> Codebook:
    """Read and check a codebook file; its ``[wave] name`` must be the wave folder's name.

    The wave is ``wave`` when given, otherwise the folder of a wave's codebook
    (``data/raw/<wave>/codebook.toml``), so every stage that loads a wave's
    codebook (including the previous and canonical waves of trends) checks it.
    A codebook elsewhere (a template) is not checked against its folder.
    """
    from analysis.inside import check_inside

    path = Path(path)
    if wave is None and path.name == "codebook.toml" and path.parent.parent.name == "raw":
        wave = path.parent.name
    check_inside(path, what="a codebook")
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError.single(str(path), "a codebook file (codebook.toml) in the wave folder") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError.single(str(path), "UTF-8 text", found=f"byte 0x{raw[exc.start]:02x} at offset {exc.start}") from None
    cb = parse_codebook(text, source=str(path))
    if wave is not None and cb.wave.name != wave:
        raise InputError.single(str(path), f"[wave] name = \"{wave}\", the name of the wave's folder "
                                "(outputs go to folders of that name)", found=cb.wave.name)
    return cb
