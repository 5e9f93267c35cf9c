"""Trends: each canonical indicator by wave, and the change between consecutive waves.

:func:`trend_table` stacks one :func:`analysis.stats.proportions.proportion_table`
row per indicator and wave (the canonical wave's own indicators; later waves'
through their harmonisation), and :func:`wave_differences` compares each wave
with the one before it: the difference (later minus earlier) with Newcombe's
hybrid-score interval and a two-proportion z test
(:func:`analysis.stats.significance.difference`), and a significance marker.

Columns of :func:`trend_table`, in order: ``indicator``, ``label``, ``group``,
``wave``, ``wave_order`` (0, 1, ... oldest first), ``provenance``, ``base``,
``count``, ``n``, ``weighted_count``, ``weighted_n``, ``effective_n``,
``proportion``, ``se``, ``ci_lower``, ``ci_upper``, ``method``, ``level``,
``flag`` (``""``, ``"small base"``, ``"suppressed"``, or ``"not asked"`` where the
wave's ``harmonise.toml`` lists the question as not asked: counts 0 and estimate
NA), ``harmonised`` (True when the wave's answers were recoded onto the canonical
items), ``notes`` (the wording and scale changes behind that wave's figure, and
where a value was published, joined with ``" | "``), ``population`` (the wave's
``[wave] population``), ``value_class`` and ``published``:

``value_class``
    ``observed`` (a real wave's estimate), ``published`` (a reconstructed wave's
    value that its published-figures registry prints, on the same indicator and
    base), ``invented`` (a reconstructed wave's value no registry claim prints: the
    generator fixed it, so it is never drawn, tested or stated), ``illustrative``
    (an illustrative wave's invented data, labelled as such everywhere), or ``""``
    on a not-asked row.
``published``
    the figure as printed (``"96.5%"``, at its published precision) when
    ``value_class`` is ``published``, else ``""``.

Columns of :func:`wave_differences`: ``indicator``, ``label``, ``wave_from``,
``wave_to``, ``p_from``, ``p_to``, ``n_from``, ``n_to`` (unweighted bases), ``effective_n_from``, ``effective_n_to`` (the bases the
test and interval use: Kish's effective n when the wave is weighted), ``difference``
(``p_to - p_from``), ``ci_lower``, ``ci_upper``, ``z``, ``p_value``, ``marker``
(``"*"`` when p < 0.05, else ``""``), ``method``, ``level``, ``notes``,
``population_changed`` (True when the two waves' stated populations differ: the
change then mixes a change of population with any change over time). A pair
where either value is invented has no difference, interval, test or marker, and
its notes say why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Mapping, Sequence

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from analysis.codebook import Codebook, Indicator
    from analysis.ingest.pipeline import Wave
    from analysis.reproduction.registry import Claim
    from analysis.waves.harmonise import Harmonisation

#: p-value below which a change is marked.
ALPHA = 0.05
MARKER = "*"

TREND_COLUMNS = ["indicator", "label", "group", "wave", "wave_order", "provenance", "base", "count", "n",
                 "weighted_count", "weighted_n", "effective_n", "proportion", "se", "ci_lower", "ci_upper",
                 "method", "level", "flag", "harmonised", "notes", "population", "value_class", "published"]
DIFF_COLUMNS = ["indicator", "label", "wave_from", "wave_to", "p_from", "p_to", "n_from", "n_to", "effective_n_from",
                "effective_n_to", "difference", "ci_lower", "ci_upper", "z", "p_value", "marker", "method", "level",
                "notes", "population_changed"]
#: What each wave provenance makes of its values (a reconstructed wave's depend on its registry).
VALUE_CLASSES = {"real": "observed", "illustrative": "illustrative", "reconstructed": "invented"}


def _canonical(waves: Sequence["Wave"], harmonisations: Mapping[str, "Harmonisation"]) -> "Wave":
    from analysis.errors import InputError

    names = {h.canonical for h in harmonisations.values()}
    if len(names) > 1:
        raise InputError.single("harmonise.toml", "one canonical wave for every wave compared",
                                found=", ".join(sorted(names)))
    name = names.pop() if names else waves[0].name
    for w in waves:
        if w.name == name:
            return w
    raise InputError.single("harmonise.toml", "a canonical wave among the waves compared ("
                            + ", ".join(w.name for w in waves) + ")", found=name)


def _design(wave: "Wave", frame: "pd.DataFrame") -> dict:
    """A wave's design and raking keywords (``[design]``, ``[weighting]``), their columns added to ``frame``."""
    cb = wave.codebook
    if getattr(cb, "design", None) is None and getattr(cb, "weighting", None) is None:
        return {}
    from analysis.weighting import load_weighting

    kw = load_weighting(wave)[0]  # the weights the weight stage stored
    for name in (cb.design.variables if cb.design is not None else ()):
        frame[name] = wave.respondents[name]
    raked = kw.get("calibration")
    if raked is not None:
        for name in raked.margins:
            frame[name] = wave.respondents[name]
        frame["weight"] = raked.weights.reindex(frame.index).to_numpy()
    return kw


