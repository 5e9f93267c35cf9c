"""A scratch project whose 2013 export is repeated ``times`` times with new respondent ids."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from analysis.config import Paths
from tests.projects import bundled_project

EXPORT = "mcf_2013_export.csv"


def repeated_project(root: Path, *, times: int = 20) -> Paths:
    """The bundled 2013 wave with its export repeated ``times`` times (ids 1, 2, 3 ...), same codebook."""
    paths = bundled_project(root)
    path = paths.wave_dir("2013") / EXPORT
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    header, body = rows[0], rows[1:]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    rid = 0
    for _ in range(times):
        for row in body:
            rid += 1
            writer.writerow([str(rid), *row[1:]])
    path.write_text(out.getvalue(), encoding="utf-8")
    codebook = paths.codebook("2013")
    text = codebook.read_text(encoding="utf-8")
    text = text.replace('data = "mcf_2013_export.sav"', f'data = "{EXPORT}"').replace('format = "sav"', 'format = "csv"')
    codebook.write_text(text, encoding="utf-8")
    (paths.wave_dir("2013") / "mcf_2013_export.sav").unlink()
    return paths
