"""Topic coherence (NPMI in a sliding window, UMass), as gensim computes it."""

from __future__ import annotations

from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from ..errors import CorpusError
from ._model import (
    _ADD,
    _REMOVE,
    EPSILON,
    DocumentTermMatrix,
    TopicModel,
    _texts_and_units,
)

MEASURES = ("c_npmi", "u_mass")


#: Boolean sliding-window size of c_npmi, as in gensim's ``SLIDING_WINDOW_SIZES``.
NPMI_WINDOW = 10


def _window_presence(coded: np.ndarray, lengths: np.ndarray, n_terms: int, window: int) -> np.ndarray:
    """Boolean (virtual document × term) presence from boolean sliding windows.

    Reproduces gensim's ``WordOccurrenceAccumulator`` (``p_boolean_sliding_window``)
    exactly: each text of length ``L > window`` gives ``L − window + 1``
    windows, shorter (or empty) texts give one window holding the whole text;
    tokens outside the relevant terms stay in place as placeholders.  Within a
    text the window's term set is updated incrementally – the token that leaves
    is marked absent (even if another copy of it remains inside the window),
    then the token that enters is marked present – exactly as gensim does.
    """
    n_win = np.maximum(lengths - window + 1, 1)
    win_start = np.concatenate([[0], np.cumsum(n_win)[:-1]]).astype(np.int64)
    total = int(n_win.sum())
    events = np.zeros((total, n_terms), dtype=np.int8)
    events[win_start, :] = _REMOVE  # fresh window set at the start of every text
    if len(coded):
        text_of = np.repeat(np.arange(len(lengths)), lengths)
        tok_start = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
        q = np.arange(len(coded)) - tok_start[text_of]
        L = lengths[text_of]
        o = win_start[text_of]
        rel = coded >= 0
        long = L > window
        m = rel & long & (q <= L - window - 1)  # token at q leaves at window q + 1
        events[o[m] + q[m] + 1, coded[m]] = _REMOVE
        m = rel & (q < window)  # first window
        events[o[m], coded[m]] = _ADD
        m = rel & long & (q >= window)  # token at q enters at window q − window + 1
        events[o[m] + q[m] - window + 1, coded[m]] = _ADD
    last = np.where(events != 0, np.arange(total)[:, None], 0)
    np.maximum.accumulate(last, axis=0, out=last)
    return events[last, np.arange(n_terms)[None, :]] == _ADD


_PRESENCE_CELLS = 4_000_000  # windows × terms of the NPMI presence matrix held at once (about 50 MB with its helpers)