def published_claim(claims: Sequence["Claim"], codebook: "Codebook", indicator: "Indicator",
                    proportion: float | None) -> "Claim | None":
    """The registry claim that prints this indicator's value on its base, or ``None``.

    A claim counts when it is a percentage (not a bound such as "more than
    half", and not a misprint) of an indicator with the same item and codes, on
    the same base, and the recomputed proportion prints as it; canonical claims
    are preferred to variants.

    >>> from analysis.codebook import Indicator, parse_codebook
    >>> from analysis.reproduction.registry import Claim
    >>> cb = parse_codebook('[wave]\\nname = "A"\\n[files]\\ndata = "a.csv"\\n[id]\\ncolumn = "id"\\n'
    ...     '[items.x]\\ncolumn = "x"\\ntype = "yesno"\\ncodes = { 1 = "Yes", 2 = "No" }\\n'
    ...     '[indicators.x_yes]\\nitem = "x"\\ncodes = [1]\\n')
    >>> c = Claim("x", "x", "yes", "percent", 62, 0, "rounded", "all", "press", "2014", "canonical", indicator="x_yes")
    >>> published_claim([c], cb, cb.indicators["x_yes"], 0.6199).printed, published_claim([c], cb, cb.indicators["x_yes"], 0.6)
    ('62%', None)
    """
    from analysis.reproduction.registry import matches

    if proportion is None:
        return None
    found = []
    for claim in claims:
        other = codebook.indicators.get(claim.indicator)
        if (claim.statistic != "percent" or claim.status == "misprint" or claim.rounding == "more_than"
                or other is None or (other.item, tuple(other.codes)) != (indicator.item, tuple(indicator.codes))
                or claim.base != indicator.base):
            continue
        if matches(proportion * 100, claim.value, precision=claim.precision, rounding=claim.rounding):
            found.append(claim)
    found.sort(key=lambda c: c.status != "canonical")
    return found[0] if found else None


