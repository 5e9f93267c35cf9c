"""Stratified cluster designs: Taylor-linearisation variances of domain proportions.

The variance is that of R's ``svymean`` on
``svydesign(ids = ~cluster, strata = ~strata, weights = ~w, fpc = ~fpc, nest = TRUE)``
(one-stage, "ultimate cluster" linearisation), for the whole sample and for
domains of it. Sums are taken with one ``numpy.bincount`` over (cell, PSU);
no Python loop runs over groups, PSUs or respondents.

Single-PSU strata follow an explicit rule named like R's
``options(survey.lonely.psu = ...)``: ``"fail"`` (the default here, a clear
error), ``"certainty"`` and ``"remove"`` (the stratum adds no variance),
``"adjust"`` (the stratum's PSU is centred at the grand mean, i.e. at zero) and
``"average"`` (the variance is scaled up by H / (H − lonely strata), counting
the strata that hold members of the domain).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

LONELY_PSU = ("fail", "certainty", "remove", "adjust", "average")
DEFAULT_LONELY_PSU = "fail"


class DesignError(ValueError):
    """A design variable cannot be used as declared (one line saying which and why)."""


@dataclass(frozen=True)
class Design:
    """PSU codes (sorted by stratum), the stratum of each PSU and the per-PSU variance scale."""

    psu: np.ndarray            # per respondent, 0 .. P-1
    psu_stratum: np.ndarray    # per PSU, 0 .. H-1 (non-decreasing)
    n_psu: np.ndarray          # per stratum: PSUs in the design
    finite: np.ndarray         # per stratum: 1 − sampling fraction (1 without fpc)
    stratum_labels: tuple
    lonely_psu: str

    @property
    def n_strata(self) -> int:
        return len(self.n_psu)

    @property
    def n_psus(self) -> int:
        return len(self.psu_stratum)

    @property
    def degrees_of_freedom(self) -> int:
        """PSUs minus strata (``degf(design)``)."""
        return self.n_psus - self.n_strata


def _codes(frame: "pd.DataFrame", column: str, what: str) -> tuple[np.ndarray, tuple]:
    import pandas as pd

    if column not in frame.columns:
        raise DesignError(f"{what} column '{column}' is not in the frame")
    col = frame[column]
    missing = np.flatnonzero(col.isna().to_numpy())
    if missing.size:
        rows = ", ".join(str(r + 1) for r in missing[:5])
        raise DesignError(f"column '{column}', rows {rows}: expected a {what} for every respondent")
    codes, uniques = pd.factorize(col, sort=True)
    return codes.astype(np.intp), tuple(uniques)


def build_design(frame: "pd.DataFrame", *, strata: str | None = None, cluster: str | None = None,
                 fpc: str | None = None, lonely_psu: str = DEFAULT_LONELY_PSU) -> Design:
    """The :class:`Design` of a frame's design columns.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per respondent (the whole sample).
    strata : str, optional
        Stratum column; none means one stratum.
    cluster : str, optional
        First-stage unit (PSU) column, nested within strata; none means each
        respondent is its own PSU (``ids = ~1``).
    fpc : str, optional
        Per-respondent column, constant within a stratum: the stratum's number of
        PSUs in the population (values > 1) or its sampling fraction (values ≤ 1),
        as ``svydesign(fpc = ...)`` reads it.
    lonely_psu : {"fail", "certainty", "remove", "adjust", "average"}
        Rule for strata with one PSU (see the module notes).

    Returns
    -------
    Design
    """
    if lonely_psu not in LONELY_PSU:
        raise DesignError(f"lonely_psu={lonely_psu!r}: expected one of {', '.join(LONELY_PSU)}")
    n = len(frame)
    if strata is None:
        s_codes, s_labels = np.zeros(n, dtype=np.intp), ("all",)
    else:
        s_codes, s_labels = _codes(frame, strata, "stratum")
    H = len(s_labels)
    if cluster is None:
        c_codes = np.arange(n, dtype=np.intp)
        n_c = max(n, 1)
    else:
        c_codes, c_labels = _codes(frame, cluster, "cluster")
        n_c = max(len(c_labels), 1)
    # nest = TRUE: a PSU is a (stratum, cluster) pair; codes ordered by stratum
    pair = s_codes.astype(np.int64) * n_c + c_codes
    uniq, psu = np.unique(pair, return_inverse=True)
    psu_stratum = (uniq // n_c).astype(np.intp)
    n_psu = np.bincount(psu_stratum, minlength=H)
    finite = np.ones(H)
    if fpc is not None:
        if fpc not in frame.columns:
            raise DesignError(f"fpc column '{fpc}' is not in the frame")
        vals = frame[fpc].to_numpy(dtype=float, na_value=np.nan)
        bad = np.flatnonzero(~(vals > 0))
        if bad.size:
            rows = ", ".join(str(r + 1) for r in bad[:5])
            raise DesignError(f"column '{fpc}', rows {rows}: expected a positive population size or "
                              f"sampling fraction")
        lo = np.full(H, np.inf)
        hi = np.full(H, -np.inf)
        np.minimum.at(lo, s_codes, vals)
        np.maximum.at(hi, s_codes, vals)
        varying = np.flatnonzero(lo != hi)
        if varying.size:
            raise DesignError(f"column '{fpc}': expected one value per stratum, stratum "
                              f"'{s_labels[varying[0]]}' has several")
        if np.all(lo <= 1):
            finite = 1.0 - lo                      # sampling fractions
        elif np.all(lo > 1):
            if np.any(lo < n_psu):
                h = int(np.flatnonzero(lo < n_psu)[0])
                raise DesignError(f"column '{fpc}', stratum '{s_labels[h]}': population size {lo[h]:g} is "
                                  f"smaller than the {n_psu[h]} sampled PSUs")
            finite = (lo - n_psu) / lo             # population sizes
        else:
            raise DesignError(f"column '{fpc}': expected either all sampling fractions (≤ 1) or all "
                              f"population sizes (> 1)")
    if lonely_psu == "fail" and np.any(n_psu == 1):
        h = int(np.flatnonzero(n_psu == 1)[0])
        raise DesignError(f"stratum '{s_labels[h]}' has only one PSU; choose a lonely-PSU rule "
                          f"(certainty, remove, adjust or average)")
    return Design(psu, psu_stratum, n_psu, finite, tuple(str(s) for s in s_labels), lonely_psu)


def psu_totals(codes: np.ndarray, n_cells: int, design: Design, in_base: np.ndarray, yes: np.ndarray,
               w: np.ndarray | None) -> np.ndarray:
    """Per (cell, PSU) sums, shape ``(n_cells, P, 3)``: (count in base, Σw over base, Σw over "yes")."""
    P = design.n_psus
    idx = codes[in_base].astype(np.int64) * P + design.psu[in_base]
    size = n_cells * P
    wb = np.ones(idx.size) if w is None else w[in_base]
    cnt = np.bincount(idx, minlength=size).astype(float)
    sw = np.bincount(idx, weights=wb, minlength=size)
    swy = np.bincount(idx, weights=wb * yes[in_base], minlength=size)
    return np.stack([cnt, sw, swy], axis=-1).reshape(n_cells, P, 3)


def domain_design_variance(totals: np.ndarray, design: Design) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Proportions, variances and design degrees of freedom of domains from their PSU totals.

    Parameters
    ----------
    totals : numpy.ndarray
        Shape ``(G, P, 3)`` as from :func:`psu_totals`, summed to the domains.
    design : Design

    Returns
    -------
    p, var, df : numpy.ndarray
        Per domain: weighted proportion, linearisation variance and the degrees of
        freedom ``degf`` of the domain's subset (PSUs minus strata that hold
        domain members).

    Notes
    -----
    With z_j = (Σ_{i∈j} w_i d_i (y_i − p)) / Σ w d the PSU totals of the
    linearised proportion, the variance is Σ_h (1 − f_h) n_h/(n_h − 1)
    Σ_{j∈h} (z_j − z̄_h)², n_h counting every PSU of stratum h in the design
    (those without domain members contribute z_j = 0), as in ``svyrecvar``.
    """
    cnt, W_j, Y_j = totals[..., 0], totals[..., 1], totals[..., 2]
    W = W_j.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = Y_j.sum(axis=1) / W
        z = (Y_j - p[:, None] * W_j) / W[:, None]
    H = design.n_strata
    st = design.psu_stratum
    zsum = np.zeros((z.shape[0], H))
    np.add.at(zsum.T, st, z.T)
    zbar = zsum / design.n_psu[None, :]
    n_h = design.n_psu
    lonely = n_h == 1
    centred = z - zbar[:, st]
    if design.lonely_psu == "adjust":
        centred = np.where(lonely[st][None, :], z, centred)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(lonely, np.where(design.lonely_psu == "adjust", 1.0, 0.0), n_h / (n_h - 1.0))
    scale = scale * design.finite
    var = (centred * centred) @ scale[st]
    member = cnt > 0
    psus_in = member.sum(axis=1)
    strata_in = np.zeros((z.shape[0], H), dtype=bool)
    np.logical_or.at(strata_in.T, st, member.T)
    if design.lonely_psu == "average" and lonely.any():
        # R averages over the strata that hold domain members
        h_in = strata_in.sum(axis=1)
        ok = h_in - (strata_in & lonely[None, :]).sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            var = var * h_in / ok
    df = (psus_in - strata_in.sum(axis=1)).astype(float)
    return p, var, df


