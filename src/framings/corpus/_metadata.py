"""Strict reading of ``metadata.csv`` and of the ``raw/`` folder it describes.

Used by :mod:`framings.corpus`. Every problem is a :class:`~framings.CorpusError` that
names the file and the line *of the file* (a quoted field may span lines, blank lines
are skipped: neither shifts the count). Decisions:

* a quote left open, a row with too many or too few fields, a duplicated or empty
  header name: refused;
* ``doc_id``: ASCII letters, digits, ``-``, ``_``, ``.``, not starting with a dot (it
  names ``rules/<doc_id>.yaml``);
* padded values of the identifying columns (``doc_id, file, sha256, framing, date,
  year, kind``) and padded header names are **stripped, with a warning** (a hand-edited
  CSV often has ``, strategic-autonomy``): the label then joins its group instead of
  forming a new one;
* ``file``: a relative name inside ``raw/`` (sub-folders allowed), NFC-normalised;
  the same file under two rows is refused;
* ``sha256``: 64 hexadecimal digits; ``date``: ISO (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``,
  a real calendar date); ``year``: four digits, equal to the date's year when both are given.
"""

from __future__ import annotations

import csv
import io
import os
import re
import unicodedata
import warnings
from pathlib import Path

import pandas as pd

from .._io import check_relative_name, contained_path, decode_utf8, read_limited
from .._schema import iso_date_problem
from ..errors import CorpusError, CorpusWarning

DOC_ID = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}")


SHA256 = re.compile(r"[0-9a-fA-F]{64}")


STRIPPED_COLUMNS = ("doc_id", "file", "sha256", "framing", "date", "year", "kind")


def doc_id_problem(doc_id: str) -> str | None:
    """Why ``doc_id`` is not a safe document id, or None."""
    if DOC_ID.fullmatch(doc_id or "") is None:
        return (f"doc_id {doc_id!r} may hold only ASCII letters, digits, '-', '_' and '.', must not start with "
                "'.', and has at most 128 characters (it names rules/<doc_id>.yaml); rename it")
    return None


def parse_metadata(meta_path: Path, required: list[str], optional: list[str],
                   text: str | None = None) -> tuple[pd.DataFrame, list[int]]:
    """(metadata frame of strings, the line of ``meta_path`` each row starts on).

    ``text``: the CSV's content (default: read from ``meta_path`` safely).
    """
    if text is None:
        text = decode_utf8(read_limited(meta_path, str(meta_path), "metadata file"), str(meta_path),
                           "metadata file")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[list[str]] = []
    lines: list[int] = []
    header: list[str] | None = None
    header_line = 0
    previous = 0
    while True:
        start = previous + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            message = str(err)
            if "end of data" in message or "EOF" in message:
                raise CorpusError(f"{meta_path}, line {start}: a quoted field opened in the row starting here is "
                                  "never closed; add the closing quote (\")") from None
            raise CorpusError(f"{meta_path}, line {reader.line_num}: not valid CSV ({message}); "
                              "quote fields that hold commas or quotes, and double quotes inside them") from None
        previous = reader.line_num
        if not record or all(not cell.strip() for cell in record) and len(record) <= 1:
            continue  # a blank line
        if header is None:
            header, header_line = record, start
            continue
        records.append(record)
        lines.append(start)
    if header is None:
        raise CorpusError(f"{meta_path}: empty; write a header row with columns {', '.join(required)}")
    header = _checked_header(meta_path, header, header_line)
    for line, record in zip(lines, records):
        if len(record) != len(header):
            raise CorpusError(f"{meta_path}, line {line}: {len(record)} field(s), but the header (line "
                              f"{header_line}) has {len(header)}; quote fields that hold commas, and give "
                              "every row one field per column")
    meta = pd.DataFrame(records, columns=header, dtype=object)
    if meta.empty:
        meta = pd.DataFrame({column: pd.Series(dtype=object) for column in header})
    if "framing" in required and "framing" not in meta.columns:  # an unlabelled corpus
        meta.insert(min(3, len(meta.columns)), "framing", "")
    missing = [c for c in required if c not in meta.columns]
    if missing:
        raise CorpusError(f"{meta_path}: missing required column(s) {', '.join(missing)}; add them to the header row")
    for column in optional:
        if column not in meta.columns:
            meta[column] = ""
    _strip_padding(meta_path, meta, lines)
    _check_rows(meta_path, meta, lines, required)
    return meta, lines


