"""The top n of a ranked table, with the ties at the cut kept and marked."""

from __future__ import annotations

import pandas as pd

from .._check import require_columns
from ..errors import CorpusError


def top_with_ties(table: pd.DataFrame, n: int, score: str, by: str | None = None) -> pd.DataFrame:
    """The ``n`` highest rows by ``score`` (per ``by`` group), plus every row tied with the n-th.

    ``groupby(...).head(n)`` on a sorted table cuts between equal scores and keeps whichever
    row came first — in a corpus of a few thousand words many terms share a count, so the
    12th and 13th terms of a top-12 list often have the same G². Here a tie at the cut is
    kept whole and marked: ``tied_at_cut`` is True for the rows whose score equals the n-th
    score of their group when more than ``n`` rows reach it (all of them are shown, none is
    preferred). Order: by group as first seen, then score descending, stable.

    Parameters
    ----------
    table : pandas.DataFrame
        Rows to rank.
    n : int
        Rows wanted per group.
    score : str
        The column ranked (higher first).
    by : str, optional
        The grouping column (e.g. ``"target"``); None: the whole table.

    Returns
    -------
    pandas.DataFrame
        The kept rows with a column ``tied_at_cut``; ``.attrs["n_tied_beyond"]`` is the number
        of rows kept beyond ``n`` per group (summed).

    Raises
    ------
    CorpusError
        For a missing column or ``n`` that is not a whole number >= 1.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"term": list("abcde"), "g2": [9.0, 5.0, 3.0, 3.0, 1.0]})
    >>> top = top_with_ties(table, 3, "g2")
    >>> top["term"].tolist(), top["tied_at_cut"].tolist(), top.attrs["n_tied_beyond"]
    (['a', 'b', 'c', 'd'], [False, False, True, True], 1)
    """
    require_columns(table, [score] + ([by] if by else []), "top_with_ties(): table", "name existing columns")
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise CorpusError(f"top_with_ties(): n must be a whole number >= 1, got {n!r}")
    parts, beyond = [], 0
    groups = table.groupby(by, sort=False) if by else [(None, table)]
    for _, part in groups:
        ranked = part.sort_values(score, ascending=False, kind="stable")
        if len(ranked) <= n:
            parts.append(ranked.assign(tied_at_cut=False))
            continue
        cut = ranked[score].iloc[n - 1]
        kept = ranked[ranked[score] >= cut]
        tied = (kept[score] == cut) & (len(kept) > n or ranked[score].iloc[n] == cut)
        beyond += len(kept) - n
        parts.append(kept.assign(tied_at_cut=tied.to_numpy()))
    out = pd.concat(parts) if parts else table.iloc[:0].assign(tied_at_cut=pd.Series(dtype=bool))
    out.attrs["n_tied_beyond"] = int(beyond)
    return out
