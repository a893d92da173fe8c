"""Does each document score highest on its own label's frame? The own-label verdict."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..clean import cleaning_report
from ..corpus import load_corpus
from ..errors import CorpusError
from ..stats import RELABELLING_TAG
from ._lexicon import _variants_for, resolve_lexicon, terms_in_texts

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

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
    # inside permutation_test every call sees the same scores with other labels: the score table is built once
    memo = data.attrs.get(RELABELLING_TAG)
    key = _relabelling_key(data, by, label) if labels is None and isinstance(memo, dict) else None
    kept = memo.get("own_label_verdict", {}) if key is not None else {}
    if key is not None and kept.get("key") == key:
        wide, frames, first_rows, row_units = kept["wide"], kept["frames"], kept["first_rows"], kept["row_units"]
        own = _labels_from_rows(data, by, label, first_rows, row_units)
    else:
        wide, frames = _score_table(data, by)
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
        if key is not None:
            row_units = wide.index.get_indexer(data[by])
            if (row_units >= 0).all():
                first_rows = pd.Series(np.arange(len(row_units))).groupby(row_units).first()
                first_rows = first_rows.reindex(np.arange(len(wide))).to_numpy()
                # one slot: a statistic that filters the frame anew each call does not fill the memory
                memo["own_label_verdict"] = dict(key=key, wide=wide, frames=frames, first_rows=first_rows,
                                                 row_units=row_units)
        own = unit_label.reindex(wide.index)
        if own.isna().any():
            unit = wide.index[own.isna().to_numpy()][0]
            raise CorpusError(f"own_label_verdict(): no label for {by} {unit!r}; add it to labels=")
        own = own.astype(str).to_numpy(dtype=object)
    out = _verdict_table(wide, frames, own, by, label)
    out.attrs.update({"mean_margin": float(np.nanmean(out["margin"])) if out["margin"].notna().any() else np.nan,
                      "n_own_top": int(out["own_is_top"].sum())})
    return out


MARGINS_BLOCK_CELLS = 500_000  # labellings x documents handled at once by own_label_margins (4 MB of codes)


def own_label_margins(scores: pd.DataFrame, documents: ArrayLike, labels: ArrayLike,
                      by: str = "doc_id") -> np.ndarray:
    """The mean own-label margin under many labellings at once: the vectorized statistic of a permutation test.

    ``own_label_verdict(...).attrs["mean_margin"]`` for each row of ``labels``, without building a
    verdict per labelling. ``documents`` names the unit of each column of ``labels`` (the test's
    ``data[by]``: a unit may fill several columns, as its score rows do, and its first column is
    read); each row of ``labels`` is one labelling. It is what :func:`framings.permutation_test`
    hands a statistic with ``vectorized=True``::

        documents = scores.drop_duplicates("doc_id")[["doc_id", "framing"]]
        permutation_test(documents, lambda d, labels: own_label_margins(scores, d["doc_id"], labels),
                         vectorized=True)

    gives the test of ``lambda d: own_label_verdict(d).attrs["mean_margin"]`` on ``scores`` (the same
    relabellings: ``documents`` lists the units in the order they first appear in ``scores``), at the
    cost of one table lookup per unit and labelling. A unit's margin depends on its label only
    through which frame is its own, so the margin of every unit under every frame as its own, a
    units × frames table built once, holds every value a labelling can produce::

        mean_margin(labelling) = mean over units u whose label is a frame of M[u, label(u)]

    with ``M[u, f]`` = score of ``f`` − best score among the other frames (as
    :func:`own_label_verdict`; a unit whose label is no frame has no margin).

    Parameters
    ----------
    scores : pandas.DataFrame
        :func:`framings.frame_scores` output (``by, frame, matches, n_words, para_id``) or
        :func:`framings.frame_profile` output (``by, frame, mean_score``); labels are not read from it.
    documents : array-like
        The unit of each column of ``labels``.
    labels : array-like
        Labellings × columns (a single labelling may be 1-D).
    by : str, default "doc_id"
        The unit column of ``scores``.

    Returns
    -------
    numpy.ndarray
        One mean margin per labelling; NaN when no unit's label is a frame.

    Raises
    ------
    CorpusError
        When ``labels`` has not one column per entry of ``documents``, a unit of ``scores`` is not
        among ``documents``, or a labelling leaves a unit without a label.

    Examples
    --------
    >>> import pandas as pd
    >>> scores = pd.DataFrame({"doc_id": ["a", "a", "b", "b"], "para_id": ["a1", "a1", "b1", "b1"],
    ...                        "framing": ["x", "x", "y", "y"], "frame": ["x", "y", "x", "y"],
    ...                        "matches": [3, 1, 2, 1], "n_words": [100, 100, 50, 50]})
    >>> own_label_margins(scores, ["a", "b"], [["x", "y"], ["x", "x"], ["y", "y"]]).tolist()
    [0.0, 2.0, -2.0]
    """
    if not isinstance(scores, pd.DataFrame):
        raise CorpusError(f"own_label_margins(): expected frame scores or a frame profile, "
                          f"got {type(scores).__name__}")
    documents = pd.Index(np.asarray(documents, dtype=object))
    labels = np.asarray(labels, dtype=object)
    if labels.ndim == 1:
        labels = labels[None, :]
    if labels.ndim != 2 or labels.shape[1] != len(documents):
        raise CorpusError(f"own_label_margins(): labels of shape {labels.shape} need one column per document "
                          f"({len(documents)})")
    wide, frames = _score_table(scores, by)
    n_units = len(wide)
    margins = np.column_stack(
        [_verdict_table(wide, frames, np.full(n_units, frame, dtype=object), by, f"{by}_label")["margin"]
         .to_numpy(float) for frame in frames]) if frames else np.empty((n_units, 0))
    # a unit's label is read at its first column, as permutation_test spreads one label over a unit's rows
    first_column = pd.Series(np.arange(len(documents)), index=documents)
    first_column = first_column[~documents.duplicated()].reindex(wide.index)
    if first_column.isna().any():
        unit = first_column.index[first_column.isna().to_numpy()][0]
        raise CorpusError(f"own_label_margins(): {by} {unit!r} of the scores is not among the documents")
    columns = first_column.to_numpy().astype(np.intp)
    frame_index = pd.Index(frames, dtype=object)
    units = np.arange(n_units)
    means = np.empty(len(labels))
    step = max(1, MARGINS_BLOCK_CELLS // max(n_units, 1))
    for start in range(0, len(labels), step):
        block = labels[start:start + step][:, columns]
        codes, uniques = pd.factorize(block.ravel())
        if (codes < 0).any():
            row, column = divmod(int(np.argmax(codes < 0)), n_units)
            raise CorpusError(f"own_label_margins(): labelling {start + row} gives {by} "
                              f"{wide.index[column]!r} no label")
        # labels are compared as strings, as own_label_verdict does
        own_frame = frame_index.get_indexer(pd.Index(uniques, dtype=object).astype(str))[codes].reshape(block.shape)
        values = np.where(own_frame >= 0, margins[units, np.maximum(own_frame, 0)], np.nan)
        counted = ~np.isnan(values)
        totals = np.where(counted, values, 0.0).sum(axis=1)
        n_counted = counted.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            means[start:start + step] = np.where(n_counted > 0, totals / n_counted, np.nan)
    return means


def _relabelling_key(data: pd.DataFrame, by: str, label: str):
    """A key naming the label-free content of ``data`` within one permutation test, or None.

    The score columns' buffers are part of the key, so a statistic that filters or rebuilds the
    relabelled frame (new buffers) does not reuse a table built for another frame.
    """
    if label not in data.columns or by == label:
        return None
    buffers = tuple(_buffer(data[c]) for c in ("matches", "n_words", "mean_score") if c in data.columns)
    if not buffers or None in buffers:
        return None
    return (by, label, len(data), tuple(data.columns), buffers)


def _buffer(column: pd.Series):
    values = column.array
    array = getattr(values, "_ndarray", None)
    if array is None and isinstance(column.dtype, np.dtype):
        array = column.to_numpy()
    return None if array is None else (array.__array_interface__["data"][0], array.strides, array.shape)


def _labels_from_rows(data, by, label, first_rows, row_units) -> np.ndarray:
    """Each unit's label read at its first row (the score table cached), checking it is the same on every row."""
    values = data[label].to_numpy(dtype=object)
    own = values[first_rows]
    varies = values != own[row_units]
    if varies.any():
        raise CorpusError(f"own_label_verdict(): {by} {data[by].iloc[int(np.argmax(varies))]!r} "
                          f"carries more than one {label!r}")
    if pd.isna(own).any():
        unit = data[by].iloc[int(first_rows[pd.isna(own)][0])]
        raise CorpusError(f"own_label_verdict(): no label for {by} {unit!r}; add it to labels=")
    return own.astype(str).astype(object)


