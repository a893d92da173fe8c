"""Load a corpus folder into pandas: one row per document, then one per paragraph.

A corpus folder has this layout (the project's own is ``corpus/``)::

    metadata.csv        one row per document: doc_id, file, sha256, framing, ...
    raw/                the texts, UTF-8, never written by any code
    rules/<doc_id>.yaml cleaning rules per document (optional; defaults + warning)
    rules/categories.csv the kind of boilerplate each rule removes (optional), for words_removed
    resources/          the corpus' own word lists (optional): spellings.csv, counted in the
                        cleaning report; phrases.txt and variants.csv, read by framings.text;
                        colors.csv, the colour of each framing label, read by framings.plots

Every load checks each file's SHA-256 against ``metadata.csv``.
"""

from __future__ import annotations

import hashlib
import os
import threading
from array import array
from itertools import chain
import re
import unicodedata
import warnings
from pathlib import Path
from types import SimpleNamespace
from typing import Iterator

import numpy as np
import pandas as pd

from .._check import require_columns
from .._io import check_plausible_text, contained_path, decode_utf8, read_limited
from .._paths import carry_corpus_path, default_corpus_path
from .._progress import progress_bar
from .._saferegex import RuleTimeout
from .._words import count_words_many, shared_word_counts
from ..clean import (
    DEFAULT_RULES,
    REPORT_COLUMNS,
    clean_lines,
    ends_closed,
    load_rule_categories,
    load_spellings,
    shared_rules,
)
from ..errors import CorpusError, CorpusWarning
from . import _cleaned
from ._journal import pending_raw_names
from ._metadata import (
    check_same_files,
    check_subfolders,
    check_unlisted,
    parse_metadata,
    read_raw,
)

REQUIRED_COLUMNS = ["doc_id", "file", "sha256", "framing"]


# of the required columns, these must be filled in on every row; ``framing`` may be empty
# (or absent: an unlabelled corpus, see :func:`is_labelled`)
FILLED_COLUMNS = ["doc_id", "file", "sha256"]


OPTIONAL_COLUMNS = ["title", "authors", "date", "year", "outlet", "kind", "url", "notes", "label_basis"]


METADATA_COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS


PARAGRAPH_COLUMNS = ["doc_id", "para_id", "framing", "text", "n_words", "kind"]


PARAGRAPH_KINDS = ("body", "heading", "title", "byline")


HEADING_MAX_WORDS = DEFAULT_RULES["headings"]["max_words"]  # as the cleaning rule ``headings`` by default


BYLINE_MAX_WORDS = 20


PROGRESS_MIN_DOCS = 500  # show a progress bar (on a terminal) when loading this many documents


# Private attribute of a frame made by load_corpus: (its texts, word counts of each text's paragraphs, whether
# each text's paragraphs are its lines exactly, and (chunk table, chunk ids, chunks per paragraph) of each text or
# None), so that paragraphs() need not count the words again while the texts are the same.
_PARAGRAPH_WORDS = "_framings_paragraph_words"


# Private attribute of the paragraph frame paragraphs() makes of such a frame: (its texts, the chunk table, the
# chunk ids of every paragraph in order, chunks per paragraph), read by framings.text.count_matrix, which then
# need not split the texts again.
_PARAGRAPH_CHUNKS = "_framings_paragraph_chunks"


class _ChunkIds(dict):
    """Whitespace-delimited chunk -> id, for the chunks this process's loads have seen; ``chunks[id]`` is the
    chunk and ``words[id]`` its words as ``n_words`` counts them (:func:`framings._words.shared_word_counts`)."""

    def __init__(self):
        super().__init__()
        self.chunks: list[str] = []
        self.words = array("q")
        self.counts = shared_word_counts()
        self.lock = threading.Lock()  # two loads in two threads must not give two chunks one id

    def __missing__(self, chunk: str) -> int:
        with self.lock:
            if chunk in self:  # added by another thread meanwhile
                return dict.__getitem__(self, chunk)
            words = self.counts[chunk]
            self.chunks.append(chunk)
            self.words.append(words)
            chunk_id = self[chunk] = len(self.chunks) - 1  # stored last: a reader never sees an id without its chunk
        return chunk_id


_CHUNK_IDS: _ChunkIds | None = None


_CHUNK_IDS_MAX = 500_000  # chunks remembered at most; then a load starts a new table (frames keep the old one)


def _chunk_ids() -> _ChunkIds:
    """The process's chunk table, a new one when it has grown too large (called as a load starts)."""
    global _CHUNK_IDS
    if _CHUNK_IDS is None or len(_CHUNK_IDS) > _CHUNK_IDS_MAX:
        _CHUNK_IDS = _ChunkIds()
    return _CHUNK_IDS


