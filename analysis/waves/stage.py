"""The ``trends`` stage: a wave compared with the waves before it.

For wave W the waves compared are W, its ``previous`` wave, that wave's
``previous``, and so on (oldest first). Each wave after the canonical one needs
a ``harmonise.toml``. Writes, into ``data/processed/<W>/tables/``:

- ``trend.csv``: :func:`analysis.waves.trends.trend_table` (every indicator by wave);
- ``trend_differences.csv``: :func:`analysis.waves.trends.wave_differences`;

and both, protected under the wave's disclosure policy, into ``data/processed/<W>/protected/``
(``trend.parquet``, ``trend_differences.parquet``), which the figures and report read
(:func:`analysis.protect.stage.read_protected_trend`).

A wave after the canonical one without a ``harmonise.toml`` is compared by
indicator name only where nothing changed; otherwise the stage stops with one
line per changed indicator. A reconstructed wave's values are checked against
its ``published_figures.toml``: only printed figures are ``published``.

A wave with no ``previous`` has no trend: the stage says so and writes nothing.
"""

from __future__ import annotations

from analysis.config import Paths


def wave_chain(wave: str, paths: Paths) -> list[str]:
    """``wave`` and the waves before it, following ``[wave] previous``, oldest first."""
    from analysis.codebook import load_codebook
    from analysis.errors import InputError

    chain = [wave]
    while True:
        previous = load_codebook(paths.codebook(chain[-1]), wave=chain[-1]).wave.previous
        if not previous:
            return chain[::-1]
        if previous in chain:
            raise InputError.single(str(paths.codebook(chain[-1])), "previous waves that do not loop", found=previous)
        if not paths.codebook(previous).is_file():
            raise InputError.single(str(paths.codebook(chain[-1])),
                                    "a previous wave with a codebook under data/raw (at 'wave.previous')", found=previous)
        chain.append(previous)


def trend_frames(wave: str, paths: Paths):
    """The trend table and the wave differences ending at ``wave`` (``None, None`` without a previous wave)."""
    from analysis.errors import InputError
    from analysis.ingest.pipeline import load_wave
    from analysis.waves.harmonise import HARMONISE_NAME, check_wave, load_harmonisation
    from analysis.waves.trends import trend_table, wave_differences

    chain = wave_chain(wave, paths)
    if len(chain) < 2:
        return None, None
    problems = [p for w in chain for p in check_wave(w, paths)]
    if problems:
        raise InputError(problems)
    harmonisations = {}
    for name in chain:
        h = load_harmonisation(paths.wave_dir(name) / HARMONISE_NAME)
        if h is not None:
            harmonisations[name] = h
    problems = unharmonised(chain, harmonisations, paths)
    if problems:
        raise InputError(problems)
    waves = [load_wave(name, paths) for name in chain]
    trend = trend_table(waves, harmonisations=harmonisations, published=published_claims(waves, paths))
    return trend, wave_differences(trend)


def unharmonised(chain: list[str], harmonisations: dict, paths: Paths) -> list:
    """Problems of the waves compared by indicator name, without a ``harmonise.toml``.

    A wave after the canonical one with no harmonisation is compared by name
    only where its items are the canonical wave's own (same question, scale,
    missing answers, indicator codes and base); every other indicator is one
    problem naming it and what changed
    (:func:`analysis.waves.harmonise.unharmonised_changes`).
    """
    from analysis.codebook import load_codebook
    from analysis.waves.harmonise import HARMONISE_NAME, unharmonised_changes

    names = {h.canonical for h in harmonisations.values()}
    canonical = names.pop() if len(names) == 1 else chain[0]
    if canonical not in chain:
        return []  # trend_table names the missing canonical wave
    start = chain.index(canonical)
    book = load_codebook(paths.codebook(canonical), wave=canonical)
    problems = []
    for name in chain[start + 1:]:
        if name not in harmonisations:
            problems += unharmonised_changes(load_codebook(paths.codebook(name), wave=name), book,
                                             source=str(paths.wave_dir(name) / HARMONISE_NAME))
    return problems


def published_claims(waves, paths: Paths) -> dict:
    """Each reconstructed wave's published-figures claims (none for a wave without a registry)."""
    from analysis.reproduction.registry import REGISTRY_NAME, load_registry

    out = {}
    for wave in waves:
        path = paths.wave_dir(wave.name) / REGISTRY_NAME
        if wave.codebook.wave.provenance == "reconstructed" and path.is_file():
            out[wave.name] = load_registry(path, codebook=wave.codebook)
    return out


def _csv(frame) -> str:
    from analysis.csvout import csv_text

    return csv_text(frame)


def run(wave: str, paths: Paths) -> int:
    """CLI stage ``trends``: write the trend tables of ``wave``; 0 when written or not applicable."""
    from analysis.atomic import write_text

    from analysis import console

    trend, diffs = trend_frames(wave, paths)
    if trend is None:
        console.say(f"trends {wave}: no previous wave ([wave] previous): no trend tables")
        return 0
    out = paths.tables_dir(wave)
    write_text(out / "trend.csv", _csv(trend))
    write_text(out / "trend_differences.csv", _csv(diffs))
    # The figures and the report read the comparison protected under the wave's disclosure policy.
    from analysis.protect.stage import protect_trend, write_protected_trend

    write_protected_trend(wave, paths, protect_trend(wave, paths, trend, diffs))
    waves = list(dict.fromkeys(trend["wave"]))
    console.say(f"trends {wave}: trend over {', '.join(waves)}: {trend['indicator'].nunique()} indicators -> "
                f"{console.shown(out / 'trend.csv', paths.root)}")
    printed = {(r.indicator, r.wave): r.published for r in trend.itertuples(index=False) if r.published}
    for _, d in diffs.iterrows():
        if d.isna()["difference"]:
            console.answer("trends", f"  {d['indicator']}: {d['notes'].split(' | ')[-1]}")
            continue
        p_from = printed.get((d["indicator"], d["wave_from"])) or f"{d['p_from']:.1%}"
        p_to = printed.get((d["indicator"], d["wave_to"])) or f"{d['p_to']:.1%}"
        console.answer("trends", f"  {d['indicator']}: {d['wave_from']} {p_from} -> {d['wave_to']} {p_to} "
                       f"({d['difference']:+.1%}, 95% CI {d['ci_lower']:+.1%} to {d['ci_upper']:+.1%}){d['marker']}")
    for name in waves:
        rows = trend[trend["wave"] == name]
        kind = rows["provenance"].iloc[0]
        if kind == "reconstructed":
            console.answer("trends", f"  note: wave {name} is reconstructed: its published figures are facts, its "
                                     "other values invented")
        elif kind != "real":
            console.answer("trends", f"  note: wave {name} is {kind}: not findings")
    moved = diffs[diffs["population_changed"].astype(bool)]
    for _, d in moved.drop_duplicates(["wave_from", "wave_to"]).iterrows():
        a = trend.loc[trend["wave"] == d["wave_from"], "population"].iloc[0]
        b = trend.loc[trend["wave"] == d["wave_to"], "population"].iloc[0]
        console.say(f"  note: the population changed between {d['wave_from']} ({a}) and {d['wave_to']} ({b})")
    return 0
