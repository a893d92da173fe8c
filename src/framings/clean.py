"""Clean one raw document by written-down rules, and report every action.

The rules are data (``corpus/rules/<doc_id>.yaml``); this module only knows how
to apply them. Every rule that fires adds a row to the cleaning report:
``doc_id, rule, action, matched, count, words_removed``. Nothing is removed
silently, and the raw text is never written back.

Order of the steps (each one reported):

1. ``replace``       literal repairs of known OCR misreadings (word-bounded)
2. ``drop_spans``    whole blocks of lines, from a ``start`` line pattern up to
                     (not including) an ``end`` line pattern, or to the end of file
3. ``drop_lines``    single lines matching a pattern (headers, repeated titles, ...)
4. ``headings``      short lines without closing punctuation (section headings), unless they
                     break off mid-sentence: end in a dash or comma, start in lower case, or run
                     into a next line that starts in lower case
5. ``drop_inline``   patterns removed inside lines (in-text citations, URLs, e-mails)
6. ``homoglyphs``    Cyrillic letters inside Latin text mapped to their Latin twins
7. ``join_split_paragraphs``  a line that ends without closing punctuation, followed
                     by a line that starts in lower case, is one paragraph (page breaks)
8. ``known_unrepaired``  defects no rule can repair (scrambled word order): left in
                     place and listed
9. typography and spelling variants are counted and reported as kept: ``tokens()``
   normalises them, so the raw forms stay countable.

A paragraph of the cleaned text is one line.
"""
from __future__ import annotations

import copy
import re
from bisect import bisect_right
from itertools import accumulate, chain
import unicodedata
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .errors import CorpusError, CorpusWarning

REPORT_COLUMNS = ["doc_id", "rule", "action", "matched", "count", "words_removed"]

# Cyrillic letters that look like Latin ones (homoglyphs), and their Latin twins.
CYRILLIC_TO_LATIN = str.maketrans({
    "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "У": "Y", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S",
})
_LINE_BREAK = re.compile("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")  # where str.splitlines splits
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_WORD = re.compile(r"[^\W\d_]+")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00C0-\u024F\u0259\u018F]")
_CLOSING = re.compile(r"""[.!?:;,"'”’»)\]…]\s*$""")
_CLOSING_CHARS = frozenset(""".!?:;,"'”’»)]…""")
_STARTS_LOWER = re.compile(r"""^[\s"'“‘«(\[]*[a-z\u00DF-\u00FF\u0131\u0259]""")

DEFAULT_RULES = {
    "headings": {"max_words": 12},
    "join_split_paragraphs": True,
    "homoglyphs": True,
    "replace": [],
    "drop_spans": [],
    "drop_lines": [],
    "drop_inline": [],
    "known_unrepaired": [],
}

# Applied to every document, whatever its rules say.
GLOBAL_INLINE = [
    {"rule": "e-mail address", "pattern": r"[\w.+-]+(?:@|\\?\[at\\?\])[\w-]+\.[\w.-]+"},
    {"rule": "url", "pattern": r"(?:https?://|www\.)\S+"},
]

TYPOGRAPHY = {
    "curly apostrophe ’": "\u2019",
    "non-breaking hyphen U+2011": "\u2011",
    "en dash –": "\u2013",
    "em dash —": "\u2014",
    "no-break space U+00A0": "\u00a0",
    "bullet •": "\u2022",
    "dotted capital İ": "\u0130",
    "dotless ı": "\u0131",
    "schwa Ə/ə": "[\u018f\u0259]",
    "guillemets «»": "[«»]",
    "curly quotes “”": "[“”]",
}
SPELLING_VARIANTS = {
    "Türkiye": r"\bTürkiye", "Turkiye": r"\bTurkiye", "Turkey": r"\bTurkey",
    "Turkish-Azerbaijani": r"\bTurkish[-\u2011]Azerbaijani",
    "Türkiye-Azerbaijan": r"\bTürkiye\s?[-\u2011\u2013]\s?Azerbaijan",
}


def _n_words(text: str) -> int:
    return len(text.split())


def _has_cyrillic(text: str) -> bool:
    """``_CYRILLIC.search(text)`` by bytes: in UTF-8, U+0400..U+04FF and only they start with 0xD0..0xD3."""
    data = text.encode("utf-8", "surrogatepass")
    return b"\xd0" in data or b"\xd1" in data or b"\xd2" in data or b"\xd3" in data


