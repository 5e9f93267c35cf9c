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
        lines.append(f"# {b} asks:  \u201c{_one_line(own.text)}\u201d ({len(own.codes)}-point: "
                     f"{' / '.join(own.labels())}); question text {score:.0%} alike")
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


def canonical_of(previous: str, paths) -> str:
    """The canonical wave of a wave compared with ``previous``: the one ``previous`` is harmonised onto, else itself."""
    from analysis.waves.harmonise import HARMONISE_NAME, load_harmonisation

    h = load_harmonisation(paths.wave_dir(previous) / HARMONISE_NAME)
    return h.canonical if h is not None else previous
