"""Load a corpus folder into pandas: one row per document, then one per paragraph.

A corpus folder has this layout (the project's own is ``corpus/``)::

    metadata.csv        one row per document: doc_id, file, sha256, framing, ...
    raw/                the texts, UTF-8, never written by any code
    rules/<doc_id>.yaml cleaning rules per document (optional; defaults + warning)

Every load checks each file's SHA-256 against ``metadata.csv``.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np
import pandas as pd

from .clean import REPORT_COLUMNS, _clean_lines, _load_rules
from .errors import CorpusError

REQUIRED_COLUMNS = ["doc_id", "file", "sha256", "framing"]
# of the required columns, these must be filled in on every row; ``framing`` may be empty
# (or absent: an unlabelled corpus, see :func:`is_labelled`)
FILLED_COLUMNS = ["doc_id", "file", "sha256"]
OPTIONAL_COLUMNS = ["title", "authors", "date", "year", "outlet", "kind", "url", "notes"]
METADATA_COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
PARAGRAPH_COLUMNS = ["doc_id", "para_id", "framing", "text", "n_words"]
PROGRESS_MIN_DOCS = 500  # show a progress bar (on a terminal) when loading this many documents
# Private attribute of a frame made by load_corpus: (its texts, word counts of each text's paragraphs),
# so that paragraphs() need not count the words again while the texts are those very objects.
_PARAGRAPH_WORDS = "_framings_paragraph_words"


from .paths import default_corpus_path  # noqa: E402  (re-exported: fr.default_corpus_path)




def read_metadata(path: Path | str | None = None) -> pd.DataFrame:
    """Read and validate ``metadata.csv`` of a corpus folder."""
    folder = Path(path) if path is not None else default_corpus_path()
    meta_path = folder / "metadata.csv"
    if not meta_path.exists():
        raise CorpusError(f"{meta_path}: no metadata file; create it with columns {', '.join(REQUIRED_COLUMNS)}")
    try:
        meta = pd.read_csv(meta_path, dtype=str, keep_default_na=False, encoding="utf-8")
    except UnicodeDecodeError as err:
        raise CorpusError(f"{meta_path}: not UTF-8 (bad byte at offset {err.start}); save it as UTF-8") from None
    except pd.errors.ParserError as err:
        raise CorpusError(f"{meta_path}: not a valid CSV ({str(err).strip()}); fix the quoting") from None
    if "framing" not in meta.columns:  # an unlabelled corpus
        meta.insert(min(3, len(meta.columns)), "framing", "")
    missing = [c for c in REQUIRED_COLUMNS if c not in meta.columns]
    if missing:
        raise CorpusError(f"{meta_path}: missing required column(s) {', '.join(missing)}; add them to the header row")
    for column in OPTIONAL_COLUMNS:
        if column not in meta.columns:
            meta[column] = ""
    for row_number, row in enumerate(meta.itertuples(index=False), start=2):
        for column in FILLED_COLUMNS:
            if not str(getattr(row, column)).strip():
                raise CorpusError(f"{meta_path}, row {row_number} ({row.doc_id or row.file}): "
                                  f"empty '{column}'; fill it in")
    duplicated = meta["doc_id"].duplicated(keep="first")
    if duplicated.any():
        row_number = int(duplicated.to_numpy().nonzero()[0][0]) + 2
        raise CorpusError(f"{meta_path}, row {row_number}: duplicate doc_id "
                          f"{meta.loc[duplicated, 'doc_id'].iloc[0]!r}; give each document its own id")
    return meta


def _read_text(file_path: Path, meta_path: Path, row_number: int, expected_sha: str) -> str:
    if not file_path.exists():
        raise CorpusError(f"{file_path}: listed in {meta_path.name} row {row_number} but missing; "
                          "restore the file or remove its row")
    data = file_path.read_bytes()
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected_sha.strip().lower():
        raise CorpusError(f"{file_path}: checksum mismatch (metadata {expected_sha[:12]}…, file {actual[:12]}…); "
                          "raw files must not be edited: restore the original, or if this is a new version "
                          "update sha256 in metadata.csv")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise CorpusError(f"{file_path}: not UTF-8 (invalid byte 0x{data[err.start]:02x} at byte offset "
                          f"{err.start}); convert the file to UTF-8") from None
    if not text.strip():
        raise CorpusError(f"{file_path}: empty or whitespace-only document; remove it or supply the text")
    return text.lstrip("\ufeff")


def load_corpus(path: Path | str | None = None, clean: bool = True, *, n_jobs: int = 1) -> pd.DataFrame:
    """Load a corpus folder: one row per document.

    Columns: the metadata columns (``doc_id, file, sha256, framing, title, authors,
    date, year, outlet, kind, url, notes``), ``text`` (cleaned by the document's
    rules unless ``clean=False``) and ``n_words``. With ``clean=True`` the frame's
    ``attrs["cleaning_report"]`` holds the cleaning report (see
    :func:`framings.cleaning_report`).

    Documents are read and cleaned one at a time (only cleaned texts are kept); with
    ``n_jobs`` > 1 (``-1``: all cores) worker processes share them (joblib), for
    corpora of hundreds of documents or more. The result is the same.

    Raises :class:`~framings.CorpusError` for a file listed but missing, a file
    present but not listed, a checksum mismatch, a non-UTF-8 or empty file, a
    duplicate doc_id, a missing column, a malformed rules file, or a document that
    is empty after cleaning.
    """
    folder, meta = _checked_folder(path)
    _warn_default_rules(folder, meta, clean)
    from ._progress import progress_bar
    from .tokens import _WordCounts, count_words_many

    if n_jobs != 1 and len(meta) >= PARALLEL_MIN_DOCS:
        texts, reports, n_words, para_words = _load_parallel(folder, meta, clean, n_jobs)
    else:
        # one document at a time: only the cleaned text and the report rows are kept
        texts, reports, para_words = [], [], []
        counts = _WordCounts()
        with progress_bar(len(meta), "loading", "doc", PROGRESS_MIN_DOCS) as bar:
            for row_number, row in enumerate(meta.itertuples(index=False), start=2):
                text, report, lines = _load_document_lines(folder, row, row_number, clean, stacklevel=4)
                if clean:
                    reports.append(report)
                    para_words.append(_paragraph_words(counts, text, lines))
                texts.append(text)
                bar.update()
        n_words = _sums(para_words) if clean else count_words_many(texts)
    corpus = meta[METADATA_COLUMNS + [c for c in meta.columns if c not in METADATA_COLUMNS]].copy()
    corpus["text"] = texts
    corpus["n_words"] = n_words
    if clean:
        object.__setattr__(corpus, _PARAGRAPH_WORDS, (tuple(corpus["text"]), para_words))
        corpus.attrs["cleaning_report"] = _report_frame(reports)
    corpus.attrs["corpus_path"] = str(folder)
    return corpus


def iter_corpus(path: Path | str | None = None, clean: bool = True, batch_size: int = 500):
    """:func:`load_corpus` in batches of ``batch_size`` documents: frames of the same columns.

    For corpora larger than memory: only one batch of texts is held at a time, e.g.
    ``fr.term_counts((fr.paragraphs(batch) for batch in iter_corpus(path)), by="framing")``
    counts a folder of any size in flat memory. The folder and metadata are checked
    before the first batch. The batches carry no cleaning report (so that they can be
    concatenated); :func:`load_corpus` or :func:`framings.clean_text` give it.
    """
    from .tokens import count_words_many

    folder, meta = _checked_folder(path)
    _warn_default_rules(folder, meta, clean)
    columns = METADATA_COLUMNS + [c for c in meta.columns if c not in METADATA_COLUMNS]
    for start in range(0, len(meta), max(1, int(batch_size))):
        batch = meta.iloc[start:start + batch_size]
        texts = [_load_document(folder, row, row_number, clean)[0]
                 for row_number, row in enumerate(batch.itertuples(index=False), start=start + 2)]
        frame = batch[columns].reset_index(drop=True)
        frame["text"] = texts
        frame["n_words"] = count_words_many(texts)
        frame.attrs["corpus_path"] = str(folder)
        yield frame


def _checked_folder(path) -> tuple[Path, pd.DataFrame]:
    """(corpus folder, its checked metadata); every file in raw/ must be listed."""
    folder = Path(path) if path is not None else default_corpus_path()
    if not folder.is_dir():
        raise CorpusError(f"{folder}: no such corpus folder; pass the folder that holds metadata.csv and raw/")
    meta = read_metadata(folder)
    raw_dir = folder / "raw"
    listed = set(meta["file"])
    unlisted = sorted(p.name for p in raw_dir.glob("*") if p.is_file() and p.name not in listed
                      and not p.name.startswith("."))
    if unlisted:
        raise CorpusError(f"{raw_dir / unlisted[0]}: present in raw/ but not listed in metadata.csv "
                          f"({len(unlisted)} such file(s)); add a row (python -m framings add) or move it out")
    return folder, meta


def _load_document(folder: Path, row, row_number: int, clean: bool, stacklevel: int = 4):
    """(text, cleaning report rows or None) of one metadata row: read, checked, cleaned."""
    text, report, _ = _load_document_lines(folder, row, row_number, clean, stacklevel=stacklevel + 1)
    return text, report


def _load_document_lines(folder: Path, row, row_number: int, clean: bool, stacklevel: int = 5):
    """:func:`_load_document` and the paragraphs of the text when known (else None)."""
    raw_dir = folder / "raw"
    text = _read_text(raw_dir / row.file, folder / "metadata.csv", row_number, row.sha256)
    if not clean:
        return text, None, None
    rules_path = folder / "rules" / f"{row.doc_id}.yaml"
    rules = (_load_rules(rules_path, row.doc_id, stacklevel=stacklevel) if rules_path.exists()
             else corpus_default_rules(folder))
    lines, report, exact = _clean_lines(text, rules, doc_id=row.doc_id)
    text = "\n".join(lines)
    if not text.strip():
        raise CorpusError(f"{raw_dir / row.file}: empty after cleaning; check the drop rules "
                          f"in rules/{row.doc_id}.yaml")
    return text, report, (lines if exact else None)


DEFAULT_RULES_FILE = "_default.yaml"


def corpus_default_rules(folder: Path | str) -> dict:
    """The cleaning rules of a document of ``folder`` without its own rules file.

    ``rules/_default.yaml`` when the corpus has one (corpus-wide defaults), else the
    built-in defaults (:data:`framings.clean.DEFAULT_RULES`). Do not modify the result.
    """
    from .clean import DEFAULT_RULES

    path = Path(folder) / "rules" / DEFAULT_RULES_FILE
    if path.exists():
        return _load_rules(path, DEFAULT_RULES_FILE)
    return {k: (list(v) if isinstance(v, list) else v) for k, v in DEFAULT_RULES.items()}


def _warn_default_rules(folder: Path, meta: pd.DataFrame, clean: bool, stacklevel: int = 3) -> None:
    """One warning for the corpus when documents fall back to the built-in rules (no _default.yaml)."""
    import warnings

    from .errors import CorpusWarning

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


def _paragraph_words(counts, text: str, lines: list[str] | None) -> np.ndarray:
    """Words of each paragraph of ``text`` (``lines``: those paragraphs, when known)."""
    count_of = counts.__getitem__
    return np.array([sum(map(count_of, line.split())) for line in (_paragraph_lines(text) if lines is None else lines)],
                    dtype=np.int64)


def _sums(para_words: list[np.ndarray]) -> np.ndarray:
    """Words per text from the words of its paragraphs (no token spans a line break)."""
    return np.fromiter((int(words.sum()) for words in para_words), dtype=np.int64, count=len(para_words))


PARALLEL_MIN_DOCS = 100  # below this, worker start-up costs more than it saves


def _load_batch(folder: str, numbered_rows: list, clean: bool):
    """A worker's share of :func:`load_corpus`: texts, report rows, word counts, warnings."""
    import warnings
    from types import SimpleNamespace

    from .tokens import _WordCounts, count_words_many

    texts, reports, para_words = [], [], []
    counts = _WordCounts()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for row_number, row in numbered_rows:
            text, report, lines = _load_document_lines(Path(folder), SimpleNamespace(**row), row_number, clean)
            texts.append(text)
            reports.append(report)
            if clean:
                para_words.append(_paragraph_words(counts, text, lines))
    n_words = _sums(para_words) if clean else count_words_many(texts)
    return texts, reports, n_words, para_words, [(str(w.message), w.category) for w in caught]


