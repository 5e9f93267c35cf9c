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
    (:mod:`analysis.codebook.multi_items`; every key is in ``docs/codebook.md``).
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

The package reads a codebook in layers, each importing only those below it:
:mod:`~analysis.codebook.model` (the vocabularies and frozen records),
:mod:`~analysis.codebook.reader` (the problem collector),
:mod:`~analysis.codebook.names` (wave and file names),
:mod:`~analysis.codebook.multi_items` (a multi-select item's settings),
:mod:`~analysis.codebook.items`, :mod:`~analysis.codebook.indicators` and
:mod:`~analysis.codebook.sections` (one part of the TOML each), and
:mod:`~analysis.codebook.load` (the whole file). Import the names from
``analysis.codebook``.
"""

from analysis.codebook.load import load_codebook, parse_codebook
from analysis.codebook.model import (CODED_TYPES, DEFAULT_BASES, FORMATS, INTERVAL_METHODS, ITEM_TYPES,
                                     LONELY_PSU_RULES, MISSING_KIND_LABELS, MISSING_KINDS, PERSONAL_TYPES,
                                     PROVENANCES, Base, Code, Codebook, DesignSpec, FilesSpec, Indicator, Item,
                                     MissingCode, WaveInfo, WeightingSpec, parse_code)
from analysis.codebook.names import MAX_NAME_LENGTH, is_safe_name

__all__ = ["CODED_TYPES", "DEFAULT_BASES", "FORMATS", "INTERVAL_METHODS", "ITEM_TYPES", "LONELY_PSU_RULES",
           "MAX_NAME_LENGTH", "MISSING_KINDS", "MISSING_KIND_LABELS", "PERSONAL_TYPES", "PROVENANCES", "Base", "Code",
           "Codebook", "DesignSpec", "FilesSpec", "Indicator", "Item", "MissingCode", "WaveInfo", "WeightingSpec",
           "is_safe_name", "load_codebook", "parse_code", "parse_codebook"]
