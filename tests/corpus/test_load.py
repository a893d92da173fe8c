"""The corpus layer: metadata, checksums, loading, paragraphs, and every error case."""
import hashlib

import pandas as pd
import pytest

import framings as fr
from framings import CorpusError

from conftest import CORPUS, SOURCES, write_corpus


def test_raw_files_are_the_shared_sources_byte_for_byte():
    meta = pd.read_csv(CORPUS / "metadata.csv", dtype=str, keep_default_na=False)
    source_sums = {hashlib.sha256(p.read_bytes()).hexdigest() for p in SOURCES.glob("*.txt")}
    if not source_sums:
        pytest.skip("../shared/corpus-sources not present")
    raw_sums = {hashlib.sha256(p.read_bytes()).hexdigest() for p in (CORPUS / "raw").iterdir()}
    assert raw_sums == source_sums
    assert set(meta["sha256"]) == source_sums


def test_metadata_has_required_and_bibliographic_columns():
    meta = fr.corpus.read_metadata(CORPUS)
    for column in ["doc_id", "file", "sha256", "framing", "title", "authors", "date", "year", "outlet",
                   "kind", "url", "notes"]:
        assert column in meta.columns
    assert meta["doc_id"].is_unique
    assert set(meta["framing"]) == {"alliance", "authoritarian-survival", "strategic-autonomy"}
    # unknown facts stay empty: source 000 states no author, outlet or date; 003 no author
    unknown = meta.set_index("doc_id")
    assert unknown.loc["turkic-integration", ["authors", "outlet", "date", "year"]].eq("").all()
    assert unknown.loc["authoritarian-governance-2025", "authors"] == ""


def test_metadata_says_how_each_label_was_assigned(tmp_path):
    meta = fr.corpus.read_metadata(CORPUS).set_index("doc_id")
    assert "label_basis" in meta.columns
    assert (meta["label_basis"].str.len() > 50).all()
    # each statement names the document's title (or says it has none) and never claims more than the sources say
    for doc_id, row in meta.iterrows():
        assert row["title"] in row["label_basis"] if row["title"] else "no title" in row["label_basis"]
        assert "researcher" in row["label_basis"]
    # a corpus without the column still loads (the column is optional and then empty)
    folder = write_corpus(tmp_path / "plain", {"a": ("x", "One paragraph here.")})
    assert fr.load_corpus(folder)["label_basis"].tolist() == [""]


def test_load_corpus_shape(corpus, raw_corpus):
    assert len(corpus) == 5
    assert {"doc_id", "framing", "text", "n_words", "sha256"} <= set(corpus.columns)
    assert (corpus["n_words"] > 0).all()
    assert (corpus["n_words"].to_numpy() < raw_corpus["n_words"].to_numpy()).all()
    assert "cleaning_report" not in raw_corpus.attrs


def test_paragraphs_columns_and_ids(paras):
    assert list(paras.columns) == ["doc_id", "para_id", "framing", "text", "n_words", "kind"]
    assert paras["para_id"].is_unique
    assert 200 <= len(paras) <= 260
    assert (paras["n_words"] > 0).all()
    assert paras["para_id"].iloc[0].endswith("-p001")


def test_paragraph_kinds_of_the_shipped_corpus(paras):
    # huseynov-2025 keeps its title line and byline (its rules keep headings); every other paragraph is body text
    assert set(paras["kind"]) <= {"body", "heading", "title", "byline"}
    kinds = paras.set_index("para_id")["kind"]
    assert kinds["huseynov-2025-p001"] == "title" and kinds["huseynov-2025-p002"] == "byline"
    assert kinds["huseynov-2025-p003"] == "body"
    assert (paras.loc[paras["doc_id"] != "huseynov-2025", "kind"] == "body").all()


