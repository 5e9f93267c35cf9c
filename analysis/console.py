"""What the command line says while it works: one line per stage per wave, each note once.

Every stage prints through this module, so the console reads the same for every stage:

- :func:`say`: the stage's one line for a wave (``figures 2013: 6 figures``), and any
  warning, always printed;
- :func:`line`: a line with a short form and a long form, the long one (files named,
  folders in full) under ``--verbose``;
- :func:`detail`: lines printed only under ``--verbose`` (every file of every figure);
- :func:`answer`: what a stage run on its own is for (the reproduce stage's claim-by-claim
  table), printed when that stage is the command, or under ``--verbose``;
- :func:`note`: a note about a wave (a reconstructed wave's long note), printed once per run
  however many stages carry it;
- :func:`progress` and :func:`steps`: a progress bar for a step that takes more than
  :data:`DELAY` seconds, drawn on standard error only when it is a terminal and not in CI.

The command line opens a :func:`session` for each command. Outside one (a stage's ``run``
called from Python, a notebook or a test) every line is printed, as under ``--verbose``, and
every note each time it comes. Nothing here imports the rest of the package, pandas or the
progress library until a bar is drawn, so ``--help`` stays instant.

Notes
-----
A progress bar is written to standard error and cleared when its step ends, so logs, pipes
and CI runs (the ``CI`` environment variable set, as every CI service sets it) never see one,
and standard output holds the same lines with or without a terminal. The bars come from
``tqdm`` (da Costa-Luis 2019), whose ``delay`` option keeps a step shorter than
:data:`DELAY` seconds from drawing anything.

References
----------
.. [1] da Costa-Luis, C. O. (2019). "tqdm: A Fast, Extensible Progress Meter for Python and
   CLI". Journal of Open Source Software, 4(37), 1277. https://doi.org/10.21105/joss.01277
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Sequence, TypeVar

T = TypeVar("T")

#: Seconds a step runs before its progress bar appears: shorter steps draw nothing.
DELAY = 2.0


@dataclass
class Session:
    """One command's console: whether it is verbose, which command it is, the notes already printed."""

    verbose: bool = False
    command: str = ""
    noted: set = field(default_factory=set)


_SESSION: Session | None = None


@contextmanager
def session(*, verbose: bool = False, command: str = "") -> Iterator[Session]:
    """Print as one command does, inside the ``with`` block; the state before it comes back after.

    Parameters
    ----------
    verbose : bool
        Print the long form of every line and every file written (``--verbose``).
    command : str
        The command being run (``all``, ``figures``, ...): a stage run on its own prints its
        :func:`answer` lines.

    Examples
    --------
    >>> with session():
    ...     note("2013 provenance", "Reconstructed data.")
    ...     note("2013 provenance", "Reconstructed data, as published.")
    ...     detail("figures 2013: fig1 -> fig1.png")
    ...     line("tables 2013: 10 files", "tables 2013: wrote a.csv, b.csv")
    note: Reconstructed data.
    tables 2013: 10 files
    """
    global _SESSION
    before, _SESSION = _SESSION, Session(verbose=verbose, command=command)
    try:
        yield _SESSION
    finally:
        _SESSION = before


def is_verbose() -> bool:
    """Whether long lines and file lists are printed: under ``--verbose``, and outside any session."""
    return _SESSION is None or _SESSION.verbose


def say(text: str, *, error: bool = False) -> None:
    """Print ``text`` always: a stage's one line, a warning, or (``error=True``, on standard error) a problem."""
    print(text, file=sys.stderr if error else sys.stdout)


def line(short: str, long: str | None = None) -> None:
    """Print ``short``, or ``long`` (the same line naming every file) under ``--verbose``."""
    say(long if long is not None and is_verbose() else short)


def detail(text: str) -> None:
    """Print ``text`` only under ``--verbose`` (or outside a session): files written, one figure at a time."""
    if is_verbose():
        say(text)


def answer(stage: str, text: str) -> None:
    """Print ``text`` when ``stage`` is the command run (its answer), under ``--verbose`` or outside a session."""
    if is_verbose() or _SESSION.command == stage:
        say(text)


def note(key: str, text: str, *, prefix: str = "note: ") -> None:
    """Print a note once per run: the first stage that carries it prints it, the others say nothing.

    Parameters
    ----------
    key : str
        Which note it is (``"2013 provenance"``): two stages that word the same note
        differently still print it once.
    text : str
        The note.
    prefix : str
        Printed before the note.
    """
    if _SESSION is not None:
        if key in _SESSION.noted:
            return
        _SESSION.noted.add(key)
    say(f"{prefix}{text}")


