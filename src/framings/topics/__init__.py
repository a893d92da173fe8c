"""Topic models: the document-term matrix, fits, top terms, prevalence, coherence, stability and the choice of k.
"""

from ._coherence import MEASURES, NPMI_WINDOW, coherence
from ._describe import RANKINGS, doc_topics, top_terms, typical_paragraphs
from ._draws import DRAW_COLUMNS, topic_draws
from ._map import topic_distances, topic_map
from ._model import (
    EPSILON,
    LDA_ENGINES,
    TOPIC_METHODS,
    DocumentTermMatrix,
    TopicModel,
    document_term_matrix,
    fit_topics,
)
from ._prevalence import prevalence
from ._select import select_k
from ._stability import stability, stability_null, topic_similarity

__all__ = [
    "topic_distances", "topic_map", "TOPIC_METHODS", "LDA_ENGINES", "EPSILON", "DocumentTermMatrix", "TopicModel",
    "document_term_matrix", "fit_topics", "RANKINGS", "top_terms", "doc_topics", "typical_paragraphs",
    "MEASURES", "NPMI_WINDOW", "coherence", "select_k", "prevalence", "stability", "stability_null",
    "topic_similarity", "DRAW_COLUMNS", "topic_draws",
]
