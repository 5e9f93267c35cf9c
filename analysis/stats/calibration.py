"""Standard errors after raking that account for the calibration, as R's ``survey`` computes them.

After ``rake()``, R's ``svymean`` linearises an estimate by its influence values
z_i = w_i (y_i − p) / W (zero outside the domain), and then, because the weights
were calibrated to known margins, replaces them by their residuals from the
margins: ten sweeps over the margins of

    z ← z − w · mean_c(z / w)

where mean_c is the plain mean of z / w over the respondents of the margin
category c (``svyrecvar``, "raking" branch). The residuals then enter the usual
design variance (strata, clusters, fpc; or n/(n − 1) Σ (z − z̄)² with no design).
Domains keep every respondent of the raked sample, as a calibrated ``subset``
does in R. :data:`RAKING_SWEEPS` is R's fixed number of sweeps.

The result is equal to ``svymean(~y, rake(design, ...))`` when the raking has
converged (R: ``control = list(epsilon = ..., maxit = ...)`` tight enough that
both agree on the weights).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from analysis.stats.design import Design
    from analysis.stats.weights import RakeResult

#: Sweeps over the margins R's ``svyrecvar`` makes to residualise influence values after raking.
RAKING_SWEEPS = 10


class CalibrationError(ValueError):
    """A calibration that does not fit the frame it is used with (one line saying why)."""


def calibration_weights(frame: "pd.DataFrame", calibration: "RakeResult", weight: str | None) -> np.ndarray:
    """The raked weights in the frame's row order; the frame's ``weight`` column must hold the same weights."""
    from analysis.stats.weights import RakeResult

    if not isinstance(calibration, RakeResult):
        raise TypeError(f"calibration: expected the RakeResult of rake(), found {type(calibration).__name__}")
    w = calibration.weights.reindex(frame.index).to_numpy(dtype=float, na_value=np.nan)
    if np.isnan(w).any():
        row = int(np.flatnonzero(np.isnan(w))[0]) + 1
        raise CalibrationError(f"calibration: row {row} of the frame has no raked weight; rake the frame "
                               f"the table is computed from")
    if weight is not None:
        given = frame[weight].to_numpy(dtype=float, na_value=np.nan)
        off = np.flatnonzero(~np.isclose(given, w, rtol=1e-9, atol=0))
        if off.size:
            raise CalibrationError(f"column '{weight}', row {off[0] + 1}: expected the raked weight "
                                   f"{w[off[0]]:g}, found {given[off[0]]:g}")
    return w


def margin_codes(frame: "pd.DataFrame", calibration: "RakeResult") -> list[tuple[np.ndarray, int]]:
    """Per raking margin, each respondent's category code and the number of categories."""
    import pandas as pd

    out = []
    for var, margin in calibration.margins.items():
        if var not in frame.columns:
            raise CalibrationError(f"calibration: expected the margin column '{var}' in the frame")
        cats = list(margin)
        code = pd.Index(cats, dtype="object").get_indexer(frame[var].astype("object").to_numpy())
        if (code < 0).any():
            row = int(np.flatnonzero(code < 0)[0]) + 1
            raise CalibrationError(f"column '{var}', row {row}: expected a category of the raking margin "
                                   f"({', '.join(map(str, cats))})")
        out.append((code.astype(np.intp), len(cats)))
    return out


def residualise(z: np.ndarray, w: np.ndarray, margins: list[tuple[np.ndarray, int]],
                sweeps: int = RAKING_SWEEPS) -> np.ndarray:
    """Influence values ``z`` (shape ``(n, K)``) made residual to the raking margins (see the module notes).

    The sweeps are linear and only ever subtract category means, so they run on the
    category means themselves: with u = z / w, after the sweeps u = u₀ − Σ_k c_k[code_k],
    and each sweep updates c_k by the current mean of u over margin k's categories,
    mean(u₀) − Σ_l N_kl c_l / n_k (N_kl the cross-table of margins k and l). The
    respondents are touched once; the result equals R's ten sweeps over respondents.
    Respondents with weight 0 keep u = 0 (R would give NaN).
    """
    z = np.asarray(z, dtype=float)
    n, K = z.shape
    positive = w > 0
    u0 = np.zeros_like(z)
    u0[positive] = z[positive] / w[positive, None]
    counts, means0 = [], []
    for code, m in margins:
        cnt = np.bincount(code, minlength=m).astype(float)
        counts.append(np.divide(1.0, cnt, out=np.zeros(m), where=cnt > 0))
        means0.append(np.stack([np.bincount(code, weights=u0[:, k], minlength=m) for k in range(K)], axis=1)
                      * counts[-1][:, None])
    # cross-tables over respondents with a positive weight (those whose u moves)
    cross = [[np.bincount(ck[positive] * ml + cl[positive], minlength=mk * ml).reshape(mk, ml).astype(float)
              for cl, ml in margins] for ck, mk in margins]
    coef = [np.zeros((m, K)) for _, m in margins]
    for _ in range(sweeps):
        for k in range(len(margins)):
            current = means0[k] - counts[k][:, None] * sum(cross[k][l] @ coef[l] for l in range(len(margins)))
            coef[k] = coef[k] + current
    u = u0 - sum(c[code] for c, (code, _) in zip(coef, margins))
    return np.where(positive[:, None], w[:, None] * u, z)