def psu_matrix(values: np.ndarray, design: Design) -> np.ndarray:
    """Per-PSU totals of each column of ``values`` (shape ``(n, K)``): array of shape ``(K, P)``."""
    P = design.n_psus
    return np.stack([np.bincount(design.psu, weights=values[:, k], minlength=P) for k in range(values.shape[1])])


def design_covariance(z: np.ndarray, design: Design, member: np.ndarray) -> np.ndarray:
    """Linearisation covariance of K estimates from their PSU totals, as ``svyrecvar`` computes it.

    Parameters
    ----------
    z : numpy.ndarray
        Shape ``(K, P)``: per PSU, the totals of each estimate's influence values.
    design : Design
    member : numpy.ndarray
        Shape ``(P,)``, boolean: the PSUs of the (sub)design the estimates come
        from; the ``"average"`` lonely-PSU rule counts the strata that hold them.

    Returns
    -------
    numpy.ndarray
        Shape ``(K, K)``. Its diagonal equals the variances of
        :func:`domain_design_variance` for the same influence totals.
    """
    H = design.n_strata
    st = design.psu_stratum
    n_h = design.n_psu
    zsum = np.stack([np.bincount(st, weights=row, minlength=H) for row in z]) if len(z) else np.zeros((0, H))
    centred = z - (zsum / n_h[None, :])[:, st]
    lonely = n_h == 1
    if design.lonely_psu == "adjust":
        centred = np.where(lonely[st][None, :], z, centred)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(lonely, 1.0 if design.lonely_psu == "adjust" else 0.0, n_h / (n_h - 1.0))
    scale = scale * design.finite
    cov = (centred * scale[st][None, :]) @ centred.T
    if design.lonely_psu == "average" and lonely.any():
        strata_in = np.zeros(H, dtype=bool)
        strata_in[st[member]] = True
        h_in = int(strata_in.sum())
        cov = cov * h_in / (h_in - int((strata_in & lonely).sum()))
    return cov


