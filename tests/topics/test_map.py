"""Intertopic distance map: Jensen–Shannon divergence (against SciPy) and classical MDS (Torgerson's recovery)."""
import numpy as np
import pytest
from scipy.spatial.distance import jensenshannon, pdist, squareform

import framings as fr
from framings.simulate import lda_tokens
from framings.topics._map import _pcoa


@pytest.fixture(scope="module")
def model():
    toks = lda_tokens(random_state=3, n_topics=4, vocab_size=400)
    return fr.fit_topics(fr.document_term_matrix(toks), k=4, random_state=0, cache=False)


def test_distances_are_scipys_jensen_shannon_divergence(model):
    # scipy.spatial.distance.jensenshannon is the square root of the divergence (natural log by default)
    found = fr.topics.topic_distances(model).to_numpy()
    beta = model.topic_term / model.topic_term.sum(axis=1, keepdims=True)
    expected = squareform(pdist(beta, metric=jensenshannon)) ** 2
    np.testing.assert_allclose(found, expected, atol=1e-12)
    assert found.max() <= np.log(2)
    assert np.allclose(np.diag(found), 0)


def test_classical_mds_recovers_a_planar_configuration():
    # Torgerson (1952): for distances between points of a plane, classical MDS gives back a configuration
    # with exactly those distances (up to rotation and reflection)
    rng = np.random.default_rng(0)
    points = rng.normal(size=(7, 2)) * [3.0, 1.0]
    dist = squareform(pdist(points))
    coords = _pcoa(dist)
    np.testing.assert_allclose(squareform(pdist(coords)), dist, atol=1e-10)
    # the first axis carries the larger spread, as principal coordinates do
    assert coords[:, 0].var() >= coords[:, 1].var()


def test_mds_of_two_topics_puts_them_apart_on_the_first_axis():
    coords = _pcoa(np.array([[0.0, 0.4], [0.4, 0.0]]))
    assert coords.shape == (2, 2)
    assert abs(coords[0, 0] - coords[1, 0]) == pytest.approx(0.4)
    assert np.allclose(coords[:, 1], 0)


def test_topic_map_sizes_are_prevalence(model):
    found = fr.topics.topic_map(model)
    assert list(found.columns) == ["topic", "x", "y", "prevalence"]
    share = fr.prevalence(model, by=None, n_boot=1).sort_values("topic")["mean_share"].to_numpy()
    np.testing.assert_allclose(found["prevalence"], share)
    np.testing.assert_allclose(found["prevalence"].sum(), 1.0)
    assert found.equals(fr.topics.topic_map(model))  # deterministic, signs fixed


def test_topic_map_rejects_other_input():
    with pytest.raises(fr.CorpusError, match="TopicModel"):
        fr.topics.topic_map("not a model")
