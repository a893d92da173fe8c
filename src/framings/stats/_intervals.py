"""Rates per 10,000 words with bootstrap intervals over paragraphs."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from .._check import require_columns, require_labels
from .._tidy import factorize_str
from ..errors import CorpusError
from ._keyness import _as_terms


# --------------------------------------------------------------------------
# bootstrap confidence intervals for rates
# --------------------------------------------------------------------------
def rate_ci(toks: pd.DataFrame, terms: str | Iterable[str], by: str = "framing", n_boot: int = 2000,
            random_state: int = 0, level: float = 0.95) -> pd.DataFrame:
    """Rate per 10,000 tokens of each term in each group, with a paragraph bootstrap CI.

    The point estimate is count / tokens * 10,000 over the group's tokens. The
    interval is a percentile bootstrap (Efron & Tibshirani 1993) that respects
    the corpus structure: in each of ``n_boot`` replicates every document's
    paragraphs are resampled with replacement (as many as it has), and the
    group's rate is recomputed over all tokens of its resampled paragraphs;
    ``ci_low``/``ci_high`` are the (1 - level)/2 and (1 + level)/2 quantiles.
    Random numbers come from ``numpy.random.default_rng(random_state)``, so the
    result is deterministic for a given ``random_state``.

    Returns ``group, term, rate_per_10k, ci_low, ci_high, n_boot``.

    Parameters
    ----------
    toks : pandas.DataFrame
        Tidy tokens (:func:`framings.tokens`), with ``doc_id`` and ``para_id``.
    terms : str or iterable of str
        The term(s) to measure.
    by : str, default "framing"
        The grouping column.
    n_boot : int, default 2000
        Bootstrap replicates.
    random_state : int, default 0
        Seed of the bootstrap.
    level : float, default 0.95
        Coverage of the percentile interval.

    Returns
    -------
    pandas.DataFrame
        ``group, term, rate_per_10k, ci_low, ci_high, n_boot``.

    Raises
    ------
    CorpusError
        For ``n_boot`` < 1, ``level`` outside (0, 1), or no tokens.

    Examples
    --------
    >>> toks = fr.tokens(fr.paragraphs(fr.load_corpus()))
    >>> table = fr.rate_ci(toks, ["energy"], n_boot=200, random_state=1)
    >>> bool(((table["ci_low"] <= table["rate_per_10k"]) & (table["rate_per_10k"] <= table["ci_high"])).all())
    True
    """
    require_columns(toks, ["doc_id", "para_id", "token", by], "rate_ci(): toks",
                    "pass the tidy token frame from framings.tokens()")

    require_labels(toks, "rate_ci()", by)
    terms = _as_terms(terms)
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 1:
        raise CorpusError(f"n_boot must be a whole number >= 1, got {n_boot!r}.")
    if not 0 < level < 1:
        raise CorpusError(f"level must be between 0 and 1, got {level!r}.")
    frame = toks.dropna(subset=["token"])
    if frame.empty:
        raise CorpusError("toks has no tokens; nothing to measure.")
    para_keys = ["doc_id", "para_id"] if by in ("doc_id", "para_id") else [by, "doc_id", "para_id"]
    grouped = frame.groupby(para_keys, sort=True, observed=True, dropna=False)
    para = grouped.ngroup().to_numpy(np.int64)
    n_para = int(para.max()) + 1
    first = frame.assign(_p=para).drop_duplicates("_p").sort_values("_p")  # one row per paragraph
    group_codes, group_labels = factorize_str(first[by])
    doc_codes, _ = factorize_str(first["doc_id"])
    tokens_per_para = np.bincount(para, minlength=n_para).astype(np.float64)
    term_index = {t: j for j, t in enumerate(terms)}
    tok_codes, vocab = factorize_str(frame["token"])
    col = np.array([term_index.get(v, -1) for v in vocab] + [-1], dtype=np.int64)[tok_codes]
    hit = col >= 0
    counts = np.zeros((n_para, len(terms)), dtype=np.float64)
    np.add.at(counts, (para[hit], col[hit]), 1.0)

    # strata = documents within groups; slots are laid out stratum by stratum
    stratum = pd.factorize(pd.MultiIndex.from_arrays([group_codes, doc_codes]))[0]
    slots = np.argsort(stratum, kind="stable")  # paragraph ids, grouped by stratum
    sizes = np.bincount(stratum)
    starts = np.r_[0, np.cumsum(sizes)[:-1]]
    slot_start = starts[stratum[slots]]
    slot_size = sizes[stratum[slots]]

    from scipy import sparse  # heavy (scipy): imported on first use

    rng = np.random.default_rng(random_state)
    q = [(1 - level) / 2, (1 + level) / 2]
    rates = np.empty((n_boot, len(group_labels), len(terms)))
    # a replicate's sums are (times each paragraph was drawn) @ (counts per paragraph): a sparse product
    # instead of gathering every drawn paragraph's row (the counts are integers, so the sums are exact and
    # the same in any order; the random numbers are drawn in the same sequence whatever the chunk)
    chunk = max(1, min(n_boot, int(4_000_000 // max(n_para + len(terms), 1))))
    group_of_slot = group_codes[slots]
    by_group = [np.flatnonzero(group_codes == g) for g in range(len(group_labels))]
    counts_of = [sparse.csr_matrix(counts[rows]) for rows in by_group]
    local = np.empty(n_para, dtype=np.int64)  # paragraph id -> its place among its group's paragraphs
    for rows in by_group:
        local[rows] = np.arange(len(rows))
    for b0 in range(0, n_boot, chunk):
        b = min(chunk, n_boot - b0)
        draw = slots[slot_start + np.floor(rng.random((b, n_para)) * slot_size).astype(np.int64)]
        for g, rows in enumerate(by_group):
            picked = draw[:, group_of_slot == g]
            times = sparse.csr_matrix((np.ones(picked.size), (np.repeat(np.arange(b), picked.shape[1]),
                                                              local[picked.ravel()])), shape=(b, len(rows)))
            num = np.asarray((times @ counts_of[g]).todense())
            den = times @ tokens_per_para[rows]
            rates[b0 : b0 + b, g, :] = num / den[:, None] * 1e4
    low, high = np.quantile(rates, q, axis=0)
    point_num = np.zeros((len(group_labels), len(terms)))
    np.add.at(point_num, group_codes, counts)
    point_den = np.bincount(group_codes, weights=tokens_per_para, minlength=len(group_labels))
    point = point_num / point_den[:, None] * 1e4
    # groups come out in groupby order (sorted, or category order)
    g_rep = np.repeat(np.arange(len(group_labels)), len(terms))
    t_rep = np.tile(np.arange(len(terms)), len(group_labels))
    return pd.DataFrame(
        {
            "group": pd.Series(np.asarray(group_labels, dtype=object)[g_rep], dtype=str),
            "term": pd.Series(np.asarray(terms, dtype=object)[t_rep], dtype=str),
            "rate_per_10k": point[g_rep, t_rep],
            "ci_low": low[g_rep, t_rep],
            "ci_high": high[g_rep, t_rep],
            "n_boot": np.int64(n_boot),
        }
    )


APART_COLUMNS = ["term", "n_groups", "n_groups_using", "apart", "pairs_apart", "pairs_compared"]


def intervals_apart(rates: pd.DataFrame) -> pd.DataFrame:
    """Per term: do the intervals of two groups that both use it lie apart?

    Two groups' intervals are *apart* when one's ``ci_low`` is above the other's
    ``ci_high``. Only groups with a positive rate take part: a group that never uses a
    term has the interval [0, 0] (the bootstrap cannot invent text that was not written),
    which lies "apart" from any used term's interval without saying anything about how
    precisely the rate is known. A term used by fewer than two groups cannot be compared
    (``apart`` is <NA>).

    Parameters
    ----------
    rates : pandas.DataFrame
        :func:`rate_ci` output (``group, term, rate_per_10k, ci_low, ci_high``).

    Returns
    -------
    pandas.DataFrame
        ``term, n_groups, n_groups_using, apart`` (boolean, <NA> when fewer than two groups
        use the term), ``pairs_apart`` and ``pairs_compared`` (pairs of groups that use it),
        one row per term in the order of ``rates``.

    Examples
    --------
    >>> rates = pd.DataFrame({"group": ["a", "b", "c"] * 2, "term": ["x"] * 3 + ["y"] * 3,
    ...                       "rate_per_10k": [5.0, 1.0, 0.0, 3.0, 0.0, 0.0],
    ...                       "ci_low": [4.0, 0.5, 0.0, 2.0, 0.0, 0.0], "ci_high": [6.0, 1.5, 0.0, 4.0, 0.0, 0.0]})
    >>> intervals_apart(rates)[["term", "n_groups_using", "apart", "pairs_apart"]].values.tolist()
    [['x', 2, True, 1], ['y', 1, <NA>, 0]]
    """
    require_columns(rates, ["group", "term", "rate_per_10k", "ci_low", "ci_high"], "intervals_apart(): rates",
                    "pass framings.rate_ci() output")
    rows = []
    for term, part in rates.groupby("term", sort=False):
        using = part[part["rate_per_10k"] > 0]
        low, high = using["ci_low"].to_numpy(float), using["ci_high"].to_numpy(float)
        n = len(using)
        pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
        n_apart = sum(bool(low[i] > high[j] or low[j] > high[i]) for i, j in pairs)
        rows.append((str(term), len(part), n, (n_apart > 0) if n >= 2 else pd.NA, n_apart, len(pairs)))
    out = pd.DataFrame(rows, columns=APART_COLUMNS)
    return out.astype({"apart": "boolean"})
