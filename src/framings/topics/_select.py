"""Choosing k: held-out perplexity (document completion), coherence and stability across seeds for each k."""

from __future__ import annotations

import heapq
import os
from concurrent.futures import FIRST_COMPLETED, wait
from pathlib import Path
from typing import Any, Iterable

import numpy as np
import pandas as pd

from .._progress import progress_bar
from ..errors import CorpusError
from . import _heldout
from ._coherence import (
    MEASURES,
    NPMI_WINDOW,
    _Cooccurrence,
    _prepare_topics,
    _texts_from,
)
from ._model import (
    DocumentTermMatrix,
    _check_engine,
    _check_k,
    _check_method,
    _check_seed,
    _default_cache_dir,
    _estimator_params,
    _fit_arrays,
    _load_estimator,
    _matrix_arrays,
    _memory,
)
from ._stability import _match, _unmatched


def _cached_sweep(cache: bool = True, cache_dir=None):
    return _memory(cache, cache_dir).cache(_sweep_task)


# --------------------------------------------------------------------------- #
# choosing k
# --------------------------------------------------------------------------- #
def _sweep_task(train, first, second, k, method, seed, params, engine):
    """One fit of the K sweep on the training rows; held-out perplexity by completing the held-out rows."""
    import scipy.sparse as sp  # heavy (scipy): imported on first use

    out = _fit_arrays(*train, k, method, seed, params, engine, 1)
    perplexity = float("nan")
    if method == "lda" and first is not None:
        first_half = sp.csr_matrix(first[:3], shape=first[3])
        if engine == "tomotopy":
            theta = _heldout.infer_gibbs(_load_estimator(engine, out["estimator"]), first_half)
        else:
            theta = _heldout.infer_variational(out["estimator"], first_half)
        perplexity = _heldout.perplexity(theta, out["topic_term"], sp.csr_matrix(second[:3], shape=second[3]))
    return {"topic_term": out["topic_term"], "perplexity": perplexity}


def _run_sweep_task(cache, cache_dir, key, args):
    return key, _cached_sweep(cache, cache_dir)(*args)


def _split_rows(n: int, holdout: float, random_state: int):
    rng = np.random.default_rng(random_state)
    perm = rng.permutation(n)
    n_test = int(round(n * holdout))
    if holdout > 0:
        n_test = min(max(n_test, 1), n - 1)
    return np.sort(perm[n_test:]), np.sort(perm[:n_test])


def _pairwise_stability(mats: dict) -> tuple[dict, dict]:
    """Per seed: mean matched cosine similarity to every other seed's topics, and the unmatched-pair null."""
    seeds = list(mats)
    pair, null = {}, {}
    for a_i, a in enumerate(seeds):
        for b in seeds[a_i + 1 :]:
            pair[(a, b)] = pair[(b, a)] = float(_match(mats[a], mats[b])[2].mean())
            unpaired = _unmatched(mats[a], mats[b])[2]
            null[(a, b)] = null[(b, a)] = float(unpaired.mean()) if unpaired.size else float("nan")
    nan = float("nan")
    stability = {s: float(np.mean([pair[(s, o)] for o in seeds if o != s])) if len(seeds) > 1 else nan
                 for s in seeds}
    stability_null = {s: float(np.mean([null[(s, o)] for o in seeds if o != s])) if len(seeds) > 1 else nan
                      for s in seeds}
    return stability, stability_null


def _settled(perplexities: list, stabilities: list, settle: float) -> bool:
    """The stopping rule: both means known to within ``settle`` (perplexity relative, stability absolute)."""
    n = len(stabilities)
    if n < 3:  # two seeds are one pair: both get the same stability, so its spread says nothing yet
        return False
    p = np.asarray([x for x in perplexities if np.isfinite(x)], dtype=float)
    if p.size >= 2 and p.std(ddof=1) / np.sqrt(p.size) > settle * p.mean():
        return False
    s = np.asarray(stabilities, dtype=float)
    return bool(s.std(ddof=1) / np.sqrt(n) <= settle)