def read_metadata(path: Path | str | None = None) -> pd.DataFrame:
    """Read and validate ``metadata.csv`` of a corpus folder.

    Strict: see :mod:`framings._metadata` for every check (quoting, field counts,
    duplicate header names, safe ``doc_id``, ``file`` inside ``raw/``, one file per row,
    SHA-256 form, ISO dates). Padded identifying values are stripped with a
    :class:`~framings.CorpusWarning`. Errors name the file and its line.

    Parameters
    ----------
    path : pathlib.Path or str or None, default None
        The corpus folder (or its ``metadata.csv``); ``None`` for
        :func:`framings._paths.default_corpus_path`.

    Returns
    -------
    pandas.DataFrame
        One row per document, the columns of ``metadata.csv`` as strings.

    Raises
    ------
    CorpusError
        When the file is missing or malformed; the message names the file, the line and the fix.

    Examples
    --------
    >>> meta = fr.corpus.read_metadata()
    >>> meta.columns[:4].tolist()
    ['doc_id', 'file', 'sha256', 'framing']
    """
    return _read_metadata_lines(path)[0]


def _read_metadata_lines(path) -> tuple[pd.DataFrame, list[int]]:
    """(checked metadata, the line of metadata.csv each row starts on)."""

    folder = Path(path) if path is not None else default_corpus_path()
    meta_path = folder / "metadata.csv"
    if not os.path.lexists(meta_path):
        raise CorpusError(f"{meta_path}: no metadata file; create it with columns {', '.join(REQUIRED_COLUMNS)}")
    check_subfolders(folder)
    return parse_metadata(meta_path, REQUIRED_COLUMNS, OPTIONAL_COLUMNS)


# every byte but the control characters check_plausible_text counts (U+0000-0008, U+000E-001F, U+007F): in
# UTF-8 those characters are these single bytes, and no other character's encoding holds one of them
_NOT_CONTROL_BYTES = bytes(b for b in range(256) if not (b <= 0x08 or 0x0E <= b <= 0x1F or b == 0x7F))


def _read_text(folder: Path, name: str, meta_path: Path, row_number: int, expected_sha: str,
               raw_root: str | None = None) -> str:
    data = read_raw(folder, name, f"{meta_path}, line {row_number}", root=raw_root)
    file_path = folder / "raw" / name
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected_sha.strip().lower():
        raise CorpusError(f"{file_path}: checksum mismatch (metadata {expected_sha[:12]}…, file {actual[:12]}…); "
                          "raw files must not be edited: restore the original, or if this is a new version "
                          "update sha256 in metadata.csv")
    text = decode_utf8(data, str(file_path), "raw file")
    if data.translate(None, _NOT_CONTROL_BYTES):  # only then can the check find anything
        check_plausible_text(text, str(file_path), "raw file", words=False)  # e.g. UTF-16 without a mark, NULs
    if not text.strip():
        raise CorpusError(f"{file_path}: empty or whitespace-only document; remove it or supply the text")
    return text


