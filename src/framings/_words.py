"""The word-splitting primitive: the token pattern, text normalisation and fast word counts.

Cleaning, the corpus loader and the tokenizer all count words with it, so their counts agree.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable

import numpy as np
import pandas as pd


def paragraph_word_counts(paras: pd.DataFrame) -> np.ndarray:
    """Words per paragraph: the ``n_words`` column when there is one, else counted."""
    if "n_words" in paras.columns:
        return paras["n_words"].to_numpy(dtype=float)

    return count_words_many(paras["text"].astype(str)).astype(float)


_CHAR_MAP = str.maketrans({
    "\u0130": "I",        # İ: lower() would give i + combining dot above
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'",
    "\u2011": "-", "\u2010": "-",
    "\u00a0": " ", "\u202f": " ", "\u2007": " ",
})


# the same mapping as (character, replacement) pairs: str.replace is much faster than translate
CHAR_PAIRS = tuple((chr(code), replacement) for code, replacement in _CHAR_MAP.items())


_CHAR_PAIRS_KEEP_CASE = tuple(pair for pair in CHAR_PAIRS if pair[0] != "\u0130")


# a number with thousands separators or decimals (1,000 7.8 2,500.50) stays whole, as in
# Unicode word segmentation (UAX #29, rules WB11/WB12); else a run of letters/digits; inner
# apostrophes, hyphens and (phrase) underscores join runs
NUMBER_OR_RUN = r"(?:\d+(?:[.,]\d+)+(?![^\W_])|[^\W_]+)"


TOKEN_PATTERN = re.compile(NUMBER_OR_RUN + r"(?:['\-_]" + NUMBER_OR_RUN + r")*")


def normalize_text(text: str, lowercase: bool = True) -> str:
    """NFC, typographic normalisation (see module docstring) and lower-casing.

    Parameters
    ----------
    text : str
        Any text.
    lowercase : bool, default True
        Also lower-case it (Turkish ``İ`` → ``i``).

    Returns
    -------
    str
        The normalised text (curly apostrophes straightened, and so on).

    Examples
    --------
    >>> fr.text.normalize_text("Türkiye’s İstanbul")
    "türkiye's istanbul"
    """
    text = unicodedata.normalize("NFC", text)
    if not text.isascii():
        # keep the case of İ when not lower-casing
        for char, replacement in CHAR_PAIRS if lowercase else _CHAR_PAIRS_KEEP_CASE:
            if char in text:
                text = text.replace(char, replacement)
    return text.lower() if lowercase else text


class _WordCounts(dict):
    """Chunk of text -> number of tokens in it (the chunk is tokenized on first sight)."""

    def __missing__(self, chunk: str) -> int:
        count = self[chunk] = len(TOKEN_PATTERN.findall(normalize_text(chunk)))
        return count


_WORD_COUNTS = _WordCounts()   # one memory for every caller (documents of a corpus share most words)


_WORD_COUNTS_MAX = 500_000     # chunks remembered at most; then it starts afresh (memory stays bounded)


def shared_word_counts() -> _WordCounts:
    """The process-wide memory of words per chunk (a pure function of the chunk, so sharing changes no count)."""
    if len(_WORD_COUNTS) > _WORD_COUNTS_MAX:
        _WORD_COUNTS.clear()
    return _WORD_COUNTS


def count_words_many(texts: Iterable[str]) -> np.ndarray:
    """Words per text as ``tokens()`` sees them with every filter off (letters or digits).

    Tokens never cross whitespace, so this is the sum over the whitespace-delimited
    chunks of each text of the tokens in the chunk, each distinct chunk tokenized once.

    Parameters
    ----------
    texts : iterable of str
        The texts.

    Returns
    -------
    numpy.ndarray
        ``int64`` word count of each text, in order.

    Examples
    --------
    >>> from framings.text import count_words_many
    >>> count_words_many(["Two words", "and three more, in 2025"]).tolist()
    [2, 5]
    """
    texts = texts if isinstance(texts, list) else list(texts)
    count_of = shared_word_counts().__getitem__
    return np.fromiter((sum(map(count_of, str(text).split())) for text in texts), dtype=np.int64,
                       count=len(texts))