def select_k(
    dtm: DocumentTermMatrix,
    ks: Iterable[int] = range(2, 13),
    seeds: Iterable[int] = range(10),
    method: str = "lda",
    cache: bool = True,
    *,
    engine: str | None = None,
    measure: str = "c_npmi",
    top_n: int = 10,
    texts: list[list[str]] | pd.DataFrame | DocumentTermMatrix | None = None,
    holdout: float = 0.2,
    random_state: int = 0,
    settle: float | None = 0.02,
    min_seeds: int = 3,
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
        held-out perplexity by document completion (Wallach, Murray,
        Salakhutdinov & Mimno 2009): each held-out row's tokens are split at
        random into two halves (seeded by ``random_state``); θ is inferred from
        the first half with the fitted topics fixed (tomotopy's ``infer``, or
        scikit-learn's ``transform``), and the second half is scored:
        ``exp(−Σ log Σ_t θ_dt φ_tw / N)`` over its N tokens; NaN for NMF;
    ``stability``
        mean pairwise stability: for this seed, the mean over every *other*
        seed of this k of the mean Hungarian-matched cosine similarity of topics (see
        :func:`stability`); NaN with a single seed;
    ``stability_null``
        its baseline: the same mean over the topic pairs the matching leaves
        unpaired (see :func:`stability_null`); NaN with a single seed.

    **No more fits than needed.** Seeds are taken in order: every k first gets
    ``min_seeds`` of them; then each k that is not yet *settled* gets one
    more, as soon as its own fits are in, until it is settled or ``seeds``
    run out. A k is
    settled when the standard error of its mean held-out perplexity is at most
    ``settle`` × that mean and the standard error of its mean stability at most
    ``settle``, with at least three seeds (two seeds are one pair, whose two
    stabilities are equal) (``settle=0.02``: both known to within about 2 %;
    ``settle=None`` fits every seed for every k). Which seeds a k gets depends
    only on the results, never on ``n_jobs``, so the table is reproducible.

    With ``one_topic=True`` (and ``method="lda"``, ``holdout > 0``) the result
    starts with ``k = 1`` rows (one per seed of the smallest k run, all equal:
    nothing is random), the one-topic model scored the same way: with one topic
    θ = 1 and φ_w = (n_w + η) / (N + V η), n_w the training counts and η the
    engine's topic-word prior (tomotopy 0.01, scikit-learn 1/k = 1), so its
    perplexity is the smoothed unigram model's on the second halves,
    ``.attrs["unigram_perplexity"]``; ``.attrs["unigram_eta"]`` gives the η.
    Coherence and stability are NaN there.

    Fits run in parallel (``joblib``'s worker processes, ``n_jobs``; each fit single-threaded; the
    largest k first, and a worker takes the next fit as soon as it is free), are
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
        The ``random_state`` of each fit, in the order they are used (two or more give the stability columns).
    method : {"lda", "nmf"}, default "lda"
        The model.
    cache : bool, default True
        Memoise every fit on disk (:func:`fit_topics`).
    engine : {"tomotopy", "sklearn"} or None, default None
        LDA's engine, as in :func:`fit_topics` (None: tomotopy for LDA).
    measure : {"c_npmi", "u_mass"}, default "c_npmi"
        Coherence measure (:func:`coherence`).
    top_n : int, default 10
        Terms per topic for coherence.
    texts : list of list of str or pandas.DataFrame or DocumentTermMatrix or None, default None
        Reference texts for coherence; ``None``: the full rows of ``dtm``.
    holdout : float, default 0.2
        Share of rows held out for perplexity, in [0, 1).
    random_state : int, default 0
        Seed of the held-out split and of the halves (each fit is seeded by its entry of ``seeds``).
    settle : float or None, default 0.02
        The stopping rule's tolerance (above); None: every seed for every k.
    min_seeds : int, default 3
        Seeds every k gets before the rule is applied.
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
        ``k, seed, coherence, perplexity, stability, stability_null``, one line per (k, seed) fitted;
        ``.attrs["seeds_run"]`` maps each k to its number of seeds, ``.attrs["n_fits"]`` counts the fits.

    Raises
    ------
    CorpusError
        For a ``dtm`` that is not a :class:`DocumentTermMatrix`, an unknown measure or engine, a
        holdout outside [0, 1), no k or no seed, ``top_n`` < 1, ``min_seeds`` < 1 or ``settle`` <= 0.

    Examples
    --------
    >>> from framings.simulate import lda_tokens
    >>> toks = lda_tokens(random_state=0, n_topics=3, vocab_size=60).query("doc_id in ['doc-c', 'doc-e']")
    >>> dtm = fr.document_term_matrix(toks)
    >>> table = fr.select_k(dtm, ks=[2, 3], seeds=[0, 1], method="nmf", cache=False, n_jobs=1, progress=False)
    >>> table[["k", "seed"]].values.tolist()
    [[2, 0], [2, 1], [3, 0], [3, 1]]
    """
    from joblib import effective_n_jobs  # heavy (joblib): imported on first use

    if not isinstance(dtm, DocumentTermMatrix):
        raise CorpusError("select_k: expected a DocumentTermMatrix; build one with framings.document_term_matrix(toks).")
    method = _check_method(method)
    engine = _check_engine(engine, method, "select_k")
    measure = str(measure).lower()
    if measure not in MEASURES:
        raise CorpusError(f"select_k: unknown measure {measure!r}; use one of {', '.join(MEASURES)}.")
    if not 0.0 <= holdout < 1.0:
        raise CorpusError(f"select_k: holdout={holdout} must lie in [0, 1).")
    if settle is not None and not (isinstance(settle, (int, float, np.floating)) and settle > 0):
        raise CorpusError(f"select_k: settle={settle!r} must be a positive number, or None to fit every seed.")
    if isinstance(min_seeds, bool) or not isinstance(min_seeds, (int, np.integer)) or min_seeds < 1:
        raise CorpusError(f"select_k: min_seeds={min_seeds!r} must be a positive integer.")
    train_idx, test_idx = _split_rows(dtm.n_rows, holdout, random_state)
    ks = list(dict.fromkeys(_check_k(k, len(train_idx), "select_k") for k in ks))
    seeds = list(dict.fromkeys(_check_seed(s, "select_k") for s in seeds))
    if not ks or not seeds:
        raise CorpusError("select_k: pass at least one k and one seed.")
    if isinstance(top_n, bool) or not isinstance(top_n, (int, np.integer)) or top_n < 1:
        raise CorpusError(f"select_k: top_n={top_n!r} must be a positive integer.")
    text_list = _texts_from(dtm if texts is None else texts, "select_k")
    full = tuple(sorted(_estimator_params(method, dict(params), engine).items()))
    X = dtm.matrix.tocsr()
    train = _matrix_arrays(X[train_idx])
    first = second = None
    if len(test_idx):
        first_half, second_half = _heldout.split_halves(X[test_idx], random_state)
        first, second = _matrix_arrays(first_half), _matrix_arrays(second_half)

    if cache:  # resolve here so that worker processes use the same folder
        cache_dir = str(Path(cache_dir).expanduser() if cache_dir is not None else _default_cache_dir())
    memo = _cached_sweep(cache, cache_dir)
    results: dict = {}
    seeds_run = {k: [] for k in ks}
    stability, stability_null = {}, {}
    # No rounds: a k's next seed is decided as soon as its own fits are in, from those fits alone, so the
    # workers never wait for a slow k (k = 12 takes four times k = 2) and the seeds each k gets do not
    # depend on n_jobs or on the order in which fits finish.
    waiting = {k: list(seeds[: len(seeds) if settle is None else min_seeds]) for k in ks}  # asked, not yet in
    queue: list = []  # fits to run, largest k first (the longest start first)

    def take():  # the queued fit of the largest k (stored as -k so that the heap pops it first)
        negative_k, seed = heapq.heappop(queue)
        return -negative_k, seed

    def args_of(key):
        return (train, first, second, key[0], method, key[1], full, engine)

    def ask(k, new_seeds, bar):
        for s in new_seeds:
            if cache and memo.check_call_in_cache(*args_of((k, s))):
                arrived((k, s), memo(*args_of((k, s))), bar)
            else:
                heapq.heappush(queue, (-k, s))

    def arrived(key, res, bar):
        k = key[0]
        results[key] = res
        bar.update(1)
        if any((k, s) not in results for s in waiting[k]):
            return
        seeds_run[k] += waiting[k]
        stability[k], stability_null[k] = _pairwise_stability({s: results[(k, s)]["topic_term"] for s in seeds_run[k]})
        left = seeds[len(seeds_run[k]):]
        done = not left or (settle is not None and _settled(
            [results[(k, s)]["perplexity"] for s in seeds_run[k]], list(stability[k].values()), settle))
        waiting[k] = [] if done else left[:1]
        ask(k, waiting[k], bar)

    workers = 1 if n_jobs == 1 else effective_n_jobs(n_jobs)
    executor = None
    with progress_bar(len(ks) * len(seeds), f"select_k ({method})", "fit", 1, enabled=progress,
                      unit_scale=False) as bar:
        for k in ks:
            ask(k, list(waiting[k]), bar)
        running: dict = {}
        while queue or running:
            if workers == 1 or (executor is None and len(queue) == 1 and not running):
                key = take()
                arrived(key, memo(*args_of(key)), bar)
                continue
            if executor is None:
                from joblib.externals.loky import get_reusable_executor  # heavy (joblib): imported on first use

                executor = get_reusable_executor(max_workers=workers)
            while queue and len(running) < workers:
                key = take()
                running[executor.submit(_run_sweep_task, cache, cache_dir, key, args_of(key))] = key
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                del running[future]
                arrived(*future.result(), bar)
    if executor is not None:
        # joblib keeps its worker processes idle for 300 s after the sweep, each holding a copy of the matrix: on a
        # 2,000-document corpus that was ~460 MB beside the kernel while the notebook went on (docs/performance.md)
        executor.shutdown(wait=True)

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
    eta = _topic_word_prior(engine, dict(full))
    if baseline:
        unigram_ppl = _one_topic_perplexity(X[train_idx], second_half, eta)
        for s in seeds_run[ks[0]]:
            records.append({"k": 1, "seed": s, "coherence": float("nan"), "perplexity": unigram_ppl,
                            "stability": float("nan"), "stability_null": float("nan")})
    for k in ks:
        for s in seeds_run[k]:
            coh = [stats.topic_coherence(t, measure) for t in prepared[(k, s)]]
            records.append(
                {
                    "k": k,
                    "seed": s,
                    "coherence": float(np.mean(coh)),
                    "perplexity": results[(k, s)]["perplexity"],
                    "stability": stability[k][s],
                    "stability_null": stability_null[k][s],
                }
            )
    out = pd.DataFrame.from_records(records, columns=["k", "seed", "coherence", "perplexity", "stability",
                                                      "stability_null"])
    out.attrs.update(
        {"method": method, "engine": engine, "measure": measure, "top_n": top_n, "holdout": holdout,
         "random_state": random_state, "n_train": len(train_idx), "n_test": len(test_idx), "settle": settle,
         "min_seeds": min_seeds, "seeds_run": {k: len(v) for k, v in seeds_run.items()},
         "n_fits": sum(len(v) for v in seeds_run.values())}
    )
    if baseline:
        out.attrs.update({"unigram_perplexity": unigram_ppl, "unigram_eta": eta})
    return out


def _topic_word_prior(engine: str, params: dict) -> float:
    """η of a one-topic model fitted like the others: tomotopy's ``eta``, scikit-learn's ``topic_word_prior`` (1/k = 1)."""
    if engine == "tomotopy":
        return float(params["eta"])
    return float(params.get("topic_word_prior") or 1.0)


def _one_topic_perplexity(X_train, second, eta: float) -> float:
    """Perplexity of the second halves under one topic: θ = 1, φ_w = (n_w + η) / (N + V η)."""
    n = np.asarray(X_train.sum(axis=0), dtype=np.float64).ravel()
    phi = ((n + eta) / (n.sum() + len(n) * eta))[None, :]
    return _heldout.perplexity(np.ones((second.shape[0], 1)), phi, second)
