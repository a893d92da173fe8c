"""The tokenizer's output is what it was before the cold-path speed work (issue 24), on both corpora and tricky text.

``tokens_reference.json`` beside this file was written by the tokenizer of main at a2f2cc7 (before that work) with
``PYTHONPATH=<that checkout>/src python tests/text/test_tokens_unchanged.py --write``: the tokens of tricky strings
in full, and for the shipped corpus and the practice corpus (``practice/inaugural/``) the number of tokens and the
SHA-256 of every (paragraph, position, token) row of ``fr.tokens`` and of every count of ``count_matrix``. Each option
set is checked on the tokenizer's own choice of path, on its one-pass-per-batch path and in small batches (a memory
of chunks that is no longer young): every way must give the reference.
"""
from __future__ import annotations

import hashlib
import json
import sys
import unicodedata
import warnings
from pathlib import Path

import pytest

import framings as fr
from framings.text import _counts, _tokens

REFERENCE = Path(__file__).with_name("tokens_reference.json")

ROOT = Path(__file__).resolve().parents[2]

CORPORA = {"shipped": ROOT / "corpus", "practice": ROOT / "practice" / "inaugural"}

OPTIONS = {
    "defaults": {},
    "every word": {"stopwords": None, "phrases": False, "merge_variants": False},
    "hyphens split": {"hyphens": "split"},
    "case kept": {"lowercase": False},
    "stemmed": {"stem": True},
    "no numbers, 3+": {"numbers": False, "min_length": 3},
    "one letter": {"min_length": 1, "stopwords": None},
}

TRICKY = [
    # apostrophes: straight, curly, modifier letter, prime; possessives, contractions, quotes, elisions
    "Azerbaijan's Azerbaijan’s Azerbaijan‘s Azerbaijanʼs Azerbaijan′s AZERBAIJAN'S",
    "it's that's It’s let's O'Neill rock 'n' roll 'quoted' ends' 'starts ''double'' don't",
    "the nations' views; the nation's view; James's; s's 's '",
    # hyphens and dashes: inner, leading, trailing, doubled, non-breaking, U+2010, en and em dashes, minus
    "anti-western anti‑western anti‐western -leading trailing- double--hyphen a-b-c-d x-1 1-x",
    "Russia–Ukraine Russia—Ukraine 1918–1920 pp. 12-15 −5 - -- --- — – self-'made' co-op'd",
    # Unicode letters: Turkish, Azerbaijani, Cyrillic, Greek, CJK, Arabic, combining marks, NFD, ligatures
    "Türkiye İstanbul İLHAM ılık Əliyev Həsənli Şuşa Çelikpala Ğ ğ",
    unicodedata.normalize("NFD", "Türkiye Şuşa İlham café naïve"),
    "Москва Kулагин Алиев Ελλάδα 北京 東京都 مرحبا שלום ﬁnance Ⅻ x²",
    "e\u0301 \u0301alone a\u0301b caf\u00e9 cafe\u0301",
    # invisible characters: soft hyphen, zero-width space, joiners, byte-order mark, bidi marks
    "Azer\u00adbaijan Azer\u200bbaijan \u200dx \ufeffword \u200eleft می\u200cخواهم",
    # numbers: separators, decimals, percentages, ordinals, decades, versions, signs
    "1,000 7.8% 2,500.50 1.2.3 ,5 5, 3rd 1990s 2024a 1,00,000 12:30 +44 -3.5 1e6 0.5.",
    "1,000people 7.8x a1,000 1,000-strong 1.5-fold 2025/26 No.5",
    # phrases across spaces, commas, hyphens, case and line breaks; underscores
    "strategic autonomy Strategic Autonomy strategic, autonomy strategic-autonomy strategic\nautonomy",
    "energy security energy-security energy_security snake_case _lead trail_ a__b",
    # no-break spaces and other separators, punctuation only, empty and space-only
    "no\u00a0break narrow\u202fno-break figure\u2007space tab\there",
    "... !!! ??? — « » “ ” ( ) [ ] { } * & @ # % ^ ~ ` | \\ / <>",
    "",
    "   \t  ",
    # the separator of texts in a batch inside a text (the tokenizer's other path)
    "before\x00after and\x00 \x00",
    # e-mail, URL and hashtag-like text (cleaning removes real ones; the tokenizer still sees such text)
    "mail me at a.b@example.org or www.example.com/path?q=1 #tag @user",
]


def _digest(*columns) -> str:
    """SHA-256 of the rows of ``columns`` written as tab-separated lines."""
    lines = "\n".join(map("\t".join, zip(*(map(str, column) for column in columns))))
    return hashlib.sha256(lines.encode("utf-8", "surrogatepass")).hexdigest()


def _rows_digest(frame) -> str:
    return _digest(frame["para_id"].astype(str), frame["position"].tolist(), frame["token"].astype(str))


