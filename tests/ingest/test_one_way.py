"""Ingest depends on nothing of the add-wave tool: personal-data detection and the id-column guess sit below both."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "analysis"


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


def test_ingest_and_personal_data_detection_never_import_the_add_wave_tool():
    # The validate stage sits above both (it reports the draft's typing warnings); the readers and checks do not.
    modules = [p for p in sorted(PACKAGE.glob("ingest/*.py")) if p.name != "validate.py"]
    modules += [PACKAGE / "personal.py", PACKAGE / "codebook_text.py"]
    offenders = {p.relative_to(PACKAGE).as_posix(): sorted(m for m in _imports(p) if m.startswith("analysis.waves"))
                 for p in modules}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_personal_data_detection_imports_nothing_of_the_toolkit():
    assert {m for m in _imports(PACKAGE / "personal.py") if m.startswith("analysis")} == set()
