"""Safe file access: contained, size-limited reads and atomic writes.

Reading. :func:`contained_path` resolves a name given by a corpus file (a metadata
``file`` cell, a rules or lexicon name) inside one folder of the corpus and refuses
absolute paths, ``..``, symbolic links that lead out of the folder, and anything that
is not a regular file; :func:`read_limited` reads it without blocking (a FIFO) and
without reading more than :func:`max_file_bytes` (``/dev/zero``). The errors name the
corpus file that gave the name and never say anything about a file outside the folder
(not whether it exists, nor any of its bytes).

Writing. :func:`atomic_write_bytes` / :func:`atomic_write_text` / :func:`atomic_path`
write to a temporary file in the target's folder and rename it over the target
(``os.replace``): a reader sees the old file or the new one, never a part of one, and an
interrupted write leaves the old file in place.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import io
import os
import re
import stat
import tempfile
import unicodedata
from pathlib import Path, PurePosixPath
from typing import Iterator

from .errors import CorpusError

DEFAULT_MAX_FILE_BYTES = 256 * 1024 * 1024  # 256 MiB: far above any text, far below "until memory runs out"


_MAX_ENV = "FRAMINGS_MAX_FILE_BYTES"


_TMP = ".tmp"  # in the name of every temporary file atomic_path makes


def max_file_bytes() -> int:
    """The largest file the loader reads, in bytes: ``$FRAMINGS_MAX_FILE_BYTES`` (a positive number) or 256 MiB."""
    value = os.environ.get(_MAX_ENV, "").strip()
    if not value:
        return DEFAULT_MAX_FILE_BYTES
    try:
        limit = int(value)
    except ValueError:
        limit = 0
    if limit <= 0:
        raise CorpusError(f"${_MAX_ENV}={value!r}: not a positive number of bytes; unset it or give e.g. 500000000")
    return limit


def check_relative_name(name: str, blame: str, what: str = "file") -> PurePosixPath:
    """``name`` (NFC) if plain and relative (no backslash, ``.`` or ``..`` part); else a CorpusError from ``blame``."""
    text = unicodedata.normalize("NFC", str(name))
    if not text.strip():
        raise CorpusError(f"{blame}: empty {what} name; give a name inside the folder")
    if "\\" in text or any(ord(c) < 32 or ord(c) == 127 for c in text):
        raise CorpusError(f"{blame}: {what} name {text!r} has a backslash or control character; "
                          "use a plain relative name with forward slashes")
    if text.startswith("/") or (len(text) > 1 and text[1] == ":") or text.startswith("~"):
        raise CorpusError(f"{blame}: {what} name {text!r} is an absolute path; only names inside the corpus "
                          "folder are read: copy the file in (python -m framings add) and give its relative name")
    parts = text.split("/")
    if any(part in ("", ".", "..") for part in parts):
        raise CorpusError(f"{blame}: {what} name {text!r} has an empty, '.' or '..' part; only names inside the "
                          "corpus folder are read: give the plain relative name")
    return PurePosixPath(text)


def _nfc_sibling(folder: Path, name: str) -> Path | None:
    """The entry of ``folder`` whose NFC form is ``name``'s (file systems may store NFD), or None."""
    try:
        entries = os.listdir(folder)
    except OSError:
        return None
    wanted = unicodedata.normalize("NFC", name)
    for entry in entries:
        if unicodedata.normalize("NFC", entry) == wanted:
            return folder / entry
    return None


