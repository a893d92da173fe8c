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


# Characters that draw nothing and, inside a word, split it for the tokenizer ("Azer<soft hyphen>baijan" is two
# words to a regex): the soft hyphen, zero-width space, word joiner and BOM (zero-width no-break space), the
# bidirectional controls of UAX #9 (LRM, RLM, ALM; LRE, RLE, PDF, LRO, RLO; LRI, RLI, FSI, PDI) and the
# invisible operators. They are removed wherever they are.
INVISIBLE_CHARACTERS = {
    "\u00ad": "soft hyphen", "\u200b": "zero-width space", "\u2060": "word joiner",
    "\ufeff": "byte-order mark", "\u180e": "Mongolian vowel separator",
    "\u200e": "left-to-right mark", "\u200f": "right-to-left mark", "\u061c": "Arabic letter mark",
    "\u202a": "left-to-right embedding", "\u202b": "right-to-left embedding",
    "\u202c": "pop directional formatting", "\u202d": "left-to-right override", "\u202e": "right-to-left override",
    "\u2066": "left-to-right isolate", "\u2067": "right-to-left isolate", "\u2068": "first strong isolate",
    "\u2069": "pop directional isolate",
    "\u2061": "function application", "\u2062": "invisible times", "\u2063": "invisible separator",
    "\u2064": "invisible plus",
}


# The zero-width (non-)joiner choose letter forms in scripts that join letters (Persian "می‌خواهم", Indic
# conjuncts, emoji sequences) and are kept there; after a letter of a script that never needs them, or where no
# letter precedes, they are as invisible as the above and removed.
JOINERS = {"\u200c": "zero-width non-joiner", "\u200d": "zero-width joiner"}


# scripts (the first word of a letter's Unicode name) whose words never need a joiner
_SCRIPTS_WITHOUT_JOINERS = frozenset({"LATIN", "GREEK", "CYRILLIC", "ARMENIAN", "GEORGIAN", "HEBREW"})


_INVISIBLE = re.compile("[" + "".join(INVISIBLE_CHARACTERS) + "".join(JOINERS) + "]")


def _joiner_needed(text: str, position: int) -> bool:
    """Whether the joiner at ``position`` follows a letter (or emoji) of a script that uses joiners."""
    for char in reversed(text[max(0, position - 8):position]):
        category = unicodedata.category(char)
        if category.startswith("M") or char in JOINERS:
            continue  # a combining mark (or a joiner) belongs to the letter before it
        if category == "So":
            return True  # an emoji sequence (👩‍💻)
        if category.startswith("L"):
            return unicodedata.name(char, "LATIN").split(" ", 1)[0] not in _SCRIPTS_WITHOUT_JOINERS
        return False
    return False


def _invisible_removed(match: re.Match) -> str:
    char = match.group()
    return char if char in JOINERS and _joiner_needed(match.string, match.start()) else ""


def remove_invisible(text: str) -> str:
    """``text`` without the characters that draw nothing (:data:`INVISIBLE_CHARACTERS`, and :data:`JOINERS`
    outside the scripts that need them), so that they split no word.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str
        The text without them (unchanged, and fast, when it has none).

    Examples
    --------
    >>> from framings._words import remove_invisible
    >>> remove_invisible("Azer\u00adbai\u200bjan")
    'Azerbaijan'
    >>> remove_invisible("می\u200cخواهم") == "می\u200cخواهم"  # Persian keeps its non-joiner
    True
    """
    if text.isascii() or not _INVISIBLE.search(text):
        return text
    return _INVISIBLE.sub(_invisible_removed, text)


def invisible_counts(text: str) -> dict[str, int]:
    """How many of each invisible character :func:`remove_invisible` removes from ``text``: name → count."""
    counts: dict[str, int] = {}
    if text.isascii():
        return counts
    for match in _INVISIBLE.finditer(text):
        if not _invisible_removed(match):
            char = match.group()
            name = f"{INVISIBLE_CHARACTERS.get(char) or JOINERS[char]} (U+{ord(char):04X})"
            counts[name] = counts.get(name, 0) + 1
    return counts


# a number with thousands separators or decimals (1,000 7.8 2,500.50) stays whole, as in
# Unicode word segmentation (UAX #29, rules WB11/WB12); else a run of letters/digits; inner
# apostrophes, hyphens and (phrase) underscores join runs
NUMBER_OR_RUN = r"(?:\d+(?:[.,]\d+)+(?![^\W_])|[^\W_]+)"


TOKEN_PATTERN = re.compile(NUMBER_OR_RUN + r"(?:['\-_]" + NUMBER_OR_RUN + r")*")


def normalize_text(text: str, lowercase: bool = True) -> str:
    """NFC, invisible characters removed (:func:`remove_invisible`), typographic normalisation and lower-casing.

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
        text = remove_invisible(text)  # a soft hyphen or zero-width space inside a word would split it
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
