"""Settings of a known-answer simulation read off a real corpus: how much documents differ, how strong a framing is.

A planted framing says something about real corpora only if the simulated documents differ from one another as
much as real ones do and the planted terms are no stronger than a real lexicon's. This module measures both on a
corpus: the intra-document correlation of word counts (a Dirichlet-multinomial's overdispersion, by the method of
moments of Weir & Hill 2002), and each lexicon term's extra rate in the documents of its own frame's label, with
the spread of that rate between documents of one label.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._check import require_columns
from ..frames import frame_matches, frame_scores, resolve_lexicon

HETEROGENEITY_COLUMNS = ["n_docs", "n_terms", "n_words", "rho", "rho_se", "concentration"]


STRENGTH_COLUMNS = ["frame", "term", "own_matches", "own_words", "other_matches", "other_words", "own_per_10k",
                    "other_per_10k", "extra_per_10k"]


def document_heterogeneity(counts: pd.DataFrame) -> pd.DataFrame:
    """How much documents differ in their word use: the Dirichlet-multinomial's ρ and concentration, by moments.

    If each document's word probabilities are a draw from Dirichlet(A · p) around the corpus' word distribution
    p, a count of ``n`` words has variance ``n p (1 − p) (1 + (n − 1) ρ)`` with the intra-document correlation
    ``ρ = 1 / (A + 1)``: ρ = 0 is a corpus whose documents are samples of one distribution (the assumption of G²
    and log-odds), larger ρ documents that differ as authors do. ρ is estimated by Weir & Hill's (2002) method of
    moments, as ``dirmult::weirMoM`` in R (Tvedebrink 2010) computes it:

        MSP = Σ_d n_d Σ_w (x_dw/n_d − p̂_w)² / (D − 1),   MSG = Σ_d n_d Σ_w (x_dw/n_d)(1 − x_dw/n_d) / (N − D),
        n_c = (N − Σ_d n_d² / N) / (D − 1),             ρ̂ = (MSP − MSG) / (MSP + (n_c − 1) MSG),

    with its standard error ``√(2 (1 − ρ̂)² / (D − 1)) · (1 + (n_c − 1) ρ̂) / n_c`` and ``A = 1/ρ̂ − 1``
    (the ``doc_concentration`` of :func:`planted_tokens`). The label differences of a labelled corpus count as
    heterogeneity too, so the estimate is an upper bound on how much documents of one label differ.

    Parameters
    ----------
    counts : pandas.DataFrame
        Documents × terms counts (:func:`framings.term_counts` with ``by="doc_id"``). Documents without words are
        dropped.

    Returns
    -------
    pandas.DataFrame
        One row: ``n_docs, n_terms, n_words, rho, rho_se, concentration``.

    Raises
    ------
    ValueError
        With fewer than two documents that have words, or negative counts.

    Examples
    --------
    Two documents with the same word shares do not differ (ρ ≤ 0: no overdispersion; A is then infinite).

    >>> same = pd.DataFrame([[10, 20, 30], [20, 40, 60]], columns=["a", "b", "c"])
    >>> round(float(document_heterogeneity(same)["rho"].iloc[0]), 4)
    -0.0127
    >>> apart = pd.DataFrame([[50, 5, 5], [5, 50, 5]], columns=["a", "b", "c"])
    >>> round(float(document_heterogeneity(apart)["rho"].iloc[0]), 3)
    0.653
    """
    matrix = np.asarray(counts, dtype=float)
    if matrix.ndim != 2 or (matrix < 0).any():
        raise ValueError("document_heterogeneity(): pass a documents × terms table of counts (no negative values)")
    matrix = matrix[matrix.sum(axis=1) > 0]
    n_docs, n_terms = matrix.shape
    if n_docs < 2:
        raise ValueError(f"document_heterogeneity(): {n_docs} document(s) with words; need at least 2")
    sizes = matrix.sum(axis=1)
    total = sizes.sum()
    pooled = matrix.sum(axis=0) / total
    shares = matrix / sizes[:, None]
    msp = float((((shares - pooled) ** 2).sum(axis=1) * sizes).sum() / (n_docs - 1))
    msg = float(((shares * (1 - shares)).sum(axis=1) * sizes).sum() / (total - n_docs))
    n_c = float((total - (sizes ** 2).sum() / total) / (n_docs - 1))
    rho = (msp - msg) / (msp + (n_c - 1) * msg)
    rho_se = float(np.sqrt(2 * (1 - rho) ** 2 / (n_docs - 1)) * (1 + (n_c - 1) * rho) / n_c)
    concentration = 1 / rho - 1 if rho > 0 else float("inf")
    return pd.DataFrame([{"n_docs": int(n_docs), "n_terms": int(n_terms), "n_words": int(total), "rho": float(rho),
                          "rho_se": rho_se, "concentration": float(concentration)}], columns=HETEROGENEITY_COLUMNS)


def lexicon_strength(paras: pd.DataFrame, lexicon: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each lexicon term's extra rate in the documents of its own frame's label: how strong a real framing is.

    For every frame whose name is also a label of ``framing``, each of its terms is counted (as
    :func:`framings.frame_scores` counts it) in the paragraphs of that label's documents and in all other
    paragraphs; ``extra_per_10k`` = matches per 10,000 words there minus elsewhere, the quantity
    :func:`planted_tokens` plants (``extra_per_10k``). Sorted strongest first.

    Parameters
    ----------
    paras : pandas.DataFrame
        Paragraphs (:func:`framings.paragraphs`): ``doc_id, para_id, framing, text, n_words``.
    lexicon : pandas.DataFrame or None, default None
        A frame lexicon (:func:`framings.load_lexicon`); None: the corpus's.

    Returns
    -------
    pandas.DataFrame
        ``frame, term, own_matches, own_words, other_matches, other_words, own_per_10k, other_per_10k,
        extra_per_10k``, one row per term of a frame that is also a label.

    Raises
    ------
    ValueError
        If a column is missing or no frame of the lexicon is a label of the corpus.

    Examples
    --------
    >>> paras = pd.DataFrame({"doc_id": ["a", "b"], "para_id": ["a-1", "b-1"], "framing": ["x", "y"],
    ...                       "text": ["gas gas pipe", "pipe road road"], "n_words": [3, 3]})
    >>> lexicon = pd.DataFrame({"frame": ["x", "x"], "term": ["gas", "pipe"], "rationale": "",
    ...                         "case_sensitive": False})
    >>> lexicon_strength(paras, lexicon)[["term", "extra_per_10k"]].round(1).values.tolist()
    [['gas', 6666.7], ['pipe', 0.0]]
    """
    require_columns(paras, ["doc_id", "para_id", "framing", "text", "n_words"], "lexicon_strength(): paras",
                    "pass fr.paragraphs(corpus)")
    lexicon = resolve_lexicon(lexicon, paras)
    paras = paras.reset_index(drop=True)
    labels = set(paras["framing"].astype(str))
    frames = [frame for frame in dict.fromkeys(lexicon["frame"].astype(str)) if frame in labels]
    if not frames:
        raise ValueError("lexicon_strength(): no frame of the lexicon is a label of the corpus; the strength of a "
                         "frame is measured in the documents of the label of the same name")
    words = paras.groupby(paras["framing"].astype(str))["n_words"].sum()
    total_words = float(words.sum())
    rows = []
    for frame in frames:
        part = frame_matches(paras, frame, lexicon=lexicon, window=0)
        own = part["framing"].astype(str).to_numpy() == frame
        own_counts = part.loc[own, "term"].value_counts()
        other_counts = part.loc[~own, "term"].value_counts()
        own_words = float(words[frame])
        for term in lexicon.loc[lexicon["frame"].astype(str) == frame, "term"].astype(str):
            own_n, other_n = int(own_counts.get(term, 0)), int(other_counts.get(term, 0))
            rows.append({"frame": frame, "term": term, "own_matches": own_n, "own_words": int(own_words),
                         "other_matches": other_n, "other_words": int(total_words - own_words),
                         "own_per_10k": 1e4 * own_n / own_words,
                         "other_per_10k": 1e4 * other_n / (total_words - own_words)})
    out = pd.DataFrame(rows, columns=STRENGTH_COLUMNS[:-1])
    out["extra_per_10k"] = out["own_per_10k"] - out["other_per_10k"]
    return out.sort_values(["extra_per_10k", "frame", "term"], ascending=[False, True, True],
                           kind="stable").reset_index(drop=True)[STRENGTH_COLUMNS]