def _ends_closed(line: str) -> bool:
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


def _requirements(items, ignorecase: bool) -> list[tuple[str, ...]]:
    """Literal strings every match of a parsed pattern contains: one of each tuple."""
    from re import _constants as sre  # the parser of the re module: stable since Python 3.11

    repeats = {sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT)}
    groups: list[tuple[str, ...]] = []
    run: list[str] = []
    for op, av in items:
        if op is sre.LITERAL and not (ignorecase and chr(av).lower() != chr(av).upper()):
            run.append(chr(av))
            continue
        if run:
            groups.append(("".join(run),))
            run = []
        if op is sre.SUBPATTERN:
            _, add_flags, del_flags, sub = av
            case = (ignorecase or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE
            groups.extend(_requirements(sub, case))
        elif op in repeats and av[0] >= 1:
            groups.extend(_requirements(av[2], ignorecase))
        elif op is sre.BRANCH:
            alternatives = [_requirements(alternative, ignorecase) for alternative in av[1]]
            if all(alternatives):
                groups.append(tuple(sorted({s for alternative in alternatives for s in alternative[0]})))
    if run:
        groups.append(("".join(run),))
    return groups


@lru_cache(maxsize=1024)
def _prefilter(pattern: str) -> tuple[tuple[str, ...], ...]:
    """Literal strings a text must contain for ``pattern`` to match in it (empty: no shortcut).

    A line without them is skipped without running the regex; the result is the same.
    """
    try:
        from re import _parser

        parsed = _parser.parse(pattern)
        return tuple(_requirements(parsed, bool(parsed.state.flags & re.IGNORECASE)))
    except Exception:  # an unexpected parser: no shortcut, same result
        return ()


def _may_match(requirements: tuple[tuple[str, ...], ...], text: str) -> bool:
    for group in requirements:
        for literal in group:
            if literal in text:
                break
        else:
            return False
    return True


class _LineIndex:
    """Lines joined by ``"\n"``, and where each starts: which lines hold a literal is found by
    ``str.find`` over the whole text, jumping from one line that holds it to the next."""

    __slots__ = ("text", "starts")

    def __init__(self, lines: list[str]):
        self.text = "\n".join(lines)
        # line i is text[starts[i]:starts[i + 1] - 1]; the last entry is len(text) + 1
        self.starts = list(accumulate(map((1).__add__, map(len, lines)), initial=0))

    def lines_with(self, literal: str, first: int = 0) -> list[int]:
        """Indices (>= ``first``, in order) of the lines ``literal`` occurs in, at the time of the join."""
        text, starts, size = self.text, self.starts, len(literal)
        found = []
        at = text.find(literal, starts[first]) if first < len(starts) else -1
        while at >= 0:
            i = bisect_right(starts, at) - 1
            if at + size < starts[i + 1]:  # within line i (not across the "\n" after it)
                found.append(i)
                at = text.find(literal, starts[i + 1])
            else:
                at = text.find(literal, at + 1)
        return found


def _lines_with(lines: list[str], requirements: tuple[tuple[str, ...], ...], first: int = 0,
                index: _LineIndex | None = None) -> list[int]:
    """Indices (>= ``first``, in order) of the lines that hold the literals a match needs:
    a superset of the lines where the pattern can match, found with ``find`` only.

    ``index``: a :class:`_LineIndex` of these lines, or of earlier lines of which each of
    ``lines`` is a part (lines since blanked or stripped): the result is then still a superset.
    """
    if not requirements:
        return list(range(first, len(lines)))
    if index is None:
        index = _LineIndex(lines)
    group = min(requirements, key=len)
    if len(group) == 1:
        candidates = index.lines_with(group[0], first)
    else:
        candidates = sorted(set(chain.from_iterable(index.lines_with(literal, first) for literal in group)))
    if len(requirements) > 1:
        candidates = [i for i in candidates if _may_match(requirements, lines[i])]
    return candidates


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

    def __init__(self, pattern: str):
        self.regex = re.compile(pattern)
        self.needed = _prefilter(pattern)
        self.anchor = None  # (literal character, least and most characters before it)
        try:
            from re import _constants as sre, _parser

            parsed = _parser.parse(pattern)
            ignorecase = bool(parsed.state.flags & re.IGNORECASE)
            for k, (op, av) in enumerate(parsed):
                if op is sre.LITERAL and not (ignorecase and chr(av).lower() != chr(av).upper()):
                    low, high = _parser.SubPattern(parsed.state, parsed.data[:k]).getwidth() if k else (0, 0)
                    if high <= 64:
                        self.anchor = (chr(av), low, high)
                    break
        except Exception:  # an unexpected parser: scan every position
            self.anchor = None

    def matches(self, line: str) -> list[re.Match]:
        if not _may_match(self.needed, line):
            return []
        if self.anchor is None:
            return list(self.regex.finditer(line))
        literal, low, high = self.anchor
        starts, at = set(), line.find(literal)
        while at >= 0:
            starts.update(range(max(at - high, 0), at - low + 1))
            at = line.find(literal, at + 1)
        found, cursor = [], 0
        for start in sorted(starts):
            if start >= cursor:
                match = self.regex.match(line, start)
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
def _finder(pattern: str) -> _Finder:
    return _Finder(pattern)


@lru_cache(maxsize=256)
def _literal_chars(pattern: str) -> str | None:
    """The characters of a pattern that is one literal character or a class of them, else None."""
    chars = pattern[1:-1] if len(pattern) > 2 and pattern[0] == "[" and pattern[-1] == "]" else pattern
    if all(not (c in "\\^-[]().*+?{}|$" or c.isspace()) for c in chars) and (len(chars) == 1 or chars is not pattern):
        return chars
    return None


@lru_cache(maxsize=256)
def _literal_first(pattern: str) -> str:
    r"""``\bWord…`` rewritten as ``Word(?<!\wWord)…``: the same matches, but the regex engine
    can jump between occurrences of the literal instead of testing every position."""
    match = re.match(r"\\b([^\W\d_]+)", pattern)
    if match is None:
        return pattern
    word = match.group(1)
    return word + r"(?<!\w" + word + ")" + pattern[match.end():]


def _count(pattern: str, text: str) -> int:
    """``len(re.findall(pattern, text))``, by ``str.count`` for single characters."""
    chars = _literal_chars(pattern)
    if chars is not None:
        return sum(text.count(c) for c in chars)
    if not _may_match(_prefilter(pattern), text):
        return 0
    return len(re.findall(_literal_first(pattern), text))


_TYPOGRAPHY_CHARS = "".join(sorted({c for p in TYPOGRAPHY.values() for c in (_literal_chars(p) or "")}))


def _char_counts(text: str) -> dict[str, int]:
    """``text.count(c)`` for every character of a single-character pattern of :data:`TYPOGRAPHY`,
    in one pass over the text's code points (all those characters are beyond ASCII)."""
    counts = dict.fromkeys(_TYPOGRAPHY_CHARS, 0)
    if text.isascii():
        return counts
    import numpy as np

    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    high = codes[codes >= 0xA0]  # the code points beyond ASCII and the C1 controls
    if high.size:
        values, numbers = np.unique(high, return_counts=True)
        for value, number in zip(values.tolist(), numbers.tolist()):
            char = chr(value)
            if char in counts:
                counts[char] = number
    return counts


# SPELLING_VARIANTS in one pass: "Türkiye" followed by "-Azerbaijan" (group 2) counts for both
# "Türkiye" and "Türkiye-Azerbaijan"; no match of one pattern can start inside a match of another.
_VARIANTS_AT_ONCE = re.compile(
    r"T(?<!\wT)(?:(ürkiye(\s?[-\u2011\u2013]\s?Azerbaijan)?)|(urkiye)|(urkey)|(urkish[-\u2011]Azerbaijani))")
_VARIANT_GROUPS = {"Türkiye": r"\bTürkiye", "Turkiye": r"\bTurkiye", "Turkey": r"\bTurkey",
                   "Turkish-Azerbaijani": r"\bTurkish[-\u2011]Azerbaijani",
                   "Türkiye-Azerbaijan": r"\bTürkiye\s?[-\u2011\u2013]\s?Azerbaijan"}


def _variant_counts(text: str) -> dict[str, int] | None:
    """``_count(pattern, text)`` of every entry of :data:`SPELLING_VARIANTS`, in one regex pass
    (None when the entries are not those this pass was written for)."""
    if SPELLING_VARIANTS != _VARIANT_GROUPS:
        return None
    counts = dict.fromkeys(_VARIANT_GROUPS, 0)
    if "urk" not in text and "ürk" not in text:
        return counts
    for turkiye, hyphenated, turkiye_ascii, turkey, turkish in _VARIANTS_AT_ONCE.findall(text):
        if turkiye:
            counts["Türkiye"] += 1
            if hyphenated:
                counts["Türkiye-Azerbaijan"] += 1
        elif turkiye_ascii:
            counts["Turkiye"] += 1
        elif turkey:
            counts["Turkey"] += 1
        else:
            counts["Turkish-Azerbaijani"] += 1
    return counts


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
    def replace(self, entries):
        for entry in entries:
            find = entry["find"]
            pattern = re.compile(r"(?<!\w)" + re.escape(find) + r"(?!\w)")
            total = 0
            for i, line in enumerate(self.lines):
                if find in line:
                    self.lines[i], n = pattern.subn(entry["replace"], line)
                    total += n
                    if n:
                        self.changed()
                        if _LINE_BREAK.search(self.lines[i]):
                            self.breaks = True
            self.add(entry.get("rule", "ocr-misreading"), "repaired",
                     f"{entry['find']} → {entry['replace']}", total)

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

        if _has_cyrillic("\n".join(self.lines)):
            for i, line in enumerate(self.lines):
                if _CYRILLIC.search(line):
                    self.lines[i] = fix_line(line)
            self.changed()
        for word, (fixed, count) in found.items():
            self.add("cyrillic-homoglyph", "repaired", f"{word} → {fixed} (Cyrillic letters in Latin text)", count)
        for word in sorted(set(unrepaired)):
            self.add("cyrillic-homoglyph", "unrepaired", f"{word} (mixed-script word, no Latin twin)", unrepaired.count(word))

    def drop_spans(self, entries):
        for entry in entries:
            start = re.compile(entry["start"]) if entry.get("start") else None
            end = re.compile(entry["end"]) if entry.get("end") else None
            begin = 0
            if start is not None:
                begin = next((i for i in _lines_with(self.lines, _prefilter(entry["start"]), index=self.index())
                              if start.search(self.lines[i].strip())), None)
            if begin is None:
                self.add(entry["rule"], "not found", f"start {entry['start']!r}", 0)
                continue
            stop = len(self.lines)
            if end is not None:
                stop = next((i for i in _lines_with(self.lines, _prefilter(entry["end"]), begin + 1, self.index())
                             if end.search(self.lines[i].strip())), None)
                if stop is None:
                    self.add(entry["rule"], "not found", f"end {entry['end']!r}", 0)
                    continue
                if entry.get("end_inclusive"):
                    stop += 1
            removed = [l for l in self.lines[begin:stop] if l.strip()]
            self.add(entry["rule"], "dropped", removed[0] if removed else "", len(removed),
                     sum(_n_words(l) for l in removed))
            self.lines[begin:stop] = [""] * (stop - begin)

    def drop_lines(self, entries):
        stripped = [l.strip() for l in self.lines]
        for entry in entries:
            pattern = re.compile(entry["pattern"])
            hits = [i for i in _lines_with(stripped, _prefilter(entry["pattern"]), index=self.index())
                    if stripped[i] and pattern.search(stripped[i])]
            self.add(entry["rule"], "dropped" if hits else "not found",
                     self.lines[hits[0]] if hits else entry["pattern"], len(hits),
                     sum(_n_words(self.lines[i]) for i in hits))
            for i in hits:
                self.lines[i] = stripped[i] = ""

    def headings(self, max_words: int):
        lines = self.lines
        # the next non-empty line after each line (a heading does not run on into it)
        following, next_text = [""] * len(lines), ""
        for i in range(len(lines) - 1, -1, -1):
            following[i] = next_text
            if lines[i].strip():
                next_text = lines[i]
        hits = [i for i, l in enumerate(lines)
                if l.strip() and not _ends_closed(l) and _n_words(l) <= max_words and _heading_like(l, following[i])]
        for i in hits:
            self.add("heading", "dropped", self.lines[i], 1, _n_words(self.lines[i]))
            self.lines[i] = ""

    def drop_inline(self, entries):
        for entry in entries:
            finder = _finder(entry["pattern"])
            examples, total, words = [], 0, 0
            for i in _lines_with(self.lines, finder.needed, index=self.index()):
                line = self.lines[i]
                found = finder.matches(line)
                if not found:
                    continue
                matches = [finder.value(m) for m in found]
                examples.extend(m if isinstance(m, str) else m[0] for m in matches)
                total += len(matches)
                words += sum(_n_words(m if isinstance(m, str) else m[0]) for m in matches)
                line = finder.remove(line, found)
                self.lines[i] = _tidy_spaces(line)
                self._index = None  # lines edited: the index is out of date
            if total or entry.get("report_absent", True):
                self.add(entry["rule"], "dropped" if total else "not found",
                         "; ".join(examples[:3]) if examples else entry["pattern"], total, words)

    def join_split_paragraphs(self):
        kept = [l.strip() for l in self.lines if l.strip()]
        joined: list[str] = []
        for line in kept:
            if joined and not _ends_closed(joined[-1]) and _STARTS_LOWER.match(line):
                self.add("split-paragraph", "joined", f"{joined[-1][-30:]} / {line[:30]}", 1)
                joined[-1] = f"{joined[-1]} {line}"
            else:
                joined.append(line)
        self.lines = joined

    def known_unrepaired(self, entries):
        for entry in entries:
            finder = _finder(entry["pattern"])
            n = sum(len(finder.matches(self.lines[i])) for i in _lines_with(self.lines, finder.needed, index=self.index()))
            self.add(entry.get("rule", "known-unrepaired"), "unrepaired",
                     entry.get("note", entry["pattern"]), n)

    def typography(self):
        text = "\n".join(self.lines)
        chars = _char_counts(text)
        for name, pattern in TYPOGRAPHY.items():
            literal = _literal_chars(pattern)
            n = sum(map(chars.__getitem__, literal)) if literal is not None else _count(pattern, text)
            if n:
                self.add(f"typography: {name}", "kept (tokens() normalises)", name, n)
        variants = _variant_counts(text)
        for name, pattern in SPELLING_VARIANTS.items():
            n = variants[name] if variants is not None else _count(pattern, text)
            if n:
                self.add(f"spelling variant: {name}", "kept (merge_variants=True merges)", name, n)


def load_rules(path: Path | str | None, doc_id: str) -> dict:
    """Read one document's rules file (YAML); a missing file gives the defaults and a warning."""
    return copy.deepcopy(_load_rules(path, doc_id, stacklevel=4))


class _RulesError(Exception):
    """A problem with a rules file, before the file's path is put in front."""


def _load_rules(path: Path | str | None, doc_id: str, stacklevel: int = 3) -> dict:
    """:func:`load_rules`, sharing one parsed dict among identical files: do not modify it."""
    if path is None or not Path(path).exists():
        warnings.warn(f"{doc_id}: no rules file ({path}); using default cleaning rules "
                      "(headings, split paragraphs, homoglyphs, URLs, e-mails). "
                      "Write corpus/rules/<doc_id>.yaml to drop this document's boilerplate.",
                      CorpusWarning, stacklevel=stacklevel)
        return {k: (list(v) if isinstance(v, list) else v) for k, v in DEFAULT_RULES.items()}
    path = Path(path)
    try:
        return _parse_rules(path.read_text(encoding="utf-8"))
    except _RulesError as err:
        raise CorpusError(f"{path}: {err}") from None


@lru_cache(maxsize=512)
def _parse_rules(content: str) -> dict:
    """Parse and check the text of a rules file (memoised: thousands of documents may share one)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ~10x faster
    rules = {k: (list(v) if isinstance(v, list) else v) for k, v in DEFAULT_RULES.items()}
    try:
        data = yaml.load(content, Loader=loader) or {}
    except yaml.YAMLError as err:
        line = getattr(getattr(err, "problem_mark", None), "line", None)
        where = f" at line {line + 1}" if line is not None else ""
        raise _RulesError(f"rules file is not valid YAML{where}; fix the syntax "
                          "(see corpus/rules/README.md)") from None
    if not isinstance(data, dict):
        raise _RulesError("rules file must be a mapping of rule names; see corpus/rules/README.md")
    unknown = set(data) - set(DEFAULT_RULES) - {"doc_id", "description"}
    if unknown:
        raise _RulesError(f"unknown rule key(s) {sorted(unknown)}; allowed: {sorted(DEFAULT_RULES)}")
    required = {"replace": ("find", "replace"), "drop_spans": ("rule",), "drop_lines": ("rule", "pattern"),
                "drop_inline": ("rule", "pattern"), "known_unrepaired": ("pattern",)}
    for key, fields in required.items():
        entries = data.get(key, [])
        if not isinstance(entries, list):
            raise _RulesError(f"'{key}' must be a list of entries")
        for n, entry in enumerate(entries, 1):
            missing = [f for f in fields if not isinstance(entry, dict) or f not in entry]
            if missing:
                raise _RulesError(f"entry {n} of '{key}' lacks {missing}; add it")
            for f in ("pattern", "start", "end"):
                if isinstance(entry, dict) and entry.get(f):
                    try:
                        re.compile(entry[f])
                    except re.error as err:
                        raise _RulesError(f"entry {n} of '{key}' has a bad regular expression "
                                          f"in '{f}' ({err}); fix the pattern") from None
    rules.update(data)
    return rules


def clean_text(text: str, rules: dict | None = None, doc_id: str = "document") -> tuple[str, pd.DataFrame]:
    """Clean one document by ``rules``; return (cleaned text, report frame).

    The cleaned text has one paragraph per line. ``rules`` is a mapping as read by
    :func:`load_rules`; ``None`` applies the defaults.
    """
    lines, report, _ = _clean_lines(text, rules, doc_id)
    return "\n".join(lines), pd.DataFrame(report, columns=REPORT_COLUMNS)


def _clean_lines(text: str, rules: dict | None, doc_id: str) -> tuple[list[str], list[dict], bool]:
    """:func:`clean_text` before the lines are joined: (lines, report rows, exact).

    ``exact``: the lines are what ``str.splitlines`` gives of their join (no line holds a
    line break; only a ``replace`` entry can put one in), stripped and none empty.
    """
    rules = {**DEFAULT_RULES, **(rules or {})}
    text = unicodedata.normalize("NFC", text)
    cleaner = _Cleaner(doc_id, text.splitlines())
    cleaner.replace(rules["replace"])
    cleaner.drop_spans(rules["drop_spans"])
    cleaner.drop_lines(rules["drop_lines"])
    if rules["headings"]:
        cleaner.headings(int(rules["headings"].get("max_words", 12)))
    cleaner.drop_inline(list(rules["drop_inline"]) + [dict(g, report_absent=False) for g in GLOBAL_INLINE])
    if rules["homoglyphs"]:
        cleaner.homoglyphs()
    if rules["join_split_paragraphs"]:
        cleaner.join_split_paragraphs()
    cleaner.lines = [l.strip() for l in cleaner.lines if l.strip()]
    cleaner.known_unrepaired(rules["known_unrepaired"])
    cleaner.typography()
    return cleaner.lines, cleaner.report, not cleaner.breaks


def cleaning_report(corpus: pd.DataFrame) -> pd.DataFrame:
    """The cleaning report of a loaded corpus (one row per action)."""
    report = corpus.attrs.get("cleaning_report")
    if report is None:
        raise CorpusError("this corpus frame carries no cleaning report; load it with fr.load_corpus(clean=True)")
    return report


# Rule names grouped into the kinds of boilerplate the shared corpus README names.
RULE_CATEGORIES = {
    "front matter": ("citation-line", "chapter-header", "title-repeated", "author-repeated", "authors-repeated",
                     "affiliation", "date-line", "policy-brief-header", "abstract", "keywords", "funding-note",
                     "disclaimer"),
    "section headings": ("heading",),
    "in-text citations": ("in-text-citation",),
    "reference lists": ("references",),
    "biographies and project blurb": ("author-bio", "author-bios", "project-blurb"),
    "web navigation and footers": ("web-navigation", "news-teasers-and-footer", "newsletter-footer"),
    "URLs and e-mails": ("url", "e-mail address"),
}


def words_removed(corpus: pd.DataFrame) -> pd.DataFrame:
    """Words kept and removed per document, by kind of boilerplate (documents × categories).

    The first column is ``kept`` (words after cleaning); the others sum ``words_removed``
    of the report by :data:`RULE_CATEGORIES`; rules outside those go to ``other``.
    """
    report = cleaning_report(corpus)
    lookup = {rule: category for category, rules in RULE_CATEGORIES.items() for rule in rules}
    base_rule = report["rule"].str.replace(r"\s*\(.*\)$", "", regex=True)
    removed = report.assign(category=base_rule.map(lookup).fillna("other"))
    removed = removed[removed["words_removed"] > 0]
    table = removed.pivot_table(index="doc_id", columns="category", values="words_removed", aggfunc="sum",
                                fill_value=0)
    columns = [c for c in [*RULE_CATEGORIES, "other"] if c in table.columns]
    table = table.reindex(index=corpus["doc_id"], columns=columns, fill_value=0)
    table.insert(0, "kept", corpus.set_index("doc_id")["n_words"])
    return table
