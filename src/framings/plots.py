"""One look for every figure, one colour per framing, one helper to save figures.

Plotting functions take a frame from a computing function and ``ax=None`` and
return the ``Axes``; :func:`save_figure` writes ``figures/NN-slug.png`` plus a JSON
sidecar (notebook, parameters, corpus checksum, package versions, SHA-256 of ``requirements.lock``).
The sidecar names nothing that changes between clones (no git commit, no path, no time), so
``make figures`` on a clean clone with the same lock and corpus rewrites identical files.
PNG bytes are deterministic: no timestamp or software version is written.
"""
from __future__ import annotations

import hashlib
import json
import os
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence

from .errors import CorpusError

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
from .layout import rows_figsize  # noqa: E402,F401  (fr.plots.rows_figsize: capped sizes for per-document figures)

# Fixed colours for the project's three framings (colour-blind-safe, Okabe & Ito 2008);
# any other label gets the next colour of the palette, in sorted order.
FRAMING_COLORS = {
    "alliance": "#D55E00",
    "authoritarian-survival": "#0072B2",
    "strategic-autonomy": "#009E73",
}
EXTRA_COLORS = ["#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000", "#999999"]
_PACKAGES = ["framings", "pandas", "numpy", "scipy", "scikit-learn", "matplotlib", "seaborn", "nltk"]


def framing_colors(labels: Iterable[str] | None = None) -> dict[str, str]:
    """Colour per framing label: the three project framings fixed, others derived in sorted order.

    Parameters
    ----------
    labels : iterable of str or None, default None
        The labels to colour; ``None``: the three project framings.

    Returns
    -------
    dict of str to str
        Label → colour (hex), labels sorted.

    Examples
    --------
    >>> from framings.plots import framing_colors
    >>> colors = framing_colors(["strategic-autonomy", "alliance", "newcomer"])
    >>> list(colors), colors["alliance"] == framing_colors()["alliance"]
    (['alliance', 'newcomer', 'strategic-autonomy'], True)
    """
    labels = sorted(set(labels)) if labels is not None else sorted(FRAMING_COLORS)
    colors, extra = {}, iter(EXTRA_COLORS * 10)
    for label in labels:
        colors[label] = FRAMING_COLORS.get(label) or next(extra)
    return colors


