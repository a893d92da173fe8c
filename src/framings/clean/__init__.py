"""Cleaning: a document's text and its rules in, the cleaned text and a report of every edit out.

The rule engine knows no folders: :mod:`framings.corpus` reads the rules files and calls it.
"""

from ._rules import (
    REPORT_COLUMNS, DEFAULT_RULES, GLOBAL_INLINE, TYPOGRAPHY, SPELLING_VARIANTS, load_rules,
    shared_rules, parse_rules,
)
from ._engine import CYRILLIC_TO_LATIN, ends_closed, clean_text, clean_lines
from ._report import cleaning_report, RULE_CATEGORIES, words_removed

# shared_rules, parse_rules, ends_closed, clean_lines: shared with the stages above, not part of the documented API
__all__ = [
    'REPORT_COLUMNS', 'DEFAULT_RULES', 'GLOBAL_INLINE', 'TYPOGRAPHY', 'SPELLING_VARIANTS', 'load_rules',
    'CYRILLIC_TO_LATIN', 'clean_text', 'cleaning_report', 'RULE_CATEGORIES', 'words_removed',
]
