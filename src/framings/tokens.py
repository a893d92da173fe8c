"""Split paragraphs into tidy tokens, Unicode-correctly.

What the tokenizer does, in order (each step a documented choice):

1. NFC normalisation; the Turkish dotted capital ``İ`` becomes ``I`` before lower-casing
   (Python's ``"İ".lower()`` is ``"i̇"``, two characters); curly apostrophes (’ ‘ ʼ)
   become ``'``; the non-breaking hyphen U+2011 and the hyphen U+2010 become ``-``;
   no-break spaces become spaces. Dotless ``ı`` and schwa ``ə`` are kept.
2. Lower-casing (``lowercase=True``).
3. Phrases from a shipped list are joined with ``_`` (``strategic_autonomy``).
4. A token is a run of letters/digits, with inner apostrophes or hyphens
   (``anti-western``, ``multi-vector``). En and em dashes split (``russia``, ``ukraine``).
   A final possessive ``'s`` is removed, so ``Azerbaijan’s`` and ``Azerbaijan's`` both
   give ``azerbaijan``. Punctuation and lone combining marks never become tokens.
5. ``position`` numbers the tokens of a paragraph at this point, so positions keep
   true distances after stop words are removed.
6. Filters: numbers (``numbers=False`` drops tokens without a letter), ``min_length``,
   stop words; then ``merge_variants`` and Snowball stemming (``stem=True``).
"""
from __future__ import annotations

import csv
import re
import unicodedata
from functools import lru_cache
from importlib import resources
from typing import Iterable

import numpy as np
import pandas as pd

from .errors import CorpusError

TOKEN_COLUMNS = ["doc_id", "para_id", "framing", "position", "token"]

_CHAR_MAP = str.maketrans({
    "\u0130": "I",        # İ: lower() would give i + combining dot above
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'",
    "\u2011": "-", "\u2010": "-",
    "\u00a0": " ", "\u202f": " ", "\u2007": " ",
})
_TOKEN = re.compile(r"[^\W_]+(?:['\-_][^\W_]+)*")
_HAS_LETTER = re.compile(r"[^\W\d_]")


def _read_resource_lines(name: str) -> list[str]:
    text = resources.files("framings").joinpath("resources", name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=None)
def load_stopwords(name: str = "default") -> frozenset[str]:
    """Shipped stop words: ``"english"`` (Snowball, BSD), ``"project"``, or ``"default"`` (both)."""
    english = set(_read_resource_lines("stopwords_en.txt"))
    project = set(_read_resource_lines("stopwords_project.txt"))
    lists = {"english": english, "project": project, "default": english | project}
    if name not in lists:
        raise CorpusError(f"unknown stop word list {name!r}; use one of {sorted(lists)}, a set of words, or None")
    return frozenset(normalize_text(w) for w in lists[name])


@lru_cache(maxsize=None)
def load_phrases() -> tuple[str, ...]:
    """The shipped multi-word terms (``resources/phrases.txt``), lower case."""
    return tuple(_read_resource_lines("phrases.txt"))


@lru_cache(maxsize=None)
def load_variants() -> dict[str, str]:
    """Spelling variants merged by ``merge_variants=True`` (``resources/variants.csv``)."""
    rows = csv.DictReader(_read_resource_lines("variants.csv"))
    return {normalize_text(r["variant"]): normalize_text(r["canonical"]) for r in rows}


def normalize_text(text: str, lowercase: bool = True) -> str:
    """NFC, typographic normalisation (see module docstring) and lower-casing."""
    text = unicodedata.normalize("NFC", text)
    if lowercase:
        return text.translate(_CHAR_MAP).lower()
    # keep the case of İ when not lower-casing
    return text.translate({k: v for k, v in _CHAR_MAP.items() if k != 0x130})


@lru_cache(maxsize=64)
def _phrase_pattern(phrases: tuple[str, ...], lowercase: bool) -> re.Pattern | None:
    if not phrases:
        return None
    ordered = sorted({normalize_text(p, lowercase) for p in phrases}, key=len, reverse=True)
    alternatives = [r"[\s,\-]+".join(re.escape(w) for w in p.replace("-", " ").split()) for p in ordered]
    return re.compile(r"(?<![^\W_])(?:" + "|".join(alternatives) + r")(?![^\W_])",
                      0 if lowercase else re.IGNORECASE)


def _join_phrase(match: re.Match) -> str:
    return "_".join(re.split(r"[\s,\-]+", match.group()))


@lru_cache(maxsize=1)
def _stemmer():
    from nltk.stem.snowball import SnowballStemmer  # needs no downloaded NLTK data

    return SnowballStemmer("english")


def _resolve_stopwords(stopwords) -> frozenset[str]:
    if stopwords is None:
        return frozenset()
    if isinstance(stopwords, str):
        return load_stopwords(stopwords)
    return frozenset(normalize_text(w) for w in stopwords)


