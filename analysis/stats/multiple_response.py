"""Tests of marginal independence for multiple-response ("select all that apply") questions.

One respondent may tick several options, so the tables of each option by a grouping
are not independent and the sum of their chi-square statistics is not chi-square.
Bilder and Loughin's tests allow for that:

* :func:`mmi_test`: multiple marginal independence between a single-response
  grouping (r groups) and a multi-select item (c options): each option's share is
  the same in every group (Bilder, Loughin and Nettleton 2000);
* :func:`spmi_test`: simultaneous pairwise marginal independence between two
  multi-select items (Bilder and Loughin 2004).

Both return the modified Pearson statistic X²_S (the sum of the c, or I·J, Pearson
statistics of the option tables), each table's statistic and p-value, the
Bonferroni-adjusted p-values (each multiplied by the number of tables, at most 1;
the test's p-value is the smallest) and the second-order Rao–Scott form: X²_S
scaled so that its first two moments match a chi-square's, with fractional degrees
of freedom. They are the ``"bon"`` and ``"rs2"`` results of ``MI.test`` in the R
package MRCV, with its conventions: 0.5 is added to a table's cells that are zero
before its Pearson statistic is taken, and an option ticked by every respondent or by
none (a table without two columns) is left out.

The variance of X²_S assumes independent respondents (simple random sampling).

References
----------
Bilder, C. R., Loughin, T. M. and Nettleton, D. (2000). Multiple marginal independence
testing for pick any/c variables. *Communications in Statistics: Simulation and
Computation* 29, 1285–1316.

Bilder, C. R. and Loughin, T. M. (2004). Testing for marginal independence between two
categorical variables with multiple responses. *Biometrics* 60, 241–248.

Koziol, N. A. and Bilder, C. R. (2014). MRCV: a package for analyzing categorical
variables with multiple response options. *The R Journal* 6(1), 144–150.

Examples
--------
>>> import numpy as np
>>> groups = np.array([0, 0, 0, 0, 1, 1, 1, 1])
>>> ticks = np.array([[1, 0], [1, 1], [1, 0], [0, 1], [0, 1], [0, 0], [1, 1], [0, 1]], dtype=bool)
>>> t = mmi_test(groups, ticks)
>>> [round(float(x), 4) for x in t.statistics]  # 8 (3·3 − 1·1)² / (4·4·4·4) = 2; 8 (2·3 − 2·1)² / (4·4·3·5)
[2.0, 0.5333]
>>> round(t.statistic, 4)
2.5333
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class MarginalIndependenceTest:
    """Bilder and Loughin's test: X²_S, its parts, and the Bonferroni and Rao–Scott forms.

    ``statistics``, ``p_values`` and ``bonferroni_p_values`` hold one value per table
    (option, or pair of options for :func:`spmi_test`, flattened row by row), NaN for a
    table left out; ``tables`` counts the tables used.
    """

    statistic: float
    statistics: np.ndarray
    p_values: np.ndarray
    bonferroni_p_values: np.ndarray
    bonferroni_p_value: float
    rs2_statistic: float
    rs2_df: float
    rs2_p_value: float
    table_df: int
    tables: int
    n: int


def _pearson(table: np.ndarray, add_constant: float) -> float:
    """Pearson's X² of a table, zero cells replaced by ``add_constant`` (as ``MI.stat``)."""
    t = np.where(table == 0, add_constant, table).astype(float)
    expected = t.sum(axis=1, keepdims=True) * t.sum(axis=0, keepdims=True) / t.sum()
    return float(((t - expected) ** 2 / expected).sum())


def _finish(stats: np.ndarray, table_df: int, trace_sq: float, scale: float, n: int) -> MarginalIndependenceTest:
    from scipy.special import chdtrc  # chi2.sf(x, df) = chdtrc(df, x), without importing scipy.stats

    class chi2:  # noqa: N801 - the one function of scipy.stats.chi2 used here
        @staticmethod
        def sf(x, df):
            return chdtrc(df, x)

    valid = ~np.isnan(stats)
    c = int(valid.sum())
    x2 = float(stats[valid].sum())
    p = np.where(valid, chi2.sf(np.nan_to_num(stats), table_df), np.nan)
    bon = np.where(valid, np.minimum(p * c, 1.0), np.nan)
    rs2 = scale * x2 / trace_sq if trace_sq > 0 else np.nan
    df = scale * scale / trace_sq if trace_sq > 0 else np.nan
    return MarginalIndependenceTest(
        statistic=x2, statistics=stats, p_values=p, bonferroni_p_values=bon,
        bonferroni_p_value=float(np.nanmin(bon)) if c else np.nan,
        rs2_statistic=float(rs2), rs2_df=float(df), rs2_p_value=float(chi2.sf(rs2, df)) if trace_sq > 0 else np.nan,
        table_df=table_df, tables=c, n=n)


