"""The matcher: lexicon terms compiled once into whole-word patterns over normalised words."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .._words import TOKEN_PATTERN, normalize_text
from ..errors import CorpusError
from ..text import load_variants

_WORD_PART = re.compile(r"[^\-_]+")


@dataclass
class _Words:
    """The words of one text, split at hyphens, with character spans for context."""

    text: str                 # normalize_text(text, lowercase=False)
    lower: list[str]          # lower-cased, variant-merged word parts
    folded: list[str]         # lower-cased word parts, variants not merged (for wildcards)
    exact: list[str]          # word parts as written (after normalisation)
    starts: list[int]         # character span of each part in ``text``
    ends: list[int]
    token_of: list[int]       # index of the tokenizer token each part belongs to
    token_starts: list[int]   # character span of each tokenizer token
    token_ends: list[int]


def _split_words(text: str, variants: dict[str, str], token_parts: dict | None = None,
                 positions: bool = True) -> _Words:
    """Tokens as ``tokenize(text, stopwords=None, phrases=False, min_length=1)``, split at hyphens.

    ``token_parts`` keeps each distinct token's parts from one text to the next (pass one dict per
    ``variants`` to every text of a corpus): a corpus repeats its words, and normalising a word part
    once instead of at every occurrence is most of the time on 2,000 documents. With
    ``positions=False`` the character spans (needed only for context) are left empty.
    """
    text = normalize_text(str(text), lowercase=False)
    if token_parts is None:
        token_parts = {}
    if positions:
        spans = [(match.group(), match.start()) for match in TOKEN_PATTERN.finditer(text)]
        tokens = [token[:-2] if token.endswith(("'s", "'S")) else token for token, _ in spans]
    else:
        tokens = [token[:-2] if token.endswith(("'s", "'S")) else token for token in TOKEN_PATTERN.findall(text)]
    parts = [token_parts.get(token) or token_parts.setdefault(token, _token_parts(token, variants)) for token in tokens]
    flat = [part for token in parts for part in token]
    lower, folded, exact, part_starts, part_ends = ([list(column) for column in zip(*flat)] if flat
                                                     else [[] for _ in range(5)])
    if not positions:
        return _Words(text, lower, folded, exact, [], [], [], [], [])
    token_starts = [start for _, start in spans]
    token_ends = [start + len(token) for token, start in zip(tokens, token_starts)]
    token_of = [index for index, token in enumerate(parts) for _ in token]
    starts = [token_starts[index] + start for index, start in zip(token_of, part_starts)]
    ends = [token_starts[index] + end for index, end in zip(token_of, part_ends)]
    return _Words(text, lower, folded, exact, starts, ends, token_of, token_starts, token_ends)


def _token_parts(token: str, variants: dict[str, str]) -> tuple[tuple[str, str, str, int, int], ...]:
    """A token's parts between hyphens: (variant-merged lower case, lower case, as written, start, end)."""
    parts = []
    for part in _WORD_PART.finditer(token):
        folded = normalize_text(part.group())
        parts.append((variants.get(folded, folded), folded, part.group(), part.start(), part.end()))
    return tuple(parts)


