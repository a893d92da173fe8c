"""Statistics on count tables: keyness (G², χ², Log Ratio, simple maths; against other groups or a reference
corpus), log-odds, permutation tests, rate and proportion intervals; trends over time and effects of covariates.
"""

from ._effects import EFFECT_COLUMNS, INTERVALS, estimate_effect
from ._intervals import rate_ci
from ._keyness import KEYNESS_COLUMNS, compare_groups, keyness, keyness_stats, simple_maths
from ._logodds import (
    DEFAULT_ALPHA,
    LOG_ODDS_COLUMNS,
    LOG_ODDS_METHODS,
    PRIORS,
    log_odds,
)
from ._permutation import (
    ALTERNATIVES,
    RELABELLING_TAG,
    RelabellingMemo,
    PermutationTestResult,
    n_relabellings,
    permutation_test,
)
from ._proportions import wilson_interval
from ._trends import FREQUENCIES, TREND_COLUMNS, trends
from ._reference import (
    COVERAGE_COLUMNS,
    DEFAULT_NOMINAL_SIZE,
    REFERENCE_COLUMNS,
    REFERENCE_TOKENS,
    WORDFREQ_ATTRIBUTION,
    reference_counts,
    reference_coverage,
)

# keyness_stats, RELABELLING_TAG: shared with the stages above, not part of the documented API
__all__ = [
    "KEYNESS_COLUMNS", "keyness", "compare_groups", "rate_ci", "LOG_ODDS_METHODS", "PRIORS", "LOG_ODDS_COLUMNS",
    "DEFAULT_ALPHA", "log_odds", "ALTERNATIVES", "PermutationTestResult", "n_relabellings",
    "permutation_test", "wilson_interval", "simple_maths", "REFERENCE_COLUMNS", "REFERENCE_TOKENS",
    "DEFAULT_NOMINAL_SIZE", "WORDFREQ_ATTRIBUTION", "COVERAGE_COLUMNS", "reference_counts", "reference_coverage",
    "EFFECT_COLUMNS", "INTERVALS", "estimate_effect", "FREQUENCIES", "TREND_COLUMNS", "trends",
]
