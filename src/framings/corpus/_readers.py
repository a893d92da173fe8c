"""Read the texts of files that are not plain text: PDF, HTML, DOCX (the optional ``import`` extra).

``pip install "framings[import]"`` brings pypdf (PDF text layer), trafilatura (the main
text of a web page, without navigation) and python-docx (Word). :func:`extract` picks the
reader by the file's extension and returns UTF-8 bytes for ``raw/`` with a row of the
extraction report: ``reader, pages, characters, warnings`` (e.g. "no text layer — scanned
PDF?"). Plain ``.txt`` files are only checked (UTF-8, not empty).
"""

from __future__ import annotations

import codecs
import contextlib
import io
import re
import sys
import unicodedata
from pathlib import Path

from .._io import bom_encoding, check_plausible_text, check_zip, decode_text, max_file_bytes, read_limited
from ..errors import CorpusError

READERS = {".txt": "text", ".pdf": "pdf", ".html": "html", ".htm": "html", ".docx": "docx"}


_PACKAGES = {"pdf": ("pypdf", "pypdf"), "html": ("trafilatura", "trafilatura"), "docx": ("docx", "python-docx")}


def reader_for(path: Path | str, check: bool = True) -> str | None:
    """The reader of a file by its extension (``text``, ``pdf``, ``html``, ``docx``), or None.

    Parameters
    ----------
    path : Path | str
        A file name (only its extension is looked at).
    check : bool, default True
        Raise instead of returning None, and check that the reader's package is installed.

    Returns
    -------
    str or None
        The reader's name; None for an unknown extension when ``check`` is False.

    Raises
    ------
    CorpusError
        With ``check``: an unknown extension, or the reader's package missing (naming the extra).

    Examples
    --------
    >>> reader_for("speech.PDF", check=False), reader_for("notes.odt", check=False)
    ('pdf', None)
    """
    kind = READERS.get(Path(path).suffix.lower())
    if not check:
        return kind
    if kind is None:
        raise CorpusError(f"{path}: unknown file type; framings reads {', '.join(sorted(READERS))}")
    if kind in _PACKAGES:
        module, package = _PACKAGES[kind]
        try:
            __import__(module)
        except ImportError:
            raise CorpusError(f"{path}: reading {Path(path).suffix} files needs {package}; "
                              'pip install "framings[import]"') from None
    return kind


def _tidy(text: str) -> str:
    """NFC, no NUL or form feeds, lines stripped of trailing space, one blank line at most."""
    text = unicodedata.normalize("NFC", text).replace("\x00", "").replace("\x0c", "\n")
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip() + "\n"


def _read_pdf(path: Path, data: bytes) -> tuple[str, int, list[str]]:
    import pypdf.filters  # optional extra [import]: imported on first use
    from pypdf import PdfReader  # optional extra [import], as above
    from pypdf.errors import (  # optional extra [import], as above
        DependencyError, FileNotDecryptedError, LimitReachedError, PdfReadError, PyPdfError)

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")  # many "protected" PDFs only restrict printing: an empty password
            except (DependencyError, NotImplementedError):
                opened = None  # AES needs the cryptography package, which framings does not install
            if not opened:
                raise CorpusError(f"{path}: an encrypted PDF{' (AES)' if opened is None else ''} that framings cannot "
                                  "open; save a copy without encryption (e.g. qpdf --decrypt in.pdf out.pdf) or "
                                  "export its text to .txt") from None
        pages, characters = [], 0
        limit = max_file_bytes()
        for page in reader.pages:
            contents = page.get_contents()
            if contents is not None:
                # decoded first on purpose: extract_text swallows pypdf's decompression limit and returns ""
                contents.get_data()
            text = page.extract_text() or ""
            characters += len(text)
            if characters > limit:
                raise CorpusError(f"{path}: its text runs past {limit:,} characters (a decompression bomb?); "
                                  "split the PDF or export its text")
            pages.append(text)
    except LimitReachedError:
        raise CorpusError(f"{path}: a stream of the PDF unpacks beyond {pypdf.filters.ZLIB_MAX_OUTPUT_LENGTH:,} "
                          "bytes (a decompression bomb?); re-save it or export its text") from None
    except (FileNotDecryptedError, DependencyError):
        raise CorpusError(f"{path}: an encrypted PDF that framings cannot open; save a copy without encryption "
                          "or export its text to .txt") from None
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError, OverflowError, ZeroDivisionError) as err:
        raise CorpusError(f"{path}: not a readable PDF ({type(err).__name__}: {str(err)[:200]}); re-save it or "
                          "export its text") from None
    warnings = []
    empty = [n for n, text in enumerate(pages, start=1) if not text.strip()]
    if pages and len(empty) == len(pages):
        warnings.append("no text layer — scanned PDF? run OCR (e.g. ocrmypdf) first")
    elif empty:
        warnings.append(f"no text on page(s) {', '.join(map(str, empty[:10]))}{'…' if len(empty) > 10 else ''}")
    return "\n\n".join(pages), len(pages), warnings


