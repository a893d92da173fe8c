"""Describe a corpus: how large each document and framing is, which terms every framing shares at the top.

The course's first notebooks describe before they test. These functions turn the paragraph and count tables
into the small summary tables those cells show, so a cell reads as one step of the argument.
"""
from __future__ import annotations

import pandas as pd

from .errors import CorpusError


def _require(frame: pd.DataFrame, columns: list[str], what: str) -> None:
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise CorpusError(f"{what} lacks the column(s) {missing}; pass the frame the named framings function returns")


def document_sizes(paras: pd.DataFrame) -> pd.DataFrame:
    """Paragraphs and words per document, in the order the documents first appear.

    Parameters
    ----------
    paras : pandas.DataFrame
        Paragraphs as :func:`framings.paragraphs` returns them (``framing, doc_id, para_id, n_words``).

    Returns
    -------
    pandas.DataFrame
        ``framing, doc_id, paragraphs, words``: one row per document.

    Raises
    ------
    CorpusError
        When a column is missing.

    Examples
    --------
    >>> paras = pd.DataFrame({"framing": ["a", "a", "b"], "doc_id": ["d1", "d1", "d2"],
    ...                       "para_id": ["p1", "p2", "p3"], "n_words": [10, 5, 7]})
    >>> document_sizes(paras)
      framing doc_id  paragraphs  words
    0       a     d1           2     15
    1       b     d2           1      7
    """
    _require(paras, ["framing", "doc_id", "para_id", "n_words"], "paras")
    return (paras.groupby(["framing", "doc_id"], sort=False, observed=True)
            .agg(paragraphs=("para_id", "size"), words=("n_words", "sum")).reset_index())


def framing_sizes(sizes: pd.DataFrame) -> pd.DataFrame:
    """Per framing: paragraphs, words, documents and the largest document's share of the framing's words.

    Parameters
    ----------
    sizes : pandas.DataFrame
        The table :func:`document_sizes` returns.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``framing``: ``paragraphs, words, documents, largest_document_share`` (rounded to 2 places).
        A share of 1 means one document carries every word of the framing.

    Raises
    ------
    CorpusError
        When a column is missing.

    Examples
    --------
    >>> sizes = pd.DataFrame({"framing": ["a", "a", "b"], "doc_id": ["d1", "d2", "d3"],
    ...                       "paragraphs": [2, 1, 1], "words": [30, 10, 7]})
    >>> framing_sizes(sizes).reset_index()
      framing  paragraphs  words  documents  largest_document_share
    0       a           3     40          2                    0.75
    1       b           1      7          1                    1.00
    """
    _require(sizes, ["framing", "doc_id", "paragraphs", "words"], "sizes")
    grouped = sizes.groupby("framing", observed=True)
    table = grouped[["paragraphs", "words"]].sum()
    table["documents"] = grouped.size()
    table["largest_document_share"] = (grouped["words"].max() / table["words"]).round(2)
    return table


def long_rates(counts: pd.DataFrame) -> pd.DataFrame:
    """Rates per 10,000 words as a long table (one row per group and term), for faceted bar charts.

    Parameters
    ----------
    counts : pandas.DataFrame
        Groups × terms counts (:func:`framings.term_counts`).

    Returns
    -------
    pandas.DataFrame
        ``group, term, rate_per_10k``, in the order of the count table.

    Examples
    --------
    >>> counts = pd.DataFrame({"x": [3, 0], "y": [1, 4]}, index=pd.Index(["a", "b"], name="framing"))
    >>> long_rates(counts)
      group term  rate_per_10k
    0     a    x        7500.0
    1     a    y        2500.0
    2     b    x           0.0
    3     b    y       10000.0
    """
    from .terms import rate_per_10k

    rates = rate_per_10k(counts).rename_axis(index="group", columns="term")
    return rates.stack().rename("rate_per_10k").reset_index()


def shared_top_terms(rates: pd.DataFrame, n: int) -> list[str]:
    """The terms in the top ``n`` (by rate) of every group, sorted alphabetically.

    Parameters
    ----------
    rates : pandas.DataFrame
        ``group, term, rate_per_10k`` (:func:`long_rates`).
    n : int
        How many top terms per group (ties broken by first occurrence, as ``nlargest(keep="first")``).

    Returns
    -------
    list of str
        The terms every group has in its top ``n``; empty when none.

    Raises
    ------
    CorpusError
        When ``n`` is not a positive whole number or a column is missing.

    Examples
    --------
    >>> rates = pd.DataFrame({"group": ["a", "a", "a", "b", "b", "b"], "term": ["x", "y", "z"] * 2,
    ...                       "rate_per_10k": [5.0, 3.0, 1.0, 4.0, 1.0, 3.0]})
    >>> shared_top_terms(rates, 2)
    ['x']
    """
    _require(rates, ["group", "term", "rate_per_10k"], "rates")
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise CorpusError(f"n must be a whole number >= 1, got {n!r}")
    tops = [set(group.nlargest(n, "rate_per_10k", keep="first")["term"])
            for _, group in rates.groupby("group", sort=False, observed=True)]
    return sorted(set.intersection(*tops)) if tops else []


def tfidf_exclusivity(weighted: pd.DataFrame, counts: pd.DataFrame, n: int) -> pd.DataFrame:
    """Each group's top ``n`` tf-idf terms with the number of groups that use each term at all.

    With few groups idf takes few values, so tf-idf mostly rewards terms used by one group only;
    ``framings_using`` makes that visible (1 = exclusive to the group).

    Parameters
    ----------
    weighted : pandas.DataFrame
        ``group, term, tf_idf`` sorted by ``tf_idf`` within group (:func:`framings.tf_idf`).
    counts : pandas.DataFrame
        The groups × terms counts ``weighted`` was computed from.
    n : int
        Top terms per group.

    Returns
    -------
    pandas.DataFrame
        The top rows of ``weighted`` with a column ``framings_using``; ``attrs["exclusive_share"]`` is the share
        of them used by one group only.

    Raises
    ------
    CorpusError
        When a column is missing.

    Examples
    --------
    >>> counts = pd.DataFrame({"x": [3, 0], "y": [1, 4]}, index=["a", "b"])
    >>> weighted = pd.DataFrame({"group": ["a", "a", "b"], "term": ["x", "y", "y"], "tf_idf": [0.5, 0.0, 0.0]})
    >>> shown = tfidf_exclusivity(weighted, counts, 1)
    >>> shown[["group", "term", "framings_using"]].to_dict("records")
    [{'group': 'a', 'term': 'x', 'framings_using': 1}, {'group': 'b', 'term': 'y', 'framings_using': 2}]
    >>> shown.attrs["exclusive_share"]
    0.5
    """
    _require(weighted, ["group", "term", "tf_idf"], "weighted")
    shown = weighted.groupby("group", sort=False, observed=True).head(n).reset_index(drop=True)
    using = (counts > 0).sum()
    shown = shown.assign(framings_using=shown["term"].map(using).astype(int).to_numpy())
    shown.attrs["exclusive_share"] = float((shown["framings_using"] == 1).mean()) if len(shown) else float("nan")
    return shown
