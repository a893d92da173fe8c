"""The figures of issue 27 draw what the tables say: node sizes by prevalence, colours by community, only backbone
edges, filled dots only where p < alpha, each dot at its effect beside its null interval."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from framings.plots import COMMUNITY_PALETTE, microframe_dots, topic_network_plot


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_network_nodes_are_sized_by_prevalence_and_coloured_by_community():
    communities = pd.DataFrame({"label": ["a", "b", "c", "d"], "community": [1, 1, 2, 2],
                                "prevalence": [0.4, 0.1, 0.3, 0.2]})
    edges = pd.DataFrame({"source": ["a", "a", "c"], "target": ["b", "c", "d"], "weight": [0.9, 0.1, 0.5],
                          "backbone": [True, False, True]})
    ax = topic_network_plot(communities, edges)
    (nodes,) = ax.collections
    sizes = nodes.get_sizes()
    assert list(np.argsort(sizes)) == list(np.argsort(communities["prevalence"].to_numpy()))
    colours = [matplotlib.colors.to_hex(c) for c in nodes.get_facecolors()]
    assert colours[0] == colours[1] == COMMUNITY_PALETTE[0].lower()
    assert colours[2] == colours[3] == COMMUNITY_PALETTE[1].lower()
    assert len(ax.lines) == 2  # the edge a–c is not in the backbone
    widths = sorted(line.get_linewidth() for line in ax.lines)
    assert widths[1] == pytest.approx(5.0)  # the strongest edge gets the widest line
    assert widths[0] == pytest.approx(0.5 + 4.5 * 0.5 / 0.9)


def test_microframe_dots_sit_at_the_effect_and_are_filled_only_when_significant():
    scores = pd.DataFrame({"group": ["x", "y", "x", "y"], "axis": ["risk", "risk", "law", "law"],
                           "bias_effect": [0.05, -0.01, 0.0, 0.02], "bias_null_mean": [0.1, 0.1, 0.2, 0.2],
                           "bias_null_low": [0.08, 0.07, 0.19, 0.15], "bias_null_high": [0.12, 0.13, 0.21, 0.25],
                           "bias_p": [0.001, 0.6, 0.9, 0.04]})
    ax = microframe_dots(scores, colors={"x": "#D55E00", "y": "#0072B2"})
    dots = ax.collections
    assert [float(d.get_offsets()[0][0]) for d in dots] == pytest.approx([0.05, -0.01, 0.0, 0.02])
    filled = [matplotlib.colors.to_hex(d.get_facecolors()[0]) != "#ffffff" for d in dots]
    assert filled == [True, False, False, True]
    bars = [line for line in ax.lines if line.get_linewidth() == 5]
    assert [tuple(np.round(b.get_xdata(), 6)) for b in bars] == [(-0.02, 0.02), (-0.03, 0.03), (-0.01, 0.01),
                                                                 (-0.05, 0.05)]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["law", "risk"]
    with pytest.raises(ValueError, match="measure"):
        microframe_dots(scores, measure="kurtosis")
