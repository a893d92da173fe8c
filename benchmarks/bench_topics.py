"""Time the K sweep of framings.select_k (notebook 04's call: K = 2..12, up to 10 seeds, cold and warm cache)
and one k = 10 fit on 30,000 paragraphs.

Usage:  python benchmarks/bench_topics.py [--method lda|nmf] [--kmax 12] [--seeds 10] [--n-jobs -1]
                                          [--synthetic] [--no-progress] [--paragraphs 30000]

Data: the real corpus (framings.load_corpus() -> paragraphs() -> tokens()) when
that pipeline is importable and works, otherwise a synthetic token frame of
230 paragraphs from 5 documents in 3 framings.  "cold" runs against an empty
temporary cache directory, "warm" repeats the same call on the filled cache.
The sweep stops a settled k (select_k's default ``settle=0.02``), as notebook 04 does.
Target: cold <= 10 s on 2 cores (issue 24). The large fit: ``fit_topics(k=10)`` with its defaults, cold
cache, on the corpus' paragraph × term matrix stacked to ``--paragraphs`` rows (copies of the corpus'
paragraphs: Gibbs sampling costs the same per token whatever the words); target <= 20 s.
``FRAMINGS_BENCH_QUICK=1`` (``make bench-quick``): K = 2..4 x 3 seeds, 3,000 paragraphs.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import warnings

import numpy as np
import pandas as pd

TARGET_SECONDS = 10
FIT_TARGET_SECONDS = 20


def synthetic_tokens(seed: int = 0, n_topics: int = 6, vocab_size: int = 1500) -> pd.DataFrame:
    from framings.simulate import lda_tokens

    return lda_tokens(seed, n_topics, vocab_size)


def load_tokens():
    """(token frame, description): the real corpus if its pipeline works, else synthetic."""
    import framings as fr

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            toks = fr.tokens(fr.paragraphs(fr.load_corpus()), merge_variants=False)  # as notebook 04
        needed = {"doc_id", "para_id", "framing", "position", "token"}
        if not isinstance(toks, pd.DataFrame) or not needed.issubset(toks.columns) or len(toks) == 0:
            raise ValueError("tokens() did not return the tidy token frame")
        return toks, "corpus"
    except Exception as exc:  # noqa: BLE001 - any failure means "not ready yet"
        return synthetic_tokens(), f"synthetic (corpus pipeline unavailable: {type(exc).__name__}: {exc})"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--method", default="lda", choices=["lda", "nmf"])
    ap.add_argument("--kmax", type=int, default=12)
    ap.add_argument("--seeds", type=int, default=10)
    ap.add_argument("--n-jobs", type=int, default=-1)
    ap.add_argument("--no-progress", action="store_true")
    ap.add_argument("--synthetic", action="store_true", help="use synthetic data even if the corpus loads")
    ap.add_argument("--paragraphs", type=int, default=30_000)
    args = ap.parse_args(argv)
    quick = os.environ.get("FRAMINGS_BENCH_QUICK") == "1"
    if quick:
        args.kmax, args.seeds, args.paragraphs = min(args.kmax, 4), min(args.seeds, 3), min(args.paragraphs, 3000)

    import framings as fr

    t0 = time.perf_counter()
    toks, source = (synthetic_tokens(), "synthetic (--synthetic)") if args.synthetic else load_tokens()
    dtm = fr.document_term_matrix(toks, min_df=2, max_df=0.9)
    t_data = time.perf_counter() - t0
    print(f"data: {source}")
    print(f"      {dtm.n_rows} rows × {dtm.n_terms} terms, {int(dtm.matrix.sum())} tokens "
          f"({t_data:.1f} s to build); {os.cpu_count()} CPUs, n_jobs={args.n_jobs}")

    ks, seeds = range(2, args.kmax + 1), range(args.seeds)
    kw = dict(ks=ks, seeds=seeds, method=args.method, n_jobs=args.n_jobs, progress=not args.no_progress)
    with tempfile.TemporaryDirectory(prefix="framings-bench-") as cache_dir:
        t0 = time.perf_counter()
        cold = fr.select_k(dtm, cache_dir=cache_dir, **kw)
        t_cold = time.perf_counter() - t0
        t0 = time.perf_counter()
        warm = fr.select_k(dtm, cache_dir=cache_dir, **kw)
        t_warm = time.perf_counter() - t0
    same = cold.equals(warm)
    n = cold.attrs["n_fits"]
    print(f"select_k {args.method} ({cold.attrs['engine']}): K={ks.start}..{ks.stop - 1} × up to {len(seeds)} seeds: "
          f"{n} fits of {len(ks) * len(seeds)} (seeds per k: {cold.attrs['seeds_run']})")
    print(f"cold (empty cache): {t_cold:6.1f} s   "
          f"{'OK' if t_cold <= TARGET_SECONDS else f'SLOWER THAN THE {TARGET_SECONDS} s TARGET'}")
    print(f"warm (cached):      {t_warm:6.1f} s   identical results: {same}")
    summary = cold.groupby("k")[["coherence", "perplexity", "stability"]].mean()
    print(summary.round(3).to_string())
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from _bench import machine, save

    import scipy.sparse as sp

    copies = -(-args.paragraphs // dtm.n_rows)
    big = fr.topics.DocumentTermMatrix(matrix=sp.vstack([dtm.matrix] * copies).tocsr()[: args.paragraphs],
                                       vocabulary=dtm.vocabulary,
                                       rows=dtm.rows.loc[np.arange(args.paragraphs) % dtm.n_rows].reset_index(drop=True))
    with tempfile.TemporaryDirectory(prefix="framings-bench-") as cache_dir:
        t0, c0 = time.perf_counter(), time.process_time()
        model = fr.fit_topics(big, k=10, cache_dir=cache_dir)
        t_fit, c_fit = time.perf_counter() - t0, time.process_time() - c0
    sweeps = int(model.estimator.global_step)
    print(f"fit_topics(k=10) on {big.n_rows:,} paragraphs ({int(big.matrix.sum()):,} tokens), defaults, cold cache: "
          f"{t_fit:.1f} s wall, {c_fit:.1f} s CPU, {sweeps} Gibbs sweeps   "
          f"{'OK' if t_fit <= FIT_TARGET_SECONDS else f'SLOWER THAN THE {FIT_TARGET_SECONDS} s TARGET'}")
    save("topics", {"fits": n, "fits_max": len(ks) * len(seeds), "ks": [ks.start, ks.stop - 1], "seeds": len(seeds),
                    "cold_seconds": t_cold, "warm_seconds": t_warm, "identical": bool(same),
                    "target_seconds": TARGET_SECONDS, "fit_paragraphs": big.n_rows,
                    "fit_tokens": int(big.matrix.sum()), "fit_seconds": t_fit, "fit_cpu_seconds": c_fit,
                    "fit_sweeps": sweeps, "fit_target_seconds": FIT_TARGET_SECONDS,
                    "quick": quick, "load_average": machine()["load_average"]})
    return 0


if __name__ == "__main__":
    sys.exit(main())
