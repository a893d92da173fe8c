"""Charts of terms and counts: bars, keyness, log-odds scatter, rate intervals, heatmaps, dispersion."""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

import math

import numpy as np

from ..stats import top_with_ties
from ._layout import MAX_WIDTH_INCHES, MIN_FONT_SIZE, rows_height
from ._style import framing_colors


def bar_terms(frame: pd.DataFrame, value: str, term: str = "term", color: str | None = None, ax: Axes | None = None,
              xlabel: str | None = None, title: str | None = None) -> Axes:
    """Horizontal bars of ``value`` per ``term`` (top to bottom in frame order); returns the Axes.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per term.
    value : str
        The column drawn as bar length.
    term : str, default "term"
        The column of labels.
    color : str or None, default None
        Bar colour.
    ax : matplotlib.axes.Axes or None, default None
        Where to draw; default a new figure.
    xlabel : str or None, default None
        x-axis label (default ``value``).
    title : str or None, default None
        Title (state the finding).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Examples
    --------
    >>> from framings.plots import bar_terms
    >>> ax = bar_terms(pd.DataFrame({"term": ["energy", "security"], "count": [5, 3]}), "count")
    >>> sorted(float(bar.get_width()) for bar in ax.patches)
    [3.0, 5.0]
    """
    import matplotlib.pyplot as plt  # heavy (matplotlib): imported on first use

    if ax is None:
        _, ax = plt.subplots()
    ax.barh(list(frame[term])[::-1], list(frame[value])[::-1], color=color)
    ax.set_xlabel(xlabel or value)
    if title:
        ax.set_title(title)
    return ax


def facet_bars(frame: pd.DataFrame, group: str, term: str, value: str, n: int = 15, colors: dict | None = None,
               xlabel: str | None = None, title: str | None = None, sharex: bool = False) -> Figure:
    """One panel per group with its top ``n`` terms by ``value`` as horizontal bars; returns the Figure.

    ``frame`` is tidy (one row per group and term), e.g. from :func:`framings.tf_idf`. Terms
    tied with the n-th at the cut are all drawn and labelled "(tie)" (none is preferred by
    row order; :func:`framings.stats.top_with_ties`); when more than three terms beyond ``n``
    tie, the tied terms are one bar, "k terms tie: a, b, …".

    Parameters
    ----------
    frame : pandas.DataFrame
        Tidy, one row per group and term.
    group, term, value : str
        Column names.
    n : int, default 15
        Terms per panel.
    colors : dict or None, default None
        Colour per group (default :func:`framing_colors`).
    xlabel : str or None, default None
        x-axis label.
    title : str or None, default None
        Title (state the finding).
    sharex : bool, default False
        Panels share the x axis.

    Returns
    -------
    matplotlib.figure.Figure
        One panel per group.

    Examples
    --------
    >>> from framings.plots import facet_bars
    >>> tidy = pd.DataFrame({"group": ["alliance", "alliance", "strategic-autonomy"],
    ...                      "term": ["turkic", "brotherhood", "balance"], "tf_idf": [0.3, 0.2, 0.4]})
    >>> fig = facet_bars(tidy, "group", "term", "tf_idf")
    >>> [ax.get_title() for ax in fig.axes if ax.get_title()]
    ['alliance', 'strategic-autonomy']
    """
    import matplotlib.pyplot as plt  # heavy (matplotlib): imported on first use

    groups = list(dict.fromkeys(frame[group]))
    colors = colors or framing_colors(groups)
    fig, axes = plt.subplots(1, len(groups), figsize=(3.6 * len(groups), 0.28 * n + 1.6), sharex=sharex,
                             squeeze=False)
    for ax, label in zip(axes[0], groups):
        top = top_with_ties(frame[frame[group] == label], n, value)
        tied = top[top["tied_at_cut"]]
        if len(top) - n > 3:  # a long run of equals (words seen once): one bar says it, not thirty
            import pandas as pd  # heavy (pandas): imported on first use
            names = ", ".join(str(t) for t in tied[term].head(2))
            top = pd.concat([top[~top["tied_at_cut"]],
                             tied.head(1).assign(**{term: f"{len(tied)} terms tie: {names}, …"})])
        else:
            top = top.assign(**{term: [f"{t} (tie)" if is_tied else t
                                       for t, is_tied in zip(top[term], top["tied_at_cut"])]})
        bar_terms(top, value, term=term, color=colors.get(label), ax=ax, xlabel=xlabel, title=str(label))
        ax.tick_params(axis="y", labelsize=9)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


