"""The Entman codebook extension (corpus/codebook-entman.yaml) and the claims of notebooks 09 and 10's figures,
recomputed independently of the notebooks (issue 29)."""
import json
import re

import krippendorff
import numpy as np
import pandas as pd
import pytest
import yaml

import framings as fr

from conftest import ROOT

ENTMAN = ROOT / "corpus" / "codebook-entman.yaml"
FUNCTIONS = ["problem_definition", "causal_interpretation", "moral_evaluation", "treatment_recommendation"]


@pytest.fixture(scope="module")
def entman():
    return yaml.safe_load(ENTMAN.read_text(encoding="utf-8"))


def test_the_four_functions_in_entmans_order_with_his_words(entman):
    assert list(entman["functions"]) == FUNCTIONS
    for function in entman["functions"].values():
        assert {"label", "entman", "ask", "evidence"} <= set(function)
        assert "Entman 1993, p. 52" in function["entman"]
    assert set(entman["salience"]) == {"explicit", "implicit", "absent"}


def test_the_worked_example_quotes_its_paragraphs_verbatim_and_uses_the_codebooks_codes(entman, paras):
    example = entman["worked_example"]
    text_of = paras.set_index("para_id")["text"]
    codes = set(fr.coding.codebook_codes())
    assert [row["function"] for row in example["rows"]] == FUNCTIONS
    for row in example["rows"]:
        assert row["para_id"].startswith(example["doc_id"] + "-")
        assert row["quote"] in text_of[row["para_id"]], row["function"]
        assert row["frame"] in codes and row["salience"] in entman["salience"]
    # who coded it is said, and a model is not called a person
    assert "AI assistant" in example["coder"] and "not a person" in example["coder"] and example["blind"] is False
    assert set(entman["sheet_columns"]) >= {"doc_id", "function", "para_id", "quote", "frame", "salience"}


def test_figure_09_lexicon_title_counts_the_flagged_paragraphs(entman, paras):
    sidecar = json.loads((ROOT / "figures" / "09-lexicon-along-text.json").read_text(encoding="utf-8"))
    doc_id = sidecar["parameters"]["DOC_ID"]
    body = paras[paras["kind"] == "body"]
    document = body[body["doc_id"] == doc_id]
    # recomputed from the match counts (the notebook pivots the scores): a paragraph is flagged when it has a match
    scores = fr.frame_scores(body, lexicon=fr.load_lexicon())
    flagged = scores.groupby("para_id")["matches"].sum() > 0
    n_flagged = int(flagged.reindex(document["para_id"]).sum())
    quoted = {row["para_id"] for row in entman["worked_example"]["rows"]}
    expected = (f"{n_flagged} of {len(document)} paragraphs carry a frame term (corpus {flagged.mean():.0%}); "
                f"◆ {len(quoted)} quoted by the close reading, {int(flagged.reindex(sorted(quoted)).sum())} of them flagged")
    assert sidecar["title"] == expected


def test_figure_10_title_is_the_alpha_of_the_shipped_sheets_by_the_krippendorff_package():
    sidecar = json.loads((ROOT / "figures" / "10-agreement-by-coder-kind.json").read_text(encoding="utf-8"))
    folder = ROOT / "corpus" / "coding"
    sheets = {path.stem: pd.read_csv(path, dtype=str, encoding="utf-8-sig").set_index("id")["code"]
              for path in sorted(folder.glob("coder-*.csv"))}
    units = sorted(next(iter(sheets.values())).index)
    values = sorted({code for sheet in sheets.values() for code in sheet})
    data = np.array([[values.index(sheet[unit]) for unit in units] for sheet in sheets.values()], dtype=float)
    alpha = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    found = re.search(r"Highest: models, α = ([\d.]+) .*; 0 person sheet\(s\), (\d+) model sheet\(s\)", sidecar["title"])
    assert found, sidecar["title"]
    assert float(found[1]) == pytest.approx(alpha, abs=0.005) and int(found[2]) == len(sheets) == 2


def test_figure_10_corpus_design_title_counts_documents_per_label():
    sidecar = json.loads((ROOT / "figures" / "10-corpus-design.json").read_text(encoding="utf-8"))
    meta = pd.read_csv(ROOT / "corpus" / "metadata.csv")
    counts = meta["framing"].value_counts()
    smallest = counts.idxmin()
    words = fr.load_corpus().groupby("framing")["n_words"].sum()
    assert sidecar["title"] == (f"'{smallest}' rests on {counts.min()} of {len(meta)} documents "
                                f"({words[smallest] / words.sum():.0%} of the words); "
                                f"an equal split would give {len(meta) / len(counts):.1f}")
