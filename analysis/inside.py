"""No stage reads or writes through a symlink that leads out of the project.

A path written inside the project folder (``data/processed/<wave>``,
``figures/<wave>``, ``reports/<wave>``, a wave's export or margins file) whose
real location, once symlinks are followed, lies outside the project is refused
with one line and exit status 2 before anything is read or written: a link
planted in the project cannot make a stage overwrite files elsewhere or echo
their contents. A path the caller names outside the project (a temporary
folder, an export given to ``add-wave``) is the caller's choice and is not
judged.

>>> import os, tempfile, pathlib
>>> root, away = pathlib.Path(tempfile.mkdtemp()), pathlib.Path(tempfile.mkdtemp())
>>> (root / "figures").symlink_to(away)
>>> escapes(root / "figures" / "2013" / "fig.png", root), escapes(root / "data" / "x.csv", root)
(True, False)
>>> escapes(away / "y.csv", root)
False
"""

from __future__ import annotations

import os
from pathlib import Path

from analysis.errors import InputError


def _root() -> Path:
    from analysis.config import paths

    return paths().root


def _under(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True


def escapes(path: str | Path, root: str | Path | None = None) -> bool:
    """Whether ``path`` is written inside ``root`` (the project) but really lies outside it."""
    root = Path(root) if root is not None else _root()
    lexical = Path(os.path.normpath(Path(path).absolute()))
    base = Path(os.path.normpath(root.absolute()))
    if not _under(lexical, base):
        return False
    return not _under(lexical.resolve(), base.resolve())


def check_inside(path: str | Path, *, what: str = "a path", root: str | Path | None = None) -> None:
    """Raise :class:`InputError` when ``path`` leads out of the project through a symlink (see :func:`escapes`)."""
    if escapes(path, root):
        raise InputError.single(str(path), f"{what} inside the project folder",
                                found="a symbolic link leading out of the project; nothing was read or written")
