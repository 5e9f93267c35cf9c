"""The ``tables`` stage's models and numeric items: the frames ``models``, ``model_tests`` and ``numeric``.

Each ``[models.NAME]`` of the codebook is fitted as a design-based logistic regression
(:func:`analysis.stats.glm.logistic_regression`) on the wave's design (weights, strata,
clusters, fpc, raking or replicate weights) and written as odds ratios with intervals
(``models.csv``, one row per coefficient with the model's base and n) and a Wald test of
each term (``model_tests.csv``). Each numeric item of ``[tables] numeric`` gets its mean,
total and quartiles, overall and by each breakdown (``numeric.csv``).

In a reconstructed wave every association between two items is invented by the generator,
so every model is marked invented (``number_class``) whatever its numbers; where the wave's
published figures give only the margins of the outcome and of a yes/no term, the range of
odds ratios those margins allow is added (:func:`analysis.reproduction.bounds.odds_ratio_bounds`,
``published_or_lower`` and ``published_or_upper``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from analysis.ingest.pipeline import Wave

#: Table name -> what it holds (added to the tables stage's list).
MODEL_TABLES = {
    "models": "every [models.NAME]: design-based logistic regression, odds ratios with intervals, base and n",
    "model_tests": "Wald test (F on the design's residual degrees of freedom) of each term of each model",
    "numeric": "every numeric item of [tables] numeric × (overall, breakdowns): mean, total, quartiles with intervals",
}


def replicate_options(wave: "Wave") -> dict:
    """``{"replicates": ReplicateDesign}`` for a wave whose codebook declares ``[design] replicates`` (else empty)."""
    spec = getattr(wave.codebook, "replicates", None)
    if spec is None:
        return {}
    from analysis.stats.replicates import replicate_design

    cb = wave.codebook
    resp = wave.respondents
    weight = cb.weight_item.name if cb.weight_item is not None and cb.weight_item.name in resp.columns else None
    frame = resp.assign(**{weight: resp[weight].astype(float).fillna(0.0)}) if weight else resp
    return {"replicates": replicate_design(frame, spec.columns, type=spec.type, weight=weight, scale=spec.scale,
                                           rscales=None if spec.rscales is None else list(spec.rscales),
                                           mse=spec.mse, rho=spec.rho, combined_weights=spec.combined_weights)}


def _model_frame(wave: "Wave", frame: "pd.DataFrame", names) -> "pd.DataFrame":
    """The analysis frame with every model term and numeric item as the model reads it."""
    from analysis.derive import without_missing

    cb = wave.codebook
    resp = wave.respondents
    extra = {}
    for name in names:
        item = cb.items.get(name)
        if name in cb.indicators or item is None or name not in resp.columns:
            continue
        if item.is_coded:
            extra[name] = without_missing(resp[name], item).reindex(frame.index)
        elif item.type == "numeric":
            extra[name] = resp[name].astype("Float64").astype(float).reindex(frame.index)
    return frame.assign(**extra)


def model_frames(wave: "Wave", frame: "pd.DataFrame", *, weight: str | None, level: float = 0.95,
                 small_base: int = 50, suppress_below: int = 30, design: dict | None = None,
                 base: str = "") -> dict[str, "pd.DataFrame"]:
    """``models`` and ``model_tests`` (a wave with ``[models]``) and ``numeric`` (with ``[tables] numeric``).

    ``frame`` is the analysis frame the proportions use (``weight`` the raked weights when raked);
    ``design`` the design keywords (strata, cluster, fpc, lonely_psu, calibration or replicates).
    """
    import pandas as pd

    from analysis.stats.glm import MODEL_COLUMNS, TEST_COLUMNS, ModelError, logistic_regression
    from analysis.stats.numeric import NUMERIC_COLUMNS, numeric_table

    cb = wave.codebook
    design = dict(design or {})
    models = getattr(cb, "models", {}) or {}
    numeric = getattr(cb, "numeric", ()) or ()
    names = {t for m in models.values() for t in m.terms} | set(numeric)
    work = _model_frame(wave, frame, names) if names else frame
    coef_parts, test_parts = [], []
    for name, spec in models.items():
        try:
            fit = logistic_regression(work, spec.outcome, list(spec.terms), weight=weight, level=level, name=name,
                                      **design)
        except ModelError as exc:
            from analysis.errors import InputError

            raise InputError.single(cb.source or "codebook.toml", f"a model that can be fitted ([models.{name}])",
                                    found=str(exc)) from None
        label = spec.label or cb.indicators[spec.outcome].label
        outcome_base = cb.indicators[spec.outcome].base
        from analysis.derive import base_label

        extra = dict(label=label, base=base or base_label(cb, outcome_base), base_name=outcome_base,
                     df_design=fit.df_design)
        coef_parts.append(fit.to_frame().assign(**extra))
        test_parts.append(fit.term_tests().assign(**extra))
    out = {}
    cols = list(MODEL_COLUMNS) + ["label", "base", "base_name", "n_design"]
    out["models"] = pd.concat(coef_parts, ignore_index=True) if coef_parts else pd.DataFrame(columns=cols)
    out["model_tests"] = (pd.concat(test_parts, ignore_index=True) if test_parts
                          else pd.DataFrame(columns=list(TEST_COLUMNS) + cols[-4:]))
    num_parts = []
    for item in numeric:
        for by in [None, *cb.breakdowns]:
            t = numeric_table(work, item, by=by, weight=weight, level=level, small_base=small_base,
                              suppress_below=suppress_below, **design)
            num_parts.append(t if by is None else t[t["by"] != "overall"])
    out["numeric"] = (pd.concat(num_parts, ignore_index=True).assign(
        label=lambda f: [cb.items[i].text or i for i in f["item"]], base_name="answered")
        if num_parts else pd.DataFrame(columns=list(NUMERIC_COLUMNS) + ["label", "base_name"]))
    return {k: v for k, v in out.items() if (models if k != "numeric" else numeric)}


def published_odds_ratio_ranges(cb, claims) -> dict[tuple[str, str], tuple[float, float]]:
    """(outcome, term) -> the odds ratios the published margins allow, for every model term that is an indicator.

    Only the two indicators' published figures on all respondents are used (their counts
    that print as published); with no joint figure the Fréchet bounds give 0 to infinity.
    """
    from analysis.reproduction.bounds import odds_ratio_bounds
    from analysis.reproduction.ranges import Published

    pub = Published(claims, cb)
    if pub.all_base is None:
        return {}
    out = {}
    for spec in (getattr(cb, "models", {}) or {}).values():
        outcome = cb.indicators.get(spec.outcome)
        for term in spec.terms:
            ind = cb.indicators.get(term)
            if outcome is None or ind is None:
                continue
            if not (pub.on(outcome.item, outcome.codes, pub.all_base) or pub.on(outcome.item, outcome.codes, outcome.base)):
                continue
            a = pub.counts(outcome.item, outcome.codes)
            b = pub.counts(ind.item, ind.codes)
            if a and b:
                out[(spec.outcome, term)] = odds_ratio_bounds(a, b, total=pub.n)
    return out


def mark_models(cb, frames: dict[str, "pd.DataFrame"]) -> dict[str, "pd.DataFrame"]:
    """A wave that is not real: no test of a model; a reconstruction's models invented, the published range beside.

    As :func:`analysis.untested.leave_out_tests` does for groups, a reconstructed or illustrative
    wave's models keep their odds ratios and intervals but no test: ``model_tests`` is emptied and
    the coefficients' ``t`` and ``p_value`` are blank. A reconstructed wave with a published-figures
    registry gets ``published_or_lower`` and ``published_or_upper`` in ``models`` (NaN where the
    published figures do not bound the term) and every model number marked invented.
    """
    from pathlib import Path

    import numpy as np

    models = frames.get("models")
    if models is None:
        return frames
    if cb.wave.provenance != "real":
        frames = {**frames, "models": models.assign(t=np.nan, p_value=np.nan),
                  "model_tests": frames["model_tests"].iloc[0:0]}
    if not cb.wave.is_reconstructed or not cb.source or cb.wave.provenance != "reconstructed":
        return frames
    from analysis.reproduction.provenance import ASSOCIATION, INVENTED
    from analysis.reproduction.registry import REGISTRY_NAME, load_registry

    registry = Path(cb.source).with_name(REGISTRY_NAME)
    if not registry.is_file():
        return frames
    claims = load_registry(registry, codebook=cb)
    ranges = published_odds_ratio_ranges(cb, claims)
    out = dict(frames)
    for name in ("models", "model_tests"):
        f = out[name]
        if len(f):
            out[name] = f.assign(number_class=INVENTED, number_basis="invented: " + ASSOCIATION)
    m = out["models"]
    keys = list(zip(m["outcome"], m["term"]))
    out["models"] = m.assign(published_or_lower=[ranges.get(k, (np.nan, np.nan))[0] for k in keys],
                             published_or_upper=[ranges.get(k, (np.nan, np.nan))[1] for k in keys])
    return out