def use_style() -> None:
    """The project's matplotlib look (seaborn whitegrid, fixed font sizes and DPI).

    The backend is left alone: Agg when headless, the inline (Agg-based) backend in a
    notebook kernel, so executed notebooks show their figures in the HTML report.

    Examples
    --------
    >>> import matplotlib
    >>> fr.use_style()
    >>> matplotlib.get_backend() == matplotlib.get_backend()  # the backend is left alone
    True
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    sns.set_theme(style="whitegrid", context="notebook")
    plt.rcParams.update({
        "figure.dpi": 100, "savefig.dpi": 120, "figure.figsize": (8, 4.5),
        "axes.titlesize": 12, "axes.titleweight": "bold", "axes.labelsize": 10,
        "font.family": "DejaVu Sans", "svg.hashsalt": "framings", "path.simplify": True,
    })


def figures_dir() -> Path:
    """Where figures go: ``$FRAMINGS_FIGURES``, the checkout's ``figures/``, else ``./figures`` (installed).

    Returns
    -------
    pathlib.Path
        The folder (not created here).

    Examples
    --------
    >>> from framings.plots import figures_dir
    >>> figures_dir().name == "figures" or "FRAMINGS_FIGURES" in os.environ
    True
    """
    from .paths import figures_root

    return figures_root()


def _notebook_of_parent() -> str | None:
    """The notebook a plain ``jupyter nbconvert --execute NB.ipynb`` runs: the one ``.ipynb`` argument of the
    kernel's parent process (Linux ``/proc``; JupyterLab sets ``JPY_SESSION_NAME`` instead)."""
    try:
        args = Path(f"/proc/{os.getppid()}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return None
    notebooks = [arg.decode("utf-8", "replace") for before, arg in zip([b""] + args, args)
                 if arg.endswith(b".ipynb") and not arg.startswith(b"-") and before != b"--output"]
    return notebooks[0] if len(notebooks) == 1 else None


def _notebook_name(notebook: str | None) -> str:
    name = (notebook or os.environ.get("FRAMINGS_NOTEBOOK") or os.environ.get("JPY_SESSION_NAME")
            or _notebook_of_parent())
    if not name:
        raise CorpusError("save_figure(): cannot tell which notebook is running; pass notebook='01-reading' "
                          "or set FRAMINGS_NOTEBOOK")
    return Path(name).stem


def _package_versions() -> dict[str, str]:
    versions = {}
    for package in _PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    return versions


def lock_sha256() -> str | None:
    """SHA-256 of the checkout's ``requirements.lock`` (line endings as LF), or None without one.

    The lock pins every package ``make install`` installs, so this one value names the
    whole software environment a figure was drawn in (an installed wheel has no lock: None).

    Returns
    -------
    str or None
        64 hexadecimal digits, or None when framings does not run from a checkout with a lock.

    Examples
    --------
    >>> digest = lock_sha256()
    >>> digest is None or len(digest) == 64
    True
    """
    from .paths import checkout_root

    root = checkout_root()
    lock = root / "requirements.lock" if root is not None else None
    if lock is None or not lock.is_file():
        return None
    return hashlib.sha256(lock.read_bytes().replace(b"\r\n", b"\n")).hexdigest()


def figure_title(fig: Figure) -> str:
    """The title a figure states: its suptitle, else its axes' titles (left, centre, right) joined by " | ".

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure.

    Returns
    -------
    str
        The title, ``""`` when it has none.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from framings.plots import figure_title
    >>> fig, (left, right) = plt.subplots(1, 2)
    >>> _ = left.set_title("rates"), right.set_title("shares")
    >>> figure_title(fig)
    'rates | shares'
    >>> _ = fig.suptitle("Alliance texts name Türkiye most")
    >>> figure_title(fig)
    'Alliance texts name Türkiye most'
    """
    if fig._suptitle is not None and fig._suptitle.get_text().strip():
        return fig._suptitle.get_text()
    titles = []
    for ax in fig.axes:
        for loc in ("left", "center", "right"):
            text = ax.get_title(loc=loc).strip()
            if text and text not in titles:
                titles.append(text)
    return " | ".join(titles)


def save_figure(fig: Figure, slug: str, notebook: str | None = None, parameters: dict | None = None,
                caption: str | None = None, corpus_path: Path | str | None = None, title: str | None = None) -> Path:
    """Save ``fig`` as ``figures/NN-slug.png`` (NN = notebook number) with a JSON sidecar.

    ``caption`` is the one-line caption for the figure catalogue; ``parameters`` the
    notebook parameters that shaped it. The sidecar records the figure's ``"title"``: ``title`` if
    given, else the figure's suptitle, else its axes' titles (:func:`figure_title`), so that the
    finding a title states can be checked against the numbers. Returns the PNG path; its repr
    (what a notebook shows when the cell ends with this call) is ``figures/NN-slug.png``, not
    the full path (:func:`framings.paths.shown_path`).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure.
    slug : str
        The file name after the number (``"keyness-bars"``).
    notebook : str or None, default None
        The notebook's name (``"03-keyness"``); ``None``: the running notebook's.
    parameters : dict or None, default None
        The notebook parameters that shaped the figure.
    caption : str or None, default None
        One-line caption for the catalogue (default: the title).
    corpus_path : pathlib.Path or str or None, default None
        The corpus whose checksum the sidecar records (default :func:`framings.default_corpus_path`).
    title : str or None, default None
        The finding the figure states (default :func:`figure_title`).

    Returns
    -------
    pathlib.Path
        The PNG written (its sidecar is the same path with ``.json``).

    Raises
    ------
    CorpusError
        When the notebook name does not start with its number.

    Examples
    --------
    >>> import json, tempfile, matplotlib.pyplot as plt
    >>> os.environ["FRAMINGS_FIGURES"] = tempfile.mkdtemp()
    >>> fig, ax = plt.subplots()
    >>> _ = ax.set_title("A finding")
    >>> png = fr.save_figure(fig, "demo", notebook="01-demo")
    >>> png.name, json.loads(png.with_suffix(".json").read_text())["title"]
    ('01-demo.png', 'A finding')
    >>> del os.environ["FRAMINGS_FIGURES"]
    """
    from .corpus import corpus_checksum

    name = _notebook_name(notebook)
    number = name.split("-", 1)[0]
    if not number.isdigit():
        raise CorpusError(f"save_figure(): notebook name {name!r} does not start with its number (NN-title)")
    out_dir = figures_dir()
    out_dir.mkdir(parents=True, exist_ok=True)
    png = out_dir / f"{number}-{slug}.png"
    from ._io import atomic_path, atomic_write_text

    from .layout import fit_figure

    fit_figure(fig)  # readable at any number of rows: size capped, tick labels that fit
    with atomic_path(png) as tmp:  # a reader (or an interrupted run) never sees half a figure
        fig.savefig(tmp, format="png", metadata={"Software": None}, bbox_inches="tight")
    lines = [line.strip() for line in (title if title is not None else figure_title(fig)).splitlines()]
    stated = ""
    for line in filter(None, lines):  # a line break in a title is a pause: keep it as "; " unless punctuated
        stated += (line if not stated else (" " if stated[-1] in ",;:.—(" or line[0] in "(" else "; ") + line)
    sidecar = {
        "figure": png.name,
        "title": " ".join(stated.split()),
        "caption": caption or " ".join(stated.split()),
        "notebook": f"{name}.ipynb",
        "parameters": parameters or {},
        "corpus_checksum": corpus_checksum(corpus_path),
        "packages": _package_versions(),
        "lock_sha256": lock_sha256(),
    }
    atomic_write_text(png.with_suffix(".json"), json.dumps(sidecar, indent=2, ensure_ascii=False, default=str) + "\n")
    from .paths import shown_path

    return shown_path(png)


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
    import matplotlib.pyplot as plt

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

    ``frame`` is tidy (one row per group and term), e.g. from :func:`framings.tf_idf`.

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
    import matplotlib.pyplot as plt

    groups = list(dict.fromkeys(frame[group]))
    colors = colors or framing_colors(groups)
    fig, axes = plt.subplots(1, len(groups), figsize=(3.6 * len(groups), 0.28 * n + 1.6), sharex=sharex,
                             squeeze=False)
    for ax, label in zip(axes[0], groups):
        top = frame[frame[group] == label].nlargest(n, value, keep="first")
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
    from matplotlib.colors import to_rgb

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
    the bar of the first measure and the legend explains it (``significant_label``). Panels of a column
    share their x axis. Returns the Figure.

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
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.patches import Patch

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
            ax.set_yticks(y, list(part[term]))
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
            from matplotlib.lines import Line2D

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
    import matplotlib.pyplot as plt
    import numpy as np

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
    import numpy as np

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
    import numpy as np

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


def log_odds_scatter(frame: pd.DataFrame, x: str = "total_count", y: str = "log_odds_weighted", group: str = "group",
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
    >>> fig = log_odds_scatter(fr.log_odds(counts), x="count", n_labels=2)
    >>> len([ax for ax in fig.axes if ax.get_visible()])
    2
    """
    import math

    import matplotlib.pyplot as plt
    import numpy as np

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
    (frame order, top to bottom), one dot per group, dodged vertically. Returns the Axes.

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
    import matplotlib.pyplot as plt
    import numpy as np

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
    import matplotlib.pyplot as plt
    import numpy as np

    categories = list(dict.fromkeys(frame[category]))
    hues = list(dict.fromkeys(frame[hue]))
    colors = colors or {}
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
# frame figures (notebooks 05 and 06): each takes a computed frame and only draws
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
    from matplotlib.colors import to_rgb

    red, green, blue = to_rgb(rgba)
    return "0.1" if 0.2126 * red + 0.7152 * green + 0.0722 * blue > 0.5 else "white"


def frame_profile_dots(profile: pd.DataFrame, by: str = "doc_id", own: dict | None = None, colors: dict | None = None,
                       row_colors: dict | None = None, row_labels: dict | None = None, xmax: float | None = None,
                       ax: Axes | None = None, xlabel: str = "frame terms per 100 words", title: str | None = None) -> Axes:
    """Dot-and-whisker plot of a frame profile (e.g. :func:`framings.frame_profile`).

    One row per value of ``by`` (frame order, top to bottom), one dot per ``frame`` with its
    ``ci_low``–``ci_high`` whisker, dodged vertically and coloured by ``colors[frame]``.
    ``own`` maps a row to its own label: the dot of that frame is drawn larger with a black
    ring. Whiskers reaching beyond ``xmax`` stop at the edge with an arrow and their end
    value. ``row_labels`` (row → tick text) and ``row_colors`` (row → colour) style the
    ticks. Returns the Axes.

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
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.lines import Line2D

    rows = list(dict.fromkeys(profile[by].astype(str)))
    frames = list(dict.fromkeys(profile["frame"].astype(str)))
    colors = colors or framing_colors(frames)
    own = own or {}
    if ax is None:
        from .layout import rows_height

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
        ax.hlines(y, low, np.minimum(high, limit), color=color, linewidth=1.6)
        is_own = np.array([own.get(k) == frame for k in keys], dtype=bool)
        ax.scatter(centre[~is_own], y[~is_own], s=28, color=color, zorder=3)
        ax.scatter(centre[is_own], y[is_own], s=75, color=color, edgecolor="black", linewidth=1.4, zorder=4)
        for y_beyond, high_beyond in zip(y[high > limit], high[high > limit]):
            ax.plot([limit], [y_beyond], marker=">", color=color, markersize=6, clip_on=False, zorder=3)
            ax.text(limit, y_beyond - 0.13, f"interval runs to {high_beyond:.1f}", ha="right", va="bottom",
                    fontsize=7.5, color=color)
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
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.ticker import PercentFormatter

    colors = colors or {}
    rows = [str(r) for r in shares.index]
    if ax is None:
        from .layout import rows_height

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


def annotated_heatmap(values: pd.DataFrame, text: pd.DataFrame | None = None, digits: int = 2, cmap: str = "viridis",
                      vmin: float | None = None, vmax: float | None = None, symmetric: bool = False,
                      row_colors: dict | None = None, col_colors: dict | None = None, cbar_label: str = "",
                      ax: Axes | None = None, title: str | None = None, fontsize: float = 8.5,
                      xrotation: float = 0) -> Axes:
    """Heatmap of a wide table, every cell annotated.

    ``values`` (rows × columns, drawn in their order) sets the colours; ``text`` (same shape, strings)
    the annotations, by default the values rounded to ``digits``. ``symmetric=True`` centres the
    colours on 0 (limits ±max |value| unless ``vmax``). Tick labels take ``row_colors`` /
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
    import matplotlib.pyplot as plt
    import numpy as np

    from .layout import MAX_WIDTH_INCHES, MIN_FONT_SIZE, rows_height

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


MAP_LEGEND_DOCUMENTS = 15  # paragraph_map_scatter: one legend entry per document up to this many


def paragraph_map_scatter(coords: pd.DataFrame, colors: dict | None = None,
                          markers: Sequence[str] = ("o", "s", "^", "D", "v", "P", "X", "*", "h"),
                          ax: Axes | None = None, xlabel: str = "first component (no units)",
                          ylabel: str = "second component (no units)", title: str | None = None) -> Axes:
    """Scatter of a paragraph map (e.g. :func:`framings.paragraph_map`): ``x, y`` per paragraph,
    coloured by ``framing`` and marked by ``doc_id`` (markers cycle in order of first appearance),
    one legend entry per document. Returns the Axes.

    Parameters
    ----------
    coords : pandas.DataFrame
        From :func:`framings.paragraph_map`: ``doc_id, framing, x, y``.
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
    import matplotlib.pyplot as plt

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
        from matplotlib.lines import Line2D

        shown = list(dict.fromkeys(coords["framing"].astype(str)))
        handles = [Line2D([], [], marker="o", linestyle="", color=colors.get(f, "0.4"), label=f) for f in shown]
        ax.legend(handles=handles, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1), title_fontsize=8,
                  title=f"label ({len(documents)} documents;\nmarkers cycle over them)")
    if title:
        ax.set_title(title)
    return ax


def precision_dots(precision: pd.DataFrame, colors: dict | None = None, ax: Axes | None = None,
                   xlabel: str = "precision (share of matches that mean the frame)", title: str | None = None) -> Axes:
    """Precision per frame with its interval (e.g. :func:`framings.lexicon_precision`): one row per
    ``frame``, a dot at ``precision``, a whisker ``ci_low``–``ci_high``, and "correct of n" beside it.
    Returns the Axes.

    Parameters
    ----------
    precision : pandas.DataFrame
        From :func:`framings.lexicon_precision`.
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
    >>> ax = precision_dots(fr.lexicon_precision(checked))
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['alliance']
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import PercentFormatter

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
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

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
    import matplotlib.pyplot as plt
    import numpy as np

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
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.lines import Line2D

    topics = list(dict.fromkeys(prevalence["topic"]))
    groups = order or list(dict.fromkeys(prevalence["group"]))
    labels, colors = labels or {}, colors or {}
    scale = 100.0 if percent else 1.0
    width = max(2.6, min(3.6, 11.5 / len(topics)))
    from .layout import rows_height

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
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.patches import Rectangle

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


def lexical_dispersion(positions: pd.DataFrame, documents: Sequence[str], colors: dict[str, str] | None = None,
                       ax: Axes | None = None, xlabel: str = "position in the document (share of its words)",
                       title: str | None = None) -> Axes:
    """A lexical dispersion plot: one row per document, a tick at each occurrence of each term.

    Parameters
    ----------
    positions : pandas.DataFrame
        :func:`framings.reading.term_positions` output (``doc_id, term, relative_position``).
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
    import matplotlib.pyplot as plt

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
