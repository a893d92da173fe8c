"""Make a corpus folder from what researchers have: a folder of files, a spreadsheet, a pandas frame.

:func:`init_corpus` (``python -m framings init``) creates a corpus folder in one step:
it copies the texts into ``raw/`` (the originals are only read), computes every
SHA-256, writes ``metadata.csv`` with readable unique ``doc_id`` values, maps the
table's framing column to ``framing`` and carries its other columns along, and writes
``rules/_default.yaml`` (the corpus-wide cleaning defaults, spelled out). Files that are
not plain text (PDF, HTML, DOCX; the optional ``import`` extra) keep their original bytes
in ``sources/``; the extracted UTF-8 text goes to ``raw/`` and one row per file to
``extraction-report.csv`` (see :func:`framings.corpus.extract`).

:func:`corpus_from_frame` turns a pandas frame with a text column into the frame
:func:`framings.load_corpus` returns, no files needed; :func:`write_corpus` writes such a
frame as a corpus folder with checksums.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
import shutil
import stat
import tempfile
import unicodedata
from pathlib import Path
from typing import Iterable

import pandas as pd

from .._io import check_zip, corpus_lock, decode_utf8, read_limited, write_error
from .._paths import shown_path
from .._words import count_words_many
from ..clean import DEFAULT_RULES, clean_lines, default_rules_yaml
from ..errors import CorpusError
from . import _journal
from ._load import METADATA_COLUMNS, _report_frame
from ._readers import read_source, reader_for

TEXT_SUFFIXES = (".txt",)


# rules/_default.yaml of a new corpus: the comments, then the values of DEFAULT_RULES (one source)
DEFAULT_RULES_YAML = """# Cleaning defaults for every document of this corpus (see the rules README of framings).
# A document's own rules/<doc_id>.yaml, when present, replaces these for that document.
""" + default_rules_yaml()


EXTRACTION_COLUMNS = ["doc_id", "source", "reader", "pages", "characters", "warnings"]


def slug(value: str) -> str:
    """A readable id from any string: ASCII lower case, digits and hyphens, at most 60 characters.

    Parameters
    ----------
    value : str
        Any text (a name, a file name without extension).

    Returns
    -------
    str
        Accents and Azerbaijani/Turkish letters folded to ASCII, runs of other characters as one
        hyphen; ``""`` when nothing is left.

    Examples
    --------
    >>> slug("Obama 2008"), slug("Əliyev, İlham"), slug("Çelikpala")
    ('obama-2008', 'eliyev-ilham', 'celikpala')
    """
    # dotless ı and the schwa are letters of their own, which NFKD does not take apart into ASCII + accent
    text = unicodedata.normalize("NFKD", str(value)).replace("ı", "i").replace("ə", "e").replace("Ə", "e")
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60].strip("-")


def unique_ids(values: Iterable, fallback: str = "doc") -> list[str]:
    """Slugs of ``values`` made unique by ``-2``, ``-3``, … in order; empty ones become ``doc-001``, ….

    Parameters
    ----------
    values : Iterable
        Ids or names, one per document (None or empty: numbered by position).
    fallback : str, default 'doc'
        The prefix of numbered ids.

    Returns
    -------
    list of str
        One readable id per value, all different.

    Examples
    --------
    >>> unique_ids(["Obama 2008", "obama-2008", "", "Clinton"])
    ['obama-2008', 'obama-2008-2', 'doc-003', 'clinton']
    """
    seen: set[str] = set()
    out = []
    for number, value in enumerate(values, start=1):
        base = slug(value) if value is not None and str(value).strip() else ""
        base = base or f"{fallback}-{number:03d}"
        candidate, k = base, 2
        while candidate in seen:
            candidate, k = f"{base}-{k}", k + 1
        seen.add(candidate)
        out.append(candidate)
    return out


def read_table(path: Path | str) -> pd.DataFrame:
    """A metadata table (``.csv``, ``.tsv``, ``.xlsx``) as strings, empty cells as ``""``.

    Parameters
    ----------
    path : Path | str
        The table; CSV in UTF-8 (a byte-order mark is fine), ``.xlsx`` needs openpyxl.

    Returns
    -------
    pandas.DataFrame
        Every cell a stripped string, column names stripped.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> table = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = table.write_text("file,party\\na.txt, dem\\n", encoding="utf-8")
    >>> read_table(table).to_dict("records")
    [{'file': 'a.txt', 'party': 'dem'}]

    Raises
    ------
    CorpusError
        The file is missing, of another type, not UTF-8 (CSV), or ``.xlsx`` without openpyxl.
    """
    path = Path(path)
    if not os.path.lexists(path):
        raise CorpusError(f"{path}: no such table; give the path of a .csv or .xlsx file")
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".tsv", ".xlsx", ".xlsm"):
        raise CorpusError(f"{path}: unknown table type {suffix!r}; use .csv, .tsv or .xlsx")
    data = read_limited(path, str(path), "metadata table")  # a regular file, never blocking, size-limited
    if suffix in (".csv", ".tsv"):
        text = decode_utf8(data, str(path), "table").replace("\r\n", "\n")
        try:
            table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False,
                                sep="\t" if suffix == ".tsv" else ",")
        except pd.errors.EmptyDataError:
            raise CorpusError(f"{path}: empty; write a header row and one row per document") from None
        except pd.errors.ParserError as err:
            raise CorpusError(f"{path}: not a valid CSV ({str(err).strip()}); fix the quoting") from None
    else:
        table = _read_xlsx(path, data)
    table.columns = [str(c).strip() for c in table.columns]
    return table.map(lambda v: str(v).strip())


MAX_TABLE_ROWS = 1_000_000  # rows of a spreadsheet read as a metadata table
MAX_TABLE_COLUMNS = 1_000


def _read_xlsx(path: Path, data: bytes) -> pd.DataFrame:
    """The first sheet of an .xlsx as strings: the archive checked before openpyxl unpacks it, rows and
    columns bounded while reading (a far cell cannot make a huge frame), dates as ISO dates."""
    try:
        import openpyxl  # optional extra [import]: imported on first use
    except ImportError:
        raise CorpusError(f"{path}: reading .xlsx needs openpyxl; pip install openpyxl "
                          "or save the sheet as CSV (UTF-8)") from None
    check_zip(data, str(path), "spreadsheet")
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many types for a damaged file
        raise CorpusError(f"{path}: not a readable .xlsx ({type(err).__name__}); re-save it, or save it as CSV "
                          "(UTF-8)") from None
    try:
        sheet = book.worksheets[0]
        rows: list[list[str]] = []
        blank_run = 0
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            values = list(row)
            while values and values[-1] in (None, ""):
                values.pop()
            if len(values) > MAX_TABLE_COLUMNS:
                raise CorpusError(f"{path}, row {number}: a cell in column {len(values):,}, beyond the "
                                  f"{MAX_TABLE_COLUMNS:,} columns a metadata table may have; delete it")
            if number > MAX_TABLE_ROWS:
                raise CorpusError(f"{path}: more than {MAX_TABLE_ROWS:,} rows (a far cell?); delete what lies "
                                  "below the table")
            if not values:
                blank_run += 1
                continue
            rows.extend([[]] * blank_run)
            blank_run = 0
            rows.append([_cell_text(v) for v in values])
    finally:
        book.close()
    if not rows:
        raise CorpusError(f"{path}: an empty sheet; write a header row and one row per document")
    width = max(len(r) for r in rows)
    header = rows[0] + [""] * (width - len(rows[0]))
    body = [r + [""] * (width - len(r)) for r in rows[1:]]
    return pd.DataFrame(body, columns=header, dtype=str)


def _cell_text(value) -> str:
    """A spreadsheet cell as text: a date as an ISO date (``2025-03-01``, with the time only when it has
    one), a whole number without ``.0``, empty for an empty cell."""

    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def _column(table: pd.DataFrame, name: str | None, option: str, source) -> str | None:
    if name is None:
        return None
    if name not in table.columns:
        raise CorpusError(f"{source}: no column {name!r} (for {option}); the columns are "
                          f"{', '.join(map(repr, table.columns))}")
    return name


def _metadata_frame(table: pd.DataFrame, ids: list[str], files: list[str], shas: list[str],
                    framing_column: str | None, skip: set[str]) -> pd.DataFrame:
    """metadata.csv rows: the fixed columns first, then the table's other columns."""

    meta = pd.DataFrame({"doc_id": ids, "file": files, "sha256": shas})
    meta["framing"] = table[framing_column].tolist() if framing_column else [""] * len(ids)
    for column in METADATA_COLUMNS[4:]:
        meta[column] = table[column].tolist() if column in table.columns else [""] * len(ids)
    if not meta["year"].any() and "date" in table.columns:
        meta["year"] = [d[:4] if re.match(r"\d{4}", d) else "" for d in meta["date"]]
    for column in table.columns:
        if column in meta.columns or column in skip:
            continue
        meta[column] = table[column].tolist()
    return meta


