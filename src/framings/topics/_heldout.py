"""Held-out evaluation by document completion (Wallach, Murray, Salakhutdinov & Mimno 2009).

Each held-out document's tokens are split in two halves; θ is inferred from the first half with the topics
fixed, and the second half is scored under p(w | d) = Σ_t θ_dt φ_tw. Perplexity is
``exp(−Σ log p(w | d) / N)`` over the N tokens of the second halves.
"""

from __future__ import annotations

import numpy as np

from ._model import _row_words, _word_names

#: Gibbs sweeps tomotopy spends inferring θ of one held-out half (its own default).
INFER_ITERATIONS = 100


def split_halves(X, random_state: int = 0):
    """Split every row's tokens at random into two halves: ``(first, second)``, both CSR, ``first + second == X``.

    A row of n tokens keeps ⌊n / 2⌋ of them, drawn without replacement (seeded by ``random_state``), in
    ``first``; the other ⌈n / 2⌉ go to ``second``. A count matrix has lost word order, so the halves are a
    random split of the tokens rather than the text's first and second half.
    """
    import scipy.sparse as sp  # heavy (scipy): imported on first use

    X = sp.csr_matrix(X)
    X.sum_duplicates()
    counts = X.data.astype(np.int64)
    row_of_entry = np.repeat(np.arange(X.shape[0]), np.diff(X.indptr))
    token_row = np.repeat(row_of_entry, counts)
    token_col = np.repeat(X.indices, counts)
    rng = np.random.default_rng(random_state)
    order = np.lexsort((rng.random(len(token_row)), token_row))  # tokens in random order within each row
    length = np.bincount(row_of_entry, weights=counts, minlength=X.shape[0]).astype(np.int64)
    start = np.r_[0, np.cumsum(length)[:-1]]
    rank = np.arange(len(order)) - np.repeat(start, length)  # position of each shuffled token within its row
    shuffled_row, shuffled_col = token_row[order], token_col[order]
    in_first = rank < np.repeat(length // 2, length)

    def matrix(mask):
        m = sp.csr_matrix((np.ones(int(mask.sum())), (shuffled_row[mask], shuffled_col[mask])), shape=X.shape)
        m.sum_duplicates()
        return m

    return matrix(in_first), matrix(~in_first)


def completion_log_likelihood(theta: np.ndarray, phi: np.ndarray, second) -> np.ndarray:
    """Log-likelihood of each row of ``second`` (counts) under p(w | d) = Σ_t θ_dt φ_tw.

    ``theta`` is n × k (rows sum to 1), ``phi`` k × V (rows sum to 1); returns one value per row,
    Σ_w m_dw log Σ_t θ_dt φ_tw.
    """
    import scipy.sparse as sp  # heavy (scipy): imported on first use

    second = sp.csr_matrix(second)
    rows = np.repeat(np.arange(second.shape[0]), np.diff(second.indptr))
    p = np.einsum("ij,ji->i", np.asarray(theta, dtype=np.float64)[rows],
                  np.asarray(phi, dtype=np.float64)[:, second.indices])
    return np.bincount(rows, weights=second.data * np.log(p), minlength=second.shape[0])


def perplexity(theta: np.ndarray, phi: np.ndarray, second) -> float:
    """``exp(−L / N)``: L the completion log-likelihood of ``second``, N its number of tokens (NaN if none)."""
    n = float(second.sum())
    if n <= 0:
        return float("nan")
    return float(np.exp(-completion_log_likelihood(theta, phi, second).sum() / n))


def infer_gibbs(model, first) -> np.ndarray:
    """θ of each row of ``first`` by tomotopy's ``infer`` (one worker: reproducible), topics fixed.

    A row with no token the model knows gets the prior mean α / Σα.
    """
    import tomotopy as tp  # heavy (tomotopy): imported on first use

    alpha = np.asarray(model.alpha, dtype=np.float64)
    theta = np.tile(alpha / alpha.sum(), (first.shape[0], 1))
    known = set(model.used_vocabs)
    names = _word_names(first.shape[1])
    docs, rows = [], []
    for row in range(first.shape[0]):
        words = [w for w in _row_words(first, row, names) if w in known]
        if words:  # tomotopy aborts the process on an empty document
            docs.append(model.make_doc(words))
            rows.append(row)
    if docs:
        inferred, _ = model.infer(docs, iterations=INFER_ITERATIONS, workers=1, parallel=tp.ParallelScheme.NONE)
        theta[rows] = np.asarray(inferred, dtype=np.float64)
    return theta / theta.sum(axis=1, keepdims=True)


def infer_variational(estimator, first) -> np.ndarray:
    """θ of each row of ``first`` by scikit-learn's ``transform`` (variational E-step, topics fixed)."""
    from threadpoolctl import threadpool_limits  # loaded with scikit-learn: imported on first use

    with threadpool_limits(limits=1):
        theta = np.asarray(estimator.transform(first), dtype=np.float64)
    return theta / theta.sum(axis=1, keepdims=True)
