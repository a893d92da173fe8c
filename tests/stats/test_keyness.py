"""Tests for framings.keyness.

Expected values come from the references' own worked examples or are
computed independently here (scipy / NLTK / by hand), never from our output.
"""
import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2 as chi2_dist
from scipy.stats import chi2_contingency, false_discovery_control

import framings as fr
from framings.errors import CorpusError
from framings.text import association

KEYNESS_COLUMNS = [
    "term", "target", "reference", "target_count", "reference_count",
    "target_per_10k", "reference_per_10k", "g2", "chi2", "log_ratio",
    "p_value", "p_adjusted", "docs_in_target", "single_document",
]


def counts_from_texts(texts: dict, by="framing") -> pd.DataFrame:
    """Group x term count table from {group: "space separated words"}."""
    rows = {g: pd.Series(t.split()).value_counts() for g, t in texts.items()}
    out = pd.DataFrame(rows).T.fillna(0).astype(int)
    out.index.name = by
    return out


def make_toks(docs: dict) -> pd.DataFrame:
    """Tidy tokens from {doc_id: (framing, [paragraph texts])}; position = word index."""
    rows = []
    for doc_id, (framing, paras) in docs.items():
        for p, text in enumerate(paras, start=1):
            for i, w in enumerate(text.split()):
                rows.append((doc_id, p, framing, i, w))
    toks = pd.DataFrame(rows, columns=["doc_id", "para_id", "framing", "position", "token"])
    for col in ("doc_id", "framing", "token"):
        toks[col] = toks[col].astype("category")
    return toks


def make_paras(docs: dict) -> pd.DataFrame:
    rows = [
        (doc_id, p, framing, text, len(text.split()))
        for doc_id, (framing, paras) in docs.items()
        for p, text in enumerate(paras, start=1)
    ]
    return pd.DataFrame(rows, columns=["doc_id", "para_id", "framing", "text", "n_words"])


# --------------------------------------------------------------------------
# keyness: quanteda-style toy
# --------------------------------------------------------------------------
TOY = counts_from_texts({"d1": "b b b b b b b a a a", "d2": "a a a a a a a b b"})
# 2 x 2 table for term "b", target d1: rows term / other terms, cols d1 / d2
TABLE_B = np.array([[7, 2], [3, 7]])


def row(frame, term):
    hit = frame.loc[frame["term"] == term]
    assert len(hit) == 1
    return hit.iloc[0]


def test_keyness_columns_and_order():
    out = fr.keyness(TOY, "d1")
    assert list(out.columns) == KEYNESS_COLUMNS
    assert list(out["term"]) == ["b", "a"]  # sorted by g2 descending
    assert (out["reference"] == "rest").all() and (out["target"] == "d1").all()
    assert out["docs_in_target"].isna().all() and out["single_document"].isna().all()


def test_keyness_toy_no_correction_matches_scipy():
    out = row(fr.keyness(TOY, "d1"), "b")
    g2 = chi2_contingency(TABLE_B, correction=False, lambda_="log-likelihood")[0]
    x2 = chi2_contingency(TABLE_B, correction=False)[0]
    assert out["g2"] == pytest.approx(g2, rel=1e-12)
    assert out["chi2"] == pytest.approx(x2, rel=1e-12)
    assert out["p_value"] == pytest.approx(chi2_dist.sf(g2, 1), rel=1e-12)
    assert (out["target_count"], out["reference_count"]) == (7, 2)
    assert out["target_per_10k"] == pytest.approx(7 / 10 * 1e4)
    assert out["reference_per_10k"] == pytest.approx(2 / 9 * 1e4)
    # "none" is an alias of None
    assert row(fr.keyness(TOY, "d1", correction="none"), "b")["g2"] == pytest.approx(g2, rel=1e-12)


def test_keyness_toy_yates_matches_scipy():
    # quanteda applies Yates only when |ad - bc| >= N/2 and an expected count < 5;
    # both hold here (|49 - 6| = 43 >= 9.5; E = 9 * 10 / 19 = 4.74), so it must
    # agree with scipy's always-on Yates for a 2 x 2 table (for G2 too).
    out = row(fr.keyness(TOY, "d1", correction="yates"), "b")
    g2 = chi2_contingency(TABLE_B, correction=True, lambda_="log-likelihood")[0]
    x2 = chi2_contingency(TABLE_B, correction=True)[0]
    assert out["g2"] == pytest.approx(g2, rel=1e-12)
    assert out["chi2"] == pytest.approx(x2, rel=1e-12)


