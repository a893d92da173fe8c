"""Can the framing label be told from the words? Leave-one-document-out classifiers and neighbour shares."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from .._check import check_paragraphs, require_columns, require_labels
from ..errors import CorpusError
from ..text import Tokenizer
from ._similarity import Phrases, Stopwords, _tfidf

CLASSIFY_COLUMNS = ["doc_id", "framing", "label", "predicted", "paragraphs", "share", "n_paragraphs",
                    "label_in_training", "chance"]


ACCURACY_COLUMNS = ["doc_id", "framing", "label", "n_paragraphs", "accuracy", "chance", "label_in_training"]


NEIGHBOUR_COLUMNS = ["doc_id", "framing", "n_paragraphs", "neighbour", "share", "expected"]


NEIGHBOUR_KINDS = ("same document", "other document, same label", "different label")


SCHEMES = ("leave-one-document-out", "random-paragraph")


TARGETS = ("framing", "doc_id")


ALL = "all"


MAX_FOLDS = 20  # leave-one-document-out beyond this many documents: groups of documents held out


MAX_DOCUMENTS = 50  # target="doc_id" beyond this many documents: a seeded sample of documents told apart


class _TokensOf(dict):
    """Text -> its tokens, computed for all texts in one batch; called as a vectorizer's analyzer."""

    def __init__(self, tokenizer: Tokenizer, texts) -> None:
        distinct = list(dict.fromkeys(texts))
        term, owner, _ = tokenizer.encode(distinct, positions=False)
        order = np.argsort(owner, kind="stable")  # the tokens of each text together, in their order
        term, owner = term[order], owner[order]
        terms = np.asarray(tokenizer.terms, dtype=object)
        bounds = np.searchsorted(owner, np.arange(len(distinct) + 1))
        words = terms[term].tolist() if len(term) else []
        super().__init__((text, words[bounds[i]:bounds[i + 1]]) for i, text in enumerate(distinct))

    def __call__(self, text: str) -> list[str]:
        return self[text]


NEAREST_BLOCK_CELLS = 8_000_000  # cosines held at once by _nearest_other (64 MB), whatever the corpus size
NEAR_TIE = 1e-9  # cosines this close to a row's best are compared after symmetrising (rounding is ~1e-12 at most)


