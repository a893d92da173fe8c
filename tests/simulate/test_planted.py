"""The simulated corpus folder loads, is deterministic, and speaks none of the shipped corpus' words."""
import json

import matplotlib
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import framings as fr  # noqa: E402
from framings.simulate import invented_words, write_corpus_folder  # noqa: E402


def test_the_folder_loads_with_labels_lexicon_and_actors(tmp_path):
    folder = write_corpus_folder(tmp_path / "c", n_docs=6, labels=("red", "blue", "green"), random_state=3)
    corpus = fr.load_corpus(folder)
    assert len(corpus) == 6 and corpus.groupby("framing").size().to_dict() == {"blue": 2, "green": 2, "red": 2}
    assert set(fr.load_lexicon(folder / "lexicons" / "frames.yaml")["frame"]) == {"red", "blue", "green"}
    assert len(fr.frames.load_actors(folder / "lexicons" / "actors.yaml")) == 3
    paras = fr.paragraphs(corpus)
    assert (paras.groupby("doc_id")["kind"].first() == "title").all()  # the first line of each file is its title
    assert corpus["label_basis"].str.contains("simulate").all()


def test_same_seed_same_bytes_other_seed_other_text(tmp_path):
    one = write_corpus_folder(tmp_path / "a", n_docs=4, random_state=1)
    two = write_corpus_folder(tmp_path / "b", n_docs=4, random_state=1)
    three = write_corpus_folder(tmp_path / "c", n_docs=4, random_state=2)
    for name in ("metadata.csv", "raw/red-01.txt", "lexicons/frames.yaml"):
        assert (one / name).read_bytes() == (two / name).read_bytes()
    assert (one / "raw/red-01.txt").read_bytes() != (three / "raw/red-01.txt").read_bytes()


def test_invented_words_are_distinct_and_not_english(tmp_path):
    words = invented_words(500, random_state=0)
    assert len(set(words)) == 500
    stopwords = fr.text.load_stopwords()
    assert not set(words) & set(stopwords)


def test_bad_arguments():
    with pytest.raises(ValueError):
        write_corpus_folder("unused", labels=("only",))
    with pytest.raises(ValueError):
        write_corpus_folder("unused", n_docs=1, labels=("a", "b"))


def test_save_figure_records_the_title(tmp_path, monkeypatch):
    monkeypatch.setenv("FRAMINGS_FIGURES", str(tmp_path))
    fig, axes = plt.subplots(1, 2)
    axes[0].set_title("left panel")
    axes[1].set_title("right panel", loc="left")
    png = fr.save_figure(fig, "panels", notebook="09-test")
    assert json.loads(png.with_suffix(".json").read_text(encoding="utf-8"))["title"] == "left panel | right panel"
    fig.suptitle("3 of 4 things hold\nbeside a baseline of 1")
    png = fr.save_figure(fig, "suptitle", notebook="09-test")
    assert json.loads(png.with_suffix(".json").read_text(encoding="utf-8"))["title"] == \
        "3 of 4 things hold; beside a baseline of 1"
    png = fr.save_figure(fig, "explicit", notebook="09-test", title="stated")
    assert json.loads(png.with_suffix(".json").read_text(encoding="utf-8"))["title"] == "stated"
    plt.close(fig)
