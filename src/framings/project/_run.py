"""Run the notebooks headless: each in a fresh kernel, two at a time, failing on the first error.

A run ends with a one-screen summary per notebook (:func:`run_summary`): cells run, sections
skipped because the corpus lacks what they need (the lines ``Skipped: …`` that
:func:`framings.course.needs` prints), failed cells. The kernels' own log lines go to a file
beside the executed notebooks, not to the terminal.

``make figures`` → :func:`run_notebooks`, then :func:`framings.project.write_catalogue`; the site is
built by :func:`framings.project.build_report` (``make report``).
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, Iterable

from .._io import atomic_write_text
from .._paths import checkout_root
from ..errors import CorpusError
from ._shutdown import _signal, _signal_group, descendants, worker_init


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
    return sorted(p for p in folder.glob("[0-9][0-9]*-*.ipynb"))


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
    return sorted(p for p in folder.glob("[0-9][0-9]*-*.ipynb"))


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


SKIPPED = "Skipped: "  # how framings.course.needs starts the one line it prints for a skipped section


def skipped_sections(notebook: "nbformat.NotebookNode") -> list[str]:
    """The sections an executed notebook skipped: every printed line that starts with ``Skipped: ``.

    Parameters
    ----------
    notebook : nbformat.NotebookNode
        An executed notebook.

    Returns
    -------
    list of str
        The lines without the prefix, in order, each once.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("")])
    >>> nb.cells[0].outputs = [nbformat.v4.new_output("stream", name="stdout",
    ...                                               text="Skipped: actors (no lexicons/actors.yaml).\\n")]
    >>> skipped_sections(nb)
    ['actors (no lexicons/actors.yaml).']
    """
    lines = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if output.get("output_type") == "stream" and output.get("name") == "stdout":
                lines += [line[len(SKIPPED):].strip() for line in str(output.get("text", "")).splitlines()
                          if line.startswith(SKIPPED)]
    return list(dict.fromkeys(lines))


def execute_notebook(path: Path | str, timeout: int = 1800, figures: Path | str | None = None,
                     corpus: Path | str | None = None, executed_dir: Path | str | None = None,
                     progress: bool = False, tables: Path | str | None = None) -> "nbformat.NotebookNode":
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
    tables : pathlib.Path or str or None, default None
        Also write every table the notebook displays to CSV in this folder
        (:func:`framings.project.record_tables`, started in a cell the saved copy leaves out).

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
    # the kernel's own log lines (its TCP warning, shutdown notes) go to a file, not to the terminal
    log = (Path(executed_dir) / f"{path.stem}.kernel.log") if executed_dir else Path(os.devnull)
    log.parent.mkdir(parents=True, exist_ok=True)
    if tables:
        notebook.cells.insert(0, nbformat.v4.new_code_cell(_record_tables_source(path.stem, tables),
                                                           metadata={"framings": RECORDING_CELL}))
    try:
        hooks = _progress_hooks(path.name, notebook) if progress else {}
        try:
            for attempt in (1, 2):
                client = NotebookClient(notebook, timeout=timeout, kernel_name="python3", allow_errors=True,
                                        resources={"metadata": {"path": str(path.parent)}}, **hooks)
                try:
                    with open(log, "a" if attempt > 1 else "w", encoding="utf-8") as kernel_stderr:
                        client.execute(stderr=kernel_stderr)
                    break
                except asyncio.CancelledError as err:
                    # the wait for a new kernel's first reply was cancelled: no cell has run, so a second kernel is
                    # a clean retry (a kernel that died, e.g. ended by a stopping run, is not retried: below)
                    started = any(c.get("execution_count") for c in notebook.cells if c.cell_type == "code")
                    if attempt > 1 or started:
                        raise CorpusError(f"{path}: the kernel did not start (its start-up wait was cancelled); "
                                          f"the kernel log is {log}") from err
                    sys.stderr.write(f"  {path.name}: the kernel did not start; starting another\n")
                except RuntimeError as err:  # nbclient's DeadKernelError, "Kernel died before replying", …
                    raise CorpusError(f"{path}: the kernel died ({err}); the kernel log is {log}") from err
        finally:
            if progress:
                hooks["on_notebook_complete"]()  # also ends the heartbeat
    except CellExecutionError as err:  # a timeout or a dead kernel (cell errors are collected below)
        last = [line for line in str(err).splitlines() if line.strip()]
        failure = CorpusError(f"{path}: a cell failed: {last[-1] if last else err}")
        failure.notebook = notebook
        raise failure from err
    finally:
        os.environ.clear()
        os.environ.update(env_backup)
        if tables:
            _drop_recording_cell(notebook)
    if executed_dir:

        content = nbformat.writes(notebook)
        atomic_write_text(Path(executed_dir) / path.name, content if content.endswith("\n") else content + "\n")
    errors = cell_errors(notebook)
    if errors:
        failure = CorpusError(f"{path}: {len(errors)} cell(s) failed:\n  " + "\n  ".join(errors))
        failure.notebook = notebook  # for the run's summary (skipped sections, cells run)
        raise failure
    return notebook


RECORDING_CELL = "record-tables"  # metadata of the cell the runner adds (not counted, not saved)


def _record_tables_source(notebook: str, folder: Path | str) -> str:
    """The cell that starts :func:`framings.project.record_tables` in a kernel."""
    return (f"import framings.project\n"
            f"framings.project.record_tables({notebook!r}, {str(Path(folder).resolve())!r})")


def _drop_recording_cell(notebook) -> None:
    """Remove the cell :func:`_record_tables_source` added, and number the notebook's own cells from 1 again
    (the executed copy reads as if it had not been there)."""
    recording = notebook.cells.pop(0)
    for output in recording.get("outputs", []):
        if output.get("output_type") == "error":  # the notebook ran; only its tables are missing
            sys.stderr.write(f"  tables not written: {output.get('ename')}: {output.get('evalue')}\n")
    for cell in notebook.cells:
        if cell.cell_type != "code" or cell.get("execution_count") is None:
            continue
        cell.execution_count -= 1
        for output in cell.get("outputs", []):
            if output.get("execution_count") is not None:
                output.execution_count -= 1


PROGRESS_EVERY = 5.0  # seconds between two progress lines of one notebook


HEARTBEAT = 20.0      # seconds of one running cell between two lines


def _progress_hooks(name: str, notebook) -> dict:
    """nbclient hooks that write ``name: cell n/N, elapsed`` lines to standard error."""


    def counted(cell) -> bool:
        return cell.cell_type == "code" and cell.metadata.get("framings") != RECORDING_CELL

    total = sum(counted(cell) for cell in notebook.cells)
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
        if not counted(cell):
            return
        state["done"] += 1
        if time.perf_counter() - state["start"] - state["last"] >= PROGRESS_EVERY:
            line(f"cell {state['done']}/{total}")

    def on_notebook_complete(**_):
        if not finished.is_set():
            finished.set()
            line(f"cell {state['done']}/{total} {'done' if state['done'] == total else 'ended'}")

    line(f"cell 0/{total} started")
    return {"on_cell_executed": on_cell_executed, "on_notebook_complete": on_notebook_complete}


# the variables the BLAS libraries under numpy/scipy/scikit-learn read for their thread count
BLAS_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def blas_thread_share(jobs: int, cpus: int | None = None) -> dict[str, str]:
    """The BLAS thread settings each of ``jobs`` notebooks run at once gets: its share of the cores.

    A kernel's BLAS starts a thread per core; two kernels doing so on two cores made small products 10-15 times
    slower (a logistic-regression fit 2.67 s with threads, 0.19 s with one, notebook 06 on 1,553 paragraphs). A
    variable already set (the user's own choice) is kept.

    Parameters
    ----------
    jobs : int
        Notebooks run at once.
    cpus : int or None, default None
        Cores to share (``os.cpu_count()`` when None).

    Returns
    -------
    dict
        Variable name -> thread count, as strings for ``os.environ``.

    Examples
    --------
    >>> blas_thread_share(2, cpus=2)["OPENBLAS_NUM_THREADS"]
    '1'
    >>> blas_thread_share(2, cpus=8)["OMP_NUM_THREADS"]
    '4'
    """
    share = str(max(1, (cpus or os.cpu_count() or 1) // max(1, jobs)))
    return {name: os.environ.get(name, share) for name in BLAS_THREAD_VARIABLES}


def _worker_with_blas_share(blas: dict[str, str]) -> None:
    """Initializer of the runner's pool workers: their signals (``worker_init``), and the BLAS share the kernels
    they start inherit."""
    worker_init()
    os.environ.update(blas)


def _execute_quietly(args) -> dict:
    """Run one notebook; its record for the summary (a failure is recorded, not raised: a worker's traceback
    would reach the terminal)."""
    path, kwargs = args
    start = time.perf_counter()
    record = {"path": str(path), "name": Path(path).name, "error": None, "failed": [], "skipped": [],
              "cells": 0, "ran": 0, "seconds": 0.0}
    try:
        notebook = execute_notebook(path, **kwargs)
    except CorpusError as err:
        notebook = getattr(err, "notebook", None)
        record["error"] = str(err)
    if notebook is not None:
        code = [cell for cell in notebook.cells if cell.cell_type == "code"]
        record.update(cells=len(code), ran=sum(cell.get("execution_count") is not None for cell in code),
                      failed=cell_errors(notebook), skipped=skipped_sections(notebook))
    record["seconds"] = time.perf_counter() - start
    return record


def _stop_workers(processes, grace: float = 5.0) -> None:
    """End pool workers and the kernels they started (a kernel runs in a session of its own, so it outlives its
    worker), then kill what is left: an idle worker can wait forever on a queue lock a terminated one held."""
    alive = [process for process in processes if process.is_alive()]
    for process in alive:  # freeze first: a worker that just finished a notebook may be starting the next
        _signal(process.pid, signal.SIGSTOP)
    kernels = [pid for process in alive for pid in descendants(process.pid)]
    for pid in kernels:
        _signal_group(pid, signal.SIGTERM)
        _signal(pid, signal.SIGTERM)
    for process in alive:
        process.terminate()
        _signal(process.pid, signal.SIGCONT)
    for process in processes:
        process.join(timeout=grace)
        if process.is_alive():
            process.kill()
            process.join(timeout=grace)


SUMMARY_LINES = 3  # failed cells and skipped sections shown per notebook in the summary (the rest counted)


def run_summary(records: list[dict], width: int = 110) -> str:
    """The one-screen summary of a run: per notebook, the cells run, the sections skipped, the cells that failed.

    Parameters
    ----------
    records : list of dict
        One per notebook, as ``run_notebooks(..., summary=True)`` returns them (``name``, ``cells``, ``ran``,
        ``seconds``, ``skipped``, ``failed``, ``error``; ``status`` ``"not run"`` for a notebook never started).
    width : int, default 110
        Longest line; a longer reason is cut with ``…``.

    Returns
    -------
    str
        The summary, one line per notebook and one per skipped section or failed cell (at most
        ``SUMMARY_LINES`` of each, the rest counted).

    Examples
    --------
    >>> print(run_summary([{"name": "05-frames.ipynb", "cells": 40, "ran": 40, "seconds": 31.0, "error": None,
    ...                     "failed": [], "skipped": ["the codebook: this corpus has no codebook.yaml."]},
    ...                    {"name": "06-labels.ipynb", "status": "not run"}]))
    summary: 1 of 2 notebook(s) ran, 1 section(s) skipped, 0 cell(s) failed
      05-frames.ipynb: 40 of 40 cells ran in 31 s; 1 section skipped
        skipped: the codebook: this corpus has no codebook.yaml.
      06-labels.ipynb: not run or stopped (the run ends at the first failing notebook)
    """
    def cut(indent: str, text: str) -> str:
        text = indent + " ".join(str(text).split())
        return text if len(text) <= width else text[:width - 1] + "…"

    ran = [r for r in records if r.get("status") not in ("not run", "stopped")]
    n_skipped = sum(len(r.get("skipped", [])) for r in ran)
    n_failed = sum(max(len(r.get("failed", [])), bool(r.get("error"))) for r in ran)
    lines = [f"summary: {len(ran)} of {len(records)} notebook(s) ran, {n_skipped} section(s) skipped, "
             f"{n_failed} cell(s) failed"]
    for r in records:
        if r.get("status") in ("not run", "stopped"):
            lines.append(f"  {r['name']}: not run or stopped (the run ends at the first failing notebook)")
            continue
        skipped, failed = r.get("skipped", []), r.get("failed", [])
        head = f"  {r['name']}: {r.get('ran', 0)} of {r.get('cells', 0)} cells ran in {r.get('seconds', 0):.0f} s"
        if skipped:
            head += f"; {len(skipped)} section{'s' if len(skipped) > 1 else ''} skipped"
        if failed or r.get("error"):
            head += f"; FAILED: {len(failed) or 1} cell(s)"
        lines.append(head)
        lines += [cut("    skipped: ", line) for line in skipped[:SUMMARY_LINES]]
        if len(skipped) > SUMMARY_LINES:
            lines.append(f"    … and {len(skipped) - SUMMARY_LINES} more skipped (see the executed notebook)")
        shown = failed or ([r["error"].splitlines()[0]] if r.get("error") else [])
        lines += [cut("    ", line) for line in shown[:SUMMARY_LINES]]
        if len(shown) > SUMMARY_LINES:
            lines.append(f"    … and {len(shown) - SUMMARY_LINES} more failed cells")
    return "\n".join(lines)


LONG_RUNNING = "long_running"  # notebook metadata ``framings.long_running``: started before the others


def start_order(paths: Iterable[Path | str]) -> list[Path]:
    """The order in which parallel runs start notebooks: the long-running ones first, each group in reading order.

    A notebook whose metadata has ``"framings": {"long_running": true}`` (the K sweep of the course) is handed
    to a worker before the others: when it starts last it runs alone at the end while the other worker idles
    (on 2,000 documents the sweep alone is about as long as all the other notebooks together). Which
    notebooks run, and the order of the summary, are unchanged.

    Parameters
    ----------
    paths : iterable of pathlib.Path or str
        The notebooks, in reading order.

    Returns
    -------
    list of pathlib.Path
        The same notebooks, long-running ones first.

    Examples
    --------
    >>> from framings.project import start_order
    >>> [p.name for p in start_order(["notebooks/01-reading.ipynb", "notebooks/04a-fitting-topics.ipynb"])]
    ['04a-fitting-topics.ipynb', '01-reading.ipynb']
    """

    def long_running(path: Path) -> bool:
        try:
            with open(path, encoding="utf-8") as handle:
                head = json.load(handle).get("metadata", {})
        except (OSError, ValueError):  # an unreadable notebook fails when it runs, with its own message
            return False
        return bool(isinstance(head, dict) and isinstance(head.get("framings"), dict)
                    and head["framings"].get(LONG_RUNNING) is True)

    paths = [Path(p) for p in paths]
    flags = [long_running(p) for p in paths]
    return [p for p, f in zip(paths, flags) if f] + [p for p, f in zip(paths, flags) if not f]


def run_notebooks(paths: Iterable[Path | str] | None = None, jobs: int = 2, summary: bool = False,
                  **kwargs: Any) -> list[str] | list[dict]:
    """Execute notebooks, ``jobs`` at a time (they are independent: each loads the corpus itself).

    Fails fast: at the first notebook that fails, no further notebook starts, the ones
    running are stopped, and :class:`CorpusError` lists every failed cell of it. Returns
    the executed paths in order. With ``progress=True`` (passed on to :func:`execute_notebook`)
    the run ends by printing :func:`run_summary` (also when a notebook failed).

    Parameters
    ----------
    paths : iterable of pathlib.Path or str or None, default None
        The notebooks; ``None``: :func:`notebook_paths`.
    jobs : int, default 2
        Notebooks run at a time.
    summary : bool, default False
        Return the per-notebook records of :func:`run_summary` instead of the paths.
    **kwargs
        Passed to :func:`execute_notebook` (``timeout``, ``figures``, ``corpus``, ``executed_dir``,
        ``progress``).

    Returns
    -------
    list of str or list of dict
        The executed paths, in order (or the records, with ``summary=True``).

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
    records: dict[Path, dict] = {}
    if jobs <= 1 or len(paths) <= 1:
        for path in paths:
            records[path] = _execute_quietly((path, kwargs))
            if records[path]["error"]:
                break
    else:
        pool = ProcessPoolExecutor(max_workers=jobs, initializer=_worker_with_blas_share,
                                   initargs=(blas_thread_share(jobs),))
        waiting = start_order(paths)
        futures: dict = {}
        pending: set = set()

        def fill() -> None:
            # a notebook is handed to the pool only when a worker is free and nothing has failed: one submitted
            # early would sit in the pool's queue, and a worker that just finished the failing notebook would
            # start it before this process has read the failure
            while waiting and len(pending) < jobs and not any(r["error"] for r in records.values()):
                path = waiting.pop(0)
                future = pool.submit(_execute_quietly, (path, kwargs))
                futures[future] = path
                pending.add(future)

        try:
            fill()
            while pending and not any(r["error"] for r in records.values()):
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    records[futures[future]] = future.result()
                fill()
        finally:
            for future in pending:
                future.cancel()
            processes = list(getattr(pool, "_processes", {}).values())
            stopping = bool(pending) or any(r["error"] for r in records.values())
            pool.shutdown(wait=False, cancel_futures=True)
            if stopping:
                _stop_workers(processes)
            pool.shutdown()
    ordered = [records.get(p, {"name": p.name, "path": str(p), "status": "not run"}) for p in paths]
    if kwargs.get("progress"):
        print(run_summary(ordered), flush=True)
    failure = next((r for r in ordered if r.get("error")), None)
    if failure is not None:
        raise CorpusError(failure["error"])
    return ordered if summary else [str(p) for p in paths]
