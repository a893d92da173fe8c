"""The prefilters of the rules' patterns: the width shortcut of whole-line patterns (drop_lines, drop_spans), a
line it skips being one the pattern cannot match (checked against the regex package's own search; patterns it cannot
read safely get no shortcut), and the line index's search for literals, checked against a look at every line."""
import random
import zlib

import pytest
import regex
import yaml

from conftest import CORPUS
from framings._saferegex import compile_rule
from framings.clean._engine import _line_widths
from framings.clean._prefilter import _whole_line_widths

TRICKY = [
    r"^Abstract$", r"(?i)^azerbaijan's foreign policy in transition$", r"^\d{1,2} [A-Z][a-z]{2} \d{4}$",
    r"^\d{2}\.\d{2}\.\d{4}$", r"^CHAPTER \d+$", r"^(?:ab|abc)$", r"^(a)\1$", r"^a?b{0,3}$", r"^.{2,5}$",
    r"^[^()]*$", r"^\s*References\s*$", r"^(?=Ref)References$", r"^a(?!b)..$", r"^ß$", r"(?i)^SS$", r"(?i)^ß$",
    r"^\w+\W\w+$", r"^İstanbul$", r"(?i)^istanbul$", r"^(?>ab|a)b$", r"^a++b$", r"^x{2}$", r"^\N{EN DASH}$",
]

NOT_READ = [r"^a|b$", r"(?m)^a$", r"(?x)^a b$", r"^\p{L}+$", r"^[[:alpha:]]+$", r"^(?:ab){e<=1}$", r"^a\Z",
            r"\Aabc$", r"^abc", r"abc$", r"^[[a-z]--[aeiou]]$", r"^\X$", r"(?f)^ß$", r"(?V1)^a$", r"^a{,2}b{e}$"]


def lines():
    """Lines of the shipped corpus and some made to be near the patterns' widths."""
    found = []
    for path in sorted((CORPUS / "raw").glob("*.txt")):
        found += path.read_text(encoding="utf-8").splitlines()
    rng = random.Random(7)
    alphabet = "abßsSİiı() .x-–12"
    found += ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 9))) for _ in range(3000)]
    found += ["Abstract", " Abstract ", "References", "  References  ", "12 Jan 2024", "01.02.2024", "CHAPTER 7",
              "ab", "abc", "aa", "", "bbb", "SS", "ss", "ß", "ẞ", "İstanbul", "istanbul", "i̇stanbul", "a-b",
              "xx", "–", "abb", "axy", "ab\nc", "Refs"]
    return found


def shipped_patterns():
    patterns = []
    for path in sorted((CORPUS / "rules").glob("*.yaml")):
        rules = yaml.safe_load(path.read_text(encoding="utf-8"))
        patterns += [entry["pattern"] for entry in rules.get("drop_lines", [])]
        patterns += [entry[key] for entry in rules.get("drop_spans", []) for key in ("start", "end") if entry.get(key)]
    return patterns


def test_a_line_the_widths_skip_never_matches():
    all_lines = [line.strip() for line in lines()]
    checked = 0
    for pattern in TRICKY + shipped_patterns():
        compiled = compile_rule(pattern)
        least, most = _line_widths(pattern, compiled)
        for line in all_lines:
            if not least <= len(line) <= most:
                assert compiled.search(line) is None, (pattern, line)
                checked += 1
    assert checked > 10_000  # the shortcut does skip lines


def test_whole_line_patterns_get_their_widths():
    assert _whole_line_widths(r"^Abstract$") == (8, 8)
    assert _whole_line_widths(r"^\d{1,2} [A-Z][a-z]{2} \d{4}$") == (10, 11)
    title = "azerbaijan's foreign policy in transition"
    assert _whole_line_widths(f"(?i)^{title}$") == (len(title), len(title))


@pytest.mark.parametrize("pattern", NOT_READ)
def test_patterns_not_read_safely_get_no_shortcut(pattern):
    try:
        compiled = compile_rule(pattern)
    except regex.error:
        compiled = None
    assert compiled is None or _line_widths(pattern, compiled) == (0, float("inf"))


