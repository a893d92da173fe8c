"""Reproduce: execute the notebooks headless, catalogue the figures, render the HTML report.

``make figures`` → :func:`run_notebooks` (each notebook in a fresh kernel, two at a time,
failing on the first error) then :func:`write_catalogue`. ``make report`` →
:func:`build_report`; ``make check-report`` → :func:`check_report` in headless Chromium.
"""
from __future__ import annotations

import html
import json
import os
import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .errors import CorpusError


def project_root() -> Path:
    """The checkout framings runs from; installed from a wheel, the current working folder."""
    from .paths import checkout_root

    return checkout_root() or Path.cwd()


def notebook_paths(folder: Path | str | None = None) -> list[Path]:
    """The numbered notebooks (``NN-title.ipynb``) of ``folder``, in reading order.

    ``folder`` defaults to the checkout's ``notebooks/``; installed from a wheel there is
    none, and :class:`CorpusError` says to name a folder (``--notebooks DIR``).
    """
    from .paths import checkout_root

    if folder is None and checkout_root() is None:
        raise CorpusError("no notebooks folder: framings is installed, not run from a checkout; pass the folder "
                          "of your notebooks (python -m framings figures --notebooks DIR)")
    folder = Path(folder) if folder else project_root() / "notebooks"
    if not folder.is_dir():
        raise CorpusError(f"{folder}: no such notebooks folder; pass --notebooks DIR (a folder of NN-*.ipynb)")
    return sorted(p for p in folder.glob("[0-9][0-9]-*.ipynb"))


def exercise_paths(folder: Path | str | None = None) -> list[Path]:
    """The worked exercise solutions (``notebooks/exercises/NN-*.ipynb``)."""
    folder = Path(folder) if folder else project_root() / "notebooks" / "exercises"
    return sorted(p for p in folder.glob("[0-9][0-9]-*.ipynb"))


def cell_errors(notebook: "nbformat.NotebookNode") -> list[str]:
    """Every error output of an executed notebook: ``cell N: Name: value`` (N counts code cells from 1).

    Parameters
    ----------
    notebook : an executed notebook (``nbformat`` node).

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
                     progress: bool = False):
    """Run one notebook top to bottom in a fresh kernel; raise :class:`CorpusError` listing every failed cell.

    Every cell runs even after one fails, so one run names all the failing cells (later
    failures may follow from the first). The source notebook is not written (notebooks
    are stored without outputs); with ``executed_dir`` the executed copy is saved there
    (for the HTML report). ``figures``/``corpus`` redirect
    ``FRAMINGS_FIGURES``/``FRAMINGS_CORPUS`` for the run. With ``progress`` a line goes
    to standard error as the notebook starts, every few seconds while it runs and when it
    ends: ``name: cell n/N, elapsed`` (so a long first run is never silent).
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

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
        from ._io import atomic_write_text

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
    import sys
    import time

    import threading

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


def run_notebooks(paths=None, jobs: int = 2, **kwargs) -> list[str]:
    """Execute notebooks, ``jobs`` at a time (they are independent: each loads the corpus itself).

    Fails fast: at the first notebook that fails, no further notebook starts, the ones
    running are stopped, and :class:`CorpusError` lists every failed cell of it. Returns
    the executed paths in order.
    """
    from concurrent.futures import FIRST_COMPLETED, wait

    paths = [Path(p) for p in (paths or notebook_paths())]
    if jobs <= 1 or len(paths) <= 1:
        return [_execute_quietly((p, kwargs)) for p in paths]
    from ._shutdown import worker_init

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


def write_catalogue(figures: Path | str | None = None) -> Path:
    """Write ``figures/README.md``: every figure as a thumbnail, its caption and its notebook."""
    from .plots import figures_dir

    folder = Path(figures) if figures else figures_dir()
    lines = ["# Figures", "",
             "Generated by `make figures` from the figure sidecars (`NN-slug.json`); do not edit by hand.", "",
             "| figure | caption | notebook |", "|---|---|---|"]
    for sidecar in sorted(folder.glob("[0-9][0-9]-*.json")):
        info = json.loads(sidecar.read_text(encoding="utf-8"))
        png = info.get("figure", sidecar.with_suffix(".png").name)
        caption = " ".join(str(info.get("caption", "")).split()).replace("|", "\\|")
        lines.append(f'| <img src="{png}" width="220" alt="{html.escape(caption)}"><br>`{png}` | {caption} '
                     f'| [`{info.get("notebook", "")}`](../notebooks/{info.get("notebook", "")}) |')
    from ._io import atomic_write_text

    return atomic_write_text(folder / "README.md", "\n".join(lines) + "\n")