def test_keyness_yates_skipped_when_expected_counts_large():
    # quanteda's condition: no expected cell below 5 -> no correction
    big = pd.DataFrame({"w": [60, 30], "x": [940, 970]}, index=pd.Index(["t", "r"], name="framing"))
    plain = row(fr.keyness(big, "t"), "w")
    yates = row(fr.keyness(big, "t", correction="yates"), "w")
    assert yates["chi2"] == pytest.approx(plain["chi2"])
    assert yates["g2"] == pytest.approx(plain["g2"])


def test_keyness_toy_williams():
    out = row(fr.keyness(TOY, "d1", correction="williams"), "b")
    a, b, c, d = 7, 2, 3, 7
    n = a + b + c + d
    # Williams (1976) q as in quanteda.textstats src/keyness.cpp williams_correction()
    q = 1 + (n / (a + b) + n / (c + d) - 1) * (n / (a + c) + n / (b + d) - 1) / (6 * n)
    g2 = chi2_contingency(TABLE_B, correction=False, lambda_="log-likelihood")[0]
    assert out["g2"] == pytest.approx(g2 / q, rel=1e-12)
    # chi2 is not touched by Williams' correction
    assert out["chi2"] == pytest.approx(chi2_contingency(TABLE_B, correction=False)[0])


def test_keyness_log_ratio_by_hand():
    out = fr.keyness(TOY, "d1")
    assert row(out, "b")["log_ratio"] == pytest.approx(math.log2((7 / 10) / (2 / 9)))
    assert row(out, "a")["log_ratio"] == pytest.approx(math.log2((3 / 10) / (7 / 9)))
    # zero count replaced by 0.5 (Hardie's Log Ratio)
    zero = counts_from_texts({"t": "x x x y", "r": "y y y y z"})
    assert row(fr.keyness(zero, "t"), "x")["log_ratio"] == pytest.approx(math.log2((3 / 4) / (0.5 / 5)))


def test_keyness_sign_convention():
    out = row(fr.keyness(TOY, "d1"), "a")
    assert out["g2"] < 0 and out["chi2"] < 0 and out["log_ratio"] < 0
    g2 = chi2_contingency(np.array([[3, 7], [7, 2]]), correction=False, lambda_="log-likelihood")[0]
    assert out["g2"] == pytest.approx(-g2)
    assert out["p_value"] == pytest.approx(chi2_dist.sf(g2, 1))


def test_keyness_rayson_worked_example():
    # Worked example for the UCREL log-likelihood wizard (ucrel.lancs.ac.uk/llwizard.html),
    # as reproduced in Lancaster's corpus-linguistics course notes: a word occurs 52 times
    # in corpus 1 (50,000 tokens) and 57 times in corpus 2 (75,000 tokens); the wizard
    # reports O1 52 (0.10%), O2 57 (0.08%), LL + 2.65 (not significant: < 3.84).
    counts = pd.DataFrame(
        {"word": [52, 57], "other": [50_000 - 52, 75_000 - 57]},
        index=pd.Index(["corpus1", "corpus2"], name="corpus"),
    )
    out = row(fr.keyness(counts, "corpus1"), "word")
    assert round(out["g2"], 2) == 2.65
    assert out["g2"] > 0  # "+": overuse in corpus 1
    assert out["p_value"] > 0.05
    assert round(out["target_per_10k"] / 100, 2) == 0.10  # percentages
    assert round(out["reference_per_10k"] / 100, 2) == 0.08


def test_keyness_bh_adjustment_matches_scipy():
    rng = np.random.default_rng(1)
    counts = pd.DataFrame(
        rng.integers(0, 40, size=(3, 60)),
        index=pd.Index(["x", "y", "z"], name="framing"),
        columns=[f"t{i}" for i in range(60)],
    )
    out = fr.keyness(counts, "x", min_count=1)
    np.testing.assert_allclose(out["p_value"], chi2_dist.sf(out["g2"].abs(), 1), rtol=1e-12)
    np.testing.assert_allclose(out["p_adjusted"], false_discovery_control(out["p_value"].to_numpy(), method="bh"))


