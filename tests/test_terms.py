"""term_counts, rate_per_10k and tf_idf against hand counts and scikit-learn."""
import numpy as np
import pandas as pd
import pytest

import framings as fr


def toy_tokens():
    rows = [("d1", "g1", w) for w in "a a b c".split()] + [("d2", "g2", w) for w in "a c c d".split()] \
        + [("d3", "g3", w) for w in "b b".split()]
    frame = pd.DataFrame(rows, columns=["doc_id", "framing", "token"])
    frame["para_id"] = frame["doc_id"] + "-p001"
    frame["position"] = frame.groupby("doc_id").cumcount()
    return frame


def test_term_counts_by_hand():
    counts = fr.term_counts(toy_tokens(), by="framing")
    expected = pd.DataFrame([[2, 1, 1, 0], [1, 0, 2, 1], [0, 2, 0, 0]], index=["g1", "g2", "g3"],
                            columns=["a", "b", "c", "d"])
    assert counts.index.name == "framing"
    np.testing.assert_array_equal(counts.to_numpy(), expected.to_numpy())
    assert list(counts.columns) == list(expected.columns)
    assert list(counts.index) == list(expected.index)
    assert all(np.issubdtype(t, np.integer) for t in counts.dtypes)


def test_term_counts_by_doc_and_corpus(toks):
    by_doc = fr.term_counts(toks, by="doc_id")
    by_framing = fr.term_counts(toks, by="framing")
    assert by_doc.to_numpy().sum() == by_framing.to_numpy().sum() == len(toks)


def test_rate_per_10k_by_hand():
    counts = fr.term_counts(toy_tokens())
    rates = fr.rate_per_10k(counts)
    assert rates.loc["g1", "a"] == pytest.approx(2 / 4 * 10_000)
    assert rates.loc["g3", "b"] == pytest.approx(10_000)


def test_tf_idf_matches_scikit_learn():
    from sklearn.feature_extraction.text import TfidfTransformer

    counts = fr.term_counts(toy_tokens())
    tidy = fr.tf_idf(counts)
    # scikit-learn's unsmoothed idf is ln(n / df) + 1 (sklearn docs, "Tf-idf term weighting")
    transformer = TfidfTransformer(smooth_idf=False, norm=None).fit(counts.to_numpy())
    idf = dict(zip(counts.columns, transformer.idf_ - 1))
    for row in tidy.itertuples():
        assert row.idf == pytest.approx(idf[row.term])
        assert row.tf == pytest.approx(counts.loc[row.group, row.term] / counts.loc[row.group].sum())
        assert row.tf_idf == pytest.approx(row.tf * row.idf)
    # a term in every group has idf 0: "a" is in g1 and g2, not g3 -> ln(3/2)
    assert tidy.query("term == 'a'")["idf"].iloc[0] == pytest.approx(np.log(3 / 2))
    assert list(tidy.columns) == ["group", "term", "count", "tf", "idf", "tf_idf"]
