"""Design-based logistic regression, as R's ``svyglm(family = quasibinomial())``.

The coefficients maximise the weighted (pseudo-)likelihood Σ w_i [y_i log μ_i + (1 − y_i) log(1 − μ_i)];
they are found by Newton's method run to convergence (R's ``glm`` stops at a relative change
in deviance of 1e-8; this module stops when the coefficients no longer move, so it agrees with
a tightly converged R fit to rounding). Their variance is the sandwich of ``svy.varcoef``: the
influence values z_i = w_i (y_i − μ_i) x_iᵀ (Xᵀ W X)⁻¹ (W = w μ (1 − μ)) go through the same
design variance as a proportion's (:mod:`analysis.stats.design`: strata, clusters, fpc and the
lonely-PSU rules; :mod:`analysis.stats.calibration`: raking residuals; or replicate weights,
:mod:`analysis.stats.replicates`, where the model is refitted with each replicate's weights).

Respondents with a missing outcome or term leave the model as ``na.omit`` drops them: they
add nothing to the influence values, but the design keeps its size (R's subset keeps the full
design's PSU counts), and the design's degrees of freedom count the PSUs that hold a
respondent in the model. Intervals and tests use the residual degrees of freedom of
``svyglm``, ``degf(design) + 1 − p`` (p coefficients): ``confint(svyglm)`` and
``regTermTest(method = "Wald")`` both take them by default.

>>> import pandas as pd
>>> f = pd.DataFrame({"y": pd.array([True, False, True, True, False, False, True, False], dtype="boolean"),
...                   "x": [1.0, 0.0, 2.0, 1.5, 0.5, 0.0, 1.0, 2.0]})
>>> m = logistic_regression(f, "y", ["x"])
>>> m.names
('(Intercept)', 'x')
>>> print(f"{m.coef[1]:.6f}")  # R: coef(glm(y ~ x, family = binomial)) gives 1.573114
1.573114
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Sequence

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from analysis.stats.replicates import ReplicateDesign

#: The columns of :meth:`LogisticModel.to_frame`, in order.
MODEL_COLUMNS: tuple[str, ...] = ("model", "outcome", "term", "coefficient_name", "coefficient", "se", "t", "df",
                                  "p_value", "odds_ratio", "or_lower", "or_upper", "level", "n", "weighted_n")
#: The columns of :meth:`LogisticModel.term_tests`, in order.
TEST_COLUMNS: tuple[str, ...] = ("model", "outcome", "term", "F", "df_num", "df_den", "p_value", "n")
MAX_ITER = 100


class ModelError(ValueError):
    """A model that cannot be fitted as asked (one line saying which and why)."""


@dataclass(frozen=True)
class ModelMatrix:
    """The model matrix of the used respondents, the coefficient names and the term each column belongs to."""

    x: np.ndarray          # (n_used, k)
    names: tuple[str, ...]
    terms: tuple[str, ...]  # per column; "(Intercept)" for the intercept
    used: np.ndarray        # per respondent of the frame, boolean


def model_matrix(frame: "pd.DataFrame", outcome: str, terms: Sequence[str], *, extra_use=None) -> tuple[ModelMatrix, np.ndarray]:
    """R's ``model.matrix`` with treatment contrasts, and the outcome of the respondents it keeps.

    A categorical or text term gives one column per category after the first (named
    ``term + category``, as R names them); a boolean term one column ``termTRUE``; a
    numeric term itself. Respondents missing the outcome or any term are left out
    (``na.omit``); a category no used respondent holds gives no column (R's aliased
    coefficient, NA there).
    """
    import pandas as pd

    if outcome not in frame.columns:
        raise ModelError(f"model outcome '{outcome}' is not a column of the frame")
    y_col = frame[outcome]
    if not pd.api.types.is_bool_dtype(y_col.dtype):
        raise ModelError(f"column '{outcome}': a logistic model's outcome must be a yes/no indicator, "
                         f"found dtype {y_col.dtype}")
    used = y_col.notna().to_numpy(dtype=bool).copy()
    if extra_use is not None:
        used = used & extra_use
    blocks = []
    for term in terms:
        if term not in frame.columns:
            raise ModelError(f"model term '{term}' is not a column of the frame")
        col = frame[term]
        used = used & col.notna().to_numpy(dtype=bool)
        blocks.append((term, col))
    cols, names, owners = [None], ["(Intercept)"], ["(Intercept)"]
    for term, col in blocks:
        if pd.api.types.is_bool_dtype(col.dtype):
            cols.append(col.to_numpy(dtype=float, na_value=np.nan))
            names.append(f"{term}TRUE")
            owners.append(term)
        elif pd.api.types.is_numeric_dtype(col.dtype) and not isinstance(col.dtype, pd.CategoricalDtype):
            cols.append(col.to_numpy(dtype=float, na_value=np.nan))
            names.append(term)
            owners.append(term)
        else:
            cat = col.astype("category") if not isinstance(col.dtype, pd.CategoricalDtype) else col
            codes = cat.cat.codes.to_numpy()
            present = np.bincount(codes[used & (codes >= 0)], minlength=len(cat.cat.categories))
            for j, level in enumerate(cat.cat.categories[1:], start=1):
                if present[j]:
                    cols.append(codes == j)
                    names.append(f"{term}{level}")
                    owners.append(term)
    y = y_col.to_numpy(dtype=float, na_value=np.nan)[used]
    everyone = bool(used.all())
    # column-major: each column is written in one pass and BLAS reads it as it is
    x = np.empty((int(used.sum()), len(cols)), order="F")
    x[:, 0] = 1.0
    for j, c in enumerate(cols[1:], start=1):
        x[:, j] = c if everyone else c[used]
    return ModelMatrix(x, tuple(names), tuple(owners), used), y


def fit_logistic(x: np.ndarray, y: np.ndarray, w: np.ndarray, *, tol: float = 1e-13, max_iter: int = MAX_ITER,
                 start: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Weighted logistic maximum likelihood by Newton's method (from ``start``, else the intercept-only fit).

    Returns
    -------
    beta, mu, hessian_inverse, iterations
        ``hessian_inverse`` is (Xᵀ diag(w μ (1 − μ)) X)⁻¹ at the solution.

    Raises
    ------
    ModelError
        When the coefficients diverge (complete separation) or the information
        matrix is singular (terms that are collinear among the respondents used).
    """
    k = x.shape[1]
    beta = np.zeros(k)
    sw = w.sum()
    if not sw > 0:
        raise ModelError("the model has no respondent with a positive weight")
    p0 = float(np.dot(w, y) / sw)
    if not 0 < p0 < 1:
        raise ModelError("the outcome has one value only among the respondents in the model")
    beta[0] = np.log(p0 / (1 - p0))
    if start is not None:
        beta = np.array(start, dtype=float)
    from scipy.linalg.blas import dsyrk

    xw = np.empty_like(x)  # column-major like x: BLAS reads both without a copy
    for it in range(1, max_iter + 1):
        eta = x @ beta
        mu = 1.0 / (1.0 + np.exp(-eta))
        np.multiply(x, np.sqrt(w * mu * (1.0 - mu))[:, None], out=xw)
        upper = dsyrk(1.0, xw, trans=1) if np.isfortran(xw) else xw.T @ xw
        h = np.triu(upper) + np.triu(upper, 1).T
        g = (w * (y - mu)) @ x
        try:
            step = np.linalg.solve(h, g)
        except np.linalg.LinAlgError:
            raise ModelError("the model's terms are collinear among the respondents used; drop one") from None
        beta = beta + step
        if not np.all(np.isfinite(beta)) or np.max(np.abs(beta)) > 50:
            raise ModelError("the model does not converge: a term separates the outcome completely "
                             "(some group has only yes or only no)")
        if np.max(np.abs(step) / (np.abs(beta) + 0.1)) < tol:
            break
        if np.max(np.abs(step) / (np.abs(beta) + 0.1)) < 1e-7:
            # Newton converges quadratically: one more step takes the error below rounding
            tol = np.inf
    else:
        raise ModelError(f"the model did not converge in {max_iter} iterations")
    # the last step moved the coefficients by less than 1e-13 of themselves: the information
    # matrix of that step is the solution's to rounding, and only μ is brought up to date
    mu = 1.0 / (1.0 + np.exp(-(x @ beta)))
    cond = np.linalg.cond(h)
    if not np.isfinite(cond) or cond > 1e14:
        raise ModelError("the model's terms are collinear among the respondents used; drop one")
    return beta, mu, np.linalg.inv(h), it


