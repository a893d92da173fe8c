"""Document comparison beside its baselines: classifier chance, nearest-neighbour expectation,
similarity margins and scikit-learn's default vectoriser, own-label verdicts. Expected values are
worked out by hand in the comments (or come from scikit-learn itself)."""
import numpy as np
import pandas as pd
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

import framings as fr
from framings.errors import CorpusError
from framings.stats import RELABELLING_TAG


def make_paras(texts, doc_ids, framings):
    frame = pd.DataFrame({"doc_id": doc_ids, "framing": framings, "text": texts})
    frame["para_id"] = [f"{d}-p{n:03d}" for n, d in enumerate(doc_ids, 1)]
    return frame[["doc_id", "para_id", "framing", "text"]]


def five_documents():
    texts = (["brother ally kinship turkic unity"] * 3 + ["brother ally kinship turkic solidarity"] * 3
             + ["regime elite repression survival"] * 3 + ["regime elite repression control"] * 3
             + ["trade pipeline investment"] * 2)
    docs = ["a1"] * 3 + ["a2"] * 3 + ["r1"] * 3 + ["r2"] * 3 + ["x1"] * 2
    labels = ["alliance"] * 6 + ["regime"] * 6 + ["other"] * 2
    return make_paras(texts, docs, labels)


# --------------------------------------------------------------------------- classifier chance

def test_chance_is_uniform_guessing_among_the_labels_in_the_training_fold():
    # leave-one-document-out: holding out a1 leaves {alliance, regime, other} in training -> 1/3;
    # holding out x1 leaves {alliance, regime}: x1's label is absent -> 0.
    result = fr.classify_framings(five_documents(), random_state=0)
    chance = result.drop_duplicates("doc_id").set_index("doc_id")["chance"]
    assert chance.to_dict() == pytest.approx({"a1": 1 / 3, "a2": 1 / 3, "r1": 1 / 3, "r2": 1 / 3, "x1": 0.0})
    table = fr.documents.accuracy_table(result)
    assert list(table.columns) == ["doc_id", "framing", "label", "n_paragraphs", "accuracy", "chance",
                                   "label_in_training"]
    overall = table.set_index("doc_id").loc["all"]
    assert overall["chance"] == pytest.approx((12 * (1 / 3) + 2 * 0) / 14)
    assert overall["accuracy"] == pytest.approx(12 / 14)  # a/r documents all right, x1 impossible
    assert overall["n_paragraphs"] == 14 and not overall["label_in_training"]


def test_random_paragraph_scheme_and_predicting_the_document():
    paras = five_documents()
    # two stratified folds: every label (and every document, each with >= 2 paragraphs) is in training
    by_paragraph = fr.classify_framings(paras, scheme="random-paragraph", n_splits=2, random_state=0)
    assert by_paragraph.attrs == {"scheme": "random-paragraph", "target": "framing", "folds": 2}
    assert np.allclose(by_paragraph["chance"], 1 / 3) and by_paragraph["label_in_training"].all()
    by_document = fr.classify_framings(paras, scheme="random-paragraph", target="doc_id", n_splits=2,
                                       random_state=0)
    assert np.allclose(by_document["chance"], 1 / 5)
    assert set(by_document["predicted"]) == {"a1", "a2", "r1", "r2", "x1"}
    assert (by_document["label"] == by_document["doc_id"]).all()
    assert len(by_document) == 5 * 5
    assert by_document.groupby("doc_id")["paragraphs"].sum().to_dict() == {"a1": 3, "a2": 3, "r1": 3, "r2": 3,
                                                                           "x1": 2}
    pd.testing.assert_frame_equal(by_document, fr.classify_framings(
        paras, scheme="random-paragraph", target="doc_id", n_splits=2, random_state=0))
    with pytest.raises(CorpusError, match="random-paragraph"):
        fr.classify_framings(paras, target="doc_id")
    with pytest.raises(CorpusError, match="scheme"):
        fr.classify_framings(paras, scheme="k-fold")
    with pytest.raises(CorpusError, match="n_splits"):
        fr.classify_framings(paras, scheme="random-paragraph", n_splits=1)


# --------------------------------------------------------------------------- nearest neighbours

