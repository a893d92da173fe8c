"""The word-splitting primitive of framings._words (once doctests)."""
from framings._words import count_words_many, normalize_text


def test_normalize_text_straightens_apostrophes_and_lowercases_turkish_capital_i():
    assert normalize_text("Türkiye’s İstanbul") == "türkiye's istanbul"
    assert normalize_text("Türkiye’s İstanbul", lowercase=False) == "Türkiye's İstanbul"


def test_count_words_many_counts_letter_and_digit_runs():
    assert count_words_many(["Two words", "and three more, in 2025"]).tolist() == [2, 5]


# ---- invisible characters (issue 26): they split no word, and the cleaner counts what it removes

import unicodedata

import pytest

import framings as fr
from framings._words import INVISIBLE_CHARACTERS, JOINERS, invisible_counts, remove_invisible
from conftest import write_corpus


def test_every_invisible_character_is_a_unicode_format_character():
    # Unicode's own classification (general category Cf, "format"): nothing to draw, nothing to spell
    assert all(unicodedata.category(char) == "Cf" for char in [*INVISIBLE_CHARACTERS, *JOINERS])


@pytest.mark.parametrize("char", [*INVISIBLE_CHARACTERS, *JOINERS])
def test_an_invisible_character_inside_a_latin_word_is_removed_and_splits_nothing(char):
    word = f"Azer{char}baijan"
    assert normalize_text(word) == "azerbaijan"
    assert count_words_many([word, f"{word} and Russia"]).tolist() == [1, 3]
    assert invisible_counts(word) == {f"{(INVISIBLE_CHARACTERS | JOINERS)[char]} (U+{ord(char):04X})": 1}


@pytest.mark.parametrize("text", [
    "می\u200cخواهم",          # Persian: the non-joiner keeps "mi" apart from the verb (a required form)
    "क\u094d\u200dष",          # Devanagari: a half form, by a joiner after the virama (a combining mark)
    "\U0001f469\u200d\U0001f4bb",  # emoji sequence: woman + ZWJ + laptop
])
def test_joiners_stay_in_scripts_that_need_them(text):
    assert remove_invisible(text) == text
    assert invisible_counts(text) == {}
    assert normalize_text(text) == text.lower()


def test_text_without_invisible_characters_is_returned_as_is():
    for text in ["plain ascii", "Türkiye’s İstanbul", ""]:
        assert remove_invisible(text) is text


def test_a_corpus_with_invisible_characters_counts_azerbaijan_as_one_word_and_reports_them(tmp_path):
    text = ("Azer\u00adbaijan balances Russia and the West in its foreign policy, the text argues at length.\n"
            "\ufeffThe Middle Corridor runs through Azer\u200bbaijan and \u202eGeorgia\u202c, it says again.\n")
    folder = write_corpus(tmp_path / "corpus", {"a": ("x", text),
                                                "b": ("y", "Azerbaijan is named once in this plain text here.\n")})
    corpus = fr.load_corpus(folder)
    paras = fr.paragraphs(corpus)
    joined = "\n".join(paras["text"])
    assert not [c for c in joined if c in INVISIBLE_CHARACTERS or c in JOINERS]
    counts = fr.term_counts(fr.tokens(paras, stopwords=None))
    assert counts["azerbaijan"].to_dict() == {"x": 2, "y": 1}  # framing × term
    assert int(fr.kwic(paras, "azerbaijan").shape[0]) == 3
    report = fr.cleaning_report(corpus)
    rows = report[report["rule"] == "invisible character"].set_index("matched")["count"].to_dict()
    assert rows == {"soft hyphen (U+00AD)": 1, "byte-order mark (U+FEFF)": 1, "zero-width space (U+200B)": 1,
                    "right-to-left override (U+202E)": 1, "pop directional formatting (U+202C)": 1}
    assert set(report.loc[report["rule"] == "invisible character", "doc_id"]) == {"a"}
