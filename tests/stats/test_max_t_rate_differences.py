"""Post-selection tests in notebook 03 use max-T (issue 25): the adjusted p of a (framing, term) difference is the
share of relabellings whose largest standardised difference, over every framing and term, reaches it. Recomputed
here by brute force: itertools over the distinct relabellings, plain Python means and standard deviations."""
import itertools
import statistics

import numpy as np
import pandas as pd
import pytest

import framings as fr

DOCS = {"d1": ("a", "gas gas oil pipe"), "d2": ("a", "gas oil oil pipe"), "d3": ("b", "oil pipe pipe"),
        "d4": ("b", "pipe oil rail"), "d5": ("c", "rail rail gas oil")}


def toks() -> pd.DataFrame:
    rows = [(doc, framing, token) for doc, (framing, text) in DOCS.items() for token in text.split()]
    return pd.DataFrame(rows, columns=["doc_id", "framing", "token"])


def brute_force_max_t(target: str, term: str, n_resamples: int | None = None, seed: int | None = None) -> float:
    """Every distinct relabelling; or, with ``n_resamples``, the data's labels and then ``n_resamples`` random
    orderings of the framing names drawn by ``numpy.random.default_rng(seed).permutation``, as documented."""
    docs = list(DOCS)
    words = {d: DOCS[d][1].split() for d in docs}
    vocabulary = sorted({w for ws in words.values() for w in ws})
    rate = {(d, w): words[d].count(w) / len(words[d]) * 10_000 for d in docs for w in vocabulary}
    observed = tuple(DOCS[d][0] for d in docs)
    if n_resamples is None:
        relabellings = sorted(set(itertools.permutations(observed)))
    else:
        rng = np.random.default_rng(seed)
        relabellings = [observed] + [tuple(str(x) for x in rng.permutation(list(observed)))
                                     for _ in range(n_resamples)]
    framings = sorted(set(observed))

    def difference(labels, framing, word):
        inside = [rate[(d, word)] for d, label in zip(docs, labels) if label == framing]
        outside = [rate[(d, word)] for d, label in zip(docs, labels) if label != framing]
        return sum(inside) / len(inside) - sum(outside) / len(outside)

    standardised = {}
    for framing in framings:
        for word in vocabulary:
            null = [difference(labels, framing, word) for labels in relabellings]
            centre, spread = statistics.fmean(null), statistics.pstdev(null)
            if spread > 1e-12:
                standardised[(framing, word)] = ([(x - centre) / spread for x in null],
                                                 (difference(observed, framing, word) - centre) / spread)
    largest = [max(values[r] for values, _ in standardised.values()) for r in range(len(relabellings))]
    real = standardised[(target, term)][1]
    return sum(m >= real - 1e-9 for m in largest) / len(largest)


@pytest.mark.parametrize("cells", [None, 13])  # 13: the null in blocks of one relabelling (as at thousands of documents)
@pytest.mark.parametrize("target, term", [("a", "gas"), ("b", "pipe"), ("c", "rail")])
def test_max_t_agrees_with_brute_force(target, term, cells, monkeypatch):
    if cells is not None:
        monkeypatch.setattr(fr.course, "_MAX_T_CELLS", cells)
    tested = pd.DataFrame({"target": [target], "term": [term]})
    result = fr.course.rate_difference_tests(toks(), tested)
    assert result["max_t_p"].iloc[0] == pytest.approx(brute_force_max_t(target, term))
    assert result["max_t_p"].iloc[0] >= result["permutation_p"].iloc[0] - 1e-12


def test_the_family_is_every_framing_and_term_that_moves():
    result = fr.course.rate_difference_tests(toks(), pd.DataFrame({"target": ["a"], "term": ["gas"]}))
    assert result.attrs["max_t_family"] == 3 * 4  # three framings × four terms, all of whose differences move


@pytest.mark.parametrize("target, term", [("a", "gas"), ("b", "pipe"), ("c", "rail")])
def test_sampled_max_t_draws_the_documented_relabellings(target, term, monkeypatch):
    # 20 < 30 relabellings: sampled. The relabellings are held as integer codes (not names) and the null may be
    # computed in blocks; neither may change which relabellings are drawn nor any p-value
    tested = pd.DataFrame({"target": [target], "term": [term]})
    whole = fr.course.rate_difference_tests(toks(), tested, n_resamples=20, random_state=5)
    monkeypatch.setattr(fr.course, "_MAX_T_CELLS", 13)  # blocks of one relabelling
    blocked = fr.course.rate_difference_tests(toks(), tested, n_resamples=20, random_state=5)
    assert whole.attrs["exact"] is False
    assert whole["max_t_p"].iloc[0] == pytest.approx(brute_force_max_t(target, term, n_resamples=20, seed=5))
    assert blocked["max_t_p"].iloc[0] == whole["max_t_p"].iloc[0]
