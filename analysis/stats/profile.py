"""The profile-likelihood interval of a proportion, as ``svyciprop(method = "likelihood")`` computes it.

R fits the intercept-only ``svyglm(y ~ 1, family = quasibinomial)`` and profiles it with
``MASS``'s algorithm (``survey:::MASSprofile_glm``): the deviance is evaluated on a grid of
intercepts β̂ ± k · (z_max / 5) · se(β̂), k = 1, 2, …, until the signed root
z = ±√(ΔD / φ) passes z_max (at most 9 steps a side); the points are joined by R's
Forsythe–Malcolm–Moler cubic spline (``spline()``, 3 × as many points) and the bounds are
read off it by linear interpolation (``approx()``) at the cut-off z = Φ⁻¹(2α), where the
tail α = Φ(t_{df, (1−level)/2} √λ) / 2 is rescaled by the design effect λ of the
coefficient. Everything here follows those steps, so the bounds agree with R's up to R's
own convergence of the fitted proportion (``glm``'s ``epsilon = 1e-8``).

For an intercept-only model everything has a closed form: with weights normalised to mean
1 over the N rows of the design, ΔD(β) = 2 N · KL(p̂ ‖ expit β), the dispersion φ is
svyvar's n_w / (n_w − 1) (n_w respondents with a non-zero weight), the naive variance of
β̂ is 1 / (N p̂ (1 − p̂)) and λ = N · var(p̂) / (p̂ (1 − p̂)).
"""

from __future__ import annotations

import numpy as np

#: R's ``MASSprofile_glm`` default number of steps (the loop stops before the 10th).
MAX_STEPS = 10