def _counts_digest(rows, vocabulary, matrix) -> str:
    coo = matrix.tocoo()
    order = sorted(zip(coo.row.tolist(), coo.col.tolist()))
    dense = {(r, c): n for r, c, n in zip(coo.row.tolist(), coo.col.tolist(), coo.data.tolist())}
    return _digest([rows[r] for r, _ in order], [vocabulary[c] for _, c in order], [dense[key] for key in order])


def _paragraphs(name: str):
    """The corpus' paragraphs as a fresh load gives them: with the chunk ids of every paragraph (a load that
    cleans; a load from the cache of cleaned documents has none, and count_matrix splits the texts itself)."""
    import os

    saved = os.environ.get("FRAMINGS_CLEAN_CACHE")
    os.environ["FRAMINGS_CLEAN_CACHE"] = "0"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return fr.paragraphs(fr.load_corpus(CORPORA[name]))
    finally:
        if saved is None:
            del os.environ["FRAMINGS_CLEAN_CACHE"]
        else:
            os.environ["FRAMINGS_CLEAN_CACHE"] = saved


def snapshot_tricky(options: dict) -> list[list[str]]:
    paras = {"doc_id": [f"t{i}" for i in range(len(TRICKY))], "para_id": [f"t{i}" for i in range(len(TRICKY))],
             "framing": ["f"] * len(TRICKY), "text": TRICKY}
    import pandas as pd

    frame = fr.tokens(pd.DataFrame(paras), corpus=CORPORA["shipped"], **options)
    return [frame.loc[frame["para_id"] == f"t{i}", "token"].astype(str).tolist() for i in range(len(TRICKY))]


def snapshot_corpus(paras, options: dict) -> dict:
    frame = fr.tokens(paras, **options)
    rows, vocabulary, matrix = fr.text.count_matrix(paras, by="doc_id", **options)
    return {"tokens": len(frame), "rows_sha256": _rows_digest(frame),
            "counts_sha256": _counts_digest(list(rows), list(vocabulary), matrix)}


def snapshot() -> dict:
    corpora = {name: _paragraphs(name) for name in CORPORA}
    return {label: {"tricky": snapshot_tricky(options),
                    **{name: snapshot_corpus(paras, options) for name, paras in corpora.items()}}
            for label, options in OPTIONS.items()}


@pytest.fixture(scope="module")
def reference() -> dict:
    return json.loads(REFERENCE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def corpora() -> dict:
    return {name: _paragraphs(name) for name in CORPORA}


PATHS = ["own choice", "split afresh", "one pass per batch", "small batches"]


@pytest.fixture(params=PATHS)
def path(request, monkeypatch):
    if request.param == "one pass per batch":
        monkeypatch.setattr(_tokens.Tokenizer, "_mostly_new", lambda self, texts: True)
    elif request.param == "small batches":  # many batches: the memory of chunks is no longer young after the first
        monkeypatch.setattr(_tokens._batches, "__defaults__", (5_000,))
    return request.param


@pytest.mark.parametrize("label", list(OPTIONS))
def test_tricky_strings_give_the_reference_tokens(reference, path, label):
    got = snapshot_tricky(OPTIONS[label])
    for text, expected, tokens in zip(TRICKY, reference[label]["tricky"], got):
        assert tokens == expected, repr(text)


# the filters (stemming, length, numbers) act on the tokens the paths find alike: one path for them is enough
PATHS_AND_OPTIONS = [(path, label) for label in OPTIONS for path in PATHS
                     if path == "own choice" or label in ("defaults", "every word", "hyphens split", "case kept")]


@pytest.mark.parametrize("name", list(CORPORA))
@pytest.mark.parametrize(("path", "label"), PATHS_AND_OPTIONS, indirect=["path"])
def test_corpora_give_the_reference_tokens_and_counts(reference, corpora, path, name, label):
    paras = corpora[name]
    # "own choice": count_matrix takes the chunk ids the load kept; every other path splits the texts (a copy
    # of the frame carries no chunk ids)
    assert (_counts._known_chunks(paras, paras["text"].tolist()) is not None) is True
    if path != "own choice":
        paras = paras.copy()
        assert _counts._known_chunks(paras, paras["text"].tolist()) is None
    assert snapshot_corpus(paras, OPTIONS[label]) == reference[label][name]


def test_the_reference_covers_every_option_set_and_real_text(reference):
    assert set(reference) == set(OPTIONS)
    assert all(reference[label][name]["tokens"] > 5_000 for label in OPTIONS for name in CORPORA)
    assert len(reference["defaults"]["tricky"]) == len(TRICKY)


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python tests/text/test_tokens_unchanged.py --write  (with the reference code on PYTHONPATH)")
    REFERENCE.write_text(json.dumps(snapshot(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {REFERENCE}")