def trend_table(waves: Sequence["Wave"], indicators: Sequence[str] | None = None, *,
                harmonisations: Mapping[str, "Harmonisation"] | None = None, method: str | None = None,
                level: float = 0.95, small_base: int = 50, suppress_below: int = 30,
                published: Mapping[str, Sequence["Claim"]] | None = None) -> "pd.DataFrame":
    """Each indicator in each wave, with its base, interval and flag (columns in the module docstring).

    Parameters
    ----------
    waves : sequence of Wave
        Loaded waves, oldest first.
    indicators : sequence of str, optional
        Canonical indicator names; default every indicator of the canonical wave.
    harmonisations : mapping, optional
        Wave name -> :class:`~analysis.waves.harmonise.Harmonisation`. A wave with
        none is read with its own codebook's indicators (the canonical wave).
    method : {"wilson", "clopper_pearson", "jeffreys", "agresti_coull", "wald", "logit", "korn_graubard"}, optional
        Interval method, passed to :func:`analysis.stats.proportions.proportion_table`;
        by default each wave's own ``[tables] interval`` (Wilson when unset).
    level : float
        Confidence level.
    small_base, suppress_below : int
        Flag thresholds, as in ``proportion_table``.
    published : mapping, optional
        Wave name -> its published-figures claims
        (:func:`analysis.reproduction.registry.load_registry`): a reconstructed
        wave's values are ``published`` only where a claim prints them, otherwise
        ``invented``.

    Examples
    --------
    See ``tests/waves/test_trends.py`` and ``docs/waves.md``.
    """
    import pandas as pd

    from analysis.derive import indicator_series
    from analysis.stats.proportions import proportion_table
    from analysis.waves.harmonise import available_indicators, harmonisation_notes, harmonised_indicators

    harmonisations = dict(harmonisations or {})
    canonical = _canonical(waves, harmonisations)
    ccb = canonical.codebook
    names = list(indicators) if indicators is not None else list(ccb.indicators)
    rows = []
    chosen = method
    for order, wave in enumerate(waves):
        method = chosen or wave.codebook.interval_method
        h = harmonisations.get(wave.name) if wave is not canonical else None
        if h is not None:
            frame = harmonised_indicators(wave, h, ccb)
            have = set(available_indicators(h, ccb, wave.codebook))
        else:
            frame = pd.DataFrame({n: indicator_series(wave, n) for n in names if n in wave.codebook.indicators},
                                 index=wave.respondents.index)
            have = set(frame.columns)
        weight = wave.codebook.weight_item
        if weight is not None and weight.name in wave.respondents.columns:
            frame["weight"] = wave.respondents[weight.name].astype("Float64")
        design = _design(wave, frame)
        for name in names:
            ind = ccb.indicators[name]
            notes = " | ".join(harmonisation_notes(h, wave.codebook, ccb, indicator=name)) if h is not None else ""
            provenance = wave.codebook.wave.provenance
            meta = {"label": ind.label, "group": ind.group, "wave": wave.name, "wave_order": order,
                    "provenance": provenance, "harmonised": h is not None, "notes": notes,
                    "population": wave.codebook.wave.population}
            if name not in have:
                rows.append(pd.DataFrame([{"indicator": name, "base": ccb.bases[ind.base].label, "count": 0, "n": 0,
                                           "weighted_count": 0.0, "weighted_n": 0.0, "effective_n": 0.0,
                                           "method": method, "level": level, "flag": "not asked", **meta,
                                           "value_class": "", "published": ""}]))
                continue
            table = proportion_table(frame, name, weight="weight" if "weight" in frame else None, method=method,
                                     level=level, base=ccb.bases[ind.base].label, small_base=small_base,
                                     suppress_below=suppress_below, **design)
            value_class, printed = VALUE_CLASSES.get(provenance, "invented"), ""
            if provenance == "reconstructed":
                p = table["proportion"].iloc[0]
                own = wave.codebook.indicators.get(name) if h is None else None
                claim = published_claim((published or {}).get(wave.name, ()), wave.codebook, own,
                                        None if pd.isna(p) else float(p)) if own is not None else None
                if claim is not None:
                    value_class, printed = "published", claim.printed
                    meta["notes"] = " | ".join(x for x in (notes, f"{wave.name}: published as {claim.printed} of "
                                                           f"{ccb.bases[ind.base].label} ({claim.source}, "
                                                           f"{claim.date})") if x)
                else:
                    meta["notes"] = " | ".join(x for x in (notes, f"{wave.name}: not a published figure; the "
                                                           "reconstruction's value is invented") if x)
            table = table.assign(**meta, value_class=value_class, published=printed)
            rows.append(table)
    out = pd.concat(rows, ignore_index=True)
    for col in TREND_COLUMNS:
        if col not in out.columns:
            out[col] = pd.NA
    out = out[TREND_COLUMNS]
    out["proportion"] = out["proportion"].astype("Float64")
    out["se"] = out["se"].astype("Float64")
    out["ci_lower"] = out["ci_lower"].astype("Float64")
    out["ci_upper"] = out["ci_upper"].astype("Float64")
    order = {n: i for i, n in enumerate(names)}
    out = out.sort_values(["indicator", "wave_order"], key=lambda s: s.map(order) if s.name == "indicator" else s,
                          kind="stable").reset_index(drop=True)
    return out


