"""The ``validate`` command: check a wave's codebook, export and settings before any stage runs; write nothing.

It reads the export as ``ingest`` would (:func:`analysis.ingest.pipeline.read_wave_export`), checks the
settings the later stages read (``harmonise.toml``, ``report.toml``, ``published_figures.toml``) and
prints what the add-wave typing heuristics would question (:mod:`analysis.waves.typing_warnings`).
It sits above the stages it checks, as the command line does: no stage imports it.
"""

from __future__ import annotations

from analysis.config import Paths


def _settings_problems(wave: str, paths: Paths, codebook) -> list:
    """Problems in the wave's ``report.toml`` and ``published_figures.toml``, found before anything is written."""
    from analysis.protect.policy import policy_for
    from analysis.errors import InputError, Problem
    from analysis.reproduction.registry import REGISTRY_NAME, load_registry

    problems: list = []
    checks = [lambda: policy_for(wave, paths)]
    if (paths.wave_dir(wave) / REGISTRY_NAME).is_file():
        checks.append(lambda: load_registry(paths.wave_dir(wave) / REGISTRY_NAME, codebook=codebook))
    for check in checks:
        try:
            check()
        except InputError as exc:
            problems.extend(exc.problems)
        except UnicodeDecodeError as exc:
            problems.append(Problem(str(paths.wave_dir(wave)), None, [], "settings files in UTF-8",
                                    f"byte 0x{exc.object[exc.start]:02x}"))
    return problems


def run(wave: str, paths: Paths) -> int:
    """Print a summary of a valid wave; a problem raises :class:`~analysis.errors.InputError` (exit 2)."""
    from analysis.errors import InputError
    from analysis.ingest.pipeline import read_wave_export, sidecar
    from analysis.waves.harmonise import check_wave

    codebook, export, respondents = read_wave_export(wave, paths)
    problems = check_wave(wave, paths) + _settings_problems(wave, paths, codebook)
    if problems:
        raise InputError(problems)
    record = sidecar(wave, paths, codebook, export, respondents)
    print(f"{wave}: valid: {len(respondents)} respondents, {len(codebook.items)} items, "
          f"{len(codebook.indicators)} indicators ({export.layout}, {export.encoding or 'binary'})")
    from analysis.ingest.registry import layout_line

    print(f"  {layout_line(export)}")
    if record["dropped_personal_columns"]:
        print("  dropped as personal data or free text: " + ", ".join(record["dropped_personal_columns"]))
    if record["dropped_unmapped_columns"]:
        from analysis.personal import shown

        used = {c for item in codebook.items.values() for c in item.source_columns()} | {codebook.id_column}
        print("  unmapped export columns (not in the codebook, dropped): " + ", ".join(
            f"{k} ({shown(c)!r})" for k, c in zip(record["dropped_unmapped_columns"],
                                                   [c for c in export.frame.columns if c not in used])))
    unused = [name for name, item in codebook.items.items()
              if item.is_coded and not any(i.item == name for i in codebook.indicators.values())
              and name not in codebook.breakdowns and not any(name in pair for pair in codebook.crosses)]
    if not codebook.indicators:
        print("  no indicators yet: the tables and report give the topline (each coded question's answers, with "
              "base and n); add [indicators.NAME] for headline findings")
    elif unused:
        print("  coded items used by no indicator or breakdown: " + ", ".join(unused))
    for note in export.notes:
        print(f"  note: {note}")
    from analysis.waves.typing_warnings import typing_warnings

    for line in typing_warnings(codebook, export):
        print(f"  warning: {line}")
    return 0
