"""Topic prevalence per document or group, from the document-topic shares."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._check import require_columns
from ..errors import CorpusError
from ._model import TopicModel


_BLOCK_CELLS = 2_000_000


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
    >>> toks = lda_tokens(random_state=0, n_topics=2, vocab_size=50)
    >>> model = fr.fit_topics(fr.document_term_matrix(toks, min_df=1, max_df=1.0), k=2, method="nmf", cache=False)
    >>> table = fr.prevalence(model, by=None, n_boot=50)
    >>> round(float(table["mean_share"].sum()), 6)
    1.0
    """
    rows = model.dtm.rows
    if by is not None:
        require_columns(rows, [by], "prevalence(): the model's rows", f"choose by= among {', '.join(rows.columns)}")
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
    # each group's rows, in their order, as one slice of a stable sort: a mask per group was rows × groups of work
    # (48 million comparisons for 2,000 documents of 12 paragraphs)
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(groups) + 1))
    means, lows, highs = (np.empty((len(groups), k)) for _ in range(3))
    sizes = np.diff(bounds)
    for g in range(len(groups)):
        rows_g = order[bounds[g]:bounds[g + 1]]
        th = theta[rows_g]
        w = lengths[rows_g]
        if w.sum() <= 0:
            w = np.ones_like(w)
        n_g = th.shape[0]
        mean = (w @ th) / w.sum()
        # resamples in blocks of about 2M cells: one n_boot x n_g matrix of counts was 0.4 GB for a group of 12,000
        # paragraphs (the peak of notebook 04 on 2,000 documents); the generator is read in the same order, so the
        # draws are the ones a single call would make
        block = max(1, _BLOCK_CELLS // max(n_g, 1))
        boot = np.empty((n_boot, k))
        for start in range(0, n_boot, block):
            draws = rng.multinomial(n_g, np.full(n_g, 1.0 / n_g), size=min(block, n_boot - start))
            weighted = draws * w[None, :]
            totals = weighted.sum(axis=1, keepdims=True)
            with np.errstate(divide="ignore", invalid="ignore"):
                boot[start:start + len(draws)] = np.where(totals > 0, (weighted @ th) / totals, mean[None, :])
        lo, hi = np.percentile(boot, q, axis=0)
        means[g], lows[g], highs[g] = mean, np.minimum(lo, mean), np.maximum(hi, mean)
    out = pd.DataFrame({
        "group": np.repeat(groups, k),
        "topic": np.tile(np.arange(k), len(groups)),
        "mean_share": means.ravel(),
        "ci_low": lows.ravel(),
        "ci_high": highs.ravel(),
        "n": np.repeat(sizes, k),
    })
    out.attrs["weight"] = weight
    return out
