"""The cleaning rules: the one set of defaults, and reading and checking a rules file."""

from __future__ import annotations

import copy
import unicodedata
import warnings
from functools import lru_cache
from pathlib import Path

import yaml

from .._io import decode_utf8, read_limited, table_rows
from .._saferegex import compile_problem
from .._schema import RULES_SCHEMA, parse_yaml, validate
from ..errors import CorpusError, CorpusWarning

REPORT_COLUMNS = ["doc_id", "rule", "action", "matched", "count", "words_removed"]


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


def default_rules_yaml() -> str:
    """:data:`DEFAULT_RULES` as the YAML of a rules file (what ``init`` and ``add`` write under their comments)."""
    return yaml.safe_dump(DEFAULT_RULES, sort_keys=False, default_flow_style=None, allow_unicode=True, width=1000)


# Applied to every document, whatever its rules say.
_EMAIL_PATTERN = r"[\w.+-]+(?:@|\\?\[at\\?\])[\w-]+\.[\w.-]+"


_URL_PATTERN = r"(?:https?://|www\.)\S+"


GLOBAL_INLINE = [
    {"rule": "e-mail address", "pattern": _EMAIL_PATTERN},
    {"rule": "url", "pattern": _URL_PATTERN},
]


# Counted in every report and left to tokens(): facts of Unicode and of Latin-script writing (curly
# apostrophes, dashes, no-break spaces, the dotted İ and dotless ı, the schwa), true of any corpus
# that uses them; a corpus' own spellings are its data (load_spellings).
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


SPELLINGS_COLUMNS = ["name", "pattern"]


def load_spellings(path: Path | str | None) -> dict[str, str]:
    r"""Read a corpus' spellings to count, as written, in its cleaning report (``resources/spellings.csv``).

    One row per spelling, ``name,pattern``: the report shows it as ``spelling variant: <name>``
    with the number of matches of ``pattern`` (a regular expression, case-sensitive, run
    with the rules' time limit) in the cleaned text. The spellings stay in the text;
    ``tokens(merge_variants=True)`` merges them by the corpus' ``resources/variants.csv``.
    Lines starting with ``#`` are comments; spaces around a field are ignored.

    Parameters
    ----------
    path : pathlib.Path or str or None
        The file; ``None`` or a missing file: no spellings.

    Returns
    -------
    dict of str to str
        Name → pattern, in the file's order, both NFC-normalised (as the text they count).

    Raises
    ------
    CorpusError
        For a file that is not UTF-8, lacks the header ``name,pattern``, has a row without
        both fields, repeats a name, or holds a pattern that does not compile; the message
        names the file and the line.

    Examples
    --------
    >>> spellings = fr.clean.load_spellings(fr.corpus.default_corpus_path() / "resources" / "spellings.csv")
    >>> spellings["Turkey"]
    '\\bTurkey'
    >>> fr.clean.load_spellings(None)
    {}
    """
    if path is None or not Path(path).exists() and not Path(path).is_symlink():
        return {}
    path = Path(path)
    content = decode_utf8(read_limited(path, str(path), "spellings file"), str(path), "spellings file")
    try:
        return dict(_parse_spellings(content))
    except _RulesError as err:
        raise CorpusError(f"{path}{err}") from None


@lru_cache(maxsize=64)
def _parse_spellings(content: str) -> tuple[tuple[str, str], ...]:
    """Parse and check the text of a spellings file (memoised: every document of a corpus reads it)."""
    try:
        rows = table_rows(content, SPELLINGS_COLUMNS, " (quote a pattern that holds a comma)")
    except ValueError as err:
        raise _RulesError(f", {err}") from None
    spellings: dict[str, str] = {}
    for number, fields in rows:
        name, pattern = (unicodedata.normalize("NFC", field) for field in fields)
        if name in spellings:
            raise _RulesError(f", line {number}: the name {name!r} is listed twice")
        problem = compile_problem(pattern)
        if problem is not None:
            raise _RulesError(f", line {number}: bad regular expression for {name!r} ({problem}); fix the pattern")
        spellings[name] = pattern
    return tuple(spellings.items())