_STAGING_MARK = ".framings-staging"  # inside every staging folder, so only ours are ever removed


def _write_folder(folder: Path, build, command: str = "init") -> None:
    """Build a corpus folder in a temporary sibling, then move it into place (all or nothing).

    Holds the corpus lock; staging folders a killed run left beside the folder are removed first.
    """
    folder = Path(folder)
    with corpus_lock(folder, command):
        _remove_stale_staging(folder)
        if (folder / "metadata.csv").exists():
            raise CorpusError(f"{folder}: already a corpus (metadata.csv exists); add documents with "
                              "`python -m framings add FILES --corpus FOLDER` or choose a new folder")
        if folder.exists() and any(folder.iterdir()):
            raise CorpusError(f"{folder}: exists and is not empty; choose a new or empty folder")
        try:
            staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
            (staging / _STAGING_MARK).write_bytes(b"")
        except OSError as err:
            raise write_error(folder, err) from None
        try:
            _journal.step("staging")
            build(staging)
            _journal.step("built")
            (staging / _STAGING_MARK).unlink()
            if folder.exists():
                folder.rmdir()
            os.replace(staging, folder)
            _journal.step("renamed")
        except BaseException as err:
            shutil.rmtree(staging, ignore_errors=True)
            if isinstance(err, OSError) and err.errno is not None:
                raise write_error(folder, err) from None
            raise


