"""The codebook: one code per lexicon frame plus none/other, rules, verbatim anchors, a change log."""
import pytest
import yaml

import framings as fr

from conftest import CORPUS


def test_every_lexicon_frame_has_a_code_plus_none_and_other():
    codebook = fr.coding.load_codebook()
    frames = list(dict.fromkeys(fr.load_lexicon()["frame"]))
    assert list(codebook["code"]) == frames + ["none", "other"]
    assert codebook["definition"].str.len().gt(80).all()
    for code in frames:
        row = codebook.set_index("code").loc[code]
        assert row["include"].count("\n") >= 1 and row["exclude"], code
        assert 1 <= row["n_anchors"] <= 2


def test_anchors_are_quoted_verbatim_from_one_paragraph_each(paras):
    anchors = fr.coding.codebook_anchors(paras=paras)
    assert len(anchors) >= 5 and set(anchors["code"]) == set(fr.coding.codebook_codes())
    texts = dict(zip(paras["para_id"], paras["text"]))
    for quote, para_id in zip(anchors["quote"], anchors["para_id"]):
        assert quote in texts[para_id]  # verbatim: not even whitespace differs


def test_codebook_is_versioned_and_names_no_document():
    data = yaml.safe_load((CORPUS / "codebook.yaml").read_text(encoding="utf-8"))
    assert data["version"] and data["changes"] and all({"date", "change", "reason"} <= set(c) for c in data["changes"])
    assert set(data["elements"]) == {"problem_definition", "causal_attribution", "moral_evaluation",
                                     "treatment_recommendation"}
    text = (CORPUS / "codebook.yaml").read_text(encoding="utf-8")
    for doc_id in fr.corpus.read_metadata()["doc_id"]:
        assert doc_id not in text, "the coders' codebook must not reveal documents"


def _edited(tmp_path, edit):
    data = yaml.safe_load((CORPUS / "codebook.yaml").read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "codebook.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_a_lexicon_frame_without_a_code_is_an_error(tmp_path):
    path = _edited(tmp_path, lambda d: d["codes"].pop("strategic-autonomy"))
    with pytest.raises(fr.CorpusError, match="strategic-autonomy.*no code"):
        fr.coding.load_codebook(path)
    assert "strategic-autonomy" not in fr.coding.codebook_codes(fr.coding.load_codebook(path, lexicon=False))


def test_none_and_other_are_required(tmp_path):
    with pytest.raises(fr.CorpusError, match="'none'"):
        fr.coding.load_codebook(_edited(tmp_path, lambda d: d["codes"].pop("none")))


def test_a_code_without_anchor_or_definition_is_an_error(tmp_path):
    with pytest.raises(fr.CorpusError, match="anchors"):
        fr.coding.load_codebook(_edited(tmp_path, lambda d: d["codes"]["alliance"].pop("anchors")))
    with pytest.raises(fr.CorpusError, match="definition"):
        fr.coding.load_codebook(_edited(tmp_path, lambda d: d["codes"]["other"].pop("definition")))


def test_an_anchor_that_is_not_verbatim_is_an_error(tmp_path, paras):
    def paraphrase(data):
        data["codes"]["alliance"]["anchors"][0]["quote"] = "Türkiye and Azerbaijan became a full alliance."
    with pytest.raises(fr.CorpusError, match="alliance.*no paragraph"):
        fr.coding.codebook_anchors(_edited(tmp_path, paraphrase), paras=paras)


def test_missing_or_broken_file(tmp_path):
    with pytest.raises(fr.CorpusError, match="no codebook"):
        fr.coding.load_codebook(tmp_path / "absent.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("codes:\n  alliance: [\n", encoding="utf-8")
    with pytest.raises(fr.CorpusError, match="not valid YAML"):
        fr.coding.load_codebook(broken)
