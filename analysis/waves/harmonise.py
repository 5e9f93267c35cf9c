"""Harmonisation: a later wave's items mapped onto the canonical wave's items and indicators.

A wave that is compared with an earlier one keeps a ``harmonise.toml`` beside
its codebook (``data/raw/<wave>/harmonise.toml``). It names the canonical wave
(whose codebook defines the indicators) and maps canonical *items* onto this
wave's items, with a recode where the codes or scale differ; every indicator of
the canonical wave whose item (and base) are mapped is then computed for this
wave exactly as it was defined there::

    canonical = "2013"
    not_asked = ["help_conf"]          # canonical items this wave did not ask

    [items.risk_conf]                   # an item of the canonical codebook
    item = "risk_confidence"            # ... is this wave's item
    recode = { 1 = 1, 2 = 2, 3 = 3, 4 = 4, 5 = 4 }   # this wave's code -> canonical code or missing kind
    rule = "Five-point scale onto four: 'Extremely confident' counted as 'Very confident'."

    [items.risk_trained]
    item = "trained_risk"
    recode = { 1 = 1, 2 = 2, 3 = "dont_know" }
    rule = "'Unsure' is left out of the base (treated as don't know)."

A recode target is a code of the canonical item or a missing kind
(``dont_know``, ``refused``, ``not_asked``, ``no_answer``). With no ``recode``
the codes must be the canonical item's own. This wave's missing codes that the
recode does not name keep their kind.

Every wording or scale change is recorded (:func:`harmonisation_notes`): the
analyst's ``rule`` and ``wording`` texts, plus a note written automatically
whenever the question text or the scale (the labels) differ between the two
codebooks, so no change goes unreported in the methods notes or beside a trend.

>>> h = parse_harmonisation('canonical = "2013"\\n[items.conf]\\nitem = "c5"\\nrecode = { 1 = 1, 5 = 4, 6 = "dont_know" }\\n',
...                         source="harmonise.toml")
>>> h.items["conf"].recode
{1: 1, 5: 4, 6: 'dont_know'}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

from analysis.codebook import MISSING_KINDS, Code, Codebook, parse_code
from analysis.errors import InputError, Problem

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from analysis.ingest.pipeline import Wave

#: File name of a wave's harmonisation, beside its codebook.
HARMONISE_NAME = "harmonise.toml"


@dataclass(frozen=True)
class ItemMap:
    """One canonical item mapped onto this wave's item."""

    canonical: str
    item: str
    recode: Mapping[Code, Code] = field(default_factory=dict)
    rule: str = ""
    wording: str = ""


@dataclass(frozen=True)
class Harmonisation:
    """A wave's mapping onto the canonical wave (see the module docstring)."""

    canonical: str
    items: Mapping[str, ItemMap]
    not_asked: tuple[str, ...] = ()
    source: str = ""


def parse_harmonisation(text: str, *, source: str = HARMONISE_NAME) -> Harmonisation:
    """Parse ``harmonise.toml`` text; problems of form are raised together as :class:`InputError`."""
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError.single(source, "valid TOML", found=str(exc)) from None
    problems: list[Problem] = []

    def bad(key: str, expected: str, found: Any = None) -> None:
        problems.append(Problem(source, None, [], f"{expected} (at '{key}')", None if found is None else str(found)))

    canonical = data.get("canonical", "")
    if not isinstance(canonical, str) or not canonical:
        bad("canonical", "the name of the wave whose indicators are canonical", canonical or None)
    not_asked = data.get("not_asked", [])
    if not isinstance(not_asked, list) or not all(isinstance(x, str) for x in not_asked):
        bad("not_asked", "a list of canonical item names", not_asked)
        not_asked = []
    items: dict[str, ItemMap] = {}
    raw_items = data.get("items", {})
    if not isinstance(raw_items, Mapping):
        bad("items", "tables [items.<canonical item>]", raw_items)
        raw_items = {}
    for name, raw in raw_items.items():
        where = f"items.{name}"
        if not isinstance(raw, Mapping) or not isinstance(raw.get("item"), str) or not raw.get("item"):
            bad(f"{where}.item", "this wave's item name")
            continue
        recode_raw = raw.get("recode", {})
        if not isinstance(recode_raw, Mapping):
            bad(f"{where}.recode", "a table of this wave's code = canonical code or missing kind", recode_raw)
            recode_raw = {}
        recode = {parse_code(k): (v if isinstance(v, str) and v in MISSING_KINDS else parse_code(v))
                  for k, v in recode_raw.items()}
        items[name] = ItemMap(name, raw["item"], recode, str(raw.get("rule", "")), str(raw.get("wording", "")))
    if problems:
        raise InputError(problems)
    return Harmonisation(canonical, items, tuple(not_asked), source)


