"""Settings of the known-answer design read off a corpus: heterogeneity by moments against R's dirmult::weirMoM,
lexicon strength and rate spread by hand, and the planted corpus' new options (spread, bursts, term profile)."""
import numpy as np
import pandas as pd
import pytest

import framings as fr
from framings.simulate import document_heterogeneity, lexicon_strength, own_frame_rates, planted_tokens

# R 4.x, dirmult 0.1.3 (Debian r-cran-dirmult): weirMoM(m, se=TRUE) on the matrix below, which R drew with
#   set.seed(1); a <- 20*c(.4,.2,.15,.1,.1,.05); for (i in 1:8) {p <- rgamma(6, a); p <- p/sum(p);
#   m[i,] <- rmultinom(1, 100 + 40*i, p)}
R_MATRIX = np.array([[36, 38, 25, 11, 28, 2], [63, 30, 10, 32, 28, 17], [97, 80, 20, 9, 5, 9],
                     [125, 41, 59, 17, 3, 15], [171, 35, 63, 17, 14, 0], [163, 64, 41, 31, 17, 24],
                     [150, 91, 75, 19, 42, 3], [174, 72, 34, 9, 104, 27]])


@pytest.mark.parametrize("matrix, theta, se", [
    (R_MATRIX, 0.0343214126567, 0.0195238105983),
    (np.array([[50, 5, 5], [5, 50, 5]]), 0.652749069864, 0.323398739598),
    (np.array([[10, 20, 30], [20, 40, 60]]), -0.0126582278481, 0.0),
])
def test_heterogeneity_equals_r_dirmult_weirmom(matrix, theta, se):
    out = document_heterogeneity(pd.DataFrame(matrix)).iloc[0]
    assert out["rho"] == pytest.approx(theta, abs=1e-11)
    assert out["rho_se"] == pytest.approx(se, abs=1e-11)
    assert out["n_docs"] == len(matrix) and out["n_words"] == matrix.sum()


def test_heterogeneity_recovers_the_planted_concentration():
    # a known answer: null corpora whose documents are Dirichlet(A · background) draws, A = 600 (rho = 1/601)
    estimates = [document_heterogeneity(fr.term_counts(planted_tokens(60, planted=False, doc_concentration=600.0,
                                                                      words_per_doc=(3000, 5000), random_state=seed),
                                                       by="doc_id")).iloc[0]
                 for seed in range(3)]
    rho = np.mean([e["rho"] for e in estimates])
    assert rho == pytest.approx(1 / 601, rel=0.25)
    independent = document_heterogeneity(fr.term_counts(planted_tokens(60, planted=False, words_per_doc=(3000, 5000),
                                                                       random_state=0), by="doc_id")).iloc[0]
    assert abs(independent["rho"]) < 3 * independent["rho_se"] and abs(independent["rho"]) < 2e-4


def test_heterogeneity_rejects_fewer_than_two_documents():
    with pytest.raises(ValueError, match="at least 2"):
        document_heterogeneity(pd.DataFrame([[1, 2], [0, 0]]))


def _paras():
    rows = [("a1", "x", "gas gas pipe road road road road road road road"),
            ("a1", "x", "gas road"),
            ("a2", "x", "pipe road road road"),
            ("b1", "y", "gas road road road road road road road"),
            ("b2", "y", "wall wall road")]
    frame = pd.DataFrame(rows, columns=["doc_id", "framing", "text"])
    frame["para_id"] = [f"{d}-{i}" for i, d in enumerate(frame["doc_id"])]
    frame["n_words"] = frame["text"].str.split().str.len()
    return frame


def test_lexicon_strength_by_hand():
    lexicon = pd.DataFrame({"frame": ["x", "x", "y"], "term": ["gas", "pipe", "wall"], "rationale": "",
                            "case_sensitive": False})
    out = lexicon_strength(_paras(), lexicon).set_index("term")
    # x documents: 16 words, gas 3 times, pipe twice; elsewhere 11 words, gas once, pipe never
    assert out.loc["gas", "extra_per_10k"] == pytest.approx(1e4 * (3 / 16 - 1 / 11))
    assert out.loc["pipe", "extra_per_10k"] == pytest.approx(1e4 * 2 / 16)
    # y documents: 11 words, wall twice; x documents: 16 words, none
    assert out.loc["wall", "extra_per_10k"] == pytest.approx(1e4 * 2 / 11)
    assert out.index.tolist() == ["wall", "pipe", "gas"]  # strongest first: 1818, 1250, 966


