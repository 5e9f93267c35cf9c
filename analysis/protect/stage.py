"""The ``protect`` stage: a wave's table set after disclosure control, and the log of what was withheld.

``python -m analysis protect --wave 2013`` reads the table set the ``tables`` stage wrote
(``data/processed/<wave>/tables/estimates.csv`` and ``distributions.csv``) and the wave's
policy (``data/raw/<wave>/report.toml``, :mod:`analysis.protect.policy`), and writes
into ``data/processed/<wave>/protected/``:

``estimates.csv``, ``distributions.csv``
    The rows published, withheld numbers missing, ``disclosure`` saying why.
``withheld.csv``
    One row per withheld cell: ``indicator, base, by, group, category`` (the cell),
    ``rule`` (``primary``, ``small-base``, ``secondary``, ``collapsed``, ``table``), ``reason`` (in
    words), ``base_withheld`` and, for secondary suppression, ``protects``: the smaller
    cells that the published numbers beside it would otherwise give away.
``protected.json``
    The policy, its threshold and references, counts, and the audit's result.

A weighted wave's files say so, and to what: ``protected.json`` holds the ``weighting_note`` of
``tables.json`` and every CSV row a ``weighting`` column with it (:func:`analysis.weighting.with_weighting`).

Figures, report and notebooks read these files (:func:`read_protected`); none of them
recomputes the table set or the plan. A stage run without the files first makes them.
Exit status 0 when the audit finds nothing; 1 when it finds a withheld cell the
published numbers pin down (printed, one line each). Never a traceback on valid data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from analysis.config import Paths
    from analysis.protect.table_set import Protected

FOLDER = "protected"
FRAMES = ("estimates", "distributions", "options", "options_mean", "options_tests")
#: The frames of counts, whose cells the plan and the withheld-cells log cover.
COUNT_FRAMES = ("estimates", "distributions", "options")
#: Frames published as the tables stage wrote them: model coefficients (no cell counts) and numeric
#: items (their groups under the base threshold are already blank).
PASSED = ("models", "model_tests", "numeric")
LOG = "withheld.csv"
LOG_COLUMNS = ("indicator", "base", "by", "group", "category", "rule", "reason", "base_withheld", "protects")


def protected_dir(wave: str, paths: "Paths"):
    """``data/processed/<wave>/protected``."""
    return paths.processed / wave / FOLDER


def _read_csv(path) -> "pd.DataFrame":
    import pandas as pd

    frame = pd.read_csv(path, keep_default_na=False, na_values=[""], low_memory=False)
    for col in ("disclosure", "flag", "letters", "letter", "category", "group", "by", "base", "indicator", "item",
                "option", "kind"):
        if col in frame.columns:
            frame[col] = frame[col].astype("string")
    if "disclosure" in frame.columns:
        frame["disclosure"] = frame["disclosure"].fillna("").astype(str)
    for col in ("count", "n"):
        if col in frame.columns:
            frame[col] = frame[col].astype("Int64")
    return frame


def table_frames(wave: str, paths: "Paths") -> dict[str, "pd.DataFrame"]:
    """The table set the ``tables`` stage wrote; computed (and written) first when it is missing."""
    folder = paths.tables_dir(wave)
    if not all((folder / f"{name}.csv").is_file() for name in FRAMES):
        from analysis.ingest.pipeline import load_wave
        from analysis.tables import table_set, write_tables

        loaded = load_wave(wave, paths, estimate=True)
        write_tables(table_set(loaded), loaded, paths)
    return {name: _read_csv(folder / f"{name}.csv") for name in FRAMES}


def protect_wave(wave: str, paths: "Paths") -> "Protected":
    """Protect the written table set of ``wave`` under its policy (nothing written)."""
    from analysis.codebook import load_codebook
    from analysis.protect.policy import policy_for
    from analysis.protect.table_set import protect_frames

    codebook = load_codebook(paths.codebook(wave), wave=wave)
    return protect_frames(codebook, table_frames(wave, paths), policy=policy_for(wave, paths))


def withheld_log(done: "Protected") -> "pd.DataFrame":
    """One row per withheld cell with its rule, its reason in words and what it protects."""
    import pandas as pd

    from analysis.protect.structure import CATEGORY_SEP, KEY, PSEUDO_BASE, Structure, is_left_out, linked_system
    from analysis.protect.table_set import withheld_reason

    d = done.decisions
    hidden = d[d["disclosure"] != ""]
    if hidden.empty:
        return pd.DataFrame(columns=list(LOG_COLUMNS))
    parts = [f for f in (done.frames.get(n) for n in COUNT_FRAMES) if f is not None and not f.empty]
    rows, ties, extra = linked_system(parts, done.structure or Structure())
    reason = {tuple(str(v) for v in k): r for k, r in zip(d[list(KEY)].itertuples(index=False, name=None),
                                                           d["disclosure"])}
    small = {k for k, r in reason.items() if r in ("primary", "small-base")}
    protects: dict[tuple, set] = {}
    groups = [list(kids) + ([parent] if parent is not None else []) for parent, kids, _ in ties]
    for members in groups + [link.members for link in extra]:
        tied_small = [m for m in members if m in small or (m[1] == PSEUDO_BASE and not is_left_out(m))
                      or (is_left_out(m) and rows[m].n < done.threshold and done.policy.rule == "cells")]
        for m in members:
            if reason.get(m) in ("secondary", "collapsed", "table"):
                protects.setdefault(m, set()).update(tied_small)
    out = []
    for rec in hidden.itertuples(index=False):
        key = tuple(str(getattr(rec, c)) for c in KEY)
        indicator, category = (key[0].split(CATEGORY_SEP, 1) + [""])[:2]
        shield = sorted(protects.get(key, ()))
        out.append((indicator, key[1], key[2], key[3], category, rec.disclosure,
                    withheld_reason(rec.disclosure, threshold=done.threshold), bool(rec.hide_n),
                    "; ".join(f"those left out of the {s[2]} breakdown" if is_left_out(s) else " | ".join(s)
                              for s in shield)))
    return pd.DataFrame(out, columns=list(LOG_COLUMNS))


def write_protected(wave: str, paths: "Paths", done: "Protected") -> list[str]:
    """Write the protected frames, the withheld-cells log and ``protected.json``; return the file names."""
    from analysis.atomic import write_json, write_text
    from analysis.protect.policy import REFERENCES
    from analysis.protect.published import published_left_out
    from analysis.tables import to_csv_text
    from analysis.weighting import WEIGHTING_KEY, with_weighting

    out = protected_dir(wave, paths)
    tables = _tables_record(wave, paths)
    note = tables.get(WEIGHTING_KEY, "")  # weighted, and to what: as the tables stage said
    names = []
    from analysis.protect.small_bases import without_small_base_counts

    for name in FRAMES:
        frame = done.frames.get(name)
        if frame is not None:  # a percentage too small to show takes its count with it (docs/disclosure.md)
            write_text(out / f"{name}.csv", to_csv_text(with_weighting(without_small_base_counts(frame), note)))
            names.append(f"{name}.csv")
    for name in PASSED:
        source = paths.tables_dir(wave) / f"{name}.csv"
        if source.is_file():
            write_text(out / f"{name}.csv", source.read_text(encoding="utf-8"))
            names.append(f"{name}.csv")
    log = withheld_log(done)
    write_text(out / LOG, to_csv_text(with_weighting(log, note)))
    est = done.frames["estimates"]
    write_json(out / "protected.json", {
        "wave": wave, "policy": done.policy.name, "threshold": done.threshold,
        **({WEIGHTING_KEY: note} if note else {}),
        "policy_description": done.policy.describe(), "references": list(REFERENCES),
        "rows": {n: int(len(done.frames[n])) for n in FRAMES if done.frames.get(n) is not None},
        "withheld_estimate_rows": int((est["disclosure"] != "").sum()),
        "withheld_cells": int(len(log)),
        "audit_exposed": int(len(done.exposed)),
        "left_out": published_left_out(tables.get("left_out", {}), done.policy),
    })
    return names + [LOG, "protected.json"]


def _tables_record(wave: str, paths: "Paths") -> dict:
    """``tables.json`` as the ``tables`` stage wrote it (empty when it is missing)."""
    import json

    path = paths.tables_dir(wave) / "tables.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def _is_current(wave: str, paths: "Paths") -> bool:
    """Whether the written protected set matches the wave's policy and is newer than its tables and codebook."""
    import json

    from analysis.protect.policy import policy_for

    record_path = protected_dir(wave, paths) / "protected.json"
    policy = policy_for(wave, paths)  # read (and checked) every time: a bad report.toml is one line, exit 2
    if not record_path.is_file():
        return False
    record = json.loads(record_path.read_text(encoding="utf-8"))
    if (record.get("policy"), record.get("threshold")) != (policy.name, policy.threshold):
        return False
    written = record_path.stat().st_mtime
    inputs = ([paths.tables_dir(wave) / f"{name}.csv" for name in FRAMES] + [paths.codebook(wave)]
              + [paths.tables_dir(wave) / "tables.json"])
    return all(p.is_file() and p.stat().st_mtime <= written for p in inputs)


