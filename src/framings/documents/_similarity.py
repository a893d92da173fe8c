"""Similarity of documents (or any grouping) as tf-idf cosine, and the closest document of each."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

from .._check import require_columns
from ..errors import CorpusError
from ..stats import RELABELLING_TAG
from ..text import Tokenizer

Stopwords = str | Iterable[str] | None   # "default", a resource name, a collection of words, or None


Phrases = bool | Iterable[str]          # True: the project's phrase list; False: none; or the phrases


VERDICT_COLUMNS = ["doc_id", "framing", "closest", "closest_framing", "cosine", "runner_up", "runner_up_cosine",
                   "margin", "same_label", "best_same_label_cosine", "best_other_label_cosine", "label_margin",
                   "closest_sklearn", "cosine_sklearn", "margin_sklearn", "same_label_sklearn", "agree"]


def _texts_by(paras_or_corpus: pd.DataFrame, by: str) -> pd.Series:
    require_columns(paras_or_corpus, ["text"], "similarity(): the corpus or paragraph frame",
                    "pass fr.load_corpus() or fr.paragraphs(corpus)")
    require_columns(paras_or_corpus, [by], "similarity(): the frame",
                    f"group by one of {list(paras_or_corpus.columns)}")
    # a fresh frame: load_corpus() keeps a DataFrame in .attrs, which pandas cannot compare
    texts = pd.DataFrame({by: paras_or_corpus[by].to_numpy(), "text": paras_or_corpus["text"].astype(str).to_numpy()})
    return texts.groupby(by, sort=False)["text"].agg("\n".join)


def _tfidf(texts, token_options: dict):
    from sklearn.feature_extraction.text import (
        TfidfVectorizer,  # heavy (scikit-learn): imported on first use
    )

    tokenizer = Tokenizer(**token_options)
    # analyzer=callable: scikit-learn counts our tokens as they are (no re-tokenising or
    # lower-casing); defaults otherwise: smooth idf, raw tf, l2-normalised rows.
    vectorizer = TfidfVectorizer(analyzer=tokenizer)
    try:
        return vectorizer.fit_transform(list(texts))
    except ValueError as err:
        raise CorpusError(f"no terms left to compare ({err}); loosen the stop words or pass more text") from None


def similarity(paras_or_corpus: pd.DataFrame, by: str = "doc_id", stopwords: str | Iterable[str] | None = "default",
               merge_variants: bool = True, phrases: bool | Iterable[str] = True) -> pd.DataFrame:
    """Cosine similarity of tf-idf vectors, one per value of ``by``: a square frame by × by.

    The texts of each group are joined and tokenized with :func:`framings.text.tokenize`
    (``stopwords``, ``merge_variants`` and ``phrases`` as there); scikit-learn's
    ``TfidfVectorizer`` weights the tokens (smooth idf, ``idf = ln((1 + n) / (1 + df)) + 1``,
    rows l2-normalised), so ``similarity = cos(u, v) = u·v / (‖u‖ ‖v‖)`` lies in [0, 1],
    is 1 on the diagonal and symmetric. Groups keep their order of first appearance. Empty
    input gives an empty 0 × 0 frame.

    Parameters
    ----------
    paras_or_corpus : pandas.DataFrame
        Paragraphs or documents, with ``text`` and ``by``.
    by : str, default "doc_id"
        The column whose values are compared.
    stopwords : str or iterable of str or None, default "default"
        As in :func:`framings.tokens`.
    merge_variants : bool, default True
        As in :func:`framings.tokens` (merged by default there too, so that a name spelt two ways is one term).
    phrases : bool or iterable of str, default True
        As in :func:`framings.tokens`.

    Returns
    -------
    pandas.DataFrame
        Square, symmetric, index and columns named ``by``.

    Examples
    --------
    >>> paras = pd.DataFrame({"doc_id": ["a", "b"],
    ...                       "text": ["The energy corridor runs west.", "No energy corridor, only talks."]})
    >>> sim = fr.similarity(paras)
    >>> sim.shape, float(sim.loc["a", "a"]), bool(sim.loc["a", "b"] == sim.loc["b", "a"])
    ((2, 2), 1.0, True)
    """
    texts = _texts_by(paras_or_corpus, by)
    if texts.empty:
        return pd.DataFrame(index=pd.Index([], name=by), columns=pd.Index([], name=by), dtype=float)
    options = dict(stopwords=stopwords, merge_variants=merge_variants, phrases=phrases, corpus=paras_or_corpus)
    matrix = _tfidf(texts, options)
    cosine = (matrix @ matrix.T).toarray()
    cosine = (cosine + cosine.T) / 2  # exact symmetry despite floating-point summation order
    labels = pd.Index(texts.index.astype(str), name=by)
    return pd.DataFrame(np.clip(cosine, 0.0, 1.0), index=labels, columns=labels.copy())


def _sklearn_default_cosine(texts: pd.Series) -> np.ndarray:
    """Cosine similarity of scikit-learn's default ``TfidfVectorizer()`` vectors of raw texts."""
    from sklearn.feature_extraction.text import (
        TfidfVectorizer,  # heavy (scikit-learn): imported on first use
    )

    try:
        matrix = TfidfVectorizer().fit_transform(list(texts))
    except ValueError as err:
        raise CorpusError(f"no terms left to compare ({err}); pass more text") from None
    cosine = (matrix @ matrix.T).toarray()
    return np.clip((cosine + cosine.T) / 2, 0.0, 1.0)


