"""The codebook: the written coding rules that human (or other) coders follow, as data.

Content analysis validates a measure against codes that coders assign by a written
codebook (Krippendorff 2019, *Content Analysis*, ch. 7; Neuendorf 2017, ch. 6). Here the
codebook is ``<corpus>/codebook.yaml``: one code per frame of the frame lexicon, each
with a definition, inclusion and exclusion rules and one or two anchor examples quoted
verbatim from the corpus, plus ``none`` and ``other``. It is versioned like the lexicon
(a ``changes`` list).
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import pandas as pd

from .._check import require_columns
from .._io import contained_path
from .._paths import default_corpus_path
from .._schema import load_yaml
from ..errors import CorpusError
from ..frames import frame_order, resolve_lexicon

CODEBOOK_COLUMNS = ["code", "label", "definition", "include", "exclude", "n_anchors"]


ANCHOR_COLUMNS = ["code", "quote", "code_because", "para_id"]


RESERVED_CODES = ("none", "other")


def _default_path() -> Path:
    return default_corpus_path() / "codebook.yaml"


def _read(path: Path) -> dict:
    """The codebook's YAML: read inside its folder (no link out, no FIFO, size-limited, UTF-8), aliases
    capped, duplicate keys (a code defined twice) refused."""
    path = Path(path)
    if not os.path.lexists(path):
        raise CorpusError(f"{path}: no codebook; copy corpus/codebook.yaml from the framings project "
                          "and write one code per frame of lexicons/frames.yaml")
    path = contained_path(path.parent, path.name, str(path), "codebook")
    data = load_yaml(path, what="codebook")
    if not isinstance(data, dict) or not isinstance(data.get("codes"), dict) or not data["codes"]:
        raise CorpusError(f"{path}: expected a 'codes:' mapping; see the schema in the file's header")
    return data


def _as_list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value.strip()]
    return [str(v).strip() for v in value]


def load_codebook(path: Path | str | None = None, lexicon: pd.DataFrame | str | Path | bool | None = None) -> pd.DataFrame:
    """The codebook as a frame, one row per code, checked against the frame lexicon.

    Parameters
    ----------
    path : path, optional
        The codebook YAML file; default ``<corpus>/codebook.yaml``.
    lexicon : None, path or frame, optional
        The frame lexicon whose frames must all be codes (None: the project lexicon,
        :func:`framings.load_lexicon`). Pass ``False`` to skip that check.

    Returns
    -------
    pandas.DataFrame
        Columns ``code, label, definition, include, exclude, n_anchors``; ``include`` and
        ``exclude`` are the rules joined by newlines. Codes keep the file's order.

    Raises
    ------
    CorpusError
        No file, invalid YAML, a code without a label, definition or anchor, no ``none``
        or ``other`` code, or a lexicon frame that has no code.

    Examples
    --------
    >>> import framings as fr
    >>> codebook = fr.coding.load_codebook()
    >>> list(codebook["code"])[-2:]
    ['none', 'other']
    """
    path = Path(path) if path is not None else _default_path()
    data = _read(path)
    rows = []
    for code, body in data["codes"].items():
        code = str(code)
        if not isinstance(body, dict):
            raise CorpusError(f"{path}: code {code!r} needs label, definition, include, exclude and anchors")
        for field in ("label", "definition"):
            if not str(body.get(field) or "").strip():
                raise CorpusError(f"{path}: code {code!r} has no {field}; write one")
        anchors = body.get("anchors") or []
        if not isinstance(anchors, list) or not anchors or not all(
                isinstance(a, dict) and str(a.get("quote") or "").strip() for a in anchors):
            raise CorpusError(f"{path}: code {code!r} needs one or two anchors, each with a 'quote' "
                              "copied verbatim from the corpus")
        rows.append((code, str(body["label"]).strip(), " ".join(str(body["definition"]).split()),
                     "\n".join(_as_list(body.get("include"))), "\n".join(_as_list(body.get("exclude"))),
                     len(anchors)))
    codebook = pd.DataFrame(rows, columns=CODEBOOK_COLUMNS)
    missing = [c for c in RESERVED_CODES if c not in set(codebook["code"])]
    if missing:
        raise CorpusError(f"{path}: no code(s) {missing}; every codebook needs 'none' and 'other'")
    if lexicon is not False:

        frames = frame_order(resolve_lexicon(lexicon))
        absent = [f for f in frames if f not in set(codebook["code"])]
        if absent:
            raise CorpusError(f"{path}: the lexicon's frame(s) {absent} have no code; add them to the codebook "
                              "(definition, include, exclude, anchors)")
    return codebook


def codebook_codes(codebook: pd.DataFrame | Path | str | None = None) -> list[str]:
    """The codes a coder may assign, in codebook order.

    Parameters
    ----------
    codebook : None, path or frame, optional
        A frame from :func:`load_codebook`, a path to a codebook file, or None (the project's).

    Returns
    -------
    list of str

    Raises
    ------
    CorpusError
        When ``codebook`` is neither None, a path nor a codebook frame, or the file is invalid.

    Examples
    --------
    >>> import framings as fr
    >>> "none" in fr.coding.codebook_codes()
    True
    """
    if codebook is None or isinstance(codebook, (str, Path)):
        codebook = load_codebook(codebook)
    require_columns(codebook, ["code"], "codebook_codes(): the codebook",
                    "pass None, a path or the frame of fr.coding.load_codebook()")
    return [str(c) for c in codebook["code"]]


def _normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", str(text)).split())


def codebook_anchors(path: Path | str | None = None, paras: pd.DataFrame | None = None) -> pd.DataFrame:
    """The anchor examples of the codebook, each located in the corpus.

    Parameters
    ----------
    path : path, optional
        The codebook file (default ``<corpus>/codebook.yaml``).
    paras : pandas.DataFrame, optional
        Paragraphs (:func:`framings.paragraphs`) to find each quote in; without it
        ``para_id`` stays empty.

    Returns
    -------
    pandas.DataFrame
        Columns ``code, quote, code_because, para_id``: ``para_id`` is the one paragraph
        whose text contains the quote (whitespace and Unicode normalised).

    Raises
    ------
    CorpusError
        With ``paras``: a quote found in no paragraph (not verbatim) or in more than one.

    Examples
    --------
    >>> import framings as fr
    >>> anchors = fr.coding.codebook_anchors(paras=fr.paragraphs(fr.load_corpus()))
    >>> bool(anchors["para_id"].str.len().gt(0).all())
    True
    """
    path = Path(path) if path is not None else _default_path()
    data = _read(path)
    rows = []
    for code, body in data["codes"].items():
        for anchor in (body or {}).get("anchors") or []:
            rows.append((str(code), str(anchor.get("quote") or "").strip(),
                         " ".join(str(anchor.get("code_because") or "").split()), ""))
    anchors = pd.DataFrame(rows, columns=ANCHOR_COLUMNS)
    if paras is None or anchors.empty:
        return anchors
    texts = [_normalise(t) for t in paras["text"]]
    ids = [str(p) for p in paras["para_id"]]
    found = []
    for code, quote in zip(anchors["code"], anchors["quote"]):
        needle = _normalise(quote)
        hits = [pid for pid, text in zip(ids, texts) if needle in text]
        if len(hits) != 1:
            what = "no paragraph" if not hits else f"{len(hits)} paragraphs ({', '.join(hits[:3])})"
            short = re.sub(r"\s+", " ", quote)[:60]
            raise CorpusError(f"{path}: the anchor of {code!r} ({short!r}…) is in {what}; "
                              "quote one passage verbatim from the cleaned corpus")
        found.append(hits[0])
    anchors["para_id"] = found
    return anchors
