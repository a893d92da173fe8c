"""spelling_variants counts each spelling of a name as written, by hand-countable examples."""
import pandas as pd
import pytest

import framings as fr


def test_counts_every_spelling_by_document_and_orders_by_use():
    paras = pd.DataFrame({"doc_id": ["a", "a", "b"], "para_id": ["a1", "a2", "b1"], "framing": ["x", "x", "y"],
                          "text": ["Turkey and Türkiye. Turkey again.", "Turkiye once; Əliyev, Aliyev.",
                                   "Türkiye, Türkiye, Türkiye."], "n_words": [6, 4, 3]})
    toks = fr.tokens(paras, stopwords=None, phrases=False, merge_variants=False)
    table = fr.spelling_variants(toks)
    counted = {(row.canonical, row.variant, row.doc_id): row.count for row in table.itertuples()}
    # written by hand from the texts above
    assert counted == {("türkiye", "türkiye", "a"): 1, ("türkiye", "türkiye", "b"): 3, ("türkiye", "turkey", "a"): 2,
                       ("türkiye", "turkiye", "a"): 1, ("aliyev", "əliyev", "a"): 1, ("aliyev", "aliyev", "a"): 1}
    assert list(dict.fromkeys(table["canonical"])) == ["türkiye", "aliyev"]  # 7 occurrences before 2
    assert list(dict.fromkeys(table.loc[table["canonical"] == "türkiye", "variant"])) == ["türkiye", "turkey",
                                                                                          "turkiye"]


def test_tokens_with_merged_spellings_are_refused():
    paras = pd.DataFrame({"doc_id": ["a"], "para_id": ["a1"], "framing": ["x"], "text": ["Turkey and Türkiye."]})
    with pytest.raises(fr.CorpusError, match=r"merge_variants=True.*merge_variants=False"):
        fr.spelling_variants(fr.tokens(paras))


def test_a_name_written_one_way_is_left_out_and_empty_keeps_the_columns():
    toks = pd.DataFrame({"doc_id": ["a", "b"], "token": ["türkiye", "türkiye"]})
    table = fr.spelling_variants(toks)
    assert table.empty and list(table.columns) == ["canonical", "variant", "doc_id", "count"]
    assert fr.spelling_variants(toks, min_spellings=1)["count"].tolist() == [1, 1]


def test_own_variants_and_another_unit():
    toks = pd.DataFrame({"framing": ["x", "x", "y"], "token": ["colour", "color", "color"]})
    table = fr.spelling_variants(toks, by="framing", variants={"colour": "color", "color": "color"})
    assert table[["variant", "framing", "count"]].values.tolist() == [["color", "x", 1], ["color", "y", 1],
                                                                       ["colour", "x", 1]]
