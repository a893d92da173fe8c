"""kwic skips paragraphs that cannot hold the pattern: never one that does (issue 24)."""
import pandas as pd

import framings as fr


def test_kwic_finds_words_whose_case_folding_changes_their_length():
    # casefold maps ß to ss and the Kelvin sign to k: a skip test by lower() would miss these paragraphs
    paras = pd.DataFrame({"doc_id": ["a", "b", "c"], "para_id": ["a1", "b1", "c1"], "framing": ["x", "y", "x"],
                          "text": ["Die Straße ist lang.", "No street here.", "Die STRASSE’s Ende und \u212aiel."]})
    found = fr.kwic(paras, "strasse", window=1)
    assert found["para_id"].tolist() == ["a1", "c1"]
    assert found["keyword"].tolist() == ["Straße", "STRASSE’s"]
    assert fr.kwic(paras, "kiel", window=0)["keyword"].tolist() == ["\u212aiel"]