def _checked_header(meta_path: Path, header: list[str], line: int) -> list[str]:
    if header and header[0].startswith("\ufeff"):
        header = [header[0][1:], *header[1:]]
    names = [name.strip() for name in header]
    padded = [name for name, stripped in zip(header, names) if name != stripped]
    if padded:
        warnings.warn(f"{meta_path}, line {line}: header name(s) {padded} padded with spaces; read as "
                      f"{[p.strip() for p in padded]} (remove the spaces)", CorpusWarning, stacklevel=5)
    seen: dict[str, int] = {}
    for position, name in enumerate(names, 1):
        if not name:
            raise CorpusError(f"{meta_path}, line {line}: column {position} of the header has no name; "
                              "name it or delete the column")
        if name in seen:
            raise CorpusError(f"{meta_path}, line {line}: column name {name!r} appears twice (columns "
                              f"{seen[name]} and {position}); rename or merge one of them")
        seen[name] = position
    return names


def _strip_padding(meta_path: Path, meta: pd.DataFrame, lines: list[int]) -> None:
    for column in STRIPPED_COLUMNS:
        if column not in meta.columns:
            continue
        if not any(str(value) != str(value).strip() for value in meta[column].tolist()):
            continue  # nothing padded (the common case, found without pandas' string methods)
        values = meta[column].astype(str)
        stripped = values.str.strip()
        padded = (values != stripped).to_numpy().nonzero()[0]
        if len(padded):
            first = int(padded[0])
            warnings.warn(f"{meta_path}, line {lines[first]}: {column} {values.iloc[first]!r} has leading or "
                          f"trailing spaces (in {len(padded)} row(s)); read as {stripped.iloc[first]!r} "
                          "(remove the spaces)", CorpusWarning, stacklevel=5)
            meta[column] = stripped


def _check_rows(meta_path: Path, meta: pd.DataFrame, lines: list[int], required: list[str]) -> None:
    first_id: dict[str, int] = {}
    first_file: dict[str, tuple[int, str]] = {}
    files = []
    if "framing" in meta.columns:
        empty = [k for k, value in enumerate(meta["framing"]) if not str(value).strip()]
        if empty and len(empty) < len(meta):  # half-labelled: a missing label, not an unlabelled corpus
            k = empty[0]
            raise CorpusError(f"{meta_path}, line {lines[k]} ({meta['doc_id'].iloc[k] or meta['file'].iloc[k]}): "
                              f"empty 'framing' while {len(meta) - len(empty)} other row(s) have one; fill it in "
                              "(or leave every row empty for an unlabelled corpus)")
    for k, row in enumerate(meta.itertuples(index=False)):
        line = lines[k]
        where = f"{meta_path}, line {line}"
        for column in required:
            if column != "framing" and not str(getattr(row, column)).strip():  # framing may be empty (unlabelled)
                raise CorpusError(f"{where} ({row.doc_id or row.file}): empty '{column}'; fill it in")
        problem = doc_id_problem(row.doc_id)
        if problem:
            raise CorpusError(f"{where}: {problem}")
        if row.doc_id in first_id:
            raise CorpusError(f"{where}: duplicate doc_id {row.doc_id!r} (first at line {first_id[row.doc_id]}); "
                              "give each document its own id")
        first_id[row.doc_id] = line
        name = str(check_relative_name(row.file, f"{where} ({row.doc_id})", "file"))
        files.append(name)
        if name in first_file:
            other_line, other_id = first_file[name]
            raise CorpusError(f"{where}: file {name!r} is listed again for {row.doc_id!r} (first at line "
                              f"{other_line} for {other_id!r}); one file is one document: remove one row")
        first_file[name] = (line, row.doc_id)
        if SHA256.fullmatch(row.sha256) is None:
            raise CorpusError(f"{where} ({row.doc_id}): sha256 {row.sha256[:70]!r} is not 64 hexadecimal digits; "
                              "copy the file's SHA-256 (sha256sum raw/<file>)")
        date = str(getattr(row, "date", "") or "")
        if date:
            problem = iso_date_problem(date)
            if problem:
                raise CorpusError(f"{where} ({row.doc_id}): date {problem}")
        year = str(getattr(row, "year", "") or "")
        if year:
            if re.fullmatch(r"\d{4}", year) is None:
                raise CorpusError(f"{where} ({row.doc_id}): year {year!r} is not four digits; write e.g. 2025")
            if date and date[:4] != year:
                raise CorpusError(f"{where} ({row.doc_id}): year {year} differs from the date {date}; fix one")
    meta["file"] = files


