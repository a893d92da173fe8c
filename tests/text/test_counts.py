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


# -- counting straight from paragraphs (no tidy frame) ------------------------------

@pytest.mark.parametrize("options", [{}, {"stem": True, "merge_variants": True},
                                     {"stopwords": None, "phrases": False, "min_length": 1},
                                     {"lowercase": False, "numbers": False}])
@pytest.mark.parametrize("by", ["framing", "doc_id", "para_id"])
def test_direct_path_equals_tidy_path(paras, by, options):
    tidy = fr.term_counts(fr.tokens(paras, **options), by=by)
    direct = fr.term_counts(paras, by=by, **options)
    pd.testing.assert_frame_equal(direct, tidy, check_exact=True)


def test_direct_path_streams_an_iterable_of_frames(paras):
    chunks = (paras.iloc[start:start + 37] for start in range(0, len(paras), 37))
    pd.testing.assert_frame_equal(fr.term_counts(chunks, by="doc_id"), fr.term_counts(paras, by="doc_id"))


def test_count_matrix_rows_vocabulary_and_counts(paras, toks):
    from framings.text import count_matrix

    rows, vocabulary, matrix = count_matrix(paras, by=None)
    assert matrix.shape == (len(paras), len(vocabulary))
    assert rows.equals(paras.index)
    assert list(vocabulary) == sorted(toks["token"].cat.categories)
    assert matrix.dtype == np.int64 and matrix.sum() == len(toks)
    per_paragraph = toks.groupby("para_id", observed=True).size()
    np.testing.assert_array_equal(np.asarray(matrix.sum(axis=1)).ravel(),
                                  per_paragraph.reindex(paras["para_id"], fill_value=0).to_numpy())
    by_framing, _, framing_matrix = count_matrix(paras, by="framing")
    assert list(by_framing) == sorted(paras["framing"].unique())
    assert by_framing.name == "framing" and framing_matrix.sum() == len(toks)


def test_token_options_need_paragraph_text(toks):
    with pytest.raises(fr.CorpusError, match="already tokenized"):
        fr.term_counts(toks, by="framing", stem=True)


def test_counting_a_folder_in_batches_equals_loading_it_whole(paras):
    from framings.corpus import iter_corpus

    from conftest import CORPUS

    batches = list(iter_corpus(CORPUS, batch_size=2))
    assert [len(b) for b in batches] == [2, 2, 1]
    whole = fr.load_corpus(CORPUS)
    whole.attrs.clear()
    pd.testing.assert_frame_equal(pd.concat(batches, ignore_index=True), whole)
    streamed = fr.term_counts((fr.paragraphs(b) for b in iter_corpus(CORPUS, batch_size=2)), by="framing")
    pd.testing.assert_frame_equal(streamed, fr.term_counts(paras, by="framing"))
