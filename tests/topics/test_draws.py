"""topic_draws (issue 28): the Dirichlet posterior of each row's topic shares, recovered from the fit as the
engines define it (tomotopy's topic counts + α; scikit-learn's variational γ), and draws from it."""
import numpy as np
import pytest

import framings as fr
from framings.errors import CorpusError
from framings.simulate import lda_tokens
from framings.topics._draws import posterior_concentration


@pytest.fixture(scope="module")
def dtm():
    return fr.document_term_matrix(lda_tokens(random_state=3, n_topics=3, vocab_size=80), by="para_id")


def test_gibbs_posterior_is_the_final_topic_counts_plus_alpha(dtm):
    model = fr.fit_topics(dtm, k=3, cache=False)
    est = model.estimator
    counts = np.stack([np.bincount(np.asarray(doc.topics, dtype=np.int64), minlength=3) for doc in est.docs])
    assert np.allclose(posterior_concentration(model), counts + np.asarray(est.alpha)[None, :], atol=1e-9)


def test_a_cached_gibbs_fit_gives_its_posterior_without_loading_the_sampler(dtm, tmp_path):
    fr.fit_topics(dtm, k=3, cache_dir=tmp_path)  # fills the cache
    model = fr.fit_topics(dtm, k=3, cache_dir=tmp_path)
    concentration = posterior_concentration(model)
    assert model.__dict__.get("_estimator_source") is not None  # the sampler was not read back from the cache
    est = model.estimator  # now it is: the same posterior from its own counts and α
    counts = np.stack([np.bincount(np.asarray(doc.topics, dtype=np.int64), minlength=3) for doc in est.docs])
    assert np.allclose(concentration, counts + np.asarray(est.alpha)[None, :], atol=1e-9)


def test_variational_posterior_is_sklearns_gamma(dtm):
    model = fr.fit_topics(dtm, k=3, engine="sklearn", cache=False)
    gamma = model.estimator._unnormalized_transform(dtm.matrix.astype(np.float64))  # scikit-learn's variational Dirichlet γ_d
    assert np.allclose(posterior_concentration(model), gamma, rtol=1e-6)


def test_draws_have_the_posteriors_mean_and_variance_and_pool_paragraphs_by_length(dtm):
    model = fr.fit_topics(dtm, k=3, cache=False)
    draws = fr.topics.topic_draws(model, n_draws=4000, random_state=1)
    first = dtm.rows["para_id"].iloc[0]
    sample = draws[draws["para_id"] == first].pivot(index="draw", columns="topic", values="prevalence").to_numpy()
    alpha = posterior_concentration(model)[0]
    mean = alpha / alpha.sum()
    assert np.allclose(sample.mean(axis=0), mean, atol=0.01)
    assert np.allclose(sample.var(axis=0), mean * (1 - mean) / (alpha.sum() + 1), rtol=0.1)
    docs = fr.topics.topic_draws(model, n_draws=50, by="doc_id", random_state=1)
    rows = fr.topics.topic_draws(model, n_draws=50, random_state=1)
    lengths = dict(zip(dtm.rows["para_id"], np.asarray(dtm.matrix.sum(axis=1)).ravel()))
    rows = rows.merge(dtm.rows[["para_id", "doc_id"]], on="para_id").assign(words=lambda f: f["para_id"].map(lengths))
    pooled = (rows.assign(weighted=rows["prevalence"] * rows["words"]).groupby(["doc_id", "draw", "topic"])
              [["weighted", "words"]].sum())
    expected = (pooled["weighted"] / pooled["words"]).rename("prevalence").reset_index()
    merged = docs.merge(expected, on=["doc_id", "draw", "topic"], suffixes=("", "_by_hand"))
    assert len(merged) == len(docs) and np.allclose(merged["prevalence"], merged["prevalence_by_hand"])


def test_nmf_has_no_posterior(dtm):
    with pytest.raises(CorpusError, match="no posterior"):
        fr.topics.topic_draws(fr.fit_topics(dtm, k=3, method="nmf", cache=False))
