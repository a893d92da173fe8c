"""Stability of topics across seeds: matched top terms, an unmatched null, topic similarity."""

from __future__ import annotations

from dataclasses import replace
from typing import Sequence

import numpy as np
import pandas as pd

from ..errors import CorpusError
from ._model import DocumentTermMatrix, TopicModel


# --------------------------------------------------------------------------- #
# stability
# --------------------------------------------------------------------------- #
def _unit_rows(a: np.ndarray) -> np.ndarray:
    norm = np.linalg.norm(a, axis=1, keepdims=True)
    return np.divide(a, norm, out=np.zeros_like(a), where=norm > 0)


def _match(ref: np.ndarray, other: np.ndarray):
    """Hungarian matching (Kuhn 1955) maximising cosine similarity of topic rows."""
    from scipy.optimize import (
        linear_sum_assignment,  # heavy (scipy): imported on first use
    )

    sim = _unit_rows(ref) @ _unit_rows(other).T
    r, c = linear_sum_assignment(sim, maximize=True)
    return r, c, sim[r, c]


def _aligned_topic_terms(models: Sequence[TopicModel]) -> list:
    vocabs = [np.asarray(m.dtm.vocabulary, dtype=object) for m in models]
    if all(len(v) == len(vocabs[0]) and np.array_equal(v, vocabs[0]) for v in vocabs):
        return [np.asarray(m.topic_term, dtype=np.float64) for m in models]
    union = np.unique(np.concatenate(vocabs).astype(str))
    out = []
    for m, v in zip(models, vocabs):
        a = np.zeros((m.topic_term.shape[0], len(union)))
        a[:, np.searchsorted(union, v.astype(str))] = m.topic_term
        out.append(a)
    return out


def stability(models: Sequence[TopicModel]) -> pd.DataFrame:
    """Match every model's topics to those of ``models[0]`` and report similarity.

    Topics are paired one-to-one by the Hungarian algorithm
    (``scipy.optimize.linear_sum_assignment``) maximising the total cosine
    similarity of their ``topic_term`` rows (as in Greene, O'Callaghan &
    Cunningham 2014); vocabularies that differ are aligned on their union.

    Parameters
    ----------
    models : sequence of TopicModel
        At least two fits, ``models[0]`` the reference.

    Returns
    -------
    pandas.DataFrame
        ``model, topic, matched_topic, similarity``: one line per (compared
        model ``i >= 1``, reference topic).  A reference topic left without a
        partner (the other model has fewer topics) has ``matched_topic`` <NA>
        and similarity 0.  ``.attrs["mean"]`` is the mean similarity over all
        lines; ``.attrs["per_model"]`` the mean per compared model.

    Raises
    ------
    CorpusError
        For fewer than two models, or an object that is not a :class:`TopicModel`.

    Examples
    --------
    >>> from framings.simulate import lda_tokens
    >>> toks = lda_tokens(random_state=0, n_topics=3, vocab_size=60).query("doc_id in ['doc-c', 'doc-e']")
    >>> dtm = fr.document_term_matrix(toks)
    >>> model = fr.fit_topics(dtm, k=3, method="nmf", cache=False)
    >>> other = fr.fit_topics(dtm, k=3, method="nmf", random_state=1, cache=False)
    >>> table = fr.stability([model, other])
    >>> len(table), 0 <= table.attrs["mean"] <= 1
    (3, True)
    """
    models = list(models)
    if len(models) < 2 or not all(isinstance(m, TopicModel) for m in models):
        raise CorpusError("stability: pass a list of at least two TopicModel objects (e.g. the same k fitted with different seeds).")
    mats = _aligned_topic_terms(models)
    ref = mats[0]
    frames = []
    for i in range(1, len(models)):
        r, c, s = _match(ref, mats[i])
        matched = pd.array([pd.NA] * ref.shape[0], dtype="Int64")
        sim = np.zeros(ref.shape[0])
        matched[r] = c
        sim[r] = s
        frames.append(
            pd.DataFrame({"model": i, "topic": np.arange(ref.shape[0]), "matched_topic": matched, "similarity": sim})
        )
    out = pd.concat(frames, ignore_index=True)
    out.attrs["mean"] = float(out["similarity"].mean())
    out.attrs["per_model"] = out.groupby("model")["similarity"].mean().to_dict()
    return out


