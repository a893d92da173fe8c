"""Compare documents and paragraphs: tf-idf similarity, nearest neighbours, classifiers, verdicts.

Every comparison here is returned beside its baseline: a classifier's accuracy beside
the chance of a uniform guess among the labels its training fold holds, the share of
paragraphs whose nearest neighbour comes from their own document beside the share
expected from document sizes alone, a "closest document" beside the margin to the
runner-up and the verdict under scikit-learn's default ``TfidfVectorizer``, a
document's own-label frame score beside the best other label's.

Vectors are tf-idf of :func:`framings.tokenize` tokens weighted by scikit-learn's
``TfidfVectorizer`` (smooth idf, raw tf, l2-normalised rows). Computing functions
return pandas frames and never print or plot.
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from collections.abc import Iterable

from .errors import CorpusError
from .tokens import _Tokenizer

Stopwords = str | Iterable[str] | None   # "default", a resource name, a collection of words, or None
Phrases = bool | Iterable[str]          # True: the project's phrase list; False: none; or the phrases

__all__ = [
    "similarity",
    "classify_framings",
    "accuracy_table",
    "neighbour_shares",
    "similarity_verdict",
    "own_label_verdict",
]

CLASSIFY_COLUMNS = ["doc_id", "framing", "label", "predicted", "paragraphs", "share", "n_paragraphs",
                    "label_in_training", "chance"]
ACCURACY_COLUMNS = ["doc_id", "framing", "label", "n_paragraphs", "accuracy", "chance", "label_in_training"]
NEIGHBOUR_COLUMNS = ["doc_id", "framing", "n_paragraphs", "neighbour", "share", "expected"]
NEIGHBOUR_KINDS = ("same document", "other document, same label", "different label")
VERDICT_COLUMNS = ["doc_id", "framing", "closest", "closest_framing", "cosine", "runner_up", "runner_up_cosine",
                   "margin", "same_label", "best_same_label_cosine", "best_other_label_cosine", "label_margin",
                   "closest_sklearn", "cosine_sklearn", "margin_sklearn", "same_label_sklearn", "agree"]
OWN_LABEL_COLUMNS = ["doc_id", "framing", "own_score", "own_rank", "best_other_frame", "best_other_score",
                     "margin", "own_is_top"]
SCHEMES = ("leave-one-document-out", "random-paragraph")
TARGETS = ("framing", "doc_id")
ALL = "all"


def _check_paragraphs(paras, what: str) -> None:
    from .frames import _check_paragraphs as check

    check(paras, what)


def _texts_by(paras_or_corpus: pd.DataFrame, by: str) -> pd.Series:
    if not isinstance(paras_or_corpus, pd.DataFrame) or "text" not in paras_or_corpus.columns:
        raise CorpusError("expected a corpus or paragraph frame with a 'text' column; pass fr.load_corpus() "
                          "or fr.paragraphs(corpus)")
    if by not in paras_or_corpus.columns:
        raise CorpusError(f"no column {by!r} to group by; use one of {list(paras_or_corpus.columns)}")
    # a fresh frame: load_corpus() keeps a DataFrame in .attrs, which pandas cannot compare
    texts = pd.DataFrame({by: paras_or_corpus[by].to_numpy(), "text": paras_or_corpus["text"].astype(str).to_numpy()})
    return texts.groupby(by, sort=False)["text"].agg("\n".join)


def _tfidf(texts, token_options: dict):
    from sklearn.feature_extraction.text import TfidfVectorizer

    tokenizer = _Tokenizer(**token_options)
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

    The texts of each group are joined and tokenized with :func:`framings.tokenize`
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
        As in :func:`framings.tokens`.
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
    from sklearn.feature_extraction.text import TfidfVectorizer

    try:
        matrix = TfidfVectorizer().fit_transform(list(texts))
    except ValueError as err:
        raise CorpusError(f"no terms left to compare ({err}); pass more text") from None
    cosine = (matrix @ matrix.T).toarray()
    return np.clip((cosine + cosine.T) / 2, 0.0, 1.0)


# --------------------------------------------------------------------------- classifier

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
        Tokenizer options, as in :func:`framings.tokenize`.
    scheme : {"leave-one-document-out", "random-paragraph"}
        How paragraphs are held out.
    target : {"framing", "doc_id"}, default "framing"
        What is predicted; ``"doc_id"`` needs ``scheme="random-paragraph"``.
    n_splits : int, default 5
        Folds of the random-paragraph scheme (at most the number of paragraphs).

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
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import LeaveOneGroupOut, StratifiedKFold
    from sklearn.pipeline import make_pipeline

    _check_paragraphs(paras, "classify_framings()")
    if scheme not in SCHEMES:
        raise CorpusError(f"classify_framings(): scheme={scheme!r}; use one of {', '.join(SCHEMES)}")
    if target not in TARGETS:
        raise CorpusError(f"classify_framings(): target={target!r}; use one of {', '.join(TARGETS)}")
    if target == "doc_id" and scheme == "leave-one-document-out":
        raise CorpusError("classify_framings(): a held-out document is never in its training fold, so its doc_id "
                          "cannot be predicted; use scheme='random-paragraph' with target='doc_id'")
    if target == "framing":
        from .labels import require_labels

        require_labels(paras, "classify_framings()")
    if paras.empty:
        return pd.DataFrame(columns=CLASSIFY_COLUMNS)
    paras = paras.reset_index(drop=True)
    texts = paras["text"].astype(str).to_numpy()
    framing = paras["framing"].astype(str).to_numpy()
    groups = paras["doc_id"].astype(str).to_numpy()
    labels = framing if target == "framing" else groups
    documents = list(dict.fromkeys(groups))
    label_order = list(dict.fromkeys(labels))
    if len(documents) < 2:
        raise CorpusError("classify_framings(): needs at least 2 documents to hold one out")
    if scheme == "leave-one-document-out":
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
    for train, test in splits:
        present = _fold_labels(labels, train)
        if len(present) < 2:
            raise CorpusError(f"classify_framings(): holding out {groups[test][0]!r} leaves one label "
                              "to train on; add documents with other labels")
        model = make_pipeline(
            TfidfVectorizer(analyzer=_Tokenizer(stopwords=stopwords, merge_variants=merge_variants, phrases=phrases,
                                                corpus=paras)),
            LogisticRegression(C=C, class_weight=class_weight, max_iter=5000, random_state=random_state))
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
    out.attrs.update({"scheme": scheme, "target": target})
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
    if not isinstance(result, pd.DataFrame):
        raise CorpusError(f"accuracy_table(): expected the frame of fr.classify_framings(), "
                          f"got {type(result).__name__}")
    missing = [c for c in CLASSIFY_COLUMNS if c not in result.columns]
    if missing:
        raise CorpusError(f"accuracy_table(): the result lacks column(s) {missing}; pass fr.classify_framings(paras)")
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


# --------------------------------------------------------------------------- nearest neighbours

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
        Tokenizer options, as in :func:`framings.tokenize`.

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
    _check_paragraphs(paras, "neighbour_shares()")
    paras = paras.reset_index(drop=True)
    options = dict(stopwords=stopwords, merge_variants=merge_variants, phrases=phrases, corpus=paras)
    matrix = _tfidf(paras["text"].astype(str), options).tocsr()
    has_terms = np.diff(matrix.indptr) > 0
    kept = paras[has_terms].reset_index(drop=True)
    matrix = matrix[has_terms]
    n = len(kept)
    if n < 2:
        raise CorpusError("neighbour_shares(): needs at least 2 paragraphs with counted terms")
    cosine = (matrix @ matrix.T).toarray()
    cosine = (cosine + cosine.T) / 2
    np.fill_diagonal(cosine, -np.inf)
    nearest = cosine.argmax(axis=1)
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


# --------------------------------------------------------------------------- similarity verdict

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
        Tokenizer options of our vectors, as in :func:`framings.tokenize`.

    Returns
    -------
    pandas.DataFrame
        The columns named above (the first is named after ``by``), one row per unit.
        ``.attrs`` holds ``n_same_label`` and ``n_same_label_sklearn`` (units whose
        closest other unit has their label) and ``n_agree``.

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
    if not isinstance(corpus_or_paras, pd.DataFrame):
        raise CorpusError(f"similarity_verdict(): expected a corpus or paragraph frame, "
                          f"got {type(corpus_or_paras).__name__}")
    missing = [c for c in (by, label, "text") if c not in corpus_or_paras.columns]
    if missing:
        raise CorpusError(f"similarity_verdict(): the frame lacks column(s) {missing}; pass fr.load_corpus() "
                          "or fr.paragraphs(corpus)")
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
                      "n_agree": int(out["agree"].sum())})
    return out


# --------------------------------------------------------------------------- own-label verdict

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
