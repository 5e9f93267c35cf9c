"""Recompute every published claim from a wave's microdata and set it beside the printed figure.

Each claim (:mod:`analysis.reproduction.registry`) becomes a boolean column on
its base (True = counts, False = in the base only, NA = outside it), which
:func:`analysis.stats.proportion_table` turns into a count, a base and a
proportion with its interval. The claim then matches or not at its published
precision; a variant is explained by the base that reconciles it (every base
of the codebook is tried), a misprint or an unreproducible variant by its
registry note.

>>> import pandas as pd
>>> from analysis.codebook import parse_codebook
>>> from analysis.ingest.pipeline import Wave
>>> from analysis.reproduction.registry import Claim
>>> cb = parse_codebook('''
... [wave]
... name = "demo"
... [files]
... data = "x.csv"
... [id]
... column = "id"
... [items.value]
... column = "Q1"
... type = "yesno"
... codes = { 1 = "Yes", 2 = "No" }
... missing = { 9 = "no_answer" }
... [indicators.would_value]
... item = "value"
... codes = [1]
... label = "Would value training"
... ''')
>>> ids = pd.Index(["a", "b", "c", "d"], name="respondent")
>>> value = pd.Categorical(["Yes", "Yes", "No", "No answer"], categories=["Yes", "No", "No answer"])
>>> wave = Wave(cb, pd.DataFrame({"value": value}, index=ids))
>>> claim = Claim(id="v", finding="v", measure="would value", statistic="percent", value=66.7, precision=1,
...               rounding="rounded", base="answered", source="press", date="2014", status="canonical",
...               indicator="would_value")
>>> est = estimate(wave, claim)
>>> est["count"], est["n"], round(est["value"], 2)
(2, 3, 66.67)
>>> compare_claim(wave, claim)["match"], estimate(wave, claim, "all")["n"]
('yes', 4)
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from analysis.reproduction.registry import Claim, matches, printed_value

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from analysis.config import Paths
    from analysis.ingest.pipeline import Wave

#: Columns of the reproduction table, in order.
COLUMNS = ("claim", "finding", "status", "measure", "published", "recomputed", "as_printed", "base", "count", "n",
           "proportion", "ci_lower", "ci_upper", "match", "explanation", "source", "date", "wording",
           "rounding", "note", "value", "precision", "statistic", "provenance_note")


def claim_series(wave: "Wave", claim: Claim, base: str | None = None) -> "pd.Series":
    """The claim as a boolean series over the wave's respondents (NA outside ``base``).

    ``respondents`` claims are True for everyone in the base; ``count`` claims
    are True where the item's code is among the claim's codes; ``percent`` claims
    are the claim's indicator.
    """
    from analysis.codebook import Indicator
    from analysis.derive import respondent_indicator

    def indicator(codebook, name):
        return respondent_indicator(codebook, wave.respondents, name, base)

    base = base or claim.base
    cb = wave.codebook
    if claim.statistic == "percent":
        series = indicator(cb, claim.indicator)
    else:
        # A throw-away indicator carries the claim's codes through the codebook's base rules.
        item = claim.item or next(i.name for i in cb.items.values() if i.is_coded and i.reaches_processed)
        codes = claim.codes if claim.statistic == "count" else tuple(cb.items[item].codes)
        name = f"claim:{claim.id}"
        probe = Indicator(name=name, item=item, codes=codes, label=claim.measure, base=base)
        series = indicator(replace(cb, indicators={**cb.indicators, name: probe}), name)
        if claim.statistic == "respondents":
            series = series.notna().astype("boolean").where(series.notna())
    series = series.reindex(wave.respondents.index)
    series.name = claim.id
    return series


def _claim_key(claim: Claim, base: str) -> tuple:
    """What a claim's estimate depends on: two claims with the same key have the same count and base."""
    if claim.statistic == "percent":
        return ("percent", claim.indicator, base)
    return (claim.statistic, claim.item, tuple(claim.codes) if claim.statistic == "count" else None, base)


def estimate(wave: "Wave", claim: Claim, base: str | None = None, *, cache: dict | None = None) -> dict:
    """Count, base n, proportion and interval of a claim on ``base`` (default: the claim's own).

    The recomputed value is the percentage (``proportion`` × 100) for percent
    claims, the count for count claims and the base n for respondent claims. The
    interval is the statistics engine's unweighted Wilson interval of the count on its
    base (what :func:`analysis.stats.proportion_table` gives for the claim's column).
    ``cache`` (a dict kept for one wave) holds counts already taken: claims sharing an
    indicator and a base (a variant tried on every base) are counted once.
    """
    import numpy as np

    from analysis.derive import base_label
    from analysis.stats.intervals import binomial_interval

    base = base or claim.base
    key = _claim_key(claim, base)
    if cache is not None and key in cache:
        count, n = cache[key]
    else:
        series = claim_series(wave, claim, base)
        in_base = ~series.isna().to_numpy()
        count = int(np.count_nonzero(series.to_numpy(dtype=bool, na_value=False) & in_base))
        n = int(np.count_nonzero(in_base))
        if cache is not None:
            cache[key] = (count, n)
    lower, upper = binomial_interval(np.array([count], dtype=float), np.array([n], dtype=float), method="wilson",
                                     level=0.95)
    proportion = count / n if n else float("nan")
    value = {"percent": 100 * proportion, "count": count, "respondents": n}[claim.statistic]
    return {"base": base_label(wave.codebook, base), "count": count, "n": n, "proportion": proportion,
            "ci_lower": float(lower[0]), "ci_upper": float(upper[0]), "value": value}


