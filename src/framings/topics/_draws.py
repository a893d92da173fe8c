"""Posterior draws of each document's topic shares, for regressions and trends that carry the model's uncertainty
(stm's method of composition)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import CorpusError
from ._model import TopicModel

DRAW_COLUMNS = ["draw", "topic", "prevalence"]


def _prior_total(model: TopicModel) -> float:
    """Σ_t α_t of the fit: tomotopy's (re-estimated) α, or scikit-learn's doc_topic_prior_ times k."""
    if model.engine == "tomotopy" and model.__dict__.get("_alpha") is not None:  # kept by fit_topics: no model loaded
        return float(np.sum(model.__dict__["_alpha"]))
    estimator = model.estimator
    if model.engine == "tomotopy" and estimator is not None and hasattr(estimator, "alpha"):
        return float(np.sum(np.asarray(estimator.alpha, dtype=np.float64)))
    prior = getattr(estimator, "doc_topic_prior_", None)
    if prior is None:
        prior = model.params.get("doc_topic_prior", 1.0 / model.k)
    return float(prior) * model.k


def posterior_concentration(model: TopicModel) -> np.ndarray:
    """Each row's Dirichlet posterior parameters n_dt + α_t (rows × k): ``doc_topic`` × (n_d + Σα)."""
    lengths = np.asarray(model.dtm.matrix.sum(axis=1), dtype=np.float64).ravel()
    return model.doc_topic * (lengths + _prior_total(model))[:, None]


def topic_draws(model: TopicModel, n_draws: int = 100, by: str | None = None,
                random_state: int = 0) -> pd.DataFrame:
    """Draws of each row's (or document's) topic shares from the fitted LDA model's posterior.

    Row d's shares θ_d have the posterior Dirichlet(n_dt + α_t): for the Gibbs sampler (``engine="tomotopy"``)
    given its final topic assignments (n_dt the row's words assigned to topic t), for variational Bayes
    (``engine="sklearn"``) the variational Dirichlet γ_d (whose sum is n_d + Σα). Both are recovered from the
    model as ``doc_topic`` × (n_d + Σα), n_d the row's words in the document-term matrix, and ``n_draws`` shares
    are drawn. This is the uncertainty that stm's ``estimateEffect`` carries into a regression (the method of
    composition; Roberts, Stewart & Tingley 2019): a short document's shares are uncertain, a long one's are not.
    It does not carry the uncertainty of the topics themselves (another seed may find other topics: see
    :func:`framings.topics.stability`). NMF has no posterior and is refused.

    ``by`` pools the rows of a model fitted on paragraphs into documents: for each draw, the length-weighted mean
    of the document's paragraphs (Σ L_p θ_p / Σ L_p, as :func:`framings.prevalence` weighs them).

    Parameters
    ----------
    model : TopicModel
        An LDA model from :func:`framings.fit_topics`.
    n_draws : int, default 100
        Draws per row.
    by : str, optional
        A column of the model's rows (``doc_id``): pool rows into it. None: the model's own rows.
    random_state : int, default 0
        Seeds the draws.

    Returns
    -------
    pandas.DataFrame
        ``<unit>, draw, topic, prevalence``: one row per unit, draw and topic (the unit column is ``by`` or the
        model's ``dtm.by``), ready for :func:`framings.estimate_effect` (``by="topic"``) and
        :func:`framings.stats.trends`.

    Raises
    ------
    CorpusError
        For a model that is not LDA, ``n_draws`` below 1 or a ``by`` that is not a column of the model's rows.

    Examples
    --------
    >>> from framings.simulate import lda_tokens
    >>> toks = lda_tokens(random_state=0, n_topics=3, vocab_size=60)
    >>> model = fr.fit_topics(fr.document_term_matrix(toks, by="para_id"), k=3, cache=False)
    >>> draws = fr.topics.topic_draws(model, n_draws=20, by="doc_id")
    >>> draws.columns.tolist(), draws["doc_id"].nunique(), int(draws["draw"].max())
    (['doc_id', 'draw', 'topic', 'prevalence'], 5, 19)
    >>> bool(np.allclose(draws.groupby(["doc_id", "draw"])["prevalence"].sum(), 1))
    True
    """
    if not isinstance(model, TopicModel):
        raise CorpusError("topic_draws(): expected a TopicModel from fr.fit_topics")
    if model.method != "lda":
        raise CorpusError(f"topic_draws(): a {model.method.upper()} model has no posterior to draw from; fit LDA "
                          "(method='lda'), or use a document-level bootstrap of its shares")
    if int(n_draws) < 1:
        raise CorpusError(f"topic_draws(): n_draws={n_draws!r} must be at least 1")
    rows = model.dtm.rows
    if by is not None and by not in rows.columns:
        raise CorpusError(f"topic_draws(): by={by!r} is not a column of the model's rows {list(rows.columns)}")
    lengths = np.asarray(model.dtm.matrix.sum(axis=1), dtype=np.float64).ravel()
    concentration = posterior_concentration(model)
    rng = np.random.default_rng(random_state)
    n_rows, k, n_draws = concentration.shape[0], model.k, int(n_draws)
    # Dirichlet draws as normalised Gamma draws, all rows and draws at once
    gamma = rng.standard_gamma(np.broadcast_to(concentration, (n_draws, n_rows, k)))
    theta = gamma / gamma.sum(axis=2, keepdims=True)  # draws × rows × k
    unit = model.dtm.by if by is None else by
    if by is None or by == model.dtm.by:
        labels = rows[model.dtm.by].astype(str).to_numpy(object)
        shares = theta
    else:
        codes, labels = pd.factorize(rows[by].astype(str), sort=False)
        labels = np.asarray(labels, dtype=object)
        document_words = np.bincount(codes, weights=lengths, minlength=len(labels))
        # a document without modelled words: the plain mean of its paragraphs
        row_weight = np.where(document_words[codes] > 0, lengths, 1.0)
        weights = np.zeros((len(labels), n_rows))
        weights[codes, np.arange(n_rows)] = row_weight
        weights /= weights.sum(axis=1, keepdims=True)
        shares = np.einsum("ur,drk->duk", weights, theta)
    n_units = shares.shape[1]
    return pd.DataFrame({
        unit: np.tile(np.repeat(labels, k), n_draws),
        "draw": np.repeat(np.arange(n_draws), n_units * k),
        "topic": np.tile(np.arange(k), n_draws * n_units),
        "prevalence": shares.reshape(-1),
    }, columns=[unit, *DRAW_COLUMNS])
