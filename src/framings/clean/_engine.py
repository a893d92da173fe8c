"""The cleaning engine: text and checked rules in, cleaned lines and one report row per edit out."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, islice, pairwise

import numpy as np
import pandas as pd

from .._saferegex import Budget, RuleTimeout, compile_rule
from .._words import INVISIBLE_CHARACTERS, JOINERS, invisible_counts, remove_invisible, shared_word_counts
from ..errors import CorpusError
from ._prefilter import (
    _iter_lines_with,
    _line_bound,
    _LineIndex,
    _whole_line_widths,
    _lines_with,
    _literal_chars,
    _literal_first,
    _may_match,
    _prefilter,
)
from ._rules import (
    _EMAIL_PATTERN,
    _URL_PATTERN,
    DEFAULT_RULES,
    GLOBAL_INLINE,
    REPORT_COLUMNS,
    TYPOGRAPHY,
    _checked_rules,
    _checked_spellings,
)

# Cyrillic letters that look like Latin ones (homoglyphs), and their Latin twins: a fact of the two
# scripts, true of any corpus (not a list of one corpus' words).
CYRILLIC_TO_LATIN = str.maketrans({
    "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "У": "Y", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S",
})


_LINE_BREAK = re.compile("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")  # where str.splitlines splits


_CYRILLIC = re.compile(r"[\u0400-\u04FF]")


_WORD = re.compile(r"[^\W\d_]+")


# Latin letters, and the small schwa ə (U+0259, in the IPA block) that Latin alphabets also write
_LATIN_LETTER = re.compile(r"[A-Za-z\u00C0-\u024F\u0259\u018F]")


_CLOSING = re.compile(r"""[.!?:;,"'”’»)\]…]\s*$""")


_CLOSING_CHARS = frozenset(""".!?:;,"'”’»)]…""")


_STARTS_LOWER = re.compile(r"""^[\s"'“‘«(\[]*[a-z\u00DF-\u00FF\u0131\u0259]""")


def _n_words(text: str) -> int:
    return len(text.split())


def _has_cyrillic(text: str) -> bool:
    """``_CYRILLIC.search(text)`` by bytes: in UTF-8, U+0400..U+04FF and only they start with 0xD0..0xD3."""
    data = text.encode("utf-8", "surrogatepass")
    return b"\xd0" in data or b"\xd1" in data or b"\xd2" in data or b"\xd3" in data


def ends_closed(line: str) -> bool:
    """``_CLOSING.search(line)`` without the regex: the last non-space character closes a sentence."""
    stripped = line.rstrip()
    return bool(stripped) and stripped[-1] in _CLOSING_CHARS


_CONTINUES = frozenset("—–-,;&/+(«“‘")  # a line ending in one of these breaks off mid-sentence


# a line that opens with one of these words and goes on is speech, not a section heading
_SENTENCE_OPENERS = frozenset({"and", "but", "so", "or", "yet", "because", "then", "now", "if", "when", "we",
                               "i", "you", "they", "he", "she", "it", "let", "let's", "it's", "that's"})


def _heading_like(line: str, following: str) -> bool:
    """A short unclosed line is a heading unless it breaks off mid-sentence.

    Not a heading: a line that ends in a dash, comma, ampersand or opening bracket
    ("We, the people —"), that starts in lower case (the rest of a sentence), that opens
    like spoken prose (a conjunction or a personal pronoun: "And so tonight I say to
    you"), or that runs into the next line (which starts in lower case: one sentence
    over two lines).
    """
    stripped = line.strip()
    if stripped[-1] in _CONTINUES or _STARTS_LOWER.match(stripped):
        return False
    first, _, rest = stripped.partition(" ")
    if rest and first.lower().strip(",") in _SENTENCE_OPENERS:
        return False
    return not (following and _STARTS_LOWER.match(following.strip()))


def _common_prefix(old: str, new: str, limit: int, guess: int) -> int:
    """The length of the longest common prefix of ``old`` and ``new``, at most ``limit``: a check of
    ``guess``, then galloping and halving (a few comparisons when the answer is near the guess)."""
    low, high = 0, limit
    if 0 < guess <= limit:
        if old.startswith(new[:guess]):
            low = guess
        else:
            high = guess - 1
    step = 1
    while low + step <= high and old.startswith(new[low:low + step], low):
        low += step
        step += step
    if low + step - 1 < high:
        high = low + step - 1
    while low < high:
        middle = (low + high + 1) // 2
        if old.startswith(new[low:middle], low):
            low = middle
        else:
            high = middle - 1
    return low