def _chance_same_label(unit_label: np.ndarray) -> np.ndarray:
    """Per unit, the chance that a uniformly drawn other unit carries its label: (n_l − 1) / (n − 1)."""
    sizes = pd.Series(unit_label).map(pd.Series(unit_label).value_counts()).to_numpy(dtype=float)
    return (sizes - 1) / (len(unit_label) - 1)


def _closest(cosine: np.ndarray, i: int) -> tuple[int, int]:
    """Index of the most similar and the runner-up other row of row ``i`` (ties: earlier first)."""
    values = cosine[i].astype(float).copy()
    values[i] = -np.inf
    order = np.argsort(-values, kind="stable")
    return int(order[0]), (int(order[1]) if len(order) > 2 else -1)


def similarity_verdict(corpus_or_paras: pd.DataFrame, by: str = "doc_id", label: str = "framing",
                       stopwords: Stopwords = "default", merge_variants: bool = True,
                       phrases: Phrases = True) -> pd.DataFrame:
    """Each document's closest other document, with the margin it wins by and a second vectoriser's verdict.

    Similarity is :func:`similarity` (our tokens, tf-idf, cosine). For each document
    (value of ``by``): the ``closest`` other document and its ``cosine``, the
    ``runner_up`` and ``margin`` = cosine − runner-up cosine; ``same_label`` (the
    closest has the document's ``label``); ``best_same_label_cosine`` and
    ``best_other_label_cosine`` (the most similar other document with the same label /
    another label; NaN when there is none) and ``label_margin`` = their difference
    (positive: the verdict "closest to its own label" holds by that much). The same
    closest-document verdict is recomputed with scikit-learn's default
    ``TfidfVectorizer()`` on the raw texts (its own tokenizer and lower-casing, no stop
    words): ``closest_sklearn, cosine_sklearn, margin_sklearn, same_label_sklearn``,
    and ``agree`` says whether both give the same ``same_label`` verdict. A verdict with
    a margin near 0 or ``agree`` False depends on choices of preprocessing.

    Parameters
    ----------
    corpus_or_paras : pandas.DataFrame
        A corpus (:func:`framings.load_corpus`) or paragraph frame: columns ``by``,
        ``label`` and ``text``.
    by : str, default "doc_id"
        The unit compared.
    label : str, default "framing"
        The label column (constant within each unit).
    stopwords, merge_variants, phrases
        Tokenizer options of our vectors, as in :func:`framings.text.tokenize` (``merge_variants=True``, the
        default everywhere: a name spelt two ways is one term).

    Returns
    -------
    pandas.DataFrame
        The columns named above (the first is named after ``by``), one row per unit.
        ``.attrs`` holds ``n_same_label`` and ``n_same_label_sklearn`` (units whose
        closest other unit has their label), ``n_agree``, and ``expected_same_label``, the
        chance baseline of ``n_same_label``: were the closest unit any other unit at random,
        a unit whose label ``n_l`` units carry would find its label with probability
        ``(n_l − 1) / (n − 1)``, summed over the units (labels 2/1/2: 1/4 + 1/4 + 0 + 1/4 +
        1/4 = 1, so 4 of 5 closest to another label is what chance gives).

    Raises
    ------
    CorpusError
        For a missing column, a label that varies within a unit, or fewer than two units.

    Examples
    --------
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "framing": ["x", "x", "y"],
    ...                      "text": ["tea cup pot", "tea pot leaf", "war gun tank"]})
    >>> similarity_verdict(docs)[["doc_id", "closest", "same_label", "agree"]].values.tolist()
    [['a', 'b', True, True], ['b', 'a', True, True], ['c', 'a', False, True]]
    """
    require_columns(corpus_or_paras, [by, label, "text"], "similarity_verdict(): the corpus or paragraph frame",
                    "pass fr.load_corpus() or fr.paragraphs(corpus)")
    frame = pd.DataFrame({by: corpus_or_paras[by].astype(str).to_numpy(),
                          label: corpus_or_paras[label].astype(str).to_numpy()})
    per_unit = frame.drop_duplicates()
    if per_unit[by].duplicated().any():
        bad = per_unit.loc[per_unit[by].duplicated(), by].iloc[0]
        raise CorpusError(f"similarity_verdict(): {by} {bad!r} carries more than one {label!r}; "
                          "the label must be constant within each unit")
    ours = similarity(corpus_or_paras, by=by, stopwords=stopwords, merge_variants=merge_variants, phrases=phrases)
    units = list(ours.index)
    if len(units) < 2:
        raise CorpusError("similarity_verdict(): needs at least 2 units to compare")
    unit_label = per_unit.set_index(by)[label].reindex(units).to_numpy()
    theirs = _sklearn_default_cosine(_texts_by(corpus_or_paras, by).reindex(units))
    cosine = ours.to_numpy()
    rows = []
    for i, unit in enumerate(units):
        best, second = _closest(cosine, i)
        best_s, second_s = _closest(theirs, i)
        others = np.arange(len(units)) != i
        same = others & (unit_label == unit_label[i])
        different = others & (unit_label != unit_label[i])
        best_same = float(cosine[i, same].max()) if same.any() else np.nan
        best_other = float(cosine[i, different].max()) if different.any() else np.nan
        runner = float(cosine[i, second]) if second >= 0 else np.nan
        runner_s = float(theirs[i, second_s]) if second_s >= 0 else np.nan
        same_label = bool(unit_label[best] == unit_label[i])
        same_label_s = bool(unit_label[best_s] == unit_label[i])
        rows.append((unit, unit_label[i], units[best], unit_label[best], float(cosine[i, best]),
                     units[second] if second >= 0 else None, runner, float(cosine[i, best]) - runner, same_label,
                     best_same, best_other, best_same - best_other,
                     units[best_s], float(theirs[i, best_s]), float(theirs[i, best_s]) - runner_s, same_label_s,
                     same_label == same_label_s))
    out = pd.DataFrame(rows, columns=[by, label] + VERDICT_COLUMNS[2:])
    out.attrs.update({"n_same_label": int(out["same_label"].sum()),
                      "n_same_label_sklearn": int(out["same_label_sklearn"].sum()),
                      "n_agree": int(out["agree"].sum()),
                      "expected_same_label": float(_chance_same_label(unit_label).sum())})
    return out


