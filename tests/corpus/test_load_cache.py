"""The cache of cleaned documents (framings.corpus._cleaned): a cached load is the uncached load, exactly."""
import multiprocessing
import os
import threading
import time

import numpy as np
import pandas as pd
import pytest

import framings as fr
from framings import CorpusError
from framings.corpus import _cleaned

from conftest import CORPUS


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An empty cache folder of its own for the test, the cache on."""
    monkeypatch.setenv("FRAMINGS_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("FRAMINGS_CLEAN_CACHE", "1")
    monkeypatch.delenv("FRAMINGS_CLEAN_CACHE_MB", raising=False)
    return tmp_path / "cache" / "cleaned"


def uncached(folder, monkeypatch):
    monkeypatch.setenv("FRAMINGS_CLEAN_CACHE", "0")
    try:
        return fr.load_corpus(folder)
    finally:
        monkeypatch.setenv("FRAMINGS_CLEAN_CACHE", "1")


def assert_same(expected, got):
    pd.testing.assert_frame_equal(expected, got)
    pd.testing.assert_frame_equal(expected.attrs["cleaning_report"], got.attrs["cleaning_report"])
    assert expected.attrs["rule_categories"] == got.attrs["rule_categories"]
    pd.testing.assert_frame_equal(fr.paragraphs(expected), fr.paragraphs(got))


def packs(folder):
    return sorted(p for p in folder.glob("*.pack") if not p.name.startswith("."))


def pack_keys(path):
    """The keys a pack's first line lists."""
    import json

    with open(path, "rb") as handle:
        return [key for key, _, _ in json.loads(handle.readline())["entries"]]


def counting_cleaner(monkeypatch):
    """Count the documents cleaned (not read from the cache) from now on."""
    from framings.corpus import _load

    cleaned = []
    real = _load.clean_lines

    def clean_lines(text, rules, doc_id, **kwargs):
        cleaned.append(doc_id)
        return real(text, rules, doc_id=doc_id, **kwargs)

    monkeypatch.setattr(_load, "clean_lines", clean_lines)
    return cleaned


def test_cold_and_warm_loads_equal_the_uncached_load(cache, monkeypatch):
    expected = uncached(CORPUS, monkeypatch)
    assert not cache.exists()  # the switch turns the cache off: nothing written
    cold = fr.load_corpus(CORPUS)
    assert len(packs(cache)) == 1 and len(pack_keys(packs(cache)[0])) == len(expected)  # one file, every document
    warm = fr.load_corpus(CORPUS)
    assert_same(expected, cold)
    assert_same(expected, warm)
    assert not [p for p in cache.iterdir() if p.name.startswith(".")]  # no temporary file left
    assert len(packs(cache)) == 1  # the warm load found its pack whole: nothing written


def test_a_load_of_other_documents_reuses_the_entries_of_the_ones_it_shares(cache, corpus_copy, monkeypatch):
    fr.load_corpus(corpus_copy)
    raw = corpus_copy / "raw" / "huseynov-2025.txt"
    data = raw.read_bytes() + b"\nA paragraph added to this copy.\n"
    raw.write_bytes(data)
    meta = pd.read_csv(corpus_copy / "metadata.csv", dtype=str, keep_default_na=False)
    meta.loc[meta["doc_id"] == "huseynov-2025", "sha256"] = __import__("hashlib").sha256(data).hexdigest()
    meta.to_csv(corpus_copy / "metadata.csv", index=False)
    cleaned = counting_cleaner(monkeypatch)
    got = fr.load_corpus(corpus_copy)
    assert cleaned == ["huseynov-2025"]  # the other documents from the first load's pack
    assert len(packs(cache)) == 2  # and a pack of this load's documents
    del cleaned[:]
    fr.load_corpus(corpus_copy)
    assert cleaned == []
    monkeypatch.undo()
    monkeypatch.setenv("FRAMINGS_CACHE", str(cache.parent))
    assert_same(uncached(corpus_copy, monkeypatch), got)


def test_a_warm_load_does_not_clean_again(cache, monkeypatch):
    fr.load_corpus(CORPUS)
    from framings.corpus import _load

    def refuse(*args, **kwargs):
        raise AssertionError("cleaned again")

    monkeypatch.setattr(_load, "clean_lines", refuse)
    fr.load_corpus(CORPUS)  # every document from the cache
    with pytest.raises(AssertionError, match="cleaned again"):
        uncached(CORPUS, monkeypatch)


