"""FrameAxis microframes: a hand-computed worked example, the bootstrap null, a planted bias and its shuffled twin,
and the axes' YAML."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

import framings as fr
from framings.errors import CorpusError
from framings.frames import (
    WordVectors,
    axis_vectors,
    axis_word_contributions,
    load_axes,
)

WORKED = Path(__file__).parent / "data" / "frameaxis-worked-example.yaml"


def _worked():
    example = yaml.safe_load(WORKED.read_text(encoding="utf-8"))
    toks = pd.DataFrame([(doc, word) for doc, words in example["documents"].items() for word in words],
                        columns=["doc_id", "token"])
    return example, toks


def test_bias_and_intensity_equal_the_hand_computation_of_the_worked_example():
    example, toks = _worked()
    scores = fr.frame_axes(toks, example["axes"], example["vectors"], n_boot=200).set_index("group")
    assert scores.attrs["corpus_bias"]["weather"] == pytest.approx(example["expected"]["corpus_bias"])
    for doc in ("d1", "d2"):
        assert scores.loc[doc, "bias"] == pytest.approx(example["expected"][doc]["bias"])
        assert scores.loc[doc, "intensity"] == pytest.approx(example["expected"][doc]["intensity"])
    vectors, _ = axis_vectors(example["axes"], example["vectors"])
    assert vectors["weather"].tolist() == [2.0, 0.0]


def test_word_contributions_add_up_to_the_bias_minus_the_corpus_bias():
    example, toks = _worked()
    table = axis_word_contributions(toks, example["axes"], example["vectors"])
    corpus_share = toks["token"].value_counts(normalize=True)
    cos = {"calm": 1.0, "storm": -1.0, "wind": 0.0, "rain": 0.6}
    for doc, words in example["documents"].items():
        share = pd.Series(words).value_counts(normalize=True).reindex(corpus_share.index, fill_value=0)
        total = sum((share[w] - corpus_share[w]) * cos[w] for w in corpus_share.index)
        assert total == pytest.approx(example["expected"][doc]["bias"] - example["expected"]["corpus_bias"])
        mine = table[table["group"] == doc].set_index("word")
        for word in set(words):
            assert mine.loc[word, "contribution"] == pytest.approx((share[word] - corpus_share[word]) * cos[word])


def _toy(random_state=0, n_docs=40, planted=True, shift=0.8):
    """A 20-d toy embedding with a known axis (the first coordinate); half the documents lean to its plus end."""
    rng = np.random.default_rng(random_state)
    words = [f"w{i:03d}" for i in range(300)]
    vectors = {w: rng.normal(size=20) for w in words}
    direction = np.eye(20)[0]
    leaning = words[:60]  # these words sit towards the plus pole
    for w in leaning:
        vectors[w] = vectors[w] + 3.0 * direction
    vectors["plus"], vectors["minus"] = 4.0 * direction, -4.0 * direction
    rows = []
    for d in range(n_docs):
        lean = planted and d % 2 == 0
        p = np.ones(len(words))
        if lean:
            p[:60] *= 1 + 4 * shift
        p /= p.sum()
        for word in rng.choice(words, size=150, p=p):
            rows.append((f"doc{d:02d}", "lean" if d % 2 == 0 else "other", word))
    toks = pd.DataFrame(rows, columns=["doc_id", "framing", "token"])
    return toks, vectors


AXIS = {"known": {"plus": ["plus"], "minus": ["minus"]}}


def test_known_answer_a_planted_bias_is_found_and_its_shuffled_twin_shows_none():
    toks, vectors = _toy()
    scores = fr.frame_axes(toks, AXIS, vectors, n_boot=500, random_state=1)
    lean = scores[scores["group"].str[3:].astype(int) % 2 == 0]
    other = scores[scores["group"].str[3:].astype(int) % 2 == 1]
    assert (lean["bias_effect"] > 0).all() and (lean["bias_p"] < 0.05).mean() >= 0.9
    assert (other["bias_effect"] < 0).all()  # the corpus baseline sits between the two groups
    # the shuffled twin: the same tokens, dealt to the documents at random
    rng = np.random.default_rng(2)
    shuffled = toks.assign(token=rng.permutation(toks["token"].to_numpy()))
    null = fr.frame_axes(shuffled, AXIS, vectors, n_boot=500, random_state=1)
    assert (null["bias_p"] < 0.05).mean() <= 0.15
    assert abs(null["bias_effect"].mean()) < 0.25 * lean["bias_effect"].mean()


def test_the_bootstrap_null_is_centred_on_the_corpus_bias_with_the_width_of_a_mean_of_n_tokens():
    toks, vectors = _toy(planted=False, n_docs=6)
    scores = fr.frame_axes(toks, AXIS, vectors, n_boot=4000, random_state=3)
    corpus_bias = scores.attrs["corpus_bias"]["known"]
    axis = np.array(vectors["plus"]) - np.array(vectors["minus"])
    cos = np.array([np.dot(vectors[w], axis) / np.linalg.norm(vectors[w]) / np.linalg.norm(axis)
                    for w in toks["token"]])
    assert corpus_bias == pytest.approx(cos.mean())
    spread = 2 * 1.959964 * cos.std() / np.sqrt(150)  # a mean of 150 tokens drawn with replacement
    for row in scores.itertuples():
        assert row.bias_null_mean == pytest.approx(corpus_bias, abs=0.01)
        assert row.bias_null_high - row.bias_null_low == pytest.approx(spread, rel=0.1)
        assert row.n_tokens == 150


def test_words_without_a_vector_are_left_out_and_coverage_is_reported():
    example, toks = _worked()
    toks = pd.concat([toks, pd.DataFrame({"doc_id": ["d1"], "token": ["zzyzx"]})], ignore_index=True)
    scores = fr.frame_axes(toks, example["axes"], example["vectors"], n_boot=50).set_index("group")
    assert scores.loc["d1", "bias"] == pytest.approx(example["expected"]["d1"]["bias"])
    assert scores.attrs["coverage"] == pytest.approx(8 / 9)
    coverage = fr.frames.embedding_coverage(toks, example["vectors"])
    assert coverage.loc[0, "coverage"] == pytest.approx(8 / 9)
    assert coverage.loc[0, "type_coverage"] == pytest.approx(4 / 5)


def test_driving_words_name_the_words_that_pull_to_each_pole():
    example, toks = _worked()
    scores = fr.frame_axes(toks, example["axes"], example["vectors"], n_boot=50).set_index("group")
    assert scores.loc["d1", "words_plus"].split(", ")[0] == "calm"
    assert scores.loc["d2", "words_minus"].split(", ")[0] == "storm"


def test_axes_from_yaml_and_the_starter_set(tmp_path):
    path = tmp_path / "axes.yaml"
    path.write_text("axes:\n  risk:\n    plus: [Safe, secure]\n    minus: dangerous\n", encoding="utf-8")
    assert load_axes(path) == {"risk": {"plus": ["safe", "secure"], "minus": ["dangerous"]}}
    starter = load_axes()
    assert len(starter) >= 10
    assert all(len(poles["plus"]) >= 2 and len(poles["minus"]) >= 2 for poles in starter.values())
    path.write_text("axes:\n  risk:\n    plus: [safe]\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="'minus' must be a non-empty list"):
        load_axes(path)
    with pytest.raises(CorpusError, match="no axes file"):
        load_axes(tmp_path / "missing.yaml")
    with pytest.raises(CorpusError, match="both poles"):
        load_axes({"x": {"plus": ["a"], "minus": ["a"]}})


def test_a_pole_without_any_vector_is_named():
    with pytest.raises(CorpusError, match="'minus' pole of axis 'x'"):
        axis_vectors({"x": {"plus": ["a"], "minus": ["b"]}}, {"a": [1.0, 0.0]})


def test_wrong_arguments_are_named():
    example, toks = _worked()
    with pytest.raises(CorpusError, match="n_boot"):
        fr.frame_axes(toks, example["axes"], example["vectors"], n_boot=0)
    with pytest.raises(CorpusError, match="embeddings="):
        fr.frame_axes(toks, example["axes"], 42)
    with pytest.raises(CorpusError, match="unknown embeddings"):
        fr.frames.load_embeddings("word2vec")
    with pytest.raises(CorpusError, match="lacks column"):
        fr.frame_axes(toks.rename(columns={"token": "word"}), example["axes"], example["vectors"])
    assert isinstance(WordVectors.from_mapping(example["vectors"]), WordVectors)


def test_leaning_tokens_raise_the_words_that_lean_and_the_null_twin_does_not():
    from framings.simulate import leaning_tokens

    words, counts, lean = ["calm", "war", "tea"], [5.0, 5.0, 10.0], [1.0, -1.0, 0.0]
    toks = leaning_tokens(words, counts, lean, n_docs=400, shift=1.0, random_state=4)
    shares = toks.groupby("framing", observed=True)["token"].value_counts(normalize=True).unstack()
    # leaning documents: p(w) ∝ f_w e^(lean_w): calm 5e, war 5/e, tea 10
    z = 5 * np.e + 5 / np.e + 10
    assert shares.loc["leaning", "calm"] == pytest.approx(5 * np.e / z, abs=0.01)
    assert shares.loc["neutral", "calm"] == pytest.approx(0.25, abs=0.01)
    twin = leaning_tokens(words, counts, lean, n_docs=400, shift=0.0, random_state=4)
    twin_shares = twin.groupby("framing", observed=True)["token"].value_counts(normalize=True).unstack()
    assert twin_shares.loc["leaning", "calm"] == pytest.approx(0.25, abs=0.01)
    with pytest.raises(ValueError, match="same non-zero length"):
        leaning_tokens(words, counts[:2], lean)


def test_pole_expansion_adds_the_nearest_candidates_on_the_right_side():
    toy = {"good": [1.0, 0.0], "bad": [-1.0, 0.0], "fine": [0.9, 0.3], "nice": [0.7, 0.7], "awful": [-0.8, 0.2],
           "tea": [0.0, 1.0], "meh": [0.05, 1.0]}
    axes = {"v": {"plus": ["good"], "minus": ["bad"]}}
    widened = fr.frames.expand_poles(axes, ["fine", "nice", "awful", "tea", "meh", "good", "zzz"], toy, n=2)
    # cosines with (1, 0): fine 0.949, nice 0.707, meh 0.05, tea 0; with (-1, 0): awful 0.970
    assert widened == {"v": {"plus": ["good", "fine", "nice"], "minus": ["bad", "awful"]}}
    assert fr.frames.expand_poles(axes, ["fine"], toy, n=0) == axes
    with pytest.raises(CorpusError, match="non-negative"):
        fr.frames.expand_poles(axes, ["fine"], toy, n=-1)


def _unblocked_reference(toks, axes, vectors, n_boot, level, random_state):
    """The null summaries as frame_axes computed them before its nulls were held a block at a time: every bootstrap
    null (``n_boot × groups × axes``, bias and intensity) built first, then summarised group by group."""
    from framings.frames._axes import _cosines
    from framings.frames._embeddings import resolve_embeddings

    vectors = resolve_embeddings(vectors)
    axis_vecs, _ = axis_vectors(axes, vectors)
    groups, group_names = pd.factorize(toks["doc_id"].astype(str), sort=True)
    words, vocabulary = pd.factorize(toks["token"].astype(str), sort=True)
    matrix, found = vectors.vectors(list(vocabulary))
    keep = found[words]
    cos = _cosines(matrix, axis_vecs)
    token_words, sizes = words[keep], np.bincount(groups[keep], minlength=len(group_names)).astype(np.int64)
    corpus_bias = cos[:, token_words].mean(axis=1)
    squared = (cos - corpus_bias[:, None]) ** 2
    rng = np.random.default_rng(random_state)
    null_bias = np.full((n_boot, len(sizes), len(cos)), np.nan)
    null_intensity = np.full((n_boot, len(sizes), len(cos)), np.nan)
    longest, has_tokens = int(sizes.max()), np.flatnonzero(sizes > 0)
    block = max(1, 4_000_000 // max(longest, 1))
    for first in range(0, n_boot, block):
        rows = min(block, n_boot - first)
        drawn = token_words[rng.integers(0, len(token_words), size=(rows, longest))]
        for a in range(len(cos)):
            for values, store in ((cos[a], null_bias), (squared[a], null_intensity)):
                running = np.cumsum(values[drawn], axis=1)
                store[first:first + rows, has_tokens, a] = running[:, sizes[has_tokens] - 1] / sizes[has_tokens]
    scores = fr.frame_axes(toks, axes, vectors, n_boot=n_boot, level=level, random_state=random_state)
    tail, out = (1 - level) / 2, []
    for row in scores.itertuples():
        g, a = list(group_names).index(row.group), list(axis_vecs).index(row.axis)
        values = []
        for observed, null in ((row.bias, null_bias[:, g, a]), (row.intensity, null_intensity[:, g, a])):
            centre = null.mean()
            extreme = np.abs(null - centre) >= abs(observed - centre) - 1e-12
            low, high = np.quantile(null, [tail, 1 - tail])
            values += [centre, low, high, observed - centre, (1 + int(extreme.sum())) / (n_boot + 1)]
        out.append(values)
    return scores, np.array(out)


def test_nulls_held_a_block_at_a_time_give_the_unblocked_result_to_the_last_bit(monkeypatch):
    import framings.frames._axes as axes_module

    toks, vectors = _toy(n_docs=12)
    # documents of different lengths (the nulls are prefixes of the same draws) and one without any vector
    toks = toks[toks.groupby("doc_id").cumcount() < 40 + 9 * toks["doc_id"].str[3:].astype(int)]
    toks = pd.concat([toks, pd.DataFrame({"doc_id": "doc99", "framing": "other", "token": ["novector"] * 5})])
    axes = {**AXIS, "second": {"plus": ["w001", "w002"], "minus": ["w200"]}, "third": {"plus": ["w150"], "minus": ["w010"]}}
    summary_columns = [f"{score}_{part}" for score in ("bias", "intensity")
                       for part in ("null_mean", "null_low", "null_high", "effect", "p")]
    scores, reference = _unblocked_reference(toks, axes, vectors, n_boot=301, level=0.9, random_state=7)
    has_tokens = scores["n_tokens"] > 0
    assert has_tokens.sum() == 12 * 3 and scores.loc[~has_tokens, summary_columns].isna().all().all()
    assert np.array_equal(scores.loc[has_tokens, summary_columns].to_numpy(), reference[has_tokens.to_numpy()])
    # three documents' nulls at a time, and the draws made again for every pass instead of kept
    monkeypatch.setattr(axes_module, "_NULL_BLOCK", 301 * 3)
    monkeypatch.setattr(axes_module, "_DRAW_BUDGET", 0)
    blocked = fr.frame_axes(toks, axes, vectors, n_boot=301, level=0.9, random_state=7)
    pd.testing.assert_frame_equal(blocked, scores, check_exact=True)
    assert (scores["bias_p"] < 0.05).any()  # the planted lean: the compared p-values are not all alike