_META_CHARSET = re.compile(rb"""<meta[^>]{0,500}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)


# WHATWG Encoding: these labels mean windows-1252 in a web page
_WINDOWS_1252_LABELS = {"latin1", "latin-1", "iso-8859-1", "iso8859-1", "iso_8859-1", "l1", "us-ascii", "ascii",
                        "cp819", "ibm819", "iso-ir-100", "windows-1252", "cp1252", "x-cp1252"}


def decode_html(data: bytes, where: str) -> tuple[str, str]:
    """(text, how it was decoded) of a web page: a byte-order mark, else the charset the page declares
    in its first 4 KB (``<meta charset>`` or ``http-equiv``), else UTF-8, else windows-1252 (said so).

    Parameters
    ----------
    data : bytes
        The page as stored.
    where : str
        The file, for messages.

    Returns
    -------
    tuple of (str, str)
        The decoded page and a phrase saying how (for the extraction report).

    Raises
    ------
    CorpusError
        A declared charset Python does not know.

    Examples
    --------
    >>> page = '<meta charset="windows-1252"><p>Política</p>'.encode("cp1252")
    >>> decode_html(page, "page.html")
    ('<meta charset="windows-1252"><p>Política</p>', 'charset windows-1252 (declared by the page)')
    """
    found = bom_encoding(data)
    if found is not None:
        codec, said, length = found
        return data[length:].decode(codec, errors="replace"), said
    match = _META_CHARSET.search(data[:4096])
    if match:
        label = match.group(1).decode("ascii").lower()
        codec = "cp1252" if label in _WINDOWS_1252_LABELS else label
        if codec.startswith("utf-16") or codec.startswith("utf-32"):
            codec = "utf-8"  # WHATWG: a page without a byte-order mark that declares UTF-16 is UTF-8
        try:
            codecs.lookup(codec)
        except LookupError:
            raise CorpusError(f"{where}: declares the charset {label!r}, which Python does not know; save the "
                              "page as UTF-8") from None
        text = data.decode(codec, errors="replace")
        bad = text.count("\ufffd") - data.decode(codec, errors="ignore").count("\ufffd")
        said = f"charset {label} (declared by the page)"
        return text, said + (f"; {bad} byte(s) not valid in it, replaced by �" if bad else "")
    try:
        return data.decode("utf-8"), "UTF-8 (no charset declared)"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "windows-1252 (no charset declared and not UTF-8)"


@contextlib.contextmanager
def _keeping_repeated_paragraphs():
    """trafilatura drops an element that repeats the one before it (above 50 characters); a speech that
    repeats a refrain would lose it silently, so the threshold is lifted while framings extracts."""
    try:
        from trafilatura import main_extractor  # optional extra [import]: absent, nothing to lift
    except ImportError:
        yield
        return
    before = getattr(main_extractor, "MIN_DUPLICATE_LENGTH", None)
    if before is not None:
        main_extractor.MIN_DUPLICATE_LENGTH = sys.maxsize
    try:
        yield
    finally:
        if before is not None:
            main_extractor.MIN_DUPLICATE_LENGTH = before


def _read_html(path: Path, data: bytes) -> tuple[str, int, list[str]]:
    import trafilatura  # optional extra [import]: imported on first use
    from trafilatura.settings import use_config  # optional extra [import], as above

    html, how = decode_html(data, str(path))
    config = use_config()
    config.set("DEFAULT", "max_repetitions", str(sys.maxsize))  # keep repeated paragraphs (no dedup)
    with _keeping_repeated_paragraphs():
        text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True,
                                   deduplicate=False, config=config) or ""
    warnings = [] if text.strip() else ["no main text found (navigation only, or a page built by JavaScript?)"]
    if not how.startswith("UTF-8"):
        warnings.insert(0, f"decoded as {how}")
    return text, 0, warnings


def _read_docx(path: Path, data: bytes) -> tuple[str, int, list[str]]:
    import docx  # optional extra [import]: imported on first use

    check_zip(data, str(path), "Word file")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as err:  # python-docx raises several types for a damaged file
        raise CorpusError(f"{path}: not a readable Word file ({type(err).__name__}); re-save it as .docx") from None
    paragraphs = [p.text for p in document.paragraphs]
    warnings = [] if any(p.strip() for p in paragraphs) else ["no paragraph text (text boxes or images only?)"]
    if document.tables:
        warnings.append(f"{len(document.tables)} table(s) not extracted")
    return "\n\n".join(paragraphs), 0, warnings


def read_source(path: Path | str) -> tuple[bytes, bytes, dict | None]:
    """(the file's bytes, UTF-8 text for ``raw/``, extraction report row or None) of one file to import.

    The file is read once, contained and bounded (:func:`framings._io.read_limited`: a regular file,
    never blocking on a FIFO, within the size limit); everything after works on those bytes, so what
    is copied to ``sources/`` is what was read.
    """
    path = Path(path)
    kind = reader_for(path)
    data = read_limited(path, str(path), "text file" if kind == "text" else f"{kind.upper()} file")
    if kind == "text":
        text, how = decode_text(data, str(path), "text file")
        if not text.strip():
            raise CorpusError(f"{path}: empty or whitespace-only; remove it or supply the text")
        if how is None:
            return data, data, None
        text = _tidy(text)  # converted to UTF-8: the original goes to sources/, and the report says how
        return data, text.encode("utf-8"), {"reader": "text", "pages": 0, "characters": len(text.strip()),
                                            "warnings": f"{how}; converted to UTF-8"}
    text, pages, warnings = {"pdf": _read_pdf, "html": _read_html, "docx": _read_docx}[kind](path, data)
    text = _tidy(text)
    if not text.strip():
        raise CorpusError(f"{path}: no text could be extracted ({'; '.join(warnings) or 'empty'}); "
                          "export its text by hand and add the .txt instead")
    check_plausible_text(text, str(path), f"{kind.upper()} file")
    info = {"reader": {"pdf": "pypdf", "html": "trafilatura", "docx": "python-docx"}[kind], "pages": pages,
            "characters": len(text.strip()), "warnings": "; ".join(warnings)}
    return data, text.encode("utf-8"), info


def extract(path: Path | str) -> tuple[bytes, dict | None]:
    """(UTF-8 bytes for ``raw/``, extraction report row or None for plain text) of one file.

    Parameters
    ----------
    path : Path | str
        A ``.txt``, ``.pdf``, ``.html``/``.htm`` or ``.docx`` file; it is only read (once, bounded).

    Returns
    -------
    tuple
        The text as UTF-8 bytes and, for extracted or converted files, a dict with ``reader``,
        ``pages`` (PDF; 0 otherwise), ``characters`` and ``warnings`` ("; "-joined; it says how a
        page or a UTF-16 text was decoded).

    Raises
    ------
    CorpusError
        A file that is not regular (a FIFO, a device) or above the size limit; a plain text file
        that is not UTF-8 (a byte-order mark may say UTF-16) or is empty or implausible (mostly NULs,
        one-letter words); a zip bomb, an encrypted PDF or a decompression bomb; an unreadable
        file, a reader whose package is missing, or a file from which no text at all was extracted.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> _ = p.write_text("Hello.", encoding="utf-8")
    >>> extract(p)
    (b'Hello.', None)
    """
    _, text, info = read_source(path)
    return text, info
