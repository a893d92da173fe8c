"""A corpus from what researchers have: a folder of texts + a spreadsheet, a table of texts, a pandas frame."""
import hashlib
import subprocess
import sys
import warnings

import pandas as pd
import pytest

import framings as fr
from framings import CorpusError

SPEECHES = {
    "Obama 2008.txt": "We, the people —\nin order to form a more perfect union, gather here tonight.\n",
    "Palin 2008.txt": "Thank you all very much.\nIt's 1,000 towns, and 7.8 million people.\n",
    "McCain 2008.txt": "My friends, let's fight together.\nWe don't give up.\n",
}


def speech_folder(tmp_path, texts=SPEECHES):
    folder = tmp_path / "speeches"
    folder.mkdir()
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def speech_table(tmp_path):
    table = tmp_path / "speakers.csv"
    pd.DataFrame({"speaker": ["Barack Obama", "Sarah Palin", "John McCain"],
                  "file": ["Obama 2008.txt", "Palin 2008", "McCain 2008.txt"],
                  "party": ["dem", "rep", "rep"], "year": ["2008", "2008", "2008"],
                  "venue": ["Denver", "St Paul", "St Paul"]}).to_csv(table, index=False)
    return table


def test_init_from_a_folder_and_a_csv(tmp_path):
    texts = speech_folder(tmp_path)
    before = {p.name: p.read_bytes() for p in texts.iterdir()}
    meta = fr.init_corpus(tmp_path / "corpus", texts, speech_table(tmp_path), framing_column="party",
                          id_column="speaker")
    # ids readable, from the id column; framing mapped; other columns carried along
    assert meta["doc_id"].tolist() == ["barack-obama", "sarah-palin", "john-mccain"]
    assert meta["framing"].tolist() == ["dem", "rep", "rep"]
    assert meta["venue"].tolist() == ["Denver", "St Paul", "St Paul"]
    assert meta["source_file"].tolist() == ["Obama 2008.txt", "Palin 2008.txt", "McCain 2008.txt"]
    # every checksum is that of the original bytes, and the originals are untouched
    for row in meta.itertuples():
        original = before[row.source_file]
        assert row.sha256 == hashlib.sha256(original).hexdigest()
        assert (tmp_path / "corpus" / "raw" / row.file).read_bytes() == original
    assert {p.name: p.read_bytes() for p in texts.iterdir()} == before
    # one corpus-wide rules file: no warning on load
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        corpus = fr.load_corpus(tmp_path / "corpus")
    assert corpus["framing"].tolist() == ["dem", "rep", "rep"]
    assert corpus["venue"].iloc[0] == "Denver"


def test_init_from_a_folder_alone_takes_ids_from_file_names(tmp_path):
    meta = fr.init_corpus(tmp_path / "c", speech_folder(tmp_path))
    assert meta["doc_id"].tolist() == ["mccain-2008", "obama-2008", "palin-2008"]
    assert not fr.corpus.is_labelled(meta)


def test_init_from_a_table_with_a_text_column(tmp_path):
    table = tmp_path / "speeches.csv"
    pd.DataFrame({"id": ["A 1", "A 1", "B"], "side": ["x", "y", "y"],
                  "body": ["First speech text.", "Second speech text.", "Third speech text."]}).to_csv(table, index=False)
    meta = fr.init_corpus(tmp_path / "c", metadata=table, text_column="body", framing_column="side", id_column="id")
    assert meta["doc_id"].tolist() == ["a-1", "a-1-2", "b"]  # unique and readable
    corpus = fr.load_corpus(tmp_path / "c")
    assert corpus["text"].tolist() == ["First speech text.", "Second speech text.", "Third speech text."]
    assert "body" not in corpus.columns


@pytest.mark.parametrize("change, message", [
    (lambda t: t.assign(file=["Obama 2008.txt", "Nobody.txt", "McCain 2008.txt"]), r"row 3: no file 'Nobody\.txt'"),
    (lambda t: t.iloc[:2], r"McCain 2008\.txt: no row in"),
    (lambda t: t.assign(party=["dem", "", "rep"]), r"row 3: empty 'party'"),
])
def test_init_names_the_bad_row_and_writes_nothing(tmp_path, change, message):
    texts = speech_folder(tmp_path)
    table = speech_table(tmp_path)
    change(pd.read_csv(table, dtype=str)).to_csv(table, index=False)
    with pytest.raises(CorpusError, match=message):
        fr.init_corpus(tmp_path / "corpus", texts, table, framing_column="party")
    assert not (tmp_path / "corpus").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".corpus")]


def test_init_refuses_an_existing_corpus_and_a_missing_column(tmp_path):
    texts = speech_folder(tmp_path)
    fr.init_corpus(tmp_path / "c", texts)
    with pytest.raises(CorpusError, match="already a corpus"):
        fr.init_corpus(tmp_path / "c", texts)
    with pytest.raises(CorpusError, match="no column 'faction'"):
        fr.init_corpus(tmp_path / "d", texts, speech_table(tmp_path), framing_column="faction")


def test_init_refuses_non_utf8(tmp_path):
    texts = speech_folder(tmp_path)
    (texts / "latin1.txt").write_bytes("caf\xe9".encode("latin-1"))
    with pytest.raises(CorpusError, match=r"latin1\.txt: not UTF-8"):
        fr.init_corpus(tmp_path / "c", texts)