def same_label_gap(pairs: pd.DataFrame, labels: pd.Series) -> float:
    """Mean cosine of same-label pairs minus that of different-label pairs, under the labels ``labels``.

    The statistic of a permutation test over documents: ``labels`` is the relabelled document → label.
    Called once, it is the plain definition (two means over the pairs). Inside
    :func:`framings.permutation_test` (``labels`` derived from the relabelled frame, which carries the
    test's memo) the pairs are kept as a documents × documents matrix of cosines, built once per test; a
    relabelling then costs one product with the label indicators, ``Σ_g 1_gᵀ S 1_g / 2`` for the sum of
    same-label cosines, instead of looking up both labels of every pair (two million pairs at 2,000
    documents). The two agree to rounding (the test compares them).

    Parameters
    ----------
    pairs : pandas.DataFrame
        ``doc_a, doc_b, cosine``, each unordered pair once (:func:`framings.course.document_pairs`).
    labels : pandas.Series
        Document → label.

    Returns
    -------
    float
        The gap; NaN when no pair shares a label (or none differs).

    Examples
    --------
    >>> pairs = pd.DataFrame({"doc_a": ["x", "x", "y"], "doc_b": ["y", "z", "z"], "cosine": [0.5, 0.2, 0.4]})
    >>> round(same_label_gap(pairs, pd.Series({"x": "a", "y": "a", "z": "b"})), 2)
    0.2
    """
    memo = getattr(labels, "attrs", {}).get(RELABELLING_TAG)
    if isinstance(memo, dict):
        matrices = _pair_matrices(pairs, memo)
        if matrices is not None:
            gap = _matrix_gap(matrices, labels)
            if gap is not None:
                return gap
    same = pairs["doc_a"].map(labels) == pairs["doc_b"].map(labels)
    if not same.any():
        return float("nan")
    return float(pairs.loc[same, "cosine"].mean() - pairs.loc[~same, "cosine"].mean())


