"""What a topic is: top terms (probability, FREX, relevance), document-topic shares, typical paragraphs."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import CorpusError
from ._model import TopicModel

RANKINGS = ("probability", "frex", "relevance")


# --------------------------------------------------------------------------- #
# labels and shares
# --------------------------------------------------------------------------- #
def _frex(topic_term: np.ndarray, w: float) -> np.ndarray:
    from scipy.stats import rankdata  # heavy (scipy): imported on first use

    beta = np.asarray(topic_term, dtype=np.float64)
    V = beta.shape[1]
    total = beta.sum(axis=0, keepdims=True)
    excl = np.divide(beta, total, out=np.zeros_like(beta), where=total > 0)
    freq_ecdf = rankdata(beta, method="average", axis=1) / V
    excl_ecdf = rankdata(excl, method="average", axis=1) / V
    return 1.0 / (w / excl_ecdf + (1.0 - w) / freq_ecdf)


def _relevance(topic_term: np.ndarray, term_prob: np.ndarray, lam: float) -> np.ndarray:
    beta = np.asarray(topic_term, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_beta = np.log(beta)
        lift = log_beta - np.log(term_prob)[None, :]
        if lam == 1.0:
            return log_beta
        if lam == 0.0:
            return lift
        return lam * log_beta + (1.0 - lam) * lift


def top_terms(
    model: TopicModel,
    n: int = 10,
    rank: str = "probability",
    lam: float = 0.6,
    frex_w: float = 0.7,
) -> pd.DataFrame:
    """Top ``n`` terms of every topic, tidy: ``topic, rank, term, weight``.

    ``rank="probability"``
        weight = p(w | t).
    ``rank="frex"``
        FREX (Bischof & Airoldi 2012; Roberts, Stewart & Airoldi 2016, stm):
        the weighted harmonic mean of the within-topic ECDF ranks of
        exclusivity ``p(w|t) / Σ_t' p(w|t')`` and of frequency ``p(w|t)``,
        ``FREX = (w / ECDF(excl) + (1 − w) / ECDF(freq))⁻¹`` with ``w = frex_w``
        (0.7) the weight on exclusivity, as in stm's ``exclusivity()``; ties
        get average ranks (R's ``rank``).  No James-Stein shrinkage of
        exclusivity is applied (stm's ``calcfrex`` does so only when given word
        counts, and there ``w`` weighs frequency).
    ``rank="relevance"``
        Relevance (Sievert & Shirley 2014, LDAvis):
        ``λ log p(w|t) + (1 − λ) log(p(w|t) / p(w))`` with ``λ = lam`` and p(w)
        the term's share of all tokens in the document-term matrix.

    Ties in the weight are broken by p(w | t), then alphabetically.

    Parameters
    ----------
    model : TopicModel
        From :func:`fit_topics`.
    n : int, default 10
        Terms per topic.
    rank : {"probability", "frex", "relevance"}, default "probability"
        The ranking (see above).
    lam : float, default 0.6
        λ of the relevance ranking, in [0, 1].
    frex_w : float, default 0.7
        Weight on exclusivity of the FREX ranking, in [0, 1].

    Returns
    -------
    pandas.DataFrame
        ``topic, rank, term, weight``, ``n`` lines per topic.

    Raises
    ------
    CorpusError
        For an unknown ranking, ``n`` < 1, or ``lam``/``frex_w`` outside [0, 1].

    Examples
    --------
    >>> from framings.simulate import lda_tokens
    >>> toks = lda_tokens(random_state=0, n_topics=3, vocab_size=60).query("doc_id in ['doc-c', 'doc-e']")
    >>> dtm = fr.document_term_matrix(toks)
    >>> model = fr.fit_topics(dtm, k=3, method="nmf", cache=False)
    >>> terms = fr.top_terms(model, n=2, rank="frex")
    >>> terms.columns.tolist(), terms.groupby("topic").size().tolist()
    (['topic', 'rank', 'term', 'weight'], [2, 2, 2])
    """
    rank = str(rank).lower()
    if rank not in RANKINGS:
        raise CorpusError(f"top_terms: unknown rank {rank!r}; use one of {', '.join(RANKINGS)}.")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise CorpusError(f"top_terms: n={n!r} must be a positive integer.")
    beta = np.asarray(model.topic_term, dtype=np.float64)
    vocab = np.asarray(model.dtm.vocabulary, dtype=object)
    if rank == "probability":
        weight = beta
    elif rank == "frex":
        if not 0.0 <= frex_w <= 1.0:
            raise CorpusError(f"top_terms: frex_w={frex_w} must lie in [0, 1].")
        weight = _frex(beta, frex_w)
    else:
        if not 0.0 <= lam <= 1.0:
            raise CorpusError(f"top_terms: lam={lam} must lie in [0, 1].")
        tf = model.dtm.term_frequency.astype(np.float64)
        weight = _relevance(beta, tf / tf.sum(), lam)
    n = min(int(n), beta.shape[1])
    frames = []
    idx_v = np.arange(beta.shape[1])
    for t in range(beta.shape[0]):
        w = np.nan_to_num(weight[t], nan=-np.inf)
        order = np.lexsort((idx_v, -beta[t], -w))[:n]
        frames.append(
            pd.DataFrame(
                {
                    "topic": t,
                    "rank": np.arange(1, n + 1),
                    "term": vocab[order],
                    "weight": weight[t, order],
                }
            )
        )
    out = pd.concat(frames, ignore_index=True)
    out["term"] = out["term"].astype(object)
    return out


def doc_topics(model: TopicModel) -> pd.DataFrame:
    """Topic shares p(t | d) per row, tidy: ``para_id, doc_id, framing, topic, share``.

    One line per (row, topic); shares of a row sum to 1.

    Parameters
    ----------
    model : TopicModel
        From :func:`fit_topics`.

    Returns
    -------
    pandas.DataFrame
        The row keys of ``model.dtm.rows`` (``para_id, doc_id, framing``), ``topic`` and ``share``.

    Examples
    --------
    >>> from framings.simulate import lda_tokens
    >>> toks = lda_tokens(random_state=0, n_topics=3, vocab_size=60).query("doc_id in ['doc-c', 'doc-e']")
    >>> dtm = fr.document_term_matrix(toks)
    >>> model = fr.fit_topics(dtm, k=3, method="nmf", cache=False)
    >>> shares = fr.doc_topics(model)
    >>> shares.columns.tolist()
    ['para_id', 'doc_id', 'framing', 'topic', 'share']
    >>> bool(shares.groupby("para_id", observed=True)["share"].sum().round(6).eq(1).all())
    True
    """
    theta = np.asarray(model.doc_topic)
    n, k = theta.shape
    rows = model.dtm.rows.loc[np.repeat(np.arange(n), k)].reset_index(drop=True)
    rows["topic"] = np.tile(np.arange(k), n)
    rows["share"] = theta.ravel()
    return rows


def typical_paragraphs(
    model: TopicModel,
    n: int = 3,
    min_terms: int = 1,
    paras: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The ``n`` rows (paragraphs) with the highest share p(t | d) of each topic.

    Rows with fewer than ``min_terms`` counted terms (tokens left in the
    document-term matrix) are skipped: a very short paragraph reaches an extreme
    share from a handful of words, so it says little about the topic.  Ties are
    broken by row order.  With ``paras`` (the frame of
    :func:`framings.paragraphs`) the paragraph ``text`` is joined on the model's
    row keys (``doc_id, para_id``).

    Parameters
    ----------
    model : TopicModel
        From :func:`fit_topics`.
    n : int, default 3
        Rows per topic.
    min_terms : int, default 1
        Skip rows with fewer counted terms.
    paras : pandas.DataFrame or None, default None
        Paragraphs (:func:`framings.paragraphs`) whose ``text`` is joined.

    Returns
    -------
    pandas.DataFrame
        ``topic, rank`` (1 = most typical), the row keys of ``model.dtm.rows``,
        ``share``, ``n_terms`` and, with ``paras``, ``text``.  A topic has fewer
        than ``n`` lines when fewer rows are long enough.

    Raises
    ------
    CorpusError
        For a ``model`` that is not a :class:`TopicModel`, ``n`` < 1, ``min_terms`` < 0,
        or ``paras`` without the model's row keys.

    Examples
    --------
    >>> from framings.simulate import lda_tokens
    >>> toks = lda_tokens(random_state=0, n_topics=3, vocab_size=60).query("doc_id in ['doc-c', 'doc-e']")
    >>> dtm = fr.document_term_matrix(toks)
    >>> model = fr.fit_topics(dtm, k=3, method="nmf", cache=False)
    >>> typical = fr.topics.typical_paragraphs(model, n=2, min_terms=20)
    >>> typical.groupby("topic").size().tolist(), bool((typical["n_terms"] >= 20).all())
    ([2, 2, 2], True)
    """
    if not isinstance(model, TopicModel):
        raise CorpusError("typical_paragraphs: pass a TopicModel (from framings.fit_topics).")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise CorpusError(f"typical_paragraphs: n={n!r} must be a positive integer.")
    if isinstance(min_terms, bool) or not isinstance(min_terms, (int, np.integer)) or min_terms < 0:
        raise CorpusError(f"typical_paragraphs: min_terms={min_terms!r} must be a whole number >= 0.")
    theta = np.asarray(model.doc_topic, dtype=np.float64)
    n_terms = np.asarray(model.dtm.matrix.sum(axis=1)).ravel().astype(np.int64)
    eligible = np.flatnonzero(n_terms >= min_terms)
    rows = model.dtm.rows
    frames = []
    for t in range(theta.shape[1]):
        order = eligible[np.argsort(-theta[eligible, t], kind="stable")][: int(n)]
        part = rows.iloc[order].reset_index(drop=True)
        part.insert(0, "rank", np.arange(1, len(order) + 1))
        part.insert(0, "topic", t)
        part["share"] = theta[order, t]
        part["n_terms"] = n_terms[order]
        frames.append(part)
    out = pd.concat(frames, ignore_index=True)
    if paras is not None:
        keys = [c for c in ("doc_id", "para_id") if c in out.columns]
        if "text" not in paras.columns or not all(c in paras.columns for c in keys):
            raise CorpusError(
                f"typical_paragraphs: paras needs the columns {', '.join(keys + ['text'])}; "
                "pass framings.paragraphs(corpus)."
            )
        text = paras[keys + ["text"]].drop_duplicates(keys)
        out = out.merge(text, on=keys, how="left", validate="many_to_one")
    return out
