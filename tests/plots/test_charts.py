"""Every chart of ``framings.plots`` on a small hand-made frame: it draws, returns what it promises, labels what
it shows, draws one artist per row of data, and saves the same bytes twice."""
import inspect
import io
import json

import matplotlib

matplotlib.use("Agg")  # headless, as the notebooks' figures are drawn
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from matplotlib.container import ErrorbarContainer
from matplotlib.figure import Figure

import framings as fr
from conftest import write_corpus
from framings import plots

ALLIANCE, AUTONOMY, SURVIVAL = "alliance", "strategic-autonomy", "authoritarian-survival"


@pytest.fixture(autouse=True)
def styled():
    """The project's look for each test, the previous settings back afterwards, and no figure left open."""
    with matplotlib.rc_context():
        plots.use_style()
        yield
    plt.close("all")


# --------------------------------------------------------------------------
# small frames, shaped like the stage outputs each chart draws
# --------------------------------------------------------------------------
def term_counts():
    return pd.DataFrame({"term": ["energy", "security", "pipeline"], "count": [5, 3, 1]})


def tidy_scores():
    return pd.DataFrame({"group": [ALLIANCE] * 3 + [AUTONOMY] * 2,
                         "term": ["turkic", "brotherhood", "army", "balance", "neutral"],
                         "tf_idf": [0.30, 0.20, 0.05, 0.40, 0.10]})


def keyness_rows():
    return pd.DataFrame({"target": [ALLIANCE] * 3 + [AUTONOMY] * 2,
                         "term": ["war", "turkic", "brotherhood", "balance", "energy"],
                         "g2": [12.0, 8.0, 5.0, 9.0, 4.0], "log_ratio": [2.1, 1.5, 1.0, 1.8, 0.9],
                         "single_document": [False, True, False, False, True],
                         "passes_fdr": [True, False, False, True, False]})


def keyness_wide():
    return pd.DataFrame({"alliance vs rest": [9.5, -3.0, 0.2], "autonomy vs rest": [-9.5, 3.0, -0.2]},
                        index=["war", "peace", "talks"])


def log_odds_rows():
    rng = np.random.default_rng(0)
    groups = [ALLIANCE, AUTONOMY, SURVIVAL]
    terms = [f"term{k}" for k in range(6)]
    return pd.DataFrame({"target": np.repeat(groups, len(terms)), "term": terms * len(groups),
                         "total_count": rng.integers(1, 200, size=len(groups) * len(terms)),
                         "log_odds_weighted": rng.normal(0, 2, size=len(groups) * len(terms))})


def rates():
    return pd.DataFrame({"group": [ALLIANCE, AUTONOMY] * 2, "term": ["energy", "energy", "war", "war"],
                         "rate_per_10k": [80.0, 16.0, 5.0, 30.0], "ci_low": [47.0, 0.0, 1.0, 20.0],
                         "ci_high": [111.0, 41.0, 9.0, 40.0]})


def grouped():
    # no (war, strategic-autonomy) row: that bar is missing
    return pd.DataFrame({"term": ["energy", "energy", "war"], "framing": [ALLIANCE, AUTONOMY, ALLIANCE],
                         "rate": [5.0, 2.0, 1.0]})


def similarity():
    return pd.DataFrame([[1.0, 0.25, np.nan], [0.25, 1.0, 0.5], [np.nan, 0.5, 1.0]],
                        index=["d1", "d2", "d3"], columns=["d1", "d2", "d3"])


def positions():
    return pd.DataFrame({"doc_id": ["d1", "d1", "d2", "d1"], "term": ["gas", "gas", "gas", "army"],
                         "relative_position": [0.1, 0.5, 0.9, 0.3]})


def profile():
    rows = []
    for doc, scores in {"d1": (2.0, 0.5), "d2": (0.4, 1.5)}.items():
        for frame, score in zip((ALLIANCE, AUTONOMY), scores):
            rows.append({"doc_id": doc, "frame": frame, "mean_score": score, "ci_low": score / 2,
                         "ci_high": score * 1.5, "n_paragraphs": 10})
    return pd.DataFrame(rows)


def shares():
    return pd.DataFrame({ALLIANCE: [0.7, 0.2, 0.05], AUTONOMY: [0.3, 0.8, 0.95]}, index=["d1", "d2", "d3"])