def test_keyness_min_count_and_reference_forms():
    counts = counts_from_texts({"a": "w w w x y", "b": "w x x z", "c": "y y z z z q"})
    out = fr.keyness(counts, "a", min_count=3)
    # totals (a + rest): w 4, x 3, y 3, z 4, q 1
    assert set(out["term"]) == {"w", "x", "y", "z"}
    one = fr.keyness(counts, "a", reference="b")
    assert (one["reference"] == "b").all()
    assert "q" not in set(one["term"])  # absent from both sides
    many = fr.keyness(counts, "a", reference=["b", "c"])
    assert (many["reference"] == "b+c").all()
    rest = fr.keyness(counts, "a")
    pd.testing.assert_frame_equal(many.drop(columns="reference"), rest.drop(columns="reference"))


def test_keyness_docs_in_target_and_single_document():
    docs = {
        "d1": ("alliance", ["brotherhood pipeline", "brotherhood unity"]),
        "d2": ("alliance", ["brotherhood corridor pipeline"]),
        "d3": ("autonomy", ["balance pipeline corridor"]),
    }
    toks = make_toks(docs)
    counts = toks.groupby(["framing", "token"], observed=True).size().unstack(fill_value=0)
    out = fr.keyness(counts, "alliance", toks=toks)
    got = dict(zip(out["term"], out["docs_in_target"]))
    assert got == {"brotherhood": 2, "pipeline": 2, "unity": 1, "corridor": 1, "balance": 0}
    single = dict(zip(out["term"], out["single_document"]))
    assert bool(single["unity"])
    assert not single["brotherhood"] and not single["balance"]


def test_keyness_errors():
    one = pd.DataFrame({"w": [3]}, index=pd.Index(["only"], name="framing"))
    with pytest.raises(CorpusError):
        fr.keyness(one, "only")
    with pytest.raises(CorpusError):
        fr.keyness(pd.DataFrame(index=pd.Index(["a", "b"], name="framing")), "a")
    with pytest.raises(CorpusError):
        fr.keyness(TOY * 0, "d1")
    with pytest.raises(CorpusError):
        fr.keyness(TOY, "d1", correction="default")
    with pytest.raises(CorpusError):
        fr.keyness(TOY, "nope")
    with pytest.raises(CorpusError):
        fr.keyness(TOY, "d1", reference=["d1"])
    assert issubclass(CorpusError, ValueError)


# --------------------------------------------------------------------------
# compare_groups
# --------------------------------------------------------------------------
def test_compare_groups_three_groups():
    counts = counts_from_texts({"a": "w w w x y", "b": "w x x z", "c": "y y z z z q"})
    out = fr.compare_groups(counts)
    assert list(out.columns) == ["comparison"] + KEYNESS_COLUMNS
    assert list(dict.fromkeys(out["comparison"])) == [
        "a vs rest", "b vs rest", "c vs rest", "a vs b", "a vs c", "b vs c",
    ]
    for label, target, reference in [("a vs rest", "a", None), ("b vs c", "b", "c")]:
        got = out[out["comparison"] == label].drop(columns="comparison").reset_index(drop=True)
        want = fr.keyness(counts, target, reference=reference)
        pd.testing.assert_frame_equal(got, want)
    only_rest = fr.compare_groups(counts, pairwise=False)
    assert set(only_rest["comparison"]) == {"a vs rest", "b vs rest", "c vs rest"}


def test_compare_groups_four_groups_and_errors():
    rng = np.random.default_rng(7)
    counts = pd.DataFrame(
        rng.integers(0, 9, size=(4, 25)),
        index=pd.Index(["g1", "g2", "g3", "g4"], name="framing"),
        columns=[f"t{i}" for i in range(25)],
    )
    out = fr.compare_groups(counts, correction="williams")
    assert out["comparison"].nunique() == 4 + 6
    for _, part in out.groupby("comparison"):
        np.testing.assert_allclose(
            part["p_adjusted"], false_discovery_control(part["p_value"].to_numpy(), method="bh")
        )
    with pytest.raises(CorpusError):
        fr.compare_groups(counts.iloc[:1])
    with pytest.raises(CorpusError):
        fr.compare_groups(counts.iloc[:, :0])


# --------------------------------------------------------------------------
# log_odds: tidylo's documented example
# --------------------------------------------------------------------------
# (vs, gear) of the 32 cars of R's mtcars, in row order (Mazda RX4 ... Volvo 142E)
MTCARS_VS = [0, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1]
MTCARS_GEAR = [4, 4, 4, 3, 3, 3, 3, 4, 4, 4, 4, 3, 3, 3, 3, 3, 3, 4, 4, 4, 3, 3, 3, 3, 3, 4, 5, 5, 5, 5, 5, 4]