@dataclass(frozen=True)
class LogisticModel:
    """A fitted design-based logistic model: coefficients, their design covariance and degrees of freedom."""

    outcome: str
    terms: tuple[str, ...]
    names: tuple[str, ...]
    owners: tuple[str, ...]
    coef: np.ndarray
    vcov: np.ndarray
    df_design: float
    n: int
    weighted_n: float
    level: float = 0.95
    name: str = ""
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def df_residual(self) -> float:
        """``svyglm``'s residual degrees of freedom, ``degf(design) + 1 − p``."""
        return self.df_design + 1 - len(self.coef)

    @property
    def se(self) -> np.ndarray:
        return np.sqrt(np.diag(self.vcov))

    def confint(self, level: float | None = None) -> tuple[np.ndarray, np.ndarray]:
        """``confint(svyglm)``: coefficient ± t(df_residual) · se (NaN when df_residual ≤ 0)."""
        from scipy.special import stdtrit

        level = self.level if level is None else level
        df = self.df_residual
        if df <= 0:
            nan = np.full(len(self.coef), np.nan)
            return nan, nan.copy()
        t = stdtrit(df, 1 - (1 - level) / 2)
        return self.coef - t * self.se, self.coef + t * self.se

    def p_values(self) -> np.ndarray:
        """Two-sided p of coefficient / se on t(df_residual), as ``summary(svyglm)``."""
        from scipy.special import stdtr

        df = self.df_residual
        if df <= 0:
            return np.full(len(self.coef), np.nan)
        return 2 * stdtr(df, -np.abs(self.coef / self.se))

    def term_test(self, term: str) -> tuple[float, int, float, float]:
        """``regTermTest(model, ~term)`` (method "Wald"): (F, numerator df, denominator df, p).

        F = βᵀ V⁻¹ β / q over the q coefficients of the term, on q and ``df_residual``
        degrees of freedom.
        """
        from scipy.special import fdtrc

        idx = [i for i, o in enumerate(self.owners) if o == term]
        if not idx:
            raise ModelError(f"'{term}' is not a term of the model (terms: {', '.join(self.terms)})")
        b = self.coef[idx]
        v = self.vcov[np.ix_(idx, idx)]
        chisq = float(b @ np.linalg.solve(v, b))
        q = len(idx)
        ddf = self.df_residual
        f = chisq / q
        return f, q, ddf, float(fdtrc(q, ddf, f)) if ddf > 0 else float("nan")

    def to_frame(self) -> "pd.DataFrame":
        """One row per coefficient: :data:`MODEL_COLUMNS`."""
        import pandas as pd

        lo, hi = self.confint()
        k = len(self.coef)
        return pd.DataFrame({
            "model": [self.name] * k, "outcome": [self.outcome] * k, "term": list(self.owners),
            "coefficient_name": list(self.names), "coefficient": self.coef, "se": self.se,
            "t": self.coef / self.se, "df": np.full(k, float(self.df_residual)), "p_value": self.p_values(),
            "odds_ratio": np.exp(self.coef), "or_lower": np.exp(lo), "or_upper": np.exp(hi),
            "level": np.full(k, float(self.level)), "n": np.full(k, self.n, dtype=np.int64),
            "weighted_n": np.full(k, float(self.weighted_n)),
        })[list(MODEL_COLUMNS)]

    def term_tests(self) -> "pd.DataFrame":
        """One row per term: :data:`TEST_COLUMNS` (``regTermTest``)."""
        import pandas as pd

        rows = [(self.name, self.outcome, term, *self.term_test(term), self.n) for term in self.terms
                if term in self.owners]
        return pd.DataFrame(rows, columns=list(TEST_COLUMNS))


