"""Frame lexicons, frame scores, profiles, actor × frame association, similarity and maps."""
import re
import shutil
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
import yaml
from scipy.stats import chi2_contingency

import framings as fr
from framings.frames import SCORE_COLUMNS, lexicon_precision, load_actors, load_lexicon, precision_sample
from framings.frames._match import _split_words
from framings.documents import paragraph_map
from framings.text import load_variants, tokenize

from conftest import CORPUS

LEXICONS = CORPUS / "lexicons"
FRAMES = ["alliance", "authoritarian-survival", "strategic-autonomy"]


def make_paras(texts, doc_ids=None, framing="test"):
    """A hand-made paragraph frame (no n_words column: frame_scores counts the words)."""
    doc_ids = doc_ids or ["d1"] * len(texts)
    frame = pd.DataFrame({"doc_id": doc_ids, "framing": framing, "text": texts})
    frame["para_id"] = [f"{d}-p{n:03d}" for n, d in enumerate(doc_ids, 1)]
    return frame[["doc_id", "para_id", "framing", "text"]]


def lexicon_of(**frames):
    rows = [(frame, term, "test entry", False) for frame, terms in frames.items() for term in terms]
    return pd.DataFrame(rows, columns=["frame", "term", "rationale", "case_sensitive"])


def matches_of(texts, lexicon):
    scores = fr.frame_scores(make_paras(texts), lexicon=lexicon)
    return scores.groupby("frame", sort=False)["matches"].sum().to_dict()


# --------------------------------------------------------------------------- lexicon files

def test_frame_lexicon_parses_and_every_entry_has_a_rationale():
    lexicon = load_lexicon()
    assert list(lexicon.columns[:3]) == ["frame", "term", "rationale"]
    assert list(dict.fromkeys(lexicon["frame"])) == FRAMES
    assert lexicon["rationale"].str.strip().str.len().gt(10).all()
    assert not lexicon.duplicated(["frame", "term"]).any()
    assert lexicon.groupby("frame").size().min() >= 10
    raw = yaml.safe_load((LEXICONS / "frames.yaml").read_text(encoding="utf-8"))
    assert all(body["description"].strip() for body in raw["frames"].values())
    assert isinstance(raw["changes"], list) and raw["changes"]
    assert all({"change", "terms", "reason"} <= set(change) for change in raw["changes"])
    header = (LEXICONS / "frames.yaml").read_text(encoding="utf-8").split("frames:")[0]
    assert "MIT" in header and "written for this project" in header


def test_actor_lexicon_parses():
    actors = load_actors()
    assert {"russia", "turkiye", "iran", "armenia", "georgia", "eu", "us", "israel", "china",
            "central-asia", "nato", "un-osce"} <= set(actors["actor"])
    turkiye = set(actors.loc[actors["actor"] == "turkiye", "name"])
    assert {"türkiye", "turkiye", "turkey", "turkish", "ankara", "erdoğan", "erdogan"} <= turkiye
    assert actors.loc[actors["name"] == "US", "case_sensitive"].item()


def test_missing_rationale_is_a_clear_error(tmp_path):
    path = tmp_path / "frames.yaml"
    path.write_text("frames:\n  alliance:\n    entries:\n      - term: brotherhood\n", encoding="utf-8")
    with pytest.raises(fr.CorpusError, match=r"'brotherhood' has no rationale"):
        load_lexicon(path)


def test_same_term_in_two_frames_is_an_error(tmp_path):
    path = tmp_path / "frames.yaml"
    path.write_text("frames:\n  a: {entries: [{term: multi-vector, rationale: r}]}\n"
                    "  b: {entries: [{term: Multi vector, rationale: r}]}\n", encoding="utf-8")
    with pytest.raises(fr.CorpusError, match="one group only"):
        load_lexicon(path)


def test_bad_yaml_names_the_line(tmp_path):
    path = tmp_path / "frames.yaml"
    path.write_text("frames:\n  a:\n    entries:\n      - term: x\n        rationale: a: b\n", encoding="utf-8")
    with pytest.raises(fr.CorpusError, match="line 5"):
        load_lexicon(path)


