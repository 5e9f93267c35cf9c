"""A wave's design and weighting, as its codebook declares them (``[design]``, ``[weighting]``).

:func:`read_margins` reads the population margins CSV named by ``[weighting]``
(columns ``variable``, ``category``, ``population``, ``source``; one row per
category of each raking variable, categories written as labels or codes of the
codebook item) and checks every row. :func:`design_options` rakes the wave's
respondents to those margins (from the design weights when the wave has them)
and returns the keywords the statistics engine takes (``strata``, ``cluster``,
``fpc``, ``lonely_psu``, ``calibration``) with a report of the design and the
raking: iterations, largest margin error, weight range, Kish's effective base
and design effect due to weighting, and each margin's target beside what the
weights give. The tables stage writes the report into ``tables.json``; the
methods notes and the workbook's notes sheet print it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis.errors import InputError, Problem

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from analysis.codebook import Codebook
    from analysis.ingest.pipeline import Wave

MARGIN_COLUMNS = ("variable", "category", "population", "source")


@dataclass(frozen=True)
class Margins:
    """Population totals by raking variable and category label, with each row's source."""

    path: str
    totals: dict[str, dict[str, float]]
    sources: dict[tuple[str, str], str] = field(default_factory=dict)


def read_margins(path: str | Path, codebook: "Codebook") -> Margins:
    """Read and check a margins CSV; every problem is raised together as an :class:`InputError`.

    Each variable must be a coded item of the codebook, each category one of
    its substantive codes or labels, each population a positive number, every
    substantive category of a variable present once, and every variable's
    totals must add up to the same population.
    """
    import csv
    import math

    from analysis.ingest.tidy import cell_key

    path = Path(path)
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError.single(where, "the margins file named by [weighting] margins in the codebook") from None
    except UnicodeDecodeError:
        raise InputError.single(where, "UTF-8 text") from None
    rows = list(csv.reader(text.splitlines()))
    header = [h.strip().lower() for h in rows[0]] if rows else []
    absent = [c for c in MARGIN_COLUMNS[:3] if c not in header]
    if absent:
        raise InputError.single(where, "a header with the columns variable, category, population, source",
                                found=", ".join(header) or "an empty file")
    col = {name: header.index(name) for name in MARGIN_COLUMNS if name in header}
    problems: list[Problem] = []
    totals: dict[str, dict[str, float]] = {}
    sources: dict[tuple[str, str], str] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cell = {name: (row[i].strip() if i < len(row) else "") for name, i in col.items()}
        var = cell["variable"]
        item = codebook.items.get(var)
        if item is None or not item.is_coded:
            problems.append(Problem(where, "variable", [number], "a coded item of the codebook (single, ordinal or "
                                    "yesno)", var or "blank"))
            continue
        by_key = {cell_key(label): label for label in item.labels()}
        by_key.update({cell_key(code): label for code, label in item.codes.items()})
        label = by_key.get(cell_key(cell["category"]))
        if label is None:
            problems.append(Problem(where, "category", [number], f"a category of item '{var}': "
                                    + ", ".join(item.labels()), cell["category"] or "blank"))
            continue
        try:
            value = float(cell["population"])
        except ValueError:
            value = float("nan")
        if not (value > 0 and math.isfinite(value)):
            problems.append(Problem(where, "population", [number], "a positive population total",
                                    cell["population"] or "blank"))
            continue
        if label in totals.get(var, {}):
            problems.append(Problem(where, "category", [number], f"each category of '{var}' once", label))
            continue
        totals.setdefault(var, {})[label] = value
        sources[(var, label)] = cell.get("source", "")
    for var, margin in totals.items():
        missing = [label for label in codebook.items[var].labels() if label not in margin]
        if missing:
            problems.append(Problem(where, "category", [], f"a row for every category of '{var}'",
                                    "none for " + ", ".join(missing)))
    if not totals and not problems:
        problems.append(Problem(where, None, [], "at least one margin row"))
    sums = {var: sum(m.values()) for var, m in totals.items()}
    if not problems and len(set(round(v, 6) for v in sums.values())) > 1:
        problems.append(Problem(where, "population", [], "every variable's totals to add up to the same population",
                                "; ".join(f"{v} adds up to {t:g}" for v, t in sums.items())))
    if problems:
        raise InputError(problems)
    return Margins(where, totals, sources)


def margins_path(codebook: "Codebook") -> Path:
    """The margins file: ``[weighting] margins`` beside the codebook."""
    return Path(codebook.source).parent / codebook.weighting.margins


