"""Statistics on count tables: keyness (G², χ², Log Ratio), log-odds, permutation tests, rate and proportion
intervals.
"""

from ._intervals import rate_ci
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

# keyness_stats, RELABELLING_TAG: shared with the stages above, not part of the documented API
__all__ = [
    "KEYNESS_COLUMNS", "keyness", "compare_groups", "rate_ci", "LOG_ODDS_METHODS", "PRIORS", "LOG_ODDS_COLUMNS",
    "DEFAULT_ALPHA", "log_odds", "ALTERNATIVES", "PermutationTestResult", "n_relabellings",
    "permutation_test", "wilson_interval",
]

# issue 25: rate intervals compared only where both groups use a term; a top n that keeps its ties
from ._intervals import APART_COLUMNS, intervals_apart  # noqa: E402
from ._ranks import top_with_ties  # noqa: E402

__all__ += ["APART_COLUMNS", "intervals_apart", "top_with_ties"]