def contained_path(folder: Path | str, name: str, blame: str, what: str = "file", root: str | None = None) -> Path:
    """``folder / name`` as spelt on disk (NFC or NFD); a CorpusError if a link leads out. It need not exist.

    ``root``: ``os.path.realpath(folder)`` when the caller has it (a load asks for hundreds of names in one folder).
    """
    relative = check_relative_name(name, blame, what)
    base = Path(folder)
    path, on_disk, linked = base, [], False
    for part in relative.parts:
        candidate = path / part
        try:
            linked = linked or stat.S_ISLNK(os.lstat(candidate).st_mode)
        except OSError:  # not there as written: perhaps under its NFC spelling
            sibling = _nfc_sibling(path, part)
            if sibling is not None:
                candidate = sibling
                linked = linked or os.path.islink(candidate)
        path = candidate
        on_disk.append(candidate.name)
    root = os.path.realpath(base) if root is None else root
    # no link on the way inside the folder: the real path is the folder's, and the parts as they are
    real = os.path.realpath(path) if linked else os.path.join(root, *on_disk)
    if os.path.commonpath([root, real]) != root or real == root:
        raise CorpusError(f"{blame}: {what} {str(relative)!r} is a link leading outside {base.name}/; "
                          f"only files inside {base} are read: replace the link by the file itself")
    return path


def read_limited(path: Path | str, blame: str, what: str = "file", limit: int | None = None) -> bytes:
    """The bytes of a regular file, read without blocking and at most ``limit`` (default :func:`max_file_bytes`)."""
    limit = max_file_bytes() if limit is None else int(limit)
    path = Path(path)
    where = f"{path}" if str(path) in blame else f"{path} ({blame})"
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        before = os.stat(path)
    except FileNotFoundError:
        raise CorpusError(f"{where}: {what} missing; restore it or fix the name") from None
    except OSError as err:
        raise CorpusError(f"{where}: {what} cannot be read ({err.strerror}); check its permissions") from None
    if not stat.S_ISREG(before.st_mode):
        raise CorpusError(f"{where}: not a regular file (a folder, FIFO, socket or device); "
                          f"only plain files are read: put the {what} itself there")
    if before.st_size > limit:
        raise CorpusError(f"{where}: {what} is {before.st_size:,} bytes, above the limit of {limit:,}; "
                          f"split it, or raise the limit with ${_MAX_ENV}")
    try:
        fd = os.open(path, flags)
    except OSError as err:
        raise CorpusError(f"{where}: {what} cannot be opened ({err.strerror}); check its permissions") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):  # swapped since the stat above
            raise CorpusError(f"{where}: not a regular file; only plain files are read")
        chunks, size = [], 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise CorpusError(f"{where}: {what} is larger than the limit of {limit:,} bytes; "
                                  f"split it, or raise the limit with ${_MAX_ENV}")
    finally:
        os.close(fd)
    return b"".join(chunks)


