"""A small journal that makes a corpus write all-or-nothing across several files, even when killed.

``add`` writes up to three files: ``raw/<doc_id>.txt``, ``rules/<doc_id>.yaml`` and
``metadata.csv``. A rename makes each one appear whole, but not the three at once. So, while
holding the corpus lock (:func:`framings._io.corpus_lock`):

1. the names about to be created are written to ``.framings-pending/journal.json``;
2. each file is written as a temporary file inside ``.framings-pending/`` and renamed into place
   (a killed write leaves its half only there, where no reader looks);
3. ``metadata.csv`` is renamed into place last: that rename is the commit;
4. the journal is removed.

A reader that finds a journal ignores the raw files it names that ``metadata.csv`` does not list
(an ``add`` killed before its commit), so the corpus loads. The next writer calls :func:`recover`
first: it deletes those files and the pending folder, so the killed command can simply be rerun.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import shutil
import stat
from pathlib import Path
from typing import Iterable, Iterator

from .._io import atomic_path, contained_path, corpus_lock, read_limited, write_error
from .._paths import is_bundled
from ..errors import CorpusError

PENDING = ".framings-pending"
_JOURNAL = "journal.json"


def step(name: str) -> None:
    """A point between two writes; does nothing (the kill tests replace it to end the process there)."""


def pending_raw_names(folder: Path | str) -> set[str]:
    """The ``raw/`` names an uncommitted write announced (ignored by readers until :func:`recover`)."""
    try:
        entries = json.loads(_read_inside(Path(folder), f"{PENDING}/{_JOURNAL}") or b"{}").get("created", [])
    except (CorpusError, ValueError, AttributeError):  # not a journal this module wrote: nothing to ignore
        return set()
    return {name[len("raw/"):] for name in entries if isinstance(name, str) and name.startswith("raw/")}


def recover(folder: Path | str) -> list[str]:
    """Undo what a killed writer left (call it holding the corpus lock); return the names removed.

    A file the journal names is removed unless ``metadata.csv`` lists it (a raw file) or lists its
    document (a rules file); then the pending folder goes, with any half-written temporary in it.
    """
    folder = Path(folder)
    pending = folder / PENDING
    if not os.path.lexists(pending):
        return []
    if pending.is_symlink() or not pending.is_dir():
        raise CorpusError(f"{pending}: not the folder framings keeps its unfinished writes in; remove it")
    created: list[str] = []
    with contextlib.suppress(CorpusError, ValueError, AttributeError):  # not our journal: remove nothing it names
        journal = json.loads(_read_inside(folder, f"{PENDING}/{_JOURNAL}") or b"{}")
        created = [n for n in journal.get("created", []) if isinstance(n, str)]
    listed_files, listed_ids = _listed(folder)
    removed = []
    for name in created:
        parts = name.split("/")
        if len(parts) != 2 or parts[0] not in ("raw", "rules") or parts[1] in ("", ".", ".."):
            continue  # a journal this module did not write: touch nothing outside those two folders
        kept = (parts[1] in listed_files) if parts[0] == "raw" else (
            parts[1] == "_default.yaml" and listed_ids is not None or Path(parts[1]).stem in (listed_ids or ()))
        try:
            path = contained_path(folder, parts[0], str(folder / parts[0])) / parts[1]
        except CorpusError:  # raw/ or rules/ is a link out: never remove a file outside the corpus
            continue
        # a link itself is removed, never what it points to (unlink does not follow the last part)
        if not kept and os.path.lexists(path) and not stat.S_ISDIR(os.lstat(path).st_mode):
            path.unlink()
            removed.append(name)
    shutil.rmtree(pending, ignore_errors=True)
    return removed


def _listed(folder: Path) -> tuple[set[str], set[str] | None]:
    """(files, doc_ids) that ``metadata.csv`` lists, read leniently; ids None when there is no metadata."""
    data = _read_inside(folder, "metadata.csv", limit=None)  # refused (a link out, a FIFO): the error, nothing removed
    if data is None:
        return set(), None
    try:
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig", errors="replace"))))
    except csv.Error:
        return set(), set()
    return ({(r.get("file") or "").strip() for r in rows}, {(r.get("doc_id") or "").strip() for r in rows})


def _read_inside(folder: Path, relative: str, limit: int | None = 1_000_000) -> bytes | None:
    """The bytes of a file framings wrote in the corpus, read like any other (inside the folder, a regular
    file, never blocking, bounded); None when it is missing. A CorpusError when it is there but not such
    a file."""
    path = contained_path(folder, relative, str(Path(folder) / relative))
    return read_limited(path, str(path), limit=limit) if os.path.lexists(path) else None


@contextlib.contextmanager
def transaction(folder: Path | str, created: Iterable[str]):
    """Announce ``created`` (``raw/x.txt``, ``rules/x.yaml``) in the journal; remove it when the block ends.

    Inside, write each file with :func:`write_file`. When the block raises, the files it
    created are removed again; when the process is killed, :func:`recover` does it later.
    """
    folder = Path(folder)
    pending = folder / PENDING
    created = list(created)
    try:
        pending.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise write_error(pending, err) from None
    try:
        with atomic_path(pending / _JOURNAL, temp_dir=pending) as tmp:
            tmp.write_text(json.dumps({"created": created}), encoding="utf-8")
        step("journal")
        yield
    except BaseException:
        recover(folder)
        raise
    step("committed")
    shutil.rmtree(pending, ignore_errors=True)


def write_file(folder: Path | str, relative: str, data: bytes) -> Path:
    """Write ``folder/relative`` by a rename from a temporary file in the pending folder."""
    folder = Path(folder)
    target = folder / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(target, temp_dir=folder / PENDING) as tmp:
        tmp.write_bytes(data)
        step(f"writing {relative}")  # the temporary file is complete, not yet renamed
    step(relative)
    return target


@contextlib.contextmanager
def corpus_writer(folder: Path | str, command: str) -> Iterator[None]:
    """Hold the write lock of an existing corpus folder and undo a killed writer's leftovers first.

    For a folder that does not exist, or the read-only bundled corpus, it does nothing (the
    command's own checks report those).

    Parameters
    ----------
    folder : pathlib.Path or str
        The corpus folder.
    command : str
        The command that writes (named in the error when another one holds the lock).

    Returns
    -------
    contextlib.AbstractContextManager
        A context manager holding the lock while its block runs (it yields None).

    Raises
    ------
    CorpusError
        Another command held the lock longer than ``$FRAMINGS_LOCK_TIMEOUT`` (120 s), the lock cannot be
        taken (a read-only folder), or ``.framings-pending`` is not the folder a writer left.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from framings.simulate import write_corpus_folder
    >>> folder = write_corpus_folder(pathlib.Path(tempfile.mkdtemp()) / "corpus", n_docs=2)
    >>> with corpus_writer(folder, "check"):
    ...     _ = (folder / "note.txt").write_text("written while holding the lock")
    """
    folder = Path(folder)
    if is_bundled(folder) or not folder.is_dir():
        yield
        return
    with corpus_lock(folder, command):
        recover(folder)
        yield
