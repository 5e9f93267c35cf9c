"""What a wave publishes, and disclosure control applied across all of it at once.

:func:`published_frames` chooses the rows published (each indicator on its own base,
overall and by each breakdown; each ordinal scale in full on the base of all
respondents); :func:`protect` plans and applies suppression across them
(:mod:`analysis.protect.plan`), and protects a wave comparison and a reproduction
table with the same rule.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Mapping

from analysis.protect.audit import audit
from analysis.protect.plan import apply_plan, plan
from analysis.protect.structure import Structure

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from analysis.codebook import Codebook

#: Name of the scale rows' base in the table set.
SCALE_BASE = "all"


def published_frames(codebook: "Codebook", frames: Mapping[str, "pd.DataFrame"]) -> dict[str, "pd.DataFrame"]:
    """The rows a report publishes, from :func:`analysis.tables.table_set` frames.

    Each indicator only on its default base (publishing one count on two bases would let
    the difference of the bases give away the small number left out), overall and by
    each breakdown (crosses are left to the CSV tables); ordinal scales in full on the
    base of all respondents, overall and by each breakdown.
    """
    est = frames["estimates"]
    default = est["indicator"].map({n: i.base for n, i in codebook.indicators.items()})
    keep_by = {"overall", *codebook.breakdowns}
    estimates = est[(est["base_name"] == default) & est["by"].isin(keep_by)].reset_index(drop=True)
    dist = frames.get("distributions")
    if dist is not None and not dist.empty:
        dist = dist[(dist["base_name"] == SCALE_BASE) & dist["by"].isin(keep_by)].reset_index(drop=True)
    from analysis.protect.options import published_options

    return {"estimates": estimates, "distributions": dist, "options": published_options(codebook, frames)}


def missing_labels(codebook: "Codebook") -> list[str]:
    """Labels of the missing-answer categories of the wave's scales (and "No answer" for blanks)."""
    from analysis.tables import NO_ANSWER

    labels = {m.label for item in codebook.items.values() for m in item.missing.values()}
    return sorted(labels | {NO_ANSWER})


def composites(codebook: "Codebook") -> dict[str, tuple[str, list[str]]]:
    """Indicators that add up categories of an ordinal scale published in full: name -> (item, labels).

    Only indicators on the scale's own base (all respondents) are tied; their counts
    and the categories' counts are then protected together.
    """
    out = {}
    for name, ind in codebook.indicators.items():
        item = codebook.items.get(ind.item)
        if item is not None and item.type == "ordinal" and ind.base == SCALE_BASE:
            out[name] = (item.name, [item.label_of(c) for c in ind.codes])
    return out


def base_links(codebook: "Codebook") -> dict[tuple[str, str], list[str]]:
    """Indicators whose count is another base's n: (indicator, its base label) -> [base labels].

    A base defined as "those who answered ``item`` with ``codes``" has, in every group,
    exactly the count of an indicator counting ``codes`` of ``item``: withholding that
    count means withholding the other base's n too, or subtraction gives it back.
    """
    out: dict[tuple[str, str], list[str]] = {}
    for base in codebook.bases.values():
        if len(base.where) != 1:
            continue
        (item, codes), = base.where.items()
        for name, ind in codebook.indicators.items():
            if ind.item == item and set(ind.codes) == set(codes) and ind.base in codebook.bases:
                out.setdefault((name, codebook.bases[ind.base].label), []).append(base.label)
    return out


def structure(codebook: "Codebook") -> Structure:
    """Everything that ties a wave's tables together for disclosure control (:class:`~analysis.protect.structure.Structure`).

    Besides the scale composites and the linked bases: which item each indicator counts,
    which bases leave out the people who did not answer (their n is the base of all
    respondents less those people, a count the audit protects like any other), and the
    label of the base of all respondents.
    """
    from analysis.multi_tables import OPTION_BASE, multi_items
    from analysis.protect.options import option_items

    answered = tuple(sorted({b.label for b in codebook.bases.values() if not b.where and set(b.excludes) - {"not_asked"}}
                            | ({OPTION_BASE} if multi_items(codebook) else set())))
    anchor = codebook.bases["all"].label if "all" in codebook.bases else None
    return Structure(composites=composites(codebook), bases=base_links(codebook),
                     items={**option_items(codebook), **{name: ind.item for name, ind in codebook.indicators.items()}},
                     answered=answered, anchor=anchor, missing=tuple(missing_labels(codebook)))


