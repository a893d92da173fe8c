"""own_label_margins: the own-label verdict's mean margin under many labellings at once (issue 24)."""
import numpy as np
import pandas as pd
import pytest

import framings as fr
from framings.errors import CorpusError


def _random_scores(seed: int, n_docs: int = 12) -> pd.DataFrame:
    """Frame scores with labels x, y and w (w is no frame), tied frames, and a document matching one frame only."""
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


def _documents(scores: pd.DataFrame) -> pd.DataFrame:
    return scores.drop_duplicates("doc_id")[["doc_id", "framing"]].reset_index(drop=True)


def _per_labelling(scores: pd.DataFrame, documents, labels) -> list:
    """The definition: one own_label_verdict per labelling, its mean margin."""
    first = ~pd.Index(documents).duplicated()
    return [fr.frames.own_label_verdict(scores, labels=dict(zip(np.asarray(documents)[first], row[first])))
            .attrs["mean_margin"] for row in np.asarray(labels, dtype=object)]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_own_label_margins_equal_a_verdict_per_labelling(seed):
    scores = _random_scores(seed)
    documents = _documents(scores)["doc_id"].to_numpy()
    rng = np.random.default_rng(seed)
    # random labellings, some with no frame label at all (mean margin NaN), some all on one frame
    labels = np.array([rng.choice(list("xyzw"), size=len(documents)) for _ in range(40)]
                      + [["w"] * len(documents), ["z"] * len(documents)], dtype=object)
    fast = fr.frames.own_label_margins(scores, documents, labels)
    slow = np.array(_per_labelling(scores, documents, labels))
    assert np.isnan(fast[-2]) and np.isnan(slow[-2])
    np.testing.assert_allclose(fast, slow, rtol=0, atol=1e-12)
    # columns as score rows (each document repeated, its first column read): the same values
    rows = fr.frames.own_label_margins(scores, scores["doc_id"], labels[:, pd.Index(documents).get_indexer(
        scores["doc_id"])])
    np.testing.assert_allclose(rows, slow, rtol=0, atol=1e-12)
    # a single labelling as 1-D; a frame profile instead of scores
    assert fr.frames.own_label_margins(scores, documents, labels[0])[0] == pytest.approx(slow[0], abs=1e-12)
    profile = fr.frame_profile(scores.assign(score=100 * scores["matches"] / scores["n_words"]), n_boot=10)
    np.testing.assert_allclose(fr.frames.own_label_margins(profile, documents, labels[:5]),
                               [fr.frames.own_label_verdict(profile, labels=dict(zip(documents, row)))
                                .attrs["mean_margin"] for row in labels[:5]], rtol=0, atol=1e-12)


def test_a_unit_without_any_score_has_no_margin_under_a_non_frame_label():
    # a profile row of NaN scores: the verdict gives the unit no margin whatever its label
    profile = pd.DataFrame({"doc_id": list("aabbcc"), "frame": list("xyxyxy"),
                            "mean_score": [3.0, 1.0, 2.0, 4.0, np.nan, np.nan]})
    labels = [["x", "y", "x"], ["y", "y", "y"], ["x", "x", "w"]]
    np.testing.assert_allclose(fr.frames.own_label_margins(profile, list("abc"), labels),
                               _per_labelling(profile, list("abc"), labels), rtol=0, atol=1e-12)


@pytest.mark.parametrize("n_resamples", [9999, 300])  # all 560 relabellings enumerated, or 300 drawn
def test_the_vectorized_permutation_test_equals_the_per_relabelling_one(n_resamples):
    scores = _random_scores(3, n_docs=8)  # 8 documents, labels 3 x, 3 y, 2 w: 8!/(3!3!2!) = 560 relabellings
    options = {"alternative": "greater", "n_resamples": n_resamples, "random_state": 11}
    slow = fr.permutation_test(scores, lambda d: fr.frames.own_label_verdict(d).attrs["mean_margin"], **options)
    documents = _documents(scores)
    fast = fr.permutation_test(documents, lambda d, labels: fr.frames.own_label_margins(scores, d["doc_id"], labels),
                               vectorized=True, **options)
    assert slow.exact == (n_resamples == 9999) and slow.n_relabellings == 560
    assert len(fast.null_distribution) == len(slow.null_distribution) == min(560, n_resamples)
    assert fast.statistic == pytest.approx(slow.statistic, abs=1e-12)
    np.testing.assert_allclose(fast.null_distribution, slow.null_distribution, rtol=0, atol=1e-12)
    assert (fast.pvalue, fast.min_pvalue, fast.n_distinct) == (slow.pvalue, slow.min_pvalue, slow.n_distinct)
    # the score rows themselves as the test's frame: the same relabellings again
    on_rows = fr.permutation_test(scores, lambda d, labels: fr.frames.own_label_margins(scores, d["doc_id"], labels),
                                  vectorized=True, **options)
    np.testing.assert_allclose(on_rows.null_distribution, slow.null_distribution, rtol=0, atol=1e-12)


def test_own_label_margins_on_the_shipped_corpus_equal_the_per_relabelling_test(paras):
    scores = fr.frame_scores(paras, kinds=("body",))
    slow = fr.permutation_test(scores, lambda d: fr.frames.own_label_verdict(d).attrs["mean_margin"],
                               alternative="greater")
    fast = fr.permutation_test(_documents(scores),
                               lambda d, labels: fr.frames.own_label_margins(scores, d["doc_id"], labels),
                               vectorized=True, alternative="greater")
    assert fast.exact and fast.n_relabellings == 30
    np.testing.assert_allclose(fast.null_distribution, slow.null_distribution, rtol=0, atol=1e-12)
    assert fast.statistic == pytest.approx(slow.statistic, abs=1e-12) and fast.pvalue == slow.pvalue


def test_own_label_margins_refuses_labels_that_do_not_fit():
    scores = _random_scores(0, n_docs=4)
    documents = _documents(scores)["doc_id"].to_numpy()
    with pytest.raises(CorpusError, match="one column per document"):
        fr.frames.own_label_margins(scores, documents, [["x", "y"]])
    with pytest.raises(CorpusError, match="not among the documents"):
        fr.frames.own_label_margins(scores, documents[:3], [["x", "y", "w"]])
    with pytest.raises(CorpusError, match="no label"):
        fr.frames.own_label_margins(scores, documents, [["x", None, "y", "w"]])
