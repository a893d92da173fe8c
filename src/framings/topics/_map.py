"""Where topics lie relative to each other: the intertopic distance map of LDAvis.

Sievert & Shirley (2014) draw every topic as a circle: its position comes from
the Jensen–Shannon divergences between the topics' word distributions p(w | t),
projected to two dimensions by classical multidimensional scaling (principal
coordinate analysis, Torgerson 1952; Gower 1966), its area from the topic's
prevalence.  This module follows pyLDAvis's ``js_PCoA`` (``_jensen_shannon``
then ``_pcoa``) step by step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from .topics import TopicModel

from ..errors import CorpusError
from ._model import TopicModel
from ._prevalence import prevalence


def _topic_term(model: TopicModel) -> np.ndarray:
    if not isinstance(model, TopicModel):
        raise CorpusError("topic_map: pass a TopicModel (from framings.fit_topics).")
    beta = np.asarray(model.topic_term, dtype=np.float64)
    return beta / beta.sum(axis=1, keepdims=True)


def topic_distances(model: TopicModel) -> pd.DataFrame:
    """Jensen–Shannon divergence between the word distributions of every pair of topics.

    JSD(P, Q) = ½ KL(P ‖ M) + ½ KL(Q ‖ M) with M = ½ (P + Q) and natural
    logarithms (Lin 1991), the quantity pyLDAvis passes to its scaling step as
    the "distance" (``scipy.spatial.distance.jensenshannon`` returns its square
    root).  It lies in [0, ln 2].

    Parameters
    ----------
    model : TopicModel
        A fitted model (:func:`framings.fit_topics`).

    Returns
    -------
    DataFrame
        ``k × k``, index and columns the topic numbers, zero on the diagonal.

    Raises
    ------
    CorpusError
        When ``model`` is not a :class:`~framings.topics.TopicModel`.

    Examples
    --------
    >>> from framings.simulate import lda_tokens
    >>> toks = lda_tokens(random_state=0, n_topics=3, vocab_size=60).query("doc_id in ['doc-c', 'doc-e']")
    >>> model = fr.fit_topics(fr.document_term_matrix(toks), k=3, method="nmf", cache=False)
    >>> distances = fr.topics.topic_distances(model)
    >>> distances.shape, bool((np.diag(distances) == 0).all()), bool(np.allclose(distances, distances.T))
    ((3, 3), True, True)
    """
    from scipy.special import rel_entr  # heavy (scipy): imported on first use

    beta = _topic_term(model)
    k = beta.shape[0]
    out = np.zeros((k, k))
    for i in range(k):
        for j in range(i + 1, k):
            m = 0.5 * (beta[i] + beta[j])
            out[i, j] = out[j, i] = 0.5 * rel_entr(beta[i], m).sum() + 0.5 * rel_entr(beta[j], m).sum()
    topics = pd.Index(range(k), name="topic")
    return pd.DataFrame(out, index=topics, columns=topics)


def _pcoa(dist: np.ndarray, n_components: int = 2) -> np.ndarray:
    """Classical MDS (pyLDAvis ``_pcoa``): double-centre -D²/2, keep the top eigenpairs."""
    n = dist.shape[0]
    centre = np.eye(n) - np.ones((n, n)) / n
    b = -centre @ (dist**2) @ centre / 2.0
    values, vectors = np.linalg.eigh((b + b.T) / 2.0)
    order = np.argsort(values)[::-1][:n_components]
    values, vectors = values[order], vectors[:, order]
    values[np.isclose(values, 0.0)] = 0.0
    values = np.clip(values, 0.0, None)  # pyLDAvis also drops negative eigenvalues (non-Euclidean part)
    # eigenvectors have no sign: make the largest coordinate of each axis positive (deterministic picture)
    flip = np.sign(vectors[np.argmax(np.abs(vectors), axis=0), np.arange(vectors.shape[1])])
    vectors = vectors * np.where(flip == 0, 1.0, flip)
    coords = np.sqrt(values) * vectors
    if coords.shape[1] < n_components:  # fewer topics than dimensions
        coords = np.hstack([coords, np.zeros((n, n_components - coords.shape[1]))])
    return coords


def topic_map(model: TopicModel) -> pd.DataFrame:
    """Intertopic distance map: two coordinates and the prevalence of every topic (as LDAvis).

    Coordinates are the classical multidimensional scaling (principal coordinate
    analysis) of the Jensen–Shannon divergences of :func:`topic_distances`, as
    pyLDAvis's default ``mds="pcoa"``: B = -½ H D² H with H the centring
    matrix, coordinates = eigenvectors × √eigenvalues of the two largest
    eigenvalues (negative ones set to 0).  Each axis's sign is fixed so that its
    largest coordinate is positive.  ``prevalence`` is the topic's mean share of
    the rows (:func:`framings.prevalence` with ``by=None``), the circle area.

    Parameters
    ----------
    model : TopicModel
        A fitted model (:func:`framings.fit_topics`).

    Returns
    -------
    DataFrame
        ``topic, x, y, prevalence``; ``.attrs["distances"]`` holds the matrix of
        :func:`topic_distances`.

    Raises
    ------
    CorpusError
        When ``model`` is not a :class:`~framings.topics.TopicModel`.

    Examples
    --------
    >>> from framings.simulate import lda_tokens
    >>> toks = lda_tokens(random_state=0, n_topics=3, vocab_size=60).query("doc_id in ['doc-c', 'doc-e']")
    >>> model = fr.fit_topics(fr.document_term_matrix(toks), k=3, method="nmf", cache=False)
    >>> topic_map = fr.topics.topic_map(model)
    >>> len(topic_map)
    3
    """

    dist = topic_distances(model)
    coords = _pcoa(dist.to_numpy())
    share = prevalence(model, by=None, n_boot=1).sort_values("topic")["mean_share"].to_numpy()
    out = pd.DataFrame({"topic": np.arange(len(dist)), "x": coords[:, 0], "y": coords[:, 1], "prevalence": share})
    out.attrs["distances"] = dist
    return out
