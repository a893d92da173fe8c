"""Time the K sweep of framings.select_k: K = 2..12 × 10 seeds, cold and warm cache.

Usage:  python benchmarks/bench_topics.py [--method lda|nmf] [--kmax 12] [--seeds 10] [--n-jobs -1]
                                          [--synthetic] [--no-progress]

Data: the real corpus (framings.load_corpus() -> paragraphs() -> tokens()) when
that pipeline is importable and works, otherwise a synthetic token frame of
230 paragraphs from 5 documents in 3 framings.  "cold" runs against an empty
temporary cache directory, "warm" repeats the same call on the filled cache.
Target: cold <= 30 s on 2 cores (issue 18). ``FRAMINGS_BENCH_QUICK=1`` (``make bench-quick``):
K = 2..4 x 3 seeds.
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

TARGET_SECONDS = 30


def synthetic_tokens(seed: int = 0, n_topics: int = 6, vocab_size: int = 1500) -> pd.DataFrame:
    from framings.simulate import lda_tokens

    return lda_tokens(seed, n_topics, vocab_size)


def load_tokens():
    """(token frame, description): the real corpus if its pipeline works, else synthetic."""
    import framings as fr

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            toks = fr.tokens(fr.paragraphs(fr.load_corpus()))
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
    args = ap.parse_args(argv)
    quick = os.environ.get("FRAMINGS_BENCH_QUICK") == "1"
    if quick:
        args.kmax, args.seeds = min(args.kmax, 4), min(args.seeds, 3)

    import framings as fr

    t0 = time.perf_counter()
    toks, source = (synthetic_tokens(), "synthetic (--synthetic)") if args.synthetic else load_tokens()
    dtm = fr.document_term_matrix(toks)
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
    n = len(ks) * len(seeds)
    print(f"select_k {args.method}: K={ks.start}..{ks.stop - 1} × {len(seeds)} seeds = {n} fits")
    print(f"cold (empty cache): {t_cold:6.1f} s   {'OK' if t_cold <= TARGET_SECONDS else 'SLOWER THAN 30 s TARGET'}")
    print(f"warm (cached):      {t_warm:6.1f} s   identical results: {same}")
    summary = cold.groupby("k")[["coherence", "perplexity", "stability"]].mean()
    print(summary.round(3).to_string())
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from _bench import machine, save

    save("topics", {"fits": n, "ks": [ks.start, ks.stop - 1], "seeds": len(seeds), "cold_seconds": t_cold,
                    "warm_seconds": t_warm, "identical": bool(same), "target_seconds": TARGET_SECONDS,
                    "quick": quick, "load_average": machine()["load_average"]})
    return 0


if __name__ == "__main__":
    sys.exit(main())
