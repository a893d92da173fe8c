"""Human (or model) coding: the codebook, the blind sample, the coding form, agreement and lexicon validity.
"""

from ._codebook import (
    CODEBOOK_COLUMNS, ANCHOR_COLUMNS, RESERVED_CODES, load_codebook, codebook_codes, codebook_anchors,
)
from ._sample import (
    SHEET_COLUMNS, KEY_COLUMNS, SAMPLE_COLUMNS, CODES_COLUMNS, SHEET_NAME, KEY_NAME, DEFAULT_SEED,
    body_paragraphs, coding_sample, blind_sheet, write_coding_sample, read_sheet, read_key,
    coding_sheets, read_coding_sheets,
)
from ._form import CodingSession, coding_form
from ._agreement import AGREEMENT_COLUMNS, LEVELS, krippendorff_alpha, agreement, confusion_table
from ._validity import (
    CONSENSUS_COLUMNS, VALIDITY_COLUMNS, ANY_FRAME, consensus_codes, lexicon_validity, coding_provenance,
)

__all__ = [
    'CODEBOOK_COLUMNS', 'ANCHOR_COLUMNS', 'RESERVED_CODES', 'load_codebook', 'codebook_codes',
    'codebook_anchors', 'SHEET_COLUMNS', 'KEY_COLUMNS', 'SAMPLE_COLUMNS', 'CODES_COLUMNS', 'SHEET_NAME',
    'KEY_NAME', 'DEFAULT_SEED', 'body_paragraphs', 'coding_sample', 'blind_sheet', 'write_coding_sample',
    'read_sheet', 'read_key', 'coding_sheets', 'read_coding_sheets', 'CodingSession', 'coding_form',
    'AGREEMENT_COLUMNS', 'LEVELS', 'krippendorff_alpha', 'agreement', 'confusion_table',
    'CONSENSUS_COLUMNS', 'VALIDITY_COLUMNS', 'ANY_FRAME', 'consensus_codes', 'lexicon_validity',
    'coding_provenance',
]
