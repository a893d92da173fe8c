"""Tables over frame-lexicon results that a figure or a sentence states: actor × frame cells against a
Bonferroni cut, and who judged a precision sample."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .errors import CorpusError


def actor_frame_cells(association: pd.DataFrame, actors: pd.DataFrame, min_paragraphs: int = 5,
                      alpha: float = 0.05) -> pd.DataFrame:
    """Actor × frame pairs for a heatmap: actors named in at least ``min_paragraphs`` paragraphs, each cell's
    text (signed G², a star beyond the Bonferroni cut, the co-occurrence count) and the cut itself.

    The Bonferroni cut is the G² whose χ²(1) upper tail is ``alpha / m``, m = the number of pairs shown.

    Parameters
    ----------
    association : pandas.DataFrame
        :func:`framings.actor_frame_association` output (``actor, frame, cooccurrence, paragraphs_with_actor,
        g2`` …).
    actors : pandas.DataFrame
        :func:`framings.load_actors` output (``actor, label``), for the row labels.
    min_paragraphs : int, default 5
        Actors named in fewer paragraphs are left out.
    alpha : float, default 0.05
        Family-wise error rate of the cut.

    Returns
    -------
    pandas.DataFrame
        The kept rows of ``association`` with ``row_label`` ("<label> (<n> paragraphs)"), ``beyond_cut`` (bool)
        and ``cell_text``; ``attrs["bonferroni_g2"]`` is the cut (NaN when no row is kept).

    Raises
    ------
    CorpusError
        When a column is missing.

    Examples
    --------
    >>> association = pd.DataFrame({"actor": ["eu", "eu"], "frame": ["f1", "f2"], "cooccurrence": [6, 1],
    ...                             "paragraphs_with_actor": [8, 8], "g2": [9.5, -2.0]})
    >>> actors = pd.DataFrame({"actor": ["eu"], "label": ["European Union"]})
    >>> cells = actor_frame_cells(association, actors)
    >>> round(cells.attrs["bonferroni_g2"], 2), cells["cell_text"].tolist()
    (5.02, ['+9.5*\\n6 together', '-2.0\\n1 together'])
    """
    from scipy.stats import chi2

    needed = ["actor", "frame", "cooccurrence", "paragraphs_with_actor", "g2"]
    missing = [c for c in needed if c not in association.columns]
    if missing:
        raise CorpusError(f"association lacks the column(s) {missing}; pass actor_frame_association output")
    shown = association[association["paragraphs_with_actor"] >= min_paragraphs].copy()
    cut = float(chi2.isf(alpha / len(shown), df=1)) if len(shown) else float("nan")
    names = actors.drop_duplicates("actor").set_index("actor")["label"]
    shown["row_label"] = [f"{names.get(a, a)} ({n} paragraphs)" for a, n in
                          zip(shown["actor"], shown["paragraphs_with_actor"])]
    shown["beyond_cut"] = shown["g2"].abs() > cut
    shown["cell_text"] = [f"{g:+.1f}{'*' if beyond else ''}\n{int(both)} together" for g, beyond, both in
                          zip(shown["g2"], shown["beyond_cut"], shown["cooccurrence"])]
    shown.attrs["bonferroni_g2"] = cut
    return shown


def judge_provenance(checked: pd.DataFrame) -> pd.Series:
    """Who judged a precision sample: the shares of judgements by AI or software, by a judge who knew the labels,
    and recorded as blind, read from the ``checked_by`` and ``method`` columns.

    Parameters
    ----------
    checked : pandas.DataFrame
        A checked precision sample (``lexicons/precision-sample.csv``: ``checked_by`` and optionally ``method``).

    Returns
    -------
    pandas.Series
        ``by_ai, knew, blind`` (shares 0-1); ``attrs["checkers"]`` lists the distinct ``checked_by`` values.

    Raises
    ------
    CorpusError
        When ``checked_by`` is missing.

    Examples
    --------
    >>> checked = pd.DataFrame({"checked_by": ["AI assistant", "A. Reader"],
    ...                         "method": ["knew the labels", "blind to the labels"]})
    >>> judge_provenance(checked).to_dict()
    {'by_ai': 0.5, 'knew': 0.5, 'blind': 0.5}
    """
    if "checked_by" not in checked.columns:
        raise CorpusError("the precision sample lacks the column 'checked_by': say who judged each match")
    provenance = checked["checked_by"] + " " + checked.get("method", pd.Series("", index=checked.index))
    by_ai = provenance.str.contains(r"\bAI\b|assistant", case=False, regex=True)
    knew = provenance.str.contains(r"\bknew\b|knowing|not blind", case=False, regex=True)
    blind = provenance.str.contains(r"\bblind", case=False, regex=True) & ~knew
    shares = pd.Series({"by_ai": float(by_ai.mean()), "knew": float(knew.mean()), "blind": float(blind.mean())})
    shares.attrs["checkers"] = list(checked["checked_by"].unique())
    return shares


def alpha_verdict(alpha: float) -> str:
    """Krippendorff's (2004, 2019) reading of an α: reliable from 0.800, tentative from 0.667, else too low.

    Parameters
    ----------
    alpha : float
        Krippendorff's α (NaN when undefined).

    Returns
    -------
    str
        The verdict in words.

    Examples
    --------
    >>> alpha_verdict(0.81), alpha_verdict(0.7)
    ('reliable (α ≥ 0.800)', 'good enough for tentative conclusions only (0.667 ≤ α < 0.800)')
    >>> alpha_verdict(float("nan"))
    'undefined'
    """
    if np.isnan(alpha):
        return "undefined"
    if alpha >= 0.8:
        return "reliable (α ≥ 0.800)"
    if alpha >= 0.667:
        return "good enough for tentative conclusions only (0.667 ≤ α < 0.800)"
    return "too low to rely on (α < 0.667)"


def document_pairs(similarity: pd.DataFrame, labels: pd.Series) -> pd.DataFrame:
    """Every unordered pair of documents with its cosine similarity and whether the two share a label.

    Parameters
    ----------
    similarity : pandas.DataFrame
        Square documents × documents similarity (:func:`framings.similarity`).
    labels : pandas.Series
        Document → label.

    Returns
    -------
    pandas.DataFrame
        ``doc_a, doc_b, cosine, pair`` (``"same label"`` or ``"different labels"``), upper triangle only.

    Examples
    --------
    >>> sim = pd.DataFrame([[1, .5, .2], [.5, 1, .4], [.2, .4, 1]], index=list("xyz"), columns=list("xyz"))
    >>> document_pairs(sim, pd.Series({"x": "a", "y": "a", "z": "b"}))
      doc_a doc_b  cosine              pair
    0     x     y     0.5        same label
    1     x     z     0.2  different labels
    2     y     z     0.4  different labels
    """
    upper = similarity.where(np.triu(np.ones(similarity.shape, dtype=bool), k=1))
    pairs = upper.rename_axis(index="doc_a", columns="doc_b").stack().dropna().rename("cosine").reset_index()
    pairs["pair"] = np.where(pairs["doc_a"].map(labels) == pairs["doc_b"].map(labels),
                             "same label", "different labels")
    return pairs


def same_label_gap(pairs: pd.DataFrame, labels: pd.Series) -> float:
    """Mean cosine of same-label pairs minus that of different-label pairs, under the labels ``labels``.

    Used as the statistic of a permutation test over documents: ``labels`` is the relabelled document → label.

    Parameters
    ----------
    pairs : pandas.DataFrame
        :func:`document_pairs` output (``doc_a, doc_b, cosine``).
    labels : pandas.Series
        Document → label.

    Returns
    -------
    float
        The gap (NaN when no pair shares a label).

    Examples
    --------
    >>> pairs = pd.DataFrame({"doc_a": ["x", "x", "y"], "doc_b": ["y", "z", "z"], "cosine": [0.5, 0.2, 0.4]})
    >>> round(same_label_gap(pairs, pd.Series({"x": "a", "y": "a", "z": "b"})), 2)
    0.2
    """
    same = pairs["doc_a"].map(labels) == pairs["doc_b"].map(labels)
    if not same.any():
        return float("nan")
    return float(pairs.loc[same, "cosine"].mean() - pairs.loc[~same, "cosine"].mean())