def mmi_test(groups, ticks, *, add_constant: float = 0.5) -> MarginalIndependenceTest:
    """Test of multiple marginal independence between a grouping and a multi-select item.

    Parameters
    ----------
    groups : array_like of int
        Each respondent's group, 0 .. r − 1 (r ≥ 2 groups, each with respondents).
    ticks : array_like of bool, shape (n, c)
        Whether each respondent ticked each option.
    add_constant : float
        Added to the zero cells of each option's r × 2 table before its Pearson statistic.

    Returns
    -------
    MarginalIndependenceTest
        Each option's Pearson statistic has r − 1 degrees of freedom.

    Notes
    -----
    With a_i = n_i / n, π_ij option j's share in group i and π_j its share overall, the
    asymptotic distribution of X²_S is Σ λ_k χ²_1, the λ_k being the eigenvalues of
    D⁻¹ H Σ Hᵀ, where Σ is block-diagonal with blocks Cov_i(Y) / a_i (the covariance
    of the option ticks within group i), H centres each π_ij on Σ_i a_i π_ij and
    D = diag(1 / a_i) ⊗ diag(π_j (1 − π_j)) (Bilder, Loughin and Nettleton 2000,
    appendix A). The second-order Rao–Scott form is X²_S (r − 1) c / Σλ² on
    (r − 1)² c² / Σλ² degrees of freedom; Σλ² is the trace of the matrix's square.
    """
    g = np.asarray(groups, dtype=np.intp)
    y = np.asarray(ticks, dtype=bool)
    n, c = y.shape
    r = int(g.max()) + 1 if n else 0
    n_i = np.bincount(g, minlength=r).astype(float)
    yes = np.stack([np.bincount(g, weights=y[:, j], minlength=r) for j in range(c)], axis=1)  # r × c

    def co_ticks(keep):  # within-group counts of Y_j Y_l, one bincount per pair of options (no copy of the rows)
        yk = y[:, keep].astype(float)
        ck = yk.shape[1]
        both = np.zeros((r, ck, ck))
        for j in range(ck):
            for m in range(j, ck):
                both[:, j, m] = both[:, m, j] = np.bincount(g, weights=yk[:, j] * yk[:, m], minlength=r)
        return both

    return _mmi(n_i, yes, co_ticks, add_constant)


def mmi_test_from_patterns(pattern_counts, bits, *, add_constant: float = 0.5) -> MarginalIndependenceTest:
    """:func:`mmi_test` from the number of respondents in each group with each pattern of ticks.

    A respondent's ticks of c options are one of at most 2^c patterns, so the test's
    counts (each group's size, each option's ticks and each pair's joint ticks) are sums
    of a groups × patterns table: one ``bincount`` over the respondents instead of one
    per option and per pair. The counts are whole numbers, so the result is the same to
    the last bit as :func:`mmi_test` on the respondents.

    Parameters
    ----------
    pattern_counts : array_like, shape (r, P)
        Respondents of group i (r ≥ 2 groups, each with respondents) whose ticks are pattern p.
    bits : array_like of bool, shape (P, c)
        Which options each pattern ticks.
    add_constant : float
        As in :func:`mmi_test`.

    Examples
    --------
    >>> import numpy as np
    >>> bits = np.array([[0, 0], [1, 0], [0, 1], [1, 1]], dtype=bool)
    >>> counts = np.array([[0, 2, 1, 1], [1, 0, 2, 1]])  # the eight respondents of the module's example
    >>> round(mmi_test_from_patterns(counts, bits).statistic, 4)
    2.5333
    """
    counts = np.asarray(pattern_counts, dtype=float)
    b = np.asarray(bits, dtype=float)
    n_i = counts.sum(axis=1)
    yes = counts @ b

    def co_ticks(keep):
        bk = b[:, keep]
        return np.einsum("ip,pj,pm->ijm", counts, bk, bk)

    return _mmi(n_i, yes, co_ticks, add_constant)