def _pair_matrices(pairs: pd.DataFrame, memo: dict) -> dict | None:
    """The pairs as a documents × documents cosine matrix (and pair counts unless every pair is there once),
    kept in the test's memo."""
    kept = memo.get("same_label_gap", {})
    if kept.get("pairs") is pairs and kept.get("n") == len(pairs):
        return kept["matrices"]
    cosine = pairs["cosine"].to_numpy(dtype=float)
    keep = ~np.isnan(cosine)  # a missing cosine is left out of both means, as .mean() does
    codes, docs = pd.factorize(pd.concat([pairs["doc_a"], pairs["doc_b"]], ignore_index=True))
    a, b = codes[:len(pairs)][keep], codes[len(pairs):][keep]
    n = len(docs)
    if (a < 0).any() or (b < 0).any() or (a == b).any() or n > 20_000:
        return None  # self pairs or missing documents: the plain definition
    counts = np.zeros((n, n))
    np.add.at(counts, (np.minimum(a, b), np.maximum(a, b)), 1.0)
    if (counts > 1).any():
        return None  # a pair listed twice (either way round): the plain definition
    matrix = np.zeros((n, n))
    matrix[a, b] = cosine[keep]
    matrix[b, a] = cosine[keep]
    complete = len(a) == n * (n - 1) // 2  # every pair once: the same-label pair count follows from group sizes
    matrices = dict(docs=pd.Index(docs), matrix=matrix, counts=None if complete else counts + counts.T,
                    row_sums=matrix.sum(axis=1), total=float(cosine[keep].sum()), n_pairs=int(keep.sum()))
    memo["same_label_gap"] = dict(pairs=pairs, n=len(pairs), matrices=matrices)  # one slot, as the test's memo
    return matrices


