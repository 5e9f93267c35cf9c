"""The ``reproduce`` stage: published figures against recomputed ones, what they allow, and how much is invented.

``python -m analysis reproduce --wave 2013`` is the one place that computes, for a wave
with a published-figures registry (``published_figures.toml``):

* the claims table: every claim recomputed from the microdata with the statistics engine on
  the claim's base, beside the printed figure (claim, published value, recomputed value,
  base and n, match at the published precision, explanation);
* the exact ranges the published figures alone allow for each subgroup share and each
  association between two items (:mod:`analysis.reproduction.bounds`);
* for a reconstruction, the ensemble of equally valid reconstructions and how far each
  estimate moves across them (:mod:`analysis.reproduction.ensemble`, cached under
  ``data/processed/<wave>/reproduction/``).

It prints the claims table and writes ``figures/<wave>/reproduction.csv`` and
``reproduction.md`` for readers (the claims, then the ranges). For the stages after it, it
writes into ``data/processed/<wave>/reproduction/``: ``claims.csv`` (the claims table),
``ranges.csv`` (the ranges, with the ensemble's spread for the same estimate) and
``ensemble.csv`` (the spread of every estimate). The figures stage (the ranges chart) and the
report stage read these files (:func:`read_outputs`) and compute none of it again. A
reconstructed wave's provenance note heads the printout and the Markdown and fills a column of
the CSV. A wave without a registry has nothing to reproduce and passes.

Exit status: 0 when every canonical claim is reproduced (by the wave and by every member of
the ensemble), 1 when one is not.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from analysis.config import Paths

#: Columns shown on the terminal and in the Markdown table.
SHOWN = ("claim", "status", "published", "recomputed", "base", "n", "match", "explanation")
#: Columns on the terminal (the base and its n in one column, to leave room for the explanation).
TERMINAL = ("claim", "status", "published", "recomputed", "base_n", "match")
HEADERS = {"claim": "Claim", "status": "Status", "published": "Published", "recomputed": "Recomputed",
           "base": "Base", "n": "n", "match": "Match", "explanation": "Explanation", "base_n": "Base (n)"}


def failed_canonical(table: "pd.DataFrame") -> list[str]:
    """Ids of canonical (and derived) claims that were not reproduced."""
    from analysis.reproduction.registry import MUST_HOLD

    rows = table[table["status"].isin(MUST_HOLD) & (table["match"] != "yes")]
    return rows["claim"].tolist()


def summary_line(table: "pd.DataFrame") -> str:
    """One sentence: how many canonical (and derived) figures hold, how many variants are explained.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"claim": ["a", "b", "c", "d"], "status": ["canonical", "variant", "misprint", "derived"],
    ...                   "match": ["yes", "yes", "no", "yes"]})
    >>> summary_line(t)
    '1 of 1 canonical figures reproduced and 1 of 1 derived; 2 variants and misprints explained (1 reconciled, 1 not reproducible).'
    """
    canon = table[table["status"] == "canonical"]
    derived = table[table["status"] == "derived"]
    rest = table[~table["status"].isin(["canonical", "derived"])]
    ok = int((canon["match"] == "yes").sum())
    reconciled = int((rest["match"] == "yes").sum())
    also = (f" and {int((derived['match'] == 'yes').sum())} of {len(derived)} derived" if len(derived) else "")
    return (f"{ok} of {len(canon)} canonical figures reproduced{also}; {len(rest)} variants and misprints explained "
            f"({reconciled} reconciled, {len(rest) - reconciled} not reproducible).")


def text_table(table: "pd.DataFrame", *, width: int = 150) -> str:
    """A fixed-width table for the terminal; the explanation wraps under its own column.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"claim": ["n"], "status": ["canonical"], "published": ["692"], "recomputed": ["692"],
    ...                   "base": ["all respondents"], "n": [692], "match": ["yes"], "explanation": ["reproduced"]})
    >>> print(text_table(t, width=90))
    Claim  Status     Published  Recomputed  Base (n)                 Match  Explanation
    ------------------------------------------------------------------------------------------
    n      canonical  692        692         all respondents (n=692)  yes    reproduced
    """
    cols = list(TERMINAL)
    cells = [[str(row[c]) for c in cols[:4]] + [f"{row['base']} (n={row['n']})", str(row["match"])]
             for _, row in table.iterrows()]
    widths = [max(len(HEADERS[c]), *(len(r[i]) for r in cells)) for i, c in enumerate(cols)]
    lead = sum(widths) + 2 * len(cols)  # two spaces after every column
    wrap = max(30, width - lead)
    lines = ["".join(HEADERS[c].ljust(w + 2) for c, w in zip(cols, widths)) + HEADERS["explanation"]]
    lines.append("-" * min(width, lead + wrap))
    for cell, (_, row) in zip(cells, table.iterrows()):
        explanation = textwrap.wrap(str(row["explanation"]), wrap) or [""]
        lines.append("".join(v.ljust(w + 2) for v, w in zip(cell, widths)) + explanation[0])
        lines += [" " * lead + more for more in explanation[1:]]
    return "\n".join(lines)


def ranges_markdown(ranges: "pd.DataFrame") -> list[str]:
    """The ranges as Markdown lines: measure, among whom, lowest and highest possible, the ensemble's middle 90%.

    >>> import pandas as pd
    >>> r = pd.DataFrame({"measure": ["share not confident"], "group": ["Health (PCT)"], "base": ["all respondents"],
    ...                   "low": [12 / 278], "high": [1.0], "ensemble_p05": [0.55], "ensemble_p95": [0.6]})
    >>> print(ranges_markdown(r)[-1])
    | Share not confident | Health (PCT) | all respondents | 4.3% | 100.0% | 55.0% to 60.0% |
    """
    import pandas as pd

    out = ["## What the published figures alone allow", "",
           "Every share below is consistent with every published figure (exact bounds); the last column is the "
           "middle 90% of the ensemble of reconstructions, which the generator invented.", "",
           "| Measure | Among | Share of | Lowest possible | Highest possible | Middle 90% of the reconstructions |",
           "|---|---|---|---|---|---|"]
    for r in ranges.to_dict("records"):
        lo, hi = r.get("ensemble_p05"), r.get("ensemble_p95")
        spread = "" if lo is None or hi is None or pd.isna(lo) or pd.isna(hi) else \
            f"{100 * float(lo):.1f}% to {100 * float(hi):.1f}%"
        measure = str(r["measure"])
        out.append(f"| {measure[:1].upper() + measure[1:]} | {r['group']} | {r['base']} | {100 * r['low']:.1f}% | "
                   f"{100 * r['high']:.1f}% | {spread} |")
    return out


def markdown(table: "pd.DataFrame", *, wave: str, note: str, ranges: "pd.DataFrame | None" = None) -> str:
    """The reproduction table as Markdown: what a match means and how the variants fit, the claims, the ranges."""
    from analysis.reproduction.readable import HEADINGS, lead, readable_table

    def esc(value) -> str:
        return str(value).replace("|", "\\|")

    out = [f"# Published figures reproduced: wave {wave}", ""]
    out += [lead(table, reconstructed=bool(note)), ""]
    if note:
        out += [f"> **Note.** {note}", ""]
    out += [summary_line(table), ""]
    shown = readable_table(table)
    out.append("| " + " | ".join(HEADINGS.values()) + " |")
    out.append("|" + "|".join("---" for _ in HEADINGS) + "|")
    for _, row in shown.iterrows():
        out.append("| " + " | ".join(esc(row[c]) for c in HEADINGS) + " |")
    out += ["", "A claim is consistent when the recomputed value, printed at the published precision with the "
            "published rule (rounded half up, truncated, or a lower bound such as \"more than half\"), equals "
            "the published figure.", ""]
    if ranges is not None and len(ranges):
        out += ranges_markdown(ranges) + [""]
    return "\n".join(out)


#: Files the stage writes for the stages after it, in ``data/processed/<wave>/reproduction/``.
HANDOFF = ("claims.csv", "claims_protected.csv", "ranges.csv", "ensemble.csv")
#: Columns of the protected claims table that are empty where disclosure control withheld the value.
WITHHOLDABLE = ("recomputed", "as_printed", "explanation")


def handoff_dir(wave: str, paths: "Paths"):
    """``data/processed/<wave>/reproduction`` (beside the ensemble's cache)."""
    from analysis.reproduction.ensemble import FOLDER

    return paths.processed / wave / FOLDER


#: Columns of ``ranges.csv`` taken from the ensemble's spread of the same estimate.
SPREAD = {"low": "ensemble_low", "p05": "ensemble_p05", "median": "ensemble_median", "p95": "ensemble_p95",
          "high": "ensemble_high"}


def with_spread(ranges: "pd.DataFrame", spread: "pd.DataFrame | None") -> "pd.DataFrame":
    """The ranges with the ensemble's spread of the same estimate (indicator, breakdown, group) beside them.

    >>> import pandas as pd
    >>> r = pd.DataFrame({"indicator": ["a"], "by": ["sector"], "group_label": ["Health"], "low": [0.1], "high": [1.0]})
    >>> e = pd.DataFrame({"indicator": ["a"], "by": ["sector"], "group": ["Health"], "members": [3], "low": [0.5],
    ...                   "p05": [0.5], "median": [0.6], "p95": [0.7], "high": [0.7]})
    >>> with_spread(r, e)[["low", "ensemble_low", "ensemble_high", "ensemble_members"]].values.tolist()
    [[0.1, 0.5, 0.7, 3.0]]
    """
    out = ranges.copy()
    columns = list(SPREAD.values()) + ["ensemble_members"]
    if spread is None or spread.empty:
        for col in columns:
            out[col] = None
        return out
    keyed = spread.rename(columns={**SPREAD, "members": "ensemble_members", "group": "group_label"})
    keyed = keyed.drop_duplicates(["indicator", "by", "group_label"])[["indicator", "by", "group_label", *columns]]
    return out.merge(keyed, on=["indicator", "by", "group_label"], how="left")


def shown_spread(spread: "pd.DataFrame", record: dict, *, threshold: int) -> "pd.DataFrame":
    """The ensemble summary as written: shares blanked where a member's base is under ``threshold``.

    Also the ensemble's size and how many members reproduced every canonical figure, on every row.
    """
    out = spread.copy()
    small = out["n_min"] < threshold
    for col in ("low", "p05", "median", "p95", "high"):
        out[col] = out[col].astype("Float64").mask(small)
    out["disclosure"] = ["small base" if s else "" for s in small]
    out["drawn"] = int(record.get("members", 0))
    out["reproducing"] = int(record.get("reproduced", 0))
    return out


def write_outputs(table: "pd.DataFrame", *, wave: str, paths: "Paths", ranges: "pd.DataFrame | None" = None) -> list:
    """Write ``reproduction.csv`` and ``reproduction.md`` into ``figures/<wave>/`` atomically; return their paths."""
    from analysis.atomic import write_text
    from analysis.csvout import csv_text

    folder = paths.figures_dir(wave)
    note = table.attrs.get("provenance_note", "")
    write_text(folder / "reproduction.csv", csv_text(table))
    write_text(folder / "reproduction.md", markdown(table, wave=wave, note=note, ranges=ranges))
    return [folder / "reproduction.csv", folder / "reproduction.md"]


def write_handoff(done: dict, *, wave: str, paths: "Paths") -> list:
    """Write the claims table, the ranges and the ensemble's spread for the stages after this one."""
    from analysis.atomic import write_text
    from analysis.csvout import csv_text

    folder = handoff_dir(wave, paths)
    write_text(folder / "ranges.csv", csv_text(done["ranges"]))
    write_text(folder / "claims_protected.csv", csv_text(done["protected"]))
    if done["spread"] is not None:
        write_text(folder / "ensemble.csv", csv_text(done["spread"]))
    else:
        (folder / "ensemble.csv").unlink(missing_ok=True)
    write_text(folder / "claims.csv", csv_text(done["table"]))  # last: it marks the set complete
    return [folder / name for name in HANDOFF if (folder / name).is_file()]


def compute(wave: str, paths: "Paths") -> dict:
    """The claims table, the ranges (with the ensemble's spread) and the ensemble summary of a wave.

    Returns a dict with ``table``, ``protected`` (the claims table under the wave's
    disclosure-control threshold, :func:`analysis.protect.published.protect_reproduction`, as the
    report shows it), ``ranges``, ``spread`` (None when the wave is not this toolkit's
    reconstruction) and ``record`` (the ensemble's check, {} when none).
    """
    from analysis.codebook import load_codebook
    from analysis.protect.policy import policy_for
    from analysis.protect.published import protect_reproduction
    from analysis.reproduction.bounds import range_table
    from analysis.reproduction.compare import reproduction_table
    from analysis.reproduction.ensemble import applies, ensemble_summary
    from analysis.reproduction.provenance import wave_claims

    table = reproduction_table(wave, paths)
    codebook = load_codebook(paths.codebook(wave), wave=wave)
    claims = wave_claims(wave, paths, codebook) or []
    spread, record = None, {}
    threshold = policy_for(wave, paths).threshold
    if applies(codebook):
        summary, record, _ = ensemble_summary(wave, paths, codebook, claims)
        spread = shown_spread(summary, record, threshold=threshold)
    ranges = with_spread(range_table(claims, codebook), spread)
    protected = protect_reproduction(table, threshold=threshold) if len(table) else table.assign(disclosure="")
    return {"table": table, "protected": protected, "ranges": ranges, "spread": spread, "record": record}


def _is_current(wave: str, paths: "Paths") -> bool:
    """Whether the hand-off files are newer than the registry, the codebook, the policy and the processed frame."""
    from analysis.reproduction.registry import REGISTRY_NAME

    folder = handoff_dir(wave, paths)
    files = [folder / name for name in HANDOFF if name != "ensemble.csv"]
    if not all(f.is_file() for f in files):
        return False
    oldest = min(f.stat().st_mtime for f in files)
    inputs = [paths.wave_dir(wave) / REGISTRY_NAME, paths.codebook(wave), paths.processed_frame(wave),
              paths.wave_dir(wave) / "report.toml"]
    return all(not p.is_file() or p.stat().st_mtime <= oldest for p in inputs)


def _read_csv(path, *, keep_empty: tuple[str, ...] = ()) -> "pd.DataFrame":
    """A hand-off CSV; text columns read "" where empty, except ``keep_empty`` (left None: withheld)."""
    import pandas as pd

    frame = pd.read_csv(path, keep_default_na=False, na_values=[""], low_memory=False)
    for col in frame.columns:
        if col in keep_empty:
            frame[col] = pd.Series([None if pd.isna(v) else str(v) for v in frame[col]], index=frame.index,
                                   dtype=object)
        elif frame[col].dtype == object:
            frame[col] = frame[col].fillna("").astype(str)
    return frame


def stale_line(wave: str, paths: "Paths") -> str | None:
    """One line saying the stage's files for ``wave`` are missing or out of date (None when current)."""
    if _is_current(wave, paths):
        return None
    folder = handoff_dir(wave, paths)
    missing = [name for name in HANDOFF if name != "ensemble.csv" and not (folder / name).is_file()]
    what = (f"{folder / missing[0]} is missing" if missing else
            f"{folder} is older than the wave's codebook, registry, policy or processed frame")
    return (f"{wave}: {what}; doing the reproduce stage's work first (`python -m analysis reproduce --wave {wave}` "
            "also prints the claims and writes them for readers)")


def read_outputs(wave: str, paths: "Paths") -> dict | None:
    """What the stage wrote for ``wave``: ``table``, ``protected``, ``ranges`` and ``spread`` (None without a registry).

    Nothing is computed here. When the files are missing or older than their inputs (a later
    stage run on its own, or a fresh clone), one line on standard error says so and the
    ``reproduce`` stage's own work (:func:`compute`) runs first and writes these files, once.
    """
    import sys

    from analysis.reproduction.registry import REGISTRY_NAME

    if not (paths.wave_dir(wave) / REGISTRY_NAME).is_file():
        return None
    line = stale_line(wave, paths)
    if line is not None:
        print(line, file=sys.stderr)
        write_handoff(compute(wave, paths), wave=wave, paths=paths)
    folder = handoff_dir(wave, paths)
    table = _read_csv(folder / "claims.csv")
    note = str(table["provenance_note"].iloc[0]) if "provenance_note" in table.columns and len(table) else ""
    table.attrs["provenance_note"] = note
    protected = _read_csv(folder / "claims_protected.csv", keep_empty=WITHHOLDABLE)
    protected.attrs["provenance_note"] = note
    spread = _read_csv(folder / "ensemble.csv") if (folder / "ensemble.csv").is_file() else None
    return {"table": table, "protected": protected, "ranges": _read_csv(folder / "ranges.csv"), "spread": spread}


#: The smallest base of a group whose spread the ensemble's one-line summary counts (the small-base threshold).
SPREAD_BASE = 50


def ensemble_line(record: dict, spread: "pd.DataFrame | None") -> str:
    """One sentence on the ensemble: its size, whether every member reproduces, how far invented numbers move.

    >>> import pandas as pd
    >>> s = pd.DataFrame({"by": ["overall", "sector", "sector"], "p05": [0.5, 0.4, 0.1], "p95": [0.5, 0.46, 0.6],
    ...                   "n_min": [692, 231, 10]})
    >>> ensemble_line({"members": 100, "reproduced": 100, "failed": {}}, s)
    'Ensemble: 100 reconstructions (different seeds), 100 of 100 reproduce every canonical figure; the middle 90% of a sector or profession estimate on 50 or more respondents spans up to 6 points across them.'
    """
    if not record:
        return ""
    members, ok = int(record.get("members", 0)), int(record.get("reproduced", 0))
    text = (f"Ensemble: {members} reconstructions (different seeds), {ok} of {members} reproduce every canonical "
            "figure")
    if spread is not None and len(spread):
        groups = spread[spread["by"] != "overall"]
        if "n_min" in groups.columns:  # a group of a few people moves by chance alone; say so by leaving it out
            groups = groups[groups["n_min"].astype(float) >= SPREAD_BASE]
        width = (groups["p95"].astype(float) - groups["p05"].astype(float)).max() if len(groups) else float("nan")
        if width == width:
            text += (f"; the middle 90% of a sector or profession estimate on {SPREAD_BASE} or more respondents "
                     f"spans up to {100 * width:.0f} points "
                     "across them")
    return text + "."


def summary_lines(table: "pd.DataFrame", record: dict | None = None, spread=None) -> list[str]:
    """The lines that close the stage's printout (and ``make reproduce``): claims, then the ensemble."""
    return [summary_line(table)] + [x for x in [ensemble_line(record or {}, spread)] if x]


def run(wave: str, paths: "Paths") -> int:
    """CLI stage ``reproduce``: compute, print and write the claims table, the ranges and the ensemble.

    Returns 1 if a canonical claim fails, in the wave or in a member of the ensemble.
    """
    import shutil
    import sys

    from analysis.reproduction.registry import REGISTRY_NAME

    from analysis import console

    if not (paths.wave_dir(wave) / REGISTRY_NAME).is_file():
        console.say(f"reproduce {wave}: no {REGISTRY_NAME}, nothing to reproduce")
        return 0
    done = compute(wave, paths)
    table, record = done["table"], done["record"]
    note = table.attrs.get("provenance_note", "")
    console.answer("reproduce", f"Published figures reproduced, wave {wave}")
    if note:
        console.note(f"{wave} provenance", note, prefix="NOTE: " if console.is_verbose() else f"note {wave}: ")
    console.answer("reproduce", text_table(table, width=max(120, shutil.get_terminal_size((160, 24)).columns)))
    written = write_outputs(table, wave=wave, paths=paths, ranges=done["ranges"])
    written += write_handoff(done, wave=wave, paths=paths)
    console.line(f"reproduce {wave}: {len(table)} published claims compared -> "
                 f"{console.shown(written[0].with_suffix('.md'), paths.root)}",
                 "written: " + ", ".join(console.shown(p, paths.root) for p in written))
    for line in summary_lines(table, record, done["spread"]):
        console.answer("reproduce", line)
    status = 0
    failed = failed_canonical(table)
    if failed:
        console.say(f"{wave}: canonical figures not reproduced: {', '.join(failed)}")
        status = 1
    for seed, ids in sorted(record.get("failed", {}).items()):
        print(f"{wave}: reconstruction seed {seed} does not reproduce: {', '.join(ids)}", file=sys.stderr)
        status = 1
    return status


def closing(wave: str, paths: "Paths") -> list[str]:
    """The summary lines of the wave's last reproduction, read from its files ([] without a registry)."""
    import json

    from analysis.reproduction.ensemble import FOLDER, RECORD

    done = read_outputs(wave, paths)
    if done is None:
        return []
    record_path = paths.processed / wave / FOLDER / RECORD
    record = json.loads(record_path.read_text(encoding="utf-8")) if done["spread"] is not None and \
        record_path.is_file() else {}
    return [f"{wave}: {line}" for line in summary_lines(done["table"], record, done["spread"])]
