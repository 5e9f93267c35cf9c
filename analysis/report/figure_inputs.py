"""What the report reads of each figure: the files the figures stage wrote, and the table of its numbers.

One job: from ``figures/<wave>/`` to :class:`analysis.report.html.FigureFiles`. For each
figure with a JSON caption record and a chart file it reads the SVG (and PNG), the
analysts' CSV (``<stem>.csv``), the CSV for reports (``<stem>_percentages.csv``) when
there is one, and lays the analysts' CSV out as a table with readable labels (the
chart's long description in the page). The bytes of each file are kept as they are on
disk, so a download from the page is the file.
"""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING, Callable, Mapping

if TYPE_CHECKING:  # pragma: no cover
    from analysis.config import Paths
    from analysis.report.content import ReportTable

#: The file beside ``<stem>.csv`` that holds the chart's numbers for reports (percentages, bases, intervals).
PERCENTAGES_SUFFIX = "_percentages.csv"


def checked_csv(data: bytes) -> tuple[bytes, bool]:
    """A figure's CSV as the figures stage wrote it, and whether it shows a number it marks withheld.

    The figures stage draws from the protected table set (``data/processed/<wave>/protected``),
    so its CSVs are already protected: the report embeds them as written and plans nothing.
    Should a row marked withheld still carry a number, the page shows the figure's table
    instead of its image (``FigureFiles.withheld``).
    """
    import pandas as pd

    frame = pd.read_csv(io.BytesIO(data), keep_default_na=False, na_values=[""])
    if "disclosure" not in frame.columns:
        return data, False
    marked = frame["disclosure"].astype("string").fillna("") != ""
    shown = pd.Series(False, index=frame.index)
    for col in ("count", "proportion"):
        if col in frame.columns:
            shown |= frame[col].notna()
    return data, bool((marked & shown).any())


def figure_table(data: bytes, *, name: str, title: str, labels: Mapping[str, str] | None = None,
                 threshold: int = 10) -> "ReportTable | None":
    """The numbers of a figure's CSV as a report table: measure and group in words, then the estimate columns.

    None when the CSV is not a frame of estimates (no indicator, group and proportion columns).

    >>> csv = (b"indicator,by,group,count,n,proportion,ci_lower,ci_upper,level,flag,disclosure\\n"
    ...        b"risk_notconf,overall,All,429,692,0.62,0.58,0.66,0.95,,\\n")
    >>> t = figure_table(csv, name="fig1", title="Numbers", labels={"risk_notconf": "Not confident"})
    >>> [c.label for c in t.columns][:4], t.rows[0][:3]
    (['Measure', 'Group', 'Count', 'Base (n)'], ('Not confident', 'All', 429))
    """
    import pandas as pd

    from analysis.report.assemble import with_notes
    from analysis.report.content import Column, estimate_table

    frame = pd.read_csv(io.BytesIO(data), keep_default_na=False, na_values=[""])
    if not {"indicator", "group", "proportion"} <= set(frame.columns) or frame.empty:
        return None
    labels = dict(labels or {})
    frame = with_notes(frame, threshold).assign(label=[labels.get(i, i) for i in frame["indicator"]])
    first = [Column("label", "Measure"), Column("group", "Group")]
    if "category" in frame.columns:
        first.append(Column("category", "Answer"))
    for col in ("flag", "disclosure"):
        if col in frame.columns:
            frame[col] = frame[col].astype("string").fillna("").astype(str)
    if "by" not in frame.columns:
        frame["by"] = "overall"
    return estimate_table(frame, id=f"{name}-data", title=f"{title}: the numbers in the chart", first=first)


def figure_files(wave: str, paths: "Paths", decisions_frames: Callable | None = None, *,
                 labels: Mapping[str, str] | None = None, threshold: int = 10) -> list:
    """Every figure of the wave that has a JSON record and a chart (SVG or PNG), sorted by name.

    ``decisions_frames`` (a callable, :func:`checked_csv`) is given each figure's CSV and
    returns the bytes to embed and whether the figure shows a number it marks withheld.
    ``labels`` turn the CSV's indicator and item names into words for the table of numbers;
    ``threshold`` words the reason a row is withheld.
    """
    from analysis.report.html import FigureFiles

    folder = paths.figures_dir(wave)
    out = []
    if not folder.is_dir():
        return out
    for meta_path in sorted(folder.glob("*.json")):
        png, svg, csv = (meta_path.with_suffix(s) for s in (".png", ".svg", ".csv"))
        if not png.is_file() and not svg.is_file():
            continue
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        percentages = meta_path.with_name(meta_path.stem + PERCENTAGES_SUFFIX)
        csv_bytes = csv.read_bytes() if csv.is_file() else b""
        withheld = False
        if csv_bytes and decisions_frames is not None:
            csv_bytes, withheld = decisions_frames(csv_bytes)
        title = meta.get("title", meta_path.stem)
        lines = [meta.get("base", "")] + list(meta.get("notes", [])) + [meta.get("source", "")]
        out.append(FigureFiles(
            name=meta_path.stem, title=title, alt_text=meta.get("alt_text", ""),
            png=png.read_bytes() if png.is_file() else b"", subtitle=meta.get("subtitle", ""),
            long_description=meta.get("long_description", ""), lines=tuple(x for x in lines if x),
            svg=svg.read_bytes() if svg.is_file() else b"", csv=csv_bytes, withheld=withheld,
            percentages=percentages.read_bytes() if percentages.is_file() else b"",
            data=figure_table(csv_bytes, name=meta_path.stem, title=title, labels=labels, threshold=threshold)
            if csv_bytes else None))
    return out
