"""Tables beside the figures: while ``figures`` runs a notebook, every table the notebook shows is also written
to CSV, so a reader can reuse the numbers without re-running or copying them out of the HTML.

The kernel is asked to do it (the runner starts the recording in a cell of its own, removed from the saved
copy): the frame a cell displays is the exact frame, where the HTML output is rounded and truncated.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..plots import export, figures_dir

TABLES_FOLDER = "tables"  # inside the figures folder


def tables_dir() -> Path:
    """Where ``figures`` writes the tables: ``tables/`` inside :func:`framings.plots.figures_dir`.

    Returns
    -------
    pathlib.Path
        The folder (not created here).

    Examples
    --------
    >>> from framings.project import tables_dir
    >>> tables_dir().name
    'tables'
    """
    return figures_dir() / TABLES_FOLDER


def record_tables(notebook: str, folder: Path | str | None = None) -> Path:
    """Write every DataFrame (or Styler) this IPython kernel displays from now on to ``<notebook>-cell<N>.csv``.

    ``N`` counts the code cells run after this call (in a run from the top, with this call in a cell of its
    own before them, it is the cell's place among the notebook's code cells); a second table of one cell gets
    ``-2``, and so on. The notebook's tables from an earlier run are
    removed first, so the folder holds exactly one run's tables. Files are written by :func:`framings.export`
    (atomic; cells that a spreadsheet would run as a formula neutralised).

    Parameters
    ----------
    notebook : str
        The notebook's name without ``.ipynb`` (``03-keyness``): the prefix of every file.
    folder : pathlib.Path or str or None, default None
        Where to write; default :func:`tables_dir`.

    Returns
    -------
    pathlib.Path
        The folder.

    Raises
    ------
    RuntimeError
        Outside an IPython kernel (there is nothing to record).

    Examples
    --------
    The runner calls it in the kernel of each notebook it executes; by hand, in a notebook:

    >>> from framings.project import record_tables
    >>> record_tables("my-notebook", "tables")  # doctest: +SKIP
    """
    from IPython import get_ipython  # IPython is there whenever a kernel is: imported on first use

    shell = get_ipython()
    if shell is None:
        raise RuntimeError("record_tables: not in an IPython kernel; call it from a notebook cell.")
    target = Path(folder) if folder is not None else tables_dir()
    for stale in target.glob(f"{notebook}-cell*.csv"):  # nothing when the folder does not exist
        stale.unlink()
    first = shell.execution_count  # the cell calling this; the next code cell is number 1
    shown: dict[int, int] = {}  # cell number -> tables written by that cell

    def write(frame: pd.DataFrame) -> None:
        count = shell.execution_count - first
        shown[count] = shown.get(count, 0) + 1
        suffix = "" if shown[count] == 1 else f"-{shown[count]}"
        target.mkdir(parents=True, exist_ok=True)  # only once there is a table: a notebook without one leaves none
        export(frame, target / f"{notebook}-cell{count:02d}{suffix}.csv")

    html = shell.display_formatter.formatters["text/html"]

    def frame_html(frame: pd.DataFrame):
        write(frame)
        return frame._repr_html_()

    def styler_html(styler):
        write(styler.data)
        return styler._repr_html_()

    html.for_type(pd.DataFrame, frame_html)
    html.for_type("pandas.io.formats.style.Styler", styler_html)
    return target
