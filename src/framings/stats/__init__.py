"""Statistics on count tables: keyness (G², χ², Log Ratio), log-odds, permutation tests, rate and proportion
intervals.
"""

from ._intervals import APART_COLUMNS, intervals_apart, rate_ci
from ._keyness import KEYNESS_COLUMNS, compare_groups, keyness, keyness_stats
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
from ._ranks import top_with_ties

# keyness_stats, RELABELLING_TAG: shared with the stages above, not part of the documented API
__all__ = [
    "KEYNESS_COLUMNS", "keyness", "compare_groups", "rate_ci", "APART_COLUMNS", "intervals_apart", "LOG_ODDS_METHODS", "PRIORS", "LOG_ODDS_COLUMNS",
    "DEFAULT_ALPHA", "log_odds", "ALTERNATIVES", "PermutationTestResult", "n_relabellings",
    "permutation_test", "wilson_interval", "top_with_ties",
]