class Calibrator:
    """The raked (or post-stratified) weights of a frame and how to make influence values residual to them."""

    def __init__(self, frame: "pd.DataFrame", calibration: "RakeResult", weight: str | None):
        self.w = calibration_weights(frame, calibration, weight)
        self.margins = margin_codes(frame, calibration)
        self.method = getattr(calibration, "method", "raking")
        self.start = None
        if self.method == "poststratify":
            self.start = calibration.start_weights.reindex(frame.index).to_numpy(dtype=float)

    def residuals(self, z: np.ndarray) -> np.ndarray:
        """Residuals of ``z`` (shape ``(n, K)``): R's raking sweeps, or its post-stratification step.

        Post-stratification (``svyrecvar``): z ← z − w · Σ_h(z · w₀ / w) / Σ_h w₀ within each
        post-stratum h, w₀ being the weights before post-stratification.
        """
        if self.method != "poststratify":
            return residualise(z, self.w, self.margins)
        code, m = self.margins[0]
        ratio = np.divide(self.start, self.w, out=np.zeros(len(self.w)), where=self.w > 0)
        denom = np.bincount(code, weights=self.start, minlength=m)
        num = np.stack([np.bincount(code, weights=z[:, k] * ratio, minlength=m) for k in range(z.shape[1])], axis=1)
        means = np.divide(num, denom[:, None], out=np.zeros_like(num), where=denom[:, None] > 0)
        return z - self.w[:, None] * means[code]


def calibrated_domain_stats(domain: np.ndarray, n_domains: int, in_base: np.ndarray, yes: np.ndarray,
                            w: np.ndarray, margins: list[tuple[np.ndarray, int]], design: "Design | None" = None,
                            sweeps: int = RAKING_SWEEPS) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Proportions, calibrated variances and design degrees of freedom of domains after raking.

    Parameters
    ----------
    domain : numpy.ndarray
        Per respondent, the domain index 0 .. n_domains − 1, or −1 for none.
    n_domains : int
    in_base, yes : numpy.ndarray
        Boolean indicator arrays (base membership and "yes").
    w : numpy.ndarray
        The raked weights.
    margins : list or Calibrator
        From :func:`margin_codes` (raking), or a :class:`Calibrator`.
    design : Design, optional
        Strata, clusters and fpc; none means respondents sampled independently.
    sweeps : int
        Residualisation sweeps (R's 10).

    Returns
    -------
    p, var, df : numpy.ndarray
        Per domain (``svymean`` on a subset of ``rake(design, ...)``).
    """
    n = len(w)
    use = in_base & (domain >= 0)
    d = np.where(use, domain, 0)
    W = np.bincount(d[use], weights=w[use], minlength=n_domains)
    Y = np.bincount(d[use], weights=(w * yes)[use], minlength=n_domains)
    cnt = np.bincount(d[use & (w > 0)], minlength=n_domains)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = Y / W
        z = np.zeros((n, n_domains))
        rows = np.flatnonzero(use)
        z[rows, d[rows]] = w[rows] * (yes[rows] - p[d[rows]]) / W[d[rows]]
    z = np.nan_to_num(z)
    z = margins.residuals(z) if isinstance(margins, Calibrator) else residualise(z, w, margins, sweeps)
    if design is None:
        centred = z - z.mean(axis=0)
        var = n / (n - 1) * (centred * centred).sum(axis=0)
        df = cnt - 1.0
    else:
        from analysis.stats.design import design_covariance, design_degrees_of_freedom, psu_matrix

        every = np.ones(design.n_psus, dtype=bool)
        var = np.diag(design_covariance(psu_matrix(z, design), design, every)).copy()
        df = np.empty(n_domains)
        for k in range(n_domains):
            member = np.zeros(design.n_psus, dtype=bool)
            member[design.psu[use & (d == k) & (w > 0)]] = True
            df[k] = design_degrees_of_freedom(design, member)
    empty = W <= 0
    return np.where(empty, np.nan, p), np.where(empty, np.nan, var), df
