"""Generated malformed exports and codebooks: never a traceback, never a row lost without a word.

For every generated wave, ``validate`` and ``ingest`` either succeed with every
non-blank data row kept as a respondent (rows in = rows out), or stop with exit
status 2 and leave ``data/processed`` as it was (the rows are reported). The
examples are derandomised, so CI sees the same cases on every run.
"""

from __future__ import annotations

import csv
import io
import shutil

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.cli import main
from tests.ingest.demo import CODEBOOK, ROWS, write_demo

FUZZ = settings(max_examples=120, derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

cell_text = st.one_of(
    st.sampled_from(["", "1", "2", "8", "99", "Health", "=1+1", "-0.5", "1e300", "nan", "inf", "a@b.org",
                     '"', '""', '"1', ',', '1,2', "\n", "\r", "x\ny", " ", "\t", "101", "\ufeff", "é"]),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8),
)


@st.composite
def exports(draw):
    """The demo rows with cells rewritten, cut, added or duplicated."""
    rows = [list(r) for r in ROWS]
    for _ in range(draw(st.integers(0, 6))):
        i = draw(st.integers(0, len(rows) - 1))
        action = draw(st.sampled_from(["set", "cut", "add", "dup", "drop"]))
        if action == "set" and rows[i]:
            rows[i][draw(st.integers(0, len(rows[i]) - 1))] = draw(cell_text)
        elif action == "cut":
            rows[i] = rows[i][:draw(st.integers(0, len(rows[i])))]
        elif action == "add":
            rows[i].append(draw(cell_text))
        elif action == "dup" and i > 0:
            rows.insert(i, list(rows[i]))
        elif action == "drop" and i > 0 and len(rows) > 2:
            rows.pop(i)
    quoted = draw(st.booleans())
    if quoted:  # a proper CSV writer: every cell survives as written
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\r\n").writerows(rows)
        text = buf.getvalue()
    else:  # cells joined as they are: quotes, commas and line breaks in cells damage the file
        text = "\r\n".join(",".join(r) for r in rows) + "\r\n"
    return rows, text, quoted


toml_value = st.one_of(
    st.sampled_from(['"x"', '""', "1", "01", "-1", "1.5", "true", '"false"', "[]", "[1, 2]", '["sector"]',
                     '"sector"', "{}", '{ 1 = "A", 01 = "B" }', '{ 1 = "A", 2 = "A" }', '{ trained = [3] }',
                     '"../x"', '"/etc/passwd"', '"=cmd"', "[[1]]", '{ a = { b = 1 } }', "nan", "inf"]),
    st.integers(-5, 5).map(str),
)


@st.composite
def codebooks(draw):
    """The demo codebook with values replaced and lines dropped."""
    lines = CODEBOOK.splitlines()
    for _ in range(draw(st.integers(0, 3))):
        assignments = [k for k, ln in enumerate(lines) if " = " in ln]
        if not assignments:
            break
        k = draw(st.sampled_from(assignments))
        if draw(st.booleans()):
            key = lines[k].split(" = ", 1)[0]
            lines[k] = f"{key} = {draw(toml_value)}"
        else:
            lines.pop(k)
    return "\n".join(lines) + "\n"


def _rows_in(rows, text, quoted):
    """Non-blank data rows, as the generator meant them (None when the header itself is damaged)."""
    return sum(1 for r in rows[1:] if any(c.strip() for c in r))


def _check(project, capsys, rows_in):
    for stage in ("validate", "ingest"):
        before = sorted(p.name for p in project.processed.iterdir())
        status = main([stage, "--wave", "demo"])  # an uncaught exception fails the test
        err = capsys.readouterr().err
        assert status in (0, 2), err
        assert "Traceback" not in err
        if status == 2:
            assert err.strip(), "exit 2 must say why"
            assert sorted(p.name for p in project.processed.iterdir()) == before
            return
    if rows_in is not None:
        import json

        record = json.loads(project.processed_sidecar("demo").read_text())
        assert record["respondents"] == rows_in, "rows in != rows out, and nothing reported"


def _fresh(project):
    shutil.rmtree(project.processed)
    project.processed.mkdir()
    shutil.rmtree(project.raw / "demo", ignore_errors=True)


@FUZZ
@given(export=exports())
def test_malformed_exports(project, capsys, export):
    rows, text, quoted = export
    _fresh(project)
    folder = write_demo(project.root)
    (folder / "export.csv").write_text(text, encoding="utf-8")
    _check(project, capsys, _rows_in(rows, text, quoted))


@FUZZ
@given(codebook=codebooks())
def test_malformed_codebooks(project, capsys, codebook):
    _fresh(project)
    write_demo(project.root, codebook=codebook)
    _check(project, capsys, len(ROWS) - 1)