def raw_listing(raw_dir: Path) -> dict[str, str]:
    """Every entry under ``raw/`` that is not a plain folder: {NFC relative name: on-disk relative name}.

    Hidden files and files in sub-folders are included; symbolic links are listed, not
    followed; two names that are equal after NFC normalisation are refused.
    """
    listing: dict[str, str] = {}
    if not raw_dir.is_dir():
        return listing
    for root, dirs, files in os.walk(raw_dir, followlinks=False):
        relative_root = Path(root).relative_to(raw_dir)
        entries = list(files) + [d for d in dirs if os.path.islink(os.path.join(root, d))]
        for entry in entries:
            relative = (relative_root / entry).as_posix()
            key = unicodedata.normalize("NFC", relative)
            if key in listing and listing[key] != relative:
                raise CorpusError(f"{raw_dir / relative}: two files in raw/ have the same name after Unicode "
                                  f"normalisation ({listing[key]!r} and {relative!r}); rename one")
            listing[key] = relative
    return listing


def check_unlisted(raw_dir: Path, listed: set[str]) -> None:
    """Refuse files in ``raw/`` (any depth, hidden ones too) that no metadata row lists."""
    prefixes = {name.rsplit("/", k)[0] for name in listed if "/" in name for k in range(1, name.count("/") + 1)}
    # a linked folder that listed names go through is checked (refused if it leads out) when they are read
    unlisted = sorted(disk for key, disk in raw_listing(raw_dir).items() if key not in listed and key not in prefixes)
    if unlisted:
        shown = ", ".join(repr(name) for name in unlisted[:5]) + (" …" if len(unlisted) > 5 else "")
        raise CorpusError(f"{raw_dir / unlisted[0]}: present in raw/ but not listed in metadata.csv "
                          f"({len(unlisted)} such file(s): {shown}); add a row (python -m framings add) or "
                          "move it out of raw/ (hidden files and sub-folders count too)")


def check_same_files(raw_dir: Path, meta: pd.DataFrame, lines: list[int]) -> None:
    """Refuse two rows whose files are one file on disk (a symbolic or hard link inside ``raw/`` to a
    listed file, or two spellings of one name on a case-insensitive file system)."""
    seen: dict[tuple[int, int], tuple[int, str]] = {}
    root = os.path.realpath(raw_dir)
    for name, doc_id, line in zip(meta["file"], meta["doc_id"], lines):
        path = raw_dir / name
        plain = "/" not in name and not os.path.islink(path)  # then it is inside raw/ as it stands
        if not plain and os.path.commonpath([root, os.path.realpath(path)]) != root:
            continue  # refused (without a look at it) when read
        try:
            info = os.stat(path)
        except OSError:
            continue  # reported as missing when read
        real = (info.st_dev, info.st_ino)
        if real in seen:
            other_line, other_id = seen[real]
            raise CorpusError(f"{raw_dir.parent / 'metadata.csv'}, line {line}: file {name!r} of {doc_id!r} is the "
                              f"same file on disk as that of {other_id!r} (line {other_line}; a link); one file is "
                              "one document: remove one row or the link")
        seen[real] = (line, doc_id)


def check_subfolders(folder: Path) -> None:
    """``raw/``, ``rules/``, ``lexicons/`` and ``metadata.csv`` must not be links leading out of ``folder``."""
    root = os.path.realpath(folder)
    for name in ("raw", "rules", "lexicons", "metadata.csv"):
        path = folder / name
        if os.path.lexists(path):
            real = os.path.realpath(path)
            if os.path.commonpath([root, real]) != root:
                raise CorpusError(f"{path}: a link leading outside the corpus folder; only files inside "
                                  f"{folder} are read: replace the link by the folder or file itself")


def read_raw(folder: Path, name: str, blame: str, limit: int | None = None, root: str | None = None) -> bytes:
    """The bytes of ``raw/<name>``, contained and size-limited; ``root``: the real path of ``raw/`` when known."""
    path = contained_path(folder / "raw", name, blame, "raw file", root=root)
    if not os.path.lexists(path):
        raise CorpusError(f"{path}: listed in {blame} but missing; restore the file or remove its row")
    return read_limited(path, blame, "raw file", limit)
