"""permutation_test: exact enumeration on planted corpora whose answer is known, and scipy's
``scipy.stats.permutation_test`` (permutation_type="independent") as the reference."""
import itertools
from math import comb

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import framings as fr
from framings.errors import CorpusError
from framings.stats import n_relabellings


def planted(values_by_doc: dict, labels: dict, paragraphs: int = 3) -> pd.DataFrame:
    """A paragraph frame: each document has ``paragraphs`` rows of its value."""
    rows = [{"doc_id": d, "para_id": f"{d}-p{k}", "framing": labels[d], "value": v}
            for d, v in values_by_doc.items() for k in range(paragraphs)]
    return pd.DataFrame(rows)


def mean_gap(frame: pd.DataFrame) -> float:
    means = frame.groupby("framing")["value"].mean()
    return float(means["a"] - means["b"])


def test_three_and_three_most_extreme_gives_one_in_twenty():
    # documents a1..a3 hold the three largest values: no other of the C(6,3) = 20 relabellings
    # gives a larger gap, so the exact one-sided p is 1/20 and the two-sided one 2/20.
    values = {"a1": 9.0, "a2": 8.0, "a3": 7.5, "b1": 3.0, "b2": 2.0, "b3": 1.0}
    labels = {d: d[0] for d in values}
    data = planted(values, labels)
    result = fr.permutation_test(data, mean_gap, alternative="greater")
    assert result.exact and result.n_relabellings == comb(6, 3) == 20
    assert len(result.null_distribution) == 20
    assert result.pvalue == pytest.approx(1 / 20, abs=1e-15)
    assert result.min_pvalue == pytest.approx(1 / 20)
    assert result.statistic == pytest.approx((9 + 8 + 7.5) / 3 - 2)
    assert fr.permutation_test(data, mean_gap, alternative="less").pvalue == pytest.approx(1.0)
    two = fr.permutation_test(data, mean_gap)
    assert two.pvalue == pytest.approx(2 / 20) and two.min_pvalue == pytest.approx(2 / 20)


def test_two_one_two_labels_give_thirty_distinct_relabellings():
    seen = []

    def record(frame):
        per_doc = frame.groupby("doc_id", sort=False)["framing"].agg(lambda s: set(s))
        assert all(len(s) == 1 for s in per_doc)  # every paragraph moved with its document
        seen.append(tuple(next(iter(s)) for s in per_doc))
        return 0.0

    labels = dict(zip("vwxyz", ["p", "p", "q", "r", "r"]))
    data = planted({d: 1.0 for d in labels}, labels)
    result = fr.permutation_test(data, record)
    assert result.n_relabellings == 30 == n_relabellings([2, 1, 2])
    relabellings = seen[1:]  # the first call is the observed data
    assert len(relabellings) == 30 and len(set(relabellings)) == 30
    assert set(relabellings) == set(itertools.permutations(["p", "p", "q", "r", "r"]))
    assert result.min_pvalue == pytest.approx(1.0) and result.n_distinct == 1  # a constant ties everywhere


@pytest.mark.parametrize("alternative", ["two-sided", "greater", "less"])
def test_two_groups_equal_scipy_exact_independent(alternative):
    rng = np.random.default_rng(5)
    x, y = rng.normal(size=4), rng.normal(0.8, size=3)
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(7)], "framing": ["a"] * 4 + ["b"] * 3,
                         "value": np.concatenate([x, y])})
    ours = fr.permutation_test(docs, mean_gap, alternative=alternative)
    ref = stats.permutation_test((x, y), lambda u, v: np.mean(u) - np.mean(v), permutation_type="independent",
                                 alternative=alternative, n_resamples=np.inf, vectorized=False)
    assert ours.statistic == pytest.approx(ref.statistic, abs=1e-12)
    assert ours.pvalue == pytest.approx(ref.pvalue, abs=1e-12)
    assert np.allclose(np.sort(ours.null_distribution), np.sort(ref.null_distribution), atol=1e-12)
    assert len(ours.null_distribution) == comb(7, 3)


