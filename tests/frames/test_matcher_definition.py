"""The lexicon matcher's shortcuts (issue 24) find what the plain definition finds."""
import numpy as np
import pytest

from framings.frames._matcher import _compile, _split_words

VOCABULARY = ["energy", "Energy", "ENERGY", "corridor", "EU", "eu", "ally", "allies", "allied", "Türkiye's",
              "state-building", "building", "state", "gas", "pipe-line", "line", "the", "of", "İstanbul", "colour",
              "color", "non-aligned", "aligned", "US", "us"]
TERMS = [("a", "energy", False), ("a", "energy corridor", False), ("b", "EU", True), ("b", "ally*", False),
         ("b", "alli*", False), ("c", "state-building", False), ("c", "building", False), ("a", "pipe line", False),
         ("c", "Türkiye", False), ("c", "colour", False), ("a", "non-aligned", False), ("b", "US", True),
         ("a", "gas pipe*", False), ("c", "İstanbul", True)]


def _find_by_definition(matcher, words):
    """Every pattern tried at every word; the longest, then leftmost, non-overlapping matches kept."""
    candidates = []
    for start in range(len(words.lower)):
        for entry, pattern in enumerate(matcher.patterns):
            end = start + len(pattern)
            if end <= len(words.lower) and all(matcher._word_matches(kind, word, words, start + k)
                                               for k, (kind, word) in enumerate(pattern)):
                candidates.append((-len(pattern), start, entry))
    taken, accepted = set(), []
    for negative_length, start, entry in sorted(candidates):
        span = set(range(start, start - negative_length))
        if not span & taken:
            taken |= span
            accepted.append((entry, start, start - negative_length))
    return sorted(accepted, key=lambda match: match[1])


@pytest.mark.parametrize("terms", [TERMS, [t for t in TERMS if not t[2] and "*" not in t[1]]],
                         ids=["with wildcards and case", "lower-case words only"])
def test_find_equals_the_definition_on_random_texts(terms):
    rng = np.random.default_rng(7)
    variants = {"color": "colour"}
    matcher = _compile([g for g, _, _ in terms], [t for _, t, _ in terms], [c for *_, c in terms], source="test",
                       variants=variants)
    token_parts = {}
    n_matches = 0
    for _ in range(300):
        text = " ".join(rng.choice(VOCABULARY, size=int(rng.integers(0, 30))))
        words = _split_words(text, variants, token_parts)
        assert words == _split_words(text, variants)  # the shared token cache changes nothing
        quick = _split_words(text, variants, token_parts, positions=False)
        assert (quick.lower, quick.folded, quick.exact) == (words.lower, words.folded, words.exact)
        found = matcher.find(words)
        assert found == _find_by_definition(matcher, words)
        assert matcher.find(quick) == found
        n_matches += len(found)
    assert n_matches > 300  # the texts do match
