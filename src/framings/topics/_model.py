"""Topic models fitted on a document-term matrix: LDA (tomotopy's Gibbs sampler or scikit-learn) or NMF, cached on disk
by their inputs."""

from __future__ import annotations

import functools
import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._check import require_columns
from .._paths import cache_root
from ..errors import CorpusError, CorpusWarning

TOPIC_METHODS = ("lda", "nmf")


#: Engines of LDA: collapsed Gibbs sampling (tomotopy, the default) or variational Bayes (scikit-learn).
LDA_ENGINES = ("tomotopy", "sklearn")


#: ε of the confirmation measures, as in gensim (Röder, Both & Hinneburg 2015).
EPSILON = 1e-12


_LDA_DEFAULTS = {"learning_method": "batch", "max_iter": 20}


# tomotopy's own priors (α re-estimated every 10 sweeps, as MALLET's --optimize-interval); at most 1,000 sweeps
# (MALLET's default), fewer once a block of sweeps no longer raises the log-likelihood per word by tol nats.
_GIBBS_DEFAULTS = {"iterations": 1000, "tol": 0.005, "alpha": 0.1, "eta": 0.01, "optim_interval": 10, "burn_in": 0}


_GIBBS_BLOCK = 50


_GIBBS_MIN_ITERATIONS = 100


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
        The fitted estimator: a ``tomotopy.LDAModel`` or a scikit-learn estimator. A tomotopy model of a cached
        fit is read from the fit cache on first use (about 20 MB each at 2,000 documents: a K sweep that keeps its
        models holds only their arrays until one is asked for).
    params : dict
        Estimator parameters (defaults merged with the caller's).
    engine : str
        ``"tomotopy"`` (Gibbs sampling) or ``"sklearn"``.
    """

    topic_term: np.ndarray
    doc_topic: np.ndarray
    dtm: DocumentTermMatrix
    method: str
    k: int
    random_state: int
    estimator: Any = None
    params: dict = field(default_factory=dict)
    engine: str = "sklearn"

    def __repr__(self) -> str:
        return (
            f"TopicModel(method={self.method!r}, engine={self.engine!r}, k={self.k}, "
            f"random_state={self.random_state}, {self.dtm.n_rows} rows × "
            f"{self.dtm.n_terms} terms)"
        )


def _estimator_get(model: TopicModel):
    source = model.__dict__.get("_estimator_source")
    if source is not None:
        model.__dict__["_estimator"] = source(model.dtm)
        model.__dict__["_estimator_source"] = None
    return model.__dict__.get("_estimator")


def _estimator_set(model: TopicModel, value) -> None:
    model.__dict__["_estimator"] = value
    model.__dict__["_estimator_source"] = None


# set after @dataclass has read the field's default (None): the constructor's `estimator=` goes through the setter
TopicModel.estimator = property(_estimator_get, _estimator_set, doc="The fitted estimator (see the class).")


# --------------------------------------------------------------------------- #
# document-term matrix
# --------------------------------------------------------------------------- #
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
    require_columns(toks, [by, "token"], f"{what}: the token frame", "pass the output of framings.tokens()")
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

    import scipy.sparse as sp  # heavy (scipy): imported on first use

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
    """Where fits are cached: :func:`framings._paths.cache_root` (``$FRAMINGS_CACHE``, the checkout's
    ``.cache/framings`` for its own corpus, ``build/<corpus-name>/.cache/framings`` for another)."""
    return cache_root()


def _memory(cache: bool = True, cache_dir: str | os.PathLike | None = None):
    from joblib import Memory  # heavy (joblib): imported on first use

    if not cache:
        return Memory(location=None, verbose=0)
    location = Path(cache_dir).expanduser() if cache_dir is not None else _default_cache_dir()
    return Memory(location=str(location), verbose=0)


def _cached_fit(cache: bool = True, cache_dir=None):
    """The memoised fitting function (a ``joblib.MemorizedFunc``); without a cache, the fit itself."""
    if not cache:
        return _fit_arrays
    return _memory(cache, cache_dir).cache(_fit_arrays_stored)


def _fit_arrays_stored(data, indices, indptr, shape, k, method, random_state, params, engine="sklearn", workers=1):
    """:func:`_fit_arrays` with a tomotopy model turned into its ``saves(full=True)`` bytes, documents
    included: a tomotopy model cannot be pickled into the cache."""
    out = _fit_arrays(data, indices, indptr, shape, k, method, random_state, params, engine, workers)
    if engine == "tomotopy":
        out = {**out, "estimator": bytes(out["estimator"].saves(full=True))}
    return out


# --------------------------------------------------------------------------- #
# fitting
# --------------------------------------------------------------------------- #
def _check_method(method: str) -> str:
    m = str(method).lower()
    if m not in TOPIC_METHODS:
        raise CorpusError(f"unknown topic-model method {method!r}; use one of {', '.join(TOPIC_METHODS)}.")
    return m


def _check_engine(engine: str | None, method: str, what: str = "fit_topics") -> str:
    """The engine of a method: LDA defaults to tomotopy, NMF has only scikit-learn."""
    if engine is None:
        return "tomotopy" if method == "lda" else "sklearn"
    e = str(engine).lower()
    allowed = LDA_ENGINES if method == "lda" else ("sklearn",)
    if e not in allowed:
        raise CorpusError(f"{what}: engine={engine!r} is not available for method={method!r}; "
                          f"use one of {', '.join(allowed)}.")
    return e


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


def _check_workers(n_jobs, what: str) -> int:
    """tomotopy's ``workers``: 1 by default (the only reproducible setting), 0 for every core."""
    if isinstance(n_jobs, (bool, np.bool_)) or not isinstance(n_jobs, (int, np.integer)) or n_jobs == 0 or n_jobs < -1:
        raise CorpusError(f"{what}: n_jobs={n_jobs!r} must be a positive number of threads or -1 (every core).")
    return 0 if n_jobs == -1 else int(n_jobs)


def _estimator_params(method: str, params: dict, engine: str | None = None) -> dict:
    engine = _check_engine(engine, method)
    bad = _RESERVED_PARAMS.intersection(params)
    if bad:
        raise CorpusError(
            f"fit_topics: set {', '.join(sorted(bad))} through k= and random_state=, not as estimator parameters."
        )
    if engine == "tomotopy":
        unknown = set(params) - set(_GIBBS_DEFAULTS)
        if unknown:
            raise CorpusError(f"fit_topics: engine='tomotopy' takes {', '.join(sorted(_GIBBS_DEFAULTS))}, "
                              f"not {', '.join(sorted(unknown))}.")
        base = dict(_GIBBS_DEFAULTS)
    else:
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


def _fit_args(dtm: DocumentTermMatrix, k: int, method: str, random_state: int, params: dict,
              engine: str | None = None, n_jobs: int = 1):
    """Arguments of :func:`_fit_arrays` (and thus the cache key) for a fit."""
    method = _check_method(method)
    engine = _check_engine(engine, method)
    full = _estimator_params(method, dict(params), engine)
    workers = _check_workers(n_jobs, "fit_topics") if engine == "tomotopy" else 1
    return (*_matrix_arrays(dtm.matrix), int(k), method, int(random_state), tuple(sorted(full.items())),
            engine, workers)


def _fit_arrays(data, indices, indptr, shape, k, method, random_state, params, engine="sklearn", workers=1):
    """Fit one model on a CSR matrix given as arrays; deterministic for a seed (tomotopy: with one worker).

    Returns ``topic_term`` (k × V, rows sum to 1), ``doc_topic`` (n × k, rows
    sum to 1) and the fitted estimator.
    """
    import scipy.sparse as sp  # heavy (scipy): imported on first use

    X = sp.csr_matrix((data, indices, indptr), shape=shape)
    if engine == "tomotopy":
        return _fit_gibbs(X, k, random_state, dict(params), workers)
    from threadpoolctl import (
        threadpool_limits,  # loaded with scikit-learn: imported on first use
    )

    params = dict(params)
    with threadpool_limits(limits=1):
        if method == "lda":
            from sklearn.decomposition import (
                LatentDirichletAllocation,  # heavy (scikit-learn): imported on first use
            )

            est = LatentDirichletAllocation(n_components=k, random_state=random_state, **params)
            theta = est.fit_transform(X)
            beta = est.components_
        else:
            from sklearn.decomposition import (
                NMF,  # heavy (scikit-learn): imported on first use
            )

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


def _word_names(n_terms: int) -> np.ndarray:
    # tomotopy sees column numbers as words, so its vocabulary is the matrix's columns, whatever their terms
    return np.array([str(i) for i in range(n_terms)], dtype=object)


def _row_words(X, row: int, names: np.ndarray) -> list:
    """The tokens of one row of a count matrix (each column repeated by its count), as tomotopy words."""
    lo, hi = X.indptr[row], X.indptr[row + 1]
    return names[np.repeat(X.indices[lo:hi], X.data[lo:hi].astype(np.int64))].tolist()


def _gibbs_model(X, k: int, random_state: int, params: dict, workers: int):
    """Train a tomotopy LDA on the counts of ``X``; returns (model, Gibbs sweeps run, log-likelihood trace)."""
    import tomotopy as tp  # heavy (tomotopy): imported on first use

    iterations, tol = int(params["iterations"]), params["tol"]
    model = tp.LDAModel(k=k, alpha=float(params["alpha"]), eta=float(params["eta"]), seed=random_state)
    model.optim_interval = int(params["optim_interval"])
    model.burn_in = int(params["burn_in"])
    names = _word_names(X.shape[1])
    for row in range(X.shape[0]):
        model.add_doc(_row_words(X, row, names))
    parallel = tp.ParallelScheme.NONE if workers == 1 else tp.ParallelScheme.DEFAULT
    trace: list[float] = []
    if tol is None:
        model.train(iterations, workers=workers, parallel=parallel)
        return model, iterations, [float(model.ll_per_word)]
    done = 0
    while done < iterations:
        step = min(_GIBBS_BLOCK, iterations - done)
        model.train(step, workers=workers, parallel=parallel)
        done += step
        trace.append(float(model.ll_per_word))
        if done >= _GIBBS_MIN_ITERATIONS and len(trace) > 1 and trace[-1] - trace[-2] < tol:
            break
    return model, done, trace


def _gibbs_topic_term(model, n_terms: int, eta: float) -> np.ndarray:
    """p(w | t) = (n_tw + η) / (n_t + V η) over all ``n_terms`` columns, from the sampler's final counts.

    tomotopy reports n_tw + η in single precision over the words it saw; the counts are whole numbers, so
    they are recovered exactly and the distribution rebuilt in double precision over every column (a
    column absent from the training rows gets η / (n_t + V η)).
    """
    columns = np.array([int(w) for w in model.used_vocabs], dtype=np.int64)
    counts = np.zeros((model.k, n_terms))
    for t in range(model.k):
        raw = np.asarray(model.get_topic_word_dist(t, normalize=False), dtype=np.float64)
        counts[t, columns] = np.rint(raw - eta)
    return (counts + eta) / (counts.sum(axis=1, keepdims=True) + n_terms * eta)


def _gibbs_doc_topic(model) -> np.ndarray:
    """p(t | d) = (n_dt + α_t) / (n_d + Σ α) from the sampler's final topic assignments."""
    alpha = np.asarray(model.alpha, dtype=np.float64)
    k = model.k
    counts = np.stack([np.bincount(np.asarray(doc.topics, dtype=np.int64), minlength=k) for doc in model.docs])
    return _normalise_rows(counts + alpha[None, :])


def _fit_gibbs(X, k: int, random_state: int, params: dict, workers: int) -> dict:
    model, sweeps, trace = _gibbs_model(X, k, random_state, params, workers)
    eta = float(params["eta"])
    return {
        "topic_term": _gibbs_topic_term(model, X.shape[1], eta),
        "doc_topic": _gibbs_doc_topic(model),
        "estimator": model,
        "iterations": sweeps,
        "log_likelihood": trace,
        "alpha": np.asarray(model.alpha, dtype=np.float64),
    }


def _normalise_rows(a: np.ndarray) -> np.ndarray:
    s = a.sum(axis=1, keepdims=True)
    out = np.divide(a, s, out=np.full_like(a, 1.0 / a.shape[1]), where=s > 0)
    return out


def _load_estimator(engine: str, estimator):
    if engine == "tomotopy" and isinstance(estimator, (bytes, bytearray)):
        import tomotopy as tp  # heavy (tomotopy): imported on first use

        return tp.LDAModel.loads(bytes(estimator))
    return estimator


def _estimator_from_cache(location: str, k: int, method: str, random_state: int, params: dict, engine: str,
                          n_jobs: int, dtm: DocumentTermMatrix):
    """The fitted estimator of a cached fit, read from its cache entry (a picklable source of ``TopicModel.estimator``)."""
    args = _fit_args(dtm, k, method, random_state, params, engine, n_jobs)
    return _load_estimator(engine, _cached_fit(True, location)(*args)["estimator"])


def fit_topics(
    dtm: DocumentTermMatrix,
    k: int = 6,
    method: str = "lda",
    random_state: int = 0,
    *,
    engine: str | None = None,
    n_jobs: int = 1,
    cache: bool = True,
    cache_dir: str | os.PathLike | None = None,
    **params: Any,
) -> TopicModel:
    """Fit an LDA or NMF topic model to a document-term matrix (cached on disk).

    LDA (Blei, Ng & Jordan 2003) is fitted by collapsed Gibbs sampling
    (Griffiths & Steyvers 2004) through tomotopy (``engine="tomotopy"``, the
    default; the sampler MALLET users know) on exactly the counts of ``dtm``:
    each row becomes a document whose words are its columns, repeated by their
    counts. Priors are tomotopy's: α = 0.1 per topic, re-estimated every 10
    sweeps (``optim_interval``, Minka's fixed point, as MALLET's
    ``--optimize-interval``), and η = 0.01. Sweeps run in blocks of 50, at least 100 and at most
    ``iterations`` (1,000); sampling stops after a block that raised the log-likelihood per word by less than
    ``tol`` (0.005 nats; ``tol=None`` runs all ``iterations``). ``topic_term`` is (n_tw + η) / (n_t + V η)
    and ``doc_topic`` (n_dt + α_t) / (n_d + Σα), from the final sample.
    With ``n_jobs=1`` (the default) a seed gives identical tables on every run; more threads are faster
    but not reproducible (tomotopy's own warning).

    ``engine="sklearn"`` is scikit-learn's batch variational Bayes
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
        LDA or NMF (generalised KL, i.e. PLSA).
    random_state : int
        Seed; a given seed gives identical arrays on every run.
    engine : {"tomotopy", "sklearn"} or None, default None
        For LDA: Gibbs sampling (``"tomotopy"``, the default) or variational Bayes (``"sklearn"``).
        NMF is scikit-learn's only.
    n_jobs : int, default 1
        Sampling threads for tomotopy (-1: every core); only 1 is reproducible.
    cache, cache_dir
        Memoise the fit with :class:`joblib.Memory` (see module docstring).
    **params
        Extra estimator parameters: for tomotopy ``iterations``, ``tol``, ``alpha``, ``eta``,
        ``optim_interval``, ``burn_in``; for scikit-learn its estimator's (e.g. ``max_iter=100``,
        ``doc_topic_prior=0.1``).

    Returns
    -------
    TopicModel
        ``topic_term`` (k × terms, rows sum to 1), ``doc_topic`` (rows × k), the ``dtm`` and
        the fit's settings.

    Raises
    ------
    CorpusError
        For a ``dtm`` that is not a :class:`DocumentTermMatrix`, an unknown method or engine, or k
        outside ``2 <= k < dtm.n_rows``.

    Examples
    --------
    >>> from framings.simulate import lda_tokens
    >>> toks = lda_tokens(random_state=0, n_topics=3, vocab_size=60).query("doc_id in ['doc-c', 'doc-e']")
    >>> dtm = fr.document_term_matrix(toks)
    >>> model = fr.fit_topics(dtm, k=3, cache=False)
    >>> model.engine, model.topic_term.shape == (3, len(dtm.vocabulary))
    ('tomotopy', True)
    >>> bool(np.allclose(model.topic_term.sum(axis=1), 1))
    True
    """
    if not isinstance(dtm, DocumentTermMatrix):
        raise CorpusError("fit_topics: expected a DocumentTermMatrix; build one with framings.document_term_matrix(toks).")
    method = _check_method(method)
    engine = _check_engine(engine, method)
    k = _check_k(k, dtm.n_rows)
    random_state = _check_seed(random_state, "fit_topics")
    args = _fit_args(dtm, k, method, random_state, params, engine, n_jobs)
    out = _cached_fit(cache, cache_dir)(*args)
    # a tomotopy model is ~20 MB in memory: read it back from the cache when asked; only one worker refits the same
    # model should the cache entry have gone
    lazy = cache and engine == "tomotopy" and args[-1] == 1
    model = TopicModel(
        topic_term=out["topic_term"],
        doc_topic=out["doc_topic"],
        dtm=dtm,
        method=method,
        k=k,
        random_state=random_state,
        estimator=None if lazy else _load_estimator(engine, out["estimator"]),
        params=dict(args[7]),
        engine=engine,
    )
    if "alpha" in out:  # the sampler's re-estimated α, kept so that reading it does not load the estimator
        model.__dict__["_alpha"] = np.asarray(out["alpha"], dtype=np.float64)
    if lazy:
        location = str(Path(cache_dir).expanduser() if cache_dir is not None else _default_cache_dir())
        model.__dict__["_estimator_source"] = functools.partial(_estimator_from_cache, location, k, method,
                                                                random_state, dict(params), engine, n_jobs)
    return model


# --------------------------------------------------------------------------- #
# coherence
# --------------------------------------------------------------------------- #
_REMOVE, _ADD = np.int8(1), np.int8(2)