def test_paragraph_kinds_by_rule():
    corpus = pd.DataFrame({
        "doc_id": ["d", "e"], "framing": ["x", "y"],
        "title": ["Türkiye–Azerbaijan: A Bond", ""], "authors": ["Smith, Ann; Öz, Bora", ""],
        "text": ["TÜRKIYE-AZERBAIJAN A BOND\nAnn SMITH and Bora Öz\nA Section Heading\n"
                 "Smith (2020) argues at length that the bond is old, and that it holds.\n"
                 "Short and closed.",
                 "By the Editors\nNo Title Here\nA sentence of body text."]})
    kinds = fr.paragraphs(corpus)["kind"].tolist()
    assert kinds == ["title", "byline", "heading", "body", "body", "byline", "heading", "body"]


def test_load_corpus_accepts_a_users_folder(tmp_path):
    folder = write_corpus(tmp_path / "mine", {"a": ("x", "One paragraph here.\nAnother one."),
                                             "b": ("y", "Third paragraph of text.")})
    corpus = fr.load_corpus(folder)
    assert list(corpus["doc_id"]) == ["a", "b"]
    assert len(fr.paragraphs(corpus)) == 3


# -- errors: each names the file or row ------------------------------------------

def test_file_listed_but_missing(corpus_copy):
    (corpus_copy / "raw" / "heyet-2026.txt").unlink()
    with pytest.raises(CorpusError, match=r"heyet-2026\.txt.*missing"):
        fr.load_corpus(corpus_copy)


def test_file_present_but_not_listed(corpus_copy):
    (corpus_copy / "raw" / "stray.txt").write_text("A stray document.", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"stray\.txt.*not listed"):
        fr.load_corpus(corpus_copy)


def test_checksum_mismatch(corpus_copy):
    path = corpus_copy / "raw" / "huseynov-2025.txt"
    path.write_bytes(path.read_bytes() + b" edited")
    with pytest.raises(CorpusError, match=r"huseynov-2025\.txt.*checksum"):
        fr.load_corpus(corpus_copy)


def test_not_utf8_names_byte_offset(tmp_path):
    data = "Caf".encode() + b"\xe9 au lait."
    folder = write_corpus(tmp_path / "c", {"latin1": ("x", data)})
    with pytest.raises(CorpusError, match=r"latin1\.txt.*not UTF-8.*offset 3"):
        fr.load_corpus(folder)


def test_empty_document(tmp_path):
    folder = write_corpus(tmp_path / "c", {"blank": ("x", "  \n\t\n")})
    with pytest.raises(CorpusError, match=r"blank\.txt.*empty"):
        fr.load_corpus(folder)


def test_duplicate_doc_id(corpus_copy):
    meta = pd.read_csv(corpus_copy / "metadata.csv", dtype=str, keep_default_na=False)
    meta.loc[1, "doc_id"] = meta.loc[0, "doc_id"]
    meta.to_csv(corpus_copy / "metadata.csv", index=False)
    with pytest.raises(CorpusError, match=r"metadata\.csv, line 3.*duplicate doc_id"):
        fr.load_corpus(corpus_copy)


def test_missing_required_column(corpus_copy):
    meta = pd.read_csv(corpus_copy / "metadata.csv", dtype=str, keep_default_na=False)
    meta.drop(columns=["sha256"]).to_csv(corpus_copy / "metadata.csv", index=False)
    with pytest.raises(CorpusError, match=r"metadata\.csv.*missing required column.*sha256"):
        fr.load_corpus(corpus_copy)


