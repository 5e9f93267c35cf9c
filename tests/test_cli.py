"""The command line: stages listed, --help without heavy imports, errors as one line and exit 2."""

from __future__ import annotations

import subprocess
import sys

import pytest

from analysis.cli import STAGES, build_parser, main

HEAVY = ("pandas", "numpy", "matplotlib", "statsmodels", "scipy", "pyreadstat", "pyarrow", "openpyxl")


def test_every_pipeline_stage_is_a_subcommand():
    help_text = build_parser().format_help()
    for name in ("ingest", "validate", "tables", "figures", "report", "reproduce", "all", "add-wave"):
        assert name in help_text


@pytest.mark.parametrize("argv", [["--help"], ["ingest", "--help"], ["all", "--help"], ["add-wave", "--help"]])
def test_help_imports_nothing_heavy(argv):
    code = ("import sys, runpy\n"
            f"sys.argv = ['analysis', *{argv!r}]\n"
            "try:\n    runpy.run_module('analysis', run_name='__main__')\n"
            "except SystemExit:\n    pass\n"
            f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_console_script_is_declared():
    import tomllib
    from pathlib import Path

    pyproject = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text())
    assert pyproject["project"]["scripts"]["surveykit"] == "analysis.cli:main"


def test_stage_modules_are_named_for_lazy_import():
    for name, (module, _) in STAGES.items():
        assert module.startswith("analysis."), name


def test_no_wave_is_a_one_line_error(project, capsys):
    assert main(["validate"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "data/raw" in err[0]


def test_a_line_break_in_a_wave_argument_stays_one_line(project, capsys):
    assert main(["validate", "--wave", "20\n13"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "data/raw/20\\n13: expected a wave folder" in err



# --- environment failures and unfinished codebooks are one line, exit 2 -------------------------

@pytest.mark.parametrize("err, text", [(28, "No space left on device"), (30, "Read-only file system")])
def test_full_disk_or_read_only_folder_is_one_line_and_old_outputs_stay(project, capsys, monkeypatch, err, text):
    import errno
    import tempfile

    from tests.ingest.demo import write_demo

    assert errno.ENOSPC == 28 and errno.EROFS == 30
    write_demo(project.root)
    assert main(["ingest", "--wave", "demo"]) == 0
    before = {p: p.read_bytes() for p in project.processed.iterdir()}
    capsys.readouterr()

    def no_room(*args, dir=None, **kwargs):
        raise OSError(err, text, str(dir))

    monkeypatch.setattr(tempfile, "mkstemp", no_room)
    (project.wave_dir("demo") / "export.csv").write_bytes(
        (project.wave_dir("demo") / "export.csv").read_bytes() + b"107,1,1,1,1,,\r\n")
    assert main(["ingest", "--wave", "demo"]) == 2
    out = capsys.readouterr().err
    assert out == f"{project.processed}: expected a writable folder with free space, found '{text}'; " \
                  "earlier outputs are unchanged\n"
    assert {p: p.read_bytes() for p in project.processed.iterdir()} == before


def test_codebook_without_indicators_gives_a_topline_through_every_stage(project, capsys):
    # An accepted add-wave draft has no indicators: `all` still publishes every coded question's distribution.
    # The demo wave: Q1 sector 1,2,2,1,2,1 over six respondents (Health 3, Education 3); Q3 trained:
    # codes 2,1,2,2,1,2 -> Yes 2 (ids 102, 105), No 4.
    from tests.ingest.demo import CODEBOOK, write_demo

    write_demo(project.root, codebook=CODEBOOK[:CODEBOOK.index("[indicators.not_conf]")])
    assert main(["validate", "--wave", "demo"]) == 0
    status = main(["all", "--wave", "demo"])
    err = capsys.readouterr().err
    assert status in (0, 1) and "Traceback" not in err
    import pandas as pd

    dist = pd.read_csv(project.processed / "demo" / "tables" / "distributions.csv")
    trained = dist[(dist["indicator"] == "trained") & (dist["base_name"] == "answered") & (dist["by"] == "overall")]
    assert trained[["category", "count", "n"]].values.tolist() == [["Yes", 2, 6], ["No", 4, 6]]
    sector = dist[(dist["indicator"] == "sector") & (dist["base_name"] == "all")]
    assert sector[["category", "count", "n"]].values.tolist()[:2] == [["Health", 3, 6], ["Education", 3, 6]]
    published = pd.read_csv(project.processed / "demo" / "protected" / "distributions.csv")
    assert {"sector", "conf", "trained"} <= set(published["indicator"])
    html = (project.root / "reports" / "demo" / "demo.html").read_text(encoding="utf-8")
    assert "Have you had training in online risk assessment?" in html and "Where do you work?" in html
    assert (project.root / "reports" / "demo" / "demo.xlsx").is_file()


def test_a_15_respondent_survey_runs_every_stage_with_its_headline_withheld(project, capsys):
    # Every count is under the default threshold, so the overall headline is withheld: each stage
    # says so and ends, rather than raising on an empty published set.
    from tests.ingest.demo import csv_text, many_rows, write_demo

    folder = write_demo(project.root)
    (folder / "export.csv").write_text(csv_text(many_rows(15)), encoding="utf-8")
    status = main(["all", "--wave", "demo"])
    captured = capsys.readouterr()
    assert status in (0, 1) and "Traceback" not in captured.err
    assert (project.root / "reports" / "demo" / "demo.html").is_file()
    withheld = (project.processed / "demo" / "protected" / "withheld.csv").read_text(encoding="utf-8")
    assert "not_conf" in withheld


def test_all_with_times_prints_each_stage_once_in_the_order_it_ran(project, capsys):
    import re

    from analysis.cli import ALL_ORDER
    from tests.ingest.demo import csv_text, many_rows, write_demo

    folder = write_demo(project.root)
    (folder / "export.csv").write_text(csv_text(many_rows(40)), encoding="utf-8")
    main(["all", "--wave", "demo", "--times"])
    err = capsys.readouterr().err.strip().splitlines()
    line = err[-1]
    match = re.fullmatch(r"seconds per stage: (.+); total (\d+\.\d\d)", line)
    assert match, line
    parts = [p.rsplit(" ", 1) for p in match.group(1).split(", ")]
    assert [name for name, _ in parts] == ["ingest", *ALL_ORDER]
    seconds = [float(v) for _, v in parts]
    assert all(v >= 0 for v in seconds) and abs(sum(seconds) - float(match.group(2))) <= 0.01 * len(seconds)
    main(["all", "--wave", "demo"])  # without --times, nothing is said about time
    assert "seconds per stage" not in capsys.readouterr().err
