"""Figures of the validation notebook (05): they take a computed frame and only draw."""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

import numpy as np

from ._charts import _rows_on_y
from ._style import framing_colors


def validity_dots(table: pd.DataFrame, reference: str = "consensus", colors: dict | None = None,
                  axes: Sequence[Axes] | None = None, title: str | None = None) -> Figure:
    """Precision and recall per frame with Wilson intervals, beside the random-flagging baseline.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`framings.lexicon_validity`.
    reference : str
        Which reference to draw (``"consensus"`` or a coder's name).
    colors : dict, optional
        Colour per frame.
    axes : pair of Axes, optional
        Where to draw precision and recall; default a new figure with two panels.
    title : str, optional
        Figure title (state the finding).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd, framings as fr
    >>> row = dict(reference="consensus", frame="alliance", n_units=10, n_lexicon=4, n_coded=5, n_both=3,
    ...            precision=0.75, precision_low=0.3, precision_high=0.95, precision_baseline=0.5, recall=0.6,
    ...            recall_low=0.2, recall_high=0.9, recall_baseline=0.4, f1=0.67, corpus_lexicon=4, corpus_coded=5)
    >>> fig = fr.plots.validity_dots(pd.DataFrame([row]))
    >>> len(fig.axes)
    2
    """
    import matplotlib.pyplot as plt  # heavy (matplotlib): imported on first use
    from matplotlib.ticker import (
        PercentFormatter,  # heavy (matplotlib): imported on first use
    )


    rows = table[table["reference"] == reference].reset_index(drop=True)
    frames = [str(f) for f in rows["frame"]]
    colors = colors or framing_colors(frames)
    if axes is None:
        fig, axes = plt.subplots(1, 2, figsize=(11, 0.6 * len(frames) + 1.8), sharey=True)
    fig = axes[0].figure
    panels = (("precision", "n_lexicon", "of the lexicon's calls\nthat the coders confirm"),
              ("recall", "n_coded", "of the coders' codes\nthat the lexicon finds"))
    for ax, (measure, base, label) in zip(axes, panels):
        for i, row in rows.iterrows():
            color = colors.get(str(row["frame"]), "0.3")
            if row[base] > 0:
                ax.hlines(i, row[f"{measure}_low"], row[f"{measure}_high"], color=color, linewidth=2)
                ax.scatter([row[measure]], [i], s=60, color=color, zorder=3)
            ax.scatter([row[f"{measure}_baseline"]], [i], marker="|", s=220, color="0.45", zorder=2)
            ax.annotate(f"{int(row['n_both'])} of {int(row[base])}", (1.0, i), xytext=(12, 0),
                        textcoords="offset points", ha="left", va="center", fontsize=8.5, color="0.25",
                        annotation_clip=False)
        ax.set_xlim(0, 1)
        ax.xaxis.set_major_formatter(PercentFormatter(1.0))
        ax.set_xlabel(f"{measure}: share {label}")
    _rows_on_y(axes[0], frames, colors=colors)
    fig.supxlabel("weighted to the corpus by sampling weights, 95% Wilson intervals; grey tick: a lexicon that "
                  "flagged paragraphs at random at the same rate", fontsize=9, color="0.3")
    if title:
        fig.suptitle(title)
    return fig


def sample_design_bars(design: pd.DataFrame, ax: Axes | None = None, title: str | None = None) -> Axes:
    """Codable paragraphs per stratum beside the number sampled, with the sampling weight.

    Parameters
    ----------
    design : pandas.DataFrame
        One row per stratum (index) with ``stratum_size``, ``n_sampled`` and ``weight``
        (e.g. ``sample.groupby("stratum")[["stratum_size", "n_sampled", "weight"]].first()``).
    ax : matplotlib.axes.Axes or None, default None
        Where to draw; default a new figure.
    title : str, optional
        Figure title (state the finding).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd, framings as fr
    >>> design = pd.DataFrame({"stratum_size": [20, 5], "n_sampled": [5, 5], "weight": [4.0, 1.0]},
    ...                       index=["alliance", "tie"])
    >>> ax = fr.plots.sample_design_bars(design)
    >>> len(ax.patches)
    4
    """
    import matplotlib.pyplot as plt  # heavy (matplotlib): imported on first use

    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.55 * len(design) + 1.6))
    positions = np.arange(len(design))
    ax.barh(positions + 0.2, design["stratum_size"], height=0.4, color="0.75", label="codable paragraphs")
    ax.barh(positions - 0.2, design["n_sampled"], height=0.4, color="0.25", label="sampled for coding")
    for y, (size, weight) in enumerate(zip(design["stratum_size"], design["weight"])):
        ax.annotate(f"weight {weight:.2f}", (size, y + 0.2), xytext=(5, 0), textcoords="offset points",
                    va="center", fontsize=8.5, color="0.25")
    ax.set_yticks(positions, [str(s) for s in design.index])
    ax.invert_yaxis()
    ax.set_xlabel("paragraphs")
    ax.legend(loc="lower right", frameon=False, fontsize=8.5)
    ax.margins(x=0.15)
    if title:
        ax.set_title(title)
    return ax
