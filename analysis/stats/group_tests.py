"""The test across groups of a breakdown, with every statistic named as R prints it.

One row per indicator × grouping for ``tests.csv``. Groups whose unweighted base is below the
reliability threshold (the base under which no percentage is published) are left out of the
test, and the row says which. The statistics each have their own column, named as R's
functions print them, so that a reader checking against R finds the same number under the
same name:

``pearson_x2``
    Pearson's X²: ``chisq.test(table, correct = FALSE)$statistic`` unweighted; with weights,
    X² on the weighted table scaled to the sample size, which is what
    ``svychisq(statistic = "Chisq")`` prints as ``X-squared``.
``rao_scott_f``
    The Rao–Scott second-order F of ``svychisq(statistic = "F")`` (weighted only), on
    ``f_ndf`` and ``f_ddf`` degrees of freedom.
``adjusted_chisq``
    The first-order Rao–Scott chi-square X²/mean(δ) on (r − 1)(c − 1) degrees of freedom
    (weighted only): the statistic whose p-value ``svychisq(statistic = "Chisq")`` reports
    beside the unadjusted X² it prints.

``method``, ``statistic``, ``df``, ``ddf`` and ``p_value`` are those of the test used (Pearson
unweighted, Rao–Scott F weighted, Fisher's exact test for a 2 × 2 table with an expected count
under 5). Where the expected counts break Cochran's rule (none under 1, at most a fifth under 5)
in a larger table, ``simulated_p`` holds a Monte Carlo p-value with the margins fixed, as
``chisq.test(simulate.p.value = TRUE, B = 2000)`` computes it (seeded, so the same each run).

>>> row = independence_row([60, 70, 50, 9], [171, 208, 123, 1], ["A", "B", "C", "Other"], min_n=30)
>>> row["groups_left_out"], row["groups"]
('Other (n=10)', 3)
>>> round(row["pearson_x2"], 4) == round(row["statistic"], 4)
True

References
----------
Cochran, W. G. (1954). Some methods for strengthening the common χ² tests. *Biometrics* 10,
417–451.

Rao, J. N. K. and Scott, A. J. (1984). On chi-squared tests for multiway contingency tables with
cell proportions estimated from survey data. *Annals of Statistics* 12, 46–60.

Hope, A. C. A. (1968). A simplified Monte Carlo significance test procedure. *Journal of the Royal
Statistical Society B* 30, 582–598 (the simulated p-value of R's ``chisq.test``).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from analysis.stats.independence import independence_test

#: Columns of a test row, in order (``tests.csv``).
TEST_ROW_COLUMNS = ("method", "statistic", "df", "ddf", "p_value", "groups", "note", "pearson_x2", "pearson_df",
                    "rao_scott_f", "f_ndf", "f_ddf", "adjusted_chisq", "adjusted_df", "adjusted_p",
                    "min_expected", "simulated_p", "groups_left_out")
#: Replicates of the simulated p-value (R's ``chisq.test`` default ``B``).
SIMULATIONS = 2000
SEED = 20131128


def cochran_rule_met(expected) -> bool:
    """Cochran's rule: no expected count under 1 and at most a fifth of them under 5.

    >>> cochran_rule_met([[4.5, 20], [30, 40], [9, 9]]), cochran_rule_met([[0.8, 20], [30, 40], [9, 9]])
    (True, False)
    """
    e = np.asarray(expected, dtype=float).ravel()
    return bool((e >= 1).all() and (e < 5).sum() <= 0.2 * e.size)


def _pearson(table: np.ndarray) -> tuple[float, np.ndarray]:
    expected = table.sum(axis=1, keepdims=True) * table.sum(axis=0, keepdims=True) / table.sum()
    return float(((table - expected) ** 2 / expected).sum()), expected


def simulated_p_value(table, *, simulations: int = SIMULATIONS, seed: int = SEED) -> float:
    """Monte Carlo p-value of Pearson's X² with both margins fixed, as R's ``chisq.test(simulate.p.value = TRUE)``.

    Tables are drawn under independence with the observed margins (multivariate hypergeometric
    columns); p = (1 + number of tables with X² at least the observed) / (simulations + 1).
    """
    table = np.asarray(table, dtype=np.int64)
    observed, expected = _pearson(table.astype(float))
    rng = np.random.default_rng(seed)
    rows = table.sum(axis=1)
    first = int(table[:, 0].sum())
    col = rng.multivariate_hypergeometric(rows, first, size=simulations)
    sims = np.stack([col, rows[None, :] - col], axis=2).astype(float)
    stats = (((sims - expected[None]) ** 2) / expected[None]).sum(axis=(1, 2))
    return float((1 + (stats >= observed * (1 - 1e-7)).sum()) / (simulations + 1))


def independence_row(n_yes, n_no, labels: Sequence[str], *, w_yes=None, w_no=None, w2_yes=None, w2_no=None,
                       n_design: int | None = None, min_n: int = 30) -> dict:
    """A ``tests.csv`` row: the test across the groups with a base of at least ``min_n``.

    Parameters
    ----------
    n_yes, n_no : array_like
        Unweighted counts per group.
    labels : sequence of str
        The groups' labels (for the note naming those left out).
    w_yes, w_no, w2_yes, w2_no : array_like, optional
        Weight and squared-weight totals per group: the Rao–Scott tests.
    n_design : int, optional
        Rows in the whole design (weighted only).
    min_n : int
        The reliability threshold: groups with an unweighted base of 1 to ``min_n`` − 1 are
        left out of the test (empty groups are dropped silently, as before).

    Returns
    -------
    dict
        Keys :data:`TEST_ROW_COLUMNS`.
    """
    from scipy.special import chdtrc

    n_yes = np.asarray(n_yes, dtype=float)
    n_no = np.asarray(n_no, dtype=float)
    n = n_yes + n_no
    small, left = small_groups(n, labels, min_n)
    keep = ~small
    weighted = w_yes is not None

    def part(a):
        return None if a is None else np.asarray(a, dtype=float)[keep]

    if weighted:
        # as R's svychisq on subset(design, group not left out): the domain shrinks, the design's n stays
        res = independence_test(n_yes[keep], n_no[keep], w_yes=part(w_yes), w_no=part(w_no), w2_yes=part(w2_yes),
                                w2_no=part(w2_no), n_design=n_design)
    else:
        res = independence_test(n_yes[keep], n_no[keep])
    row = dict.fromkeys(TEST_ROW_COLUMNS, float("nan"))
    row.update(method=res.method, statistic=res.statistic, df=res.df, ddf=res.ddf, p_value=res.p_value,
               groups=res.groups, note=res.note, groups_left_out=left)
    table = np.stack([n_yes[keep], n_no[keep]], axis=1)
    table = table[table.sum(axis=1) > 0]
    notes = [res.note] if res.note else []
    if left:
        notes.append(f"left out of the test: {left}, fewer than {min_n} people (no percentage published)")
    if table.shape[0] >= 2 and (table.sum(axis=0) > 0).all():
        x2, expected = _pearson(table)
        row["min_expected"] = float(expected.min())
        k = float((table.shape[0] - 1) * (table.shape[1] - 1))
        if weighted:
            row.update(pearson_x2=float(res.pearson), pearson_df=k)
            if res.method == "rao_scott" and np.isfinite(res.statistic):
                adjusted = res.statistic * k  # X² / mean(δ) = k · X² / tr(Δ) = k · F
                row.update(rao_scott_f=res.statistic, f_ndf=res.df, f_ddf=res.ddf, adjusted_chisq=adjusted,
                           adjusted_df=k, adjusted_p=float(chdtrc(k, adjusted)))
        else:
            row.update(pearson_x2=x2, pearson_df=k)
            if not cochran_rule_met(expected):
                notes.append("expected counts break Cochran's rule (none under 1, at most a fifth under 5): "
                             + ("Fisher's exact test" if res.method == "fisher" else
                                f"simulated p-value ({SIMULATIONS} tables with the same margins) in simulated_p"))
                if res.method != "fisher":
                    row["simulated_p"] = simulated_p_value(table)
    row["note"] = "; ".join(dict.fromkeys(notes))
    return row


def small_groups(n, labels: Sequence[str], min_n: int) -> tuple[np.ndarray, str]:
    """The groups with a base of 1 to ``min_n`` − 1 people (a boolean mask) and the note naming them.

    >>> small_groups([120, 8, 0], ["Head", "Governor", "Other"], 30)
    (array([False,  True, False]), 'Governor (n=8)')
    """
    n = np.asarray(n)
    small = (n > 0) & (n < min_n) if min_n else np.zeros(len(n), dtype=bool)
    return small, "; ".join(f"{lab} (n={int(k)})" for lab, k, s in zip(labels, n, small) if s)


def untested_row(left: str, min_n: int, groups: int) -> dict:
    """A ``tests.csv`` row for a grouping left with fewer than two groups of ``min_n`` or more people."""
    row = dict.fromkeys(TEST_ROW_COLUMNS, float("nan"))
    row.update(method="none", groups=groups, groups_left_out=left,
               note=f"no test: fewer than two groups of {min_n} or more people; left out: {left}")
    return row


def design_test_row(res, *, left: str = "", min_n: int = 0) -> dict:
    """A ``tests.csv`` row from a design-based Rao–Scott result (:func:`~analysis.stats.significance.compare_groups`).

    ``left`` names the groups under the reliability threshold ``min_n`` that the test left out of its
    domain (the design itself keeps every respondent, as R's ``svychisq`` on a subset of the design).
    """
    from scipy.special import chdtrc

    notes = [res.note] if res.note else []
    if left:
        notes.append(f"left out of the test: {left}, fewer than {min_n} people (no percentage published)")
    row = dict.fromkeys(TEST_ROW_COLUMNS, float("nan"))
    row.update(method=res.method, statistic=res.statistic, df=res.df, ddf=res.ddf, p_value=res.p_value,
               groups=res.groups, note="; ".join(notes), groups_left_out=left, pearson_x2=float(res.pearson))
    if res.method == "rao_scott" and np.isfinite(res.statistic) and res.groups >= 2:
        k = float(res.groups - 1)
        row.update(pearson_df=k, rao_scott_f=res.statistic, f_ndf=res.df, f_ddf=res.ddf,
                   adjusted_chisq=res.statistic * k, adjusted_df=k,
                   adjusted_p=float(chdtrc(k, res.statistic * k)))
    return row
