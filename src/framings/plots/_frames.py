"""Charts of frames: profiles, shares, the paragraph map and lexicon precision."""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

import numpy as np

from ._charts import _rows_on_y, _text_color
from ._layout import rows_height
from ._style import framing_colors


def frame_profile_dots(profile: pd.DataFrame, by: str = "doc_id", own: dict | None = None, colors: dict | None = None,
                       row_colors: dict | None = None, row_labels: dict | None = None, xmax: float | None = None,
                       ax: Axes | None = None, xlabel: str = "frame terms per 100 words", title: str | None = None) -> Axes:
    """Dot-and-whisker plot of a frame profile (e.g. :func:`framings.frame_profile`).

    One row per value of ``by`` (frame order, top to bottom), one dot per ``frame`` with its
    ``ci_low``–``ci_high`` whisker, dodged vertically and coloured by ``colors[frame]``.
    ``own`` maps a row to its own label: the dot of that frame is drawn larger with a black
    ring. Whiskers reaching beyond ``xmax`` stop at the edge with an arrow and their end
    value. A dot without an interval (NaN ``ci_low``/``ci_high``: too few paragraphs to
    resample) is drawn hollow with a note instead of a whisker, so that it cannot pass
    for the most precise estimate. ``row_labels`` (row → tick text) and ``row_colors``
    (row → colour) style the ticks. Returns the Axes.

    Parameters
    ----------
    profile : pandas.DataFrame
        From :func:`framings.frame_profile`.
    by : str, default "doc_id"
        The column of rows.
    own : dict or None, default None
        Row → its own label (that frame's dot is ringed).
    colors : dict or None, default None
        Colour per frame.
    row_colors, row_labels : dict or None
        Row → tick colour, row → tick text.
    xmax : float or None, default None
        Right edge of the x axis.
    ax : matplotlib.axes.Axes or None, default None
        Where to draw; default a new figure.
    xlabel : str, default "frame terms per 100 words"
        x-axis label.
    title : str or None, default None
        Title (state the finding).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Examples
    --------
    >>> from framings.plots import frame_profile_dots
    >>> profile = pd.DataFrame({"doc_id": ["d1", "d1"], "frame": ["alliance", "strategic-autonomy"],
    ...                         "mean_score": [2.0, 0.5], "ci_low": [1.0, 0.0], "ci_high": [3.0, 1.0],
    ...                         "n_paragraphs": [10, 10]})
    >>> ax = frame_profile_dots(profile, own={"d1": "alliance"})
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['d1']
    """
    import matplotlib.pyplot as plt  # heavy (matplotlib): imported on first use
    from matplotlib.lines import Line2D  # heavy (matplotlib): imported on first use

    rows = list(dict.fromkeys(profile[by].astype(str)))
    frames = list(dict.fromkeys(profile["frame"].astype(str)))
    colors = colors or framing_colors(frames)
    own = own or {}
    if ax is None:

        _, ax = plt.subplots(figsize=(8, rows_height(len(rows), 0.8, 1.4)))
    position = {row: i for i, row in enumerate(rows)}
    offsets = np.linspace(-0.26, 0.26, len(frames)) if len(frames) > 1 else np.zeros(1)
    limit = float(xmax) if xmax else float(np.nanmax(profile["ci_high"].to_numpy(dtype=float))) * 1.04 or 1.0
    for offset, frame in zip(offsets, frames):
        part = profile[profile["frame"].astype(str) == frame]
        keys = part[by].astype(str).to_numpy()
        y = np.array([position[k] for k in keys], dtype=float) + offset
        centre = part["mean_score"].to_numpy(dtype=float)
        low, high = part["ci_low"].to_numpy(dtype=float), part["ci_high"].to_numpy(dtype=float)
        color = colors.get(frame, "0.4")
        no_interval = np.isfinite(centre) & ~(np.isfinite(low) & np.isfinite(high))
        ax.hlines(y[~no_interval], low[~no_interval], np.minimum(high, limit)[~no_interval], color=color,
                  linewidth=1.6)
        is_own = np.array([own.get(k) == frame for k in keys], dtype=bool)
        solid = ~no_interval
        ax.scatter(centre[~is_own & solid], y[~is_own & solid], s=28, color=color, zorder=3)
        ax.scatter(centre[is_own & solid], y[is_own & solid], s=75, color=color, edgecolor="black", linewidth=1.4,
                   zorder=4)
        # hollow: an estimate from too few paragraphs to resample, with no interval to show
        if no_interval.any():
            ax.scatter(centre[~is_own & no_interval], y[~is_own & no_interval], s=28, facecolor="white",
                       edgecolor=color, linewidth=1.4, zorder=3)
            ax.scatter(centre[is_own & no_interval], y[is_own & no_interval], s=75, facecolor="white",
                       edgecolor=color, linewidth=2.2, zorder=4)
        for y_beyond, high_beyond in zip(y[high > limit], high[high > limit]):
            ax.plot([limit], [y_beyond], marker=">", color=color, markersize=6, clip_on=False, zorder=3)
            ax.text(limit, y_beyond - 0.13, f"interval runs to {high_beyond:.1f}", ha="right", va="bottom",
                    fontsize=7.5, color=color)
    without = profile[np.isfinite(profile["mean_score"].to_numpy(dtype=float))
                      & ~(np.isfinite(profile["ci_low"].to_numpy(dtype=float))
                          & np.isfinite(profile["ci_high"].to_numpy(dtype=float)))]
    for row in dict.fromkeys(without[by].astype(str)):
        n = (without.loc[without[by].astype(str) == row, "n_paragraphs"] if "n_paragraphs" in without.columns
             else [])
        first = int(list(n)[0]) if len(n) else 0
        count = f"{first} paragraph{'s' if first != 1 else ''}" if len(n) else "too few paragraphs"
        ax.text(0.99 * limit, position[row] - 0.4, f"no interval: {count}, too few to resample (hollow dots)",
                ha="right", va="center", fontsize=7.5, color="0.3")
    labels = [row_labels.get(row, row) if row_labels else row for row in rows]
    _rows_on_y(ax, rows, labels, row_colors)
    for i in range(len(rows) - 1):
        ax.axhline(i + 0.5, color="0.85", linewidth=0.8)
    ax.set_xlim(0, limit)
    ax.set_xlabel(xlabel)
    handles = [Line2D([], [], marker="o", linestyle="-", color=colors.get(f, "0.4"), label=f) for f in frames]
    if own:
        handles.append(Line2D([], [], marker="o", linestyle="", markersize=9, color="white",
                              markeredgecolor="black", markeredgewidth=1.4, label="the source's own label"))
    ax.legend(handles=handles, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1), title="measured frame",
              title_fontsize=8)
    if title:
        ax.set_title(title)
    return ax