def test_malformed_rules_file(corpus_copy):
    (corpus_copy / "rules" / "heyet-2026.yaml").write_text("drop_lines: [ {rule: x, pattern: \n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"heyet-2026\.yaml.*not valid YAML"):
        fr.load_corpus(corpus_copy)


def test_rules_file_with_bad_regex(corpus_copy):
    (corpus_copy / "rules" / "heyet-2026.yaml").write_text("drop_lines:\n  - {rule: x, pattern: '(unclosed'}\n",
                                                          encoding="utf-8")
    with pytest.raises(CorpusError, match=r"heyet-2026\.yaml.*regular expression"):
        fr.load_corpus(corpus_copy)


def test_empty_after_cleaning(tmp_path):
    folder = write_corpus(tmp_path / "c", {"gone": ("x", "Only boilerplate here.")},
                          rules={"gone": "drop_lines:\n  - {rule: all, pattern: '.'}\n"})
    with pytest.raises(CorpusError, match=r"gone\.txt.*empty after cleaning"):
        fr.load_corpus(folder)


def test_document_without_rules_gets_defaults_and_a_warning(tmp_path):
    folder = write_corpus(tmp_path / "c", {"plain": ("x", "A heading\nA sentence of the body text.")})
    (folder / "rules" / "plain.yaml").unlink()
    with pytest.warns(fr.CorpusWarning, match=r"1 of 1 document\(s\) have no rules file \(plain\)"):
        corpus = fr.load_corpus(folder)
    assert corpus["text"].iloc[0] == "A sentence of the body text."


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(CorpusError, match="no such corpus folder"):
        fr.load_corpus(tmp_path / "nowhere")


def test_corpus_error_is_a_value_error():
    assert issubclass(CorpusError, ValueError)


@pytest.mark.parametrize("folder", [CORPUS, CORPUS.parent / "practice" / "inaugural"], ids=["shipped", "practice"])
def test_paragraphs_from_the_load_equal_paragraphs_counted_afresh(folder, monkeypatch):
    """paragraphs() of a frame load_corpus made reuses its word counts and, for paragraphs the cleaning left
    one per line, splits the text at "\\n" only; a copy of the frame (nothing to reuse) gives the same frame."""
    monkeypatch.setenv("FRAMINGS_CLEAN_CACHE", "0")  # exact lines known for every document
    loaded = fr.load_corpus(folder)
    reused = fr.paragraphs(loaded)
    afresh = fr.paragraphs(loaded.copy())
    pd.testing.assert_frame_equal(reused, afresh)
    # counts from the chunk ids the load kept (many rows: one entry per token; few: per distinct chunk)
    for by in ("para_id", None, "framing"):
        rows, vocabulary, matrix = fr.text.count_matrix(reused, by=by)
        rows_afresh, vocabulary_afresh, matrix_afresh = fr.text.count_matrix(reused.copy(), by=by)
        assert list(rows) == list(rows_afresh) and list(vocabulary) == list(vocabulary_afresh)
        assert (matrix != matrix_afresh).nnz == 0
    # a text changed in the loaded frame, with line breaks other than "\n", blank and padded lines: split afresh
    loaded.loc[0, "text"] = "  First line.\r\n\n\u2028Second\u0085third.\x0c  "
    changed = fr.paragraphs(loaded)
    assert changed.loc[changed["doc_id"] == loaded.loc[0, "doc_id"], "text"].tolist() == ["First line.", "Second",
                                                                                         "third."]
    pd.testing.assert_frame_equal(changed, fr.paragraphs(loaded.copy()))


def test_loads_in_two_threads_count_as_one_load_does(monkeypatch):
    """The chunk ids a load keeps for count_matrix come from one table per process: two loads at once in two
    threads still give the counts of texts split afresh."""
    import threading

    monkeypatch.setenv("FRAMINGS_CLEAN_CACHE", "0")
    folders = [CORPUS, CORPUS.parent / "practice" / "inaugural"]
    found = {}

    def count(folder):
        found[folder] = fr.term_counts(fr.paragraphs(fr.load_corpus(folder)), by="doc_id")

    threads = [threading.Thread(target=count, args=(folder,)) for folder in folders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for folder in folders:
        afresh = fr.term_counts(fr.paragraphs(fr.load_corpus(folder)).copy(), by="doc_id")
        pd.testing.assert_frame_equal(found[folder], afresh)
