"""A second corpus of one's own: its resources, its cleaning defaults, unlabelled corpora, general English."""
import shutil
import warnings

import pandas as pd
import pytest

import framings as fr
from framings import CorpusError
from framings.clean import clean_text

from conftest import CORPUS

SPEECH = """Remarks at the Convention
We, the people —
in order to form a more perfect union
And so tonight I say to you
Thank you. God bless you, and God bless the United States of America.
"""


@pytest.fixture
def speeches(tmp_path):
    """A corpus of two speeches without any resources of its own (no lexicon, phrases or variants)."""
    df = pd.DataFrame({"speaker": ["Obama", "Palin"], "party": ["dem", "rep"],
                       "text": ["The United States must lead. It's 1,000 jobs in Turkey.\nWe will win.",
                                "The United States will drill. Let's go.\nWe will win again."]})
    return fr.corpus.write_corpus(fr.corpus.corpus_from_frame(df, framing="party", doc_id="speaker", clean=False),
                           tmp_path / "speeches")


def test_headings_default_keeps_lines_that_break_off_mid_sentence():
    cleaned, report = clean_text(SPEECH)
    lines = cleaned.splitlines()
    # the heading goes; the half sentences stay (joined to what follows, which starts in lower case)
    assert lines[0] == "We, the people — in order to form a more perfect union"
    assert "And so tonight I say to you" in lines  # unclosed, but the speech goes on
    assert report.loc[report["rule"] == "heading", "matched"].tolist() == ["Remarks at the Convention"]


def test_headings_of_a_report_are_still_dropped():
    text = "1. Introduction\nThe first sentence of the body.\nEnergy, transport and trade\nThe second one.\n"
    cleaned, _ = clean_text(text)
    assert cleaned.splitlines() == ["The first sentence of the body.", "The second one."]


