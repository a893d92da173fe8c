"""Topic models over paragraphs: document-term matrix, LDA/NMF fits, labels, diagnostics.

Everything here is table-in / table-out: functions take the tidy token frame of
:func:`framings.tokens` (columns ``doc_id, para_id, framing, position, token``)
or objects built from it, and return small dataclasses or tidy
:class:`pandas.DataFrame` objects.  Nothing is printed or plotted.

Models
    Latent Dirichlet allocation (Blei, Ng & Jordan 2003) fitted by batch
    variational Bayes (Hoffman, Blei & Bach 2010) with scikit-learn's
    ``LatentDirichletAllocation(learning_method="batch")``, and non-negative
    matrix factorisation (Lee & Seung 2001) with the generalised
    Kullback-Leibler loss on raw counts (scikit-learn ``NMF(beta_loss=
    "kullback-leibler", solver="mu")``), which is equivalent to PLSA
    (Gaussier & Goutte 2005; Ding, Li & Peng 2008), so that ``H`` rows
    normalised to 1 are p(w | t) and ``W diag(rowsum H)`` rows normalised to 1
    are p(t | d).

Caching
    Fits are memoised on disk with :class:`joblib.Memory`, keyed by the count
    matrix, ``k``, method, seed and estimator parameters.  The cache folder is,
    in order of precedence, the ``cache_dir`` argument, the ``FRAMINGS_CACHE``
    environment variable, ``<repo>/.cache/framings`` (when the package runs from
    a writable source checkout) or ``~/.cache/framings``.

Topics are numbered from 0 (the row of ``topic_term``); ranks from 1.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np
import pandas as pd

from .errors import CorpusError, CorpusWarning

__all__ = [
    "DocumentTermMatrix",
    "TopicModel",
    "document_term_matrix",
    "fit_topics",
    "top_terms",
    "doc_topics",
    "coherence",
    "select_k",
    "stability",
    "stability_null",
    "prevalence",
]

METHODS = ("lda", "nmf")
RANKINGS = ("probability", "frex", "relevance")
MEASURES = ("c_npmi", "u_mass")

#: ε of the confirmation measures, as in gensim (Röder, Both & Hinneburg 2015).
EPSILON = 1e-12
#: Boolean sliding-window size of c_npmi, as in gensim's ``SLIDING_WINDOW_SIZES``.
NPMI_WINDOW = 10

_LDA_DEFAULTS = {"learning_method": "batch", "max_iter": 20}
_NMF_DEFAULTS = {
    "beta_loss": "kullback-leibler",
    "solver": "mu",
    "init": "random",
    "max_iter": 1000,
    "tol": 1e-4,
}
_RESERVED_PARAMS = {"n_components", "random_state"}
_ID_COLUMNS = ("para_id", "doc_id", "framing")


# --------------------------------------------------------------------------- #
# data classes
# --------------------------------------------------------------------------- #
@dataclass(repr=False)
class DocumentTermMatrix:
    """Counts of terms (columns) in units of text (rows).

    Attributes
    ----------
    matrix : scipy.sparse.csr_matrix
        ``n_rows × n_terms`` integer counts.
    vocabulary : numpy.ndarray
        The terms, in column order (sorted alphabetically).
    rows : pandas.DataFrame
        One line per row of ``matrix``, in row order: the unit column (``by``)
        and those of ``para_id, doc_id, framing`` that are constant within a unit.
    by : str
        The column of the token frame that defines a unit.
    texts : list of list of str or None
        The full token sequence of each row (before ``min_df``/``max_df``
        filtering, in order of ``position``); used for sliding-window coherence.
    min_df, max_df : int or float
        The document-frequency limits that were applied.
    """

    matrix: Any
    vocabulary: np.ndarray
    rows: pd.DataFrame
    by: str = "para_id"
    texts: list | None = None
    min_df: int | float = 2
    max_df: int | float = 0.9

    @property
    def n_rows(self) -> int:
        return int(self.matrix.shape[0])

    @property
    def n_terms(self) -> int:
        return int(self.matrix.shape[1])

    @property
    def term_frequency(self) -> np.ndarray:
        """Corpus frequency of each term (column sums)."""
        return np.asarray(self.matrix.sum(axis=0)).ravel()

    def __repr__(self) -> str:
        return (
            f"DocumentTermMatrix({self.n_rows} rows × {self.n_terms} terms, "
            f"{int(self.matrix.sum())} tokens, by={self.by!r})"
        )


@dataclass(repr=False)
class TopicModel:
    """A fitted topic model.

    Attributes
    ----------
    topic_term : numpy.ndarray
        ``k × V``; row ``t`` is p(w | t) (sums to 1).
    doc_topic : numpy.ndarray
        ``n × k``; row ``d`` is p(t | d) (sums to 1), rows aligned with ``dtm.rows``.
    dtm : DocumentTermMatrix
        The matrix the model was fitted to.
    method : str
        ``"lda"`` or ``"nmf"``.
    k : int
        Number of topics.
    random_state : int
        Seed of the fit.
    estimator : object
        The fitted scikit-learn estimator.
    params : dict
        Estimator parameters (defaults merged with the caller's).
    """

    topic_term: np.ndarray
    doc_topic: np.ndarray
    dtm: DocumentTermMatrix
    method: str
    k: int
    random_state: int
    estimator: Any = None
    params: dict = field(default_factory=dict)

    def __repr__(self) -> str:
        return (
            f"TopicModel(method={self.method!r}, k={self.k}, "
            f"random_state={self.random_state}, {self.dtm.n_rows} rows × "
            f"{self.dtm.n_terms} terms)"
        )


# --------------------------------------------------------------------------- #
# document-term matrix
# --------------------------------------------------------------------------- #
def _require_columns(toks: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    if not isinstance(toks, pd.DataFrame):
        raise CorpusError(
            f"{what}: expected the tidy token frame (a DataFrame), got "
            f"{type(toks).__name__}; pass the output of framings.tokens()."
        )
    missing = [c for c in columns if c not in toks.columns]
    if missing:
        raise CorpusError(
            f"{what}: the token frame has no column(s) {', '.join(map(repr, missing))}; "
            "pass the output of framings.tokens()."
        )


def _unit_layout(toks: pd.DataFrame, by: str, what: str):
    """Row code of every token (first-appearance order) and key columns."""
    keys = [by]
    if by == "para_id" and "doc_id" in toks.columns:
        keys = ["doc_id", "para_id"]  # para_id may repeat across documents
    combined = np.zeros(len(toks), dtype=np.int64)
    for col in keys:
        codes, uniques = pd.factorize(toks[col], use_na_sentinel=True)
        if (codes < 0).any():
            raise CorpusError(
                f"{what}: column {col!r} has {int((codes < 0).sum())} missing value(s); "
                "drop or fill those tokens first."
            )
        combined = combined * (len(uniques) + 1) + codes
    unit, _ = pd.factorize(combined, sort=False)
    return unit.astype(np.int64), keys


def _texts_and_units(toks: pd.DataFrame, by: str, what: str):
    """(unit code per token, ordered tokens, per-unit token lists, first row per unit)."""
    _require_columns(toks, [by, "token"], what)
    toks = toks[toks["token"].notna()]
    if len(toks) == 0:
        raise CorpusError(f"{what}: the token frame has no tokens; check the corpus and stopword list.")
    unit, _ = _unit_layout(toks, by, what)
    token = toks["token"].astype(str).to_numpy(dtype=object)
    if "position" in toks.columns:
        order = np.lexsort((toks["position"].to_numpy(), unit))
    else:
        order = np.argsort(unit, kind="stable")
    unit_sorted = unit[order]
    token_sorted = token[order]
    n_units = int(unit.max()) + 1
    bounds = np.searchsorted(unit_sorted, np.arange(1, n_units))
    texts = [list(chunk) for chunk in np.split(token_sorted, bounds)]
    first = np.full(n_units, len(toks), dtype=np.int64)
    np.minimum.at(first, unit, np.arange(len(toks)))
    return toks, unit, token, texts, first


def _row_table(toks: pd.DataFrame, unit: np.ndarray, first: np.ndarray, by: str) -> pd.DataFrame:
    cols = [by]
    for c in _ID_COLUMNS:
        if c == by or c not in toks.columns:
            continue
        codes, _ = pd.factorize(toks[c])
        per_unit = pd.DataFrame({"u": unit, "c": codes}).groupby("u")["c"].nunique()
        if (per_unit <= 1).all():
            cols.append(c)
    rows = toks.iloc[first][cols].reset_index(drop=True)
    return rows


def _df_threshold(value, n_rows: int, name: str) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise CorpusError(f"document_term_matrix: {name}={value!r} must be an int (rows) or a float in [0, 1] (share of rows).")
    if isinstance(value, (float, np.floating)):
        if not 0.0 <= value <= 1.0:
            raise CorpusError(f"document_term_matrix: {name}={value} is a share of rows and must lie in [0, 1]; pass an int for a count.")
        return value * n_rows
    if value < 0:
        raise CorpusError(f"document_term_matrix: {name}={value} must be >= 0.")
    return float(value)


def document_term_matrix(
    toks: pd.DataFrame,
    by: str = "para_id",
    min_df: int | float = 2,
    max_df: int | float = 0.9,
) -> DocumentTermMatrix:
    """Count terms per unit (paragraph by default) into a sparse matrix.

    Parameters
    ----------
    toks : DataFrame
        Tidy token frame (``doc_id, para_id, framing, position, token``).
    by : str
        Column defining a row; ``"para_id"`` units are keyed by
        ``(doc_id, para_id)`` so paragraph numbers may repeat across documents.
    min_df, max_df : int or float
        Keep terms whose document frequency ``df`` satisfies
        ``min_df <= df <= max_df``; an int is a number of rows, a float a
        share of rows (scikit-learn ``CountVectorizer`` semantics).

    Returns
    -------
    DocumentTermMatrix
        Rows in order of first appearance in ``toks``; vocabulary sorted.
        Rows left without any term after filtering are dropped (with a
        :class:`~framings.CorpusWarning`).

    Raises
    ------
    CorpusError
        When ``toks`` lacks ``token`` or ``by``, the document-frequency bounds are invalid, or
        every row is empty after filtering.

    Examples
    --------
    >>> toks = pd.DataFrame({"doc_id": "d", "para_id": ["p1", "p1", "p2", "p2", "p3"],
    ...                      "token": ["energy", "war", "energy", "peace", "energy"]})
    >>> dtm = fr.document_term_matrix(toks, min_df=1, max_df=1.0)
    >>> dtm.n_rows, list(dtm.vocabulary)
    (3, ['energy', 'peace', 'war'])
    """
    import warnings

    import scipy.sparse as sp

    what = "document_term_matrix"
    toks, unit, token, texts, first = _texts_and_units(toks, by, what)
    n_units = len(texts)
    term_code, vocab = pd.factorize(pd.Series(token, dtype=object), sort=True)
    vocab = np.asarray(vocab, dtype=object)
    counts = sp.csr_matrix(
        (np.ones(len(token), dtype=np.int64), (unit, term_code)),
        shape=(n_units, len(vocab)),
    )
    counts.sum_duplicates()
    doc_freq = np.diff(counts.tocsc().indptr)
    low = _df_threshold(min_df, n_units, "min_df")
    high = _df_threshold(max_df, n_units, "max_df")
    if high < low:
        raise CorpusError(
            f"{what}: max_df={max_df} allows fewer rows than min_df={min_df} "
            f"(of {n_units} rows); raise max_df or lower min_df."
        )
    keep = (doc_freq >= low) & (doc_freq <= high)
    if not keep.any():
        raise CorpusError(
            f"{what}: no term is left after min_df={min_df}, max_df={max_df} "
            f"({len(vocab)} terms in {n_units} rows before filtering); lower min_df or raise max_df."
        )
    matrix = counts[:, np.flatnonzero(keep)].tocsr()
    rows = _row_table(toks, unit, first, by)
    nonempty = np.diff(matrix.indptr) > 0
    if not nonempty.all():
        dropped = rows.loc[~nonempty, by].astype(str).tolist()
        warnings.warn(
            f"{what}: dropped {len(dropped)} row(s) with no term left after "
            f"min_df/max_df filtering ({', '.join(dropped[:5])}{', …' if len(dropped) > 5 else ''}).",
            CorpusWarning,
            stacklevel=2,
        )
        idx = np.flatnonzero(nonempty)
        matrix = matrix[idx]
        rows = rows.iloc[idx].reset_index(drop=True)
        texts = [texts[i] for i in idx]
    if matrix.shape[0] == 0:
        raise CorpusError(f"{what}: every row is empty after filtering; lower min_df or raise max_df.")
    matrix.sort_indices()
    return DocumentTermMatrix(
        matrix=matrix,
        vocabulary=vocab[keep],
        rows=rows,
        by=by,
        texts=texts,
        min_df=min_df,
        max_df=max_df,
    )


# --------------------------------------------------------------------------- #
# caching
# --------------------------------------------------------------------------- #
def _default_cache_dir() -> Path:
    """``$FRAMINGS_CACHE``, else ``<repo>/.cache/framings`` in a writable checkout, else ``./.cache/framings``."""
    from .paths import checkout_root

    env = os.environ.get("FRAMINGS_CACHE")
    if env:
        return Path(env).expanduser()
    repo = checkout_root()
    if repo is not None and os.access(repo, os.W_OK):
        return repo / ".cache" / "framings"
    return Path.cwd() / ".cache" / "framings"


def _memory(cache: bool = True, cache_dir: str | os.PathLike | None = None):
    from joblib import Memory

    if not cache:
        return Memory(location=None, verbose=0)
    location = Path(cache_dir).expanduser() if cache_dir is not None else _default_cache_dir()
    return Memory(location=str(location), verbose=0)


def _cached_fit(cache: bool = True, cache_dir=None):
    """The memoised fitting function (a ``joblib.MemorizedFunc``)."""
    return _memory(cache, cache_dir).cache(_fit_arrays)


def _cached_sweep(cache: bool = True, cache_dir=None):
    return _memory(cache, cache_dir).cache(_sweep_task)


# --------------------------------------------------------------------------- #
# fitting
# --------------------------------------------------------------------------- #
def _check_method(method: str) -> str:
    m = str(method).lower()
    if m not in METHODS:
        raise CorpusError(f"unknown topic-model method {method!r}; use one of {', '.join(METHODS)}.")
    return m


def _check_k(k, n_rows: int, what: str = "fit_topics") -> int:
    if isinstance(k, (bool, np.bool_)) or not isinstance(k, (int, np.integer)):
        raise CorpusError(f"{what}: k={k!r} must be an integer number of topics.")
    k = int(k)
    if k < 2 or k >= n_rows:
        raise CorpusError(
            f"{what}: k={k} is out of range; need 2 <= k < {n_rows} "
            f"(the number of rows it is fitted to), so choose a k in that range."
        )
    return k


def _check_seed(seed, what: str) -> int:
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer)):
        raise CorpusError(f"{what}: random_state={seed!r} must be an int so that fits are reproducible and cacheable.")
    return int(seed)


def _estimator_params(method: str, params: dict) -> dict:
    bad = _RESERVED_PARAMS.intersection(params)
    if bad:
        raise CorpusError(
            f"fit_topics: set {', '.join(sorted(bad))} through k= and random_state=, not as estimator parameters."
        )
    base = dict(_LDA_DEFAULTS if method == "lda" else _NMF_DEFAULTS)
    base.update(params)
    return base


def _matrix_arrays(matrix):
    m = matrix.tocsr()
    m.sort_indices()
    return (
        np.asarray(m.data, dtype=np.float64),
        np.asarray(m.indices, dtype=np.int64),
        np.asarray(m.indptr, dtype=np.int64),
        tuple(int(s) for s in m.shape),
    )


def _fit_args(dtm: DocumentTermMatrix, k: int, method: str, random_state: int, params: dict):
    """Arguments of :func:`_fit_arrays` (and thus the cache key) for a fit."""
    method = _check_method(method)
    full = _estimator_params(method, dict(params))
    return (*_matrix_arrays(dtm.matrix), int(k), method, int(random_state), tuple(sorted(full.items())))


def _fit_arrays(data, indices, indptr, shape, k, method, random_state, params):
    """Fit one model on a CSR matrix given as arrays; single-threaded, deterministic.

    Returns ``topic_term`` (k × V, rows sum to 1), ``doc_topic`` (n × k, rows
    sum to 1) and the fitted estimator.
    """
    import scipy.sparse as sp
    from threadpoolctl import threadpool_limits

    X = sp.csr_matrix((data, indices, indptr), shape=shape)
    params = dict(params)
    with threadpool_limits(limits=1):
        if method == "lda":
            from sklearn.decomposition import LatentDirichletAllocation

            est = LatentDirichletAllocation(n_components=k, random_state=random_state, **params)
            theta = est.fit_transform(X)
            beta = est.components_
        else:
            from sklearn.decomposition import NMF

            est = NMF(n_components=k, random_state=random_state, **params)
            W = est.fit_transform(X)
            H = est.components_
            scale = H.sum(axis=1)
            # X ≈ (W diag(s)) (diag(s)^-1 H): p(t|d) ∝ W_dt s_t, p(w|t) = H_tw / s_t
            theta = W * scale[None, :]
            beta = H
    topic_term = _normalise_rows(np.asarray(beta, dtype=np.float64))
    doc_topic = _normalise_rows(np.asarray(theta, dtype=np.float64))
    return {"topic_term": topic_term, "doc_topic": doc_topic, "estimator": est}


def _normalise_rows(a: np.ndarray) -> np.ndarray:
    s = a.sum(axis=1, keepdims=True)
    out = np.divide(a, s, out=np.full_like(a, 1.0 / a.shape[1]), where=s > 0)
    return out


def fit_topics(
    dtm: DocumentTermMatrix,
    k: int = 6,
    method: str = "lda",
    random_state: int = 0,
    *,
    cache: bool = True,
    cache_dir: str | os.PathLike | None = None,
    **params: Any,
) -> TopicModel:
    """Fit an LDA or NMF topic model to a document-term matrix (cached on disk).

    LDA (Blei, Ng & Jordan 2003) uses batch variational Bayes
    (``learning_method="batch"``, ``max_iter=20`` – scikit-learn's default is
    10 – and priors α = η = 1/k, the scikit-learn defaults).  NMF (Lee & Seung 2001) minimises the generalised
    Kullback-Leibler divergence ``D(X || WH)`` with multiplicative updates from a
    seeded random start (``init="random"``, so that seeds differ), which is PLSA
    (Ding, Li & Peng 2008); ``topic_term = H / rowsum(H)`` and
    ``doc_topic ∝ W · rowsum(H)``.

    Parameters
    ----------
    dtm : DocumentTermMatrix
        From :func:`document_term_matrix`.
    k : int
        Number of topics, ``2 <= k < dtm.n_rows``.
    method : {"lda", "nmf"}, default "lda"
        LDA (variational Bayes) or NMF (generalised KL, i.e. PLSA).
    random_state : int
        Seed; a given seed gives identical arrays on every run.
    cache, cache_dir
        Memoise the fit with :class:`joblib.Memory` (see module docstring).
    **params
        Extra estimator parameters (e.g. ``max_iter=100``, ``doc_topic_prior=0.1``).

    Returns
    -------
    TopicModel
        ``topic_term`` (k × terms, rows sum to 1), ``doc_topic`` (rows × k), the ``dtm`` and
        the fit's settings.

    Raises
    ------
    CorpusError
        For a ``dtm`` that is not a :class:`DocumentTermMatrix`, an unknown method, or k
        outside ``2 <= k < dtm.n_rows``.

    Examples
    --------
    >>> from framings.simulate import lda_tokens
    >>> toks = lda_tokens(seed=0, n_topics=3, vocab_size=60).query("doc_id in ['doc-c', 'doc-e']")
    >>> dtm = fr.document_term_matrix(toks)
    >>> model = fr.fit_topics(dtm, k=3, method="nmf", cache=False)
    >>> model.topic_term.shape == (3, len(dtm.vocabulary))
    True
    >>> bool(np.allclose(model.topic_term.sum(axis=1), 1))
    True
    """
    if not isinstance(dtm, DocumentTermMatrix):
        raise CorpusError("fit_topics: expected a DocumentTermMatrix; build one with framings.document_term_matrix(toks).")
    method = _check_method(method)
    k = _check_k(k, dtm.n_rows)
    random_state = _check_seed(random_state, "fit_topics")
    args = _fit_args(dtm, k, method, random_state, params)
    out = _cached_fit(cache, cache_dir)(*args)
    return TopicModel(
        topic_term=out["topic_term"],
        doc_topic=out["doc_topic"],
        dtm=dtm,
        method=method,
        k=k,
        random_state=random_state,
        estimator=out["estimator"],
        params=dict(args[-1]),
    )


# --------------------------------------------------------------------------- #
# labels and shares
# --------------------------------------------------------------------------- #
def _frex(topic_term: np.ndarray, w: float) -> np.ndarray:
    from scipy.stats import rankdata

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
    >>> toks = lda_tokens(seed=0, n_topics=3, vocab_size=60).query("doc_id in ['doc-c', 'doc-e']")
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
    >>> toks = lda_tokens(seed=0, n_topics=3, vocab_size=60).query("doc_id in ['doc-c', 'doc-e']")
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


def prevalence(
    model: TopicModel,
    by: str | None = "framing",
    n_boot: int = 2000,
    random_state: int = 0,
    level: float = 0.95,
    weight: str = "length",
) -> pd.DataFrame:
    """Mean topic share per group with percentile-bootstrap intervals, weighted by paragraph length.

    With ``weight="length"`` (the default) ``mean_share`` is the length-weighted
    mean of p(t | d) over the rows (paragraphs) of a group,

        mean_share_t = Σ_d L_d θ_dt / Σ_d L_d,

    L_d the number of the row's tokens in the document-term matrix (its row sum:
    the words the model saw), i.e. the share of the group's modelled words that
    belong to topic t, so a three-word title does not weigh as much as a
    300-word paragraph. ``weight="none"`` gives the plain mean over rows. The
    interval is the ``(1 − level)/2`` and ``(1 + level)/2`` percentiles of that
    mean over ``n_boot`` resamples of the group's rows with replacement
    (percentile bootstrap, Efron & Tibshirani 1993), resampling within each
    group separately. Rows without tokens weigh 0 (a group of such rows gets
    the plain mean).

    Parameters
    ----------
    model : TopicModel
        A fitted model (:func:`fit_topics`).
    by : str or None, default "framing"
        A column of the model's rows; None treats all rows as one group ``"all"``.
    n_boot : int, default 2000
        Bootstrap resamples.
    random_state : int, default 0
        Seed of the bootstrap.
    level : float, default 0.95
        Coverage of the interval.
    weight : {"length", "none"}, default "length"
        Weight of each row in the mean.

    Returns
    -------
    pandas.DataFrame
        Tidy ``group, topic, mean_share, ci_low, ci_high, n`` (``n`` rows in the
        group); ``.attrs["weight"]`` names the weighting.

    Raises
    ------
    CorpusError
        For an unknown column, ``n_boot`` < 1, ``level`` outside (0, 1) or an
        unknown ``weight``.

    Examples
    --------
    >>> import framings as fr
    >>> from framings.simulate import lda_tokens
    >>> toks = lda_tokens(seed=0, n_topics=2, vocab_size=50)
    >>> model = fr.fit_topics(fr.document_term_matrix(toks, min_df=1, max_df=1.0), k=2, method="nmf", cache=False)
    >>> table = fr.prevalence(model, by=None, n_boot=50)
    >>> round(float(table["mean_share"].sum()), 6)
    1.0
    """
    rows = model.dtm.rows
    if by is not None and by not in rows.columns:
        raise CorpusError(
            f"prevalence: no column {by!r} in the model's rows (have {', '.join(rows.columns)}); "
            "choose one of those."
        )
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 1:
        raise CorpusError(f"prevalence: n_boot={n_boot!r} must be a positive integer.")
    if not 0.0 < level < 1.0:
        raise CorpusError(f"prevalence: level={level} must lie strictly between 0 and 1.")
    if weight not in ("length", "none"):
        raise CorpusError(f"prevalence: weight={weight!r}; use 'length' (paragraph length) or 'none'.")
    theta = np.asarray(model.doc_topic, dtype=np.float64)
    k = theta.shape[1]
    if weight == "length":
        lengths = np.asarray(model.dtm.matrix.sum(axis=1), dtype=np.float64).ravel()
    else:
        lengths = np.ones(theta.shape[0])
    if by is None:
        codes, groups = np.zeros(len(rows), dtype=np.int64), np.array(["all"], dtype=object)
    else:
        codes, groups = pd.factorize(rows[by], sort=True)
        groups = np.asarray(groups, dtype=object)
    rng = np.random.default_rng(random_state)
    q = [100 * (1 - level) / 2, 100 * (1 + level) / 2]
    frames = []
    for g, name in enumerate(groups):
        th = theta[codes == g]
        w = lengths[codes == g]
        if w.sum() <= 0:
            w = np.ones_like(w)
        n_g = th.shape[0]
        mean = (w @ th) / w.sum()
        draws = rng.multinomial(n_g, np.full(n_g, 1.0 / n_g), size=n_boot)
        weighted = draws * w[None, :]
        totals = weighted.sum(axis=1, keepdims=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            boot = np.where(totals > 0, (weighted @ th) / totals, mean[None, :])
        lo, hi = np.percentile(boot, q, axis=0)
        frames.append(
            pd.DataFrame(
                {
                    "group": name,
                    "topic": np.arange(k),
                    "mean_share": mean,
                    "ci_low": np.minimum(lo, mean),
                    "ci_high": np.maximum(hi, mean),
                    "n": n_g,
                }
            )
        )
    out = pd.concat(frames, ignore_index=True)
    out.attrs["weight"] = weight
    return out


# --------------------------------------------------------------------------- #
# coherence
# --------------------------------------------------------------------------- #
_REMOVE, _ADD = np.int8(1), np.int8(2)


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
        else:
            presence = _window_presence(coded, lengths, R, window)
        pf = presence.astype(np.float64)
        self.num_docs = float(presence.shape[0])
        self.count = pf.sum(axis=0)
        self.co = pf.T @ pf

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
    >>> table = fr.coherence([["energy", "gas"], ["army", "war"]], texts, measure="u_mass")
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


# --------------------------------------------------------------------------- #
# stability
# --------------------------------------------------------------------------- #
def _unit_rows(a: np.ndarray) -> np.ndarray:
    norm = np.linalg.norm(a, axis=1, keepdims=True)
    return np.divide(a, norm, out=np.zeros_like(a), where=norm > 0)


def _match(ref: np.ndarray, other: np.ndarray):
    """Hungarian matching (Kuhn 1955) maximising cosine similarity of topic rows."""
    from scipy.optimize import linear_sum_assignment

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
    >>> toks = lda_tokens(seed=0, n_topics=3, vocab_size=60).query("doc_id in ['doc-c', 'doc-e']")
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
    >>> dtm = fr.document_term_matrix(lda_tokens(seed=0, n_topics=3, vocab_size=60), min_df=1, max_df=1.0)
    >>> runs = [fr.fit_topics(dtm, k=3, method="nmf", random_state=seed, cache=False) for seed in (0, 1)]
    >>> null = fr.stability_null(runs)
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
# choosing k
# --------------------------------------------------------------------------- #
def _sweep_task(train, test, k, method, seed, params):
    """One fit of the K sweep on the training rows; held-out perplexity on the test rows."""
    out = _fit_arrays(*train, k, method, seed, params)
    perplexity = float("nan")
    if method == "lda" and test is not None:
        import scipy.sparse as sp

        perplexity = _heldout_perplexity(out["estimator"], sp.csr_matrix(test[:3], shape=test[3]))
    return {"topic_term": out["topic_term"], "perplexity": perplexity}


def _heldout_perplexity(est, X_test) -> float:
    """``exp(−L(X_test) / N_test)``, L the variational bound of the held-out documents.

    L is scikit-learn's ``score(X_test)`` – ``E[log p(w | θ, β)] + E[log p(θ | α)
    − log q(θ)]`` with θ inferred for the held-out documents and β fixed at the
    fitted ``q(β)`` (Blei, Ng & Jordan 2003; Hoffman, Blei & Bach 2010) – minus
    the term ``E[log p(β | η) − log q(β | λ)]``, which belongs to the trained
    model, not to the held-out documents.  (scikit-learn's ``perplexity()``
    divides that term by the held-out word count, which on a small held-out
    set makes perplexity grow with k; scikit-learn issue #20032.)
    """
    from scipy.special import digamma, gammaln
    from threadpoolctl import threadpool_limits

    n_words = float(X_test.sum())
    if n_words <= 0:
        return float("nan")
    lam = np.asarray(est.components_, dtype=np.float64)
    eta = float(est.topic_word_prior_)
    V = lam.shape[1]
    e_log_beta = digamma(lam) - digamma(lam.sum(axis=1))[:, None]
    beta_term = (
        np.sum((eta - lam) * e_log_beta)
        + np.sum(gammaln(lam) - gammaln(eta))
        + np.sum(gammaln(eta * V) - gammaln(lam.sum(axis=1)))
    )
    with threadpool_limits(limits=1):
        bound = float(est.score(X_test)) - beta_term
    return float(np.exp(-bound / n_words))


def _run_sweep_task(cache, cache_dir, key, args):
    return key, _cached_sweep(cache, cache_dir)(*args)


def _split_rows(n: int, holdout: float, split_seed: int):
    rng = np.random.default_rng(split_seed)
    perm = rng.permutation(n)
    n_test = int(round(n * holdout))
    if holdout > 0:
        n_test = min(max(n_test, 1), n - 1)
    return np.sort(perm[n_test:]), np.sort(perm[:n_test])


def select_k(
    dtm: DocumentTermMatrix,
    ks: Iterable[int] = range(2, 13),
    seeds: Iterable[int] = range(10),
    method: str = "lda",
    cache: bool = True,
    *,
    measure: str = "c_npmi",
    top_n: int = 10,
    texts: list[list[str]] | pd.DataFrame | DocumentTermMatrix | None = None,
    holdout: float = 0.2,
    split_seed: int = 0,
    n_jobs: int = -1,
    progress: bool = True,
    cache_dir: str | os.PathLike | None = None,
    one_topic: bool = True,
    **params: Any,
) -> pd.DataFrame:
    """Diagnostics for choosing the number of topics: one line per (k, seed), with a one-topic baseline.

    Like stm's ``searchK`` (Roberts, Stewart & Tingley 2019), every diagnostic
    comes from a single fit per (k, seed): the model is fitted to a fixed
    random 80 % of the rows (``holdout=0.2``, drawn once with ``split_seed``,
    the same for every k and seed), and

    ``coherence``
        mean topic coherence (:func:`coherence`, ``measure``, ``top_n`` terms by
        probability) over ``texts`` – by default the full texts of all rows of
        ``dtm``;
    ``perplexity``
        held-out perplexity ``exp(−L(X_test) / N_test)`` of the 20 % held-out
        rows, L their variational bound given the fitted topics (Blei, Ng &
        Jordan 2003); unlike scikit-learn's ``perplexity()`` it leaves out the
        topic-word prior term, which belongs to the trained model (see
        scikit-learn issue #20032); NaN for NMF;
    ``stability``
        mean pairwise stability: for this seed, the mean over every *other*
        seed of the mean Hungarian-matched cosine similarity of topics (see
        :func:`stability`); NaN with a single seed;
    ``stability_null``
        its baseline: the same mean over the topic pairs the matching leaves
        unpaired (see :func:`stability_null`); NaN with a single seed.

    With ``one_topic=True`` (and ``method="lda"``, ``holdout > 0``) the result
    starts with ``k = 1`` rows (one per seed, all equal: nothing is random), the
    one-topic model's held-out perplexity on the same split, computed like the
    other rows: a one-topic LDA has θ = 1, q(β) = Dirichlet(η + n_w) with n_w the
    training counts, and its held-out bound is exact in closed form,

        perplexity_1 = exp(−Σ_w m_w [ψ(η + n_w) − ψ(V η + Σ_v n_v)] / Σ_w m_w),

    m_w the held-out counts, ψ the digamma function, η the topic-word prior
    (``topic_word_prior``, default 1 = scikit-learn's 1/k for k = 1). Coherence
    and stability are NaN there. ``.attrs["unigram_perplexity"]`` gives the plain
    unigram model's held-out perplexity with the same additive smoothing,
    ``exp(−Σ_w m_w ln[(n_w + η) / (Σ_v n_v + V η)] / Σ_w m_w)``, and
    ``.attrs["unigram_eta"]`` the η used.

    Fits run in parallel (``joblib``, ``n_jobs``; each fit single-threaded), are
    cached on disk (``cache``/``cache_dir``) and show a progress bar on a terminal (``progress``;
    never with ``FRAMINGS_PROGRESS=0``).
    ``**params`` go to the estimator as in :func:`fit_topics`.

    Parameters
    ----------
    dtm : DocumentTermMatrix
        From :func:`document_term_matrix`.
    ks : iterable of int, default range(2, 13)
        Numbers of topics to try.
    seeds : iterable of int, default range(10)
        Seeds of the fits, for every k.
    method : {"lda", "nmf"}, default "lda"
        The model.
    cache : bool, default True
        Memoise every fit on disk (:func:`fit_topics`).
    measure : {"c_npmi", "u_mass"}, default "c_npmi"
        Coherence measure (:func:`coherence`).
    top_n : int, default 10
        Terms per topic for coherence.
    texts : list of list of str or pandas.DataFrame or DocumentTermMatrix or None, default None
        Reference texts for coherence; ``None``: the full rows of ``dtm``.
    holdout : float, default 0.2
        Share of rows held out for perplexity, in [0, 1).
    split_seed : int, default 0
        Seed of the held-out split.
    n_jobs : int, default -1
        Parallel fits (joblib; -1: all cores).
    progress : bool, default True
        Show a progress bar (on a terminal, unless ``FRAMINGS_PROGRESS=0``).
    cache_dir : str or os.PathLike or None, default None
        Where the cache lives (see the module docstring).
    one_topic : bool, default True
        Start with the ``k = 1`` baseline rows (LDA with a holdout only).
    **params
        Passed to the estimator, as in :func:`fit_topics`.

    Returns
    -------
    pandas.DataFrame
        ``k, seed, coherence, perplexity, stability, stability_null``, one line per (k, seed).

    Raises
    ------
    CorpusError
        For a ``dtm`` that is not a :class:`DocumentTermMatrix`, an unknown measure, a
        holdout outside [0, 1), no k or no seed, or ``top_n`` < 1.

    Examples
    --------
    >>> from framings.simulate import lda_tokens
    >>> toks = lda_tokens(seed=0, n_topics=3, vocab_size=60).query("doc_id in ['doc-c', 'doc-e']")
    >>> dtm = fr.document_term_matrix(toks)
    >>> table = fr.select_k(dtm, ks=[2, 3], seeds=[0, 1], method="nmf", cache=False, n_jobs=1, progress=False)
    >>> table[["k", "seed"]].values.tolist()
    [[2, 0], [2, 1], [3, 0], [3, 1]]
    """
    from joblib import Parallel, delayed

    from ._progress import progress_bar

    if not isinstance(dtm, DocumentTermMatrix):
        raise CorpusError("select_k: expected a DocumentTermMatrix; build one with framings.document_term_matrix(toks).")
    method = _check_method(method)
    measure = str(measure).lower()
    if measure not in MEASURES:
        raise CorpusError(f"select_k: unknown measure {measure!r}; use one of {', '.join(MEASURES)}.")
    if not 0.0 <= holdout < 1.0:
        raise CorpusError(f"select_k: holdout={holdout} must lie in [0, 1).")
    train_idx, test_idx = _split_rows(dtm.n_rows, holdout, split_seed)
    ks = list(dict.fromkeys(_check_k(k, len(train_idx), "select_k") for k in ks))
    seeds = list(dict.fromkeys(_check_seed(s, "select_k") for s in seeds))
    if not ks or not seeds:
        raise CorpusError("select_k: pass at least one k and one seed.")
    if isinstance(top_n, bool) or not isinstance(top_n, (int, np.integer)) or top_n < 1:
        raise CorpusError(f"select_k: top_n={top_n!r} must be a positive integer.")
    text_list = _texts_from(dtm if texts is None else texts, "select_k")
    full = tuple(sorted(_estimator_params(method, dict(params)).items()))
    X = dtm.matrix.tocsr()
    train = _matrix_arrays(X[train_idx])
    test = _matrix_arrays(X[test_idx]) if len(test_idx) else None

    if cache:  # resolve here so that worker processes use the same folder
        cache_dir = str(Path(cache_dir).expanduser() if cache_dir is not None else _default_cache_dir())
    tasks = {(k, s): (train, test, k, method, s, full) for k in ks for s in seeds}
    memo = _cached_sweep(cache, cache_dir)
    results: dict = {}
    with progress_bar(len(tasks), f"select_k ({method})", "fit", 1, enabled=progress, unit_scale=False) as bar:
        todo = []
        for key, args in tasks.items():
            if cache and memo.check_call_in_cache(*args):
                results[key] = memo(*args)
                bar.update(1)
            else:
                todo.append((key, args))
        if len(todo) == 1 or n_jobs == 1:
            for key, args in todo:
                results[key] = memo(*args)
                bar.update(1)
        elif todo:
            par = Parallel(n_jobs=n_jobs, return_as="generator_unordered")
            for key, res in par(delayed(_run_sweep_task)(cache, cache_dir, key, args) for key, args in todo):
                results[key] = res
                bar.update(1)

    # coherence: one co-occurrence pass over the union of all top terms
    vocab = np.asarray(dtm.vocabulary, dtype=object)
    top = {
        key: [list(vocab[np.argsort(-row, kind="stable")[:top_n]]) for row in res["topic_term"]]
        for key, res in results.items()
    }
    vocabulary = {w for t in text_list for w in t}
    prepared = {key: _prepare_topics(t, vocabulary, top_n) for key, t in top.items()}
    relevant = sorted({w for p in prepared.values() for t in p for w in t})
    stats = _Cooccurrence(text_list, relevant, measure, NPMI_WINDOW)

    records = []
    baseline = one_topic and method == "lda" and len(test_idx) > 0
    eta = float(dict(full).get("topic_word_prior") or 1.0)  # scikit-learn's default 1/k for k = 1
    if baseline:
        bound_ppl, unigram_ppl = _one_topic_perplexity(X[train_idx], X[test_idx], eta)
        for s in seeds:
            records.append({"k": 1, "seed": s, "coherence": float("nan"), "perplexity": bound_ppl,
                            "stability": float("nan"), "stability_null": float("nan")})
    for k in ks:
        mats = {s: results[(k, s)]["topic_term"] for s in seeds}
        pair, null = {}, {}
        for a_i, a in enumerate(seeds):
            for b in seeds[a_i + 1 :]:
                pair[(a, b)] = pair[(b, a)] = float(_match(mats[a], mats[b])[2].mean())
                unpaired = _unmatched(mats[a], mats[b])[2]
                null[(a, b)] = null[(b, a)] = float(unpaired.mean()) if unpaired.size else float("nan")
        for s in seeds:
            others = [pair[(s, o)] for o in seeds if o != s]
            others_null = [null[(s, o)] for o in seeds if o != s]
            coh = [stats.topic_coherence(t, measure) for t in prepared[(k, s)]]
            records.append(
                {
                    "k": k,
                    "seed": s,
                    "coherence": float(np.mean(coh)),
                    "perplexity": results[(k, s)]["perplexity"],
                    "stability": float(np.mean(others)) if others else float("nan"),
                    "stability_null": float(np.mean(others_null)) if others_null else float("nan"),
                }
            )
    out = pd.DataFrame.from_records(records, columns=["k", "seed", "coherence", "perplexity", "stability",
                                                      "stability_null"])
    out.attrs.update(
        {"method": method, "measure": measure, "top_n": top_n, "holdout": holdout, "split_seed": split_seed,
         "n_train": len(train_idx), "n_test": len(test_idx)}
    )
    if baseline:
        out.attrs.update({"unigram_perplexity": unigram_ppl, "unigram_eta": eta})
    return out


def _one_topic_perplexity(X_train, X_test, eta: float) -> tuple[float, float]:
    """(held-out perplexity of the one-topic LDA bound, plain unigram perplexity), both with prior η."""
    from scipy.special import digamma

    n = np.asarray(X_train.sum(axis=0), dtype=np.float64).ravel()
    m = np.asarray(X_test.sum(axis=0), dtype=np.float64).ravel()
    total = m.sum()
    if total <= 0:
        return float("nan"), float("nan")
    lam = eta + n
    bound = float(m @ (digamma(lam) - digamma(lam.sum())))
    loglik = float(m @ np.log(lam / lam.sum()))
    return float(np.exp(-bound / total)), float(np.exp(-loglik / total))


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
    >>> toks = lda_tokens(seed=0, n_topics=3, vocab_size=60).query("doc_id in ['doc-c', 'doc-e']")
    >>> dtm = fr.document_term_matrix(toks)
    >>> model = fr.fit_topics(dtm, k=3, method="nmf", cache=False)
    >>> table = fr.topic_similarity(model, fr.fit_topics(dtm, k=2, method="nmf", cache=False))
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
    >>> toks = lda_tokens(seed=0, n_topics=3, vocab_size=60).query("doc_id in ['doc-c', 'doc-e']")
    >>> dtm = fr.document_term_matrix(toks)
    >>> model = fr.fit_topics(dtm, k=3, method="nmf", cache=False)
    >>> typical = fr.typical_paragraphs(model, n=2, min_terms=20)
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


__all__ += ["topic_similarity", "typical_paragraphs"]