def test_editing_a_lexicon_copy_changes_the_scores(tmp_path, paras):
    copy = tmp_path / "frames.yaml"
    shutil.copy(LEXICONS / "frames.yaml", copy)
    before = fr.frame_scores(paras, lexicon=copy)
    pd.testing.assert_frame_equal(before, fr.frame_scores(paras))
    data = yaml.safe_load(copy.read_text(encoding="utf-8"))
    data["frames"]["alliance"]["entries"].append({"term": "earthquake*", "rationale": "test edit"})
    copy.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    after = fr.frame_scores(paras, lexicon=copy)
    alliance = before["frame"] == "alliance"
    assert after.loc[alliance, "matches"].sum() > before.loc[alliance, "matches"].sum()
    pd.testing.assert_frame_equal(after[~alliance], before[~alliance])
    via_frame = fr.frame_scores(paras, lexicon=load_lexicon(copy))
    pd.testing.assert_frame_equal(after, via_frame)


# --------------------------------------------------------------------------- matching

def test_words_are_the_tokenizers_split_at_hyphens():
    text = "Azerbaijan’s multi‑vector, anti-Western İlham Əliyev's Turkey U.S. 2020 policy"
    words = _split_words(text, load_variants())
    expected = [part for token in tokenize(text, stopwords=None, phrases=False, min_length=1, merge_variants=False)
                for part in re.split(r"[-_]", token)]
    assert words.folded == expected
    assert words.lower[words.folded.index("turkey")] == "türkiye"
    assert words.exact[words.folded.index("u")] == "U"


def test_phrases_match_across_punctuation_case_and_hyphens():
    lexicon = lexicon_of(alliance=["one nation two states"], autonomy=["multi-vector"])
    texts = ["ONE NATION, two states", "One Nation – Two States!", "a multi-vector policy",
             "a multi vector policy", "a multi\u2011vector policy", "one nation and two states", "multivector"]
    scores = fr.frame_scores(make_paras(texts), lexicon=lexicon)
    wide = scores.pivot(index="para_id", columns="frame", values="matches")
    assert wide["alliance"].tolist() == [1, 1, 0, 0, 0, 0, 0]
    assert wide["autonomy"].tolist() == [0, 0, 1, 1, 1, 0, 0]


def test_no_double_counting_inside_a_matched_phrase():
    lexicon = lexicon_of(**{"strategic-autonomy": ["strategic autonomy", "autonomy"],
                            "other": ["strategic"]})
    counts = matches_of(["Strategic autonomy, not mere autonomy, is strategic."], lexicon)
    assert counts == {"strategic-autonomy": 2, "other": 1}
    counts = matches_of(["strategic autonomy"], lexicon)
    assert counts == {"strategic-autonomy": 1, "other": 0}


def test_longest_match_wins_over_an_earlier_shorter_one():
    lexicon = lexicon_of(a=["regime"], b=["regime security"], c=["security council", "national"])
    # "security council" (2 words) and "regime security" (2 words) overlap: leftmost wins;
    # "national" is untouched.
    assert matches_of(["regime security council national"], lexicon) == {"a": 0, "b": 1, "c": 1}
    lexicon = lexicon_of(a=["one nation two states"], b=["two states"], c=["allied"])
    assert matches_of(["One nation, two allied states and two states"], lexicon) == {"a": 0, "b": 1, "c": 1}


def test_frame_scores_use_body_text_by_default():
    lexicon = lexicon_of(a=["autonomy"])
    paras = make_paras(["Strategic Autonomy", "By A. Writer", "Autonomy is the aim, and autonomy is the means."])
    paras["kind"] = ["title", "byline", "body"]
    body = fr.frame_scores(paras, lexicon=lexicon)
    assert body["para_id"].tolist() == [paras["para_id"].iloc[2]] and body["matches"].tolist() == [2]
    everything = fr.frame_scores(paras, lexicon=lexicon, kinds=None)
    assert everything["matches"].tolist() == [1, 0, 2]
    assert fr.frame_scores(paras, lexicon=lexicon, kinds=("title", "body"))["matches"].tolist() == [1, 2]
    assert fr.frame_scores(paras.drop(columns="kind"), lexicon=lexicon)["matches"].tolist() == [1, 0, 2]
    with pytest.raises(fr.CorpusError, match="unknown paragraph kind"):
        fr.frame_scores(paras, lexicon=lexicon, kinds=("abstract",))


