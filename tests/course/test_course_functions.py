"""The library functions the course notebooks call instead of plumbing, checked against values worked out by hand
or from the statistic's definition (not against what the notebooks printed)."""
import math
from itertools import combinations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2

import framings as fr
from framings.errors import CorpusError


def test_term_positions_count_words_of_earlier_paragraphs():
    paras = pd.DataFrame({"doc_id": ["d"] * 3, "para_id": ["p1", "p2", "p3"], "framing": ["a"] * 3,
                          "n_words": [10, 10, 20]})
    toks = pd.DataFrame({"doc_id": ["d"] * 3, "para_id": ["p1", "p2", "p3"], "position": [0, 5, 19],
                         "token": ["gas", "gas", "gas"]})
    positions = fr.course.term_positions(toks, paras, ["gas"])
    assert positions["word_offset"].tolist() == [0, 15, 39]
    assert positions["relative_position"].tolist() == pytest.approx([0, 15 / 40, 39 / 40])
    summary = fr.course.dispersion_summary(positions, ["d", "e"])
    assert summary.loc["gas", "documents_using"] == 1 and summary.loc["gas", "top_document_share"] == 1.0


def test_pairwise_matrix_orders_rows_by_their_strongest_comparison():
    comparisons = pd.DataFrame({
        "comparison": ["a vs b"] * 3 + ["a vs c"] * 3, "reference": ["b"] * 3 + ["c"] * 3,
        "term": ["x", "y", "w", "y", "x", "w"], "g2": [9.0, 1.0, -4.0, 12.0, 2.0, -8.0]})
    wide = fr.course.pairwise_matrix(comparisons, n=1)
    # x is strongest in a vs b (9 > 2); y (12) and w (|-8|) in a vs c, y first by signed G²
    assert wide.index.tolist() == ["x", "y", "w"] and wide.columns.tolist() == ["a vs b", "a vs c"]
    with pytest.raises(CorpusError, match="pairwise"):
        fr.course.pairwise_matrix(comparisons.assign(reference="rest"))


def test_fdr_sensitivity_matches_benjamini_hochberg_by_hand(toks):
    counts = fr.term_counts(toks, by="framing")
    table = fr.course.fdr_sensitivity(counts, [1, 5], alpha=0.05, toks=toks)
    from scipy.stats import false_discovery_control
    for group in counts.index:
        tested = fr.keyness(counts, group, min_count=5)
        adjusted = false_discovery_control(tested["p_value"], method="bh")
        assert table.loc[group, "tested (min_count=5)"] == len(tested)
        assert table.loc[group, "key at FDR 0.05 (min_count=5)"] == int(((tested["g2"] > 0) & (adjusted < 0.05)).sum())


def test_rate_difference_tests_enumerate_every_relabelling():
    # six documents, three per framing; the term is used only by a's documents, at rates 3, 2, 1 per 4 words
    rows = []
    for doc, framing, uses in [("d1", "a", 3), ("d2", "a", 2), ("d3", "a", 1), ("d4", "b", 0), ("d5", "b", 0),
                               ("d6", "b", 0)]:
        rows += [(doc, framing, "gas")] * uses + [(doc, framing, "oil")] * (4 - uses)
    toks = pd.DataFrame(rows, columns=["doc_id", "framing", "token"])
    result = fr.course.rate_difference_tests(toks, pd.DataFrame({"target": ["a"], "term": ["gas"]}))
    rates = {"d1": 7500, "d2": 5000, "d3": 2500, "d4": 0, "d5": 0, "d6": 0}
    observed = np.mean([7500, 5000, 2500]) - 0
    null = [np.mean([rates[d] for d in chosen]) - np.mean([rates[d] for d in rates if d not in chosen])
            for chosen in combinations(rates, 3)]
    assert len(null) == math.comb(6, 3) == result.attrs["n_relabellings"] == 20
    assert result["rate_difference"].iloc[0] == pytest.approx(observed)
    assert result["permutation_p"].iloc[0] == pytest.approx(np.mean(np.array(null) >= observed - 1e-9)) == 1 / 20
    assert result["smallest_possible_p"].iloc[0] == pytest.approx(1 / 20)


def test_actor_frame_cells_use_the_bonferroni_cut():
    association = pd.DataFrame({"actor": ["eu", "eu", "ru", "ru", "cn", "cn"], "frame": ["f1", "f2"] * 3,
                                "cooccurrence": [6, 1, 2, 2, 1, 0], "paragraphs_with_actor": [8, 8, 6, 6, 2, 2],
                                "g2": [9.5, -2.0, 5.1, 0.3, 1.0, -1.0]})
    actors = pd.DataFrame({"actor": ["eu", "ru", "cn"], "label": ["EU", "Russia", "China"]})
    cells = fr.course.actor_frame_cells(association, actors, min_paragraphs=5)
    assert set(cells["actor"]) == {"eu", "ru"}
    assert cells.attrs["bonferroni_g2"] == pytest.approx(chi2.isf(0.05 / 4, df=1))  # 6.96 for four pairs
    assert cells["beyond_cut"].tolist() == [True, False, False, False]
    assert cells["row_label"].iloc[0] == "EU (8 paragraphs)"


