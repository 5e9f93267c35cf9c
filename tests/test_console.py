"""The console: one line per stage per wave, each note once per run, files under --verbose, bars on terminals only."""

from __future__ import annotations

import io
import sys

import pytest

from analysis import console
from tests.projects import copy_project, reproduce_output

STAGE_LINE = ("ingest 2013:", "weight 2013:", "tables 2013:", "protect 2013:", "trends 2013:", "reproduce 2013:",
              "figures 2013:", "report 2013:")


def test_a_note_is_printed_once_per_session_and_each_time_outside_one(capsys):
    with console.session():
        for _ in range(4):  # four stages carry the same note
            console.note("2013 provenance", "Reconstructed data: invented breakdowns.")
        console.note("2013 tests", "No test of a difference between groups.")  # another note: printed too
    assert capsys.readouterr().out.splitlines() == ["note: Reconstructed data: invented breakdowns.",
                                                    "note: No test of a difference between groups."]
    with console.session():  # the next command is another run: it says it again
        console.note("2013 provenance", "Reconstructed data: invented breakdowns.")
    console.note("2013 provenance", "Reconstructed data.")
    console.note("2013 provenance", "Reconstructed data.")
    assert capsys.readouterr().out.count("note: ") == 3


def test_files_and_answers_are_printed_under_verbose_or_by_the_stage_run_alone(capsys):
    def speak():
        console.line("tables 2013: 10 files", "tables 2013: wrote a.csv, b.csv")
        console.detail("figures 2013: fig1 -> fig1.png")
        console.answer("reproduce", "Claim  Status")

    with console.session(command="all"):
        speak()
    assert capsys.readouterr().out.splitlines() == ["tables 2013: 10 files"]
    with console.session(command="reproduce"):
        speak()
    assert capsys.readouterr().out.splitlines() == ["tables 2013: 10 files", "Claim  Status"]
    with console.session(verbose=True, command="all"):
        speak()
    assert capsys.readouterr().out.splitlines() == ["tables 2013: wrote a.csv, b.csv", "figures 2013: fig1 -> fig1.png",
                                                    "Claim  Status"]
    speak()  # outside a session (Python, a notebook): everything, as before
    assert len(capsys.readouterr().out.splitlines()) == 3
    assert console.is_verbose()  # the sessions gave the state back


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _wait_for(condition, limit: float = 30.0) -> None:
    import time

    end = time.monotonic() + limit
    while not condition() and time.monotonic() < end:
        time.sleep(0.01)


@pytest.mark.parametrize("ci", [None, "true"])
def test_a_progress_bar_is_drawn_on_a_terminal_and_never_in_ci(monkeypatch, ci):
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr(console, "DELAY", 0.0)  # draw at once
    monkeypatch.setattr(console, "TICK", 0.01)
    monkeypatch.delenv("TERM", raising=False)
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    assert list(console.progress(range(5), "ensemble 2013")) == [0, 1, 2, 3, 4]
    with console.steps("ingest 2013", ["read", "check", "write"]) as step:
        for name in ("read", "check", "write"):
            step(name)
            if not ci:  # a step the bar's thread has drawn: wait for its drawing, not for a time
                _wait_for(lambda: f"ingest 2013: {name}" in terminal.getvalue())
    drawn = terminal.getvalue()
    if ci:
        assert drawn == ""
    else:
        assert "ensemble 2013" in drawn and "ingest 2013" in drawn and "check" in drawn


def test_no_bar_off_a_terminal(capsys, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    items = [1, 2, 3]
    assert console.progress(items, "ensemble 2013") is items  # a log or a pipe: untouched
    with console.steps("ingest 2013", ["read", "write"]) as step:
        step("read")
        step("write")
    assert capsys.readouterr() == ("", "")


@pytest.fixture(scope="module")
def reproduced(tmp_path_factory, built_2013):
    """``make reproduce``'s two commands, each a run of the command line, in a scratch copy of the bundled waves.

    The shared 2013 project is built by exactly those two commands, and keeps what they printed
    (tests/projects.py); further commands run in a copy of it.
    """
    from contextlib import redirect_stderr, redirect_stdout
    from types import SimpleNamespace

    from analysis.cli import main

    root = tmp_path_factory.mktemp("console")
    copy_project(built_2013, root)
    runs = reproduce_output(built_2013)
    assert [r["argv"] for r in runs] == [["ingest", "--wave", "2013"], ["all", "--skip-ingest"]]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SURVEYKIT_ROOT", str(root))
        patch.delenv("CI", raising=False)

        def run(*args: str) -> SimpleNamespace:
            out, err = io.StringIO(), io.StringIO()
            with redirect_stdout(out), redirect_stderr(err):
                status = main(list(args))
            return SimpleNamespace(returncode=status, stdout=out.getvalue(), stderr=err.getvalue())

        yield run, [SimpleNamespace(returncode=r["returncode"], stdout=r["stdout"], stderr=r["stderr"]) for r in runs]


def test_make_reproduce_prints_one_line_per_stage_and_the_note_once(reproduced):
    run, (ingest, everything) = reproduced
    assert ingest.returncode == 0 and everything.returncode == 0, everything.stderr
    out = (ingest.stdout + everything.stdout).splitlines()
    err = (ingest.stderr + everything.stderr).splitlines()
    assert len(out) + len(err) + 2 <= 20, "\n".join(out + err)  # + make's echo of its two commands
    for prefix in STAGE_LINE:  # every stage speaks, once
        assert sum(line.startswith(prefix) for line in out) == 1, (prefix, out)
    note = "Reconstructed data: these responses were generated"
    assert sum(note in line for line in out) == 1  # the 600-character note once, not once per stage
    assert not any(".png" in line or ".svg" in line for line in out)  # no file lists
    assert out[-2].startswith("2013: 10 of 10 canonical figures reproduced")  # the summary closes the run
    assert out[-1].startswith("2013: Ensemble: ")
    assert not any(line.startswith("Claim ") for line in out)  # the claims table is in reproduction.md


def test_verbose_lists_the_files_and_a_stage_alone_gives_its_answer(reproduced):
    run, _ = reproduced
    brief, verbose = run("tables", "--wave", "2013"), run("tables", "--wave", "2013", "--verbose")
    assert "estimates.csv" not in brief.stdout and "estimates.csv" in verbose.stdout
    alone = run("reproduce", "--wave", "2013")
    assert alone.returncode == 0
    lines = alone.stdout.splitlines()
    assert any(line.startswith("Claim ") for line in lines)  # its claim-by-claim table
    assert sum("Reconstructed data: these responses were generated" in line for line in lines) == 1


def test_an_error_keeps_its_one_line_and_exit_2(reproduced, tmp_path):
    run, _ = reproduced
    done = run("figures", "--wave", "no_such_wave", "--verbose")
    assert done.returncode == 2 and done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1 and "no_such_wave" in done.stderr
