"""Contained, size-limited reads and atomic writes of framings._io on small cases (once doctests).

The refusals (links out of the corpus, FIFOs, huge files, interrupted writes) are tested in test_bad_input.py.
"""
import pytest

from framings._io import (
    atomic_path,
    atomic_write_bytes,
    atomic_write_text,
    check_relative_name,
    contained_path,
    decode_utf8,
    max_file_bytes,
    read_limited,
    remove_stale_temporaries,
    stale_temporaries,
)
from framings.errors import CorpusError


def test_the_size_limit_is_positive_and_set_by_the_environment(monkeypatch):
    assert max_file_bytes() > 0
    monkeypatch.setenv("FRAMINGS_MAX_FILE_BYTES", "1000")
    assert max_file_bytes() == 1000
    monkeypatch.setenv("FRAMINGS_MAX_FILE_BYTES", "lots")
    with pytest.raises(CorpusError, match="not a positive number of bytes"):
        max_file_bytes()


def test_a_relative_name_passes_and_an_escape_does_not():
    assert str(check_relative_name("sub/a.txt", "metadata.csv, line 2")) == "sub/a.txt"
    with pytest.raises(CorpusError, match=r"^metadata\.csv, line 2: .*'\.\.' part"):
        check_relative_name("../a.txt", "metadata.csv, line 2")


def test_contained_path_and_read_limited(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"hi")
    path = contained_path(tmp_path, "a.txt", "metadata.csv, line 2")
    assert path.name == "a.txt"
    assert read_limited(path, "test") == b"hi"
    with pytest.raises(CorpusError, match="larger than|above the limit"):
        read_limited(path, "test", limit=1)


def test_decode_utf8_drops_the_bom_and_names_a_bad_byte():
    assert decode_utf8(b"caf\xc3\xa9", "x.txt") == "café"
    assert decode_utf8(b"\xef\xbb\xbfok", "x.txt") == "ok"
    with pytest.raises(CorpusError, match=r"x\.txt: not UTF-8 \(invalid byte 0xe9 at byte offset 3, line 1\)"):
        decode_utf8(b"caf\xe9", "x.txt")


def test_atomic_writes(tmp_path):
    with atomic_path(tmp_path / "out.txt") as tmp:
        tmp.write_text("done", encoding="utf-8")
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "done"
    assert atomic_write_bytes(tmp_path / "sub" / "a.bin", b"ok").read_bytes() == b"ok"
    assert atomic_write_text(tmp_path / "a.txt", "ok\n").read_text(encoding="utf-8") == "ok\n"
    assert stale_temporaries(tmp_path) == [] and remove_stale_temporaries(tmp_path) == 0
