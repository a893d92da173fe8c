"""The corpus: folders of texts and ``metadata.csv`` in, pandas frames out (documents, paragraphs).

Also the writers of a corpus (``init``, ``add``, ``write_corpus``) and the readers of PDF, HTML and DOCX.
"""

from .._check import is_labelled, require_labels
from .._paths import bundled_corpus_path, corpus_folder_of, default_corpus_path
from ._add import add_document
from ._audit import AUDIT_COLUMNS, cleaning_audit
from ._ingest import (
    DEFAULT_RULES_YAML,
    EXTRACTION_COLUMNS,
    TEXT_SUFFIXES,
    corpus_from_frame,
    init_corpus,
    read_table,
    slug,
    unique_ids,
    write_corpus,
)
from ._load import (
    BYLINE_MAX_WORDS,
    CATEGORIES_FILE,
    DEFAULT_RULES_FILE,
    FILLED_COLUMNS,
    HEADING_MAX_WORDS,
    METADATA_COLUMNS,
    OPTIONAL_COLUMNS,
    PARAGRAPH_COLUMNS,
    PARAGRAPH_KINDS,
    PARALLEL_MIN_DOCS,
    PROGRESS_MIN_DOCS,
    REQUIRED_COLUMNS,
    SPELLINGS_FILE,
    checked_folder,
    corpus_checksum,
    corpus_default_rules,
    corpus_rule_categories,
    corpus_spellings,
    iter_corpus,
    load_corpus,
    load_document,
    paragraphs,
    read_metadata,
)
from ._journal import corpus_writer
from ._readers import READERS, extract, reader_for

# checked_folder, load_document: shared with the stages above, not part of the documented API
__all__ = [
    "default_corpus_path", "bundled_corpus_path", "corpus_folder_of", "is_labelled", "require_labels",
    "AUDIT_COLUMNS", "cleaning_audit", "REQUIRED_COLUMNS", "FILLED_COLUMNS", "OPTIONAL_COLUMNS",
    "METADATA_COLUMNS", "PARAGRAPH_COLUMNS", "PARAGRAPH_KINDS", "HEADING_MAX_WORDS", "BYLINE_MAX_WORDS",
    "PROGRESS_MIN_DOCS", "read_metadata", "load_corpus", "iter_corpus", "DEFAULT_RULES_FILE",
    "corpus_default_rules", "SPELLINGS_FILE", "corpus_spellings", "CATEGORIES_FILE", "corpus_rule_categories",
    "PARALLEL_MIN_DOCS", "paragraphs", "corpus_checksum", "add_document",
    "TEXT_SUFFIXES", "DEFAULT_RULES_YAML", "EXTRACTION_COLUMNS", "slug", "unique_ids", "read_table",
    "init_corpus", "corpus_from_frame", "write_corpus", "READERS", "reader_for", "extract",
    "corpus_writer",
]