def mtcars_gear_counts():
    tab = pd.crosstab(pd.Series(MTCARS_VS, name="vs"), pd.Series(MTCARS_GEAR, name="gear"))
    tab.index = tab.index.astype(str)
    tab.columns = tab.columns.astype(str)
    return tab


def test_mtcars_counts_are_tidylos():
    # gear_counts <- mtcars %>% count(vs, gear) in tidylo's example
    tab = mtcars_gear_counts()
    assert tab.loc["0"].tolist() == [12, 2, 4]
    assert tab.loc["1"].tolist() == [3, 10, 1]


def test_log_odds_tidylo_example():
    # Expected values: tidylo reference page for bind_log_odds (reference/bind_log_odds.html,
    # example section, tidylo 0.1.0.9000): bind_log_odds(gear_counts, vs, gear, n)
    informative = {
        ("0", "3"): 1.1728347, ("0", "4"): -1.3767516, ("0", "5"): 0.4033125,
        ("1", "3"): -1.1354777, ("1", "4"): 1.5661168, ("1", "5"): -0.4362340,
    }
    # ... and bind_log_odds(vs, gear, n, uninformative = TRUE, unweighted = TRUE): (log_odds, weighted)
    uninformative = {
        ("0", "3"): (0.6968169, 1.8912729), ("0", "4"): (-1.2527630, -1.9691060),
        ("0", "5"): (0.3249262, 0.5549172), ("1", "3"): (-0.9673459, -1.7407107),
        ("1", "4"): (1.1451323, 2.8421436), ("1", "5"): (-0.5268260, -0.6570674),
    }
    out = fr.log_odds(mtcars_gear_counts())
    assert list(out.columns) == fr.stats.LOG_ODDS_COLUMNS
    got = {(g, t): z for g, t, z in zip(out["target"], out["term"], out["log_odds_weighted"])}
    for key, want in informative.items():
        assert got[key] == pytest.approx(want, abs=5e-7)
    out = fr.log_odds(mtcars_gear_counts(), prior="uninformative")
    for g, t, lo, z in zip(out["target"], out["term"], out["log_odds"], out["log_odds_weighted"]):
        assert (lo, z) == pytest.approx(uninformative[(g, t)], abs=5e-7)
    with pytest.raises(CorpusError):
        fr.log_odds(mtcars_gear_counts(), prior="flat")


# --------------------------------------------------------------------------
# dispersion: Gries' toy corpus
# --------------------------------------------------------------------------
def test_dispersion_gries_toy_corpus():
    # Gries' (2008) 50-word toy corpus in 5 parts of 9, 10, 10, 10, 11 words; the element
    # "a" has DP = 0.18. Reference values: alex-raw/occurR tests/testthat/mock_reference.tsv
    # (checked there against Gries' own dispersions script): columns f, range, dp, dp.norm.
    letters = list("bamnibeupbasatbewqnbcagabestabaghabeaatbahaabeaxat")
    sizes = [9, 10, 10, 10, 11]
    parts = np.repeat([f"p{i}" for i in range(1, 6)], sizes)
    toks = pd.DataFrame({"doc_id": parts, "token": letters})
    out = fr.dispersion(toks, by="doc_id").set_index("term")
    assert list(out.columns) == ["frequency", "range", "DP", "DP_norm"]
    expected = {  # term: (f, range, DP, DP_norm)
        "a": (15, 5, 0.18, 0.219512195121951),
        "b": (10, 5, 0.02, 0.024390243902439),
        "t": (4, 4, 0.18, 0.219512195121951),
        "h": (2, 2, 0.58, 0.707317073170732),
        "i": (1, 1, 0.82, 1.0),
        "x": (1, 1, 0.78, 0.951219512195122),
        "n": (2, 2, 0.62, 0.75609756097561),
    }
    for term, (f, rng, dp, dpn) in expected.items():
        assert out.loc[term, "frequency"] == f
        assert out.loc[term, "range"] == rng
        assert out.loc[term, "DP"] == pytest.approx(dp, abs=1e-12)
        assert out.loc[term, "DP_norm"] == pytest.approx(dpn, abs=1e-12)