def load_corpus(path: Path | str | None = None, clean: bool = True, *, n_jobs: int = 1) -> pd.DataFrame:
    """Load a corpus folder: one row per document.

    Columns: the metadata columns (``doc_id, file, sha256, framing, title, authors,
    date, year, outlet, kind, url, notes, label_basis``), ``text`` (cleaned by the document's
    rules unless ``clean=False``) and ``n_words``. With ``clean=True`` the frame's
    ``attrs["cleaning_report"]`` holds the cleaning report (see
    :func:`framings.cleaning_report`) and ``attrs["rule_categories"]`` the kinds of boilerplate
    its rules remove (:func:`corpus_rule_categories`).

    Documents are read and cleaned one at a time (only cleaned texts are kept); with
    ``n_jobs`` > 1 (``-1``: all cores) worker processes share them (joblib), for
    corpora of hundreds of documents or more. The result is the same.

    Each cleaned document is kept in a cache (``cache_root()/cleaned``, one file per load holding
    its documents, each under the SHA-256 of its raw checksum, its rules file, the corpus' spellings
    and the cleaning code), so a later load reads and checks every raw file but cleans only what changed;
    the result is the same. ``FRAMINGS_CLEAN_CACHE=0`` turns it off (see :mod:`framings.corpus._cleaned`).

    Parameters
    ----------
    path : pathlib.Path or str or None, default None
        The corpus folder; ``None`` for :func:`framings._paths.default_corpus_path`.
    clean : bool, default True
        Apply each document's cleaning rules (``rules/<doc_id>.yaml``).
    n_jobs : int, default 1
        Worker processes (``-1``: all cores).

    Returns
    -------
    pandas.DataFrame
        One row per document; ``attrs["corpus_path"]`` remembers the folder.

    Raises
    ------
    CorpusError
        For a file listed but missing, a file present but not listed, a checksum mismatch,
        a non-UTF-8 or empty file, a duplicate doc_id, a missing column, a malformed rules
        file, or a document that is empty after cleaning.

    Examples
    --------
    >>> corpus = fr.load_corpus()
    >>> {"doc_id", "framing", "text", "n_words"} <= set(corpus.columns)
    True
    >>> bool((fr.load_corpus(clean=False)["n_words"] >= corpus["n_words"]).all())
    True
    """
    folder, meta, line_numbers = checked_folder(path)
    _warn_default_rules(folder, meta, clean)

    chunks = None  # the chunk ids are those of this process's table: not known from worker processes
    if n_jobs != 1 and len(meta) >= PARALLEL_MIN_DOCS:
        texts, reports, n_words, para_words, split_exactly = _load_parallel(folder, meta, clean, n_jobs, line_numbers)
    else:
        # one document at a time: only the cleaned text and the report rows are kept
        texts, reports, para_words, split_exactly = [], [], [], []
        cleaner = _DocumentCleaner(folder) if clean else None
        rows = list(zip(line_numbers, meta.itertuples(index=False)))
        try:
            if clean:
                cleaner.prepare(rows)
            with progress_bar(len(meta), "loading", "doc", PROGRESS_MIN_DOCS) as bar:
                for row_number, row in rows:
                    if clean:
                        text, report, words, exact = cleaner.load(row, row_number, stacklevel=5)
                        reports.append(report)
                        para_words.append(words)
                        split_exactly.append(exact)
                    else:
                        text = _load_document_lines(folder, row, row_number, clean, stacklevel=4)[0]
                    texts.append(text)
                    bar.update()
            if clean:
                cleaner.done()
                chunks = cleaner.chunks()
        finally:
            if clean:
                cleaner.close()
        n_words = _sums(para_words) if clean else count_words_many(texts)
    corpus = meta[METADATA_COLUMNS + [c for c in meta.columns if c not in METADATA_COLUMNS]].copy()
    corpus["text"] = texts
    corpus["n_words"] = n_words
    if clean:
        object.__setattr__(corpus, _PARAGRAPH_WORDS, (tuple(texts), para_words, split_exactly, chunks))
        corpus.attrs["cleaning_report"] = _report_frame(reports)
        corpus.attrs["rule_categories"] = corpus_rule_categories(folder)
    corpus.attrs["corpus_path"] = str(folder)
    return corpus


def iter_corpus(path: Path | str | None = None, clean: bool = True, batch_size: int = 500) -> Iterator[pd.DataFrame]:
    """:func:`load_corpus` in batches of ``batch_size`` documents: frames of the same columns.

    For corpora larger than memory: only one batch of texts is held at a time, e.g.
    ``fr.term_counts((fr.paragraphs(batch) for batch in iter_corpus(path)), by="framing")``
    counts a folder of any size in flat memory. The folder and metadata are checked
    before the first batch. The batches carry no cleaning report (so that they can be
    concatenated); :func:`load_corpus` or :func:`framings.clean.clean_text` give it.

    Parameters
    ----------
    path : pathlib.Path or str or None, default None
        The corpus folder; ``None`` for :func:`framings._paths.default_corpus_path`.
    clean : bool, default True
        Apply each document's cleaning rules.
    batch_size : int, default 500
        Documents per batch.

    Yields
    ------
    pandas.DataFrame
        The next ``batch_size`` documents, columns as :func:`load_corpus`.

    Raises
    ------
    CorpusError
        As :func:`load_corpus`, for the folder before the first batch, for a document when its batch is read.

    Examples
    --------
    >>> sizes = [len(batch) for batch in fr.corpus.iter_corpus(batch_size=2)]
    >>> sum(sizes) == len(fr.load_corpus()), max(sizes)
    (True, 2)
    """

    folder, meta, line_numbers = checked_folder(path)
    _warn_default_rules(folder, meta, clean)
    columns = METADATA_COLUMNS + [c for c in meta.columns if c not in METADATA_COLUMNS]
    for start in range(0, len(meta), max(1, int(batch_size))):
        batch = meta.iloc[start:start + batch_size]
        texts = [load_document(folder, row, row_number, clean)[0]
                 for row_number, row in zip(line_numbers[start:start + batch_size], batch.itertuples(index=False))]
        frame = batch[columns].reset_index(drop=True)
        frame["text"] = texts
        frame["n_words"] = count_words_many(texts)
        frame.attrs["corpus_path"] = str(folder)
        yield frame


def checked_folder(path) -> tuple[Path, pd.DataFrame, list[int]]:
    """(corpus folder, its checked metadata, their lines); every file in raw/ must be listed."""

    folder = Path(path) if path is not None else default_corpus_path()
    if not folder.is_dir():
        raise CorpusError(f"{folder}: no such corpus folder; pass the folder that holds metadata.csv and raw/")
    meta, line_numbers = _read_metadata_lines(folder)
    # a raw file an unfinished (killed) add announced is not part of the corpus yet: not an error
    check_unlisted(folder / "raw", set(meta["file"]) | pending_raw_names(folder))
    check_same_files(folder / "raw", meta, line_numbers)
    return folder, meta, line_numbers


