"""Tables over key-term comparisons: the pairwise matrix a heatmap draws, and how the FDR count moves with
``min_count``. Both read :func:`framings.compare_groups` output and never draw."""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from .errors import CorpusError


def _check(comparisons: pd.DataFrame, columns: list[str]) -> None:
    missing = [c for c in columns if c not in comparisons.columns]
    if missing:
        raise CorpusError(f"comparisons lacks the column(s) {missing}; pass framings.compare_groups output")


def pairwise_matrix(comparisons: pd.DataFrame, n: int = 4) -> pd.DataFrame:
    """Terms × pairwise comparisons of signed G², for the ``n`` strongest terms in each direction of each pair.

    Rows are ordered by the comparison in which each term is strongest (largest ``|G²|``), then by signed G²
    within it (descending), so each comparison's terms form a block. Columns keep the order of ``comparisons``.
    A term not tested in a comparison gets 0.

    Parameters
    ----------
    comparisons : pandas.DataFrame
        :func:`framings.compare_groups` output with ``pairwise=True`` (``comparison, reference, term, g2``),
        sorted by G² within comparison, as it is returned; rows against ``"rest"`` are ignored.
    n : int, default 4
        Terms taken from the top and from the bottom of each comparison.

    Returns
    -------
    pandas.DataFrame
        Index ``term``, one column per pairwise comparison, values signed G².

    Raises
    ------
    CorpusError
        When a column is missing or there is no pairwise comparison.

    Examples
    --------
    >>> comparisons = pd.DataFrame({
    ...     "comparison": ["a vs b"] * 3 + ["a vs c"] * 3, "reference": ["b"] * 3 + ["c"] * 3,
    ...     "term": ["x", "y", "z", "y", "x", "z"], "g2": [9.0, 1.0, -4.0, 6.0, 2.0, -8.0]})
    >>> pairwise_matrix(comparisons, n=1).to_dict("index")
    {'x': {'a vs b': 9.0, 'a vs c': 2.0}, 'y': {'a vs b': 1.0, 'a vs c': 6.0}, 'z': {'a vs b': -4.0, 'a vs c': -8.0}}
    """
    _check(comparisons, ["comparison", "reference", "term", "g2"])
    pairwise = comparisons[comparisons["reference"] != "rest"]
    if pairwise.empty:
        raise CorpusError("comparisons has no pairwise rows; call compare_groups(..., pairwise=True)")
    by_pair = pairwise.groupby("comparison", sort=False)
    picked = pd.concat([by_pair.head(n), by_pair.tail(n)])["term"]
    wide = (pairwise[pairwise["term"].isin(picked)].pivot(index="term", columns="comparison", values="g2")
            .reindex(columns=list(dict.fromkeys(pairwise["comparison"]))).fillna(0.0))
    strongest = wide.columns.get_indexer(wide.abs().idxmax(axis=1))
    signed = wide.to_numpy()[np.arange(len(wide)), strongest]
    return wide.iloc[np.lexsort((-signed, strongest))]