def test_a_changed_rules_file_or_spellings_file_is_cleaned_again(cache, corpus_copy, monkeypatch):
    fr.load_corpus(corpus_copy)
    rules = corpus_copy / "rules" / "huseynov-2025.yaml"
    rules.write_text(rules.read_text(encoding="utf-8")
                     + "known_unrepaired:\n  - {pattern: 'Azerbaijan', note: 'a test count'}\n", encoding="utf-8")
    spellings = corpus_copy / "resources" / "spellings.csv"
    spellings.write_text(spellings.read_text(encoding="utf-8") + "Baku,Baku\n", encoding="utf-8")
    got = fr.load_corpus(corpus_copy)
    report = got.attrs["cleaning_report"]
    assert (report["matched"] == "a test count").sum() == 1
    assert (report["rule"] == "spelling variant: Baku").any()
    assert_same(uncached(corpus_copy, monkeypatch), got)


def test_a_document_without_rules_file_follows_default_yaml(cache, corpus_copy, monkeypatch):
    (corpus_copy / "rules" / "turkic-integration.yaml").unlink()
    with pytest.warns(fr.CorpusWarning):
        first = fr.load_corpus(corpus_copy)  # the built-in defaults
    (corpus_copy / "rules" / "_default.yaml").write_text("headings: false\n", encoding="utf-8")
    second = fr.load_corpus(corpus_copy)  # rules/_default.yaml now: not the entry of the built-in defaults
    assert_same(uncached(corpus_copy, monkeypatch), second)
    changed = first.set_index("doc_id")["text"] != second.set_index("doc_id")["text"]
    assert list(changed[changed].index) == ["turkic-integration"]


