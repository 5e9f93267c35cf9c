"""The codebook's problem collector: every problem in a codebook is gathered, then raised together.

:class:`Reader` reads typed values out of the parsed TOML (tables, strings,
booleans, arrays), recording a :class:`~analysis.errors.Problem` for each value
of the wrong kind instead of stopping at the first.
"""

from __future__ import annotations

from typing import Any, Iterator, Mapping

from analysis.errors import Problem


def close_hint(name: str, candidates) -> str:
    """``name``, with a ``did you mean`` hint when a candidate is close (:func:`analysis.suggest.suggest`)."""
    from analysis.suggest import suggest

    hint = suggest(str(name), list(candidates))
    return f"{name}; {hint}" if hint else str(name)


class Reader:
    """Collects every problem in a codebook before raising them together."""

    def __init__(self, source: str):
        self.source = source
        self.problems: list[Problem] = []

    def bad(self, key: str, expected: str, found: Any = None) -> None:
        self.problems.append(Problem(self.source, None, [], f"{expected} (at '{key}')",
                                     None if found is None else str(found)))

    def table(self, data: Mapping, key: str, *, required: bool = True) -> Mapping:
        value = data.get(key)
        if value is None:
            if required:
                self.bad(key, "a table")
            return {}
        if not isinstance(value, Mapping):
            self.bad(key, "a table", value)
            return {}
        return value

    def entries(self, data: Mapping, key: str, expected: str = "a table") -> Iterator[tuple[str, Mapping, str]]:
        """``(name, table, where)`` for each entry of the optional table ``[key]``, ``where`` being ``key.name``.

        An entry that is not itself a table is a problem (``expected`` says what was wanted) and is passed over.
        """
        for name, raw in self.table(data, key, required=False).items():
            where = f"{key}.{name}"
            if isinstance(raw, Mapping):
                yield name, raw, where
            else:
                self.bad(where, expected, raw)

    def string(self, data: Mapping, key: str, where: str, *, default: str | None = None,
               choices: tuple[str, ...] | None = None) -> str:
        value = data.get(key, default)
        if value is None:
            self.bad(f"{where}.{key}", "a string")
            return ""
        if not isinstance(value, str):
            self.bad(f"{where}.{key}", "a string", value)
            return ""
        if choices and value not in choices:
            self.bad(f"{where}.{key}", "one of " + ", ".join(choices), value)
        return value

    def boolean(self, data: Mapping, key: str, where: str, *, default: bool) -> bool:
        """A TOML boolean (``true``/``false``); a string such as ``"false"`` is an error, never truthy."""
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.bad(f"{where}.{key}", "true or false (a TOML boolean, without quotes)", value)
            return default
        return value

    def array(self, data: Mapping, key: str, where: str) -> list:
        """A TOML array (empty when absent); a string or number is one error, "expected a list"."""
        value = data.get(key, [])
        if not isinstance(value, list):
            self.bad(f"{where}.{key}" if where else key, "a list (a TOML array, e.g. [1, 2])", value)
            return []
        return value

