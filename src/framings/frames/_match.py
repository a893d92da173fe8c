"""Finding lexicon terms in paragraphs: one row per match, with its context."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .._check import check_paragraphs
from ..errors import CorpusError
from ._lexicon import _variants_for, frame_order, resolve_lexicon
from ._matcher import _compile, _split_words

MATCH_COLUMNS = ["doc_id", "para_id", "framing", "frame", "term", "left", "match", "right"]


def _match_paragraphs(paras: pd.DataFrame, table: pd.DataFrame, group_column: str, term_column: str,
                      context: bool = False, window: int = 8, keep_group: str | None = None) -> pd.DataFrame:
    """One row per match: ``row`` (paragraph position), group, term (+ left/match/right).

    Every group's terms compete for the words; with ``keep_group`` only that group's matches are returned (the
    others' contexts are not cut out).
    """
    variants = _variants_for(paras)
    matcher = _compile(table[group_column], table[term_column], table["case_sensitive"], source="lexicon",
                       variants=variants)
    rows, token_parts = [], {}
    for row, text in enumerate(paras["text"].astype(str)):
        words = _split_words(text, variants, token_parts, positions=context)
        for entry, start, end in matcher.find(words):
            if keep_group is not None and matcher.groups[entry] != keep_group:
                continue
            record = [row, matcher.groups[entry], matcher.terms[entry]]
            if context:
                match_start, match_end = words.starts[start], words.ends[end - 1]
                first = max(words.token_of[start] - window, 0)
                last = min(words.token_of[end - 1] + window, len(words.token_starts) - 1)
                left_start = min(words.token_starts[first], match_start)
                right_end = max(words.token_ends[last], match_end)
                record += [words.text[left_start:match_start].strip(), words.text[match_start:match_end],
                           words.text[match_end:right_end].strip()]
            rows.append(record)
    columns = ["row", "group", "term"] + (["left", "match", "right"] if context else [])
    return pd.DataFrame(rows, columns=columns).astype({"row": np.int64})


def frame_matches(paras: pd.DataFrame, frame: str, lexicon: pd.DataFrame | str | Path | None = None,
                  window: int = 8) -> pd.DataFrame:
    """Every match of one frame's terms, in context (keyword in context).

    Columns ``doc_id, para_id, framing, frame, term, left, match, right``: ``term`` is the
    lexicon entry, ``match`` the words as written (normalised typography), ``left`` and
    ``right`` up to ``window`` words on each side. The matches are those counted by
    :func:`frame_scores` (all frames compete for words, longest match first). An unknown
    ``frame`` raises :class:`~framings.CorpusError` listing the lexicon's frames.

    Parameters
    ----------
    paras : pandas.DataFrame
        Paragraphs (:func:`framings.paragraphs`).
    frame : str
        One of the lexicon's frames.
    lexicon : pandas.DataFrame or str or pathlib.Path or None, default None
        As in :func:`frame_scores`: None (the corpus's lexicon), a path to a lexicon YAML
        file, or a frame from :func:`load_lexicon`.
    window : int, default 8
        Words of context either side.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, para_id, framing, frame, term, left, match, right``, one row per match.

    Raises
    ------
    CorpusError
        For an unknown frame or a negative window.

    Examples
    --------
    >>> paras = fr.paragraphs(fr.load_corpus())
    >>> matches = fr.frame_matches(paras, "alliance", window=4)
    >>> matches.columns.tolist()
    ['doc_id', 'para_id', 'framing', 'frame', 'term', 'left', 'match', 'right']
    >>> set(matches["frame"])
    {'alliance'}
    """
    check_paragraphs(paras, "frame_matches()")
    lexicon = resolve_lexicon(lexicon, paras)
    frames = frame_order(lexicon)
    if frame not in frames:
        raise CorpusError(f"unknown frame {frame!r}; the lexicon has {', '.join(frames)}")
    if int(window) < 0:
        raise CorpusError(f"frame_matches(): window must be >= 0 words, got {window!r}")
    paras = paras.reset_index(drop=True)
    matches = _match_paragraphs(paras, lexicon, "frame", "term", context=True, window=int(window), keep_group=frame)
    rows = matches["row"].to_numpy()
    return pd.DataFrame({
        "doc_id": paras["doc_id"].astype(str).to_numpy()[rows],
        "para_id": paras["para_id"].astype(str).to_numpy()[rows],
        "framing": paras["framing"].astype(str).to_numpy()[rows],
        "frame": frame,
        "term": matches["term"].to_numpy(),
        "left": matches["left"].to_numpy(),
        "match": matches["match"].to_numpy(),
        "right": matches["right"].to_numpy(),
    }, columns=MATCH_COLUMNS)
