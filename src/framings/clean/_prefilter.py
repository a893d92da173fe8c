"""Literal prefilters for rule patterns: skip the lines a pattern cannot match before running it."""

from __future__ import annotations

import re
import warnings
from bisect import bisect_right
from collections.abc import Iterator
from functools import lru_cache
from itertools import accumulate, chain

# re's own parser and its constants (loaded with re), to read a rule pattern's structure; never changed
from re import _constants as _sre
from re import _parser as _sre_parser

_QUANTIFIERS = "*+?{"


_SPECIAL = set(".^$*+?{}[]\\|()")


def _literal_runs(pattern: str) -> list[str] | None:
    """Runs of plain characters at the top level of ``pattern`` that every match contains, read from the
    pattern's text (no private parser): ``None`` when the pattern has a top-level ``|``, inline flags or
    anything this small reader does not know, so the caller takes no shortcut.

    Conservative by construction: a run ends at any group, class, escape of a letter or digit, or
    quantifier; a character a quantifier makes optional (``?``, ``*``, ``{0,``) is left out.
    """
    if "(?" in pattern.replace("(?:", "").replace("(?=", "").replace("(?!", "").replace("(?<=", "") \
            .replace("(?<!", "").replace("(?P<", ""):
        return None  # inline flags (?i) (?x) ...: no shortcut
    runs, run, depth, i, n = [], [], 0, 0, len(pattern)

    def close():
        if run:
            runs.append("".join(run))
            run.clear()

    while i < n:
        char = pattern[i]
        literal = None
        if char == "\\":
            if i + 1 >= n:
                return None
            following = pattern[i + 1]
            if following.isascii() and following.isalnum():  # \d \w \b \1 \p ...: not a literal
                close()
                i += 2
                continue
            literal, i = following, i + 2
        elif char == "[":
            close()
            j = i + 1
            if j < n and pattern[j] == "^":
                j += 1
            if j < n and pattern[j] == "]":
                j += 1
            while j < n and pattern[j] != "]":
                j += 2 if pattern[j] == "\\" else 1
            if j >= n:
                return None
            i = j + 1
            continue
        elif char == "{":  # a quantifier's bounds (the character before it was handled already)
            close()
            j = pattern.find("}", i)
            if j < 0:
                return None
            i = j + 1
            continue
        elif char == "(":
            close()
            depth += 1
            i += 1
            continue
        elif char == ")":
            close()
            depth -= 1
            i += 1
            continue
        elif char == "|":
            if depth == 0:
                return None
            close()
            i += 1
            continue
        elif char in _SPECIAL:
            close()
            i += 1
            continue
        else:
            literal, i = char, i + 1
        if depth > 0:  # inside a group (which may be optional or an alternative): not required
            continue
        if i < n and pattern[i] in _QUANTIFIERS:
            optional = pattern[i] in "*?" or pattern.startswith("{0", i) or pattern.startswith("{,", i)
            if not optional:
                run.append(literal)
            close()
            continue
        run.append(literal)
    close()
    return runs


@lru_cache(maxsize=1024)
def _prefilter(pattern: str) -> tuple[tuple[str, ...], ...]:
    """Literal strings a text must contain for ``pattern`` to match in it (empty: no shortcut).

    A line without them is skipped without running the regex; the result is the same.
    """
    runs = _literal_runs(pattern)
    return tuple((run,) for run in runs) if runs else ()


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
        return list(self.iter_lines_with(literal, first))

    def iter_lines_with(self, literal: str, first: int = 0) -> Iterator[int]:
        """:meth:`lines_with`, one line at a time: a caller that wants the first such line scans no further."""
        text, starts, size = self.text, self.starts, len(literal)
        # str.find of one character runs at memory speed, of several up to a hundred times slower on a long
        # text: a literal with a character the text lacks ("[at" in a text without "[") is not looked for
        if size > 1 and not all(map(text.__contains__, _probes(literal))):
            return
        at = text.find(literal, starts[first]) if first < len(starts) else -1
        while at >= 0:
            i = bisect_right(starts, at) - 1
            if at + size < starts[i + 1]:  # within line i (not across the "\n" after it)
                yield i
                at = text.find(literal, starts[i + 1])
            else:
                at = text.find(literal, at + 1)


@lru_cache(maxsize=1024)
def _probes(literal: str) -> tuple[str, ...]:
    """The distinct characters of ``literal``, those likely rarer in a text first (not lower-case letters, then
    lower-case ones): each is looked for until its first occurrence only."""
    return tuple(sorted(set(literal), key=lambda char: (char.islower(), literal.index(char))))


