"""Confidence intervals for a proportion, vectorised over any number of estimates.

Two families:

* binomial intervals from a count and a base (:func:`binomial_interval`):
  Wilson, Clopper–Pearson, Jeffreys, Agresti–Coull and Wald;
* design-based intervals from an estimate and its standard error
  (:func:`survey_interval`): the six methods of R's ``svyciprop``: the logit
  interval it uses by default, the Korn–Graubard-style beta interval
  (``svyciprop(method="beta")``), the profile likelihood, the arcsine and
  logit transformations of a Wald interval (``"asin"``, ``"xlogit"``) and the
  plain t interval (``"mean"``), each on the design's degrees of freedom.

Every bound is clipped to [0, 1]; 0 of n and n of n give finite intervals; a
base of 0 gives NaN bounds without a warning.

>>> lo, hi = binomial_interval(81, 263, method="wilson")
>>> print(f"{lo:.4f} to {hi:.4f}")
0.2553 to 0.3662
>>> lo, hi = binomial_interval([0, 5], [20, 0])
>>> lo.tolist()[0], bool(np.isnan(hi[1]))
(0.0, True)
"""

from __future__ import annotations

from typing import Literal

import numpy as np

BinomialMethod = Literal["wilson", "clopper_pearson", "jeffreys", "agresti_coull", "wald"]
SurveyMethod = Literal["logit", "korn_graubard", "likelihood", "asin", "mean", "xlogit"]
#: Interval methods that work from a count and a base.
BINOMIAL_METHODS: tuple[str, ...] = ("wilson", "clopper_pearson", "jeffreys", "agresti_coull", "wald")
#: Interval methods that work from a design-based estimate and its standard error.
SURVEY_METHODS: tuple[str, ...] = ("logit", "korn_graubard", "likelihood", "asin", "mean", "xlogit")
METHODS: tuple[str, ...] = BINOMIAL_METHODS + SURVEY_METHODS


def check_method(method: str, level: float, methods: tuple[str, ...] = METHODS) -> None:
    """Raise ``ValueError`` for a method not among ``methods`` or a level outside (0, 1)."""
    if method not in methods:
        raise ValueError(f"method={method!r}: expected one of {', '.join(methods)}")
    if not 0 < float(level) < 1:
        raise ValueError(f"level={level!r}: expected a confidence level strictly between 0 and 1, e.g. 0.95")


def normal_quantile(level: float) -> float:
    """Two-sided standard normal critical value, e.g. 1.959964 at 0.95."""
    from scipy.special import ndtri

    return float(ndtri(1 - (1 - level) / 2))


