"""Known-answer corpora (framings.simulate.planted_tokens) and the claims of notebook 07 (framings.knownanswer).

The claims, at the stated size (40 documents, 8 planted terms, 50 extra occurrences per 10,000 words):

* keyness, log-odds, the document-level permutation test and the lexicon find the planted framing in at least 95 %
  of 100 seeded runs;
* on 200 null corpora (words independent draws) the permutation and lexicon tests, which are exact, raise a false
  alarm at the nominal α (their 99 % Clopper-Pearson interval contains it); keyness with the false discovery rate
  is conservative (its interval lies below α); log-odds' |z| > 1.96 flags fewer than α of the terms tested;
* on null corpora whose documents differ (Dirichlet around the background), keyness and log-odds raise false alarms
  far above α, while the permutation and lexicon tests stay consistent with α;
* the topic model rarely gathers the planted terms at the stated strength, and mostly does at four times it.
"""
import numpy as np
import pandas as pd
import pytest
from scipy.stats import binomtest

import framings as fr
from framings.simulate import known_answer_runs, method_flags, recovery_summary
from framings.simulate import planted_paragraphs, planted_tokens

ALPHA = 0.05
STATED = dict(n_docs=40, extra_per_10k=50.0, n_planted=8)
CLAIMED = ["keyness", "log-odds", "permutation", "lexicon"]
SMALL_NULL = dict(words_per_doc=(150, 300))  # small documents keep 200 null runs fast


def _clopper_pearson(events, runs, level):
    ci = binomtest(int(events), int(runs)).proportion_ci(confidence_level=level, method="exact")
    return ci.low, ci.high


# ---------------------------------------------------------------------------------------------------------------
# the generator
# ---------------------------------------------------------------------------------------------------------------
def test_planted_rate_is_realised_within_binomial_tolerance():
    toks = planted_tokens(40, extra_per_10k=50.0, random_state=11)
    carrying = toks["doc_id"].isin(toks.attrs["carrying_docs"])
    background_words = int((carrying & ~toks["planted"]).sum())
    inserted = toks[toks["planted"]]
    assert set(inserted["token"].astype(str)) <= set(toks.attrs["planted_terms"])
    assert inserted["doc_id"].isin(toks.attrs["carrying_docs"]).all()
    n_trials = background_words * len(toks.attrs["planted_terms"])
    # the number inserted is Binomial(background words x planted terms, 50 / 10,000): a two-sided exact test
    assert binomtest(len(inserted), n_trials, 50.0 / 1e4).pvalue > 0.001
    assert abs(len(inserted) / n_trials * 1e4 - 50.0) < 4 * np.sqrt(50.0 / 1e4 * (1 - 50.0 / 1e4) / n_trials) * 1e4


def test_null_has_no_planted_terms_and_is_the_planted_corpus_without_them():
    planted = planted_tokens(20, random_state=5)
    null = planted_tokens(20, random_state=5, planted=False)
    assert int(null["planted"].sum()) == 0 and null.attrs["carrying_docs"] == []
    assert planted.attrs["planted_terms"] == null.attrs["planted_terms"]
    assert null["token"].astype(str).tolist() == planted.loc[~planted["planted"], "token"].astype(str).tolist()
    assert null["doc_id"].astype(str).tolist() == planted.loc[~planted["planted"], "doc_id"].astype(str).tolist()
    # the groups of the null corpus use the planted terms at the same rate, up to chance
    hits = null.assign(hit=null["token"].isin(null.attrs["planted_terms"])).groupby("framing", observed=True)["hit"]
    table = np.array([hits.sum().to_numpy(), (hits.size() - hits.sum()).to_numpy()])
    from scipy.stats import chi2_contingency

    assert chi2_contingency(table).pvalue > 0.001


def test_same_seed_same_corpus_other_seed_other_corpus():
    one, two, three = planted_tokens(12, random_state=3), planted_tokens(12, random_state=3), planted_tokens(12, random_state=4)
    pd.testing.assert_frame_equal(one, two)
    assert one.attrs == two.attrs
    assert one["token"].astype(str).tolist() != three["token"].astype(str).tolist()


