"""Apply a codebook to a raw export: check every cell, then build the tidy frames.

:func:`check_export` collects every problem in the file (missing columns, codes
not in the codebook, duplicate or blank respondent ids, non-numeric numbers)
and raises them together. :func:`tidy_frames` turns a checked export into the
respondent-level frame described in ``docs/architecture.md``.

A cell matches a code when it is the code itself (``1``, ``1.0``) or its label
(compared without case and surrounding spaces), so the same codebook reads an
SPSS file of codes and a platform export of answer texts.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from analysis.errors import InputError, Problem
from analysis.ingest.readers import RawExport
from analysis.personal import NEEDS, label_names, looks_like_name, name_rows, personal_kind, shown  # noqa: F401 (used by callers)
from analysis.personal import names_among as _names_among

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from analysis.codebook import Codebook, Item


def cell_key(value: Any) -> str | None:
    """A cell as a lookup key: integral numbers without ``.0``, text trimmed and case-folded; blank -> None.

    >>> cell_key(2.0), cell_key(" Yes "), cell_key("3.0"), cell_key(float("nan")), cell_key("")
    ('2', 'yes', '3', None, None)
    """
    if value is None:
        return None
    try:
        import pandas as pd

        if value is pd.NA:
            return None
    except ImportError:  # pragma: no cover
        pass
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (int,)) and not isinstance(value, bool):
        return str(value)
    text = " ".join(str(value).split()).casefold()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        return text
    return str(int(number)) if number.is_integer() else text


def code_lookup(item: "Item") -> dict[str, Any]:
    """Every key a cell may hold for this item -> the code it stands for."""
    lookup: dict[str, Any] = {}
    for code in item.all_codes():
        lookup[cell_key(item.label_of(code))] = code
    for code in item.all_codes():  # codes win over a label that looks like another code
        lookup[cell_key(code)] = code
    if item.type == "single" and item.other != "":  # any other answer counts as `other` (typed in place of a choice)
        from analysis.ingest.single_other import with_other

        return with_other(lookup, item.other)
    return lookup


def _rows(export: RawExport, positions) -> list[int]:
    """Row numbers as a person sees them (spreadsheet rows, or SPSS case numbers)."""
    if export.source_rows is not None:
        return [export.source_rows[int(p)] for p in positions]
    offset = export.header_rows + 1 if export.layout != "sav" else 1
    return [int(p) + offset for p in positions]


def _unit(export: RawExport) -> str:
    return "case" if export.layout == "sav" else "row"


#: An id longer than this is not an id (a stray quote ran rows together).
MAX_ID_LENGTH = 200
#: The largest weight accepted; larger values overflow the variance sums.
MAX_WEIGHT = 1e9
#: The smallest weight above zero accepted: smaller ones underflow when squared (1e-200 squared is 0 in float64).
MIN_WEIGHT = 1e-9
#: The largest ratio of the largest weight to the smallest above zero: one respondent counting as a million
#: others is a unit or data error (raking and trimming keep real weights within a few hundred).
MAX_WEIGHT_RATIO = 1e6

#: A cell matching none of these characters holds no personal data a pattern finds (see :mod:`analysis.personal`).
_PERSONAL_NEEDS = NEEDS


def _found(series: "pd.Series", positions: list[int]) -> str:
    """The distinct offending values, the first three of them, each cut to 40 characters.

    Values of :data:`FREE_TEXT_WORDS` words or more are free text, shown as
    ``(free text)`` and never echoed, unless they are few (at most
    :data:`FEW_LONG_VALUES` different ones) and each repeats: a label the codebook
    lacks, not people's answers.
    """
    cells = [" ".join(str(series.iloc[i]).split()) for i in positions]
    counts: dict[str, int] = {}
    for text in cells:
        counts[text] = counts.get(text, 0) + 1
    long = [t for t in counts if len(t.split()) >= FREE_TEXT_WORDS]
    labels = len(long) <= FEW_LONG_VALUES and all(counts[t] > 1 for t in long)
    values = list(dict.fromkeys(_short(t) if labels or t not in long else "(free text)" for t in cells))
    return "', '".join(values[:3]) + ("' and others" if len(values) > 3 else "")


#: A cell of this many words may be free text (see :func:`_found`).
FREE_TEXT_WORDS = 4
#: At most this many different long values, each repeated, are labels an error line may show.
FEW_LONG_VALUES = 2


def _short(value: Any) -> str:
    """A cell as an error line may show it: cut to 40 characters, personal data replaced by its kind."""
    text = shown(" ".join(str(value).split()))
    if looks_like_name(text):
        return "(a name)"
    return text if len(text) <= 40 else text[:39] + "…"


def _key_codes(series: "pd.Series") -> "tuple[Any, list[str | None]] | None":
    """``(codes, keys)``: :func:`cell_key` once per distinct text, and each cell's position in ``keys``.

    For a column of text (a delimited or platform export): ``keys[codes[i]]`` is the
    key of cell ``i``; a blank cell's position is the last one, whose key is None.
    None for columns of other types (a .sav file's numbers), which :func:`_keys` reads
    cell by cell.
    """
    import numpy as np
    import pandas as pd

    if not isinstance(series.dtype, pd.StringDtype):
        return None
    if series.dtype.storage == "pyarrow":  # Arrow's hash kernel, without pandas' conversions
        import pyarrow as pa
        import pyarrow.compute as pc

        encoded = pc.dictionary_encode(pa.array(series.array))
        uniques = encoded.dictionary.to_pylist()
        codes = encoded.indices.fill_null(len(uniques)).to_numpy(zero_copy_only=False)  # int32: fine as an index
        return codes, [cell_key(v) for v in uniques] + [None]
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    keys = [cell_key(v) for v in uniques.tolist()] + [None]
    codes = np.where(codes < 0, len(keys) - 1, codes)
    return codes, keys


def _column_key_codes(export: RawExport, column: str) -> "tuple[Any, list[str | None]] | None":
    """:func:`_key_codes` of one column of the export, computed once (the checks and the frame both need it)."""
    if column not in export.distinct:
        export.distinct[column] = _key_codes(export.frame[column])
    return export.distinct[column]


def _positions(found: "tuple[Any, list[str | None]]", test) -> list[int]:
    """Row positions whose key passes ``test``, testing each distinct key once."""
    import numpy as np

    codes, keys = found
    hit = np.fromiter((bool(test(k)) for k in keys), dtype=bool, count=len(keys))
    return np.flatnonzero(hit[codes]).tolist() if hit.any() else []


def _keys(series: "pd.Series") -> list[str | None]:
    """:func:`cell_key` of every cell, computed once per distinct value."""
    found = _key_codes(series)
    if found is not None:
        codes, keys = found
        return [keys[c] for c in codes.tolist()]
    cache: dict[Any, str | None] = {}
    out = []
    for v in series.tolist():
        try:
            key = cache[v]
        except KeyError:
            key = cache[v] = cell_key(v)
        except TypeError:  # unhashable: compute directly
            key = cell_key(v)
        out.append(key)
    return out


def _user_missing_in_file(export: RawExport, column: str, code: Any) -> bool:
    """Whether an SPSS file's dictionary marks this code of this column as user-missing."""
    if isinstance(code, str):
        return code in export.missing_codes.get(column, [])
    if code in export.missing_codes.get(column, []):
        return True
    return any(isinstance(lo, (int, float)) and lo <= code <= hi for lo, hi in export.missing_ranges.get(column, []))


def check_export(export: RawExport, codebook: "Codebook") -> None:
    """Raise :class:`InputError` listing every problem of the export against the codebook."""
    frame = export.frame
    source = str(export.path)
    unit = _unit(export)
    problems: list[Problem] = []

    def add(column, positions, expected, found=None):
        problems.append(Problem(source, column, _rows(export, positions), expected, found, unit))

    if len(frame) == 0:
        raise InputError([Problem(source, None, [], "at least one data row", "a header-only file")])
    columns = set(frame.columns)
    if not codebook.id_column and codebook.pseudonymise_ids:
        pass  # no id column: respondents are numbered P1, P2 ... in the export's order
    elif codebook.id_column not in columns:
        from analysis.suggest import suggest
        from analysis.ingest.idcolumn import guess_id_column

        hint = suggest(codebook.id_column, list(frame.columns)) or (
            f"candidate id column: {guess_id_column(export)!r}" if guess_id_column(export) else "")
        add(codebook.id_column, [], "the respondent-id column named in [id] column",
            "no such column" + (f"; {hint}" if hint else ""))
    else:
        ids = frame[codebook.id_column]
        plain = _column_plain_ids(export, codebook.id_column)  # then no id is blank, runs on or differs from its key
        keys = [] if plain else _keys(ids)
        blank = [i for i, k in enumerate(keys) if k is None]
        if blank:
            lead = next((i for i, k in enumerate(keys) if k is not None), len(keys))  # blank ids atop the data
            hint = (f" (if the first {lead + 1} rows are all header rows, set header_rows = {lead + 1} under [files])"
                    if export.layout in ("csv", "xlsx") and 0 < lead <= 3 and lead < len(keys) else "")
            add(codebook.id_column, blank, "a respondent id in every row" + hint, "a blank id")
        runon = [] if plain else [i for i, v in enumerate(ids.tolist()) if isinstance(v, str)
                                  and ("\n" in v or "\r" in v or len(v) > MAX_ID_LENGTH)]
        if runon:
            add(codebook.id_column, runon, f"an id of one line and at most {MAX_ID_LENGTH} characters (a longer one "
                "usually means an unmatched '\"' ran rows together, which would be lost)")
        control = [] if plain else _control_rows(ids, set(runon))
        if control:
            add(codebook.id_column, control, "an id without control characters (NUL, escape ...)",
                "a control character")
        advice = ("use another id column, or set pseudonymise = true under [id] to number respondents P1, P2 ... "
                  "in the export's order")
        if not codebook.pseudonymise_ids and not plain:  # digits alone are no e-mail, phone number or name
            _refuse_personal(ids, codebook.id_column, add, "respondent ids", advice=advice)
        elif not codebook.pseudonymise_ids:
            from analysis.ingest.idcolumn import nhs_number_ids

            if nhs_number_ids(ids.tolist()):  # bare digits may still be NHS numbers, judged as a column
                add(codebook.id_column, list(range(len(ids))), "respondent ids that are not personal data (found "
                    f"NHS numbers); personal data never reaches processed data: {advice}")
        seen: dict[str, int] = {}
        dupes = []
        for i, k in enumerate(keys):
            if k is None:
                continue
            if k in seen:
                dupes.append(i)
            else:
                seen[k] = i
        if dupes:  # ids are compared as spelled (case included: Qualtrics' R_abc and R_ABC are two respondents)
            twice = {keys[i] for i in dupes}
            rows = [i for i, k in enumerate(keys) if k in twice]
            spelled = dict(zip(rows, _id_strings(ids.iloc[rows], False)))
            first_of: dict[str, int] = {}
            dupes = []
            for i in rows:
                if spelled[i] in first_of:
                    dupes.append(i)
                else:
                    first_of[spelled[i]] = i
            seen = {keys[i]: first_of[spelled[i]] for i in dupes}
        if plain:
            dupes = ids.duplicated(keep="first").to_numpy(dtype=bool).nonzero()[0].tolist()
            first = int((ids == ids.iloc[dupes[0]]).to_numpy(dtype=bool).nonzero()[0][0]) if dupes else 0
        elif dupes:
            first = seen[keys[dupes[0]]]
        if dupes:
            add(codebook.id_column, dupes, "each respondent id once",
                f"an id already used in row {_rows(export, [first])[0]}")

    absent = [c for item in codebook.items.values() if item.required for c in item.source_columns()
              if c not in columns]
    unnamed = [c for c in frame.columns if c.startswith("column ")]
    if export.layout in ("csv", "xlsx") and unnamed and any(" | " in c for c in absent):
        # Names "question | option" come from a SurveyMonkey export's two header rows; a one-header
        # table with blank header cells is that export with its second header row deleted.
        raise InputError([Problem(source, None, [2], "the export's second header row (SurveyMonkey's answer "
                                  f"options under each question; {len(absent)} codebook columns need it): it "
                                  "seems to have been deleted; export the file again")])
    for item in codebook.items.values():
        for column in item.source_columns():
            if column not in columns:
                if item.required:
                    from analysis.suggest import suggest

                    hint = suggest(column, list(frame.columns))
                    add(column, [], f"the column of item '{item.name}' ({item.type})",
                        "no such column" + (f"; {hint}" if hint else ""))
                continue
            if not item.reaches_processed:
                continue  # never read further: personal data is dropped unread
            _check_copies(frame, column, codebook, add)
            if item.type == "multi":
                continue  # read as a whole below (analysis.ingest.multi)
            if item.is_coded:
                kinds = {personal_kind(label) for label in item.labels()} - {None}
                if label_names(item.labels()):
                    kinds.add("names")
                if kinds:
                    problems.append(Problem(codebook.source, None, [], f"labels that are not personal data (at "
                                            f"'items.{item.name}.codes': found {', '.join(sorted(kinds))}); such a "
                                            "column is an identifier: set type = \"identifier\""))
            elif item.type not in ("numeric", "weight", "multi"):  # kept text: patterns redacted, names refused
                _refuse_personal(frame[column], column, add, f"values of item '{item.name}'",
                                 patterns=item.type != "text")
            found = _column_key_codes(export, column) if item.is_coded else None
            keys = _keys(frame[column]) if found is None else []
            if item.is_coded:
                flagged = [c for c in item.codes if _user_missing_in_file(export, column, c)]
                if flagged:
                    add(column, [], f"codes the file marks as user-missing to be listed under items.{item.name}.missing",
                        ", ".join(str(c) for c in flagged))
                lookup = code_lookup(item)
                if found is not None:
                    bad = _positions(found, lambda k: k is not None and k not in lookup)
                else:
                    bad = [i for i, k in enumerate(keys) if k is not None and k not in lookup]
                if bad:
                    from analysis.suggest import suggest

                    allowed = ", ".join(f"{c} ({item.label_of(c)})" for c in item.all_codes())
                    first = frame[column].iloc[bad[0]]
                    hint = suggest(" ".join(first.split()), [item.label_of(c) for c in item.all_codes()]) \
                        if isinstance(first, str) else ""
                    add(column, bad, f"a code or label of item '{item.name}': {allowed}",
                        _found(frame[column], bad) + (f"; {hint}" if hint else ""))
            elif item.type in ("numeric", "weight"):
                from analysis.ingest.user_missing import file_missing_keys

                missing = {cell_key(c) for c in item.missing} | file_missing_keys(export, column, keys, cell_key)
                bad = []
                for i, k in enumerate(keys):
                    if k is None or k in missing:
                        continue
                    try:
                        float(k)
                    except ValueError:
                        bad.append(i)
                if bad:
                    add(column, bad, f"a number for item '{item.name}'", _found(frame[column], bad))
                if item.type == "weight":
                    absent = [i for i, k in enumerate(keys) if i not in bad and (k is None or k in missing
                                                                                 or math.isnan(float(k)))]
                    if absent:
                        add(column, absent, "a weight for every respondent", "no weight")
                    values = {i: float(k) for i, k in enumerate(keys) if i not in bad and i not in absent}
                    neg = [i for i, v in values.items() if v < 0]
                    if neg:
                        add(column, neg, "a weight of zero or more", _short(frame[column].iloc[neg[0]]))
                    huge = [i for i, v in values.items() if not v < MAX_WEIGHT and v >= 0]
                    if huge:
                        add(column, huge, f"a finite weight below {MAX_WEIGHT:g}", _short(frame[column].iloc[huge[0]]))
                    if not (bad or absent or neg or huge) and not any(values.values()):
                        add(column, [], "at least one weight above zero", "every weight is zero")
                    tiny = [i for i, v in values.items() if 0 < v < MIN_WEIGHT]
                    if tiny:
                        add(column, tiny, f"a weight of zero or at least {MIN_WEIGHT:g} (the variance sums square "
                            "each weight)", _short(frame[column].iloc[tiny[0]]))
                    positive = [v for v in values.values() if v >= MIN_WEIGHT and v < MAX_WEIGHT]
                    if not tiny and positive and max(positive) > MAX_WEIGHT_RATIO * min(positive):
                        low = min(values, key=lambda i: values[i] if values[i] > 0 else math.inf)
                        add(column, [max(values, key=values.get), low], f"weights within a ratio of "
                            f"{MAX_WEIGHT_RATIO:g} of each other (largest to smallest above zero; a larger spread is "
                            "a unit or data error, or needs trimming)", f"a ratio of {max(positive) / min(positive):.3g}")
        if item.type == "multi" and item.reaches_processed:
            from analysis.ingest.multi import check_multi

            for column, positions, expected, found in check_multi(export, item):
                add(column, positions, expected, found)
    if problems:
        raise InputError(problems)


#: Control characters that are not white space (NUL, escape, delete ...): no id holds one.
_ID_CONTROLS = "[\x00-\x08\x0e-\x1b\x7f]"


def _control_rows(ids: "pd.Series", skip: set) -> list[int]:
    """Positions of ids holding a control character that is not white space (vectorised over text ids)."""
    import pandas as pd

    if isinstance(ids.dtype, pd.StringDtype) or ids.dtype == object:
        hit = ids.astype("string").str.contains(_ID_CONTROLS, regex=True).fillna(False).to_numpy(dtype=bool)
        return [i for i in hit.nonzero()[0].tolist() if i not in skip]
    return []


def _refuse_personal(series: "pd.Series", column: str, add, what: str, *,
                     advice: str = "use another column or give this item type = \"identifier\"",
                     patterns: bool = True) -> None:
    """Refuse a column that would reach processed data while holding e-mail addresses, phone or IP numbers.

    Each distinct value is judged once (a column of a million answers repeats a few
    hundred texts), and a value is matched against the patterns only when it holds a
    character every pattern needs; the rows are then found by the values' positions.
    """
    import numpy as np
    import pandas as pd

    whole, rows = series, None
    if isinstance(series.dtype, pd.StringDtype):
        # Every pattern needs one of these characters ('@'; '.' or ':'; '+' or one of ' .-'), and
        # every name an ASCII capital letter: only the cells holding one are judged (ids of digits are not).
        maybe = (series.str.contains(_PERSONAL_NEEDS, regex=True).fillna(False).to_numpy(dtype=bool)
                 | series.str.contains("[A-Z]", regex=True).fillna(False).to_numpy(dtype=bool))
        rows = maybe.nonzero()[0]
        if len(rows) < len(series):
            series = series.iloc[rows]
        else:
            rows = None
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    values = uniques.tolist()
    kind_of: dict[int, str] = {}
    for j, v in enumerate(values if patterns else ()):  # without patterns: names only
        if isinstance(v, str):
            kind = personal_kind(v)
            if kind:
                kind_of[j] = kind
    hits: dict[str, list[int]] = {}
    if kind_of:
        kinds = list(dict.fromkeys(kind_of[j] for j in sorted(kind_of)))  # in the order of their first row
        lookup = np.full(len(values) + 1, -1, dtype=np.intp)  # code -1 (blank) takes the last entry
        for j, kind in kind_of.items():
            lookup[j] = kinds.index(kind)
        row_kind = lookup[codes]
        for k, kind in enumerate(kinds):
            hits[kind] = np.flatnonzero(row_kind == k)
    counts = np.bincount(codes[codes >= 0], minlength=len(values))

    def answered() -> int:  # answers in the whole column (asked only when enough values look like names)
        all_codes, distinct = pd.factorize(whole, use_na_sentinel=True)
        n = np.bincount(all_codes[all_codes >= 0], minlength=len(distinct))
        return sum(int(n[j]) for j, v in enumerate(distinct.tolist()) if isinstance(v, str) and v.strip())

    named = _names_among(values, counts, answered)
    if named:
        chosen = np.zeros(len(values) + 1, dtype=bool)
        chosen[named] = True
        hits["names"] = np.flatnonzero(chosen[codes])
    for kind in hits:
        hits[kind] = (hits[kind] if rows is None else rows[hits[kind]]).tolist()
    for kind, positions in hits.items():
        add(column, positions, f"{what} that are not personal data (found {kind}); personal data never reaches "
            f"processed data: {advice}")


def _check_copies(frame: "pd.DataFrame", column: str, codebook: "Codebook", add) -> None:
    """A column name the header repeats (read as ``Q2``, ``Q2.2`` ...) whose copies differ is an error."""
    used = {c for item in codebook.items.values() for c in item.source_columns()} | {codebook.id_column}
    copies = [f"{column}.{k}" for k in range(2, 10) if f"{column}.{k}" in frame.columns
              and f"{column}.{k}" not in used]
    if not copies:
        return
    first = _keys(frame[column])
    for copy in copies:
        other = _keys(frame[copy])
        differ = [i for i, (a, b) in enumerate(zip(first, other)) if a != b]
        if differ:
            add(column, differ, f"the column name once in the header: it appears again (read as '{copy}') with "
                "different answers; rename or remove one copy")
            return


#: Ids that are their own key (:func:`cell_key`): digits without a leading zero, exact as floats.
_PLAIN_ID = r"^[1-9][0-9]{0,14}$"


def _plain_ids(series: "pd.Series") -> bool:
    """Whether every id is text of 1-15 digits without a leading zero (so its key and spelling are itself)."""
    import pandas as pd

    if not isinstance(series.dtype, pd.StringDtype) or len(series) == 0 or series.isna().any():
        return False
    return bool(series.str.match(_PLAIN_ID).all())


def _column_plain_ids(export: RawExport, column: str) -> bool:
    """:func:`_plain_ids` of the export's id column, judged once (the checks and the frame both ask)."""
    key = ("plain ids", column)
    if key not in export.distinct:
        export.distinct[key] = _plain_ids(export.frame[column])
    return export.distinct[key]


def _id_strings(series: "pd.Series", plain: bool | None = None):
    """Each id as the processed frames spell it (whitespace runs made one space, a float's ".0" dropped)."""
    if _plain_ids(series) if plain is None else plain:
        return series.array
    out = []
    for v in series.tolist():
        key = cell_key(v)
        # keep the id's own spelling (case included), but drop a float's ".0"
        out.append(key if isinstance(v, float) else " ".join(str(v).split()))
    return out


def _category_codes(item: "Item") -> "tuple[list[str], Any]":
    """The item's categories (labels, then missing labels not among them) and, per code position, its category.

    The look-up has one entry per code of ``item.all_codes()`` and a last one, -1,
    for a blank.
    """
    import numpy as np

    categories = list(dict.fromkeys(item.labels() + [m.label for m in item.missing.values()
                                                     if m.label not in item.labels()]))
    category_of = {label: j for j, label in enumerate(categories)}
    lut = np.array([category_of[item.label_of(c)] for c in item.all_codes()] + [-1], dtype=np.int64)
    return categories, lut


def _code_column(item: "Item", row_pos, index: "pd.Index") -> "pd.Series":
    """The item's codes (Int64 when all are integers, else text), NA for a blank; by code position."""
    import numpy as np
    import pandas as pd

    all_codes = item.all_codes()
    mask = row_pos == len(all_codes)
    if all(isinstance(c, int) and not isinstance(c, bool) for c in all_codes):
        values = pd.arrays.IntegerArray(np.array(all_codes + [0], dtype=np.int64)[row_pos], mask)
    else:
        values = pd.array(np.array([str(c) for c in all_codes] + [None], dtype=object)[row_pos], dtype="string")
    return pd.Series(values, index=index)


def _coded_columns(item: "Item", found, index: "pd.Index") -> "dict[str, pd.Series]":
    """A coded item's columns of the respondent frame, by look-ups on distinct keys.

    The categorical of labels, and for an item two of whose codes share a label its
    codes as well (see :func:`analysis.derive.shares_labels`). The same values as the
    cell-by-cell branch of :func:`tidy_frames`: each distinct key is looked up once
    and every row takes its category by integer position.
    """
    import numpy as np
    import pandas as pd

    from analysis.derive import CODE_SUFFIX, shares_labels

    codes, keys = found
    lookup = code_lookup(item)
    all_codes = item.all_codes()
    position = {code: k for k, code in enumerate(all_codes)}
    blank = len(all_codes)
    key_pos = np.array([position.get(lookup.get(k), blank) if k is not None else blank for k in keys], dtype=np.intp)
    row_pos = key_pos[codes]
    categories, cat_lut = _category_codes(item)
    out = {item.name: pd.Series(pd.Categorical.from_codes(cat_lut[row_pos], categories=categories,
                                                          ordered=item.type == "ordinal"), index=index)}
    if shares_labels(item):
        out[item.name + CODE_SUFFIX] = _code_column(item, row_pos, index)
    return out


def tidy_frames(export: RawExport, codebook: "Codebook") -> "pd.DataFrame":
    """The respondent-level frame of a checked export (one row per respondent, one column per item).

    A coded item is a categorical of its labels; one two of whose codes share a label
    has its codes as well, in ``<name>__code``; a multi item is a boolean column per
    option (``<name>__1`` ...); numbers are Float64 and kept text is text.
    """
    import numpy as np
    import pandas as pd

    from analysis.derive import CODE_SUFFIX, shares_labels

    frame = export.frame
    ids = ([f"P{i}" for i in range(1, len(frame) + 1)] if codebook.pseudonymise_ids
           else _id_strings(frame[codebook.id_column], _column_plain_ids(export, codebook.id_column)))
    index = pd.Index(ids, name="respondent", dtype="string")
    columns: dict[str, pd.Series] = {}
    for item in codebook.items.values():
        if not item.reaches_processed:
            continue
        present = [c for c in item.source_columns() if c in frame.columns]
        if not present:
            continue
        found = _column_key_codes(export, item.column) if item.is_coded else None
        if found is not None:
            columns.update(_coded_columns(item, found, index))
        elif item.is_coded:
            lookup = code_lookup(item)
            codes = [lookup.get(k) if k is not None else None for k in _keys(frame[item.column])]
            labels = [item.label_of(c) if c is not None else None for c in codes]
            categories = item.labels() + [m.label for m in item.missing.values() if m.label not in item.labels()]
            columns[item.name] = pd.Series(
                pd.Categorical(labels, categories=list(dict.fromkeys(categories)), ordered=item.type == "ordinal"),
                index=index)
            if shares_labels(item):
                position = {code: k for k, code in enumerate(item.all_codes())}
                row_pos = np.array([len(position) if c is None else position[c] for c in codes], dtype=np.intp)
                columns[item.name + CODE_SUFFIX] = _code_column(item, row_pos, index)
        elif item.type == "multi":
            from analysis.ingest.multi import multi_columns

            columns.update(multi_columns(export, item, index))
        elif item.type in ("numeric", "weight"):
            from analysis.ingest.user_missing import file_missing_keys

            keys = _keys(frame[item.column])
            missing = {cell_key(c) for c in item.missing} | file_missing_keys(export, item.column, keys, cell_key)
            values = [None if k is None or k in missing else float(k) for k in keys]
            columns[item.name] = pd.Series(pd.array(values, dtype="Float64"), index=index)
        else:  # date, and text or identifier the codebook explicitly keeps
            values = [None if k is None else " ".join(str(v).split()) for v, k in
                      zip(frame[item.column].tolist(), _keys(frame[item.column]))]
            if item.type == "text":
                from analysis.ingest.kept_text import redact_column

                values = redact_column(values, item.name, export.notes)
            columns[item.name] = pd.Series(pd.array(values, dtype="string"), index=index)
    return pd.DataFrame(columns, index=index)
