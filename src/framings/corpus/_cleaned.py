"""A cache of cleaned documents: each document is cleaned once per raw text, rules and cleaning code.

:func:`framings.load_corpus` reads, checks and cleans every document on every load; every
notebook loads the corpus again. The cleaned text, its cleaning-report rows and the words of
its paragraphs depend only on

* the document's id and raw bytes (their SHA-256, checked against ``metadata.csv`` on every load),
* the bytes of its rules file (or of ``rules/_default.yaml``, or the built-in defaults),
* the corpus' spellings, the rules' time limit (``$FRAMINGS_REGEX_TIMEOUT``),
* the code that cleans and counts (the source of :mod:`framings.clean` and the modules it uses),
  and the versions of Python's Unicode tables and of the ``regex`` package,

so each document's entry is named by the SHA-256 of all of these (its key) and holds them: a line of JSON (the
key, the document's id, its report rows and its paragraphs' word counts), then the cleaned text as UTF-8. A load
stores the entries of all its documents in one file, a *pack* named by the SHA-256 of their keys in order, whose
first line lists each key and where its entry is: one file created per load, not one per document (100 file
creations cost more than the rest of the writing). A later load of the same documents opens that one pack; a load
of other documents (one added, one changed) looks for its keys in the first lines of the other packs, newest
first, and writes a pack of its own. A document whose key is there is read instead of its rules being parsed and
its text cleaned. The packs live in ``cache_root()/cleaned`` (:func:`framings._paths.cache_root`), are written to
a temporary name and renamed into place (a killed writer leaves a temporary file, never a half pack; two writers
of one pack write the same bytes), and are read only when their first line parses and names the pack; each
entry only when it parses and names its own key with the length of its text (anything else is a miss, and the
load writes its pack anew). When the folder grows beyond ``$FRAMINGS_CLEAN_CACHE_MB`` (default 256 MB) the oldest
packs go. ``FRAMINGS_CLEAN_CACHE=0`` turns the cache off.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
import unicodedata
from functools import lru_cache
from pathlib import Path

import numpy as np

from .._paths import cache_root
from .._saferegex import regex_timeout
from ..clean import REPORT_COLUMNS

ENV_SWITCH = "FRAMINGS_CLEAN_CACHE"   # "0": no cache


ENV_LIMIT = "FRAMINGS_CLEAN_CACHE_MB"  # the folder's size limit in MB


DEFAULT_LIMIT_MB = 256


FOLDER = "cleaned"


FORMAT = 3  # of a pack; a change makes every old pack a miss


_TMP = ".tmp"  # in the name of a file being written (framings._io's convention)


STALE_SECONDS = 3600  # a temporary file this old was left by a killed writer


def enabled() -> bool:
    """The cache is on unless ``$FRAMINGS_CLEAN_CACHE`` is ``0`` (or ``false``, ``no``, ``off``)."""
    return os.environ.get(ENV_SWITCH, "1").strip().lower() not in ("0", "false", "no", "off")


def cache_folder() -> Path:
    """Where the entries are: ``cache_root()/cleaned``."""
    return cache_root() / FOLDER


def limit_bytes() -> int:
    """The folder's size limit: ``$FRAMINGS_CLEAN_CACHE_MB`` megabytes, default 256 (a bad value: the default)."""
    try:
        megabytes = float(os.environ.get(ENV_LIMIT, DEFAULT_LIMIT_MB))
    except ValueError:
        megabytes = DEFAULT_LIMIT_MB
    return int(max(megabytes, 0) * 1024 * 1024)


# the modules whose code decides the cleaned text, the report and the word counts
_CODE = ("clean/__init__.py", "clean/_engine.py", "clean/_prefilter.py", "clean/_report.py", "clean/_rules.py",
         "_words.py", "_saferegex.py", "_schema.py", "corpus/_cleaned.py", "corpus/_load.py")


@lru_cache(maxsize=1)
def code_version() -> str:
    """SHA-256 of the cleaning code's source, the Unicode tables' version and the ``regex`` package's."""
    import regex  # the rules' regex engine (heavy, but cleaning imports it anyway)

    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(f"{FORMAT}|{sys.version_info[:2]}|{unicodedata.unidata_version}|"
                            f"{regex.__version__}".encode())
    for name in _CODE:
        digest.update(name.encode() + b"\0" + (package / name).read_bytes() + b"\0")
    return digest.hexdigest()


