"""When does a frame rise? Per-period means of a per-document quantity, with document-level bootstrap intervals and
the number of documents behind each period (no smoothing across periods, no line across a gap)."""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..errors import CorpusError, CorpusWarning

TREND_COLUMNS = ["period", "start", "n_documents", "estimate", "ci_low", "ci_high"]


FREQUENCIES = {"Y": "year", "Q": "quarter", "M": "month"}


def _dates(frame: pd.DataFrame, date: str) -> pd.Series:
    if date not in frame.columns:
        raise CorpusError(f"trends(): the table has no {date!r} column; a trend needs a date for every document "
                          "(metadata.csv's date, joined on doc_id)")
    values = frame[date]
    if not pd.api.types.is_datetime64_any_dtype(values):
        text = values.astype("string").str.strip()
        # a bare year ("2021") is that year's first day; anything else as pandas reads it
        values = pd.to_datetime(text.where(~text.str.fullmatch(r"\d{4}").fillna(False), text + "-01-01"),
                                errors="coerce", format="mixed")
    return values


def _periods(dates: pd.Series, freq: str | Sequence) -> tuple[pd.Series, list, list]:
    """(period label of each row, every label from first to last in order, each label's start)."""
    if isinstance(freq, str):
        if freq not in FREQUENCIES:
            raise CorpusError(f"trends(): freq={freq!r}; use 'Y', 'Q', 'M' or a list of bin edges (dates or years)")
        periods = dates.dt.to_period(freq)
        full = pd.period_range(periods.min(), periods.max(), freq=freq)
        return periods.astype(str), [str(p) for p in full], [p.start_time for p in full]
    edges = [pd.Timestamp(f"{int(e)}-01-01") if isinstance(e, (int, np.integer)) else pd.Timestamp(e) for e in freq]
    if len(edges) < 2 or any(b <= a for a, b in zip(edges, edges[1:])):
        raise CorpusError("trends(): bins must be two or more increasing edges (dates or years)")
    labels = [f"{a.date()} to {b.date()}" for a, b in zip(edges, edges[1:])]
    cut = pd.cut(dates, bins=edges, labels=labels, right=False)
    return cut.astype("string"), labels, edges[:-1]


