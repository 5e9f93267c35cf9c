"""Disclosure control's imports run one way: no module of ``analysis.protect`` is in an import circle.

The imports are read from the source with ``ast`` (imports inside functions count too), so
a circle hidden behind a lazy import is found as well.
"""

import ast
from pathlib import Path

import analysis

ROOT = Path(analysis.__file__).resolve().parent


def _graph() -> dict[str, set[str]]:
    mods = {}
    for p in ROOT.rglob("*.py"):
        parts = p.relative_to(ROOT.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        mods[name] = p
    graph = {m: set() for m in mods}
    for m, p in mods.items():
        pkg = m if p.name == "__init__.py" else m.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            targets = []
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = pkg.split(".")[: len(pkg.split(".")) - node.level + 1]
                    base = ".".join(up + ([node.module] if node.module else []))
                targets = [base] + [f"{base}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            graph[m].update(t for t in targets if t in mods and t != m)
    return graph


def _reaches(graph, start, goal) -> bool:
    seen, todo = set(), [start]
    while todo:
        m = todo.pop()
        if m == goal:
            return True
        if m not in seen:
            seen.add(m)
            todo += graph[m]
    return False


def test_no_protect_module_imports_itself_back():
    graph = _graph()
    circles = sorted((m, d) for m in graph if m.startswith("analysis.protect") for d in graph[m]
                     if _reaches(graph, d, m))
    assert circles == []


def test_trend_protection_lives_with_the_trends_stage():
    graph = _graph()
    assert not _reaches(graph, "analysis.protect.stage", "analysis.waves.stage")
    assert not any(m.startswith("analysis.waves") for m in graph["analysis.protect.stage"])