def test_neighbour_shares_beside_the_expectation_from_document_sizes():
    # d1: 3 paragraphs (x), d2: 2 (x), d3: 1 (y); N = 6.
    # E[same document] = sum n_d (n_d - 1) / (N (N - 1)) = (6 + 2 + 0) / 30
    # E[other document, same label]: d1 (5 - 3)/5, d2 (5 - 2)/5, d3 0 -> (3*2/5 + 2*3/5) / 6 = 12/30
    # E[different label]: d1 1/5, d2 1/5, d3 5/5 -> (3/5 + 2/5 + 1) / 6 = 10/30
    texts = ["tea cup", "tea pot", "tea leaf", "war gun", "war tank", "war drum beat"]
    paras = make_paras(texts, ["d1"] * 3 + ["d2"] * 2 + ["d3"], ["x"] * 5 + ["y"])
    out = fr.documents.neighbour_shares(paras)
    assert list(out.columns) == ["doc_id", "framing", "n_paragraphs", "neighbour", "share", "expected"]
    overall = out[out["doc_id"] == "all"].set_index("neighbour")
    assert overall["expected"].to_dict() == pytest.approx(
        {"same document": 8 / 30, "other document, same label": 12 / 30, "different label": 10 / 30})
    # observed: tea paragraphs pick each other, war gun/tank each other, war drum beat a d2 paragraph
    assert overall["share"].to_dict() == pytest.approx(
        {"same document": 5 / 6, "other document, same label": 0.0, "different label": 1 / 6})
    d1 = out[out["doc_id"] == "d1"].set_index("neighbour")
    assert d1["expected"].to_dict() == pytest.approx(
        {"same document": 2 / 5, "other document, same label": 2 / 5, "different label": 1 / 5})
    assert out.groupby("doc_id")["share"].sum().to_numpy() == pytest.approx(1.0)
    assert out.attrs["n_left_out"] == 0


def test_neighbour_shares_leave_out_paragraphs_without_terms():
    texts = ["tea cup", "tea pot", "the and of", "war gun", "war tank"]
    paras = make_paras(texts, ["d1", "d1", "d1", "d2", "d2"], ["x", "x", "x", "y", "y"])
    out = fr.documents.neighbour_shares(paras)
    assert out.attrs["n_left_out"] == 1
    assert out.loc[out["doc_id"] == "d1", "n_paragraphs"].iloc[0] == 2
    with pytest.raises(CorpusError, match="at least 2 paragraphs"):
        fr.documents.neighbour_shares(paras.iloc[:1])


# --------------------------------------------------------------------------- similarity verdict

def test_similarity_verdict_margins_and_sklearn_check():
    docs = pd.DataFrame({
        "doc_id": ["a", "b", "c", "d"], "framing": ["x", "x", "y", "y"],
        "text": ["tea cup pot leaf tea", "tea pot leaf kettle", "war gun tank tea", "war tank drum gun gun"]})
    out = fr.documents.similarity_verdict(docs)
    ours = fr.similarity(docs).to_numpy()
    row = out.set_index("doc_id")
    for i, doc in enumerate(docs["doc_id"]):
        others = np.delete(ours[i], i)
        ranked = np.sort(others)[::-1]
        assert row.loc[doc, "cosine"] == pytest.approx(ranked[0])
        assert row.loc[doc, "margin"] == pytest.approx(ranked[0] - ranked[1])
    # label margin of a: best same-label (b) minus best other-label (c or d)
    assert row.loc["a", "label_margin"] == pytest.approx(ours[0, 1] - max(ours[0, 2], ours[0, 3]))
    # the second opinion: scikit-learn's default TfidfVectorizer on the raw texts
    reference = cosine_similarity(TfidfVectorizer().fit_transform(docs["text"]))
    np.fill_diagonal(reference, -1)
    closest = docs["doc_id"].to_numpy()[reference.argmax(axis=1)]
    assert row["closest_sklearn"].tolist() == closest.tolist()
    assert row["cosine_sklearn"].to_numpy() == pytest.approx(reference.max(axis=1))
    same = docs["framing"].to_numpy()[reference.argmax(axis=1)] == docs["framing"].to_numpy()
    assert row["same_label_sklearn"].tolist() == same.tolist()
    assert (row["agree"] == (row["same_label"] == row["same_label_sklearn"])).all()
    assert out.attrs["n_same_label"] == int(row["same_label"].sum())


def test_similarity_verdict_rejects_a_label_that_varies_within_a_unit():
    paras = pd.DataFrame({"doc_id": ["a", "a", "b"], "framing": ["x", "y", "y"], "text": ["tea", "cup", "war"]})
    with pytest.raises(CorpusError, match="more than one"):
        fr.documents.similarity_verdict(paras)


# --------------------------------------------------------------------------- own-label verdict