def spellings_key(spellings: dict[str, str]) -> str:
    """The part of a key that the corpus' spellings give (one per load, shared by its documents)."""
    return json.dumps(list(spellings.items()), ensure_ascii=False)


def entry_key(doc_id: str, raw_sha256: str, rules: bytes | None, spellings: str) -> str:
    """The name of a document's entry: SHA-256 of everything its cleaning depends on.

    ``rules``: the bytes of the rules file the document is cleaned by; ``None`` for the built-in
    defaults (part of the code).
    """
    digest = hashlib.sha256()
    for part in (code_version(), repr(regex_timeout()), doc_id, raw_sha256.strip().lower(), spellings):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    digest.update(b"builtin" if rules is None else b"file\0" + rules)
    return digest.hexdigest()


def pack_key(keys: list[str]) -> str:
    """The name of the pack of one load: SHA-256 of its documents' keys, in order."""
    digest = hashlib.sha256(f"pack {FORMAT}".encode())
    for key in keys:
        digest.update(key.encode("ascii") + b"\0")
    return digest.hexdigest()


def _entry_bytes(key: str, doc_id: str, text: str, report: list[dict], paragraph_words: np.ndarray) -> bytes:
    """One document's entry: a line of JSON (its key, id, report rows, words per paragraph), then its text."""
    body = text.encode("utf-8", "surrogatepass")  # the text as it is, not as a JSON string (10 times faster)
    entry = {"key": key, "doc_id": doc_id, "text_bytes": len(body),
             "report": [[row[column] for column in REPORT_COLUMNS[1:]] for row in report],
             "paragraph_words": paragraph_words.tolist()}
    return json.dumps(entry, ensure_ascii=True, separators=(",", ":")).encode("ascii") + b"\n" + body


def _parse_entry(key: str, data: bytes) -> tuple[str, list[dict], np.ndarray] | None:
    """(cleaned text, report rows, words per paragraph) of an entry's bytes, or None unless they are the whole
    entry of ``key``."""
    try:
        head, newline, body = data.partition(b"\n")
        entry = json.loads(head)
        if not newline or entry.get("key") != key or entry.get("text_bytes") != len(body):
            return None  # another key's entry, or torn
        report = [dict(zip(REPORT_COLUMNS, [entry["doc_id"], *row])) for row in entry["report"]]
        return (body.decode("utf-8", "surrogatepass"), report,
                np.array(entry["paragraph_words"], dtype=np.int64))
    except (ValueError, KeyError, TypeError, AttributeError):  # unreadable, foreign or older: a miss
        return None


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _open_pack(path: Path):
    """(the open file, key -> (first byte, end) of its entry) of a pack that names itself, or None."""
    try:
        # O_NOFOLLOW: a pack is a file of the cache folder, never a link to something else; a file object, so
        # that one a failed load leaves open is closed with it
        handle = open(path, "rb", buffering=0,  # noqa: SIM115  (kept open for the load's reads; Lookup closes it)
                      opener=lambda name, flags: os.open(name, flags | _NOFOLLOW))
    except OSError:
        return None
    fd = handle.fileno()
    try:
        head, size = b"", os.fstat(fd).st_size
        while b"\n" not in head and len(head) < size:
            chunk = os.pread(fd, 1 << 16, len(head))
            if not chunk:
                break
            head += chunk
        line, newline, _ = head.partition(b"\n")
        header = json.loads(line)
        if not newline or header.get("pack") != path.stem or header.get("format") != FORMAT:
            raise ValueError("not this pack")  # torn, foreign or older
        offset = len(line) + 1
        entries = {key: (offset + start, offset + stop) for key, start, stop in header["entries"]}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        handle.close()
        return None
    return handle, entries


