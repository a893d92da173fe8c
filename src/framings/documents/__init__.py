"""Documents compared as wholes: text similarity, classifiers of the framing label, a paragraph map.
"""

from ._classify import (
    ACCURACY_COLUMNS,
    ALL,
    CLASSIFY_COLUMNS,
    NEIGHBOUR_COLUMNS,
    NEIGHBOUR_KINDS,
    SCHEMES,
    TARGETS,
    Phrases,
    Stopwords,
    accuracy_table,
    classify_framings,
    neighbour_shares,
)
from ._map import MAP_COLUMNS, paragraph_map
from ._similarity import VERDICT_COLUMNS, same_label_gap, same_label_gaps, similarity, similarity_verdict

__all__ = [
    "Stopwords", "Phrases", "CLASSIFY_COLUMNS", "ACCURACY_COLUMNS", "NEIGHBOUR_COLUMNS",
    "NEIGHBOUR_KINDS", "SCHEMES", "TARGETS", "ALL", "classify_framings", "accuracy_table",
    "neighbour_shares", "VERDICT_COLUMNS", "similarity", "similarity_verdict", "MAP_COLUMNS",
    "paragraph_map", "same_label_gap", "same_label_gaps",
]
