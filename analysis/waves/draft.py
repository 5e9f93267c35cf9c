"""Draft a codebook from what an export says about itself.

The draft lists every column: platform metadata and anything that looks like
personal data as ``type = "identifier"``, free text as ``type = "text"`` (both
dropped at ingest), questions spread over option columns as ``multi`` items,
and every other column as a coded item whose codes and labels come from the
.sav dictionary or, for text exports, from the answers found (numbered 1, 2 ...
in scale order when the labels form a known scale, otherwise in order of first
appearance). Answers such as "Don't know" or "Prefer not to say" become
missing codes 8, 9 ... with their kind. Nothing is mapped onto indicators: the
analyst names items, checks the types and writes ``[indicators]`` (or a
``harmonise.toml``, see :mod:`analysis.waves.harmonise`).

Each item may carry a ``note`` (ignored by the codebook parser) saying what was
guessed. The same export always gives the same bytes. What a column looks like
(personal data, a weight, a reference number) is judged in
:mod:`analysis.waves.column_kinds`; :mod:`analysis.waves.draft_toml` writes the
draft as TOML.

>>> import pandas as pd
>>> from pathlib import Path
>>> from analysis.ingest.readers import RawExport
>>> raw = RawExport(Path("x.csv"), pd.DataFrame({"id": ["1", "2", "3"],
...     "conf": ["Very confident", "Not at all confident", "Don't know"], "trained": ["No", "Yes", "No"]},
...     dtype="string"), "csv")
>>> items = draft_codebook(raw, "2018", data_file="x.csv")["items"]
>>> items["conf"]["type"], items["conf"]["codes"], items["conf"]["missing"]
('ordinal', {'1': 'Not at all confident', '2': 'Very confident'}, {'8': {'label': "Don't know", 'kind': 'dont_know'}})
>>> items["trained"]["codes"], items["id"]["type"]
({'1': 'Yes', '2': 'No'}, 'identifier')
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from analysis.ingest.idcolumn import guess_id_column, personal_id_kind
from analysis.ingest.platforms import is_metadata
from analysis.waves.column_kinds import (MAX_CODES, PERSONAL_TEXT, code_key, distinct_answers, is_number,
                                         looks_like_reference, looks_like_weight, personal_by_content, WEIGHT_NAME)
from analysis.waves.freetext import answer_counts, free_text_evidence, is_open_question, repeats_like_labels
from analysis.waves.missing_words import missing_kind
from analysis.waves.scales import in_scale_order, scale_order, unordered_scale

if TYPE_CHECKING:  # pragma: no cover
    from analysis.ingest.raw import RawExport

#: The note of a drafted item whose answers look like a scale the draft could not put in order.
UNORDERED_NOTE = "SCALE NOT ORDERED"


def slug(text: str) -> str:
    """An item name from a column name: lower case, words joined by ``_``.

    >>> slug("Q2_1"), slug("IP Address"), slug("Duration (in seconds)")
    ('q2_1', 'ip_address', 'duration_in_seconds')
    """
    return re.sub(r"_+", "_", re.sub(r"[^0-9a-z]+", "_", text.casefold())).strip("_") or "item"


#: Words left out of an item name drafted from a long question.
NAME_STOP_WORDS = frozenset(
    "a about after again all an and any are as at be been before by can could did do does during each feel for "
    "from had has have how i if in into is it its may me might my of on or our over please received say should "
    "so that the their them there these they this those to under us was we were what when where which while who "
    "whom why will with would you your yours like select apply tick choose".split())
#: Content words kept in a drafted item name, and its longest length.
NAME_WORDS, NAME_LENGTH = 4, 32


def item_name(text: str) -> str:
    """An item name drafted from a long question: its first content words, joined by ``_``.

    >>> item_name("Would training on supporting a child's recovery after online abuse be useful to you?")
    'training_supporting_childs'
    >>> item_name("How long?")
    'long'
    """
    words = [w for w in re.findall(r"[a-z0-9]+", text.casefold().replace("'", "").replace("\u2019", ""))
             if w not in NAME_STOP_WORDS]
    name = ""
    for word in words[:NAME_WORDS]:
        longer = f"{name}_{word}" if name else word
        if len(longer) > NAME_LENGTH:
            break
        name = longer
    return name or slug(text)


def _coded(labels: list[str]) -> dict[str, Any]:
    """Codes for answer texts: substantive 1..k (scale order if a scale), missing 8, 9, ... (or 97...).

    A set of answers that looks like a scale but cannot be put in order by its wording keeps the
    order of first appearance, typed ``single`` with the note :data:`UNORDERED_NOTE` (the draft marks it
    with a comment and ``validate`` names it until the analyst orders it).
    """
    substantive = [x for x in labels if missing_kind(x) is None]
    missing = [x for x in labels if missing_kind(x) is not None]
    spec: dict[str, Any] = {}
    ordered = scale_order(substantive)
    if {x.casefold() for x in substantive} <= {"yes", "no"} and substantive:
        substantive = ["Yes", "No"]
        spec["type"] = "yesno"
    elif ordered is not None:
        substantive = ordered
        spec["type"] = "ordinal"
        spec["note"] = "scale order read from the answer wording (1 = lowest): check it"
    elif unordered_scale(substantive):
        spec["type"] = "single"
        spec["note"] = (f"{UNORDERED_NOTE}: the answers look like a scale whose order the wording does not settle; "
                        "codes are in order of first appearance: put them in scale order and type it ordinal")
    else:
        spec["type"] = "single"
        spec["note"] = "codes numbered in order of first appearance: reorder or renumber as the questionnaire has them"
    spec["codes"] = {str(i): x for i, x in enumerate(substantive, start=1)}
    first_missing = 8 if len(substantive) < 8 else 97
    if missing:
        spec["missing"] = {str(first_missing + i): {"label": x, "kind": missing_kind(x)}
                           for i, x in enumerate(missing)}
    return spec


def _sav_item(raw: "RawExport", column: str) -> dict[str, Any]:
    labels = raw.value_labels[column]
    user_missing = {code_key(c) if is_number(c) else str(c) for c in raw.missing_codes.get(column, [])}
    codes, missing = {}, {}
    for code in sorted(labels, key=lambda c: (not is_number(c), float(c) if is_number(c) else 0, str(c))):
        key = code_key(code) if is_number(code) else str(code)
        label = str(labels[code])
        if key in user_missing or missing_kind(label):
            missing[key] = {"label": label, "kind": missing_kind(label) or "no_answer"}
        else:
            codes[key] = label
    for key in sorted(user_missing - set(missing), key=lambda k: (not is_number(k), float(k) if is_number(k) else 0, k)):
        missing[key] = {"label": f"Missing ({key})", "kind": "no_answer"}
    from analysis.personal import label_names

    if label_names(list(codes.values())):
        return {"type": "identifier", "note": "value labels look like people's names: personal data, dropped at ingest"}
    from analysis.personal import kinds

    found = sorted({k for label in codes.values() for k in kinds(label)})
    if found:  # a label is published: one holding personal data makes the column an identifier
        return {"type": "identifier", "note": f"value labels hold {' and '.join(found)}: dropped at ingest"}
    labels = list(codes.values())
    ordered = scale_order(labels)
    kind = ("yesno" if {x.casefold() for x in labels} == {"yes", "no"} else
            "ordinal" if ordered is not None and in_scale_order(labels) else "single")
    spec: dict[str, Any] = {"type": kind, "codes": codes}
    if kind == "ordinal" and ordered != labels:
        spec["note"] = f"codes run from the top of the scale down (code {next(iter(codes))} = {labels[0]!r})"
    elif kind == "single" and (ordered is not None or unordered_scale(labels)):
        spec["note"] = (f"{UNORDERED_NOTE}: the value labels look like a scale but the codes are not in its "
                        "order: check the codes and type it ordinal")
    if missing:
        spec["missing"] = missing
    return spec


def _infer(raw: "RawExport", column: str) -> dict[str, Any]:
    """Type, codes and missing codes of one column."""
    label = raw.question_text.get(column, "")
    values = distinct_answers(raw, column)
    answered = len(raw.frame[column].dropna())
    personal = personal_by_content(values)
    if personal:
        return {"type": "identifier", "note": f"answers look like {personal}: personal data, dropped at ingest"}
    from analysis.waves.missing_draft import numbers_beside_missing

    if (spec := numbers_beside_missing(raw, column, missing_kind)) is not None:  # numbers beside .a or user-missing codes
        return spec
    if not (column in raw.value_labels and raw.value_labels[column]):
        if values and all(is_number(v) for v in values) and looks_like_weight(column, label, values):
            return {"type": "weight", "note": "looks like a survey weight: estimates are weighted by it"}
        if looks_like_reference(column, label, values, answered):
            return {"type": "identifier", "note": "looks like a reference number: dropped at ingest"}
    if column in raw.value_labels and raw.value_labels[column]:
        from analysis.waves.unlabelled_draft import add_unlabelled

        return add_unlabelled(raw, column, _sav_item(raw, column))  # values without a label become codes too
    if not values:
        # typed text (dropped) so that the draft parses; nothing is lost, there is nothing in it
        return {"type": "text", "note": "no answers in the export: dropped; if it is a question, set its type and codes"}
    if not all(isinstance(v, (str, int, float)) for v in values):
        return {"type": "date", "note": "dates or times: kept as exported text"}
    if all(is_number(v) for v in values):
        keys = sorted({code_key(v) for v in values}, key=float)
        if len(keys) <= MAX_CODES and all(float(k).is_integer() for k in keys):
            return {"type": "single", "codes": {k: k for k in keys},
                    "note": "numeric codes without labels in the export: write the labels (and the type)"}
        return {"type": "numeric"}
    counts = answer_counts(raw.frame[column])
    open_question = is_open_question(column, label)
    from analysis.waves.joined_draft import joined_multi

    if (spec := joined_multi(raw, column, open_question=open_question)) is not None:  # checkbox answers in one cell
        return spec
    from analysis.waves.typed_other_draft import typed_other

    if (spec := typed_other(raw, counts, coded=_coded, missing_kind=missing_kind,  # a form's typed Other answers
                            repeats=lambda c: repeats_like_labels(c, open_question=open_question))) is not None:
        return spec
    if repeats_like_labels(counts, open_question=open_question):
        from analysis.personal import kinds

        found = sorted({k for v in values for k in kinds(str(v))})
        if found:  # its answers would become published labels
            return {"type": "text", "note": f"answers hold {' and '.join(found)}: free text, dropped at ingest"}
        return _coded([str(v) for v in values])
    why = free_text_evidence(counts, open_question=open_question)
    return {"type": "text", "note": f"free text ({why}{'; an open question' if open_question else ''}): "
                                    "dropped at ingest"}


def _key_text(value) -> str:
    """A cell as the draft compares it: spaces collapsed, case folded, a float's ".0" dropped.

    >>> _key_text(" Yes "), _key_text(1.0), _key_text("0.0")
    ('yes', '1', '0')
    """
    text = " ".join(str(value).split()).casefold()
    return text[:-2] if text.endswith(".0") and text[:-2].isdigit() else text


def _multi(raw: "RawExport", question: str, columns: list[str], labels: dict[str, str]) -> dict[str, Any] | None:
    """A ``multi`` item when every cell of every column is blank, its option label, 1 or 0, with its coding.

    ``selected`` says how a tick is written (``"0/1"``, ``"blank/1"``, ``"label/blank"``;
    unset when both 1 and labels appear), and ``answered = "zero"`` is drafted for 0/1
    columns where some respondents have 0 in every column and others blank in every
    column (a 0 written for each option not ticked, blank for a question not answered).
    """
    import numpy as np

    if len(columns) < 2 or not all(c in labels for c in columns):
        return None
    ticked_rows = None
    seen: set[str] = set()
    for c in columns:
        values = {_key_text(v) for v in distinct_answers(raw, c)}
        if not values <= {"1", "0", labels[c].casefold()}:
            return None
        seen |= {"label" if v == labels[c].casefold() and v not in ("0", "1") else v for v in values}
        ticked = raw.frame[c].notna().to_numpy() & ~raw.frame[c].astype("string").str.strip().isin(
            ["0", "0.0"]).fillna(False).to_numpy(dtype=bool)
        ticked_rows = ticked.astype(int) if ticked_rows is None else ticked_rows + ticked
    spec: dict[str, Any] = {"type": "multi", "text": question, "options": {c: labels[c] for c in columns}}
    if seen <= {"0", "1"} and "0" in seen:
        spec["selected"] = "0/1"
        written = np.column_stack([raw.frame[c].notna().to_numpy() for c in columns])
        if (~written.any(axis=1)).any() and (written.all(axis=1) & (ticked_rows == 0)).any():
            spec["answered"] = "zero"
    elif seen == {"1"}:
        spec["selected"] = "blank/1"
    elif seen == {"label"}:
        spec["selected"] = "label/blank"
    elif "0" in seen:
        return None
    if ticked_rows is not None and ticked_rows.max(initial=0) <= 1 and len(raw.frame) > 1:
        spec["note"] = ("never more than one option ticked: perhaps a single-choice question exported as one "
                        "column per option")
    return spec


def draft_codebook(raw: "RawExport", wave: str, *, data_file: str, fmt: str = "auto",
                   previous: str = "") -> dict[str, Any]:
    """The draft codebook of an export, as a dict ready for ``tomli_w``.

    Parameters
    ----------
    raw : RawExport
        The export as read (a :class:`~analysis.ingest.platforms.PlatformExport`
        for SurveyMonkey and Qualtrics files).
    wave : str
        The wave's name.
    data_file : str
        The export's file name inside the wave folder.
    fmt : str
        ``files.format``: ``auto``, ``sav``, ``csv``, ``xlsx``, ``surveymonkey`` or ``qualtrics``.
    previous : str
        The wave this one will be compared with, if any.
    """
    metadata = set(raw.metadata_columns) | {c for c in raw.frame.columns if is_metadata(c)}
    text_columns = set(getattr(raw, "text_columns", []))
    id_column = guess_id_column(raw)
    items: dict[str, dict[str, Any]] = {}
    names: set[str] = set()

    def name_for(column: str, k: int) -> str:
        base = slug(column) if len(column) <= NAME_LENGTH else item_name(column)
        name, i = base, 2
        while name in names:
            name, i = f"{base}_{i}", i + 1
        names.add(name)
        return name

    from analysis.waves.binary_sets_draft import binary_sets
    from analysis.waves.mrsets_draft import mr_set_items

    mr_items = mr_set_items(raw)  # SPSS multiple-response sets: one multi item each, on the set's first column
    groups, option_labels = dict(getattr(raw, "groups", {})), dict(getattr(raw, "option_labels", {}))
    if not groups:  # an SPSS or Stata file's select-all questions, one 0/1 or 1/blank variable per option
        groups, option_labels = binary_sets(raw, skip=set(mr_items) | metadata)
    in_multi: dict[str, str] = {}
    for question, columns in groups.items():
        cols = [c for c in columns if c not in text_columns and c not in metadata]
        spec = _multi(raw, question, cols, option_labels)
        if spec is not None:
            for c in cols:
                in_multi[c] = question
    done: set[str] = set()
    from analysis.waves.replicates_draft import propose_replicates

    replicates = propose_replicates([c for c in raw.frame.columns if c not in metadata], raw.frame)
    for k, column in enumerate(raw.frame.columns, start=1):
        if replicates is not None and column in replicates.columns:
            continue  # proposed as [design] replicates, not as items
        if column in mr_items:
            if mr_items[column][1] is not None:
                items[name_for(mr_items[column][0], k)] = mr_items[column][1]
            continue
        text = raw.question_text.get(column, "")
        if column in in_multi:
            question = in_multi[column]
            if question in done:
                continue
            done.add(question)
            cols = [c for c in groups[question] if c in in_multi]
            items[name_for(question, k)] = _multi(raw, question, cols, option_labels)
            continue
        if column in metadata or column == id_column:
            spec = {"type": "identifier", "note": "platform metadata or respondent id: dropped at ingest"}
        elif column in text_columns:
            spec = {"type": "text", "note": "free text: dropped at ingest"}
        elif PERSONAL_TEXT.search(f"{column} {text}"):
            spec = {"type": "identifier", "note": "looks like personal data: dropped at ingest"}
        else:
            spec = _infer(raw, column)
        option = option_labels.get(column, "")
        full_text = text if not option or option in text else f"{text} - {option}"
        item = {"column": column, "text": full_text or column, **spec}
        if item["type"] in ("text", "identifier", "numeric", "date", "weight"):
            item.pop("codes", None)
        items[name_for(column, k)] = item

    from analysis.waves.weight_draft import one_weight

    one_weight(items, named=lambda item: bool(WEIGHT_NAME.search(f"{item.get('column', '')} {item.get('text', '')}")))
    wave_table = {"name": wave, "title": "", "period": "", "population": "", "source": "", "provenance": "real",
                  "sampling": "", "recruitment": "", "citation": "", "contact": ""}
    if previous:
        wave_table["previous"] = previous
    return {
        "wave": wave_table,
        "files": {"data": data_file, "format": fmt},
        "id": {"column": id_column, **({"pseudonymise": True}  # no id column: numbered P1, P2 ... in export order
                                       if not id_column or personal_id_kind(raw, id_column) else {})},
        "items": items,
        **({"design": replicates.design_table()} if replicates is not None else {}),
    }