def stacked_shares(shares: pd.DataFrame, colors: dict | None = None, notes: dict | None = None,
                   row_colors: dict | None = None, ax: Axes | None = None, xlabel: str = "share of paragraphs",
                   legend_title: str | None = None, title: str | None = None, min_label: float = 0.08) -> Axes:
    """Horizontal 100% stacked bars of a wide table of shares (rows sum to 1).

    One bar per row of ``shares`` (index order, top to bottom), one segment per column (column
    order, left to right) coloured by ``colors[column]``; segments of at least ``min_label``
    carry their percentage. ``notes`` (row → text) is written right of each bar,
    ``row_colors`` (row → colour) colours the tick labels. Returns the Axes.

    Parameters
    ----------
    shares : pandas.DataFrame
        Rows × segments, rows summing to 1.
    colors : dict or None, default None
        Colour per column.
    notes : dict or None, default None
        Row → text right of its bar.
    row_colors : dict or None, default None
        Row → tick colour.
    ax : matplotlib.axes.Axes or None, default None
        Where to draw; default a new figure.
    xlabel : str, default "share of paragraphs"
        x-axis label.
    legend_title : str or None, default None
        Legend heading.
    title : str or None, default None
        Title (state the finding).
    min_label : float, default 0.08
        Smallest segment that carries its percentage.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Examples
    --------
    >>> from framings.plots import stacked_shares
    >>> shares = pd.DataFrame({"alliance": [0.7, 0.2], "strategic-autonomy": [0.3, 0.8]}, index=["d1", "d2"])
    >>> ax = stacked_shares(shares)
    >>> len(ax.patches)
    4
    """
    import matplotlib.pyplot as plt  # heavy (matplotlib): imported on first use
    from matplotlib.ticker import (
        PercentFormatter,  # heavy (matplotlib): imported on first use
    )

    colors = colors or {}
    rows = [str(r) for r in shares.index]
    if ax is None:

        _, ax = plt.subplots(figsize=(9, rows_height(len(rows), 0.55, 1.6)))
    left = np.zeros(len(rows))
    for column in shares.columns:
        width = shares[column].fillna(0).to_numpy(dtype=float)
        color = colors.get(column, "0.6")
        ax.barh(range(len(rows)), width, left=left, color=color, label=str(column), height=0.7,
                edgecolor="white", linewidth=0.8)
        for i, (start, share) in enumerate(zip(left, width)):
            if share >= min_label:
                ax.text(start + share / 2, i, f"{share:.0%}", ha="center", va="center", fontsize=8,
                        color=_text_color(color))
        left += width
    if notes:
        for i, row in enumerate(rows):
            if row in notes:
                ax.text(1.01, i, str(notes[row]), ha="left", va="center", fontsize=8, color="0.25",
                        transform=ax.get_yaxis_transform())
    _rows_on_y(ax, rows, colors=row_colors)
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel(xlabel)
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.14 - 0.3 / max(len(rows), 1)),
              ncol=min(len(shares.columns), 5), title=legend_title, title_fontsize=8, frameon=False)
    if title:
        ax.set_title(title)
    return ax


MAP_LEGEND_DOCUMENTS = 15  # paragraph_map_scatter: one legend entry per document up to this many