def load_harmonisation(path: str | Path) -> Harmonisation | None:
    """Read a wave's ``harmonise.toml``; ``None`` when the wave has none (it is canonical itself)."""
    from analysis.inside import check_inside

    path = Path(path)
    check_inside(path, what="a harmonisation file")
    if not path.is_file():
        return None
    return parse_harmonisation(path.read_text(encoding="utf-8"), source=str(path))


def check_harmonisation(h: Harmonisation, wave: Codebook, canonical: Codebook) -> list[Problem]:
    """Everything still unmapped or inconsistent, one :class:`Problem` each (empty when all is well)."""
    out: list[Problem] = []

    def bad(key: str, expected: str, found: Any = None) -> None:
        out.append(Problem(h.source, None, [], f"{expected} (at '{key}')", None if found is None else str(found)))

    needed: dict[str, list[str]] = {}
    for ind in canonical.indicators.values():
        needed.setdefault(ind.item, []).append(ind.name)
        for where_item in canonical.bases[ind.base].where:
            needed.setdefault(where_item, []).append(f"{ind.name} (its base)")
    for item, users in needed.items():
        if item not in h.items and item not in h.not_asked:
            bad(f"items.{item}", f"a mapping of canonical item '{item}' (used by {', '.join(users)}) "
                "or its name in not_asked", "unmapped")
    mapped_own = {m.item for m in h.items.values()}
    for name in h.not_asked:
        if name in h.items:
            bad(f"items.{name}", f"canonical item '{name}' either mapped or listed in not_asked",
                "both mapped and listed in not_asked")
            continue
        target = canonical.items.get(name)
        same = [o for o in same_question(target, wave) if o not in mapped_own] if target is not None else []
        if same:
            bad("not_asked", f"a mapping of canonical item '{name}': wave {wave.wave.name}'s item '{same[0]}' asks "
                f"the same question (\u201c{target.text}\u201d); map it in [items.{name}] (with a recode if "
                "its answers changed) instead", f"'{name}' listed in not_asked")
    for name, m in h.items.items():
        key = f"items.{name}"
        target = canonical.items.get(name)
        if target is not None and target.type == "multi":  # options matched by label, or by recode
            from analysis.waves.multi_harmonise import recode_problems

            own = wave.items.get(m.item)
            if own is None or own.type != "multi":
                bad(f"{key}.item", f"a multi item of wave {wave.wave.name}'s codebook", m.item)
                continue
            for expected, found in recode_problems(target, own, m.recode):
                bad(f"{key}.recode", expected, found)
            continue
        if target is None or not target.is_coded:
            bad(key, f"a coded item of the canonical wave {canonical.wave.name}", name)
            continue
        own = wave.items.get(m.item)
        if own is None or not own.is_coded:
            bad(f"{key}.item", f"a coded item of wave {wave.wave.name}'s codebook", m.item)
            continue
        allowed = set(target.codes) | set(target.missing) | set(MISSING_KINDS)
        for code, to in m.recode.items():
            if code not in own.codes and code not in own.missing:
                bad(f"{key}.recode", f"codes of item '{m.item}' ({', '.join(map(str, own.all_codes()))})", code)
            if to not in allowed:
                bad(f"{key}.recode.{code}", f"a code of '{name}' ({', '.join(map(str, target.all_codes()))}) "
                    "or a missing kind", to)
        if m.recode:
            unmapped = [c for c in own.codes if c not in m.recode]
            if unmapped:
                bad(f"{key}.recode", f"a target for every code of item '{m.item}'", f"no target for {unmapped[0]}")
            by_label = {_fold_label(label): code for code, label in target.codes.items()}
            for code, to in m.recode.items():
                label = own.codes.get(code)
                same = by_label.get(_fold_label(label)) if label is not None else None
                if same is not None and to != same:
                    bad(f"{key}.recode.{code}", f"'{label}' recoded onto {canonical.wave.name}'s own '{label}' "
                        f"(code {same}): a recode against matching labels reverses or shifts the scale",
                        f"{to} ('{target.label_of(to)}')" if to in target.codes else to)
            if not m.rule and not _same_scale(own, target):
                bad(f"{key}.rule", f"a rule saying how {canonical.wave.name}'s {_scale(target)} was matched to wave "
                    f"{wave.wave.name}'s {_scale(own)}", "no rule")
        elif list(own.codes) != list(target.codes):
            bad(f"{key}.recode", f"a recode: the codes of '{m.item}' differ from those of '{name}'",
                ", ".join(map(str, own.codes)))
        elif not _same_scale(own, target):
            bad(f"{key}.recode", f"a recode and a rule: the labels of '{m.item}' ({_pairs(own)}) differ from those of "
                f"'{name}' ({_pairs(target)})", "labels differ")
    return out