def _load_parallel(folder: Path, meta: pd.DataFrame, clean: bool, n_jobs: int):
    import warnings

    from joblib import Parallel, delayed, effective_n_jobs

    from ._progress import progress_bar

    numbered = list(enumerate(meta.to_dict("records"), start=2))
    n_batches = 4 * effective_n_jobs(n_jobs)
    bounds = np.linspace(0, len(numbered), n_batches + 1).astype(int)
    texts, reports, n_words, para_words = [], [], [], []
    results = Parallel(n_jobs=n_jobs, return_as="generator")(
        delayed(_load_batch)(str(folder), numbered[start:stop], clean) for start, stop in zip(bounds[:-1], bounds[1:]))
    with progress_bar(len(meta), "loading", "doc", PROGRESS_MIN_DOCS) as bar:
        for batch_texts, batch_reports, batch_words, batch_para_words, caught in results:
            for message, category in caught:
                warnings.warn(message, category, stacklevel=4)
            texts += batch_texts
            reports += batch_reports
            n_words.append(batch_words)
            para_words += batch_para_words
            bar.update(len(batch_texts))
    return texts, (reports if clean else []), np.concatenate(n_words), para_words


def _report_frame(reports: list[list[dict]]) -> pd.DataFrame:
    """The cleaning reports of all documents as one frame (as concatenating one frame per document)."""
    if not reports:
        return pd.DataFrame(columns=REPORT_COLUMNS)
    if all(reports):
        return pd.DataFrame([row for report in reports for row in report], columns=REPORT_COLUMNS)
    # an empty report changes the column types of the concatenation: keep its exact result
    return pd.concat([pd.DataFrame(report, columns=REPORT_COLUMNS) for report in reports], ignore_index=True)


