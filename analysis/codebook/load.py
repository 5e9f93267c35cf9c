"""Read a codebook file: parse its TOML, check every part, and return a :class:`~analysis.codebook.model.Codebook`.

Every problem found anywhere in the file is raised together as one
:class:`~analysis.errors.InputError`, each naming its key.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Mapping

from analysis.codebook.indicators import parse_bases, parse_indicators
from analysis.codebook.items import parse_item
from analysis.codebook.model import FORMATS, INTERVAL_METHODS, PROVENANCES, Codebook, FilesSpec, Item, WaveInfo
from analysis.codebook.names import MAX_NAME_LENGTH, inside_folder, is_safe_name
from analysis.codebook.reader import Reader, close_hint
from analysis.codebook.sections import parse_abbreviations, parse_design, parse_row_filter, parse_weighting
from analysis.errors import InputError
from analysis.sampling import SAMPLING  # [wave] sampling: how respondents were selected


def _iso_date(r: Reader, data: Mapping, key: str, where: str) -> str:
    """An optional date (a TOML date or a ``YYYY-MM-DD`` string) as ``YYYY-MM-DD``; ``""`` when absent."""
    import datetime as dt

    value = data.get(key)
    if value is None:
        return ""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    r.bad(f"{where}.{key}", "a date, YYYY-MM-DD", value)
    return ""


def _header_row(r: Reader, files: Mapping, key: str) -> int:
    """``[files] header_rows`` or ``question_row``: a whole number from 1 to 20 (0 when absent)."""
    value = files.get(key, 0)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 20 or (value == 0 and key in files):
        r.bad(f"files.{key}", "a whole number of rows from 1 to 20", value)
        return 0
    return value


def parse_codebook(text: str, *, source: str = "codebook.toml") -> Codebook:
    """Parse codebook TOML text; every problem found is raised together as an :class:`InputError`."""
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError.single(source, "valid TOML", found=str(exc)) from None
    r = Reader(source)

    w = r.table(data, "wave")
    wave = WaveInfo(
        name=r.string(w, "name", "wave"),
        title=r.string(w, "title", "wave", default=""),
        period=r.string(w, "period", "wave", default=""),
        population=r.string(w, "population", "wave", default=""),
        source=r.string(w, "source", "wave", default=""),
        provenance=r.string(w, "provenance", "wave", default="real", choices=PROVENANCES),
        provenance_note=r.string(w, "provenance_note", "wave", default=""),
        previous=r.string(w, "previous", "wave", default=""),
        status=r.string(w, "status", "wave", default=""),
        published=_iso_date(r, w, "published", "wave"),
        contact=r.string(w, "contact", "wave", default=""),
        sampling=r.string(w, "sampling", "wave", default=""),
        recruitment=r.string(w, "recruitment", "wave", default=""),
        citation=r.string(w, "citation", "wave", default=""),
    )
    if wave.sampling and wave.sampling not in SAMPLING:
        r.bad("wave.sampling", "one of " + ", ".join(SAMPLING), wave.sampling)
    if wave.name and not is_safe_name(wave.name):
        r.bad("wave.name", "the wave folder's name: letters, digits, '.', '_' or '-', no path separators, "
              f"'..' or line breaks, at most {MAX_NAME_LENGTH} characters", wave.name[:MAX_NAME_LENGTH + 1])
    if wave.previous and not is_safe_name(wave.previous):
        r.bad("wave.previous", "the name of another wave's folder under data/raw (letters, digits, '.', '_' or "
              f"'-'; no path, no '..', at most {MAX_NAME_LENGTH} characters)", wave.previous[:MAX_NAME_LENGTH + 1])
    if wave.provenance != "real" and not wave.provenance_note:
        object.__setattr__(wave, "provenance_note", (
            "These data are reconstructed from published aggregates; subgroup breakdowns are "
            "illustrative, not findings." if wave.provenance == "reconstructed" else
            "Illustrative data, generated for demonstration; not findings."))

    f = r.table(data, "files")
    files = FilesSpec(
        data=r.string(f, "data", "files"),
        format=r.string(f, "format", "files", default="auto", choices=FORMATS),
        encoding=r.string(f, "encoding", "files", default=""),
        sheet=r.string(f, "sheet", "files", default=""),
        delimiter=r.string(f, "delimiter", "files", default=""),
        header_rows=_header_row(r, f, "header_rows"),
        question_row=_header_row(r, f, "question_row"),
    )
    if files.question_row and files.question_row > max(files.header_rows, 1):
        r.bad("files.question_row", f"a row number from 2 to files.header_rows ({files.header_rows})",
              files.question_row)
    if files.data and not inside_folder(files.data):
        r.bad("files.data", "a file name inside the wave folder (no absolute path, no '..')", files.data)
    id_table = r.table(data, "id")
    id_column = r.string(id_table, "column", "id")
    pseudonymise_ids = r.boolean(id_table, "pseudonymise", "id", default=False)

    items: dict[str, Item] = {}
    for name, raw in r.table(data, "items").items():
        if "__" in name:  # the respondent frame names derived columns <item>__<k> and <item>__code
            r.bad(f"items.{name}", "an item name without a double underscore (the processed frame uses "
                  "'__' for an item's option and code columns)", name)
        item = parse_item(r, name, raw)
        if item is not None:
            items[name] = item

    weights = [name for name, item in items.items() if item.type == "weight"]
    if len(weights) > 1:
        r.bad(f"items.{weights[1]}.type", f"one weight item per wave (items.{weights[0]} is already the weight)",
              "weight")

    bases = parse_bases(r, data, items)
    indicators = parse_indicators(r, data, items, bases)

    t = r.table(data, "tables", required=False)
    breakdowns = tuple(r.array(t, "breakdowns", "tables"))
    crosses_raw = r.array(t, "crosses", "tables")
    crosses = tuple(tuple(pair) for pair in crosses_raw if isinstance(pair, list))
    if len(crosses) != len(crosses_raw):
        r.bad("tables.crosses", "pairs of two items, e.g. [[\"sector\", \"profession\"]]", crosses_raw)
    for name in breakdowns + tuple(n for pair in crosses for n in pair):
        if not isinstance(name, str) or name not in items or not items[name].is_coded:
            r.bad("tables", "breakdowns and crosses naming coded items under [items]",
                  close_hint(name, [n for n, i in items.items() if i.is_coded]) if isinstance(name, str) else name)
    for pair in crosses:
        if len(pair) != 2:
            r.bad("tables.crosses", "pairs of two items", list(pair))
    interval = r.string(t, "interval", "tables", default="", choices=INTERVAL_METHODS) if "interval" in t else ""
    row_filter, row_label = parse_row_filter(r, data)

    design, weighting = parse_design(r, data, items), parse_weighting(r, data)
    abbreviations = parse_abbreviations(r, data)
    from analysis.model_spec import parse_models, parse_numeric, parse_replicates

    models, numeric = parse_models(r, data, items, indicators), parse_numeric(r, t, items)
    replicates = parse_replicates(r, r.table(data, "design", required=False))
    from analysis.codebook_text import text_problems

    r.problems.extend(text_problems(data, source))
    if r.problems:
        raise InputError(r.problems)
    return Codebook(wave, files, id_column, items, bases, indicators, breakdowns, crosses, source=source,
                    sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), design=design, weighting=weighting,
                    pseudonymise_ids=pseudonymise_ids, interval=interval, row_filter=row_filter,
                    row_filter_label=row_label, abbreviations=abbreviations, models=models, numeric=numeric,
                    replicates=replicates)


def load_codebook(path: str | Path, *, wave: str | None = None) -> Codebook:
    """Read and check a codebook file; its ``[wave] name`` must be the wave folder's name.

    The wave is ``wave`` when given, otherwise the folder of a wave's codebook
    (``data/raw/<wave>/codebook.toml``), so every stage that loads a wave's
    codebook (including the previous and canonical waves of trends) checks it.
    A codebook elsewhere (a template) is not checked against its folder.
    """
    from analysis.inside import check_inside

    path = Path(path)
    if wave is None and path.name == "codebook.toml" and path.parent.parent.name == "raw":
        wave = path.parent.name
    check_inside(path, what="a codebook")
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError.single(str(path), "a codebook file (codebook.toml) in the wave folder") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError.single(str(path), "UTF-8 text", found=f"byte 0x{raw[exc.start]:02x} at offset {exc.start}") from None
    cb = parse_codebook(text, source=str(path))
    if wave is not None and cb.wave.name != wave:
        raise InputError.single(str(path), f"[wave] name = \"{wave}\", the name of the wave's folder "
                                "(outputs go to folders of that name)", found=cb.wave.name)
    return cb