def test_own_frame_rates_spread_by_hand():
    lexicon = pd.DataFrame({"frame": ["x", "y"], "term": ["gas", "wall"], "rationale": "", "case_sensitive": False})
    out = own_frame_rates(_paras(), lexicon).set_index("doc_id")
    assert out.loc["a1", "rate_per_10k"] == pytest.approx(1e4 * 3 / 12)
    assert out.loc["a2", "rate_per_10k"] == 0.0
    assert out.loc["b1", "rate_per_10k"] == 0.0 and out.loc["b2", "rate_per_10k"] == pytest.approx(1e4 * 2 / 3)
    assert out.loc["a1", "paragraph_share"] == 1.0 and out.loc["b1", "paragraph_share"] == 0.0
    # CV (ddof 1) of x: rates 2500 and 0 -> sqrt(2); of y: 0 and 6666.7 -> sqrt(2)
    assert out.attrs["cv"] == pytest.approx(np.sqrt(2))


def test_planted_rates_vary_by_document_with_the_asked_spread():
    toks = planted_tokens(400, extra_per_10k=40.0, rate_cv=0.5, words_per_doc=(2000, 2000), random_state=3)
    multipliers = pd.Series(toks.attrs["doc_rate_multipliers"])
    assert multipliers.mean() == pytest.approx(1.0, abs=0.08)
    assert multipliers.std() / multipliers.mean() == pytest.approx(0.5, abs=0.07)
    inserted = toks[toks["planted"]].groupby("doc_id", observed=True).size().reindex(multipliers.index, fill_value=0)
    # each document's insertions follow its own multiplier: expected 2000 × 8 × 40 / 10,000 × m = 64 m
    assert np.corrcoef(inserted, multipliers)[0, 1] > 0.9
    assert (inserted / multipliers).mean() == pytest.approx(64.0, rel=0.05)


def test_bursts_fall_in_the_asked_share_of_paragraphs():
    toks = planted_tokens(20, extra_per_10k=50.0, burst_share=0.2, words_per_doc=(1200, 1200),
                          words_per_paragraph=60, random_state=1)
    anywhere = planted_tokens(20, extra_per_10k=50.0, words_per_doc=(1200, 1200), words_per_paragraph=60,
                              random_state=1)
    # 1200 background words: 21 stretches of 60, of which round(0.2 × 21) = 4 receive the ~48 insertions; paragraphs
    # are cut after inserting, so a stretch of ~72 words straddles two paragraphs: at most 8 paragraphs
    for doc, part in toks[toks["planted"]].groupby("doc_id", observed=True):
        assert part["para_id"].nunique() <= 8
    spread = anywhere[anywhere["planted"]].groupby("doc_id", observed=True)["para_id"].nunique()
    assert spread.min() > 12
    # the burst changes where, not how many: the same counts per document and term
    counts = toks[toks["planted"]].groupby(["doc_id", "token"], observed=True).size()
    assert counts.equals(anywhere[anywhere["planted"]].groupby(["doc_id", "token"], observed=True).size())


def test_term_profile_sets_each_term_strength_and_the_null_stays_the_same():
    profile = [4.0, 2.0, 1.0, 1.0]
    toks = planted_tokens(200, n_planted=4, extra_per_10k=30.0, term_profile=profile, words_per_doc=(2000, 2000),
                          random_state=5)
    assert toks.attrs["term_strengths"] == pytest.approx([60.0, 30.0, 15.0, 15.0])
    per_term = toks[toks["planted"]]["token"].astype(str).value_counts()
    words = 100 * 2000  # 100 carrying documents
    for term, strength in zip(toks.attrs["planted_terms"], toks.attrs["term_strengths"]):
        assert 1e4 * per_term[term] / words == pytest.approx(strength, rel=0.1)
    null = planted_tokens(200, n_planted=4, extra_per_10k=30.0, term_profile=profile, words_per_doc=(2000, 2000),
                          random_state=5, planted=False)
    plain_null = planted_tokens(200, n_planted=4, words_per_doc=(2000, 2000), random_state=5, planted=False)
    assert null["token"].tolist() == plain_null["token"].tolist()
    with pytest.raises(ValueError, match="term_profile"):
        planted_tokens(10, n_planted=4, term_profile=[1.0, 2.0])
