"""Names a codebook gives: the wave folder's name and the export file inside it."""

from __future__ import annotations

#: The longest wave name: outputs are named ``<wave>_<figure>.png`` ... within a file system's 255 bytes.
MAX_NAME_LENGTH = 64


def is_safe_name(name: str) -> bool:
    """Whether ``name`` can be a wave folder name: no path separators, ``..``, leading dot or control characters.

    At most :data:`MAX_NAME_LENGTH` characters, so every output file named after it fits a file system's limit.

    >>> is_safe_name("2018"), is_safe_name("../x"), is_safe_name("a\\nb"), is_safe_name("wave_2.b"), is_safe_name("w" * 300)
    (True, False, False, True, False)
    """
    import re

    return (isinstance(name, str) and len(name) <= MAX_NAME_LENGTH
            and bool(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", name)) and ".." not in name)


def inside_folder(name: str) -> bool:
    """Whether a ``files.data`` name stays inside the wave folder."""
    from pathlib import PurePosixPath, PureWindowsPath

    if any(ch in name for ch in "\n\r\0") or PureWindowsPath(name).is_absolute() or PureWindowsPath(name).drive:
        return False
    parts = PurePosixPath(name.replace("\\", "/")).parts
    return bool(parts) and not PurePosixPath(name).is_absolute() and ".." not in parts