def test_three_groups_equal_scipy_exact_independent():
    # three labels 2/2/2 over six documents: 6!/(2!2!2!) = 90 partitions, as scipy enumerates them
    # (scipy needs two or more observations per sample, so 2/1/2 cannot be checked against it)
    values = np.array([4.0, 1.5, 3.2, 0.3, 2.9, 2.2])
    docs = pd.DataFrame({"doc_id": list("uvwxyz"), "framing": ["p", "p", "q", "q", "r", "r"], "value": values})

    def spread(frame):  # variance of the group means
        return float(frame.groupby("framing")["value"].mean().var(ddof=0))

    ours = fr.permutation_test(docs, spread, alternative="greater")
    ref = stats.permutation_test((values[:2], values[2:4], values[4:]),
                                 lambda *s: float(np.var([np.mean(g) for g in s])),
                                 permutation_type="independent", alternative="greater",
                                 n_resamples=np.inf, vectorized=False)
    assert ours.n_relabellings == 90 and len(ref.null_distribution) == 90
    assert ours.pvalue == pytest.approx(ref.pvalue, abs=1e-12)
    assert np.allclose(np.sort(ours.null_distribution), np.sort(ref.null_distribution), atol=1e-12)


def test_sampling_path_is_seeded_and_follows_the_plus_one_rule():
    values = {f"d{i}": float(i) for i in range(10)}
    labels = {d: ("a" if i >= 5 else "b") for i, d in enumerate(values)}
    data = planted(values, labels, paragraphs=1)
    first = fr.permutation_test(data, mean_gap, alternative="greater", n_resamples=199, random_state=3)
    again = fr.permutation_test(data, mean_gap, alternative="greater", n_resamples=199, random_state=3)
    other = fr.permutation_test(data, mean_gap, alternative="greater", n_resamples=199, random_state=4)
    assert not first.exact and first.n_relabellings == comb(10, 5) == 252
    assert len(first.null_distribution) == 199
    assert np.array_equal(first.null_distribution, again.null_distribution) and first.pvalue == again.pvalue
    assert not np.array_equal(first.null_distribution, other.null_distribution)
    b = int((first.null_distribution >= first.statistic).sum())
    assert first.pvalue == pytest.approx((b + 1) / 200)
    # a continuous statistic: the sampled extreme is reached once, so the floor is 1 / (n_resamples + 1)
    assert first.min_pvalue == pytest.approx(1 / 200)
    # the most extreme split: only the observed relabelling (1 of 252) reaches it, so b is small
    assert b <= 5


def test_statistic_sees_unchanged_other_columns_and_data_is_not_modified():
    values = {"a1": 2.0, "a2": 1.0, "b1": 0.0}
    data = planted(values, {"a1": "a", "a2": "a", "b1": "b"})
    before = data.copy()
    fr.permutation_test(data, mean_gap)
    pd.testing.assert_frame_equal(data, before)


def test_bad_input_raises_corpus_error():
    data = pd.DataFrame({"doc_id": ["a", "a", "b"], "framing": ["x", "y", "y"], "value": [1, 2, 3]})
    with pytest.raises(CorpusError, match="more than one"):
        fr.permutation_test(data, lambda d: 0.0)
    with pytest.raises(CorpusError, match="lacks column"):
        fr.permutation_test(data.drop(columns="framing"), lambda d: 0.0)
    ok = pd.DataFrame({"doc_id": ["a", "b"], "framing": ["x", "y"]})
    with pytest.raises(CorpusError, match="alternative"):
        fr.permutation_test(ok, lambda d: 0.0, alternative="both")
    with pytest.raises(CorpusError, match="one number"):
        fr.permutation_test(ok, lambda d: "big")
    with pytest.raises(CorpusError, match="two labels"):
        fr.permutation_test(ok.assign(framing="x"), lambda d: 0.0)


def test_an_undefined_statistic_gives_an_undefined_pvalue():
    docs = pd.DataFrame({"doc_id": list("abcd"), "framing": list("xxyy"), "value": [1.0, 2.0, 3.0, 4.0]})
    result = fr.permutation_test(docs, lambda d: float("nan"))
    assert np.isnan(result.pvalue) and result.n_relabellings == 6


def test_a_one_label_statistic_cannot_reach_one_in_thirty():
    # labels 2/1/2 over five documents: 30 relabellings, but a statistic about the single-document label
    # only depends on which document carries it (5 ways), so its smallest attainable p is 6/30 = 1/5
    docs = pd.DataFrame({"doc_id": list("vwxyz"), "framing": ["p", "p", "q", "r", "r"],
                         "value": [0.0, 0.0, 7.0, 0.0, 0.0]})
    result = fr.permutation_test(docs, lambda d: d.loc[d["framing"] == "q", "value"].mean(), alternative="greater")
    assert result.n_relabellings == 30 and result.n_distinct == 2
    assert result.min_pvalue == pytest.approx(1 / 5) and result.pvalue == pytest.approx(1 / 5)
    # a statistic about a two-document label: C(5, 2) = 10 distinct values -> 1/10
    pair = fr.permutation_test(docs.assign(value=[5.0, 4.0, 0.0, 1.0, 0.0]),
                               lambda d: d.loc[d["framing"] == "p", "value"].mean(), alternative="greater")
    assert pair.min_pvalue == pytest.approx(1 / 10) and pair.pvalue == pytest.approx(1 / 10)


