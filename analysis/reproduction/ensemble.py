"""An ensemble of reconstructions: how much each invented number moves between equally valid ones.

The reconstructed wave is one draw of the generator (:mod:`analysis.reproduction.reconstruct`,
seed :data:`~analysis.reproduction.reconstruct.SEED`). Every seed gives 692 respondents that
reproduce every published figure, so every seed is an equally good reconstruction; what
differs between them is exactly what the generator invented. This module draws
:data:`MEMBERS` of them (seeds ``SEED``, ``SEED + 1``, ...), checks that each reproduces every
canonical and derived claim of the registry, and summarises each estimate (each indicator on
its own base, overall and by each breakdown) across the members: lowest, 5th percentile,
median, 95th percentile and highest. A published number does not move at all; an invented
breakdown moves as far as the generator's choices let it.

The spread is a property of the generator, not of the survey: the exact ranges of
:mod:`analysis.reproduction.bounds` say what the published figures allow; the ensemble says
how much this generator's own choices vary inside them.

Drawing the members takes seconds, so :func:`ensemble_summary` keeps the summary in
``data/processed/<wave>/reproduction/ensemble_cache.csv`` with the SHA-256 of everything it
was computed from (registry, codebook, the generator's and this module's source, the number of
members) in ``ensemble_cache.json``, and draws again only when one of them changes. Members are
drawn in seed order with one process, so the file is the same bytes on every machine.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from analysis.codebook import Codebook
    from analysis.config import Paths

#: Number of reconstructions in the ensemble (the committed one among them, as the first).
MEMBERS = 100
#: Environment variable that sets another number of members (the test suite uses a few).
MEMBERS_VARIABLE = "SURVEYKIT_ENSEMBLE_MEMBERS"


def member_count() -> int:
    """:data:`MEMBERS`, or the number in ``$SURVEYKIT_ENSEMBLE_MEMBERS`` when it is set."""
    import os

    value = os.environ.get(MEMBERS_VARIABLE, "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else MEMBERS
#: Columns of the summary.
COLUMNS = ("indicator", "base_name", "by", "group", "members", "n_min", "n_max", "low", "p05", "median", "p95",
           "high")
#: Folder (under ``data/processed/<wave>``) and files of the cache.
FOLDER = "reproduction"
SUMMARY, RECORD = "ensemble_cache.csv", "ensemble_cache.json"


def seeds(members: int) -> list[int]:
    """The seeds of the ensemble: the committed reconstruction's first.

    >>> seeds(3)
    [201311, 201312, 201313]
    """
    from analysis.reproduction.reconstruct import SEED

    return [SEED + k for k in range(members)]


def member_wave(codebook: "Codebook", seed: int):
    """The reconstruction drawn with ``seed`` as the pipeline sees it (nothing is written)."""
    from analysis.ingest.pipeline import Wave
    from analysis.ingest.readers import RawExport
    from analysis.ingest.tidy import tidy_frames
    from analysis.reproduction.reconstruct import generate

    export = RawExport(path=Path(f"reconstruction seed {seed}"), frame=generate(seed=seed), layout="sav",
                       header_rows=0)
    return Wave(codebook, tidy_frames(export, codebook))


def failed_claims(wave, claims) -> list[str]:
    """Ids of the canonical and derived claims the wave does not reproduce at their published precision."""
    from analysis.reproduction.compare import claim_series
    from analysis.reproduction.registry import MUST_HOLD, matches

    failed = []
    for claim in claims:
        if claim.status not in MUST_HOLD:
            continue
        series = claim_series(wave, claim)
        count, n = int(series.sum()), int(series.notna().sum())
        value = {"percent": 100 * count / n if n else float("nan"), "count": count, "respondents": n}[claim.statistic]
        if not matches(value, claim.value, precision=claim.precision, rounding=claim.rounding):
            failed.append(claim.id)
    return failed


def member_estimates(wave) -> "pd.DataFrame":
    """Count and base of every indicator on its own base, overall and by each breakdown, in one member."""
    import numpy as np
    import pandas as pd

    from analysis.derive import indicator_from_respondents, without_missing

    cb, resp = wave.codebook, wave.respondents
    rows = []
    groupings = {}
    for by in cb.breakdowns:
        column = without_missing(resp[by], cb.items[by])
        groupings[by] = (column.cat.codes.to_numpy(), list(column.cat.categories))
    for name, ind in cb.indicators.items():
        series = indicator_from_respondents(cb, resp, name)
        if series is None:  # pragma: no cover - the reconstruction's items are all categorical
            continue
        in_base = series.notna().to_numpy()
        yes = series.fillna(False).to_numpy(dtype=bool) & in_base
        rows.append((name, ind.base, "overall", "All", int(yes.sum()), int(in_base.sum())))
        for by, (codes, labels) in groupings.items():
            keep = in_base & (codes >= 0)
            n = np.bincount(codes[keep], minlength=len(labels))
            count = np.bincount(codes[keep & yes], minlength=len(labels))
            rows += [(name, ind.base, by, label, int(c), int(k)) for label, c, k in zip(labels, count, n)]
    return pd.DataFrame(rows, columns=["indicator", "base_name", "by", "group", "count", "n"])


def build(codebook: "Codebook", claims, *, members: int) -> tuple["pd.DataFrame", dict]:
    """Draw the ensemble and summarise it; also a record of the check of every member.

    Returns
    -------
    summary : DataFrame
        One row per estimate (:data:`COLUMNS`): ``members`` with a base, the smallest and
        largest base, and the lowest, 5th percentile, median, 95th percentile and highest
        share (the percentiles are members' own values: the 5th and 95th of 100 sorted).
    record : dict
        ``members``, ``seeds`` (first and last), ``reproduced`` (members reproducing every
        canonical and derived claim) and ``failed`` (seed -> claim ids, when any).
    """
    import numpy as np
    import pandas as pd

    from analysis.console import progress

    parts, failed = [], {}
    for k, seed in enumerate(progress(seeds(members), f"ensemble {codebook.wave.name}")):
        wave = member_wave(codebook, seed)
        bad = failed_claims(wave, claims)
        if bad:
            failed[str(seed)] = bad
        parts.append(member_estimates(wave).assign(member=k))
    every = pd.concat(parts, ignore_index=True)
    every = every[every["n"] > 0]
    every["share"] = every["count"] / every["n"]
    rows = []
    keys = ["indicator", "base_name", "by", "group"]
    for key, g in every.groupby(keys, sort=False):
        share = np.sort(g["share"].to_numpy())
        q = np.quantile(share, [0.05, 0.5, 0.95], method="inverted_cdf")
        rows.append((*key, len(g), int(g["n"].min()), int(g["n"].max()), share[0], q[0], q[1], q[2], share[-1]))
    summary = pd.DataFrame(rows, columns=list(COLUMNS))
    for col in ("low", "p05", "median", "p95", "high"):
        summary[col] = summary[col].round(6)
    record = {"members": members, "seeds": [seeds(members)[0], seeds(members)[-1]],
              "reproduced": members - len(failed), "failed": failed}
    return summary, record


def inputs_key(wave: str, paths: "Paths", members: int) -> dict:
    """SHA-256 of everything the ensemble is computed from, and the number of members."""
    from analysis.atomic import sha256_file
    from analysis.reproduction import reconstruct
    from analysis.reproduction.registry import REGISTRY_NAME

    return {"registry": sha256_file(paths.wave_dir(wave) / REGISTRY_NAME),
            "codebook": sha256_file(paths.codebook(wave)),
            "generator": sha256_file(reconstruct.__file__),
            "summary_code": sha256_file(__file__),
            "members": members}


def applies(codebook: "Codebook") -> bool:
    """Whether the wave is this generator's reconstruction (reconstructed, its export one the generator writes)."""
    from analysis.reproduction.reconstruct import CSV_NAME, SAV_NAME

    return codebook.wave.is_reconstructed and Path(codebook.files.data).name in (SAV_NAME, CSV_NAME)


def ensemble_summary(wave: str, paths: "Paths", codebook: "Codebook", claims, *,
                     members: int | None = None) -> tuple["pd.DataFrame", dict, bool]:
    """The ensemble's summary and record, from the cache when its inputs are unchanged.

    Returns the summary, the record (with ``inputs``) and whether it was drawn afresh.
    ``members`` defaults to :func:`member_count`.
    """
    members = members or member_count()
    import json

    import pandas as pd

    from analysis.atomic import write_json, write_text
    from analysis.csvout import csv_text

    folder = paths.processed / wave / FOLDER
    key = inputs_key(wave, paths, members)
    record_path, summary_path = folder / RECORD, folder / SUMMARY
    if record_path.is_file() and summary_path.is_file():
        record = json.loads(record_path.read_text(encoding="utf-8"))
        if record.get("inputs") == key:
            summary = pd.read_csv(summary_path, keep_default_na=False, na_values=[""])
            return summary, record, False
    summary, record = build(codebook, claims, members=members)
    record["inputs"] = key
    write_text(summary_path, csv_text(summary))
    write_json(record_path, record)
    return summary, record, True