def test_wildcards_and_possessives():
    lexicon = lexicon_of(auth=["legitimi*", "repress*"], ally=["ally"])
    counts = matches_of(["legitimize, legitimization and Repression; the ally's repressive legitimacy"], lexicon)
    assert counts == {"auth": 4, "ally": 1}


def test_scores_are_matches_per_100_words(paras):
    lexicon = lexicon_of(a=["brotherhood"])
    scores = fr.frame_scores(make_paras(["Brotherhood, brotherhood and three more words here"]), lexicon=lexicon)
    assert scores.loc[0, "matches"] == 2 and scores.loc[0, "n_words"] == 7
    assert scores.loc[0, "score"] == pytest.approx(100 * 2 / 7)
    real = fr.frame_scores(paras)
    assert list(real.columns) == SCORE_COLUMNS
    assert len(real) == int((paras["kind"] == "body").sum()) * len(FRAMES)  # body text by default
    assert len(fr.frame_scores(paras, kinds=None)) == len(paras) * len(FRAMES)
    np.testing.assert_allclose(real["score"], 100 * real["matches"] / real["n_words"])
    assert (real.groupby("para_id", sort=False).size() == len(FRAMES)).all()


def test_frame_matches_show_context_and_agree_with_scores(paras):
    lexicon = lexicon_of(alliance=["one nation two states"], other=["policy"])
    text = "w1 w2 w3 The motto “One Nation, Two States” guides policy in Baku today."
    matches = fr.frame_matches(make_paras([text]), "alliance", lexicon=lexicon, window=2)
    assert matches.loc[0, "match"] == "One Nation, Two States"
    assert matches.loc[0, "left"] == "The motto “"
    assert matches.loc[0, "right"] == "” guides policy"
    assert matches.loc[0, "term"] == "one nation two states"
    scores = fr.frame_scores(paras, kinds=None)  # frame_matches looks at every paragraph
    for frame in FRAMES:
        found = fr.frame_matches(paras, frame)
        assert len(found) == scores.loc[scores["frame"] == frame, "matches"].sum()


def test_unknown_frame_is_a_clear_error(paras):
    with pytest.raises(fr.CorpusError, match=r"unknown frame 'aliance'.*alliance, authoritarian-survival, "
                                             r"strategic-autonomy"):
        fr.frame_matches(paras, "aliance")


def test_empty_input_gives_empty_frames_with_the_right_columns():
    empty = make_paras([])
    scores = fr.frame_scores(empty)
    assert scores.empty and list(scores.columns) == SCORE_COLUMNS
    profile = fr.frame_profile(scores)
    assert profile.empty and list(profile.columns) == ["doc_id", "frame", "mean_score", "ci_low", "ci_high",
                                                        "n_paragraphs"]
    matches = fr.frame_matches(empty, "alliance")
    assert matches.empty and list(matches.columns) == ["doc_id", "para_id", "framing", "frame", "term",
                                                        "left", "match", "right"]
    association = fr.actor_frame_association(empty)
    assert association.empty and "g2" in association.columns
    assert paragraph_map(empty).empty
    assert fr.similarity(empty).shape == (0, 0)


def test_paragraph_frame_without_text_is_a_clear_error():
    with pytest.raises(fr.CorpusError, match=r"lacks column\(s\) \['text'\]"):
        fr.frame_scores(pd.DataFrame({"doc_id": [], "para_id": [], "framing": []}))


# --------------------------------------------------------------------------- profile

def profile_scores():
    texts = ["brotherhood " * k + "filler " * (10 - k) for k in (0, 1, 3, 2, 0, 5)] \
        + ["regime words only here", "brotherhood regime", "nothing at all"]
    paras = make_paras(texts, doc_ids=["a"] * 6 + ["b"] * 3)
    return fr.frame_scores(paras, lexicon=lexicon_of(alliance=["brotherhood"], survival=["regime"]))


