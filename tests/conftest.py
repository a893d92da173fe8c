import hashlib
import os
import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest

import framings as fr

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SOURCES = ROOT.parent / "shared" / "corpus-sources"


@pytest.fixture(scope="session")
def corpus():
    return fr.load_corpus(CORPUS)


@pytest.fixture(scope="session")
def raw_corpus():
    return fr.load_corpus(CORPUS, clean=False)


@pytest.fixture(scope="session")
def paras(corpus):
    return fr.paragraphs(corpus)


@pytest.fixture(scope="session")
def toks(paras):
    return fr.tokens(paras)


def once_per_session(tmp_path_factory, name: str, make) -> Path:
    """``make(folder)`` run once per test session, its folder shared by every pytest-xdist worker.

    The first worker to need it runs it under a file lock; the others wait for the lock and
    reuse the folder (a finished run leaves ``shared-<name>.done`` beside it). Without xdist it is a plain
    session-scoped folder. The folder is the session's own (pytest's base temporary folder),
    so nothing is reused from an earlier session.
    """
    from filelock import FileLock

    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the folder all workers of this session share
    folder = root / f"shared-{name}"
    done = root / f"shared-{name}.done"  # beside the folder, not in it: tests list the folder's files
    with FileLock(str(folder) + ".lock"):
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            make(folder)
            done.write_text("done\n", encoding="utf-8")
    return folder


# Fewer resamples, a smaller K sweep: for the runs that check notebooks work on another corpus (not their numbers).
# Injected after the parameters cell (as papermill does), and only for the names that cell assigns.
REDUCED_PARAMETERS = {"N_BOOT": "200", "N_RESAMPLES": "999", "KS": "[2, 3]", "SEEDS": "[0, 1, 2]"}


def with_reduced_parameters(paths, folder: Path, overrides: dict[str, str] | None = None) -> list[Path]:
    """Copies of the notebooks ``paths`` in ``folder`` (same names), each with a cell after its parameters cell
    that sets the names of ``overrides`` (default :data:`REDUCED_PARAMETERS`) its parameters cell assigns."""
    import re

    import nbformat

    overrides = REDUCED_PARAMETERS if overrides is None else overrides
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for path in paths:
        notebook = nbformat.read(path, as_version=4)
        first = next(i for i, cell in enumerate(notebook.cells) if cell.cell_type == "code")
        assigned = set(re.findall(r"^([A-Z_][A-Z0-9_]*)\s*=", notebook.cells[first].source, re.M))
        lines = [f"{name} = {value}" for name, value in overrides.items() if name in assigned]
        if lines:
            cell = nbformat.v4.new_code_cell("\n".join(lines))
            cell.metadata["tags"] = ["injected-parameters"]
            notebook.cells.insert(first + 1, cell)
        nbformat.write(notebook, folder / path.name)
        out.append(folder / path.name)
    return out


@pytest.fixture(scope="session")
def first_run(tmp_path_factory):
    """Every notebook executed once on the shipped corpus: figures, sidecars and executed copies (``executed/``).

    Executed once per test session and shared by every test (and every xdist worker) that reads it."""
    from framings.project import notebook_paths, run_notebooks

    def run(figures):
        run_notebooks(notebook_paths(ROOT / "notebooks"), jobs=2, figures=figures, executed_dir=figures / "executed")

    return once_per_session(tmp_path_factory, "first-run", run)


@pytest.fixture
def corpus_copy(tmp_path):
    """A writable copy of the project's corpus folder."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


def write_corpus(folder: Path, docs: dict[str, tuple[str, str]], rules: dict[str, str] | None = None) -> Path:
    """Make a small corpus folder: docs = {doc_id: (framing, text)}."""
    (folder / "raw").mkdir(parents=True, exist_ok=True)
    (folder / "rules").mkdir(exist_ok=True)
    rows = []
    for doc_id, (framing, text) in docs.items():
        data = text.encode("utf-8") if isinstance(text, str) else text
        (folder / "raw" / f"{doc_id}.txt").write_bytes(data)
        rows.append({"doc_id": doc_id, "file": f"{doc_id}.txt", "sha256": hashlib.sha256(data).hexdigest(),
                     "framing": framing})
        (folder / "rules" / f"{doc_id}.yaml").write_text((rules or {}).get(doc_id, "headings: false\n"),
                                                        encoding="utf-8")
    pd.DataFrame(rows).to_csv(folder / "metadata.csv", index=False)
    return folder