def load_document(folder: Path, row, row_number: int, clean: bool, stacklevel: int = 4):
    """(text, cleaning report rows or None) of one metadata row: read, checked, cleaned."""
    text, report, _ = _load_document_lines(folder, row, row_number, clean, stacklevel=stacklevel + 1)
    return text, report


def _load_document_lines(folder: Path, row, row_number: int, clean: bool, stacklevel: int = 5,
                         spellings: dict[str, str] | None = None):
    """:func:`_load_document` and the paragraphs of the text when known (else None); ``spellings``:
    the corpus' (:func:`corpus_spellings`), read here when not given."""

    text = _read_text(folder, row.file, folder / "metadata.csv", row_number, row.sha256)
    if not clean:
        return text, None, None
    rules_path = _rules_path(folder, row, row_number)
    rules = (shared_rules(rules_path, row.doc_id, stacklevel=stacklevel) if os.path.lexists(rules_path)
             else corpus_default_rules(folder))
    return _cleaned_lines(folder, row, text, rules, rules_path, spellings)


def _rules_path(folder: Path, row, row_number: int, root: str | None = None) -> Path:
    """``rules/<doc_id>.yaml`` of a document (which may not exist), checked to stay inside ``rules/``
    (``root``: the real path of ``rules/`` when known)."""
    return contained_path(folder / "rules", f"{row.doc_id}.yaml", f"{folder / 'metadata.csv'}, line {row_number}",
                          "rules file", root=root)


def _cleaned_lines(folder: Path, row, text: str, rules: dict, rules_path: Path,
                   spellings: dict[str, str] | None = None):
    """(cleaned text, report rows, paragraphs when known) of a document's raw ``text`` by its ``rules``."""
    raw_dir = folder / "raw"
    try:
        lines, report, exact = clean_lines(text, rules, doc_id=row.doc_id,
                                           spellings=corpus_spellings(folder) if spellings is None else spellings)
    except RuleTimeout as err:
        blame = folder / "resources" / SPELLINGS_FILE if err.key == "spellings" else rules_path
        raise CorpusError(f"{blame}: {err.describe()}") from None
    text = "\n".join(lines)
    if not text.strip():
        raise CorpusError(f"{raw_dir / row.file}: empty after cleaning; check the drop rules "
                          f"in rules/{row.doc_id}.yaml")
    return text, report, (lines if exact else None)