# --------------------------------------------------------------------------
# keyness figures (notebooks 02 and 03): each takes a computed frame and only draws
# --------------------------------------------------------------------------
def _lighter(color, amount: float = 0.6):
    """``color`` mixed with white (``amount`` = share of white)."""
    from matplotlib.colors import to_rgb  # heavy (matplotlib): imported on first use

    return tuple(c + (1.0 - c) * amount for c in to_rgb(color))


def keyness_bars(frame: pd.DataFrame, group: str = "target", term: str = "term",
                 measures: Sequence[str] = ("g2", "log_ratio"),
                 mark: str | None = "single_document", colors: dict | None = None, xlabels: dict | None = None,
                 mark_label: str = "carried by one document of the framing",
                 unmarked_label: str = "found in two or more documents", title: str | None = None,
                 significant: str | None = None, significant_label: str = "passes the false discovery rate") -> Figure:
    """One row of panels per group, one column per measure: the group's terms as horizontal bars.

    ``frame`` is a keyness table (e.g. rows of :func:`framings.compare_groups`) already cut to the terms
    to show, in the order to show them (top to bottom). Rows where ``mark`` is true are drawn lighter
    and hatched, with a legend. Rows where the boolean column ``significant`` is true get a star after
    the bar of the first measure and the legend explains it (``significant_label``). Rows where a
    boolean column ``tied_at_cut`` is true (:func:`framings.stats.top_with_ties`) are labelled
    "(tie)". Panels of a column share their x axis. Returns the Figure.

    Parameters
    ----------
    frame : pandas.DataFrame
        Keyness rows to show (:func:`framings.keyness`, :func:`framings.compare_groups`).
    group, term : str
        Column names.
    measures : sequence of str, default ("g2", "log_ratio")
        One column of panels per measure.
    mark : str or None, default "single_document"
        Boolean column: rows drawn lighter and hatched.
    colors : dict or None, default None
        Colour per group (default :func:`framing_colors`).
    xlabels : dict or None, default None
        Measure → x-axis label.
    mark_label, unmarked_label : str
        Legend entries of marked and unmarked rows.
    title : str or None, default None
        Title (state the finding).
    significant : str or None, default None
        Boolean column: rows starred.
    significant_label : str, default "passes the false discovery rate"
        Legend entry of the star.

    Returns
    -------
    matplotlib.figure.Figure
        Groups × measures panels.

    Examples
    --------
    >>> from framings.plots import keyness_bars
    >>> counts = pd.DataFrame({"war": [10, 2], "peace": [1, 9]}, index=["alliance", "strategic-autonomy"])
    >>> fig = keyness_bars(fr.keyness(counts, "alliance"), mark=None)
    >>> len(fig.axes)
    2
    """
    import matplotlib.pyplot as plt  # heavy (matplotlib): imported on first use
    from matplotlib.patches import Patch  # heavy (matplotlib): imported on first use

    groups = list(dict.fromkeys(frame[group]))
    colors = colors or framing_colors(groups)
    xlabels = xlabels or {}
    n_max = int(frame.groupby(group, sort=False).size().max())
    height = (0.24 * n_max + 1.0) * len(groups) + 0.8
    fig, axes = plt.subplots(len(groups), len(measures), figsize=(4.6 * len(measures), height), sharex="col",
                             squeeze=False)
    for row, label in zip(axes, groups):
        part = frame[frame[group] == label]
        y = np.arange(len(part))[::-1] + (n_max - len(part))
        marked = (part[mark].fillna(False).to_numpy(dtype=bool) if mark else np.zeros(len(part), dtype=bool))
        color = colors.get(label, "0.4")
        for ax, measure in zip(row, measures):
            face = [_lighter(color) if m else color for m in marked]
            bars = ax.barh(y, part[measure].to_numpy(dtype=float), color=face, edgecolor=color, linewidth=0.6)
            for bar, is_marked in zip(bars, marked):
                if is_marked:
                    bar.set_hatch("////")
            tied = part["tied_at_cut"].fillna(False).to_numpy(dtype=bool) if "tied_at_cut" in part else marked & False
            ax.set_yticks(y, [f"{t} (tie)" if is_tied else str(t) for t, is_tied in zip(part[term], tied)])
            ax.set_ylim(-0.6, n_max - 0.4)
            ax.tick_params(axis="y", labelsize=9)
            ax.axvline(0, color="0.3", linewidth=0.8)
            ax.set_title(f"{label}: {xlabels.get(measure, measure).split(' (')[0]}", loc="left", fontsize=10)
        if significant:
            passed = part[significant].fillna(False).to_numpy(dtype=bool)
            values = part[measures[0]].to_numpy(dtype=float)
            for y_pos, value, is_significant in zip(y, values, passed):
                if is_significant:
                    row[0].annotate("*", (value, y_pos), xytext=(2 if value >= 0 else -2, -1),
                                    textcoords="offset points", ha="left" if value >= 0 else "right",
                                    va="center", fontsize=11, fontweight="bold", color="0.1")
            row[0].margins(x=0.08)
    for ax, measure in zip(axes[-1], measures):
        ax.set_xlabel(xlabels.get(measure, measure))
    if mark or significant:
        handles = []
        if mark:
            handles += [Patch(facecolor="0.45", edgecolor="0.45", label=unmarked_label),
                        Patch(facecolor=_lighter("0.45"), edgecolor="0.45", hatch="////", label=mark_label)]
        if significant:
            import matplotlib  # heavy (matplotlib): imported on first use
            from matplotlib.lines import Line2D  # heavy (matplotlib): imported on first use

            # the legend's star is our own mathtext marker, not text from data: its outline is made now, as
            # mathtext, even where text.parse_math is off (there it would draw the three characters "$*$")
            with matplotlib.rc_context({"text.parse_math": True}):
                handles.append(Line2D([], [], linestyle="none", marker="$*$", markersize=9, color="0.1",
                                      label=significant_label))
        fig.legend(handles=handles, loc="lower center", ncol=len(handles), fontsize=9, frameon=False,
                   bbox_to_anchor=(0.5, 0.0))
    if title:
        fig.suptitle(title)
    fig.tight_layout(rect=(0, 0.025 if (mark or significant) else 0, 1, 1))
    return fig


