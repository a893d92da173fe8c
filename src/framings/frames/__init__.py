"""Frames from a lexicon: the lexicon, its matches, paragraph scores, profiles, actor associations, precision.
"""

from ._verdict import OWN_LABEL_COLUMNS, own_label_verdict
from ._lexicon import LEXICON_COLUMNS, ACTOR_COLUMNS, load_lexicon, load_actors, resolve_lexicon, frame_order
from ._scores import (
    SCORE_COLUMNS, PROFILE_STAT_COLUMNS, frame_scores, frame_profile, NO_FRAME, TIED_FRAMES,
    DOMINANT_COLUMNS, dominant_frames,
)
from ._match import MATCH_COLUMNS, frame_matches
from ._actors import ASSOCIATION_COLUMNS, actor_frame_association
from ._precision import PRECISION_COLUMNS, SAMPLE_COLUMNS, precision_sample, lexicon_precision

# resolve_lexicon, frame_order: shared with the stages above, not part of the documented API
__all__ = [
    'OWN_LABEL_COLUMNS', 'own_label_verdict', 'LEXICON_COLUMNS', 'ACTOR_COLUMNS', 'load_lexicon',
    'load_actors', 'SCORE_COLUMNS', 'PROFILE_STAT_COLUMNS', 'frame_scores', 'frame_profile', 'NO_FRAME',
    'TIED_FRAMES', 'DOMINANT_COLUMNS', 'dominant_frames', 'MATCH_COLUMNS', 'frame_matches',
    'ASSOCIATION_COLUMNS', 'actor_frame_association', 'PRECISION_COLUMNS', 'SAMPLE_COLUMNS',
    'precision_sample', 'lexicon_precision',
]
