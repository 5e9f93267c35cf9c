"""No free text or direct identifier reaches any output: a wave full of them, run through every stage.

The tiny wave's export holds free-text answers, e-mail addresses, names and IP
addresses in columns the codebook marks ``text`` and ``identifier``. After the whole
pipeline (ingest, tables, figures, reproduction, report), every file written is
searched: its bytes, the members of zip files (the workbook), the values of Parquet
files, and the base64 ``data:`` URIs inside HTML pages (the embedded figures and CSVs).
"""

from __future__ import annotations

import base64
import io
import re
import zipfile
from pathlib import Path

from tests.report.tiny import SECRETS

#: Fragments searched for as well as the whole values (a name split across cells would still leak).
FRAGMENTS = ("Quuxworth", "Vanderplonk", "Flibbertigibbet", "Snodsbury", "198.51.100.237", "203.0.113.199",
             "@example.org", "@example.net")


def readable_texts(path: Path) -> list[tuple[str, bytes]]:
    """Every byte string a person or program could read out of ``path``: (where, bytes)."""
    data = path.read_bytes()
    found = [(str(path), data)]
    if zipfile.is_zipfile(io.BytesIO(data)):
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            found += [(f"{path}!{m}", z.read(m)) for m in z.namelist()]
    if path.suffix == ".parquet":
        import pandas as pd

        frame = pd.read_parquet(path)
        found.append((f"{path} (values)", frame.to_csv().encode("utf-8") + " ".join(frame.columns).encode()))
    if path.suffix in (".html", ".htm", ".svg", ".md"):
        for i, m in enumerate(re.finditer(rb"data:[^;,\"']+(?:;[^;,\"']+)*;base64,([A-Za-z0-9+/=]+)", data)):
            found.append((f"{path} (data URI {i})", base64.b64decode(m.group(1))))
    return found


def leaks(root: Path) -> list[str]:
    out = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        if (root / "data" / "raw") in path.parents:
            continue  # the export itself is the input
        for where, blob in readable_texts(path):
            low = blob.lower()
            for secret in SECRETS + FRAGMENTS:
                if secret.lower().encode("utf-8") in low:
                    out.append(f"{where}: {secret}")
    return out


def test_every_output_is_free_of_free_text_and_identifiers(built_tiny):
    root = built_tiny  # `all --wave tiny` run once per test run (tests/conftest.py)
    written = [p for p in root.rglob("*") if p.is_file() and (root / "data" / "raw") not in p.parents]
    names = {p.name for p in written}
    # The search covers the report, the figures, the tables and the processed data.
    assert {"tiny.xlsx", "tiny.html", "tiny.parquet", "estimates.csv"} <= names
    assert any(p.suffix == ".png" for p in written)
    assert leaks(root) == []


def test_the_search_finds_a_planted_leak(tmp_path):
    # The search itself must see through the workbook's zip and the HTML's base64.
    (tmp_path / "a.html").write_text('<a href="data:text/csv;base64,'
                                     + base64.b64encode(SECRETS[1].encode()).decode() + '">x</a>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/sharedStrings.xml", f"<si><t>{SECRETS[0]}</t></si>")
    (tmp_path / "b.xlsx").write_bytes(buf.getvalue())
    found = leaks(tmp_path)
    assert any("a.html (data URI 0)" in f for f in found)
    assert any("b.xlsx!xl/sharedStrings.xml" in f for f in found)
