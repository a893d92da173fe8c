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

import pandas as pd

from .clean import REPORT_COLUMNS, clean_text, load_rules
from .errors import CorpusError

REQUIRED_COLUMNS = ["doc_id", "file", "sha256", "framing"]
OPTIONAL_COLUMNS = ["title", "authors", "date", "year", "outlet", "kind", "url", "notes"]
METADATA_COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
PARAGRAPH_COLUMNS = ["doc_id", "para_id", "framing", "text", "n_words"]


def default_corpus_path() -> Path:
    """The project's corpus folder (``$FRAMINGS_CORPUS`` overrides it)."""
    env = os.environ.get("FRAMINGS_CORPUS")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "corpus"


def count_words(text: str) -> int:
    """Words as ``tokens()`` sees them with every filter off (letters or digits)."""
    from .tokens import tokenize

    return len(tokenize(text, stopwords=None, phrases=False, min_length=1))


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
    missing = [c for c in REQUIRED_COLUMNS if c not in meta.columns]
    if missing:
        raise CorpusError(f"{meta_path}: missing required column(s) {', '.join(missing)}; add them to the header row")
    for column in OPTIONAL_COLUMNS:
        if column not in meta.columns:
            meta[column] = ""
    for row_number, row in enumerate(meta.itertuples(index=False), start=2):
        for column in REQUIRED_COLUMNS:
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


def load_corpus(path: Path | str | None = None, clean: bool = True) -> pd.DataFrame:
    """Load a corpus folder: one row per document.

    Columns: the metadata columns (``doc_id, file, sha256, framing, title, authors,
    date, year, outlet, kind, url, notes``), ``text`` (cleaned by the document's
    rules unless ``clean=False``) and ``n_words``. With ``clean=True`` the frame's
    ``attrs["cleaning_report"]`` holds the cleaning report (see
    :func:`framings.cleaning_report`).

    Raises :class:`~framings.CorpusError` for a file listed but missing, a file
    present but not listed, a checksum mismatch, a non-UTF-8 or empty file, a
    duplicate doc_id, a missing column, a malformed rules file, or a document that
    is empty after cleaning.
    """
    folder = Path(path) if path is not None else default_corpus_path()
    if not folder.is_dir():
        raise CorpusError(f"{folder}: no such corpus folder; pass the folder that holds metadata.csv and raw/")
    meta = read_metadata(folder)
    meta_path = folder / "metadata.csv"
    raw_dir = folder / "raw"
    listed = set(meta["file"])
    unlisted = sorted(p.name for p in raw_dir.glob("*") if p.is_file() and p.name not in listed
                      and not p.name.startswith("."))
    if unlisted:
        raise CorpusError(f"{raw_dir / unlisted[0]}: present in raw/ but not listed in metadata.csv "
                          f"({len(unlisted)} such file(s)); add a row (python -m framings add) or move it out")
    texts, reports = [], []
    for row_number, row in enumerate(meta.itertuples(index=False), start=2):
        text = _read_text(raw_dir / row.file, meta_path, row_number, row.sha256)
        if clean:
            rules = load_rules(folder / "rules" / f"{row.doc_id}.yaml", row.doc_id)
            text, report = clean_text(text, rules, doc_id=row.doc_id)
            if not text.strip():
                raise CorpusError(f"{raw_dir / row.file}: empty after cleaning; check the drop rules "
                                  f"in rules/{row.doc_id}.yaml")
            reports.append(report)
        texts.append(text)
    corpus = meta[METADATA_COLUMNS + [c for c in meta.columns if c not in METADATA_COLUMNS]].copy()
    corpus["text"] = texts
    corpus["n_words"] = [count_words(t) for t in texts]
    if clean:
        report = pd.concat(reports, ignore_index=True) if reports else pd.DataFrame(columns=REPORT_COLUMNS)
        corpus.attrs["cleaning_report"] = report
    corpus.attrs["corpus_path"] = str(folder)
    return corpus


def paragraphs(corpus: pd.DataFrame) -> pd.DataFrame:
    """One row per paragraph: ``doc_id, para_id, framing, text, n_words``.

    A paragraph is a non-empty line of the (cleaned) text. ``para_id`` is
    ``<doc_id>-p<NNN>``, numbered from 1 within each document.
    """
    missing = [c for c in ("doc_id", "framing", "text") if c not in corpus.columns]
    if missing:
        raise CorpusError(f"paragraphs(): the corpus frame lacks column(s) {missing}; pass fr.load_corpus()")
    rows = []
    for doc_id, framing, text in zip(corpus["doc_id"], corpus["framing"], corpus["text"]):
        lines = [line.strip() for line in str(text).splitlines() if line.strip()]
        rows.extend((doc_id, f"{doc_id}-p{n:03d}", framing, line) for n, line in enumerate(lines, 1))
    paras = pd.DataFrame(rows, columns=PARAGRAPH_COLUMNS[:-1])
    paras["n_words"] = [count_words(t) for t in paras["text"]]
    return paras


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
    if not framing.strip():
        raise CorpusError("add: --framing must not be empty; give the document's a-priori framing label")
    meta = read_metadata(folder)
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
    if not rules.exists():
        rules.write_text(_STARTER_RULES.format(doc_id=doc_id), encoding="utf-8")
    updated = pd.concat([meta, pd.DataFrame([row])], ignore_index=True)
    updated.to_csv(folder / "metadata.csv", index=False, lineterminator="\n")
    return row
