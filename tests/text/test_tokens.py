"""Unicode correctness and options of the tokenizer, one test per case."""
import unicodedata

import pandas as pd
import pytest

import framings as fr
from framings.text import tokenize


def tok(text, **options):
    """Every word as written: no stop words removed, spellings not merged."""
    options.setdefault("stopwords", None)
    options.setdefault("merge_variants", False)
    return tokenize(text, **options)


def test_nfc_normalisation():
    decomposed = unicodedata.normalize("NFD", "Türkiye Şuşa")
    assert decomposed != "Türkiye Şuşa"
    assert tok(decomposed) == tok("Türkiye Şuşa") == ["türkiye", "şuşa"]


def test_turkish_dotted_capital_i():
    assert "İlham".lower() == "i\u0307lham"  # the Python behaviour we must not inherit
    assert tok("İlham Aliyev") == ["ilham", "aliyev"]
    assert tok(unicodedata.normalize("NFD", "İlham")) == ["ilham"]


def test_dotless_i_and_schwa_are_kept():
    assert tok("Mehmet Rıza Əliyev Həsənli") == ["mehmet", "rıza", "əliyev", "həsənli"]


def test_curly_and_straight_apostrophes_give_the_same_tokens():
    assert tok("Azerbaijan’s policy") == tok("Azerbaijan's policy") == ["azerbaijan", "policy"]
    assert tok("Russia‘s") == tok("Russia's")


def test_non_breaking_hyphen_equals_hyphen():
    assert tok("anti\u2011Western decision\u2011making") == tok("anti-Western decision-making") \
        == ["anti-western", "decision-making"]


def test_en_and_em_dashes_split():
    assert tok("Russia–Ukraine") == ["russia", "ukraine"]
    assert tok("Türkiye—Azerbaijan") == ["türkiye", "azerbaijan"]


def test_numbers_kept_or_dropped():
    assert tok("In 2020 and 1991-1994", phrases=False) == ["in", "2020", "and", "1991-1994"]
    assert tok("In 2020 and 1991-1994", numbers=False) == ["in", "and"]
    assert tok("the 21st century", numbers=False) == ["the", "21st", "century"]


def test_no_token_is_punctuation_or_a_lone_combining_mark():
    tokens = tok("« » • — – ' \" ( ) \u0307 \u0301 … ; : ! ? - _", min_length=1)
    assert tokens == []
    for token in tok("word\u0307 «Deal of the Century» • bullet", min_length=1):
        assert any(ch.isalnum() for ch in token)
        assert not unicodedata.combining(token[0])


def test_no_break_space_is_a_space():
    assert tok("South\u00a0Caucasus", phrases=False) == ["south", "caucasus"]


def test_lowercase_option():
    assert tok("Baku Ankara", lowercase=False) == ["Baku", "Ankara"]


def test_stopwords_default_english_and_none():
    text = "The alliance of the Turkic states et al."
    assert tokenize(text, phrases=False) == ["alliance", "turkic", "states"]
    assert tokenize(text, stopwords="english", phrases=False) == ["alliance", "turkic", "states", "et", "al"]
    assert tokenize(text, stopwords=None, phrases=False) == ["the", "alliance", "of", "the", "turkic",
                                                              "states", "et", "al"]
    assert tokenize(text, stopwords={"alliance"}, phrases=False) == ["the", "of", "the", "turkic", "states",
                                                                      "et", "al"]


def test_shipped_stopword_list_is_snowball():
    english = fr.text.load_stopwords("english")
    assert len(english) == 174
    assert {"the", "and", "ourselves", "mustn't"} <= english
    assert "us" not in english  # Snowball leaves out "us" (US = United States)


@pytest.mark.parametrize("text, phrase", [
    ("the Organization of Turkic States", "organization_of_turkic_states"),
    ("Azerbaijan's strategic autonomy", "strategic_autonomy"),
    ("the Middle Corridor", "middle_corridor"),
    ("after the Second Karabakh War", "second_karabakh_war"),
    ("in the South Caucasus", "south_caucasus"),
    ("the Shusha Declaration", "shusha_declaration"),
    ("One nation, two states", "one_nation_two_states"),
    ("Nagorno-Karabakh", "nagorno_karabakh"),
])
def test_phrases_are_joined(text, phrase):
    assert phrase in tokenize(text)
    assert phrase not in tokenize(text, phrases=False)


def test_custom_phrase_list():
    assert tokenize("energy diplomacy matters", phrases=["energy diplomacy"]) == ["energy_diplomacy", "matters"]


def test_merge_variants():
    text = "Turkey, Turkiye and Türkiye; Əliyev and Aliyev"
    assert tokenize(text, merge_variants=False) == ["turkey", "turkiye", "türkiye", "əliyev", "aliyev"]
    assert tokenize(text, merge_variants=True) == ["türkiye", "türkiye", "türkiye", "aliyev", "aliyev"]
    assert tokenize(text) == tokenize(text, merge_variants=True), "merged by default, as in lexicon matching"


