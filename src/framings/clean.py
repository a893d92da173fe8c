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
4. ``headings``      short lines without closing punctuation (section headings)
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

import re
import unicodedata
import warnings
from dataclasses import dataclass, field
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
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_WORD = re.compile(r"[^\W\d_]+")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00C0-\u024F\u0259\u018F]")
_CLOSING = re.compile(r"""[.!?:;,"'”’»)\]…]\s*$""")
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


def _shorten(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


@dataclass
class _Cleaner:
    doc_id: str
    lines: list[str]
    report: list[dict] = field(default_factory=list)

    def add(self, rule, action, matched, count, words_removed=0):
        self.report.append({
            "doc_id": self.doc_id, "rule": rule, "action": action,
            "matched": _shorten(matched), "count": int(count),
            "words_removed": int(words_removed),
        })

    # -- steps ---------------------------------------------------------
    def replace(self, entries):
        for entry in entries:
            pattern = re.compile(r"(?<!\w)" + re.escape(entry["find"]) + r"(?!\w)")
            total = 0
            for i, line in enumerate(self.lines):
                self.lines[i], n = pattern.subn(entry["replace"], line)
                total += n
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

        for i, line in enumerate(self.lines):
            if _CYRILLIC.search(line):
                self.lines[i] = fix_line(line)
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
                begin = next((i for i, l in enumerate(self.lines) if start.search(l.strip())), None)
            if begin is None:
                self.add(entry["rule"], "not found", f"start {entry['start']!r}", 0)
                continue
            stop = len(self.lines)
            if end is not None:
                stop = next((i for i in range(begin + 1, len(self.lines)) if end.search(self.lines[i].strip())), None)
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
        for entry in entries:
            pattern = re.compile(entry["pattern"])
            hits = [i for i, l in enumerate(self.lines) if l.strip() and pattern.search(l.strip())]
            self.add(entry["rule"], "dropped" if hits else "not found",
                     self.lines[hits[0]] if hits else entry["pattern"], len(hits),
                     sum(_n_words(self.lines[i]) for i in hits))
            for i in hits:
                self.lines[i] = ""

    def headings(self, max_words: int):
        hits = [i for i, l in enumerate(self.lines)
                if l.strip() and _n_words(l) <= max_words and not _CLOSING.search(l)]
        for i in hits:
            self.add("heading", "dropped", self.lines[i], 1, _n_words(self.lines[i]))
            self.lines[i] = ""

    def drop_inline(self, entries):
        for entry in entries:
            pattern = re.compile(entry["pattern"])
            examples, total, words = [], 0, 0
            for i, line in enumerate(self.lines):
                matches = pattern.findall(line)
                if not matches:
                    continue
                examples.extend(m if isinstance(m, str) else m[0] for m in matches)
                total += len(matches)
                words += sum(_n_words(m if isinstance(m, str) else m[0]) for m in matches)
                line = pattern.sub("", line)
                self.lines[i] = re.sub(r"\s+([.,;:!?])", r"\1", re.sub(r"[ \t]{2,}", " ", line))
            if total or entry.get("report_absent", True):
                self.add(entry["rule"], "dropped" if total else "not found",
                         "; ".join(examples[:3]) if examples else entry["pattern"], total, words)

    def join_split_paragraphs(self):
        kept = [l.strip() for l in self.lines if l.strip()]
        joined: list[str] = []
        for line in kept:
            if joined and not _CLOSING.search(joined[-1]) and _STARTS_LOWER.match(line):
                self.add("split-paragraph", "joined", f"{joined[-1][-30:]} / {line[:30]}", 1)
                joined[-1] = f"{joined[-1]} {line}"
            else:
                joined.append(line)
        self.lines = joined

    def known_unrepaired(self, entries):
        for entry in entries:
            pattern = re.compile(entry["pattern"])
            n = sum(len(pattern.findall(l)) for l in self.lines)
            self.add(entry.get("rule", "known-unrepaired"), "unrepaired",
                     entry.get("note", entry["pattern"]), n)

    def typography(self):
        text = "\n".join(self.lines)
        for name, pattern in TYPOGRAPHY.items():
            n = len(re.findall(pattern, text))
            if n:
                self.add(f"typography: {name}", "kept (tokens() normalises)", name, n)
        for name, pattern in SPELLING_VARIANTS.items():
            n = len(re.findall(pattern, text))
            if n:
                self.add(f"spelling variant: {name}", "kept (merge_variants=True merges)", name, n)


def load_rules(path: Path | str | None, doc_id: str) -> dict:
    """Read one document's rules file (YAML); a missing file gives the defaults and a warning."""
    import yaml

    rules = {k: (list(v) if isinstance(v, list) else v) for k, v in DEFAULT_RULES.items()}
    if path is None or not Path(path).exists():
        warnings.warn(f"{doc_id}: no rules file ({path}); using default cleaning rules "
                      "(headings, split paragraphs, homoglyphs, URLs, e-mails). "
                      "Write corpus/rules/<doc_id>.yaml to drop this document's boilerplate.",
                      CorpusWarning, stacklevel=3)
        return rules
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as err:
        line = getattr(getattr(err, "problem_mark", None), "line", None)
        where = f" at line {line + 1}" if line is not None else ""
        raise CorpusError(f"{path}: rules file is not valid YAML{where}; fix the syntax "
                          "(see corpus/rules/README.md)") from None
    if not isinstance(data, dict):
        raise CorpusError(f"{path}: rules file must be a mapping of rule names; see corpus/rules/README.md")
    unknown = set(data) - set(DEFAULT_RULES) - {"doc_id", "description"}
    if unknown:
        raise CorpusError(f"{path}: unknown rule key(s) {sorted(unknown)}; allowed: {sorted(DEFAULT_RULES)}")
    required = {"replace": ("find", "replace"), "drop_spans": ("rule",), "drop_lines": ("rule", "pattern"),
                "drop_inline": ("rule", "pattern"), "known_unrepaired": ("pattern",)}
    for key, fields in required.items():
        entries = data.get(key, [])
        if not isinstance(entries, list):
            raise CorpusError(f"{path}: '{key}' must be a list of entries")
        for n, entry in enumerate(entries, 1):
            missing = [f for f in fields if not isinstance(entry, dict) or f not in entry]
            if missing:
                raise CorpusError(f"{path}: entry {n} of '{key}' lacks {missing}; add it")
            for f in ("pattern", "start", "end"):
                if isinstance(entry, dict) and entry.get(f):
                    try:
                        re.compile(entry[f])
                    except re.error as err:
                        raise CorpusError(f"{path}: entry {n} of '{key}' has a bad regular expression "
                                          f"in '{f}' ({err}); fix the pattern") from None
    rules.update(data)
    return rules


def clean_text(text: str, rules: dict | None = None, doc_id: str = "document") -> tuple[str, pd.DataFrame]:
    """Clean one document by ``rules``; return (cleaned text, report frame).

    The cleaned text has one paragraph per line. ``rules`` is a mapping as read by
    :func:`load_rules`; ``None`` applies the defaults.
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
    return "\n".join(cleaner.lines), pd.DataFrame(cleaner.report, columns=REPORT_COLUMNS)


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
