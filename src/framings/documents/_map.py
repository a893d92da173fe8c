"""A two-dimensional map of paragraphs (classical MDS of tf-idf cosine distances)."""

from __future__ import annotations

import inspect
from typing import Iterable

import numpy as np
import pandas as pd

from .._check import check_paragraphs
from ..errors import CorpusError
from ._similarity import _tfidf

MAP_COLUMNS = ["para_id", "doc_id", "framing", "x", "y"]


DENSE_PCA_CELLS = 20_000_000  # paragraphs x terms beyond which the map's PCA reads the sparse matrix (160 MB dense)


def _mds(distances: np.ndarray, random_state):

    from sklearn.manifold import MDS  # heavy (scikit-learn): imported on first use

    parameters = inspect.signature(MDS).parameters
    if "metric_mds" in parameters:  # scikit-learn >= 1.8: 'metric' names the dissimilarity
        model = MDS(n_components=2, metric="precomputed", init="classical_mds", random_state=random_state)
    else:  # pragma: no cover - older scikit-learn
        model = MDS(n_components=2, dissimilarity="precomputed", n_init=4, random_state=random_state)
    return model.fit_transform(distances)


def paragraph_map(paras: pd.DataFrame, method: str = "pca", random_state: int = 0,
                  stopwords: str | Iterable[str] | None = "default", merge_variants: bool = True,
                  phrases: bool | Iterable[str] = True) -> pd.DataFrame:
    """Two-dimensional coordinates of paragraphs from their tf-idf vectors.

    Columns ``para_id, doc_id, framing, x, y``. Paragraph vectors are built as in
    :func:`similarity`. ``method="pca"``: principal components of the (centred)
    tf-idf matrix (scikit-learn ``PCA``; beyond 20 million paragraph × term cells the
    sparse matrix with the ARPACK solver, not a dense copy of gigabytes). ``method="mds"``: metric multidimensional
    scaling (SMACOF, scikit-learn ``MDS``) of cosine distances ``1 − cos(u, v)``.
    Axes have no units; only distances between points mean anything. Empty input gives
    an empty frame; a single paragraph raises :class:`~framings.CorpusError`.

    Parameters
    ----------
    paras : pandas.DataFrame
        Paragraphs (:func:`framings.paragraphs`).
    method : {"pca", "mds"}, default "pca"
        The projection.
    random_state : int, default 0
        Seed of MDS (and of PCA's solver).
    stopwords : str or iterable of str or None, default "default"
        As in :func:`framings.tokens`.
    merge_variants : bool, default True
        As in :func:`framings.tokens` (merged by default there too, so that a name spelt two ways is one term).
    phrases : bool or iterable of str, default True
        As in :func:`framings.tokens`.

    Returns
    -------
    pandas.DataFrame
        ``para_id, doc_id, framing, x, y``, one row per paragraph.

    Raises
    ------
    CorpusError
        For an unknown method, a single paragraph, or fewer than two distinct terms.

    Examples
    --------
    >>> paras = fr.paragraphs(fr.load_corpus()).query("doc_id == 'turkic-integration'")
    >>> coords = fr.documents.paragraph_map(paras)
    >>> coords.columns.tolist(), len(coords) == len(paras)
    (['para_id', 'doc_id', 'framing', 'x', 'y'], True)
    """
    check_paragraphs(paras, "paragraph_map()")
    if method not in ("pca", "mds"):
        raise CorpusError(f"paragraph_map(): unknown method {method!r}; use 'pca' or 'mds'")
    if paras.empty:
        return pd.DataFrame(columns=MAP_COLUMNS)
    if len(paras) < 2:
        raise CorpusError("paragraph_map(): needs at least 2 paragraphs to place on a map")
    options = dict(stopwords=stopwords, merge_variants=merge_variants, phrases=phrases, corpus=paras)
    matrix = _tfidf(paras["text"].astype(str), options)
    from threadpoolctl import (
        threadpool_limits,  # loaded with scikit-learn: imported on first use
    )

    # one BLAS thread: beside another process on two cores, threaded BLAS made the PCA of 1,553 paragraphs
    # four times slower (measured: 5.9 s against 1.5 s), with the same coordinates
    with threadpool_limits(limits=1):
        coordinates = _project(matrix, method, random_state)
    return pd.DataFrame({
        "para_id": paras["para_id"].astype(str).to_numpy(),
        "doc_id": paras["doc_id"].astype(str).to_numpy(),
        "framing": paras["framing"].astype(str).to_numpy(),
        "x": coordinates[:, 0],
        "y": coordinates[:, 1],
    }, columns=MAP_COLUMNS)


def _project(matrix, method: str, random_state):
    """Two coordinates per row of the tf-idf ``matrix`` (see :func:`paragraph_map`)."""
    if method == "pca":
        from sklearn.decomposition import (
            PCA,  # heavy (scikit-learn): imported on first use
        )

        if min(matrix.shape) < 2:
            raise CorpusError("paragraph_map(): fewer than 2 distinct terms; nothing to project")
        if matrix.shape[0] * matrix.shape[1] <= DENSE_PCA_CELLS:
            coordinates = PCA(n_components=2, random_state=random_state).fit_transform(matrix.toarray())
        else:
            # paragraphs x vocabulary as a dense array is gigabytes on a large corpus: PCA of the sparse matrix
            # (ARPACK, centring implicit), the same two components to solver precision
            coordinates = PCA(n_components=2, svd_solver="arpack", random_state=random_state).fit_transform(
                matrix.tocsr())
    else:
        distances = np.clip(1.0 - (matrix @ matrix.T).toarray(), 0.0, 2.0)
        distances = (distances + distances.T) / 2
        np.fill_diagonal(distances, 0.0)
        coordinates = _mds(distances, random_state)
    return coordinates