def test_dispersion_by_paragraph():
    docs = {"d1": ("f", ["x y", "y z"]), "d2": ("f", ["y y"])}
    out = fr.dispersion(make_toks(docs), by="para_id").set_index("term")
    # para_id restarts per document, so (doc_id, para_id) gives 3 parts
    assert out.loc["y", "range"] == 3 and out.loc["x", "range"] == 1
    with pytest.raises(CorpusError):
        fr.dispersion(make_toks(docs), by="nope")


# --------------------------------------------------------------------------
# kwic
# --------------------------------------------------------------------------
KWIC_DOCS = {
    "d1": ("alliance", ["One nation, two states is the motto.", "Strategic autonomy matters. Two states again"]),
    "d2": ("strategic-autonomy", ["They speak of two STATES and one nation", "Azerbaijan\u2019s nation"]),
}


def test_kwic_phrase_on_paragraph_text():
    out = fr.kwic(make_paras(KWIC_DOCS), "one nation", window=2)
    assert list(out.columns) == ["doc_id", "para_id", "framing", "left", "keyword", "right"]
    assert out["keyword"].tolist() == ["One nation", "one nation"]
    assert out.iloc[0]["left"] == "" and out.iloc[0]["right"] == ", two states"
    assert out.iloc[1]["left"] == "STATES and" and out.iloc[1]["right"] == ""
    two = fr.kwic(make_paras(KWIC_DOCS), "Two States", window=1)
    assert len(two) == 3
    assert two["framing"].tolist() == ["alliance", "alliance", "strategic-autonomy"]
    # context stops at the paragraph end
    assert two.iloc[1]["left"] == "matters." and two.iloc[1]["right"] == "again"
    # a possessive 's is ignored, as framings.tokens does
    poss = fr.kwic(make_paras(KWIC_DOCS), "azerbaijan nation")
    assert poss["keyword"].tolist() == ["Azerbaijan\u2019s nation"]


def test_kwic_phrase_on_tokens():
    docs = {
        "d1": ("alliance", ["one nation two states", "two states again"]),
        "d2": ("autonomy", ["states two states"]),
    }
    toks = make_toks(docs)
    out = fr.kwic(toks, "two states", window=5)
    assert out["keyword"].tolist() == ["two states"] * 3
    assert out.iloc[0]["left"] == "one nation" and out.iloc[0]["right"] == ""
    assert out.iloc[1]["left"] == ""  # no context from the previous paragraph
    assert out.iloc[2]["left"] == "states"
    # a removed stopword breaks a phrase: positions must be consecutive
    gap = toks[~((toks["doc_id"] == "d1") & (toks["para_id"] == 1) & (toks["token"] == "nation"))]
    assert fr.kwic(gap, "one two").empty
    with pytest.raises(CorpusError):
        fr.kwic(toks, "   ")


# --------------------------------------------------------------------------
# collocations
# --------------------------------------------------------------------------
def test_association_manning_schuetze_numbers():
    # nltk/test/collocations.doctest ("examples from Manning and Schutze" 5.3-5.4 and
    # Dunning 1993), printed there with the given precision.
    assert f"{association(8, 15828, 4675, 14307668, 't'):.4f}" == "0.9999"
    assert f"{association(20, 42, 20, 14307668, 't'):.4f}" == "4.4721"
    assert f"{association(8, 15828, 4675, 14307668, 'chi2'):.2f}" == "1.55"
    assert f"{association(59, 67, 65, 571007, 'chi2'):.0f}" == "456400"
    assert f"{association(110, 2552, 221, 31777, 'g2'):.2f}" == "270.72"
    assert f"{association(8, 13, 32, 31777, 'g2'):.2f}" == "95.29"
    assert f"{association(20, 42, 20, 14307668, 'pmi'):.2f}" == "18.38"
    assert f"{association(20, 15019, 15629, 14307668, 'pmi'):.2f}" == "0.29"
    # nltk/test/metrics.doctest: likelihood_ratio(150, (12593, 932), N) -> 1291...
    assert int(association(150, 12593, 932, 14307668, "g2")) == 1291


