"""The tokenizer against R tidytext's unnest_tokens on a fixture (tests/fixtures/tidytext/README.md)."""
from pathlib import Path

import pandas as pd

import framings as fr

FIXTURES = Path(__file__).parents[1] / "fixtures" / "tidytext"

# tidytext token -> framings tokens: every intended difference, documented in the fixture README
INTENDED = {
    "azerbaijan's": ["azerbaijan"],
    "türkiye’s": ["türkiye"],
    "i̇lham": ["ilham"],
    "u.s": ["u", "s"],
    "info@example.org": ["info", "example", "org"],
    "www.example.org": ["www", "example", "org"],
}


def test_tokens_equal_tidytext_but_for_the_documented_differences():
    reference = pd.read_csv(FIXTURES / "tidytext-words.csv", dtype=str, keep_default_na=False)
    lines = (FIXTURES / "fixture.txt").read_text(encoding="utf-8").splitlines()
    used = set()
    for number, line in enumerate(lines, start=1):
        theirs = reference.loc[reference["line"] == str(number), "word"].tolist()
        expected = []
        for token in theirs:
            if token in INTENDED:
                used.add(token)
                expected.extend(INTENDED[token])
            else:
                expected.append(token)
        ours = fr.text.tokenize(line, stopwords=None, phrases=False, min_length=1, hyphens="split",
                                merge_variants=False)  # tidytext keeps every spelling as written
        assert ours == expected, line
    assert used == set(INTENDED)  # no stale entry


def test_hyphens_keep_differs_from_tidytext_only_in_compounds():
    reference = pd.read_csv(FIXTURES / "tidytext-words.csv", dtype=str, keep_default_na=False)
    ours = [t for line in (FIXTURES / "fixture.txt").read_text(encoding="utf-8").splitlines()
            for t in fr.text.tokenize(line, stopwords=None, phrases=False, min_length=1, merge_variants=False)]
    compounds = [t for t in ours if "-" in t]
    assert compounds == ["anti-western", "multi-vector", "1991-1994", "covid-19", "e-mail"]
    assert {"1,000", "7.8", "2,500.50", "3.5", "it's", "let's", "don't", "what's"} <= set(reference["word"]) & set(ours)