class _DocumentCleaner:
    """Cleans the documents of one load of a corpus folder, through the cache of cleaned documents
    (:mod:`framings.corpus._cleaned`) unless it is turned off."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.meta_path = folder / "metadata.csv"
        # the real paths of raw/ and rules/, found once per load rather than once per document
        self.raw_root, self.rules_root = os.path.realpath(folder / "raw"), os.path.realpath(folder / "rules")
        self.spellings = corpus_spellings(folder)
        self.counts = shared_word_counts()
        self.chunk_ids = _chunk_ids()
        self.chunks_of = []  # per document: (chunk ids, chunks per paragraph), or None when read from the cache
        self.cached = _cleaned.enabled()
        self.spellings_key = _cleaned.spellings_key(self.spellings) if self.cached else ""
        # every document's entry, in order, for the pack written after the last document (in this thread: a
        # writer thread beside the cleaning cost more CPU than it saved, the two handing the GIL to each other at
        # every file operation of the reads)
        self.entries = []
        # metadata line -> (rules file or None, the name its messages give, its bytes, entry key, rules/<doc_id>.yaml)
        self.rules_of: dict[int, tuple] = {}
        self.lookup: _cleaned.Lookup | None = None

    def prepare(self, numbered_rows) -> None:
        """Before the first :meth:`load`: the key of every document (from its metadata and rules file), and the
        packs that hold them. A document whose key cannot be made here gets its error from :meth:`load`."""
        if not self.cached:
            return
        keys = []
        for row_number, row in numbered_rows:
            try:
                self.rules_of[row_number] = found = self._rules(row, row_number)
            except CorpusError:
                found = (None, None, None, None, None)
            keys.append(found[3])
        self.lookup = _cleaned.Lookup(keys)

    def _rules(self, row, row_number: int) -> tuple:
        """(rules file or None for the built-in defaults, the name its messages give, its bytes, the entry key,
        ``rules/<doc_id>.yaml`` as spelt on disk)."""
        folder = self.folder
        rules_path = _rules_path(folder, row, row_number, self.rules_root)
        if os.path.lexists(rules_path):
            source, name = rules_path, row.doc_id
        else:
            source, name = _default_rules_path(folder), DEFAULT_RULES_FILE
            if not os.path.lexists(source):
                source = None
        data = None if source is None else read_limited(source, str(source), "rules file")
        return source, name, data, _cleaned.entry_key(row.doc_id, row.sha256, data, self.spellings_key), rules_path

    def load(self, row, row_number: int, stacklevel: int = 6) -> tuple[str, list[dict], np.ndarray, bool]:
        """(cleaned text, report rows, words per paragraph, exact) of one metadata row: read, checked, cleaned.

        ``exact``: the paragraphs are known to be ``text.split("\n")`` (see :func:`clean_lines`); False when unknown.
        """
        folder = self.folder
        if not self.cached:
            text, report, lines = _load_document_lines(folder, row, row_number, True, stacklevel=stacklevel,
                                                       spellings=self.spellings)
            return text, report, self.paragraph_words(text, lines), lines is not None
        text = _read_text(folder, row.file, self.meta_path, row_number, row.sha256, self.raw_root)
        prepared = self.rules_of.pop(row_number, None)
        source, name, data, key, rules_path = prepared if prepared is not None else self._rules(row, row_number)
        found = self.lookup.read(key) if self.lookup is not None else None
        if found is not None:
            self.chunks_of.append(None)
            self.entries.append((key, row.doc_id, *found))
            return (*found, False)
        rules = (shared_rules(source, name, stacklevel=stacklevel, data=data) if source is not None
                 else corpus_default_rules(folder))
        text, report, lines = _cleaned_lines(folder, row, text, rules, rules_path, self.spellings)
        words = self.paragraph_words(text, lines)
        self.entries.append((key, row.doc_id, text, report, words))
        if self.lookup is not None:
            self.lookup.complete = False
        return text, report, words, lines is not None

    def paragraph_words(self, text: str, lines: list[str] | None) -> np.ndarray:
        """Words of each paragraph of ``text`` (``lines``: those paragraphs, when known): the sum of the words of
        its whitespace-delimited chunks; their chunk ids are kept in :attr:`chunks_of`."""
        lines = _paragraph_lines(text) if lines is None else lines
        split = [line.split() for line in lines]
        n_chunks = np.fromiter(map(len, split), dtype=np.int64, count=len(split))
        ids = np.fromiter(map(self.chunk_ids.__getitem__, chain.from_iterable(split)), dtype=np.int32,
                          count=int(n_chunks.sum()))
        self.chunks_of.append((ids, n_chunks))
        if not len(ids):
            return np.zeros(len(lines), dtype=np.int64)
        with self.chunk_ids.lock:  # the view must be gone before the table grows (in another thread)
            words = np.frombuffer(self.chunk_ids.words, dtype=np.int64)[ids]  # a copy
        total = np.concatenate(([0], np.cumsum(words)))
        ends = np.cumsum(n_chunks)
        return total[ends] - total[ends - n_chunks]

    def chunks(self) -> tuple | None:
        """(chunk table, chunk ids, chunks per paragraph) of every document of the load, or None when some
        document's are not known (read from the cache)."""
        if any(found is None for found in self.chunks_of):
            return None
        return self.chunk_ids.chunks, [ids for ids, _ in self.chunks_of], [n for _, n in self.chunks_of]

    def done(self) -> None:
        """After the load: store the pack of its documents unless it was there whole, then keep the cache folder
        within its size limit (only when this load added to it)."""
        lookup, self.lookup = self.lookup, None
        if lookup is None:
            return
        lookup.close()
        if lookup.complete or not self.entries:
            return
        if _cleaned.write_pack(_cleaned.pack_key([key for key, *_ in self.entries]), self.entries):
            _cleaned.trim()

    def close(self) -> None:
        """Let go of the packs opened (a load that stopped with an error)."""
        if self.lookup is not None:
            self.lookup.close()
            self.lookup = None


DEFAULT_RULES_FILE = "_default.yaml"


def _default_rules_path(folder: Path | str) -> Path:
    """``rules/_default.yaml`` of a corpus folder (which may not exist); a link leading out of rules/ is refused."""
    return contained_path(Path(folder) / "rules", DEFAULT_RULES_FILE,
                          str(Path(folder) / "rules" / DEFAULT_RULES_FILE), "rules file")


def corpus_default_rules(folder: Path | str) -> dict:
    """The cleaning rules of a document of ``folder`` without its own rules file.

    ``rules/_default.yaml`` when the corpus has one (corpus-wide defaults), else the
    built-in defaults (:data:`framings.clean.DEFAULT_RULES`). Do not modify the result.

    Parameters
    ----------
    folder : pathlib.Path or str
        The corpus folder.

    Returns
    -------
    dict
        The parsed rules (shared, cached: do not modify).

    Raises
    ------
    CorpusError
        When ``rules/_default.yaml`` exists but is malformed.

    Examples
    --------
    >>> from framings.corpus import corpus_default_rules
    >>> isinstance(corpus_default_rules(fr.corpus.default_corpus_path()), dict)
    True
    """

    path = _default_rules_path(folder)
    if os.path.lexists(path):
        return shared_rules(path, DEFAULT_RULES_FILE)
    return {k: (list(v) if isinstance(v, list) else v) for k, v in DEFAULT_RULES.items()}


