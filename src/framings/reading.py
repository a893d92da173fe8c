"""Close reading at scale: where a term falls in each document, and concordances of several terms at once.

A lexical dispersion plot (Jockers 2014, *Text Analysis with R*, ch. 4; NLTK's ``dispersion_plot``) shows each
occurrence of a term at its position in the document, so a reader sees whether a word runs through a text or
sits in one passage. :func:`term_positions` computes those positions; :func:`concordance` reads several terms in
context, each in the group where it matters most.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from .errors import CorpusError


def ordered_unique(values: Iterable) -> list:
    """The distinct values in the order they first occur.

    Parameters
    ----------
    values : iterable
        Any hashable values.

    Returns
    -------
    list
        Each value once, first occurrence first.

    Examples
    --------
    >>> ordered_unique(["b", "a", "b", "c", "a"])
    ['b', 'a', 'c']
    """
    return list(dict.fromkeys(values))


def term_positions(toks: pd.DataFrame, paras: pd.DataFrame, terms: Iterable[str]) -> pd.DataFrame:
    """Every occurrence of ``terms``, at its word offset in its document and as a share of the document's length.

    A token's offset is the number of words (before stop-word removal) in the document's earlier paragraphs plus
    its position in its own paragraph; ``relative_position`` divides by the document's words, so 0 is the first
    word and values near 1 the last.

    Parameters
    ----------
    toks : pandas.DataFrame
        Tokens (:func:`framings.tokens`: ``doc_id, para_id, position, token``).
    paras : pandas.DataFrame
        The paragraphs the tokens came from (``doc_id, para_id, framing, n_words``), in document order.
    terms : iterable of str
        The terms to locate (as tokens: lower case, phrases joined by ``_``).

    Returns
    -------
    pandas.DataFrame
        ``doc_id, framing, term, word_offset, relative_position``, sorted by document and offset.

    Raises
    ------
    CorpusError
        When a column is missing or ``terms`` is empty.

    Examples
    --------
    >>> paras = pd.DataFrame({"doc_id": ["d", "d"], "para_id": ["d-p1", "d-p2"], "framing": ["a", "a"],
    ...                       "n_words": [4, 4]})
    >>> toks = pd.DataFrame({"doc_id": ["d", "d", "d"], "para_id": ["d-p1", "d-p2", "d-p2"],
    ...                      "position": [1, 0, 3], "token": ["gas", "gas", "oil"]})
    >>> term_positions(toks, paras, ["gas"])[["term", "word_offset", "relative_position"]]
      term  word_offset  relative_position
    0  gas            1              0.125
    1  gas            4              0.500
    """
    for frame, columns, what in ((toks, ["doc_id", "para_id", "position", "token"], "toks"),
                                 (paras, ["doc_id", "para_id", "framing", "n_words"], "paras")):
        missing = [column for column in columns if column not in frame.columns]
        if missing:
            raise CorpusError(f"{what} lacks the column(s) {missing}")
    terms = [str(term) for term in terms]
    if not terms:
        raise CorpusError("terms is empty: name at least one term to locate")
    layout = pd.DataFrame({"doc_id": paras["doc_id"].astype(str).to_numpy(),
                           "para_id": paras["para_id"].astype(str).to_numpy(),
                           "framing": paras["framing"].astype(str).to_numpy(),
                           "n_words": paras["n_words"].to_numpy()})
    layout["start"] = layout.groupby("doc_id", sort=False)["n_words"].cumsum() - layout["n_words"]
    layout["doc_words"] = layout.groupby("doc_id", sort=False)["n_words"].transform("sum")
    found = toks[toks["token"].astype(str).isin(terms)]
    found = pd.DataFrame({"para_id": found["para_id"].astype(str).to_numpy(),
                          "term": found["token"].astype(str).to_numpy(),
                          "position": found["position"].to_numpy()}).merge(layout, on="para_id")
    found["word_offset"] = (found["start"] + found["position"]).astype(int)
    found["relative_position"] = (found["word_offset"] / found["doc_words"].clip(lower=1)).clip(upper=1.0)
    columns = ["doc_id", "framing", "term", "word_offset", "relative_position"]
    return found.sort_values(["doc_id", "word_offset"], kind="stable")[columns].reset_index(drop=True)


def most_key_framing(comparisons: pd.DataFrame) -> pd.Series:
    """For each term, the target group in which it has the largest G² against the rest.

    Parameters
    ----------
    comparisons : pandas.DataFrame
        :func:`framings.compare_groups` output (``target, reference, term, g2``); only the rows whose
        ``reference`` is ``"rest"`` are used.

    Returns
    -------
    pandas.Series
        Indexed by term, the group it is most key for.

    Raises
    ------
    CorpusError
        When a column is missing.

    Examples
    --------
    >>> comparisons = pd.DataFrame({"target": ["a", "b", "a"], "reference": ["rest"] * 3,
    ...                             "term": ["x", "x", "y"], "g2": [2.0, 5.0, 1.0]})
    >>> most_key_framing(comparisons).to_dict()
    {'x': 'b', 'y': 'a'}
    """
    missing = [c for c in ("target", "reference", "term", "g2") if c not in comparisons.columns]
    if missing:
        raise CorpusError(f"comparisons lacks the column(s) {missing}; pass framings.compare_groups output")
    rest = comparisons[comparisons["reference"] == "rest"]
    return (rest.sort_values("g2", ascending=False, kind="stable").drop_duplicates("term")
            .set_index("term")["target"])


def concordance(paras: pd.DataFrame, terms: Iterable[str], where: Mapping[str, str] | pd.Series | None = None,
                window: int = 8, n: int = 4) -> pd.DataFrame:
    """KWIC lines for several terms, each read in the group ``where`` names for it (or in the whole corpus).

    Parameters
    ----------
    paras : pandas.DataFrame
        Paragraphs (:func:`framings.paragraphs`).
    terms : iterable of str
        Terms as tokens (``_`` joins a phrase; it is searched as words).
    where : mapping or pandas.Series, optional
        Term → the ``framing`` whose paragraphs are searched (e.g. :func:`most_key_framing`). Terms absent from
        a given mapping are skipped; ``None`` searches every paragraph.
    window : int, default 8
        Words of context either side (:func:`framings.kwic`).
    n : int, default 4
        Lines kept per term (the first in corpus order).

    Returns
    -------
    pandas.DataFrame
        ``term, doc_id, framing, left, keyword, right``.

    Raises
    ------
    CorpusError
        From :func:`framings.kwic` on a bad ``window``.

    Examples
    --------
    >>> paras = pd.DataFrame({"doc_id": ["d"], "para_id": ["d-p1"], "framing": ["a"], "kind": ["body"],
    ...                       "text": ["Gas flows west and gas flows east."], "n_words": [7]})
    >>> concordance(paras, ["gas"], window=2, n=1)[["term", "keyword", "right"]]
      term keyword       right
    0  gas     Gas  flows west
    """
    from .keyness import kwic

    frames = []
    for term in ordered_unique(str(t) for t in terms):
        if where is not None and term not in where:
            continue
        searched = paras if where is None else paras[paras["framing"].astype(str) == str(where[term])]
        frames.append(kwic(searched, term.replace("_", " "), window=window).head(n).assign(term=term))
    columns = ["term", "doc_id", "framing", "left", "keyword", "right"]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True).reindex(columns=columns)


def dispersion_summary(positions: pd.DataFrame, documents: Iterable[str]) -> pd.DataFrame:
    """Per term: occurrences, documents using it, and the share of its occurrences in its densest document.

    Parameters
    ----------
    positions : pandas.DataFrame
        :func:`term_positions` output.
    documents : iterable of str
        Every document of the corpus (so a document without the term counts as not using it).

    Returns
    -------
    pandas.DataFrame
        Indexed by term: ``occurrences, documents_using, documents, top_document, top_document_share``.

    Examples
    --------
    >>> positions = pd.DataFrame({"doc_id": ["d1", "d1", "d2"], "framing": ["a"] * 3, "term": ["gas"] * 3,
    ...                           "word_offset": [1, 5, 2], "relative_position": [0.1, 0.5, 0.2]})
    >>> summary = dispersion_summary(positions, ["d1", "d2", "d3"])
    >>> int(summary.loc["gas", "occurrences"]), int(summary.loc["gas", "documents_using"])
    (3, 2)
    >>> summary.loc["gas", "top_document"]
    'd1'
    >>> round(float(summary.loc["gas", "top_document_share"]), 2)
    0.67
    """
    documents = list(documents)
    rows = {}
    for term, found in positions.groupby("term", sort=False):
        per_doc = found["doc_id"].value_counts()
        rows[term] = {"occurrences": int(len(found)), "documents_using": int(per_doc.size),
                      "documents": len(documents), "top_document": str(per_doc.index[0]),
                      "top_document_share": float(per_doc.iloc[0] / len(found))}
    columns = ["occurrences", "documents_using", "documents", "top_document", "top_document_share"]
    return pd.DataFrame.from_dict(rows, orient="index", columns=columns).rename_axis("term")


__all__ = ["ordered_unique", "term_positions", "most_key_framing", "concordance", "dispersion_summary"]