def logistic_regression(frame: "pd.DataFrame", outcome: str, terms: Sequence[str], *, weight: str | None = None,
                        strata: str | None = None, cluster: str | None = None, fpc: str | None = None,
                        lonely_psu: str = "fail", calibration=None, replicates=None, level: float = 0.95,
                        name: str = "") -> LogisticModel:
    """Fit ``svyglm(outcome ~ terms, design, family = quasibinomial())``.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per respondent (the whole design).
    outcome : str
        A boolean indicator (True / False; NA leaves the respondent out of the model).
    terms : sequence of str
        Categorical, text, boolean or numeric columns; the first category of a
        categorical term is its reference.
    weight, strata, cluster, fpc, lonely_psu, calibration
        The design, as in :func:`analysis.stats.proportions.proportion_table`.
    replicates : ReplicateDesign, optional
        Replicate weights (:func:`analysis.stats.replicates.replicate_design`):
        the variance is that of ``svyglm`` on the ``svrepdesign``, the model
        refitted with each replicate's weights; the degrees of freedom are the
        replicate design's.
    level : float
        Confidence level of the intervals.
    name : str
        The model's name (written in its frames).

    Returns
    -------
    LogisticModel

    Notes
    -----
    The odds ratio of a coefficient is its exponential, with the exponentiated
    interval ``exp(confint(model))``.

    References
    ----------
    Binder, D. A. (1983). On the variances of asymptotically normal estimators
    from complex surveys. *International Statistical Review* 51, 279–292.

    Lumley, T. and Scott, A. (2017). Fitting regression models to survey data.
    *Statistical Science* 32, 265–278.
    """
    from analysis.stats.cells import weight_array

    if not 0 < float(level) < 1:
        raise ValueError(f"level={level!r}: expected a confidence level strictly between 0 and 1, e.g. 0.95")
    terms = tuple(terms)
    if replicates is not None:

        return replicate_logistic(frame, outcome, terms, replicates, level=level, name=name)
    w_all = weight_array(frame, weight)
    margins = None
    if calibration is not None:
        from analysis.stats.calibration import Calibrator

        margins = Calibrator(frame, calibration, weight)
        w_all = margins.w
    if w_all is None:
        w_all = np.ones(len(frame))
    mm, y = model_matrix(frame, outcome, terms)
    used = mm.used
    w = w_all[used]
    beta, mu, ainv, _ = fit_logistic(mm.x, y, w)
    scores = mm.x * (w * (y - mu))[:, None]
    if margins is None and strata is None and cluster is None and fpc is None:
        # weights only: every respondent its own PSU, one stratum of all N rows (R's subset keeps N);
        # the influence values are scores · A⁻¹, so their covariance is A⁻¹ (SᵀS − s sᵀ / N) A⁻¹
        n_all = len(frame)
        total = scores.sum(axis=0)
        meat = scores.T @ scores - np.outer(total, total) / n_all
        vcov = n_all / (n_all - 1.0) * (ainv @ meat @ ainv)
        vcov = (vcov + vcov.T) / 2
        df_design = float(np.count_nonzero(w > 0) - 1)
    else:
        z_used = scores @ ainv
        from analysis.stats.design import build_design, design_covariance, design_degrees_of_freedom, psu_matrix

        z = np.zeros((len(frame), len(beta)))
        z[used] = z_used
        if margins is not None:
            z = margins.residuals(z)
        design = build_design(frame, strata=strata, cluster=cluster, fpc=fpc, lonely_psu=lonely_psu)
        member = np.zeros(design.n_psus, dtype=bool)
        member[design.psu[used & (w_all > 0)]] = True
        vcov = design_covariance(psu_matrix(z, design), design, member)
        df_design = float(design_degrees_of_freedom(design, member))
    return LogisticModel(outcome=outcome, terms=terms, names=mm.names, owners=mm.terms, coef=beta, vcov=vcov,
                         df_design=df_design, n=int(used.sum()),
                         weighted_n=float(w.sum()), level=float(level), name=name)


def replicate_logistic(frame: "pd.DataFrame", outcome: str, terms: Sequence[str], design: "ReplicateDesign", *,
                       level: float = 0.95, name: str = ""):
    """``svyglm(family = quasibinomial())`` on a replicate design: the model refitted with each replicate's weights.

    Each replicate fit starts from the full-sample coefficients (as R's does); the
    covariance is ``svrVar`` of the replicate coefficients; the residual degrees of
    freedom are ``degf(design) + 1 − p`` with ``degf`` of the whole replicate design.
    """
    mm, y = model_matrix(frame, outcome, tuple(terms))
    used = mm.used
    w = design.weights[used]
    beta, _, _, _ = fit_logistic(mm.x, y, w)
    a = design.replicate_weights[used]
    betas = np.stack([fit_logistic(mm.x, y, a[:, r], start=beta)[0] for r in range(design.n_replicates)])
    vcov = design.covariance(betas, beta)
    return LogisticModel(outcome=outcome, terms=tuple(terms), names=mm.names, owners=mm.terms, coef=beta, vcov=vcov,
                         df_design=float(design.degrees_of_freedom), n=int(used.sum()), weighted_n=float(w.sum()),
                         level=float(level), name=name)
