"""Count terms by group, and the two simplest weightings: rate per 10k and tf-idf."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .errors import CorpusError


def _counts_matrix(toks: pd.DataFrame, by: str):
    """(group labels, term labels, sparse group × term count matrix) from tidy tokens."""
    from scipy import sparse

    for column in (by, "token"):
        if column not in toks.columns:
            raise CorpusError(f"term_counts(): the token frame lacks column {column!r}; "
                              "pass fr.tokens(paras) or choose by= among its columns")
    groups = toks[by] if isinstance(toks[by].dtype, pd.CategoricalDtype) else toks[by].astype("category")
    terms = toks["token"] if isinstance(toks["token"].dtype, pd.CategoricalDtype) else toks["token"].astype("category")
    group_codes = groups.cat.codes.to_numpy()
    term_codes = terms.cat.codes.to_numpy()
    matrix = sparse.coo_matrix(
        (np.ones(len(toks), dtype=np.int64), (group_codes, term_codes)),
        shape=(len(groups.cat.categories), len(terms.cat.categories)),
    ).tocsr()
    return groups.cat.categories, terms.cat.categories, matrix


def term_counts(toks: pd.DataFrame, by: str = "framing") -> pd.DataFrame:
    """Groups × terms count table: index = groups of ``by``, columns = terms (sorted), int counts.

    Groups and terms with no tokens are dropped (a categorical level that never
    occurs is not a group).
    """
    groups, terms, matrix = _counts_matrix(toks, by)
    row_keep = np.asarray(matrix.sum(axis=1)).ravel() > 0
    col_keep = np.asarray(matrix.sum(axis=0)).ravel() > 0
    matrix = matrix[row_keep][:, col_keep]
    terms = np.asarray(terms)[col_keep]
    order = np.argsort(terms, kind="stable")
    counts = pd.DataFrame(matrix[:, order].toarray(), index=pd.Index(np.asarray(groups)[row_keep], name=by),
                          columns=pd.Index(terms[order], name="term"))
    return counts


def rate_per_10k(counts: pd.DataFrame) -> pd.DataFrame:
    """Occurrences per 10,000 tokens of each group (row), same shape as ``counts``."""
    totals = counts.sum(axis=1)
    if (totals == 0).any():
        empty = list(totals.index[totals == 0])
        raise CorpusError(f"rate_per_10k(): group(s) {empty} have no tokens; drop them first")
    return counts.div(totals, axis=0) * 10_000


def tf_idf(counts: pd.DataFrame) -> pd.DataFrame:
    """tf-idf of each term in each group, as tidytext's ``bind_tf_idf`` (Silge & Robinson 2016).

    ``tf = n / (tokens in the group)``; ``idf = ln(number of groups / number of groups
    containing the term)``; ``tf_idf = tf * idf``. Returns a tidy frame
    ``group, term, count, tf, idf, tf_idf`` (only terms that occur in the group),
    sorted by group, then tf_idf descending.
    """
    n_groups = len(counts.index)
    if n_groups == 0 or counts.shape[1] == 0:
        raise CorpusError("tf_idf(): empty count table; check the tokens and the grouping")
    values = counts.to_numpy()
    tf = values / values.sum(axis=1, keepdims=True)
    document_frequency = (values > 0).sum(axis=0)
    idf = np.log(n_groups / np.where(document_frequency == 0, 1, document_frequency))
    group_index, term_index = np.nonzero(values)
    tidy = pd.DataFrame({
        "group": counts.index.to_numpy()[group_index],
        "term": counts.columns.to_numpy()[term_index],
        "count": values[group_index, term_index],
        "tf": tf[group_index, term_index],
        "idf": idf[term_index],
    })
    tidy["tf_idf"] = tidy["tf"] * tidy["idf"]
    return tidy.sort_values(["group", "tf_idf", "term"], ascending=[True, False, True], ignore_index=True)