def keyness_heatmap(wide: pd.DataFrame, ax: Axes | None = None, vmax: float | None = None, annotate: bool = True,
                    digits: int = 0, cbar_label: str = "signed G²", cmap: str = "RdBu_r", title: str | None = None) -> Axes:
    """Heatmap of a terms x comparisons table of signed scores (e.g. G² pivoted from compare_groups).

    Rows and columns are drawn in the order of ``wide``; colours are symmetric around 0 and
    saturate at ``vmax`` (default: the largest absolute value); cells show their value rounded to
    ``digits`` decimals (``annotate=True``). A column
    named ``"A vs B"`` is labelled on two lines. Returns the Axes.

    Parameters
    ----------
    wide : pandas.DataFrame
        Terms × comparisons, signed scores.
    ax : matplotlib.axes.Axes or None, default None
        Where to draw; default a new figure.
    vmax : float or None, default None
        Saturation of the colours.
    annotate : bool, default True
        Write each cell's value.
    digits : int, default 0
        Decimals of the annotations.
    cbar_label : str, default "signed G²"
        Colour bar label.
    cmap : str, default "RdBu_r"
        Diverging colour map.
    title : str or None, default None
        Title (state the finding).

    Returns
    -------
    matplotlib.axes.Axes
        The heatmap's axes.

    Examples
    --------
    >>> from framings.plots import keyness_heatmap
    >>> wide = pd.DataFrame({"a vs rest": [9.5, -3.0], "b vs rest": [-9.5, 3.0]}, index=["war", "peace"])
    >>> ax = keyness_heatmap(wide)
    >>> [t.get_text() for t in ax.texts]
    ['10', '-10', '-3', '3']
    """
    import matplotlib.pyplot as plt  # heavy (matplotlib): imported on first use

    values = wide.to_numpy(dtype=float)
    if ax is None:
        _, ax = plt.subplots(figsize=(1.9 * wide.shape[1] + 2.5, 0.32 * wide.shape[0] + 2.0))
    limit = float(vmax) if vmax else float(np.nanmax(np.abs(values))) or 1.0
    image = ax.imshow(values, cmap=cmap, vmin=-limit, vmax=limit, aspect="auto")
    ax.set_yticks(range(wide.shape[0]), [str(t) for t in wide.index], fontsize=9)
    ax.set_xticks(range(wide.shape[1]), [str(c).replace(" vs ", "\nvs\n") for c in wide.columns], fontsize=9)
    ax.xaxis.tick_top()
    ax.grid(False)
    ax.set_xticks(np.arange(wide.shape[1] + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(wide.shape[0] + 1) - 0.5, minor=True)
    ax.grid(which="minor", color="white", linewidth=1.2)
    ax.tick_params(which="minor", length=0)
    if annotate:
        for (i, j), value in np.ndenumerate(values):
            if np.isfinite(value):
                shown = np.round(value, digits) + 0.0  # + 0.0 turns -0 into 0
                ax.text(j, i, f"{shown:.{digits}f}", ha="center", va="center", fontsize=8,
                        color="white" if abs(value) > 0.6 * limit else "0.15")
    bar = ax.figure.colorbar(image, ax=ax, shrink=0.6, pad=0.02)
    bar.set_label(cbar_label)
    if title:
        ax.set_title(title)
    return ax


def _dodge(targets, gap, low, high):
    """Positions close to ``targets`` (sorted descending) at least ``gap`` apart, within [low, high]."""

    out = np.minimum(np.asarray(targets, dtype=float), high)
    for i in range(1, len(out)):
        out[i] = min(out[i], out[i - 1] - gap)
    if len(out) and out[-1] < low:  # pushed below the axes: shift the column up
        out[-1] = low
        for i in range(len(out) - 2, -1, -1):
            out[i] = max(out[i], out[i + 1] + gap)
    return out


def label_points(ax: Axes, x: Sequence[float], y: Sequence[float], labels: Sequence[str], color: str = "0.1",
                 fontsize: float = 8.5, right_share: float = 0.68) -> list:
    """Label points (data coordinates) without overlaps: a column of labels right of the points, or left
    of them for points in the right part of the axes, spread vertically, with thin leader lines.

    Call after the axes' limits and the figure layout are final. Returns the list of Annotations.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes holding the points.
    x, y : sequence of float
        Data coordinates of the points.
    labels : sequence of str
        One label per point.
    color : str, default "0.1"
        Text and line colour.
    fontsize : float, default 8.5
        Text size.
    right_share : float, default 0.68
        Points right of this share of the x range are labelled on the left.

    Returns
    -------
    list of matplotlib.text.Annotation
        One per point.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from framings.plots import label_points
    >>> fig, ax = plt.subplots()
    >>> _ = ax.scatter([1, 2, 3], [1, 2, 3])
    >>> sorted(a.get_text() for a in label_points(ax, [1, 2, 3], [1, 2, 3], ["a", "b", "c"]))
    ['a', 'b', 'c']
    """

    fig = ax.figure
    px = ax.transData.transform(np.column_stack([x, y]))
    box = ax.get_window_extent()
    gap = fontsize * 1.25 * fig.dpi / 72.0
    out = []
    on_left = px[:, 0] > box.x0 + right_share * box.width
    for side in (False, True):
        idx = np.flatnonzero(on_left == side)
        idx = idx[np.argsort(-px[idx, 1], kind="stable")]
        placed = _dodge(px[idx, 1], gap, box.y0 + gap / 2, box.y1 - gap / 2)
        for k, i in enumerate(idx):
            dx = -10.0 if side else 10.0
            dy = (placed[k] - px[i, 1]) * 72.0 / fig.dpi
            out.append(ax.annotate(str(labels[i]), (x[i], y[i]), xytext=(dx, dy), textcoords="offset points",
                                   ha="right" if side else "left", va="center", fontsize=fontsize, color=color,
                                   arrowprops={"arrowstyle": "-", "color": "0.35", "linewidth": 0.6,
                                               "shrinkA": 0, "shrinkB": 2}))
    return out


def log_odds_scatter(frame: pd.DataFrame, x: str = "total_count", y: str = "log_odds_weighted", group: str = "target",
                     term: str = "term", n_labels: int = 8, colors: dict | None = None,
                     threshold: float | None = 1.96, xlabel: str | None = None, ylabel: str | None = None,
                     title: str | None = None, ncols: int = 3) -> Figure:
    """Scattertext-style panels, one per group: every term's ``y`` (e.g. weighted log-odds from
    :func:`framings.log_odds`) against ``x`` (its frequency, log scale), the ``n_labels`` terms with the
    highest ``y`` coloured and labelled, and a dashed line at ``threshold``. Returns the Figure.

    Parameters
    ----------
    frame : pandas.DataFrame
        Tidy, one row per group and term (:func:`framings.log_odds`).
    x, y, group, term : str
        Column names.
    n_labels : int, default 8
        Terms labelled per panel.
    colors : dict or None, default None
        Colour per group (default :func:`framing_colors`).
    threshold : float or None, default 1.96
        Dashed line at this ``y`` (None: none).
    xlabel, ylabel : str or None
        Axis labels.
    title : str or None, default None
        Title (state the finding).
    ncols : int, default 3
        Panels per row.

    Returns
    -------
    matplotlib.figure.Figure
        One panel per group.

    Examples
    --------
    >>> from framings.plots import log_odds_scatter
    >>> counts = pd.DataFrame({"war": [10, 2], "peace": [1, 9], "talks": [4, 4]}, index=["alliance", "strategic-autonomy"])
    >>> fig = log_odds_scatter(fr.log_odds(counts), x="target_count", n_labels=2)
    >>> len([ax for ax in fig.axes if ax.get_visible()])
    2
    """

    import matplotlib.pyplot as plt  # heavy (matplotlib): imported on first use

    groups = list(dict.fromkeys(frame[group]))
    colors = colors or framing_colors(groups)
    ncols = min(ncols, len(groups))
    nrows = math.ceil(len(groups) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.6 * ncols, 4.4 * nrows + 0.6), sharex=True, sharey=True,
                             squeeze=False)
    flat = list(axes.ravel())
    tops = []
    for ax, label in zip(flat, groups):
        part = frame[frame[group] == label]
        ax.scatter(part[x], part[y], s=9, color="0.6", alpha=0.35, linewidths=0)
        top = part.nlargest(n_labels, y, keep="first")
        ax.scatter(top[x], top[y], s=22, color=colors.get(label, "0.2"), zorder=3)
        tops.append((ax, top, colors.get(label, "0.2")))
        if threshold is not None:
            ax.axhline(threshold, color="0.4", linestyle="--", linewidth=0.8)
        ax.axhline(0, color="0.3", linewidth=0.6)
        ax.set_title(str(label), loc="left", fontsize=11, color=colors.get(label, "0.2"))
        ax.set_xscale("log")
    for ax in flat[len(groups):]:
        ax.set_visible(False)
    for ax in axes[-1]:
        ax.set_xlabel(xlabel or x)
    for ax in axes[:, 0]:
        ax.set_ylabel(ylabel or y)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    for ax, top, color in tops:  # labels last: they need the final layout
        label_points(ax, top[x].to_numpy(dtype=float), top[y].to_numpy(dtype=float), list(top[term]), color=color)
    return fig