def own_frame_rates(paras: pd.DataFrame, lexicon: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each document's rate of its own label's frame, per 10,000 words: how much a framing varies between documents.

    Parameters
    ----------
    paras : pandas.DataFrame
        Paragraphs (:func:`framings.paragraphs`).
    lexicon : pandas.DataFrame or None, default None
        A frame lexicon; None: the corpus's.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, framing, matches, n_words, rate_per_10k, paragraph_share`` (share of the document's paragraphs
        with at least one match) for the documents whose label is a frame of the lexicon.
        ``.attrs["cv"]`` is the coefficient of variation (SD / mean, ddof = 1) of the rate among the documents of a
        label, averaged over the labels with two or more documents (NaN if none), and ``.attrs["max_ratio"]`` the
        largest ratio of two same-label documents' rates, ``.attrs["paragraph_share"]`` the mean paragraph share.

    Examples
    --------
    >>> paras = pd.DataFrame({"doc_id": ["a", "b", "c"], "para_id": ["a-1", "b-1", "c-1"],
    ...                       "framing": ["x", "x", "y"], "text": ["gas gas pipe road", "gas road road road",
    ...                       "road"], "n_words": [4, 4, 1]})
    >>> lexicon = pd.DataFrame({"frame": ["x"], "term": ["gas"], "rationale": "", "case_sensitive": False})
    >>> rates = own_frame_rates(paras, lexicon)
    >>> rates["rate_per_10k"].tolist(), round(rates.attrs["cv"], 3), rates.attrs["max_ratio"]
    ([5000.0, 2500.0], 0.471, 2.0)
    """
    lexicon = resolve_lexicon(lexicon, paras)
    scores = frame_scores(paras, lexicon=lexicon)
    scores = scores[scores["frame"].astype(str) == scores["framing"].astype(str)]
    scores = scores.assign(with_match=scores["matches"] > 0)
    per_doc = (scores.groupby(["doc_id", "framing"], sort=False, observed=True)
               .agg(matches=("matches", "sum"), n_words=("n_words", "sum"), paragraph_share=("with_match", "mean"))
               .reset_index())
    per_doc["doc_id"] = per_doc["doc_id"].astype(str)
    per_doc["framing"] = per_doc["framing"].astype(str)
    per_doc["rate_per_10k"] = 1e4 * per_doc["matches"] / per_doc["n_words"]
    spread = per_doc.groupby("framing")["rate_per_10k"].agg(["count", "mean", "std", "min", "max"])
    several = spread[spread["count"] > 1]
    per_doc.attrs["cv"] = float((several["std"] / several["mean"]).mean()) if len(several) else float("nan")
    per_doc.attrs["max_ratio"] = float((several["max"] / several["min"]).max()) if len(several) else float("nan")
    per_doc.attrs["paragraph_share"] = float(per_doc["paragraph_share"].mean()) if len(per_doc) else float("nan")
    return per_doc[["doc_id", "framing", "matches", "n_words", "rate_per_10k", "paragraph_share"]]


