"""The one look of every figure: style, colours per framing (the corpus' own), computed titles and save_figure."""

from __future__ import annotations

import hashlib
import json
import os
import re
from importlib import metadata
from itertools import cycle
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

import pandas as pd

if TYPE_CHECKING:
    from matplotlib.figure import Figure

from .._io import atomic_path, atomic_write_text, contained_path, read_table_rows
from .._paths import checkout_root, corpus_folder, figures_root, shown_path
from ..corpus import corpus_checksum, read_metadata
from ..errors import CorpusError
from ._layout import fit_figure

# Colour-blind-safe (Okabe & Ito 2008): the colours of labels that the corpus' resources/colors.csv does not
# list, in sorted label order, skipping the colours the file gives.
EXTRA_COLORS = ["#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000", "#999999"]


COLORS_COLUMNS = ["label", "color"]


_HEX_COLOR = re.compile(r"#(?:[0-9A-Fa-f]{3}){1,2}")


# Titles, labels and tick labels come from data (a framing label, a term, a document title): matplotlib draws
# them as plain text, so "US$ 5 vs $ 6" shows its dollars and "cost $\undefinedmacro$" cannot fail a save
# (issue 26, output encoding by destination). Mathtext itself stays on: matplotlib's own number formatters
# write a log axis' 10^k as mathtext, and turned off globally they would print "$\mathdefault{10^{1}}$".
# These formatters write numbers, never data; tick labels from any other formatter are data and get "$" escaped.
_NUMBER_FORMATTERS = ("ScalarFormatter", "LogFormatter", "LogitFormatter", "EngFormatter", "PercentFormatter",
                      "NullFormatter")


_PACKAGES = ["framings", "pandas", "numpy", "scipy", "scikit-learn", "matplotlib", "seaborn", "nltk"]


def framing_colors(labels: Iterable[str] | None = None,
                   corpus: Path | str | pd.DataFrame | None = None) -> dict[str, str]:
    """Colour per framing label: fixed by the corpus' ``resources/colors.csv``, the others derived in sorted order.

    ``resources/colors.csv`` of the corpus holds ``label,color`` rows (a hex colour, ``#D55E00``), so
    that a framing has the same colour in every figure; lines starting with ``#`` and blank
    lines are skipped. Labels the file does not list (or every label, for a corpus without the
    file) take the colours of :data:`EXTRA_COLORS` in sorted label order, skipping colours the
    file gives, round again after the last.

    Parameters
    ----------
    labels : iterable of str or None, default None
        The labels to colour; ``None``: the framing labels of the corpus' ``metadata.csv``.
    corpus : pathlib.Path or str or pandas.DataFrame or None, default None
        A corpus folder, a frame from :func:`framings.load_corpus` (its folder), ``None`` for
        :func:`framings._paths.default_corpus_path`, or ``False`` for none (no fixed colours).

    Returns
    -------
    dict of str to str
        Label → colour (hex), labels sorted.

    Raises
    ------
    CorpusError
        When the colours file lacks the header ``label,color``, lists a label twice or holds a
        colour that is not hex; the message names the file and the line.

    Examples
    --------
    >>> from framings.plots import framing_colors
    >>> colors = framing_colors(["strategic-autonomy", "alliance", "newcomer"])
    >>> list(colors), colors["alliance"] == framing_colors()["alliance"]
    (['alliance', 'newcomer', 'strategic-autonomy'], True)
    >>> framing_colors(["red", "blue"], corpus=False)
    {'blue': '#CC79A7', 'red': '#E69F00'}
    """
    folder = corpus_folder(corpus)
    fixed = _corpus_colors(folder)
    if labels is None:
        meta = read_metadata(folder) if folder is not None else pd.DataFrame()
        labels = [label for label in meta.get("framing", []) if label]
    given = {color.upper() for color in fixed.values()}
    extra = cycle([color for color in EXTRA_COLORS if color.upper() not in given] or EXTRA_COLORS)
    return {label: fixed.get(label) or next(extra) for label in sorted(set(labels))}


def _corpus_colors(folder: Path | None) -> dict[str, str]:
    """Label → colour of ``resources/colors.csv`` of a corpus folder (``{}`` without folder or file)."""
    if folder is None:
        return {}
    path = contained_path(folder, "resources/colors.csv", str(folder), "colours file")
    colors: dict[str, str] = {}
    for number, (label, color) in read_table_rows(path, COLORS_COLUMNS, "colours file"):
        if label in colors:
            raise CorpusError(f"{path}, line {number}: the label {label!r} is listed twice")
        if not _HEX_COLOR.fullmatch(color):
            raise CorpusError(f"{path}, line {number}: colour {color!r} of {label!r} is not a hex colour "
                              "such as #D55E00")
        colors[label] = color
    return colors


def use_style() -> None:
    """The project's matplotlib look (seaborn whitegrid, fixed font sizes and DPI).

    TeX is off; mathtext is left on for matplotlib's own number labels (a log axis' 10^k), and
    :func:`save_figure` draws every text that comes from data as plain text (:func:`plain_text`).

    The backend is left alone: Agg when headless, the inline (Agg-based) backend in a
    notebook kernel, so executed notebooks show their figures in the HTML report.

    Examples
    --------
    >>> import matplotlib
    >>> fr.use_style()
    >>> matplotlib.get_backend() == matplotlib.get_backend()  # the backend is left alone
    True
    """
    import matplotlib.pyplot as plt  # heavy (matplotlib): imported on first use
    import seaborn as sns  # heavy (seaborn): imported on first use

    sns.set_theme(style="whitegrid", context="notebook")
    plt.rcParams.update({
        "figure.dpi": 100, "savefig.dpi": 120, "figure.figsize": (8, 4.5),
        "axes.titlesize": 12, "axes.titleweight": "bold", "axes.labelsize": 10,
        "font.family": "DejaVu Sans", "svg.hashsalt": "framings", "path.simplify": True, "text.usetex": False,
    })


