"""Simulated corpora with known structure, for tests, benchmarks and teaching."""
from __future__ import annotations

import numpy as np
import pandas as pd

FRAMINGS = {"doc-a": "alliance", "doc-b": "alliance", "doc-c": "strategic-autonomy",
            "doc-d": "authoritarian-survival", "doc-e": "authoritarian-survival"}
N_PARAS = {"doc-a": 70, "doc-b": 65, "doc-c": 45, "doc-d": 35, "doc-e": 15}  # 230 paragraphs


def lda_tokens(seed=0, n_topics=6, vocab_size=1500) -> pd.DataFrame:
    """Tidy token frame drawn from an LDA-like generative model: 230 paragraphs, 5 docs, 3 framings.

    Each framing favours its own topics (Dirichlet α = 2.3 on them, 0.3 elsewhere); word
    distributions are Zipf-shaped permutations of one vocabulary. Deterministic for ``seed``.
    """
    rng = np.random.default_rng(seed)
    vocab = np.array([f"term{i:04d}" for i in range(vocab_size)], dtype=object)
    vocab[:6] = ["strategic_autonomy", "energy", "security", "alliance", "regime", "pipeline"]
    zipf = 1.0 / np.arange(1, vocab_size + 1) ** 1.1
    cdf = np.cumsum(np.stack([zipf[rng.permutation(vocab_size)] for _ in range(n_topics)]), axis=1)
    cdf /= cdf[:, -1:]
    frames = sorted(set(FRAMINGS.values()))
    rows = []
    for doc_id, n_par in N_PARAS.items():
        f = frames.index(FRAMINGS[doc_id])
        alpha = 0.3 + 2.0 * (np.arange(n_topics) % len(frames) == f)
        pos = 0
        for p in range(n_par):
            n_tok = int(rng.integers(15, 80))
            z = rng.choice(n_topics, size=n_tok, p=rng.dirichlet(alpha))
            w = np.array([np.searchsorted(cdf[t], u) for t, u in zip(z, rng.random(n_tok))])
            for word in vocab[np.minimum(w, vocab_size - 1)]:
                rows.append((doc_id, f"{doc_id}-p{p:03d}", FRAMINGS[doc_id], pos, word))
                pos += 1
    df = pd.DataFrame(rows, columns=["doc_id", "para_id", "framing", "position", "token"])
    for c in ("doc_id", "para_id", "framing", "token"):
        df[c] = df[c].astype("category")
    return df
