"""The ingest readers' imports run one way: a walk over their source with ``ast`` finds no circle."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "analysis"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def imports_of(path: Path, modules: set[str]) -> set[str]:
    """The modules of ``modules`` that the file imports anywhere (inside functions too), except under TYPE_CHECKING."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            skip.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name in modules)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module in modules:
                found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names if f"{node.module}.{a.name}" in modules)
    return found


def import_graph(folder: Path) -> dict[str, set[str]]:
    """Module -> the modules of the same folder tree it imports."""
    files = {_module_name(p): p for p in sorted(folder.rglob("*.py"))}
    modules = set(files)
    return {name: imports_of(path, modules) - {name} for name, path in files.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One circle of imports (its modules, the first repeated at the end), or ``[]``."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                cycle = visit(nxt)
                if cycle:
                    return cycle
        state[node] = 2
        stack.pop()
        return []

    for node in sorted(graph):
        if node not in state:
            cycle = visit(node)
            if cycle:
                return cycle
    return []


def test_the_walk_finds_a_circle_when_there_is_one():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) == []


def test_the_walk_sees_imports_inside_functions_and_skips_type_checking(tmp_path):
    (tmp_path / "pkg").mkdir()
    source = ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg import b\n"
              "def f():\n    from pkg.c import thing\n    import pkg.d\n")
    path = tmp_path / "pkg" / "a.py"
    path.write_text(source)
    assert imports_of(path, {"pkg.b", "pkg.c", "pkg.d"}) == {"pkg.c", "pkg.d"}


#: The modules that read exports: every reader, the registry and the pieces below them.
READERS = ("raw", "readers", "registry", "platforms", "delimited", "excel", "sav", "dta", "text", "headerrows",
           "dates", "qualtrics", "surveymonkey", "smartsurvey", "jisc", "msforms", "googleforms")


def test_no_import_circle_among_the_readers():
    graph = import_graph(PACKAGE / "ingest")
    readers = {f"analysis.ingest.{name}" for name in READERS}
    assert readers <= set(graph)
    assert "analysis.ingest.registry" in graph["analysis.ingest.delimited"]
    cycle = find_cycle({m: graph[m] & readers for m in readers})
    assert not cycle, "import circle: " + " -> ".join(cycle)


def test_no_import_circle_in_ingest():
    cycle = find_cycle(import_graph(PACKAGE / "ingest"))
    assert not cycle, "import circle: " + " -> ".join(cycle)


def test_platform_modules_import_no_reader_and_no_other_platform():
    from analysis.ingest.registry import LAYOUTS

    graph = import_graph(PACKAGE / "ingest")
    platform_modules = {layout.read.__module__ for layout in LAYOUTS}
    for module in platform_modules:
        assert graph[module] <= {"analysis.ingest.platforms", "analysis.ingest.raw"}, (module, graph[module])