def test_own_label_verdict_by_hand():
    # doc a (label x): x 3 + 1 = 4 matches over 200 words -> 2.0; y 0 -> 0.0; z 1 -> 0.5
    # doc b (label y): x 2 -> 2.0, y 1 -> 1.0, z 0 -> 0 over 100 words: own rank 2, margin -1
    # doc c (label w, not a frame): own score NaN
    rows = []
    for doc, label, para, words, counts in [("a", "x", "a1", 100, (3, 0, 1)), ("a", "x", "a2", 100, (1, 0, 0)),
                                            ("b", "y", "b1", 100, (2, 1, 0)), ("c", "w", "c1", 50, (1, 1, 1))]:
        for frame, m in zip("xyz", counts):
            rows.append((doc, para, label, frame, m, words))
    scores = pd.DataFrame(rows, columns=["doc_id", "para_id", "framing", "frame", "matches", "n_words"])
    out = fr.frames.own_label_verdict(scores).set_index("doc_id")
    assert out.loc["a", "own_score"] == pytest.approx(2.0) and out.loc["a", "own_rank"] == 1
    assert out.loc["a", "best_other_frame"] == "z" and out.loc["a", "margin"] == pytest.approx(1.5)
    assert out.loc["b", "own_rank"] == 2 and out.loc["b", "margin"] == pytest.approx(-1.0)
    assert out.loc["b", "best_other_frame"] == "x" and not out.loc["b", "own_is_top"]
    assert np.isnan(out.loc["c", "own_score"]) and pd.isna(out.loc["c", "own_rank"])
    assert out.attrs["mean_margin"] == pytest.approx((1.5 - 1.0) / 2) and out.attrs["n_own_top"] == 1
    # the same from a frame profile
    profile = fr.frame_profile(scores.assign(score=100 * scores["matches"] / scores["n_words"]), n_boot=10)
    again = fr.frames.own_label_verdict(profile, labels={"a": "x", "b": "y", "c": "w"}).set_index("doc_id")
    pd.testing.assert_series_equal(again["margin"], out["margin"])


def test_own_label_margin_under_document_permutation_on_the_shipped_corpus(paras):
    # the statistic a notebook tests: mean own-label margin, relabelling the five documents (30 ways)
    scores = fr.frame_scores(paras)
    result = fr.permutation_test(scores, lambda s: fr.frames.own_label_verdict(s).attrs["mean_margin"],
                                 alternative="greater")
    assert result.exact and result.n_relabellings == 30
    assert result.min_pvalue == pytest.approx(1 / 30)
    assert result.statistic == pytest.approx(fr.frames.own_label_verdict(scores).attrs["mean_margin"])


def _own_label_verdict_by_definition(scores: pd.DataFrame) -> pd.DataFrame:
    """The unit-by-unit definition (the implementation before the vectorised one), frame scores only."""
    words = scores.drop_duplicates(["doc_id", "para_id"]).groupby("doc_id", sort=False)["n_words"].sum()
    matches = scores.pivot_table(index="doc_id", columns="frame", values="matches", aggfunc="sum", sort=False)
    wide = 100.0 * matches.div(words.reindex(matches.index), axis=0)
    frames = list(dict.fromkeys(scores["frame"].astype(str)))
    wide.columns = wide.columns.astype(str)
    wide = wide.reindex(columns=frames)
    unit_label = scores[["doc_id", "framing"]].drop_duplicates().set_index("doc_id")["framing"].astype(str)
    rows = []
    for unit, values in wide.iterrows():
        own = unit_label.get(unit)
        values = values.to_numpy(float)
        if own in frames:
            k = frames.index(own)
            own_score = float(values[k])
            rank = int((values > own_score).sum()) + 1
            other = np.delete(values, k)
            other_frames = [f for f in frames if f != own]
            j = int(np.nanargmax(other)) if np.isfinite(other).any() else 0
            best_other, best_frame = float(other[j]), other_frames[j]
        else:
            own_score, rank = np.nan, pd.NA
            j = int(np.nanargmax(values))
            best_other, best_frame = float(values[j]), frames[j]
        rows.append((unit, own, own_score, rank, best_frame, best_other, own_score - best_other,
                     bool(rank == 1) if rank is not pd.NA else False))
    out = pd.DataFrame(rows, columns=fr.frames.OWN_LABEL_COLUMNS).astype({"own_rank": "Int64"})
    out.attrs["mean_margin"] = float(np.nanmean(out["margin"])) if out["margin"].notna().any() else np.nan
    return out


def _random_scores(seed: int, n_docs: int = 12) -> pd.DataFrame:
    # labels x, y and w (w is not a frame); ties between frames; a document whose other frames never match
    rng = np.random.default_rng(seed)
    rows = []
    for d in range(n_docs):
        label = "xyw"[d % 3]
        for p in range(1 + d % 3):
            words = int(rng.integers(20, 120))
            counts = rng.integers(0, 4, size=3) if d != 4 else [2, 0, 0]
            for frame, m in zip("xyz", counts):
                rows.append((f"d{d:02d}", f"d{d:02d}-{p}", label, frame, int(m), words))
    return pd.DataFrame(rows, columns=["doc_id", "para_id", "framing", "frame", "matches", "n_words"])


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_own_label_verdict_equals_its_unit_by_unit_definition(seed):
    scores = _random_scores(seed)
    fast, slow = fr.frames.own_label_verdict(scores), _own_label_verdict_by_definition(scores)
    pd.testing.assert_frame_equal(fast, slow)
    assert fast.attrs["mean_margin"] == pytest.approx(slow.attrs["mean_margin"], rel=1e-15)