def fmm_spline(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Coefficients (b, c, d) of R's ``spline(method = "fmm")`` through sorted, distinct ``x``.

    A port of ``fmm_spline`` in R's ``src/library/stats/src/splines.c``: the end conditions
    match the third derivatives of the cubics through the first four and the last four points
    (Forsythe, Malcolm and Moler 1977).
    """
    n = len(x)
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    b, c, d = np.zeros(n), np.zeros(n), np.zeros(n)
    if n < 3:
        t = (y[1] - y[0]) / (x[1] - x[0])
        b[:] = t
        return b, c, d
    d[0] = x[1] - x[0]
    c[1] = (y[1] - y[0]) / d[0]
    for i in range(1, n - 1):
        d[i] = x[i + 1] - x[i]
        b[i] = 2.0 * (d[i - 1] + d[i])
        c[i + 1] = (y[i + 1] - y[i]) / d[i]
        c[i] = c[i + 1] - c[i]
    b[0] = -d[0]
    b[n - 1] = -d[n - 2]
    c[0] = c[n - 1] = 0.0
    if n > 3:
        c[0] = c[2] / (x[3] - x[1]) - c[1] / (x[2] - x[0])
        c[n - 1] = c[n - 2] / (x[n - 1] - x[n - 3]) - c[n - 3] / (x[n - 2] - x[n - 4])
        c[0] = c[0] * d[0] * d[0] / (x[3] - x[0])
        c[n - 1] = -c[n - 1] * d[n - 2] * d[n - 2] / (x[n - 1] - x[n - 4])
    for i in range(1, n):
        t = d[i - 1] / b[i - 1]
        b[i] = b[i] - t * d[i - 1]
        c[i] = c[i] - t * c[i - 1]
    c[n - 1] = c[n - 1] / b[n - 1]
    for i in range(n - 2, -1, -1):
        c[i] = (c[i] - d[i] * c[i + 1]) / b[i]
    b[n - 1] = (y[n - 1] - y[n - 2]) / d[n - 2] + d[n - 2] * (c[n - 2] + 2.0 * c[n - 1])
    for i in range(n - 1):
        b[i] = (y[i + 1] - y[i]) / d[i] - d[i] * (c[i + 1] + 2.0 * c[i])
        d[i] = (c[i + 1] - c[i]) / d[i]
        c[i] = 3.0 * c[i]
    c[n - 1] = 3.0 * c[n - 1]
    d[n - 1] = d[n - 2]
    return b, c, d


def r_spline(x, y, n_out: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """R's ``spline(x, y)``: the FMM spline evaluated at ``3 * len(x)`` equally spaced points."""
    order = np.argsort(x, kind="stable")
    x = np.asarray(x, dtype=float)[order]
    y = np.asarray(y, dtype=float)[order]
    n_out = 3 * len(x) if n_out is None else n_out
    b, c, d = fmm_spline(x, y)
    u = x[0] + np.arange(n_out) * ((x[-1] - x[0]) / (n_out - 1))   # seq.int(xmin, xmax, length.out)
    u[-1] = x[-1]
    i = np.clip(np.searchsorted(x, u, side="right") - 1, 0, len(x) - 1)
    dx = u - x[i]
    return u, y[i] + dx * (b[i] + dx * (c[i] + dx * d[i]))


def r_approx(x, y, xout: np.ndarray) -> np.ndarray:
    """R's ``approx(x, y, xout)`` (linear, NA outside the range, ties averaged)."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    ux, inv = np.unique(x, return_inverse=True)
    uy = np.bincount(inv, weights=y) / np.bincount(inv)
    out = np.full(len(xout), np.nan)
    for k, v in enumerate(np.asarray(xout, dtype=float)):
        if not ux[0] <= v <= ux[-1]:
            continue
        j = int(np.searchsorted(ux, v, side="left"))
        if ux[j] == v:
            out[k] = uy[j]
            continue
        i = j - 1
        out[k] = uy[i] + (uy[j] - uy[i]) * ((v - ux[i]) / (ux[j] - ux[i]))
    return out


def likelihood_interval(p: float, var: float, df: float, *, n_rows: float, n_response: float,
                        n_weighted: float, level: float = 0.95) -> tuple[float, float]:
    """``svyciprop(method = "likelihood")`` for one proportion.

    Parameters
    ----------
    p, var : float
        The design-based proportion and its variance.
    df : float
        Degrees of freedom of the t quantile (``degf(design)``).
    n_rows : float
        Rows of the design the model is fitted on (``nrow(design)``): the weights are
        normalised to mean 1 over them.
    n_response : float
        Rows with a response (the model frame's rows; the F quantile of z_max uses n − 1).
    n_weighted : float
        Respondents with a non-zero weight (svyvar's n in the dispersion).
    level : float
        Confidence level.

    Returns
    -------
    lower, upper : float
        NaN where the proportion is 0, 1 or NaN, or the variance is not positive.

    References
    ----------
    Venables, W. N. and Ripley, B. D. (2002). *Modern Applied Statistics with S*, 4th ed.,
    Springer, section 7.2 (profiling a glm).

    Lumley, T. (2010). *Complex Surveys: A Guide to Analysis Using R*. Wiley, section 2.4.
    """
    from scipy.special import fdtri, ndtr, ndtri, stdtrit

    if not (0 < p < 1 and var > 0 and n_weighted > 1):
        return float("nan"), float("nan")
    beta = np.log(p / (1 - p))
    q = p * (1 - p)
    se = np.sqrt(var) / q
    lam = n_rows * var / q
    t = stdtrit(df, (1 - level) / 2) if np.isfinite(df) else ndtri((1 - level) / 2)
    alpha = ndtr(t * np.sqrt(lam)) / 2
    zmax = np.sqrt(fdtri(1.0, n_response - 1.0, 1 - alpha))   # qf(alpha, 1, n - p, lower.tail = FALSE)
    step_size = zmax / 5
    dispersion = n_weighted / (n_weighted - 1.0)
    zs, bs = [0.0], [beta]
    for sign in (-1.0, 1.0):
        step, z = 0, 0.0
        while (step := step + 1) < MAX_STEPS and abs(z) < zmax:
            b = beta + sign * step * step_size * se
            mu = 1 / (1 + np.exp(-b))
            kl = p * np.log(p / mu) + (1 - p) * np.log((1 - p) / (1 - mu))
            z = sign * np.sqrt(max(2 * n_rows * kl / dispersion, 0.0))
            zs.append(z)
            bs.append(b)
    order = np.argsort(zs, kind="stable")
    sx, sy = r_spline(np.asarray(bs)[order], np.asarray(zs)[order])
    two_alpha = 2 * alpha
    cutoff = np.array([ndtri(two_alpha), -ndtri(two_alpha)])
    lo, hi = r_approx(sy, sx, cutoff)
    return float(1 / (1 + np.exp(-lo))), float(1 / (1 + np.exp(-hi)))
