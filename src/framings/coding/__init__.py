"""Human (or model) coding: the codebook, the blind sample, the coding form, agreement and lexicon validity.
"""

from ._agreement import (
    AGREEMENT_COLUMNS,
    LEVELS,
    agreement,
    confusion_table,
    krippendorff_alpha,
)
from ._codebook import (
    ANCHOR_COLUMNS,
    CODEBOOK_COLUMNS,
    RESERVED_CODES,
    codebook_anchors,
    codebook_codes,
    load_codebook,
)
from ._form import CodingSession, coding_form
from ._sample import (
    CODES_COLUMNS,
    CODING_SAMPLE_COLUMNS,
    DEFAULT_SEED,
    KEY_COLUMNS,
    KEY_NAME,
    SHEET_COLUMNS,
    SHEET_NAME,
    blind_sheet,
    body_paragraphs,
    coding_sample,
    coding_sheets,
    read_coding_sheets,
    read_key,
    read_sheet,
    write_coding_sample,
)
from ._sheets import CLASS_AGREEMENT_COLUMNS, CODER_COLUMNS, FOLDER_CODES_COLUMNS, KINDS, class_agreement, read_coders, read_folder_codes
from ._validity import (
    ANY_FRAME,
    CONSENSUS_COLUMNS,
    VALIDITY_COLUMNS,
    coding_provenance,
    consensus_codes,
    lexicon_validity,
)

__all__ = [
    "CODEBOOK_COLUMNS", "ANCHOR_COLUMNS", "RESERVED_CODES", "load_codebook", "codebook_codes",
    "codebook_anchors", "SHEET_COLUMNS", "KEY_COLUMNS", "CODING_SAMPLE_COLUMNS", "CODES_COLUMNS", "SHEET_NAME",
    "KEY_NAME", "DEFAULT_SEED", "body_paragraphs", "coding_sample", "blind_sheet", "write_coding_sample",
    "read_sheet", "read_key", "coding_sheets", "read_coding_sheets", "CodingSession", "coding_form",
    "AGREEMENT_COLUMNS", "LEVELS", "krippendorff_alpha", "agreement", "confusion_table",
    "CONSENSUS_COLUMNS", "VALIDITY_COLUMNS", "ANY_FRAME", "consensus_codes", "lexicon_validity",
    "coding_provenance", "KINDS", "CODER_COLUMNS", "FOLDER_CODES_COLUMNS", "CLASS_AGREEMENT_COLUMNS", "read_coders",
    "read_folder_codes", "class_agreement",
]