def test_collocations_match_nltk_window_counts():
    from nltk.collocations import BigramCollocationFinder
    from nltk.metrics import BigramAssocMeasures as bam

    words = ("the gas pipeline runs from baku the pipeline carries gas "
             "to europe and the gas deal binds baku to europe").split()
    toks = make_toks({"d1": ("f", [" ".join(words)])})
    window = 3
    finder = BigramCollocationFinder.from_words(words, window_size=window + 1)
    n = len(words)
    for measure, fn in [("g2", bam.likelihood_ratio), ("pmi", bam.pmi), ("t", bam.student_t), ("chi2", bam.chi_sq)]:
        out = fr.collocations(toks, "gas", window=window, measure=measure, scoring="nltk").set_index("collocate")
        for coll in out.index:
            count = finder.ngram_fd[("gas", coll)] + finder.ngram_fd[(coll, "gas")]
            assert out.loc[coll, "count"] == count
            assert out.loc[coll, "collocate_count"] == finder.word_fd[coll]
            want = fn(count / (2 * window), (finder.word_fd["gas"], finder.word_fd[coll]), n)
            got = out.loc[coll, "score"]
            if measure in ("g2", "chi2"):  # NLTK reports these unsigned
                got = abs(got)
            assert got == pytest.approx(want, rel=1e-9, abs=1e-12)
        assert (out["measure"] == measure).all()
    full = fr.collocations(toks, "gas", window=window, scoring="nltk")
    assert list(full.columns) == ["node", "collocate", "count", "collocate_count", "score", "measure"]
    assert full["score"].is_monotonic_decreasing


def test_collocations_respect_paragraphs():
    toks = make_toks({"d1": ("f", ["a b node", "c d e"]), "d2": ("f", ["f node"])})
    out = fr.collocations(toks, "node", window=5)
    assert set(out["collocate"]) == {"a", "b", "f"}
    assert fr.collocations(toks, "absent").empty
    with pytest.raises(CorpusError):
        fr.collocations(toks, "node", measure="dice")


# --------------------------------------------------------------------------
# rate_ci
# --------------------------------------------------------------------------
def rate_docs():
    return {
        "d1": ("alliance", ["brother nation brother", "gas pipeline brother", "nation state", "x y z"]),
        "d2": ("alliance", ["brother gas", "state state nation"]),
        "d3": ("autonomy", ["balance gas", "balance nation", "hedge balance gas"]),
    }


def test_rate_ci_point_estimate_and_determinism():
    toks = make_toks(rate_docs())
    out = fr.rate_ci(toks, ["brother", "gas"], n_boot=500, random_state=3)
    assert list(out.columns) == ["group", "term", "rate_per_10k", "ci_low", "ci_high", "n_boot"]
    assert len(out) == 4 and (out["n_boot"] == 500).all()
    got = out.set_index(["group", "term"])
    # by hand: alliance has 4 "brother" in 16 tokens, 2 "gas"; autonomy 0 "brother", 2 "gas" in 7
    assert got.loc[("alliance", "brother"), "rate_per_10k"] == pytest.approx(4 / 16 * 1e4)
    assert got.loc[("autonomy", "gas"), "rate_per_10k"] == pytest.approx(2 / 7 * 1e4)
    assert got.loc[("autonomy", "brother"), ["ci_low", "ci_high"]].tolist() == [0.0, 0.0]
    assert ((out["ci_low"] <= out["rate_per_10k"]) & (out["rate_per_10k"] <= out["ci_high"])).all()
    assert (out["ci_high"] > out["ci_low"]).loc[out["rate_per_10k"] > 0].all()
    again = fr.rate_ci(toks, ["brother", "gas"], n_boot=500, random_state=3)
    pd.testing.assert_frame_equal(out, again)
    other = fr.rate_ci(toks, ["brother", "gas"], n_boot=500, random_state=4)
    assert not np.allclose(out["ci_low"], other["ci_low"]) or not np.allclose(out["ci_high"], other["ci_high"])


def test_rate_ci_resamples_within_documents():
    # one paragraph per document: resampling within documents cannot change anything
    toks = make_toks({"d1": ("a", ["w x w"]), "d2": ("a", ["x x"]), "d3": ("b", ["w y"])})
    out = fr.rate_ci(toks, "w", n_boot=50).set_index("group")
    assert out.loc["a", "ci_low"] == out.loc["a", "ci_high"] == pytest.approx(2 / 5 * 1e4)
    with pytest.raises(CorpusError):
        fr.rate_ci(toks, [], n_boot=10)
    with pytest.raises(CorpusError):
        fr.rate_ci(toks, "w", n_boot=0)
