"""Count terms by group, and the two simplest weightings: rate per 10k and tf-idf.

Counts come from the tidy token frame (``term_counts(toks)``) or straight from
paragraph text (``term_counts(paras)``, :func:`count_matrix`): the second path
tokenizes in batches into a sparse matrix and never builds the tidy frame, so it
runs in flat memory on large corpora. Both give the same numbers.
"""

from __future__ import annotations

from typing import Any, Iterable

import numpy as np
import pandas as pd

from .._check import require_columns, require_labels
from .._paths import corpus_folder_of
from .._progress import progress_bar
from ..errors import CorpusError
from ._tokens import PROGRESS_MIN_CHARS, Tokenizer, _batches, _sorted_vocabulary


def _counts_matrix(toks: pd.DataFrame, by: str):
    """(group labels, term labels, sparse group × term count matrix) from tidy tokens."""
    from scipy import sparse  # heavy (scipy): imported on first use

    require_columns(toks, [by, "token"], "term_counts(): the token frame",
                    "pass fr.tokens(paras) or choose by= among its columns")
    groups = toks[by] if isinstance(toks[by].dtype, pd.CategoricalDtype) else toks[by].astype("category")
    terms = toks["token"] if isinstance(toks["token"].dtype, pd.CategoricalDtype) else toks["token"].astype("category")
    group_codes = groups.cat.codes.to_numpy()
    term_codes = terms.cat.codes.to_numpy()
    matrix = sparse.coo_matrix(
        (np.ones(len(toks), dtype=np.int64), (group_codes, term_codes)),
        shape=(len(groups.cat.categories), len(terms.cat.categories)),
    ).tocsr()
    return groups.cat.categories, terms.cat.categories, matrix


class _Groups:
    """Row ids for the values of ``by``, assigned in order of first appearance across frames."""

    def __init__(self, by: str | None, frame: pd.DataFrame):
        self.by = by
        self.ids: dict = {}
        self.labels: list = []
        self.indexes: list[pd.Index] = []  # by=None: the index of every frame
        self.n_paragraphs = 0
        self.categorical = by is not None and isinstance(frame[by].dtype, pd.CategoricalDtype)
        if self.categorical:  # categories keep their own order, and unused ones are rows too
            for label in frame[by].cat.categories:
                self._add(label)

    def _add(self, label) -> int:
        row = self.ids[label] = len(self.labels)
        self.labels.append(label)
        return row

    def rows_of(self, frame: pd.DataFrame) -> np.ndarray:
        """Row id of every paragraph of ``frame`` (-1 for a missing value of ``by``)."""
        if self.by is None:
            start, self.n_paragraphs = self.n_paragraphs, self.n_paragraphs + len(frame)
            self.indexes.append(frame.index)
            return np.arange(start, self.n_paragraphs, dtype=np.int64)
        codes, uniques = pd.factorize(frame[self.by])
        ids = self.ids
        lookup = np.array([ids[u] if u in ids else self._add(u) for u in uniques], dtype=np.int64)
        return np.where(codes >= 0, lookup[codes] if len(lookup) else -1, -1)

    def index(self, sort: bool) -> tuple[pd.Index, np.ndarray | None]:
        """(row labels in output order, new position of every row id or None when unchanged)."""
        if self.by is None:
            if not self.indexes:
                return pd.RangeIndex(0), None
            return self.indexes[0].append(self.indexes[1:]) if len(self.indexes) > 1 else self.indexes[0], None
        labels = pd.Index(self.labels, name=self.by)
        if not sort or self.categorical or labels.is_monotonic_increasing:
            return labels, None
        order = labels.argsort()
        position = np.empty(len(order), dtype=np.int64)
        position[order] = np.arange(len(order))
        return labels[order], position


def _paragraph_frames(paras, what: str, by: str | None) -> Iterable[pd.DataFrame]:
    frames = [paras] if isinstance(paras, pd.DataFrame) else paras
    for frame in frames:
        require_columns(frame, ["text"] + ([by] if by is not None else []), f"{what}: the paragraph frame",
                        "pass fr.paragraphs(corpus) (or an iterable of them) or choose by= among its columns")
        yield frame