def _score_table(data: pd.DataFrame, by: str) -> tuple[pd.DataFrame, list]:
    """Units × frames: matches per 100 words (from frame scores) or the profile's mean score."""
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
    return wide.reindex(columns=frames), frames


def _verdict_table(wide: pd.DataFrame, frames: list, own: np.ndarray, by: str, label: str) -> pd.DataFrame:
    """The verdict of every unit at once: own score and rank, best other frame, margin."""
    scores = wide.to_numpy(float)
    n_units, n_frames = scores.shape
    k = pd.Index(frames, dtype=object).get_indexer(own)
    rows = np.arange(n_units)
    has_own = k >= 0
    own_score = np.where(has_own, scores[rows, np.maximum(k, 0)], np.nan)
    with np.errstate(invalid="ignore"):
        rank = (scores > own_score[:, None]).sum(axis=1) + 1
    # the best frame other than the own one (the first of equals, as argmax); the first other frame when
    # none of them has a finite score
    others = scores.copy()
    others[rows[has_own], k[has_own]] = np.nan
    best = np.zeros(n_units, dtype=int)
    if has_own.any():
        finite = np.isfinite(others[has_own]).any(axis=1)
        best_own = np.where(k[has_own] == 0, 1, 0)
        if finite.any():
            best_own[finite] = np.nanargmax(others[has_own][finite], axis=1)
        best[has_own] = best_own
    if (~has_own).any():
        best[~has_own] = np.nanargmax(scores[~has_own], axis=1)  # raises on a unit with no score at all, as before
    best_other = scores[rows, best] if n_frames else np.full(n_units, np.nan)
    frame_names = np.asarray(frames, dtype=object)
    own_rank = pd.array(np.where(has_own, rank, 0), dtype="Int64")
    own_rank[~has_own] = pd.NA
    return pd.DataFrame({
        by: wide.index.to_numpy(), label: pd.array(own, dtype="str"), "own_score": own_score,
        "own_rank": own_rank,
        "best_other_frame": pd.array(frame_names[best], dtype="str"), "best_other_score": best_other,
        "margin": own_score - best_other, "own_is_top": has_own & (rank == 1),
    })


