"""Keyness against a reference corpus (issue 28): hand computations on stored counts, Kilgarriff's simple maths on
Sketch Engine's published worked example, Monroe et al.'s z with the reference as informative prior written out."""
import math
import sys

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2_contingency

import framings as fr
from framings.errors import CorpusError

from conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "reference"

# our counts: two groups over five terms, 60 and 40 tokens
COUNTS = pd.DataFrame({"security": [12, 3], "energy": [6, 9], "pipeline": [5, 0], "the": [20, 18],
                       "sovereignty": [17, 10]}, index=["alliance", "autonomy"])


def hand_g2(a, b, t_total, r_total):
    """G² = 2 Σ O ln(O / E) over the four cells of the 2 × 2 table (Dunning 1993), written out."""
    cells = [a, b, t_total - a, r_total - b]
    n = t_total + r_total
    rows = [a + b, a + b, n - a - b, n - a - b]
    cols = [t_total, r_total, t_total, r_total]
    return 2 * sum(o * math.log(o / (r * c / n)) for o, r, c in zip(cells, rows, cols) if o > 0)


def test_reading_the_stored_counts_file_in_both_layouts():
    antconc = fr.stats.reference_counts(FIXTURES / "antconc-wordlist.txt")
    table = fr.stats.reference_counts(FIXTURES / "counts.csv")
    assert antconc[["term", "count"]].equals(table[["term", "count"]])
    assert antconc.attrs["total"] == 1000 and antconc.set_index("term").loc["energy", "count"] == 40
    assert antconc.set_index("term").loc["energy", "per_million"] == pytest.approx(40_000)


def test_reference_keyness_equals_a_hand_computation_on_stored_counts():
    reference = fr.stats.reference_counts(FIXTURES / "antconc-wordlist.txt")
    out = fr.keyness(COUNTS, "alliance", reference=reference).set_index("term")
    stored = {"security": 100, "energy": 40, "pipeline": 10, "the": 400, "sovereignty": 0}
    for term, b in stored.items():
        a = COUNTS.loc["alliance", term]
        row = out.loc[term]
        assert row["reference"] == "antconc-wordlist" and row["reference_count"] == b
        sign = 1 if a > (a + b) * 60 / 1060 else -1
        assert row["g2"] == pytest.approx(sign * hand_g2(a, b, 60, 1000), rel=1e-12)
        # the same G² from SciPy's contingency-table code (log-likelihood, no continuity correction)
        scipy_g2 = chi2_contingency([[a, b], [60 - a, 1000 - b]], correction=False, lambda_="log-likelihood")[0]
        assert abs(row["g2"]) == pytest.approx(scipy_g2, rel=1e-10)
        assert row["log_ratio"] == pytest.approx(math.log2((a / 60) / ((b if b else 0.5) / 1000)), rel=1e-12)
        assert row["simple_maths"] == pytest.approx((a / 60 * 1e6 + 1) / (b / 1000 * 1e6 + 1), rel=1e-12)
        assert row["target_per_10k"] == pytest.approx(a / 60 * 1e4)
    # the reference lacks "sovereignty": count 0 there, so it looks key whatever its rate
    assert out.loc["sovereignty", "g2"] > out.loc["security", "g2"] > 0 > out.loc["the", "g2"]


def test_simple_maths_on_the_published_worked_example():
    # Sketch Engine's documentation of Kilgarriff's (2009) simple maths ("Simple maths", sketchengine.eu/
    # documentation/simple-maths/): the lemma "shard", 35 hits in the BNC (112,289,776 tokens) and 263 in ukWaC
    # (1,559,716,979 tokens); fpm 0.3117 and 0.1686, score (0.3117 + 1) / (0.1686 + 1) = 1.1224 with N = 1.
    counts = pd.DataFrame({"shard": [35], "other": [112_289_776 - 35]}, index=["BNC"])
    ukwac = pd.DataFrame({"term": ["shard", "other"], "count": [263, 1_559_716_979 - 263]})
    ukwac.attrs["name"] = "ukWaC"
    row = fr.keyness(counts, "BNC", reference=ukwac).set_index("term").loc["shard"]
    assert round(row["target_per_10k"] * 100, 4) == 0.3117 and round(row["reference_per_10k"] * 100, 4) == 0.1686
    assert round(row["simple_maths"], 4) == 1.1224
    assert row["reference"] == "ukWaC"
    # N is a parameter: larger N pulls every score towards 1 (Kilgarriff's "focus on higher frequencies")
    wide = fr.keyness(counts, "BNC", reference=ukwac, smoothing=100).set_index("term").loc["shard", "simple_maths"]
    assert wide == pytest.approx((35e6 / 112_289_776 + 100) / (263e6 / 1_559_716_979 + 100), rel=1e-12)
    assert 1 < wide < row["simple_maths"]
    assert round(float(fr.stats.simple_maths(35e6 / 112_289_776, 263e6 / 1_559_716_979, 1)), 4) == 1.1224


