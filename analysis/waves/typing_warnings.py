"""``validate``'s warnings: a column the codebook types otherwise than it looks, and a scale out of order.

A weight typed ``numeric`` leaves every estimate silently unweighted, and free
text or a reference number typed as a coded or numeric item reaches processed
data; :func:`typing_warnings` names each such column in one line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from analysis.personal import names_someone
from analysis.waves.column_kinds import (PERSONAL_TEXT, distinct_answers, is_number, looks_like_reference,
                                         looks_like_weight, personal_by_content)
from analysis.waves.freetext import answer_counts, free_text_evidence, is_open_question, repeats_like_labels
from analysis.waves.scales import in_scale_order, scale_order, unordered_scale
from analysis.waves.typed_other_draft import TYPED_IN_CELL, looks_typed

if TYPE_CHECKING:  # pragma: no cover
    from analysis.ingest.raw import RawExport


def typing_warnings(codebook: Any, raw: "RawExport") -> list[str]:
    """One line for each column typed otherwise than it looks (a weight, free text, an identifier).

    Used by ``validate``: a weight typed ``numeric`` leaves every estimate
    silently unweighted, and free text or a reference number typed as a coded
    or numeric item reaches processed data.

    Parameters
    ----------
    codebook : Codebook
        The parsed codebook.
    raw : RawExport
        The export as read.
    """
    lines = []
    weight = codebook.weight_item
    if weight is not None and not getattr(codebook, "interval", ""):
        lines.append(f"the wave is weighted (item {weight.name}) and sets no [tables] interval: intervals are Wilson "
                     "on the effective n; set interval = \"logit\" to match R's svyciprop default")
    from analysis.waves.binary_sets_draft import binary_sets

    option_of = {c: (q, cols) for q, cols in binary_sets(raw)[0].items() for c in cols}
    for name, item in codebook.items.items():
        if item.type in ("multi", "weight", "text", "identifier") or item.column not in raw.frame.columns:
            continue
        if item.column in option_of and item.type in ("single", "yesno", "ordinal"):
            question, columns = option_of[item.column]
            lines.append(f"item {name} (column {item.column!r}) is typed {item.type} but looks like one option of the "
                         f"select-all question {question!r} (columns {columns[0]} to {columns[-1]}, each 1 when "
                         "ticked): make them one multi item, or each option is a share of those who ticked it")
            continue
        values = distinct_answers(raw, item.column)
        label = raw.question_text.get(item.column, "")
        answered = len(raw.frame[item.column].dropna())
        where = f"item {name} (column {item.column!r}) is typed {item.type}"
        personal = personal_by_content(values)
        if personal:
            lines.append(f"{where} but its answers look like {personal}: type it identifier")
        elif PERSONAL_TEXT.search(f"{item.column} {label} {item.text}"):
            lines.append(f"{where} but its name says personal data (contact details, a name or a date of birth): "
                         "type it identifier, or it reaches processed data and every table")
        elif (item.type == "numeric" and values and all(is_number(v) for v in values)
              and looks_like_weight(item.column, label, values) and codebook.weight_item is None):
            lines.append(f"{where} but looks like a survey weight: type it weight, or every estimate is unweighted")
        elif item.type == "numeric" and looks_like_reference(item.column, label, values, answered):
            lines.append(f"{where} but looks like a reference number: type it identifier")
        elif item.type in ("single", "ordinal") and values and not all(is_number(v) for v in values):
            counts = answer_counts(raw.frame[item.column])
            open_question = is_open_question(item.column, f"{label} {item.text}")
            if not repeats_like_labels(counts, open_question=open_question):
                lines.append(f"{where} but its answers look like free text "
                             f"({free_text_evidence(counts, open_question=open_question)}): type it text, "
                             "or every answer reaches processed data")
        if item.type == "single" and raw.layout in TYPED_IN_CELL:
            typed = _typed_labels(item, answer_counts(raw.frame[item.column]))
            if typed:
                lines.append(f"{where} but {typed}")
        scale = _scale_warning(item)
        if scale:
            lines.append(f"{where} {scale}")
    return lines


def _typed_labels(item: Any, counts: dict) -> str:
    """What is wrong with a form question's code labels that read like words typed into its Other box, or ``""``.

    A label that names someone (:func:`~analysis.personal.names_someone`), or that reads unlike the
    other labels and was given by one respondent only, is published in every table. The labels are named by code
    only: the words may be personal data.

    >>> from analysis.codebook import Item
    >>> item = Item("w", "w", "single", codes={1: "Health", 2: "Education", 3: "Mrs Patel"})
    >>> print(_typed_labels(item, {"Health": 4, "Education": 3, "Mrs Patel": 2})[:59])
    code 3 reads like words typed into the question's Other box
    """
    labels = {code: str(label) for code, label in item.codes.items()}
    typed = [code for code, label in labels.items()
             if names_someone(label) or (counts.get(label, 0) == 1 and looks_typed(label, [
                 v for c, v in labels.items() if c != code and counts.get(v, 0) > 1]))]
    if not typed:
        return ""
    codes = ", ".join(str(c) for c in typed)
    then = (f"so that its answers count as Other (code {item.other})" if item.other not in ("", None)
            else "and add an Other code with `other` set to it, so that its answers count as Other")
    return (f"code{'s' if len(typed) > 1 else ''} {codes} read{'' if len(typed) > 1 else 's'} like words typed into "
            f"the question's Other box (a name, or one respondent's own words), published in every table: remove "
            f"{'them' if len(typed) > 1 else 'it'} from codes {then}")


def _scale_warning(item: Any) -> str:
    """What is wrong with an item's scale order, or ``""``: a scale left unordered, or codes out of scale order.

    >>> from analysis.codebook import Item
    >>> _scale_warning(Item("c", "c", "single", codes={1: "Very", 2: "Quite", 3: "Fairly"}))[:40]
    'but its answers look like a scale that w'
    >>> _scale_warning(Item("c", "c", "ordinal", codes={1: "Very", 2: "Not at all", 3: "Fairly"}))[:40]
    'but its codes are not in the order of th'
    """
    labels = item.labels()
    if item.type == "single" and (unordered_scale(labels) or
                                  (scale_order(labels) is not None and len(labels) > 2)):
        return ("but its answers look like a scale that was not put in order (" + " / ".join(labels) + "): "
                "put the codes in scale order and type it ordinal, or check it is not a scale")
    if item.type == "ordinal" and not in_scale_order(labels):
        return ("but its codes are not in the order of their scale (" + " / ".join(labels) + "): renumber them "
                "from one end of the scale to the other")
    return ""
