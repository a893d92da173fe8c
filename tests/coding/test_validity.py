"""Round trip sample -> two filled sheets -> score, and the lexicon's precision/recall against
scikit-learn (weighted) and scipy's Wilson interval. The sheets here are filled by the test
program from the lexicon's own calls: TEST DATA, not anybody's reading of the paragraphs."""
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from scipy.stats import binomtest
from sklearn.metrics import precision_score, recall_score

import framings as fr
from framings.coding._validity import _weighted_proportion

FRAMES = ["alliance", "authoritarian-survival", "strategic-autonomy"]


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "framings", *args], capture_output=True, text=True)


def lexicon_calls(paras, para_ids):
    """The lexicon's frames per paragraph, computed here from frame_scores (ties count for each)."""
    scores = fr.frame_scores(paras[paras["para_id"].isin(para_ids)])
    best = scores.groupby("para_id")["score"].transform("max")
    called = scores[(scores["score"] == best) & (best > 0)]
    return {pid: set(called.loc[called["para_id"] == pid, "frame"]) for pid in para_ids}


@pytest.fixture(scope="module")
def filled(tmp_path_factory, paras):
    """sample (CLI) -> blind sheet -> two sheets filled programmatically (test data)."""
    root = tmp_path_factory.mktemp("roundtrip")
    result = run_cli("coding", "sample", "--n", "40", "--random-state", "11", "--out", str(root / "job"),
                     "--key", str(root / "private" / "sample-key.csv"))
    assert result.returncode == 0, result.stderr
    sheet = fr.coding.read_sheet(root / "job" / "sheet.csv")
    key = fr.coding.read_key(root / "private" / "sample-key.csv")
    calls = lexicon_calls(paras, list(key["para_id"]))
    para_of = dict(zip(key["id"], key["para_id"]))
    # test coder A: the lexicon's first call, or "none"; test coder B: like A but "none" on every 4th unit
    # and "other" on every 7th, and one unit left empty (a missing code)
    a = sheet.assign(code=[sorted(calls[para_of[u]])[0] if calls[para_of[u]] else "none" for u in sheet["id"]])
    b = a.copy()
    b.loc[b.index % 4 == 1, "code"] = "none"
    b.loc[b.index % 7 == 3, "code"] = "other"
    b.loc[5, "code"] = ""
    sheets = root / "coded"
    sheets.mkdir()
    for name, frame in (("test-a", a), ("test-b", b)):
        frame.to_csv(sheets / f"{name}.csv", index=False, encoding="utf-8-sig")
    return {"root": root, "key": key, "a": a, "b": b, "sheets": [sheets / "test-a.csv", sheets / "test-b.csv"],
            "calls": calls, "para_of": para_of}


def test_the_key_never_reaches_the_sheet(filled):
    data = (filled["root"] / "job" / "sheet.csv").read_text(encoding="utf-8-sig")
    key = filled["key"]
    for value in set(key["para_id"]) | {"stratum", "weight", "para_id", "no frame term"}:
        assert value not in data
    assert [p.name for p in (filled["root"] / "job").iterdir()] == ["sheet.csv"]


def test_round_trip_scores_agreement_and_validity(filled, paras):
    codes = fr.read_coding_sheets(filled["sheets"], key=filled["key"], paras=paras)
    assert sorted(codes["coder"].unique()) == ["test-a", "test-b"] and codes["code"].isna().sum() == 1
    row = fr.agreement(codes, n_boot=200).iloc[0]
    both = codes.pivot(index="unit", columns="coder", values="code").dropna()
    assert row["n_units"] == len(both) == 39
    assert row["percent_agreement"] == pytest.approx((both["test-a"] == both["test-b"]).mean())
    table = fr.lexicon_validity(codes, filled["key"], paras)
    assert list(table["reference"].unique()) == ["consensus", "test-a", "test-b"]
    assert list(table["frame"].unique()) == FRAMES + ["any frame"]
    # against test coder A (the lexicon's own first call) the lexicon cannot miss: recall 1
    a_rows = table[table["reference"] == "test-a"].set_index("frame")
    assert (a_rows.loc[FRAMES, "recall"] == 1.0).all()
    # the consensus of two coders who disagree leaves those units out
    consensus = fr.coding.consensus_codes(codes)
    assert consensus["consensus"].isna().sum() == (both["test-a"] != both["test-b"]).sum()


@pytest.mark.parametrize("reference", ["test-a", "test-b"])
def test_weighted_precision_and_recall_equal_scikit_learn(filled, paras, reference):
    codes = fr.read_coding_sheets(filled["sheets"], key=filled["key"], paras=paras)
    table = fr.lexicon_validity(codes, filled["key"], paras).set_index(["reference", "frame"])
    sheet = filled["a"] if reference == "test-a" else filled["b"]
    sheet = sheet[sheet["code"] != ""]
    weights = filled["key"].set_index("id").loc[sheet["id"], "weight"].to_numpy()
    called = [filled["calls"][filled["para_of"][u]] for u in sheet["id"]]
    for frame in FRAMES:
        truth = (sheet["code"] == frame).to_numpy()
        predicted = np.array([frame in c for c in called])
        row = table.loc[(reference, frame)]
        if predicted.any():
            assert row["precision"] == pytest.approx(precision_score(truth, predicted, sample_weight=weights))
        if truth.any():
            assert row["recall"] == pytest.approx(recall_score(truth, predicted, sample_weight=weights))
            assert row["precision_low"] <= row["precision"] <= row["precision_high"]
        assert (row["n_lexicon"], row["n_coded"], row["n_both"]) == (predicted.sum(), truth.sum(),
                                                                     (truth & predicted).sum())
        # estimated corpus counts are weighted sums; baselines are weighted shares
        assert row["corpus_lexicon"] == pytest.approx(weights[predicted].sum())
        assert row["recall_baseline"] == pytest.approx(weights[predicted].sum() / weights.sum())
        assert row["precision_baseline"] == pytest.approx(weights[truth].sum() / weights.sum())


