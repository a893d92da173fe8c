"""Ties at a cut shown as ties (issue 25: the 12th and 13th terms tie in every top-12 list)."""
import matplotlib
import pandas as pd
import pytest

import framings as fr

matplotlib.use("Agg")


def test_a_tie_straddling_the_cut_is_kept_whole_and_marked():
    table = pd.DataFrame({"target": ["a"] * 5 + ["b"] * 3, "term": list("pqrstxyz"),
                          "g2": [9.0, 5.0, 3.0, 3.0, 1.0, 4.0, 2.0, 1.0]})
    top = fr.stats.top_with_ties(table, 3, "g2", by="target")
    assert top.loc[top["target"] == "a", "term"].tolist() == ["p", "q", "r", "s"]
    assert top.loc[top["target"] == "a", "tied_at_cut"].tolist() == [False, False, True, True]
    assert top.loc[top["target"] == "b", "tied_at_cut"].tolist() == [False, False, False]
    assert top.attrs["n_tied_beyond"] == 1


def test_a_tie_above_the_cut_is_not_a_tie_at_the_cut():
    table = pd.DataFrame({"term": list("abcd"), "g2": [5.0, 5.0, 3.0, 1.0]})
    top = fr.stats.top_with_ties(table, 3, "g2")
    assert top["term"].tolist() == ["a", "b", "c"] and not top["tied_at_cut"].any()


@pytest.mark.parametrize("n", [0, 2.5, True])
def test_n_is_a_whole_number(n):
    with pytest.raises(fr.CorpusError):
        fr.stats.top_with_ties(pd.DataFrame({"g2": [1.0]}), n, "g2")


def test_shipped_top_12_most_frequent_terms_tie_at_the_cut_in_every_framing(paras):
    counts = fr.term_counts(fr.tokens(paras, merge_variants=False), by="framing")
    rates = fr.rate_per_10k(counts).rename_axis(index="group", columns="term").stack().rename("rate").reset_index()
    top = fr.stats.top_with_ties(rates, 12, "rate", by="group")
    for group, part in rates.groupby("group"):
        ranked = part["rate"].sort_values(ascending=False).to_numpy()
        assert ranked[11] == ranked[12], f"{group}: the 12th and 13th most frequent terms share a rate"
        shown = top[top["group"] == group]
        assert len(shown) == int((ranked >= ranked[11]).sum()) > 12
        assert set(shown.loc[shown["tied_at_cut"], "term"]) == set(part.loc[part["rate"] == ranked[11], "term"])


def test_facet_bars_draw_every_tied_term_labelled():
    tidy = pd.DataFrame({"group": ["g"] * 4, "term": list("abcd"), "rate": [4.0, 2.0, 2.0, 1.0]})
    fig = fr.plots.facet_bars(tidy, "group", "term", "rate", n=2)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert sorted(labels) == ["a", "b (tie)", "c (tie)"]


def test_facet_bars_fold_a_long_run_of_ties_into_one_bar():
    tidy = pd.DataFrame({"group": ["g"] * 8, "term": list("abcdefgh"), "rate": [4.0, 3.0] + [1.0] * 6})
    fig = fr.plots.facet_bars(tidy, "group", "term", "rate", n=3)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert sorted(labels) == ["6 terms tie: c, d, …", "a", "b"]