def test_profile_means_and_intervals_contain_them():
    scores = profile_scores()
    profile = fr.frame_profile(scores, n_boot=500)
    row = profile.set_index(["doc_id", "frame"]).loc[("a", "alliance")]
    assert row["mean_score"] == pytest.approx(100 * 11 / 60)
    assert row["n_paragraphs"] == 6
    assert (profile["ci_low"] <= profile["mean_score"] + 1e-12).all()
    assert (profile["mean_score"] <= profile["ci_high"] + 1e-12).all()
    plain = fr.frame_profile(scores, weights=None, n_boot=500).set_index(["doc_id", "frame"])
    b_scores = scores[(scores["doc_id"] == "b") & (scores["frame"] == "survival")]["score"]
    assert plain.loc[("b", "survival"), "mean_score"] == pytest.approx(b_scores.mean())
    assert (plain["ci_low"] <= plain["mean_score"] + 1e-12).all()
    assert (plain["mean_score"] <= plain["ci_high"] + 1e-12).all()


def test_bootstrap_is_deterministic_and_depends_on_the_seed():
    scores = profile_scores()
    first = fr.frame_profile(scores, n_boot=300, random_state=7)
    pd.testing.assert_frame_equal(first, fr.frame_profile(scores, n_boot=300, random_state=7))
    other = fr.frame_profile(scores, n_boot=300, random_state=8)
    assert not np.allclose(first["ci_high"], other["ci_high"]) or not np.allclose(first["ci_low"], other["ci_low"])
    # a group's interval does not depend on which other groups are present
    only_a = fr.frame_profile(scores[scores["doc_id"] == "a"], n_boot=300, random_state=7)
    pd.testing.assert_frame_equal(only_a, first[first["doc_id"] == "a"].reset_index(drop=True))


def test_profile_by_framing(paras):
    profile = fr.frame_profile(fr.frame_scores(paras), by="framing", n_boot=200)
    assert set(profile["framing"]) == set(paras["framing"])
    assert profile.groupby("framing")["n_paragraphs"].first().sum() == int((paras["kind"] == "body").sum())


# --------------------------------------------------------------------------- actors × frames

def test_variant_spellings_of_turkiye_are_one_actor():
    texts = ["Turkey", "Türkiye", "Turkiye", "TÜRKİYE", "Turkish-Azerbaijani ties", "Erdogan", "Erdoğan",
             "Ankara's view", "the Turks of Iran", "Turkic world"]
    association = fr.actor_frame_association(make_paras(texts))
    turkiye = association[association["actor"] == "turkiye"]
    assert turkiye["paragraphs_with_actor"].iloc[0] == 8


def test_us_is_case_sensitive():
    association = fr.actor_frame_association(make_paras(["Let us talk.", "The US and the U.S. agree.",
                                                         "Washington said"]))
    assert association.loc[association["actor"] == "us", "paragraphs_with_actor"].iloc[0] == 2


def test_g2_and_pmi_against_an_independent_2x2_table():
    # 12 paragraphs: actor named in 5, frame present in 6, both in 4
    texts = ["Russia brotherhood"] * 4 + ["Moscow"] + ["brotherhood"] * 2 + ["nothing"] * 5
    lexicon = lexicon_of(alliance=["brotherhood"], autonomy=["pragmatism"])
    association = fr.actor_frame_association(make_paras(texts), lexicon=lexicon).set_index(["actor", "frame"])
    row = association.loc[("russia", "alliance")]
    assert (row["paragraphs_with_actor"], row["paragraphs_with_frame"], row["cooccurrence"],
            row["n_paragraphs"]) == (5, 6, 4, 12)
    table = np.array([[4, 1], [2, 5]])
    g2, p_value, _, expected = chi2_contingency(table, correction=False, lambda_="log-likelihood")
    assert expected[0, 0] < 4 and row["g2"] > 0
    assert row["g2"] == pytest.approx(g2)
    assert row["p_value"] == pytest.approx(p_value)
    assert row["pmi"] == pytest.approx(np.log2(4 * 12 / (5 * 6)))
    # under-represented: the actor with the frame less often than chance → negative G²
    texts = ["Iran brotherhood"] + ["Iran"] * 4 + ["brotherhood"] * 5 + ["Yerevan", "nothing"]
    association = fr.actor_frame_association(make_paras(texts), lexicon=lexicon).set_index(["actor", "frame"])
    row = association.loc[("iran", "alliance")]
    g2, p_value, _, _ = chi2_contingency(np.array([[1, 4], [5, 2]]), correction=False, lambda_="log-likelihood")
    assert row["g2"] == pytest.approx(-g2)
    assert row["p_value"] == pytest.approx(p_value)
    assert row["pmi"] == pytest.approx(np.log2(1 * 12 / (5 * 6))) and row["pmi"] < 0
    # never together → PMI −inf; a frame absent from every paragraph → PMI undefined, G² 0
    assert np.isneginf(association.loc[("armenia", "alliance"), "pmi"])
    absent = association.loc[("iran", "autonomy")]
    assert np.isnan(absent["pmi"]) and absent["g2"] == 0 and absent["p_value"] == 1


