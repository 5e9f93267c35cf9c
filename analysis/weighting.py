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
weights give. The ``weight`` stage (:func:`run`, between ``ingest`` and ``tables``) does this once per wave
and stores the result beside the processed frames:

- ``data/processed/<wave>.weights.parquet``: per respondent (indexed by the respondent id) the
  calibrated weight (``weight``) and, after post-stratification, the weight before it
  (``start_weight``); no design or margin column, so no identifier;
- ``data/processed/<wave>.weighting.json``: the design and weighting report, what the
  calibration-aware standard errors need besides the weights (method, margins in their raking
  order, iterations, largest margin error, trimming) and checksums of its inputs (codebook,
  margins file, processed frames).

:func:`load_weighting` gives the ``tables`` and ``trends`` stages the keywords and the report
from those files, weighting first only when they are missing or older than their inputs. The
tables stage copies the report into ``tables.json``; the methods notes and the workbook's notes
sheet print it. Every data file of a weighted wave says that it is weighted and to what: the
one-line :func:`weighting_note` in a ``weighting`` column of each table, protected-table and
figure CSV (:func:`with_weighting`) and as ``weighting_note`` in ``tables.json`` and ``protected.json``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis.errors import InputError, Problem

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from analysis.codebook import Codebook
    from analysis.config import Paths
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

    from analysis.inside import check_inside

    path = Path(path)
    where = str(path)
    check_inside(path, what="a margins file")
    if path.exists() and not path.is_file():
        raise InputError.single(where, "the margins file named by [weighting] margins in the codebook",
                                found="not a regular file")
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


def weighting_note(codebook: "Codebook") -> str:
    """One line saying whether and to what a wave's percentages are weighted, for notes beside its numbers.

    Names the raking variables as the margins file lists them (the file is only
    read for its ``variable`` column; :func:`read_margins` checks it when weighting).

    >>> from analysis.codebook import parse_codebook
    >>> cb = parse_codebook('[wave]\\nname = "A"\\n[files]\\ndata = "a.csv"\\n[id]\\ncolumn = "id"\\n'
    ...     '[items.w]\\ncolumn = "w"\\ntype = "weight"\\n')
    >>> weighting_note(cb)
    'Percentages are weighted by w; n is the unweighted number of respondents.'
    """
    import csv

    weight = codebook.weight_item
    spec = getattr(codebook, "weighting", None)
    if spec is not None:
        variables: list[str] = []
        from analysis.inside import escapes

        try:
            if escapes(margins_path(codebook)):
                raise OSError("a symbolic link leading out of the project")
            with open(margins_path(codebook), encoding="utf-8-sig", newline="") as fh:
                for row in csv.DictReader(fh):
                    var = (row.get("variable") or "").strip()
                    if var and var not in variables:
                        variables.append(var)
        except (OSError, UnicodeDecodeError, csv.Error):
            pass
        what = " and ".join(variables) if variables else "stated margins"
        verb = "post-stratified" if getattr(spec, "method", "raking") == "poststratify" else "raked"
        start = f" from the design weight {weight.name}" if weight is not None else ""
        return (f"Percentages are weighted: {verb}{start} to population totals of {what} ({spec.margins}); "
                "n is the unweighted number of respondents.")
    if weight is not None:
        return f"Percentages are weighted by {weight.name}; n is the unweighted number of respondents."
    return ""


#: The column of every table, protected table and figure CSV of a weighted wave holding :func:`weighting_note`.
WEIGHTING_COLUMN = "weighting"
#: The top-level entry of ``tables.json`` and ``protected.json`` holding :func:`weighting_note`.
WEIGHTING_KEY = "weighting_note"


def with_weighting(frame: "pd.DataFrame", note: str, *, wave: str | None = None) -> "pd.DataFrame":
    """``frame`` with a ``weighting`` column holding ``note`` (a wave's :func:`weighting_note`), for data files.

    An unweighted wave's ``note`` is empty: the frame is returned without the column, so
    its files claim nothing. With ``wave``, rows of a frame with a ``wave`` column that
    belong to another wave (a comparison across waves) get an empty cell.

    >>> import pandas as pd
    >>> with_weighting(pd.DataFrame({"n": [5]}), "Weighted by w.")["weighting"].tolist()
    ['Weighted by w.']
    >>> list(with_weighting(pd.DataFrame({"n": [5]}), ""))
    ['n']
    """
    if not note:
        return frame.drop(columns=[WEIGHTING_COLUMN], errors="ignore")
    if wave is not None and "wave" in frame.columns:
        values = frame["wave"].astype(str).eq(str(wave)).map({True: note, False: ""}).to_numpy(dtype=object)
    else:
        values = note
    return frame.assign(**{WEIGHTING_COLUMN: values})


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
    built = None
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
    _note_deff_comparison(kw, report, resp, cb, built if set(kw) & {"strata", "cluster", "fpc"} else None)
    return kw, report


