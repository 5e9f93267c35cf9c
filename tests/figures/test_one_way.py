"""The figure modules import one way: no chart module imports another chart module that imports it back."""

from __future__ import annotations

import ast
from pathlib import Path

FIGURES = Path(__file__).resolve().parents[2] / "analysis" / "figures"


def _figure_imports(path: Path) -> set[str]:
    """The ``analysis.figures`` modules that ``path`` imports, anywhere in it (lazy imports included)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "analysis.figures":
                found.update(a.name for a in node.names)
            elif node.module.startswith("analysis.figures."):
                found.add(node.module.split(".")[2])
    return found & {p.stem for p in FIGURES.glob("*.py")}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each pair of modules that reach each other (depth-first search from every module)."""
    def reach(start):
        seen, todo = set(), [start]
        while todo:
            for nxt in graph.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    reached = {m: reach(m) for m in graph}
    return sorted({tuple(sorted((a, b))) for a in graph for b in reached[a] if a != b and a in reached[b]})


def test_the_cycle_finder_finds_a_circle():
    assert _cycles({"bars": {"dots"}, "dots": {"bars"}, "style": set()}) == [("bars", "dots")]


def test_no_figure_module_reaches_itself_through_another():
    graph = {p.stem: _figure_imports(p) - {p.stem} for p in FIGURES.glob("*.py")}
    assert _cycles(graph) == []


def test_bars_and_dots_share_row_selection_from_below():
    assert "dots" not in _figure_imports(FIGURES / "bars.py")
    assert "bars" not in _figure_imports(FIGURES / "dots.py")
