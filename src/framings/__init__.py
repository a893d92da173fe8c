"""framings: compare how sources frame the same subject.

Public names are imported lazily (PEP 562) so that ``import framings`` stays
cheap: scikit-learn, scipy, matplotlib and seaborn load only when a function
that needs them is first used.
"""
from importlib import import_module

from .errors import CorpusError, CorpusWarning

# ``tokens`` and ``keyness`` are both modules and functions: import them eagerly and
# bind the functions, so the package attribute is the function whatever imports first.
from .tokens import tokens  # noqa: E402  (rebinds framings.tokens to the function)
from .keyness import keyness  # noqa: E402

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS = {
    # corpus
    "load_corpus": "corpus",
    "paragraphs": "corpus",
    "read_metadata": "corpus",
    "corpus_checksum": "corpus",
    "default_corpus_path": "paths",
    "add_document": "corpus",
    "iter_corpus": "corpus",
    # ingest: make a corpus from files, a table or a frame
    "init_corpus": "ingest",
    "corpus_from_frame": "ingest",
    "write_corpus": "ingest",
    "read_table": "ingest",
    # readers (the optional import extra)
    "extract": "readers",
    # paths
    "bundled_corpus_path": "paths",
    "corpus_folder_of": "paths",
    # labels
    "is_labelled": "labels",
    "require_labels": "labels",
    # clean
    "clean_text": "clean",
    "cleaning_report": "clean",
    "load_rules": "clean",
    "words_removed": "clean",
    "cleaning_audit": "clean",
    # tokens
    "tokens": "tokens",
    "tokenize": "tokens",
    "normalize_text": "tokens",
    "load_stopwords": "tokens",
    "load_phrases": "tokens",
    "load_variants": "tokens",
    # spelling
    "spelling_variants": "spelling",
    "spelling_table": "spelling",
    "variant_list": "spelling",
    # terms
    "term_counts": "terms",
    "count_matrix": "terms",
    "rate_per_10k": "terms",
    "tf_idf": "terms",
    # keyness
    "keyness": "keyness",
    "compare_groups": "keyness",
    "log_odds": "logodds",
    "dispersion": "keyness",
    "kwic": "keyness",
    "collocations": "keyness",
    "rate_ci": "keyness",
    # topics
    "document_term_matrix": "topics",
    "fit_topics": "topics",
    "top_terms": "topics",
    "doc_topics": "topics",
    "coherence": "topics",
    "select_k": "topics",
    "stability": "topics",
    "stability_null": "topics",
    "prevalence": "topics",
    "topic_similarity": "topics",
    "typical_paragraphs": "topics",
    # frames
    "load_lexicon": "frames",
    "frame_scores": "frames",
    "frame_profile": "frames",
    "frame_matches": "frames",
    "actor_frame_association": "frames",
    "paragraph_map": "frames",
    "lexicon_precision": "frames",
    "load_actors": "frames",
    "precision_sample": "frames",
    "dominant_frames": "frames",
    # topic map
    "topic_map": "topicmap",
    "topic_distances": "topicmap",
    # explorer
    "explorer": "explore",
    "explorer_tables": "explore",
    # compare
    "similarity": "compare",
    "classify_framings": "compare",
    "accuracy_table": "compare",
    "neighbour_shares": "compare",
    "similarity_verdict": "compare",
    "own_label_verdict": "compare",
    # permutation
    "permutation_test": "permutation",
    # codebook
    "load_codebook": "codebook",
    "codebook_codes": "codebook",
    "codebook_anchors": "codebook",
    # coding (blind sample, sheets)
    "coding_sample": "coding",
    "blind_sheet": "coding",
    "write_coding_sample": "coding",
    "read_sheet": "coding",
    "read_key": "coding",
    "read_coding_sheets": "coding",
    "coding_sheets": "coding",
    "body_paragraphs": "coding",
    "validity_dots": "validityplot",
    "sample_design_bars": "validityplot",
    # coding form (JupyterLab)
    "CodingSession": "codingform",
    "coding_form": "codingform",
    # intercoder agreement
    "agreement": "intercoder",
    "krippendorff_alpha": "intercoder",
    "confusion_table": "intercoder",
    # lexicon validity against coders
    "consensus_codes": "validity",
    "lexicon_validity": "validity",
    "coding_provenance": "validity",
    # course helpers: describe, read closely, tabulate key terms
    "document_sizes": "describe",
    "framing_sizes": "describe",
    "long_rates": "describe",
    "shared_top_terms": "describe",
    "tfidf_exclusivity": "describe",
    "ordered_unique": "reading",
    "term_positions": "reading",
    "most_key_framing": "reading",
    "concordance": "reading",
    "dispersion_summary": "reading",
    "pairwise_matrix": "keyterms",
    "fdr_sensitivity": "keyterms",
    "rate_difference_tests": "permutation",
    "n_relabellings": "permutation",
    "actor_frame_cells": "frametables",
    "judge_provenance": "frametables",
    "alpha_verdict": "frametables",
    "document_pairs": "frametables",
    "same_label_gap": "frametables",
    "variant_keyness": "keyterms",
    # known answer: corpora with a planted framing, and what each method recovers (notebook 07)
    "planted_tokens": "simulate",
    "planted_paragraphs": "simulate",
    "planted_lexicon": "knownanswer",
    "method_flags": "knownanswer",
    "known_answer_runs": "knownanswer",
    "recovery_summary": "knownanswer",
    "known_answer_plot": "knownanswerplot",
    # plots
    "use_style": "plots",
    "save_figure": "plots",
    "framing_colors": "plots",
}

__all__ = sorted([*_EXPORTS, "CorpusError", "CorpusWarning"])


def __getattr__(name):
    module = _EXPORTS.get(name)
    if module is None:
        # a submodule (``fr.plots``, ``fr.topics``) is importable whether or not a function of it ran yet
        if not name.startswith("__"):
            from importlib.util import find_spec

            if find_spec(f"{__name__}.{name}") is not None:
                return import_module(f".{name}", __name__)
        raise AttributeError(f"module 'framings' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return __all__