def rate_ci_dots(frame: pd.DataFrame, group: str = "group", term: str = "term", value: str = "rate_per_10k",
                 low: str = "ci_low", high: str = "ci_high", colors: dict | None = None, ax: Axes | None = None,
                 xlabel: str = "occurrences per 10,000 words", title: str | None = None) -> Axes:
    """Dot-and-whisker plot of rates with intervals (e.g. :func:`framings.rate_ci`): one row per term
    (frame order, top to bottom), one dot per group, dodged vertically. A group that never uses the term
    (rate 0, interval [0, 0]) is drawn as a hollow dot and named in the legend: its zero-width
    interval is not precision. Returns the Axes.

    Parameters
    ----------
    frame : pandas.DataFrame
        Tidy rates (:func:`framings.rate_ci`).
    group, term, value, low, high : str
        Column names.
    colors : dict or None, default None
        Colour per group (default :func:`framing_colors`).
    ax : matplotlib.axes.Axes or None, default None
        Where to draw; default a new figure.
    xlabel : str, default "occurrences per 10,000 words"
        x-axis label.
    title : str or None, default None
        Title (state the finding).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Examples
    --------
    >>> from framings.plots import rate_ci_dots
    >>> rates = pd.DataFrame({"group": ["alliance", "strategic-autonomy"], "term": "energy",
    ...                       "rate_per_10k": [80.0, 16.0], "ci_low": [47.0, 0.0], "ci_high": [111.0, 41.0]})
    >>> ax = rate_ci_dots(rates)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['energy']
    """
    import matplotlib.pyplot as plt  # heavy (matplotlib): imported on first use

    terms = list(dict.fromkeys(frame[term]))
    groups = list(dict.fromkeys(frame[group]))
    colors = colors or framing_colors(groups)
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.5 * len(terms) + 1.5))
    row = {t: i for i, t in enumerate(terms)}
    offsets = np.linspace(-0.27, 0.27, len(groups)) if len(groups) > 1 else np.zeros(1)
    for offset, label in zip(offsets, groups):
        part = frame[frame[group] == label]
        ypos = part[term].map(row).to_numpy(dtype=float) + offset
        centre = part[value].to_numpy(dtype=float)
        err = np.vstack([centre - part[low].to_numpy(dtype=float), part[high].to_numpy(dtype=float) - centre])
        ax.errorbar(centre, ypos, xerr=np.clip(err, 0, None), fmt="o", markersize=4.5, capsize=2, elinewidth=1.2,
                    color=colors.get(label, "0.3"), label=str(label), clip_on=False)  # zero rates stay whole
        unused = centre == 0
        if unused.any():
            ax.scatter(centre[unused], ypos[unused], s=24, facecolor="white", edgecolor=colors.get(label, "0.3"),
                       linewidth=1.2, zorder=5, clip_on=False)
    if (frame[value].to_numpy(dtype=float) == 0).any():
        ax.scatter([], [], s=24, facecolor="white", edgecolor="0.3", linewidth=1.2,
                   label="never used by the framing (no interval)")
    ax.set_yticks(range(len(terms)), terms)
    ax.set_ylim(len(terms) - 0.5, -0.5)
    for i in range(len(terms) - 1):
        ax.axhline(i + 0.5, color="0.88", linewidth=0.8)
    ax.grid(axis="y", visible=False)
    ax.set_xlim(left=0)
    ax.set_xlabel(xlabel)
    ax.legend(fontsize=8, loc="lower right")
    if title:
        ax.set_title(title)
    return ax


