"""The percentages download of a figure: plain columns a communications officer can paste.

Beside the analysts' ``<name>.csv`` (every column of the protected rows a figure draws:
proportions from 0 to 1, standard errors, design effects), each figure gets
``<name>_percentages.csv`` with one row per number drawn and these columns:

``measure``
    what is measured, in words (the indicator's label; for an answer scale the question).
``answer``
    the answer on the scale (only in figures that draw answer scales).
``group``
    "All respondents", the group (sector, profession) or the wave.
``percentage``, ``lower``, ``upper``
    the percentage and its confidence interval, from 0 to 100, at the precision the chart
    shows: a published number at its published precision (96.5), any other whole (62).
``base``, ``n``
    who the percentage is of, in words, and how many respondents that is (unweighted).
``number_class``
    published, derived or invented (only for a reconstructed wave).
``withheld_reason``
    why a row has no numbers (withheld for disclosure control, a base too small to show,
    not asked, invented by a reconstruction); empty when the row is shown. A withheld row
    carries no number at all, not even its base.

The rows are those of :attr:`analysis.figures.context.Drawn.data`, the protected table
set the ``protect`` stage wrote (and the trend frames the ``trends`` stage protected): this
module only rounds and renames, it computes nothing. Written atomically; the same rows give
the same bytes.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from analysis.figures.wording import overall_label  # the overall row's label follows its base

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

    import pandas as pd

    from analysis.codebook import WaveInfo
    from analysis.figures.context import Drawn

SUFFIX = "_percentages"
#: The columns, in order (``answer`` and ``number_class`` only where they apply).
COLUMNS = ("measure", "answer", "group", "percentage", "lower", "upper", "base", "n", "number_class",
           "withheld_reason")
OVERALL = "All respondents"


def file_name(figure: str) -> str:
    """The download's file name.

    >>> file_name("fig1_headline")
    'fig1_headline_percentages.csv'
    """
    return f"{figure}{SUFFIX}.csv"


def figure_of(stem: str) -> str:
    """The figure a file stem belongs to (the download's stem names its figure).

    >>> figure_of("fig1_headline_percentages"), figure_of("fig1_headline")
    ('fig1_headline', 'fig1_headline')
    """
    return stem.removesuffix(SUFFIX)


def percent(p, decimals: int = 0) -> str:
    """A proportion as a percentage number, rounded half up, without the sign ("" when missing).

    >>> percent(0.965), percent(0.965, 1), percent(0.62), percent(float("nan"))
    ('97', '96.5', '62', '')
    """
    if _missing(p):
        return ""
    quantum = Decimal(1).scaleb(-decimals)
    return str((Decimal(repr(float(p))) * 100).quantize(quantum, rounding=ROUND_HALF_UP))


def _missing(value) -> bool:
    import pandas as pd

    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or array: not one missing value
        return False


def _text(value) -> str:
    return "" if _missing(value) else str(value)


def _small_base_only(row) -> bool:
    """Whether a row shows no percentage only for resting on too few people (not withheld, not invented)."""
    return (_text(row.get("flag", "")) == "suppressed" and not _text(row.get("disclosure", ""))
            and not _text(row.get("disclosure_reason", "")))


def _why(row, *, suppress_below: int) -> str:
    """Why a row shows no numbers, in words ("" when it shows them)."""
    reason = _text(row.get("disclosure_reason", ""))
    if reason or _text(row.get("disclosure", "")):
        words = reason or "withheld for disclosure control"
        return words if words.startswith("withheld") or words.startswith("scale points") else f"withheld: {words}"
    flag = _text(row.get("flag", ""))
    if flag == "not asked":
        return "not asked in this wave"
    if flag == "suppressed":
        return f"not shown: fewer than {suppress_below} respondents"
    if _text(row.get("value_class", "")) == "invented":
        return "not shown: invented by the reconstruction, not published"
    if _text(row.get("proportion", "")) == "":
        return "not shown: no estimate"
    return ""


def percentages(drawn: "Drawn", wave: "WaveInfo") -> "pd.DataFrame":
    """The download's rows for one figure, as text cells (see the module's description)."""
    import pandas as pd

    from analysis.figures.captions import shown_decimals

    data = drawn.data
    classed = wave.provenance == "reconstructed" and bool({"number_class", "value_class"} & set(data.columns))
    out = []
    for record in data.to_dict("records"):
        why = _why(record, suppress_below=drawn.suppress_below)
        name = _text(record.get("indicator", ""))
        measure = drawn.measures.get(name) or _text(record.get("label", "")) or name
        if "wave" in record and "by" not in record:
            group = _text(record["wave"])
        else:
            group = (overall_label([_text(record.get("base", ""))]) if record.get("by") == "overall"
                     else _text(record.get("group", "")))
        decimals = shown_decimals(record)
        n = record.get("n")
        row = {
            "measure": measure, "answer": _text(record.get("category", "")), "group": group,
            "percentage": "" if why else percent(record.get("proportion"), decimals),
            "lower": "" if why else percent(record.get("ci_lower"), decimals),
            "upper": "" if why else percent(record.get("ci_upper"), decimals),
            "base": _text(record.get("base", "")),
            # a base too small for a percentage keeps its n (docs/disclosure.md); a withheld row shows nothing
            "n": "" if _missing(n) or (why and not _small_base_only(record)) else str(int(n)),
            "number_class": _text(record.get("number_class", record.get("value_class", ""))),
            "withheld_reason": why,
        }
        out.append(row)
    columns = [c for c in COLUMNS if (c != "answer" or "category" in data.columns) and (c != "number_class" or classed)]
    return pd.DataFrame(out, columns=list(COLUMNS)).loc[:, columns]


def write_percentages(drawn: "Drawn", out_dir: "Path", wave: "WaveInfo", *, weighting: str = "") -> str:
    """Write ``<name>_percentages.csv`` beside the figure (atomically); return its file name.

    ``weighting`` is a weighted wave's weighting note: it fills a last ``weighting`` column
    (:func:`analysis.weighting.with_weighting`); an unweighted wave's download has none.
    """
    from analysis.atomic import write_text
    from analysis.csvout import csv_text
    from analysis.weighting import with_weighting

    name = file_name(drawn.name)
    write_text(out_dir / name, csv_text(with_weighting(percentages(drawn, wave), weighting)))
    return name
