"""Text reaches matplotlib as plain text: a `$` in a label is a dollar sign, never a formula (issue 26)."""
from __future__ import annotations

import io

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest

import framings as fr
from framings.plots import plain_text

BAD_MACRO = r"cost $\undefinedmacro$"
DOLLARS = "US$ 5 vs $ 6"


@pytest.fixture
def mathtext_on(tmp_path, monkeypatch):
    """matplotlib's own default (mathtext on), as in a session that never called use_style; figures to tmp."""
    monkeypatch.setenv("FRAMINGS_FIGURES", str(tmp_path))
    with matplotlib.rc_context({"text.parse_math": True, "text.usetex": False}):
        yield tmp_path
    plt.close("all")


def _pixels(fig) -> np.ndarray:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=60)
    plt.close(fig)
    buffer.seek(0)
    return plt.imread(buffer)


def test_matplotlib_itself_fails_on_the_undefined_macro(mathtext_on):
    # the defect: without plain text, the save fails (so the tests below can fail)
    fig, ax = plt.subplots()
    ax.set_title(BAD_MACRO)
    with pytest.raises(ValueError):
        fig.savefig(io.BytesIO(), format="png")
    plt.close(fig)


def test_save_figure_saves_titles_labels_and_tick_labels_with_an_undefined_macro(mathtext_on):
    fig, ax = plt.subplots()
    ax.bar([BAD_MACRO, "other $x"], [1, 2])  # tick labels made at draw time, from data
    ax.set_title(BAD_MACRO)
    ax.set_xlabel(BAD_MACRO)
    ax.legend([BAD_MACRO])
    fig.suptitle(BAD_MACRO)
    png = fr.save_figure(fig, "macro", notebook="01-demo")
    assert (mathtext_on / "01-macro.png").stat().st_size > 0 and png.name == "01-macro.png"


def test_dollars_are_drawn_as_matplotlib_draws_escaped_dollars(mathtext_on):
    # reference: matplotlib's documented way to draw a literal dollar with mathtext on is "\$"
    reference, ax = plt.subplots(figsize=(3, 1))
    ax.set_title(DOLLARS.replace("$", r"\$"))
    expected = _pixels(reference)
    drawn, ax = plt.subplots(figsize=(3, 1))
    ax.set_title(DOLLARS)
    plain_text(drawn)
    assert np.array_equal(_pixels(drawn), expected)
    as_formula, ax = plt.subplots(figsize=(3, 1))
    ax.set_title(DOLLARS)  # without plain text: "$ 5 vs $" is typeset as a formula
    assert not np.array_equal(_pixels(as_formula), expected)


def test_numbers_matplotlib_writes_as_mathtext_keep_it(mathtext_on):
    # a log axis' labels are matplotlib's own mathtext ("$\\mathdefault{10^{1}}$"): plain text for data must not
    # print them as that source (figure 03's log-odds panels); reference: the same figure without plain_text
    def log_axis_figure():
        fr.use_style()
        fig, ax = plt.subplots(figsize=(3, 2))
        ax.scatter([1, 10, 100], [1, 2, 3])
        ax.set_xscale("log")
        ax.set_title("US$ 5")
        return fig, ax

    try:
        reference, _ = log_axis_figure()
        expected = _pixels(reference)
        fig, _ = log_axis_figure()
        plain_text(fig)
        assert np.array_equal(_pixels(fig), expected)
        assert matplotlib.rcParams["text.parse_math"] is True and matplotlib.rcParams["text.usetex"] is False
        plain_everything, _ = log_axis_figure()
        with matplotlib.rc_context({"text.parse_math": False}):  # the defect: mathtext off for every text
            assert not np.array_equal(_pixels(plain_everything), expected)
    finally:
        matplotlib.rcdefaults()


def test_category_tick_labels_are_escaped_and_drawn_as_written(mathtext_on):
    fig, ax = plt.subplots(figsize=(3, 1))
    ax.bar([DOLLARS, BAD_MACRO, "a \\$ b"], [1, 2, 3])
    plain_text(fig)
    plain_text(fig)  # twice: escaped once
    fig.canvas.draw()
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        DOLLARS.replace("$", "\\$"), BAD_MACRO.replace("$", "\\$"), "a \\\\$ b"]
    # matplotlib draws an escaped label as the plain text written: the layout's text is the data
    assert [t._preprocess_math(t.get_text())[0] for t in ax.get_xticklabels()] == [DOLLARS, BAD_MACRO, "a \\$ b"]
    plt.close(fig)


def test_a_plots_helper_with_dollar_terms_and_title_saves(mathtext_on):
    import pandas as pd
    table = pd.DataFrame({"term": [BAD_MACRO, DOLLARS, "corridor"], "value": [3.0, 2.0, 1.0]})
    ax = fr.plots.bar_terms(table, value="value", xlabel=BAD_MACRO, title=BAD_MACRO)
    png = fr.save_figure(ax.figure, "helper", notebook="01-demo")
    assert png.name == "01-helper.png"
    drawn = [t._preprocess_math(t.get_text()) for t in ax.get_yticklabels()]  # (text drawn, as mathtext?)
    assert (BAD_MACRO, False) in drawn and (DOLLARS, False) in drawn


def test_keyness_bars_star_stays_a_mathtext_star_under_use_style(mathtext_on):
    # the legend's star is the chart's own "$*$" marker, not data: drawn as the mathtext star even where mathtext
    # is off (figure 02's keyness bars); reference: the marker matplotlib makes, in this style, with mathtext on
    import pandas as pd
    from matplotlib.lines import Line2D
    fr.use_style()
    matplotlib.rcParams["text.parse_math"] = False  # a session's own setting: mathtext off for every text
    try:
        with matplotlib.rc_context({"text.parse_math": True}):
            reference = Line2D([], [], marker="$*$")._marker.get_path().vertices
        as_text = Line2D([], [], marker="$*$")._marker.get_path().vertices
        assert not np.array_equal(as_text, reference)  # with mathtext off a bare "$*$" is three characters
        rows = pd.DataFrame({"target": ["x", "x"], "term": ["corridor", "energy"], "g2": [3.0, 2.0],
                             "passes_fdr": [True, False]})
        fig = fr.plots.keyness_bars(rows, measures=["g2"], mark=None, significant="passes_fdr")
        stars = [h for h in fig.legends[0].legend_handles if isinstance(h, Line2D)]
        assert len(stars) == 1 and np.array_equal(stars[0]._marker.get_path().vertices, reference)
    finally:
        matplotlib.rcdefaults()
