"""Cleaning gives what it gave before the cold-path speed work (issue 24): every text and every report row.

``clean_reference.json`` beside this file was written by the cleaning code of main at a2f2cc7 (before that work)
with ``PYTHONPATH=<that checkout>/src python tests/clean/test_clean_unchanged.py --write``: for every document of
the shipped corpus and of the practice corpus (``practice/inaugural/``), cleaned by its own rules, and for noisy
copies of the shipped documents (invisible characters, OCR misreadings the rules repair, URLs, e-mail addresses,
Cyrillic look-alikes, citations, doubled spaces and line breaks put in at seeded random places), the SHA-256 of
the cleaned text and of the report rows, and the number of report rows.
"""
from __future__ import annotations

import hashlib
import json
import random
import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest

import framings as fr

REFERENCE = Path(__file__).with_name("clean_reference.json")

ROOT = Path(__file__).resolve().parents[2]

CORPORA = {"shipped": ROOT / "corpus", "practice": ROOT / "practice" / "inaugural"}

NOISE = ["  ", "\t", " .", " ,", " ;", " !", " ?", " (see https://example.org/a?b=1) ", " www.example.com ",
         " jane.doe@example.org ", " j.doe [at] example.org ", "\u0430", "\u0435", "\u043e", "\n", " . . ",
         " (Smith, 2020, p. 4) ", " (2019, p. 12) ", "3 .5", "U.S. ", "\u00a0", "\u2019s",
         # invisible characters (removed and counted), joiners, and the OCR misreadings of the rules' replace lists
         "\u00ad", "\u200b", "\ufeff", "\u200e", "\u200c", "\u200d", " Azerbajjan ", " Çelikipala ", "Azerbajjan",
         " \u2028 ", "\r\n", "\u0130", "\u0131", "\u2014", "\u2011", "\u00ab", "\u00bb", " Turkey ", " Türkiye "]


def noisy(text: str, seed: int, n: int = 400) -> str:
    rng = random.Random(seed)
    pieces = list(text)
    for _ in range(n):
        pieces.insert(rng.randrange(len(pieces) + 1), rng.choice(NOISE))
    return "".join(pieces)


def cases() -> list[tuple[str, Path, str, str]]:
    """(case name, corpus folder, doc_id, raw text) of every document, and noisy copies of the shipped ones."""
    found = []
    for name, folder in CORPORA.items():
        meta = pd.read_csv(folder / "metadata.csv", dtype=str, keep_default_na=False)
        for row in meta.itertuples():
            raw = (folder / "raw" / row.file).read_text(encoding="utf-8")
            found.append((f"{name}/{row.doc_id}", folder, row.doc_id, raw))
            if name == "shipped":
                for seed in range(2):
                    found.append((f"{name}/{row.doc_id} noisy {seed}", folder, row.doc_id, noisy(raw, seed)))
    return found


def _rules(folder: Path, doc_id: str) -> dict:
    path = folder / "rules" / f"{doc_id}.yaml"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fr.clean.load_rules(path if path.exists() else folder / "rules" / "_default.yaml", doc_id)


def cleaned(folder: Path, doc_id: str, raw: str) -> dict:
    text, report = fr.clean.clean_text(raw, _rules(folder, doc_id), doc_id=doc_id,
                                       spellings=fr.corpus.corpus_spellings(folder))
    rows = report.to_csv(index=False, lineterminator="\n")
    return {"text_sha256": hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
            "report_sha256": hashlib.sha256(rows.encode("utf-8", "surrogatepass")).hexdigest(),
            "report_rows": len(report)}


CASES = cases()


@pytest.fixture(scope="module")
def reference() -> dict:
    return json.loads(REFERENCE.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("name", "folder", "doc_id", "raw"), CASES, ids=[case[0] for case in CASES])
def test_cleaning_gives_the_reference_text_and_report(reference, name, folder, doc_id, raw):
    assert cleaned(folder, doc_id, raw) == reference[name]


def test_the_reference_covers_every_case_and_the_noise_is_cleaned(reference):
    assert set(reference) == {case[0] for case in CASES}
    assert len([name for name in reference if name.startswith("practice/")]) == 59
    # the noise reached the steps it is there for: invisibles removed and counted, repairs made
    _, _, doc_id, raw = next(case for case in CASES if case[0] == "shipped/heyet-2026 noisy 0")
    _, report = fr.clean.clean_text(raw, _rules(CORPORA["shipped"], doc_id), doc_id=doc_id)
    rules = set(report["rule"])
    assert "invisible character" in rules and "url" in rules and "e-mail address" in rules
    assert report.loc[report["rule"] == "ocr-misreading", "count"].sum() > 0


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python tests/clean/test_clean_unchanged.py --write  (with the reference code on PYTHONPATH)")
    REFERENCE.write_text(json.dumps({name: cleaned(folder, doc_id, raw) for name, folder, doc_id, raw in CASES},
                                    ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {REFERENCE}")