def count_matrix(paras: pd.DataFrame | Iterable[pd.DataFrame], by: str | None = "para_id", sort: bool = True,
                 n_jobs: int = 1, **token_options: Any) -> tuple[pd.Index, np.ndarray, Any]:
    """Count terms straight from paragraph text: ``(rows, vocabulary, matrix)``.

    Tokenizes ``paras["text"]`` with :func:`framings.tokens`' options (``lowercase,
    stopwords, merge_variants, phrases, stem, min_length, numbers``) in batches of
    about two million characters and adds each batch into a sparse count matrix;
    the tidy token frame is never built, so memory stays flat.

    Parameters
    ----------
    paras : pandas.DataFrame or iterable of pandas.DataFrame
        A paragraph frame (columns ``text`` and ``by``), or an iterable of such
        frames (for instance one per file), consumed one at a time.
    by : str or None, default "para_id"
        Column whose values are the rows (``"para_id"``, ``"doc_id"``, ``"framing"``,
        any other column), or ``None`` for one row per paragraph, in input order.
    sort : bool, default True
        Rows in sorted order of ``by`` (the order of :func:`term_counts`; a
        categorical column keeps its category order), else in order of first appearance.
    n_jobs : int, default 1
        Worker processes (joblib; ``-1`` all cores) for a large paragraph frame:
        each counts a slice of the rows and the matrices are summed. Same result.
    **token_options
        Options of :func:`framings.tokens` (``lowercase``, ``stopwords``, ``stem`` ...).

    Returns
    -------
    rows : pandas.Index
        The values of ``by`` (named ``by``; every value, also one whose paragraphs
        have no tokens), or the paragraphs' index when ``by=None``.
    vocabulary : numpy.ndarray
        The terms that occur, sorted.
    matrix : scipy.sparse.csr_matrix
        ``int64`` counts, rows × vocabulary.

    Raises
    ------
    CorpusError
        When ``paras`` is not a paragraph frame or lacks ``text`` or ``by``.

    Examples
    --------
    >>> paras = pd.DataFrame({"doc_id": ["a", "b"], "para_id": ["a-1", "b-1"],
    ...                       "framing": ["alliance", "autonomy"],
    ...                       "text": ["Energy and energy security.", "Security first, security always."]})
    >>> rows, vocabulary, matrix = fr.text.count_matrix(paras, by="framing")
    >>> list(rows), list(vocabulary)
    (['alliance', 'autonomy'], ['always', 'energy', 'energy_security', 'first', 'security'])
    >>> matrix.toarray()
    array([[0, 1, 1, 0, 0],
           [1, 0, 0, 1, 2]])
    """
    if n_jobs != 1 and isinstance(paras, pd.DataFrame) and len(paras) >= PARALLEL_MIN_PARAGRAPHS:
        return _count_matrix_parallel(paras, by, sort, n_jobs, token_options)
    return _count_matrix(paras, by, sort, token_options)


def _count_matrix(paras, by, sort: bool, token_options: dict):
    from scipy import sparse  # heavy (scipy): imported on first use


    tokenizer = None
    groups = None
    pairs = _Pairs()
    for frame in _paragraph_frames(paras, "count_matrix()", by):
        if groups is None:
            groups = _Groups(by, frame)
            # the phrase and variant lists of the corpus the (first) frame came from
            tokenizer = Tokenizer(**{"corpus": frame, **token_options})
        row_of_text = groups.rows_of(frame)
        texts = frame["text"].astype(str).tolist()
        known = _known_chunks(frame, texts)
        if known is not None:  # split at whitespace when loaded: only the distinct chunks are looked at
            row, term, count = tokenizer.encode_counts_of_chunks(texts, *known, row_of_text)
            pairs.add(row, term, len(tokenizer.terms), count)
            continue
        with progress_bar(sum(map(len, texts)), "counting", "char", PROGRESS_MIN_CHARS) as bar:
            for offset, batch, size in _batches(texts):
                row, term, count = tokenizer.encode_counts(batch, row_of_text[offset:offset + len(batch)])
                pairs.add(row, term, len(tokenizer.terms), count)
                bar.update(size)
    if groups is None:
        raise CorpusError("count_matrix(): no paragraph frames given; pass fr.paragraphs(corpus)")
    rows, cols, counts = pairs.result(len(tokenizer.terms))
    used = np.zeros(len(tokenizer.terms), dtype=bool)
    used[cols] = True
    vocabulary, rank = _sorted_vocabulary(tokenizer.terms, used)
    labels, position = groups.index(sort)
    if position is not None:
        rows = position[rows]
    matrix = sparse.csr_matrix((counts, (rows, rank[cols])), shape=(len(labels), len(vocabulary)))
    matrix.sum_duplicates()
    return labels, vocabulary, matrix


