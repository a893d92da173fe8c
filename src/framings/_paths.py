"""Where things are: the corpus, its resources, figures and caches, in a checkout or an installed wheel.

* The corpus: ``$FRAMINGS_CORPUS``; else the checkout's ``corpus/`` (when framings runs
  from a source tree); else a corpus bundled in the installed package (``framings/_corpus``;
  the wheel of this project bundles none: the course's texts may not be redistributed,
  PROVENANCE.md).
* A corpus's own resources live in its folder: ``lexicons/`` (``frames.yaml``,
  ``actors.yaml``, ``precision-sample.csv``), ``resources/`` (``phrases.txt``,
  ``variants.csv``, ``spellings.csv``, ``colors.csv``), ``rules/categories.csv`` and the
  codebook. A frame made by :func:`framings.load_corpus` remembers its folder in
  ``attrs["corpus_path"]``, and :func:`framings.paragraphs` and :func:`framings.tokens`
  pass it on, so the resources of *that* corpus are used.
* Figures: ``$FRAMINGS_FIGURES``; else the checkout's ``figures/``; else ``./figures``.
* Caches: ``$FRAMINGS_CACHE``; else the checkout's ``.cache/framings``; else ``./.cache/framings``.
* Another corpus in a checkout: when the corpus is not the checkout's own ``corpus/``, its
  figures, caches and executed notebooks go to ``build/<corpus-name>/`` (:func:`output_root`),
  so that a run on another corpus never rewrites the committed ``figures/``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

from .errors import CorpusError

CORPUS_ATTR = "corpus_path"


_NO_FOLDER = object()


def checkout_root() -> Path | None:
    """The source tree framings runs from (``pyproject.toml`` beside ``src/``), or None when installed."""
    root = Path(__file__).resolve().parents[2]
    if (root / "pyproject.toml").is_file() and (root / "src" / "framings").is_dir():
        return root
    return None


class _ShownPath(type(Path())):
    """A path that shows itself without the machine's folders: ``figures/02-key-terms.png``.

    It is the full (absolute) path for every use (``open``, ``str``, ``/``); only its
    repr, what a notebook prints when a cell ends with it, is relative: to the checkout
    when inside it, else the folder and file name. So a report built from executed
    notebooks names no local folder.
    """

    def _shown(self) -> str:
        root = checkout_root()
        if root is not None and self.is_absolute():
            try:
                return self.relative_to(root).as_posix()
            except ValueError:
                pass
        return Path(*self.parts[-2:]).as_posix() if self.is_absolute() else self.as_posix()

    def __repr__(self) -> str:
        return f"{self._shown()}"

    def _repr_pretty_(self, printer, cycle) -> None:  # IPython's display of a cell's last value
        printer.text(self._shown())


def shown_path(path: str | os.PathLike) -> Path:
    """``path`` as a Path whose repr names no local folder (relative to the checkout, else ``folder/file``)."""
    return _ShownPath(path)


def bundled_corpus_path() -> Path | None:
    """The corpus bundled in the installed package (``framings/_corpus``), or None in a checkout.

    Returns
    -------
    pathlib.Path or None
        The folder, present only in a wheel install (copied there by ``setup.py`` at build time).

    Examples
    --------
    >>> bundled_corpus_path() is None or (bundled_corpus_path() / "metadata.csv").is_file()
    True
    """
    folder = Path(__file__).resolve().parent / "_corpus"
    return folder if (folder / "metadata.csv").is_file() else None


def is_bundled(folder: Path | str) -> bool:
    """Whether ``folder`` is the corpus inside the installed package (read-only: never write there)."""
    bundled = bundled_corpus_path()
    return bundled is not None and Path(folder).resolve() == bundled.resolve()


def report_path(folder: Path | str, name: str = "cleaning-report.csv") -> Path:
    """Where a generated report of a corpus goes: in the corpus folder, or the working folder for the bundled one."""
    return Path.cwd() / name if is_bundled(folder) else Path(folder) / name


def default_corpus_path() -> Path:
    """The corpus used when none is given.

    Returns
    -------
    pathlib.Path
        ``$FRAMINGS_CORPUS``; else the checkout's ``corpus/``; else the corpus bundled in
        the installed package.

    Raises
    ------
    CorpusError
        None of them exists (set ``FRAMINGS_CORPUS`` or pass a folder).

    Examples
    --------
    >>> default_corpus_path().name in {"corpus", "_corpus"} or "FRAMINGS_CORPUS" in os.environ
    True
    """
    env = os.environ.get("FRAMINGS_CORPUS")
    if env:
        return Path(env)
    root = checkout_root()
    if root is not None and (root / "corpus").is_dir():
        return root / "corpus"
    bundled = bundled_corpus_path()
    if bundled is not None:
        return bundled
    raise CorpusError("no corpus folder: pass one (fr.load_corpus(FOLDER), --corpus FOLDER) or set FRAMINGS_CORPUS "
                      "to the folder that holds metadata.csv and raw/ (create one with `framings init`); the course's "
                      "five texts are not in the installed package (PROVENANCE.md): clone the repository and point "
                      "FRAMINGS_CORPUS at its corpus/ folder")


def corpus_folder_of(frame: "pd.DataFrame") -> Path | None:
    """The corpus folder a frame came from: ``attrs["corpus_path"]``; None when it has none.

    A frame of :func:`framings.corpus.corpus_from_frame` has ``None`` there (no folder, so no
    lexicon or phrase list); a frame without the key at all (made by hand) is taken to
    belong to :func:`default_corpus_path`.

    Parameters
    ----------
    frame : pandas.DataFrame
        A corpus, paragraph or token frame.

    Returns
    -------
    pathlib.Path or None

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"text": ["x"]})
    >>> frame.attrs["corpus_path"] = None
    >>> corpus_folder_of(frame) is None
    True
    """
    attrs = getattr(frame, "attrs", None)
    if attrs is None or CORPUS_ATTR not in attrs:
        try:
            return default_corpus_path()
        except CorpusError:
            return None
    value = attrs[CORPUS_ATTR]
    return Path(value) if value else None


def corpus_folder(corpus) -> Path | None:
    """The folder of a corpus given as a path, a frame (:func:`corpus_folder_of`), ``None`` (the default corpus,
    if there is one) or ``False`` (explicitly none)."""
    if corpus is False:
        return None
    if corpus is None:
        try:
            return default_corpus_path()
        except CorpusError:
            return None
    if isinstance(corpus, (str, os.PathLike)):
        return Path(corpus)
    return corpus_folder_of(corpus)


def carry_corpus_path(source, target):
    """Copy ``attrs["corpus_path"]`` from ``source`` to ``target`` (when ``source`` has it); return ``target``."""
    attrs = getattr(source, "attrs", None)
    if attrs is not None and CORPUS_ATTR in attrs:
        target.attrs[CORPUS_ATTR] = attrs[CORPUS_ATTR]
    return target


def corpus_file(frame_or_folder, *parts: str, what: str, hint: str = "") -> Path:
    """The path of a corpus resource (``lexicons/frames.yaml``) of a frame or folder; a CorpusError if missing."""
    if isinstance(frame_or_folder, (str, Path)):
        folder = Path(frame_or_folder)
    elif frame_or_folder is None:
        folder = default_corpus_path()
    else:
        folder = corpus_folder_of(frame_or_folder)
    if folder is None:
        raise CorpusError(f"this corpus has no folder (made by fr.corpus.corpus_from_frame?), so no {what}; "
                          f"{hint or 'pass one explicitly'}, or write the corpus with fr.corpus.write_corpus and "
                          f"put the file in its {'/'.join(parts)}")
    path = folder.joinpath(*parts)
    if not path.exists():
        raise CorpusError(f"{path}: the corpus {folder} has no {what}; write {'/'.join(parts)} in the corpus folder "
                          f"({hint or 'or pass one explicitly'}); framings never uses another corpus's {what}")
    return path


def is_shipped_corpus(folder: Path | str | None) -> bool:
    """Whether ``folder`` is the corpus the project ships: the checkout's ``corpus/`` or the bundled one."""
    if folder is None:
        return False
    folder = Path(folder).resolve()
    root = checkout_root()
    shipped = [root / "corpus"] if root is not None else []
    shipped += [bundled_corpus_path()] if bundled_corpus_path() is not None else []
    return any(folder == candidate.resolve() for candidate in shipped)


