"""``validate``'s warnings: a column the codebook types otherwise than it looks, and a scale out of order.

A weight typed ``numeric`` leaves every estimate silently unweighted, and free
text or a reference number typed as a coded or numeric item reaches processed
data; :func:`typing_warnings` names each such column in one line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from analysis.waves.column_kinds import distinct_answers, is_number, looks_like_reference, looks_like_weight, \
    personal_by_content
from analysis.waves.freetext import answer_counts, free_text_evidence, is_open_question, repeats_like_labels
from analysis.waves.scales import in_scale_order, scale_order, unordered_scale

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
    for name, item in codebook.items.items():
        if item.type in ("multi", "weight", "text", "identifier") or item.column not in raw.frame.columns:
            continue
        values = distinct_answers(raw, item.column)
        label = raw.question_text.get(item.column, "")
        answered = len(raw.frame[item.column].dropna())
        where = f"item {name} (column {item.column!r}) is typed {item.type}"
        personal = personal_by_content(values)
        if personal:
            lines.append(f"{where} but its answers look like {personal}: type it identifier")
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
        scale = _scale_warning(item)
        if scale:
            lines.append(f"{where} {scale}")
    return lines


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
