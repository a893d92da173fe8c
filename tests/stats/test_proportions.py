"""The Wilson score interval on the published worked examples (Newcombe 1998), against scipy, and weighted."""
import math

import numpy as np
import pytest
from scipy.stats import binomtest

import framings as fr
from framings.stats import wilson_interval

# Newcombe (1998), "Two-sided confidence intervals for the single proportion: comparison of seven methods",
# Statistics in Medicine 17, 857-872: the illustrative examples, method 3 (score interval, no continuity correction)
NEWCOMBE_1998 = [(81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0000, 0.1611),
                 (1, 29, 0.0061, 0.1718)]


@pytest.mark.parametrize("successes, n, low, high", NEWCOMBE_1998)
def test_newcombes_worked_examples(successes, n, low, high):
    got_low, got_high = wilson_interval(successes, n)
    assert (round(got_low, 4), round(got_high, 4)) == (low, high)


@pytest.mark.parametrize("successes, n", [(81, 263), (15, 148), (0, 20), (1, 29), (7, 7), (5, 10)])
@pytest.mark.parametrize("level", [0.9, 0.95, 0.99])
def test_same_as_scipys_wilson_interval(successes, n, level):
    reference = binomtest(successes, n).proportion_ci(confidence_level=level, method="wilson")
    assert wilson_interval(successes, n, level) == (pytest.approx(reference.low, abs=1e-12),
                                                     pytest.approx(reference.high, abs=1e-12))


def test_r_prop_test_without_correction():
    # R: prop.test(5, 10, correct = FALSE)$conf.int  ->  0.2365931 0.7634069
    low, high = wilson_interval(5, 10)
    assert (low, high) == (pytest.approx(0.2365931, abs=1e-7), pytest.approx(0.7634069, abs=1e-7))


def test_arrays_give_one_interval_per_element_and_nan_for_no_trials():
    low, high = wilson_interval(np.array([81.0, 15.0, 0.0]), np.array([263.0, 148.0, 0.0]))
    assert low[:2].tolist() == [wilson_interval(81, 263)[0], wilson_interval(15, 148)[0]]
    assert high[:2].tolist() == [wilson_interval(81, 263)[1], wilson_interval(15, 148)[1]]
    assert math.isnan(low[2]) and math.isnan(high[2])


def test_equal_weights_give_the_plain_interval():
    outcomes = np.r_[np.ones(81), np.zeros(263 - 81)]
    weighted = wilson_interval(outcomes, weights=np.full(263, 3.0))
    assert weighted == (pytest.approx(wilson_interval(81, 263)[0], abs=1e-12),
                        pytest.approx(wilson_interval(81, 263)[1], abs=1e-12))


def test_unequal_weights_use_kishs_effective_n():
    outcomes = np.r_[np.ones(10), np.zeros(10)]
    weights = np.tile([5.0, 1.0], 10)
    n_eff = weights.sum() ** 2 / (weights ** 2).sum()   # Kish (1965): 13.85, fewer than the 20 units
    share = (weights * outcomes).sum() / weights.sum()
    expected = wilson_interval(share * n_eff, n_eff)
    assert wilson_interval(outcomes, weights=weights) == (pytest.approx(expected[0], abs=1e-12),
                                                          pytest.approx(expected[1], abs=1e-12))
    assert math.isnan(wilson_interval([], weights=[])[0])


def test_bad_arguments():
    with pytest.raises(fr.CorpusError, match="level"):
        wilson_interval(1, 2, level=95)
    with pytest.raises(fr.CorpusError, match="not both and not neither"):
        wilson_interval(1)
    with pytest.raises(fr.CorpusError, match="not both"):
        wilson_interval([1, 0], 2, weights=[1, 1])
    with pytest.raises(fr.CorpusError, match="one weight per unit"):
        wilson_interval([1, 0], weights=[1.0])