def _changed_window(old: str, new: str, prefix_guess: int = 0, suffix_guess: int = 0) -> tuple[str, str]:
    """The parts of ``old`` and ``new`` that hold every whitespace-delimited chunk in which they differ.

    Outside the two parts both strings have the same chunks at the same places (each part
    starts after whitespace or at the start and ends before whitespace or at the end), so
    the words of ``old`` minus those of ``new`` are the words of the first part minus those
    of the second: an edit costs a count of its neighbourhood, not of the whole line.
    The guesses (where the common prefix and suffix probably end) change only the speed.
    """
    size_old, size_new = len(old), len(new)
    shortest = size_old if size_old < size_new else size_new
    prefix = _common_prefix(old, new, shortest, prefix_guess)
    # the common suffix is the common prefix of the reversed strings, not overlapping the prefix
    suffix = _common_prefix(old[::-1], new[::-1], shortest - prefix, suffix_guess)
    start = prefix
    while start > 0 and not old[start - 1].isspace():
        start -= 1
    end_old, end_new = size_old - suffix, size_new - suffix
    while end_old < size_old and not old[end_old].isspace():  # the same characters in both
        end_old += 1
        end_new += 1
    return old[start:end_old], new[start:end_new]


_SPACES = re.compile(r"[ \t]{2,}")


_PUNCTUATION_AFTER_SPACE = re.compile(r"[.,;:!?](?<=\s[.,;:!?])")


def _tidy_spaces(line: str) -> str:
    """``re.sub(r"\\s+([.,;:!?])", r"\\1", re.sub(r"[ \\t]{2,}", " ", line))``, faster."""
    if "  " in line or "\t" in line:
        line = _SPACES.sub(" ", line)
    pieces, last = [], 0
    for match in _PUNCTUATION_AFTER_SPACE.finditer(line):
        end = start = match.start()
        while start > last and line[start - 1].isspace():
            start -= 1
        pieces.append(line[last:start])
        last = end
    if not pieces:
        return line
    pieces.append(line[last:])
    return "".join(pieces)


class _Finder:
    """``findall``/``sub`` of one pattern in lines, without scanning every position.

    Lines that lack a literal every match contains are skipped. When the pattern has a
    literal character after a part of bounded width (``\\s?\\(`` …), only the positions
    just before that character's occurrences are tried, left to right, as ``findall``
    would: the matches are the same.
    """

    def __init__(self, pattern: str, builtin: bool = False):
        # a built-in pattern (linear, trusted) runs with re; a rules pattern with the regex
        # package, under the document's time budget
        self.regex = re.compile(pattern) if builtin else compile_rule(pattern)
        self.timed = not builtin
        self.needed = _prefilter(pattern)
        self.anchor = None  # (literal character, least and most characters before it): not read any more

    def matches(self, line: str, budget: Budget | None = None, prefiltered: bool = False) -> list[re.Match]:
        """The matches in ``line``; ``prefiltered``: the line is known to hold :attr:`needed` (or cannot match)."""
        if not (prefiltered or _may_match(self.needed, line)):
            return []
        if self.timed:
            budget = budget or Budget()
            if self.anchor is None:
                return list(self.regex.finditer(line, timeout=budget.left()))
        elif self.anchor is None:
            return list(self.regex.finditer(line))
        literal, low, high = self.anchor
        starts, at = set(), line.find(literal)
        while at >= 0:
            starts.update(range(max(at - high, 0), at - low + 1))
            at = line.find(literal, at + 1)
        found, cursor = [], 0
        for start in sorted(starts):
            if start >= cursor:
                match = (self.regex.match(line, start, timeout=budget.left()) if self.timed
                         else self.regex.match(line, start))
                if match is not None:
                    found.append(match)
                    cursor = max(match.end(), start + 1)
        return found

    def value(self, match: re.Match):
        """What ``findall`` gives for ``match``: the text, the group, or a tuple of groups."""
        if self.regex.groups == 0:
            return match.group()
        if self.regex.groups == 1:
            return match.group(1) or ""
        return match.groups(default="")

    @staticmethod
    def remove(line: str, found: list[re.Match]) -> str:
        """``regex.sub("", line)`` given the matches."""
        pieces, last = [], 0
        for match in found:
            pieces.append(line[last:match.start()])
            last = match.end()
        pieces.append(line[last:])
        return "".join(pieces)