def design_degrees_of_freedom(design: Design, member: np.ndarray) -> int:
    """PSUs minus strata among the PSUs flagged in ``member`` (``degf`` of a subset)."""
    return int(member.sum()) - int(np.unique(design.psu_stratum[member]).size)


#: The weights estimate a population total when they add up to at least this many times the respondents.
POPULATION_WEIGHTS = 1.1
#: The two simple-random-sampling comparisons a design effect can make (R's ``deff = TRUE`` and ``"replace"``).
DEFF_COMPARISONS = ("without_replacement", "replace")


def deff_comparison(design: "Design | None", weights) -> str:
    """Which simple random sample a design effect compares with: ``"without_replacement"`` or ``"replace"``.

    The comparison without replacement (R's ``svymean(deff = TRUE)``) samples n
    from a population of Σw. It means something only when a finite population
    correction applies *and* the weights estimate a population total; weights
    scaled to the sample size (Σw ≈ n) make its variance (Σw − n)/(Σw n) nearly
    zero and the design effect enormous (millions). Otherwise the comparison is
    with sampling with replacement (R's ``deff = "replace"``).

    Parameters
    ----------
    design : Design or None
        The design (``None``: no strata, clusters or fpc).
    weights : array_like or None
        The weights estimates use (``None``: unweighted).

    Returns
    -------
    str
        ``"without_replacement"`` when some stratum has a sampling fraction
        (fpc) and Σw is at least :data:`POPULATION_WEIGHTS` times the number of
        respondents with a non-zero weight; ``"replace"`` otherwise.

    Examples
    --------
    >>> deff_comparison(None, [1.0, 2.0])
    'replace'
    """
    if design is None or weights is None or not bool((np.asarray(design.finite) < 1).any()):
        return "replace"
    w = np.asarray(weights, dtype=float)
    w = w[np.isfinite(w)]
    n = int(np.count_nonzero(w))
    return "without_replacement" if n and float(w.sum()) >= POPULATION_WEIGHTS * n else "replace"


