"""Spelling variants as written: which documents use which spelling of one name (Türkiye / Turkiye / Turkey)."""

from __future__ import annotations

from typing import Iterable

import pandas as pd

from ..errors import CorpusError
from ._resources import load_variants

SPELLING_COLUMNS = ["canonical", "variant", "count"]


def spelling_variants(toks: pd.DataFrame, by: str = "doc_id", variants: dict[str, str] | None = None,
                      min_spellings: int = 2) -> pd.DataFrame:
    """Count each spelling of every name that the corpus writes in at least ``min_spellings`` ways.

    Parameters
    ----------
    toks : pandas.DataFrame
        Tidy tokens made with ``merge_variants=False`` (so that spellings stay apart; the default, True,
        merges them), with a ``token`` column and the column ``by``.
    by : str, default 'doc_id'
        The unit to count in (``"doc_id"`` or ``"framing"``).
    variants : dict[str, str] | None, default None
        ``{variant: canonical}``; default :func:`framings.text.load_variants` (``resources/variants.csv``).
    min_spellings : int, default 2
        Keep a canonical name only if this many of its spellings occur in ``toks``.

    Returns
    -------
    pandas.DataFrame
        One row per canonical name, spelling and ``by`` value that uses it: ``canonical, variant, <by>,
        count``, names with the most occurrences first. Empty (same columns) when no name is written in
        ``min_spellings`` ways, so a notebook can say that the comparison does not apply.

    Raises
    ------
    CorpusError
        When ``toks`` were made with ``merge_variants=True`` (their ``attrs`` say so): the spellings are
        merged already, and the table would be empty.

    Examples
    --------
    >>> toks = pd.DataFrame({"doc_id": ["a", "a", "b"], "token": ["turkey", "türkiye", "türkiye"]})
    >>> spelling_variants(toks)[["variant", "doc_id", "count"]].values.tolist()
    [['türkiye', 'a', 1], ['türkiye', 'b', 1], ['turkey', 'a', 1]]
    """
    if toks.attrs.get("merge_variants"):
        raise CorpusError("spelling_variants(): toks were made with merge_variants=True (the default), which merges "
                          "the spellings this counts; pass fr.tokens(paras, merge_variants=False)")
    mapping = load_variants() if variants is None else variants
    columns = ["canonical", "variant", by, "count"]
    written = toks[toks["token"].astype(str).isin(mapping)]
    if written.empty:
        return pd.DataFrame(columns=columns)
    counted = (written.assign(variant=written["token"].astype(str))
               .groupby(["variant", by], observed=True).size().rename("count").reset_index())
    counted = counted[counted["count"] > 0]
    counted["canonical"] = counted["variant"].map(mapping)
    n_spellings = counted.groupby("canonical")["variant"].transform("nunique")
    counted = counted[n_spellings >= min_spellings]
    if counted.empty:
        return pd.DataFrame(columns=columns)
    name_total = counted.groupby("canonical")["count"].transform("sum")
    spelling_total = counted.groupby("variant")["count"].transform("sum")
    counted = counted.assign(_name=-name_total, _spelling=-spelling_total, **{by: counted[by].astype(str)})
    return (counted.sort_values(["_name", "canonical", "_spelling", "variant", by], kind="stable")[columns]
            .reset_index(drop=True))


def spelling_table(spellings: pd.DataFrame, documents: Iterable[str], name: str | None = None) -> pd.DataFrame:
    """Documents × spellings of one name: how often each document writes each spelling.

    Parameters
    ----------
    spellings : pandas.DataFrame
        :func:`spelling_variants` output by ``doc_id`` (``doc_id, canonical, variant, count``).
    documents : iterable of str
        The rows (every document of the corpus, so documents that never write the name show 0).
    name : str, optional
        The canonical name; default the first in ``spellings`` (the name written in the most ways).

    Returns
    -------
    pandas.DataFrame
        Index ``doc_id``, one column per spelling, most frequent first; ``attrs["name"]`` is the name. Empty
        (no columns) when ``spellings`` is empty.

    Examples
    --------
    >>> spellings = pd.DataFrame({"doc_id": ["d1", "d1", "d2"], "canonical": ["türkiye"] * 3,
    ...                           "variant": ["türkiye", "turkey", "turkey"], "count": [1, 2, 5]})
    >>> spelling_table(spellings, ["d1", "d2", "d3"]).to_dict("index")
    {'d1': {'turkey': 2, 'türkiye': 1}, 'd2': {'turkey': 5, 'türkiye': 0}, 'd3': {'turkey': 0, 'türkiye': 0}}
    """
    documents = [str(doc) for doc in documents]
    if spellings.empty:
        table = pd.DataFrame(index=pd.Index(documents, name="doc_id"))
        table.attrs["name"] = None
        return table
    name = name or spellings["canonical"].iloc[0]
    table = (spellings[spellings["canonical"] == name].astype({"doc_id": str})
             .pivot_table(index="doc_id", columns="variant", values="count", aggfunc="sum", fill_value=0)
             .reindex(index=documents, fill_value=0))
    table = table[table.sum().sort_values(ascending=False, kind="stable").index]
    table.index.name = "doc_id"
    table.attrs["name"] = name
    return table


def variant_list(spellings: pd.DataFrame, variants: list[str] | None = None) -> list[str]:
    """The spellings to merge: ``variants`` if given, else those of the name the corpus writes in the most ways.

    Parameters
    ----------
    spellings : pandas.DataFrame
        :func:`spelling_variants` output.
    variants : list of str, optional
        Spellings chosen by the analyst, canonical first.

    Returns
    -------
    list of str
        The spellings, in the order of ``spellings`` (most frequent first); empty when no name has two.

    Examples
    --------
    >>> spellings = pd.DataFrame({"framing": ["a", "b"], "canonical": ["türkiye", "türkiye"],
    ...                           "variant": ["türkiye", "turkey"], "count": [4, 2]})
    >>> variant_list(spellings)
    ['türkiye', 'turkey']
    >>> variant_list(spellings, ["turkiye", "turkey"])
    ['turkiye', 'turkey']
    """
    if variants:
        return list(variants)
    if spellings.empty:
        return []
    first = spellings["canonical"].iloc[0]
    return list(dict.fromkeys(spellings.loc[spellings["canonical"] == first, "variant"]))