_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em;line-height:1.5}}
nav a{{margin-right:1em}} img{{max-width:100%}}</style></head>
<body><nav>{nav}</nav>{body}</body></html>
"""


def build_report(executed_dir: Path | str | None = None, out_dir: Path | str | None = None) -> Path:
    """Render the executed notebooks to a static site: ``index.html`` (contents) + one page each.

    Figures are embedded in the pages (data URIs), so the site works offline and can be
    copied anywhere. Returns the path of ``index.html``.
    """
    import nbformat
    from nbconvert import HTMLExporter

    root = project_root()
    executed = Path(executed_dir) if executed_dir else root / "build" / "notebooks"
    out = Path(out_dir) if out_dir else root / "build" / "report"
    pages = sorted(executed.glob("[0-9][0-9]-*.ipynb"))
    if not pages:
        raise CorpusError(f"{executed}: no executed notebooks; run `make figures` first")
    out.mkdir(parents=True, exist_ok=True)
    from ._io import atomic_write_text

    exporter = HTMLExporter(template_name="lab")
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    entries = []
    for page in pages:
        notebook = nbformat.read(page, as_version=4)
        title = next((line.lstrip("# ").strip() for cell in notebook.cells if cell.cell_type == "markdown"
                      for line in cell.source.splitlines() if line.startswith("# ")), page.stem)
        body, _ = exporter.from_notebook_node(notebook, resources={"metadata": {"name": title}})
        entries.append((page.stem, title, body))
    nav = " ".join(f'<a href="{stem}.html">{stem[:2]}</a>' for stem, _, _ in entries)
    for stem, _, body in entries:
        # a contents bar at the top of every page
        bar = (f'<nav style="font-family:sans-serif;padding:0.5em 1em"><a href="index.html">contents</a> '
               f'{nav}</nav>')
        body = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + bar, body, count=1)
        atomic_write_text(out / f"{stem}.html", body)
    items = "\n".join(f'<li><a href="{stem}.html">{html.escape(title)}</a></li>' for stem, title, _ in entries)
    index = atomic_write_text(out / "index.html", _PAGE.format(title="framings — report", nav=nav,
                                  body=f"<h1>framings — the analysis</h1>\n<p>Each page is one notebook, executed "
                                       f"by <code>make figures</code>.</p>\n<ol>\n{items}\n</ol>"))
    return index


_CHECK_JS = """() => {
  const images = Array.from(document.images);
  const broken = images.filter(img => !(img.complete && img.naturalWidth > 0)).map(img => img.src.slice(0, 80));
  const errors = Array.from(document.querySelectorAll('[data-mime-type="application/vnd.jupyter.stderr"], .jp-OutputArea-output pre'))
      .map(e => e.textContent).filter(t => /Traceback|Error:/.test(t) && /Traceback/.test(t)).map(t => t.slice(0, 120));
  return {images: images.length, broken, errors};
}"""


def check_report(report_dir: Path | str | None = None, browser: str = "/usr/bin/chromium") -> list[dict]:
    """Open every page of the report in headless Chromium; fail on a broken image or an error cell.

    Saves a screenshot per page (``<page>.png`` beside the HTML). Needs the OS package
    ``chromium`` and the Python package ``playwright`` (no browser download: the system
    Chromium is used).
    """
    from playwright.sync_api import sync_playwright

    from ._io import atomic_path

    folder = Path(report_dir) if report_dir else project_root() / "build" / "report"
    pages = sorted(folder.glob("*.html"))
    if not pages:
        raise CorpusError(f"{folder}: no HTML pages; run `make report` first")
    results, problems = [], []
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=browser, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        page = chromium.new_page(viewport={"width": 1200, "height": 900})
        for html_path in pages:
            page.goto(html_path.resolve().as_uri(), wait_until="load")
            found = page.evaluate(_CHECK_JS)
            with atomic_path(html_path.with_suffix(".png")) as tmp:
                page.screenshot(path=str(tmp), type="png", full_page=False)
            found["page"] = html_path.name
            results.append(found)
            if found["broken"] or found["errors"]:
                problems.append(f"{html_path.name}: {len(found['broken'])} broken image(s), "
                                f"{len(found['errors'])} error cell(s)")
            if html_path.name != "index.html" and found["images"] == 0:
                problems.append(f"{html_path.name}: no figure on the page")
        chromium.close()
    if problems:
        raise CorpusError("report check failed: " + "; ".join(problems))
    return results
