"""Does each document score highest on its own label's frame? The own-label verdict."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import CorpusError

OWN_LABEL_COLUMNS = ["doc_id", "framing", "own_score", "own_rank", "best_other_frame", "best_other_score",
                     "margin", "own_is_top"]


def own_label_verdict(profile_or_scores: pd.DataFrame, by: str = "doc_id", label: str = "framing",
                      labels: dict | pd.Series | None = None) -> pd.DataFrame:
    """Per document: its own label's frame score, that label's rank among the frames, and the best other frame.

    The frame score of a document is its matches per 100 words, ``100 × Σ matches /
    Σ n_words`` over its paragraphs (as :func:`framings.frame_profile` with
    ``weights="n_words"``). A document's "own" frame is the frame named like its
    a-priori label. ``margin`` = own score − best other frame's score (positive: the
    document uses its own label's vocabulary most).

    Parameters
    ----------
    profile_or_scores : pandas.DataFrame
        :func:`framings.frame_scores` output (columns ``by, label, frame, matches,
        n_words``), or :func:`framings.frame_profile` output (``by, frame,
        mean_score``) with ``labels`` or a ``label`` column.
    by : str, default "doc_id"
        The unit.
    label : str, default "framing"
        The column with each unit's a-priori label.
    labels : dict or pandas.Series, optional
        Unit → label, when ``profile_or_scores`` has no ``label`` column.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, framing, own_score, own_rank, best_other_frame, best_other_score,
        margin, own_is_top`` (first two columns named after ``by`` and ``label``), one
        row per unit; ``own_rank`` 1 is the highest score (ties share the best rank);
        NaN/<NA> when the label is not a frame of the lexicon. ``.attrs["mean_margin"]``
        is the mean margin over units (a statistic for :func:`framings.permutation_test`)
        and ``.attrs["n_own_top"]`` the number of units whose own frame scores highest.

    Raises
    ------
    CorpusError
        For missing columns or a label that varies within a unit.

    Examples
    --------
    >>> import pandas as pd
    >>> scores = pd.DataFrame({"doc_id": ["a", "a", "b", "b"], "para_id": ["a1", "a1", "b1", "b1"],
    ...                        "framing": ["x", "x", "y", "y"], "frame": ["x", "y", "x", "y"],
    ...                        "matches": [3, 1, 2, 1], "n_words": [100, 100, 50, 50]})
    >>> own_label_verdict(scores)[["doc_id", "own_score", "own_rank", "margin"]].values.tolist()
    [['a', 3.0, 1, 2.0], ['b', 2.0, 2, -2.0]]
    """
    if not isinstance(profile_or_scores, pd.DataFrame):
        raise CorpusError(f"own_label_verdict(): expected frame scores or a frame profile, "
                          f"got {type(profile_or_scores).__name__}")
    data = profile_or_scores
    if {by, "frame", "matches", "n_words"} <= set(data.columns) and "para_id" in data.columns:
        words = data.drop_duplicates([by, "para_id"]).groupby(by, sort=False)["n_words"].sum()
        matches = data.pivot_table(index=by, columns="frame", values="matches", aggfunc="sum", sort=False)
        with np.errstate(divide="ignore", invalid="ignore"):
            wide = 100.0 * matches.div(words.reindex(matches.index), axis=0)
    elif {by, "frame", "mean_score"} <= set(data.columns):
        wide = data.pivot_table(index=by, columns="frame", values="mean_score", aggfunc="first", sort=False)
    else:
        raise CorpusError(f"own_label_verdict(): pass fr.frame_scores(paras) (columns {by}, frame, matches, "
                          f"n_words, para_id) or fr.frame_profile(scores) (columns {by}, frame, mean_score)")
    frames = list(dict.fromkeys(data["frame"].astype(str)))
    wide.columns = wide.columns.astype(str)
    wide = wide.reindex(columns=frames)
    if labels is not None:
        unit_label = pd.Series(labels).astype(str)
    elif label in data.columns:
        pairs = data[[by, label]].drop_duplicates()
        if pairs[by].duplicated().any():
            bad = pairs.loc[pairs[by].duplicated(), by].iloc[0]
            raise CorpusError(f"own_label_verdict(): {by} {bad!r} carries more than one {label!r}")
        unit_label = pairs.set_index(by)[label].astype(str)
    else:
        raise CorpusError(f"own_label_verdict(): no column {label!r}; pass labels={{unit: label}}")
    rows = []
    for unit, values in wide.iterrows():
        own = unit_label.get(unit)
        if own is None:
            raise CorpusError(f"own_label_verdict(): no label for {by} {unit!r}; add it to labels=")
        scores = values.to_numpy(float)
        if own in frames:
            k = frames.index(own)
            own_score = float(scores[k])
            rank = int((scores > own_score).sum()) + 1
            other = np.delete(scores, k)
            other_frames = [f for f in frames if f != own]
            j = int(np.nanargmax(other)) if np.isfinite(other).any() else 0
            best_other, best_frame = float(other[j]), other_frames[j]
        else:
            own_score, rank = np.nan, pd.NA
            j = int(np.nanargmax(scores))
            best_other, best_frame = float(scores[j]), frames[j]
        rows.append((unit, own, own_score, rank, best_frame, best_other, own_score - best_other,
                     bool(rank == 1) if rank is not pd.NA else False))
    columns = [by, label] + OWN_LABEL_COLUMNS[2:]
    out = pd.DataFrame(rows, columns=columns).astype({"own_rank": "Int64"})
    out.attrs.update({"mean_margin": float(np.nanmean(out["margin"])) if out["margin"].notna().any() else np.nan,
                      "n_own_top": int(out["own_is_top"].sum())})
    return out
