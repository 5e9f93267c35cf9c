"""Multi-select items across waves: options matched onto the canonical wave's, and their indicators.

A canonical multi item is mapped onto this wave's multi item in ``harmonise.toml`` like any
item (``[items.topics] item = "training_topics"``). Options are matched by label (case,
spaces and apostrophe forms ignored); ``recode`` maps this wave's options (each by its
code or column, its number or its label) onto the canonical wave's, where labels changed
or options were merged, and a canonical option this wave did not offer is simply
unmatched: an indicator that needs it is then "not asked" in this wave (an option share
with an option missing would not be the same measure). The canonical wave's "any of
these" indicators are then computed on this wave's ticks, with the canonical base.

>>> from types import SimpleNamespace as NS
>>> def item(labels): return NS(name="t", options={f"c{k}": v for k, v in enumerate(labels, 1)}, codes={}, column="",
...                             coding="", answered="any", none_option="", other="")
>>> option_map(item(["Grooming", "Sexting", "Other"]), item(["sexting", "Grooming", "Recovery"]), {})
{1: [2], 2: [1]}
>>> option_map(item(["Grooming", "Sexting"]), item(["Grooming", "Nudes", "Sexting"]), {"Nudes": "Sexting"})
{1: [1], 2: [2, 3]}
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Mapping

from analysis.codebook.multi_items import option_labels, option_number

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


def _fold(text) -> str:
    return " ".join(str(text or "").replace("\u2019", "'").replace("\u2018", "'").casefold().split())


def option_map(target, own, recode: Mapping) -> dict[int, list[int]]:
    """Canonical option number -> this wave's option numbers that count as it (labels, then ``recode``)."""
    out: dict[int, list[int]] = {}
    by_label = {_fold(label): k for k, label in enumerate(option_labels(target), start=1)}
    mapped = {option_number(own, ref) for ref in recode}
    for k, label in enumerate(option_labels(own), start=1):
        if k in mapped:
            continue
        t = by_label.get(_fold(label))
        if t is not None:
            out.setdefault(t, []).append(k)
    for ref, to in recode.items():
        k, t = option_number(own, ref), option_number(target, to)
        if k is not None and t is not None:
            out.setdefault(t, []).append(k)
    return {t: sorted(ks) for t, ks in sorted(out.items())}


def recode_problems(target, own, recode: Mapping) -> list[str]:
    """What is wrong with a multi item's ``recode`` (each an "expected ..., found ..." pair), empty when fine."""
    out = []
    for ref, to in recode.items():
        if option_number(own, ref) is None:
            out.append((f"options of item '{own.name}' ({'; '.join(option_labels(own))})", ref))
        if option_number(target, to) is None:
            out.append((f"an option of the canonical item '{target.name}' ({'; '.join(option_labels(target))})", to))
    return out


def covered(target, own, recode: Mapping, codes) -> bool:
    """Whether every canonical option ``codes`` name has an option of this wave."""
    found = option_map(target, own, recode)
    return all(option_number(target, c) in found for c in codes)


def harmonised_multi_indicator(wave, m, canonical, name: str) -> "pd.Series":
    """The canonical indicator ``name`` (on a multi item) computed on this wave's ticks.

    True when a respondent ticked any of this wave's options matched to the indicator's
    options, False when in the base and none, NA outside the base (did not answer, on a
    base that leaves out no answers; a ``where`` of the base is read from this wave's
    harmonised answers by the caller).
    """
    import pandas as pd

    from analysis.multi import answered_mask, ticked

    ind = canonical.indicators[name]
    target = canonical.items[ind.item]
    own = wave.codebook.items[m.item]
    found = option_map(target, own, m.recode)
    numbers = [k for c in ind.codes for k in found.get(option_number(target, c), [])]
    yes = ticked(wave.respondents, own, numbers)
    answered = answered_mask(wave.respondents, own)
    in_base = answered | ("no_answer" not in canonical.bases[ind.base].excludes)
    return pd.Series(pd.arrays.BooleanArray(yes & in_base, ~in_base), index=wave.respondents.index, name=name)
