"""Check that the tokenizer gives the same tokens as an earlier version (speed work must not change them).

``python benchmarks/check_tokens.py [REV]`` loads ``src/framings/tokens.py`` as it was at git revision ``REV``
(default: the last commit before issue 18's tokenizer changes) beside the current one and compares, on the shipped
corpus and on the distinct-text corpus (every letter run given a random suffix), for several option sets:
``tokens()`` frames (doc, paragraph, position, token) and ``count_matrix`` counts. The current tokenizer is run
both ways: choosing its path itself and forced onto the one-pass-per-batch path. Exits 1 on any difference.
"""
from __future__ import annotations

import importlib
import sys
import warnings

import pandas as pd

from _bench import ROOT, distinct_texts, module_at

REFERENCE = "bec659d"  # the last commit before the stage subpackages (issue 23)
OPTIONS = [{}, {"stopwords": None, "phrases": False}, {"hyphens": "split"}, {"lowercase": False},
           {"merge_variants": True, "stem": True}, {"numbers": False, "min_length": 3}, {"min_length": 1}]


def frame(module, paras: pd.DataFrame, options: dict) -> pd.DataFrame:
    # spellings as written unless an option set says otherwise: the earlier version's default (today's merges)
    out = module.tokens(paras, **{"merge_variants": False, **options})
    return out.assign(token=out["token"].astype(str), doc_id=out["doc_id"].astype(str),
                      para_id=out["para_id"].astype(str), framing=out["framing"].astype(str))


def main(rev: str) -> int:
    warnings.simplefilter("ignore")
    import framings as fr
    current = importlib.import_module("framings.text._tokens")

    old = module_at(rev, "tokens")
    shipped = fr.paragraphs(fr.load_corpus())
    distinct = pd.DataFrame({"text": distinct_texts(shipped["text"].tolist(), 20)})
    distinct = distinct.assign(doc_id="d", para_id=[f"p{i}" for i in range(len(distinct))], framing="f")
    distinct.attrs = dict(shipped.attrs)
    failures = 0
    for name, paras in (("shipped corpus", shipped), ("distinct text x20", distinct)):
        for options in OPTIONS:
            expected = frame(old, paras, options)
            for forced in (False, True):
                saved = current.Tokenizer._mostly_new
                if forced:
                    current.Tokenizer._mostly_new = lambda self, texts: True
                try:
                    got = frame(current, paras, options)
                finally:
                    current.Tokenizer._mostly_new = saved
                same = got.reset_index(drop=True).equals(expected.reset_index(drop=True))
                failures += not same
                print(f"{'same' if same else 'DIFFERENT'}: {name}, {options or 'defaults'}"
                      f"{', one pass per batch' if forced else ''} ({len(got):,} tokens)")
    print("all identical" if not failures else f"{failures} difference(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else REFERENCE))