def test_simple_maths_between_groups_only_when_asked():
    plain = fr.keyness(COUNTS, "alliance")
    assert "simple_maths" not in plain.columns
    asked = fr.keyness(COUNTS, "alliance", smoothing=10).set_index("term")
    a, b = COUNTS.loc["alliance", "energy"], COUNTS.loc["autonomy", "energy"]
    assert asked.loc["energy", "simple_maths"] == pytest.approx((a / 60 * 1e6 + 10) / (b / 40 * 1e6 + 10))
    with pytest.raises(CorpusError, match="smoothing"):
        fr.keyness(COUNTS, "alliance", smoothing=0)


def test_compare_groups_against_a_reference_pools_all_groups_first():
    reference = fr.stats.reference_counts(FIXTURES / "counts.csv")
    out = fr.compare_groups(COUNTS, reference=reference)
    assert list(out["comparison"].unique()) == ["all vs counts", "alliance vs counts", "autonomy vs counts"]
    pooled = out[out["comparison"] == "all vs counts"].set_index("term")
    a = COUNTS["security"].sum()
    assert pooled.loc["security", "g2"] == pytest.approx(hand_g2(a, 100, 100, 1000), rel=1e-12)
    single = fr.keyness(COUNTS, "autonomy", reference=reference)
    again = out[out["comparison"] == "autonomy vs counts"].drop(columns="comparison").reset_index(drop=True)
    pd.testing.assert_frame_equal(again, single)
    # one group is enough against a reference
    assert len(fr.compare_groups(COUNTS.iloc[:1], reference=reference)["comparison"].unique()) == 2
    with pytest.raises(CorpusError, match="reference corpus"):
        fr.compare_groups(COUNTS, reference="autonomy")


def test_documents_per_term_are_counted_for_the_pooled_target():
    toks = pd.DataFrame({"doc_id": ["d1", "d1", "d2", "d3"], "framing": ["x", "x", "x", "y"],
                         "token": ["gas", "oil", "gas", "gas"]})
    counts = toks.groupby(["framing", "token"]).size().unstack(fill_value=0)
    reference = pd.DataFrame({"term": ["gas", "oil"], "count": [10, 90]})
    out = fr.compare_groups(counts, reference=reference, toks=toks).set_index(["comparison", "term"])
    assert out.loc[("all vs reference", "gas"), "docs_in_target"] == 3
    assert out.loc[("x vs reference", "gas"), "docs_in_target"] == 2
    assert bool(out.loc[("x vs reference", "oil"), "single_document"])


def test_monroe_z_with_the_reference_as_informative_prior_is_the_formula():
    reference = fr.stats.reference_counts(FIXTURES / "counts.csv")
    out = fr.log_odds(COUNTS, prior=reference, method="monroe", target="alliance").set_index("term")
    y_i, y_j = COUNTS.loc["alliance"], COUNTS.loc["autonomy"]
    n_i, n_j = y_i.sum(), y_j.sum()
    r = pd.Series({"security": 100, "energy": 40, "pipeline": 10, "the": 400, "sovereignty": 0.5})  # lacked: 0.5
    a_w = (n_i + n_j) * r / r.sum()  # Monroe et al. 2008 §3.5.2: the prior's shape from the background corpus
    a_0 = a_w.sum()
    for term in COUNTS.columns:
        top_i, top_j = y_i[term] + a_w[term], y_j[term] + a_w[term]
        rest_i, rest_j = n_i + a_0 - top_i, n_j + a_0 - top_j
        delta = math.log(top_i / rest_i) - math.log(top_j / rest_j)
        sigma = math.sqrt(1 / top_i + 1 / rest_i + 1 / top_j + 1 / rest_j)
        assert out.loc[term, "prior"] == pytest.approx(a_w[term], rel=1e-12)
        assert out.loc[term, "log_odds"] == pytest.approx(delta, rel=1e-12)
        assert out.loc[term, "log_odds_weighted"] == pytest.approx(delta / sigma, rel=1e-12)
    assert out.attrs["prior"] == "reference:counts"
    # the in-corpus informative prior (a_w = the term's own count) gives other z: the prior changed them
    own = fr.log_odds(COUNTS, method="monroe", target="alliance").set_index("term")
    assert not np.allclose(own.loc[COUNTS.columns, "log_odds_weighted"], out.loc[COUNTS.columns, "log_odds_weighted"])
    with pytest.raises(CorpusError, match="method='monroe'"):
        fr.log_odds(COUNTS, prior=reference)


