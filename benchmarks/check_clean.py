"""Check that cleaning gives the same text and report as an earlier version (speed work must not change them).

``python benchmarks/check_clean.py [REV]`` loads ``src/framings/clean.py`` as it was at git revision ``REV``
(default: main before the cleaning speed-ups of issue 18's second round) beside the current one and compares
``clean_text`` -- the cleaned text and every row of the report -- on each shipped document with its own rules, on
the same documents with every letter run given a random suffix (distinct text), and on noisy copies: doubled
spaces, tabs, spaces before punctuation, URLs, e-mail addresses, Cyrillic look-alike letters and line breaks
dropped in at random places. Exits 1 on any difference.
"""
from __future__ import annotations

import random
import sys
import warnings

import pandas as pd

from _bench import ROOT, distinct_texts, module_at

REFERENCE = "bec659d"  # the last commit before the stage subpackages (issue 23)
NOISE = ["  ", "\t", " .", " ,", " ;", " !", " ?", " (see https://example.org/a?b=1) ", " www.example.com ",
         " jane.doe@example.org ", " j.doe [at] example.org ", "\u0430", "\u0435", "\u043e", "\n", " . . ",
         " (Smith, 2020, p. 4) ", " (2019, p. 12) ", "3 .5", "U.S. ", "\u00a0", "\u2019s"]


def noisy(text: str, seed: int, n: int = 400) -> str:
    rng = random.Random(seed)
    pieces = list(text)
    for _ in range(n):
        pieces.insert(rng.randrange(len(pieces) + 1), rng.choice(NOISE))
    return "".join(pieces)


def main(rev: str) -> int:
    warnings.simplefilter("ignore")
    import framings as fr
    from framings import clean as current

    reference = module_at(rev, "clean")
    meta = pd.read_csv(ROOT / "corpus" / "metadata.csv", dtype=str, keep_default_na=False)
    cases = []
    for row in meta.itertuples():
        raw = (ROOT / "corpus" / "raw" / row.file).read_text(encoding="utf-8")
        rules = fr.clean.load_rules(ROOT / "corpus" / "rules" / f"{row.doc_id}.yaml", row.doc_id)
        cases.append((f"{row.doc_id}", raw, rules))
        cases.append((f"{row.doc_id} distinct", distinct_texts([raw], 1, seed=7)[0], rules))
        for seed in range(3):
            cases.append((f"{row.doc_id} noisy {seed}", noisy(raw, seed), rules))
            cases.append((f"{row.doc_id} noisy {seed}, default rules", noisy(raw, seed + 10), None))
    differences = 0
    spellings = fr.corpus.corpus_spellings(ROOT / "corpus")  # the reference counts these from its SPELLING_VARIANTS
    for name, text, rules in cases:
        ours = current.clean_text(text, rules, doc_id="d", spellings=spellings)
        theirs = reference.clean_text(text, rules, doc_id="d")
        if ours[0] != theirs[0] or not ours[1].equals(theirs[1]):
            differences += 1
            print(f"DIFFERENT: {name}")
    print(f"{len(cases)} documents cleaned by {rev} and by the working tree: {differences} differ")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else REFERENCE))