def grouped_bars(frame: pd.DataFrame, category: str, hue: str, value: str, colors: dict | None = None,
                 ax: Axes | None = None, xlabel: str | None = None, title: str | None = None) -> Axes:
    """Horizontal bars of ``value``: one row per ``category`` (frame order, top to bottom), one bar per
    ``hue`` within it; a missing combination draws no bar. Returns the Axes.

    Parameters
    ----------
    frame : pandas.DataFrame
        Tidy, one row per category and hue.
    category, hue, value : str
        Column names.
    colors : dict or None, default None
        Colour per hue (default :func:`framing_colors`).
    ax : matplotlib.axes.Axes or None, default None
        Where to draw; default a new figure.
    xlabel : str or None, default None
        x-axis label.
    title : str or None, default None
        Title (state the finding).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Examples
    --------
    >>> from framings.plots import grouped_bars
    >>> tidy = pd.DataFrame({"term": ["energy", "energy", "war"], "framing": ["alliance", "strategic-autonomy", "alliance"],
    ...                      "rate": [5.0, 2.0, 1.0]})
    >>> ax = grouped_bars(tidy, "term", "framing", "rate")
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['energy', 'war']
    """
    import matplotlib.pyplot as plt  # heavy (matplotlib): imported on first use

    categories = list(dict.fromkeys(frame[category]))
    hues = list(dict.fromkeys(frame[hue]))
    colors = colors or framing_colors(hues)
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.22 * len(categories) * len(hues) + 1.5))
    wide = frame.pivot(index=category, columns=hue, values=value).reindex(index=categories, columns=hues)
    height = 0.8 / len(hues)
    base = np.arange(len(categories))
    for k, label in enumerate(hues):
        ax.barh(base - 0.4 + height * (k + 0.5), wide[label].to_numpy(dtype=float), height=height,
                color=colors.get(label), label=str(label))
    ax.set_yticks(base, categories)
    ax.set_ylim(len(categories) - 0.5, -0.5)
    ax.axvline(0, color="0.3", linewidth=0.8)
    ax.set_xlabel(xlabel or value)
    ax.legend(fontsize=8)
    if title:
        ax.set_title(title)
    return ax


