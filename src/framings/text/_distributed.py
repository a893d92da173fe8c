"""Term counts beyond one machine: map-reduce over a Dask bag of documents.

Needs the optional extra: ``pip install "framings[dask]"``. Each partition of the
bag is split into paragraphs and counted with :func:`framings.text.count_matrix`
(the same tokenizer and options as everywhere else); the partial matrices are then
merged, vocabularies aligned, and summed. The result equals the single-machine one::

    import framings as fr
    docs = fr.text.corpus_bag("path/to/corpus", npartitions=64)   # read + checked + cleaned in the workers
    counts = fr.text.distributed_term_counts(docs, by="framing")               # = fr.term_counts(fr.paragraphs(...))
    rows, vocabulary, matrix = fr.text.distributed_count_matrix(docs, by="para_id")   # a document-term matrix

When to use it: when the corpus does not fit in one machine's memory as text
(tens of GB), or when a cluster's cores should share the tokenizing. For anything
that fits in memory, ``fr.term_counts(paras)`` on one machine is simpler and, below
a few hundred million words, about as fast (the per-task overhead of Dask is not free).

The computation runs on Dask's current scheduler: a ``dask.distributed.Client`` if
one is active, else the bag default (processes); pass ``scheduler="threads"`` or
``"sync"`` to choose another.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd

from ..corpus import checked_folder, load_document, paragraphs
from ..errors import CorpusError
from ._counts import _counts_frame, count_matrix


def _dask_bag():
    try:
        import dask.bag as db  # optional extra [dask]: imported on first use
    except ImportError:  # pragma: no cover - exercised only without the extra
        raise ImportError('framings.text.corpus_bag needs Dask: pip install "framings[dask]"') from None
    return db


def corpus_bag(path: Path | str | None = None, clean: bool = True, npartitions: int | None = None) -> Any:
    """A Dask bag of the documents of a corpus folder: one dict per document.

    Each dict holds the metadata columns and ``text``, read, checked (SHA-256) and
    cleaned by :func:`framings.load_corpus`'s rules inside the task, so the client
    never holds the texts. The metadata and the list of files are checked up front.

    Parameters
    ----------
    path : pathlib.Path or str or None, default None
        The corpus folder; ``None`` for :func:`framings._paths.default_corpus_path`.
    clean : bool, default True
        Apply each document's cleaning rules.
    npartitions : int or None, default None
        Partitions of the bag; ``None`` lets Dask choose (about 100 documents each).

    Returns
    -------
    dask.bag.Bag
        One dict per document (metadata columns and ``text``).

    Raises
    ------
    CorpusError
        When the folder or its metadata is malformed (checked before any task runs).

    Examples
    --------
    >>> from framings.text import corpus_bag
    >>> bag = corpus_bag(npartitions=2)
    >>> sorted(bag.take(1)[0])[:3]
    ['authors', 'date', 'doc_id']
    """

    db = _dask_bag()
    folder, meta, line_numbers = checked_folder(path)
    records = list(zip(line_numbers, meta.to_dict("records")))
    n = npartitions or max(1, min(len(records), 256, len(records) // 20 + 1))
    return db.from_sequence(records, npartitions=n).map(_load_record, folder=str(folder), clean=clean)


def _load_record(numbered, folder: str, clean: bool) -> dict:


    row_number, row = numbered
    text, _ = load_document(Path(folder), SimpleNamespace(**row), row_number, clean)
    return {**row, "text": text}


def _partition_counts(records, by: str, token_options: dict):
    """(row labels, vocabulary, CSR) of one partition of documents or paragraphs."""

    frame = pd.DataFrame(list(records))
    if frame.empty:
        return [], np.zeros(0, dtype=object), None
    if "para_id" not in frame.columns:  # documents: split into paragraphs as fr.paragraphs does
        extra = [c for c in frame.columns if c not in ("doc_id", "framing", "text")]
        paras = paragraphs(frame)
        if by not in paras.columns and by in extra:
            paras = paras.merge(frame[["doc_id", by]], on="doc_id", how="left")
        frame = paras
    labels, vocabulary, matrix = count_matrix(frame, by=by, sort=False, **token_options)
    return list(labels), vocabulary, matrix


def _merge(parts):
    """Sum partial count matrices: union of row labels and of vocabularies."""
    from scipy import sparse  # heavy (scipy): imported on first use

    parts = [p for p in list(parts) if p[2] is not None]
    if not parts:
        return [], np.zeros(0, dtype=object), None
    if len(parts) == 1:
        return parts[0]
    vocabulary = np.unique(np.concatenate([np.asarray(p[1], dtype=object) for p in parts]))
    row_ids: dict = {}
    labels: list = []
    rows, cols, counts = [], [], []
    for part_labels, part_vocabulary, matrix in parts:
        row_map = np.empty(len(part_labels), dtype=np.int64)
        for k, label in enumerate(part_labels):
            row = row_ids.get(label)
            if row is None:
                row = row_ids[label] = len(labels)
                labels.append(label)
            row_map[k] = row
        col_map = np.searchsorted(vocabulary, np.asarray(part_vocabulary, dtype=object)).astype(np.int64)
        coo = matrix.tocoo()
        rows.append(row_map[coo.row])
        cols.append(col_map[coo.col])
        counts.append(coo.data)
    matrix = sparse.csr_matrix((np.concatenate(counts), (np.concatenate(rows), np.concatenate(cols))),
                               shape=(len(labels), len(vocabulary)), dtype=np.int64)
    matrix.sum_duplicates()
    return labels, vocabulary, matrix


def distributed_count_matrix(bag: Any, by: str = "para_id", sort: bool = True, scheduler: str | None = None,
                 **token_options: Any) -> tuple[pd.Index, np.ndarray, Any]:
    """``(rows, vocabulary, matrix)`` of :func:`framings.text.count_matrix`, over a Dask bag.

    ``bag`` holds dicts: documents (``doc_id, framing, text`` and any metadata; split
    into paragraphs as :func:`framings.paragraphs` does) or paragraphs (with a
    ``para_id``). ``by`` names the rows (``"para_id"`` gives a document-term matrix;
    ``"doc_id"``, ``"framing"`` or a metadata column group them). Rows are sorted
    (``sort=True``) or in the order the partitions deliver them.

    Parameters
    ----------
    bag : dask.bag.Bag
        Dicts of documents or paragraphs (:func:`corpus_bag`).
    by : str, default "para_id"
        The key whose values are the rows.
    sort : bool, default True
        Rows in sorted order of ``by``.
    scheduler : str or None, default None
        Dask scheduler (``"synchronous"``, ``"threads"``, ``"processes"``; ``None``: Dask's default
        or the active ``distributed.Client``).
    **token_options
        Options of :func:`framings.tokens`.

    Returns
    -------
    rows : pandas.Index
        The values of ``by``.
    vocabulary : numpy.ndarray
        The terms, sorted.
    matrix : scipy.sparse.csr_matrix
        ``int64`` counts, rows × vocabulary.

    Raises
    ------
    CorpusError
        For ``by=None`` (no order across partitions).

    Examples
    --------
    >>> from framings.text import corpus_bag
    >>> from framings.text import distributed_count_matrix
    >>> rows, vocabulary, matrix = distributed_count_matrix(corpus_bag(npartitions=2), by="doc_id", scheduler="synchronous")
    >>> matrix.shape == (len(rows), len(vocabulary)), len(rows)
    (True, 5)
    """
    if by is None:
        raise CorpusError("framings.text.distributed_count_matrix(): by=None has no order across partitions; "
                          "use by='para_id'")

    from scipy import sparse  # heavy (scipy): imported on first use

    _dask_bag()
    total = bag.reduction(partial(_partition_counts, by=by, token_options=token_options), _merge,
                          split_every=8)
    labels, vocabulary, matrix = total.compute(scheduler=scheduler)

    if matrix is None:
        return pd.Index([], name=by), np.zeros(0, dtype=object), sparse.csr_matrix((0, 0), dtype=np.int64)
    index = pd.Index(labels, name=by)
    if sort and not index.is_monotonic_increasing:
        order = index.argsort()
        index, matrix = index[order], matrix[order]
    return index, vocabulary, matrix.tocsr()


def distributed_term_counts(bag: Any, by: str = "framing", scheduler: str | None = None, **token_options: Any) -> pd.DataFrame:
    """:func:`framings.term_counts` over a Dask bag of documents or paragraphs (same table).

    Parameters
    ----------
    bag : dask.bag.Bag
        Dicts of documents or paragraphs (:func:`corpus_bag`).
    by : str, default "framing"
        The key whose values are the rows.
    scheduler : str or None, default None
        Dask scheduler, as in :func:`distributed_count_matrix`.
    **token_options
        Options of :func:`framings.tokens`.

    Returns
    -------
    pandas.DataFrame
        Groups × terms counts, equal to :func:`framings.term_counts` on the same corpus.

    Examples
    --------
    >>> from framings.text import corpus_bag
    >>> from framings.text import distributed_term_counts
    >>> counts = distributed_term_counts(corpus_bag(npartitions=2), by="framing", scheduler="synchronous")
    >>> counts.equals(fr.term_counts(fr.tokens(fr.paragraphs(fr.load_corpus()))))
    True
    """

    rows, vocabulary, matrix = distributed_count_matrix(bag, by=by, sort=True, scheduler=scheduler, **token_options)
    return _counts_frame(rows, pd.Index(vocabulary), matrix, by)