def _resolve_phrases(phrases) -> tuple[str, ...]:
    if phrases is True:
        return load_phrases()
    if not phrases:
        return ()
    return tuple(phrases)


class _Tokenizer:
    """A tokenizer with its options resolved once (used per paragraph)."""

    def __init__(self, lowercase=True, stopwords="default", merge_variants=False, phrases=True,
                 stem=False, min_length=2, numbers=True):
        self.lowercase = lowercase
        self.stopwords = _resolve_stopwords(stopwords)
        self.variants = load_variants() if merge_variants else None
        self.phrase_pattern = _phrase_pattern(_resolve_phrases(phrases), lowercase)
        self.stem = _stemmer().stem if stem else None
        self.min_length = int(min_length or 1)
        self.numbers = numbers

    def positioned(self, text: str) -> list[tuple[int, str]]:
        """(position, token) pairs of one text, after every filter."""
        text = normalize_text(text, self.lowercase)
        if self.phrase_pattern is not None:
            text = self.phrase_pattern.sub(_join_phrase, text)
        out = []
        stopwords, min_length = self.stopwords, self.min_length
        for position, token in enumerate(_TOKEN.findall(text)):
            if token.endswith(("'s", "'S")):
                token = token[:-2]
            if len(token) < min_length or token in stopwords:
                continue
            if not self.numbers and not _HAS_LETTER.search(token):
                continue
            if self.variants is not None:
                token = self.variants.get(token, token)
            if self.stem is not None and "_" not in token:
                token = self.stem(token)
            out.append((position, token))
        return out

    def __call__(self, text: str) -> list[str]:
        return [token for _, token in self.positioned(text)]


def tokenize(text: str, lowercase: bool = True, stopwords="default", merge_variants: bool = False,
             phrases=True, stem: bool = False, min_length: int = 2, numbers: bool = True) -> list[str]:
    """Tokens of one string, with the same options as :func:`tokens`."""
    return _Tokenizer(lowercase, stopwords, merge_variants, phrases, stem, min_length, numbers)(text)


def tokens(paras: pd.DataFrame, lowercase: bool = True, stopwords="default", merge_variants: bool = False,
           phrases=True, stem: bool = False, min_length: int = 2, numbers: bool = True) -> pd.DataFrame:
    """Tidy tokens: one row per token, columns ``doc_id, para_id, framing, position, token``.

    Parameters
    ----------
    paras : frame from :func:`framings.paragraphs` (needs ``doc_id, para_id, framing, text``).
    lowercase : lower-case tokens (with Turkish ``İ`` → ``i``).
    stopwords : ``"default"`` (Snowball English + project list), ``"english"``, ``"project"``,
        an iterable of words, or ``None`` to keep every word.
    merge_variants : map spelling variants to one form (Türkiye/Turkiye/Turkey → ``türkiye``,
        Əliyev → ``aliyev``; the list is ``resources/variants.csv``).
    phrases : ``True`` joins the shipped multi-word terms (``resources/phrases.txt``), an
        iterable gives your own list, ``False`` none.
    stem : apply NLTK's Snowball (Porter2) English stemmer; phrase tokens are left whole.
    min_length : drop tokens shorter than this many characters.
    numbers : keep tokens without letters (years, figures); ``False`` drops them.

    ``doc_id``, ``para_id``, ``framing`` and ``token`` are categoricals and
    ``position`` is ``int32``, to keep large corpora small in memory.
    """
    missing = [c for c in ("doc_id", "para_id", "framing", "text") if c not in paras.columns]
    if missing:
        raise CorpusError(f"tokens(): the paragraph frame lacks column(s) {missing}; pass fr.paragraphs(corpus)")
    tokenizer = _Tokenizer(lowercase, stopwords, merge_variants, phrases, stem, min_length, numbers)
    para_index, positions, words = [], [], []
    for row, text in enumerate(paras["text"].astype(str)):
        pairs = tokenizer.positioned(text)
        para_index.append(np.full(len(pairs), row, dtype=np.int64))
        positions.extend(p for p, _ in pairs)
        words.extend(t for _, t in pairs)
    rows = np.concatenate(para_index) if para_index else np.zeros(0, dtype=np.int64)
    frame = {}
    for column in ("doc_id", "para_id", "framing"):
        values = paras[column]
        categorical = values if isinstance(values.dtype, pd.CategoricalDtype) else values.astype("category")
        codes = categorical.cat.codes.to_numpy()[rows]
        frame[column] = pd.Categorical.from_codes(codes, categorical.cat.categories)
    frame["position"] = np.asarray(positions, dtype=np.int32)
    frame["token"] = pd.Categorical(words)
    return pd.DataFrame(frame, columns=TOKEN_COLUMNS)


def iter_tokenized(texts: Iterable[str], **options) -> Iterable[list[str]]:
    """Tokenize many texts lazily with one set of options (for streaming counts)."""
    tokenizer = _Tokenizer(**options)
    for text in texts:
        yield tokenizer(text)
