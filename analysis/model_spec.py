"""The codebook's models, numeric items and replicate weights (parsed here, used by the ``tables`` stage).

``[models.NAME]``
    ``outcome``: an indicator (the yes/no the model explains); ``terms``: items
    (coded items enter as categories, the first code the reference; numeric items as
    numbers) or indicators (yes/no); optional ``label``. The ``tables`` stage fits
    each as a design-based logistic regression (:mod:`analysis.stats.glm`) and writes
    ``models.csv`` (odds ratios with intervals) and ``model_tests.csv`` (a Wald test
    per term).
``[tables] numeric``
    Numeric items whose mean, total and quartiles the ``tables`` stage writes
    (``numeric.csv``, overall and by each breakdown; :mod:`analysis.stats.numeric`).
``[design] replicates``
    A glob pattern naming the export's replicate-weight columns (``"rw_*"``), with
    ``replicate_type`` (JK1, JKn, BRR, Fay, bootstrap, other), optional ``scale``,
    ``rscales`` (a number or one per replicate), ``mse`` (true/false), ``rho`` (Fay)
    and ``combined_weights`` (default true: the columns are the replicates' weights).
    Every estimate then uses the replicates (:mod:`analysis.stats.replicates`).
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from typing import Any, Mapping

#: The keys ``[design]`` accepts for replicate weights.
REPLICATE_KEYS = ("replicates", "replicate_type", "scale", "rscales", "mse", "rho", "combined_weights")


@dataclass(frozen=True)
class ModelSpec:
    """``[models.NAME]``: a logistic model of an indicator on items and indicators."""

    name: str
    outcome: str
    terms: tuple[str, ...]
    label: str = ""


@dataclass(frozen=True)
class ReplicateSpec:
    """``[design] replicates = "rw_*"`` and how its replicates turn into variances."""

    columns: str
    type: str
    scale: float | None = None
    rscales: tuple[float, ...] | None = None
    mse: bool = False
    rho: float | None = None
    combined_weights: bool = True

    def matches(self, column: str) -> bool:
        return fnmatch.fnmatchcase(str(column), self.columns)


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def parse_models(r, data: Mapping, items: Mapping, indicators: Mapping) -> dict[str, ModelSpec]:
    """``[models.NAME]`` tables; problems go to the codebook reader ``r``."""
    models = {}
    for name, raw, where in r.entries(data, "models", "a table with outcome and terms"):
        outcome = r.string(raw, "outcome", where)
        if outcome and outcome not in indicators:
            r.bad(f"{where}.outcome", "an indicator defined under [indicators]", outcome)
        terms = r.array(raw, "terms", where)
        for term in terms:
            if not isinstance(term, str) or (term not in indicators and term not in items):
                r.bad(f"{where}.terms", "items or indicators of the codebook", term)
            elif term in items and not (items[term].is_coded or items[term].type == "numeric"):
                r.bad(f"{where}.terms", "coded or numeric items (or indicators)", f"{term} ({items[term].type})")
        for key in sorted(set(raw) - {"outcome", "terms", "label"}):
            r.bad(f"{where}.{key}", "one of outcome, terms, label", key)
        models[name] = ModelSpec(name, outcome, tuple(t for t in terms if isinstance(t, str)),
                                 r.string(raw, "label", where, default=""))
    return models


def parse_numeric(r, tables: Mapping, items: Mapping) -> tuple[str, ...]:
    """``[tables] numeric``: numeric items."""
    names = r.array(tables, "numeric", "tables")
    for name in names:
        if not isinstance(name, str) or name not in items or items[name].type != "numeric":
            r.bad("tables.numeric", "numeric items defined under [items]", name)
    return tuple(n for n in names if isinstance(n, str))


def parse_replicates(r, design: Mapping) -> ReplicateSpec | None:
    """The replicate-weight keys of ``[design]`` (None when ``replicates`` is not given)."""
    from analysis.stats.replicates import REPLICATE_TYPES

    if "replicates" not in design:
        for key in REPLICATE_KEYS[1:]:
            if key in design:
                r.bad(f"design.{key}", "replicates = \"<pattern>\" naming the replicate-weight columns first", key)
        return None
    pattern = r.string(design, "replicates", "design")
    kind = r.string(design, "replicate_type", "design", choices=REPLICATE_TYPES)
    scale = design.get("scale")
    if scale is not None and not (_number(scale) and scale > 0):
        r.bad("design.scale", "a positive number", scale)
        scale = None
    rscales = design.get("rscales")
    if rscales is not None:
        values = rscales if isinstance(rscales, list) else [rscales]
        if not values or not all(_number(v) and v >= 0 for v in values):
            r.bad("design.rscales", "a non-negative number or a list of them, one per replicate", rscales)
            rscales = None
        else:
            rscales = tuple(float(v) for v in values)
    rho = design.get("rho")
    if rho is not None and not (_number(rho) and 0 <= rho < 1):
        r.bad("design.rho", "Fay's coefficient, a number from 0 up to 1", rho)
        rho = None
    if kind == "Fay" and rho is None:
        r.bad("design.rho", "Fay's coefficient for replicate_type = \"Fay\" (e.g. 0.5)")
    if kind == "JKn" and rscales is None:
        r.bad("design.rscales", "one (n_h - 1)/n_h per replicate for replicate_type = \"JKn\"")
    return ReplicateSpec(pattern, kind, None if scale is None else float(scale), rscales,
                         r.boolean(design, "mse", "design", default=False), None if rho is None else float(rho),
                         r.boolean(design, "combined_weights", "design", default=True))


def replicate_frame(respondents, export_frame, spec: ReplicateSpec | None):
    """The respondent frame with the export's replicate-weight columns added (unchanged without replicates).

    The columns keep their export names and become numbers; a cell that is not a
    non-negative number is a one-line :class:`analysis.errors.InputError`.
    """
    if spec is None:
        return respondents
    import numpy as np
    import pandas as pd

    from analysis.errors import InputError

    cols = [c for c in export_frame.columns if spec.matches(c)]
    if not cols:
        raise InputError.single("the export", f"replicate-weight columns matching \"{spec.columns}\" "
                                "([design] replicates in the codebook)", found="no such column")
    if len(export_frame) != len(respondents):
        raise InputError.single("the export", "one row per respondent for the replicate weights",
                                found=f"{len(export_frame)} rows for {len(respondents)} respondents")
    values = {}
    for c in cols:
        v = pd.to_numeric(export_frame[c], errors="coerce").to_numpy(dtype=float)
        bad = np.flatnonzero(~(np.isfinite(v) & (v >= 0)))
        if bad.size:
            raise InputError.single("the export", "a non-negative replicate weight in every row", column=str(c),
                                    rows=[int(bad[0]) + 2], found=str(export_frame[c].iloc[bad[0]]))
        values[c] = v
    return respondents.assign(**{c: pd.Series(v, index=respondents.index) for c, v in values.items()})