def coords():
    return pd.DataFrame({"para_id": ["a1", "a2", "b1", "c1", "c2"], "doc_id": ["a", "a", "b", "c", "c"],
                         "framing": [ALLIANCE, ALLIANCE, AUTONOMY, AUTONOMY, AUTONOMY],
                         "x": [0.1, 0.2, -0.3, 0.5, 0.4], "y": [0.0, 0.1, 0.2, -0.2, -0.1]})


def precision():
    return pd.DataFrame({"frame": [ALLIANCE, AUTONOMY], "n": [4, 5], "correct": [3, 5],
                         "precision": [0.75, 1.0], "ci_low": [0.30, 0.57], "ci_high": [0.95, 1.0]})


def k_summary():
    return pd.DataFrame({"diagnostic": ["coherence"] * 3 + ["stability"] * 3 + ["stability_null"] * 3,
                         "k": [2, 3, 4] * 3,
                         "mean": [0.10, 0.15, 0.12, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3],
                         "low": [0.05, 0.10, 0.08, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2],
                         "high": [0.15, 0.20, 0.16, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4]})


K_PANELS = {"coherence": ("Coherence", "mean NPMI"), "stability": ("Stability", "mean best-match cosine")}


def topic_terms():
    return pd.DataFrame({"topic": [0, 0, 1, 1, 0, 1], "ranking": ["probability"] * 4 + ["frex"] * 2,
                         "rank": [1, 2, 1, 2, 1, 1], "term": ["energy", "gas", "army", "war", "pipeline", "tank"],
                         "weight": [0.2, 0.1, 0.3, 0.1, 0.9, 0.8]})


def prevalence():
    return pd.DataFrame({"group": [ALLIANCE, AUTONOMY] * 2, "topic": [0, 0, 1, 1],
                         "mean_share": [0.7, 0.2, 0.3, 0.8], "ci_low": [0.6, 0.1, 0.2, 0.7],
                         "ci_high": [0.8, 0.3, 0.4, 0.9]})


def topic_matrix():
    return pd.DataFrame([[0.9, 0.1], [0.2, 0.8]], index=["A0", "A1"], columns=["B0", "B1"])


def validity():
    row = {"reference": "consensus", "frame": ALLIANCE, "n_units": 10, "n_lexicon": 4, "n_coded": 5, "n_both": 3,
           "precision": 0.75, "precision_low": 0.3, "precision_high": 0.95, "precision_baseline": 0.5,
           "recall": 0.6, "recall_low": 0.2, "recall_high": 0.9, "recall_baseline": 0.4, "f1": 0.67,
           "corpus_lexicon": 4, "corpus_coded": 5}
    return pd.DataFrame([row, {**row, "frame": AUTONOMY, "n_lexicon": 0, "n_both": 0},
                         {**row, "reference": "coder-b"}])


def design():
    return pd.DataFrame({"stratum_size": [20, 5, 8], "n_sampled": [5, 5, 4], "weight": [4.0, 1.0, 2.0]},
                        index=[ALLIANCE, "tie", AUTONOMY])


def recovery():
    return pd.DataFrame({"n_docs": [10, 20, 10, 20], "extra_per_10k": 50.0,
                         "method": ["lexicon", "lexicon", "keyness", "keyness"], "measure": "recovery",
                         "runs": 10, "events": [6, 10, 4, 9], "rate": [0.6, 1.0, 0.4, 0.9],
                         "ci_low": [0.26, 0.69, 0.12, 0.55], "ci_high": [0.88, 1.0, 0.74, 1.0],
                         "nominal": float("nan"), "interval": "clopper-pearson"})


def labelled_points():
    _, ax = plt.subplots()
    ax.scatter([1, 2, 3], [1, 2, 3])
    return plots.label_points(ax, [1, 2, 3], [1, 2, 3], ["a", "b", "c"])


# name → a call on the frames above; what it returns is the contract of the function
def network():
    """A topic network's communities and edges (issue 27)."""
    communities = pd.DataFrame({"label": ["a", "b", "c"], "community": [1, 1, 2], "prevalence": [0.5, 0.2, 0.3]})
    edges = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "weight": [0.8, 0.3], "backbone": [True, True]})
    return communities, edges


def axis_scores():
    """Two groups' biases on one semantic axis with their random-word nulls (issue 27)."""
    return pd.DataFrame({"group": ["x", "y"], "axis": ["risk", "risk"], "bias_effect": [0.05, -0.01],
                         "bias_null_mean": [0.1, 0.1], "bias_null_low": [0.08, 0.07], "bias_null_high": [0.12, 0.13],
                         "bias_p": [0.001, 0.6]})