# --------------------------------------------------------------------------- similarity and maps

def test_similarity_is_one_on_the_diagonal_and_symmetric(corpus, paras):
    by_doc = fr.similarity(corpus)
    assert list(by_doc.index) == list(corpus["doc_id"]) == list(by_doc.columns)
    np.testing.assert_allclose(np.diag(by_doc), 1.0)
    np.testing.assert_array_equal(by_doc.to_numpy(), by_doc.to_numpy().T)
    assert ((by_doc >= 0) & (by_doc <= 1)).all().all()
    from_paragraphs = fr.similarity(paras, by="doc_id")
    np.testing.assert_allclose(from_paragraphs.to_numpy(), by_doc.to_numpy(), atol=1e-9)
    by_framing = fr.similarity(paras, by="framing")
    assert by_framing.shape == (3, 3)


def test_similarity_of_hand_made_texts():
    paras = make_paras(["alpha beta", "alpha beta", "gamma delta"], doc_ids=["a", "b", "c"])
    sim = fr.similarity(paras, stopwords=None)
    assert sim.loc["a", "b"] == pytest.approx(1.0)
    assert sim.loc["a", "c"] == pytest.approx(0.0)


@pytest.mark.parametrize("method", ["pca", "mds"])
def test_paragraph_map(paras, method):
    subset = paras.head(40)
    coordinates = paragraph_map(subset, method=method)
    assert list(coordinates.columns) == ["para_id", "doc_id", "framing", "x", "y"]
    assert len(coordinates) == 40 and np.isfinite(coordinates[["x", "y"]].to_numpy()).all()
    pd.testing.assert_frame_equal(coordinates, paragraph_map(subset, method=method))


def test_paragraph_map_rejects_unknown_method(paras):
    with pytest.raises(fr.CorpusError, match="unknown method 'tsne'"):
        paragraph_map(paras, method="tsne")


# --------------------------------------------------------------------------- precision

def test_precision_sample_has_at_least_20_checked_matches_per_frame():
    sample = pd.read_csv(LEXICONS / "precision-sample.csv", dtype=str, keep_default_na=False)
    assert {"frame", "para_id", "term", "context", "correct", "checked_by", "method"} <= set(sample.columns)
    assert sample.groupby("frame").size().reindex(FRAMES).min() >= 20
    assert set(sample["correct"]) <= {"true", "false"}
    assert (sample["checked_by"].str.len() > 0).all() and (sample["method"].str.len() > 0).all()
    # honest provenance: every row says an AI assistant checked it, knowing the labels; nothing says "hand-checked"
    assert sample["checked_by"].str.contains("AI assistant").all()
    assert sample["checked_by"].str.contains("not a person").all()
    assert sample["checked_by"].str.contains("knew each document's a-priori framing label").all()
    readme = (LEXICONS.parents[1] / "README.md").read_text(encoding="utf-8")
    assert "hand-checked" not in readme.lower() and "AI assistant" in readme
    precision = lexicon_precision()
    assert list(precision["frame"]) == FRAMES
    assert (precision["n"] >= 20).all()
    np.testing.assert_allclose(precision["precision"], precision["correct"] / precision["n"])
    assert ((precision["ci_low"] <= precision["precision"]) & (precision["precision"] <= precision["ci_high"])).all()


