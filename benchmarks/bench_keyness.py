"""Time keyness / compare_groups on 4 groups x 200,000 terms of synthetic counts.

Standalone: ``python benchmarks/bench_keyness.py``. Target: each call <= 1 s.
"""
import time

import numpy as np
import pandas as pd

import framings as fr

N_GROUPS, N_TERMS = 4, 200_000


def synthetic_counts(seed=0):
    rng = np.random.default_rng(seed)
    # Zipf-like vocabulary: a few frequent terms, a long tail of rare ones
    base = 1e6 / np.arange(1, N_TERMS + 1) ** 1.1
    lam = base[None, :] * rng.uniform(0.5, 1.5, size=(N_GROUPS, N_TERMS))
    counts = rng.poisson(lam)
    index = pd.Index([f"group-{i}" for i in range(N_GROUPS)], name="framing")
    return pd.DataFrame(counts, index=index, columns=[f"term{j}" for j in range(N_TERMS)])


def timed(label, fn, repeat=3):
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<45s} {best:7.3f} s  ({len(out):,} rows)")


def main():
    counts = synthetic_counts()
    print(f"{N_GROUPS} groups x {N_TERMS:,} terms, {int(counts.to_numpy().sum()):,} tokens")
    timed("keyness(target, reference=None)", lambda: fr.keyness(counts, "group-0"))
    timed("keyness(correction='williams')", lambda: fr.keyness(counts, "group-0", correction="williams"))
    timed("compare_groups(pairwise=False)", lambda: fr.compare_groups(counts, pairwise=False))
    timed("compare_groups(pairwise=True)", lambda: fr.compare_groups(counts))
    timed("log_odds()", lambda: fr.log_odds(counts))


if __name__ == "__main__":
    main()
