"""Text: tidy tokens, word lists, counts, tf-idf and the contexts of a word (KWIC, collocations, dispersion).
"""

from ._distributed import corpus_bag, distributed_count_matrix, distributed_term_counts
from ._context import dispersion, kwic, association, collocations
from ._spelling import SPELLING_COLUMNS, spelling_variants, spelling_table, variant_list
from ._counts import count_matrix, PARALLEL_MIN_PARAGRAPHS, term_counts, rate_per_10k, tf_idf
from ._tokens import (
    TOKEN_COLUMNS, CONTRACTIONS_S, BATCH_CHARS, PROGRESS_MIN_CHARS, Tokenizer, tokenize, tokens,
)
from ._resources import load_stopwords, load_phrases, load_variants

# Tokenizer: shared with the stages above, not part of the documented API
__all__ = [
    'corpus_bag', 'distributed_count_matrix', 'distributed_term_counts', 'dispersion', 'kwic',
    'association', 'collocations', 'SPELLING_COLUMNS', 'spelling_variants', 'spelling_table',
    'variant_list', 'count_matrix', 'PARALLEL_MIN_PARAGRAPHS', 'term_counts', 'rate_per_10k', 'tf_idf',
    'TOKEN_COLUMNS', 'CONTRACTIONS_S', 'BATCH_CHARS', 'PROGRESS_MIN_CHARS', 'tokenize', 'tokens',
    'load_stopwords', 'load_phrases', 'load_variants',
]