def _unmatched(ref: np.ndarray, other: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(topic, other topic, cosine) of every pair the Hungarian matching leaves unpaired."""
    sim = _unit_rows(ref) @ _unit_rows(other).T
    r, c, _ = _match(ref, other)
    paired = np.zeros(sim.shape, dtype=bool)
    paired[r, c] = True
    rows, cols = np.nonzero(~paired)
    return rows, cols, sim[rows, cols]


def stability_null(models: Sequence[TopicModel]) -> pd.DataFrame:
    """The baseline of :func:`stability`: cosine similarity of topic pairs the matching leaves UNPAIRED.

    :func:`stability` pairs every topic of ``models[0]`` with one topic of each
    other model (Hungarian matching of ``topic_term`` rows by cosine similarity);
    the remaining k(k − 1) pairs per compared model are topics that are *not*
    the same topic. How similar those already are says how much of a matched
    similarity merely reflects the shared vocabulary (frequent words are probable
    in every topic): a matched similarity is only evidence of a stable topic when
    it stands clearly above this null.

    Parameters
    ----------
    models : sequence of TopicModel
        At least two models of the same k (e.g. seeds), as for :func:`stability`.

    Returns
    -------
    pandas.DataFrame
        ``model, topic, other_topic, similarity``: one line per unmatched pair of a
        reference topic and a topic of compared model ``i >= 1``. ``.attrs`` holds
        ``mean``, ``max`` and ``q95`` (95th percentile) of ``similarity``.

    Raises
    ------
    CorpusError
        For fewer than two models or models that are not :class:`TopicModel`.

    Examples
    --------
    >>> import framings as fr
    >>> from framings.simulate import lda_tokens
    >>> dtm = fr.document_term_matrix(lda_tokens(random_state=0, n_topics=3, vocab_size=60), min_df=1, max_df=1.0)
    >>> runs = [fr.fit_topics(dtm, k=3, method="nmf", random_state=seed, cache=False) for seed in (0, 1)]
    >>> null = fr.topics.stability_null(runs)
    >>> len(null), bool(null.attrs["max"] <= 1)
    (6, True)
    """
    models = list(models)
    if len(models) < 2 or not all(isinstance(m, TopicModel) for m in models):
        raise CorpusError("stability_null: pass a list of at least two TopicModel objects (e.g. the same k "
                          "fitted with different seeds).")
    mats = _aligned_topic_terms(models)
    frames = []
    for i in range(1, len(models)):
        rows, cols, sim = _unmatched(mats[0], mats[i])
        frames.append(pd.DataFrame({"model": i, "topic": rows, "other_topic": cols, "similarity": sim}))
    out = pd.concat(frames, ignore_index=True)
    values = out["similarity"].to_numpy(float)
    out.attrs.update({"mean": float(values.mean()) if values.size else float("nan"),
                      "max": float(values.max()) if values.size else float("nan"),
                      "q95": float(np.quantile(values, 0.95)) if values.size else float("nan")})
    return out


# --------------------------------------------------------------------------- #
# comparing two models, reading a topic's paragraphs
# --------------------------------------------------------------------------- #
def topic_similarity(model_a: TopicModel, model_b: TopicModel) -> pd.DataFrame:
    """Cosine similarity of every topic of ``model_a`` with every topic of ``model_b``, and their matching.

    Similarity is the cosine of the two ``topic_term`` rows (p(w | t)),
    vocabularies aligned on their union (a term missing from one model has
    probability 0 there), so an LDA and an NMF model, or two values of k, can be
    compared.  Topics are paired one-to-one by the Hungarian algorithm (Kuhn
    1955; ``scipy.optimize.linear_sum_assignment``) maximising the total
    similarity, as in :func:`stability` (Greene, O'Callaghan & Cunningham 2014).

    Parameters
    ----------
    model_a, model_b : TopicModel
        Two fits (:func:`fit_topics`), of any method and k.

    Returns
    -------
    pandas.DataFrame
        ``topic_a, topic_b, similarity, matched``: one line per pair of topics
        (``k_a × k_b`` lines, ordered by ``topic_a`` then ``topic_b``);
        ``matched`` is True for the pairs of the matching (``min(k_a, k_b)``
        of them).  ``.attrs["mean_matched"]`` is the mean similarity of the
        matched pairs.

    Raises
    ------
    CorpusError
        When either argument is not a :class:`TopicModel`.

    Examples
    --------
    >>> from framings.simulate import lda_tokens
    >>> toks = lda_tokens(random_state=0, n_topics=3, vocab_size=60).query("doc_id in ['doc-c', 'doc-e']")
    >>> dtm = fr.document_term_matrix(toks)
    >>> model = fr.fit_topics(dtm, k=3, method="nmf", cache=False)
    >>> table = fr.topics.topic_similarity(model, fr.fit_topics(dtm, k=2, method="nmf", cache=False))
    >>> len(table), int(table["matched"].sum())
    (6, 2)
    """
    if not isinstance(model_a, TopicModel) or not isinstance(model_b, TopicModel):
        raise CorpusError("topic_similarity: pass two TopicModel objects (e.g. an LDA and an NMF fit of the same k).")
    a, b = _aligned_topic_terms([model_a, model_b])
    sim = _unit_rows(a) @ _unit_rows(b).T
    r, c, s = _match(a, b)
    matched = np.zeros(sim.shape, dtype=bool)
    matched[r, c] = True
    ka, kb = sim.shape
    out = pd.DataFrame(
        {
            "topic_a": np.repeat(np.arange(ka), kb),
            "topic_b": np.tile(np.arange(kb), ka),
            "similarity": sim.ravel(),
            "matched": matched.ravel(),
        }
    )
    out.attrs["mean_matched"] = float(np.mean(s))
    return out


# --------------------------------------------------------------------------- #
# a null corpus for stability: the same words and paragraph lengths, no co-occurrence
# --------------------------------------------------------------------------- #
def shuffle_tokens(dtm: DocumentTermMatrix, random_state: int | np.random.Generator | None = 0) -> DocumentTermMatrix:
    """The same counted tokens dealt out again at random: a corpus with no topics, the null of stability.

    Every token of ``dtm`` (each term repeated by its count) is pooled, the pool is shuffled, and each row gets
    back as many tokens as it had. Every term keeps its corpus frequency and every row its length, but which
    words share a row is chance, so there are no topics to find. A topic model fitted to it with several seeds
    still returns topics, and its matched stability across seeds says how stable topics look *when there is
    nothing to be stable*: frequent words dominate every run's topics alike. The gap between matched and unmatched
    stability on this corpus is the baseline of the same gap on the real one.

    Parameters
    ----------
    dtm : DocumentTermMatrix
        From :func:`document_term_matrix`.
    random_state : int, numpy.random.Generator or None, default 0
        Seed of the shuffle.

    Returns
    -------
    DocumentTermMatrix
        Same shape, vocabulary, row table, row sums and column sums; ``texts`` are the shuffled tokens of each row
        (so coherence can be computed on it too).

    Raises
    ------
    CorpusError
        When ``dtm`` is not a :class:`DocumentTermMatrix`.

    Examples
    --------
    >>> from framings.simulate import lda_tokens
    >>> dtm = fr.document_term_matrix(lda_tokens(random_state=0, n_topics=3, vocab_size=60), min_df=1, max_df=1.0)
    >>> null = fr.topics.shuffle_tokens(dtm, random_state=1)
    >>> bool((null.matrix.sum(axis=0) == dtm.matrix.sum(axis=0)).all()), bool((null.matrix.sum(axis=1) == dtm.matrix.sum(axis=1)).all())
    (True, True)
    """
    from scipy import sparse  # heavy (scipy): imported on first use

    if not isinstance(dtm, DocumentTermMatrix):
        raise CorpusError("shuffle_tokens: pass a DocumentTermMatrix (fr.document_term_matrix(toks)).")
    rng = random_state if isinstance(random_state, np.random.Generator) else np.random.default_rng(random_state)
    counts = sparse.csr_matrix(dtm.matrix)
    row_lengths = np.asarray(counts.sum(axis=1)).ravel().astype(np.int64)
    coo = counts.tocoo()
    pool = np.repeat(coo.col, coo.data.astype(np.int64))
    pool = pool[rng.permutation(pool.size)]
    rows = np.repeat(np.arange(counts.shape[0]), row_lengths)
    shuffled = sparse.csr_matrix((np.ones(pool.size, dtype=counts.dtype), (rows, pool)), shape=counts.shape)
    shuffled.sum_duplicates()
    bounds = np.concatenate([[0], np.cumsum(row_lengths)])
    vocabulary = np.asarray(dtm.vocabulary, dtype=object)
    texts = [[str(t) for t in vocabulary[pool[bounds[i]:bounds[i + 1]]]] for i in range(len(row_lengths))]
    return replace(dtm, matrix=shuffled, texts=texts)


def stability_gap(models: Sequence[TopicModel]) -> pd.DataFrame:
    """Per topic of ``models[0]``: mean matched similarity, mean unmatched similarity and their gap, over the runs.

    For each compared run the topic's matched similarity (:func:`stability`) and the mean similarity of the
    topic to the run's topics it was *not* matched with (:func:`stability_null`) are taken; ``gap`` is their
    difference averaged over the runs. A gap is evidence of a stable topic only beside the gaps of a corpus with
    no topics (:func:`shuffle_tokens`): frequent words make matched topics alike there too.

    Parameters
    ----------
    models : sequence of TopicModel
        At least two fits of the same k, ``models[0]`` the reference.

    Returns
    -------
    pandas.DataFrame
        ``topic, matched, unmatched, gap``; ``.attrs`` holds the means over topics of the three columns
        (``matched``, ``unmatched``, ``gap``).

    Examples
    --------
    >>> from framings.simulate import lda_tokens
    >>> dtm = fr.document_term_matrix(lda_tokens(random_state=0, n_topics=3, vocab_size=60), min_df=1, max_df=1.0)
    >>> runs = [fr.fit_topics(dtm, k=3, method="nmf", random_state=seed, cache=False) for seed in (0, 1, 2)]
    >>> table = fr.topics.stability_gap(runs)
    >>> list(table.columns), bool((table["gap"] == table["matched"] - table["unmatched"]).all())
    (['topic', 'matched', 'unmatched', 'gap'], True)
    """
    matched = stability(models).groupby("topic")["similarity"].mean()
    unmatched = (stability_null(models).groupby(["model", "topic"])["similarity"].mean()
                 .groupby("topic").mean().reindex(matched.index))
    out = pd.DataFrame({"topic": matched.index.to_numpy(), "matched": matched.to_numpy(),
                        "unmatched": unmatched.to_numpy()})
    out["gap"] = out["matched"] - out["unmatched"]
    out.attrs.update({column: float(out[column].mean()) for column in ("matched", "unmatched", "gap")})
    return out
