"""The package's shape: imports run one way (no circle among ``analysis``'s modules) and modules stay short.

Every module of ``analysis/`` is read with ``ast``; every import counts, those
inside functions and under ``TYPE_CHECKING`` too (a lazy import hides a circle
from the interpreter, not from a reader). Circles are the strongly connected
components of the import graph (Tarjan's algorithm).

References
----------
.. [1] Tarjan, R. (1972). Depth-first search and linear graph algorithms.
   SIAM Journal on Computing, 1(2), 146-160.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "analysis"
#: The most lines a module may have (docstrings and comments count).
MAX_LINES = 500

def module_files(root: Path = PACKAGE) -> dict[str, Path]:
    """Dotted module name -> its file, for every ``.py`` file under ``root`` (a package is its ``__init__``)."""
    out = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


def imports_of(name: str, path: Path, modules: set[str]) -> set[str]:
    """The modules of ``modules`` that module ``name`` imports anywhere in its file.

    ``from a.b import c`` imports ``a.b``, and ``a.b.c`` too when that is a module;
    relative imports are resolved against the module's package.
    """
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = parts[:len(parts) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            found.add(source)
            found.update(f"{source}.{alias.name}" for alias in node.names)
    return (found & modules) - {name}


def import_graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    """Module -> the package's modules it imports."""
    files = module_files(root)
    return {name: imports_of(name, path, set(files)) for name, path in files.items()}


def circles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components of more than one module: each a set of modules importing each other."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(component)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def one_cycle(graph: dict[str, set[str]], component: set[str]) -> list[str]:
    """A path of imports round the component, from its first module back to it (to name in a failure)."""
    start = min(component)
    paths = {start: [start]}
    queue = [start]
    while queue:  # breadth first: the shortest way back to the start
        node = queue.pop(0)
        for nxt in sorted(graph[node] & component):
            if nxt == start:
                return paths[node] + [start]
            if nxt not in paths:
                paths[nxt] = paths[node] + [nxt]
                queue.append(nxt)
    return sorted(component)  # pragma: no cover (a component always has a cycle through each member)


def line_counts(root: Path = PACKAGE) -> dict[str, int]:
    """Each module's file, relative to the project, -> its number of lines."""
    return {path.relative_to(root.parent).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
            for path in sorted(root.rglob("*.py"))}


def test_the_walk_finds_a_circle_through_an_import_inside_a_function(tmp_path):
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg import c\n"
                              "def f():\n    from pkg.sub import b\n")
    (pkg / "sub" / "b.py").write_text("from .. import d\n")  # relative: pkg.d
    (pkg / "c.py").write_text("import os\n")
    (pkg / "d.py").write_text("import pkg.a\n")
    graph = import_graph(pkg)
    assert graph["pkg.a"] == {"pkg", "pkg.c", "pkg.sub", "pkg.sub.b"}  # "from pkg import c" runs pkg too
    assert graph["pkg.sub.b"] == {"pkg", "pkg.d"}
    assert graph["pkg.d"] == {"pkg.a"}
    assert circles(graph) == [{"pkg.a", "pkg.sub.b", "pkg.d"}]
    assert one_cycle(graph, {"pkg.a", "pkg.sub.b", "pkg.d"}) == ["pkg.a", "pkg.sub.b", "pkg.d", "pkg.a"]


def test_the_walk_finds_no_circle_where_imports_run_one_way():
    assert circles({"a": {"b", "c"}, "b": {"c"}, "c": set()}) == []
    assert circles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [{"a", "b"}]


def test_no_import_circle_in_the_package():
    graph = import_graph()
    assert "analysis.ingest.tidy" in graph and "analysis.codebook.load" in graph["analysis.codebook"]
    found = circles(graph)
    assert not found, "import circle: " + "; ".join(" -> ".join(one_cycle(graph, c)) for c in found)


def test_no_module_over_the_line_limit():
    counts = line_counts()
    assert counts["analysis/ingest/tidy.py"] > 0
    long = {path: n for path, n in counts.items() if n > MAX_LINES}
    assert not long, f"modules over {MAX_LINES} lines (split them along what their docstrings say): {long}"