# --------------------------------------------------------------------------
# frame figures (notebooks 05a-05d and 06): each takes a computed frame and only draws
# --------------------------------------------------------------------------
def _color_ticks(ticklabels, keys, colors: dict | None):
    """Colour tick labels by ``colors[key]`` (keys in tick order); unknown keys stay black."""
    for text, key in zip(ticklabels, keys):
        if colors and key in colors:
            text.set_color(colors[key])


def _rows_on_y(ax, rows, labels=None, colors: dict | None = None) -> None:
    """One row per y position, first row on top, tick labels coloured by ``colors``, no y grid."""
    ax.set_yticks(range(len(rows)), labels if labels is not None else rows)
    _color_ticks(ax.get_yticklabels(), rows, colors)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.grid(axis="y", visible=False)


def _text_color(rgba) -> str:
    """Dark text on light backgrounds, white on dark ones (relative luminance, ITU-R BT.709)."""
    from matplotlib.colors import to_rgb  # heavy (matplotlib): imported on first use

    red, green, blue = to_rgb(rgba)
    return "0.1" if 0.2126 * red + 0.7152 * green + 0.0722 * blue > 0.5 else "white"


def annotated_heatmap(values: pd.DataFrame, text: pd.DataFrame | None = None, digits: int = 2, cmap: str = "viridis",
                      vmin: float | None = None, vmax: float | None = None, symmetric: bool = False,
                      row_colors: dict | None = None, col_colors: dict | None = None, cbar_label: str = "",
                      ax: Axes | None = None, title: str | None = None, fontsize: float = 8.5,
                      xrotation: float = 0) -> Axes:
    """Heatmap of a wide table, every cell annotated.

    ``values`` (rows × columns, drawn in their order) sets the colours; ``text`` (same shape, strings)
    the annotations, by default the values rounded to ``digits``. ``symmetric=True`` centres the
    colours on 0 (limits ±max ``|value|`` unless ``vmax``). Tick labels take ``row_colors`` /
    ``col_colors`` (label → colour); column labels (on top) turn by ``xrotation`` degrees. Returns the Axes.

    Parameters
    ----------
    values : pandas.DataFrame
        Rows × columns, numbers.
    text : pandas.DataFrame or None, default None
        Same shape, the annotations (default: the values rounded).
    digits : int, default 2
        Decimals of the default annotations.
    cmap : str, default "viridis"
        Colour map.
    vmin, vmax : float or None
        Colour limits.
    symmetric : bool, default False
        Centre the colours on 0.
    row_colors, col_colors : dict or None
        Tick label → colour.
    cbar_label : str, default ""
        Colour bar label.
    ax : matplotlib.axes.Axes or None, default None
        Where to draw; default a new figure.
    title : str or None, default None
        Title (state the finding).
    fontsize : float, default 8.5
        Annotation size.
    xrotation : float, default 0
        Rotation of the column labels, degrees.

    Returns
    -------
    matplotlib.axes.Axes
        The heatmap's axes.

    Examples
    --------
    >>> from framings.plots import annotated_heatmap
    >>> ax = annotated_heatmap(pd.DataFrame({"a": [1.0, 0.25], "b": [0.25, 1.0]}, index=["a", "b"]))
    >>> [t.get_text() for t in ax.texts]
    ['1.00', '0.25', '0.25', '1.00']
    """
    import matplotlib.pyplot as plt  # heavy (matplotlib): imported on first use


    matrix = values.to_numpy(dtype=float)
    if ax is None:
        _, ax = plt.subplots(figsize=(min(1.5 * matrix.shape[1] + 3, MAX_WIDTH_INCHES),
                                      rows_height(matrix.shape[0], 0.45, 1.8)))
    # annotations only as large as the cells allow (none when the cells are too small to read)
    box = ax.get_position()
    fig_width, fig_height = ax.figure.get_size_inches()
    cell_points = 72 * min(fig_width * box.width / max(matrix.shape[1], 1),
                           fig_height * box.height / max(matrix.shape[0], 1))
    fontsize = min(fontsize, cell_points / 2.2)
    annotate = fontsize >= MIN_FONT_SIZE
    finite = matrix[np.isfinite(matrix)]
    if symmetric:
        limit = float(vmax) if vmax else (float(np.abs(finite).max()) if finite.size else 1.0) or 1.0
        vmin, vmax = -limit, limit
    image = ax.imshow(np.ma.masked_invalid(matrix), cmap=cmap, vmin=vmin, vmax=vmax, aspect="auto")
    rows, columns = [str(r) for r in values.index], [str(c) for c in values.columns]
    ax.set_yticks(range(len(rows)), rows)
    ax.set_xticks(range(len(columns)), columns, rotation=xrotation, ha="left" if xrotation else "center",
                  rotation_mode="anchor")
    ax.xaxis.tick_top()
    _color_ticks(ax.get_yticklabels(), rows, row_colors)
    _color_ticks(ax.get_xticklabels(), columns, col_colors)
    ax.grid(False)
    ax.set_xticks(np.arange(len(columns) + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(len(rows) + 1) - 0.5, minor=True)
    ax.grid(which="minor", color="white", linewidth=1.5)
    ax.tick_params(which="minor", length=0)
    labels = text.to_numpy(dtype=object) if text is not None else None
    for (i, j), value in np.ndenumerate(matrix if annotate else np.zeros((0, 0))):
        label = labels[i, j] if labels is not None else (f"{value:.{digits}f}" if np.isfinite(value) else "")
        color = _text_color(image.cmap(image.norm(value))) if np.isfinite(value) else "0.1"
        ax.text(j, i, str(label), ha="center", va="center", fontsize=fontsize, color=color)
    bar = ax.figure.colorbar(image, ax=ax, shrink=0.8, pad=0.02)
    bar.set_label(cbar_label)
    if title:
        ax.set_title(title)
    return ax


def lexical_dispersion(positions: pd.DataFrame, documents: Sequence[str], colors: dict[str, str] | None = None,
                       ax: Axes | None = None, xlabel: str = "position in the document (share of its words)",
                       title: str | None = None) -> Axes:
    """A lexical dispersion plot: one row per document, a tick at each occurrence of each term.

    Parameters
    ----------
    positions : pandas.DataFrame
        :func:`framings.course.term_positions` output (``doc_id, term, relative_position``).
    documents : list of str
        The rows, top to bottom (documents without any occurrence stay as empty rows).
    colors : dict, optional
        Term → colour; default: the project's extra colours in order.
    ax : matplotlib.axes.Axes, optional
        Where to draw; default: a new figure sized to the rows.
    xlabel, title : str, optional
        Axis label and title.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Examples
    --------
    >>> import pandas as pd
    >>> positions = pd.DataFrame({"doc_id": ["d1", "d2"], "term": ["gas", "gas"], "relative_position": [0.1, 0.9]})
    >>> ax = lexical_dispersion(positions, ["d1", "d2"])
    >>> [label.get_text() for label in ax.get_yticklabels()]
    ['d1', 'd2']
    """
    import matplotlib.pyplot as plt  # heavy (matplotlib): imported on first use

    documents = list(documents)
    terms = list(dict.fromkeys(positions["term"]))
    palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#333333"]
    colors = colors or {term: palette[i % len(palette)] for i, term in enumerate(terms)}
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 0.55 * len(documents) * max(1, len(terms)) ** 0.5 + 1.6))
    row = {doc: i for i, doc in enumerate(documents)}
    band = 0.8 / max(1, len(terms))
    for k, term in enumerate(terms):
        found = positions[(positions["term"] == term) & positions["doc_id"].astype(str).isin(row)]
        y = found["doc_id"].astype(str).map(row).to_numpy() - 0.4 + band * (k + 0.5)
        ax.scatter(found["relative_position"], y, marker="|", s=120, color=colors[term], label=term)
    ax.set_yticks(range(len(documents)), documents)
    ax.set_ylim(len(documents) - 0.5, -0.5)
    ax.set_xlim(0, 1)
    ax.set_xlabel(xlabel)
    if terms:
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1), title="term")
    if title:
        ax.set_title(title, fontsize=10)
    return ax