def test_general_english_from_wordfreq_with_a_stated_size():
    wordfreq = pytest.importorskip("wordfreq")
    english = fr.stats.reference_counts("english")
    frequency = wordfreq.get_frequency_dict("en", wordlist="best")
    assert english.attrs["total"] == 1e8 and english.attrs["name"] == "english"
    assert "CC-BY-SA 4.0" in english.attrs["attribution"] and "Apache-2.0" in english.attrs["attribution"]
    by_term = english.set_index("term")
    assert by_term.loc["the", "count"] == round(frequency["the"] * 1e8)
    assert by_term.loc["security", "per_million"] == pytest.approx(round(frequency["security"] * 1e8) / 100)
    small = fr.stats.reference_counts("english", nominal_size=1e6)
    assert small.attrs["total"] == 1e6 and len(small) < len(english)  # words under half a token drop out
    # the stated size moves G² (more certainty), not the rates: Log Ratio and simple maths stay put for terms
    # whose count is large at both sizes
    big_out = fr.keyness(COUNTS, "alliance", reference=english).set_index("term")
    small_out = fr.keyness(COUNTS, "alliance", reference=small).set_index("term")
    assert big_out.loc["the", "log_ratio"] == pytest.approx(small_out.loc["the", "log_ratio"], abs=1e-3)
    assert abs(big_out.loc["security", "g2"]) > abs(small_out.loc["security", "g2"])


def test_a_missing_wordfreq_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "wordfreq", None)  # import wordfreq now raises ImportError
    with pytest.raises(CorpusError, match=r'pip install "framings\[reference\]"'):
        fr.stats.reference_counts("english")


def test_a_folder_of_texts_is_counted_with_our_tokenizer(tmp_path):
    (tmp_path / "one.txt").write_text("Energy security and the pipeline.\n", encoding="utf-8")
    (tmp_path / "two.txt").write_text("Gas-pipeline security, energy!\n", encoding="utf-8")
    out = fr.stats.reference_counts(tmp_path).set_index("term")["count"].to_dict()
    assert out == {"energy": 2, "security": 2, "pipeline": 2, "and": 1, "the": 1, "gas": 1}
    assert fr.stats.reference_counts(tmp_path).attrs["total"] == 9


def test_a_table_and_a_count_matrix_as_reference():
    table = fr.stats.reference_counts(pd.DataFrame({"term": ["a", "b", "a"], "count": [1, 2, 3]}))
    assert table.set_index("term")["count"].to_dict() == {"a": 4, "b": 2}
    pooled = fr.stats.reference_counts(COUNTS)
    assert pooled.set_index("term").loc["energy", "count"] == 15 and pooled.attrs["total"] == 100
    with pytest.raises(CorpusError, match="non-negative"):
        fr.stats.reference_counts(pd.DataFrame({"term": ["a"], "count": [-1]}))
    with pytest.raises(CorpusError, match="neither"):
        fr.stats.reference_counts("no/such/folder")


def test_coverage_counts_what_the_reference_knows_and_why_not():
    counts = pd.DataFrame({"gas": [4, 1], "energy_security": [2, 0], "anti-western": [1, 0], "2020": [0, 3],
                           "aliyev": [1, 1]}, index=["a", "b"])
    reference = pd.DataFrame({"term": ["gas", "oil"], "count": [30, 10]})
    out = fr.stats.reference_coverage(counts, reference).set_index("group")
    assert out.loc["a", "tokens"] == 8 and out.loc["a", "tokens_known"] == 4
    assert out.loc["a", "share_tokens_known"] == pytest.approx(0.5)
    assert out.loc["all", "share_types_known"] == pytest.approx(1 / 5)
    assert out.loc["all", ["unknown_phrases", "unknown_hyphenated", "unknown_numbers", "unknown_other"]].tolist() \
        == [1, 1, 1, 1]
    assert out.loc["b", "most_frequent_unknown"] == "2020, aliyev"


def test_documents_per_term_when_the_groups_are_the_documents():
    toks = pd.DataFrame({"doc_id": ["d1", "d1", "d2"], "framing": ["x", "x", "y"], "token": ["gas", "oil", "gas"]})
    counts = toks.groupby(["doc_id", "token"]).size().unstack(fill_value=0)
    out = fr.keyness(counts, "d1", toks=toks).set_index("term")
    assert out["docs_in_target"].tolist() == [1, 1]
    reference = pd.DataFrame({"term": ["gas", "oil"], "count": [10, 90]})
    assert fr.compare_groups(counts, reference=reference, toks=toks)["docs_in_target"].max() == 2


def test_a_corpus_folder_is_loaded_and_counted_as_fr_tokens_counts(tmp_path):
    from conftest import write_corpus

    folder = write_corpus(tmp_path / "reference", {
        "one": ("x", "The pipeline carries gas to the coast.\n\nGas-fired plants burn it.\n"),
        "two": ("y", "Energy security, the minister said, is security of supply.\n")})
    out = fr.stats.reference_counts(folder)
    toks = fr.tokens(fr.paragraphs(fr.load_corpus(folder)), corpus=folder, **fr.stats.REFERENCE_TOKENS)
    expected = toks["token"].astype(str).value_counts()
    assert out.set_index("term")["count"].sort_index().to_dict() == expected.sort_index().to_dict()
    by_term = out.set_index("term")["count"]
    assert out.attrs["total"] == len(toks) and by_term["security"] == 2 and by_term["gas"] == 2  # "Gas-fired" split
