"""Colours per framing are the corpus' own (resources/colors.csv); the rest are derived in sorted label order."""
import pandas as pd
import pytest

import framings as fr
from conftest import CORPUS, write_corpus
from framings import plots

# the colours the shipped corpus' resources/colors.csv gives its three framings (every figure uses them)
SHIPPED = {"alliance": "#D55E00", "authoritarian-survival": "#0072B2", "strategic-autonomy": "#009E73"}


@pytest.fixture
def small(tmp_path):
    """A corpus of three labels and no colours file."""
    return write_corpus(tmp_path / "small", {"d1": ("red", "One text here."), "d2": ("blue", "Another text."),
                                             "d3": ("green", "A third text.")})


def test_the_shipped_corpus_gives_its_framings_their_colours():
    assert plots.framing_colors() == SHIPPED
    assert plots.framing_colors(corpus=CORPUS) == SHIPPED
    assert plots.framing_colors(corpus=fr.load_corpus(CORPUS)) == SHIPPED  # a frame: the folder it came from
    # a label the file does not list takes the palette, in sorted order
    assert plots.framing_colors(["strategic-autonomy", "zeta", "alliance", "newcomer"]) == {
        "alliance": SHIPPED["alliance"], "newcomer": plots.EXTRA_COLORS[0],
        "strategic-autonomy": SHIPPED["strategic-autonomy"], "zeta": plots.EXTRA_COLORS[1]}


def test_a_corpus_without_colours_gets_the_palette_in_sorted_order(small, monkeypatch):
    expected = dict(zip(["blue", "green", "red"], plots.EXTRA_COLORS))
    assert plots.framing_colors(corpus=small) == expected  # labels of its metadata.csv
    assert plots.framing_colors(["red", "blue", "red", "green"], corpus=str(small)) == expected
    monkeypatch.setenv("FRAMINGS_CORPUS", str(small))  # the corpus in use
    assert plots.framing_colors() == expected
    assert plots.framing_colors(["alliance"]) == {"alliance": plots.EXTRA_COLORS[0]}
    assert plots.framing_colors(["b", "a"], corpus=False) == {"a": plots.EXTRA_COLORS[0], "b": plots.EXTRA_COLORS[1]}


def test_more_labels_than_colours_go_round_the_palette():
    labels = [f"label-{i:03d}" for i in range(100)]
    colors = plots.framing_colors(labels, corpus=False)
    n = len(plots.EXTRA_COLORS)
    assert list(colors.values()) == [plots.EXTRA_COLORS[i % n] for i in range(100)]


def test_a_corpus_names_its_own_colours(small):
    (small / "resources").mkdir()
    (small / "resources" / "colors.csv").write_text(
        f"# ours\nlabel,color\nred , #aa0000\ngreen,{plots.EXTRA_COLORS[0]}\n", encoding="utf-8")
    colors = plots.framing_colors(corpus=small)
    # the palette skips the colour the file gave green, so blue does not share it
    assert colors == {"blue": plots.EXTRA_COLORS[1], "green": plots.EXTRA_COLORS[0], "red": "#aa0000"}
    ax = plots.grouped_bars(pd.DataFrame({"term": ["x", "x"], "framing": ["red", "green"], "rate": [1.0, 2.0]}),
                            "term", "framing", "rate", colors=colors)
    assert ax.patches[0].get_facecolor()[:3] == pytest.approx((0xaa / 255, 0, 0))


@pytest.mark.parametrize("content, message", [
    ("name,colour\nred,#aa0000\n", "line 1: needs the header 'label,color'"),
    ("label,color\nred,#aa0000\nred,#00aa00\n", "line 3: the label 'red' is listed twice"),
    ("label,color\nred,crimson\n", "line 2: colour 'crimson' of 'red' is not a hex colour"),
    ("label,color\n\n# a comment\nred\n", "line 4: expected label,color"),
])
def test_a_malformed_colours_file_names_its_line(small, content, message):
    (small / "resources").mkdir()
    (small / "resources" / "colors.csv").write_text(content, encoding="utf-8")
    with pytest.raises(fr.CorpusError, match=message) as caught:
        plots.framing_colors(["red"], corpus=small)
    assert "colors.csv" in str(caught.value)