def paragraph_map_scatter(coords: pd.DataFrame, colors: dict | None = None,
                          markers: Sequence[str] = ("o", "s", "^", "D", "v", "P", "X", "*", "h"),
                          ax: Axes | None = None, xlabel: str = "first component (no units)",
                          ylabel: str = "second component (no units)", title: str | None = None) -> Axes:
    """Scatter of a paragraph map (e.g. :func:`framings.documents.paragraph_map`): ``x, y`` per paragraph,
    coloured by ``framing`` and marked by ``doc_id`` (markers cycle in order of first appearance),
    one legend entry per document. Returns the Axes.

    Parameters
    ----------
    coords : pandas.DataFrame
        From :func:`framings.documents.paragraph_map`: ``doc_id, framing, x, y``.
    colors : dict or None, default None
        Colour per framing.
    markers : sequence of str
        Marker per document, in order of first appearance.
    ax : matplotlib.axes.Axes or None, default None
        Where to draw; default a new figure.
    xlabel, ylabel : str
        Axis labels.
    title : str or None, default None
        Title (state the finding).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Examples
    --------
    >>> from framings.plots import paragraph_map_scatter
    >>> coords = pd.DataFrame({"para_id": ["a1", "a2", "b1"], "doc_id": ["a", "a", "b"],
    ...                        "framing": ["alliance", "alliance", "strategic-autonomy"],
    ...                        "x": [0.1, 0.2, -0.3], "y": [0.0, 0.1, 0.2]})
    >>> ax = paragraph_map_scatter(coords)
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['a (alliance)', 'b (strategic-autonomy)']
    """
    import matplotlib.pyplot as plt  # heavy (matplotlib): imported on first use

    documents = list(dict.fromkeys(coords["doc_id"].astype(str)))
    colors = colors or framing_colors(coords["framing"].astype(str))
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 6))
    per_document = len(documents) <= MAP_LEGEND_DOCUMENTS  # beyond that, one legend entry per label
    for k, document in enumerate(documents):
        part = coords[coords["doc_id"].astype(str) == document]
        label = str(part["framing"].iloc[0])
        ax.scatter(part["x"], part["y"], s=26 if per_document else 14, marker=markers[k % len(markers)],
                   color=colors.get(label, "0.4"), alpha=0.75, edgecolor="white", linewidth=0.4,
                   label=f"{document} ({label})" if per_document else None)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if per_document:
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1), title="document (label)", title_fontsize=8)
    else:
        from matplotlib.lines import Line2D  # heavy (matplotlib): imported on first use

        shown = list(dict.fromkeys(coords["framing"].astype(str)))
        handles = [Line2D([], [], marker="o", linestyle="", color=colors.get(f, "0.4"), label=f) for f in shown]
        ax.legend(handles=handles, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1), title_fontsize=8,
                  title=f"label ({len(documents)} documents;\nmarkers cycle over them)")
    if title:
        ax.set_title(title)
    return ax


def precision_dots(precision: pd.DataFrame, colors: dict | None = None, ax: Axes | None = None,
                   xlabel: str = "precision (share of matches that mean the frame)", title: str | None = None) -> Axes:
    """Precision per frame with its interval (e.g. :func:`framings.frames.lexicon_precision`): one row per
    ``frame``, a dot at ``precision``, a whisker ``ci_low``–``ci_high``, and "correct of n" beside it.
    Returns the Axes.

    Parameters
    ----------
    precision : pandas.DataFrame
        From :func:`framings.frames.lexicon_precision`.
    colors : dict or None, default None
        Colour per frame.
    ax : matplotlib.axes.Axes or None, default None
        Where to draw; default a new figure.
    xlabel : str
        x-axis label.
    title : str or None, default None
        Title (state the finding).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Examples
    --------
    >>> from framings.plots import precision_dots
    >>> checked = pd.DataFrame({"frame": ["alliance"] * 4, "correct": [True, True, True, False]})
    >>> ax = precision_dots(fr.frames.lexicon_precision(checked))
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['alliance']
    """
    import matplotlib.pyplot as plt  # heavy (matplotlib): imported on first use
    from matplotlib.ticker import (
        PercentFormatter,  # heavy (matplotlib): imported on first use
    )

    frames = [str(f) for f in precision["frame"]]
    colors = colors or framing_colors(frames)
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.6 * len(frames) + 1.4))
    for i, (_, row) in enumerate(precision.iterrows()):
        color = colors.get(str(row["frame"]), "0.3")
        ax.hlines(i, row["ci_low"], row["ci_high"], color=color, linewidth=2)
        ax.scatter([row["precision"]], [i], s=60, color=color, zorder=3)
        ax.annotate(f"{int(row['correct'])} of {int(row['n'])} correct", (row["ci_low"], i), xytext=(-8, 0),
                    textcoords="offset points", ha="right", va="center", fontsize=8.5, color="0.25")
    _rows_on_y(ax, frames, colors=colors)
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel(xlabel)
    if title:
        ax.set_title(title)
    return ax