SPELLINGS_FILE = "spellings.csv"


def corpus_spellings(folder: Path | str) -> dict[str, str]:
    """The spellings a corpus counts in its cleaning report: ``resources/spellings.csv`` of ``folder``.

    See :func:`framings.clean.load_spellings` for the file; a corpus without it counts none.

    Parameters
    ----------
    folder : pathlib.Path or str
        The corpus folder.

    Returns
    -------
    dict of str to str
        Name → pattern, in the file's order; ``{}`` when the corpus has no such file.

    Raises
    ------
    CorpusError
        When the file exists but is malformed.

    Examples
    --------
    >>> from framings.corpus import corpus_spellings
    >>> "Turkey" in corpus_spellings(fr.corpus.default_corpus_path())
    True
    """
    path = contained_path(folder, f"resources/{SPELLINGS_FILE}", str(folder), "spellings file")
    return load_spellings(path)


CATEGORIES_FILE = "categories.csv"


def corpus_rule_categories(folder: Path | str) -> dict[str, str]:
    """The kind of boilerplate each rule of a corpus removes: ``rules/categories.csv`` of ``folder``.

    See :func:`framings.clean.load_rule_categories` for the file; :func:`load_corpus` keeps the
    result in ``attrs["rule_categories"]`` for :func:`framings.clean.words_removed`. A corpus
    without the file has none (the engine's own rules keep their categories).

    Parameters
    ----------
    folder : pathlib.Path or str
        The corpus folder.

    Returns
    -------
    dict of str to str
        Rule name → category, in the file's order; ``{}`` when the corpus has no such file.

    Raises
    ------
    CorpusError
        When the file exists but is malformed.

    Examples
    --------
    >>> from framings.corpus import corpus_rule_categories
    >>> corpus_rule_categories(fr.corpus.default_corpus_path())["references"]
    'reference lists'
    """
    path = contained_path(folder, f"rules/{CATEGORIES_FILE}", str(folder), "rule categories file")
    return load_rule_categories(path)


def _warn_default_rules(folder: Path, meta: pd.DataFrame, clean: bool, stacklevel: int = 3) -> None:
    """One warning for the corpus when documents fall back to the built-in rules (no _default.yaml)."""


    rules_dir = folder / "rules"
    if not clean or (rules_dir / DEFAULT_RULES_FILE).exists():
        return
    without = [d for d in meta["doc_id"] if not (rules_dir / f"{d}.yaml").exists()]
    if without:
        shown = ", ".join(without[:3]) + (", …" if len(without) > 3 else "")
        warnings.warn(f"{folder}: {len(without)} of {len(meta)} document(s) have no rules file ({shown}); "
                      "using the default cleaning rules (headings, split paragraphs, homoglyphs, URLs, e-mails). "
                      f"Write {rules_dir / DEFAULT_RULES_FILE} for corpus-wide rules or rules/<doc_id>.yaml "
                      "to drop a document's boilerplate.", CorpusWarning, stacklevel=stacklevel)


def _paragraph_lines(text) -> list[str]:
    """The paragraphs of a text as :func:`paragraphs` sees them: its non-empty lines, stripped."""
    return [line for line in (raw.strip() for raw in str(text).splitlines()) if line]


def _sums(para_words: list[np.ndarray]) -> np.ndarray:
    """Words per text from the words of its paragraphs (no token spans a line break)."""
    return np.fromiter((int(words.sum()) for words in para_words), dtype=np.int64, count=len(para_words))


PARALLEL_MIN_DOCS = 100  # below this, worker start-up costs more than it saves


def _load_batch(folder: str, numbered_rows: list, clean: bool):
    """A worker's share of :func:`load_corpus`: texts, report rows, word counts, warnings."""


    texts, reports, para_words, split_exactly = [], [], [], []
    cleaner = _DocumentCleaner(Path(folder)) if clean else None
    numbered_rows = [(row_number, SimpleNamespace(**row)) for row_number, row in numbered_rows]
    if clean:
        cleaner.prepare(numbered_rows)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for row_number, row in numbered_rows:
            if clean:
                text, report, words, exact = cleaner.load(row, row_number)
                para_words.append(words)
                split_exactly.append(exact)
            else:
                text, report, _ = _load_document_lines(Path(folder), row, row_number, clean)
            texts.append(text)
            reports.append(report)
        if clean:
            cleaner.done()
    n_words = _sums(para_words) if clean else count_words_many(texts)
    return texts, reports, n_words, para_words, split_exactly, [(str(w.message), w.category) for w in caught]


