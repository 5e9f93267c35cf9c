"""Draft a ``harmonise.toml`` against the previous wave: the mappings and scale recodes that can be inferred.

``add-wave`` writes the draft as ``harmonise.draft.toml`` beside the new wave's
draft codebook, never as ``harmonise.toml`` itself: a guessed mapping is not
used by ``trends`` until the analyst has checked it and saved the file under
its real name. For every item of the canonical wave that an indicator or a base
uses, the draft:

- names the new wave's coded item whose question text is closest (difflib
  ratio of at least :data:`MIN_LIKENESS`), with the likeness in a comment;
- writes no ``recode`` when the codes and labels are the same;
- infers a ``recode`` when every answer can be placed: the same label, or the
  same rank on a known scale (:func:`analysis.waves.draft.scale_rank`), with
  answers beyond the canonical scale's ends sent to its end point (a five-point
  scale's "Extremely" onto a four-point scale's "Very"); it then leaves
  ``rule = ""`` for the analyst to state, which the checks refuse until written;
- comments out an entry it cannot fill, listing the item in ``not_asked`` as a
  choice to make, so that the checks name it as unmapped.
"""

from __future__ import annotations

import json
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from analysis.codebook import Code, Codebook, Item

#: File name of the drafted harmonisation, beside the draft codebook.
DRAFT_NAME = "harmonise.draft.toml"
#: Lowest question-text likeness (0-1) at which an item is proposed as the counterpart.
MIN_LIKENESS = 0.6


def _fold(text: str) -> str:
    return " ".join(str(text or "").replace("\u2019", "'").casefold().split())


def likeness(a: str, b: str) -> float:
    """How alike two question texts are, 0-1 (case and spacing ignored).

    >>> round(likeness("Have you been trained?", "Have you been  TRAINED?"), 2)
    1.0
    """
    return SequenceMatcher(None, _fold(a), _fold(b)).ratio()


def infer_recode(own: "Item", target: "Item") -> dict["Code", "Code | None"]:
    """This wave's code -> canonical code, ``None`` where no answer could be placed.

    >>> from analysis.codebook import Item
    >>> four = Item("c", "c", "ordinal", codes={1: "Not at all", 2: "Not very", 3: "Fairly", 4: "Very"})
    >>> five = Item("d", "d", "ordinal", codes={1: "Not at all", 2: "Slightly", 3: "Moderately", 4: "Very",
    ...                                         5: "Extremely"})
    >>> infer_recode(five, four)
    {1: 1, 2: 2, 3: 3, 4: 4, 5: 4}
    """
    from analysis.waves.scales import scale_ranks

    by_label = {_fold(label): code for code, label in target.codes.items()}
    ranks = dict(zip(scale_ranks(target.labels()), target.codes))
    ranked = None not in ranks and len(ranks) == len(target.codes)
    own_ranks = dict(zip(own.codes, scale_ranks(own.labels())))
    out: dict = {}
    for code, label in own.codes.items():
        if _fold(label) in by_label:
            out[code] = by_label[_fold(label)]
            continue
        rank = own_ranks[code]
        if not ranked or rank is None:
            out[code] = None
        elif rank in ranks:
            out[code] = ranks[rank]
        elif rank > max(ranks):
            out[code] = ranks[max(ranks)]
        elif rank < min(ranks):
            out[code] = ranks[min(ranks)]
        else:
            out[code] = None
    return out


def needed_items(canonical: "Codebook") -> list[str]:
    """Canonical items used by an indicator or a base, in codebook order."""
    used = set()
    for ind in canonical.indicators.values():
        used.add(ind.item)
        used.update(canonical.bases[ind.base].where)
    return [name for name in canonical.items if name in used]


def _code(value) -> str:
    return str(value) if isinstance(value, int) else json.dumps(str(value))


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def draft_harmonisation(wave: "Codebook", canonical: "Codebook") -> str:
    """The ``harmonise.toml`` draft of ``wave`` against ``canonical``, as TOML text with comments.

    Parameters
    ----------
    wave : Codebook
        The new wave's (draft) codebook.
    canonical : Codebook
        The codebook whose indicators the wave is compared on.
    """
    from analysis.waves.harmonise import item_changes

    a, b = canonical.wave.name, wave.wave.name
    candidates = {name: item for name, item in wave.items.items() if item.is_coded and item.type != "multi"}
    pairs = []
    for name in needed_items(canonical):
        target = canonical.items[name]
        for own_name, own in candidates.items():
            pairs.append((likeness(target.text or name, own.text or own.column), name, own_name))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    chosen: dict[str, tuple[str, float]] = {}
    used: set[str] = set()
    for score, name, own_name in pairs:
        if score >= MIN_LIKENESS and name not in chosen and own_name not in used:
            chosen[name] = (own_name, score)
            used.add(own_name)
    by_labels = _match_on_labels(canonical, wave, candidates, chosen, used)
    lines = [
        f"# DRAFT harmonisation of wave {b} onto the indicators of wave {a}, written by `add-wave`.",
        "# Nothing here is used until you check it and save it as harmonise.toml (see docs/waves.md):",
        "#  - each [items.X] names a canonical item and the item of this wave that asks the same question;",
        "#  - `recode` maps this wave's codes onto the canonical codes (or a missing kind such as \"dont_know\");",
        "#  - write each `rule` saying how a changed scale was matched (the checks refuse an empty one);",
        "#  - map or list in not_asked every commented-out item.",
        f'canonical = "{a}"',
    ]
    missing = [name for name in needed_items(canonical) if name not in chosen]
    lines.append("# canonical items with no counterpart found: map them below, or list them here if truly not asked")
    lines.append("# not_asked = [" + ", ".join(f'"{n}"' for n in missing) + "]")
    for name in needed_items(canonical):
        target = canonical.items[name]
        lines.append("")
        lines.append(f"# {a} asked: \u201c{_one_line(target.text)}\u201d ({len(target.codes)}-point: "
                     f"{' / '.join(target.labels())})")
        if name not in chosen:
            lines.append(f"# [items.{name}]")
            lines.append('# item = ""   # no item of this wave asks a similar question')
            continue
        own_name, score = chosen[name]
        own = wave.items[own_name]
        basis = by_labels.get(name, f"question text {score:.0%} alike")
        lines.append(f"# {b} asks:  \u201c{_one_line(own.text)}\u201d ({len(own.codes)}-point: "
                     f"{' / '.join(own.labels())}); {basis}")
        for change in item_changes(own, target, a=a, b=b):
            if change.startswith("missing answers changed"):
                lines.append(f"# {change}: check the base (recode an answer to a code to count it)")
        lines.append(f"[items.{name}]")
        lines.append(f'item = "{own_name}"')
        recode = infer_recode(own, target)
        same = list(own.codes) == list(target.codes) and all(recode[c] == c for c in own.codes)
        if same:
            continue
        body = ", ".join(f"{_code(c)} = {_code(t) if t is not None else '?'}" for c, t in recode.items())
        if None in recode.values():
            lines.append(f"# recode = {{ {body} }}   # '?': answers that could not be placed; fill them in")
        else:
            lines.append(f"recode = {{ {body} }}   # inferred from the answer labels: check it")
        lines.append('rule = ""')
    return "\n".join(lines) + "\n"


