"""One look for every figure, one colour per framing, one helper to save figures.

Plotting functions take a frame from a computing function and ``ax=None`` and
return the ``Axes``; :func:`save_figure` writes ``figures/NN-slug.png`` plus a JSON
sidecar (notebook, parameters, corpus checksum, package versions, git commit).
PNG bytes are deterministic: no timestamp or software version is written.
"""
from __future__ import annotations

import json
import os
import subprocess
from importlib import metadata
from pathlib import Path

from .errors import CorpusError

# Fixed colours for the project's three framings (colour-blind-safe, Okabe & Ito 2008);
# any other label gets the next colour of the palette, in sorted order.
FRAMING_COLORS = {
    "alliance": "#D55E00",
    "authoritarian-survival": "#0072B2",
    "strategic-autonomy": "#009E73",
}
EXTRA_COLORS = ["#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000", "#999999"]
_PACKAGES = ["framings", "pandas", "numpy", "scipy", "scikit-learn", "matplotlib", "seaborn", "nltk"]


def framing_colors(labels=None) -> dict[str, str]:
    """Colour per framing label: the three project framings fixed, others derived in sorted order."""
    labels = sorted(set(labels)) if labels is not None else sorted(FRAMING_COLORS)
    colors, extra = {}, iter(EXTRA_COLORS * 10)
    for label in labels:
        colors[label] = FRAMING_COLORS.get(label) or next(extra)
    return colors


def use_style() -> None:
    """The project's matplotlib look (seaborn whitegrid, fixed font sizes and DPI).

    The backend is left alone: Agg when headless, the inline (Agg-based) backend in a
    notebook kernel, so executed notebooks show their figures in the HTML report.
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
    """Where figures go: ``$FRAMINGS_FIGURES`` or the project's ``figures/``."""
    env = os.environ.get("FRAMINGS_FIGURES")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "figures"


def _notebook_name(notebook: str | None) -> str:
    name = notebook or os.environ.get("FRAMINGS_NOTEBOOK") or os.environ.get("JPY_SESSION_NAME")
    if not name:
        raise CorpusError("save_figure(): cannot tell which notebook is running; pass notebook='01-corpus' "
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


def _git_commit() -> str | None:
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, timeout=5,
                             cwd=Path(__file__).resolve().parent)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None


def save_figure(fig, slug: str, notebook: str | None = None, parameters: dict | None = None,
                caption: str | None = None, corpus_path=None) -> Path:
    """Save ``fig`` as ``figures/NN-slug.png`` (NN = notebook number) with a JSON sidecar.

    ``caption`` is the one-line caption for the figure catalogue; ``parameters`` the
    notebook parameters that shaped it. Returns the PNG path.
    """
    from .corpus import corpus_checksum

    name = _notebook_name(notebook)
    number = name.split("-", 1)[0]
    if not number.isdigit():
        raise CorpusError(f"save_figure(): notebook name {name!r} does not start with its number (NN-title)")
    out_dir = figures_dir()
    out_dir.mkdir(parents=True, exist_ok=True)
    png = out_dir / f"{number}-{slug}.png"
    fig.savefig(png, metadata={"Software": None}, bbox_inches="tight")
    sidecar = {
        "figure": png.name,
        "caption": caption or (fig._suptitle.get_text() if fig._suptitle else
                               (fig.axes[0].get_title() if fig.axes else "")),
        "notebook": f"{name}.ipynb",
        "parameters": parameters or {},
        "corpus_checksum": corpus_checksum(corpus_path),
        "packages": _package_versions(),
        "git_commit": _git_commit(),
    }
    png.with_suffix(".json").write_text(json.dumps(sidecar, indent=2, ensure_ascii=False, default=str) + "\n",
                                        encoding="utf-8")
    return png


def bar_terms(frame, value: str, term: str = "term", color=None, ax=None, xlabel: str | None = None,
              title: str | None = None):
    """Horizontal bars of ``value`` per ``term`` (top to bottom in frame order); returns the Axes."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots()
    ax.barh(list(frame[term])[::-1], list(frame[value])[::-1], color=color)
    ax.set_xlabel(xlabel or value)
    if title:
        ax.set_title(title)
    return ax


def facet_bars(frame, group: str, term: str, value: str, n: int = 15, colors: dict | None = None,
               xlabel: str | None = None, title: str | None = None, sharex: bool = False):
    """One panel per group with its top ``n`` terms by ``value`` as horizontal bars; returns the Figure.

    ``frame`` is tidy (one row per group and term), e.g. from :func:`framings.tf_idf`.
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
