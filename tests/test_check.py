"""The shared argument checks of framings._check: one "missing columns" message, labels for comparisons."""
import pandas as pd
import pytest

import framings as fr
from framings._check import is_labelled, require_columns, require_labels


def test_require_columns_names_the_caller_every_missing_column_and_what_to_pass():
    with pytest.raises(fr.CorpusError) as raised:
        require_columns(pd.DataFrame({"text": []}), ["doc_id", "text", "para_id"], "f(): paras",
                        "pass fr.paragraphs(corpus)")
    assert str(raised.value) == "f(): paras lacks column(s) ['doc_id', 'para_id']; pass fr.paragraphs(corpus)"


def test_require_columns_rejects_what_is_not_a_frame():
    with pytest.raises(fr.CorpusError, match=r"^f\(\): paras must be a pandas DataFrame, got list; pass x$"):
        require_columns([], ["text"], "f(): paras", "pass x")


def test_require_columns_accepts_a_frame_with_more_columns():
    require_columns(pd.DataFrame({"text": [], "extra": []}), ["text"], "f(): paras", "pass x")


@pytest.mark.parametrize("call", [
    lambda: fr.tokens(pd.DataFrame({"text": ["x"]})),
    lambda: fr.term_counts(pd.DataFrame({"token": ["x"]}), by="doc_id"),
    lambda: fr.permutation_test(pd.DataFrame({"doc_id": ["a"]}), lambda d: 0.0),
    lambda: fr.frame_scores(pd.DataFrame({"doc_id": [], "para_id": [], "framing": []})),
    lambda: fr.coding.blind_sheet(pd.DataFrame({"id": ["S01"]})),
    lambda: fr.simulate.planted_paragraphs(pd.DataFrame({"doc_id": ["a"]})),
])
def test_every_verb_says_it_the_same_way(call):
    with pytest.raises(fr.CorpusError, match=r"^\w[\w.]*\(\): .* lacks column\(s\) \[.*\]; pass "):
        call()


def test_is_labelled():
    assert not is_labelled(pd.DataFrame({"framing": ["", ""]}))
    assert is_labelled(pd.DataFrame({"framing": ["a", ""]}))
    assert not is_labelled(pd.DataFrame({"text": ["a"]}))


def test_require_labels_only_when_comparing_framings():
    unlabelled = pd.DataFrame({"framing": ["", ""]})
    require_labels(unlabelled, "keyness()", by="doc_id")  # grouping by another column never needs labels
    with pytest.raises(fr.CorpusError, match=r"^keyness\(\) compares framings, but this corpus is unlabelled"):
        require_labels(unlabelled, "keyness()")
