"""The ``tables`` stage: every estimate of a wave, as tidy frames and CSV files.

For every indicator in the codebook: overall, by each breakdown and by each
cross (``[tables]`` in the codebook), on the indicator's default base and on the
base of those who answered, with intervals, small-base flags, tests of
independence and column-proportion letters; plus the full distribution of every
ordinal item. :func:`table_set` returns the frames in memory so that figures
and reports read them rather than recompute; :func:`run` writes them to
``data/processed/<wave>/tables/`` (names in ``docs/statistics.md``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from analysis.model_tables import MODEL_TABLES

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from analysis.config import Paths
    from analysis.ingest.pipeline import Wave

#: Table name -> what it holds; every one is written as ``<name>.csv``.
TABLES = {
    "estimates": "every indicator × base × (overall, breakdowns, crosses): proportions with bases, SE, interval, flag",
    "distributions": "every coded item's categories × base (overall; ordinal items also by breakdowns): shares with intervals",
    "tests": "test of independence per indicator × base × breakdown or cross",
    "pairwise": "column-proportion tests per pair of groups of each breakdown (pooled z; design-based t with a design; letters in estimates)",
    "options": "every multi-select item's option shares and number of options ticked, among those who answered the question, × (overall, breakdowns)",
    "options_mean": "every multi-select item's mean number of options ticked × (overall, breakdowns)",
    "options_tests": "Bilder and Loughin's test of each multi-select item by each breakdown (Bonferroni and second-order Rao-Scott)",
    **MODEL_TABLES,
}
#: Fixed float format of the CSV files (deterministic bytes).
FLOAT_FORMAT = "%.10g"
ANSWERED = "answered"
NO_ANSWER = "No answer"


def table_set(wave: "Wave", *, method: str | None = None, level: float = 0.95, small_base: int = 50,
              suppress_below: int = 30, adjust: str = "holm", design: dict | None = None) -> dict[str, "pd.DataFrame"]:
    """The standard table set of a loaded wave, as frames keyed by :data:`TABLES` names.

    Parameters
    ----------
    wave : Wave
        From :func:`analysis.ingest.pipeline.load_wave` (anything with
        ``codebook``, ``respondents`` and ``long``).
    method, level, small_base, suppress_below, adjust
        As in :func:`analysis.stats.proportion_table`; ``method`` defaults to the
        codebook's ``[tables] interval`` (Wilson when unset).
    design : dict, optional
        Design and raking keywords from :func:`analysis.weighting.design_options`
        (computed from the codebook's ``[design]`` and ``[weighting]`` when
        omitted); every estimate and test then uses them.

    Returns
    -------
    dict of str to pandas.DataFrame
        ``estimates``, ``distributions``, ``tests``, ``pairwise``. Every frame
        has ``base`` (the label) and ``base_name`` (the codebook's name for it),
        ``provenance`` (real, reconstructed or illustrative) and the class of its numbers
        (``number_class``, ``number_basis``, ``published_decimals``:
        :mod:`analysis.reproduction.provenance`).
    """
    import pandas as pd

    from analysis.derive import analysis_frame, base_label
    from analysis.stats.batch import estimate_set

    cb = wave.codebook
    method = method or cb.interval_method
    if design is None:
        from analysis.weighting import design_options

        design = design_options(wave)[0]
    from analysis.model_tables import mark_models, model_frames, replicate_options

    design = {**design, **replicate_options(wave)}  # [design] replicates: every estimate uses them
    raked = design.get("calibration")
    weight = "weight" if cb.weight_item is not None or raked is not None else None
    groupings = [(b,) for b in cb.breakdowns] + [tuple(c) for c in cb.crosses]
    opts = dict(weight=weight, method=method, level=level, small_base=small_base, suppress_below=suppress_below,
                **design)
    est, tests, pairs = [], [], []
    default_frame = analysis_frame(wave)
    runs = [(None, default_frame)]
    if any(ind.base != ANSWERED for ind in cb.indicators.values()):
        runs.append((ANSWERED, analysis_frame(wave, base=ANSWERED)))
    if not cb.indicators:  # a topline: every coded item's distribution and the multi-select tables, no indicator
        runs = []
    for base_override, frame in runs:
        names = {n: (base_override or ind.base) for n, ind in cb.indicators.items()
                 if base_override is None or ind.base != base_override}
        if raked is not None:
            frame = frame.assign(weight=raked.weights.reindex(frame.index).to_numpy())
        elif weight is not None:
            frame = frame.assign(weight=frame["weight"].fillna(0.0))
        for base_name in dict.fromkeys(names.values()):
            chosen = {n: base_label(cb, base_name) for n, b in names.items() if b == base_name}
            result = estimate_set(frame, chosen, groupings=groupings, adjust=adjust, **opts)
            for part, out in ((result.estimates, est), (result.tests, tests), (result.pairwise, pairs)):
                out.append(part.assign(base_name=base_name))
    if raked is not None:
        default_frame = default_frame.assign(weight=raked.weights.reindex(default_frame.index).to_numpy())
    elif weight is not None:
        default_frame = default_frame.assign(weight=default_frame["weight"].fillna(0.0))
    distributions = _distributions(wave, default_frame, groupings=[g for g in groupings if len(g) == 1], **opts)
    if not est:
        est, tests, pairs = _no_indicators(default_frame, groupings, opts)
    frames = {
        "estimates": _ordered(pd.concat(est, ignore_index=True), list(cb.indicators)),
        "distributions": distributions,
        "tests": _ordered(pd.concat(tests, ignore_index=True), list(cb.indicators)),
        "pairwise": _ordered(pd.concat(pairs, ignore_index=True), list(cb.indicators)),
        **model_frames(wave, default_frame, weight=weight, level=level, small_base=small_base,
                       suppress_below=suppress_below, design=design),
    }
    from analysis.multi_tables import multi_table_set

    frames.update(multi_table_set(wave, default_frame, groupings=groupings, adjust=adjust, **opts))
    provenance = cb.wave.provenance
    frames = _number_classes(cb, {name: f.assign(provenance=provenance).reset_index(drop=True)
                                  for name, f in frames.items()})
    from analysis.untested import leave_out_tests

    return mark_models(cb, leave_out_tests(frames, provenance)[0])


def _no_indicators(frame, groupings, opts) -> tuple[list, list, list]:
    """Empty estimate, test and pairwise frames with the columns of a wave's (for a codebook with no indicator)."""
    import pandas as pd

    from analysis.stats.batch import estimate_set

    blank = frame.assign(_none=pd.array([False] * len(frame), dtype="boolean"))
    result = estimate_set(blank, {"_none": ""}, groupings=groupings, tests=False, **opts)
    cols = {"base_name": pd.Series(dtype="string")}
    from analysis.stats.batch import PAIR_COLUMNS, TEST_COLUMNS

    return ([result.estimates.iloc[0:0].assign(**cols)], [pd.DataFrame(columns=TEST_COLUMNS).assign(**cols)],
            [pd.DataFrame(columns=PAIR_COLUMNS).assign(**cols)])


def _number_classes(cb, frames: dict[str, "pd.DataFrame"]) -> dict[str, "pd.DataFrame"]:
    """Every frame with the class of its numbers (published, derived, invented or observed).

    The registry is ``published_figures.toml`` beside the codebook
    (:mod:`analysis.reproduction.provenance`).
    """
    from pathlib import Path

    from analysis.reproduction.provenance import classify
    from analysis.reproduction.registry import REGISTRY_NAME, load_registry

    from analysis.reproduction.base_class import classify_bases

    registry = Path(cb.source).with_name(REGISTRY_NAME) if cb.source else None
    claims = load_registry(registry, codebook=cb) if registry is not None and registry.is_file() else None
    frames = classify(frames, cb, claims)
    return {name: classify_bases(f, cb, claims) if name in ("estimates", "distributions") else f
            for name, f in frames.items()}


def _ordered(frame: "pd.DataFrame", indicators: list[str]) -> "pd.DataFrame":
    """Indicator order of the codebook, default base before 'answered', groupings as computed."""
    if frame.empty:
        return frame
    key = frame["indicator"].map({n: i for i, n in enumerate(indicators)})
    answered = (frame["base_name"] == ANSWERED).astype(int)
    return frame.assign(_k=key, _a=answered).sort_values(["_k", "_a"], kind="stable").drop(columns=["_k", "_a"])


def _distributions(wave, frame, *, groupings, weight, **opts) -> "pd.DataFrame":
    """Full distributions of every coded item (ordinal items also by breakdown), on the 'all' and 'answered' bases."""
    import pandas as pd

    from analysis.derive import base_label
    from analysis.stats.batch import distribution_set

    cb = wave.codebook
    parts = []
    bys = [None] + [g[0] for g in groupings]
    grids: dict = {}  # each grouping's codes, taken once for every item and base
    for name, item in cb.items.items():
        if not item.is_coded or name not in frame.columns:
            continue
        # every coded item overall (the topline); an ordinal scale also by each breakdown
        item_bys = bys if item.type == "ordinal" else [None]
        for base_name in ("all", ANSWERED):
            base = cb.bases[base_name]
            exclude = [m.label for m in item.missing.values() if m.kind in base.excludes]
            col = frame[name]
            if not isinstance(col.dtype, pd.CategoricalDtype):  # an indicator named like its item took the column
                col = wave.respondents[name].reindex(frame.index)
            if "no_answer" not in base.excludes and col.isna().any():
                if NO_ANSWER not in col.cat.categories:  # a missing code may already carry that label
                    col = col.cat.add_categories([NO_ANSWER])
                col = col.fillna(NO_ANSWER)
            tables = distribution_set(frame, name, bys=item_bys, weight=weight, base=base_label(cb, base_name),
                                      exclude=exclude, values=col, grids=grids, **opts)
            for by, t in zip(item_bys, tables):
                if by is not None:
                    t = t[t["by"] != "overall"]
                parts.append(t.assign(base_name=base_name))
    if not parts:
        from analysis.stats.estimates import COLUMNS

        return pd.DataFrame(columns=list(COLUMNS) + ["deff", "category", "base_name"])
    out = pd.concat(parts, ignore_index=True)
    first = [c for c in out.columns if c not in ("category", "base_name")]
    return out[first + ["category", "base_name"]]


def to_csv_text(frame: "pd.DataFrame") -> str:
    """CSV text with fixed float formatting and ``\\n`` line endings (same frame, same bytes)."""
    from analysis.csvout import csv_text

    return csv_text(frame, float_format=FLOAT_FORMAT)


def check(frames: dict[str, "pd.DataFrame"]) -> list[str]:
    """Consistency checks of an estimate set; returns the failures (empty when all pass)."""
    failures = []
    for name in ("estimates", "distributions"):
        f = frames[name]
        if f.empty:
            continue
        shown = f["proportion"].notna()
        bad = shown & ~((f["ci_lower"] >= 0) & (f["ci_lower"] <= f["proportion"] + 1e-12)
                        & (f["proportion"] <= f["ci_upper"] + 1e-12) & (f["ci_upper"] <= 1))
        if bad.any():
            failures.append(f"{name}: {int(bad.sum())} rows with an interval outside [0, 1] or not around the estimate")
        small = f["n"] < 0
        if small.any():
            failures.append(f"{name}: negative bases")
    return failures


def write_tables(frames: dict[str, "pd.DataFrame"], wave: "Wave", paths: "Paths",
                 design_report: dict | None = None) -> list[str]:
    """Write every frame as ``<name>.csv`` plus ``tables.json`` (provenance, and the design and
    weighting report of :func:`analysis.weighting.design_options`) into the wave's tables folder."""
    from analysis import __version__
    from analysis.atomic import write_json, write_text

    from analysis.untested import TESTS_LEFT_OUT
    from analysis.weighting import WEIGHTING_KEY, weighting_note, with_weighting

    out = paths.tables_dir(wave.codebook.wave.name)
    note = weighting_note(wave.codebook)  # a weighted wave's files say so, and to what
    _refuse_missing_intervals(frames, out)
    texts = {f"{name}.csv": to_csv_text(with_weighting(frame, note)) for name, frame in frames.items()}
    for file_name, text in texts.items():
        write_text(out / file_name, text)
    info = wave.codebook.wave
    write_json(out / "tables.json", {
        "wave": info.name, "provenance": info.provenance, "is_reconstructed": info.is_reconstructed,
        "provenance_note": info.provenance_note, "toolkit_version": __version__,
        "codebook_sha256": wave.codebook.sha256,
        "tables": {f"{name}.csv": TABLES[name] for name in frames},
        "rows": {f"{name}.csv": len(frame) for name, frame in frames.items()},
        "left_out": left_out(wave, paths),
        **({"tests_left_out": TESTS_LEFT_OUT} if info.is_reconstructed else {}),
        **({WEIGHTING_KEY: note} if note else {}),
        **(design_report or {}),
    })
    return sorted(texts) + ["tables.json"]


def _refuse_missing_intervals(frames: dict[str, "pd.DataFrame"], out) -> None:
    """Raise :class:`InputError` when an estimate has no interval: nothing is written with a NaN interval."""
    from analysis.errors import InputError, Problem

    problems = []
    for name, frame in frames.items():
        if not {"proportion", "ci_lower", "ci_upper"} <= set(frame.columns) or frame.empty:
            continue
        lost = frame["proportion"].notna() & (frame["ci_lower"].isna() | frame["ci_upper"].isna())
        if lost.any():
            first = frame[lost].iloc[0]
            problems.append(Problem(str(out / f"{name}.csv"), None, [], "an interval for every estimate (check the "
                                    "weights: values near zero or far apart make the variance unusable)",
                                    f"{int(lost.sum())} estimates without one, e.g. indicator "
                                    f"'{first.get('indicator', '')}'"))
    if problems:
        raise InputError(problems)


def left_out(wave: "Wave", paths: "Paths") -> dict:
    """Who is outside each breakdown and why (:func:`analysis.derive.left_out_counts`), and the
    responses the codebook's ``[rows]`` filter removed (``"rows filter"``, from the ingest record)."""
    import json

    from analysis.derive import left_out_counts
    from analysis.ingest.rows import filtered

    out: dict = {"breakdowns": left_out_counts(wave.codebook, wave.respondents)}
    side = paths.processed_sidecar(wave.codebook.wave.name)
    notes = json.loads(side.read_text(encoding="utf-8")).get("notes", []) if side.is_file() else []
    removed = filtered(notes)
    if removed is not None:
        out["rows filter"] = removed
    return out


def _load_wave(wave: str, paths: "Paths"):
    from analysis.ingest.pipeline import load_wave

    return load_wave(wave, paths, estimate=True)


def run(wave: str, paths: "Paths") -> int:
    """Stage entry point: compute and write the table set of ``wave``; 0 when its checks pass."""
    import sys

    from analysis.weighting import load_weighting

    loaded = _load_wave(wave, paths)
    design, report = load_weighting(loaded, paths, wave)  # what the weight stage stored
    frames = table_set(loaded, design=design)
    failures = check(frames)
    written = write_tables(frames, loaded, paths, design_report=report)
    info = loaded.codebook.wave
    from analysis import console

    folder = paths.tables_dir(wave)
    console.line(f"tables {wave}: wrote {len(written)} files to {console.shown(folder, paths.root)}",
                 f"tables {wave}: wrote {', '.join(written)} to {folder}")
    if info.is_reconstructed:
        from analysis.untested import TESTS_LEFT_OUT

        console.note(f"{wave} provenance", info.provenance_note, prefix=f"note {wave}: ")
        console.note(f"{wave} tests", TESTS_LEFT_OUT, prefix=f"note {wave}: ")
    for line in failures:
        print(f"tables {wave}: check failed: {line}", file=sys.stderr)
    return 1 if failures else 0