def srs_design_effect(p, var, n, weight_total, *, comparison: str = "without_replacement"):
    """Design effect against simple random sampling, as ``svymean(deff = TRUE)`` or ``svymean(deff = "replace")``.

    Parameters
    ----------
    p, var : array_like
        Weighted proportions and their design variances.
    n : array_like
        Unweighted bases (respondents with a non-zero weight in the domain).
    weight_total : array_like
        Weight totals of the domains (the estimated population sizes).
    comparison : {"without_replacement", "replace"}
        The simple random sample compared with (:func:`deff_comparison`).

    Returns
    -------
    numpy.ndarray
        ``var / v_srs``. Without replacement v_srs = p(1 − p) · n/(n − 1) ·
        (W − n)/(W n), the variance of a simple random sample of n from a
        population of W, NaN where W ≤ n (R gives NA there: the weights are not
        scaled to a population); with replacement v_srs = p(1 − p) · n/(n − 1) / n
        (R's ``svyvar(x)/n``). NaN where n < 2.

    Examples
    --------
    p = 0.5, n = 10, W = 1000 and var = 0.05:
    without replacement v_srs = 0.25 · 10/9 · 990/10000 = 0.0275, deff = 0.05/0.0275 = 1.8181…;
    with replacement v_srs = 0.25/9 = 0.02777…, deff = 0.05 · 9/0.25 = 1.8.

    >>> print(f"{float(srs_design_effect(0.5, 0.05, 10, 1000.0)):.6f}")
    1.818182
    >>> print(f"{float(srs_design_effect(0.5, 0.05, 10, 1000.0, comparison='replace')):.6f}")
    1.800000
    """
    if comparison not in DEFF_COMPARISONS:
        raise ValueError(f"comparison must be one of {', '.join(DEFF_COMPARISONS)}, not {comparison!r}")
    p = np.asarray(p, dtype=float)
    n = np.asarray(n, dtype=float)
    W = np.asarray(weight_total, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        if comparison == "replace":
            v_srs = p * (1 - p) / (n - 1)
            return np.where(n > 1, np.asarray(var, dtype=float) / v_srs, np.nan)
        v_srs = p * (1 - p) * n / (n - 1) * (W - n) / (W * n)
        return np.where((W > n) & (n > 1), np.asarray(var, dtype=float) / v_srs, np.nan)
