"""Add one document to a corpus folder: the raw file, its metadata row and a starter rules file."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pandas as pd

from .._io import contained_path, corpus_lock, decode_text, read_limited
from .._paths import default_corpus_path, is_bundled
from .._saferegex import RuleTimeout
from .._schema import iso_date_problem
from ..clean import clean_lines, default_rules_yaml, parse_rules, shared_rules
from ..errors import CorpusError
from ._ingest import DEFAULT_RULES_YAML
from ._journal import recover, transaction, write_file
from ._load import (
    DEFAULT_RULES_FILE,
    METADATA_COLUMNS,
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    read_metadata,
)
from ._metadata import doc_id_problem, parse_metadata

# the comments of a new document's rules file; the values below them are DEFAULT_RULES (default_rules_yaml)
_STARTER_COMMENTS = """# Cleaning rules for {doc_id} (see corpus/rules/README.md). Written by `python -m framings add`:
# the defaults, spelled out. Add drop_spans / drop_lines / drop_inline / replace entries for this
# document's boilerplate and defects; every action appears in corpus/cleaning-report.csv.
"""


def add_document(path: Path | str, framing: str, title: str, authors: str = "", date: str = "", url: str = "",
                 doc_id: str | None = None, kind: str = "", outlet: str = "", notes: str = "",
                 corpus_path: Path | str | None = None) -> dict:
    """Copy a UTF-8 text file into ``raw/``, append its metadata row (with SHA-256) and a starter rules file.

    A transaction: the whole new state of the corpus is checked before anything is
    written — the file (regular, within the size limit, UTF-8, not empty, not already in
    the corpus), the ``doc_id`` (new, safe characters), the ``date`` (ISO), the new
    ``metadata.csv`` as it will be read back, and the document cleaned by its rules (not
    empty after cleaning). Then each file is written atomically (temporary file +
    rename), ``metadata.csv`` last; if a write fails, the files written before it are
    removed again.

    Parameters
    ----------
    path : pathlib.Path or str
        The text file to add (UTF-8).
    framing : str
        Its a-priori framing label.
    title, authors, date, url, kind, outlet, notes : str
        Metadata fields (``authors`` as ``Surname, Given; …``, ``date`` ISO ``YYYY[-MM[-DD]]``).
    doc_id : str or None, default None
        The new document's id; ``None`` derives it from the file name.
    corpus_path : pathlib.Path or str or None, default None
        The corpus folder; ``None`` for :func:`framings._paths.default_corpus_path`.

    Returns
    -------
    dict
        The metadata row written.

    Raises
    ------
    CorpusError
        For a missing, empty or duplicate file, a bad or existing ``doc_id``, a bad date,
        the read-only bundled corpus, or a text empty after cleaning; nothing is written then.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from framings.simulate import write_corpus_folder
    >>> folder = write_corpus_folder(pathlib.Path(tempfile.mkdtemp()) / "corpus", n_docs=2)
    >>> text = folder.parent / "new.txt"
    >>> _ = text.write_text("A new text on energy security.\\nIt has two paragraphs.\\n", encoding="utf-8")
    >>> row = fr.add_document(text, framing="red", title="New", doc_id="new-doc", corpus_path=folder)
    >>> row["doc_id"], len(fr.load_corpus(folder))
    ('new-doc', 3)
    """


    source = Path(path)
    folder = Path(corpus_path) if corpus_path is not None else default_corpus_path()
    if not source.exists():
        raise CorpusError(f"{source}: no such file; give the path of a UTF-8 text file")
    data = read_limited(source, str(source), "text file")
    text, how = decode_text(data, str(source), "text file")
    if how is not None:  # raw/ keeps the bytes as given, and the loader reads UTF-8 only
        raise CorpusError(f"{source}: {how}; add copies the file unchanged and a corpus keeps UTF-8: save it as "
                          "UTF-8, or import it with `python -m framings init --from`, which converts it")
    if not text.strip():
        raise CorpusError(f"{source}: empty or whitespace-only; nothing to add")
    framing = framing or ""
    date = (date or "").strip()
    if date and iso_date_problem(date):
        raise CorpusError(f"add: --date {iso_date_problem(date)}")

    if is_bundled(folder):
        raise CorpusError(f"{folder}: the corpus bundled with the installed package is read-only; start your own "
                          "(python -m framings init FOLDER --from TEXTS) and pass --corpus FOLDER")
    # one writer at a time: the checks below read the corpus state the writes then extend
    with corpus_lock(folder, "add"):
        recover(folder)  # what a killed add left: removed, so this one can run
        return _add_locked(source, folder, data, text, framing, title, authors, date, url, doc_id, kind, outlet,
                           notes)


def _add_locked(source: Path, folder: Path, data: bytes, text: str, framing: str, title: str, authors: str,
                date: str, url: str, doc_id: str | None, kind: str, outlet: str, notes: str) -> dict:
    """The checks and writes of :func:`add_document`, holding the corpus lock."""
    new_corpus = not (folder / "metadata.csv").exists()
    if not new_corpus:
        meta = read_metadata(folder)
    else:  # the first document starts the corpus
        meta = pd.DataFrame(columns=METADATA_COLUMNS, dtype=str)
    sha = hashlib.sha256(data).hexdigest()
    if sha in set(meta["sha256"].str.lower()):
        existing = meta.loc[meta["sha256"].str.lower() == sha, "doc_id"].iloc[0]
        raise CorpusError(f"{source}: the same text is already in the corpus as {existing!r}; not added")
    doc_id = doc_id or re.sub(r"[^a-z0-9]+", "-", source.stem.lower()).strip("-")
    if not doc_id or doc_id_problem(doc_id):
        raise CorpusError(f"add: {doc_id_problem(doc_id or '')} — pass --doc-id")
    if doc_id in set(meta["doc_id"]):
        raise CorpusError(f"{folder / 'metadata.csv'}: doc_id {doc_id!r} exists already; pass another --doc-id")
    file_name = f"{doc_id}.txt"
    raw_file = folder / "raw" / file_name
    if os.path.lexists(raw_file):
        raise CorpusError(f"{raw_file}: exists already; pass another --doc-id")
    row = {column: "" for column in meta.columns}
    row.update(doc_id=doc_id, file=file_name, sha256=sha, framing=framing.strip(), title=title, authors=authors,
               date=date, year=date[:4] if re.match(r"\d{4}", date or "") else "", outlet=outlet, kind=kind,
               url=url, notes=notes)
    updated = pd.concat([meta, pd.DataFrame([row])], ignore_index=True)
    csv_text = updated.to_csv(index=False, lineterminator="\n")
    meta_path = folder / "metadata.csv"
    parse_metadata(meta_path, REQUIRED_COLUMNS, OPTIONAL_COLUMNS, text=csv_text)  # the new state reads back
    rules_path = folder / "rules" / f"{doc_id}.yaml"
    new_rules = not os.path.lexists(rules_path)
    rules_text = _STARTER_COMMENTS.format(doc_id=doc_id) + default_rules_yaml()
    if new_rules:

        rules = parse_rules(rules_text)
    else:

        rules = shared_rules(contained_path(folder / "rules", f"{doc_id}.yaml", str(rules_path), "rules file"),
                            doc_id)
    try:
        cleaned, _, _ = clean_lines(text, rules, doc_id=doc_id)
    except RuleTimeout as err:
        raise CorpusError(f"{rules_path}: {err.describe()}") from None
    if not "\n".join(cleaned).strip():
        raise CorpusError(f"{source}: empty after cleaning with {'the default rules' if new_rules else rules_path}; "
                          "nothing to add (is it only headings or short lines?). Nothing was written")
    created = [f"raw/{file_name}"] + ([f"rules/{doc_id}.yaml"] if new_rules else [])
    created += [f"rules/{DEFAULT_RULES_FILE}"] if new_corpus else []
    with transaction(folder, created):
        write_file(folder, f"raw/{file_name}", data)
        if new_rules:
            write_file(folder, f"rules/{doc_id}.yaml", rules_text.encode("utf-8"))
        if new_corpus:
            write_file(folder, f"rules/{DEFAULT_RULES_FILE}", DEFAULT_RULES_YAML.encode("utf-8"))
        write_file(folder, "metadata.csv", csv_text.encode("utf-8"))  # the commit
    return row