def read_protected(wave: str, paths: "Paths") -> tuple[dict[str, "pd.DataFrame"], "pd.DataFrame", dict]:
    """The protected frames, the withheld-cells log and the record the ``protect`` stage wrote.

    When the files are missing (a stage run on its own), the stage's work is done first.
    """
    import json

    folder = protected_dir(wave, paths)
    if not _is_current(wave, paths):
        write_protected(wave, paths, protect_wave(wave, paths))
    frames = {name: _read_csv(folder / f"{name}.csv") for name in FRAMES if (folder / f"{name}.csv").is_file()}
    log = _read_csv(folder / LOG)
    record = json.loads((folder / "protected.json").read_text(encoding="utf-8"))
    return frames, log, record


def read_passed(wave: str, paths: "Paths") -> dict[str, "pd.DataFrame"]:
    """The frames published as the tables stage wrote them (:data:`PASSED`: models, numeric items), if any."""
    import pandas as pd

    read_protected(wave, paths)  # the protected set (and these copies) written first when missing or stale
    folder = protected_dir(wave, paths)
    return {name: pd.read_csv(folder / f"{name}.csv", keep_default_na=False, na_values=[""])
            for name in PASSED if (folder / f"{name}.csv").is_file()}


def run(wave: str, paths: "Paths") -> int:
    """Stage entry point: protect the table set of ``wave`` and write it with the withheld-cells log."""
    import sys
    import time

    start = time.perf_counter()
    done = protect_wave(wave, paths)
    written = write_protected(wave, paths, done)
    est = done.frames["estimates"]
    from analysis import console

    said = (f"protect {wave}: policy {done.policy.name} (threshold {done.threshold}): "
            f"{int((est['disclosure'] != '').sum())} of {len(est)} estimate rows withheld")
    console.line(said, f"{said}; wrote {', '.join(written)} to {protected_dir(wave, paths)} in "
                       f"{time.perf_counter() - start:.2f} s")
    for r in done.exposed.itertuples():
        print(f"protect {wave}: check failed: disclosure audit: {r.indicator} {r.by} {r.group} {r.cell} "
              f"is pinned to {r.low:g}", file=sys.stderr)
    return 1 if not done.exposed.empty else 0
