"""Rate intervals count as apart only between groups that both use the term (issue 25: "9 of 9 apart" counted
intervals of [0, 0] from framings that never use the term)."""
import itertools

import pandas as pd
import pytest

import framings as fr


def test_a_group_that_never_uses_the_term_is_not_compared():
    rates = pd.DataFrame({"group": ["a", "b", "c"], "term": ["x"] * 3, "rate_per_10k": [5.0, 0.0, 0.0],
                          "ci_low": [4.0, 0.0, 0.0], "ci_high": [6.0, 0.0, 0.0]})
    row = fr.stats.intervals_apart(rates).iloc[0]
    assert row["n_groups_using"] == 1 and pd.isna(row["apart"]) and row["pairs_compared"] == 0


@pytest.mark.parametrize("lows, highs, expected", [
    ([4.0, 1.0], [6.0, 3.0], True),     # 4 > 3: apart
    ([2.0, 1.0], [6.0, 3.0], False),    # they overlap
    ([3.0, 1.0], [6.0, 3.0], False),    # touching is overlapping
])
def test_two_used_terms(lows, highs, expected):
    rates = pd.DataFrame({"group": ["a", "b"], "term": ["x", "x"], "rate_per_10k": [5.0, 2.0],
                          "ci_low": lows, "ci_high": highs})
    assert bool(fr.stats.intervals_apart(rates)["apart"].iloc[0]) is expected


def test_shipped_corpus_counts_agree_with_a_pairwise_check(paras):
    toks = fr.tokens(paras, merge_variants=False)
    terms = ["türkiye", "turkic", "authoritarian", "armenia"]
    rates = fr.rate_ci(toks, terms, n_boot=300, random_state=1)
    table = fr.stats.intervals_apart(rates).set_index("term")
    for term, part in rates.groupby("term"):
        used = part[part["rate_per_10k"] > 0]
        pairs = list(itertools.combinations(used.itertuples(), 2))
        apart = [p for p in pairs if p[0].ci_low > p[1].ci_high or p[1].ci_low > p[0].ci_high]
        assert table.loc[term, "pairs_compared"] == len(pairs)
        assert table.loc[term, "pairs_apart"] == len(apart)
    assert pd.isna(table.loc["authoritarian", "apart"]), "only one framing uses it"


def test_rate_ci_dots_draw_an_unused_term_hollow_and_say_so():
    import matplotlib
    matplotlib.use("Agg")
    rates = pd.DataFrame({"group": ["a", "b"], "term": ["x", "x"], "rate_per_10k": [5.0, 0.0],
                          "ci_low": [4.0, 0.0], "ci_high": [6.0, 0.0]})
    ax = fr.plots.rate_ci_dots(rates)
    assert "never used by the framing (no interval)" in [t.get_text() for t in ax.get_legend().get_texts()]
    hollow = [c for c in ax.collections if type(c).__name__ == "PathCollection" and len(c.get_offsets())]
    assert len(hollow) == 1 and hollow[0].get_offsets()[0][0] == 0
