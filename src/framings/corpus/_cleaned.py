"""A cache of cleaned documents: each document is cleaned once per raw text, rules and cleaning code.

:func:`framings.load_corpus` reads, checks and cleans every document on every load; every
notebook loads the corpus again. The cleaned text, its cleaning-report rows and the words of
its paragraphs depend only on

* the document's id and raw bytes (their SHA-256, checked against ``metadata.csv`` on every load),
* the bytes of its rules file (or of ``rules/_default.yaml``, or the built-in defaults),
* the corpus' spellings, the rules' time limit (``$FRAMINGS_REGEX_TIMEOUT``),
* the code that cleans and counts (the source of :mod:`framings.clean` and the modules it uses),
  and the versions of Python's Unicode tables and of the ``regex`` package,

so one file per document, named by the SHA-256 of all of these, holds them: a first line of JSON (the key,
the document's id, its report rows and its paragraphs' word counts), then the cleaned text as UTF-8. A load whose key is
there reads the file instead of parsing the rules and cleaning. The files live in
``cache_root()/cleaned`` (:func:`framings._paths.cache_root`), are written to a temporary name
and renamed into place (a killed writer leaves a temporary file, never a half entry; two writers
of one key write the same bytes), and are read only when they parse and name their own key
(anything else is a miss). When the folder grows beyond ``$FRAMINGS_CLEAN_CACHE_MB`` (default
256 MB) the oldest entries go. ``FRAMINGS_CLEAN_CACHE=0`` turns the cache off.
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


FORMAT = 2  # of an entry file; a change makes every old entry a miss


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


def read_entry(key: str, folder: Path | None = None) -> tuple[str, list[dict], np.ndarray] | None:
    """(cleaned text, report rows, words per paragraph) of ``key``, or None when it is not there or unreadable."""
    path = (folder or cache_folder()) / f"{key}.json"
    try:
        # O_NOFOLLOW: an entry is a file of the cache folder, never a link to something else
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as handle:
            data = handle.read()
        head, newline, body = data.partition(b"\n")
        entry = json.loads(head)
        if not newline or entry.get("key") != key or entry.get("text_bytes") != len(body):
            return None  # another key's entry, or torn
        report = [dict(zip(REPORT_COLUMNS, [entry["doc_id"], *row])) for row in entry["report"]]
        return (body.decode("utf-8", "surrogatepass"), report,
                np.array(entry["paragraph_words"], dtype=np.int64))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):  # unreadable, foreign or older: a miss
        return None


def write_entry(key: str, doc_id: str, text: str, report: list[dict], paragraph_words: np.ndarray,
                folder: Path | None = None) -> bool:
    """Store a cleaned document under ``key``: written to a temporary name, then renamed into place.

    Returns whether it was stored; a cache that cannot be written (read-only, full disk) is no error.
    """
    folder = folder or cache_folder()
    body = text.encode("utf-8", "surrogatepass")  # the text as it is, not as a JSON string (10 times faster)
    entry = {"key": key, "doc_id": doc_id, "text_bytes": len(body),
             "report": [[row[column] for column in REPORT_COLUMNS[1:]] for row in report],
             "paragraph_words": paragraph_words.tolist()}
    data = json.dumps(entry, ensure_ascii=True, separators=(",", ":")).encode("ascii") + b"\n" + body
    tmp = folder / f".{key}.{os.getpid()}.{time.monotonic_ns()}{_TMP}.json"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(tmp, "xb") as handle:
            handle.write(data)
        os.replace(tmp, folder / f"{key}.json")
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass
        return False
    return True


def trim(folder: Path | None = None, limit: int | None = None) -> int:
    """Keep the folder within ``limit`` bytes (:func:`limit_bytes`): delete the oldest entries until it holds
    at most 80 % of it, and temporary files older than an hour (a killed writer's). Returns files deleted."""
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
                if item.name.endswith(".json"):
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