@lru_cache(maxsize=1024)
def _finder(pattern: str, builtin: bool = False) -> _Finder:
    if builtin and pattern == _EMAIL_PATTERN:
        return _EmailFinder()
    finder = _Finder(pattern, builtin)
    if builtin and pattern == _URL_PATTERN:  # every match starts with "http" or "www."
        finder.needed = (("http", "www."),)
    return finder


class _EmailFinder(_Finder):
    """The matches of the built-in e-mail pattern, found in linear time.

    ``re.finditer`` of :data:`_EMAIL_PATTERN` is quadratic on a long run of word characters
    with an ``@`` in the line (every start position scans the run). Every match holds an
    at-sign token (``@``, ``[at]``, ``\\[at\\]``) right after its local part, so this finds the
    tokens, checks the domain after each with an anchored match, and extends the local part
    to the left, not before the end of the previous match: the matches of ``finditer``.
    """

    _TOKEN = re.compile(r"@|\\?\[at\\?\]")
    _DOMAIN = re.compile(r"[\w-]+\.[\w.-]+")
    _LOCAL = re.compile(r"[\w.+-]")

    def __init__(self):
        self.regex = re.compile(_EMAIL_PATTERN)
        self.timed = False
        self.needed = (("@", "[at"),)
        self.anchor = None

    def matches(self, line: str, budget: Budget | None = None, prefiltered: bool = False) -> list[re.Match]:
        if not prefiltered and "@" not in line and "[at" not in line:
            return []
        found, cursor, local = [], 0, self._LOCAL.match
        for token in self._TOKEN.finditer(line):
            at = token.start()
            if at < cursor:
                continue
            domain = self._DOMAIN.match(line, token.end())
            if domain is None:
                continue
            start = at
            while start > cursor and local(line, start - 1):
                start -= 1
            if start == at:
                continue
            match = self.regex.match(line, start, domain.end())
            if match is not None and match.end() == domain.end():
                found.append(match)
                cursor = match.end()
        return found


def _cut(line: str, found: list, base: int = 0) -> str:
    """``line`` without the matches ``found`` (in order, not overlapping), which start ``base`` characters
    before it in the text they were found in."""
    pieces, last = [], 0
    for match in found:
        pieces.append(line[last:match.start() - base])
        last = match.end() - base
    pieces.append(line[last:])
    return "".join(pieces)


def _line_widths(pattern: str, compiled) -> tuple[int, float]:
    """(least, most) characters of a stripped line ``compiled`` (``pattern`` compiled by :func:`compile_rule`)
    can match, when every match is the whole line (:func:`_whole_line_widths`); else (0, infinity). Lines of
    other lengths need no search."""
    import regex  # the rules' engine, imported already by compile_rule

    widths = _whole_line_widths(pattern)
    # full case-folding (regex's FULLCASE or version 1) can match "ß" to "ss": other widths than re's
    if widths is None or compiled.flags & (regex.FULLCASE | regex.V1):
        return 0, float("inf")
    return widths


def _count(pattern: str, text: str) -> int:
    """``len(re.findall(pattern, text))``, by ``str.count`` for single characters."""
    chars = _literal_chars(pattern)
    if chars is not None:
        return sum(text.count(c) for c in chars)
    if not _may_match(_prefilter(pattern), text):
        return 0
    return len(re.findall(_literal_first(pattern), text))


_TYPOGRAPHY_CHARS = "".join(sorted({c for p in TYPOGRAPHY.values() for c in (_literal_chars(p) or "")}))


_TYPOGRAPHY_LITERAL = all(_literal_chars(p) is not None for p in TYPOGRAPHY.values())  # counted by character