def _remove_stale_staging(folder: Path) -> None:
    """Remove the staging folders (``.<name>-XXXX`` holding our mark) a killed init left beside ``folder``."""
    parent = folder.parent
    if not parent.is_dir():
        return
    for entry in parent.iterdir():
        if (entry.name.startswith(f".{folder.name}-") and not entry.is_symlink() and entry.is_dir()
                and (entry / _STAGING_MARK).is_file()):
            shutil.rmtree(entry, ignore_errors=True)


def _write_common(staging: Path, meta: pd.DataFrame) -> None:
    (staging / "rules").mkdir(exist_ok=True)
    (staging / "rules" / "_default.yaml").write_text(DEFAULT_RULES_YAML, encoding="utf-8")
    (staging / "lexicons").mkdir(exist_ok=True)
    (staging / "resources").mkdir(exist_ok=True)
    meta.to_csv(staging / "metadata.csv", index=False, lineterminator="\n")


def _source_files(texts_dir: Path) -> list[Path]:
    """The files of ``texts_dir`` that framings reads (by extension), checked before anything is read:
    no link leading out of the folder, nothing but regular files (a FIFO would block, a device never end)."""
    if not texts_dir.is_dir():
        raise CorpusError(f"{texts_dir}: no such folder; give the folder that holds the texts (--from)")
    root = os.path.realpath(texts_dir)
    usable = []
    for entry in sorted(os.scandir(texts_dir), key=lambda e: e.name):
        if entry.name.startswith(".") or reader_for(entry.name, check=False) is None:
            continue
        path = texts_dir / entry.name
        if entry.is_symlink():
            real = os.path.realpath(path)
            if os.path.commonpath([root, real]) != root:
                raise CorpusError(f"{path}: a link leading outside {texts_dir.name}/; only files inside the folder "
                                  "are imported: replace the link by the file itself")
        try:
            mode = os.stat(path).st_mode
        except OSError:
            raise CorpusError(f"{path}: a link to nothing, or unreadable; remove it or fix it") from None
        if not stat.S_ISREG(mode):
            raise CorpusError(f"{path}: not a regular file (a folder, FIFO, socket or device); move it out of "
                              f"{texts_dir.name}/ or replace it by the file itself")
        usable.append(path)
    if not usable:
        raise CorpusError(f"{texts_dir}: no .txt, .pdf, .html or .docx files in it")
    return usable


