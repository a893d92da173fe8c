"""The cleaning rules: the one set of defaults, and reading and checking a rules file."""

from __future__ import annotations

import copy
import warnings
from functools import lru_cache
from pathlib import Path

from .._io import decode_utf8, read_limited
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


# Applied to every document, whatever its rules say.
_EMAIL_PATTERN = r"[\w.+-]+(?:@|\\?\[at\\?\])[\w-]+\.[\w.-]+"


_URL_PATTERN = r"(?:https?://|www\.)\S+"


GLOBAL_INLINE = [
    {"rule": "e-mail address", "pattern": _EMAIL_PATTERN},
    {"rule": "url", "pattern": _URL_PATTERN},
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
    >>> rules = fr.clean.load_rules(fr._paths.default_corpus_path() / "rules" / "heyet-2026.yaml", "heyet-2026")
    >>> "headings" in rules
    True
    """
    return copy.deepcopy(shared_rules(path, doc_id, stacklevel=4))


class _RulesError(Exception):
    """A problem with a rules file, before the file's path is put in front."""


def shared_rules(path: Path | str | None, doc_id: str, stacklevel: int = 3) -> dict:
    """:func:`load_rules`, sharing one parsed dict among identical files: do not modify it."""

    if path is None or not Path(path).exists() and not Path(path).is_symlink():
        warnings.warn(f"{doc_id}: no rules file ({path}); using default cleaning rules "
                      "(headings, split paragraphs, homoglyphs, URLs, e-mails). "
                      "Write corpus/rules/<doc_id>.yaml to drop this document's boilerplate.",
                      CorpusWarning, stacklevel=stacklevel)
        return {k: (list(v) if isinstance(v, list) else v) for k, v in DEFAULT_RULES.items()}
    path = Path(path)
    content = decode_utf8(read_limited(path, str(path), "rules file"), str(path), "rules file")
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


def _checked_rules(rules, doc_id: str) -> dict:
    """A rules mapping given in code, checked like a rules file (the error names the document)."""

    if rules is None:
        return {}
    if not isinstance(rules, dict):
        raise CorpusError(f"rules of {doc_id}: expected a mapping as read by fr.clean.load_rules(), "
                          f"got {type(rules).__name__}")
    return validate(rules, RULES_SCHEMA, file=f"rules of {doc_id}")