def test_init_189_files(tmp_path):
    """The size of a real convention-speech corpus (measured in the report, not asserted)."""
    import time

    texts = tmp_path / "many"
    texts.mkdir()
    rows = []
    for n in range(189):
        name = f"speech {n:03d}.txt"
        (texts / name).write_text(f"Speech number {n}.\nWe will build {n},000 homes and 7.{n % 10} miles.\n" * 50,
                                  encoding="utf-8")
        rows.append({"file": name, "party": "dem" if n % 2 else "rep", "speaker": f"Speaker {n % 60}"})
    pd.DataFrame(rows).to_csv(tmp_path / "meta.csv", index=False)
    start = time.perf_counter()
    meta = fr.init_corpus(tmp_path / "c", texts, tmp_path / "meta.csv", framing_column="party", id_column="speaker")
    elapsed = time.perf_counter() - start
    corpus = fr.load_corpus(tmp_path / "c")
    print(f"init of 189 files: {elapsed:.2f} s; load: {len(corpus)} documents")
    assert len(meta) == 189 and meta["doc_id"].is_unique
    assert meta["doc_id"].iloc[60] == "speaker-0-2"


def test_cli_init_then_add_several_files(tmp_path):
    texts = speech_folder(tmp_path)
    run = lambda *args: subprocess.run([sys.executable, "-m", "framings", *args], capture_output=True, text=True)
    result = run("init", str(tmp_path / "c"), "--from", str(texts), "--metadata", str(speech_table(tmp_path)),
                 "--framing-column", "party", "--id-column", "speaker")
    assert result.returncode == 0, result.stderr
    assert "3 document(s) (rep 2, dem 1)" in result.stdout
    assert "warning" not in result.stdout
    extra = tmp_path / "extra"
    extra.mkdir()
    for name in ("biden.txt", "kaine.txt"):
        (extra / name).write_text(f"Remarks by {name[:-4]}. We will win.\n", encoding="utf-8")
    result = run("add", str(extra / "biden.txt"), str(extra / "kaine.txt"), "--framing", "dem",
                 "--corpus", str(tmp_path / "c"))
    assert result.returncode == 0, result.stderr
    assert fr.load_corpus(tmp_path / "c")["doc_id"].tolist()[-2:] == ["biden", "kaine"]


def test_add_starts_a_corpus(tmp_path):
    source = tmp_path / "first.txt"
    source.write_text("The first document of a new corpus.\n", encoding="utf-8")
    row = fr.add_document(source, framing="", title="First", corpus_path=tmp_path / "new")
    assert row["doc_id"] == "first"
    corpus = fr.load_corpus(tmp_path / "new")
    assert corpus["sha256"].iloc[0] == hashlib.sha256(source.read_bytes()).hexdigest()
    # the starter rules files spell out DEFAULT_RULES, the one copy of the defaults, under their comments
    for name in ("_default.yaml", "first.yaml"):
        written = (tmp_path / "new" / "rules" / name).read_text(encoding="utf-8")
        assert written.startswith("# ") and fr.clean.parse_rules(written) == fr.clean.DEFAULT_RULES
    assert fr.clean.parse_rules(fr.corpus.DEFAULT_RULES_YAML) == fr.clean.DEFAULT_RULES


def test_corpus_from_frame_equals_load_corpus_of_the_written_folder(tmp_path):
    df = pd.DataFrame({"speaker": ["Barack Obama", "Sarah Palin"], "party": ["dem", "rep"],
                       "text": ["Yes we can.\nChange has come.", "Drill, baby, drill.\nIt's 1,000 jobs."],
                       "votes": [365, 173]})
    corpus = fr.corpus.corpus_from_frame(df, text="text", framing="party", doc_id="speaker")
    assert corpus["doc_id"].tolist() == ["barack-obama", "sarah-palin"]
    assert corpus.attrs["corpus_path"] is None
    folder = fr.corpus.write_corpus(corpus, tmp_path / "c")
    loaded = fr.load_corpus(folder)
    assert list(loaded.columns) == list(corpus.columns)
    pd.testing.assert_frame_equal(loaded.drop(columns=["votes"]), corpus.drop(columns=["votes"]), check_dtype=False)
    assert loaded["votes"].tolist() == ["365", "173"]
    # the sha256 of the frame is the sha256 of the written file
    assert (corpus["sha256"] == loaded["sha256"]).all()


def test_write_corpus_of_a_plain_frame(tmp_path):
    df = pd.DataFrame({"text": ["One text here.", "Another text here."]})
    fr.corpus.write_corpus(df, tmp_path / "c")
    assert fr.load_corpus(tmp_path / "c")["doc_id"].tolist() == ["doc-001", "doc-002"]


def test_corpus_from_frame_errors():
    with pytest.raises(CorpusError, match="no column 'body'"):
        fr.corpus.corpus_from_frame(pd.DataFrame({"text": ["x"]}), text="body")
    with pytest.raises(CorpusError, match="no column 'party'"):
        fr.corpus.corpus_from_frame(pd.DataFrame({"text": ["x"]}), framing="party")
    with pytest.raises(CorpusError, match="row 1 has an empty 'text'"):
        fr.corpus.corpus_from_frame(pd.DataFrame({"text": ["x", " "]}))