def _nearest_other(matrix) -> np.ndarray:
    """Row index of each row's most similar other row (cosine of l2-normalised rows; first of equals).

    The same as ``argmax`` over the symmetrised ``(M Mᵀ + (M Mᵀ)ᵀ) / 2`` with the diagonal left out,
    computed a block of rows at a time: the full paragraphs × paragraphs matrix is 4.5 GB at 24,000
    paragraphs, a block stays at ``NEAREST_BLOCK_CELLS``. ``(M Mᵀ)ᵢⱼ`` and ``(M Mᵀ)ⱼᵢ`` differ by rounding
    only (at most ~1e-12 for unit rows), so a row whose best cosine leads the rest by more than
    ``NEAR_TIE`` has the same argmax in both; only rows with near-ties get their ``(M Mᵀ)ⱼᵢ``, each computed
    as the full product computes it (row j's terms in their stored order).
    """
    n = matrix.shape[0]
    transposed = matrix.T.tocsr()
    step = max(1, NEAREST_BLOCK_CELLS // max(n, 1))
    nearest = np.empty(n, dtype=np.intp)
    for start in range(0, n, step):
        block = matrix[start:start + step]
        cosine = (block @ transposed).toarray()
        rows = np.arange(cosine.shape[0])
        cosine[rows, start + rows] = -np.inf
        best = cosine.argmax(axis=1)
        top = cosine[rows, best]
        near = (cosine >= (top - NEAR_TIE)[:, None]).sum(axis=1) > 1
        for r in np.flatnonzero(near):
            candidates = np.flatnonzero(cosine[r] >= top[r] - NEAR_TIE)
            mirrored = (matrix[candidates] @ block[r].T).toarray().ravel()  # (M Mᵀ)ⱼᵢ for each candidate j
            symmetric = (cosine[r, candidates] + mirrored) / 2
            best[r] = candidates[int(np.argmax(symmetric))]
        nearest[start:start + step] = best
    return nearest


def _fold_labels(labels: np.ndarray, train: np.ndarray) -> set:
    return set(labels[train].tolist())


def classify_framings(
    paras: pd.DataFrame,
    random_state: int | None = 0,
    C: float = 1.0,
    class_weight: str | dict | None = "balanced",
    stopwords: Stopwords = "default",
    merge_variants: bool = True,
    phrases: Phrases = True,
    *,
    scheme: str = "leave-one-document-out",
    target: str = "framing",
    n_splits: int = 5,
    max_folds: int | None = MAX_FOLDS,
    max_documents: int | None = MAX_DOCUMENTS,
) -> pd.DataFrame:
    """Can a classifier tell a paragraph's framing (or document) from its words? Cross-validated, beside chance.

    A pipeline of tf-idf (paragraph vectors as in :func:`similarity`, fitted on the
    training paragraphs only) and logistic regression (scikit-learn
    ``LogisticRegression``, L2 penalty, inverse strength ``C``, ``class_weight=
    "balanced"`` so the largest class does not win by size) is fitted on the training
    paragraphs of each fold and predicts the ``target`` of the held-out paragraphs.

    ``scheme="leave-one-document-out"`` (scikit-learn ``LeaveOneGroupOut``, groups =
    ``doc_id``): each document in turn is held out, which asks whether a framing's
    vocabulary generalises across authors. ``scheme="random-paragraph"``
    (``StratifiedKFold(n_splits, shuffle=True, random_state)`` over paragraphs): the
    held-out paragraphs' own documents are in training, so the classifier can
    recognise an author rather than a framing; with ``target="doc_id"`` it predicts
    the document itself. The gap between the schemes shows author leakage.

    ``chance`` is, per held-out paragraph, the probability that a uniform guess among
    the labels present in its training fold is right: ``1 / (number of labels in the
    fold)`` when its own label is among them, else 0; a document's ``chance`` is the
    mean over its paragraphs (leave-one-document-out: one fold per document).

    One fold per document costs (documents × paragraphs): with more than ``max_folds``
    documents, leave-one-document-out holds out groups of whole documents instead
    (scikit-learn ``GroupKFold(max_folds)``, about ``documents / max_folds`` per fold), and
    says so in a warning and in ``.attrs["folds"]``; every paragraph is still predicted by
    a model that never saw its document. Likewise ``target="doc_id"`` has one class per
    document: with more than ``max_documents`` documents it predicts the document among a
    random sample (seeded by ``random_state``) of ``max_documents`` of them, whose rows alone
    the result holds (warning; ``.attrs["documents_sampled"]`` = (sampled, of)). Chance is
    then about one in ``max_documents``.

    Parameters
    ----------
    paras : pandas.DataFrame
        The paragraph frame of :func:`framings.paragraphs`.
    random_state : int or None, default 0
        Seed of the logistic regression and of the random-paragraph folds.
    C : float, default 1.0
        Inverse regularisation strength.
    class_weight : "balanced", dict or None, default "balanced"
        As in scikit-learn.
    stopwords, merge_variants, phrases
        Tokenizer options, as in :func:`framings.text.tokenize` (``merge_variants=True``, the default
        everywhere: a name spelt two ways is one term, so a spelling habit does not pass for a framing).
    scheme : {"leave-one-document-out", "random-paragraph"}
        How paragraphs are held out.
    target : {"framing", "doc_id"}, default "framing"
        What is predicted; ``"doc_id"`` needs ``scheme="random-paragraph"``.
    n_splits : int, default 5
        Folds of the random-paragraph scheme (at most the number of paragraphs).
    max_folds : int or None, default 20
        The most folds leave-one-document-out makes (None: one per document however many).
    max_documents : int or None, default 50
        With ``target="doc_id"``, the most documents told apart (None: all of them).

    Returns
    -------
    pandas.DataFrame
        One row per document and candidate label (zeros included): ``doc_id,
        framing`` (the document's framing), ``label`` (its true value of ``target``),
        ``predicted``, ``paragraphs`` predicted as it, ``share`` = paragraphs /
        ``n_paragraphs``, ``label_in_training`` (every fold of the document's
        paragraphs had its label in training), ``chance``. The document's accuracy is
        the ``share`` of the row where ``predicted == label``; :func:`accuracy_table`
        lays it beside chance. ``.attrs`` holds ``scheme`` and ``target``.

    Raises
    ------
    CorpusError
        For a frame without the paragraph columns, fewer than two documents, a fold
        with a single label to train on, an unknown scheme or target, or
        ``target="doc_id"`` with leave-one-document-out.

    Examples
    --------
    >>> import pandas as pd
    >>> paras = pd.DataFrame({"doc_id": ["a", "a", "b", "b", "c", "c", "d", "d"],
    ...                       "para_id": ["a1", "a2", "b1", "b2", "c1", "c2", "d1", "d2"],
    ...                       "framing": ["x", "x", "y", "y", "x", "x", "z", "z"],
    ...                       "text": ["tea cup", "tea pot", "war gun", "war tank", "tea leaf", "tea bag",
    ...                                "sun sky", "sun sea"]})
    >>> out = classify_framings(paras)
    >>> out.drop_duplicates("doc_id").set_index("doc_id")["chance"].round(3).to_dict()
    {'a': 0.333, 'b': 0.0, 'c': 0.333, 'd': 0.0}
    """
    from sklearn.feature_extraction.text import (
        TfidfVectorizer,  # heavy (scikit-learn): imported on first use
    )
    from sklearn.linear_model import (
        LogisticRegression,  # heavy (scikit-learn): imported on first use
    )
    from sklearn.model_selection import (  # heavy (scikit-learn): imported on first use
        GroupKFold,
        LeaveOneGroupOut,
        StratifiedKFold,
    )
    from sklearn.pipeline import (
        make_pipeline,  # heavy (scikit-learn): imported on first use
    )
    from threadpoolctl import (
        threadpool_limits,  # loaded with scikit-learn: imported on first use
    )

    check_paragraphs(paras, "classify_framings()")
    if scheme not in SCHEMES:
        raise CorpusError(f"classify_framings(): scheme={scheme!r}; use one of {', '.join(SCHEMES)}")
    if target not in TARGETS:
        raise CorpusError(f"classify_framings(): target={target!r}; use one of {', '.join(TARGETS)}")
    if target == "doc_id" and scheme == "leave-one-document-out":
        raise CorpusError("classify_framings(): a held-out document is never in its training fold, so its doc_id "
                          "cannot be predicted; use scheme='random-paragraph' with target='doc_id'")
    if target == "framing":

        require_labels(paras, "classify_framings()")
    if paras.empty:
        return pd.DataFrame(columns=CLASSIFY_COLUMNS)
    paras = paras.reset_index(drop=True)
    sampled = None
    if target == "doc_id" and max_documents is not None:
        if isinstance(max_documents, bool) or not isinstance(max_documents, (int, np.integer)) or max_documents < 2:
            raise CorpusError(f"classify_framings(): max_documents={max_documents!r} must be an integer of at "
                              "least 2, or None")
        every = list(dict.fromkeys(paras["doc_id"].astype(str)))
        if len(every) > max_documents:
            # one class per document: the model grows with documents x vocabulary, its fit with that x paragraphs
            chosen = set(np.random.default_rng(random_state).choice(every, size=int(max_documents), replace=False))
            warnings.warn(f"classify_framings(): target='doc_id' with {len(every)} documents: predicting the "
                          f"document among a random sample of {max_documents} of them (chance about 1 in "
                          f"{max_documents}; max_documents=None for all)", UserWarning, stacklevel=2)
            paras = paras[paras["doc_id"].astype(str).isin(chosen)].reset_index(drop=True)
            sampled = (int(max_documents), len(every))
    texts = paras["text"].astype(str).to_numpy()
    framing = paras["framing"].astype(str).to_numpy()
    groups = paras["doc_id"].astype(str).to_numpy()
    labels = framing if target == "framing" else groups
    documents = list(dict.fromkeys(groups))
    label_order = list(dict.fromkeys(labels))
    if len(documents) < 2:
        raise CorpusError("classify_framings(): needs at least 2 documents to hold one out")
    if scheme == "leave-one-document-out":
        if max_folds is not None and (isinstance(max_folds, bool) or not isinstance(max_folds, (int, np.integer))
                                      or max_folds < 2):
            raise CorpusError(f"classify_framings(): max_folds={max_folds!r} must be an integer of at least 2, "
                              "or None")
        if max_folds is not None and len(documents) > max_folds:
            warnings.warn(f"classify_framings(): {len(documents)} documents, so {max_folds} folds each holding out "
                          f"about {round(len(documents) / max_folds)} whole documents instead of one fold per document "
                          "(max_folds=None for one per document)", UserWarning, stacklevel=2)
            splits = list(GroupKFold(n_splits=int(max_folds)).split(texts, labels, groups))
        else:
            splits = list(LeaveOneGroupOut().split(texts, labels, groups))
    else:
        if isinstance(n_splits, bool) or not isinstance(n_splits, (int, np.integer)) or not 2 <= n_splits <= len(paras):
            raise CorpusError(f"classify_framings(): n_splits={n_splits!r} must be an integer from 2 to the "
                              f"number of paragraphs ({len(paras)})")
        with warnings.catch_warnings():
            # "The least populated class in y has only m members": small classes are the point here
            warnings.filterwarnings("ignore", message="The least populated class", category=UserWarning)
            try:
                splits = list(StratifiedKFold(n_splits=int(n_splits), shuffle=True,
                                              random_state=random_state).split(texts, labels))
            except ValueError as err:
                raise CorpusError(f"classify_framings(): cannot make {n_splits} stratified folds ({err}); "
                                  "lower n_splits") from None
    predicted = np.empty(len(paras), dtype=object)
    chance = np.zeros(len(paras))
    in_training = np.zeros(len(paras), dtype=bool)
    # each paragraph is tokenized once, not once per fold (one fold per document: the folds x paragraphs
    # tokenizations grew with the square of the corpus); the vectorizer of each fold reads the tokens
    analyzer = _TokensOf(Tokenizer(stopwords=stopwords, merge_variants=merge_variants, phrases=phrases,
                                   corpus=paras), texts)
    for train, test in splits:
        present = _fold_labels(labels, train)
        if len(present) < 2:
            raise CorpusError(f"classify_framings(): holding out {groups[test][0]!r} leaves one label "
                              "to train on; add documents with other labels")
        model = make_pipeline(
            TfidfVectorizer(analyzer=analyzer),
            LogisticRegression(C=C, class_weight=class_weight, max_iter=5000, random_state=random_state))
        # one BLAS thread: L-BFGS works on vectors of a few thousand numbers, too small to share, and the
        # threads' hand-offs made a fit 10-15 times slower beside another process on two cores (measured)
        with threadpool_limits(limits=1):
            model.fit(texts[train], labels[train])
            predicted[test] = model.predict(texts[test])
        hit = np.array([label in present for label in labels[test]])
        in_training[test] = hit
        chance[test] = np.where(hit, 1.0 / len(present), 0.0)
    rows = []
    for document in documents:
        mask = groups == document
        n = int(mask.sum())
        truth = labels[mask][0]
        for candidate in label_order:
            count = int((predicted[mask] == candidate).sum())
            rows.append((document, framing[mask][0], truth, candidate, count, count / n, n,
                         bool(in_training[mask].all()), float(chance[mask].mean())))
    out = pd.DataFrame(rows, columns=CLASSIFY_COLUMNS).astype({"paragraphs": np.int64, "n_paragraphs": np.int64})
    out.attrs.update({"scheme": scheme, "target": target, "folds": len(splits)})
    if sampled is not None:
        out.attrs["documents_sampled"] = sampled
    return out


def accuracy_table(result: pd.DataFrame) -> pd.DataFrame:
    """Accuracy beside chance per document, and over all paragraphs, from :func:`classify_framings`.

    Parameters
    ----------
    result : pandas.DataFrame
        The frame :func:`classify_framings` returns.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, framing, label, n_paragraphs, accuracy, chance, label_in_training``:
        one row per document (``accuracy`` = share of its paragraphs predicted as its
        label, ``chance`` as in :func:`classify_framings`), then a row ``doc_id="all"``
        with the paragraph-weighted means (the share of all paragraphs labelled
        correctly, and the expected share under uniform guessing within each fold).

    Raises
    ------
    CorpusError
        If ``result`` lacks the columns of :func:`classify_framings`.

    Examples
    --------
    >>> import pandas as pd
    >>> result = pd.DataFrame({"doc_id": ["a", "a", "b", "b"], "framing": ["x", "x", "y", "y"],
    ...                        "label": ["x", "x", "y", "y"], "predicted": ["x", "y", "x", "y"],
    ...                        "paragraphs": [3, 1, 0, 2], "share": [0.75, 0.25, 0.0, 1.0],
    ...                        "n_paragraphs": [4, 4, 2, 2], "label_in_training": [True] * 4,
    ...                        "chance": [0.5] * 4})
    >>> accuracy_table(result)[["doc_id", "accuracy", "chance"]].values.tolist()
    [['a', 0.75, 0.5], ['b', 1.0, 0.5], ['all', 0.8333333333333334, 0.5]]
    """
    require_columns(result, CLASSIFY_COLUMNS, "accuracy_table(): the result", "pass fr.classify_framings(paras)")
    if result.empty:
        return pd.DataFrame(columns=ACCURACY_COLUMNS)
    per_doc = result.drop_duplicates("doc_id")[["doc_id", "framing", "label", "n_paragraphs", "chance",
                                                "label_in_training"]].reset_index(drop=True)
    right = result[result["predicted"] == result["label"]].set_index("doc_id")["share"]
    per_doc["accuracy"] = per_doc["doc_id"].map(right).fillna(0.0).astype(float)
    weights = per_doc["n_paragraphs"].to_numpy(float)
    overall = {"doc_id": ALL, "framing": ALL, "label": ALL, "n_paragraphs": int(weights.sum()),
               "accuracy": float(np.average(per_doc["accuracy"], weights=weights)),
               "chance": float(np.average(per_doc["chance"], weights=weights)),
               "label_in_training": bool(per_doc["label_in_training"].all())}
    out = pd.concat([per_doc[ACCURACY_COLUMNS], pd.DataFrame([overall], columns=ACCURACY_COLUMNS)],
                    ignore_index=True)
    out.attrs.update(result.attrs)
    return out.astype({"n_paragraphs": np.int64, "accuracy": float, "chance": float})


def neighbour_shares(paras: pd.DataFrame, stopwords: Stopwords = "default", merge_variants: bool = True,
                     phrases: Phrases = True) -> pd.DataFrame:
    """Where each paragraph's nearest neighbour comes from, beside the expectation from document sizes.

    Each paragraph's nearest neighbour is the other paragraph with the largest cosine
    similarity of tf-idf vectors (as :func:`similarity` with ``by="para_id"``; ties go
    to the earlier paragraph). Paragraphs without any counted term (a zero vector) are
    left out as queries and as neighbours. The neighbour is from the ``same document``,
    from an ``other document, same label``, or from a ``different label``.

    The expectation is that of a neighbour drawn uniformly from the other N − 1
    paragraphs: for a paragraph of document d (n_d paragraphs) with label L (n_L
    paragraphs),

        E[same document] = (n_d − 1) / (N − 1)
        E[other document, same label] = (n_L − n_d) / (N − 1)
        E[different label] = (N − n_L) / (N − 1)

    and over all paragraphs the mean of these, e.g. Σ_d n_d (n_d − 1) / (N (N − 1)).

    Parameters
    ----------
    paras : pandas.DataFrame
        The paragraph frame of :func:`framings.paragraphs`.
    stopwords, merge_variants, phrases
        Tokenizer options, as in :func:`framings.text.tokenize` (``merge_variants=True``, the default
        everywhere: a name spelt two ways is one term, so a spelling habit does not pass for a framing).

    Returns
    -------
    pandas.DataFrame
        ``doc_id, framing, n_paragraphs, neighbour, share, expected``: three rows per
        document (one per kind of neighbour, shares summing to 1), then three rows
        ``doc_id="all"`` over all paragraphs. ``.attrs["n_left_out"]`` counts the
        paragraphs without terms.

    Raises
    ------
    CorpusError
        For a frame without the paragraph columns or fewer than two paragraphs with terms.

    Examples
    --------
    >>> import pandas as pd
    >>> paras = pd.DataFrame({"doc_id": ["a", "a", "b", "b"], "para_id": ["a1", "a2", "b1", "b2"],
    ...                       "framing": ["x", "x", "y", "y"],
    ...                       "text": ["tea cup", "tea pot", "war gun", "war tank"]})
    >>> out = neighbour_shares(paras)
    >>> out[out["doc_id"] == "all"][["neighbour", "share", "expected"]].values.tolist()
    [['same document', 1.0, 0.3333333333333333], ['other document, same label', 0.0, 0.0], ['different label', 0.0, 0.6666666666666666]]
    """
    check_paragraphs(paras, "neighbour_shares()")
    paras = paras.reset_index(drop=True)
    options = dict(stopwords=stopwords, merge_variants=merge_variants, phrases=phrases, corpus=paras)
    matrix = _tfidf(paras["text"].astype(str), options).tocsr()
    has_terms = np.diff(matrix.indptr) > 0
    kept = paras[has_terms].reset_index(drop=True)
    matrix = matrix[has_terms]
    n = len(kept)
    if n < 2:
        raise CorpusError("neighbour_shares(): needs at least 2 paragraphs with counted terms")
    nearest = _nearest_other(matrix)
    docs = kept["doc_id"].astype(str).to_numpy()
    labels = kept["framing"].astype(str).to_numpy()
    kind = np.where(docs[nearest] == docs, 0, np.where(labels[nearest] == labels, 1, 2))
    doc_size = pd.Series(docs).map(pd.Series(docs).value_counts()).to_numpy(float)
    label_size = pd.Series(labels).map(pd.Series(labels).value_counts()).to_numpy(float)
    expected = np.column_stack([(doc_size - 1) / (n - 1), (label_size - doc_size) / (n - 1),
                                (n - label_size) / (n - 1)])
    observed = np.eye(3)[kind]
    rows = []
    for document in dict.fromkeys(docs):
        mask = docs == document
        for k, name in enumerate(NEIGHBOUR_KINDS):
            rows.append((document, labels[mask][0], int(mask.sum()), name, float(observed[mask, k].mean()),
                         float(expected[mask, k].mean())))
    for k, name in enumerate(NEIGHBOUR_KINDS):
        rows.append((ALL, ALL, n, name, float(observed[:, k].mean()), float(expected[:, k].mean())))
    out = pd.DataFrame(rows, columns=NEIGHBOUR_COLUMNS).astype({"n_paragraphs": np.int64})
    out.attrs["n_left_out"] = int((~has_terms).sum())
    return out
