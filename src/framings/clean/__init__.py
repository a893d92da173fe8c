"""Cleaning: a document's text and its rules in, the cleaned text and a report of every edit out.

The rule engine knows no folders: :mod:`framings.corpus` reads the rules files and calls it.
"""

from ._engine import CYRILLIC_TO_LATIN, clean_lines, clean_text, ends_closed
from ._report import (
    BUILTIN_CATEGORIES,
    CATEGORIES_COLUMNS,
    cleaning_report,
    load_rule_categories,
    words_removed,
)
from ._rules import (
    DEFAULT_RULES,
    GLOBAL_INLINE,
    REPORT_COLUMNS,
    SPELLINGS_COLUMNS,
    TYPOGRAPHY,
    default_rules_yaml,
    load_rules,
    load_spellings,
    parse_rules,
    shared_rules,
)

# shared_rules, parse_rules, default_rules_yaml, ends_closed, clean_lines: shared with the stages above,
# not part of the documented API
__all__ = [
    "REPORT_COLUMNS", "DEFAULT_RULES", "GLOBAL_INLINE", "TYPOGRAPHY", "SPELLINGS_COLUMNS", "load_rules",
    "load_spellings", "CYRILLIC_TO_LATIN", "clean_text", "cleaning_report", "BUILTIN_CATEGORIES",
    "CATEGORIES_COLUMNS", "load_rule_categories", "words_removed",
]
