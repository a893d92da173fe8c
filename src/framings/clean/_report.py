"""The cleaning report summarised: words removed per rule category (a corpus names its own categories)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from .._io import read_table_rows
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


# Categories of the rules the engine applies to every document whatever a corpus' rules say; a corpus' own rule
# names are its data and take theirs from its rules/categories.csv (load_rule_categories).
BUILTIN_CATEGORIES = {"heading": "section headings", "url": "URLs and e-mails", "e-mail address": "URLs and e-mails"}


CATEGORIES_COLUMNS = ["rule", "category"]


def load_rule_categories(path: Path | str | None) -> dict[str, str]:
    """Read a corpus' kinds of boilerplate: the category of each rule name (``rules/categories.csv``).

    One row per rule, ``rule,category``, as :func:`words_removed` groups the cleaning report: the
    categories are its columns, in the order they first appear in the file. A rule name is the
    ``rule:`` of an entry in ``rules/*.yaml`` (``in-text-citation``; a row for it also covers
    ``in-text-citation (narrative)``) or one of the engine's own (``heading``, ``url``,
    ``e-mail address``: listing them places their column, else :data:`BUILTIN_CATEGORIES` apply).
    Lines starting with ``#`` are comments; spaces around a field are ignored.

    Parameters
    ----------
    path : pathlib.Path or str or None
        The file; ``None`` or a missing file: no categories.

    Returns
    -------
    dict of str to str
        Rule name → category, in the file's order.

    Raises
    ------
    CorpusError
        For a file that is not UTF-8, lacks the header ``rule,category``, has a row without both
        fields or lists a rule twice; the message names the file and the line.

    Examples
    --------
    >>> categories = fr.clean.load_rule_categories(fr.corpus.default_corpus_path() / "rules" / "categories.csv")
    >>> categories["references"]
    'reference lists'
    >>> fr.clean.load_rule_categories(None)
    {}
    """
    if path is None:
        return {}
    categories: dict[str, str] = {}
    for number, (rule, category) in read_table_rows(path, CATEGORIES_COLUMNS, "rule categories file"):
        if rule in categories:
            raise CorpusError(f"{path}, line {number}: the rule {rule!r} is listed twice")
        categories[rule] = category
    return categories


def words_removed(corpus: pd.DataFrame, categories: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Words kept and removed per document, by kind of boilerplate (documents × categories).

    The first column is ``kept`` (words after cleaning); the others sum ``words_removed``
    of the report by the category of each rule: ``categories``, then :data:`BUILTIN_CATEGORIES`;
    rules in neither go to ``other``. A rule ``name (detail)`` takes the category of ``name``
    unless ``categories`` names it in full. Columns follow ``categories``' order, then the
    built-in categories, then ``other``.

    Parameters
    ----------
    corpus : pandas.DataFrame
        A corpus frame from :func:`framings.load_corpus` with ``clean=True``.
    categories : mapping of str to str or None, default None
        Rule name → category; ``None``: the corpus' own, ``rules/categories.csv`` of its folder
        (:func:`load_rule_categories`; ``load_corpus`` keeps them in ``attrs["rule_categories"]``).

    Returns
    -------
    pandas.DataFrame
        Index ``doc_id``; columns ``kept`` and one per category, word counts.

    Examples
    --------
    >>> table = fr.clean.words_removed(fr.load_corpus())
    >>> table.columns[0], len(table)
    ('kept', 5)
    >>> fr.clean.words_removed(fr.load_corpus(), categories={}).columns.tolist()
    ['kept', 'section headings', 'other']
    """
    report = cleaning_report(corpus)
    if categories is None:
        categories = corpus.attrs.get("rule_categories") or {}
    lookup = {**BUILTIN_CATEGORIES, **categories}
    base_rule = report["rule"].str.replace(r"\s*\(.*\)$", "", regex=True)
    category = report["rule"].map(lookup).fillna(base_rule.map(lookup)).fillna("other")
    removed = report.assign(category=category)
    removed = removed[removed["words_removed"] > 0]
    table = removed.pivot_table(index="doc_id", columns="category", values="words_removed", aggfunc="sum",
                                fill_value=0)
    order = dict.fromkeys([*categories.values(), *BUILTIN_CATEGORIES.values(), "other"])
    columns = [c for c in order if c in table.columns]
    table = table.reindex(index=corpus["doc_id"], columns=columns, fill_value=0)
    table.insert(0, "kept", corpus.set_index("doc_id")["n_words"])
    return table