def _mmi(n_i: np.ndarray, yes: np.ndarray, co_ticks, add_constant: float) -> MarginalIndependenceTest:
    """The test from each group's size ``n_i``, option ticks ``yes`` (r × c) and ``co_ticks(keep)``
    (r × c' × c', the joint ticks of the options kept)."""
    r, c = yes.shape
    n = int(n_i.sum())
    stats = np.full(c, np.nan)
    for j in range(c):
        table = np.stack([n_i - yes[:, j], yes[:, j]], axis=1)
        if table.sum(axis=0).min() > 0 and (n_i > 0).all():
            stats[j] = _pearson(table, add_constant)
    keep = ~np.isnan(stats)
    ck = int(keep.sum())
    a = n_i / n
    pi_ij = yes[:, keep] / n_i[:, None]
    pi_j = yes[:, keep].sum(axis=0) / n
    # within-group second moments E_i[Y_j Y_l]
    moments = co_ticks(keep) / n_i[:, None, None]
    sigma = np.zeros((r * ck, r * ck))
    for i in range(r):
        cov = moments[i] - np.outer(pi_ij[i], pi_ij[i])
        sigma[i * ck:(i + 1) * ck, i * ck:(i + 1) * ck] = cov / a[i]
    H = np.eye(r * ck) - np.kron(np.ones((r, 1)) @ a[None, :], np.eye(ck))
    d = np.kron(1.0 / a, pi_j * (1 - pi_j))
    M = (H @ sigma @ H.T) / d[:, None]
    return _finish(stats, r - 1, float(np.trace(M @ M)), float((r - 1) * ck), n)


def spmi_test(row_ticks, column_ticks, *, add_constant: float = 0.5) -> MarginalIndependenceTest:
    """Test of simultaneous pairwise marginal independence between two multi-select items.

    Parameters
    ----------
    row_ticks : array_like of bool, shape (n, I)
    column_ticks : array_like of bool, shape (n, J)
        The two items' ticks for the same respondents.
    add_constant : float
        Added to the zero cells of each 2 × 2 table before its Pearson statistic.

    Returns
    -------
    MarginalIndependenceTest
        ``statistics`` flattened row by row (W1 × Y1, W1 × Y2, ...); each has 1 degree of freedom.

    Notes
    -----
    With u_k = w_k ⊗ y_k − π_W ⊗ y_k − w_k ⊗ π_Y for respondent k, Σ the covariance of
    the u_k and D = diag(π_W (1 − π_W) ⊗ π_Y (1 − π_Y)), X²_S is asymptotically
    Σ λ_k χ²_1 with λ_k the eigenvalues of D⁻¹ Σ (Bilder and Loughin 2004); the
    second-order Rao–Scott form is X²_S I J / Σλ² on I² J² / Σλ² degrees of freedom.
    """
    w = np.asarray(row_ticks, dtype=bool)
    y = np.asarray(column_ticks, dtype=bool)
    n, I = w.shape
    J = y.shape[1]
    stats = np.full(I * J, np.nan)
    for i in range(I):
        for j in range(J):
            both = float((w[:, i] & y[:, j]).sum())
            wi, yj = float(w[:, i].sum()), float(y[:, j].sum())
            table = np.array([[n - wi - yj + both, yj - both], [wi - both, both]])
            if table.sum(axis=0).min() > 0 and table.sum(axis=1).min() > 0:
                stats[i * J + j] = _pearson(table, add_constant)
    wf, yf = w.astype(float), y.astype(float)
    pw, py = wf.mean(axis=0), yf.mean(axis=0)
    u = (np.einsum("ki,kj->kij", wf, yf) - pw[None, :, None] * yf[:, None, :]
         - wf[:, :, None] * py[None, None, :]).reshape(n, I * J)
    centred = u - u.mean(axis=0)
    sigma = centred.T @ centred / n
    d = np.kron(pw * (1 - pw), py * (1 - py))
    M = sigma / d[:, None]
    return _finish(stats, 1, float(np.trace(M @ M)), float(I * J), n)