class Lookup:
    """The entries of one load's documents: from the pack of the same documents when there is one, else from
    any pack that holds some of them (each pack's first line lists its keys); every entry is checked when read.

    ``keys``: the documents' keys (None for a document whose key could not be made: always a miss).
    """

    def __init__(self, keys: list[str | None], folder: Path | None = None):
        self.folder = folder or cache_folder()
        self.keys = keys
        self.name = pack_key([key or "" for key in keys])
        self.files = []
        self.where: dict[str, tuple] = {}  # key -> (open file, first byte, end)
        self.complete = False  # this load's own pack was there and whole
        wanted = {key for key in keys if key}
        opened = _open_pack(self.folder / f"{self.name}.pack")
        if opened is not None:
            self._add(*opened, wanted)
            self.complete = wanted <= self.where.keys()
        if not self.complete and wanted:
            self._search(wanted - self.where.keys())

    def _add(self, handle, entries: dict[str, tuple[int, int]], wanted: set[str]) -> None:
        self.files.append(handle)
        for key in wanted & entries.keys():
            self.where.setdefault(key, (handle, *entries[key]))

    def _search(self, wanted: set[str]) -> None:
        """The other packs, newest first, for the keys not found yet."""
        try:
            with os.scandir(self.folder) as found:
                packs = [(item.stat(follow_symlinks=False).st_mtime, item.path) for item in found
                         if item.name.endswith(".pack") and not item.name.startswith(".")
                         and item.name != f"{self.name}.pack"]
        except OSError:
            return
        for _, path in sorted(packs, reverse=True):
            if not wanted:
                break
            opened = _open_pack(Path(path))
            if opened is None:
                continue
            if wanted & opened[1].keys():
                self._add(*opened, wanted)
                wanted -= opened[1].keys()
            else:
                opened[0].close()

    def read(self, key: str | None) -> tuple[str, list[dict], np.ndarray] | None:
        """(cleaned text, report rows, words per paragraph) of ``key``, or None when it is not there or unreadable."""
        place = self.where.get(key) if key else None
        if place is None:
            return None
        handle, start, stop = place
        try:
            data = os.pread(handle.fileno(), stop - start, start)
        except OSError:
            return None
        found = _parse_entry(key, data)
        if found is None:
            self.complete = False  # a torn or foreign entry: the pack is written anew
        return found

    def close(self) -> None:
        for handle in self.files:
            handle.close()
        self.files, self.where = [], {}


def write_pack(name: str, entries: list[tuple[str, str, str, list[dict], np.ndarray]],
               folder: Path | None = None) -> bool:
    """Store one load's entries, ``(key, doc_id, cleaned text, report rows, words per paragraph)`` in order, as
    the pack ``name``: a first line of JSON that lists each key and where its entry is, then the entries. Written
    to a temporary name, then renamed into place (a killed writer leaves a temporary file, never a half pack; two
    writers of one name write the same bytes).

    Returns whether it was stored; a cache that cannot be written (read-only, full disk) is no error.
    """
    folder = folder or cache_folder()
    blobs = [_entry_bytes(*entry) for entry in entries]
    places, at = [], 0
    for (key, *_), blob in zip(entries, blobs):
        places.append([key, at, at + len(blob)])
        at += len(blob)
    header = json.dumps({"pack": name, "format": FORMAT, "entries": places}, separators=(",", ":")).encode("ascii")
    tmp = folder / f".{name}.{os.getpid()}.{time.monotonic_ns()}{_TMP}.pack"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(tmp, "xb") as handle:
            handle.write(header + b"\n" + b"".join(blobs))
        os.replace(tmp, folder / f"{name}.pack")
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass
        return False
    return True


def trim(folder: Path | None = None, limit: int | None = None) -> int:
    """Keep the folder within ``limit`` bytes (:func:`limit_bytes`): delete the oldest packs until it holds
    at most 80 % of it, temporary files older than an hour (a killed writer's) and the entries of the layout
    before packs. Returns files deleted."""
    folder = folder or cache_folder()
    limit = limit_bytes() if limit is None else limit
    now, entries, removed, total = time.time(), [], 0, 0
    try:
        with os.scandir(folder) as found:
            for item in found:
                try:
                    info = item.stat(follow_symlinks=False)
                except OSError:
                    continue
                if item.name.startswith(".") and _TMP in item.name:
                    if now - info.st_mtime > STALE_SECONDS:
                        removed += _unlink(item.path)
                    continue
                if item.name.endswith(".json"):  # an entry of the layout before packs: never read again
                    removed += _unlink(item.path)
                elif item.name.endswith(".pack"):
                    entries.append((info.st_mtime, info.st_size, item.path))
                    total += info.st_size
    except OSError:
        return removed
    if total > limit:
        for _, size, path in sorted(entries):
            if total <= 0.8 * limit:
                break
            if _unlink(path):
                removed += 1
                total -= size
    return removed


def _unlink(path: str) -> int:
    try:
        os.unlink(path)
    except OSError:  # gone already (another process trimmed it): fine
        return 0
    return 1