def paragraphs(corpus: pd.DataFrame) -> pd.DataFrame:
    """One row per paragraph: ``doc_id, para_id, framing, text, n_words``.

    A paragraph is a non-empty line of the (cleaned) text. ``para_id`` is
    ``<doc_id>-p<NNN>``, numbered from 1 within each document.
    """
    missing = [c for c in ("doc_id", "text") if c not in corpus.columns]
    if missing:
        raise CorpusError(f"paragraphs(): the corpus frame lacks column(s) {missing}; pass fr.load_corpus()")
    if "framing" not in corpus.columns:  # an unlabelled corpus
        corpus = corpus.assign(framing="")
    from .tokens import count_words_many

    # the word counts load_corpus made, while the frame holds those very texts
    cached = corpus.__dict__.get(_PARAGRAPH_WORDS)
    cached_texts, cached_words = cached if cached is not None else ((), [])
    reuse = len(cached_texts) == len(corpus)
    doc_ids, para_ids, framings, texts = [], [], [], []
    for k, (doc_id, framing, text) in enumerate(zip(corpus["doc_id"], corpus["framing"], corpus["text"])):
        lines = _paragraph_lines(text)
        if reuse and not (text is cached_texts[k] and len(cached_words[k]) == len(lines)):
            reuse = False
        doc_ids.extend([doc_id] * len(lines))
        para_ids.extend([f"{doc_id}-p{n:03d}" for n in range(1, len(lines) + 1)])
        framings.extend([framing] * len(lines))
        texts.extend(lines)
    from .paths import _carry_corpus_path

    if not texts:
        return _carry_corpus_path(corpus, pd.DataFrame(columns=PARAGRAPH_COLUMNS[:-1]).assign(n_words=[]))
    paras = pd.DataFrame({"doc_id": doc_ids, "para_id": para_ids, "framing": framings, "text": texts},
                         columns=PARAGRAPH_COLUMNS[:-1])
    if reuse:
        paras["n_words"] = np.concatenate(cached_words)
    else:
        if cached is not None:  # the texts changed: let the old ones go
            corpus.__dict__.pop(_PARAGRAPH_WORDS, None)
        paras["n_words"] = count_words_many(texts)
    return _carry_corpus_path(corpus, paras)


