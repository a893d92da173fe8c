"""fr.rate_ci against a plain reference bootstrap, replicate by replicate.

The reference below follows the documented procedure literally, one replicate and one paragraph at a
time, with the same generator (``numpy.random.default_rng(random_state)``, one uniform per paragraph per
replicate, paragraphs taken in (group, document, paragraph) order). The library's vectorised version
(chunked draws, sums as sparse products) must give exactly the same intervals, not merely close ones:
the counts are whole numbers, so every sum is exact whatever the order of addition.
"""
import numpy as np
import pandas as pd
import pytest

import framings as fr


def reference_rate_ci(toks: pd.DataFrame, terms: list[str], by: str, n_boot: int, random_state: int,
                      level: float = 0.95) -> pd.DataFrame:
    frame = toks.dropna(subset=["token"])
    # paragraphs in (group, document, paragraph) order, each with its group, document, tokens
    paragraphs = []
    for (group, doc, para), part in frame.groupby([by, "doc_id", "para_id"], sort=True):
        words = part["token"].tolist()
        paragraphs.append({"group": group, "doc": doc, "para": para, "n": len(words),
                           "counts": [words.count(t) for t in terms]})
    siblings = {}  # (group, doc) -> that document's paragraphs, in order
    for p in paragraphs:
        siblings.setdefault((p["group"], p["doc"]), []).append(p)
    groups = sorted({p["group"] for p in paragraphs})
    rng = np.random.default_rng(random_state)
    rates = {(g, t): [] for g in groups for t in terms}
    for _ in range(n_boot):
        u = rng.random(len(paragraphs))
        num = {(g, t): 0 for g in groups for t in terms}
        den = dict.fromkeys(groups, 0)
        for i, p in enumerate(paragraphs):
            pool = siblings[(p["group"], p["doc"])]
            drawn = pool[int(np.floor(u[i] * len(pool)))]  # one paragraph of the same document
            den[p["group"]] += drawn["n"]
            for j, t in enumerate(terms):
                num[(p["group"], t)] += drawn["counts"][j]
        for g in groups:
            for t in terms:
                rates[(g, t)].append(num[(g, t)] / den[g] * 1e4)
    rows = []
    for g in groups:
        n_tokens = sum(p["n"] for p in paragraphs if p["group"] == g)
        for j, t in enumerate(terms):
            count = sum(p["counts"][j] for p in paragraphs if p["group"] == g)
            low, high = np.quantile(rates[(g, t)], [(1 - level) / 2, (1 + level) / 2])
            rows.append({"group": g, "term": t, "rate_per_10k": count / n_tokens * 1e4,
                         "ci_low": low, "ci_high": high})
    return pd.DataFrame(rows)


def uneven_toks(seed: int) -> pd.DataFrame:
    """Three groups, documents of 1-6 paragraphs of 1-30 words from a small vocabulary."""
    rng = np.random.default_rng(seed)
    vocab = np.array(["gas", "brother", "nation", "state", "pipeline", "balance", "hedge", "x"])
    rows = []
    for d in range(14):
        group = ["alliance", "autonomy", "neutral"][d % 3]
        for para in range(1, int(rng.integers(1, 7)) + 1):
            for position, word in enumerate(rng.choice(vocab, size=int(rng.integers(1, 31)))):
                rows.append((f"d{d:02d}", para, group, position, word))
    return pd.DataFrame(rows, columns=["doc_id", "para_id", "framing", "position", "token"])


@pytest.mark.parametrize("seed, random_state, n_boot", [(0, 0, 300), (1, 7, 257), (2, 123, 1)])
def test_rate_ci_is_the_reference_bootstrap_exactly(seed, random_state, n_boot):
    toks = uneven_toks(seed)
    terms = ["gas", "brother", "hedge", "absent"]
    got = fr.rate_ci(toks, terms, by="framing", n_boot=n_boot, random_state=random_state)
    want = reference_rate_ci(toks, terms, "framing", n_boot, random_state)
    pd.testing.assert_frame_equal(got.drop(columns="n_boot"), want, check_exact=True)
    # and the test can fail: another seed gives other intervals
    other = fr.rate_ci(toks, terms, by="framing", n_boot=n_boot, random_state=random_state + 1)
    if n_boot > 1:
        assert not other[["ci_low", "ci_high"]].equals(got[["ci_low", "ci_high"]])


def test_rate_ci_chunking_does_not_change_the_draws():
    # more replicates x paragraphs than one chunk holds, so the draws are taken in several blocks
    toks = uneven_toks(3)
    n_para = toks[["doc_id", "para_id"]].drop_duplicates().shape[0]
    n_boot = 4_000_000 // (n_para + 1) + 5
    got = fr.rate_ci(toks, ["gas"], n_boot=n_boot, random_state=5)
    want = reference_rate_ci(toks, ["gas"], "framing", n_boot, 5)
    pd.testing.assert_frame_equal(got.drop(columns="n_boot"), want, check_exact=True)
