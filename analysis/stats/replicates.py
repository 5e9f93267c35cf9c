"""Replicate-weight designs, as R's ``svrepdesign``: jackknife (JK1, JKn), BRR, Fay and bootstrap.

Many published survey files ship replicate-weight columns instead of strata and clusters.
An estimate θ̂ is recomputed with each replicate's weights (θ_r) and its variance is R's
``svrVar``::

    var = scale · Σ_r rscales_r (θ_r − θ̄)²

with θ̄ the mean of the replicates (``mse = FALSE``, R's default) or θ̂ itself
(``mse = TRUE``). The defaults of ``scale`` and ``rscales`` are ``svrepdesign``'s:

=========  ===========================  ======================================
type       scale                        rscales
=========  ===========================  ======================================
BRR        1 / R                        1
Fay        1 / (R (1 − ρ)²)             1 (``rho`` required)
JK1        (R − 1) / R                  1
JKn        1                            required (one per replicate, (n_h − 1)/n_h)
bootstrap  1 / (R − 1)                  1
other      1                            1
=========  ===========================  ======================================

The replicate columns hold the replicates' analysis weights (``combined.weights = TRUE``,
R's default), or factors that multiply the full-sample weights (``combined_weights=False``).
The design's degrees of freedom are R's ``degf``: the rank of the replicate weights (QR with
tolerance 1e-5) less one, counted over the rows of each domain, as R's subset does.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Sequence

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

REPLICATE_TYPES: tuple[str, ...] = ("JK1", "JKn", "BRR", "Fay", "bootstrap", "other")
#: ``qr(weights, tol = 1e-5)`` in R's ``degf.svyrep.design``.
RANK_TOLERANCE = 1e-5


class ReplicateError(ValueError):
    """Replicate weights that cannot be used as declared (one line saying which and why)."""


def gram_rank(gram: np.ndarray, tol: float = RANK_TOLERANCE) -> int:
    """Rank of a matrix A from its Gram matrix AᵀA, by LINPACK ``dqrdc2``'s rule (R's ``qr(A, tol)``).

    Columns are taken in order; a column counts when the norm of its part orthogonal to
    the columns already counted is at least ``tol`` times its own norm. In Gram form that
    squared norm is the diagonal of the Schur complement left by the columns counted.
    """
    schur = np.array(gram, dtype=float)
    diag0 = np.diag(gram).copy()
    rank = 0
    for j in range(len(diag0)):
        pivot = schur[j, j]
        if diag0[j] > 0 and pivot > tol * tol * diag0[j]:
            rank += 1
            col = schur[:, j].copy()
            schur -= np.outer(col, col) / pivot
    return rank


@dataclass(frozen=True)
class ReplicateDesign:
    """Full-sample weights, replicate analysis weights and how to turn replicates into a variance."""

    weights: np.ndarray             # (n,) full-sample weights
    replicate_weights: np.ndarray   # (n, R) analysis weights of each replicate
    columns: tuple[str, ...]
    type: str
    scale: float
    rscales: np.ndarray
    mse: bool = False
    rho: float | None = None
    cache: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def n_replicates(self) -> int:
        return self.replicate_weights.shape[1]

    @property
    def degrees_of_freedom(self) -> int:
        """``degf(design)``: rank of the replicate weights less one."""
        if "df" not in self.cache:
            self.cache["df"] = gram_rank(_gram(self.replicate_weights)) - 1
        return self.cache["df"]

    def domain_degrees_of_freedom(self, rows: np.ndarray) -> int:
        """``degf`` of the subset of ``rows`` (boolean mask)."""
        a = self.replicate_weights[rows]
        return gram_rank(_gram(a)) - 1 if len(a) else -1

    def variance(self, thetas: np.ndarray, estimate: np.ndarray) -> np.ndarray:
        """R's ``svrVar`` for each column: ``thetas`` has shape (R, K), ``estimate`` (K,).

        NaN replicates (a domain empty in a replicate) make that estimate's variance NaN.
        """
        thetas = np.asarray(thetas, dtype=float)
        centre = np.asarray(estimate, dtype=float) if self.mse else thetas[self.rscales > 0].mean(axis=0)
        dev = thetas - centre
        return self.scale * (self.rscales[:, None] * dev * dev).sum(axis=0)

    def covariance(self, thetas: np.ndarray, estimate: np.ndarray) -> np.ndarray:
        """R's ``svrVar`` for a vector estimate: (K, K)."""
        thetas = np.asarray(thetas, dtype=float)
        centre = np.asarray(estimate, dtype=float) if self.mse else thetas[self.rscales > 0].mean(axis=0)
        dev = (thetas - centre) * np.sqrt(self.rscales)[:, None]
        return self.scale * dev.T @ dev

    def variances_of(self, estimator: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
        """Variances of the estimates ``estimator(weights)`` (a vector), recomputed with each replicate."""
        full = estimator(self.weights)
        thetas = np.stack([estimator(self.replicate_weights[:, r]) for r in range(self.n_replicates)])
        return self.variance(thetas, full)


def replicate_columns(frame: "pd.DataFrame", pattern: str | Sequence[str]) -> list[str]:
    """The frame's columns that match a glob pattern such as ``"rw_*"`` (frame order), or a list as given."""
    if isinstance(pattern, str):
        cols = [c for c in frame.columns if fnmatch.fnmatchcase(str(c), pattern)]
        if not cols:
            raise ReplicateError(f"replicates = \"{pattern}\": no column of the data matches")
        return cols
    missing = [c for c in pattern if c not in frame.columns]
    if missing:
        raise ReplicateError(f"replicate weight column '{missing[0]}' is not in the data")
    return list(pattern)


def replicate_design(frame: "pd.DataFrame", replicates: str | Sequence[str], *, type: str,
                     weight: str | None = None, scale: float | None = None, rscales=None, mse: bool = False,
                     rho: float | None = None, combined_weights: bool = True) -> ReplicateDesign:
    """The :class:`ReplicateDesign` of a frame's replicate-weight columns, as ``svrepdesign`` builds it.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per respondent.
    replicates : str or list of str
        A glob pattern (``"rw_*"``) or the replicate columns in order.
    type : {"JK1", "JKn", "BRR", "Fay", "bootstrap", "other"}
        The replication method (see the module notes for its scale and rscales).
    weight : str, optional
        The full-sample weight column (R assumes equal weights without one).
    scale : float, optional
        Overall multiplier; the type's default when not given (ignored for BRR and
        Fay, as R ignores it).
    rscales : float or sequence of float, optional
        Per-replicate multipliers (required for JKn).
    mse : bool
        Centre the replicates on the full-sample estimate instead of their mean.
    rho : float, optional
        Fay's coefficient (required for Fay).
    combined_weights : bool
        Whether the replicate columns are analysis weights (True) or factors of the
        full-sample weights.

    Returns
    -------
    ReplicateDesign

    References
    ----------
    Wolter, K. M. (2007). *Introduction to Variance Estimation*, 2nd ed. Springer.

    Judkins, D. R. (1990). Fay's method for variance estimation. *Journal of
    Official Statistics* 6, 223–239.
    """
    if type not in REPLICATE_TYPES:
        raise ReplicateError(f"replicate type '{type}': expected one of {', '.join(REPLICATE_TYPES)}")
    cols = replicate_columns(frame, replicates)
    a = np.empty((len(frame), len(cols)))
    for j, c in enumerate(cols):
        v = frame[c].to_numpy(dtype=float, na_value=np.nan)
        bad = np.flatnonzero(~(np.isfinite(v) & (v >= 0)))
        if bad.size:
            raise ReplicateError(f"column '{c}', row {bad[0] + 2}: expected a finite, non-negative replicate weight")
        a[:, j] = v
    if weight is None:
        w = np.ones(len(frame))
    else:
        from analysis.stats.cells import weight_array

        w = weight_array(frame, weight)
    if not combined_weights:
        a *= w[:, None]
    r = len(cols)
    if type == "Fay" and rho is None:
        raise ReplicateError("replicate type Fay: give Fay's rho (e.g. rho = 0.5)")
    if type == "JKn" and rscales is None:
        raise ReplicateError("replicate type JKn: give rscales, one (n_h - 1)/n_h per replicate")
    if type == "BRR":
        scale = 1.0 / r
    elif type == "Fay":
        scale = 1.0 / (r * (1 - rho) ** 2)
    elif scale is None:
        scale = {"JK1": (r - 1) / r, "bootstrap": 1.0 / (r - 1)}.get(type, 1.0)
    rs = np.ones(r) if rscales is None else np.broadcast_to(np.asarray(rscales, dtype=float), (r,)).copy()
    if rscales is not None and np.ndim(rscales) and len(rscales) not in (1, r):
        raise ReplicateError(f"rscales has {len(rscales)} values; expected one per replicate ({r})")
    return ReplicateDesign(weights=w, replicate_weights=a, columns=tuple(cols), type=type, scale=float(scale),
                           rscales=rs, mse=bool(mse), rho=rho)


# --------------------------------------------------------------------------- proportions


def _sorted_cells(design: ReplicateDesign, cells: np.ndarray, n_cells: int):
    """The replicate weights sorted by cell (so each cell's rows are one slice) and each cell's Gram matrix.

    Cached on the design per cell layout: a table set's indicators share one grid.
    """
    key = ("cells", n_cells, hash(cells.tobytes()))
    if key not in design.cache:
        if n_cells <= 64:  # a counting sort: one pass per cell beats a sort of every row
            parts = [np.flatnonzero(cells == j) for j in range(n_cells)]
            order = np.concatenate(parts)
            bounds = np.concatenate([[0], np.cumsum([len(p) for p in parts])])
        else:
            order = np.argsort(cells, kind="stable")
            bounds = np.searchsorted(cells[order], np.arange(n_cells + 1))
        a_sorted = design.replicate_weights[order]
        grams = np.stack([_gram(a_sorted[bounds[j]:bounds[j + 1]]) for j in range(n_cells)])
        for old in [k for k in design.cache if isinstance(k, tuple) and k[0] == "cells"]:
            del design.cache[old]   # one layout at a time: the sorted copy is as big as the weights
        design.cache[key] = (order, bounds, a_sorted, grams)
    return design.cache[key]


def _gram(a: np.ndarray) -> np.ndarray:
    """AᵀA by BLAS ``dsyrk`` (a C-ordered A is the F-ordered Aᵀ BLAS wants: no copy)."""
    from scipy.linalg.blas import dsyrk

    if not len(a):
        return np.zeros((a.shape[1], a.shape[1]))
    upper = dsyrk(1.0, np.ascontiguousarray(a).T, trans=0)
    return np.triu(upper) + np.triu(upper, 1).T


# --------------------------------------------------------------------------- tables


class GridTotals:
    """One indicator's replicate totals over the cells of a grid, from which any grouping's domains are summed.

    Made by :func:`grid_totals`, which takes every indicator of a table set in one pass over
    the replicate weights.
    """

    def __init__(self, design: ReplicateDesign, grid, in_base: np.ndarray, yes: np.ndarray, tot: np.ndarray,
                 tot_yes: np.ndarray, grams: np.ndarray, sums: np.ndarray | None = None):
        self.design, self.grid = design, grid
        self.n_cells = int(np.prod(grid.shape))
        self.in_base, self.yes = in_base, yes
        self.tot, self.tot_yes, self.grams = tot, tot_yes, grams
        if sums is None:  # the indicator's cell sums with the full-sample weights (proportions.cell_sums)
            from analysis.stats.cells import cell_sums

            sums = cell_sums(grid, in_base, yes, design.weights)
        flat = sums.reshape(self.n_cells, 2, 3)
        self.full = flat[:, :, 1].sum(axis=1)
        self.full_yes = flat[:, 1, 1]
        self.counts = flat[:, :, 0].sum(axis=1)

    def domains(self, keep: Sequence[int]) -> list[np.ndarray]:
        """Per group of the grid axes ``keep`` (product order), the cells it is made of."""
        from analysis.stats.cells import Grid, domain_codes

        cells = Grid(self.grid.variables, self.grid.categories, np.arange(self.n_cells))
        codes, k = domain_codes(cells, tuple(keep))
        return [codes == j for j in range(k)]

    def stats(self, keep: Sequence[int]) -> dict[str, np.ndarray]:
        """``p``, ``var``, ``var_logit``, ``df`` and ``n_rows`` of the groups of ``keep``."""
        design = self.design
        doms = self.domains(keep)
        out = {k: np.full(len(doms), np.nan) for k in ("p", "var", "var_logit", "df", "n_rows")}
        for k, member in enumerate(doms):
            W = self.full[member].sum()
            out["n_rows"][k] = self.counts[member].sum()
            if not W > 0:
                continue
            with np.errstate(divide="ignore", invalid="ignore"):
                pr = self.tot_yes[member].sum(axis=0) / self.tot[member].sum(axis=0)
                p = self.full_yes[member].sum() / W
                out["p"][k] = p
                out["var"][k] = design.variance(pr[:, None], np.array([p]))[0]
                out["var_logit"][k] = design.variance(np.log(pr / (1 - pr))[:, None],
                                                      np.array([np.log(p / (1 - p))]))[0]
            out["df"][k] = gram_rank(self.grams[member].sum(axis=0)) - 1
        return out


def grid_totals(design: ReplicateDesign, grid, indicators: Sequence[tuple[np.ndarray, np.ndarray]],
                sums: Sequence[np.ndarray] | None = None) -> list[GridTotals]:
    """:class:`GridTotals` of several indicators ((in_base, yes) pairs) on one grid, in one pass over the replicates.

    The replicate weights, sorted by cell once per grid (:func:`_sorted_cells`), are multiplied
    cell by cell with the indicators' base and "yes" masks (one matrix product per cell for
    every indicator at once); each indicator's Gram matrices are the cells' less those of its
    rows outside the base.
    """
    n_cells = int(np.prod(grid.shape))
    order, bounds, a_sorted, grams = _sorted_cells(design, grid.codes, n_cells)
    k = len(indicators)
    masks = np.empty((len(order), 2 * k))
    for j, (in_base, yes) in enumerate(indicators):
        masks[:, 2 * j] = in_base[order]
        masks[:, 2 * j + 1] = (in_base & yes)[order]
    R = design.n_replicates
    tot = np.zeros((2 * k, n_cells, R))
    own = [grams.copy() for _ in range(k)]
    for c in range(n_cells):
        lo, hi = bounds[c], bounds[c + 1]
        if lo == hi:
            continue
        seg = a_sorted[lo:hi]
        tot[:, c, :] = masks[lo:hi].T @ seg
        for j in range(k):
            outside = masks[lo:hi, 2 * j] == 0
            if outside.any():
                own[j][c] -= _gram(seg[outside])
    return [GridTotals(design, grid, in_base, yes, tot[2 * j], tot[2 * j + 1], own[j],
                       None if sums is None else sums[j]) for j, (in_base, yes) in enumerate(indicators)]


def replicate_columns_of(totals: GridTotals, keep: Sequence[int], sums, *, method: str, level: float,
                         small_base: int, suppress_below: int) -> dict[str, np.ndarray]:
    """:func:`analysis.stats.proportions.estimate_columns` for a replicate design's groups of ``keep``.

    The ``"logit"`` interval is ``svyciprop``'s on a replicate design: the t interval of
    the logit of the proportion with the replicates' variance of that logit (R refits the
    intercept-only model with each replicate's weights); the other methods work from the
    proportion's replicate variance as with any design.
    """
    from analysis.stats.estimates import estimate_columns

    if method == "likelihood":
        raise ValueError("method='likelihood' is not available with replicate weights (R's svyciprop gives NA "
                         "there); use logit, korn_graubard, asin, mean or xlogit")
    st = totals.stats(keep)
    cols = estimate_columns(sums, weighted=True, n_design=len(totals.in_base), method=method, level=level,
                            small_base=small_base, suppress_below=suppress_below,
                            design_stats=(st["p"], st["var"], st["df"], st["n_rows"] - 1),
                            model_rows=(st["n_rows"], st["n_rows"]))
    if method == "logit":
        from scipy.special import expit, stdtrit

        p, df = st["p"], st["df"]
        with np.errstate(divide="ignore", invalid="ignore"):
            half = stdtrit(np.maximum(df, 1), 1 - (1 - level) / 2) * np.sqrt(st["var_logit"])
            eta = np.log(p / (1 - p))
            ok = (p > 0) & (p < 1) & (st["var_logit"] > 0) & ~np.isnan(cols["ci_lower"])
        cols["ci_lower"] = np.where(ok, expit(eta - half), cols["ci_lower"])
        cols["ci_upper"] = np.where(ok, expit(eta + half), cols["ci_upper"])
    return cols