def corpus_checksum(path: Path | str | None = None) -> str:
    """SHA-256 over ``metadata.csv`` and every raw file it lists, in order."""
    folder = Path(path) if path is not None else default_corpus_path()
    digest = hashlib.sha256((folder / "metadata.csv").read_bytes())
    for name in read_metadata(folder)["file"]:
        digest.update((folder / "raw" / name).read_bytes())
    return digest.hexdigest()


_STARTER_RULES = """# Cleaning rules for {doc_id} (see corpus/rules/README.md). Written by `python -m framings add`:
# the defaults, spelled out. Add drop_spans / drop_lines / drop_inline / replace entries for this
# document's boilerplate and defects; every action appears in corpus/cleaning-report.csv.
headings: {{max_words: 12}}
join_split_paragraphs: true
homoglyphs: true
drop_spans: []
drop_lines: []
drop_inline: []
replace: []
known_unrepaired: []
"""


def add_document(path, framing: str, title: str, authors: str = "", date: str = "", url: str = "",
                 doc_id: str | None = None, kind: str = "", outlet: str = "", notes: str = "",
                 corpus_path=None) -> dict:
    """Copy a UTF-8 text file into ``raw/``, append its metadata row (with SHA-256) and a starter rules file.

    Validates before writing anything: the file exists, is UTF-8, is not empty, its text is not
    already in the corpus, and ``doc_id`` is new. Returns the metadata row.
    """
    import re

    source = Path(path)
    folder = Path(corpus_path) if corpus_path is not None else default_corpus_path()
    if not source.is_file():
        raise CorpusError(f"{source}: no such file; give the path of a UTF-8 text file")
    data = source.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise CorpusError(f"{source}: not UTF-8 (invalid byte 0x{data[err.start]:02x} at byte offset {err.start}); "
                          "convert it to UTF-8 first") from None
    if not text.strip():
        raise CorpusError(f"{source}: empty or whitespace-only; nothing to add")
    framing = framing or ""
    from .paths import _is_bundled

    if _is_bundled(folder):
        raise CorpusError(f"{folder}: the corpus bundled with the installed package is read-only; start your own "
                          "(python -m framings init FOLDER --from TEXTS) and pass --corpus FOLDER")
    if (folder / "metadata.csv").exists():
        meta = read_metadata(folder)
    else:  # the first document starts the corpus
        meta = pd.DataFrame(columns=METADATA_COLUMNS, dtype=str)
        from .ingest import DEFAULT_RULES_YAML

        (folder / "rules").mkdir(parents=True, exist_ok=True)
        (folder / "rules" / DEFAULT_RULES_FILE).write_text(DEFAULT_RULES_YAML, encoding="utf-8")
    sha = hashlib.sha256(data).hexdigest()
    if sha in set(meta["sha256"]):
        existing = meta.loc[meta["sha256"] == sha, "doc_id"].iloc[0]
        raise CorpusError(f"{source}: the same text is already in the corpus as {existing!r}; not added")
    doc_id = doc_id or re.sub(r"[^a-z0-9]+", "-", source.stem.lower()).strip("-")
    if not doc_id or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", doc_id):
        raise CorpusError(f"add: doc_id {doc_id!r} must be lower-case letters, digits and hyphens; pass --doc-id")
    if doc_id in set(meta["doc_id"]):
        raise CorpusError(f"{folder / 'metadata.csv'}: doc_id {doc_id!r} exists already; pass another --doc-id")
    file_name = f"{doc_id}.txt"
    if (folder / "raw" / file_name).exists():
        raise CorpusError(f"{folder / 'raw' / file_name}: exists already; pass another --doc-id")
    row = {column: "" for column in meta.columns}
    row.update(doc_id=doc_id, file=file_name, sha256=sha, framing=framing.strip(), title=title, authors=authors,
               date=date, year=date[:4] if re.match(r"\d{4}", date or "") else "", outlet=outlet, kind=kind,
               url=url, notes=notes)
    (folder / "raw").mkdir(parents=True, exist_ok=True)
    (folder / "raw" / file_name).write_bytes(data)
    (folder / "rules").mkdir(exist_ok=True)
    rules = folder / "rules" / f"{doc_id}.yaml"
    if not rules.exists() and not (folder / "rules" / DEFAULT_RULES_FILE).exists():
        rules.write_text(_STARTER_RULES.format(doc_id=doc_id), encoding="utf-8")
    updated = pd.concat([meta, pd.DataFrame([row])], ignore_index=True)
    updated.to_csv(folder / "metadata.csv", index=False, lineterminator="\n")
    return row
