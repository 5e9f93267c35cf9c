"""A wave's population margins: the CSV that ``[weighting]`` names, read and checked row by row.

The file has columns ``variable``, ``category``, ``population``, ``source``: one row per
category of each raking variable, categories written as labels or codes of the codebook
item. :func:`read_margins` checks every row and raises every problem together;
:mod:`analysis.weighting` rakes a wave's respondents to the totals it returns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.errors import InputError, Problem

if TYPE_CHECKING:  # pragma: no cover
    from analysis.codebook import Codebook


MARGIN_COLUMNS = ("variable", "category", "population", "source")


@dataclass(frozen=True)
class Margins:
    """Population totals by raking variable and category label, with each row's source."""

    path: str
    totals: dict[str, dict[str, float]]
    sources: dict[tuple[str, str], str] = field(default_factory=dict)


def read_margins(path: str | Path, codebook: "Codebook") -> Margins:
    """Read and check a margins CSV; every problem is raised together as an :class:`InputError`.

    Each variable must be a coded item of the codebook, each category one of
    its substantive codes or labels, each population a positive number, every
    substantive category of a variable present once, and every variable's
    totals must add up to the same population.
    """
    import csv
    import math

    from analysis.ingest.cells import cell_key

    from analysis.inside import check_inside

    path = Path(path)
    where = str(path)
    check_inside(path, what="a margins file")
    if path.exists() and not path.is_file():
        raise InputError.single(where, "the margins file named by [weighting] margins in the codebook",
                                found="not a regular file")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError.single(where, "the margins file named by [weighting] margins in the codebook") from None
    except UnicodeDecodeError:
        raise InputError.single(where, "UTF-8 text") from None
    rows = list(csv.reader(text.splitlines()))
    header = [h.strip().lower() for h in rows[0]] if rows else []
    absent = [c for c in MARGIN_COLUMNS[:3] if c not in header]
    if absent:
        raise InputError.single(where, "a header with the columns variable, category, population, source",
                                found=", ".join(header) or "an empty file")
    col = {name: header.index(name) for name in MARGIN_COLUMNS if name in header}
    problems: list[Problem] = []
    totals: dict[str, dict[str, float]] = {}
    sources: dict[tuple[str, str], str] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cell = {name: (row[i].strip() if i < len(row) else "") for name, i in col.items()}
        var = cell["variable"]
        item = codebook.items.get(var)
        if item is None or not item.is_coded:
            problems.append(Problem(where, "variable", [number], "a coded item of the codebook (single, ordinal or "
                                    "yesno)", var or "blank"))
            continue
        by_key = {cell_key(label): label for label in item.labels()}
        by_key.update({cell_key(code): label for code, label in item.codes.items()})
        label = by_key.get(cell_key(cell["category"]))
        if label is None:
            problems.append(Problem(where, "category", [number], f"a category of item '{var}': "
                                    + ", ".join(item.labels()), cell["category"] or "blank"))
            continue
        try:
            value = float(cell["population"])
        except ValueError:
            value = float("nan")
        if not (value > 0 and math.isfinite(value)):
            problems.append(Problem(where, "population", [number], "a positive population total",
                                    cell["population"] or "blank"))
            continue
        if label in totals.get(var, {}):
            problems.append(Problem(where, "category", [number], f"each category of '{var}' once", label))
            continue
        totals.setdefault(var, {})[label] = value
        sources[(var, label)] = cell.get("source", "")
    for var, margin in totals.items():
        missing = [label for label in codebook.items[var].labels() if label not in margin]
        if missing:
            problems.append(Problem(where, "category", [], f"a row for every category of '{var}'",
                                    "none for " + ", ".join(missing)))
    if not totals and not problems:
        problems.append(Problem(where, None, [], "at least one margin row"))
    sums = {var: sum(m.values()) for var, m in totals.items()}
    if not problems and len(set(round(v, 6) for v in sums.values())) > 1:
        problems.append(Problem(where, "population", [], "every variable's totals to add up to the same population",
                                "; ".join(f"{v} adds up to {t:g}" for v, t in sums.items())))
    if problems:
        raise InputError(problems)
    return Margins(where, totals, sources)


def margins_path(codebook: "Codebook") -> Path:
    """The margins file: ``[weighting] margins`` beside the codebook."""
    return Path(codebook.source).parent / codebook.weighting.margins