def _fold_label(text: str | None) -> str:
    """A label compared across waves: case, spaces and apostrophe forms ignored."""
    return " ".join(str(text or "").replace("\u2019", "'").replace("\u2018", "'").casefold().split())


def _same_scale(own, target) -> bool:
    """Whether two coded items have the same substantive codes with the same labels (multi items: options)."""
    if own.type == "multi" or target.type == "multi":
        from analysis.codebook.multi_items import option_labels

        return own.type == target.type and ([_fold_label(x) for x in option_labels(own)]
                                            == [_fold_label(x) for x in option_labels(target)])
    return ([(c, _fold_label(x)) for c, x in own.codes.items()]
            == [(c, _fold_label(x)) for c, x in target.codes.items()])


def _scale(item) -> str:
    if item.type == "multi":
        from analysis.codebook.multi_items import option_labels

        return f"{len(option_labels(item))} options ({' / '.join(option_labels(item))})"
    return f"{len(item.codes)}-point scale ({' / '.join(item.labels())})"


def _pairs(item) -> str:
    return ", ".join(f"{c} = '{x}'" for c, x in item.codes.items())


def same_question(target, wave: Codebook) -> list[str]:
    """This wave's coded items whose question text is the canonical item's (case and spaces ignored)."""
    text = _fold_label(getattr(target, "text", ""))
    if not text:
        return []
    return [name for name, item in wave.items.items() if item.is_coded and _fold_label(item.text) == text]


def item_changes(own, target, *, a: str, b: str) -> list[str]:
    """How this wave's item differs from the canonical item, as phrases (empty when it is the same question).

    >>> from analysis.codebook import Item
    >>> x = Item(name="c", column="c", type="ordinal", text="How sure?", codes={1: "Low", 2: "High"})
    >>> y = Item(name="c", column="c", type="ordinal", text="How sure?", codes={1: "Low", 2: "Mid", 3: "High"})
    >>> item_changes(y, x, a="2013", b="2018")
    ['scale changed: 2013 2-point scale (Low / High); 2018 3-point scale (Low / Mid / High)']
    """
    out = []
    if _fold_label(own.text) != _fold_label(target.text):
        out.append(f"wording changed: {a} asked \u201c{target.text}\u201d; {b} asked \u201c{own.text}\u201d")
    if own.type != target.type and {own.type, target.type} != {"single", "yesno"}:
        out.append(f"type changed: {a} {target.type}; {b} {own.type}")
    if not _same_scale(own, target):
        out.append(f"scale changed: {a} {_scale(target)}; {b} {_scale(own)}")
    kinds_a = sorted((m.kind for m in target.missing.values()))
    kinds_b = sorted((m.kind for m in own.missing.values()))
    if kinds_a != kinds_b:
        out.append(f"missing answers changed: {a} {', '.join(kinds_a) or 'none'}; {b} {', '.join(kinds_b) or 'none'}")
    return out


