"""The statistics engine: proportions with bases and intervals, tests of difference, weights.

Public API (import from here):

- :func:`proportion_table`, :func:`distribution_table` (:mod:`.proportions`)
- :func:`binomial_interval`, :func:`survey_interval` (:mod:`.intervals`)
- :func:`compare_groups`, :func:`independence_test`, :func:`column_letters`,
  :func:`adjust_pvalues`, :func:`difference` (:mod:`.significance`)
- :func:`rake`, :func:`poststratify`, :func:`kish_effective_n`, :func:`design_effect`,
  :func:`domain_variance` (:mod:`.weights`); calibrated standard errors in :mod:`.calibration`,
  stratified cluster designs in :mod:`.design`
- :func:`logistic_regression` (:mod:`.glm`, R's ``svyglm`` quasibinomial), :func:`numeric_table`
  (:mod:`.numeric`: ``svymean``, ``svytotal``, ``svyquantile``), :func:`replicate_design`
  (:mod:`.replicates`, R's ``svrepdesign``: pass it as ``replicates=`` to any estimator)

Importing this package imports numpy only; scipy and pandas load when a function runs.
"""

from analysis.stats.glm import LogisticModel, ModelError, logistic_regression
from analysis.stats.intervals import BINOMIAL_METHODS, METHODS, SURVEY_METHODS, binomial_interval, survey_interval
from analysis.stats.numeric import numeric_table
from analysis.stats.estimates import COLUMNS
from analysis.stats.proportions import distribution_table, proportion_table
from analysis.stats.replicates import ReplicateDesign, replicate_design
from analysis.stats.independence import IndependenceTest, independence_test
from analysis.stats.pairwise import Difference, adjust_pvalues, column_letters, difference
from analysis.stats.significance import compare_groups
from analysis.stats.weights import (
    RakeResult,
    RakingError,
    design_effect,
    domain_variance,
    kish_effective_n,
    poststratify,
    rake,
)

__all__ = [
    "BINOMIAL_METHODS", "METHODS", "SURVEY_METHODS", "COLUMNS",
    "binomial_interval", "survey_interval", "proportion_table", "distribution_table",
    "Difference", "IndependenceTest", "adjust_pvalues", "column_letters", "compare_groups", "difference",
    "independence_test", "RakeResult", "RakingError", "design_effect", "domain_variance", "kish_effective_n", "rake",
    "poststratify", "LogisticModel", "ModelError", "logistic_regression", "numeric_table", "ReplicateDesign",
    "replicate_design",
]
