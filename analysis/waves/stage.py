"""The ``trends`` stage: a wave compared with the waves before it.

For wave W the waves compared are W, its ``previous`` wave, that wave's
``previous``, and so on (oldest first). Each wave after the canonical one needs
a ``harmonise.toml``. Writes, into ``data/processed/<W>/tables/``:

- ``trend.csv``: :func:`analysis.waves.trends.trend_table` (every indicator by wave);
- ``trend_differences.csv``: :func:`analysis.waves.trends.wave_differences`.

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
        previous = load_codebook(paths.codebook(chain[-1])).wave.previous
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
    waves = [load_wave(name, paths) for name in chain]
    trend = trend_table(waves, harmonisations=harmonisations)
    return trend, wave_differences(trend)


def _csv(frame) -> str:
    from analysis.csvout import csv_text

    return csv_text(frame)


def run(wave: str, paths: Paths) -> int:
    """CLI stage ``trends``: write the trend tables of ``wave``; 0 when written or not applicable."""
    from analysis.atomic import write_text

    trend, diffs = trend_frames(wave, paths)
    if trend is None:
        print(f"{wave}: no previous wave ([wave] previous): no trend tables")
        return 0
    out = paths.tables_dir(wave)
    write_text(out / "trend.csv", _csv(trend))
    write_text(out / "trend_differences.csv", _csv(diffs))
    waves = list(dict.fromkeys(trend["wave"]))
    print(f"{wave}: trend over {', '.join(waves)}: {trend['indicator'].nunique()} indicators -> "
          f"{(out / 'trend.csv').relative_to(paths.root) if out.is_relative_to(paths.root) else out}")
    for _, d in diffs.iterrows():
        print(f"  {d['indicator']}: {d['wave_from']} {d['p_from']:.1%} -> {d['wave_to']} {d['p_to']:.1%} "
              f"({d['difference']:+.1%}, 95% CI {d['ci_lower']:+.1%} to {d['ci_upper']:+.1%}){d['marker']}")
    for name in waves:
        rows = trend[trend["wave"] == name]
        if (rows["provenance"] != "real").any():
            print(f"  note: wave {name} is {rows['provenance'].iloc[0]}: not findings")
    return 0