def test_share_groups_and_paragraphs():
    toks = planted_tokens(20, planted_share=0.5, random_state=2, words_per_paragraph=50)
    assert len(toks.attrs["carrying_docs"]) == 5
    assert toks.groupby("framing", observed=True)["doc_id"].nunique().tolist() == [10, 10]
    paras = planted_paragraphs(toks)
    assert paras["n_words"].max() == 50
    assert fr.tokens(paras)["token"].tolist() == toks["token"].astype(str).tolist()  # the library's tokenizer agrees
    differing = planted_tokens(8, doc_concentration=20.0, random_state=2)["token"].tolist()
    assert differing != planted_tokens(8, random_state=2)["token"].tolist()


@pytest.mark.parametrize("kwargs", [dict(n_docs=3), dict(groups=("a", "a")), dict(extra_per_10k=0),
                                    dict(planted_share=1.5), dict(planted_ranks=(1, 3)), dict(doc_concentration=0),
                                    dict(words_per_doc=(10, 5))])
def test_bad_arguments(kwargs):
    with pytest.raises(ValueError):
        planted_tokens(**{"n_docs": 10, **kwargs})


def test_method_flags_needs_a_known_answer_corpus():
    with pytest.raises(ValueError, match="planted_tokens"):
        method_flags(pd.DataFrame({"doc_id": ["a"], "para_id": ["a-1"], "framing": ["x"], "token": ["w"]}))
    with pytest.raises(ValueError, match="unknown method"):
        method_flags(planted_tokens(6), methods=["tea leaves"])


# ---------------------------------------------------------------------------------------------------------------
# the binomial intervals, against published values
# ---------------------------------------------------------------------------------------------------------------
def test_intervals_are_clopper_pearson_and_wilson():
    runs = pd.DataFrame({"seed": range(10), "n_docs": 10, "condition": "planted", "method": "lexicon",
                         "n_tested": 8, "n_flagged": 0, "n_planted_flagged": 0, "recall": np.nan,
                         "found": [True] * 5 + [False] * 5, "false_alarm": False, "p_value": 0.5,
                         "extra_per_10k": 50.0})
    exact = recovery_summary(runs).iloc[0]
    # Clopper-Pearson 95 % for 5 of 10, as R's binom.test(5, 10)$conf.int: 0.1870860 0.8129140
    assert exact["ci_low"] == pytest.approx(0.1871, abs=1e-4) and exact["ci_high"] == pytest.approx(0.8129, abs=1e-4)
    # Wilson score 95 % for 5 of 10, as R's prop.test(5, 10, correct = FALSE)$conf.int: 0.2365931 0.7634069
    wilson = recovery_summary(runs, interval="wilson").iloc[0]
    assert wilson["ci_low"] == pytest.approx(0.2366, abs=1e-4) and wilson["ci_high"] == pytest.approx(0.7634, abs=1e-4)
    # 0 of 10: the exact upper bound is 1 - 0.025^(1/10)
    none = recovery_summary(runs.assign(found=False)).iloc[0]
    assert none["ci_high"] == pytest.approx(1 - 0.025 ** (1 / 10), abs=1e-12)


# ---------------------------------------------------------------------------------------------------------------
# the claims
# ---------------------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def planted_runs():
    return known_answer_runs(STATED["n_docs"], seeds=range(100), methods=CLAIMED, conditions=["planted"],
                             alpha=ALPHA, n_resamples=99, extra_per_10k=STATED["extra_per_10k"],
                             n_planted=STATED["n_planted"])


@pytest.fixture(scope="module")
def null_runs():
    return known_answer_runs(20, seeds=range(1000, 1200), methods=CLAIMED, conditions=["null"], alpha=ALPHA,
                             n_resamples=99, **SMALL_NULL)


@pytest.mark.parametrize("method", CLAIMED)
def test_planted_framing_found_in_95_percent_of_runs_at_the_stated_size(planted_runs, method):
    found = planted_runs.loc[planted_runs["method"] == method, "found"]
    assert len(found) == 100
    assert found.mean() >= 0.95, f"{method} found the planted framing in {found.mean():.0%} of 100 runs"