def load_rules(path: Path | str | None, doc_id: str) -> dict:
    """Read one document's rules file (YAML); a missing file gives the defaults and a warning.

    The file is checked against :data:`framings._schema.RULES_SCHEMA`: a wrong type, an
    unknown key, a bad regular expression or a non-UTF-8 file raises one
    :class:`~framings.CorpusError` naming the file, the key and the type expected.

    Parameters
    ----------
    path : pathlib.Path or str or None
        The rules file (``rules/<doc_id>.yaml``); ``None`` or a missing file: the defaults.
    doc_id : str
        The document's id, for messages.

    Returns
    -------
    dict
        The rules (a copy: safe to modify).

    Raises
    ------
    CorpusError
        For a malformed rules file (naming the file, the key and the type expected).

    Examples
    --------
    >>> rules = fr.clean.load_rules(fr.corpus.default_corpus_path() / "rules" / "heyet-2026.yaml", "heyet-2026")
    >>> "headings" in rules
    True
    """
    return copy.deepcopy(shared_rules(path, doc_id, stacklevel=4))


class _RulesError(Exception):
    """A problem with a rules file, before the file's path is put in front."""


def shared_rules(path: Path | str | None, doc_id: str, stacklevel: int = 3, data: bytes | None = None) -> dict:
    """:func:`load_rules`, sharing one parsed dict among identical files: do not modify it.

    ``data``: the file's bytes when the caller has read them already (the cache of cleaned documents has).
    """

    # bytes given: the caller has read the file (no second look whether it is there)
    if path is None or data is None and not Path(path).exists() and not Path(path).is_symlink():
        warnings.warn(f"{doc_id}: no rules file ({path}); using default cleaning rules "
                      "(headings, split paragraphs, homoglyphs, URLs, e-mails). "
                      "Write corpus/rules/<doc_id>.yaml to drop this document's boilerplate.",
                      CorpusWarning, stacklevel=stacklevel)
        return {k: (list(v) if isinstance(v, list) else v) for k, v in DEFAULT_RULES.items()}
    path = Path(path)
    content = decode_utf8(read_limited(path, str(path), "rules file") if data is None else data, str(path),
                          "rules file")
    try:
        return parse_rules(content)
    except _RulesError as err:
        raise CorpusError(f"{path}{err}") from None


@lru_cache(maxsize=512)
def parse_rules(content: str) -> dict:
    """Parse and check the text of a rules file (memoised: thousands of documents may share one)."""

    try:
        data = parse_yaml(content, file="")
        if not isinstance(data, dict):
            raise CorpusError(": rules file must be a mapping of rule names; see corpus/rules/README.md")
        data = validate(data, RULES_SCHEMA, file="")
    except CorpusError as err:
        raise _RulesError(str(err)) from None
    rules = {k: (list(v) if isinstance(v, list) else v) for k, v in DEFAULT_RULES.items()}
    rules.update(data)
    return rules


def _checked_spellings(spellings, doc_id: str) -> dict[str, str]:
    """Spellings given in code, checked as a spellings file is (the error names the document)."""

    if spellings is None:
        return {}
    if not isinstance(spellings, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                  for k, v in spellings.items()):
        raise CorpusError(f"spellings of {doc_id}: expected a mapping of names to patterns as read by "
                          "fr.clean.load_spellings()")
    for name, pattern in spellings.items():
        problem = compile_problem(pattern)
        if problem is not None:
            raise CorpusError(f"spellings of {doc_id}: bad regular expression for {name!r} ({problem}); "
                              "fix the pattern")
    return {unicodedata.normalize("NFC", k): unicodedata.normalize("NFC", v) for k, v in spellings.items()}


def _checked_rules(rules, doc_id: str) -> dict:
    """A rules mapping given in code, checked like a rules file (the error names the document)."""

    if rules is None:
        return {}
    if not isinstance(rules, dict):
        raise CorpusError(f"rules of {doc_id}: expected a mapping as read by fr.clean.load_rules(), "
                          f"got {type(rules).__name__}")
    return validate(rules, RULES_SCHEMA, file=f"rules of {doc_id}")