def _char_counts(text: str) -> dict[str, int]:
    """``text.count(c)`` for every character of a single-character pattern of :data:`TYPOGRAPHY`,
    in one pass over the text's code points (all those characters are beyond ASCII)."""
    counts = dict.fromkeys(_TYPOGRAPHY_CHARS, 0)
    if text.isascii():
        return counts

    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    high = codes[codes >= 0xA0]  # the code points beyond ASCII and the C1 controls
    if high.size:
        values, numbers = np.unique(high, return_counts=True)
        for value, number in zip(values.tolist(), numbers.tolist()):
            char = chr(value)
            if char in counts:
                counts[char] = number
    return counts


_INVISIBLES = frozenset(INVISIBLE_CHARACTERS) | frozenset(JOINERS)


def _non_ascii(text: str) -> frozenset[str]:
    """The distinct characters of ``text`` beyond ASCII, in one pass over its code points."""
    if text.isascii():
        return frozenset()
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return frozenset(map(chr, np.unique(codes[codes >= 0x80]).tolist()))


def _shorten(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


@dataclass
class _Cleaner:
    doc_id: str
    lines: list[str]
    report: list[dict] = field(default_factory=list)
    breaks: bool = False  # a replacement put a line break inside a line
    _index: _LineIndex | None = None  # of self.lines, or of lines of which they are parts (blanked since)
    _index_of: list | None = None     # the list self._index was made for
    budget: Budget = field(default_factory=Budget)  # time left for the rules' patterns
    _counts: dict | None = None       # words per whitespace-delimited chunk, as tokens() counts them
    chars: frozenset | None = None    # the characters beyond ASCII that self.lines may hold (a superset), when known

    def words(self, text: str) -> int:
        """Words of ``text`` as ``n_words`` counts them (:func:`framings._words.count_words_many`)."""
        if self._counts is None:

            self._counts = shared_word_counts()
        return sum(map(self._counts.__getitem__, text.split()))

    def words_lost(self, old: str, new: str, prefix_guess: int = 0, suffix_guess: int = 0) -> int:
        """``self.words(old) - self.words(new)``, counting only the chunks that differ
        (the guesses: see :func:`_changed_window`)."""
        old, new = _changed_window(old, new, prefix_guess, suffix_guess)
        return self.words(old) - self.words(new)

    def index(self) -> _LineIndex:
        """A :class:`_LineIndex` for :func:`_lines_with`: lines only blanked since it was made may keep it."""
        if self._index is None or self._index_of is not self.lines:
            self._index, self._index_of = _LineIndex(self.lines), self.lines
        return self._index

    def changed(self):
        """Lines were edited (not only blanked): the index is out of date."""
        self._index = None

    def add(self, rule, action, matched, count, words_removed=0):
        self.report.append({
            "doc_id": self.doc_id, "rule": rule, "action": action,
            "matched": _shorten(matched), "count": int(count),
            "words_removed": int(words_removed),
        })

    # -- steps ---------------------------------------------------------
    def invisibles(self):
        """Remove characters that draw nothing (soft hyphen, zero-width space, bidi controls, ...); count them."""
        if self.chars is not None and self.chars.isdisjoint(_INVISIBLES):
            return  # the text holds none of them: every line would be skipped or found clean
        counts: dict[str, int] = {}
        for i, line in enumerate(self.lines):
            if line.isascii():
                continue
            found = invisible_counts(line)
            if found:
                for name, n in found.items():
                    counts[name] = counts.get(name, 0) + n
                self.lines[i] = remove_invisible(line)
                self.changed()
        # words are counted on normalised text, which never holds them: removing them changes no word count
        for name, n in sorted(counts.items()):
            self.add("invisible character", "removed", name, n)

    def replace(self, entries):
        if not entries:
            return
        index = self.index()  # of the lines as they were before the first entry
        edited = set()  # lines changed since: the index may no longer say what they hold
        for entry in entries:
            find = entry["find"]
            total = delta = 0
            # the lines that hold it, found by scanning the joined text (the index later steps use too)
            hits = [i for i in index.lines_with(find) if i not in edited]
            if edited:
                hits = sorted(hits + [i for i in edited if find in self.lines[i]])
            if hits:
                pattern = re.compile(r"(?<!\w)" + re.escape(find) + r"(?!\w)")
                replacement = entry["replace"]  # literal (no \1 or \g<>)
            for i in hits:
                line = self.lines[i]
                found = list(pattern.finditer(line))
                if not found:
                    continue
                self.lines[i] = new = replacement.join(
                    [line[:found[0].start()]]
                    + [line[before.end():after.start()] for before, after in pairwise(found)]
                    + [line[found[-1].end():]])
                total += len(found)
                # the lines differ from the first match to the last: guesses that make the word count quick
                delta += self.words_lost(line, new, found[0].start(), len(line) - found[-1].end())
                edited.add(i)
                self.changed()
                if _LINE_BREAK.search(new):
                    self.breaks = True
            if total and self.chars is not None:  # the replacement's characters may be new to the text
                self.chars = self.chars | {char for char in replacement if char >= "\x80"}
            # a repair that changes the number of words (e.g. "U.S." → "United States") says so
            self.add(entry.get("rule", "ocr-misreading"), "repaired",
                     f"{entry['find']} → {entry['replace']}", total, delta)

    def homoglyphs(self):
        found: dict[str, list] = {}
        unrepaired: list[str] = []

        def fix_line(line: str) -> str:
            words = list(_WORD.finditer(line))
            out, last = [], 0
            for k, m in enumerate(words):
                word = m.group()
                if not _CYRILLIC.search(word):
                    continue
                fixed = word.translate(CYRILLIC_TO_LATIN)
                has_latin = bool(_LATIN_LETTER.search(word))
                neighbours = [w.group() for w in words[max(0, k - 2):k + 3] if w is not m]
                latin_context = sum(not _CYRILLIC.search(w) for w in neighbours) >= max(1, len(neighbours) - 1)
                if _CYRILLIC.search(fixed):
                    if has_latin:
                        unrepaired.append(word)
                    continue
                if has_latin or latin_context:
                    found.setdefault(word, [fixed, 0])[1] += 1
                    out.append(line[last:m.start()] + fixed)
                    last = m.end()
            out.append(line[last:])
            return "".join(out)

        delta = 0
        # the characters of the text as given hold those of its lines (only replace adds any, and forgets them)
        if self.chars is not None and not any("\u0400" <= char <= "\u04ff" for char in self.chars):
            return
        if _has_cyrillic("\n".join(self.lines)):
            for i, line in enumerate(self.lines):
                if _CYRILLIC.search(line):
                    self.lines[i] = fix_line(line)
                    delta += self.words_lost(line, self.lines[i])
            self.changed()
        if delta:
            self.add("cyrillic-homoglyph", "word count changed", "Latin twins split or joined words", 0, delta)
        for word, (fixed, count) in found.items():
            self.add("cyrillic-homoglyph", "repaired", f"{word} → {fixed} (Cyrillic letters in Latin text)", count)
        for word in sorted(set(unrepaired)):
            self.add("cyrillic-homoglyph", "unrepaired", f"{word} (mixed-script word, no Latin twin)", unrepaired.count(word))

    def _search(self, pattern, text: str, key: str, entry: dict, field_name: str = "pattern"):
        """``pattern.search(text)`` under the document's time budget."""
        try:
            return pattern.search(text, timeout=self.budget.left())
        except TimeoutError:
            raise RuleTimeout(key, entry.get("rule", key), entry[field_name], self.budget.seconds) from None

    def drop_spans(self, entries):
        for entry in entries:
            start = compile_rule(entry["start"]) if entry.get("start") else None
            end = compile_rule(entry["end"]) if entry.get("end") else None
            begin = 0
            if start is not None:
                least, most = _line_widths(entry["start"], start)
                begin = next((i for i in _iter_lines_with(self.lines, _prefilter(entry["start"]), index=self.index())
                              if least <= len(stripped := self.lines[i].strip()) <= most
                              and self._search(start, stripped, "drop_spans", entry, "start")), None)
            if begin is None:
                self.add(entry["rule"], "not found", f"start {entry['start']!r}", 0)
                continue
            stop = len(self.lines)
            if end is not None:
                least, most = _line_widths(entry["end"], end)
                stop = next((i for i in _iter_lines_with(self.lines, _prefilter(entry["end"]), begin + 1, self.index())
                             if least <= len(stripped := self.lines[i].strip()) <= most
                             and self._search(end, stripped, "drop_spans", entry, "end")), None)
                if stop is None:
                    self.add(entry["rule"], "not found", f"end {entry['end']!r}", 0)
                    continue
                if entry.get("end_inclusive"):
                    stop += 1
            removed = [l for l in self.lines[begin:stop] if l.strip()]
            self.add(entry["rule"], "dropped", removed[0] if removed else "", len(removed),
                     self.words("\n".join(removed)))  # no chunk spans a line break: the sum over the lines
            self.lines[begin:stop] = [""] * (stop - begin)

    def drop_lines(self, entries):
        for entry in entries:
            pattern = compile_rule(entry["pattern"])
            least, most = _line_widths(entry["pattern"], pattern)
            needed = _prefilter(entry["pattern"])
            if most < float("inf"):
                # a whole-line pattern: the lines of a length it can match (few), then its literals in them
                candidates = [i for i, line in enumerate(self.lines)
                              if len(line) >= least and least <= len(line.strip()) <= most
                              and _may_match(needed, line)]
            else:  # only the lines that hold the pattern's literals
                candidates = _lines_with(self.lines, needed, index=self.index())
            hits = []
            for i in candidates:
                stripped = self.lines[i].strip()
                if stripped and least <= len(stripped) <= most and self._search(pattern, stripped, "drop_lines", entry):
                    hits.append(i)
            self.add(entry["rule"], "dropped" if hits else "not found",
                     self.lines[hits[0]] if hits else entry["pattern"], len(hits),
                     sum(self.words(self.lines[i]) for i in hits))
            for i in hits:
                self.lines[i] = ""

    def headings(self, max_words: int):
        lines = self.lines
        hits = []
        closing = _CLOSING_CHARS
        for i, line in enumerate(lines):
            stripped = line.rstrip()  # empty, or closed (ends_closed), or too long: not a heading
            if not stripped or stripped[-1] in closing or _n_words(line) > max_words:
                continue
            # the next non-empty line (a heading does not run on into it); each run of empty lines is
            # walked once, from the short line before it
            following = next((later for later in islice(lines, i + 1, None) if later.strip()), "")
            if _heading_like(line, following):
                hits.append(i)
        for i in hits:
            self.add("heading", "dropped", self.lines[i], 1, self.words(self.lines[i]))
            self.lines[i] = ""

    def drop_inline(self, entries):
        index = self.index()
        edited = set()  # lines changed since the index was made: it may no longer say what they hold
        for entry in entries:
            finder = _finder(entry["pattern"], entry.get("_builtin", False))
            examples, total, words = [], 0, 0
            if finder.timed and finder.needed and not self.breaks and _line_bound(entry["pattern"]):
                found_in = self._joined_matches(finder, entry)
            else:
                if edited and finder.needed:
                    # lines edited since the index was made: a new index of the lines as they are (one join)
                    # costs less than a look for the literals in each edited line
                    index, edited = _LineIndex(self.lines), set()
                candidates = _lines_with(self.lines, finder.needed, index=index)
                # every candidate holds the pattern's literals, or held them (a line blanked since, where a
                # pattern that needs a literal cannot match): no second look for them
                found_in = ((i, self._matches(finder, self.lines[i], "drop_inline", entry, prefiltered=True), 0)
                            for i in candidates)
            for i, found, base in found_in:  # base: where line i starts in the text the matches were found in
                if not found:
                    continue
                line = self.lines[i]
                if len(examples) < 3:  # the report shows three
                    examples.extend(m if isinstance(m, str) else m[0]
                                    for m in map(finder.value, found[:3 - len(examples)]))
                total += len(found)
                # words removed: the line's words before minus after (a match can cut a word in two)
                removed = _cut(line, found, base)
                self.lines[i] = tidied = _tidy_spaces(removed)
                start, end, size = found[0].start() - base, found[-1].end() - base, len(line)
                if len(tidied) == len(removed):
                    # tidying (which only deletes) changed nothing: the lines differ only from the first match
                    # to the last, so only the chunks from the space before the one to the space after the other
                    while start > 0 and not line[start - 1].isspace():
                        start -= 1
                    while end < size and not line[end].isspace():
                        end += 1
                    words += self.words(line[start:end]) - self.words(tidied[start:len(tidied) - (size - end)])
                else:
                    words += self.words_lost(line, tidied, start, size - end)
                edited.add(i)
                self._index = None  # lines edited: the index is out of date for the steps after this one
            if total or entry.get("report_absent", True):
                self.add(entry["rule"], "dropped" if total else "not found",
                         "; ".join(examples[:3]) if examples else entry["pattern"], total, words)

    def _joined_matches(self, finder: _Finder, entry: dict) -> list[tuple[int, list, int]]:
        r"""(line, its matches, where it starts) of every line ``finder`` matches in, from one search of the lines
        joined by ``"\n"`` (for a pattern :func:`_line_bound` says it may): a match that holds a ``"\n"`` runs
        into the next line, and the lines it touches are searched one by one; in every other line the search
        found what a search of that line alone finds. One search of the text instead of one per line that holds
        the pattern's literals."""
        lines = self.lines
        starts = list(accumulate(map((1).__add__, map(len, lines)), initial=0))
        try:
            found = list(finder.regex.finditer("\n".join(lines), timeout=self.budget.left()))
        except TimeoutError:
            raise RuleTimeout("drop_inline", entry.get("rule", "drop_inline"), entry["pattern"],
                              self.budget.seconds) from None
        by_line: dict[int, list] = {}
        touched: set[int] = set()
        for match in found:
            begin, end = match.span()
            i = bisect_right(starts, begin) - 1
            if end < starts[i + 1]:  # ends before the "\n" after line i
                by_line.setdefault(i, []).append(match)
            else:
                touched.update(range(i, bisect_right(starts, end - 1)))
        out = [(i, matches, starts[i]) for i, matches in by_line.items() if i not in touched]
        out += [(i, self._matches(finder, lines[i], "drop_inline", entry), 0) for i in touched]
        return sorted(out, key=lambda item: item[0])

    def _matches(self, finder: _Finder, line: str, key: str, entry: dict, prefiltered: bool = False) -> list:
        try:
            return finder.matches(line, self.budget, prefiltered)
        except TimeoutError:
            raise RuleTimeout(key, entry.get("rule", key), entry["pattern"], self.budget.seconds) from None

    def join_split_paragraphs(self):
        kept = [l for l in map(str.strip, self.lines) if l]
        joined: list[str] = []
        for line in kept:
            if joined and not ends_closed(joined[-1]) and _STARTS_LOWER.match(line):
                self.add("split-paragraph", "joined", f"{joined[-1][-30:]} / {line[:30]}", 1)
                joined[-1] = f"{joined[-1]} {line}"
            else:
                joined.append(line)
        self.lines = joined

    def known_unrepaired(self, entries):
        for entry in entries:
            finder = _finder(entry["pattern"])
            n = sum(len(self._matches(finder, self.lines[i], "known_unrepaired", entry))
                    for i in _lines_with(self.lines, finder.needed, index=self.index()))
            self.add(entry.get("rule", "known-unrepaired"), "unrepaired",
                     entry.get("note", entry["pattern"]), n)

    def typography(self):
        if _TYPOGRAPHY_LITERAL and self.chars is not None and self.chars.isdisjoint(_TYPOGRAPHY_CHARS):
            return  # none of the characters it counts is in the text: every count would be 0
        text = "\n".join(self.lines)
        chars = _char_counts(text)
        for name, pattern in TYPOGRAPHY.items():
            literal = _literal_chars(pattern)
            n = sum(map(chars.__getitem__, literal)) if literal is not None else _count(pattern, text)
            if n:
                self.add(f"typography: {name}", "kept (tokens() normalises)", name, n)

    def spellings(self, spellings: dict[str, str]):
        """Count each of a corpus' spellings (name → pattern) in the cleaned text, under the time budget."""
        if not spellings:
            return
        text = "\n".join(self.lines)
        for name, pattern in spellings.items():
            n = 0
            if _may_match(_prefilter(pattern), text):
                try:
                    n = len(compile_rule(_literal_first(pattern)).findall(text, timeout=self.budget.left()))
                except TimeoutError:
                    raise RuleTimeout("spellings", name, pattern, self.budget.seconds) from None
            if n:
                self.add(f"spelling variant: {name}", "kept (merge_variants=True merges)", name, n)


def clean_text(text: str, rules: dict | None = None, doc_id: str = "document",
               spellings: dict[str, str] | None = None) -> tuple[str, pd.DataFrame]:
    r"""Clean one document by ``rules``; return (cleaned text, report frame).

    The cleaned text has one paragraph per line. The report also counts what the
    tokenizer normalises (:data:`TYPOGRAPHY`) and, when given, the corpus' own
    ``spellings`` (:func:`load_spellings`), both left in the text.

    Parameters
    ----------
    text : str
        The raw text of one document.
    rules : dict or None, default None
        A mapping as read by :func:`load_rules`; ``None`` applies the defaults.
    doc_id : str, default "document"
        The document's id, for the report and messages.
    spellings : dict of str to str or None, default None
        Name → regular expression of spellings to count (rows ``spelling variant: <name>``),
        as :func:`load_spellings` reads them from a corpus' ``resources/spellings.csv``;
        ``None``: none.

    Returns
    -------
    text : str
        The cleaned text, one paragraph per line.
    report : pandas.DataFrame
        One row per cleaning action: ``doc_id, rule, action, matched, count, words_removed``.

    Raises
    ------
    CorpusError
        When ``text`` is not a string, the rules are mistyped, or a rule pattern runs out of
        time (see :mod:`framings._saferegex`).

    Examples
    --------
    >>> text, report = fr.clean.clean_text("Title\nSome text here.\nMore text here.", doc_id="d")
    >>> text
    'Some text here.\nMore text here.'
    >>> report[["rule", "action", "matched"]]
          rule   action matched
    0  heading  dropped   Title
    >>> _, report = fr.clean.clean_text("Grey or gray? Gray.", doc_id="d", spellings={"gray": r"\bgray"})
    >>> report[["rule", "count"]].to_dict("records")
    [{'rule': 'spelling variant: gray', 'count': 1}]
    """
    if not isinstance(text, str):
        raise CorpusError(f"clean_text({doc_id!r}): expected the text as a string, got {type(text).__name__}")
    rules = _checked_rules(rules, doc_id)
    spellings = _checked_spellings(spellings, doc_id)
    try:
        lines, report, _ = clean_lines(text, rules, doc_id, spellings)
    except RuleTimeout as err:
        what = "spellings" if err.key == "spellings" else "rules"
        raise CorpusError(f"{what} of {doc_id}: {err.describe()}") from None
    return "\n".join(lines), pd.DataFrame(report, columns=REPORT_COLUMNS)


def clean_lines(text: str, rules: dict | None, doc_id: str,
                spellings: dict[str, str] | None = None) -> tuple[list[str], list[dict], bool]:
    """:func:`clean_text` before the lines are joined: (lines, report rows, exact).

    ``exact``: the lines are what ``str.splitlines`` gives of their join (no line holds a
    line break; only a ``replace`` entry can put one in), stripped and none empty.
    ``spellings`` as in :func:`clean_text` (checked already, e.g. by :func:`load_spellings`).
    ``rules`` must be checked already (:func:`_parse_rules`, :func:`_checked_rules`);
    raises :class:`~framings._saferegex.RuleTimeout` when a pattern runs out of time.
    """
    rules = {**DEFAULT_RULES, **(rules or {})}
    # NFC changes no word count: the words are counted on NFC-normalised chunks anyway
    text = unicodedata.normalize("NFC", text)
    cleaner = _Cleaner(doc_id, text.splitlines(), chars=_non_ascii(text))
    cleaner.invisibles()  # first: a soft hyphen inside a word would hide it from every rule
    cleaner.replace(rules["replace"])
    cleaner.drop_spans(rules["drop_spans"])
    cleaner.drop_lines(rules["drop_lines"])
    if rules["headings"]:
        headings = rules["headings"] if isinstance(rules["headings"], dict) else DEFAULT_RULES["headings"]
        cleaner.headings(int(headings.get("max_words", DEFAULT_RULES["headings"]["max_words"])))
    cleaner.drop_inline(list(rules["drop_inline"]) + [dict(g, report_absent=False, _builtin=True) for g in GLOBAL_INLINE])
    if rules["homoglyphs"]:
        cleaner.homoglyphs()
    if rules["join_split_paragraphs"]:
        cleaner.join_split_paragraphs()  # its lines are stripped and none is empty
    else:
        cleaner.lines = [l for l in map(str.strip, cleaner.lines) if l]
    cleaner.known_unrepaired(rules["known_unrepaired"])
    cleaner.typography()
    cleaner.spellings(spellings or {})
    return cleaner.lines, cleaner.report, not cleaner.breaks
