"""Run the notebooks headless: each in a fresh kernel, two at a time, failing on the first error.

``make figures`` → :func:`run_notebooks`, then :func:`framings.project.write_catalogue`; the site is
built by :func:`framings.project.build_report` (``make report``).
"""

from __future__ import annotations

import os
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, Iterable

from .._io import atomic_write_text
from .._paths import checkout_root
from ..errors import CorpusError
from ._shutdown import worker_init


def project_root() -> Path:
    """The checkout framings runs from; installed from a wheel, the current working folder.

    Returns
    -------
    pathlib.Path
        The checkout's root (``pyproject.toml`` beside ``src/``), else the working folder.

    Examples
    --------
    >>> from framings.project import project_root
    >>> project_root().is_dir()
    True
    """

    return checkout_root() or Path.cwd()


def notebook_paths(folder: Path | str | None = None) -> list[Path]:
    """The numbered notebooks (``NN-title.ipynb``) of ``folder``, in reading order.

    ``folder`` defaults to the checkout's ``notebooks/``; installed from a wheel there is
    none, and :class:`CorpusError` says to name a folder (``--notebooks DIR``).

    Parameters
    ----------
    folder : pathlib.Path or str or None, default None
        A folder of ``NN-title.ipynb`` notebooks; ``None``: the checkout's ``notebooks/``.

    Returns
    -------
    list of pathlib.Path
        The notebooks, sorted by number.

    Raises
    ------
    CorpusError
        When there is no such folder (or none is given outside a checkout).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from framings.project import notebook_paths
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> for name in ("02-keyness.ipynb", "01-corpus.ipynb", "notes.ipynb"):
    ...     _ = (folder / name).write_text("{}")
    >>> [p.name for p in notebook_paths(folder)]
    ['01-corpus.ipynb', '02-keyness.ipynb']
    """

    if folder is None and checkout_root() is None:
        raise CorpusError("no notebooks folder: framings is installed, not run from a checkout; pass the folder "
                          "of your notebooks (python -m framings figures --notebooks DIR)")
    folder = Path(folder) if folder else project_root() / "notebooks"
    if not folder.is_dir():
        raise CorpusError(f"{folder}: no such notebooks folder; pass --notebooks DIR (a folder of NN-*.ipynb)")
    return sorted(p for p in folder.glob("[0-9][0-9]-*.ipynb"))


def exercise_paths(folder: Path | str | None = None) -> list[Path]:
    """The worked exercise solutions (``notebooks/exercises/NN-*.ipynb``).

    Parameters
    ----------
    folder : pathlib.Path or str or None, default None
        The exercises folder; ``None``: ``notebooks/exercises`` of the checkout.

    Returns
    -------
    list of pathlib.Path
        The ``NN-*.ipynb`` files, sorted (empty when the folder has none).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from framings.project import exercise_paths
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "03-solutions.ipynb").write_text("{}")
    >>> [p.name for p in exercise_paths(folder)]
    ['03-solutions.ipynb']
    """
    folder = Path(folder) if folder else project_root() / "notebooks" / "exercises"
    return sorted(p for p in folder.glob("[0-9][0-9]-*.ipynb"))


def cell_errors(notebook: "nbformat.NotebookNode") -> list[str]:
    """Every error output of an executed notebook: ``cell N: Name: value`` (N counts code cells from 1).

    Parameters
    ----------
    notebook : nbformat.NotebookNode
        An executed notebook (``nbformat`` node).

    Returns
    -------
    list of str
        One line per failed cell, in order; empty when every cell ran.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1/0")])
    >>> nb.cells[0].outputs = [nbformat.v4.new_output("error", ename="ZeroDivisionError", evalue="division by zero")]
    >>> cell_errors(nb)
    ['cell 1: ZeroDivisionError: division by zero']
    """
    errors = []
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    for number, cell in enumerate(code_cells, start=1):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                value = " ".join(str(output.get("evalue", "")).split())
                errors.append(f"cell {number}: {output.get('ename', 'Error')}: {value[:300]}")
    return errors