# --- the vectorized path: the same relabellings, the same draws, the statistic called in batches ---

def _paragraphs(n_docs: int, labels: list, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = [{"doc_id": f"d{i:02d}", "framing": labels[i % len(labels)], "value": float(v)}
            for i in range(n_docs) for v in rng.normal(i % len(labels), 1.0, size=1 + i % 3)]
    return pd.DataFrame(rows)


def _gap_per_row(frame: pd.DataFrame) -> float:  # mean over rows labelled "a" minus mean over the rest
    inside = (frame["framing"] == "a").to_numpy()
    values = frame["value"].to_numpy()
    return float(values[inside].mean() - values[~inside].mean())


def _gap_per_row_vectorized(frame: pd.DataFrame, labels: np.ndarray) -> np.ndarray:
    inside = labels == "a"
    values = frame["value"].to_numpy()
    return (np.where(inside, values, 0.0).sum(axis=1) / inside.sum(axis=1)
            - np.where(inside, 0.0, values).sum(axis=1) / (~inside).sum(axis=1))


@pytest.mark.parametrize("n_docs, n_resamples", [(7, 9999), (30, 499)])  # exact (C(7,3)... relabellings), sampled
@pytest.mark.parametrize("alternative", ["two-sided", "greater", "less"])
def test_vectorized_path_equals_the_per_relabelling_path(n_docs, n_resamples, alternative, monkeypatch):
    from framings.stats import _permutation
    monkeypatch.setattr(_permutation, "BATCH_CELLS", 50)  # many small batches, a partial last one
    data = _paragraphs(n_docs, ["a", "b", "c"], seed=n_docs)
    slow = fr.permutation_test(data, _gap_per_row, alternative=alternative, n_resamples=n_resamples, random_state=11)
    fast = fr.permutation_test(data, _gap_per_row_vectorized, alternative=alternative, n_resamples=n_resamples,
                               random_state=11, vectorized=True)
    assert slow.exact == (n_docs == 7) and fast.exact == slow.exact
    assert fast.n_relabellings == slow.n_relabellings and fast.min_pvalue == slow.min_pvalue
    assert fast.statistic == pytest.approx(slow.statistic, rel=1e-12)
    # the same relabellings in the same order: the null distributions match value by value
    assert len(fast.null_distribution) == len(slow.null_distribution)
    assert np.allclose(fast.null_distribution, slow.null_distribution, rtol=1e-12, atol=1e-12)
    assert fast.pvalue == slow.pvalue
    assert fast.n_distinct == slow.n_distinct
    assert fast.units == slow.units and fast.labels == slow.labels


def test_vectorized_path_equals_scipy_exact_and_sampled():
    rng = np.random.default_rng(6)
    x, y = rng.normal(0.6, size=7), rng.normal(size=7)
    docs = pd.DataFrame({"doc_id": [f"d{i:02d}" for i in range(14)], "framing": ["a"] * 7 + ["b"] * 7,
                         "value": np.concatenate([x, y])})

    def scipy_gap(u, v, axis=-1):
        return np.mean(u, axis=axis) - np.mean(v, axis=axis)

    ours = fr.permutation_test(docs, _gap_per_row_vectorized, alternative="greater", vectorized=True)
    ref = stats.permutation_test((x, y), scipy_gap, permutation_type="independent", alternative="greater",
                                 n_resamples=np.inf, vectorized=True)
    assert ours.exact and len(ours.null_distribution) == comb(14, 7) == len(ref.null_distribution)
    assert 0.02 < ref.pvalue < 0.5  # a p-value the sampled estimates below can miss
    assert ours.pvalue == pytest.approx(ref.pvalue, abs=1e-12)
    assert np.allclose(np.sort(ours.null_distribution), np.sort(ref.null_distribution), atol=1e-12)
    # sampled: scipy permutes the values where we permute the labels, so the draws differ; both p-values are
    # (b + 1) / (n + 1) estimates of the exact p above, within four binomial standard errors of it
    sampled = fr.permutation_test(docs, _gap_per_row_vectorized, alternative="greater", n_resamples=2000,
                                  random_state=1, vectorized=True)
    ref_sampled = stats.permutation_test((x, y), scipy_gap, permutation_type="independent", alternative="greater",
                                         n_resamples=2000, vectorized=True, rng=np.random.default_rng(1))
    se = np.sqrt(ref.pvalue * (1 - ref.pvalue) / 2000)
    assert not sampled.exact and len(sampled.null_distribution) == 2000
    assert abs(sampled.pvalue - ref.pvalue) < 4 * se + 1 / 2001
    assert abs(ref_sampled.pvalue - ref.pvalue) < 4 * se + 1 / 2001


def test_vectorized_statistic_must_return_one_value_per_relabelling():
    docs = pd.DataFrame({"doc_id": list("abcd"), "framing": list("xxyy"), "value": [1.0, 2.0, 3.0, 4.0]})
    with pytest.raises(CorpusError, match="one number per row of labels"):
        fr.permutation_test(docs, lambda d, labels: 0.0 if len(labels) == 1 else np.zeros(1), vectorized=True)
    with pytest.raises(CorpusError, match="one number per row of labels"):
        fr.permutation_test(docs, lambda d, labels: "big", vectorized=True)


# --- the smallest attainable p, against an exhaustive enumeration written here ---

def _enumerated_floor(values: dict, labels: dict, statistic) -> tuple[int, int, float]:
    """Relabellings, distinct values and the floor of a one-sided ('greater') p, by brute force over set partitions."""
    docs = sorted(values)
    label_list = [labels[d] for d in docs]
    outcomes = []
    for order in set(itertools.permutations(label_list)):  # every distinct assignment, each once
        assigned = dict(zip(docs, order))
        outcomes.append(round(statistic(values, assigned), 9))
    top = max(outcomes)
    return len(outcomes), len(set(outcomes)), outcomes.count(top) / len(outcomes)


def _same_label_similarity(values: dict, assigned: dict) -> float:
    """Mean closeness of documents sharing a label (only pairs within a label count): symmetric in the labels."""
    docs = sorted(values)
    pairs = [(a, b) for a, b in itertools.combinations(docs, 2) if assigned[a] == assigned[b]]
    return float(np.mean([-abs(values[a] - values[b]) for a, b in pairs]))


@pytest.mark.parametrize("label_counts, floor", [((2, 1, 2), 2 / 30), ((3, 3), 2 / 20), ((3, 1, 3), 2 / 140)])
def test_min_pvalue_counts_distinct_partitions_not_relabellings(label_counts, floor):
    # the notebook-06 design: a same-label similarity does not change when two equal-size labels swap, so
    # the 30 relabellings of labels 2/1/2 give (at most) 15 values and the smallest p is 2/30, not 1/30
    names = list("abcdefg"[:sum(label_counts)])
    labels = dict(zip(names, [lab for lab, n in zip("pqr", label_counts) for _ in range(n)]))
    values = {d: float(v) for d, v in zip(names, [0.0, 1.3, 3.7, 4.1, 8.6, 9.9, 15.2])}
    relabellings, distinct, brute_floor = _enumerated_floor(values, labels, _same_label_similarity)
    frame = pd.DataFrame({"doc_id": names, "framing": [labels[d] for d in names],
                          "value": [values[d] for d in names]})

    def statistic(d):
        return _same_label_similarity(dict(zip(d["doc_id"], d["value"])), dict(zip(d["doc_id"], d["framing"])))

    result = fr.permutation_test(frame, statistic, alternative="greater")
    assert result.n_relabellings == relabellings
    assert result.n_distinct == distinct
    assert result.min_pvalue == pytest.approx(brute_floor) == pytest.approx(floor)
    assert result.min_pvalue > 1 / result.n_relabellings


def test_two_documents_per_label_never_reach_five_percent_three_do():
    # the design table of notebook 06: how many documents per label does a same-label test need for p < 0.05?
    floors = {}
    for per_label in (2, 3):
        names = [f"d{i}" for i in range(3 * per_label)]
        labels = {d: "pqr"[i // per_label] for i, d in enumerate(names)}
        values = {d: float(i) ** 1.5 for i, d in enumerate(names)}
        floors[per_label] = _enumerated_floor(values, labels, _same_label_similarity)[2]
        frame = pd.DataFrame({"doc_id": names, "framing": [labels[d] for d in names],
                              "value": [values[d] for d in names]})
        result = fr.permutation_test(
            frame, lambda d: _same_label_similarity(dict(zip(d["doc_id"], d["value"])),
                                                    dict(zip(d["doc_id"], d["framing"]))),
            alternative="greater", n_resamples=100_000)
        assert result.min_pvalue == pytest.approx(floors[per_label])
    assert floors[2] == pytest.approx(6 / 90) and floors[2] > 0.05  # 3! label swaps tie: 6/90
    assert floors[3] == pytest.approx(6 / 1680) and floors[3] < 0.05


# --- max-T: adjusted p-values against a brute-force enumeration of the relabellings ---

def test_max_t_equals_brute_force_single_step_adjustment():
    rng = np.random.default_rng(7)
    names = [f"d{i}" for i in range(7)]
    framing = ["a"] * 3 + ["b"] * 4
    table = pd.DataFrame(rng.poisson(5, size=(7, 5)).astype(float), columns=list("vwxyz"))
    table.loc[:2, "v"] += 9  # one term the a-documents use much more
    data = table.assign(doc_id=names, framing=framing)

    def gaps(d):
        inside = (d["framing"] == "a").to_numpy()
        return (d.loc[inside, list("vwxyz")].mean() - d.loc[~inside, list("vwxyz")].mean()).abs()

    ours = fr.stats.max_t_test(data, gaps)
    values = table.to_numpy()
    observed = np.abs(values[:3].mean(axis=0) - values[3:].mean(axis=0))
    maxima = []
    for inside in itertools.combinations(range(7), 3):
        mask = np.isin(np.arange(7), inside)
        maxima.append(np.abs(values[mask].mean(axis=0) - values[~mask].mean(axis=0)).max())
    maxima = np.array(maxima)
    expected = [(maxima >= t - 1e-9).mean() for t in observed]
    assert ours["test"].tolist() == list("vwxyz")
    assert np.allclose(ours["statistic"], observed)
    assert np.allclose(ours["p_adjusted"], expected)
    assert ours.loc[0, "p_adjusted"] < 0.05 <= ours["p_adjusted"].iloc[1:].min()
    assert ours.attrs["n_relabellings"] == 35 and ours.attrs["exact"]
    # every adjusted p is at least the unadjusted permutation p of the same term
    for j, term in enumerate("vwxyz"):
        single = fr.permutation_test(data, lambda d, t=term: gaps(d)[t], alternative="greater")
        assert ours.loc[j, "p_adjusted"] >= single.pvalue - 1e-12


def test_max_t_sampled_path_and_errors():
    data = pd.DataFrame({"doc_id": [f"d{i}" for i in range(12)], "framing": list("ab" * 6),
                         "x": np.arange(12.0), "y": np.arange(12.0)[::-1]})
    out = fr.stats.max_t_test(data, lambda d: [abs(d.loc[d.framing == "a", c].mean() - d.loc[d.framing == "b", c].mean())
                                               for c in "xy"], n_resamples=99, random_state=1)
    assert not out.attrs["exact"] and out["test"].tolist() == [0, 1]
    assert ((out["p_adjusted"] * 100).round(9) % 1 == 0).all()  # (1 + b) / 100
    with pytest.raises(CorpusError, match="no values"):
        fr.stats.max_t_test(data, lambda d: [])


def test_a_string_label_column_keeps_its_dtype_and_gives_the_same_null():
    # string columns are relabelled by taking from an array of their own dtype (no per-row conversion); the null
    # must be the one an object column gives, relabelling by relabelling
    rows = pd.DataFrame({"doc_id": list("aabbccdde"), "framing": list("xxyyxxzzy"),
                         "value": [1.0, 2.0, 5.0, 3.0, 4.0, 0.5, 7.0, 1.5, 2.5]})
    seen = []

    def statistic(d):
        seen.append(d["framing"].dtype)
        return float(d.loc[d["framing"] == "x", "value"].sum() - d.loc[d["framing"] == "z", "value"].sum())

    as_string = rows.astype({"framing": pd.StringDtype("python")})
    as_object = rows.astype({"framing": object})
    for n_resamples, seed in ((9999, None), (20, 3)):  # enumerated (30 relabellings) and sampled
        seen.clear()
        string_test = fr.permutation_test(as_string, statistic, n_resamples=n_resamples, random_state=seed)
        assert set(seen) == {pd.StringDtype("python")}
        object_test = fr.permutation_test(as_object, statistic, n_resamples=n_resamples, random_state=seed)
        assert string_test.null_distribution.tolist() == object_test.null_distribution.tolist()
        assert string_test.pvalue == object_test.pvalue