def test_torn_foreign_and_linked_packs_are_misses(cache, monkeypatch):
    expected = uncached(CORPUS, monkeypatch)
    fr.load_corpus(CORPUS)
    (pack,) = packs(cache)
    whole = pack.read_bytes()
    n_documents = len(expected)
    target = cache.parent / "elsewhere.pack"
    target.write_bytes(whole)
    spoilt = {
        "torn (a killed writer of an older version)": whole[:len(whole) // 2],
        "not JSON": b"\xff\xfe not json",
        "another pack's first line": whole.replace(pack.stem.encode(), b"0" * 64, 1),
        "empty": b"",
    }
    for what, data in spoilt.items():
        pack.write_bytes(data)
        cleaned = counting_cleaner(monkeypatch)
        assert_same(expected, fr.load_corpus(CORPUS))
        assert len(cleaned) >= 1, what  # some or every document cleaned again
        assert pack.read_bytes() == whole, what  # and the pack written anew, whole
        monkeypatch.undo()
        monkeypatch.setenv("FRAMINGS_CACHE", str(cache.parent))
    pack.unlink()
    pack.symlink_to(target)  # a link: never followed
    cleaned = counting_cleaner(monkeypatch)
    assert_same(expected, fr.load_corpus(CORPUS))
    assert len(cleaned) == n_documents
    assert not pack.is_symlink() and pack.read_bytes() == whole  # rewritten as a file of the cache


def test_an_entry_of_another_key_or_torn_is_a_miss_of_that_document_only(cache, monkeypatch):
    import json

    expected = uncached(CORPUS, monkeypatch)
    fr.load_corpus(CORPUS)
    (pack,) = packs(cache)
    whole = pack.read_bytes()
    head, _, body = whole.partition(b"\n")
    places = json.loads(head)["entries"]
    (_, a0, a1), (_, b0, b1) = places[0], places[1]
    first, second = body[a0:a1], body[b0:b1]
    # the first document's place holds the second's entry (cut to the same length): another key, or torn
    swapped = body[:a0] + (second + b" " * len(first))[:len(first)] + body[a1:]
    pack.write_bytes(head + b"\n" + swapped)
    cleaned = counting_cleaner(monkeypatch)
    assert_same(expected, fr.load_corpus(CORPUS))
    assert cleaned == [expected["doc_id"].iloc[0]]
    assert pack.read_bytes() == whole


def test_other_cleaning_code_makes_every_entry_a_miss(cache, monkeypatch):
    fr.load_corpus(CORPUS)
    before = set(packs(cache))
    monkeypatch.setattr(_cleaned, "code_version", lambda: "another version of the cleaning code")
    cleaned = counting_cleaner(monkeypatch)
    got = fr.load_corpus(CORPUS)
    assert len(cleaned) == len(got)
    assert len(set(packs(cache)) - before) == 1


def test_the_rules_time_limit_is_checked_on_a_warm_load(cache, monkeypatch):
    fr.load_corpus(CORPUS)
    monkeypatch.setenv("FRAMINGS_REGEX_TIMEOUT", "-1")
    with pytest.raises(CorpusError, match="FRAMINGS_REGEX_TIMEOUT"):
        fr.load_corpus(CORPUS)


def test_a_raw_file_changed_after_caching_is_still_refused(cache, corpus_copy):
    fr.load_corpus(corpus_copy)
    raw = corpus_copy / "raw" / "huseynov-2025.txt"
    raw.write_bytes(raw.read_bytes() + b"\nAn edit.\n")
    with pytest.raises(CorpusError, match="checksum mismatch"):
        fr.load_corpus(corpus_copy)


def test_the_folder_stays_within_its_size_limit_oldest_first(cache, corpus_copy, monkeypatch):
    fr.load_corpus(CORPUS)
    fr.load_corpus(corpus_copy, clean=True)  # the same documents: the same pack
    (corpus_copy / "rules" / "_default.yaml").write_text("headings: false\n", encoding="utf-8")
    for doc_id in ("huseynov-2025", "turkic-integration"):
        (corpus_copy / "rules" / f"{doc_id}.yaml").unlink()  # now cleaned by rules/_default.yaml
        fr.load_corpus(corpus_copy)  # other documents' keys: another pack each time
    files = packs(cache)
    assert len(files) == 3
    sizes = {p: p.stat().st_size for p in files}
    for age, path in enumerate(files):  # files[0] the oldest
        os.utime(path, (1_000_000 + age, 1_000_000 + age))
    legacy = cache / ("e" * 64 + ".json")  # an entry of the layout before packs
    legacy.write_text("{}", encoding="utf-8")
    limit = sum(sizes.values()) - 1  # one byte too many: trimmed to 80 % of the limit
    removed = _cleaned.trim(cache, limit)
    left = packs(cache)
    assert removed >= 2 and sum(sizes[p] for p in left) <= 0.8 * limit and not legacy.exists()
    assert left == files[len(files) - len(left):]  # the newest stay

    monkeypatch.setenv("FRAMINGS_CLEAN_CACHE_MB", "0.001")  # a load that writes trims to the limit
    for path in packs(cache):
        path.unlink()
    fr.load_corpus(CORPUS)
    assert sum(p.stat().st_size for p in packs(cache)) <= 0.001 * 1024 * 1024


def test_a_killed_writers_temporary_file_is_ignored_then_removed(cache, monkeypatch):
    fr.load_corpus(CORPUS)
    stale = cache / f".{'0' * 64}.123.456.tmp.json"
    fresh = cache / f".{'1' * 64}.123.789.tmp.json"
    stale.write_text('{"key": "half', encoding="utf-8")
    fresh.write_text('{"key": "half', encoding="utf-8")
    old = time.time() - 2 * _cleaned.STALE_SECONDS
    os.utime(stale, (old, old))
    assert _cleaned.trim(cache) == 1
    assert not stale.exists() and fresh.exists()  # a writer may still be busy with the recent one


def test_concurrent_writers_of_one_pack_leave_one_whole_pack(tmp_path):
    report = [{"doc_id": "d", "rule": "heading", "action": "dropped", "matched": "T", "count": 1,
               "words_removed": 1}]
    texts = {n: "word " * (20_000 + n) for n in range(8)}  # different lengths: a torn mix would not parse
    keys = ["k" * 64, "m" * 64]
    name = _cleaned.pack_key(keys)
    threads = [threading.Thread(target=_cleaned.write_pack,
                                args=(name, [(keys[0], "d", texts[n], report, np.array([n])),
                                             (keys[1], "e", texts[7 - n], [], np.array([7 - n]))], tmp_path))
               for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    lookup = _cleaned.Lookup(keys, tmp_path)
    assert lookup.complete
    text, got_report, words = lookup.read(keys[0])
    assert text == texts[int(words[0])] and got_report == report
    other_text, _, other_words = lookup.read(keys[1])
    assert other_text == texts[int(other_words[0])] and int(words[0]) + int(other_words[0]) == 7
    lookup.close()
    assert [p.name for p in tmp_path.iterdir()] == [name + ".pack"]


def _load_in_process(folder, cache_root):
    os.environ["FRAMINGS_CACHE"] = cache_root
    os.environ["FRAMINGS_CLEAN_CACHE"] = "1"
    import warnings

    warnings.simplefilter("ignore")
    import framings

    framings.load_corpus(folder)


def test_two_processes_loading_at_once(cache, monkeypatch):
    expected = uncached(CORPUS, monkeypatch)
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_load_in_process, args=(str(CORPUS), str(cache.parent))) for _ in range(2)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
        assert process.exitcode == 0
    assert len(packs(cache)) == 1 and len(pack_keys(packs(cache)[0])) == len(expected)
    assert_same(expected, fr.load_corpus(CORPUS))


def test_n_jobs_loads_use_the_same_packs(cache, tmp_path, monkeypatch):
    import sys

    sys.path.insert(0, str(CORPUS.parents[0] / "benchmarks"))
    from _bench import replicate_corpus

    folder = replicate_corpus(20, tmp_path / "copies")  # 100 documents: loaded by worker processes
    expected = uncached(folder, monkeypatch)
    assert_same(expected, fr.load_corpus(folder, n_jobs=2))
    assert sum(len(pack_keys(p)) for p in packs(cache)) == 100  # a pack of each worker's documents
    cleaned = counting_cleaner(monkeypatch)
    assert_same(expected, fr.load_corpus(folder))
    assert cleaned == []  # every document from the workers' packs
