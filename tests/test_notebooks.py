"""The notebooks: stored without outputs, paired with their py:percent files, and executed so they never rot.

Each runs with papermill in a temporary project root (``SURVEYKIT_ROOT``) holding a copy of the
bundled waves with their stages run, as after ``make reproduce``, so running the tests writes
nothing into the repository.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.projects import copy_project

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"
NAMES = ["reproduction_2013", "wave_comparison"]


def _root(tmp_path: Path, monkeypatch, built: Path) -> Path:
    """A copy of a shared project whose stages have run (tests/conftest.py), as after ``make reproduce``."""
    copy_project(built, tmp_path)
    monkeypatch.setenv("SURVEYKIT_ROOT", str(tmp_path))
    return tmp_path


@pytest.mark.parametrize("name", NAMES)
def test_stored_without_outputs_with_a_parameters_cell(name):
    import nbformat

    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code)
    assert "parameters" in code[0].metadata.get("tags", [])
    assert code[0].source.strip() == 'wave = "2013"'
    assert nb.metadata["jupytext"]["formats"] == "ipynb,py:percent"


@pytest.mark.parametrize("name", NAMES)
def test_paired_py_percent_file_matches_the_notebook(name):
    import jupytext

    ipynb = jupytext.read(NOTEBOOKS / f"{name}.ipynb")
    py = jupytext.read(NOTEBOOKS / f"{name}.py")
    assert [(c.cell_type, c.source) for c in ipynb.cells] == [(c.cell_type, c.source) for c in py.cells]


def documented_commands() -> dict[str, list[str]]:
    """The papermill commands docs/figures.md gives, by notebook name, word by word."""
    text = (REPO / "docs" / "figures.md").read_text(encoding="utf-8")
    found = re.findall(r"^\s*(papermill notebooks/(\w+)\.ipynb \S+ -p wave \S+)\s*$", text, flags=re.M)
    return {name: command.split() for command, name in found}


def _execute(name: str, root: Path, wave: str) -> "object":
    """Run the notebook through papermill's command line exactly as the docs give it, from the project folder."""
    import nbformat

    command = documented_commands()[name]
    assert command[-1] == wave, command
    shutil.copytree(NOTEBOOKS, root / "notebooks", dirs_exist_ok=True)
    program = Path(sys.executable).with_name("papermill")
    done = subprocess.run([str(program), *command[1:], "--no-progress-bar"], cwd=root, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return nbformat.read(root / command[2], as_version=4)


def test_the_docs_give_a_command_for_the_bundled_wave_and_the_example_wave():
    commands = documented_commands()
    assert set(commands) == set(NAMES)
    assert {c[-1] for c in commands.values()} == {"2013", "2018"}


def _alt_texts(nb) -> list[str]:
    """The alt text of every image output (an ``<img alt>`` in its HTML); "" for an image without one."""
    out = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/png" in data:
                found = re.search(r'<img [^>]*alt="([^"]+)"', str(data.get("text/html", "")))
                out.append(found.group(1) if found else "")
    return out


def _text(nb) -> str:
    parts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            parts.append(str(data.get("text/markdown", "")) + str(data.get("text/plain", "")) + output.get("text", ""))
    return "\n".join(parts)


def test_reproduction_notebook_runs_clean(tmp_path, monkeypatch, built_2013):
    root = _root(tmp_path, monkeypatch, built_2013)
    nb = _execute("reproduction_2013", root, "2013")
    text = _text(nb)
    assert "Reconstructed data" in text
    assert "fig1_headline" in text and "fig4_not_confident_by_profession" in text
    images = [o for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(images) == 6  # figures 1-5 and 7 (the published ranges); figure 6 needs a previous wave
    alts = _alt_texts(nb)
    assert len(alts) == 6 and all(a.endswith(".") and len(a) > 40 for a in alts), alts
    assert not any(o.get("output_type") == "error" for c in nb.cells for o in c.get("outputs", []))


def test_comparison_notebook_runs_clean_for_a_wave_with_a_predecessor(tmp_path, monkeypatch, built_2018):
    root = _root(tmp_path, monkeypatch, built_2018)
    nb = _execute("wave_comparison", root, "2018")
    text = _text(nb)
    assert "Waves compared: 2013, 2018" in text
    assert "ILLUSTRATIVE" in text
    images = [o for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(images) == 1
    assert all(a.endswith(".") and len(a) > 40 for a in _alt_texts(nb))