def test_own_label_verdict_under_permutation_reuses_its_table_and_still_equals_the_definition():
    scores = _random_scores(5, n_docs=6)
    seen = []

    def both(d):
        fast = fr.frames.own_label_verdict(d)
        pd.testing.assert_frame_equal(fast, _own_label_verdict_by_definition(d))
        # a statistic that filters the relabelled frame gets its own table, not the cached one
        part = d[d["doc_id"] != "d00"]
        pd.testing.assert_frame_equal(fr.frames.own_label_verdict(part).reset_index(drop=True),
                                      _own_label_verdict_by_definition(part))
        seen.append(fast.attrs["mean_margin"])
        assert "own_label_verdict" in d.attrs[RELABELLING_TAG]  # the score table is kept for the next call
        return fast.attrs["mean_margin"]

    result = fr.permutation_test(scores, both, alternative="greater")
    assert result.exact and len(seen) == result.n_relabellings + 1 == 91
    plain = fr.permutation_test(scores, lambda d: _own_label_verdict_by_definition(d).attrs["mean_margin"],
                                alternative="greater")
    assert np.allclose(result.null_distribution, plain.null_distribution, equal_nan=True)
    assert result.pvalue == plain.pvalue


def test_own_label_verdict_in_a_test_still_rejects_a_label_that_varies_within_a_unit():
    scores = _random_scores(1, n_docs=6)
    calls = []

    def by_paragraph_label(d):  # from the third call on, relabels one paragraph of a document differently
        calls.append(1)
        if len(calls) < 3:  # the first calls build and keep the score table
            return fr.frames.own_label_verdict(d).attrs["mean_margin"]
        d = d.copy(deep=False)
        labels = d["framing"].to_numpy(dtype=object).copy()
        labels[(d["para_id"] == "d05-1").to_numpy()] = "z"
        d["framing"] = labels
        return fr.frames.own_label_verdict(d).attrs["mean_margin"]

    with pytest.raises(CorpusError, match="more than one"):
        fr.permutation_test(scores, by_paragraph_label)
    assert len(calls) == 3


# --------------------------------------------------------------------------- same-label gap of document pairs

def _gap_by_definition(pairs: pd.DataFrame, labels: pd.Series) -> float:
    same = pairs["doc_a"].map(labels) == pairs["doc_b"].map(labels)
    if not same.any():
        return float("nan")
    return float(pairs.loc[same, "cosine"].mean() - pairs.loc[~same, "cosine"].mean())


