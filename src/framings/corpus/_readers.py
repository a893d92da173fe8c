"""Read the texts of files that are not plain text: PDF, HTML, DOCX (the optional ``import`` extra).

``pip install "framings[import]"`` brings pypdf (PDF text layer), trafilatura (the main
text of a web page, without navigation) and python-docx (Word). :func:`extract` picks the
reader by the file's extension and returns UTF-8 bytes for ``raw/`` with a row of the
extraction report: ``reader, pages, characters, warnings`` (e.g. "no text layer — scanned
PDF?"). Plain ``.txt`` files are only checked (UTF-8, not empty).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

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


def _read_pdf(path: Path) -> tuple[str, int, list[str]]:
    from pypdf import PdfReader  # optional extra [import]: imported on first use
    from pypdf.errors import (
        PdfReadError,  # optional extra [import]: imported on first use
    )

    try:
        reader = PdfReader(str(path))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError) as err:
        raise CorpusError(f"{path}: not a readable PDF ({err}); re-save it or export its text") from None
    warnings = []
    empty = [n for n, text in enumerate(pages, start=1) if not text.strip()]
    if pages and len(empty) == len(pages):
        warnings.append("no text layer — scanned PDF? run OCR (e.g. ocrmypdf) first")
    elif empty:
        warnings.append(f"no text on page(s) {', '.join(map(str, empty[:10]))}{'…' if len(empty) > 10 else ''}")
    return "\n\n".join(pages), len(pages), warnings


def _read_html(path: Path) -> tuple[str, int, list[str]]:
    import trafilatura  # optional extra [import]: imported on first use

    html = path.read_bytes().decode("utf-8", errors="replace")
    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True) or ""
    warnings = [] if text.strip() else ["no main text found (navigation only, or a page built by JavaScript?)"]
    return text, 0, warnings


def _read_docx(path: Path) -> tuple[str, int, list[str]]:
    import docx  # optional extra [import]: imported on first use

    try:
        document = docx.Document(str(path))
    except Exception as err:  # python-docx raises several types for a damaged file
        raise CorpusError(f"{path}: not a readable Word file ({type(err).__name__}); re-save it as .docx") from None
    paragraphs = [p.text for p in document.paragraphs]
    warnings = [] if any(p.strip() for p in paragraphs) else ["no paragraph text (text boxes or images only?)"]
    if document.tables:
        warnings.append(f"{len(document.tables)} table(s) not extracted")
    return "\n\n".join(paragraphs), 0, warnings


def extract(path: Path | str) -> tuple[bytes, dict | None]:
    """(UTF-8 bytes for ``raw/``, extraction report row or None for plain text) of one file.

    Parameters
    ----------
    path : Path | str
        A ``.txt``, ``.pdf``, ``.html``/``.htm`` or ``.docx`` file; it is only read.

    Returns
    -------
    tuple
        The text as UTF-8 bytes and, for extracted formats, a dict with ``reader``,
        ``pages`` (PDF; 0 otherwise), ``characters`` and ``warnings`` ("; "-joined).

    Raises
    ------
    CorpusError
        A plain text file that is not UTF-8 or is empty, an unreadable file, a reader whose
        package is missing, or a file from which no text at all was extracted.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> _ = p.write_text("Hello.", encoding="utf-8")
    >>> extract(p)
    (b'Hello.', None)
    """
    path = Path(path)
    kind = reader_for(path)
    if kind == "text":
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as err:
            raise CorpusError(f"{path}: not UTF-8 (invalid byte 0x{data[err.start]:02x} at byte offset "
                              f"{err.start}); convert it to UTF-8 first") from None
        if not text.strip():
            raise CorpusError(f"{path}: empty or whitespace-only; remove it or supply the text")
        return data, None
    text, pages, warnings = {"pdf": _read_pdf, "html": _read_html, "docx": _read_docx}[kind](path)
    text = _tidy(text)
    if not text.strip():
        raise CorpusError(f"{path}: no text could be extracted ({'; '.join(warnings) or 'empty'}); "
                          "export its text by hand and add the .txt instead")
    info = {"reader": {"pdf": "pypdf", "html": "trafilatura", "docx": "python-docx"}[kind], "pages": pages,
            "characters": len(text.strip()), "warnings": "; ".join(warnings)}
    return text.encode("utf-8"), info