def design_options(wave: "Wave", frame: "pd.DataFrame | None" = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """Keywords for the statistics engine and the design and weighting report of a wave.

    Parameters
    ----------
    wave : Wave
        The loaded wave (codebook and respondents).
    frame : pandas.DataFrame, optional
        The frame the raking runs on (default: the respondents).

    Returns
    -------
    (dict, dict)
        ``strata``, ``cluster``, ``fpc``, ``lonely_psu`` (when declared) and
        ``calibration`` (the :class:`~analysis.stats.weights.RakeResult`, when
        the wave is raked); and the report (``design`` and ``weighting``
        entries, JSON-ready). Both are empty for a wave that declares neither.
    """

    cb = wave.codebook
    kw: dict[str, Any] = {}
    report: dict[str, Any] = {}
    resp = wave.respondents if frame is None else frame
    if cb.design is not None:
        d = cb.design
        kw = {k: getattr(d, k) for k in ("strata", "cluster", "fpc") if getattr(d, k)}
        if kw:
            kw["lonely_psu"] = d.lonely_psu
        from analysis.stats.design import DesignError, build_design

        export = str(Path(cb.source).parent / cb.files.data)
        for key in ("strata", "cluster", "fpc"):
            name = getattr(d, key)
            if name and name in resp.columns and resp[name].isna().any():
                ids = [str(i) for i in resp.index[resp[name].isna().to_numpy()][:5]]
                raise InputError.single(export, f"a value for every respondent ([design] {key} = \"{name}\")",
                                        column=cb.items[name].column, found="blank for respondent "
                                        + ", ".join(ids) + (" and more" if resp[name].isna().sum() > 5 else ""))
        try:
            built = build_design(resp, strata=d.strata or None, cluster=d.cluster or None, fpc=d.fpc or None,
                                 lonely_psu=d.lonely_psu)
        except DesignError as exc:
            raise InputError.single(cb.source, f"a design the data support ([design]): {exc}") from None
        report["design"] = {"weight": d.weight or (cb.weight_item.name if cb.weight_item else ""),
                            "strata": d.strata, "strata_count": built.n_strata if d.strata else 1,
                            "cluster": d.cluster, "cluster_count": built.n_psus if d.cluster else 0,
                            "fpc": d.fpc, "lonely_psu": d.lonely_psu,
                            "degrees_of_freedom": built.degrees_of_freedom}
    if cb.weighting is not None:
        from analysis.stats.weights import RakingError, kish_effective_n, poststratify, rake

        spec = cb.weighting
        path = margins_path(cb)
        margins = read_margins(path, cb)
        work = resp[list(margins.totals)].astype("object")
        base_weight = None
        if cb.weight_item is not None and cb.weight_item.name in resp.columns:
            work = work.assign(__weight__=resp[cb.weight_item.name].astype("float64").fillna(0.0))
            base_weight = "__weight__"
        method = getattr(spec, "method", "raking")
        if method == "poststratify" and len(margins.totals) != 1:
            raise InputError.single(str(path), "rows of one variable for post-stratification ([weighting] method = "
                                    "\"poststratify\")", found="variables " + ", ".join(margins.totals))
        try:
            if method == "poststratify":
                (var, target), = margins.totals.items()
                result = poststratify(work, var, target, weight=base_weight)
            else:
                result = rake(work, margins.totals, weight=base_weight, max_iter=spec.max_iter, tol=spec.tolerance,
                              trim=spec.trim)
        except RakingError as exc:
            raise InputError.single(str(path), str(exc).removeprefix("rake: ")) from None
        if not result.converged and spec.trim is None:
            raise InputError.single(str(path), f"margins the raking can meet within {spec.max_iter} cycles "
                                    "([weighting] max_iter)", found=f"largest margin error "
                                    f"{result.max_margin_error:.3g} of the total")
        w = result.weights.to_numpy()
        total = float(w.sum())
        rows = []
        for var, margin in margins.totals.items():
            col = work[var]
            for label, target in margin.items():
                inside = (col == label).to_numpy()
                rows.append({"variable": var, "category": label, "population": target,
                             "source": margins.sources.get((var, label), ""), "respondents": int(inside.sum()),
                             "weighted": float(w[inside].sum())})
        kish = kish_effective_n(w)
        kw["calibration"] = result
        report["weighting"] = {
            "method": method, "margins_file": Path(margins.path).name, "variables": list(margins.totals),
            "iterations": result.iterations, "converged": bool(result.converged),
            "max_margin_error": float(result.max_margin_error), "tolerance": spec.tolerance,
            "trim": list(spec.trim) if spec.trim else None, "trimmed": int(result.trimmed),
            "from_design_weights": base_weight is not None, "population_total": total,
            "respondents": int(len(w)), "weight_min": float(w.min()), "weight_max": float(w.max()),
            "weight_ratio": float(w.max() / w.min()) if w.min() > 0 else float("inf"),
            "kish_effective_n": float(kish), "design_effect_weighting": float(len(w) / kish),
            "margins": rows,
        }
    return kw, report