def _random_pairs(n_docs: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    docs = [f"d{i:02d}" for i in range(n_docs)]
    raw = rng.uniform(size=(n_docs, n_docs))
    sim = pd.DataFrame((raw + raw.T) / 2, index=docs, columns=docs)
    labels = pd.Series(["abc"[i % 3] for i in range(n_docs)], index=docs)
    corpus = pd.DataFrame({"doc_id": docs, "framing": labels.to_numpy()})
    return fr.course.document_pairs(sim, labels), corpus


@pytest.mark.parametrize("drop_some", [False, True])
def test_same_label_gap_inside_a_permutation_test_equals_the_pairwise_definition(drop_some):
    pairs, corpus = _random_pairs(8, seed=4)
    if drop_some:  # document_pairs leaves out missing cosines: the pairs need not be complete
        pairs = pairs.drop(index=[0, 5, 11]).reset_index(drop=True)
    fast = fr.permutation_test(corpus, lambda d: fr.documents.same_label_gap(pairs, d.set_index("doc_id")["framing"]),
                               alternative="greater")
    slow = fr.permutation_test(corpus, lambda d: _gap_by_definition(pairs, d.set_index("doc_id")["framing"]),
                               alternative="greater")
    assert fast.exact and fast.n_relabellings == 560  # 8!/(3!3!2!)
    assert fast.statistic == pytest.approx(slow.statistic, abs=1e-12)
    assert np.allclose(fast.null_distribution, slow.null_distribution, atol=1e-12, equal_nan=True)
    assert fast.pvalue == slow.pvalue
    memos = []
    fr.permutation_test(corpus, lambda d: memos.append(d.attrs[RELABELLING_TAG]) or
                        fr.documents.same_label_gap(pairs, d.set_index("doc_id")["framing"]), n_resamples=5)
    assert memos[0]["same_label_gap"]["pairs"] is pairs  # the matrices were used, not the definition
    assert all(memo is memos[0] for memo in memos)  # one memo for the whole test
    # outside a test: the definition itself
    labels = corpus.set_index("doc_id")["framing"]
    assert fr.documents.same_label_gap(pairs, labels) == _gap_by_definition(pairs, labels)


def test_same_label_gap_keeps_the_definition_for_pairs_it_cannot_put_in_a_matrix():
    pairs, corpus = _random_pairs(5, seed=1)
    doubled = pd.concat([pairs, pairs.rename(columns={"doc_a": "doc_b", "doc_b": "doc_a"}).iloc[:2]], ignore_index=True)
    fast = fr.permutation_test(corpus, lambda d: fr.documents.same_label_gap(doubled, d.set_index("doc_id")["framing"]))
    slow = fr.permutation_test(corpus, lambda d: _gap_by_definition(doubled, d.set_index("doc_id")["framing"]))
    assert np.array_equal(fast.null_distribution, slow.null_distribution, equal_nan=True)
    # a document of the pairs that has no label pairs with nobody: as the definition (NaN labels differ)
    partial = corpus[corpus["doc_id"] != "d04"]
    fast = fr.permutation_test(partial, lambda d: fr.documents.same_label_gap(pairs, d.set_index("doc_id")["framing"]))
    slow = fr.permutation_test(partial, lambda d: _gap_by_definition(pairs, d.set_index("doc_id")["framing"]))
    assert np.array_equal(fast.null_distribution, slow.null_distribution, equal_nan=True)


def _gaps_test(data, pairs, **options):
    return fr.permutation_test(data, lambda d, labels: fr.documents.same_label_gaps(pairs, d["doc_id"], labels),
                               vectorized=True, alternative="greater", **options)


def _definition_test(data, pairs, **options):
    return fr.permutation_test(data, lambda d: _gap_by_definition(pairs, d.drop_duplicates("doc_id")
                                                                  .set_index("doc_id")["framing"]),
                               alternative="greater", **options)


@pytest.mark.parametrize("drop_some", [False, True])
@pytest.mark.parametrize("n_resamples", [9999, 200])  # every relabelling enumerated (560), or 200 drawn
def test_same_label_gaps_vectorized_equal_the_pairwise_definition(drop_some, n_resamples):
    pairs, corpus = _random_pairs(8, seed=4)
    if drop_some:
        pairs = pairs.drop(index=[0, 5, 11]).reset_index(drop=True)
    fast = _gaps_test(corpus, pairs, n_resamples=n_resamples, random_state=9)
    slow = _definition_test(corpus, pairs, n_resamples=n_resamples, random_state=9)
    assert fast.exact == (n_resamples == 9999) and len(fast.null_distribution) == min(560, n_resamples)
    assert fast.statistic == pytest.approx(slow.statistic, abs=1e-12)
    assert np.allclose(fast.null_distribution, slow.null_distribution, atol=1e-12, equal_nan=True)
    assert (fast.pvalue, fast.min_pvalue, fast.n_distinct) == (slow.pvalue, slow.min_pvalue, slow.n_distinct)


def test_same_label_gaps_of_paragraph_rows_and_documents_without_a_label():
    pairs, corpus = _random_pairs(7, seed=2)
    # paragraphs: a document fills several rows of the test's frame, each with the document's label
    paras = corpus.loc[corpus.index.repeat([1, 3, 2, 1, 1, 2, 1])].reset_index(drop=True)
    fast, slow = _gaps_test(paras, pairs), _definition_test(paras, pairs)
    assert fast.n_relabellings == 210  # 7!/(3!2!2!)
    assert np.allclose(fast.null_distribution, slow.null_distribution, atol=1e-12, equal_nan=True)
    # a document of the pairs that the frame does not have pairs with nobody (its label is NaN by definition)
    partial = corpus[corpus["doc_id"] != "d04"]
    fast, slow = _gaps_test(partial, pairs), _definition_test(partial, pairs)
    assert np.allclose(fast.null_distribution, slow.null_distribution, atol=1e-12, equal_nan=True)
    # pairs listed twice cannot be a matrix: the definition, labelling by labelling
    doubled = pd.concat([pairs, pairs.rename(columns={"doc_a": "doc_b", "doc_b": "doc_a"}).iloc[:2]],
                        ignore_index=True)
    fast, slow = _gaps_test(corpus, doubled), _definition_test(corpus, doubled)
    assert np.array_equal(fast.null_distribution, slow.null_distribution, equal_nan=True)


def test_same_label_gaps_by_hand_and_in_blocks(monkeypatch):
    from framings.documents import _similarity

    pairs = pd.DataFrame({"doc_a": ["x", "x", "y"], "doc_b": ["y", "z", "z"], "cosine": [0.5, 0.2, 0.4]})
    # a a b: same {xy} 0.5, different {xz, yz} (0.2 + 0.4) / 2 = 0.3 -> 0.2; a b b: 0.4 - 0.35 = 0.05;
    # a b c: no pair shares a label -> NaN; one label for all: none differs -> NaN
    labellings = [["a", "a", "b"], ["a", "b", "b"], ["a", "b", "c"], ["a", "a", "a"]]
    monkeypatch.setattr(_similarity, "GAPS_BLOCK_CELLS", 3)  # one labelling per block
    gaps = fr.documents.same_label_gaps(pairs, ["x", "y", "z"], labellings)
    assert gaps[:2] == pytest.approx([0.2, 0.05]) and np.isnan(gaps[2:]).all()
    with pytest.raises(CorpusError, match="one column per document"):
        fr.documents.same_label_gaps(pairs, ["x", "y"], labellings)


# --------------------------------------------------------------------------- classifier: tokens once per corpus

def _predictions_by_definition(paras: pd.DataFrame, scheme: str, target: str, random_state: int) -> np.ndarray:
    """Each fold's pipeline with its own tokenizer, as scikit-learn runs it (the implementation before the
    tokens were kept across folds)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import LeaveOneGroupOut, StratifiedKFold
    from sklearn.pipeline import make_pipeline
    paras = paras.reset_index(drop=True)
    texts = paras["text"].astype(str).to_numpy()
    labels = paras[target].astype(str).to_numpy()
    groups = paras["doc_id"].astype(str).to_numpy()
    if scheme == "leave-one-document-out":
        splits = LeaveOneGroupOut().split(texts, labels, groups)
    else:
        splits = StratifiedKFold(n_splits=5, shuffle=True, random_state=random_state).split(texts, labels)
    predicted = np.empty(len(paras), dtype=object)
    for train, test in splits:
        model = make_pipeline(TfidfVectorizer(analyzer=fr.text.Tokenizer(corpus=paras)),
                              LogisticRegression(class_weight="balanced", max_iter=5000, random_state=random_state))
        model.fit(texts[train], labels[train])
        predicted[test] = model.predict(texts[test])
    return predicted


@pytest.mark.parametrize("scheme, target", [("leave-one-document-out", "framing"), ("random-paragraph", "framing"),
                                            ("random-paragraph", "doc_id")])
def test_classify_framings_equals_the_per_fold_pipeline(paras, scheme, target):
    result = fr.classify_framings(paras, random_state=3, scheme=scheme, target=target)
    predicted = _predictions_by_definition(paras, scheme, target, random_state=3)
    expected = (pd.DataFrame({"doc_id": paras["doc_id"].astype(str).to_numpy(), "predicted": predicted})
                .value_counts().rename("paragraphs"))
    got = result[result["paragraphs"] > 0].set_index(["doc_id", "predicted"])["paragraphs"]
    pd.testing.assert_series_equal(got.sort_index(), expected.sort_index(), check_names=False)


def test_the_tokens_kept_for_the_folds_are_the_tokenizers():
    from framings.documents._classify import _TokensOf
    paras = fr.paragraphs(fr.load_corpus())
    texts = paras["text"].astype(str).tolist() + ["", "war war", "war war"]
    kept = _TokensOf(fr.text.Tokenizer(corpus=paras), texts)
    fresh = fr.text.Tokenizer(corpus=paras)
    assert len(kept) == len(set(texts))
    assert all(kept(text) == fresh(text) for text in texts)


def test_leave_one_document_out_beyond_max_folds_holds_out_groups_of_whole_documents():
    # twelve documents, max_folds=4: four folds of three documents, each paragraph predicted by a model that
    # never saw its document; the same predictions as scikit-learn's GroupKFold pipeline
    from sklearn.model_selection import GroupKFold
    texts, docs, labels = [], [], []
    for d in range(12):
        label = ["alliance", "regime", "other"][d % 3]
        words = {"alliance": "brother ally kinship", "regime": "regime elite repression", "other": "trade pipeline"}
        for p in range(2):
            texts.append(f"{words[label]} word{d} extra{p}")
            docs.append(f"d{d:02d}")
            labels.append(label)
    paras = make_paras(texts, docs, labels)
    with pytest.warns(UserWarning, match="4 folds each holding out about 3 whole documents"):
        grouped = fr.classify_framings(paras, random_state=0, max_folds=4)
    assert grouped.attrs["folds"] == 4
    folds = list(GroupKFold(n_splits=4).split(paras["text"], paras["framing"], paras["doc_id"]))
    assert all(len(set(paras["doc_id"].iloc[test])) == 3 for _, test in folds)
    for _, test in folds:  # no document of a held-out fold is in its training part
        assert not set(paras["doc_id"].iloc[test]) & set(paras["doc_id"].drop(index=test))
    one_each = fr.classify_framings(paras, random_state=0, max_folds=None)
    assert one_each.attrs["folds"] == 12
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # 12 documents, max_folds=12: one fold each, nothing to warn about
        assert fr.classify_framings(paras, random_state=0, max_folds=12).attrs["folds"] == 12
    with pytest.raises(CorpusError, match="max_folds"):
        fr.classify_framings(paras, max_folds=1)


def test_nearest_other_paragraph_by_blocks_equals_the_full_matrix(monkeypatch):
    from scipy import sparse

    from framings.documents import _classify
    rng = np.random.default_rng(0)
    dense = rng.poisson(0.3, size=(57, 40)).astype(float)
    dense[5] = dense[9]  # an exact tie: the first of equals wins in both
    dense[20] = 0.0  # a row without terms (neighbour_shares leaves those out; here: cosine 0 with all)
    norms = np.linalg.norm(dense, axis=1, keepdims=True)
    matrix = sparse.csr_matrix(np.divide(dense, norms, out=np.zeros_like(dense), where=norms > 0))
    full = (matrix @ matrix.T).toarray()
    full = (full + full.T) / 2
    np.fill_diagonal(full, -np.inf)
    expected = full.argmax(axis=1)
    for cells in (57 * 57, 57 * 10, 57 * 3, 1):  # one block, several, a partial last one, one row at a time
        monkeypatch.setattr(_classify, "NEAREST_BLOCK_CELLS", cells)
        assert np.array_equal(_classify._nearest_other(matrix), expected)


def test_paragraph_map_of_a_large_matrix_reads_it_sparse_with_the_same_components(monkeypatch):
    # the reference: scikit-learn's exact PCA (full SVD) of the dense tf-idf matrix; the default dense path uses
    # its randomized solver (close, not exact), the sparse path ARPACK (exact to solver precision)
    from sklearn.decomposition import PCA

    from framings.documents import _map
    from framings.documents._similarity import _tfidf
    paras = fr.paragraphs(fr.load_corpus())
    options = dict(stopwords="default", merge_variants=True, phrases=True, corpus=paras)
    exact = PCA(n_components=2, svd_solver="full").fit_transform(_tfidf(paras["text"].astype(str), options).toarray())
    dense = fr.documents.paragraph_map(paras, random_state=0)
    monkeypatch.setattr(_map, "DENSE_PCA_CELLS", 10)  # every matrix counts as large
    sparse = fr.documents.paragraph_map(paras, random_state=0)
    pd.testing.assert_frame_equal(dense.drop(columns=["x", "y"]), sparse.drop(columns=["x", "y"]))
    for k, axis in enumerate(("x", "y")):  # the same component up to its sign
        sign = np.sign(np.dot(exact[:, k], sparse[axis]))
        assert np.allclose(sign * sparse[axis], exact[:, k], atol=1e-9)
        sign = np.sign(np.dot(exact[:, k], dense[axis]))
        assert np.allclose(sign * dense[axis], exact[:, k], atol=1e-2)


def test_predicting_the_document_among_many_samples_documents_with_a_warning():
    texts, docs, labels = [], [], []
    for d in range(9):
        for p in range(3):
            texts.append(f"common words here word{d} other{d} extra{p}")
            docs.append(f"d{d:02d}")
            labels.append("xy"[d % 2])
    paras = make_paras(texts, docs, labels)
    with pytest.warns(UserWarning, match="random sample of 4 of them"):
        sampled = fr.classify_framings(paras, scheme="random-paragraph", target="doc_id", n_splits=3,
                                       random_state=1, max_documents=4)
    chosen = sorted(set(np.random.default_rng(1).choice([f"d{d:02d}" for d in range(9)], size=4, replace=False)))
    assert sorted(sampled["doc_id"].unique()) == chosen and set(sampled["predicted"]) == set(chosen)
    assert sampled.attrs["documents_sampled"] == (4, 9)
    # the sampled documents, classified on their own, give the same table
    alone = fr.classify_framings(paras[paras["doc_id"].isin(chosen)], scheme="random-paragraph", target="doc_id",
                                 n_splits=3, random_state=1, max_documents=None)
    pd.testing.assert_frame_equal(sampled, alone)
    everything = fr.classify_framings(paras, scheme="random-paragraph", target="doc_id", n_splits=3, random_state=1,
                                      max_documents=None)
    assert everything["doc_id"].nunique() == 9 and "documents_sampled" not in everything.attrs


def test_nearest_other_paragraph_with_many_exact_and_near_ties(monkeypatch):
    # copies of rows (exact ties, as a corpus of reprinted paragraphs) and rows a rounding error apart
    from scipy import sparse

    from framings.documents import _classify
    rng = np.random.default_rng(3)
    base = rng.poisson(0.5, size=(15, 30)).astype(float) * rng.uniform(0.5, 2.0, size=(15, 30))
    dense = np.vstack([base] * 4 + [base[:5] * (1 + 1e-15)])
    norms = np.linalg.norm(dense, axis=1, keepdims=True)
    matrix = sparse.csr_matrix(np.divide(dense, norms, out=np.zeros_like(dense), where=norms > 0))
    full = (matrix @ matrix.T).toarray()
    full = (full + full.T) / 2
    np.fill_diagonal(full, -np.inf)
    for cells in (65 * 65, 65 * 7):
        monkeypatch.setattr(_classify, "NEAREST_BLOCK_CELLS", cells)
        assert np.array_equal(_classify._nearest_other(matrix), full.argmax(axis=1))
    # the shipped corpus's paragraphs, against the full matrix
    from framings.documents._similarity import _tfidf
    paras = fr.paragraphs(fr.load_corpus())
    shipped = _tfidf(paras["text"].astype(str), dict(stopwords="default", merge_variants=True, phrases=True,
                                                      corpus=paras)).tocsr()
    full = (shipped @ shipped.T).toarray()
    full = (full + full.T) / 2
    np.fill_diagonal(full, -np.inf)
    assert np.array_equal(_classify._nearest_other(shipped), full.argmax(axis=1))


# --------------------------------------------------------------------------- issue 25, conclusion 3 (notebook 06)

def test_closest_to_another_label_beside_its_chance_expectation_by_enumeration():
    # the expectation, recomputed without the formula: fix each document's closest document and average the number
    # of documents closest to another label over every relabelling of the documents
    import itertools
    labels = ["p", "p", "q", "r", "r"]
    closest = [2, 0, 4, 1, 3]  # any fixed closest-document graph
    outcomes = [sum(order[i] != order[j] for i, j in enumerate(closest))
                for order in set(itertools.permutations(labels))]
    docs = pd.DataFrame({"doc_id": list("abcde"), "framing": labels,
                         "text": ["tea cup", "tea pot", "war gun", "war tank", "tea war"]})
    out = fr.documents.similarity_verdict(docs)
    assert len(outcomes) == 30
    assert len(docs) - out.attrs["expected_same_label"] == pytest.approx(np.mean(outcomes)) == pytest.approx(4.0)


def test_shipped_corpus_same_label_claims(corpus):
    # what notebook 06 prints, recomputed: 4 of 5 documents closest to another label, exactly the chance
    # expectation 4.0; scikit-learn's default vectoriser (smooth idf, its own tokens) finds 3 of 5; and the
    # same-label similarity test cannot go below 2/30 = 0.067 (the two labels of two documents swap without
    # changing it), so it cannot reach 0.05
    verdict = fr.documents.similarity_verdict(corpus)
    labels = corpus.set_index("doc_id")["framing"]
    sizes = labels.map(labels.value_counts())
    expected_other = float(((len(labels) - sizes) / (len(labels) - 1)).sum())
    assert int((~verdict["same_label"]).sum()) == 4 and expected_other == pytest.approx(4.0)
    assert len(verdict) - verdict.attrs["expected_same_label"] == pytest.approx(expected_other)
    reference = cosine_similarity(TfidfVectorizer(smooth_idf=True).fit_transform(
        corpus.groupby("doc_id", sort=False)["text"].agg("\n".join)))
    np.fill_diagonal(reference, -1)
    doc_ids = list(corpus.groupby("doc_id", sort=False).groups)
    other = sum(labels[doc_ids[i]] != labels[doc_ids[j]] for i, j in enumerate(reference.argmax(axis=1)))
    assert other == 3 == len(verdict) - verdict.attrs["n_same_label_sklearn"]
    pairs = fr.course.document_pairs(fr.similarity(corpus), labels)
    test = fr.permutation_test(corpus[["doc_id", "framing"]],
                               lambda d: fr.documents.same_label_gap(pairs, d.set_index("doc_id")["framing"]),
                               alternative="greater")
    assert test.n_relabellings == 30 and test.n_distinct <= 15 == fr.stats.n_partitions([2, 1, 2])
    assert test.min_pvalue == pytest.approx(2 / 30) and test.pvalue >= 2 / 30 > 0.05