def has_question_text(item: "Item") -> bool:
    """Whether an item carries a question text (not just a short column name such as ``q3`` or ``conf``).

    >>> from analysis.codebook import Item
    >>> has_question_text(Item("q3", "q3", "yesno", text="q3")), has_question_text(Item("t", "t", "yesno", text="Trained?"))
    (False, True)
    """
    text = _one_line(item.text)
    return bool(text) and (_fold(text) != _fold(item.column) or " " in text)


def _words(labels: list[str]) -> set[str]:
    import re

    return {w for label in labels for w in re.findall(r"[a-z]+", _fold(label))}


def answer_likeness(own: "Item", target: "Item") -> float:
    """How alike two items' answers are, 0-1: the share of labels in common, or for two scales ordered by their
    wording on the same sides (both one-sided or both two-sided), 0.6 plus 0.4 × the share of their words in common.

    >>> from analysis.codebook import Item
    >>> yes_no = Item("a", "a", "yesno", codes={1: "Yes", 2: "No"})
    >>> four = Item("c", "c", "ordinal", codes={1: "Not at all", 2: "Not very", 3: "Fairly", 4: "Very"})
    >>> five = Item("d", "d", "ordinal", codes={1: "Not at all", 2: "Slightly", 3: "Moderately", 4: "Very",
    ...                                         5: "Extremely"})
    >>> answer_likeness(yes_no, yes_no), round(answer_likeness(five, four), 2), answer_likeness(yes_no, four)
    (1.0, 0.8, 0.0)
    """
    from analysis.waves.scales import scale_order, scale_ranks

    mine, theirs = {_fold(x) for x in own.labels()}, {_fold(x) for x in target.labels()}
    if not mine or not theirs:
        return 0.0
    exact = len(mine & theirs) / len(mine | theirs)
    if exact >= MIN_LIKENESS or scale_order(own.labels()) is None or scale_order(target.labels()) is None:
        return exact
    two_sided = [any(r < 0 for r in scale_ranks(i.labels())) for i in (own, target)]
    if two_sided[0] != two_sided[1]:
        return exact
    w_own, w_target = _words(own.labels()), _words(target.labels())
    return max(exact, 0.6 + 0.4 * len(w_own & w_target) / len(w_own | w_target))


def _match_on_labels(canonical: "Codebook", wave: "Codebook", candidates: dict, chosen: dict, used: set) -> dict:
    """Match canonical items left unmatched onto items of this wave that carry no question text, by their answers.

    Items whose answers are equally alike are taken in questionnaire order (the canonical wave's item order
    onto this wave's column order), and the comment says so. Adds to ``chosen`` and ``used``; returns
    canonical item -> the words saying how it was matched.
    """
    order = {name: k for k, name in enumerate(wave.items)}
    pairs = []
    for k, name in enumerate(needed_items(canonical)):
        if name in chosen:
            continue
        target = canonical.items[name]
        for own_name, own in candidates.items():
            if own_name in used or has_question_text(own):
                continue
            score = answer_likeness(own, target)
            if score >= MIN_LIKENESS:
                pairs.append((-score, k, order[own_name], name, own_name, score))
    pairs.sort()
    basis: dict[str, str] = {}
    for _, _, _, name, own_name, score in pairs:
        if name in chosen or own_name in used:
            continue
        rivals = sum(1 for p in pairs if p[3] == name and p[5] == score) - 1
        chosen[name] = (own_name, score)
        used.add(own_name)
        basis[name] = (f"no question text: matched on the answer labels ({score:.0%} alike)"
                       + (f"; {rivals} other item(s) have answers as alike, taken in questionnaire order: CHECK"
                          if rivals > 0 else ""))
    return basis


def canonical_of(previous: str, paths) -> str:
    """The canonical wave of a wave compared with ``previous``: the one ``previous`` is harmonised onto, else itself."""
    from analysis.waves.harmonise import HARMONISE_NAME, load_harmonisation

    h = load_harmonisation(paths.wave_dir(previous) / HARMONISE_NAME)
    return h.canonical if h is not None else previous
