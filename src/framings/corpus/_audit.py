"""Account for every raw word of a corpus: kept, removed by a named rule, or unaccounted."""

from __future__ import annotations

import pandas as pd

from ..clean import cleaning_report
from ..errors import CorpusError
from ._load import load_corpus

AUDIT_COLUMNS = ["doc_id", "raw_words", "kept", "removed", "unaccounted"]


def cleaning_audit(corpus: pd.DataFrame, raw: pd.DataFrame | None = None) -> pd.DataFrame:
    """Does the cleaning report add up? Per document: words in the raw text = words kept + words removed.

    All three are counted alike, as ``n_words`` is (:func:`framings._words.count_words_many`:
    letters-or-digits tokens, with every filter off): ``raw_words`` of the raw file,
    ``kept`` of the cleaned text (``n_words``), ``removed`` the sum of the report's
    ``words_removed`` (dropped lines and spans count their words; an inline removal
    counts the line's words before minus after; a repair or normalisation that
    changes the number of words reports the change). ``unaccounted = raw_words − kept
    − removed`` is 0 for every document when the accounting is complete.

    Parameters
    ----------
    corpus : pandas.DataFrame
        A corpus loaded with :func:`framings.load_corpus` (``clean=True``): it carries
        the cleaning report and the folder it came from.
    raw : pandas.DataFrame, optional
        The same corpus loaded with ``clean=False`` (read again from the corpus folder
        when omitted).

    Returns
    -------
    pandas.DataFrame
        ``doc_id, raw_words, kept, removed, unaccounted``, one row per document.

    Raises
    ------
    CorpusError
        If the corpus carries no cleaning report, or no folder and no ``raw`` is given.

    Examples
    --------
    >>> import framings as fr
    >>> audit = fr.corpus.cleaning_audit(fr.load_corpus())
    >>> bool((audit["unaccounted"] == 0).all())
    True
    """
    report = cleaning_report(corpus)
    if raw is None:
        folder = corpus.attrs.get("corpus_path")
        if not folder:
            raise CorpusError("cleaning_audit(): the corpus frame does not say which folder it came from; "
                              "pass raw=fr.load_corpus(folder, clean=False)")

        raw = load_corpus(folder, clean=False)
    raw_words = raw.set_index("doc_id")["n_words"]
    removed = report.groupby("doc_id", sort=False)["words_removed"].sum()
    out = pd.DataFrame({"doc_id": corpus["doc_id"].to_numpy()})
    out["raw_words"] = out["doc_id"].map(raw_words).astype("int64")
    out["kept"] = corpus["n_words"].to_numpy(dtype="int64")
    out["removed"] = out["doc_id"].map(removed).fillna(0).astype("int64")
    out["unaccounted"] = out["raw_words"] - out["kept"] - out["removed"]
    return out[AUDIT_COLUMNS]