def wave_differences(trend: "pd.DataFrame", *, level: float = 0.95, method: str = "newcombe",
                     alpha: float = ALPHA) -> "pd.DataFrame":
    """Change between consecutive waves that both report an indicator.

    Parameters
    ----------
    trend : DataFrame
        The output of :func:`trend_table`.
    level : float
        Confidence level of the interval of the difference.
    method : {"newcombe"}
        Interval of the difference: Newcombe's hybrid score (method 10).
    alpha : float
        Significance level of the marker.

    Returns
    -------
    DataFrame
        Columns listed in the module docstring; ``difference`` is the later wave
        minus the earlier. Weighted waves enter with their effective bases.

    Examples
    --------
    >>> import pandas as pd
    >>> trend = pd.DataFrame({"indicator": ["x", "x"], "label": ["X", "X"], "wave": ["2013", "2018"],
    ...     "wave_order": [0, 1], "proportion": [48 / 80, 56 / 70], "effective_n": [80.0, 70.0],
    ...     "n": [80, 70], "flag": ["", ""], "notes": ["", ""]})
    >>> d = wave_differences(trend).iloc[0]
    >>> print(f"{d.difference:.4f} ({d.ci_lower:.4f} to {d.ci_upper:.4f}) {d.marker}")
    0.2000 (0.0524 to 0.3339) *
    """
    import pandas as pd

    from analysis.stats.pairwise import difference

    rows = []
    for name, sub in trend.groupby("indicator", sort=False):
        sub = sub[(sub["flag"] != "not asked") & (sub["n"] > 0)].sort_values("wave_order")
        for (_, a), (_, b) in zip(sub.iterrows(), sub.iloc[1:].iterrows()):
            n_a, n_b = float(a["effective_n"]), float(b["effective_n"])
            notes = [str(b["notes"])] if str(b["notes"]) else []
            moved = population_changed(a.get("population", ""), b.get("population", ""))
            if moved:
                notes.append(f"population changed: {a['wave']} {a['population']}; {b['wave']} {b['population']}")
            row = {"indicator": name, "label": a["label"], "wave_from": a["wave"], "wave_to": b["wave"],
                   "n_from": int(a["n"]), "n_to": int(b["n"]), "effective_n_from": n_a, "effective_n_to": n_b,
                   "method": method, "level": level, "population_changed": moved}
            invented = [str(r["wave"]) for r in (a, b) if str(r.get("value_class", "")) == "invented"]
            if invented:
                notes.append(f"no comparison: the {' and '.join(invented)} value is invented (reconstructed wave, "
                             "not a published figure)")
                rows.append({**row, "p_from": pd.NA, "p_to": pd.NA, "difference": pd.NA, "ci_lower": pd.NA,
                             "ci_upper": pd.NA, "z": pd.NA, "p_value": pd.NA, "marker": "",
                             "notes": " | ".join(notes)})
                continue
            d = difference(float(b["proportion"]) * n_b, n_b, float(a["proportion"]) * n_a, n_a, level=level,
                           method=method, labels=(str(b["wave"]), str(a["wave"])))
            rows.append({**row, "p_from": d.p2, "p_to": d.p1, "difference": d.difference, "ci_lower": d.ci_lower,
                         "ci_upper": d.ci_upper, "z": d.z, "p_value": d.p_value,
                         "marker": MARKER if d.p_value < alpha else "", "notes": " | ".join(notes)})
    out = pd.DataFrame(rows, columns=DIFF_COLUMNS)
    for col in ("p_from", "p_to", "difference", "ci_lower", "ci_upper", "z", "p_value"):
        out[col] = out[col].astype("Float64")
    return out


def population_changed(a: object, b: object) -> bool:
    """Whether two waves' stated populations differ (case and spaces ignored; unknown counts as unchanged).

    >>> population_changed("Children's workforce, England", "School safeguarding leads, England and Scotland")
    True
    >>> population_changed("Schools ", "schools"), population_changed("", "Schools")
    (False, False)
    """
    fa, fb = (" ".join((x if isinstance(x, str) else "").casefold().split()) for x in (a, b))
    return bool(fa and fb and fa != fb)


def effective_base_note(differences: "pd.DataFrame") -> str:
    """What the change's interval and test use when a wave is weighted or has a design, else "".

    Said when any effective base differs from its number of respondents (:func:`wave_differences`).

    >>> import pandas as pd
    >>> plain = pd.DataFrame({"n_from": [80], "n_to": [70], "effective_n_from": [80.0], "effective_n_to": [70.0]})
    >>> effective_base_note(plain)
    ''
    >>> effective_base_note(plain.assign(effective_n_to=[52.5])).split(":")[0]
    "Both use each wave's effective base, not its number of respondents"
    """
    n = differences[["n_from", "n_to"]].to_numpy(dtype=float)
    eff = differences[["effective_n_from", "effective_n_to"]].to_numpy(dtype=float)
    if not (abs(eff - n) > 1e-9 * n).any():
        return ""
    return ("Both use each wave's effective base, not its number of respondents: for a wave with a sample "
            "design or raking, p(1 − p)/SE² from its design-based standard error, so the design's variance "
            "is used; for a wave weighted by a weight alone, Kish's effective n.")


def difference_note(differences: "pd.DataFrame") -> str:
    """The note under the "Change between waves" table: the interval and test, and which variance they used."""
    note = ("Change in percentage points (later minus earlier), with Newcombe's hybrid-score 95% interval; "
            "* marks a change significant at the 5% level (two-proportion z test).")
    said = effective_base_note(differences)
    return f"{note} {said}" if said else note