def fdr_sensitivity(counts: pd.DataFrame, min_counts: Iterable[int], alpha: float = 0.05,
                    toks: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per group: terms tested and terms key at FDR ``alpha``, for each ``min_count``; and how many of the key
    terms (at the first ``min_count``) sit in one document of their group.

    Benjamini-Hochberg multiplies the k-th smallest p by m / k (m = number of tests), so dropping rare terms
    (a larger ``min_count``) lowers the adjusted p of every other term.

    Parameters
    ----------
    counts : pandas.DataFrame
        Groups × terms counts.
    min_counts : iterable of int
        Frequency thresholds compared (:func:`framings.compare_groups`' ``min_count``).
    alpha : float, default 0.05
        False discovery rate.
    toks : pandas.DataFrame, optional
        Tokens, for the ``single_document`` column; without them that column is left out.

    Returns
    -------
    pandas.DataFrame
        Indexed by group: ``tested (min_count=m)``, ``key at FDR a (min_count=m)`` for every m, and
        ``of which in one document`` (integers).

    Raises
    ------
    CorpusError
        When ``min_counts`` is empty (and from :func:`framings.compare_groups`).

    Examples
    --------
    >>> counts = pd.DataFrame({"x": [30, 1], "y": [1, 30], "z": [1, 0], "w": [100, 100]}, index=["a", "b"])
    >>> table = fdr_sensitivity(counts, [1, 5])
    >>> table["tested (min_count=1)"].tolist(), table["tested (min_count=5)"].tolist()
    ([4, 4], [3, 3])
    >>> table["key at FDR 0.05 (min_count=5)"].tolist()
    [1, 1]
    """
    from .keyness import compare_groups

    min_counts = list(min_counts)
    if not min_counts:
        raise CorpusError("min_counts is empty: give at least one frequency threshold")
    table = {}
    first = None
    for min_count in min_counts:
        tested = compare_groups(counts, pairwise=False, toks=toks, min_count=min_count)
        key = tested[(tested["g2"] > 0) & (tested["p_adjusted"] < alpha)]
        first = key if first is None else first
        table[f"tested (min_count={min_count})"] = tested.groupby("target").size()
        table[f"key at FDR {alpha} (min_count={min_count})"] = key.groupby("target").size()
    if toks is not None:
        table["of which in one document"] = first.groupby("target")["single_document"].sum()
    return pd.DataFrame(table).reindex(list(counts.index)).fillna(0).astype(int)


def variant_keyness(comparisons: pd.DataFrame, comparisons_merged: pd.DataFrame, variants: list[str],
                    canonical: str) -> pd.DataFrame:
    """Signed G² of each spelling as written beside the merged name's, per comparison: what merging changes.

    Parameters
    ----------
    comparisons : pandas.DataFrame
        :func:`framings.compare_groups` on tokens with the spellings kept apart.
    comparisons_merged : pandas.DataFrame
        The same on tokens with the variants merged into ``canonical``.
    variants : list of str
        The spellings as written.
    canonical : str
        The merged name.

    Returns
    -------
    pandas.DataFrame
        ``comparison, version, term, g2`` (``version`` = "<spelling> (as written)" or
        "<canonical> (variants merged)"), comparisons in their original order; ``attrs["moved"]`` names the
        comparison whose G² merging moves most, ``attrs["as_written"]`` and ``attrs["merged"]`` its two values.

    Raises
    ------
    CorpusError
        When a column is missing.

    Examples
    --------
    >>> written = pd.DataFrame({"comparison": ["a vs rest"] * 2, "term": ["türkiye", "turkey"], "g2": [1.0, 6.0]})
    >>> merged = pd.DataFrame({"comparison": ["a vs rest"], "term": ["türkiye"], "g2": [4.0]})
    >>> table = variant_keyness(written, merged, ["türkiye", "turkey"], "türkiye")
    >>> table["version"].tolist()
    ['türkiye (as written)', 'turkey (as written)', 'türkiye (variants merged)']
    >>> table.attrs["moved"], table.attrs["as_written"], table.attrs["merged"]
    ('a vs rest', 1.0, 4.0)
    """
    for frame in (comparisons, comparisons_merged):
        _check(frame, ["comparison", "term", "g2"])
    order = list(dict.fromkeys(comparisons["comparison"]))
    as_written = comparisons[comparisons["term"].isin(variants)]
    merged = comparisons_merged[comparisons_merged["term"] == canonical]
    table = pd.concat([as_written.assign(version=as_written["term"] + " (as written)"),
                       merged.assign(version=merged["term"] + " (variants merged)")], ignore_index=True)
    table["comparison"] = pd.Categorical(table["comparison"], order)
    table = table.sort_values("comparison", kind="stable")[["comparison", "version", "term", "g2"]]
    wide = table.pivot_table(index="comparison", columns="version", values="g2", observed=True)
    written_column, merged_column = f"{canonical} (as written)", f"{canonical} (variants merged)"
    written = wide.get(written_column, pd.Series(0.0, index=wide.index)).fillna(0.0)
    moved = (wide[merged_column] - written).abs().idxmax()
    table = table.astype({"comparison": str}).reset_index(drop=True)
    table.attrs.update(moved=str(moved), as_written=float(written[moved]), merged=float(wide.loc[moved, merged_column]))
    return table