def _escape_dollars(label: str) -> str:
    # with mathtext on, "\$" is matplotlib's literal dollar sign, and a string without an unescaped "$" is
    # drawn exactly as plain text (a backslash before a dollar in the data stays visible: "\\$" draws "\$")
    return label.replace("$", r"\$")


def _data_tick_labels(formatter):
    """``formatter`` whose labels are data (category names, ``set_xticklabels`` strings), its ``$`` escaped."""
    from matplotlib.ticker import Formatter  # heavy (matplotlib): imported on first use

    class DataTickLabels(Formatter):
        escapes_dollars = True

        def __init__(self, inner):
            self.inner = inner

        def set_axis(self, axis):
            super().set_axis(axis)
            self.inner.set_axis(axis)

        def set_locs(self, locs):
            self.inner.set_locs(locs)

        def __call__(self, x, pos=None):
            return _escape_dollars(str(self.inner(x, pos)))

        def format_ticks(self, values):
            return [_escape_dollars(str(label)) for label in self.inner.format_ticks(values)]

        def get_offset(self):
            return self.inner.get_offset()

        def format_data(self, value):
            return self.inner.format_data(value)

        def format_data_short(self, value):
            return self.inner.format_data_short(value)

    return DataTickLabels(formatter)


def plain_text(fig: Figure) -> None:
    """Draw every text of ``fig`` that comes from data (titles, labels, tick labels, legends, annotations) as
    plain text: no mathtext, no TeX.

    A ``$`` in a label is a dollar sign, and a label like ``cost $\\undefinedmacro$`` cannot fail a save.
    Texts get ``parse_math=False``; tick labels, which matplotlib formats anew at each draw, get
    their ``$`` escaped unless matplotlib's own number formatters write them (a log axis keeps its 10^k).
    :func:`save_figure` does this to every figure it saves; call it on a figure you save yourself.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure; changed in place.

    Examples
    --------
    >>> import io, matplotlib.pyplot as plt
    >>> from framings.plots import plain_text
    >>> fig, ax = plt.subplots()
    >>> _ = ax.set_title(r"cost $\\undefinedmacro$, US$ 5 vs $ 6")
    >>> _ = ax.bar(["US$ 5", "$ 6"], [5, 6])
    >>> plain_text(fig)
    >>> fig.savefig(io.BytesIO(), format="png")  # as a formula, the title would fail to parse
    >>> [label.get_text() for label in ax.get_xticklabels()]  # drawn "US$ 5" and "$ 6"
    ['US\\\\$ 5', '\\\\$ 6']
    """
    from matplotlib import ticker  # heavy (matplotlib): imported on first use
    from matplotlib.text import Text  # heavy (matplotlib): imported on first use

    number_formatters = tuple(getattr(ticker, name) for name in _NUMBER_FORMATTERS)
    texts = fig.findobj(Text)  # first: listing an axis' children makes the ticks it lacks
    formatted = set()  # texts a formatter writes at each draw: their setting is left alone
    for ax in fig.get_axes():
        for axis in filter(None, (ax.xaxis, ax.yaxis, getattr(ax, "zaxis", None))):
            formatted.add(axis.offsetText)
            for tick in axis.majorTicks + axis.minorTicks:
                formatted.update((tick.label1, tick.label2))
            for ticks in (axis.major, axis.minor):
                if isinstance(ticks.formatter, number_formatters) or getattr(ticks.formatter, "escapes_dollars", False):
                    continue
                # set on the ticker, not through set_major_formatter: the axis keeps its default-formatter flag,
                # so categories added later still update it
                ticks.formatter = _data_tick_labels(ticks.formatter)
                ticks.formatter.set_axis(axis)
    for text in texts:
        text.set_usetex(False)
        if text not in formatted:
            text.set_parse_math(False)


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
    """Save ``fig`` as ``figures/NN-slug.png`` (NN = notebook number, with its letter: ``04a``) with a JSON sidecar.

    Every text of the figure is drawn as plain text (:func:`plain_text`): a ``$`` is a dollar sign,
    never the start of a formula. ``caption`` is the one-line caption for the figure catalogue; ``parameters`` the
    notebook parameters that shaped it. The sidecar records the figure's ``"title"``: ``title`` if
    given, else the figure's suptitle, else its axes' titles (:func:`figure_title`), so that the
    finding a title states can be checked against the numbers. Returns the PNG path; its repr
    (what a notebook shows when the cell ends with this call) is ``figures/NN-slug.png``, not
    the full path (:func:`framings._paths.shown_path`).

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
        The corpus whose checksum the sidecar records (default :func:`framings._paths.default_corpus_path`).
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

    name = _notebook_name(notebook)
    number = name.split("-", 1)[0]
    if not re.fullmatch(r"\d+[a-z]?", number):  # a session split into files is numbered 04a, 04b (issue 29)
        raise CorpusError(f"save_figure(): notebook name {name!r} does not start with its number (NN-title or NNa-title)")
    out_dir = figures_dir()
    out_dir.mkdir(parents=True, exist_ok=True)
    png = out_dir / f"{number}-{slug}.png"


    plain_text(fig)  # labels from data drawn as they are: "US$ 5" is not a formula (issue 26)
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

    return shown_path(png)
