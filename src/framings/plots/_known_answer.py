"""Figures of the known-answer notebook (07): they take the frame of :func:`framings.simulate.recovery_summary` and draw."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

import numpy as np

from ..simulate import KNOWN_ANSWER_METHODS

_MARKERS = {"keyness": "o", "log-odds": "s", "permutation": "^", "topics": "D", "lexicon": "v"}


def known_answer_plot(summary: pd.DataFrame, measure: str = "recovery", x: str = "n_docs",
                      nominal: float | None = None, ax: Axes | None = None, title: str | None = None,
                      xlabel: str | None = None, label: str | None = None, target: float | None = None) -> Axes:
    """Rate of ``measure`` per method against ``x``, with its binomial interval, beside a nominal rate.

    Parameters
    ----------
    summary : pandas.DataFrame
        From :func:`framings.simulate.recovery_summary`.
    measure : str, default "recovery"
        Which rows to draw: ``"recovery"``, ``"false alarm"`` or ``"false alarm per term"``.
    x : str, default "n_docs"
        Column on the horizontal axis: ``"n_docs"`` or ``"extra_per_10k"`` (a line per method), or
        ``"method"`` (a dot and whisker per method).
    nominal : float, optional
        A dashed horizontal line at this rate (the nominal α), labelled.
    ax : matplotlib Axes, optional
        Where to draw; default a new figure.
    title : str, optional
        The title (state the finding).
    xlabel : str, optional
        Label of the horizontal axis; default from ``x``.
    label : str, optional
        Legend label of the lines (``"{method}"`` is replaced by each method's name); default the method's name.
    target : float, optional
        A dotted horizontal line at this rate (a target power), labelled.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If ``summary`` has no rows of ``measure``.

    Examples
    --------
    >>> import pandas as pd
    >>> summary = pd.DataFrame({"n_docs": [10, 20], "extra_per_10k": 50.0, "method": "lexicon",
    ...                         "measure": "recovery", "runs": 10, "events": [6, 10], "rate": [0.6, 1.0],
    ...                         "ci_low": [0.26, 0.69], "ci_high": [0.88, 1.0], "nominal": float("nan"),
    ...                         "interval": "clopper-pearson"})
    >>> ax = known_answer_plot(summary)
    >>> ax.get_ylabel()
    'share of runs'
    """
    import matplotlib.pyplot as plt  # heavy (matplotlib): imported on first use
    from matplotlib.ticker import (
        PercentFormatter,  # heavy (matplotlib): imported on first use
    )

    rows = summary[summary["measure"] == measure]
    if rows.empty:
        raise ValueError(f"known_answer_plot(): summary has no {measure!r} rows; measures present: "
                         f"{sorted(summary['measure'].unique())}")
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4.5))
    methods = list(dict.fromkeys(rows["method"]))

    palette = plt.get_cmap("tab10").colors
    # one colour per method in every figure; with ``label`` (several calls on one Axes) one colour per call
    colors = {m: palette[(KNOWN_ANSWER_METHODS.index(m) if m in KNOWN_ANSWER_METHODS else len(KNOWN_ANSWER_METHODS)) % 10] for m in methods} \
        if label is None else {m: palette[len(ax.containers) % 10] for m in methods}
    if x == "method":
        # several labelled calls on one Axes sit side by side: each later call a little to the right
        shift = 0.18 * len(ax.get_legend_handles_labels()[1]) if label is not None else 0.0
        positions = np.arange(len(methods))
        for i, (position, method) in enumerate(zip(positions, methods)):
            row = rows[rows["method"] == method].iloc[0]
            at = position + shift
            ax.errorbar([at], [row["rate"]],
                        yerr=[[row["rate"] - row["ci_low"]], [row["ci_high"] - row["rate"]]],
                        fmt=_MARKERS.get(method, "o"), color=colors[method], capsize=4, markersize=8,
                        label=label if label is not None and i == 0 else None)
            ax.annotate(f"{int(row['events'])}/{int(row['runs'])}", (at, row["ci_high"]), xytext=(0, 4),
                        textcoords="offset points", ha="center", fontsize=9)
        ax.set_xticks(positions, methods)
        ax.set_xlim(-0.5, len(methods) - 0.5 + shift)
        if label is not None:
            ax.legend(fontsize=9, loc="best")
    else:
        for i, method in enumerate(methods):
            part = rows[rows["method"] == method].sort_values(x)
            offset = (i - (len(methods) - 1) / 2) * 0.012 * (part[x].max() - part[x].min() or 1)
            ax.errorbar(part[x] + offset, part["rate"],
                        yerr=[part["rate"] - part["ci_low"], part["ci_high"] - part["rate"]],
                        marker=_MARKERS.get(method, "o"), color=colors[method], capsize=3,
                        label=(label or "{method}").replace("{method}", method))
        ax.set_xticks(sorted(rows[x].unique()))
        ax.legend(title="method" if label is None else None, fontsize=9, loc="best")
    if nominal is not None:
        ax.axhline(nominal, color="black", linestyle="--", linewidth=1)
        ax.annotate(f"nominal α = {nominal:g}", (1.0, nominal), xycoords=("axes fraction", "data"),
                    xytext=(-4, 4), textcoords="offset points", ha="right", fontsize=9)
    if target is not None:
        ax.axhline(target, color="0.35", linestyle=":", linewidth=1.2)
        ax.annotate(f"{target:.0%} power", (0.0, target), xycoords=("axes fraction", "data"),
                    xytext=(4, 4), textcoords="offset points", ha="left", fontsize=9, color="0.35")
    interval = str(rows["interval"].iloc[0]).replace("clopper-pearson", "Clopper-Pearson").replace("wilson", "Wilson")
    ax.set_ylabel("share of runs" if measure != "false alarm per term" else "share of tested terms")
    ax.set_xlabel(xlabel or {"n_docs": "documents in the corpus (half of them in each group)",
                             "extra_per_10k": "extra occurrences of each planted term per 10,000 words",
                             "method": f"method (bars: 95% {interval} interval)"}.get(x, x))
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    # recovery spans 0-100 %; false alarms are read near α, so their axis ends just above the highest interval
    top = 1.05 if measure == "recovery" else min(1.05, max(0.3, float(rows["ci_high"].max()) + 0.05))
    ax.set_ylim(-0.02 * top, top)
    if title:
        ax.set_title(title)
    return ax