def _load_parallel(folder: Path, meta: pd.DataFrame, clean: bool, n_jobs: int, line_numbers: list[int]):

    from joblib import (  # heavy (joblib): imported on first use
        Parallel,
        delayed,
        effective_n_jobs,
    )


    numbered = list(zip(line_numbers, meta.to_dict("records")))
    n_batches = 4 * effective_n_jobs(n_jobs)
    bounds = np.linspace(0, len(numbered), n_batches + 1).astype(int)
    texts, reports, n_words, para_words, split_exactly = [], [], [], [], []
    results = Parallel(n_jobs=n_jobs, return_as="generator")(
        delayed(_load_batch)(str(folder), numbered[start:stop], clean) for start, stop in zip(bounds[:-1], bounds[1:]))
    with progress_bar(len(meta), "loading", "doc", PROGRESS_MIN_DOCS) as bar:
        for batch_texts, batch_reports, batch_words, batch_para_words, batch_exact, caught in results:
            for message, category in caught:
                warnings.warn(message, category, stacklevel=4)
            texts += batch_texts
            reports += batch_reports
            n_words.append(batch_words)
            para_words += batch_para_words
            split_exactly += batch_exact
            bar.update(len(batch_texts))
    return texts, (reports if clean else []), np.concatenate(n_words), para_words, split_exactly


def _report_frame(reports: list[list[dict]]) -> pd.DataFrame:
    """The cleaning reports of all documents as one frame (as concatenating one frame per document)."""
    if not reports:
        return pd.DataFrame(columns=REPORT_COLUMNS)
    if all(reports):
        return pd.DataFrame([row for report in reports for row in report], columns=REPORT_COLUMNS)
    # an empty report changes the column types of the concatenation: keep its exact result
    return pd.concat([pd.DataFrame(report, columns=REPORT_COLUMNS) for report in reports], ignore_index=True)


_DASHES = re.compile(r"[\u2010-\u2015\-]+")


_NOT_WORD = re.compile(r"[^\w'\-]+")


def _plain(text: str) -> str:
    """Text compared for titles: NFKC, case-folded, apostrophes/dashes unified, punctuation and spaces squeezed."""
    text = unicodedata.normalize("NFKC", str(text)).casefold()
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = _NOT_WORD.sub(" ", _DASHES.sub("-", text))
    return " ".join(text.split())


def _surnames(authors: str) -> list[str]:
    """Surnames of an ``authors`` field written ``Surname, Given; Surname, Given``."""
    names = []
    for author in str(authors or "").split(";"):
        surname = author.split(",")[0].strip()
        if surname:
            names.append(_plain(surname))
    return names


def _paragraph_kind(line: str, n_words: int, title: str, surnames: list[str]) -> str:
    """``title``, ``byline``, ``heading`` or ``body`` (see :func:`paragraphs`)."""

    if n_words > BYLINE_MAX_WORDS and not (title and len(line) <= 2 * len(title) + 20):
        return "body"  # too long for a byline or heading, too long to be the title
    plain = _plain(line)
    if title and plain == title:
        return "title"
    if n_words <= BYLINE_MAX_WORDS and not line.rstrip().endswith((".", "!", "?")):
        words = set(plain.split())
        if plain.startswith("by ") or any(name and (name in words or f" {name} " in f" {plain} ")
                                          for name in surnames):
            return "byline"
    if n_words <= HEADING_MAX_WORDS and not ends_closed(line):
        return "heading"
    return "body"