def decode_utf8(data: bytes, where: str, what: str = "file") -> str:
    """``data`` as UTF-8 text without a leading BOM, or a CorpusError naming the bad byte and its line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise CorpusError(f"{where}: not UTF-8 (invalid byte 0x{data[err.start]:02x} at byte offset "
                          f"{err.start}, line {line}); save the {what} as UTF-8") from None
    return text[1:] if text.startswith("\ufeff") else text


def table_rows(content: str, columns: list[str], hint: str = "") -> list[tuple[int, list[str]]]:
    """(line number, fields) of each row of a small comma-separated table a corpus keeps (``name,pattern``).

    Blank lines and lines starting with ``#`` are comments; spaces around a field are ignored. The first row
    must be the header ``columns`` and every later row fill in all of them, else ``ValueError("line N: ...")``
    (``hint`` is added to the message of a short row).
    """
    rows = [(number, [field.strip() for field in next(csv.reader([line]))])
            for number, line in enumerate(content.splitlines(), start=1)
            if line.strip() and not line.lstrip().startswith("#")]
    if not rows:
        return []
    number, header = rows[0]
    if header != columns:
        raise ValueError(f"line {number}: needs the header '{','.join(columns)}', got {','.join(header)!r}")
    for number, fields in rows[1:]:
        if len(fields) != len(columns) or not all(fields):
            raise ValueError(f"line {number}: expected {','.join(columns)}{hint}")
    return rows[1:]


def read_table_rows(path: Path | str, columns: list[str], what: str, hint: str = "") -> list[tuple[int, list[str]]]:
    """:func:`table_rows` of a file read with :func:`read_limited` (``[]`` when there is none); errors name it."""
    path = Path(path)
    if not path.exists() and not path.is_symlink():
        return []
    content = decode_utf8(read_limited(path, str(path), what), str(path), what)
    try:
        return table_rows(content, columns, hint)
    except ValueError as err:
        raise CorpusError(f"{path}, {err}") from None


@contextlib.contextmanager
def atomic_path(path: Path | str, suffix: str | None = None, temp_dir: Path | str | None = None) -> Iterator[Path]:
    """A temporary path beside ``path`` (or in ``temp_dir``, same file system), renamed over it on success,
    else removed. A full disk, a read-only folder or a missing permission: a CorpusError naming ``path``,
    the old file untouched."""
    path = Path(path)
    folder = Path(temp_dir) if temp_dir is not None else path.parent
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.",
                                        suffix=_TMP + (path.suffix if suffix is None else suffix), dir=folder)
    except OSError as err:
        raise write_error(path, err) from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        # mkstemp made the file private (0600): give it the mode an ordinary write would, the old file's or
        # 0666 less the umask for a new one
        try:
            mode = stat.S_IMODE(os.stat(path).st_mode)
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException as err:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(err, OSError) and err.errno is not None:
            raise write_error(path, err) from None
        raise


def write_error(path: Path, err: OSError) -> CorpusError:
    """A one-line CorpusError for a failed write of ``path`` (the old file, if any, is unchanged)."""
    why = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is used up",
           errno.EROFS: "the file system is read-only", errno.EACCES: "no permission to write there",
           errno.EPERM: "no permission to write there", errno.ENOTDIR: "a part of the path is a file, not a folder",
           errno.ENOENT: "a folder of the path does not exist"}.get(err.errno, err.strerror or str(err))
    return CorpusError(f"{path}: cannot write ({why}); nothing was changed there: free space, fix the "
                       "permissions or choose another place, then run the command again")


def _umask() -> int:
    """The process's umask (read by setting it and setting it back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_bytes(path: Path | str, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (:func:`atomic_path`), creating its folder; return ``path``."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return Path(path)


