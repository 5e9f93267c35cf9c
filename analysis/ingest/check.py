"""Check a raw export against its codebook: every problem in the file, raised together.

:func:`check_export` collects every problem in the file (missing columns, codes
not in the codebook, duplicate or blank respondent ids, personal data, non-numeric
numbers, weights out of bounds) and raises them together as one
:class:`~analysis.errors.InputError`, before anything is written.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from analysis.errors import InputError, Problem
from analysis.ingest.cells import (cell_key, cell_keys, code_lookup, column_key_codes, found_values, positions_where,
                                   short_value)
from analysis.ingest.ids import MAX_ID_LENGTH, column_plain_ids, control_rows, id_strings
from analysis.ingest.personal_cells import refuse_personal
from analysis.ingest.raw import file_rows, row_unit
from analysis.personal import label_names, personal_kind

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from analysis.codebook import Codebook
    from analysis.ingest.raw import RawExport

#: The largest weight accepted; larger values overflow the variance sums.
MAX_WEIGHT = 1e9
#: The smallest weight above zero accepted: smaller ones underflow when squared (1e-200 squared is 0 in float64).
MIN_WEIGHT = 1e-9
#: The largest ratio of the largest weight to the smallest above zero: one respondent counting as a million
#: others is a unit or data error (raking and trimming keep real weights within a few hundred).
MAX_WEIGHT_RATIO = 1e6


def _user_missing_in_file(export: "RawExport", column: str, code: Any) -> bool:
    """Whether an SPSS file's dictionary marks this code of this column as user-missing."""
    if isinstance(code, str):
        return code in export.missing_codes.get(column, [])
    if code in export.missing_codes.get(column, []):
        return True
    return any(isinstance(lo, (int, float)) and lo <= code <= hi for lo, hi in export.missing_ranges.get(column, []))


def check_export(export: "RawExport", codebook: "Codebook") -> None:
    """Raise :class:`InputError` listing every problem of the export against the codebook."""
    frame = export.frame
    source = str(export.path)
    unit = row_unit(export)
    problems: list[Problem] = []

    def add(column, positions, expected, found=None):
        problems.append(Problem(source, column, file_rows(export, positions), expected, found, unit))

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
        plain = column_plain_ids(export, codebook.id_column)  # then no id is blank, runs on or differs from its key
        keys = [] if plain else cell_keys(ids)
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
        control = [] if plain else control_rows(ids, set(runon))
        if control:
            add(codebook.id_column, control, "an id without control characters (NUL, escape ...)",
                "a control character")
        advice = ("use another id column, or set pseudonymise = true under [id] to number respondents P1, P2 ... "
                  "in the export's order")
        if not codebook.pseudonymise_ids and not plain:  # digits alone are no e-mail, phone number or name
            refuse_personal(ids, codebook.id_column, add, "respondent ids", advice=advice)
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
            spelled = dict(zip(rows, id_strings(ids.iloc[rows], False)))
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
                f"an id already used in row {file_rows(export, [first])[0]}")

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
                refuse_personal(frame[column], column, add, f"values of item '{item.name}'",
                                 patterns=item.type != "text")
            found = column_key_codes(export, column) if item.is_coded else None
            keys = cell_keys(frame[column]) if found is None else []
            if item.is_coded:
                flagged = [c for c in item.codes if _user_missing_in_file(export, column, c)]
                if flagged:
                    add(column, [], f"codes the file marks as user-missing to be listed under items.{item.name}.missing",
                        ", ".join(str(c) for c in flagged))
                lookup = code_lookup(item)
                if found is not None:
                    bad = positions_where(found, lambda k: k is not None and k not in lookup)
                else:
                    bad = [i for i, k in enumerate(keys) if k is not None and k not in lookup]
                if bad:
                    from analysis.suggest import suggest

                    allowed = ", ".join(f"{c} ({item.label_of(c)})" for c in item.all_codes())
                    first = frame[column].iloc[bad[0]]
                    hint = suggest(" ".join(first.split()), [item.label_of(c) for c in item.all_codes()]) \
                        if isinstance(first, str) else ""
                    add(column, bad, f"a code or label of item '{item.name}': {allowed}",
                        found_values(frame[column], bad) + (f"; {hint}" if hint else ""))
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
                    add(column, bad, f"a number for item '{item.name}'", found_values(frame[column], bad))
                if item.type == "weight":
                    absent = [i for i, k in enumerate(keys) if i not in bad and (k is None or k in missing
                                                                                 or math.isnan(float(k)))]
                    if absent:
                        add(column, absent, "a weight for every respondent", "no weight")
                    values = {i: float(k) for i, k in enumerate(keys) if i not in bad and i not in absent}
                    neg = [i for i, v in values.items() if v < 0]
                    if neg:
                        add(column, neg, "a weight of zero or more", short_value(frame[column].iloc[neg[0]]))
                    huge = [i for i, v in values.items() if not v < MAX_WEIGHT and v >= 0]
                    if huge:
                        add(column, huge, f"a finite weight below {MAX_WEIGHT:g}", short_value(frame[column].iloc[huge[0]]))
                    if not (bad or absent or neg or huge) and not any(values.values()):
                        add(column, [], "at least one weight above zero", "every weight is zero")
                    tiny = [i for i, v in values.items() if 0 < v < MIN_WEIGHT]
                    if tiny:
                        add(column, tiny, f"a weight of zero or at least {MIN_WEIGHT:g} (the variance sums square "
                            "each weight)", short_value(frame[column].iloc[tiny[0]]))
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


def _check_copies(frame: "pd.DataFrame", column: str, codebook: "Codebook", add) -> None:
    """A column name the header repeats (read as ``Q2``, ``Q2.2`` ...) whose copies differ is an error."""
    used = {c for item in codebook.items.values() for c in item.source_columns()} | {codebook.id_column}
    copies = [f"{column}.{k}" for k in range(2, 10) if f"{column}.{k}" in frame.columns
              and f"{column}.{k}" not in used]
    if not copies:
        return
    first = cell_keys(frame[column])
    for copy in copies:
        other = cell_keys(frame[copy])
        differ = [i for i, (a, b) in enumerate(zip(first, other)) if a != b]
        if differ:
            add(column, differ, f"the column name once in the header: it appears again (read as '{copy}') with "
                "different answers; rename or remove one copy")
            return
