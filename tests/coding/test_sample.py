"""Blind coding sample: stratified, shuffled, body paragraphs only, a sheet that reveals nothing,
a separate key with weights, files that spreadsheets open; reading filled sheets back."""
import csv
import io

import numpy as np
import pandas as pd
import pytest

import framings as fr
from framings.project import main


@pytest.fixture(scope="module")
def sample():
    return fr.coding_sample(fr.paragraphs(fr.load_corpus()), n=60, random_state=7)


def test_sample_is_stratified_with_a_no_frame_stratum_and_weights(sample, paras):
    assert len(sample) == 60 and sample["id"].is_unique and sample["para_id"].is_unique
    strata = sample.groupby("stratum")
    assert {"no frame term", "alliance", "authoritarian-survival", "strategic-autonomy"} <= set(strata.groups)
    # the stratum is the lexicon's dominant frame of the paragraph, recomputed here
    dominant = fr.frames.dominant_frames(fr.frame_scores(paras)).set_index("para_id")["dominant_frame"]
    assert (sample["stratum"].to_numpy() == dominant.loc[sample["para_id"]].to_numpy()).all()
    # weights are inverse inclusion probabilities: each stratum's weights add up to its size
    assert (strata["weight"].sum().round(9) == strata["stratum_size"].first()).all()
    assert (strata.size() == strata["n_sampled"].first()).all()
    population = fr.coding.body_paragraphs(paras)
    anchors = set(fr.coding.codebook_anchors(paras=paras)["para_id"])
    assert strata["stratum_size"].first().sum() == (~population["para_id"].isin(anchors)).sum()
    # equal allocation: no stratum gets more than one paragraph above another, unless it is used up
    sizes = strata["n_sampled"].first()
    full = strata["stratum_size"].first() == sizes
    assert sizes[~full].max() - sizes[~full].min() <= 1 and (sizes[full] <= sizes[~full].min()).all()


def test_sample_is_deterministic_and_shuffled(sample, paras):
    again = fr.coding_sample(paras, n=60, random_state=7)
    pd.testing.assert_frame_equal(sample, again)
    other = fr.coding_sample(paras, n=60, random_state=8)
    assert set(other["para_id"]) != set(sample["para_id"])
    # shuffled: neither the strata nor the documents come in runs
    runs = (sample["stratum"] != sample["stratum"].shift()).sum()
    assert runs > 30
    assert list(sample["para_id"]) != sorted(sample["para_id"])


def test_only_codable_body_paragraphs_are_sampled(paras):
    sample = fr.coding_sample(paras, n=len(fr.coding.body_paragraphs(paras)) - 10, random_state=1)
    texts = set(sample["text"])
    assert "Azerbaijan’s Quest for Strategic Autonomy" not in texts          # title
    assert not any(t.startswith("Tabib HUSEYNOV") for t in texts)           # byline
    assert "The historical basis for the formation of foreign policy in the Second Republic" not in texts
    assert paras.set_index("para_id").loc[sample["para_id"], "n_words"].min() >= 12
    anchors = fr.coding.codebook_anchors(paras=paras)
    assert not set(anchors["para_id"]) & set(sample["para_id"]), "paragraphs with anchors are never sampled"


def test_a_kind_column_decides_what_is_body(paras):
    marked = paras.assign(kind=np.where(paras["para_id"].str.startswith("heyet-2026"), "heading", "body"))
    sample = fr.coding_sample(marked, n=40, random_state=3)
    assert not sample["para_id"].str.startswith("heyet-2026").any()
    heuristic = set(fr.coding.body_paragraphs(paras.drop(columns="kind", errors="ignore"))["para_id"])
    assert set(fr.coding.body_paragraphs(marked)["para_id"]) == heuristic - set(marked.loc[marked["kind"] != "body", "para_id"])


def test_blind_sheet_reveals_nothing(sample, tmp_path, paras):
    paths = fr.coding.write_coding_sample(sample, tmp_path / "job", key=tmp_path / "key.csv")
    assert sorted(p.name for p in (tmp_path / "job").iterdir()) == ["sheet.csv"]
    raw = paths["sheet"].read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(raw)))
    assert rows[0] == ["id", "text", "code", "notes"]
    assert all(row[2] == "" and row[3] == "" for row in rows[1:])
    corpus = fr.load_corpus()
    revealing = set(corpus["doc_id"]) | set(paras["para_id"]) | {"stratum", "weight", "para_id", "framing"}
    revealing |= set(corpus["authors"].str.split(";").explode().str.split(",").str[0].str.strip()) - {""}
    for secret in revealing:
        for row in rows:
            assert secret not in row[0] and all(secret not in cell for cell in row[2:]), secret
    assert all(not row[0].isdigit() for row in rows[1:]), "ids a spreadsheet would turn into numbers"
    # the ids follow the shuffled order, so they say nothing about stratum or document
    key = fr.coding.read_key(paths["key"])
    assert list(key["id"]) == [f"S{i:02d}" for i in range(1, 61)]
    pd.testing.assert_frame_equal(key, sample[key.columns.tolist()].astype({"weight": float}))