def _iter_lines_with(lines: list[str], requirements: tuple[tuple[str, ...], ...], first: int = 0,
                     index: _LineIndex | None = None) -> Iterator[int]:
    """:func:`_lines_with`, one line at a time when the pattern needs one literal (a caller that wants the first
    matching line scans no further)."""
    if len(requirements) == 1 and len(requirements[0]) == 1:
        yield from (index or _LineIndex(lines)).iter_lines_with(requirements[0][0], first)
    else:
        yield from _lines_with(lines, requirements, first, index)


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
    match = re.match(r"\\b([^\W\d_]+)(?![?*+{])", pattern)  # a quantifier would apply to the word's last letter
    if match is None:
        return pattern
    word = match.group(1)
    return word + r"(?<!\w" + word + ")" + pattern[match.end():]


# a "{" that does not open a repeat count: literal text for re, but fuzzy matching (``{e<=1}``) for the regex
# package, which runs the rules' patterns
_NOT_A_COUNT = re.compile(r"\{(?!\d*,?\d*\})")


@lru_cache(maxsize=1024)
def _whole_line_widths(pattern: str) -> tuple[int, int] | None:
    """(least, most) characters of a stripped line that ``pattern`` can match, when every match must be the
    whole line: the pattern starts with ``^`` and ends with ``$`` at its top level, without the MULTILINE or
    VERBOSE flag (``$`` then matches only at the end of a line without a trailing line break). ``None`` when
    that is not so or not known; the caller then searches every candidate line.

    The widths are those of :mod:`re`'s parser (a private module, read-only use; only patterns that
    :mod:`re` reads as the ``regex`` package does: no syntax of the ``regex`` package alone, no ``{`` that
    is not a repeat count, no warning such as a nested set, simple case-folding only).
    """
    parsed = _parsed(pattern)
    if parsed is None:
        return None
    try:
        items = parsed.data
        if parsed.state.flags & (re.MULTILINE | re.VERBOSE) or len(items) < 2:
            return None
        if items[0] != (_sre.AT, _sre.AT_BEGINNING) or items[-1] != (_sre.AT, _sre.AT_END):
            return None
        least, most = parsed.getwidth()
    except Exception:  # noqa: BLE001  (anything re cannot read, or a parser that changed: no shortcut)
        return None
    return int(least), int(most)


@lru_cache(maxsize=1024)
def _parsed(pattern: str):
    """:mod:`re`'s parse of ``pattern`` when :mod:`re` reads it as the ``regex`` package does (see
    :func:`_whole_line_widths`), else None; shared (do not modify it)."""
    if _NOT_A_COUNT.search(pattern):
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            return _sre_parser.parse(pattern)
    except Exception:  # noqa: BLE001  (anything re cannot read, or a parser that changed: no shortcut)
        return None


@lru_cache(maxsize=1024)
def _line_bound(pattern: str) -> bool:
    r"""Whether searching the lines joined by ``"\n"`` finds, in every line that no match runs into or out of,
    the matches a search of that line alone finds: the pattern has no anchor (``^ $ \A \Z``), back-reference,
    conditional, DOTALL or MULTILINE flag, and no lookaround that could read a line break. What tells the end of
    a line from the end of a text is then only a match that holds the ``"\n"``, which the caller looks for (a
    ``\b`` sees a non-word character either way). False when not known."""
    parsed = _parsed(pattern)
    if parsed is None or parsed.state.flags & (re.MULTILINE | re.DOTALL):
        return False

    def no_line_break(items) -> bool:  # a character class that cannot match "\n"
        for kind, value in items:
            if kind is _sre.NEGATE or (kind is _sre.LITERAL and value == 10) or (kind is _sre.RANGE and value[0] <= 10 <= value[1]):
                return False
            if kind is _sre.CATEGORY and value not in (_sre.CATEGORY_DIGIT, _sre.CATEGORY_WORD, _sre.CATEGORY_NOT_SPACE):
                return False
            if kind not in (_sre.LITERAL, _sre.RANGE, _sre.CATEGORY):
                return False
        return True

    def bound(items, looking: bool) -> bool:
        for kind, value in items:
            if kind is _sre.LITERAL:
                if looking and value == 10:
                    return False
            elif kind is _sre.NOT_LITERAL:
                if looking:
                    return False
            elif kind is _sre.ANY:
                continue  # without DOTALL never a line break
            elif kind is _sre.IN:
                if looking and not no_line_break(value):
                    return False
            elif kind in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
                if not bound(value[2], looking):
                    return False
            elif kind is _sre.SUBPATTERN:
                if value[1] & (re.MULTILINE | re.DOTALL) or not bound(value[3], looking):
                    return False
            elif kind is _sre.ATOMIC_GROUP:
                if not bound(value, looking):
                    return False
            elif kind is _sre.BRANCH:
                if not all(bound(branch, looking) for branch in value[1]):
                    return False
            elif kind is _sre.AT:
                if value not in (_sre.AT_BOUNDARY, _sre.AT_NON_BOUNDARY):
                    return False
            elif kind in (_sre.ASSERT, _sre.ASSERT_NOT):
                if not bound(value[1], True):
                    return False
            else:  # back-references, conditionals, anything else
                return False
        return True

    try:
        return bound(parsed, False)
    except Exception:  # noqa: BLE001  (a parse tree of another shape: no shortcut)
        return False
