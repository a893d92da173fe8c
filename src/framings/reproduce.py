"""Execute the notebooks headless, in a fresh kernel each, to regenerate figures/."""
from __future__ import annotations

import os
from pathlib import Path

from .errors import CorpusError


def project_root() -> Path:
    return Path(__file__).resolve().parents[2]


def notebook_paths(folder: Path | str | None = None) -> list[Path]:
    """The numbered notebooks (``NN-title.ipynb``) of ``folder``, in reading order."""
    folder = Path(folder) if folder else project_root() / "notebooks"
    return sorted(p for p in folder.glob("[0-9][0-9]-*.ipynb"))


def execute_notebook(path: Path | str, timeout: int = 1200, figures: Path | str | None = None,
                     corpus: Path | str | None = None) -> None:
    """Run one notebook top to bottom in a fresh kernel; raise on the first error.

    The notebook is not written back (notebooks are stored without outputs).
    ``figures``/``corpus`` redirect ``FRAMINGS_FIGURES``/``FRAMINGS_CORPUS`` for the run.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    path = Path(path)
    notebook = nbformat.read(path, as_version=4)
    env_backup = dict(os.environ)
    os.environ["FRAMINGS_NOTEBOOK"] = path.stem
    os.environ["MPLBACKEND"] = "Agg"
    os.environ.setdefault("PYTHONHASHSEED", "0")
    if figures:
        os.environ["FRAMINGS_FIGURES"] = str(figures)
    if corpus:
        os.environ["FRAMINGS_CORPUS"] = str(corpus)
    try:
        client = NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                                resources={"metadata": {"path": str(path.parent)}})
        client.execute()
    except CellExecutionError as err:
        raise CorpusError(f"{path}: a cell failed: {str(err).splitlines()[-1] if str(err) else err}") from err
    finally:
        os.environ.clear()
        os.environ.update(env_backup)
    return notebook