class _Cooccurrence:
    """Occurrence and co-occurrence counts of a set of terms over texts."""

    def __init__(self, texts: Sequence[Sequence[str]], terms: Sequence[str], measure: str, window: int):
        self.index = {t: i for i, t in enumerate(terms)}
        R = len(terms)
        lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
        get = self.index.get
        coded = np.fromiter((get(w, -1) for text in texts for w in text), dtype=np.int64, count=int(lengths.sum()))
        if measure == "u_mass":
            presence = np.zeros((len(texts), R), dtype=bool)
            doc = np.repeat(np.arange(len(texts)), lengths)
            m = coded >= 0
            presence[doc[m], coded[m]] = True
            pf = presence.astype(np.float64)
            self.num_docs = float(presence.shape[0])
            self.count = pf.sum(axis=0)
            self.co = pf.T @ pf
            return
        # the sliding windows of a text never reach into the next, so the (windows × terms) presence is built a
        # block of whole texts at a time and its counts added up: on 24,000 paragraphs (1.1 million windows) the
        # whole matrix and its helpers took 660 MB at once (notebook 04's select_k, 2,000 documents). The counts are
        # whole numbers, exact in float64 in any order, so the sums equal the one-matrix products
        from scipy import sparse  # heavy (scipy): imported on first use

        n_win = np.maximum(lengths - window + 1, 1)
        ends = np.cumsum(n_win)
        tok_ends = np.cumsum(lengths)
        budget = max(1, _PRESENCE_CELLS // max(R, 1))
        self.num_docs = float(ends[-1]) if len(ends) else 0.0
        self.count = np.zeros(R)
        self.co = np.zeros((R, R))
        first = 0
        while first < len(texts):
            # texts first..last-1: as many as keep the block's windows within the budget (at least one text)
            base = ends[first - 1] if first else 0
            last = max(first + 1, int(np.searchsorted(ends, base + budget, side="right")))
            tok_from = tok_ends[first - 1] if first else 0
            presence = sparse.csr_matrix(
                _window_presence(coded[tok_from:tok_ends[last - 1]], lengths[first:last], R, window), dtype=np.int64)
            # a window holds a few of the terms: the sparse product counts the pairs exactly, in a fraction of the
            # time of the dense (windows × terms) float product it replaces (the same whole numbers)
            self.count += np.asarray(presence.sum(axis=0), dtype=np.float64).ravel()
            self.co += (presence.T @ presence).toarray()
            first = last

    def topic_coherence(self, topic: Sequence[str], measure: str) -> float:
        ids = np.array([self.index[t] for t in topic], dtype=np.int64)
        N = self.num_docs
        n = len(ids)
        if measure == "u_mass":  # s_one_pre: (w_i, w_j), i > j
            i, j = np.tril_indices(n, k=-1)
            a, b = ids[i], ids[j]
            co, cb = self.co[a, b], self.count[b]
            with np.errstate(divide="ignore", invalid="ignore"):
                vals = np.log(((co / N) + EPSILON) / (cb / N))
            vals = np.where(cb == 0, 0.0, vals)  # gensim's ZeroDivisionError branch
        else:  # s_one_one: (w_i, w_j), i != j; NPMI
            i, j = np.nonzero(~np.eye(n, dtype=bool))
            a, b = ids[i], ids[j]
            co = self.co[a, b]
            with np.errstate(divide="ignore", invalid="ignore"):
                numerator = np.log(((co / N) + EPSILON) / ((self.count[a] / N) * (self.count[b] / N)))
                vals = numerator / (-np.log((co / N) + EPSILON))
        if len(vals) == 0:
            return float("nan")
        return float(np.mean(vals))


def _texts_from(texts, what: str = "coherence") -> list:
    if isinstance(texts, DocumentTermMatrix):
        if texts.texts is None:
            raise CorpusError(f"{what}: this DocumentTermMatrix carries no texts; pass the token frame instead.")
        return texts.texts
    if isinstance(texts, pd.DataFrame):
        by = "para_id" if "para_id" in texts.columns else "doc_id"
        return _texts_and_units(texts, by, what)[3]
    if isinstance(texts, (str, bytes)) or not isinstance(texts, Iterable):
        raise CorpusError(f"{what}: texts must be a list of token lists or a token frame.")
    out = []
    for t in texts:
        if isinstance(t, (str, bytes)):
            raise CorpusError(f"{what}: texts must be a list of token lists (got a string); split them into tokens first.")
        out.append([str(w) for w in t])
    return out


def _topics_as_terms(topics, top_n) -> list:
    if isinstance(topics, TopicModel):
        vocab = np.asarray(topics.dtm.vocabulary, dtype=object)
        n = topics.topic_term.shape[1] if top_n is None else min(int(top_n), topics.topic_term.shape[1])
        return [list(vocab[np.argsort(-row, kind="stable")[:n]]) for row in np.asarray(topics.topic_term)]
    if isinstance(topics, (str, bytes)) or not isinstance(topics, Iterable):
        raise CorpusError("coherence: topics must be a TopicModel or a list of term lists.")
    out = []
    for t in topics:
        if isinstance(t, (str, bytes)):
            raise CorpusError("coherence: topics must be a list of term lists (got a string); wrap each topic's terms in a list.")
        out.append([str(w) for w in t])
    if not out:
        raise CorpusError("coherence: no topics given; pass at least one list of terms.")
    return out


def _prepare_topics(term_lists: list, vocabulary: set, top_n) -> list:
    prepared = []
    for i, terms in enumerate(term_lists):
        kept = [w for w in terms if w in vocabulary]  # gensim drops out-of-dictionary terms
        if not kept:
            raise CorpusError(
                f"coherence: none of the terms of topic {i} ({', '.join(terms[:5])}) occurs in the texts; "
                "check that topics and texts use the same tokens."
            )
        prepared.append(kept if top_n is None else kept[: int(top_n)])
    return prepared


def _coherence_table(prepared: list, stats: _Cooccurrence, measure: str) -> pd.DataFrame:
    values = [stats.topic_coherence(t, measure) for t in prepared]
    out = pd.DataFrame(
        {
            "topic": np.arange(len(prepared)),
            "coherence": np.asarray(values, dtype=np.float64),
            "n_terms": [len(t) for t in prepared],
            "terms": [", ".join(t) for t in prepared],
        }
    )
    out.attrs["mean"] = float(np.mean(values))
    out.attrs["measure"] = measure
    return out


def coherence(
    topics: TopicModel | Sequence[Sequence[str]],
    texts: Sequence[Sequence[str]] | pd.DataFrame | DocumentTermMatrix,
    measure: str = "c_npmi",
    top_n: int | None = 10,
    window_size: int | None = None,
) -> pd.DataFrame:
    """Topic coherence per topic, with the mean in ``.attrs["mean"]``.

    Same definitions and defaults as gensim's ``CoherenceModel`` (Röder, Both &
    Hinneburg 2015), computed here with numpy:

    ``u_mass`` (Mimno et al. 2011)
        Boolean document co-occurrence over ``texts``; segmentation
        ``s_one_pre`` (pairs ``(w_i, w_j)``, ``i > j`` in topic order);
        ``log((D(w_i, w_j)/N + ε) / (D(w_j)/N))`` with ε = 1e-12;
        arithmetic mean.
    ``c_npmi`` (Bouma 2009; Aletras & Stevenson 2013)
        Boolean sliding windows of ``window_size`` (10) tokens over each text
        (a text shorter than the window is one window; out-of-topic tokens keep
        their place); segmentation ``s_one_one`` (all ordered pairs ``i ≠ j``);
        ``NPMI = log((P(w_i,w_j) + ε) / (P(w_i) P(w_j))) / −log(P(w_i,w_j) + ε)``
        with probabilities = window counts / number of windows; arithmetic mean.

    Parameters
    ----------
    topics : TopicModel or list of list of str
        For a model, its ``top_n`` terms by p(w | t).  For term lists, terms
        absent from ``texts`` are dropped (as gensim does with its
        dictionary), then each topic is cut to its first ``top_n`` terms.
    texts : list of list of str, token frame, or DocumentTermMatrix
        A token frame is split into paragraphs (``doc_id, para_id``) with
        tokens in order of ``position``.
    measure : {"c_npmi", "u_mass"}, default "c_npmi"
        The coherence measure (see above).
    top_n : int or None, default 10
        Terms per topic (None: all).
    window_size : int, optional
        Sliding-window size for ``c_npmi`` (default 10).

    Returns
    -------
    DataFrame
        ``topic, coherence, n_terms, terms``; ``.attrs["mean"]`` is the
        arithmetic mean over topics (NaN if a topic has a single term, as in gensim).
        Results equal gensim's single-process ``CoherenceModel(..., processes=1)``.

    Raises
    ------
    CorpusError
        For an unknown measure, ``window_size`` < 1, or ``top_n`` that is not a positive integer.

    Examples
    --------
    >>> texts = [["energy", "pipeline", "gas"], ["energy", "gas"], ["army", "border"], ["army", "border", "war"]]
    >>> table = fr.topics.coherence([["energy", "gas"], ["army", "war"]], texts, measure="u_mass")
    >>> table[["topic", "coherence", "n_terms"]].round(3)
       topic  coherence  n_terms
    0      0      0.000        2
    1      1     -0.693        2
    """
    measure = str(measure).lower()
    if measure not in MEASURES:
        raise CorpusError(f"coherence: unknown measure {measure!r}; use one of {', '.join(MEASURES)}.")
    window = NPMI_WINDOW if window_size is None else int(window_size)
    if window < 1:
        raise CorpusError(f"coherence: window_size={window_size} must be >= 1.")
    if top_n is not None and (isinstance(top_n, bool) or int(top_n) < 1):
        raise CorpusError(f"coherence: top_n={top_n!r} must be a positive integer or None.")
    term_lists = _topics_as_terms(topics, top_n)
    text_list = _texts_from(texts)
    vocabulary = {w for t in text_list for w in t}
    prepared = _prepare_topics(term_lists, vocabulary, top_n)
    relevant = sorted({w for t in prepared for w in t})
    stats = _Cooccurrence(text_list, relevant, measure, window)
    return _coherence_table(prepared, stats, measure)