@pytest.mark.parametrize("hits, n", [(81, 263), (15, 148), (0, 20), (1, 29), (7, 7)])
def test_wilson_interval_with_equal_weights_is_scipys(hits, n):
    outcome = np.r_[np.ones(hits), np.zeros(n - hits)]
    proportion, low, high = _weighted_proportion(outcome, np.full(n, 3.0))
    reference = binomtest(hits, n).proportion_ci(confidence_level=0.95, method="wilson")
    assert proportion == pytest.approx(hits / n)
    assert (low, high) == (pytest.approx(reference.low, abs=1e-9), pytest.approx(reference.high, abs=1e-9))


def test_unequal_weights_widen_the_interval():
    outcome = np.r_[np.ones(10), np.zeros(10)]
    _, low_equal, high_equal = _weighted_proportion(outcome, np.ones(20))
    proportion, low, high = _weighted_proportion(outcome, np.tile([5.0, 1.0], 10))
    assert proportion == pytest.approx(0.5)
    assert high - low > high_equal - low_equal   # Kish's effective n (13.8) is smaller than 20


def test_cli_score_reports_agreement_and_validity(filled):
    result = run_cli("coding", "score", *map(str, filled["sheets"]), "--key",
                     str(filled["root"] / "private" / "sample-key.csv"), "--n-boot", "200",
                     "--out", str(filled["root"] / "validity.csv"))
    assert result.returncode == 0, result.stderr
    assert "Krippendorff's alpha (nominal) = " in result.stdout and "Cohen's kappa" in result.stdout
    assert "recall" in result.stdout and "any frame" in result.stdout
    assert len(pd.read_csv(filled["root"] / "validity.csv")) == 12


def test_cli_score_with_one_sheet_says_agreement_needs_two(filled):
    result = run_cli("coding", "score", str(filled["sheets"][0]), "--key",
                     str(filled["root"] / "private" / "sample-key.csv"))
    assert result.returncode == 0, result.stderr
    assert "agreement needs two coders" in result.stdout


def test_unknown_code_duplicated_id_and_foreign_sheet_are_clear_errors(filled, tmp_path, paras):
    key_path = str(filled["root"] / "private" / "sample-key.csv")
    bad = filled["a"].copy()
    bad.loc[2, "code"] = "kinship"
    bad.to_csv(tmp_path / "unknown.csv", index=False)
    result = run_cli("coding", "score", str(tmp_path / "unknown.csv"), "--key", key_path)
    assert result.returncode == 2 and "unknown code 'kinship'" in result.stderr and "row 4" in result.stderr
    twice = pd.concat([filled["a"], filled["a"].iloc[[0]]])
    twice.to_csv(tmp_path / "twice.csv", index=False)
    result = run_cli("coding", "score", str(tmp_path / "twice.csv"), "--key", key_path)
    assert result.returncode == 2 and "appears twice" in result.stderr
    short = filled["a"].iloc[:-1]
    short.to_csv(tmp_path / "short.csv", index=False)
    result = run_cli("coding", "score", str(tmp_path / "short.csv"), "--key", key_path)
    assert result.returncode == 2 and "does not match its key" in result.stderr
    # a sheet of another sample, relabelled with this sample's ids
    other = fr.coding_sample(paras, n=40, random_state=12)
    foreign = fr.coding.blind_sheet(other).assign(id=list(filled["a"]["id"]), code="none")
    foreign.to_csv(tmp_path / "foreign.csv", index=False)
    with pytest.raises(fr.CorpusError, match="not the paragraph the key names"):
        fr.read_coding_sheets([tmp_path / "foreign.csv"], key=key_path, paras=paras)
    with pytest.raises(fr.CorpusError, match="coder name 'test-a'"):
        fr.read_coding_sheets([filled["sheets"][0], filled["sheets"][0]], key=key_path)


def test_validity_rejects_codes_the_codebook_lacks_and_units_outside_the_key(filled, paras):
    codes = fr.read_coding_sheets(filled["sheets"], key=filled["key"], paras=paras)
    with pytest.raises(fr.CorpusError, match="unknown code"):
        fr.lexicon_validity(codes.assign(code="kinship"), filled["key"], paras)
    with pytest.raises(fr.CorpusError, match="not in the key"):
        fr.lexicon_validity(codes.assign(unit="S99"), filled["key"], paras)


def test_consensus_of_three_coders():
    codes = pd.DataFrame({"unit": [1, 1, 1, 2, 2, 2, 3, 3, 3], "coder": list("abcabcabc"),
                          "code": ["x", "x", "y", "x", "y", None, "z", "z", "z"]})
    consensus = fr.coding.consensus_codes(codes).set_index("unit")
    assert consensus["consensus"].tolist() == ["x", None, "z"]
    assert consensus["unanimous"].tolist() == [False, False, True]
    assert consensus["n_codes"].tolist() == [3, 2, 3]


def test_provenance_notes_are_read_or_their_absence_said(filled, tmp_path):
    (filled["sheets"][0].with_suffix(".md")).write_text("Test data: filled by tests/coding/test_validity.py.\n",
                                                       encoding="utf-8")
    table = fr.coding.coding_provenance(filled["sheets"])
    assert table["provenance"].iloc[0].startswith("Test data")
    assert "unknown" in table["provenance"].iloc[1]
    assert fr.coding.coding_sheets(filled["sheets"][0].parent) == filled["sheets"]
    assert fr.coding.coding_sheets(filled["root"] / "job") == [], "a blank sheet is not a coded sheet"
