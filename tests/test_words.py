"""The word-splitting primitive of framings._words (once doctests)."""
from framings._words import count_words_many, normalize_text


def test_normalize_text_straightens_apostrophes_and_lowercases_turkish_capital_i():
    assert normalize_text("Türkiye’s İstanbul") == "türkiye's istanbul"
    assert normalize_text("Türkiye’s İstanbul", lowercase=False) == "Türkiye's İstanbul"


def test_count_words_many_counts_letter_and_digit_runs():
    assert count_words_many(["Two words", "and three more, in 2025"]).tolist() == [2, 5]
