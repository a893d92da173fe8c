"""Choosing k: held-out perplexity, coherence and stability across seeds for each k."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterable

import numpy as np
import pandas as pd

from .._progress import progress_bar
from ..errors import CorpusError
from ._coherence import (
    MEASURES,
    NPMI_WINDOW,
    _Cooccurrence,
    _prepare_topics,
    _texts_from,
)
from ._model import (
    DocumentTermMatrix,
    _check_k,
    _check_method,
    _check_seed,
    _default_cache_dir,
    _estimator_params,
    _fit_arrays,
    _matrix_arrays,
    _memory,
)
from ._stability import _match, _unmatched


def _cached_sweep(cache: bool = True, cache_dir=None):
    return _memory(cache, cache_dir).cache(_sweep_task)


# --------------------------------------------------------------------------- #
# choosing k
# --------------------------------------------------------------------------- #
def _sweep_task(train, test, k, method, seed, params):
    """One fit of the K sweep on the training rows; held-out perplexity on the test rows."""
    out = _fit_arrays(*train, k, method, seed, params)
    perplexity = float("nan")
    if method == "lda" and test is not None:
        import scipy.sparse as sp  # heavy (scipy): imported on first use

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
    from scipy.special import digamma, gammaln  # heavy (scipy): imported on first use
    from threadpoolctl import (
        threadpool_limits,  # loaded with scikit-learn: imported on first use
    )

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


def _split_rows(n: int, holdout: float, random_state: int):
    rng = np.random.default_rng(random_state)
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
    random_state: int = 0,
    n_jobs: int = -1,
    progress: bool = True,
    cache_dir: str | os.PathLike | None = None,
    one_topic: bool = True,
    **params: Any,
) -> pd.DataFrame:
    """Diagnostics for choosing the number of topics: one line per (k, seed), with a one-topic baseline.

    Like stm's ``searchK`` (Roberts, Stewart & Tingley 2019), every diagnostic
    comes from a single fit per (k, seed): the model is fitted to a fixed
    random 80 % of the rows (``holdout=0.2``, drawn once with ``random_state``,
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
        The ``random_state`` of each fit, for every k (two or more give the stability columns).
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
    random_state : int, default 0
        Seed of the held-out split (each fit is seeded by its entry of ``seeds``).
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
    >>> toks = lda_tokens(random_state=0, n_topics=3, vocab_size=60).query("doc_id in ['doc-c', 'doc-e']")
    >>> dtm = fr.document_term_matrix(toks)
    >>> table = fr.select_k(dtm, ks=[2, 3], seeds=[0, 1], method="nmf", cache=False, n_jobs=1, progress=False)
    >>> table[["k", "seed"]].values.tolist()
    [[2, 0], [2, 1], [3, 0], [3, 1]]
    """
    from joblib import Parallel, delayed  # heavy (joblib): imported on first use


    if not isinstance(dtm, DocumentTermMatrix):
        raise CorpusError("select_k: expected a DocumentTermMatrix; build one with framings.document_term_matrix(toks).")
    method = _check_method(method)
    measure = str(measure).lower()
    if measure not in MEASURES:
        raise CorpusError(f"select_k: unknown measure {measure!r}; use one of {', '.join(MEASURES)}.")
    if not 0.0 <= holdout < 1.0:
        raise CorpusError(f"select_k: holdout={holdout} must lie in [0, 1).")
    train_idx, test_idx = _split_rows(dtm.n_rows, holdout, random_state)
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
        {"method": method, "measure": measure, "top_n": top_n, "holdout": holdout, "random_state": random_state,
         "n_train": len(train_idx), "n_test": len(test_idx)}
    )
    if baseline:
        out.attrs.update({"unigram_perplexity": unigram_ppl, "unigram_eta": eta})
    return out


def _one_topic_perplexity(X_train, X_test, eta: float) -> tuple[float, float]:
    """(held-out perplexity of the one-topic LDA bound, plain unigram perplexity), both with prior η."""
    from scipy.special import digamma  # heavy (scipy): imported on first use

    n = np.asarray(X_train.sum(axis=0), dtype=np.float64).ravel()
    m = np.asarray(X_test.sum(axis=0), dtype=np.float64).ravel()
    total = m.sum()
    if total <= 0:
        return float("nan"), float("nan")
    lam = eta + n
    bound = float(m @ (digamma(lam) - digamma(lam.sum())))
    loglik = float(m @ np.log(lam / lam.sum()))
    return float(np.exp(-bound / total)), float(np.exp(-loglik / total))
