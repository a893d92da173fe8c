"""The Wilson score interval for a proportion, plain or with sampling weights (Kish's effective n)."""

from __future__ import annotations

from statistics import NormalDist
from typing import TYPE_CHECKING

import numpy as np

from ..errors import CorpusError

if TYPE_CHECKING:
    from numpy.typing import ArrayLike


def wilson_interval(successes: ArrayLike, n: ArrayLike | None = None, level: float = 0.95, *,
                    weights: ArrayLike | None = None) -> tuple:
    """Wilson (1927) score interval for a binomial proportion, optionally weighted.

    With ``p`` the observed proportion, ``n`` the number of trials and ``z`` the
    ``(1 + level) / 2`` quantile of the standard normal, the interval is

        (p + z²/2n ± z √(p(1−p)/n + z²/4n²)) / (1 + z²/n)

    (Wilson 1927; Newcombe 1998, method 3, without continuity correction). Unlike the
    Wald interval ``p ± z √(p(1−p)/n)`` it stays inside [0, 1] and keeps close to its
    nominal coverage for the small samples of hand-checked matches and coded paragraphs.

    With ``weights`` (sampling weights of a stratified sample), ``p`` is the weighted
    share of successes, ``Σ wᵢ yᵢ / Σ wᵢ``, and ``n`` is Kish's (1965) effective sample
    size ``(Σ wᵢ)² / Σ wᵢ²``, which is the number of units for equal weights and smaller
    the more the weights differ.

    Parameters
    ----------
    successes : int, float or array-like
        Number of successes out of ``n`` (an array gives one interval per element). With
        ``weights``: the outcome of each unit, 1 (success) or 0 (failure).
    n : int, float, array-like or None, default None
        Number of trials; leave it out when ``weights`` are given.
    level : float, default 0.95
        Confidence level, between 0 and 1.
    weights : array-like or None, default None
        Sampling weight of each unit (same length as ``successes``).

    Returns
    -------
    tuple
        ``(low, high)``: floats for one proportion, arrays for arrays. ``n = 0`` (or weights
        summing to 0) gives NaN bounds.

    Raises
    ------
    CorpusError
        For ``level`` outside (0, 1), neither or both of ``n`` and ``weights``, or weights
        and outcomes of different lengths.

    Examples
    --------
    Newcombe's (1998, Table I) first example, 81 successes in 263 trials: 0.2553 to 0.3662.

    >>> low, high = fr.stats.wilson_interval(81, 263)
    >>> round(low, 4), round(high, 4)
    (0.2553, 0.3662)

    Equal weights give the same interval; unequal weights a wider one.

    >>> outcomes = [1] * 10 + [0] * 10
    >>> [round(bound, 4) for bound in fr.stats.wilson_interval(outcomes, weights=[3.0] * 20)]
    [0.2993, 0.7007]
    >>> [round(bound, 4) for bound in fr.stats.wilson_interval(outcomes, weights=[5.0, 1.0] * 10)]
    [0.267, 0.733]
    """
    if not 0 < level < 1:
        raise CorpusError(f"wilson_interval(): level must be between 0 and 1, got {level!r}")
    if (n is None) == (weights is None):
        raise CorpusError("wilson_interval(): give n (the number of trials) or weights (one per unit), "
                          "not both and not neither")
    z = NormalDist().inv_cdf((1 + level) / 2)
    if weights is None:
        n = np.asarray(n, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            proportion = np.asarray(successes, dtype=float) / n
    else:
        outcomes, weights = np.asarray(successes, dtype=float), np.asarray(weights, dtype=float)
        if outcomes.shape != weights.shape:
            raise CorpusError(f"wilson_interval(): {outcomes.size} outcome(s) but {weights.size} weight(s); "
                              "give one weight per unit")
        total = weights.sum()
        if total <= 0:
            return float("nan"), float("nan")
        proportion = float((weights * outcomes).sum() / total)
        n = float(total ** 2 / (weights ** 2).sum())  # Kish's effective sample size
    with np.errstate(divide="ignore", invalid="ignore"):
        centre = (proportion + z * z / (2 * n)) / (1 + z * z / n)
        half = z * np.sqrt(proportion * (1 - proportion) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    low, high = centre - half, centre + half
    if np.ndim(low) == 0:
        return float(low), float(high)
    return low, high
