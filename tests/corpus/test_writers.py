"""Writers of a corpus: one at a time (a lock), all or nothing (a journal), even when killed.

The issue's acceptance line: eight ``add`` processes at once, five times over — every ``add`` that
reports success is in the corpus, and the corpus loads. And a process killed between any two writes
of ``add`` or ``init`` leaves a corpus that loads (the state before the command, or after it), and
the same command run again succeeds.
"""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

import framings as fr
from framings import CorpusError

from conftest import ROOT, write_corpus

DOC_A = ("Azerbaijan balances Russia and the West in its foreign policy, the first text argues.\n"
         "A second paragraph explains the Middle Corridor and its partners in detail.\n")
DOC_B = ("Türkiye and Azerbaijan describe their bond as one nation with two states, says the second text.\n"
         "Another paragraph adds the view of the opposition on the alliance.\n")


def _text(k: int) -> str:
    return (f"Document number {k} of a parallel run discusses energy security and the corridor at length.\n"
            f"Its second paragraph, number {k}, names the partners and the pipelines in some detail.\n")


def _env(**extra) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    env.pop("FRAMINGS_CORPUS", None)
    env.update(extra)
    return env


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX processes")
@pytest.mark.parametrize("trial", range(5))
def test_eight_parallel_adds_all_land_and_the_corpus_loads(tmp_path, trial):
    folder = write_corpus(tmp_path / "corpus", {"a": ("x", DOC_A), "b": ("y", DOC_B)})
    sources = []
    for k in range(8):
        source = tmp_path / f"new-{k}.txt"
        source.write_text(_text(k), encoding="utf-8")
        sources.append(source)
    procs = [subprocess.Popen([sys.executable, "-m", "framings", "add", str(source), "--corpus", str(folder),
                               "--framing", "x" if k % 2 else "y"], cwd=tmp_path, env=_env(),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for k, source in enumerate(sources)]
    outcomes = [(proc.wait(timeout=600), proc.stdout.read(), proc.stderr.read()) for proc in procs]
    reported = {f"new-{k}" for k, (code, out, _) in enumerate(outcomes) if f"added new-{k} " in out}
    corpus = fr.load_corpus(folder)
    assert reported <= set(corpus["doc_id"]), outcomes
    # the lock serialises them: with a generous wait every one succeeds
    assert all(code == 0 for code, _, _ in outcomes), outcomes
    assert set(corpus["doc_id"]) == {"a", "b"} | {f"new-{k}" for k in range(8)}
    assert not (folder / ".framings-pending").exists()


def test_a_writer_that_waits_too_long_is_told_another_command_is_writing(tmp_path, monkeypatch):
    from framings._io import corpus_lock

    folder = write_corpus(tmp_path / "corpus", {"a": ("x", DOC_A)})
    source = tmp_path / "new.txt"
    source.write_text(DOC_B, encoding="utf-8")
    monkeypatch.setenv("FRAMINGS_LOCK_TIMEOUT", "0.2")
    before = (folder / "metadata.csv").read_bytes()
    with corpus_lock(folder, "test"):
        with pytest.raises(CorpusError, match=r"another framings command is writing this corpus \(it holds .*"
                                              r"\.framings-lock\.corpus\); add waited 0\.2 s: try again when it ends"):
            fr.add_document(source, framing="x", title="t", corpus_path=folder)
        with pytest.raises(CorpusError, match="another framings command is writing"):
            fr.init_corpus(folder, tmp_path)
    assert (folder / "metadata.csv").read_bytes() == before
    fr.add_document(source, framing="x", title="t", corpus_path=folder)  # the lock is free again
    assert len(fr.load_corpus(folder)) == 2


def test_check_waits_for_the_lock_too(tmp_path, monkeypatch, capsys):
    from framings._io import corpus_lock
    from framings.project import main

    folder = write_corpus(tmp_path / "corpus", {"a": ("x", DOC_A)})
    monkeypatch.setenv("FRAMINGS_LOCK_TIMEOUT", "0")
    with corpus_lock(folder, "test"):
        assert main(["check", "--corpus", str(folder)]) == 2
    assert "another framings command is writing this corpus" in capsys.readouterr().err
    assert not (folder / "cleaning-report.csv").exists()
    assert main(["check", "--corpus", str(folder)]) == 0


def test_a_bad_lock_timeout_is_a_clear_error(tmp_path, monkeypatch):
    folder = write_corpus(tmp_path / "corpus", {"a": ("x", DOC_A)})
    monkeypatch.setenv("FRAMINGS_LOCK_TIMEOUT", "soon")
    source = tmp_path / "new.txt"
    source.write_text(DOC_B, encoding="utf-8")
    with pytest.raises(CorpusError, match=r"FRAMINGS_LOCK_TIMEOUT='soon': not a number of seconds"):
        fr.add_document(source, framing="x", title="t", corpus_path=folder)


# --------------------------------------------------------------------------- killed between writes

ADD_STEPS = ["journal", "writing raw/new.txt", "raw/new.txt", "writing rules/new.yaml", "rules/new.yaml",
             "writing metadata.csv", "metadata.csv", "committed"]


def _killed_child(at: str, action) -> int:
    """Run ``action`` in a forked child that ends itself at once (os._exit, as SIGKILL: no cleanup, no
    finally) when the writer reaches step ``at``; return the child's exit status."""
    pid = os.fork()
    if pid == 0:  # the child
        try:
            from framings.corpus import _journal

            def step(name):
                if name == at:
                    os._exit(9)
            _journal.step = step
            action()
        except BaseException:
            os._exit(1)
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
@pytest.mark.parametrize("at", ADD_STEPS)
def test_add_killed_between_writes_leaves_a_loadable_corpus_and_can_be_rerun(tmp_path, at):
    folder = write_corpus(tmp_path / "corpus", {"a": ("x", DOC_A), "b": ("y", DOC_B)})
    source = tmp_path / "new.txt"
    source.write_text(_text(1), encoding="utf-8")

    def add():
        fr.add_document(source, framing="x", title="t", corpus_path=folder)

    assert _killed_child(at, add) == 9
    loaded = set(fr.load_corpus(folder)["doc_id"])  # loads, before any other command ran
    committed = at in ("metadata.csv", "committed")  # the rename of metadata.csv commits
    assert loaded == ({"a", "b", "new"} if committed else {"a", "b"})
    if committed:
        with pytest.raises(CorpusError, match="already in the corpus"):
            fr.add_document(source, framing="x", title="t", corpus_path=folder)
    else:
        fr.add_document(source, framing="x", title="t", corpus_path=folder)  # the same add, again
    assert set(fr.load_corpus(folder)["doc_id"]) == {"a", "b", "new"}
    assert not (folder / ".framings-pending").exists()
    assert sorted(p.name for p in (folder / "raw").iterdir()) == ["a.txt", "b.txt", "new.txt"]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
@pytest.mark.parametrize("at", ["journal", "raw/first.txt", "writing rules/_default.yaml", "rules/_default.yaml",
                                "writing metadata.csv"])
def test_the_first_add_killed_leaves_nothing_a_rerun_trips_on(tmp_path, at):
    folder = tmp_path / "corpus"
    source = tmp_path / "first.txt"
    source.write_text(_text(2), encoding="utf-8")

    def add():
        fr.add_document(source, framing="x", title="t", corpus_path=folder)

    assert _killed_child(at, add) == 9
    fr.add_document(source, framing="x", title="t", corpus_path=folder)
    assert list(fr.load_corpus(folder)["doc_id"]) == ["first"]
    assert (folder / "rules" / "_default.yaml").is_file()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
@pytest.mark.parametrize("at", ["staging", "raw/t0.txt", "raw/t1.txt", "built"])
def test_init_killed_before_its_rename_leaves_a_staging_folder_the_next_init_removes(tmp_path, at):
    texts = tmp_path / "texts"
    texts.mkdir()
    for k in range(3):
        (texts / f"t{k}.txt").write_text(_text(k), encoding="utf-8")
    folder = tmp_path / "corpus"
    assert _killed_child(at, lambda: fr.init_corpus(folder, texts)) == 9
    stale = [p for p in tmp_path.iterdir() if p.name.startswith(".corpus-")]
    assert len(stale) == 1  # what the issue saw: a hidden copy beside the folder
    assert (stale[0] / "raw" / "t0.txt").is_file() == (at != "staging")
    assert not folder.exists()
    fr.init_corpus(folder, texts)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".corpus-")]
    assert len(fr.load_corpus(folder)) == 3


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_init_killed_after_its_rename_leaves_the_whole_corpus(tmp_path):
    texts = tmp_path / "texts"
    texts.mkdir()
    for k in range(3):
        (texts / f"t{k}.txt").write_text(_text(k), encoding="utf-8")
    folder = tmp_path / "corpus"
    assert _killed_child("renamed", lambda: fr.init_corpus(folder, texts)) == 9
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".corpus-")]
    assert len(fr.load_corpus(folder)) == 3
    with pytest.raises(CorpusError, match="already a corpus"):  # it had finished: a rerun says so
        fr.init_corpus(folder, texts)
    assert not (folder / ".framings-staging").exists()


