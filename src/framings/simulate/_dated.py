"""A simulated corpus with dates and outlets: documents whose use of a planted frame depends on their label and rises
over time by a known amount, for trends and effects of covariates with a known answer."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._planted import PLANTED_COLUMNS, invented_words

DATED_COLUMNS = ["doc_id", "framing", "outlet", "date", "n_words", "planted_per_10k"]


def dated_documents(n_docs: int = 200, *, start: str = "2016-01-01", end: str = "2023-12-31",
                    labels: tuple[str, str] = ("frame-a", "frame-b"), n_outlets: int = 4,
                    words_per_doc: tuple[int, int] = (300, 900), label_effect_per_10k: float = 40.0,
                    rise_per_year: float = 10.0, random_state: int = 0) -> pd.DataFrame:
    """Documents with a date, an outlet, a label and a known rate of a planted frame.

    Each document gets a date uniform between ``start`` and ``end``, an outlet (``outlet-1`` … ``outlet-n``,
    uniform), a label (``labels`` in turn) and a length uniform in ``words_per_doc``. The planted frame's true
    rate, per planted term and 10,000 background words, is

        planted_per_10k = label_effect_per_10k × [label = labels[0]] + rise_per_year × (years since ``start``)

    so the known answers are the label's effect, the rise per year, and no effect of the outlet or the length.
    :func:`dated_tokens` writes the words.

    Parameters
    ----------
    n_docs : int, default 200
        Documents (at least 4).
    start, end : str, default "2016-01-01", "2023-12-31"
        The range of dates.
    labels : tuple of str, default ("frame-a", "frame-b")
        The two labels; the first uses the frame more.
    n_outlets : int, default 4
        Outlets, which make no difference (a covariate whose true effect is 0).
    words_per_doc : tuple of int, default (300, 900)
        Range (inclusive) of background words per document.
    label_effect_per_10k : float, default 40.0
        The first label's extra rate per planted term and 10,000 words.
    rise_per_year : float, default 10.0
        The rise of the rate per year, for both labels.
    random_state : int, default 0
        Seeds every draw.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, framing, outlet, date, n_words, planted_per_10k``, in date order; ``attrs`` holds the
        parameters (the known answers).

    Raises
    ------
    ValueError
        Fewer than 4 documents, ``end`` not after ``start``, or a negative rate.

    Examples
    --------
    >>> docs = dated_documents(20, random_state=1)
    >>> docs.columns.tolist(), len(docs), docs["date"].is_monotonic_increasing
    (['doc_id', 'framing', 'outlet', 'date', 'n_words', 'planted_per_10k'], 20, True)
    """
    first, last = pd.Timestamp(start), pd.Timestamp(end)
    if n_docs < 4 or last <= first or label_effect_per_10k < 0 or rise_per_year < 0:
        raise ValueError("dated_documents(): need n_docs >= 4, end after start and non-negative rates")
    rng = np.random.default_rng([random_state, 3])
    span_days = (last - first).days
    dates = first + pd.to_timedelta(np.sort(rng.integers(0, span_days + 1, size=n_docs)), unit="D")
    framing = np.array([labels[d % 2] for d in range(n_docs)], dtype=object)
    rng.shuffle(framing)
    years = ((dates - first) / pd.Timedelta(days=365.25)).to_numpy(np.float64)
    docs = pd.DataFrame({
        "doc_id": [f"doc-{d + 1:03d}" for d in range(n_docs)],
        "framing": framing,
        "outlet": [f"outlet-{o + 1}" for o in rng.integers(0, n_outlets, size=n_docs)],
        "date": dates,
        "n_words": rng.integers(words_per_doc[0], words_per_doc[1] + 1, size=n_docs),
        "planted_per_10k": label_effect_per_10k * (framing == labels[0]) + rise_per_year * years,
    }, columns=DATED_COLUMNS)
    docs.attrs.update({"label_effect_per_10k": float(label_effect_per_10k), "rise_per_year": float(rise_per_year),
                       "labels": list(labels), "start": str(first.date()), "random_state": random_state})
    return docs


def dated_tokens(documents: pd.DataFrame, *, n_planted: int = 8, vocab_size: int = 1000,
                 zipf_exponent: float = 1.05, planted_ranks: tuple[int, int] = (40, 200),
                 words_per_paragraph: int = 60, random_state: int = 0) -> pd.DataFrame:
    """The words of :func:`dated_documents`: Zipf background words plus the planted frame at each document's rate.

    As :func:`planted_tokens`: every document draws ``n_words`` background words from one vocabulary of invented
    words with Zipf probabilities, and each of the ``n_planted`` planted terms (background words of Zipf rank in
    ``planted_ranks``) gets Binomial(``n_words``, ``planted_per_10k`` / 10,000) extra occurrences at random
    places.

    Parameters
    ----------
    documents : pandas.DataFrame
        From :func:`dated_documents` (``doc_id, framing, n_words, planted_per_10k``).
    n_planted : int, default 8
        Planted terms.
    vocab_size : int, default 1000
        Background vocabulary.
    zipf_exponent : float, default 1.05
        Exponent of the Zipf background.
    planted_ranks : tuple of int, default (40, 200)
        Zipf ranks among which the planted terms are chosen.
    words_per_paragraph : int, default 60
        Paragraph length.
    random_state : int, default 0
        Seeds every draw.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, para_id, framing, position, token, planted`` as :func:`planted_tokens` gives, so that
        :func:`planted_paragraphs`, :func:`framings.frame_scores` and the topic models run on it; ``attrs``:
        ``planted_terms`` and ``background_share`` (their probability among the background words), so that a
        document's expected share of planted words is (background_share + n_planted × rate / 10,000) /
        (1 + n_planted × rate / 10,000).

    Raises
    ------
    ValueError
        When ``documents`` lacks a column.

    Examples
    --------
    >>> docs = dated_documents(6, random_state=2)
    >>> toks = dated_tokens(docs, random_state=2)
    >>> toks["doc_id"].nunique(), len(toks.attrs["planted_terms"])
    (6, 8)
    """
    missing = [c for c in ("doc_id", "framing", "n_words", "planted_per_10k") if c not in documents.columns]
    if missing:
        raise ValueError(f"dated_tokens(): documents lacks {missing}; pass the frame of dated_documents()")
    vocab = np.array(invented_words(vocab_size, random_state=0), dtype=object)
    background = 1.0 / np.arange(1, vocab_size + 1) ** zipf_exponent
    background /= background.sum()
    rng = np.random.default_rng([random_state, 4])
    planted_idx = np.sort(rng.choice(np.arange(planted_ranks[0] - 1, planted_ranks[1]), size=n_planted,
                                     replace=False))
    parts = {c: [] for c in PLANTED_COLUMNS}
    for doc in documents.itertuples(index=False):
        drawn = rng.choice(vocab_size, size=int(doc.n_words), p=background)
        extra = rng.binomial(int(doc.n_words), min(1.0, doc.planted_per_10k / 1e4), size=n_planted)
        slots = np.sort(np.floor(rng.random(int(extra.sum())) * (len(drawn) + 1)).astype(np.int64))
        inserts = rng.permutation(np.repeat(planted_idx, extra))
        words = np.insert(drawn, slots, inserts)
        is_planted = np.insert(np.zeros(len(drawn), dtype=bool), slots, True)
        n = len(words)
        parts["doc_id"].append(np.full(n, doc.doc_id, dtype=object))
        parts["para_id"].append(np.array([f"{doc.doc_id}-p{p:03d}" for p in range(n // words_per_paragraph + 1)],
                                         dtype=object)[np.arange(n) // words_per_paragraph])
        parts["framing"].append(np.full(n, doc.framing, dtype=object))
        parts["position"].append(np.arange(n, dtype=np.int32))
        parts["token"].append(vocab[words])
        parts["planted"].append(is_planted)
    toks = pd.DataFrame({
        "doc_id": pd.Categorical(np.concatenate(parts["doc_id"])),
        "para_id": pd.Categorical(np.concatenate(parts["para_id"])),
        "framing": pd.Categorical(np.concatenate(parts["framing"])),
        "position": np.concatenate(parts["position"]).astype(np.int32),
        "token": pd.Categorical(np.concatenate(parts["token"])),
        "planted": np.concatenate(parts["planted"]),
    }, columns=PLANTED_COLUMNS)
    toks.attrs.update({"planted_terms": [str(vocab[i]) for i in planted_idx],
                       "background_share": float(background[planted_idx].sum()), "random_state": random_state})
    return toks