def trends(table: pd.DataFrame, value: str, *, date: str = "date", unit: str = "doc_id", freq: str | Sequence = "Y",
           weight: str | None = None, by: str | None = None, draw: str = "draw", n_boot: int = 1000,
           level: float = 0.95, random_state: int = 0) -> pd.DataFrame:
    """A per-document quantity by period: its mean, a document-level bootstrap interval and the documents behind it.

    Rows are first pooled to one value per document (``unit``): the ``weight``-weighted mean of ``value`` over the
    document's rows (paragraphs, say), so that a long document's paragraphs are not counted as independent
    observations. A period's ``estimate`` is the weighted mean over its documents (with ``weight`` = tokens and
    ``value`` = a rate, this is the period's pooled rate: Σ count / Σ tokens). Its interval is the percentile
    bootstrap (Efron & Tibshirani 1993) over ``n_boot`` resamples of the period's *documents* with replacement
    (the number per period kept fixed); when the table has several posterior draws per document (``draw``, e.g.
    from :func:`framings.topics.topic_draws`), each resample also takes one draw at random, so the interval carries
    the model's uncertainty too (stm's method of composition). The estimate is the mean over draws.

    Every period from the first to the last date is a row, empty ones too (``n_documents`` 0, no estimate): a
    chart drawn from it shows the gap instead of a line across it. Nothing is smoothed across periods. A period
    with one document has an estimate but no interval (resampling one document always returns it); with two or
    three the percentile interval is too narrow to trust, so read ``n_documents`` beside it.

    Rates of terms: give per-document counts and tokens (``value`` = rate per 10,000, ``weight`` = tokens). Frame
    scores: :func:`framings.frame_scores` per document. Topic prevalence: a model fitted on documents, or
    :func:`framings.topics.topic_draws` for its posterior draws.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per document (or several: paragraphs, draws) with ``unit``, ``date`` and ``value``.
    value : str
        The quantity.
    date : str, default "date"
        Dates (datetime, ISO text, or a bare year: its first day).
    unit : str, default "doc_id"
        The document column: the unit that is resampled.
    freq : {"Y", "Q", "M"} or list, default "Y"
        Years, quarters, months, or bin edges (dates or years; a bin includes its left edge).
    weight : str, optional
        Column of weights (tokens); None: every document weighs the same.
    by : str, optional
        A column (framing, outlet, topic): one trend per level, stacked.
    draw : str, default "draw"
        The column numbering posterior draws, when there is one.
    n_boot : int, default 1000
        Bootstrap resamples.
    level : float, default 0.95
        Coverage of the interval.
    random_state : int, default 0
        Seeds the bootstrap.

    Returns
    -------
    pandas.DataFrame
        ``period, start, n_documents, estimate, ci_low, ci_high`` (``by`` first when given), periods in order.
        ``attrs``: ``value``, ``freq``, ``n_boot``, ``level``, ``undated`` (documents without a date, left out),
        ``n_draws``.

    Raises
    ------
    CorpusError
        When the date column is missing or no document has a date, for an unknown ``freq``, or missing columns.

    Warns
    -----
    CorpusWarning
        When documents lack a date (they are left out, and counted), or all dates fall in one period (no trend
        can be read).

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": list("abcdef"), "date": ["2020", "2020", "2021", "2021", "2023", "2023"],
    ...                      "score": [1.0, 1.2, 2.0, 2.2, 1.1, 0.9]})
    >>> fr.stats.trends(docs, "score", n_boot=200)[["period", "n_documents", "estimate"]]
      period  n_documents  estimate
    0   2020            2       1.1
    1   2021            2       2.1
    2   2022            0       NaN
    3   2023            2       1.0
    """
    if not isinstance(table, pd.DataFrame):
        raise CorpusError("trends(): table must be a DataFrame with one row per document")
    needed = [unit, value] + ([weight] if weight else []) + ([by] if by else [])
    missing = [c for c in needed if c not in table.columns]
    if missing:
        raise CorpusError(f"trends(): the table lacks column(s) {missing}")
    if not 0 < level < 1 or int(n_boot) < 1:
        raise CorpusError(f"trends(): level={level!r} must lie in (0, 1) and n_boot={n_boot!r} be at least 1")
    frame = table.assign(_date=_dates(table, date), _weight=table[weight].astype(float) if weight else 1.0)
    if draw not in frame.columns:
        frame = frame.assign(**{draw: 0})
    undated = frame.loc[frame["_date"].isna(), unit].nunique()
    if frame["_date"].notna().sum() == 0:
        raise CorpusError(f"trends(): no document has a date in {date!r}; add dates to metadata.csv (a year is "
                          "enough) before asking when a frame rises")
    if undated:
        warnings.warn(f"trends(): {undated} document(s) without a date in {date!r} are left out", CorpusWarning,
                      stacklevel=2)
    frame = frame[frame["_date"].notna()]
    if frame.groupby(unit, observed=True)["_date"].nunique().gt(1).any():
        raise CorpusError(f"trends(): a document has more than one date; give each {unit!r} one date")
    labels, full, starts = _periods(frame["_date"], freq)
    frame = frame.assign(_period=labels.to_numpy())
    if frame["_period"].isna().any():
        outside = frame.loc[frame["_period"].isna(), unit].nunique()
        warnings.warn(f"trends(): {outside} document(s) fall outside the bins and are left out", CorpusWarning,
                      stacklevel=2)
        frame = frame[frame["_period"].notna()]
    if frame["_period"].nunique() < 2:
        warnings.warn(f"trends(): every dated document falls in one period ({frame['_period'].iloc[0]}); no trend "
                      "can be read: use a finer freq or more documents", CorpusWarning, stacklevel=2)
    keys = ([by] if by else []) + [unit, draw]
    # one value per document and draw: the weighted mean of its rows
    frame = frame.assign(_wv=frame[value].astype(float) * frame["_weight"])
    pooled = frame.groupby(keys, observed=True, sort=True).agg(_wv=("_wv", "sum"), _weight=("_weight", "sum"),
                                                               _period=("_period", "first"))
    pooled["_value"] = pooled["_wv"] / pooled["_weight"].where(pooled["_weight"] > 0)
    pooled = pooled.reset_index()
    n_draws = int(pooled[draw].nunique())
    rng = np.random.default_rng(random_state)
    rows = []
    for group, part in (pooled.groupby(by, sort=True, observed=True) if by else [(None, pooled)]):
        for label, start in zip(full, starts):
            period = part[part["_period"] == label]
            wide_value = period.pivot(index=unit, columns=draw, values="_value")
            wide_weight = period.pivot(index=unit, columns=draw, values="_weight")
            n_docs = len(wide_value)
            row = {"period": label, "start": start, "n_documents": n_docs, "estimate": np.nan, "ci_low": np.nan,
                   "ci_high": np.nan}
            if n_docs:
                values = wide_value.to_numpy(np.float64)
                weights = np.nan_to_num(wide_weight.to_numpy(np.float64))
                values = np.nan_to_num(values)
                row["estimate"] = float(np.mean((weights * values).sum(axis=0) / weights.sum(axis=0)))
                pick = rng.integers(0, n_docs, size=(int(n_boot), n_docs))
                which = rng.integers(0, values.shape[1], size=int(n_boot))[:, None]
                sums = (weights[pick, which] * values[pick, which]).sum(axis=1)
                boot = sums / weights[pick, which].sum(axis=1)
                if n_docs > 1:  # one document resampled is always itself: no interval, rather than a false zero width
                    row["ci_low"], row["ci_high"] = np.nanpercentile(boot, [50 * (1 - level), 50 * (1 + level)])
            if by:
                row = {by: group, **row}
            rows.append(row)
    out = pd.DataFrame(rows, columns=([by] if by else []) + TREND_COLUMNS)
    out.attrs.update({"value": value, "freq": freq if isinstance(freq, str) else "bins", "n_boot": int(n_boot),
                      "level": level, "undated": int(undated), "n_draws": n_draws})
    return out