def unharmonised_changes(wave: Codebook, canonical: Codebook, *, source: str) -> list[Problem]:
    """Problems of comparing a wave that has no ``harmonise.toml`` with the canonical wave by name.

    Without a harmonisation an indicator is matched by name only when this wave
    defines it exactly as the canonical wave does: same item question, type,
    codes and labels, missing answers, indicator codes and base. Every other
    canonical indicator is one problem naming it and what changed, so the
    analyst writes ``harmonise.toml`` (``source``) for it. An indicator this
    wave lacks is a problem too (never a silent "not asked"), naming this
    wave's item that asks the same question when there is one.
    """
    a, b = canonical.wave.name, wave.wave.name
    out: list[Problem] = []
    for name, ind in canonical.indicators.items():
        target = canonical.items.get(ind.item)
        mine = wave.indicators.get(name)
        if mine is None:
            same = same_question(target, wave)
            hint = f"; its item '{same[0]}' asks the same question" if same else ""
            out.append(Problem(source, None, [], f"a harmonisation of indicator '{name}' (item '{ind.item}'): wave "
                               f"{b} has no indicator of that name{hint}; map the item in {HARMONISE_NAME} or list it "
                               "in not_asked (add-wave drafts harmonise.draft.toml)", "no harmonise.toml"))
            continue
        own = wave.items.get(mine.item)
        changes = item_changes(own, target, a=a, b=b) if own is not None and target is not None else ["item missing"]
        if tuple(mine.codes) != tuple(ind.codes):
            changes.append(f"indicator codes changed: {a} {list(ind.codes)}; {b} {list(mine.codes)}")
        base_a, base_b = canonical.bases.get(ind.base), wave.bases.get(mine.base)
        if (base_a is None or base_b is None or base_a.excludes != base_b.excludes
                or dict(base_a.where) != dict(base_b.where)):
            changes.append(f"base changed: {a} {base_a.label if base_a else ind.base}; "
                           f"{b} {base_b.label if base_b else mine.base}")
        for item in (base_a.where if base_a else {}):
            ta, tb = canonical.items.get(item), wave.items.get(item)
            if ta is None or tb is None or item_changes(tb, ta, a=a, b=b):
                changes.append(f"base item '{item}' changed")
        if changes:
            out.append(Problem(source, None, [], f"a harmonisation of indicator '{name}' in {HARMONISE_NAME}, "
                               f"whose item changed ({'; '.join(changes)}) (add-wave drafts harmonise.draft.toml)",
                               "no harmonise.toml"))
    return out


def harmonisation_notes(h: Harmonisation, wave: Codebook, canonical: Codebook, *,
                        indicator: str | None = None) -> list[str]:
    """Every wording or scale change between the canonical wave and this one, as sentences.

    Parameters
    ----------
    h : Harmonisation
    wave, canonical : Codebook
        This wave's codebook and the canonical wave's.
    indicator : str, optional
        Only the notes that concern this canonical indicator.

    Returns
    -------
    list of str
        For each mapped item: the analyst's ``wording`` and ``rule``, an automatic
        note when the question text or the labels differ, and one line per
        canonical item this wave did not ask.
    """
    a, b = canonical.wave.name, wave.wave.name
    only = None
    if indicator is not None:
        ind = canonical.indicators[indicator]
        only = {ind.item, *canonical.bases[ind.base].where}
    notes: list[str] = []
    for name, m in h.items.items():
        if only is not None and name not in only:
            continue
        target, own = canonical.items.get(name), wave.items.get(m.item)
        if target is None or own is None:
            continue
        if m.wording:
            notes.append(f"{name}: {m.wording}")
        elif target.text and own.text and " ".join(target.text.split()) != " ".join(own.text.split()):
            notes.append(f"{name}: wording changed: {a} asked \u201c{target.text}\u201d; {b} asked \u201c{own.text}\u201d.")
        if list(target.codes.values()) != list(own.codes.values()):
            notes.append(f"{name}: scale changed: {a} {len(target.codes)}-point ({' / '.join(target.labels())}); "
                         f"{b} {len(own.codes)}-point ({' / '.join(own.labels())}).")
        if m.rule:
            notes.append(f"{name}: {m.rule}")
        kinds = [c for c in item_changes(own, target, a=a, b=b) if c.startswith("missing answers changed")]
        if kinds:
            notes.append(f"{name}: {kinds[0]}.")
    for name in h.not_asked:
        if only is None or name in only:
            notes.append(f"{name}: not asked in {b}.")
    return notes


def available_indicators(h: Harmonisation, canonical: Codebook, wave: Codebook | None = None) -> list[str]:
    """Canonical indicators this wave can report: their item and base items are all mapped (and, with
    ``wave``, a multi item's indicator only when this wave offered each of its options)."""
    def offered(ind) -> bool:  # a multi item's indicator needs each of its options in this wave
        target = canonical.items.get(ind.item)
        if target is None or target.type != "multi" or wave is None:
            return True
        from analysis.waves.multi_harmonise import covered

        m = h.items[ind.item]
        own = wave.items.get(m.item)
        return own is not None and own.type == "multi" and covered(target, own, m.recode, ind.codes)

    return [name for name, ind in canonical.indicators.items()
            if ind.item in h.items and all(w in h.items for w in canonical.bases[ind.base].where) and offered(ind)]