def test_precision_sample_rows_are_real_matches(paras):
    sample = pd.read_csv(LEXICONS / "precision-sample.csv", dtype=str, keep_default_na=False)
    for frame, rows in sample.groupby("frame"):
        found = fr.frame_matches(paras, frame)
        pairs = set(zip(found["para_id"], found["term"]))
        assert set(zip(rows["para_id"], rows["term"])) <= pairs


def test_precision_sample_draw_is_reproducible(paras):
    first = precision_sample(paras, n=5)
    pd.testing.assert_frame_equal(first, precision_sample(paras, n=5))
    assert first.groupby("frame").size().tolist() == [5, 5, 5]


def test_lexicon_precision_by_hand_and_bad_values():
    sample = pd.DataFrame({"frame": ["a", "a", "a", "b"], "correct": ["true", "false", "TRUE", "false"]})
    result = lexicon_precision(sample).set_index("frame")
    assert result.loc["a", "precision"] == pytest.approx(2 / 3) and result.loc["b", "correct"] == 0
    with pytest.raises(fr.CorpusError, match="'correct' must be true or false, found 'maybe'"):
        lexicon_precision(pd.DataFrame({"frame": ["a"], "correct": ["maybe"]}))


def test_import_stays_cheap():
    code = ("import sys, framings, framings.frames; "
            "assert 'sklearn' not in sys.modules and 'scipy.stats' not in sys.modules, sorted(sys.modules)")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_dominant_frames_by_hand():
    lexicon = lexicon_of(a=["ally", "brother"], b=["regime"])
    paras = make_paras(["ally brother regime", "regime regime ally", "nothing here", "ally regime"])
    result = fr.frames.dominant_frames(fr.frame_scores(paras, lexicon=lexicon))
    assert list(result.columns) == ["doc_id", "para_id", "framing", "dominant_frame", "score", "n_words"]
    assert list(result["dominant_frame"]) == ["a", "b", "no frame term", "tie"]
    np.testing.assert_allclose(result["score"], [200 / 3, 200 / 3, 0.0, 50.0])
    assert fr.frames.dominant_frames(fr.frame_scores(paras.iloc[:0], lexicon=lexicon)).empty


def test_classify_framings_holds_out_whole_documents():
    texts = (["brother ally kinship turkic unity"] * 3 + ["brother ally kinship turkic solidarity"] * 3
             + ["regime elite repression survival"] * 3 + ["regime elite repression control"] * 3
             + ["trade pipeline investment"] * 2)
    docs = ["a1"] * 3 + ["a2"] * 3 + ["r1"] * 3 + ["r2"] * 3 + ["x1"] * 2
    paras = make_paras(texts, doc_ids=docs)
    paras["framing"] = ["alliance"] * 6 + ["regime"] * 6 + ["other"] * 2
    result = fr.documents.classify_framings(paras, random_state=0)
    assert list(result.columns) == ["doc_id", "framing", "label", "predicted", "paragraphs", "share",
                                    "n_paragraphs", "label_in_training", "chance"]
    assert len(result) == 5 * 3  # every document × every label, zeros included
    accuracy = result[result["predicted"] == result["framing"]].set_index("doc_id")["share"]
    assert accuracy[["a1", "a2", "r1", "r2"]].tolist() == [1.0, 1.0, 1.0, 1.0]
    # the only 'other' document: its label is never seen in training, accuracy 0 by construction
    assert accuracy["x1"] == 0.0 and not result.loc[result["doc_id"] == "x1", "label_in_training"].any()
    assert result.groupby("doc_id")["paragraphs"].sum().to_dict() == {"a1": 3, "a2": 3, "r1": 3, "r2": 3, "x1": 2}
    pd.testing.assert_frame_equal(result, fr.documents.classify_framings(paras, random_state=0))
    with pytest.raises(fr.CorpusError, match="at least 2 documents"):
        fr.documents.classify_framings(paras[paras["doc_id"] == "a1"])