def _within_groups(matrix: np.ndarray, row_sums: np.ndarray, codes: np.ndarray, n_groups: int) -> float:
    """``Σ_g 1_gᵀ M 1_g`` for symmetric ``M``: one product with all groups but the last, whose block follows
    from the row sums (``1_Gᵀ M 1_G = 1ᵀM1 − 2 rᵀm + mᵀMm``, ``m`` the indicator of the other groups)."""
    explicit = np.zeros((len(codes), n_groups - 1))
    rows = np.flatnonzero(codes < n_groups - 1)
    explicit[rows, codes[rows]] = 1.0
    from scipy.linalg.blas import dsymv  # heavy (scipy): imported on first use

    # BLAS symv reads one triangle of the (exactly symmetric) matrix: half the memory traffic of a product
    product = np.column_stack([dsymv(1.0, matrix.T, explicit[:, g]) for g in range(n_groups - 1)])
    within = float(np.einsum("ig,ig->", explicit, product))
    others = explicit.sum(axis=1)
    last = float(row_sums.sum()) - 2 * float(row_sums @ others) + float(others @ product.sum(axis=1))
    return within + last


def _matrix_gap(matrices: dict, labels: pd.Series) -> float | None:
    if labels.index.has_duplicates:
        return None
    own = labels.reindex(matrices["docs"])
    if own.isna().any():
        return None  # a document without a label: the plain definition (it pairs with nobody)
    codes, uniques = pd.factorize(own)
    n_groups = len(uniques)
    n_pairs, total = matrices["n_pairs"], matrices["total"]
    if n_groups == 1:
        return float("nan")  # every pair shares the label: no different-label mean
    same_sum = _within_groups(matrices["matrix"], matrices["row_sums"], codes, n_groups) / 2
    if matrices["counts"] is None:
        sizes = np.bincount(codes).astype(float)
        same_n = float((sizes * (sizes - 1)).sum()) / 2
    else:
        counts = matrices["counts"]
        same_n = _within_groups(counts, counts.sum(axis=1), codes, n_groups) / 2
    if same_n == 0 or same_n >= n_pairs:
        return float("nan")
    return same_sum / same_n - (total - same_sum) / (n_pairs - same_n)


GAPS_BLOCK_CELLS = 4_000_000  # labellings x documents handled at once by same_label_gaps (32 MB per indicator)


