"""The command line: one subcommand per pipeline stage, and ``all`` to run them in order.

Each stage lives in its own module and is imported only when it runs, so
``--help`` answers without loading pandas, matplotlib or statsmodels.

A stage is a function ``run(wave: str, paths: Paths) -> int`` returning 0 when
its checks pass and 1 when they do not. A user's mistake in the inputs raises
:class:`analysis.errors.InputError`, which this module prints as one line per
problem before exiting with status 2.

What a command prints goes through :mod:`analysis.console`: one line per stage per wave, each
note once per command, the files written under ``--verbose``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
from typing import Callable, Sequence

#: Stage name -> (module path, help text), in pipeline order.
STAGES: dict[str, tuple[str, str]] = {
    "ingest": ("analysis.ingest.pipeline", "read a wave's export with its codebook and write data/processed/<wave>.parquet"),
    "validate": ("analysis.validate", "check a wave's export against its codebook; write nothing"),
    "weight": ("analysis.weighting", "rake a wave to the margins of its [weighting] (with its [design]) once; write "
               "the calibrated weights and the weighting report to data/processed/"),
    "tables": ("analysis.tables", "compute the estimate tables (proportions, intervals, tests) for a wave"),
    "protect": ("analysis.protect.stage", "apply the wave's disclosure-control policy to its tables; write the "
                "protected tables and the withheld-cells log"),
    "trends": ("analysis.waves.stage", "tabulate every indicator by wave and the change between consecutive waves "
               "(for a wave with [wave] previous and a harmonise.toml)"),
    "figures": ("analysis.figures.stage", "draw the figure set with captions and alt text into figures/<wave>/"),
    "report": ("analysis.report.stage", "write the Excel workbook and the self-contained HTML report"),
    "reproduce": ("analysis.reproduction.stage", "compare published figures with the recomputed ones, claim by claim"),
}
#: Stages that `all` runs for every wave, after ingest. ``reproduce`` writes the claims table, the
#: ranges and the ensemble that figures and report read; its summary is printed again last.
ALL_ORDER = ("weight", "tables", "protect", "trends", "reproduce", "figures", "report")


#: Stages that skip their work when nothing they read has changed (:mod:`analysis.uptodate`).
REDRAWN = ("figures", "report")

VERBOSE_HELP = "also name every file written and every line of detail (default: one line per stage per wave)"


def _stage(name: str) -> Callable:
    module = importlib.import_module(STAGES[name][0])
    return module.run


def _waves(requested: Sequence[str] | None, paths) -> list[str]:
    from analysis.errors import InputError

    found = paths.waves()
    if not requested:
        if not found:
            raise InputError.single(str(paths.raw), "at least one wave folder holding a codebook.toml")
        return found
    missing = [w for w in requested if w not in found]
    if missing:
        raise InputError.single(str(paths.raw / missing[0]), "a wave folder holding a codebook.toml (waves found: "
                                + (", ".join(found) or "none") + ")")
    return list(requested)


def build_parser() -> argparse.ArgumentParser:
    from analysis import __version__

    parser = argparse.ArgumentParser(
        prog="surveykit",
        description="Survey toolkit: ingest survey exports with a codebook, estimate proportions with "
                    "intervals, draw figures and write reports.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (_, help_text) in STAGES.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--wave", action="append", metavar="NAME",
                       help="wave folder under data/raw (repeatable; default: every wave)")
        if name in REDRAWN:
            p.add_argument("--force", action="store_true",
                           help="run even when nothing the stage reads has changed since its last run")
        p.add_argument("-v", "--verbose", action="store_true", help=VERBOSE_HELP)
    p = sub.add_parser("all", help="run every stage for every wave (the main job)",
                       description="Ingest, then tables, figures, reproduction and report for every wave.")
    p.add_argument("--wave", action="append", metavar="NAME", help="limit to these waves")
    p.add_argument("--skip-ingest", action="store_true",
                   help="use the processed frames as they are (make has refreshed them)")
    p.add_argument("--force", action="store_true",
                   help="redraw figures and rewrite reports even when nothing they read has changed")
    p.add_argument("--times", action="store_true",
                   help="print the seconds each stage took (all waves together) on standard error at the end")
    p.add_argument("-v", "--verbose", action="store_true", help=VERBOSE_HELP)
    p = sub.add_parser("add-wave", help="copy an export into data/raw/<wave>/ and draft its codebook",
                       description="Copy a survey export into data/raw/<wave>/ and draft a codebook from what the "
                                   "file says; then edit the draft and run `validate`.")
    p.add_argument("export", help="the export file (.sav, .dta, .csv, .tsv, .xlsx)")
    p.add_argument("--wave", required=True, metavar="NAME", help="name of the new wave folder")
    p.add_argument("--format", default="auto",
                   choices=["auto", "sav", "dta", "csv", "xlsx", "surveymonkey", "qualtrics", "smartsurvey",
                            "smartsurvey-wide", "jisc",
                            "msforms", "googleforms"],
                   help="the export's layout (default: detect it)")
    p.add_argument("--header-rows", type=int, default=0, metavar="N",
                   help="an export from a tool no layout recognises has N header rows (written to [files])")
    p.add_argument("--question-row", type=int, default=0, metavar="K",
                   help="with --header-rows: the header row holding the question texts")
    p.add_argument("--force", action="store_true", help="replace an existing draft codebook")
    return parser


def _run(args: argparse.Namespace) -> int:
    from analysis.config import paths as project_paths

    paths = project_paths()
    if args.command == "add-wave":
        from analysis.waves.add_wave import run as add_wave

        return add_wave(args.export, args.wave, paths, fmt=args.format, force=args.force,
                        header_rows=args.header_rows, question_row=args.question_row)
    if getattr(args, "force", False) and args.command != "add-wave":
        from analysis.uptodate import FORCE

        before = os.environ.get(FORCE)
        os.environ[FORCE] = "1"
        try:
            return _run_waves(args, paths)
        finally:  # a caller in the same process (a test, a notebook) gets its environment back
            if before is None:
                os.environ.pop(FORCE, None)
            else:
                os.environ[FORCE] = before
    return _run_waves(args, paths)


def _run_waves(args: argparse.Namespace, paths) -> int:
    waves = _waves(args.wave, paths)
    if args.command != "all":
        status = 0
        for wave in waves:
            status = max(status, _stage(args.command)(wave, paths))
        return status
    from analysis.waves.add_wave import is_draft

    from analysis.console import say

    for wave in [w for w in waves if is_draft(w, paths)]:  # an unedited add-wave draft: nothing to estimate yet
        say(f"{wave}: skipped: {paths.codebook(wave)} is still the add-wave draft (edit it, delete its DRAFT "
              f"header, then run `python -m analysis validate --wave {wave}`)")
        waves.remove(wave)
    status = 0
    seconds: dict[str, float] = {}

    def timed(name: str, wave: str) -> int:
        start = time.perf_counter()
        try:
            return _stage(name)(wave, paths)
        finally:
            seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - start

    if not args.skip_ingest:
        for wave in waves:
            status = max(status, timed("ingest", wave))
    for name in ALL_ORDER:
        for wave in waves:
            status = max(status, timed(name, wave))
    from analysis.reproduction.stage import closing

    for wave in waves:  # the reproduction summary closes the run
        for line in closing(wave, paths):
            say(line)
    if getattr(args, "times", False):
        print(stage_times(seconds), file=sys.stderr)
    return status


def stage_times(seconds: dict[str, float]) -> str:
    """The line ``all --times`` prints: seconds per stage, in the order they ran, and their total.

    >>> stage_times({"ingest": 5.04, "tables": 1.234})
    'seconds per stage: ingest 5.04, tables 1.23; total 6.27'
    """
    parts = ", ".join(f"{name} {value:.2f}" for name, value in seconds.items())
    return f"seconds per stage: {parts}; total {sum(seconds.values()):.2f}"


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from analysis.console import session

    with session(verbose=getattr(args, "verbose", False), command=args.command):
        return _main(args)


def _main(args: argparse.Namespace) -> int:
    from analysis.errors import InputError

    try:
        return _run(args)
    except InputError as exc:
        for line in exc.lines():
            print(line, file=sys.stderr)
        return 2
    except OSError as exc:
        import errno

        if exc.errno == errno.ENAMETOOLONG:
            print(f"{str(exc.filename or 'output')[:80]}…: expected a name the file system allows, found "
                  f"'{exc.strerror}'; nothing was written", file=sys.stderr)
            return 2
        if exc.errno not in (errno.EACCES, errno.EPERM, errno.ENOSPC, errno.EROFS, errno.EDQUOT):
            raise
        # A full disk or a read-only folder: outputs are written atomically, so the old ones are intact.
        print(f"{exc.filename or 'output'}: expected a writable folder with free space, found "
              f"'{exc.strerror}'; earlier outputs are unchanged", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted; nothing half-written was kept", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