def _term_pattern(term: str, case_sensitive: bool, variants: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """A term as a tuple of (kind, word).

    kind is ``lower`` (case-insensitive, variants merged), ``exact`` (case-sensitive),
    ``prefix`` (wildcard, case-insensitive) or ``exact_prefix`` (wildcard, case-sensitive).
    """
    text = normalize_text(term, lowercase=False)
    pattern = []
    for match in TOKEN_PATTERN.finditer(text):
        token = match.group()
        wildcard = text[match.end():match.end() + 1] == "*"
        parts = _WORD_PART.findall(token)
        for position, part in enumerate(parts):
            last = position == len(parts) - 1
            if wildcard and last:
                pattern.append(("exact_prefix", part) if case_sensitive else ("prefix", normalize_text(part)))
            elif case_sensitive:
                pattern.append(("exact", part))
            else:
                lower = normalize_text(part)
                pattern.append(("lower", variants.get(lower, lower)))
    return tuple(pattern)


class _Matcher:
    """All terms of one lexicon, indexed by their first word."""

    def __init__(self, groups, terms, patterns):
        self.groups, self.terms, self.patterns = list(groups), list(terms), list(patterns)
        self.by_lower: dict[str, list[int]] = {}
        self.by_exact: dict[str, list[int]] = {}
        self.by_prefix: list[int] = []
        for entry, pattern in enumerate(self.patterns):
            kind, word = pattern[0]
            if kind == "lower":
                self.by_lower.setdefault(word, []).append(entry)
            elif kind == "exact":
                self.by_exact.setdefault(word, []).append(entry)
            else:
                self.by_prefix.append(entry)

    @staticmethod
    def _word_matches(kind: str, word: str, words: _Words, index: int) -> bool:
        if kind == "lower":
            return words.lower[index] == word
        if kind == "exact":
            return words.exact[index] == word
        if kind == "prefix":
            return words.folded[index].startswith(word)
        return words.exact[index].startswith(word)

    def find(self, words: _Words) -> list[tuple[int, int, int]]:
        """Non-overlapping matches (entry, first part, end part), longest first, then leftmost."""
        lower, exact = words.lower, words.exact
        n_words = len(lower)
        by_lower, by_exact, by_prefix, patterns = self.by_lower, self.by_exact, self.by_prefix, self.patterns
        # most words start no term: only the words that do are visited (every word when a term starts with a
        # wildcard or a case-sensitive word)
        starts = range(n_words) if by_exact or by_prefix else [i for i, word in enumerate(lower) if word in by_lower]
        candidates = []
        for start in starts:
            # an entry found under its first word matches that word already: only the rest is compared
            first_matched = by_lower.get(lower[start], _NONE)
            if by_exact:
                first_matched = first_matched + by_exact.get(exact[start], _NONE)
            for entry in first_matched + by_prefix if by_prefix else first_matched:
                pattern = patterns[entry]
                length = len(pattern)
                if length == 1 and pattern[0][0] in ("lower", "exact"):
                    candidates.append((-1, start, entry))
                    continue
                if start + length > n_words:
                    continue
                if all(self._word_matches(kind, word, words, start + k) for k, (kind, word) in enumerate(pattern)):
                    candidates.append((-length, start, entry))
        if not candidates:
            return []
        candidates.sort()
        taken = bytearray(n_words)  # 1: the word belongs to an accepted match
        accepted = []
        for negative_length, start, entry in candidates:
            end = start - negative_length
            if taken.find(1, start, end) < 0:
                taken[start:end] = b"\x01" * (end - start)
                accepted.append((entry, start, end))
        accepted.sort(key=lambda match: match[1])
        return accepted


_NONE: list[int] = []  # no entry starts here (shared, never changed)


def _compile(groups, terms, case_sensitive, source: str, variants: dict[str, str] | None = None) -> _Matcher:
    # Spellings that normalise to the same words within one group (colour, color) are
    # kept once, under the first spelling; the same words in two groups are an error.
    variants = load_variants() if variants is None else variants
    kept_groups, kept_terms, patterns, seen = [], [], [], {}
    for group, term, exact in zip(groups, terms, case_sensitive):
        pattern = _term_pattern(str(term), bool(exact), variants)
        if not pattern:
            raise CorpusError(f"{source}: term {term!r} ({group}) has no words; remove it")
        if pattern in seen:
            other_group, other_term = seen[pattern]
            if other_group == group:
                continue
            raise CorpusError(f"{source}: term {term!r} ({group}) is the same as {other_term!r} ({other_group}) "
                              "after normalisation; a term may belong to one group only")
        seen[pattern] = (group, term)
        kept_groups.append(group)
        kept_terms.append(term)
        patterns.append(pattern)
    return _Matcher(kept_groups, kept_terms, patterns)