AXIS_COLORS = {"x": "#D55E00", "y": "#0072B2"}

CHARTS = {
    "bar_terms": lambda: plots.bar_terms(term_counts(), "count", xlabel="occurrences", title="Energy leads"),
    "facet_bars": lambda: plots.facet_bars(tidy_scores(), "group", "term", "tf_idf", n=2, xlabel="tf-idf",
                                           title="Each framing's own words"),
    "keyness_bars": lambda: plots.keyness_bars(keyness_rows(), significant="passes_fdr",
                                               xlabels={"g2": "G² (log-likelihood)", "log_ratio": "Log Ratio"},
                                               title="Key terms"),
    "keyness_heatmap": lambda: plots.keyness_heatmap(keyness_wide(), title="Signed G²"),
    "label_points": labelled_points,
    "log_odds_scatter": lambda: plots.log_odds_scatter(log_odds_rows(), n_labels=2, ncols=2, xlabel="count",
                                                       ylabel="weighted log-odds", title="Distinctive terms"),
    "rate_ci_dots": lambda: plots.rate_ci_dots(rates(), title="Rates"),
    "grouped_bars": lambda: plots.grouped_bars(grouped(), "term", "framing", "rate", xlabel="per 10,000 words",
                                               title="Rates by framing"),
    "annotated_heatmap": lambda: plots.annotated_heatmap(similarity(), row_colors={"d1": "#D55E00"},
                                                         cbar_label="cosine", title="Similarity"),
    "lexical_dispersion": lambda: plots.lexical_dispersion(positions(), ["d1", "d2", "d3"], title="Where"),
    "frame_profile_dots": lambda: plots.frame_profile_dots(profile(), own={"d1": ALLIANCE}, xmax=2.5,
                                                           title="Profiles"),
    "stacked_shares": lambda: plots.stacked_shares(shares(), colors=plots.framing_colors(), notes={"d1": "n = 12"},
                                                   legend_title="label", title="Shares"),
    "paragraph_map_scatter": lambda: plots.paragraph_map_scatter(coords(), title="Map"),
    "precision_dots": lambda: plots.precision_dots(precision(), title="Precision"),
    "topic_k_diagnostics": lambda: plots.topic_k_diagnostics(
        k_summary(), K_PANELS, chosen_k=3,
        baselines={"coherence": [(0, "independence")], "stability": [("stability_null", "null model")]},
        title="k = 3"),
    "topic_terms_grid": lambda: plots.topic_terms_grid(topic_terms(), labels={0: "energy"},
                                                       columns={"probability": ("probability", "P(term | topic)"),
                                                                "frex": ("FREX", "FREX score")},
                                                       title="Top terms"),
    "topic_prevalence_dots": lambda: plots.topic_prevalence_dots(prevalence(), labels={1: "security"},
                                                                 legend=plots.framing_colors([ALLIANCE, AUTONOMY]),
                                                                 title="Prevalence"),
    "topic_similarity_heatmap": lambda: plots.topic_similarity_heatmap(topic_matrix(), outline=topic_matrix() > 0.5,
                                                                       xlabel="run B", ylabel="run A",
                                                                       title="Matched topics"),
    "validity_dots": lambda: plots.validity_dots(validity(), title="Validity"),
    "sample_design_bars": lambda: plots.sample_design_bars(design(), title="Design"),
    "known_answer_plot": lambda: plots.known_answer_plot(recovery(), title="Recovery"),
    "topic_network_plot": lambda: plots.topic_network_plot(*network(), random_state=0, title="Topics"),
    "microframe_dots": lambda: plots.microframe_dots(axis_scores(), colors=AXIS_COLORS, title="Microframes"),
}

RETURNS = {"facet_bars": Figure, "keyness_bars": Figure, "log_odds_scatter": Figure, "topic_k_diagnostics": Figure,
           "topic_terms_grid": Figure, "topic_prevalence_dots": Figure, "validity_dots": Figure,
           "label_points": list}

# exported names that are not charts: style, colours, paths, saving, layout
NOT_CHARTS = {"framing_colors", "use_style", "figures_dir", "lock_sha256", "figure_title", "save_figure",
              "rows_height", "rows_figsize", "fit_figure", "export", "plain_text"}


