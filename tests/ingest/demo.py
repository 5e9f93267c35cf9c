"""A small, readable demo wave that tests write into a temporary project."""

from __future__ import annotations

from pathlib import Path

CODEBOOK = '''
[wave]
name = "demo"
title = "Demo wave"
provenance = "illustrative"

[files]
data = "export.csv"

[id]
column = "id"

[items.sector]
column = "Q1"
text = "Where do you work?"
type = "single"
codes = { 1 = "Health", 2 = "Education" }

[items.conf]
column = "Q2"
text = "How confident are you assessing online risk?"
type = "ordinal"
codes = { 1 = "Not at all confident", 2 = "Not very confident", 3 = "Fairly confident", 4 = "Very confident" }
missing = { 8 = "dont_know", 9 = { label = "No answer", kind = "no_answer" } }

[items.trained]
column = "Q3"
text = "Have you had training in online risk assessment?"
type = "yesno"
codes = { 1 = "Yes", 2 = "No" }

[items.years]
column = "Q4"
type = "numeric"
missing = { -1 = "refused" }

[items.email]
column = "Email"
type = "identifier"

[items.case_text]
column = "Q5"
type = "text"

[tables]
breakdowns = ["sector"]

[indicators.not_conf]
item = "conf"
codes = [1, 2]
label = "Not confident assessing online risk"

[indicators.untrained]
item = "trained"
codes = [2]
label = "No training in online risk assessment"
'''

#: Header, then six respondents. Respondent 3 answered "don't know", 6 left conf blank.
def codebook_head(*, name: str = "demo", data: str = "export.csv", provenance: str = "") -> str:
    """The ``[wave]``, ``[files]`` and ``[id]`` tables of a one-file demo wave, for tests that write their own items.

    >>> print(codebook_head(data="x.csv").strip())
    [wave]
    name = "demo"
    [files]
    data = "x.csv"
    [id]
    column = "id"
    """
    wave = f'name = "{name}"\n' + (f'provenance = "{provenance}"\n' if provenance else "")
    return f'\n[wave]\n{wave}[files]\ndata = "{data}"\n[id]\ncolumn = "id"\n'


ROWS = [
    ["id", "Q1", "Q2", "Q3", "Q4", "Email", "Q5"],
    ["101", "1", "1", "2", "3", "ann@example.org", "A case about a webcam"],
    ["102", "Education", "Very confident", "Yes", "10", "", ""],
    ["103", "2", "8", "2", "-1", "", ""],
    ["104", "1", "2", "2", "", "bob@example.org", "Grooming on a games console"],
    ["105", "2", "3", "1", "5", "", ""],
    ["106", "1", "", "2", "1", "", ""],
]


def write_demo(root: Path, *, rows=None, codebook: str = CODEBOOK, name: str = "export.csv",
               encoding: str = "utf-8") -> Path:
    """Write the demo wave under ``root/data/raw/demo`` and return its folder."""
    folder = root / "data" / "raw" / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "codebook.toml").write_text(codebook.replace('"export.csv"', f'"{name}"'), encoding="utf-8")
    text = "\r\n".join(",".join(r) for r in (rows if rows is not None else ROWS)) + "\r\n"
    (folder / name).write_bytes(text.encode(encoding))
    return folder


def csv_text(rows) -> str:
    """Rows joined as CSV lines (cells written as given, no quoting), CRLF line ends."""
    return "\r\n".join(",".join(r) for r in rows) + "\r\n"


def many_rows(n: int) -> list[list[str]]:
    """The demo header and ``n`` respondents (ids 1001 ...), every answer given."""
    return [ROWS[0]] + [[str(1000 + i), str(1 + i % 2), str(1 + i % 4), str(1 + i % 2), str(i % 30), "", ""]
                        for i in range(1, n + 1)]


def refused(main, project, capsys, *, stage: str = "ingest", wave: str = "demo") -> str:
    """Run ``stage``; assert exit 2, one line per problem and no traceback, nothing written; return stderr."""
    before = sorted(p.relative_to(project.root) for p in project.processed.rglob("*"))
    assert main([stage, "--wave", wave]) == 2
    err = capsys.readouterr().err
    assert err and "Traceback" not in err
    assert sorted(p.relative_to(project.root) for p in project.processed.rglob("*")) == before
    return err