def protect(published: Mapping[str, "pd.DataFrame"], *, threshold: int, trend: "pd.DataFrame | None" = None,
            diffs: "pd.DataFrame | None" = None, reproduction: "pd.DataFrame | None" = None, rule: str = "cells",
            ties: Structure | None = None) -> tuple[dict[str, "pd.DataFrame"], "pd.DataFrame", "pd.DataFrame"]:
    """Suppress across every published frame at once.

    Returns the protected frames, the plan (:func:`analysis.protect.plan.plan`)
    and the audit (:func:`analysis.protect.audit.audit`), which lists any withheld
    cell the published figures still pin down and is empty when the plan works.
    """
    parts = [f for f in published.values() if f is not None and not f.empty]
    ties = ties or Structure()
    decisions = plan(parts, threshold=threshold, rule=rule, structure=ties)
    out = {name: (apply_plan(f, decisions) if f is not None and not f.empty
                  else f.assign(disclosure=f.get("indicator", "").astype(str).iloc[0:0]) if f is not None else f)
           for name, f in published.items()}
    exposed = audit(parts, [out[n] for n, f in published.items() if f is not None and not f.empty],
                    threshold=threshold, rule=rule, structure=ties)
    if trend is not None and not trend.empty:
        t = trend.assign(by="overall", group="wave " + trend["wave"].astype(str))
        t["count"] = t["count"].where(t["flag"] != "not asked")
        t_plan = plan(t[t["flag"] != "not asked"], threshold=threshold, rule=rule)
        protected = apply_plan(t, t_plan).drop(columns=["by", "group"])
        out["trend"] = protected
        if diffs is not None and not diffs.empty:
            hidden = set(zip(protected.loc[protected["disclosure"] != "", "indicator"],
                             protected.loc[protected["disclosure"] != "", "wave"].astype(str)))
            gone = [(i, str(a)) in hidden or (i, str(b)) in hidden
                    for i, a, b in zip(diffs["indicator"], diffs["wave_from"], diffs["wave_to"])]
            d = diffs.copy()
            for col in ("p_from", "p_to", "n_from", "n_to", "difference", "ci_lower", "ci_upper", "z", "p_value"):
                d[col] = d[col].astype("Float64").mask(gone)
            d["marker"] = d["marker"].astype("object").mask(gone)
            d["disclosure"] = ["primary" if g else "" for g in gone]
            out["differences"] = d
    if reproduction is not None and not reproduction.empty:
        out["reproduction"] = protect_reproduction(reproduction, threshold=threshold)
    return out, decisions, exposed


def protect_reproduction(table: "pd.DataFrame", *, threshold: int) -> "pd.DataFrame":
    """Withhold the recomputed figures of a claim resting on fewer than ``threshold`` respondents.

    A claim's count is a cell; so is the rest of its base, except for claims that
    count the whole base (``count == n``, e.g. the number of respondents).

    >>> import pandas as pd
    >>> t = pd.DataFrame({"claim": ["n", "a", "b"], "recomputed": ["692", "1%", "62%"], "count": [692, 7, 429],
    ...                   "n": [692, 692, 692], "proportion": [1.0, 0.01, 0.62]})
    >>> protect_reproduction(t, threshold=10)["recomputed"].tolist()
    ['692', <NA>, '62%']
    """
    count = table["count"].astype("Float64")
    n = table["n"].astype("Float64")
    rest = n - count
    small = ((count < threshold) | ((rest > 0) & (rest < threshold))).fillna(False).to_numpy(dtype=bool)
    out = table.copy()
    for col in ("recomputed", "as_printed", "count", "proportion", "ci_lower", "ci_upper", "explanation"):
        if col in out.columns:
            s = out[col]
            s = s.astype("Float64") if col in ("proportion", "ci_lower", "ci_upper") else (
                s.astype("Int64") if col == "count" else s.astype("string"))
            out[col] = s.mask(small)
    out["disclosure"] = ["primary" if s else "" for s in small]
    return out


def published_left_out(left_out: Mapping, policy) -> dict:
    """What the notes may say of the respondents left out of each breakdown, under ``policy``.

    ``left_out`` is the ``tables`` stage's record (``tables.json``: ``breakdowns``, each
    with ``respondents``, ``count`` and ``reasons``, and ``rows filter``). Under the strict
    policy a count below the threshold is published as ``"fewer than <threshold>"`` (its
    exact value is withheld, and the plan withholds a group's base so that it cannot be
    worked out by subtraction); the counts of the reasons are given only when none of them
    is below the threshold, since each could be worked out from the others. Under the
    sample-survey policy, which publishes counts inside adequate groups, every count is exact.

    >>> from analysis.protect.policy import Policy
    >>> rec = {"breakdowns": {"nation": {"respondents": 380, "count": 4,
    ...        "reasons": [{"reason": "did not answer", "count": 4}]}}}
    >>> published_left_out(rec, Policy("strict", 10))["breakdowns"]["nation"]["text"]
    'fewer than 10'
    >>> published_left_out(rec, Policy("sample-survey", 10))["breakdowns"]["nation"]["text"]
    '4'
    """
    strict = policy.rule == "cells"
    t = policy.threshold
    out: dict = {"breakdowns": {}}
    for name, entry in (left_out.get("breakdowns") or {}).items():
        count = int(entry.get("count", 0))
        small = strict and 0 < count < t
        reasons = list(entry.get("reasons", []))
        split_small = strict and len(reasons) > 1 and any(0 < int(r["count"]) < t for r in reasons)
        out["breakdowns"][name] = {
            "respondents": int(entry.get("respondents", 0)),
            "count": None if small else count,
            "text": f"fewer than {t}" if small else str(count),
            "reasons": [{"reason": r["reason"], "count": None if (small or split_small) else int(r["count"])}
                        for r in reasons],
        }
    removed = left_out.get("rows filter")
    if removed:
        small = strict and 0 < int(removed["count"]) < t
        out["rows filter"] = {**removed, "count": None if small else int(removed["count"]),
                              "text": f"fewer than {t}" if small else str(removed["count"])}
    return out
