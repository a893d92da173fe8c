"""Charts of frames found without a lexicon: the topic network with its communities (ANTMN) and the microframe
biases of FrameAxis, each beside its baseline."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ._layout import rows_height

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

# a qualitative palette for communities (colour-blind safe, Okabe & Ito 2008); framings' framing colours are for
# labels, and a community is not a label
COMMUNITY_PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999")


def topic_network_plot(communities: pd.DataFrame, edges: pd.DataFrame, *, ax: Axes | None = None,
                       random_state: int = 0, labels: dict | None = None, title: str | None = None) -> Axes:
    """The topic network: a node per topic sized by prevalence and coloured by community, edges by weight.

    Positions come from networkx's force-directed ``spring_layout`` (Fruchterman & Reingold 1991) on the edge
    weights, seeded by ``random_state``; only the drawing depends on it. Edges are drawn with a width and
    darkness proportional to their weight, so the picture shows which topics share documents.

    Parameters
    ----------
    communities : pandas.DataFrame
        ``label, community, prevalence`` (:func:`framings.frame_communities`).
    edges : pandas.DataFrame
        ``source, target, weight`` (and ``backbone``: only backbone edges are drawn) of
        :func:`framings.topic_network`.
    ax : matplotlib.axes.Axes or None, default None
        Where to draw; a new figure when None.
    random_state : int, default 0
        Seed of the layout.
    labels : dict or None, default None
        Topic label → text shown at the node (default: the label).
    title : str or None, default None
        Title (state the finding).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from framings.plots import topic_network_plot
    >>> communities = pd.DataFrame({"label": ["a", "b", "c"], "community": [1, 1, 2], "prevalence": [.5, .3, .2]})
    >>> edges = pd.DataFrame({"source": ["a", "a"], "target": ["b", "c"], "weight": [.9, .1]})
    >>> ax = topic_network_plot(communities, edges)
    >>> len(ax.lines), len(ax.collections)   # two edges, one set of nodes
    (2, 1)
    """
    import matplotlib.pyplot as plt  # heavy (matplotlib): imported on first use
    import networkx as nx  # heavy (networkx): imported on first use
    from matplotlib.lines import Line2D  # heavy (matplotlib): imported on first use

    if ax is None:
        _, ax = plt.subplots(figsize=(9, 7))
    shown = edges[edges["backbone"]] if "backbone" in edges.columns else edges
    graph = nx.Graph()
    graph.add_nodes_from(communities["label"])
    graph.add_weighted_edges_from(shown[["source", "target", "weight"]].itertuples(index=False, name=None))
    position = nx.spring_layout(graph, weight="weight", seed=random_state)
    top = float(shown["weight"].max()) if len(shown) else 1.0
    for row in shown.itertuples(index=False):
        (x0, y0), (x1, y1) = position[row.source], position[row.target]
        strength = row.weight / top
        ax.plot([x0, x1], [y0, y1], color=str(0.85 - 0.6 * strength), linewidth=0.5 + 4.5 * strength, zorder=1)
    numbers = sorted(communities["community"].unique())
    color_of = {n: COMMUNITY_PALETTE[i % len(COMMUNITY_PALETTE)] for i, n in enumerate(numbers)}
    sizes = 300 + 4000 * communities["prevalence"].to_numpy() / max(float(communities["prevalence"].max()), 1e-12)
    xy = np.array([position[label] for label in communities["label"]])
    ax.scatter(xy[:, 0], xy[:, 1], s=sizes, c=[color_of[n] for n in communities["community"]], edgecolors="white",
               linewidths=1.5, zorder=2)
    labels = labels or {}
    for (x, y), label in zip(xy, communities["label"]):
        ax.annotate(labels.get(label, label), (x, y), ha="center", va="center", fontsize=9, zorder=3)
    handles = [Line2D([], [], marker="o", linestyle="", markersize=10, color=color_of[n],
                      label=f"frame {n}: {int((communities['community'] == n).sum())} topics") for n in numbers]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.02), ncol=min(4, len(numbers)),
              frameon=False, title="community (node size: topic prevalence; line width: cosine of topic shares)")
    ax.set_axis_off()
    ax.margins(0.12)
    if title:
        ax.set_title(title)
    return ax


def microframe_dots(scores: pd.DataFrame, *, measure: str = "bias", colors: dict | None = None,
                    markers: dict | None = None, labels: dict | None = None, order: list | None = None,
                    alpha: float = 0.05, ax: Axes | None = None, title: str | None = None) -> Axes:
    """Each group's microframe effect on each axis, beside the spread of random words of the corpus.

    For every axis (a row) and group (a dot) the effect is the observed score minus the mean of its bootstrap null
    (:func:`framings.frame_axes`); the grey bar is the middle of that null (random samples of the corpus' words of
    the same size), so a dot outside its bar is a bias or intensity random words rarely give. Filled dots have
    ``p < alpha``; hollow ones do not.

    Parameters
    ----------
    scores : pandas.DataFrame
        From :func:`framings.frame_axes`.
    measure : {"bias", "intensity"}, default "bias"
        Which score.
    colors : dict or None, default None
        Group → colour.
    markers : dict or None, default None
        Group → matplotlib marker (default ``"o"``), to tell apart groups that share a colour.
    labels : dict or None, default None
        Group → text in the legend (default: the group).
    order : list or None, default None
        Axes top to bottom (default: order of appearance).
    alpha : float, default 0.05
        Level below which a dot is filled.
    ax : matplotlib.axes.Axes or None, default None
        Where to draw; a new figure when None.
    title : str or None, default None
        Title (state the finding).

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        For a measure other than ``"bias"`` or ``"intensity"``.

    Examples
    --------
    >>> from framings.plots import microframe_dots
    >>> scores = pd.DataFrame({"group": ["a", "b"], "axis": ["risk", "risk"], "bias_effect": [.05, -.01],
    ...                        "bias_null_mean": [0.0, 0.0], "bias_null_low": [-.02, -.03],
    ...                        "bias_null_high": [.02, .03], "bias_p": [.001, .6]})
    >>> len(microframe_dots(scores).get_yticklabels())
    1
    """
    import matplotlib.pyplot as plt  # heavy (matplotlib): imported on first use
    from matplotlib.lines import Line2D  # heavy (matplotlib): imported on first use

    if measure not in ("bias", "intensity"):
        raise ValueError(f"microframe_dots: measure={measure!r}; use 'bias' or 'intensity'")
    axes_order = order or list(dict.fromkeys(scores["axis"]))
    groups = list(dict.fromkeys(scores["group"]))
    colors, markers, labels = colors or {}, markers or {}, labels or {}
    if ax is None:
        _, ax = plt.subplots(figsize=(9, rows_height(len(axes_order), 0.45, 1.8)))
    step = 0.7 / max(len(groups), 1)
    for row in scores.itertuples(index=False):
        if row.axis not in axes_order:
            continue
        y = len(axes_order) - 1 - axes_order.index(row.axis) + (groups.index(row.group) - (len(groups) - 1) / 2) * step
        centre = getattr(row, f"{measure}_null_mean")
        low = getattr(row, f"{measure}_null_low") - centre
        high = getattr(row, f"{measure}_null_high") - centre
        ax.plot([low, high], [y, y], color="0.82", linewidth=5, solid_capstyle="butt", zorder=1)
        color = colors.get(row.group, "0.25")
        filled = getattr(row, f"{measure}_p") < alpha
        ax.scatter([getattr(row, f"{measure}_effect")], [y], s=36, zorder=2, edgecolors=color,
                   facecolors=color if filled else "white", linewidths=1.3, marker=markers.get(row.group, "o"))
    ax.axvline(0, color="0.5", linewidth=0.8, zorder=0)
    ax.set_yticks(range(len(axes_order)))
    ax.set_yticklabels(axes_order[::-1])
    ax.set_ylim(-0.6, len(axes_order) - 0.4)
    ax.set_xlabel(f"{measure} minus its mean over random words of the corpus (cosine; > 0: towards the plus pole)"
                  if measure == "bias" else "intensity minus its mean over random words of the corpus")
    handles = [Line2D([], [], marker=markers.get(g, "o"), linestyle="", color=colors.get(g, "0.25"),
                      label=str(labels.get(g, g))) for g in groups]
    handles.append(Line2D([], [], color="0.82", linewidth=5, label="middle 95% of random words"))
    handles.append(Line2D([], [], marker="o", linestyle="", markerfacecolor="white", markeredgecolor="0.25",
                          label=f"hollow: p ≥ {alpha:g}"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    if title:
        ax.set_title(title)
    return ax