def binomial_interval(count, n, *, method: BinomialMethod = "wilson", level: float = 0.95):
    """Confidence interval for ``count / n`` by a binomial method.

    Parameters
    ----------
    count, n : array_like
        Numerators and bases. They may be non-integer (effective counts of a
        weighted estimate); a base of 0 gives NaN bounds.
    method : {"wilson", "clopper_pearson", "jeffreys", "agresti_coull", "wald"}
        ``"wilson"`` (score interval, the default), ``"clopper_pearson"``
        (exact, from beta quantiles), ``"jeffreys"`` (equal-tailed, Beta(x+½,
        n−x+½) prior; lower bound 0 at x = 0 and upper 1 at x = n, as Brown, Cai
        and DasGupta recommend), ``"agresti_coull"`` (add z²/2 successes and
        failures), ``"wald"`` (p ± z·√(p(1−p)/n); poor coverage, for comparison).
    level : float
        Confidence level, strictly between 0 and 1 (default 0.95).

    Returns
    -------
    lower, upper : numpy.ndarray
        Bounds clipped to [0, 1] (0-d arrays for scalar input).

    Notes
    -----
    Newcombe (1998) and Brown, Cai and DasGupta (2001) show that Wald coverage
    is erratic and recommend Wilson or Jeffreys for small n; Clopper–Pearson is
    conservative. Wilson is the toolkit's default.

    References
    ----------
    Newcombe, R. G. (1998). Two-sided confidence intervals for the single
    proportion: comparison of seven methods. *Statistics in Medicine* 17, 857–872.

    Brown, L. D., Cai, T. T. and DasGupta, A. (2001). Interval estimation for a
    binomial proportion. *Statistical Science* 16, 101–133.

    Examples
    --------
    >>> lo, hi = binomial_interval(15, 148, method="clopper_pearson")
    >>> print(f"{lo:.4f} to {hi:.4f}")
    0.0578 to 0.1617
    """
    from scipy.special import betaincinv

    check_method(method, level, BINOMIAL_METHODS)
    x = np.asarray(count, dtype=float)
    n = np.asarray(n, dtype=float)
    alpha = 1 - level
    z = normal_quantile(level)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = x / n
        if method == "wilson":
            z2 = z * z
            centre = (x + z2 / 2) / (n + z2)
            half = z * np.sqrt(n * p * (1 - p) + z2 / 4) / (n + z2)
            lower, upper = centre - half, centre + half
            lower = np.where(x <= 0, 0.0, lower)
            upper = np.where(x >= n, 1.0, upper)
        elif method == "clopper_pearson":
            lower = np.where(x <= 0, 0.0, betaincinv(x, n - x + 1, alpha / 2))
            upper = np.where(x >= n, 1.0, betaincinv(x + 1, n - x, 1 - alpha / 2))
        elif method == "jeffreys":
            lower = np.where(x <= 0, 0.0, betaincinv(x + 0.5, n - x + 0.5, alpha / 2))
            upper = np.where(x >= n, 1.0, betaincinv(x + 0.5, n - x + 0.5, 1 - alpha / 2))
        elif method == "agresti_coull":
            n_t = n + z * z
            p_t = (x + z * z / 2) / n_t
            half = z * np.sqrt(p_t * (1 - p_t) / n_t)
            lower, upper = p_t - half, p_t + half
        else:  # wald
            half = z * np.sqrt(p * (1 - p) / n)
            lower, upper = p - half, p + half
    empty = ~(n > 0)
    lower = np.where(empty, np.nan, np.clip(lower, 0.0, 1.0))
    upper = np.where(empty, np.nan, np.clip(upper, 0.0, 1.0))
    return lower, upper


