"""The whole pipeline never writes under corpus/raw/."""
import hashlib

import framings as fr

from conftest import CORPUS


def snapshot(folder):
    return {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted((folder / "raw").iterdir())}


def test_raw_is_byte_identical_after_the_whole_pipeline(tmp_path):
    before = snapshot(CORPUS)
    corpus = fr.load_corpus()
    fr.load_corpus(clean=False)
    paras = fr.paragraphs(corpus)
    for options in ({}, {"stem": True, "merge_variants": True}, {"stopwords": None, "phrases": False}):
        counts = fr.term_counts(fr.tokens(paras, **options), by="framing")
        fr.tf_idf(counts)
        fr.rate_per_10k(counts)
    from framings.project import main

    assert main(["check"]) == 0
    assert snapshot(CORPUS) == before


def test_corpus_checksum_covers_metadata_and_raw(corpus_copy):
    before = fr.corpus.corpus_checksum(corpus_copy)
    assert before == fr.corpus.corpus_checksum(CORPUS)
    meta = corpus_copy / "metadata.csv"
    meta.write_text(meta.read_text(encoding="utf-8").replace("book chapter", "chapter"), encoding="utf-8")
    assert fr.corpus.corpus_checksum(corpus_copy) != before