def _note_deff_comparison(kw: dict[str, Any], report: dict[str, Any], resp: "pd.DataFrame", cb: "Codebook",
                          design) -> None:
    """Record in the report which simple random sample the design effects compare with (as the engine decides)."""
    if not (set(kw) & {"strata", "cluster", "fpc", "calibration"}):
        return  # weights alone: Kish's design effect due to weighting
    from analysis.stats.design import deff_comparison

    if "calibration" in kw:
        weights = kw["calibration"].weights.to_numpy()
    elif cb.weight_item is not None and cb.weight_item.name in resp.columns:
        weights = resp[cb.weight_item.name].astype("float64").fillna(0.0).to_numpy()
    else:
        weights = None
    (report.get("design") or report["weighting"])["deff_comparison"] = deff_comparison(design, weights)


# --------------------------------------------------------------------------- the weight stage

WEIGHTS_SUFFIX = ".weights.parquet"
REPORT_SUFFIX = ".weighting.json"


def weights_path(paths: "Paths", wave: str) -> Path:
    """The calibrated weights of a wave: ``data/processed/<wave>.weights.parquet``."""
    return paths.processed / f"{wave}{WEIGHTS_SUFFIX}"


def report_path(paths: "Paths", wave: str) -> Path:
    """The design and weighting report of a wave: ``data/processed/<wave>.weighting.json``."""
    return paths.processed / f"{wave}{REPORT_SUFFIX}"


def declares_weighting(codebook: "Codebook") -> bool:
    """Whether the codebook declares a ``[design]`` or a ``[weighting]``."""
    return getattr(codebook, "design", None) is not None or getattr(codebook, "weighting", None) is not None


def _inputs(paths: "Paths", wave: str, codebook: "Codebook") -> dict[str, str | None]:
    """Checksums of what the weighting is computed from."""
    from analysis.atomic import sha256_file

    side = paths.processed_sidecar(wave)
    margins = margins_path(codebook) if codebook.weighting is not None else None
    return {"codebook_sha256": codebook.sha256,
            "processed_sha256": sha256_file(side) if side.is_file() else None,
            "margins_sha256": sha256_file(margins) if margins is not None and margins.is_file() else None}