def survey_interval(p, se, df, *, n_fallback=None, method: SurveyMethod = "logit", level: float = 0.95,
                    df_srs=None, likelihood_sizes=None):
    """Design-based interval for a proportion from its estimate and standard error.

    Parameters
    ----------
    p, se : array_like
        Estimated proportions and their design-based standard errors.
    df : array_like
        Design degrees of freedom (``degf(design)`` in R's ``survey``: the number
        of respondents in the domain minus one for a weights-only design).
    n_fallback : array_like, optional
        Effective base used where the standard error is 0 (p = 0 or 1), where
        both methods are otherwise undefined: the Clopper–Pearson interval on
        ``p * n_fallback`` of ``n_fallback`` is returned. Defaults to ``df + 1``.
    method : {"logit", "korn_graubard", "likelihood", "asin", "mean", "xlogit"}
        ``"logit"``: ``svyciprop(method="logit")``: a t interval on the logit
        scale with standard error ``se / (p (1 - p))``, back-transformed
        (R reaches it by fitting ``svyglm``; ``"xlogit"`` is the same interval
        that R computes by the delta method, ``svyciprop(method="xlogit")``).
        ``"korn_graubard"``: ``svyciprop(method="beta")``: Clopper–Pearson with
        effective base ``p (1 - p) / se²``, multiplied by
        ``(t(df_srs) / t(df))²``. ``"likelihood"``:
        ``svyciprop(method="likelihood")``, the design-scaled profile likelihood
        of :mod:`analysis.stats.profile`. ``"asin"``: ``svyciprop(method="asin")``,
        sin²(asin √p ± t · se / (2 √(p (1 − p)))). ``"mean"``:
        ``svyciprop(method="mean")``, p ± t · se. ``t`` is the t quantile on
        ``df`` degrees of freedom throughout.
    level : float
        Confidence level, strictly between 0 and 1.
    df_srs : array_like, optional
        Degrees of freedom of simple random sampling (``nrow(design) - 1``);
        defaults to ``df``, which makes the degrees-of-freedom factor 1 as it is
        for a weights-only design.
    likelihood_sizes : tuple of array_like, optional
        For ``"likelihood"``: (rows of the design, rows with a response,
        respondents with a non-zero weight), see
        :func:`analysis.stats.profile.likelihood_interval`; each defaults to
        ``df + 1``.

    Returns
    -------
    lower, upper : numpy.ndarray
        Bounds within [0, 1]; NaN where ``p`` is NaN.

    Notes
    -----
    R's ``svyciprop`` returns NaN bounds for the logit interval at p = 0 or 1;
    this function returns the Clopper–Pearson interval on the fallback base
    there instead, so every estimate has an interval. R does not clip the
    ``"mean"`` interval to [0, 1], and its ``"asin"`` bounds fold back (sin² of
    an angle below 0 or above π/2); here the angle is held in [0, π/2] and
    every bound clipped to [0, 1], so the two differ from R only where R's
    bound lies outside [0, 1] or has folded.

    References
    ----------
    Korn, E. L. and Graubard, B. I. (1998). Confidence intervals for proportions
    with small expected number of positive counts estimated from survey data.
    *Survey Methodology* 24, 193–201.

    Lumley, T. (2010). *Complex Surveys: A Guide to Analysis Using R*. Wiley.

    Examples
    --------
    >>> lo, hi = survey_interval(0.5, 0.1, 99, method="logit")
    >>> print(f"{lo:.4f} to {hi:.4f}")
    0.3114 to 0.6886
    """
    from scipy.special import betaincinv, stdtrit

    check_method(method, level, SURVEY_METHODS)
    p = np.asarray(p, dtype=float)
    se = np.asarray(se, dtype=float)
    df = np.asarray(df, dtype=float)
    n_fb = df + 1 if n_fallback is None else np.asarray(n_fallback, dtype=float)
    alpha = 1 - level
    degenerate = ~(se > 0) | (p <= 0) | (p >= 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = stdtrit(np.maximum(df, 1), 1 - alpha / 2)
        if method == "logit":
            eta = np.log(p / (1 - p))
            half = t * se / (p * (1 - p))
            lower = 1 / (1 + np.exp(-(eta - half)))
            upper = 1 / (1 + np.exp(-(eta + half)))
        elif method == "xlogit":
            eta = np.log(p / (1 - p))
            half = t * se / (p * (1 - p))
            lower = 1 / (1 + np.exp(-(eta - half)))
            upper = 1 / (1 + np.exp(-(eta + half)))
        elif method == "mean":
            lower, upper = p - t * se, p + t * se
        elif method == "asin":
            angle = np.arcsin(np.sqrt(p))
            half = t * se / (2 * np.sqrt(p * (1 - p)))
            lower = np.sin(np.clip(angle - half, 0, np.pi / 2)) ** 2
            upper = np.sin(np.clip(angle + half, 0, np.pi / 2)) ** 2
        elif method == "likelihood":
            from analysis.stats.profile import likelihood_interval

            shape = np.broadcast_shapes(p.shape, se.shape, df.shape)
            sizes = [np.broadcast_to(np.asarray(df + 1 if s is None else s, dtype=float), shape)
                     for s in (likelihood_sizes or (None, None, None))]
            pb, seb, dfb, deg = np.broadcast_arrays(p, se, df, degenerate)
            lower, upper = np.full(pb.shape, np.nan), np.full(pb.shape, np.nan)
            for k in np.ndindex(pb.shape):
                if not deg[k]:
                    lower[k], upper[k] = likelihood_interval(
                        float(pb[k]), float(seb[k]) ** 2, float(dfb[k]), n_rows=float(sizes[0][k]),
                        n_response=float(sizes[1][k]), n_weighted=float(sizes[2][k]), level=level)
        else:
            n_eff = p * (1 - p) / (se * se)
            if df_srs is not None:
                t_srs = stdtrit(np.maximum(np.asarray(df_srs, dtype=float), 1), 1 - alpha / 2)
                n_eff = n_eff * (t_srs / t) ** 2
            lower = betaincinv(n_eff * p, n_eff * (1 - p) + 1, alpha / 2)
            upper = betaincinv(n_eff * p + 1, n_eff * (1 - p), 1 - alpha / 2)
    fb_lower, fb_upper = binomial_interval(p * n_fb, n_fb, method="clopper_pearson", level=level)
    lower = np.where(degenerate, fb_lower, lower)
    upper = np.where(degenerate, fb_upper, upper)
    missing = np.isnan(p)
    lower = np.where(missing, np.nan, np.clip(lower, 0.0, 1.0))
    upper = np.where(missing, np.nan, np.clip(upper, 0.0, 1.0))
    return lower, upper