def _match_files(table: pd.DataFrame, files: list[Path], file_column: str | None, id_column: str | None,
                 table_path) -> list[Path]:
    """The file of each table row: by ``file_column`` (name, or name without extension), else by id = file stem."""
    by_name = {p.name: p for p in files}
    by_stem: dict[str, list[Path]] = {}
    for p in files:
        by_stem.setdefault(p.stem, []).append(p)
    key = file_column or ("file" if "file" in table.columns else id_column)
    if key is None:
        raise CorpusError(f"{table_path}: say which column names each row's file (--file-column) "
                          "or holds ids equal to the file names without extension (--id-column)")
    matched = []
    for row_number, value in enumerate(table[key], start=2):
        found = by_name.get(value) or by_name.get(Path(value).name)
        if found is None:
            stems = by_stem.get(value) or by_stem.get(Path(value).stem) or []
            if len(stems) > 1:
                raise CorpusError(f"{table_path}, row {row_number}: {value!r} matches several files "
                                  f"({', '.join(p.name for p in stems)}); give the full file name")
            found = stems[0] if stems else None
        if found is None:
            raise CorpusError(f"{table_path}, row {row_number}: no file {value!r} in {files[0].parent} "
                              f"(column {key!r}); fix the name or remove the row")
        matched.append(found)
    counts = pd.Series([p.name for p in matched]).value_counts()
    if (counts > 1).any():
        raise CorpusError(f"{table_path}: file {counts.index[0]!r} is named by {int(counts.iloc[0])} rows; "
                          "each document needs its own row")
    unlisted = sorted(set(by_name) - {p.name for p in matched})
    if unlisted:
        raise CorpusError(f"{files[0].parent / unlisted[0]}: no row in {table_path} ({len(unlisted)} such "
                          "file(s)); add rows for them or move them out of the folder")
    return matched