def figures_line(wave: str, drawn: Sequence[str], not_drawn: Sequence[tuple[str, str]], *,
                 up_to_date: int = 0) -> None:
    """The figures stage's one line for ``wave``: how many figures, how many were already up to date, which not drawn.

    Under ``--verbose`` each figure has had its own line already, so this one is left out.

    Examples
    --------
    >>> with session():
    ...     figures_line("2013", ["fig1", "fig2", "fig3"], [("fig6", "the wave has no previous wave")], up_to_date=2)
    figures 2013: 3 figures (2 up to date); not drawn: fig6 (the wave has no previous wave)
    """
    if is_verbose():
        return
    text = f"figures {wave}: {len(drawn)} figure{'s' * (len(drawn) != 1)}"
    if up_to_date:
        text += f" ({up_to_date} up to date)"
    if not_drawn:
        text += "; not drawn: " + ", ".join(f"{name} ({reason})" for name, reason in not_drawn)
    say(text)


def shown(path, root) -> str:
    """``path`` as a line shows it: relative to the project's ``root`` when inside it.

    >>> from pathlib import Path
    >>> shown(Path("/p/data/processed/2013/tables"), Path("/p")), shown(Path("/elsewhere/x"), Path("/p"))
    ('data/processed/2013/tables', '/elsewhere/x')
    """
    from pathlib import Path

    path, root = Path(path), Path(root)
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def bar_shown() -> bool:
    """Whether a progress bar may be drawn: standard error is a terminal and this is not a CI run."""
    stream = sys.stderr
    try:
        terminal = bool(stream.isatty())
    except (AttributeError, ValueError):  # a closed or replaced stream
        terminal = False
    return terminal and not os.environ.get("CI") and os.environ.get("TERM") != "dumb"


def progress(items: Iterable[T], label: str, *, total: int | None = None) -> Iterable[T]:
    """``items``, with a progress bar labelled ``label`` on a terminal once the loop passes :data:`DELAY` s.

    Off a terminal (a log, a pipe, CI) the items come back untouched and nothing is drawn.

    Examples
    --------
    >>> list(progress(range(3), "ensemble 2013"))  # the doctest's standard error is no terminal
    [0, 1, 2]
    """
    if not bar_shown():
        return items
    from tqdm import tqdm

    if total is None and hasattr(items, "__len__"):
        total = len(items)  # type: ignore[arg-type]
    return tqdm(items, desc=label, total=total, delay=DELAY, leave=False, file=sys.stderr, dynamic_ncols=True,
                bar_format="{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} [{elapsed}<{remaining}]")


#: Seconds between two redraws of a steps bar, so its clock runs while one long step works.
TICK = 0.5


@contextmanager
def steps(label: str, names: Sequence[str]) -> Iterator[Callable[[str], None]]:
    """A progress bar over the named steps of one job; call the yielded function as each step starts.

    One step (reading a large export) can take seconds with nothing to count inside it, so a
    thread draws the bar once the job has run :data:`DELAY` seconds and redraws it every
    :data:`TICK` seconds (the step's name, the steps done, the time so far) until the job ends.

    Examples
    --------
    >>> with steps("ingest 2013", ["read", "check", "write"]) as step:
    ...     step("read"); step("check"); step("write")
    """
    if not bar_shown():
        yield lambda name: None
        return
    import threading
    import time

    from tqdm import tqdm

    state = {"done": 0, "name": ""}
    finished = threading.Event()
    started = time.time()  # tqdm's own clock

    def draw() -> None:
        if finished.wait(DELAY):
            return
        bar = tqdm(total=len(names), leave=False, file=sys.stderr, dynamic_ncols=True,
                   bar_format="{desc} |{bar}| {n_fmt}/{total_fmt} steps [{elapsed}]")
        bar.start_t = started  # the clock counts from the job's start, not from the bar's
        try:
            while True:
                bar.n = state["done"]
                bar.set_description_str(f"{label}: {state['name']}")  # refreshes the bar
                if finished.wait(TICK):
                    return
        finally:
            bar.close()

    def step(name: str) -> None:
        if state["name"]:
            state["done"] += 1
        state["name"] = name

    painter = threading.Thread(target=draw, name=f"progress {label}", daemon=True)
    painter.start()
    try:
        yield step
    finally:
        finished.set()
        painter.join()