def test_a_staging_folder_without_the_mark_is_left_alone(tmp_path):
    """Only folders framings made are removed: a user's own hidden folder with a similar name stays."""
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "t.txt").write_text(_text(3), encoding="utf-8")
    mine = tmp_path / ".corpus-notes"
    mine.mkdir()
    (mine / "keep.txt").write_text("mine", encoding="utf-8")
    fr.init_corpus(tmp_path / "corpus", texts)
    assert (mine / "keep.txt").read_text(encoding="utf-8") == "mine"


# --------------------------------------------------------------------------- full disk, read-only, bad places

def test_a_full_disk_during_add_is_a_clear_error_and_nothing_is_lost(tmp_path, monkeypatch):
    import errno

    from framings import _io

    folder = write_corpus(tmp_path / "corpus", {"a": ("x", DOC_A)})
    before = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    source = tmp_path / "new.txt"
    source.write_text(DOC_B, encoding="utf-8")
    real_fsync = os.fsync

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(_io.os, "fsync", full)
    with pytest.raises(CorpusError, match=r"cannot write \(the disk is full\); nothing was changed"):
        fr.add_document(source, framing="x", title="t", corpus_path=folder)
    monkeypatch.setattr(_io.os, "fsync", real_fsync)
    after = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert after == before
    assert len(fr.load_corpus(folder)) == 1


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root may write anywhere")
def test_a_read_only_corpus_is_a_clear_error_for_add_and_check(tmp_path, capsys):
    from framings.project import main

    folder = write_corpus(tmp_path / "ro" / "corpus", {"a": ("x", DOC_A)})
    source = tmp_path / "new.txt"
    source.write_text(DOC_B, encoding="utf-8")
    modes = []
    for path in [tmp_path / "ro", folder, folder / "raw", folder / "rules"]:
        modes.append((path, path.stat().st_mode))
        path.chmod(0o555)
    try:
        with pytest.raises(CorpusError, match=r"(read-only|no permission)"):
            fr.add_document(source, framing="x", title="t", corpus_path=folder)
        assert main(["check", "--corpus", str(folder)]) == 2
        err = capsys.readouterr().err
        assert err.startswith("error: ") and "Traceback" not in err and ("read-only" in err or "permission" in err)
    finally:
        for path, mode in modes:
            path.chmod(mode)
    assert len(fr.load_corpus(folder)) == 1