def init_corpus(folder: Path | str, texts_dir: Path | str | None = None, metadata: Path | str | None = None, *,
                framing_column: str | None = None, id_column: str | None = None,
                file_column: str | None = None, text_column: str | None = None) -> pd.DataFrame:
    """Create a corpus folder from a folder of texts and/or a metadata table; return its metadata.

    Parameters
    ----------
    folder : Path | str
        The corpus folder to create (new, or an empty folder).
    texts_dir : folder of the texts (``.txt`` UTF-8; ``.pdf``, ``.html``, ``.docx`` with the
        ``import`` extra). Its files are read, never changed.
    metadata : Path | str | None, default None
        A table (``.csv`` or ``.xlsx``), one row per document.
    framing_column : the table's column holding the a-priori label (it becomes ``framing``);
        without it the corpus is unlabelled (``framing`` empty).
    id_column : str | None, default None
        The column of document ids (made readable and unique); default: the file names.
    file_column : the column naming each row's file in ``texts_dir`` (with or without
        extension); default ``file`` if present, else ``id_column`` matched to file names.
    text_column : str | None, default None
        Take each row's text from this column of the table (no ``texts_dir``).

    Returns
    -------
    pandas.DataFrame
        The rows written to ``metadata.csv``: ``doc_id, file, sha256, framing``, the optional
        columns, then the table's other columns.

    Raises
    ------
    CorpusError
        The folder is already a corpus or not empty; a column is missing; a row names no
        file or a file has no row; a text is not UTF-8 or empty; nothing was written then.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> texts = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (texts / "obama-2008.txt").write_text("We, the people, in order to form a more perfect union.")
    >>> init_corpus(texts.parent / (texts.name + "-corpus"), texts)["doc_id"].tolist()
    ['obama-2008']
    """

    folder = Path(folder)
    table_path = Path(metadata) if metadata is not None else None
    table = read_table(table_path) if table_path is not None else None
    if table is None and (framing_column or id_column or file_column or text_column):
        raise CorpusError("init: --framing-column, --id-column, --file-column and --text-column need --metadata")
    if table is not None:
        framing_column = _column(table, framing_column, "--framing-column", table_path)
        id_column = _column(table, id_column, "--id-column", table_path)
        file_column = _column(table, file_column, "--file-column", table_path)
        text_column = _column(table, text_column, "--text-column", table_path)
        if not len(table):
            raise CorpusError(f"{table_path}: no rows; one row per document")
    if text_column is not None:
        if texts_dir is not None:
            raise CorpusError("init: give either --from (a folder of texts) or --text-column, not both")
        texts = table[text_column].tolist()
        empty = [n for n, t in enumerate(texts, start=2) if not t.strip()]
        if empty:
            raise CorpusError(f"{table_path}, row {empty[0]}: empty {text_column!r}; fill it in or remove the row")
        ids = unique_ids(table[id_column] if id_column else [""] * len(table))
        payloads = [(doc_id, text.encode("utf-8"), None) for doc_id, text in zip(ids, texts)]
        skip = {text_column, id_column, framing_column}
    else:
        if texts_dir is None:
            raise CorpusError("init: give --from TEXTS_DIR (a folder of texts) or --metadata with --text-column")
        files = _source_files(Path(texts_dir))
        if table is None:
            table = pd.DataFrame({"source_file": [p.name for p in files]})
            ids = unique_ids([p.stem for p in files])
        else:
            files = _match_files(table, files, file_column, id_column, table_path)
            ids = unique_ids(table[id_column] if id_column else [p.stem for p in files])
            table = table.assign(source_file=[p.name for p in files])
        payloads = [(doc_id, None, path) for doc_id, path in zip(ids, files)]
        skip = {id_column, framing_column, file_column, "file"}
    framing_values = table[framing_column] if framing_column else None
    if framing_values is not None and framing_values.eq("").any() and not framing_values.eq("").all():
        row_number = int(framing_values.eq("").to_numpy().nonzero()[0][0]) + 2
        raise CorpusError(f"{table_path}, row {row_number}: empty {framing_column!r} while other rows have one; "
                          "label every document or none")

    def build(staging: Path) -> None:
        raw = staging / "raw"
        raw.mkdir()
        files_out, shas, extraction = [], [], []
        seen: dict[str, str] = {}
        for doc_id, data, path in payloads:
            if path is not None:
                original, data, info = read_source(path)  # read once, bounded; the copy is of those bytes
                if info is not None:
                    (staging / "sources").mkdir(exist_ok=True)
                    (staging / "sources" / f"{doc_id}{path.suffix.lower()}").write_bytes(original)
                    extraction.append({"doc_id": doc_id, "source": f"sources/{doc_id}{path.suffix.lower()}",
                                       **info})
            sha = hashlib.sha256(data).hexdigest()
            if sha in seen:
                raise CorpusError(f"{path or doc_id}: the same text as {seen[sha]!r}; remove the duplicate")
            seen[sha] = doc_id
            name = f"{doc_id}.txt"
            (raw / name).write_bytes(data)
            _journal.step(f"raw/{name}")
            files_out.append(name)
            shas.append(sha)
        meta = _metadata_frame(table, ids, files_out, shas, framing_column, skip)
        _write_common(staging, meta)
        if extraction:
            pd.DataFrame(extraction, columns=EXTRACTION_COLUMNS).to_csv(
                staging / "extraction-report.csv", index=False, lineterminator="\n")
        build.meta = meta

    _write_folder(folder, build)
    return build.meta


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    """The columns of ``df`` in a fresh frame without ``attrs`` (a corpus keeps a DataFrame there,
    which pandas cannot compare when it combines frames)."""
    return pd.DataFrame({c: df[c].to_numpy() for c in df.columns}, columns=list(df.columns))