def harmonised_long(wave: "Wave", h: Harmonisation, canonical: Codebook) -> "pd.DataFrame":
    """This wave's answers in long form, rewritten in the canonical items and codes (mapped items only).

    One row per respondent and mapped item (``respondent``, ``item``, ``code``,
    ``label``, ``missing``), read from the respondent frame's codes
    (:func:`analysis.derive.item_answers`); each of the item's codes is recoded once.
    """
    import numpy as np
    import pandas as pd

    from analysis.derive import code_positions

    parts = []
    for name, m in h.items.items():
        target = canonical.items[name]
        own = wave.codebook.items[m.item]
        if target.type == "multi":  # ticks, not codes: see analysis.waves.multi_harmonise
            continue
        positions = code_positions(own, wave.respondents)
        if positions is None:
            raise ValueError(f"item {m.item!r}: the respondent frame cannot say which code each respondent gave")
        codes, kinds = [], []
        for code in [*own.all_codes(), None]:  # each code of the item, then a blank
            kind = own.missing[code].kind if code in own.missing else None
            to = m.recode.get(code, code) if code is not None else None
            if isinstance(to, str) and to in MISSING_KINDS:
                codes.append(None)
                kinds.append(to)
            elif to is not None and to in target.missing:
                codes.append(to)
                kinds.append(target.missing[to].kind)
            elif to is not None and to in target.codes:
                codes.append(to)
                kinds.append(None)
            else:  # a missing code of this wave with no target keeps its kind
                codes.append(None)
                kinds.append(kind or "no_answer")
        labels = [target.label_of(c) if c is not None else None for c in codes]
        code_lut, label_lut = np.array(codes, dtype=object), np.array(labels, dtype=object)
        parts.append(pd.DataFrame({"respondent": wave.respondents.index.astype("string").to_numpy(), "item": name,
                                   "code": pd.array(code_lut[positions], dtype="object"),
                                   "label": label_lut[positions],
                                   "missing": pd.array(np.array(kinds, dtype=object)[positions], dtype="string")}))
    if not parts:
        return pd.DataFrame(columns=["respondent", "item", "code", "label", "missing"])
    return pd.concat(parts, ignore_index=True)


def harmonised_indicators(wave: "Wave", h: Harmonisation, canonical: Codebook) -> "pd.DataFrame":
    """One boolean column per available canonical indicator (True / False / NA outside the base).

    Indexed like ``wave.respondents``; the definitions (codes, base) are the
    canonical wave's, applied to this wave's recoded answers.
    """
    import pandas as pd

    from analysis.derive import indicator_codes

    problems = check_harmonisation(h, wave.codebook, canonical)
    if problems:
        raise InputError(problems)
    long = harmonised_long(wave, h, canonical)
    columns = {}
    for name in available_indicators(h, canonical, wave.codebook):
        ind = canonical.indicators[name]
        if canonical.items[ind.item].type == "multi":
            from analysis.waves.multi_harmonise import harmonised_multi_indicator

            column = harmonised_multi_indicator(wave, h.items[ind.item], canonical, name)
            for item_name, allowed in canonical.bases[ind.base].where.items():
                rows = long[long["item"] == item_name].set_index("respondent")["code"]
                inside = rows.reindex(wave.respondents.index.astype("string")).isin(list(allowed)).to_numpy()
                column = column.where(inside, pd.NA).astype("boolean")
            columns[name] = column
            continue
        columns[name] = indicator_codes(canonical, long, name).reindex(wave.respondents.index)
    return pd.DataFrame(columns, index=wave.respondents.index)


def check_wave(wave: str, paths) -> list[Problem]:
    """Problems of a wave's ``harmonise.toml`` against its codebook and the canonical wave's (none if absent).

    For the ``validate`` stage: says exactly which canonical items are still
    unmapped and which recodes are inconsistent.
    """
    from analysis.codebook import load_codebook

    h = load_harmonisation(paths.wave_dir(wave) / HARMONISE_NAME)
    if h is None:
        return []
    if not paths.codebook(h.canonical).is_file():
        return [Problem(h.source, None, [], "a canonical wave with a codebook under data/raw (at 'canonical')",
                        h.canonical)]
    return check_harmonisation(h, load_codebook(paths.codebook(wave), wave=wave),
                               load_codebook(paths.codebook(h.canonical), wave=h.canonical))