def test_stem_uses_snowball():
    from nltk.stem.snowball import SnowballStemmer

    words = ["relations", "strategic", "integration", "balancing"]
    assert tokenize(" ".join(words), stem=True) == [SnowballStemmer("english").stem(w) for w in words]
    assert tokenize("strategic autonomy matters", stem=True) == ["strategic_autonomy", "matter"]


def test_min_length():
    assert tok("a bb ccc", min_length=3) == ["ccc"]
    assert tok("a bb ccc", min_length=1) == ["a", "bb", "ccc"]


def test_tokens_frame(paras, toks):
    assert list(toks.columns) == ["doc_id", "para_id", "framing", "position", "token"]
    assert isinstance(toks["token"].dtype, pd.CategoricalDtype)
    assert toks["position"].dtype == "int32"
    assert set(toks["para_id"].unique()) <= set(paras["para_id"])
    first = paras.iloc[0]
    assert list(toks.loc[toks["para_id"] == first["para_id"], "token"].astype(str)) == tokenize(first["text"])
    # positions count tokens before stop words are removed: gaps appear, order is kept
    positions = toks.loc[toks["para_id"] == first["para_id"], "position"].to_numpy()
    assert (positions[1:] > positions[:-1]).all()


def test_tokens_on_real_corpus_has_unicode_cases(paras, toks):
    as_written = fr.tokens(paras, merge_variants=False)
    vocabulary = set(as_written["token"].cat.categories)
    assert "ilham" in vocabulary and "i\u0307lham" not in vocabulary
    assert "anti-western" in vocabulary
    assert "azerbaijan’s" not in vocabulary and "azerbaijan's" not in vocabulary
    assert "turkey" in vocabulary and "türkiye" in vocabulary
    assert not any(t.strip("-'_") != t for t in vocabulary)
    merged = set(toks["token"].cat.categories)  # the default merges the spellings
    assert "turkey" not in merged and "türkiye" in merged
    assert (toks.attrs["merge_variants"], as_written.attrs["merge_variants"]) == (True, False)


def test_tokens_rejects_wrong_frame():
    with pytest.raises(fr.CorpusError, match="lacks column"):
        fr.tokens(pd.DataFrame({"text": ["x"]}))


def reference_tokens(text, lowercase=True, stopwords="default", phrases=True, min_length=2, hyphens="keep",
                     merge_variants=True):
    """The documented steps applied literally to the whole text, as a check on the fast tokenizer."""
    import re

    from framings._words import TOKEN_PATTERN
    from framings.text._tokens import _TOKEN_SPLIT_HYPHENS, _join_phrase, _phrase_pattern, _resolve_phrases, _resolve_stopwords
    from framings.text import CONTRACTIONS_S

    text = fr.text.normalize_text(text, lowercase)
    pattern = _phrase_pattern(_resolve_phrases(phrases), lowercase)
    if pattern is not None:
        text = pattern.sub(_join_phrase, text)
    stop = _resolve_stopwords(stopwords)
    variants = fr.text.load_variants() if merge_variants else {}
    out = []
    token_pattern = TOKEN_PATTERN if hyphens == "keep" else _TOKEN_SPLIT_HYPHENS
    for position, token in enumerate(token_pattern.findall(text)):
        token = token[:-2] if re.search(r"'[sS]$", token) and token.lower() not in CONTRACTIONS_S else token
        if len(token) >= min_length and token not in stop:
            out.append((position, variants.get(token, token)))
    return out


@pytest.mark.parametrize("options", [{}, {"merge_variants": False}, {"lowercase": False},
                                     {"stopwords": None, "min_length": 1},
                                     {"phrases": ["of the", "the south", "people's republic"]},
                                     {"stopwords": None, "hyphens": "split"}])
def test_fast_tokenizer_equals_the_documented_steps(paras, options):
    from framings.text import Tokenizer

    awkward = ["strategic , autonomy", "strategic\u00a0-\u00a0autonomy", "x-strategic autonomy_y", "South\nCaucasus",
               "one nation,two states", "ΟΔΟΣ Σ", "İlham’s  anti\u2011Western", "a\u0301 e\u0301e", "nul\x00 byte",
               "the South Caucasus, the south caucasus", "Nagorno–Karabakh Nagorno-Karabakh", "people's republic",
               "It's 1,000 or 7.8 (2,500.50), 1,2,3; let's not; don't", "1,000th 3.5km v2.0 end 2020. 1.000,5"]
    texts = list(paras["text"]) + awkward
    tokenizer = Tokenizer(**options)
    term, text_index, position = tokenizer.encode(texts)
    got = [[] for _ in texts]
    for i, p, t in zip(text_index.tolist(), position.tolist(), term.tolist()):
        got[i].append((p, tokenizer.terms[t]))
    for text, tokens_of_text in zip(texts, got):
        assert tokens_of_text == reference_tokens(text, **options), text[:60]