def corpus_from_frame(df: pd.DataFrame, text: str = "text", framing: str | None = "framing",
                      doc_id: str | None = None, clean: bool = True) -> pd.DataFrame:
    """The corpus frame :func:`framings.load_corpus` returns, made from a pandas frame (no files).

    Parameters
    ----------
    df : pd.DataFrame
        One row per document.
    text : str, default 'text'
        The column holding each document's text.
    framing : the column holding the a-priori label; ``None`` (or the default ``"framing"``
        when there is no such column) gives an unlabelled corpus (``framing`` empty).
    doc_id : the column of ids (made readable and unique); default ``doc_id`` if present,
        else ``doc-001``, ``doc-002``, ….
    clean : bool, default True
        Apply the default cleaning rules (as a corpus folder without rules files).

    Returns
    -------
    pandas.DataFrame
        ``doc_id, file, sha256, framing, title, …`` then the other columns of ``df``,
        ``text`` and ``n_words``; ``sha256`` is that of the UTF-8 text, ``file`` is
        ``<doc_id>.txt`` (as :func:`write_corpus` would write it); ``attrs["corpus_path"]`` is
        ``None`` (no corpus folder: no lexicon or phrase list unless you pass one).

    Raises
    ------
    CorpusError
        A named column is missing, or a text is empty.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"speaker": ["A", "B"], "party": ["dem", "rep"],
    ...                    "text": ["Jobs and growth.", "Freedom and growth."]})
    >>> corpus_from_frame(df, framing="party", doc_id="speaker")[["doc_id", "framing", "n_words"]]
      doc_id framing  n_words
    0      a     dem        3
    1      b     rep        3
    """

    if not isinstance(df, pd.DataFrame):
        raise CorpusError(f"corpus_from_frame: expected a pandas DataFrame, got {type(df).__name__}")
    _column(df, text, "text=", "corpus_from_frame")
    if framing is not None and framing not in df.columns:
        if framing != "framing":
            _column(df, framing, "framing=", "corpus_from_frame")
        framing = None
    id_source = doc_id if doc_id is not None else ("doc_id" if "doc_id" in df.columns else None)
    _column(df, id_source, "doc_id=", "corpus_from_frame")
    frame = _plain(df)
    texts = frame[text].fillna("").astype(str).tolist()
    for number, value in enumerate(texts):
        if not value.strip():
            raise CorpusError(f"corpus_from_frame: row {number} has an empty {text!r}; supply the text or drop the row")
    ids = unique_ids(frame[id_source].astype(str) if id_source else [""] * len(frame))
    table = frame.drop(columns=[c for c in (text, id_source) if c]).astype(object).where(
        frame.drop(columns=[c for c in (text, id_source) if c]).notna(), "")
    table = table.astype(str) if len(table.columns) else table
    shas = [hashlib.sha256(t.encode("utf-8")).hexdigest() for t in texts]
    skip = {framing, "file", "sha256", "n_words"}
    meta = _metadata_frame(table, ids, [f"{i}.txt" for i in ids], shas, framing, skip)
    reports = []
    if clean:
        cleaned = []
        for i, value in zip(ids, texts):
            lines, report, _ = clean_lines(value, DEFAULT_RULES, doc_id=i)
            if not lines:
                raise CorpusError(f"corpus_from_frame: document {i!r} is empty after cleaning; "
                                  "pass clean=False or check the text")
            cleaned.append("\n".join(lines))
            reports.append(report)
        texts = cleaned
    corpus = meta[METADATA_COLUMNS + [c for c in meta.columns if c not in METADATA_COLUMNS]].copy()
    corpus["text"] = texts
    corpus["n_words"] = count_words_many(texts)
    if clean:
        corpus.attrs["cleaning_report"] = _report_frame(reports)
    corpus.attrs["corpus_path"] = None
    return corpus


