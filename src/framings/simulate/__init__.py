"""Known answers: corpora with a planted framing, and what each method recovers from them.
"""

from ._dated import DATED_COLUMNS, dated_documents, dated_tokens  # issue 28: dates, outlets, a planted rise
from ._known_answer import (
    KNOWN_ANSWER_METHODS,
    RUN_COLUMNS,
    SUMMARY_COLUMNS,
    Z_LOG_ODDS,
    known_answer_runs,
    method_flags,
    planted_lexicon,
    recovery_summary,
)
from ._planted import (
    FRAMINGS,
    N_PARAS,
    PLANTED_COLUMNS,
    invented_words,
    lda_tokens,
    planted_paragraphs,
    planted_tokens,
    write_corpus_folder,
)
from ._topic_groups import (
    TOPIC_GROUP_COLUMNS,
    leaning_tokens,
    planted_topic_of,
    topic_group_tokens,
)

__all__ = [
    "KNOWN_ANSWER_METHODS", "RUN_COLUMNS", "SUMMARY_COLUMNS", "Z_LOG_ODDS", "planted_lexicon", "method_flags",
    "known_answer_runs", "recovery_summary", "FRAMINGS", "N_PARAS", "lda_tokens", "invented_words",
    "write_corpus_folder", "PLANTED_COLUMNS", "planted_tokens", "planted_paragraphs",
    "TOPIC_GROUP_COLUMNS", "topic_group_tokens", "planted_topic_of", "leaning_tokens",
    "DATED_COLUMNS", "dated_documents", "dated_tokens",
]
