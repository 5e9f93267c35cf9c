"""Write files so that a failure leaves nothing half-written.

Every output goes to a temporary file in the destination folder and is renamed
into place only once it is complete.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> write_text(d / "a" / "b.txt", "hello\\n")
>>> (d / "a" / "b.txt").read_text()
'hello\\n'
>>> write_json(d / "c.json", {"b": 1, "a": [1.5, "x"]})
>>> print((d / "c.json").read_text(), end="")
{
  "a": [
    1.5,
    "x"
  ],
  "b": 1
}
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Iterator


#: A temporary file whose writer cannot be identified is stale after this many seconds.
STALE_AFTER = 3600.0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # another user's process: leave its file alone
    return True


def remove_stale_temporaries(folder: str | Path) -> list[Path]:
    """Remove temporary files a killed run left in ``folder``; return what was removed.

    Temporary names are ``.<name>.<pid>.<random>.tmp``: a file whose process no
    longer runs is stale (SIGKILL and SIGTERM skip the clean-up of the run that
    made it). A name without a process id (or with the id of this process, after
    a crash inside it) is stale once older than :data:`STALE_AFTER` seconds.
    Another live run's files are never touched.
    """
    import re
    import time

    folder = Path(folder)
    removed = []
    try:
        candidates = [p for p in folder.iterdir() if p.name.startswith(".") and p.name.endswith(".tmp")]
    except OSError:
        return removed
    for p in candidates:
        m = re.fullmatch(r"\..+\.(\d+)\.[^.]+\.tmp", p.name)
        try:
            if m and int(m.group(1)) != os.getpid():
                stale = not _alive(int(m.group(1)))
            else:
                stale = time.time() - p.stat().st_mtime > STALE_AFTER
            if stale and p.is_file():
                p.unlink()
                removed.append(p)
        except OSError:
            continue
    return removed


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it onto ``path`` if the block succeeds.

    Stale temporary files of killed runs in the same folder are removed first.
    """
    from analysis.inside import check_inside

    path = Path(path)
    check_inside(path, what="an output path")  # before any folder is made
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    os.chmod(tmp, 0o644)  # mkstemp makes files private; outputs are ordinary readable files
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.replace(tmp_path, path)
    except OSError as exc:
        if exc.filename is None:  # a full disk during a write names no file: name the folder
            import errno

            code = exc.errno or (errno.ENOSPC if "space" in str(exc).lower() else None)
            if code is not None:
                raise OSError(code, os.strerror(code), str(path.parent)) from exc
        raise
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def write_bytes(path: str | Path, data: bytes) -> None:
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def write_text(path: str | Path, text: str) -> None:
    """Write UTF-8 text with ``\\n`` line endings."""
    write_bytes(path, text.encode("utf-8"))


def write_json(path: str | Path, data: Any) -> None:
    """Write JSON deterministically: sorted keys, two-space indent, final newline."""
    write_text(path, json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


def sha256_file(path: str | Path) -> str:
    import hashlib

    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