def figure_of(drawn) -> Figure:
    """The figure a chart drew on, whatever it returns."""
    if isinstance(drawn, Figure):
        return drawn
    if isinstance(drawn, list):
        return drawn[0].figure
    return drawn.figure


def png_bytes(fig: Figure) -> bytes:
    """The figure as PNG, without the Software tag (it names the matplotlib version), as save_figure writes it."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


def texts(labels) -> list[str]:
    return [label.get_text() for label in labels]


def legend_texts(legend) -> list[str]:
    return [text.get_text() for text in legend.get_texts()]


def test_every_exported_chart_is_tested():
    drawing = {name for name in plots.__all__ if callable(getattr(plots, name))} - NOT_CHARTS
    assert drawing == set(CHARTS)


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_chart_returns_its_contract_and_saves_the_same_bytes_twice(name):
    first = CHARTS[name]()
    assert isinstance(first, RETURNS.get(name, Axes))
    first_png = png_bytes(figure_of(first))
    plt.close("all")
    again = png_bytes(figure_of(CHARTS[name]()))
    assert first_png.startswith(b"\x89PNG\r\n\x1a\n")
    assert first_png == again


# the charts that take ``ax=``: the same frames, drawn on an Axes of the caller's
ON_AXES = {
    "bar_terms": lambda ax: plots.bar_terms(term_counts(), "count", ax=ax),
    "keyness_heatmap": lambda ax: plots.keyness_heatmap(keyness_wide(), ax=ax),
    "rate_ci_dots": lambda ax: plots.rate_ci_dots(rates(), ax=ax),
    "grouped_bars": lambda ax: plots.grouped_bars(grouped(), "term", "framing", "rate", ax=ax),
    "annotated_heatmap": lambda ax: plots.annotated_heatmap(similarity(), ax=ax),
    "lexical_dispersion": lambda ax: plots.lexical_dispersion(positions(), ["d1", "d2"], ax=ax),
    "frame_profile_dots": lambda ax: plots.frame_profile_dots(profile(), ax=ax),
    "stacked_shares": lambda ax: plots.stacked_shares(shares(), ax=ax),
    "paragraph_map_scatter": lambda ax: plots.paragraph_map_scatter(coords(), ax=ax),
    "precision_dots": lambda ax: plots.precision_dots(precision(), ax=ax),
    "topic_similarity_heatmap": lambda ax: plots.topic_similarity_heatmap(topic_matrix(), ax=ax),
    "sample_design_bars": lambda ax: plots.sample_design_bars(design(), ax=ax),
    "known_answer_plot": lambda ax: plots.known_answer_plot(recovery(), ax=ax),
    "topic_network_plot": lambda ax: plots.topic_network_plot(*network(), random_state=0, ax=ax),
    "microframe_dots": lambda ax: plots.microframe_dots(axis_scores(), colors=AXIS_COLORS, ax=ax),
}


def test_every_chart_with_an_ax_parameter_is_tested_on_one():
    parameters = {name: inspect.signature(getattr(plots, name)).parameters for name in CHARTS}
    takes_ax = {name for name, given in parameters.items() if "ax" in given and given["ax"].default is None}
    assert set(ON_AXES) == takes_ax


@pytest.mark.parametrize("name", sorted(ON_AXES))
def test_chart_draws_on_the_axes_it_is_given(name):
    _, ax = plt.subplots()
    assert ON_AXES[name](ax) is ax
    assert len(plt.get_fignums()) == 1  # no second figure


def test_validity_dots_draws_on_the_axes_it_is_given():
    fig, axes = plt.subplots(1, 2)
    assert plots.validity_dots(validity(), axes=axes) is fig
    assert len(plt.get_fignums()) == 1


# --------------------------------------------------------------------------
# what each chart shows
# --------------------------------------------------------------------------
def test_bar_terms():
    ax = CHARTS["bar_terms"]()
    ax.figure.canvas.draw()  # categorical tick labels are set when drawn
    assert texts(ax.get_yticklabels()) == ["pipeline", "security", "energy"]  # frame order, top to bottom
    assert [float(bar.get_width()) for bar in ax.patches] == [1.0, 3.0, 5.0]
    assert (ax.get_xlabel(), ax.get_title()) == ("occurrences", "Energy leads")
    assert plots.bar_terms(term_counts(), "count").get_xlabel() == "count"  # default: the value column


def test_facet_bars():
    fig = CHARTS["facet_bars"]()
    assert [ax.get_title() for ax in fig.axes] == [ALLIANCE, AUTONOMY]
    assert [len(ax.patches) for ax in fig.axes] == [2, 2]  # the top n=2 of each group
    assert [ax.get_xlabel() for ax in fig.axes] == ["tf-idf", "tf-idf"]
    assert fig.get_suptitle() == "Each framing's own words"
    colors = plots.framing_colors()
    assert [to_hex(ax.patches[0].get_facecolor()) for ax in fig.axes] == [colors[ALLIANCE].lower(),
                                                                          colors[AUTONOMY].lower()]


def test_keyness_bars():
    fig = CHARTS["keyness_bars"]()
    assert len(fig.axes) == 2 * 2  # groups × measures
    assert [ax.get_title(loc="left") for ax in fig.axes] == [f"{ALLIANCE}: G²", f"{ALLIANCE}: Log Ratio",
                                                             f"{AUTONOMY}: G²", f"{AUTONOMY}: Log Ratio"]
    assert [len(ax.patches) for ax in fig.axes] == [3, 3, 2, 2]
    assert texts(fig.axes[0].get_yticklabels()) == ["war", "turkic", "brotherhood"]
    assert [ax.get_xlabel() for ax in fig.axes[2:]] == ["G² (log-likelihood)", "Log Ratio"]
    hatched = [bar.get_hatch() for bar in fig.axes[0].patches]
    assert hatched == [None, "////", None]  # turkic: carried by one document
    stars = [text for ax in fig.axes for text in ax.texts if text.get_text() == "*"]
    assert len(stars) == 2  # war and balance pass the FDR, starred in the first measure's panels
    assert legend_texts(fig.legends[0]) == ["found in two or more documents", "carried by one document of the framing",
                                            "passes the false discovery rate"]
    assert fig.get_suptitle() == "Key terms"


def test_keyness_heatmap():
    ax = CHARTS["keyness_heatmap"]()
    assert texts(ax.get_yticklabels()) == ["war", "peace", "talks"]
    assert texts(ax.get_xticklabels()) == ["alliance\nvs\nrest", "autonomy\nvs\nrest"]
    assert texts(ax.texts) == ["10", "-10", "-3", "3", "0", "0"]  # -0.2 rounds to 0, not -0
    assert len(ax.images) == 1
    colorbar = ax.images[0].colorbar
    assert colorbar.ax.get_ylabel() == "signed G²"
    assert colorbar.vmin == -9.5 and colorbar.vmax == 9.5  # symmetric around 0
    assert ax.get_title() == "Signed G²"


def test_label_points():
    annotations = CHARTS["label_points"]()
    assert sorted(texts(annotations)) == ["a", "b", "c"]
    assert all(annotation.xy in {(1, 1), (2, 2), (3, 3)} for annotation in annotations)
    assert plots.label_points(plt.subplots()[1], [], [], []) == []


def test_log_odds_scatter():
    fig = CHARTS["log_odds_scatter"]()
    shown = [ax for ax in fig.axes if ax.get_visible()]
    assert len(fig.axes) == 4 and len(shown) == 3  # 3 groups in 2 columns: one empty panel hidden
    assert [ax.get_title(loc="left") for ax in shown] == [ALLIANCE, AUTONOMY, SURVIVAL]
    for ax in shown:
        assert ax.get_xscale() == "log"
        all_terms, top = ax.collections
        assert len(all_terms.get_offsets()) == 6 and len(top.get_offsets()) == 2
        assert len(ax.texts) == 2  # the n_labels terms labelled
    rows = log_odds_rows()
    first = rows[rows["target"] == ALLIANCE].nlargest(2, "log_odds_weighted")
    assert sorted(texts(shown[0].texts)) == sorted(first["term"])
    assert [ax.get_ylabel() for ax in fig.axes[::2]] == ["weighted log-odds"] * 2
    assert [ax.get_xlabel() for ax in fig.axes[2:]] == ["count"] * 2
    assert fig.get_suptitle() == "Distinctive terms"


def test_rate_ci_dots():
    ax = CHARTS["rate_ci_dots"]()
    assert texts(ax.get_yticklabels()) == ["energy", "war"]
    bars = [c for c in ax.containers if isinstance(c, ErrorbarContainer)]
    assert len(bars) == 2  # one per group
    assert [len(bar.lines[0].get_xdata()) for bar in bars] == [2, 2]  # one dot per term
    assert legend_texts(ax.get_legend()) == [ALLIANCE, AUTONOMY]
    assert (ax.get_xlabel(), ax.get_title()) == ("occurrences per 10,000 words", "Rates")
    assert ax.get_xlim()[0] == 0


def test_grouped_bars():
    ax = CHARTS["grouped_bars"]()
    assert texts(ax.get_yticklabels()) == ["energy", "war"]
    widths = [bar.get_width() for bar in ax.patches]
    assert sorted(w for w in widths if np.isfinite(w)) == [1.0, 2.0, 5.0]  # (war, autonomy) draws no bar
    assert legend_texts(ax.get_legend()) == [ALLIANCE, AUTONOMY]
    assert (ax.get_xlabel(), ax.get_title()) == ("per 10,000 words", "Rates by framing")


def test_grouped_bars_colours_framings_by_default():
    # the documented default (framing_colors): a framing has one colour in every figure
    ax = plots.grouped_bars(grouped(), "term", "framing", "rate")
    colors = plots.framing_colors()
    first_of = {ALLIANCE: ax.patches[0], AUTONOMY: ax.patches[2]}  # bars are drawn hue by hue, category by category
    assert {label: to_hex(bar.get_facecolor()) for label, bar in first_of.items()} == {
        ALLIANCE: colors[ALLIANCE].lower(), AUTONOMY: colors[AUTONOMY].lower()}


def test_annotated_heatmap():
    ax = CHARTS["annotated_heatmap"]()
    assert texts(ax.get_yticklabels()) == ["d1", "d2", "d3"]
    assert texts(ax.get_xticklabels()) == ["d1", "d2", "d3"]
    assert texts(ax.texts) == ["1.00", "0.25", "", "0.25", "1.00", "0.50", "", "0.50", "1.00"]  # NaN: blank
    assert to_hex(ax.get_yticklabels()[0].get_color()) == "#d55e00"
    assert ax.images[0].colorbar.ax.get_ylabel() == "cosine"
    assert ax.get_title() == "Similarity"


def test_lexical_dispersion():
    ax = CHARTS["lexical_dispersion"]()
    assert texts(ax.get_yticklabels()) == ["d1", "d2", "d3"]  # d3 has no occurrence and keeps its row
    assert [len(ticks.get_offsets()) for ticks in ax.collections] == [3, 1]  # gas, army
    assert legend_texts(ax.get_legend()) == ["gas", "army"]
    assert ax.get_legend().get_title().get_text() == "term"
    assert ax.get_xlabel() == "position in the document (share of its words)"
    assert ax.get_xlim() == (0, 1)


def test_frame_profile_dots():
    ax = CHARTS["frame_profile_dots"]()
    assert texts(ax.get_yticklabels()) == ["d1", "d2"]
    assert legend_texts(ax.get_legend()) == [ALLIANCE, AUTONOMY, "the source's own label"]
    whiskers, dots, own = ax.collections[:3]
    assert len(whiskers.get_segments()) == 2 and len(dots.get_offsets()) + len(own.get_offsets()) == 2
    assert len(own.get_offsets()) == 1  # d1's own label, alliance, ringed
    assert len(ax.collections) == 3 * 2  # whiskers, dots and ringed dots per frame
    assert texts(ax.texts) == ["interval runs to 3.0"]  # d1's alliance whisker passes xmax = 2.5
    assert ax.get_xlim() == (0, 2.5)
    assert (ax.get_xlabel(), ax.get_title()) == ("frame terms per 100 words", "Profiles")


def test_stacked_shares():
    ax = CHARTS["stacked_shares"]()
    assert texts(ax.get_yticklabels()) == ["d1", "d2", "d3"]
    assert len(ax.patches) == 3 * 2  # rows × columns
    percentages = [text for text in texts(ax.texts) if text.endswith("%")]
    assert percentages == ["70%", "20%", "30%", "80%", "95%"]  # d3's 5% is below min_label
    assert "n = 12" in texts(ax.texts)
    assert legend_texts(ax.get_legend()) == [ALLIANCE, AUTONOMY]
    assert ax.get_legend().get_title().get_text() == "label"
    assert (ax.get_xlabel(), ax.get_title()) == ("share of paragraphs", "Shares")


def test_paragraph_map_scatter():
    ax = CHARTS["paragraph_map_scatter"]()
    assert [len(points.get_offsets()) for points in ax.collections] == [2, 1, 2]  # one marker set per document
    assert legend_texts(ax.get_legend()) == [f"a ({ALLIANCE})", f"b ({AUTONOMY})", f"c ({AUTONOMY})"]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("first component (no units)", "second component (no units)")
    assert ax.get_title() == "Map"


def test_paragraph_map_scatter_with_many_documents_has_one_entry_per_label():
    many = pd.DataFrame({"doc_id": [f"d{k}" for k in range(plots.MAP_LEGEND_DOCUMENTS + 1)],
                         "framing": [ALLIANCE, AUTONOMY] * 8, "x": 0.0, "y": 0.0})
    ax = plots.paragraph_map_scatter(many)
    assert legend_texts(ax.get_legend()) == [ALLIANCE, AUTONOMY]
    assert len(ax.collections) == plots.MAP_LEGEND_DOCUMENTS + 1


def test_precision_dots():
    ax = CHARTS["precision_dots"]()
    assert texts(ax.get_yticklabels()) == [ALLIANCE, AUTONOMY]
    assert texts(ax.texts) == ["3 of 4 correct", "5 of 5 correct"]
    assert len(ax.collections) == 2 * 2  # a whisker and a dot per frame
    assert ax.get_xlabel() == "precision (share of matches that mean the frame)"


def test_topic_k_diagnostics():
    fig = CHARTS["topic_k_diagnostics"]()
    assert [ax.get_title(loc="left") for ax in fig.axes] == ["Coherence", "Stability"]
    assert [ax.get_ylabel() for ax in fig.axes] == ["mean NPMI", "mean best-match cosine"]
    assert {ax.get_xlabel() for ax in fig.axes} == {"number of topics k"}
    assert [list(ax.get_xticks()) for ax in fig.axes] == [[2, 3, 4]] * 2
    coherence, stability = fig.axes
    assert len(coherence.lines[0].get_xdata()) == 3  # the mean over k
    assert "independence" in texts(coherence.texts) and "null model" in texts(stability.texts)
    assert legend_texts(fig.legends[0]) == ["mean over seeds", "spread over seeds", "chosen k (3)", "baseline"]
    assert fig.get_suptitle() == "k = 3"


def test_topic_terms_grid():
    fig = CHARTS["topic_terms_grid"]()
    assert [ax.get_title(loc="left") for ax in fig.axes] == ["energy · probability", "energy · FREX",
                                                             "topic 1 · probability", "topic 1 · FREX"]
    assert [len(ax.patches) for ax in fig.axes] == [2, 1, 2, 1]
    assert texts(fig.axes[0].get_yticklabels()) == ["energy", "gas"]
    assert [ax.get_xlabel() for ax in fig.axes[2:]] == ["P(term | topic)", "FREX score"]
    assert fig.get_suptitle() == "Top terms"


def test_topic_prevalence_dots():
    fig = CHARTS["topic_prevalence_dots"]()
    assert [ax.get_title(loc="left") for ax in fig.axes] == ["topic 0", "security"]
    assert texts(fig.axes[0].get_yticklabels()) == [AUTONOMY, ALLIANCE]  # first group on top
    assert [len(ax.lines) for ax in fig.axes] == [2 * 2, 2 * 2]  # an interval and a dot per group
    dot = fig.axes[0].lines[1]
    assert dot.get_xdata()[0] == pytest.approx(70.0)  # shares shown as percent
    assert legend_texts(fig.legends[0]) == [ALLIANCE, AUTONOMY]
    assert fig.axes[0].get_xlabel() == "mean share of a paragraph (%)"


def test_topic_similarity_heatmap():
    ax = CHARTS["topic_similarity_heatmap"]()
    assert texts(ax.texts) == ["0.90", "0.10", "0.20", "0.80"]
    assert texts(ax.get_xticklabels()) == ["B0", "B1"] and texts(ax.get_yticklabels()) == ["A0", "A1"]
    assert len(ax.patches) == 2  # the two outlined matches
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_title()) == ("run B", "run A", "Matched topics")
    assert ax.images[0].colorbar.ax.get_ylabel() == "cosine similarity"


def test_validity_dots():
    fig = CHARTS["validity_dots"]()
    precision_ax, recall_ax = fig.axes
    assert texts(precision_ax.get_yticklabels()) == [ALLIANCE, AUTONOMY]  # the consensus rows only
    assert precision_ax.get_xlabel().startswith("precision: share") and recall_ax.get_xlabel().startswith("recall")
    assert texts(precision_ax.texts) == ["3 of 4", "0 of 0"]
    assert texts(recall_ax.texts) == ["3 of 5", "0 of 5"]
    # whisker, dot and baseline tick per frame; a frame the lexicon never flagged has only its baseline tick
    assert len(precision_ax.collections) == 3 + 1 and len(recall_ax.collections) == 3 + 3
    assert fig.get_suptitle() == "Validity"


def test_sample_design_bars():
    ax = CHARTS["sample_design_bars"]()
    assert texts(ax.get_yticklabels()) == [ALLIANCE, "tie", AUTONOMY]
    assert len(ax.patches) == 2 * 3  # codable and sampled per stratum
    assert texts(ax.texts) == ["weight 4.00", "weight 1.00", "weight 2.00"]
    assert legend_texts(ax.get_legend()) == ["codable paragraphs", "sampled for coding"]
    assert ax.get_xlabel() == "paragraphs"


def test_known_answer_plot():
    ax = CHARTS["known_answer_plot"]()
    bars = [c for c in ax.containers if isinstance(c, ErrorbarContainer)]
    assert [len(bar.lines[0].get_xdata()) for bar in bars] == [2, 2]  # a line per method, a point per n_docs
    assert legend_texts(ax.get_legend()) == ["lexicon", "keyness"]
    assert list(ax.get_xticks()) == [10, 20]
    assert ax.get_ylabel() == "share of runs"
    assert ax.get_xlabel() == "documents in the corpus (half of them in each group)"
    assert ax.get_title() == "Recovery"


def test_known_answer_plot_per_method_with_a_nominal_rate():
    alarms = recovery().assign(measure="false alarm")
    ax = plots.known_answer_plot(alarms[alarms["n_docs"] == 10], measure="false alarm", x="method", nominal=0.05)
    assert texts(ax.get_xticklabels()) == ["lexicon", "keyness"]
    assert "nominal α = 0.05" in texts(ax.texts) and "6/10" in texts(ax.texts)
    assert ax.get_xlabel() == "method (bars: 95% Clopper-Pearson interval)"
    with pytest.raises(ValueError, match="no 'recovery' rows"):
        plots.known_answer_plot(alarms)


# --------------------------------------------------------------------------
# saving
# --------------------------------------------------------------------------
def test_save_figure_writes_the_png_and_its_sidecar_into_the_figures_folder(tmp_path, monkeypatch):
    figures = tmp_path / "figures"
    monkeypatch.setenv("FRAMINGS_FIGURES", str(figures))
    corpus = write_corpus(tmp_path / "corpus", {"d1": (ALLIANCE, "War and peace.\n")})
    assert plots.figures_dir() == figures
    ax = CHARTS["bar_terms"]()
    shown = plots.save_figure(ax.figure, "bars", notebook="03-keyness", parameters={"N": 3}, corpus_path=corpus)
    png = figures / "03-bars.png"
    assert shown == png and repr(shown) == "figures/03-bars.png"  # the repr names no local folder
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert sorted(path.name for path in figures.iterdir()) == ["03-bars.json", "03-bars.png"]  # no temporary left
    sidecar = json.loads(png.with_suffix(".json").read_text(encoding="utf-8"))
    assert sidecar["figure"] == "03-bars.png" and sidecar["notebook"] == "03-keyness.ipynb"
    assert sidecar["title"] == sidecar["caption"] == "Energy leads"
    assert sidecar["parameters"] == {"N": 3}
    assert sidecar["corpus_checksum"] == fr.corpus.corpus_checksum(corpus)
    assert set(sidecar["packages"]) >= {"framings", "matplotlib", "pandas"}
    assert "lock_sha256" in sidecar


def test_save_figure_needs_a_numbered_notebook(tmp_path, monkeypatch):
    monkeypatch.setenv("FRAMINGS_FIGURES", str(tmp_path))
    fig, _ = plt.subplots()
    with pytest.raises(fr.errors.CorpusError, match="start with its number"):
        plots.save_figure(fig, "bars", notebook="keyness")
    assert list(tmp_path.iterdir()) == []
