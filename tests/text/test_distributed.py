"""framings.text.corpus_bag + distributed_*: map-reduce counts over a Dask bag equal the single-machine counts."""
import pandas as pd
import pytest

import framings as fr

dask = pytest.importorskip("dask")
frd = fr.text

from conftest import CORPUS  # noqa: E402


@pytest.fixture(scope="module")
def docs():
    return frd.corpus_bag(CORPUS, npartitions=3)


@pytest.mark.parametrize("options", [{}, {"stem": True, "merge_variants": True}])
@pytest.mark.parametrize("by", ["framing", "doc_id"])
def test_term_counts_equal_single_machine(docs, paras, by, options):
    expected = fr.term_counts(fr.tokens(paras, **options), by=by)
    got = frd.distributed_term_counts(docs, by=by, scheduler="sync", **options)
    pd.testing.assert_frame_equal(got, expected)


def test_document_term_matrix_on_a_local_cluster(docs, paras):
    distributed = pytest.importorskip("dask.distributed")
    from framings.text import count_matrix

    rows, vocabulary, matrix = count_matrix(paras, by="para_id")
    with distributed.LocalCluster(n_workers=2, processes=False, dashboard_address=None) as cluster, \
            distributed.Client(cluster):
        got_rows, got_vocabulary, got_matrix = frd.distributed_count_matrix(docs, by="para_id")
    assert list(got_rows) == list(rows)
    assert list(got_vocabulary) == list(vocabulary)
    assert (got_matrix != matrix).nnz == 0


def test_a_bag_of_paragraphs(paras):
    import dask.bag as db

    bag = db.from_sequence(paras.to_dict("records"), npartitions=4)
    got = frd.distributed_term_counts(bag, by="framing", scheduler="threads", phrases=False)
    pd.testing.assert_frame_equal(got, fr.term_counts(paras, by="framing", phrases=False))