def test_sheet_opens_in_spreadsheets_utf8_bom_crlf(sample, tmp_path):
    path = fr.coding.write_coding_sample(sample, tmp_path)["sheet"]
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 byte-order mark: Excel then reads UTF-8"
    assert data.count(b"\r\n") == len(sample) + 1 and b"\n" not in data.replace(b"\r\n", b"")
    # what a spreadsheet sees: Excel and LibreOffice strip the BOM and parse RFC 4180 CSV
    parsed = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    # ... with a paragraph that would run as a formula (this sample has "- International Turkic Academy ...")
    # behind OWASP's leading quote (tests/coding/test_sheet_cells.py)
    formula_like = sample["text"].str.match(r"[=+\-@\t\r]")
    assert formula_like.sum() >= 1
    assert list(parsed["text"]) == [("'" + t) if f else t for t, f in zip(sample["text"], formula_like)]
    assert any(ch in "".join(parsed["text"]) for ch in "üəı’“"), "non-ASCII survives the round trip"


def test_sheet_saved_by_a_spreadsheet_reads_back(sample, tmp_path):
    path = fr.coding.write_coding_sample(sample, tmp_path)["sheet"]
    sheet = fr.coding.read_sheet(path)
    sheet.loc[0, "code"] = "Alliance "
    # LibreOffice in a ';' locale, no BOM, LF line ends
    resaved = tmp_path / "resaved.csv"
    resaved.write_text(sheet.to_csv(index=False, sep=";"), encoding="utf-8")
    back = fr.coding.read_sheet(resaved, codes=fr.coding.codebook_codes())
    assert back.loc[0, "code"] == "alliance" and list(back["text"]) == list(sample["text"])
    latin = tmp_path / "latin.csv"
    latin.write_bytes("id,text,code\nS01,Türkiye,none\n".encode("latin-1"))
    with pytest.raises(fr.CorpusError, match="not UTF-8.*CSV UTF-8"):
        fr.coding.read_sheet(latin)


def test_sheet_errors_name_the_row(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("id,text,code,notes\nS01,a,alliance,\nS02,b,frame-x,\n", encoding="utf-8")
    with pytest.raises(fr.CorpusError, match=r"row 3 \(id S02\): unknown code 'frame-x'"):
        fr.coding.read_sheet(bad, codes=fr.coding.codebook_codes())
    bad.write_text("id,text,code,notes\nS01,a,alliance,\nS01,b,none,\n", encoding="utf-8")
    with pytest.raises(fr.CorpusError, match="row 3: id 'S01' appears twice"):
        fr.coding.read_sheet(bad)
    bad.write_text("id,text\nS01,a\n", encoding="utf-8")
    with pytest.raises(fr.CorpusError, match="missing column"):
        fr.coding.read_sheet(bad)


def test_n_out_of_range(paras):
    with pytest.raises(fr.CorpusError, match="codable paragraphs"):
        fr.coding_sample(paras, n=10_000)
    with pytest.raises(fr.CorpusError, match="codable paragraphs"):
        fr.coding_sample(paras, n=0)


def test_cli_sample_writes_sheet_and_separate_key(tmp_path, capsys):
    assert main(["coding", "sample", "--n", "12", "--random-state", "5", "--out", str(tmp_path / "job"),
                 "--key", str(tmp_path / "private" / "key.csv")]) == 0
    out = capsys.readouterr().out
    assert "no frame term" in out and "weight" in out
    assert sorted(p.name for p in (tmp_path / "job").iterdir()) == ["sheet.csv"]
    key = fr.coding.read_key(tmp_path / "private" / "key.csv")
    assert len(key) == 12 and len(fr.coding.read_sheet(tmp_path / "job" / "sheet.csv")) == 12
    expected = fr.coding_sample(fr.paragraphs(fr.load_corpus()), n=12, random_state=5)
    assert list(key["para_id"]) == list(expected["para_id"])


def test_writing_a_sample_waits_for_the_folders_write_lock(sample, tmp_path, monkeypatch):
    """Another writer holding the folder's lock: the sample is not written (no sheet without its key), and the
    error says who holds it and what to do."""
    from framings._io import corpus_lock

    monkeypatch.setenv("FRAMINGS_LOCK_TIMEOUT", "0.1")
    folder = tmp_path / "coding"
    with corpus_lock(folder, "test"):
        with pytest.raises(fr.CorpusError, match=r"another framings command is writing.*coding sample waited 0\.1 s"):
            fr.coding.write_coding_sample(sample, folder)
    assert not (folder / "sheet.csv").exists() and not (folder / "sample-key.csv").exists()
    paths = fr.coding.write_coding_sample(sample, folder)  # free again
    assert sorted(paths) == ["key", "sheet"]
