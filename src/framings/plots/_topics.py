"""Charts of topic models: the k diagnostics, top terms, prevalence and topic similarity."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

import numpy as np

from ._layout import rows_height


# --------------------------------------------------------------------------
# topic-model figures (notebook 04): each takes a computed frame and only draws
# --------------------------------------------------------------------------
def topic_k_diagnostics(summary: pd.DataFrame, panels: dict, chosen_k: int | None = None,
                        band_label: str = "spread over seeds", chosen_label: str = "chosen k", title: str | None = None,
                        baselines: dict | None = None) -> Figure:
    """One panel per diagnostic against the number of topics: a line through ``mean``, a band ``low``–``high``.

    ``summary`` is tidy: ``diagnostic, k, mean, low, high`` (one line per diagnostic and k, e.g. the
    mean ± SD over seeds of :func:`framings.select_k`). ``panels`` maps diagnostic → (panel title,
    y-axis label) and sets the panel order. ``chosen_k`` draws a dashed vertical line. ``baselines`` maps
    diagnostic → list of ``(value, label)``: a number is drawn as a dotted horizontal line labelled in the
    panel (the one-topic model's perplexity, 0 for NPMI); the name of another diagnostic of ``summary`` as a
    dotted line against k (a null model's stability at each k). Returns the Figure.

    Parameters
    ----------
    summary : pandas.DataFrame
        Tidy ``diagnostic, k, mean, low, high``.
    panels : dict
        Diagnostic → (panel title, y-axis label), in panel order.
    chosen_k : int or None, default None
        Draw a dashed line at this k.
    band_label, chosen_label : str
        Legend entries of the band and the chosen k.
    title : str or None, default None
        Title (state the finding).
    baselines : dict or None, default None
        Diagnostic → list of ``(value or diagnostic name, label)``.

    Returns
    -------
    matplotlib.figure.Figure
        One panel per diagnostic.

    Examples
    --------
    >>> from framings.plots import topic_k_diagnostics
    >>> summary = pd.DataFrame({"diagnostic": "coherence", "k": [2, 3, 4], "mean": [0.1, 0.15, 0.12],
    ...                         "low": [0.05, 0.1, 0.08], "high": [0.15, 0.2, 0.16]})
    >>> fig = topic_k_diagnostics(summary, {"coherence": ("Coherence", "mean NPMI")}, chosen_k=3,
    ...                           baselines={"coherence": [(0, "independence")]})
    >>> fig.axes[0].get_title(loc="left")
    'Coherence'
    """
    import matplotlib.pyplot as plt  # heavy (matplotlib): imported on first use
    from matplotlib.lines import Line2D  # heavy (matplotlib): imported on first use
    from matplotlib.patches import Patch  # heavy (matplotlib): imported on first use

    fig, axes = plt.subplots(1, len(panels), figsize=(4.1 * len(panels), 3.7), squeeze=False)
    for ax, (diagnostic, (panel_title, ylabel)) in zip(axes[0], panels.items()):
        part = summary[summary["diagnostic"] == diagnostic].sort_values("k")
        ax.fill_between(part["k"], part["low"], part["high"], color="0.8", linewidth=0)
        ax.plot(part["k"], part["mean"], color="0.15", marker="o", markersize=4)
        if chosen_k is not None:
            ax.axvline(chosen_k, color="#D55E00", linestyle="--", linewidth=1.2)
        for value, label in (baselines or {}).get(diagnostic, []):
            if isinstance(value, str):  # another diagnostic of ``summary``, drawn against k
                line = summary[summary["diagnostic"] == value].sort_values("k")
                ax.plot(line["k"], line["mean"], color="#0072B2", linestyle=":", linewidth=1.4, marker=".")
                if len(line):
                    ax.annotate(label, (float(line["k"].iloc[0]), float(line["mean"].iloc[0])), xytext=(3, -5),
                                textcoords="offset points", ha="left", va="top", fontsize=8, color="#0072B2")
            else:
                ax.axhline(value, color="#0072B2", linestyle=":", linewidth=1.4)
                ax.annotate(label, (1.0, float(value)), xycoords=("axes fraction", "data"), xytext=(-3, 3),
                            textcoords="offset points", ha="right", va="bottom", fontsize=8, color="#0072B2")
        ax.set_title(panel_title, fontsize=10.5, loc="left")
        ax.set_xlabel("number of topics k")
        ax.set_ylabel(ylabel)
        ax.set_xticks(list(part["k"]))
    handles = [Line2D([], [], color="0.15", marker="o", markersize=4, label="mean over seeds"),
               Patch(color="0.8", label=band_label)]
    if chosen_k is not None:
        handles.append(Line2D([], [], color="#D55E00", linestyle="--", label=f"{chosen_label} ({chosen_k})"))
    if baselines:
        handles.append(Line2D([], [], color="#0072B2", linestyle=":", label="baseline"))
    fig.legend(handles=handles, loc="lower center", ncol=len(handles), fontsize=9, frameon=False)
    if title:
        fig.suptitle(title)
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    return fig


def topic_terms_grid(frame: pd.DataFrame, labels: dict | None = None, columns: dict | None = None, color: str = "0.4",
                     sharex: bool | str = "col", title: str | None = None) -> Figure:
    """Top terms of every topic under several rankings: one row of panels per topic, one column per ranking.

    ``frame`` is tidy ``topic, ranking, rank, term, weight`` (e.g. :func:`framings.top_terms` with
    ``rank="probability"`` and ``rank="frex"``, concatenated with a ``ranking`` column); bars show
    ``weight`` and run top to bottom by ``rank``. ``columns`` maps ranking → (panel heading, x-axis
    label) and sets the column order (default: order of appearance); ``labels`` maps topic → name,
    shown before the heading in each panel title. ``sharex`` as in ``plt.subplots``. Returns the Figure.

    Parameters
    ----------
    frame : pandas.DataFrame
        Tidy ``topic, ranking, rank, term, weight``.
    labels : dict or None, default None
        Topic → name.
    columns : dict or None, default None
        Ranking → (panel heading, x-axis label), in column order.
    color : str, default "0.4"
        Bar colour.
    sharex : bool or str, default "col"
        As in ``plt.subplots``.
    title : str or None, default None
        Title (state the finding).

    Returns
    -------
    matplotlib.figure.Figure
        Topics × rankings panels.

    Examples
    --------
    >>> from framings.plots import topic_terms_grid
    >>> frame = pd.DataFrame({"topic": [0, 0, 1, 1], "ranking": "probability", "rank": [1, 2, 1, 2],
    ...                       "term": ["energy", "gas", "army", "war"], "weight": [0.2, 0.1, 0.3, 0.1]})
    >>> len(topic_terms_grid(frame).axes)
    2
    """
    import matplotlib.pyplot as plt  # heavy (matplotlib): imported on first use

    topics = list(dict.fromkeys(frame["topic"]))
    columns = columns or {r: (r, r) for r in dict.fromkeys(frame["ranking"])}
    labels = labels or {}
    n_max = int(frame.groupby(["topic", "ranking"]).size().max())
    fig, axes = plt.subplots(len(topics), len(columns), figsize=(4.3 * len(columns), (0.2 * n_max + 0.85) * len(topics)
                                                                  + 0.7), squeeze=False, sharex=sharex)
    for row, topic in zip(axes, topics):
        for ax, (ranking, (heading, _)) in zip(row, columns.items()):
            part = frame[(frame["topic"] == topic) & (frame["ranking"] == ranking)].sort_values("rank")
            y = np.arange(len(part))[::-1] + (n_max - len(part))
            ax.barh(y, part["weight"].to_numpy(dtype=float), color=color, height=0.75)
            ax.set_yticks(y, list(part["term"]))
            ax.set_ylim(-0.6, n_max - 0.4)
            ax.tick_params(axis="y", labelsize=8.5, pad=1)
            ax.grid(axis="y", visible=False)
            ax.set_title(f"{labels.get(topic, f'topic {topic}')} · {heading}", loc="left", fontsize=9.5)
    for ax, (_, xlabel) in zip(axes[-1], columns.values()):
        ax.set_xlabel(xlabel, fontsize=9)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def topic_prevalence_dots(prevalence: pd.DataFrame, labels: dict | None = None, colors: dict | None = None,
                          order: list | None = None, legend: dict | None = None, percent: bool = True,
                          xlabel: str = "mean share of a paragraph (%)", title: str | None = None) -> Figure:
    """One panel per topic: each group's mean topic share as a dot with its interval as a bar.

    ``prevalence`` is tidy ``group, topic, mean_share, ci_low, ci_high`` (:func:`framings.prevalence`);
    ``order`` sets the groups top to bottom (default: order of appearance), ``colors`` maps group →
    colour, ``legend`` (label → colour) adds a legend below, ``labels`` maps topic → panel title.
    ``percent=True`` shows shares × 100. Returns the Figure.

    Parameters
    ----------
    prevalence : pandas.DataFrame
        Tidy ``group, topic, mean_share, ci_low, ci_high`` (:func:`framings.prevalence`).
    labels : dict or None, default None
        Topic → panel title.
    colors : dict or None, default None
        Group → colour.
    order : list or None, default None
        Groups top to bottom.
    legend : dict or None, default None
        Label → colour of a legend below.
    percent : bool, default True
        Show shares × 100.
    xlabel : str, default "mean share of a paragraph (%)"
        x-axis label.
    title : str or None, default None
        Title (state the finding).

    Returns
    -------
    matplotlib.figure.Figure
        One panel per topic.

    Examples
    --------
    >>> from framings.plots import topic_prevalence_dots
    >>> prevalence = pd.DataFrame({"group": ["alliance", "strategic-autonomy"] * 2, "topic": [0, 0, 1, 1],
    ...                            "mean_share": [0.7, 0.2, 0.3, 0.8], "ci_low": [0.6, 0.1, 0.2, 0.7],
    ...                            "ci_high": [0.8, 0.3, 0.4, 0.9]})
    >>> len(topic_prevalence_dots(prevalence).axes)
    2
    """
    import matplotlib.pyplot as plt  # heavy (matplotlib): imported on first use
    from matplotlib.lines import Line2D  # heavy (matplotlib): imported on first use

    topics = list(dict.fromkeys(prevalence["topic"]))
    groups = order or list(dict.fromkeys(prevalence["group"]))
    labels, colors = labels or {}, colors or {}
    scale = 100.0 if percent else 1.0
    width = max(2.6, min(3.6, 11.5 / len(topics)))

    fig, axes = plt.subplots(1, len(topics), figsize=(width * len(topics) + 1.6, rows_height(len(groups), 0.42, 1.9)),
                             sharex=True, sharey=True, squeeze=False)
    y_of = {g: i for i, g in enumerate(groups[::-1])}
    shown = prevalence[prevalence["group"].isin(groups)]
    right = float(shown["ci_high"].max()) * scale * 1.04 if len(shown) else scale
    for ax, topic in zip(axes[0], topics):
        part = prevalence[(prevalence["topic"] == topic) & prevalence["group"].isin(groups)]
        for _, line in part.iterrows():
            y, color = y_of[line["group"]], colors.get(line["group"], "0.3")
            ax.plot([line["ci_low"] * scale, line["ci_high"] * scale], [y, y], color=color, linewidth=2.2,
                    solid_capstyle="butt")
            ax.plot(line["mean_share"] * scale, y, "o", color=color, markersize=6.5, markeredgecolor="white")
        ax.set_yticks(list(y_of.values()), list(y_of.keys()))
        ax.set_ylim(-0.6, len(groups) - 0.4)
        ax.set_xlim(0, right)
        ax.grid(axis="y", visible=False)
        ax.set_title(str(labels.get(topic, f"topic {topic}")), loc="left", fontsize=9.5)
        ax.set_xlabel(xlabel, fontsize=9)
    bottom = 0.0
    if legend:
        handles = [Line2D([], [], color=c, marker="o", linewidth=2.2, label=l) for l, c in legend.items()]
        fig.legend(handles=handles, loc="lower center", ncol=min(len(handles), 4), fontsize=9, frameon=False)
        bottom = 0.1 + 0.04 * ((len(handles) - 1) // 4)
    if title:
        fig.suptitle(title)
    fig.tight_layout(rect=(0, bottom, 1, 1))
    return fig


def topic_similarity_heatmap(matrix: pd.DataFrame, outline: pd.DataFrame | None = None, ax: Axes | None = None,
                             digits: int = 2, vmin: float = 0.0, vmax: float = 1.0, cmap: str = "Blues",
                             cbar_label: str = "cosine similarity", xlabel: str | None = None,
                             ylabel: str | None = None, title: str | None = None) -> Axes:
    """Heatmap of a topics × topics (or topics × runs) similarity table, every cell annotated.

    ``matrix`` is a wide DataFrame drawn in its order, labels from its index and columns;
    ``outline`` (same shape, booleans) frames the cells of matched pairs. Without ``ax`` the figure is
    sized to the table and to the longest line of the column labels. Returns the Axes.

    Parameters
    ----------
    matrix : pandas.DataFrame
        Topics × topics similarities.
    outline : pandas.DataFrame or None, default None
        Same shape, booleans: cells framed (matched pairs).
    ax : matplotlib.axes.Axes or None, default None
        Where to draw; default a new figure.
    digits : int, default 2
        Decimals of the annotations.
    vmin, vmax : float
        Colour limits.
    cmap : str, default "Blues"
        Colour map.
    cbar_label : str, default "cosine similarity"
        Colour bar label.
    xlabel, ylabel : str or None
        Axis labels.
    title : str or None, default None
        Title (state the finding).

    Returns
    -------
    matplotlib.axes.Axes
        The heatmap's axes.

    Examples
    --------
    >>> from framings.plots import topic_similarity_heatmap
    >>> matrix = pd.DataFrame([[0.9, 0.1], [0.2, 0.8]], index=["A0", "A1"], columns=["B0", "B1"])
    >>> ax = topic_similarity_heatmap(matrix, outline=matrix > 0.5)
    >>> [t.get_text() for t in ax.texts]
    ['0.90', '0.10', '0.20', '0.80']
    """
    import matplotlib.pyplot as plt  # heavy (matplotlib): imported on first use
    from matplotlib.patches import (
        Rectangle,  # heavy (matplotlib): imported on first use
    )

    values = matrix.to_numpy(dtype=float)
    if ax is None:
        longest = max((len(line) for c in matrix.columns for line in str(c).split("\n")), default=1)
        lines = max((str(c).count("\n") + 1 for c in matrix.columns), default=1)
        cell = max(0.8, 0.085 * longest)
        _, ax = plt.subplots(figsize=(cell * values.shape[1] + 4.2, 0.55 * values.shape[0] + 1.5 + 0.2 * lines))
    image = ax.imshow(values, cmap=cmap, vmin=vmin, vmax=vmax, aspect="auto")
    ax.set_xticks(range(values.shape[1]), [str(c) for c in matrix.columns])
    ax.set_yticks(range(values.shape[0]), [str(r) for r in matrix.index])
    ax.grid(False)
    for (i, j), value in np.ndenumerate(values):
        if np.isfinite(value):
            red, green, blue, _ = image.cmap(image.norm(value))
            dark = 0.299 * red + 0.587 * green + 0.114 * blue < 0.5
            ax.text(j, i, f"{value:.{digits}f}", ha="center", va="center", fontsize=8.5,
                    color="white" if dark else "0.1")
    if outline is not None:
        for i, j in zip(*np.nonzero(np.asarray(outline, dtype=bool))):
            ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, edgecolor="#D55E00", linewidth=2.2))
    bar = ax.figure.colorbar(image, ax=ax, shrink=0.85, pad=0.02)
    bar.set_label(cbar_label, fontsize=9)
    if xlabel:
        ax.set_xlabel(xlabel)
    if ylabel:
        ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    return ax