TITLE_HEADING_COLUMNS = ["doc_id", "framing", "source", "text", "frame", "term", "matches"]


def _document_headings(corpus: pd.DataFrame) -> pd.DataFrame:
    """``doc_id, source, text``: each document's title and the section headings cleaning dropped, in full.

    The cleaning report shortens a dropped line to 60 characters ("… Turkic …"); the whole line is
    read back from the raw file, the first line that starts like the report's entry.
    """
    rows = [(doc, "title", str(title)) for doc, title in zip(corpus["doc_id"], corpus["title"])
            if isinstance(title, str) and title.strip()]
    report = corpus.attrs.get("cleaning_report")
    dropped = cleaning_report(corpus) if report is not None else pd.DataFrame(columns=["doc_id", "rule", "matched"])
    dropped = dropped[dropped["rule"] == "heading"]
    if len(dropped):
        raw = load_corpus(corpus.attrs.get("corpus_path"), clean=False).set_index("doc_id")["text"]
        for doc, shown in zip(dropped["doc_id"], dropped["matched"].astype(str)):
            lines = [line.strip() for line in str(raw.get(doc, "")).splitlines()]
            prefix = shown[:-1] if shown.endswith("…") else None
            full = next((line for line in lines if line == shown or (prefix and line.startswith(prefix))), shown)
            rows.append((doc, "heading", full))
    return pd.DataFrame(rows, columns=["doc_id", "source", "text"])


def title_heading_terms(corpus: pd.DataFrame, paras: pd.DataFrame | None = None,
                        lexicon: pd.DataFrame | str | None = None) -> pd.DataFrame:
    """Lexicon terms spelled out in the documents' own titles and section headings.

    A label that follows a title, scored with a lexicon that contains the title's words, is
    confirmed partly by construction — even when titles and headings are themselves left
    out of the scores, because the same words recur in the body. The titles are the
    metadata ``title`` and paragraphs of kind ``title``; the headings are paragraphs of
    kind ``heading`` and the lines the cleaning rule ``headings`` dropped (read back in
    full from the raw text). Each term is matched on its own
    (:func:`framings.frames.terms_in_texts`), so "Strategic Autonomy" yields both
    *strategic autonomy* and *autonomy*. Scoring with ``lexicon`` minus these terms is the
    own-label verdict without them.

    Parameters
    ----------
    corpus : pandas.DataFrame
        :func:`framings.load_corpus` output (cleaned: its report lists the dropped headings).
    paras : pandas.DataFrame, optional
        :func:`framings.paragraphs` output, for paragraphs of kind title and heading.
    lexicon : pandas.DataFrame or str or pathlib.Path or None, default None
        As in :func:`framings.frame_scores`.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, framing, source, text, frame, term, matches``: one row per title or
        heading and lexicon term found in it.

    Examples
    --------
    >>> corpus = fr.load_corpus()
    >>> found = fr.frames.title_heading_terms(corpus, fr.paragraphs(corpus))
    >>> found.columns.tolist()[:3], bool(found["source"].isin(["title", "heading"]).all())
    (['doc_id', 'framing', 'source'], True)
    """
    texts = _document_headings(corpus)
    if paras is not None and "kind" in paras.columns:
        kept = paras[paras["kind"].isin(["title", "heading"])]
        texts = pd.concat([texts, pd.DataFrame({"doc_id": kept["doc_id"].to_numpy(),
                                                "source": kept["kind"].to_numpy(),
                                                "text": kept["text"].astype(str).to_numpy()})], ignore_index=True)
    texts = texts.drop_duplicates(ignore_index=True)
    table = resolve_lexicon(lexicon, paras if paras is not None else corpus)
    found = terms_in_texts(texts.assign(line=texts["text"]), table,
                           variants=_variants_for(paras if paras is not None else corpus)).rename(columns={"line": "text"})
    found.insert(1, "framing", found["doc_id"].map(corpus.set_index("doc_id")["framing"]).astype("str"))
    return (found[TITLE_HEADING_COLUMNS].drop_duplicates(["doc_id", "source", "frame", "term"])
            .reset_index(drop=True))
