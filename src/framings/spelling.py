"""Spelling variants as written: which documents use which spelling of one name (Türkiye / Turkiye / Turkey)."""
from __future__ import annotations

import pandas as pd

SPELLING_COLUMNS = ["canonical", "variant", "count"]


def spelling_variants(toks: pd.DataFrame, by: str = "doc_id", variants: dict[str, str] | None = None,
                      min_spellings: int = 2) -> pd.DataFrame:
    """Count each spelling of every name that the corpus writes in at least ``min_spellings`` ways.

    Parameters
    ----------
    toks : tidy tokens made with ``merge_variants=False`` (so that spellings stay apart), with a ``token``
        column and the column ``by``.
    by : str, default 'doc_id'
        The unit to count in (``"doc_id"`` or ``"framing"``).
    variants : dict[str, str] | None, default None
        ``{variant: canonical}``; default :func:`framings.load_variants` (``resources/variants.csv``).
    min_spellings : int, default 2
        Keep a canonical name only if this many of its spellings occur in ``toks``.

    Returns
    -------
    pandas.DataFrame
        One row per canonical name, spelling and ``by`` value that uses it: ``canonical, variant, <by>,
        count``, names with the most occurrences first. Empty (same columns) when no name is written in
        ``min_spellings`` ways, so a notebook can say that the comparison does not apply.

    Examples
    --------
    >>> toks = pd.DataFrame({"doc_id": ["a", "a", "b"], "token": ["turkey", "türkiye", "türkiye"]})
    >>> spelling_variants(toks)[["variant", "doc_id", "count"]].values.tolist()
    [['türkiye', 'a', 1], ['türkiye', 'b', 1], ['turkey', 'a', 1]]
    """
    from .tokens import load_variants

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