def write_corpus(df: pd.DataFrame, folder: Path | str, text: str = "text") -> Path:
    """Write a frame with ``doc_id`` and a text column as a corpus folder; return the folder.

    Each text goes to ``raw/<doc_id>.txt`` (UTF-8, as it is in the frame); ``metadata.csv``
    gets its SHA-256 and the frame's other columns (``framing`` empty when absent);
    ``rules/_default.yaml`` holds the default cleaning rules. ``fr.load_corpus(folder)``
    then reads it back. A frame without ``doc_id`` goes through :func:`corpus_from_frame`
    first (its ids).

    Parameters
    ----------
    df : pd.DataFrame
        One row per document, e.g. from :func:`corpus_from_frame` or :func:`framings.load_corpus`.
    folder : Path | str
        The corpus folder to create (new, or empty).
    text : str, default 'text'
        The column holding the texts.

    Returns
    -------
    pathlib.Path
        ``folder``.

    Raises
    ------
    CorpusError
        The folder is already a corpus or not empty, or the frame lacks the text column.

    Examples
    --------
    >>> import pandas as pd, tempfile, pathlib
    >>> df = pd.DataFrame({"doc_id": ["a"], "framing": ["x"], "text": ["One short text."]})
    >>> folder = write_corpus(df, pathlib.Path(tempfile.mkdtemp()) / "mine")
    >>> sorted(p.name for p in folder.iterdir())
    ['lexicons', 'metadata.csv', 'raw', 'resources', 'rules']
    """
    if not isinstance(df, pd.DataFrame):
        raise CorpusError(f"write_corpus: expected a pandas DataFrame, got {type(df).__name__}")
    _column(df, text, "text=", "write_corpus")
    df = _plain(df)
    if "doc_id" not in df.columns:
        df = _plain(corpus_from_frame(df, text=text, clean=False))
        text = "text"
    ids = unique_ids(df["doc_id"].astype(str))
    if ids != df["doc_id"].astype(str).tolist():
        changed = next(a for a, b in zip(df["doc_id"].astype(str), ids) if a != b)
        raise CorpusError(f"write_corpus: doc_id {changed!r} is not a readable unique id (lower-case letters, "
                          "digits, hyphens); fix it or drop the column to have ids made")
    texts = df[text].fillna("").astype(str).tolist()
    for i, value in zip(ids, texts):
        if not value.strip():
            raise CorpusError(f"write_corpus: document {i!r} has an empty text; supply it or drop the row")
    data = [t.encode("utf-8") for t in texts]
    other = df.drop(columns=[c for c in ("doc_id", text, "file", "sha256", "n_words") if c in df.columns])
    other = other.astype(object).where(other.notna(), "").astype(str) if len(other.columns) else other
    framing = "framing" if "framing" in other.columns else None
    meta = _metadata_frame(other.reset_index(drop=True), ids, [f"{i}.txt" for i in ids],
                           [hashlib.sha256(d).hexdigest() for d in data], framing, {"framing"})

    def build(staging: Path) -> None:
        (staging / "raw").mkdir()
        for name, payload in zip(meta["file"], data):
            (staging / "raw" / name).write_bytes(payload)
        _write_common(staging, meta)

    _write_folder(Path(folder), build, "write_corpus")

    return shown_path(folder)  # shown without the local folders when a notebook cell ends with it
