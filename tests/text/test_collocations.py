"""Collocations scored with the standard window-based 2 × 2 table (issue 25): the G² is scipy's log-likelihood
test of that table, built here with plain Python from the token lists; words seen once can be filtered."""
import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2_contingency

import framings as fr


def tidy(paragraphs: list[list[str]]) -> pd.DataFrame:
    rows = [("d1", f"p{p}", "f", i, w) for p, words in enumerate(paragraphs) for i, w in enumerate(words)]
    return pd.DataFrame(rows, columns=["doc_id", "para_id", "framing", "position", "token"])


def window_tables(paragraphs: list[list[str]], node: str, window: int) -> tuple[dict, int, int]:
    """O11 per collocate, R1 (tokens in the merged windows, node excluded) and N, by plain loops."""
    inside = set()
    for p, words in enumerate(paragraphs):
        for i, w in enumerate(words):
            if w == node:
                for j in range(max(0, i - window), min(len(words), i + window + 1)):
                    if j != i and words[j] != node:
                        inside.add((p, j))
    o11 = {}
    for p, j in inside:
        o11[paragraphs[p][j]] = o11.get(paragraphs[p][j], 0) + 1
    return o11, len(inside), sum(len(words) for words in paragraphs)


PARAGRAPHS = [("the gas pipeline runs from baku the pipeline carries gas to europe and the gas deal binds baku "
               "to europe").split(),
              "gas gas flows while the europe market waits for gas and baku".split(),
              "a paragraph without the node word at all but with europe and baku".split()]


@pytest.mark.parametrize("window", [1, 2, 3, 5])
def test_window_g2_is_scipys_log_likelihood_test_of_the_2x2_table(window):
    o11, r1, n = window_tables(PARAGRAPHS, "gas", window)
    freq = pd.Series([w for words in PARAGRAPHS for w in words]).value_counts()
    out = fr.collocations(tidy(PARAGRAPHS), "gas", window=window).set_index("collocate")
    assert set(out.index) == set(o11)
    for word, count in o11.items():
        table = np.array([[count, r1 - count], [freq[word] - count, n - r1 - freq[word] + count]])
        g2 = chi2_contingency(table, correction=False, lambda_="log-likelihood")[0]
        expected = r1 * freq[word] / n
        assert out.loc[word, "count"] == count
        assert out.loc[word, "collocate_count"] == freq[word]
        assert out.loc[word, "score"] == pytest.approx(g2 if count >= expected else -g2, rel=1e-9, abs=1e-9)


def test_min_freq_drops_words_seen_once_even_when_overlapping_windows_meet_them_twice():
    paragraphs = [["gas", "rare", "gas"]]
    pairs = fr.collocations(tidy(paragraphs), "gas", window=1, min_count=2, scoring="nltk")
    assert pairs["collocate"].tolist() == ["rare"], "two node windows meet the one 'rare': count 2 with frequency 1"
    assert fr.collocations(tidy(paragraphs), "gas", window=1, min_count=2, min_freq=2, scoring="nltk").empty
    assert fr.collocations(tidy(paragraphs), "gas", window=1, min_freq=2).empty
    assert fr.collocations(tidy(paragraphs), "gas", window=1)["count"].tolist() == [1], "merged windows: once"


def test_window_g2_on_the_shipped_corpus(paras):
    toks = fr.tokens(paras)
    node = toks["token"].value_counts().index[0]
    window = fr.collocations(toks, node, window=5, min_count=2, min_freq=2)
    nltk = fr.collocations(toks, node, window=5, min_count=2, min_freq=2, scoring="nltk")
    assert window["score"].iloc[0] > 20 * nltk["score"].iloc[0], "the window-scaled score is far smaller"
    top = window.iloc[0]
    n = len(toks.dropna(subset=["token"]))
    freq = toks["token"].value_counts()
    assert (window["collocate_count"] >= 2).all() and freq[top["collocate"]] == top["collocate_count"]
    assert top["count"] <= top["collocate_count"] and n > top["collocate_count"]


def test_unknown_scoring_is_refused():
    with pytest.raises(fr.CorpusError):
        fr.collocations(tidy(PARAGRAPHS), "gas", scoring="scaled")
