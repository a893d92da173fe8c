"""The cleaning report summarised: words removed per rule category."""

from __future__ import annotations

import pandas as pd

from ..errors import CorpusError


def cleaning_report(corpus: pd.DataFrame) -> pd.DataFrame:
    """The cleaning report of a loaded corpus (one row per action).

    Parameters
    ----------
    corpus : pandas.DataFrame
        A corpus frame from :func:`framings.load_corpus` with ``clean=True``.

    Returns
    -------
    pandas.DataFrame
        Columns ``doc_id, rule, action, matched, count, words_removed``.

    Raises
    ------
    CorpusError
        When the frame carries no report (loaded with ``clean=False``, or rebuilt).

    Examples
    --------
    >>> fr.cleaning_report(fr.load_corpus()).columns.tolist()
    ['doc_id', 'rule', 'action', 'matched', 'count', 'words_removed']
    """
    report = corpus.attrs.get("cleaning_report")
    if report is None:
        raise CorpusError("this corpus frame carries no cleaning report; load it with fr.load_corpus(clean=True)")
    return report


# Rule names grouped into the kinds of boilerplate the shared corpus README names.
RULE_CATEGORIES = {
    "front matter": ("citation-line", "chapter-header", "title-repeated", "author-repeated", "authors-repeated",
                     "affiliation", "date-line", "policy-brief-header", "abstract", "keywords", "funding-note",
                     "disclaimer"),
    "section headings": ("heading",),
    "in-text citations": ("in-text-citation",),
    "reference lists": ("references",),
    "biographies and project blurb": ("author-bio", "author-bios", "project-blurb"),
    "web navigation and footers": ("web-navigation", "news-teasers-and-footer", "newsletter-footer"),
    "URLs and e-mails": ("url", "e-mail address"),
}


def words_removed(corpus: pd.DataFrame) -> pd.DataFrame:
    """Words kept and removed per document, by kind of boilerplate (documents × categories).

    The first column is ``kept`` (words after cleaning); the others sum ``words_removed``
    of the report by :data:`RULE_CATEGORIES`; rules outside those go to ``other``.

    Parameters
    ----------
    corpus : pandas.DataFrame
        A corpus frame from :func:`framings.load_corpus` with ``clean=True``.

    Returns
    -------
    pandas.DataFrame
        Index ``doc_id``; columns ``kept`` and one per category, word counts.

    Examples
    --------
    >>> table = fr.clean.words_removed(fr.load_corpus())
    >>> table.columns[0], len(table)
    ('kept', 5)
    """
    report = cleaning_report(corpus)
    lookup = {rule: category for category, rules in RULE_CATEGORIES.items() for rule in rules}
    base_rule = report["rule"].str.replace(r"\s*\(.*\)$", "", regex=True)
    removed = report.assign(category=base_rule.map(lookup).fillna("other"))
    removed = removed[removed["words_removed"] > 0]
    table = removed.pivot_table(index="doc_id", columns="category", values="words_removed", aggfunc="sum",
                                fill_value=0)
    columns = [c for c in [*RULE_CATEGORIES, "other"] if c in table.columns]
    table = table.reindex(index=corpus["doc_id"], columns=columns, fill_value=0)
    table.insert(0, "kept", corpus.set_index("doc_id")["n_words"])
    return table
