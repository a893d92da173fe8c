"""Text: tidy tokens, word lists, counts, tf-idf and the contexts of a word (KWIC, collocations, dispersion).
"""

from .._words import count_words_many, normalize_text
from ._context import association, collocations, dispersion, kwic
from ._counts import (
    PARALLEL_MIN_PARAGRAPHS,
    count_matrix,
    rate_per_10k,
    term_counts,
    tf_idf,
)
from ._distributed import corpus_bag, distributed_count_matrix, distributed_term_counts
from ._resources import load_phrases, load_stopwords, load_variants
from ._spelling import SPELLING_COLUMNS, spelling_table, spelling_variants, variant_list
from ._tokens import (
    BATCH_CHARS,
    CONTRACTIONS_S,
    PROGRESS_MIN_CHARS,
    TOKEN_COLUMNS,
    Tokenizer,
    tokenize,
    tokens,
)

# Tokenizer: shared with the stages above, not part of the documented API
__all__ = [
    "normalize_text", "count_words_many",
    "corpus_bag", "distributed_count_matrix", "distributed_term_counts", "dispersion", "kwic",
    "association", "collocations", "SPELLING_COLUMNS", "spelling_variants", "spelling_table",
    "variant_list", "count_matrix", "PARALLEL_MIN_PARAGRAPHS", "term_counts", "rate_per_10k", "tf_idf",
    "TOKEN_COLUMNS", "CONTRACTIONS_S", "BATCH_CHARS", "PROGRESS_MIN_CHARS", "tokenize", "tokens",
    "load_stopwords", "load_phrases", "load_variants",
]