# Private attribute of a paragraph frame made by framings.paragraphs() from a frame load_corpus made (see
# framings.corpus._load): (its texts, the chunk table, chunk ids of every text in order, chunks per text).
_PARAGRAPH_CHUNKS = "_framings_paragraph_chunks"


def _known_chunks(frame: pd.DataFrame, texts: list[str]):
    """(chunks, ids, chunks per text) of ``texts`` when the frame carries them for these very texts, else None."""
    known = frame.__dict__.get(_PARAGRAPH_CHUNKS)
    # equal, not identical: a column of pyarrow-backed strings gives a new str object on every read
    if known is None or len(known[0]) != len(texts) or not all(map(str.__eq__, known[0], texts)):
        return None
    return known[1:]


PARALLEL_MIN_PARAGRAPHS = 20_000  # below this, worker start-up costs more than it saves


def _count_part(frame: pd.DataFrame, by: str | None, token_options: dict):
    """A worker's share of :func:`count_matrix`: (row labels or None, vocabulary, matrix)."""
    labels, vocabulary, matrix = count_matrix(frame, by=by, sort=False, **token_options)
    return (None if by is None else list(labels)), vocabulary, matrix


def _count_matrix_parallel(paras: pd.DataFrame, by, sort: bool, n_jobs: int, token_options: dict):
    from joblib import (  # heavy (joblib): imported on first use
        Parallel,
        delayed,
        effective_n_jobs,
    )
    from scipy import sparse  # heavy (scipy): imported on first use

    frame = next(iter(_paragraph_frames(paras, "count_matrix()", by)))
    n_parts = max(1, min(effective_n_jobs(n_jobs), len(frame) // (PARALLEL_MIN_PARAGRAPHS // 2)))
    bounds = np.linspace(0, len(frame), n_parts + 1).astype(int)
    columns = ["text"] + ([by] if by is not None else [])
    if token_options.get("corpus") is None:  # workers get the folder itself, not the frame's attrs

        folder = corpus_folder_of(frame)
        token_options = {**token_options, "corpus": str(folder) if folder is not None else False}
    parts = Parallel(n_jobs=n_parts)(delayed(_count_part)(frame.iloc[start:stop][columns], by, token_options)
                                     for start, stop in zip(bounds[:-1], bounds[1:]))
    groups = _Groups(by, frame)
    groups.rows_of(frame)  # every label, in the order of the sequential count
    vocabulary = np.unique(np.concatenate([np.asarray(p[1], dtype=object) for p in parts]))
    rows, cols, counts = [], [], []
    for start, (part_labels, part_vocabulary, matrix) in zip(bounds[:-1], parts):
        coo = matrix.tocoo()
        if by is None:
            rows.append(coo.row.astype(np.int64) + start)
        else:
            rows.append(np.array([groups.ids[label] for label in part_labels], dtype=np.int64)[coo.row])
        cols.append(np.searchsorted(vocabulary, np.asarray(part_vocabulary, dtype=object))[coo.col])
        counts.append(coo.data)
    labels, position = groups.index(sort)
    rows = np.concatenate(rows)
    if position is not None:
        rows = position[rows]
    matrix = sparse.csr_matrix((np.concatenate(counts), (rows, np.concatenate(cols))),
                               shape=(len(labels), len(vocabulary)), dtype=np.int64)
    matrix.sum_duplicates()
    return labels, vocabulary, matrix


class _Pairs:
    """(row, term) pairs of counted tokens, summed into (row, term, count) whenever many pile up."""

    COMPACT_AT = 4_000_000  # pairs held before summing them (about 100 MB)

    def __init__(self):
        self.parts: list[tuple[np.ndarray, np.ndarray, np.ndarray | None]] = []
        self.pending = 0

    def add(self, rows: np.ndarray, cols: np.ndarray, n_cols: int, counts: np.ndarray | None = None) -> None:
        """(row, term) pairs, each counted ``counts`` times (None: once)."""
        self.parts.append((rows, cols, counts))
        self.pending += len(rows)
        if self.pending >= self.COMPACT_AT:
            self.parts = [self._summed(n_cols)]
            self.pending = 0

    def _summed(self, n_cols: int):
        rows = np.concatenate([p[0] for p in self.parts])
        cols = np.concatenate([p[1] for p in self.parts])
        counts = np.concatenate([np.ones(len(p[0]), dtype=np.int64) if p[2] is None else p[2] for p in self.parts])
        return _aggregate(rows, cols, n_cols, counts)

    def result(self, n_cols: int):
        """(row, term, count) arrays; duplicates remain where the final sparse matrix sums them faster."""
        if not self.parts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        rows = np.concatenate([p[0] for p in self.parts])
        cols = np.concatenate([p[1] for p in self.parts])
        counts = np.concatenate([np.ones(len(p[0]), dtype=np.int64) if p[2] is None else p[2] for p in self.parts])
        if len(rows) and (int(rows.max()) + 1) * n_cols <= 4 * len(rows):
            return _aggregate(rows, cols, n_cols, counts)  # few groups: count by index
        return rows, cols, counts


def _aggregate(rows: np.ndarray, cols: np.ndarray, n_cols: int, counts: np.ndarray):
    """(row, column, count) of the distinct (row, column) pairs: one batch's share of the matrix."""
    from scipy import sparse  # heavy (scipy): imported on first use

    if len(rows) == 0:
        return rows, cols, counts
    key = rows * n_cols + cols
    low = int(key.min())
    span = int(key.max()) - low + 1
    if span <= 4 * len(key):  # few groups: count by index
        summed = np.bincount(key - low, weights=counts, minlength=span).astype(np.int64)
        distinct = np.flatnonzero(summed)
        distinct_rows, distinct_cols = np.divmod(distinct + low, n_cols)
        return distinct_rows, distinct_cols, summed[distinct]
    first_row = int(rows.min())
    n_rows = int(rows.max()) - first_row + 1
    local = sparse.coo_matrix((counts, (rows - first_row, cols)), shape=(n_rows, n_cols)).tocsr().tocoo()
    return local.row.astype(np.int64) + first_row, local.col.astype(np.int64), local.data.astype(np.int64)


def term_counts(frame: pd.DataFrame | Iterable[pd.DataFrame], by: str = "framing", **token_options: Any) -> pd.DataFrame:
    """Groups × terms count table: index = groups of ``by``, columns = terms (sorted), int counts.

    ``frame`` is the tidy token frame of :func:`framings.tokens`, or a paragraph frame
    (column ``text``; or an iterable of paragraph frames) that is tokenized on the way
    with ``token_options`` (the options of :func:`framings.tokens`) without building the
    tidy frame: ``term_counts(paras, by="framing", stem=True)`` equals
    ``term_counts(fr.tokens(paras, stem=True), by="framing")`` and is faster and
    smaller on large corpora (see :func:`count_matrix`, whose ``n_jobs`` it passes on).

    Groups and terms with no tokens are dropped (a categorical level that never
    occurs is not a group).

    Parameters
    ----------
    frame : pandas.DataFrame or iterable of pandas.DataFrame
        Tidy tokens (columns ``token`` and ``by``) or paragraphs (columns ``text`` and ``by``).
    by : str, default "framing"
        The column whose values are the rows.
    **token_options
        Options of :func:`framings.tokens` for paragraph text (and ``n_jobs``);
        refused for a token frame, which is already tokenized.

    Returns
    -------
    pandas.DataFrame
        Index named ``by``, columns named ``term``, ``int64`` counts.

    Raises
    ------
    CorpusError
        When token options are given with a token frame, or a column is missing.

    Examples
    --------
    >>> paras = pd.DataFrame({"doc_id": ["a", "b"], "para_id": ["a-1", "b-1"],
    ...                       "framing": ["alliance", "autonomy"],
    ...                       "text": ["Energy and energy security.", "Security first, security always."]})
    >>> fr.term_counts(paras, by="framing")
    term      always  energy  energy_security  first  security
    framing
    alliance       0       1                1      0         0
    autonomy       1       0                0      1         2
    >>> fr.term_counts(fr.tokens(paras), by="doc_id").sum(axis=1).tolist()
    [2, 4]
    """
    if isinstance(frame, pd.DataFrame):

        require_labels(frame, f"term_counts(by={by!r})", by)
    is_tokens = isinstance(frame, pd.DataFrame) and ("token" in frame.columns or "text" not in frame.columns)
    # token_options may also hold n_jobs (passed on to count_matrix)
    if is_tokens:
        if token_options:
            raise CorpusError(f"term_counts(): options {sorted(token_options)} apply to paragraph text, but this "
                              "frame is already tokenized; pass them to fr.tokens() or pass the paragraph frame")
        groups, terms, matrix = _counts_matrix(frame, by)
    else:
        groups, terms, matrix = count_matrix(frame, by=by, **token_options)
        terms = pd.Index(terms)
    return _counts_frame(groups, terms, matrix, by)


def _counts_frame(groups, terms, matrix, by: str) -> pd.DataFrame:
    """The count table of :func:`term_counts`: empty groups and terms dropped, terms sorted."""
    row_keep = np.asarray(matrix.sum(axis=1)).ravel() > 0
    col_keep = np.asarray(matrix.sum(axis=0)).ravel() > 0
    matrix = matrix[row_keep][:, col_keep]
    terms = np.asarray(terms)[col_keep]
    order = np.argsort(terms, kind="stable")
    counts = pd.DataFrame(matrix[:, order].toarray(), index=pd.Index(np.asarray(groups)[row_keep], name=by),
                          columns=pd.Index(terms[order], name="term"))
    return counts


def rate_per_10k(counts: pd.DataFrame) -> pd.DataFrame:
    """Occurrences per 10,000 tokens of each group (row), same shape as ``counts``.

    Parameters
    ----------
    counts : pandas.DataFrame
        A groups × terms count table (:func:`term_counts`).

    Returns
    -------
    pandas.DataFrame
        ``counts`` divided by each row's total, times 10,000.

    Raises
    ------
    CorpusError
        When a group (row) has no tokens at all.

    Examples
    --------
    >>> counts = pd.DataFrame({"energy": [3, 0], "security": [1, 4]}, index=["a", "b"])
    >>> fr.rate_per_10k(counts)
       energy  security
    a  7500.0    2500.0
    b     0.0   10000.0
    """
    totals = counts.sum(axis=1)
    if (totals == 0).any():
        empty = list(totals.index[totals == 0])
        raise CorpusError(f"rate_per_10k(): group(s) {empty} have no tokens; drop them first")
    return counts.div(totals, axis=0) * 10_000


def tf_idf(counts: pd.DataFrame) -> pd.DataFrame:
    """tf-idf of each term in each group, as tidytext's ``bind_tf_idf`` (Silge & Robinson 2016).

    ``tf = n / (tokens in the group)``; ``idf = ln(number of groups / number of groups
    containing the term)``; ``tf_idf = tf * idf``.

    Parameters
    ----------
    counts : pandas.DataFrame
        A groups × terms count table (:func:`term_counts`).

    Returns
    -------
    pandas.DataFrame
        Tidy frame ``group, term, count, tf, idf, tf_idf`` (only terms that occur in the
        group), sorted by group, then ``tf_idf`` descending.

    Raises
    ------
    CorpusError
        When the count table is empty.

    Examples
    --------
    >>> counts = pd.DataFrame({"energy": [3, 0], "security": [1, 4]}, index=["a", "b"])
    >>> fr.tf_idf(counts)
      group      term  count    tf       idf   tf_idf
    0     a    energy      3  0.75  0.693147  0.51986
    1     a  security      1  0.25  0.000000  0.00000
    2     b  security      4  1.00  0.000000  0.00000
    """
    n_groups = len(counts.index)
    if n_groups == 0 or counts.shape[1] == 0:
        raise CorpusError("tf_idf(): empty count table; check the tokens and the grouping")
    values = counts.to_numpy()
    tf = values / values.sum(axis=1, keepdims=True)
    document_frequency = (values > 0).sum(axis=0)
    idf = np.log(n_groups / np.where(document_frequency == 0, 1, document_frequency))
    group_index, term_index = np.nonzero(values)
    tidy = pd.DataFrame({
        "group": counts.index.to_numpy()[group_index],
        "term": counts.columns.to_numpy()[term_index],
        "count": values[group_index, term_index],
        "tf": tf[group_index, term_index],
        "idf": idf[term_index],
    })
    tidy["tf_idf"] = tidy["tf"] * tidy["idf"]
    return tidy.sort_values(["group", "tf_idf", "term"], ascending=[True, False, True], ignore_index=True)