def test_same_label_gap_and_its_permutation_test():
    sim = pd.DataFrame([[1, .9, .1, .2], [.9, 1, .3, .1], [.1, .3, 1, .8], [.2, .1, .8, 1]],
                       index=list("wxyz"), columns=list("wxyz"))
    labels = pd.Series({"w": "a", "x": "a", "y": "b", "z": "b"})
    pairs = fr.course.document_pairs(sim, labels)
    assert len(pairs) == 6 and (pairs["pair"] == "same label").sum() == 2
    assert fr.documents.same_label_gap(pairs, labels) == pytest.approx((0.9 + 0.8) / 2 - (0.1 + 0.2 + 0.3 + 0.1) / 4)
    corpus = pd.DataFrame({"doc_id": list("wxyz"), "framing": labels.to_numpy()})
    test = fr.permutation_test(corpus, lambda d: fr.documents.same_label_gap(pairs, d.set_index("doc_id")["framing"]),
                               alternative="greater")
    # 6 relabellings; the observed one and its mirror (labels swapped) give the same, largest gap
    assert test.n_relabellings == 6 and test.pvalue == pytest.approx(2 / 6)


def test_judge_provenance_reads_who_judged():
    checked = pd.DataFrame({"checked_by": ["AI assistant (session)"] * 3 + ["A. Person"],
                            "method": ["knew the labels"] * 3 + ["blind to the labels"]})
    shares = fr.course.judge_provenance(checked)
    assert shares.to_dict() == {"by_ai": 0.75, "knew": 0.75, "blind": 0.25}
    with pytest.raises(CorpusError, match="checked_by"):
        fr.course.judge_provenance(checked.drop(columns="checked_by"))


def test_spelling_table_and_variant_list():
    spellings = pd.DataFrame({"doc_id": ["d1", "d1", "d2"], "canonical": ["türkiye"] * 3,
                              "variant": ["türkiye", "turkey", "turkey"], "count": [1, 2, 5]})
    table = fr.text.spelling_table(spellings, ["d1", "d2", "d3"])
    assert table.columns.tolist() == ["turkey", "türkiye"] and table.loc["d3"].sum() == 0
    assert fr.text.spelling_table(spellings.iloc[0:0], ["d1"]).empty
    assert fr.text.variant_list(spellings) == ["türkiye", "turkey"]


def test_concordance_reads_each_term_in_its_framing():
    paras = pd.DataFrame({"doc_id": ["d1", "d2"], "para_id": ["d1-p1", "d2-p1"], "framing": ["a", "b"],
                          "kind": ["body", "body"], "n_words": [5, 5],
                          "text": ["gas flows west to Europe", "gas flows east to China"]})
    lines = fr.course.concordance(paras, ["gas"], where={"gas": "b"}, window=3)
    assert lines["doc_id"].tolist() == ["d2"] and lines["right"].iloc[0] == "flows east to"
    assert fr.course.concordance(paras, ["gas"], where={}).empty


def test_rate_difference_tests_equal_the_per_relabelling_definition():
    # sampled relabellings (C(24, 8)... > n_resamples): the vectorized statistic against the plain one, same seed
    rng = np.random.default_rng(3)
    rows = []
    for i in range(24):
        framing = "abc"[i % 3]
        words = rng.choice(["gas", "oil", "coal", "sun"], size=int(rng.integers(5, 40)),
                           p=[0.4, 0.2, 0.2, 0.2] if framing == "a" else [0.1, 0.3, 0.3, 0.3])
        rows += [(f"d{i:02d}", framing, w) for w in words]
    toks = pd.DataFrame(rows, columns=["doc_id", "framing", "token"])
    tested = pd.DataFrame({"target": ["a", "b", "c"], "term": ["gas", "oil", "sun"]})
    result = fr.course.rate_difference_tests(toks, tested, n_resamples=499, random_state=7)
    counts = pd.crosstab(toks["doc_id"], toks["token"])
    rates = counts.div(counts.sum(axis=1), axis=0) * 10_000
    docs = rates.rename_axis(index="doc_id").reset_index()
    docs["framing"] = docs["doc_id"].map(toks.drop_duplicates("doc_id").set_index("doc_id")["framing"])
    for row, got in zip(tested.itertuples(), result.itertuples()):
        def plain(d, group=row.target, term=row.term):
            return d.loc[d["framing"] == group, term].mean() - d.loc[d["framing"] != group, term].mean()
        slow = fr.permutation_test(docs, plain, alternative="greater", n_resamples=499, random_state=7)
        assert got.rate_difference == pytest.approx(slow.statistic, rel=1e-12)
        assert got.permutation_p == slow.pvalue
    assert result.attrs["exact"] is False and result.attrs["min_pvalue"] == pytest.approx(1 / 500)