def test_corpus_default_rules_apply_to_every_document_with_one_warning_at_most(speeches, tmp_path):
    (speeches / "rules" / "_default.yaml").write_text("headings: false\ndrop_lines:\n  - {rule: refrain, "
                                                      "pattern: '^We will win'}\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        corpus = fr.load_corpus(speeches)
    assert not corpus["text"].str.contains("We will win").any()
    (speeches / "rules" / "_default.yaml").unlink()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fr.load_corpus(speeches)
    assert len(caught) == 1 and "2 of 2 document(s) have no rules file" in str(caught[0].message)


def test_resources_follow_the_folder_given_to_load_corpus(speeches, monkeypatch):
    monkeypatch.setenv("FRAMINGS_CORPUS", str(CORPUS))  # the project corpus is the default elsewhere
    corpus = fr.load_corpus(speeches)
    paras = fr.paragraphs(corpus)
    toks = fr.tokens(paras)
    assert paras.attrs["corpus_path"] == toks.attrs["corpus_path"] == str(speeches)
    # the Azerbaijan phrase list is not this corpus's: "United States" stays two words
    assert "united_states" not in set(toks["token"])
    assert {"united", "states"} <= set(toks["token"])
    assert "united_states" not in set(fr.term_counts(paras, by="doc_id").columns)
    # nor its variant list (turkey -> türkiye)
    assert "turkey" in set(fr.tokens(paras, merge_variants=True)["token"])
    # nor its lexicon
    with pytest.raises(CorpusError, match=r"speeches has no frame lexicon.*never uses another corpus"):
        fr.frame_scores(paras)
    with pytest.raises(CorpusError, match="no actor lexicon"):
        fr.actor_frame_association(paras, lexicon=CORPUS / "lexicons" / "frames.yaml")
    # the project corpus still has all of them
    project = fr.tokens(fr.paragraphs(fr.load_corpus(CORPUS)))
    assert "south_caucasus" in set(project["token"])


def test_a_corpus_lexicon_and_phrase_list_are_its_own(speeches):
    (speeches / "lexicons" / "frames.yaml").write_text(
        "frames:\n  jobs:\n    entries:\n      - {term: jobs, rationale: economy}\n"
        "  energy:\n    entries:\n      - {term: drill, rationale: extraction}\n", encoding="utf-8")
    (speeches / "resources" / "phrases.txt").write_text("# ours\nunited states\n", encoding="utf-8")
    paras = fr.paragraphs(fr.load_corpus(speeches))
    scores = fr.frame_scores(paras)
    assert set(scores["frame"]) == {"jobs", "energy"}
    assert scores.groupby("frame")["matches"].sum().to_dict() == {"energy": 1, "jobs": 1}
    assert "united_states" in set(fr.tokens(paras)["token"])


def test_a_frame_without_a_folder_has_no_lexicon():
    corpus = fr.corpus.corpus_from_frame(pd.DataFrame({"text": ["Some words here."], "framing": ["a"]}))
    with pytest.raises(CorpusError, match=r"no folder \(made by fr.corpus.corpus_from_frame\?\), so no frame lexicon"):
        fr.frame_scores(fr.paragraphs(corpus))
    scores = fr.frame_scores(fr.paragraphs(corpus), lexicon=CORPUS / "lexicons" / "frames.yaml")
    assert len(scores)


# --------------------------------------------------------------------------- tokenizer, general English

@pytest.mark.parametrize("text, expected", [
    ("it's", ["it's"]), ("let's", ["let's"]), ("don't", ["don't"]), ("It’s", ["it's"]),
    ("that's what's", ["that's", "what's"]),
    ("Azerbaijan's", ["azerbaijan"]), ("Azerbaijan’s", ["azerbaijan"]), ("the states' rights", ["the", "states", "rights"]),
    ("1,000", ["1,000"]), ("7.8", ["7.8"]), ("2,500.50", ["2,500.50"]), ("$1,000,000.", ["1,000,000"]),
    ("in 2020. Then", ["in", "2020", "then"]), ("1,2,3", ["1,2,3"]), ("3,abc", ["3", "abc"]),
])
def test_contractions_and_numbers(text, expected):
    assert fr.text.tokenize(text, stopwords=None, phrases=False, min_length=1) == expected


def test_hyphens_keep_or_split():
    text = "anti-Western decision-making in 1991-1994"
    assert fr.text.tokenize(text, stopwords=None) == ["anti-western", "decision-making", "in", "1991-1994"]
    assert fr.text.tokenize(text, stopwords=None, hyphens="split") == ["anti", "western", "decision", "making", "in",
                                                                  "1991", "1994"]
    with pytest.raises(CorpusError, match="hyphens must be"):
        fr.text.tokenize(text, hyphens="drop")


def test_default_stopwords_remove_contractions_as_before():
    # Snowball's list holds the contractions whole (it's, don't): they are stop words, not stray "it"s
    assert fr.text.tokenize("It's true that we don't know", phrases=False) == ["true", "know"]


# --------------------------------------------------------------------------- unlabelled corpora

@pytest.fixture
def unlabelled(tmp_path):
    texts = tmp_path / "texts"
    texts.mkdir()
    for n, body in enumerate(["Energy and pipelines in the Caspian. Energy exports grow.",
                              "Security and the army. The army guards the border.",
                              "Energy and security both matter. The border and the pipelines."]):
        (texts / f"doc{n}.txt").write_text(body + "\n", encoding="utf-8")
    folder = tmp_path / "c"
    fr.init_corpus(folder, texts)
    metadata = pd.read_csv(folder / "metadata.csv", dtype=str)
    metadata.drop(columns=["framing"]).to_csv(folder / "metadata.csv", index=False)  # column absent
    shutil.copytree(CORPUS / "lexicons", folder / "lexicons", dirs_exist_ok=True)
    return folder


def test_unlabelled_corpus_counts_topics_similarity_kwic(unlabelled):
    corpus = fr.load_corpus(unlabelled)
    assert corpus["framing"].tolist() == ["", "", ""] and not fr.corpus.is_labelled(corpus)
    paras = fr.paragraphs(corpus)
    toks = fr.tokens(paras)
    counts = fr.term_counts(toks, by="doc_id")
    assert counts.loc["doc0", "energy"] == 2
    assert set(fr.tf_idf(counts)["group"]) == {"doc0", "doc1", "doc2"}
    dtm = fr.document_term_matrix(toks, by="doc_id", min_df=1)
    model = fr.fit_topics(dtm, k=2, random_state=1, cache=False)
    assert fr.doc_topics(model)["doc_id"].nunique() == 3
    sim = fr.similarity(corpus)
    assert sim.shape == (3, 3)
    assert len(fr.kwic(paras, "army")) == 2
    assert len(fr.frame_scores(paras))


def test_unlabelled_corpus_comparisons_say_they_need_labels(unlabelled):
    paras = fr.paragraphs(fr.load_corpus(unlabelled))
    toks = fr.tokens(paras)
    with pytest.raises(CorpusError, match="term_counts.*unlabelled.*framing-column"):
        fr.term_counts(toks, by="framing")
    counts = fr.term_counts(toks, by="doc_id")
    unlabelled_counts = counts.sum().to_frame("").T  # what grouping an unlabelled corpus by framing gives
    for compare in (lambda: fr.keyness(unlabelled_counts, target=""), lambda: fr.compare_groups(unlabelled_counts),
                    lambda: fr.log_odds(unlabelled_counts)):
        with pytest.raises(CorpusError, match="unlabelled"):
            compare()
    with pytest.raises(CorpusError, match="classify_framings.*unlabelled"):
        fr.classify_framings(paras)
    with pytest.raises(CorpusError, match="unlabelled"):
        fr.frame_profile(fr.frame_scores(paras), by="framing")
    with pytest.raises(CorpusError, match="unlabelled"):
        fr.rate_ci(toks, ["army"], by="framing")
    # grouping by another column is fine
    assert len(fr.frame_profile(fr.frame_scores(paras), by="doc_id", n_boot=10))


def test_init_of_a_large_corpus_prints_one_line_per_cleaning_action_not_per_document(tmp_path, capsys):
    from framings.project import main

    texts = tmp_path / "texts"
    texts.mkdir()
    for n in range(25):  # an em dash and a curly apostrophe in each: two no-op "kept" actions per document
        (texts / f"s{n}.txt").write_text(f"Speech {n}\n\nWe said it’s time — and we meant it, number {n}.\n",
                                         encoding="utf-8")
    assert main(["init", str(tmp_path / "c"), "--from", str(texts)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) <= 8, out
    assert any(line.strip().startswith("kept (tokens() normalises): 50 in 25 of 25 documents") for line in out), out