def test_the_line_index_finds_the_lines_a_literal_is_in():
    """_LineIndex.lines_with (one find per line that holds the literal, none for a literal with a character
    the text lacks) against a look at every line."""
    from framings.clean._prefilter import _LineIndex

    rng = random.Random(3)
    alphabet = "ab[t@ .\u00e7\u2013"
    some_lines = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 12))) for _ in range(400)]
    index = _LineIndex(some_lines)
    for literal in ["[at", "a", "ab", "@", "t.", "zz", "a\u2013", "\u00e7\u00e7", "b\nb", "[", "xa"]:
        for first in (0, 1, 200, 399, 400):
            expected = [i for i in range(first, len(some_lines)) if literal in some_lines[i]]
            assert index.lines_with(literal, first) == expected, (literal, first)


LINE_BOUND = [r"\s?\((?:de |van )?[A-ZÇŞÖÜİĞ][^()]*?,\s*(?:\d{4}/)?\d{4}[a-z]?\)", r"\s?\(\d{4}[a-z]?,\s*pp?\.\s*\d+\)",
              r"\s?\((?!(?:January|May)\b)[A-Z][^()]*?,?\s\d{4}\)", r"a\s+b", r"x[^y]*y", r"(?<=\w)\(\d+\)", r"\bword\b",
              r"\s*\[\d+\]"]

NOT_LINE_BOUND = [r"a$", r"^a", r"a(?!\s)", r"a(?=\s)", r"(a)\1", r"(?s)a.b", r"(?m)a", r"(?<![^a])x", r"\Aabc", r"abc\Z",
                  r"a(?=[^b])", r"(?:ab){e<=1}"]


def test_which_patterns_are_searched_in_the_joined_lines():
    from framings.clean._prefilter import _line_bound

    assert all(_line_bound(pattern) for pattern in LINE_BOUND)
    assert not any(_line_bound(pattern) for pattern in NOT_LINE_BOUND)


# the patterns above whose matches can hold a line break (a \s, a [^…]), so that some run into the next line
RUN_ON = {LINE_BOUND[0], LINE_BOUND[1], LINE_BOUND[2], r"a\s+b", r"x[^y]*y", r"\s*\[\d+\]", r"\s(?=\()"}


@pytest.mark.parametrize("pattern", LINE_BOUND + [r"\s(?=\()"])
def test_drop_inline_finds_in_the_joined_lines_what_it_finds_line_by_line(pattern, monkeypatch):
    """Lines that start or end inside a would-be match (a line break where the pattern wants a space, an
    opening bracket at the end of a line): the same lines, report and word counts as a search line by line."""
    from framings.clean import _engine

    rng = random.Random(zlib.crc32(pattern.encode()))
    pieces = ["(Smith, 2020)", " (de Vries, 2019a)", "(2019, p. 12)", " (May 2020)", "(", ")", " ", "\t", "word",
              " a b", "a\u00a0b", "x y", "xy", "(3)", "[12]", " [3]", ",", "2020", "\u00c7elik", "Smith,", "\n",
              " a", "x", " (Smith,", "(2019,", " p. 4)", "\n", " b", "y", "a\n", "\n b", "x\n", " (Smith,\n",
              "\n2020)", "\n(Smith, 2020)", "\n[4]"]
    text = "".join(rng.choice(pieces) for _ in range(3000))
    lines = text.split("\n")
    entries = [{"rule": "r", "pattern": pattern}]

    def cleaned(line_bound):
        monkeypatch.setattr(_engine, "_line_bound", lambda _: line_bound)
        cleaner = _engine._Cleaner("d", list(lines))
        cleaner.drop_inline(entries)
        return cleaner.lines, cleaner.report

    touched = []
    real = _engine._Cleaner._matches
    monkeypatch.setattr(_engine._Cleaner, "_matches", lambda *args, **kwargs: touched.append(1) or real(*args, **kwargs))
    joined = cleaned(True)
    n_touched = len(touched)
    assert joined == cleaned(False)
    assert joined[1][0]["count"] > 0  # matches found
    assert (n_touched > 0) == (pattern in RUN_ON)  # and, where they can, some that ran into the next line
