"""Weights: linearisation variance of weighted proportions, Kish's effective base, raking.

The design is the one R's ``survey`` builds with ``svydesign(ids=~1, weights=~w)``:
respondents sampled independently with unequal weights, no strata, no clusters.

>>> import numpy as np
>>> w = np.array([1.0, 1.0, 2.0, 2.0])
>>> kish_effective_n(w)
3.6
>>> design_effect(w)
1.1111111111111112
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Mapping

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


def kish_effective_n(weights) -> float:
    """Kish's effective sample size ``(Σw)² / Σw²``.

    Parameters
    ----------
    weights : array_like
        Non-negative weights.

    Returns
    -------
    float
        NaN when every weight is 0 or there are none.

    References
    ----------
    Kish, L. (1965). *Survey Sampling*. Wiley, section 11.7.

    Examples
    --------
    >>> kish_effective_n([2.0, 2.0, 2.0])
    3.0
    """
    w = np.asarray(weights, dtype=float)
    s2 = float(np.sum(w * w))
    return float(np.sum(w)) ** 2 / s2 if s2 > 0 else float("nan")


def design_effect(weights) -> float:
    """Kish's design effect due to weighting, ``n Σw² / (Σw)²`` (= 1 + CV² of the weights).

    Examples
    --------
    >>> design_effect([1.0, 3.0])
    1.25
    """
    w = np.asarray(weights, dtype=float)
    return len(w) / kish_effective_n(w)


def domain_variance(sum_w, sum_wy, sum_w2_yes, sum_w2_no, n_design):
    """Linearisation variance of weighted domain proportions, as ``svymean`` on a subset.

    Parameters
    ----------
    sum_w, sum_wy : array_like
        Per domain: total weight of the base, and of the base's "yes" answers.
    sum_w2_yes, sum_w2_no : array_like
        Per domain: sums of squared weights over "yes" and over "no" answers.
    n_design : int
        Rows in the whole design (every respondent, not only the domain's).

    Returns
    -------
    p, var : numpy.ndarray
        Weighted proportions (NaN for an empty domain) and their variances.

    Notes
    -----
    For domain d with weighted proportion p_d and weight total W_d, each of the
    n respondents contributes z_i = w_i · 1[i ∈ d] · (y_i − p_d) / W_d, and

        var = n / (n − 1) · Σ_i (z_i − z̄)²  over all n rows.

    Because Σ z_i = 0 by the definition of p_d, z̄ = 0 and the sum reduces to
    (Σ_yes w² (1 − p)² + Σ_no w² p²) / W_d², which needs only per-domain sums;
    this is why whole table sets are computed without a loop over cells.
    ``survey`` keeps the full design's n for a subset (its ``fpc$sampsize``),
    so the factor is n/(n − 1), not n_d/(n_d − 1).

    References
    ----------
    Lumley, T. (2010). *Complex Surveys: A Guide to Analysis Using R*, Wiley,
    section 2.2 and appendix on domain estimation.

    Examples
    --------
    Four respondents, weights 1, 1, 2, 2, answers yes, no, yes, no:
    p = 3/6 = 0.5; Σ_yes w²(1 − p)² = (1 + 4)·0.25 = 1.25, Σ_no w² p² = 1.25,
    var = 4/3 · 2.5 / 36 = 0.0925926.

    >>> p, var = domain_variance([6.0], [3.0], [5.0], [5.0], 4)
    >>> print(f"{p[0]:.4f} {var[0]:.7f}")
    0.5000 0.0925926
    """
    W = np.asarray(sum_w, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(W > 0, np.asarray(sum_wy, dtype=float) / W, np.nan)
        ss = np.asarray(sum_w2_yes, dtype=float) * (1 - p) ** 2 + np.asarray(sum_w2_no, dtype=float) * p * p
        factor = n_design / (n_design - 1) if n_design > 1 else np.nan
        var = factor * ss / (W * W)
    return p, np.where(W > 0, var, np.nan)


# --------------------------------------------------------------------------- raking


class RakingError(ValueError):
    """Margins that cannot be raked to: inconsistent totals, empty or unknown categories."""


@dataclass(frozen=True)
class RakeResult:
    """Raked weights with a convergence report.

    Attributes
    ----------
    weights : pandas.Series
        The raked (and, if asked, trimmed) weights, indexed like the frame.
    iterations : int
        Full raking cycles run.
    max_margin_error : float
        Largest absolute difference between a weighted margin and its target,
        as a share of the population total.
    converged : bool
        Whether ``max_margin_error`` fell below the tolerance.
    trimmed : int
        Weights clipped by trimming in the last cycle.
    margins : mapping
        The population totals, ``{variable: {category: total}}``.
    method : {"raking", "poststratify"}
        How the weights were calibrated (:func:`rake` or :func:`poststratify`).
    start_weights : pandas.Series, optional
        The weights before post-stratification (its standard errors need them).
    """

    weights: "pd.Series"
    iterations: int
    max_margin_error: float
    converged: bool
    trimmed: int = 0
    margins: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    method: str = "raking"
    start_weights: "pd.Series | None" = None

    def to_frame(self) -> "pd.DataFrame":
        """The convergence report as a one-row frame."""
        import pandas as pd

        return pd.DataFrame({"iterations": [self.iterations], "max_margin_error": [self.max_margin_error],
                             "converged": [self.converged], "trimmed": [self.trimmed],
                             "effective_n": [kish_effective_n(self.weights.to_numpy())]})


def rake(frame: "pd.DataFrame", margins: Mapping[str, Mapping[str, float]], *, weight: str | None = None,
         max_iter: int = 100, tol: float = 1e-8, trim: tuple[float, float] | None = None) -> RakeResult:
    """Rake weights to population margins by iterative proportional fitting.

    Parameters
    ----------
    frame : pandas.DataFrame
        Respondents, with one column per margin variable.
    margins : mapping
        ``{variable: {category: population total}}``, e.g. workforce size by
        sector. Every margin must add up to the same total (shares that each
        add up to 1 are fine).
    weight : str, optional
        Column of starting (design) weights; equal weights when omitted.
    max_iter : int
        Most raking cycles (each cycle adjusts every margin once).
    tol : float
        Stop when every margin is within ``tol`` of its target, as a share of
        the total.
    trim : (float, float), optional
        Lower and upper limits for the weights as multiples of the mean weight
        (e.g. ``(0.3, 3.0)``); weights are clipped after each cycle and raking
        continues, so the final weights respect the limits and the margins as
        nearly as both allow.

    Returns
    -------
    RakeResult
        Weights scaled to the population total, and the convergence report.

    Raises
    ------
    RakingError
        When margins add up to different totals, a category with a positive
        target has no respondents, a respondent's category has no target, or a
        margin variable is missing for some respondents.

    Notes
    -----
    Raking (Deming and Stephan, 1940) multiplies the weights of each category
    by target / current total, one variable at a time, until all margins
    agree. It converges when a solution exists; a report with
    ``converged=False`` says it did not within ``max_iter`` cycles.

    References
    ----------
    Deming, W. E. and Stephan, F. F. (1940). On a least squares adjustment of a
    sampled frequency table when the expected marginal totals are known.
    *Annals of Mathematical Statistics* 11, 427–444.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"sector": ["a", "a", "b", "b"], "role": ["x", "y", "x", "y"]})
    >>> r = rake(f, {"sector": {"a": 60, "b": 40}, "role": {"x": 50, "y": 50}})
    >>> r.weights.round(6).tolist(), r.converged
    ([30.0, 30.0, 20.0, 20.0], True)
    """
    import pandas as pd

    if not margins:
        raise RakingError("rake: expected at least one margin")
    totals = {var: float(sum(m.values())) for var, m in margins.items()}
    total = next(iter(totals.values()))
    for var, t in totals.items():
        if not np.isclose(t, total, rtol=1e-9, atol=0):
            detail = ", ".join(f"{v} adds up to {s:g}" for v, s in totals.items())
            raise RakingError(f"rake: margins are inconsistent ({detail}); expected the same total for every margin")
    if not total > 0:
        raise RakingError("rake: expected margins with a positive total")
    w0 = (np.ones(len(frame)) if weight is None else frame[weight].to_numpy(dtype=float, na_value=np.nan))
    if np.isnan(w0).any() or (w0 < 0).any():
        raise RakingError(f"rake: column '{weight}': expected non-negative starting weights for every respondent")
    codes, targets = [], []
    for var, margin in margins.items():
        if var not in frame.columns:
            raise RakingError(f"rake: expected a column '{var}' in the frame for margin '{var}'")
        values = frame[var].astype("object")
        if values.isna().any():
            rows = np.flatnonzero(values.isna().to_numpy())[:5] + 1
            raise RakingError(f"rake: column '{var}', rows {', '.join(map(str, rows))}: "
                              "expected a category for every respondent")
        cats = list(margin)
        code = pd.Index(cats, dtype="object").get_indexer(values.to_numpy())
        if (code < 0).any():
            unknown = values[code < 0].iloc[0]
            raise RakingError(f"rake: column '{var}': found '{unknown}', expected a category of the margin "
                              f"({', '.join(map(str, cats))})")
        target = np.array([margin[c] for c in cats], dtype=float) / total
        counts = np.bincount(code, weights=w0, minlength=len(cats))
        empty = [str(c) for c, t, s in zip(cats, target, counts) if t > 0 and s <= 0]
        if empty:
            raise RakingError(f"rake: column '{var}': category '{empty[0]}' has a population total but no "
                              "respondents (or only zero weights); merge it with a neighbour")
        codes.append(code)
        targets.append(target)

    w = w0 / w0.sum()
    error, iteration, trimmed = float("inf"), 0, 0
    for iteration in range(1, max_iter + 1):
        for code, target in zip(codes, targets):
            current = np.bincount(code, weights=w, minlength=len(target))
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = np.where(current > 0, target / current, 0.0)
            w = w * ratio[code]
        if trim is not None:
            before = w
            for _ in range(100):  # clipping moves the mean: clip again until the limits hold
                mean = w.mean()
                clipped = np.clip(w, trim[0] * mean, trim[1] * mean)
                if np.allclose(clipped, w, rtol=1e-12, atol=0):
                    break
                w = clipped
            trimmed = int(np.count_nonzero(~np.isclose(w, before, rtol=1e-12, atol=0)))
            w = w / w.sum()
        error = max(float(np.max(np.abs(np.bincount(code, weights=w, minlength=len(t)) - t)))
                    for code, t in zip(codes, targets))
        if error < tol:
            break
    return RakeResult(weights=pd.Series(w * total, index=frame.index, name="weight"), iterations=iteration,
                      max_margin_error=error, converged=error < tol, trimmed=trimmed,
                      margins={k: dict(v) for k, v in margins.items()})


def poststratify(frame: "pd.DataFrame", variable: str, totals: Mapping[str, float], *,
                 weight: str | None = None) -> RakeResult:
    """Post-stratify weights to population totals of one variable's categories.

    Parameters
    ----------
    frame : pandas.DataFrame
        Respondents, with the column ``variable``.
    variable : str
        The post-stratification variable.
    totals : mapping
        ``{category: population total}``; every respondent's category needs one.
    weight : str, optional
        Column of starting (design) weights; equal weights when omitted.

    Returns
    -------
    RakeResult
        ``method = "poststratify"``, one iteration, the starting weights kept in
        ``start_weights``. Passed as ``calibration=`` it gives the standard errors
        of ``svymean`` on ``postStratify(design, ~variable, totals)``.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"g": ["a", "a", "b"], "w": [1.0, 3.0, 2.0]})
    >>> poststratify(f, "g", {"a": 8, "b": 4}, weight="w").weights.tolist()
    [2.0, 6.0, 4.0]
    """
    import pandas as pd

    result = rake(frame, {variable: totals}, weight=weight, max_iter=1, tol=float("inf"))
    start = (pd.Series(np.ones(len(frame)), index=frame.index) if weight is None
             else frame[weight].astype("float64"))
    # one pass of raking on a single margin is post-stratification; its margin error is rounding only
    return RakeResult(result.weights, 1, result.max_margin_error, True, 0, result.margins, "poststratify",
                      start.rename("start_weight"))
