"""python -m framings add / check, with every bad input, and bringing your own documents."""
import subprocess
import sys

import pandas as pd
import pytest

import framings as fr
from framings.project import main

TEXT = ("Azerbaijan's foreign policy after 2020 balances Russia, Türkiye and the West, "
        "a new source argues in a paragraph long enough to count as text.\n"
        "A second paragraph on the Middle Corridor and the South Caucasus closes the document.\n")


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "framings", *args], capture_output=True, text=True)


def test_add_copies_file_writes_checksum_row_and_rules(corpus_copy, tmp_path):
    new = tmp_path / "New Source.txt"
    new.write_text(TEXT, encoding="utf-8")
    result = run_cli("add", str(new), "--framing", "strategic-autonomy", "--title", "A new source",
                     "--authors", "Doe, Jane", "--date", "2025-03-01", "--corpus", str(corpus_copy))
    assert result.returncode == 0, result.stderr
    meta = pd.read_csv(corpus_copy / "metadata.csv", dtype=str, keep_default_na=False)
    row = meta.iloc[-1]
    assert (row["doc_id"], row["file"], row["year"]) == ("new-source", "new-source.txt", "2025")
    assert (corpus_copy / "raw" / "new-source.txt").read_bytes() == new.read_bytes()
    assert (corpus_copy / "rules" / "new-source.yaml").exists()
    corpus = fr.load_corpus(corpus_copy)
    assert len(corpus) == 6
    assert (corpus_copy / "cleaning-report.csv").exists()


def test_add_rejects_non_utf8(corpus_copy, tmp_path):
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Política exterior".encode("latin-1"))
    result = run_cli("add", str(bad), "--framing", "x", "--title", "t", "--corpus", str(corpus_copy))
    assert result.returncode == 2
    assert "latin1.txt: not UTF-8" in result.stderr and "0xed at byte offset 3" in result.stderr


def test_add_rejects_empty(corpus_copy, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    result = run_cli("add", str(empty), "--framing", "x", "--title", "t", "--corpus", str(corpus_copy))
    assert result.returncode == 2 and "empty.txt: empty" in result.stderr


def test_add_rejects_duplicate_text(corpus_copy, tmp_path):
    copy = tmp_path / "again.txt"
    copy.write_bytes((corpus_copy / "raw" / "huseynov-2025.txt").read_bytes())
    result = run_cli("add", str(copy), "--framing", "x", "--title", "t", "--corpus", str(corpus_copy))
    assert result.returncode == 2 and "already in the corpus as 'huseynov-2025'" in result.stderr


def test_add_rejects_duplicate_doc_id(corpus_copy, tmp_path):
    new = tmp_path / "n.txt"
    new.write_text(TEXT, encoding="utf-8")
    result = run_cli("add", str(new), "--framing", "x", "--title", "t", "--doc-id", "heyet-2026",
                     "--corpus", str(corpus_copy))
    assert result.returncode == 2 and "doc_id 'heyet-2026' exists already" in result.stderr


def test_add_rejects_missing_file(corpus_copy, tmp_path):
    result = run_cli("add", str(tmp_path / "nope.txt"), "--framing", "x", "--title", "t",
                     "--corpus", str(corpus_copy))
    assert result.returncode == 2 and "nope.txt: no such file" in result.stderr


@pytest.mark.parametrize("args", [["add", "--title", "t"],                      # no file to add
                                  ["add", "x.txt", "--framing", "a", "--title", "t", "--colour", "red"],
                                  ["frobnicate"]])
def test_unknown_or_missing_options_are_usage_errors(args):
    result = run_cli(*args)
    assert result.returncode == 2 and "usage:" in result.stderr


def test_check_reports_a_bad_corpus(corpus_copy):
    (corpus_copy / "raw" / "stray.txt").write_text("stray", encoding="utf-8")
    assert main(["check", "--corpus", str(corpus_copy)]) == 2


def test_check_prints_summary(capsys):
    assert main(["check"]) == 0
    assert "5 documents" in capsys.readouterr().out
