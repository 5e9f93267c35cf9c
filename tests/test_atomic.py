"""Atomic writes: a killed run's temporary files are removed by the next run; live runs' files are not."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from analysis.atomic import atomic_path, remove_stale_temporaries, write_text

HANG = """
import sys, time
from analysis.atomic import atomic_path
with atomic_path(sys.argv[1]) as tmp:
    tmp.write_text("partial")
    print("ready", flush=True)
    time.sleep(60)
"""


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_temporary_file_of_a_killed_run_is_removed_by_the_next_write(tmp_path, sig):
    target = tmp_path / "out" / "table.csv"
    proc = subprocess.Popen([sys.executable, "-c", HANG, str(target)], stdout=subprocess.PIPE, text=True,
                            cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    assert proc.stdout.readline().strip() == "ready"
    proc.send_signal(sig)
    proc.wait(timeout=30)
    left = [p.name for p in target.parent.iterdir()]
    assert len(left) == 1 and left[0].startswith(".table.csv.") and left[0].endswith(".tmp")  # the leftover
    write_text(target.parent / "other.csv", "x\n")
    assert sorted(p.name for p in target.parent.iterdir()) == ["other.csv"]


def test_a_live_runs_temporary_file_is_left_alone(tmp_path):
    target = tmp_path / "table.csv"
    proc = subprocess.Popen([sys.executable, "-c", HANG, str(target)], stdout=subprocess.PIPE, text=True,
                            cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    try:
        assert proc.stdout.readline().strip() == "ready"
        assert remove_stale_temporaries(tmp_path) == []
        assert len(list(tmp_path.glob(".table.csv.*.tmp"))) == 1
    finally:
        proc.kill()
        proc.wait(timeout=30)


def test_an_old_temporary_file_without_a_process_id_is_removed(tmp_path):
    old = tmp_path / ".table.csv.abc123.tmp"
    old.write_text("partial")
    recent = tmp_path / ".figure.svg.def456.tmp"
    recent.write_text("partial")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    assert remove_stale_temporaries(tmp_path) == [old]
    assert recent.exists()


def test_failed_write_leaves_the_old_file(tmp_path):
    target = tmp_path / "a.txt"
    write_text(target, "old\n")
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_text("half")
            raise RuntimeError
    assert target.read_text() == "old\n" and list(tmp_path.iterdir()) == [target]
