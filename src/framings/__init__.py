"""framings: compare how sources frame the same subject.

``import framings as fr`` gives the verbs of the course (``fr.load_corpus``, ``fr.tokens``,
``fr.keyness``, ``fr.fit_topics``, ``fr.frame_scores``, ...) and the stage subpackages, in the
order of the pipeline: ``clean``, ``corpus``, ``text``, ``stats``, ``topics``, ``frames``,
``documents``, ``coding``, ``simulate``, ``plots``, ``explore``, ``project``. Everything else is
one dot down: ``fr.topics.stability_null``, ``fr.coding.read_sheet``, ``fr.plots.keyness_bars``.

Names load lazily (PEP 562), so ``import framings`` stays cheap: scikit-learn, scipy,
matplotlib and seaborn load only when a stage that needs them is first used.
"""
from importlib import import_module

from ._version import __version__
from .errors import CorpusError, CorpusWarning

STAGES = ("clean", "corpus", "text", "stats", "topics", "frames", "documents", "coding", "simulate", "plots",
          "explore", "project")

# the verbs of the course -> the stage that defines them; about 45 (the test caps __all__ at 60 names): a verb used
# by one notebook only stays one dot down (fr.topics.coherence, fr.simulate.planted_tokens)
_VERBS = {
    "corpus": ["load_corpus", "paragraphs", "init_corpus", "add_document"],
    "clean": ["cleaning_report"],
    "text": ["tokens", "term_counts", "tf_idf", "rate_per_10k", "kwic", "collocations", "dispersion",
             "spelling_variants"],
    "stats": ["keyness", "compare_groups", "log_odds", "permutation_test", "rate_ci", "estimate_effect"],
    "topics": ["document_term_matrix", "fit_topics", "top_terms", "doc_topics", "prevalence",
               "select_k", "stability"],
    "frames": ["load_lexicon", "frame_scores", "frame_profile", "frame_matches", "actor_frame_association",
               "topic_network", "frame_communities", "frame_axes"],
    "documents": ["similarity", "classify_framings"],
    "coding": ["coding_sample", "coding_form", "read_coding_sheets", "agreement", "lexicon_validity"],
    "plots": ["use_style", "save_figure", "framing_colors", "export"],
    "explore": ["explorer"],
}
_EXPORTS = {verb: stage for stage, verbs in _VERBS.items() for verb in verbs}

__all__ = sorted([*_EXPORTS, *STAGES, "CorpusError", "CorpusWarning"])


def __getattr__(name):
    stage = _EXPORTS.get(name)
    if stage is not None:
        value = getattr(import_module(f".{stage}", __name__), name)
    elif name in STAGES or name == "course":
        value = import_module(f".{name}", __name__)
    else:
        raise AttributeError(f"module 'framings' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__():
    return __all__