def test_init_into_a_path_under_a_file_is_a_clear_error(tmp_path, capsys):
    from framings.project import main

    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "t.txt").write_text(_text(4), encoding="utf-8")
    (tmp_path / "afile").write_text("not a folder", encoding="utf-8")
    code = main(["init", str(tmp_path / "afile" / "corpus"), "--from", str(texts)])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("error: ") and "Traceback" not in err
    assert (tmp_path / "afile").read_text(encoding="utf-8") == "not a folder"


def test_a_read_only_file_system_is_a_clear_error_and_nothing_is_lost(tmp_path, monkeypatch, capsys):
    """The same as above where chmod does not bind (root): every new file fails as on a read-only mount."""
    import errno

    from framings import _io
    from framings.project import main

    folder = write_corpus(tmp_path / "corpus", {"a": ("x", DOC_A)})
    before = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    source = tmp_path / "new.txt"
    source.write_text(DOC_B, encoding="utf-8")

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(_io.tempfile, "mkstemp", read_only)
    with pytest.raises(CorpusError, match=r"cannot write \(the file system is read-only\)"):
        fr.add_document(source, framing="x", title="t", corpus_path=folder)
    assert main(["check", "--corpus", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "cleaning-report.csv: cannot write (the file system is read-only)" in err and "Traceback" not in err
    monkeypatch.undo()
    assert {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before
    assert len(fr.load_corpus(folder)) == 1
