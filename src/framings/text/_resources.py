"""Word lists: stop words (shipped), and a corpus' own phrases and spelling variants (its resources/ folder)."""

from __future__ import annotations

import csv
import os
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd

from .._io import contained_path, decode_utf8, read_limited
from .._paths import corpus_folder
from .._words import normalize_text
from ..errors import CorpusError


def _read_resource_lines(name: str) -> list[str]:
    text = resources.files("framings").joinpath("resources", name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=None)
def load_stopwords(name: str = "default") -> frozenset[str]:
    """Shipped stop words: ``"english"`` (Snowball, BSD), ``"project"``, or ``"default"`` (both).

    Parameters
    ----------
    name : {"default", "english", "project"}, default "default"
        Which list.

    Returns
    -------
    frozenset of str
        The words, normalised as :func:`normalize_text` does.

    Raises
    ------
    CorpusError
        For an unknown list name.

    Examples
    --------
    >>> "the" in fr.text.load_stopwords("english"), fr.text.load_stopwords("english") <= fr.text.load_stopwords()
    (True, True)
    """
    english = set(_read_resource_lines("stopwords_en.txt"))
    project = set(_read_resource_lines("stopwords_project.txt"))
    lists = {"english": english, "project": project, "default": english | project}
    if name not in lists:
        raise CorpusError(f"unknown stop word list {name!r}; use one of {sorted(lists)}, a set of words, or None")
    return frozenset(normalize_text(w) for w in lists[name])


def _corpus_lines(folder: Path | None, name: str) -> tuple[str, ...]:
    """Non-comment lines of ``<folder>/resources/<name>`` ((), when the corpus has no such file)."""
    if folder is None:
        return ()
    return _read_corpus_lines(str(Path(folder).resolve()), name)


@lru_cache(maxsize=64)
def _read_corpus_lines(folder: str, name: str) -> tuple[str, ...]:
    # inside the corpus folder (no link out), a regular file (never a FIFO), size-limited, UTF-8
    file = contained_path(folder, f"resources/{name}", str(Path(folder) / "resources" / name), "resource file")
    if not os.path.lexists(file):
        return ()
    text = decode_utf8(read_limited(file, str(file), "resource file"), str(file), "resource file")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def load_phrases(corpus: Path | str | pd.DataFrame | None = None) -> tuple[str, ...]:
    """A corpus's multi-word terms (``<corpus>/resources/phrases.txt``); () when it has none.

    Parameters
    ----------
    corpus : pathlib.Path or str or pandas.DataFrame or None, default None
        A corpus folder, a frame from :func:`framings.load_corpus` (its folder), or
        None for :func:`framings._paths.default_corpus_path`.

    Returns
    -------
    tuple of str
        One phrase per line of the file, comments (``#``) and blank lines skipped.

    Examples
    --------
    >>> "strategic autonomy" in load_phrases()
    True
    """
    return _corpus_lines(corpus_folder(corpus), "phrases.txt")


def load_variants(corpus: Path | str | pd.DataFrame | None = None) -> dict[str, str]:
    """A corpus's spelling variants (``<corpus>/resources/variants.csv``: ``variant,canonical``).

    Merged by the tokenizer (``merge_variants=True``, the default) and in lexicon matching; ``{}``
    when the corpus has no such file.

    Parameters
    ----------
    corpus : pathlib.Path or str or pandas.DataFrame or None, default None
        As in :func:`load_phrases`.

    Returns
    -------
    dict of str to str
        Variant → canonical form, both normalised.

    Examples
    --------
    >>> load_variants()["turkey"]
    'türkiye'
    """
    return dict(_variants(corpus_folder(corpus)))


def _variants(folder: Path | None) -> tuple[tuple[str, str], ...]:
    lines = _corpus_lines(folder, "variants.csv")
    if not lines:
        return ()
    rows = csv.DictReader(lines)
    if not rows.fieldnames or not {"variant", "canonical"} <= set(rows.fieldnames):
        raise CorpusError(f"{folder}/resources/variants.csv: needs the header 'variant,canonical'")
    return tuple((normalize_text(r["variant"]), normalize_text(r["canonical"])) for r in rows)