def _fmt(claim: Claim, value: float, *, extra: int = 2) -> str:
    if claim.statistic != "percent":
        return f"{value:.0f}"
    return f"{value:.{claim.precision + extra}f}%"


def _explain(wave: "Wave", claim: Claim, est: dict, ok: bool, cache: dict | None = None) -> str:
    on = f"{est['base']} ({est['count']} of {est['n']})" if claim.statistic == "percent" else est["base"]
    if claim.status == "misprint":
        return f"cannot be reproduced: misprint, {claim.note}" if not ok else f"matches although listed as a misprint ({claim.note})"
    if not ok:
        head = "NOT REPRODUCED" if claim.status in ("canonical", "derived") else "cannot be reproduced"
        return f"{head}: recomputed {_fmt(claim, est['value'])} on {on}" + (f"; {claim.note}" if claim.note else "")
    if claim.status == "derived":
        return f"holds on {on}; {claim.note}" if claim.note else f"holds on {on}"
    if claim.status == "canonical":
        text = f"reproduced on {on}"
        return text + (f"; {claim.note}" if claim.note and claim.statistic == "count" else "")
    parts = [f"reconciled on {on}"]
    if claim.note and claim.rounding not in ("truncated", "more_than"):
        parts.append(claim.note)
    if claim.rounding == "truncated":
        rounded = printed_value(est["value"], precision=claim.precision, rounding="rounded")
        parts.append(f"truncated, not rounded (rounded it would print {rounded}%)")
    if claim.rounding == "more_than":
        parts.append(f"a bound: {_fmt(claim, est['value'])} is more than {claim.printed.removeprefix('more than ')}")
    if claim.statistic == "percent":
        others = [wave.codebook.bases[b].label for b in wave.codebook.bases if b != claim.base
                  and matches(estimate(wave, claim, b, cache=cache)["value"], claim.value, precision=claim.precision,
                              rounding=claim.rounding)]
        parts.append("also holds on " + " and ".join(others) if others else "holds on no other base")
    return "; ".join(parts)


def compare_claim(wave: "Wave", claim: Claim, *, cache: dict | None = None) -> dict:
    """One row of the reproduction table (see :data:`COLUMNS`); ``cache`` as in :func:`estimate`."""
    est = estimate(wave, claim, cache=cache)
    ok = matches(est["value"], claim.value, precision=claim.precision, rounding=claim.rounding)
    shown = printed_value(est["value"], precision=claim.precision, rounding=claim.rounding)
    return {
        "claim": claim.id, "finding": claim.finding, "status": claim.status, "measure": claim.measure,
        "published": claim.printed, "recomputed": _fmt(claim, est["value"]),
        "as_printed": f"{shown}%" if claim.statistic == "percent" else f"{shown}",
        "base": est["base"], "count": est["count"], "n": est["n"], "proportion": round(est["proportion"], 6),
        "ci_lower": round(est["ci_lower"], 6), "ci_upper": round(est["ci_upper"], 6),
        "match": "yes" if ok else "no", "explanation": _explain(wave, claim, est, ok, cache),
        "source": claim.source, "date": claim.date, "wording": claim.wording,
        "rounding": claim.rounding, "note": claim.note, "value": claim.value, "precision": claim.precision,
        "statistic": claim.statistic,
    }


def reproduction_table(wave: str, paths: "Paths") -> "pd.DataFrame":
    """Every registry claim of a wave beside its recomputed value, one row per claim.

    Parameters
    ----------
    wave : str
        Wave folder under ``data/raw`` holding ``published_figures.toml``.
    paths : analysis.config.Paths

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS`; ``match`` is ``"yes"`` or ``"no"``;
        ``provenance_note`` (also in ``attrs``) is the reconstruction note, empty
        for real data.
    """
    import pandas as pd

    from analysis.ingest.pipeline import load_wave
    from analysis.reproduction.registry import REGISTRY_NAME, load_registry

    loaded = load_wave(wave, paths)
    claims = load_registry(paths.wave_dir(wave) / REGISTRY_NAME, codebook=loaded.codebook)
    info = loaded.codebook.wave
    note = info.provenance_note if info.is_reconstructed else ""
    cache: dict = {}  # counts taken once per indicator (or item and codes) and base
    table = pd.DataFrame([{**compare_claim(loaded, c, cache=cache), "provenance_note": note} for c in claims],
                         columns=list(COLUMNS))
    table.attrs["provenance_note"] = note
    return table