def same_label_gaps(pairs: pd.DataFrame, documents: ArrayLike, labels: ArrayLike) -> np.ndarray:
    """:func:`same_label_gap` under many labellings at once: the vectorized statistic of a permutation test.

    ``documents`` names the document of each column of ``labels`` (the test's ``data[unit]``: a document may
    fill several columns, as its paragraphs do, and its first column is read); each row of ``labels`` is one
    labelling. It is what :func:`framings.permutation_test` hands a statistic with ``vectorized=True``:

        permutation_test(docs, lambda d, labels: same_label_gaps(pairs, d["doc_id"], labels), vectorized=True)

    gives the test of the per-relabelling statistic ``same_label_gap(pairs, d.set_index("doc_id")["framing"])``
    (the same relabellings; the values agree to rounding), at the cost of a few matrix products instead of
    one call per relabelling. With the pairs as a documents × documents matrix ``S`` and ``1_g`` the indicator
    of label ``g`` in a labelling, the sum of same-label cosines is ``Σ_g 1_gᵀ S 1_g / 2``, computed for a block
    of labellings by one product ``1_g S`` per label. A document of the pairs without a label (absent from
    ``documents``, or a missing label) pairs with nobody, as in the definition; pairs listed twice or with
    a document paired with itself are computed by the definition, labelling by labelling.

    Parameters
    ----------
    pairs : pandas.DataFrame
        ``doc_a, doc_b, cosine``, each unordered pair once (:func:`framings.course.document_pairs`).
    documents : array-like
        The document of each column of ``labels``.
    labels : array-like
        Labellings × columns (a single labelling may be 1-D).

    Returns
    -------
    numpy.ndarray
        One gap per labelling; NaN where no pair shares a label (or none differs).

    Raises
    ------
    CorpusError
        When ``labels`` has not one column per entry of ``documents``.

    Examples
    --------
    >>> pairs = pd.DataFrame({"doc_a": ["x", "x", "y"], "doc_b": ["y", "z", "z"], "cosine": [0.5, 0.2, 0.4]})
    >>> same_label_gaps(pairs, ["x", "y", "z"], [["a", "a", "b"], ["a", "b", "b"]]).round(2).tolist()
    [0.2, 0.05]
    """
    documents = pd.Index(np.asarray(documents))
    labels = np.asarray(labels, dtype=object)
    if labels.ndim == 1:
        labels = labels[None, :]
    if labels.ndim != 2 or labels.shape[1] != len(documents):
        raise CorpusError(f"same_label_gaps(): labels of shape {labels.shape} need one column per document "
                          f"({len(documents)})")
    matrices = _pair_matrices(pairs, {})
    if matrices is None:  # pairs that are no matrix: the definition, one labelling at a time
        first = ~documents.duplicated()
        return np.array([same_label_gap(pairs, pd.Series(row[first], index=documents[first])) for row in labels])
    column = pd.Series(np.arange(len(documents)), index=documents)
    column = column[~documents.duplicated()].reindex(matrices["docs"]).to_numpy()
    has_column = ~np.isnan(column)
    gaps = np.empty(len(labels))
    step = max(1, GAPS_BLOCK_CELLS // max(len(column), 1))
    for start in range(0, len(labels), step):
        block = np.full((min(step, len(labels) - start), len(column)), None, dtype=object)
        block[:, has_column] = labels[start:start + step][:, column[has_column].astype(np.intp)]
        codes, uniques = pd.factorize(block.ravel())  # a missing label (or document) is -1: in no group
        gaps[start:start + step] = _block_gaps(matrices, codes.reshape(block.shape), len(uniques))
    return gaps


def _block_gaps(matrices: dict, codes: np.ndarray, n_groups: int) -> np.ndarray:
    """The gap of each row of ``codes`` (labellings × the matrices' documents; -1: no label)."""
    same_sum = _within_groups_many(matrices["matrix"], matrices["row_sums"], codes, n_groups) / 2
    if matrices["counts"] is None:  # every pair once: the same-label pairs follow from the group sizes
        sizes = np.stack([(codes == g).sum(axis=1) for g in range(n_groups)], axis=1).astype(float)
        same_n = (sizes * (sizes - 1)).sum(axis=1) / 2
    else:
        counts = matrices["counts"]
        same_n = _within_groups_many(counts, counts.sum(axis=1), codes, n_groups) / 2
    n_pairs, total = matrices["n_pairs"], matrices["total"]
    with np.errstate(divide="ignore", invalid="ignore"):
        gaps = same_sum / same_n - (total - same_sum) / (n_pairs - same_n)
    gaps[(same_n == 0) | (same_n >= n_pairs)] = np.nan
    return gaps


def _within_groups_many(matrix: np.ndarray, row_sums: np.ndarray, codes: np.ndarray, n_groups: int) -> np.ndarray:
    """``Σ_g 1_gᵀ M 1_g`` per row of ``codes`` for symmetric ``M``; when every document has a group, the last
    group's block follows from the row sums (``1_Gᵀ M 1_G = 1ᵀM1 − 2 rᵀm + mᵀMm``, ``m`` the other groups)."""
    everyone = not (codes < 0).any()
    explicit = n_groups - 1 if everyone else n_groups
    within = np.zeros(len(codes))
    others = np.zeros(codes.shape)
    others_product = np.zeros(codes.shape)
    for g in range(explicit):
        indicator = (codes == g).astype(float)
        product = indicator @ matrix  # = (M 1_g)ᵀ for each labelling, M being symmetric
        within += np.einsum("li,li->l", indicator, product)
        others += indicator
        others_product += product
    if everyone and n_groups > 0:
        within += float(row_sums.sum()) - 2 * (others @ row_sums) + np.einsum("li,li->l", others, others_product)
    return within
