"""Which actors co-occur with which frames: signed G² on paragraph presence."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .._check import check_paragraphs
from ._lexicon import _resolve_actors, _variants_for, frame_order, resolve_lexicon
from ._matcher import _compile, _split_words

ASSOCIATION_COLUMNS = ["actor", "frame", "paragraphs_with_actor", "paragraphs_with_frame", "cooccurrence",
                       "n_paragraphs", "pmi", "g2", "p_value"]


def _presence(paras: pd.DataFrame, tables: list[tuple[pd.DataFrame, str, str, list[str]]]) -> list[np.ndarray]:
    """Per table ``(table, group_column, term_column, groups)``, boolean paragraphs × groups: does the paragraph
    contain a term of the group? Each paragraph is split into words once for all tables."""
    variants = _variants_for(paras)
    matchers = [_compile(table[group_column], table[term_column], table["case_sensitive"], source="lexicon",
                         variants=variants) for table, group_column, term_column, _ in tables]
    present = [np.zeros((len(paras), len(groups)), dtype=bool) for *_, groups in tables]
    columns = [[{group: column for column, group in enumerate(groups)}.get(group, -1) for group in matcher.groups]
               for matcher, (*_, groups) in zip(matchers, tables)]
    token_parts: dict = {}
    for row, text in enumerate(paras["text"].astype(str)):
        words = _split_words(text, variants, token_parts, positions=False)
        for matcher, column_of, table_present in zip(matchers, columns, present):
            for entry, _, _ in matcher.find(words):
                if column_of[entry] >= 0:
                    table_present[row, column_of[entry]] = True
    return present


def names_matching_frames(actors: pd.DataFrame, lexicon: pd.DataFrame, variants: dict[str, str] | None = None
                          ) -> pd.DataFrame:
    """Actor names the frame lexicon itself matches: a name inside a frame term, or a frame term inside a name.

    Both are read off the two lexicons, not the corpus: the name *turkic states* lies inside the
    alliance term *organization of turkic states*, so every "Organization of Turkic States" would
    name the actor and use the frame at once.

    Parameters
    ----------
    actors : pandas.DataFrame
        The actor lexicon (:func:`load_actors`: ``actor, name, case_sensitive``).
    lexicon : pandas.DataFrame
        The frame lexicon (:func:`load_lexicon`: ``frame, term, case_sensitive``).
    variants : dict, optional
        Spelling variants merged on both sides (default none).

    Returns
    -------
    pandas.DataFrame
        ``actor, name, frame, term``, one row per overlapping pair.

    Examples
    --------
    >>> import pandas as pd
    >>> actors = pd.DataFrame({"actor": ["asia", "asia"], "name": ["turkic states", "kazakhstan"],
    ...                        "case_sensitive": [False, False]})
    >>> lexicon = pd.DataFrame({"frame": ["alliance"], "term": ["organization of turkic states"],
    ...                         "case_sensitive": [False]})
    >>> names_matching_frames(actors, lexicon).values.tolist()
    [['asia', 'turkic states', 'alliance', 'organization of turkic states']]
    """
    variants = variants or {}
    actor_matcher = _compile(actors["actor"], actors["name"], actors["case_sensitive"], source="actor lexicon",
                             variants=variants)
    frame_matcher = _compile(lexicon["frame"], lexicon["term"], lexicon["case_sensitive"], source="lexicon",
                             variants=variants)
    rows = []
    # a wildcard term is read as its stem ("legitimi*" -> "legitimi") when looking for names inside it
    for frame, term in zip(lexicon["frame"].astype(str), lexicon["term"].astype(str)):
        for entry, _, _ in actor_matcher.find(_split_words(term.replace("*", ""), variants)):
            rows.append((actor_matcher.groups[entry], actor_matcher.terms[entry], frame, term))
    for actor, name in zip(actors["actor"].astype(str), actors["name"].astype(str)):
        for entry, _, _ in frame_matcher.find(_split_words(name, variants)):
            rows.append((actor, name, frame_matcher.groups[entry], frame_matcher.terms[entry]))
    return pd.DataFrame(rows, columns=["actor", "name", "frame", "term"]).drop_duplicates(ignore_index=True)


def _g2_signed(o11, o12, o21, o22):
    """Signed log-likelihood ratio G² of 2 × 2 tables (arrays), and its expected O11."""
    observed = np.stack([o11, o12, o21, o22]).astype(float)
    n = observed.sum(axis=0)
    row1, row2 = observed[0] + observed[1], observed[2] + observed[3]
    col1, col2 = observed[0] + observed[2], observed[1] + observed[3]
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = np.stack([row1 * col1, row1 * col2, row2 * col1, row2 * col2]) / n
        terms = np.where(observed > 0, observed * np.log(observed / expected), 0.0)
    g2 = 2.0 * terms.sum(axis=0)
    g2 = np.where(n > 0, np.maximum(g2, 0.0), np.nan)
    return np.where(observed[0] < expected[0], -g2, g2)


def actor_frame_association(paras: pd.DataFrame, actors: pd.DataFrame | str | Path | None = None,
                            lexicon: pd.DataFrame | str | Path | None = None,
                            exclude_frame_names: bool = True) -> pd.DataFrame:
    """Which frames co-occur with which actors, paragraph by paragraph.

    For each actor a and frame f, over the N paragraphs of ``paras``: ``paragraphs_with_actor``
    (n_a, paragraphs naming the actor), ``paragraphs_with_frame`` (n_f, paragraphs with at
    least one frame term), ``cooccurrence`` (k, paragraphs with both), ``n_paragraphs`` (N).

    * Pointwise mutual information (Church & Hanks 1990, "Word association norms, mutual
      information, and lexicography", Computational Linguistics 16(1)):
      ``pmi = log2(k · N / (n_a · n_f))``; −inf when k = 0, NaN when n_a or n_f is 0.
    * Log-likelihood ratio (Dunning 1993, "Accurate methods for the statistics of surprise
      and coincidence", Computational Linguistics 19(1)) on the 2 × 2 table
      [[k, n_a − k], [n_f − k, N − n_a − n_f + k]]:
      ``G² = 2 Σ O_ij ln(O_ij / E_ij)`` with ``E_ij = row_i · col_j / N``, signed as in
      quanteda's ``textstat_keyness``: negative when k < E_11 (the actor is named less
      often with the frame than chance predicts). ``p_value`` is from χ² with 1 degree of
      freedom, no continuity correction.

    ``actors`` is None (``corpus/lexicons/actors.yaml``), a path or a frame from
    :func:`load_actors`; ``lexicon`` as in :func:`frame_scores`. Actor names and frame
    terms are matched separately (each with its own longest-match rule). An actor name that
    the frame lexicon itself matches (:func:`names_matching_frames`: *turkic states* inside
    the alliance term *organization of turkic states*) makes the actor co-occur with that
    frame by construction; by default such names are not used to find the actor, and the
    names left out are in ``.attrs["excluded_names"]`` (one dict per name: ``actor, name,
    frame, term``).

    Parameters
    ----------
    paras : pandas.DataFrame
        Paragraphs (:func:`framings.paragraphs`).
    actors : pandas.DataFrame or str or pathlib.Path or None, default None
        None (``<corpus>/lexicons/actors.yaml``), a path, or a frame from :func:`load_actors`.
    lexicon : pandas.DataFrame or str or pathlib.Path or None, default None
        As in :func:`frame_scores`: None (the corpus's lexicon), a path to a lexicon YAML
        file, or a frame from :func:`load_lexicon`.
    exclude_frame_names : bool, default True
        Leave out actor names the frame lexicon matches; False keeps them (the association
        is then partly by construction).

    Returns
    -------
    pandas.DataFrame
        One row per actor and frame: ``actor, frame, paragraphs_with_actor,
        paragraphs_with_frame, cooccurrence, n_paragraphs, pmi, g2, p_value``.

    Examples
    --------
    >>> paras = fr.paragraphs(fr.load_corpus()).query("doc_id == 'turkic-integration'")
    >>> table = fr.actor_frame_association(paras)
    >>> table.columns[:2].tolist(), bool((table["cooccurrence"] <= table["paragraphs_with_actor"]).all())
    (['actor', 'frame'], True)
    """
    from scipy.stats import chi2  # heavy (scipy): imported on first use

    check_paragraphs(paras, "actor_frame_association()")
    lexicon = resolve_lexicon(lexicon, paras)
    actor_table = _resolve_actors(actors, paras)
    frames = frame_order(lexicon)
    actor_ids = list(dict.fromkeys(actor_table["actor"].astype(str)))
    if paras.empty:
        return pd.DataFrame(columns=ASSOCIATION_COLUMNS)
    paras = paras.reset_index(drop=True)
    overlap = names_matching_frames(actor_table, lexicon, _variants_for(paras))
    if exclude_frame_names and len(overlap):
        actor_table = actor_table[~actor_table["name"].isin(set(overlap["name"]))]
    actor_present, frame_present = _presence(paras, [(actor_table, "actor", "name", actor_ids),
                                                     (lexicon, "frame", "term", frames)])
    n = len(paras)
    both = actor_present.T.astype(np.int64) @ frame_present.astype(np.int64)      # actors × frames
    n_actor = np.repeat(actor_present.sum(axis=0), len(frames))
    n_frame = np.tile(frame_present.sum(axis=0), len(actor_ids))
    k = both.ravel()
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log2(k * n / (n_actor * n_frame).astype(float))
    pmi = np.where((n_actor == 0) | (n_frame == 0), np.nan, pmi)
    g2 = _g2_signed(k, n_actor - k, n_frame - k, n - n_actor - n_frame + k)
    out = pd.DataFrame({
        "actor": np.repeat(actor_ids, len(frames)),
        "frame": np.tile(frames, len(actor_ids)),
        "paragraphs_with_actor": n_actor,
        "paragraphs_with_frame": n_frame,
        "cooccurrence": k,
        "n_paragraphs": n,
        "pmi": pmi,
        "g2": g2,
        "p_value": chi2.sf(np.abs(g2), df=1),
    }, columns=ASSOCIATION_COLUMNS)
    # records, not a frame: pandas compares attrs when it combines frames, and a frame in attrs breaks that
    out.attrs["excluded_names"] = overlap.to_dict("records") if exclude_frame_names else []
    return out