def execute_notebook(path: Path | str, timeout: int = 1800, figures: Path | str | None = None,
                     corpus: Path | str | None = None, executed_dir: Path | str | None = None,
                     progress: bool = False) -> "nbformat.NotebookNode":
    """Run one notebook top to bottom in a fresh kernel; raise :class:`CorpusError` listing every failed cell.

    Every cell runs even after one fails, so one run names all the failing cells (later
    failures may follow from the first). The source notebook is not written (notebooks
    are stored without outputs); with ``executed_dir`` the executed copy is saved there
    (for the HTML report). ``figures``/``corpus`` redirect
    ``FRAMINGS_FIGURES``/``FRAMINGS_CORPUS`` for the run. With ``progress`` a line goes
    to standard error as the notebook starts, every few seconds while it runs and when it
    ends: ``name: cell n/N, elapsed`` (so a long first run is never silent).

    Parameters
    ----------
    path : pathlib.Path or str
        The notebook.
    timeout : int, default 1800
        Seconds a cell may run.
    figures : pathlib.Path or str or None, default None
        Folder for the figures (``FRAMINGS_FIGURES`` during the run).
    corpus : pathlib.Path or str or None, default None
        The corpus folder (``FRAMINGS_CORPUS`` during the run).
    executed_dir : pathlib.Path or str or None, default None
        Where to save the executed copy.
    progress : bool, default False
        Print the progress lines to standard error.

    Returns
    -------
    nbformat.NotebookNode
        The executed notebook.

    Raises
    ------
    CorpusError
        Listing every failed cell.

    Examples
    --------
    Starting a kernel takes seconds, so this example is not run by the doctests:

    >>> from framings.project import execute_notebook, notebook_paths
    >>> notebook = execute_notebook(notebook_paths()[0], figures="/tmp/figures")  # doctest: +SKIP
    """
    import nbformat  # optional extra [notebooks]: imported on first use
    from nbclient import (
        NotebookClient,  # optional extra [notebooks]: imported on first use
    )
    from nbclient.exceptions import (
        CellExecutionError,  # optional extra [notebooks]: imported on first use
    )

    path = Path(path)
    notebook = nbformat.read(path, as_version=4)
    env_backup = dict(os.environ)
    os.environ["FRAMINGS_NOTEBOOK"] = path.stem
    os.environ.setdefault("PYTHONHASHSEED", "0")
    if figures:
        os.environ["FRAMINGS_FIGURES"] = str(Path(figures).resolve())
    if corpus:
        os.environ["FRAMINGS_CORPUS"] = str(Path(corpus).resolve())
    try:
        hooks = _progress_hooks(path.name, notebook) if progress else {}
        client = NotebookClient(notebook, timeout=timeout, kernel_name="python3", allow_errors=True,
                                resources={"metadata": {"path": str(path.parent)}}, **hooks)
        try:
            client.execute()
        finally:
            if progress:
                hooks["on_notebook_complete"]()  # also ends the heartbeat
    except CellExecutionError as err:  # a timeout or a dead kernel (cell errors are collected below)
        last = [line for line in str(err).splitlines() if line.strip()]
        raise CorpusError(f"{path}: a cell failed: {last[-1] if last else err}") from err
    finally:
        os.environ.clear()
        os.environ.update(env_backup)
    if executed_dir:

        content = nbformat.writes(notebook)
        atomic_write_text(Path(executed_dir) / path.name, content if content.endswith("\n") else content + "\n")
    errors = cell_errors(notebook)
    if errors:
        raise CorpusError(f"{path}: {len(errors)} cell(s) failed:\n  " + "\n  ".join(errors))
    return notebook


PROGRESS_EVERY = 5.0  # seconds between two progress lines of one notebook


HEARTBEAT = 20.0      # seconds of one running cell between two lines


def _progress_hooks(name: str, notebook) -> dict:
    """nbclient hooks that write ``name: cell n/N, elapsed`` lines to standard error."""


    total = sum(cell.cell_type == "code" for cell in notebook.cells)
    state = {"start": time.perf_counter(), "done": 0, "last": 0.0}
    finished = threading.Event()

    def line(text: str) -> None:
        elapsed = time.perf_counter() - state["start"]
        sys.stderr.write(f"  {name}: {text}, {elapsed:.0f} s\n")
        sys.stderr.flush()
        state["last"] = elapsed

    def heartbeat() -> None:  # a long cell (the K sweep) still shows a line every HEARTBEAT seconds
        while not finished.wait(HEARTBEAT):
            if time.perf_counter() - state["start"] - state["last"] >= HEARTBEAT:
                line(f"cell {state['done'] + 1}/{total} running")

    threading.Thread(target=heartbeat, daemon=True).start()

    def on_cell_executed(cell, cell_index, **_):
        if cell.cell_type != "code":
            return
        state["done"] += 1
        if time.perf_counter() - state["start"] - state["last"] >= PROGRESS_EVERY:
            line(f"cell {state['done']}/{total}")

    def on_notebook_complete(**_):
        if not finished.is_set():
            finished.set()
            line(f"cell {state['done']}/{total} done")

    line(f"cell 0/{total} started")
    return {"on_cell_executed": on_cell_executed, "on_notebook_complete": on_notebook_complete}


def _execute_quietly(args):
    path, kwargs = args
    execute_notebook(path, **kwargs)
    return str(path)


def run_notebooks(paths: Iterable[Path | str] | None = None, jobs: int = 2, **kwargs: Any) -> list[str]:
    """Execute notebooks, ``jobs`` at a time (they are independent: each loads the corpus itself).

    Fails fast: at the first notebook that fails, no further notebook starts, the ones
    running are stopped, and :class:`CorpusError` lists every failed cell of it. Returns
    the executed paths in order.

    Parameters
    ----------
    paths : iterable of pathlib.Path or str or None, default None
        The notebooks; ``None``: :func:`notebook_paths`.
    jobs : int, default 2
        Notebooks run at a time.
    **kwargs
        Passed to :func:`execute_notebook` (``timeout``, ``figures``, ``corpus``, ``executed_dir``).

    Returns
    -------
    list of str
        The executed paths, in order.

    Raises
    ------
    CorpusError
        At the first notebook that fails, listing its failed cells.

    Examples
    --------
    Executing notebooks takes minutes, so this example is not run by the doctests:

    >>> from framings.project import run_notebooks
    >>> done = run_notebooks(jobs=2, figures="/tmp/figures")  # doctest: +SKIP
    """
    from concurrent.futures import (  # heavy (process pool start-up): imported on first use
        FIRST_COMPLETED,
        wait,
    )

    paths = [Path(p) for p in (paths or notebook_paths())]
    if jobs <= 1 or len(paths) <= 1:
        return [_execute_quietly((p, kwargs)) for p in paths]

    pool = ProcessPoolExecutor(max_workers=jobs, initializer=worker_init)
    futures = {pool.submit(_execute_quietly, (p, kwargs)): p for p in paths}
    pending = set(futures)
    try:
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in sorted(done, key=lambda f: paths.index(futures[f])):
                future.result()  # raises the notebook's CorpusError
    except BaseException:
        for future in pending:
            future.cancel()
        processes = list(getattr(pool, "_processes", {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:  # stop the notebooks still running (their kernels exit with them)
            if process.is_alive():
                process.terminate()
        raise
    pool.shutdown()
    return [str(p) for p in paths]