def output_root(corpus: Path | str | None = None) -> Path | None:
    """Where a run on another corpus writes everything: ``build/<corpus-name>/`` of the checkout; None otherwise.

    None for the shipped corpus (its results are the committed ``figures/``) and outside a
    checkout (there is nothing committed to protect: ``./figures`` is the user's own).

    Parameters
    ----------
    corpus : pathlib.Path or str or None, default None
        The corpus folder; ``None``: :func:`default_corpus_path` (``$FRAMINGS_CORPUS``).

    Returns
    -------
    pathlib.Path or None

    Examples
    --------
    >>> output_root(checkout_root() / "corpus") if checkout_root() else None
    >>> str(output_root("/data/speeches")).endswith("build/speeches") if checkout_root() else True
    True
    """
    root = checkout_root()
    if root is None:
        return None
    if corpus is None:
        try:
            corpus = default_corpus_path()
        except CorpusError:
            return None
    if is_shipped_corpus(corpus):
        return None
    return root / "build" / Path(corpus).resolve().name


def figures_root(corpus: Path | str | None = None) -> Path:
    """Where figures go: ``$FRAMINGS_FIGURES``; the checkout's ``figures/`` for its own corpus,
    ``build/<corpus-name>/figures`` for another (:func:`output_root`); else ``./figures``."""
    env = os.environ.get("FRAMINGS_FIGURES")
    if env:
        return Path(env)
    elsewhere = output_root(corpus)
    if elsewhere is not None:
        return elsewhere / "figures"
    root = checkout_root()
    return root / "figures" if root is not None else Path.cwd() / "figures"


def executed_root(corpus: Path | str | None = None) -> Path:
    """Where ``figures`` saves the executed notebooks: ``build/notebooks`` (read by the site), or
    ``build/<corpus-name>/notebooks`` for another corpus (:func:`output_root`)."""
    elsewhere = output_root(corpus)
    if elsewhere is not None:
        return elsewhere / "notebooks"
    return (checkout_root() or Path.cwd()) / "build" / "notebooks"


def cache_root() -> Path:
    """Where caches go: ``$FRAMINGS_CACHE``; the checkout's ``.cache/framings`` for its own corpus,
    ``build/<corpus-name>/.cache/framings`` for another (:func:`output_root`); else ``./.cache/framings``."""
    env = os.environ.get("FRAMINGS_CACHE")
    if env:
        return Path(env).expanduser()
    elsewhere = output_root()
    if elsewhere is not None:
        return elsewhere / ".cache" / "framings"
    root = checkout_root()
    # a read-only checkout (an installed copy, a shared course folder) caches in the working folder instead
    writable = root is not None and os.access(root, os.W_OK)
    return root / ".cache" / "framings" if writable else Path.cwd() / ".cache" / "framings"