def paragraphs(corpus: pd.DataFrame) -> pd.DataFrame:
    """One row per paragraph: ``doc_id, para_id, framing, text, n_words, kind``.

    A paragraph is a non-empty line of the (cleaned) text. ``para_id`` is
    ``<doc_id>-p<NNN>``, numbered from 1 within each document. ``kind`` marks what
    the line is, so that measures of the argument can leave the rest out:

    ``title``
        the line equals the document's ``title`` (metadata), compared case-folded with
        apostrophes, dashes, punctuation and spaces unified;
    ``byline``
        a line of at most 20 words, not ending a sentence (``.``, ``!``, ``?``), that
        starts with "By" or contains the surname of one of the document's ``authors``
        (metadata, ``Surname, Given; …``);
    ``heading``
        another line of at most 12 words without closing punctuation (the cleaning rule
        ``headings`` with its default ``max_words``; such lines remain only where a
        document's rules keep headings);
    ``body``
        every other line.

    Parameters
    ----------
    corpus : pandas.DataFrame
        A corpus frame (:func:`load_corpus`): columns ``doc_id, framing, text``, and
        optionally ``title`` and ``authors``.

    Returns
    -------
    pandas.DataFrame
        The paragraph frame, in document and line order.

    Raises
    ------
    CorpusError
        If the frame lacks ``doc_id``, ``framing`` or ``text``.

    Examples
    --------
    >>> import pandas as pd
    >>> corpus = pd.DataFrame({"doc_id": ["d"], "framing": ["x"], "title": ["A Title"],
    ...                        "authors": ["Smith, Ann"],
    ...                        "text": ["A title\\nBy Ann Smith\\nFirst part\\nThe argument, in full."]})
    >>> paragraphs(corpus)["kind"].tolist()
    ['title', 'byline', 'heading', 'body']
    """
    require_columns(corpus, ["doc_id", "text"], "paragraphs(): the corpus frame", "pass fr.load_corpus()")
    if "framing" not in corpus.columns:  # an unlabelled corpus
        corpus = corpus.assign(framing="")

    # the word counts load_corpus made, while the frame holds those very texts
    cached = corpus.__dict__.get(_PARAGRAPH_WORDS)
    cached_texts, cached_words, cached_exact, cached_chunks = cached if cached is not None else ((), [], [], None)
    reuse = len(cached_texts) == len(corpus)
    doc_ids, para_ids, framings, texts, starts = [], [], [], [], []
    titles = corpus["title"] if "title" in corpus.columns else [""] * len(corpus)
    authors = corpus["authors"] if "authors" in corpus.columns else [""] * len(corpus)
    for k, (doc_id, framing, text) in enumerate(zip(corpus["doc_id"], corpus["framing"], corpus["text"])):
        # equal, not identical: a column of pyarrow-backed strings gives a new str object on every read
        if reuse and cached_exact[k] and text == cached_texts[k]:
            lines = text.split("\n")  # the cleaned paragraphs joined: no other line break, none empty or padded
        else:
            lines = _paragraph_lines(text)
            if reuse and not (len(cached_words[k]) == len(lines) and text == cached_texts[k]):
                reuse = False
        starts.append(len(texts))
        doc_ids.extend([doc_id] * len(lines))
        para_ids.extend([f"{doc_id}-p{n:03d}" for n in range(1, len(lines) + 1)])
        framings.extend([framing] * len(lines))
        texts.extend(lines)

    if not texts:
        return carry_corpus_path(corpus, pd.DataFrame(columns=PARAGRAPH_COLUMNS[:-2]).assign(n_words=[], kind=[]))
    paras = pd.DataFrame({"doc_id": doc_ids, "para_id": para_ids, "framing": framings, "text": texts},
                         columns=PARAGRAPH_COLUMNS[:-2])
    if reuse:
        paras["n_words"] = np.concatenate(cached_words)
        if cached_chunks is not None:
            table, ids, n_chunks = cached_chunks
            object.__setattr__(paras, _PARAGRAPH_CHUNKS, (tuple(texts), table, np.concatenate(ids),
                                                          np.concatenate(n_chunks)))
    else:
        if cached is not None:  # the texts changed: let the old ones go
            corpus.__dict__.pop(_PARAGRAPH_WORDS, None)
        paras["n_words"] = count_words_many(texts)
    n_words = paras["n_words"].to_numpy()
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    kinds = ["body"] * len(texts)
    for k, start in enumerate(starts):
        stop = starts[k + 1] if k + 1 < len(starts) else len(texts)
        title = _plain(titles.iloc[k] if hasattr(titles, "iloc") else titles[k])
        names = _surnames(authors.iloc[k] if hasattr(authors, "iloc") else authors[k])
        # only a short line, or one no longer than a title may be, can be other than body (_paragraph_kind)
        title_length = 2 * len(title) + 20 if title else -1
        short = (n_words[start:stop] <= BYLINE_MAX_WORDS) | (lengths[start:stop] <= title_length)
        for i in (np.flatnonzero(short) + start).tolist():
            kinds[i] = _paragraph_kind(texts[i], int(n_words[i]), title, names)
    paras["kind"] = kinds
    return carry_corpus_path(corpus, paras)


def corpus_checksum(path: Path | str | None = None) -> str:
    """SHA-256 over ``metadata.csv`` and every raw file it lists, in order.

    Parameters
    ----------
    path : pathlib.Path or str or None, default None
        The corpus folder; ``None`` for :func:`framings._paths.default_corpus_path`.

    Returns
    -------
    str
        64 hexadecimal digits; changes when any listed byte changes.

    Raises
    ------
    CorpusError
        When ``metadata.csv`` is missing or malformed.

    Examples
    --------
    >>> checksum = fr.corpus.corpus_checksum()
    >>> len(checksum), checksum == fr.corpus.corpus_checksum()
    (64, True)
    """

    folder = Path(path) if path is not None else default_corpus_path()
    meta, line_numbers = _read_metadata_lines(folder)
    meta_path = folder / "metadata.csv"
    digest = hashlib.sha256(read_limited(meta_path, str(meta_path), "metadata file"))
    for name, line in zip(meta["file"], line_numbers):
        digest.update(read_raw(folder, name, f"{meta_path}, line {line}"))
    return digest.hexdigest()
