"""Frames from a lexicon: the lexicon, its matches, paragraph scores, profiles, actor associations, precision.
"""

from ._actors import ASSOCIATION_COLUMNS, actor_frame_association
from ._axes import (
    AXES_SCORE_COLUMNS,
    AXIS_COLUMNS,
    CONTRIBUTION_COLUMNS,
    STARTER_AXES,
    axis_vectors,
    axis_word_contributions,
    expand_poles,
    frame_axes,
    load_axes,
    word_axis_cosines,
)
from ._embeddings import (
    COVERAGE_COLUMNS,
    EMBEDDINGS,
    WordVectors,
    embedding_coverage,
    load_embeddings,
)
from ._lexicon import (
    ACTOR_COLUMNS,
    LEXICON_COLUMNS,
    frame_order,
    load_actors,
    load_lexicon,
    resolve_lexicon,
)
from ._match import MATCH_COLUMNS, frame_matches
from ._network import (
    AGREEMENT_COLUMNS,
    COMMUNITY_COLUMNS,
    COMMUNITY_PREVALENCE_COLUMNS,
    EDGE_COLUMNS,
    NODE_COLUMNS,
    SWEEP_COLUMNS,
    TopicNetwork,
    community_agreement,
    community_prevalence,
    community_shares,
    community_sweep,
    disparity_alpha,
    frame_communities,
    topic_network,
    write_graphml,
)
from ._precision import (
    PRECISION_COLUMNS,
    PRECISION_SAMPLE_COLUMNS,
    lexicon_precision,
    precision_sample,
)
from ._scores import (
    DOMINANT_COLUMNS,
    NO_FRAME,
    PROFILE_STAT_COLUMNS,
    SCORE_COLUMNS,
    TIED_FRAMES,
    dominant_frames,
    frame_profile,
    frame_scores,
)
from ._verdict import OWN_LABEL_COLUMNS, own_label_verdict

# resolve_lexicon, frame_order: shared with the stages above, not part of the documented API
__all__ = [
    "OWN_LABEL_COLUMNS", "own_label_verdict", "LEXICON_COLUMNS", "ACTOR_COLUMNS", "load_lexicon",
    "load_actors", "SCORE_COLUMNS", "PROFILE_STAT_COLUMNS", "frame_scores", "frame_profile", "NO_FRAME",
    "TIED_FRAMES", "DOMINANT_COLUMNS", "dominant_frames", "MATCH_COLUMNS", "frame_matches",
    "ASSOCIATION_COLUMNS", "actor_frame_association", "PRECISION_COLUMNS", "PRECISION_SAMPLE_COLUMNS",
    "precision_sample", "lexicon_precision",
    "NODE_COLUMNS", "EDGE_COLUMNS", "COMMUNITY_COLUMNS", "SWEEP_COLUMNS", "AGREEMENT_COLUMNS",
    "COMMUNITY_PREVALENCE_COLUMNS", "TopicNetwork", "topic_network", "disparity_alpha", "frame_communities",
    "community_sweep", "community_shares", "community_agreement", "community_prevalence", "write_graphml",
    "AXIS_COLUMNS", "AXES_SCORE_COLUMNS", "CONTRIBUTION_COLUMNS", "STARTER_AXES", "load_axes", "axis_vectors",
    "axis_word_contributions", "frame_axes", "word_axis_cosines", "expand_poles", "EMBEDDINGS", "COVERAGE_COLUMNS",
    "WordVectors", "load_embeddings",
    "embedding_coverage",
]

# issue 25: terms matched one by one, the titles' and headings' own terms, actor names that are frame terms
from ._actors import names_matching_frames  # noqa: E402
from ._lexicon import TERM_HIT_COLUMNS, terms_in_texts  # noqa: E402
from ._verdict import TITLE_HEADING_COLUMNS, title_heading_terms  # noqa: E402
# issue 24: the own-label test vectorized over its relabellings
from ._verdict import own_label_margins  # noqa: E402

__all__ += ["names_matching_frames", "TERM_HIT_COLUMNS", "terms_in_texts", "TITLE_HEADING_COLUMNS",
            "title_heading_terms", "own_label_margins"]