def atomic_write_text(path: Path | str, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` atomically, encoded as it is (no newline translation); return ``path``."""
    return atomic_write_bytes(path, text.encode(encoding))


def stale_temporaries(folder: Path | str) -> list[Path]:
    """The temporary files an interrupted :func:`atomic_path` left in ``folder`` (none unless a process was killed)."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.name.startswith(".") and _TMP in p.name and p.is_file())


def remove_stale_temporaries(folder: Path | str) -> int:
    """Delete the files :func:`stale_temporaries` finds; return how many."""
    removed = 0
    for path in stale_temporaries(folder):
        with contextlib.suppress(OSError):
            path.unlink()
            removed += 1
    return removed


# --------------------------------------------------------------------------- one writer at a time

_LOCK_ENV = "FRAMINGS_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 120.0  # seconds: longer than any add or check of a course corpus, short enough to notice


def lock_timeout() -> float:
    """How long a writer waits for another one, in seconds: ``$FRAMINGS_LOCK_TIMEOUT`` or 120."""
    value = os.environ.get(_LOCK_ENV, "").strip()
    if not value:
        return DEFAULT_LOCK_TIMEOUT
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not seconds >= 0 or seconds == float("inf"):
        raise CorpusError(f"${_LOCK_ENV}={value!r}: not a number of seconds (0 or more); unset it or give e.g. 60")
    return seconds


def lock_path(folder: Path | str) -> Path:
    """The lock file of a corpus folder: ``.framings-lock.<name>`` beside it (so ``init`` can lock a folder
    that does not exist yet, and the folder itself holds nothing but the corpus)."""
    folder = Path(os.path.abspath(folder))
    return folder.parent / f".framings-lock.{folder.name}"


@contextlib.contextmanager
def corpus_lock(folder: Path | str, command: str) -> Iterator[Path]:
    """Hold the advisory write lock of a corpus folder (``filelock``) while the block runs.

    Every command that writes a corpus (``init``, ``add``, ``check``, :func:`write_corpus`) takes it,
    so two writers never interleave; a reader needs none, because every file is replaced by a rename.
    After :func:`lock_timeout` seconds of waiting: a CorpusError saying another command is writing.
    """
    import filelock  # a core dependency; imported here so reading a corpus does not load it

    path = lock_path(folder)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise CorpusError(f"{path.parent}: cannot create the folder of the corpus ({err.strerror}); "
                          "check the path and its permissions") from None
    timeout = lock_timeout()
    lock = filelock.FileLock(str(path), timeout=timeout, thread_local=False, fallback_to_soft=False)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise CorpusError(f"{Path(folder)}: another framings command is writing this corpus (it holds {path}); "
                          f"{command} waited {timeout:g} s: try again when it ends (${_LOCK_ENV} sets the wait)"
                          ) from None
    except OSError as err:
        raise CorpusError(f"{Path(folder)}: cannot take the write lock {path} ({err.strerror}); is the folder "
                          "read-only? Copy the corpus to a folder you can write to") from None
    try:
        yield path
    finally:
        lock.release()


# --------------------------------------------------------------------------- decoding that says what it did

_BOMS = [(b"\xef\xbb\xbf", "utf-8-sig", "UTF-8 with a byte-order mark"),
         (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32 (byte-order mark)"),
         (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32 (byte-order mark)"),
         (b"\xff\xfe", "utf-16-le", "UTF-16 (byte-order mark)"),
         (b"\xfe\xff", "utf-16-be", "UTF-16 (byte-order mark)")]


def bom_encoding(data: bytes) -> tuple[str, str, int] | None:
    """(codec, how to say it, length of the mark) of the byte-order mark ``data`` starts with, or None."""
    for mark, codec, said in _BOMS:
        if data.startswith(mark):
            return codec, said, len(mark)
    return None


def decode_text(data: bytes, where: str, what: str = "text file") -> tuple[str, str | None]:
    """(text, how it was decoded when not plain UTF-8) of a text file: a byte-order mark decides
    (UTF-8, UTF-16, UTF-32), else it must be UTF-8; then :func:`check_plausible_text`.

    Without a mark nothing is guessed: a Latin-1 or UTF-16 file without one is refused with what it
    looks like, so no text enters a corpus misread.
    """
    found = bom_encoding(data)
    if found is not None and found[0] != "utf-8-sig":
        codec, said, length = found
        try:
            text = data[length:].decode(codec)
        except UnicodeDecodeError as err:
            raise CorpusError(f"{where}: starts with a {said} but is not valid {codec.upper()} (bad bytes at offset "
                              f"{err.start + length}); save the {what} as UTF-8") from None
        how = f"decoded from {said}"
    else:
        try:
            text = decode_utf8(data, where, what)
        except CorpusError as err:
            hint = _looks_like(data)
            raise CorpusError(f"{err}{'; it looks like ' + hint if hint else ''}") from None
        how = None
    check_plausible_text(text, where, what)
    return text, how


def _looks_like(data: bytes) -> str:
    """A guess at a non-UTF-8 file's encoding, for the error message only (never used to decode)."""
    sample = data[:65536]
    if len(sample) >= 4 and sample[1::2].count(0) > len(sample) // 4:
        return "UTF-16 (little-endian) without a byte-order mark"
    if len(sample) >= 4 and sample[0::2].count(0) > len(sample) // 4:
        return "UTF-16 (big-endian) without a byte-order mark"
    if any(0x80 <= b <= 0x9f for b in sample):
        return "windows-1252 (Western European, Windows)"
    return "Latin-1 or another one-byte encoding"


MAX_CONTROL_SHARE = 0.01  # NUL and other control characters a text may hold (form feeds, tabs are fine)


def check_plausible_text(text: str, where: str, what: str = "text file", words: bool = True) -> None:
    """Refuse text that is valid Unicode but not prose: many NUL/control characters (UTF-16 without a
    byte-order mark read as UTF-8, a binary file), or (``words``) mostly one-letter "words" (text spaced
    out letter by letter, UTF-16 with its NULs removed)."""
    if not text or _CONTROL.search(text) is None and not words:
        return
    controls = len(_CONTROL.findall(text)) if _CONTROL.search(text) else 0
    if controls > MAX_CONTROL_SHARE * len(text):
        raise CorpusError(f"{where}: {controls:,} of its {len(text):,} characters are NUL or control characters; "
                          f"not plain text (UTF-16 without a byte-order mark, or a binary file?): save the {what} "
                          "as UTF-8 text")
    if not words:
        return
    sample = text[:200_000].split()
    if len(sample) >= 50:
        single = sum(1 for w in sample if len(w) == 1 and w.isalpha())
        if single > 0.6 * len(sample):
            raise CorpusError(f"{where}: {single:,} of its first {len(sample):,} words are single letters; not "
                              "plausible prose (letters separated by spaces or NULs, e.g. UTF-16 read as "
                              f"UTF-8?): check the {what} and save it as UTF-8 text")


_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


# --------------------------------------------------------------------------- ZIP-based formats (DOCX, XLSX)

DEFAULT_MAX_UNZIPPED_BYTES = 128 * 1024 * 1024  # all entries of a .docx/.xlsx together, once unpacked
MAX_ZIP_ENTRIES = 10_000
MAX_ZIP_RATIO = 200  # unpacked : packed, for an entry above 1 MiB unpacked (XML packs ~10:1, a bomb ~1000:1)


def max_unzipped_bytes() -> int:
    """What a .docx or .xlsx may unpack to in all: 128 MiB, or 8 × :func:`max_file_bytes` when that is less."""
    return min(DEFAULT_MAX_UNZIPPED_BYTES, 8 * max_file_bytes())


def check_zip(data: bytes, where: str, what: str) -> None:
    """Refuse a ZIP container (DOCX, XLSX) before any parser unpacks it: not a ZIP, more than
    :data:`MAX_ZIP_ENTRIES` entries, more than :func:`max_unzipped_bytes` unpacked, or an entry that
    unpacks more than :data:`MAX_ZIP_RATIO` times its packed size (a zip bomb). The sizes are the ones
    the archive declares; Python's zipfile never unpacks an entry beyond its declared size."""
    import zipfile  # only when a .docx or .xlsx is imported: loading a corpus does not need it

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError, NotImplementedError):
        raise CorpusError(f"{where}: not a valid {what} (not a ZIP archive, or damaged); re-save it") from None
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES:
            raise CorpusError(f"{where}: the {what} holds {len(entries):,} entries, above the limit of "
                              f"{MAX_ZIP_ENTRIES:,}; not a document framings reads (a zip bomb?)")
        total = sum(entry.file_size for entry in entries)
        limit = max_unzipped_bytes()
        if total > limit:
            raise CorpusError(f"{where}: the {what} unpacks to {total:,} bytes, above the limit of {limit:,} (a zip "
                              f"bomb?); save its text as .txt, or raise the limit with ${_MAX_ENV}")
        for entry in entries:
            if entry.file_size > (1 << 20) and entry.file_size > MAX_ZIP_RATIO * max(entry.compress_size, 1):
                raise CorpusError(f"{where}: {entry.filename!r} in the {what} unpacks {entry.file_size:,} bytes from "
                                  f"{entry.compress_size:,} ({entry.file_size // max(entry.compress_size, 1):,}:1, "
                                  f"above {MAX_ZIP_RATIO}:1: a zip bomb?); re-save it or export its text")