def write_weighting(loaded: "Wave", paths: "Paths", wave: str | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """Weight a loaded wave (:func:`design_options`) and store the weights and the report.

    Returns what :func:`design_options` returns. A wave that declares neither
    ``[design]`` nor ``[weighting]`` has nothing stored (stale files are removed).
    """
    from analysis.atomic import atomic_path, write_json

    wave = wave or loaded.name
    cb = loaded.codebook
    weights_file, report_file = weights_path(paths, wave), report_path(paths, wave)
    if not declares_weighting(cb):
        for stale in (weights_file, report_file):
            stale.unlink(missing_ok=True)
        return {}, {}
    kw, report = design_options(loaded)
    raked = kw.get("calibration")
    record: dict[str, Any] = {"wave": wave, "inputs": _inputs(paths, wave, cb), **report}
    if raked is not None:
        import pandas as pd

        stored = pd.DataFrame({"weight": raked.weights.astype("float64")})
        if raked.start_weights is not None:
            stored["start_weight"] = raked.start_weights.reindex(stored.index).astype("float64")
        with atomic_path(weights_file) as tmp:
            stored.to_parquet(tmp, engine="pyarrow", index=True)
        record["calibration"] = {
            "method": raked.method, "iterations": int(raked.iterations),
            "max_margin_error": float(raked.max_margin_error), "converged": bool(raked.converged),
            "trimmed": int(raked.trimmed),
            # a list, not a mapping: the raking sweeps the margins in this order
            "margins": [{"variable": var, "categories": [[label, float(total)] for label, total in margin.items()]}
                        for var, margin in raked.margins.items()],
        }
    else:
        weights_file.unlink(missing_ok=True)
    write_json(report_file, record)  # last: its checksums vouch for the weights file
    return kw, report


def _stored(paths: "Paths", wave: str, codebook: "Codebook") -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The stored keywords and report when they are there and current, else ``None``."""
    import json

    report_file = report_path(paths, wave)
    if not report_file.is_file():
        return None
    try:
        record = json.loads(report_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if record.get("inputs") != _inputs(paths, wave, codebook):
        return None
    kw: dict[str, Any] = {}
    d = codebook.design
    if d is not None:
        kw = {k: getattr(d, k) for k in ("strata", "cluster", "fpc") if getattr(d, k)}
        if kw:
            kw["lonely_psu"] = d.lonely_psu
    cal = record.get("calibration")
    if cal is not None:
        import pandas as pd

        from analysis.stats.weights import RakeResult

        try:
            stored = pd.read_parquet(weights_path(paths, wave))
        except (OSError, ValueError):
            return None
        kw["calibration"] = RakeResult(
            weights=stored["weight"], iterations=cal["iterations"], max_margin_error=cal["max_margin_error"],
            converged=cal["converged"], trimmed=cal["trimmed"],
            margins={m["variable"]: {label: total for label, total in m["categories"]} for m in cal["margins"]},
            method=cal["method"], start_weights=stored["start_weight"] if "start_weight" in stored else None)
    return kw, {k: record[k] for k in ("design", "weighting") if k in record}


def _wave_paths(loaded: "Wave") -> tuple["Paths", str] | None:
    """The project paths and wave folder of a wave loaded from ``data/raw/<wave>/codebook.toml``."""
    from analysis.config import Paths

    source = Path(loaded.codebook.source or "")
    if source.parent.parent.name != "raw" or source.parents[2].name != "data":
        return None
    return Paths(source.parents[3]), source.parent.name


def load_weighting(loaded: "Wave", paths: "Paths | None" = None,
                   wave: str | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """The keywords and report of the ``weight`` stage for a loaded wave, as :func:`design_options` gives them.

    Read from ``data/processed/`` when current; otherwise the wave is weighted
    and the result stored (as running the ``weight`` stage would). Without
    ``paths`` they are found from the codebook's place (``data/raw/<wave>/``);
    a codebook from elsewhere is weighted in memory.
    """
    if not declares_weighting(loaded.codebook):
        return {}, {}
    if paths is None:
        found = _wave_paths(loaded)
        if found is None:
            return design_options(loaded)
        paths, wave = found
    wave = wave or Path(loaded.codebook.source).parent.name
    stored = _stored(paths, wave, loaded.codebook)
    if stored is not None:
        return stored
    return write_weighting(loaded, paths, wave)


def run(wave: str, paths: "Paths") -> int:
    """Stage entry point: weight ``wave`` once and store the weights and the report in ``data/processed/``."""
    from analysis.codebook import load_codebook
    from analysis.ingest.pipeline import load_wave

    codebook = load_codebook(paths.codebook(wave), wave=wave)
    if not declares_weighting(codebook):  # nothing to weight: the respondents are not read at all
        for stale in (weights_path(paths, wave), report_path(paths, wave)):
            stale.unlink(missing_ok=True)
        kw, report = {}, {}
    else:
        loaded = load_wave(wave, paths)
        codebook = loaded.codebook
        kw, report = write_weighting(loaded, paths, wave)
    if not report:
        weight = codebook.weight_item
        print(f"weight {wave}: no [design] or [weighting] in the codebook; estimates are "
              + (f"weighted by the item '{weight.name}' as it is" if weight is not None else "unweighted"))
        return 0
    parts = []
    d = report.get("design")
    if d:
        parts.append(f"design: {d['cluster_count'] or 'no'} clusters in {d['strata_count']} strata, "
                     f"{d['degrees_of_freedom']} degrees of freedom")
    w = report.get("weighting")
    if w:
        parts.append(f"{w['method']} to {', '.join(w['variables'])} in {w['iterations']} iterations "
                     f"(largest margin error {w['max_margin_error']:.2g}), weights {w['weight_min']:.4g} to "
                     f"{w['weight_max']:.4g}, Kish's effective base {w['kish_effective_n']:.1f} of "
                     f"{w['respondents']}, design effect due to weighting {w['design_effect_weighting']:.2f}")
    written = [report_path(paths, wave).name] + ([weights_path(paths, wave).name] if "calibration" in kw else [])
    from analysis import console

    console.line(f"weight {wave}: " + "; ".join(parts),
                 f"weight {wave}: " + "; ".join(parts) + f"; wrote {', '.join(written)} to {paths.processed}")
    return 0