@pytest.mark.parametrize("method", ["permutation", "lexicon"])
def test_exact_tests_raise_false_alarms_at_the_nominal_rate(null_runs, method):
    alarms = null_runs.loc[null_runs["method"] == method, "false_alarm"]
    assert len(alarms) == 200
    low, high = _clopper_pearson(alarms.sum(), len(alarms), 0.99)
    assert low <= ALPHA <= high, f"{method}: {alarms.sum()} of 200 false alarms, 99% interval {low:.3f}-{high:.3f}"


def test_keyness_with_fdr_is_conservative(null_runs):
    alarms = null_runs.loc[null_runs["method"] == "keyness", "false_alarm"]
    low, high = _clopper_pearson(alarms.sum(), len(alarms), 0.95)
    assert high < ALPHA, f"keyness: {alarms.sum()} of 200 false alarms, 95% interval up to {high:.3f}"


def test_log_odds_flags_fewer_than_alpha_of_the_null_terms(null_runs):
    log_odds = null_runs[null_runs["method"] == "log-odds"]
    low, high = _clopper_pearson(log_odds["n_flagged"].sum(), log_odds["n_tested"].sum(), 0.95)
    assert high < ALPHA
    summary = recovery_summary(null_runs)
    row = summary[(summary["method"] == "log-odds") & (summary["measure"] == "false alarm per term")].iloc[0]
    assert row["events"] == log_odds["n_flagged"].sum() and row["nominal"] == ALPHA


def test_when_documents_differ_only_document_level_tests_keep_their_promise():
    runs = known_answer_runs(20, seeds=range(40), methods=CLAIMED, conditions=["null"], alpha=ALPHA, n_resamples=99,
                             doc_concentration=50.0, **SMALL_NULL)
    rate = runs.groupby("method")["false_alarm"].agg(["sum", "size"])
    for method in ("keyness", "log-odds"):
        low, _ = _clopper_pearson(rate.loc[method, "sum"], rate.loc[method, "size"], 0.99)
        assert low > ALPHA, f"{method}: expected false alarms above α when documents differ"
    for method in ("permutation", "lexicon"):
        low, _ = _clopper_pearson(rate.loc[method, "sum"], rate.loc[method, "size"], 0.99)
        assert low <= ALPHA


def test_topic_model_needs_a_stronger_framing():
    runs = known_answer_runs(STATED["n_docs"], seeds=range(20), methods=["topics"], conditions=["planted"],
                             extra_per_10k=[STATED["extra_per_10k"], 4 * STATED["extra_per_10k"]])
    found = runs.groupby("extra_per_10k")["found"].mean()
    assert found.iloc[0] <= 0.2 and found.iloc[1] >= 0.6, found.to_dict()


def test_permutation_false_alarm_is_its_global_p(null_runs):
    permutation = null_runs[null_runs["method"] == "permutation"]
    assert (permutation["false_alarm"] == (permutation["p_value"] <= ALPHA)).all()


def test_document_permutation_p_equals_scipy_exact_test_of_the_largest_g2():
    from scipy.stats import chi2_contingency, permutation_test

    toks = planted_tokens(6, vocab_size=60, planted_ranks=(5, 20), n_planted=4, words_per_doc=(50, 80), random_state=7)
    table = pd.crosstab(toks["doc_id"].astype(str), toks["token"].astype(str))
    labels = toks.groupby(toks["doc_id"].astype(str), observed=True)["framing"].first().reindex(table.index)
    matrix = table.to_numpy()

    def largest_g2(x, y):  # x, y: row numbers of the documents in each group
        a, b = matrix[x.astype(int)].sum(axis=0), matrix[y.astype(int)].sum(axis=0)
        return max(chi2_contingency([[a[j], a.sum() - a[j]], [b[j], b.sum() - b[j]]], correction=False,
                                    lambda_="log-likelihood")[0] for j in range(len(a)))

    rows = np.arange(len(labels))
    reference = permutation_test((rows[labels.to_numpy() == "planted"], rows[labels.to_numpy() == "other"]),
                                 largest_g2, permutation_type="independent", alternative="greater",
                                 n_resamples=np.inf)
    ours = method_flags(toks, methods=["permutation"], n_resamples=99).iloc[0]
    # 20 relabellings of 3 + 3 documents, enumerated by both; max |G²| is the same for a labelling and its swap
    assert ours["p_value"] == pytest.approx(reference.pvalue, abs=1e-12)
