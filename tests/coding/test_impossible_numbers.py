"""Numbers that cannot be are clear errors, never NaN or inf in a printed result (issue 26): a sampling
weight of ``inf``, ``nan`` or 0 in the key, a fractional count, a sample of 2.5 paragraphs, a negative or
fractional number of bootstrap draws, a coverage of 1, and ``coding score --n-boot 0``."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import framings as fr
from conftest import ROOT
from framings import CorpusError
from framings.project import main

CODING = ROOT / "corpus" / "coding"
CODES = pd.DataFrame({"unit": [1, 1, 2, 2, 3, 3, 4, 4], "coder": list("abababab"),
                      "code": ["x", "x", "y", "y", "x", "y", "y", "y"]})


@pytest.fixture
def key_file(tmp_path):
    """A copy of the shipped sample key, to be spoiled one cell at a time."""
    def spoil(column, value):
        key = pd.read_csv(CODING / "sample-key.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
        key.loc[3, column] = value
        path = tmp_path / "sample-key.csv"
        key.to_csv(path, index=False)
        return path
    return spoil


def test_the_shipped_key_reads_with_finite_positive_weights():
    key = fr.coding.read_key(CODING / "sample-key.csv")
    assert np.isfinite(key["weight"]).all() and (key["weight"] > 0).all()
    # weight = stratum_size / n_sampled, as the key's own columns say
    assert np.allclose(key["weight"], key["stratum_size"] / key["n_sampled"])


@pytest.mark.parametrize("value", ["inf", "-inf", "Infinity", "nan", "NaN", "0", "-1.5", "heavy", ""])
def test_a_weight_that_is_not_positive_and_finite_names_the_row(key_file, value):
    with pytest.raises(CorpusError, match=r"sample-key\.csv, row 5: weight must be a positive, finite number"):
        fr.coding.read_key(key_file("weight", value))


@pytest.mark.parametrize("column", ["stratum_size", "n_sampled"])
@pytest.mark.parametrize("value", ["2.5", "inf", "nan", "0"])
def test_a_count_that_is_not_a_positive_whole_number_names_the_row(key_file, column, value):
    with pytest.raises(CorpusError, match=rf"row 5: {column} must be a positive whole number"):
        fr.coding.read_key(key_file(column, value))


def test_a_whole_count_written_as_a_float_is_still_read(key_file):
    # "3.0" is what a spreadsheet may save for 3: a whole number, accepted
    assert fr.coding.read_key(key_file("n_sampled", "3.0"))["n_sampled"].dtype.kind == "i"


@pytest.mark.parametrize("weight", [np.inf, np.nan, 0.0, -2.0])
def test_lexicon_validity_refuses_a_weight_given_as_a_table(paras, weight):
    key = fr.coding.read_key(CODING / "sample-key.csv")
    codes = pd.concat([fr.coding.read_sheet(CODING / f"coder-{c}.csv").assign(coder=c) for c in "ab"])
    codes = codes.rename(columns={"id": "unit"})[["unit", "coder", "code"]]
    key.loc[0, "weight"] = weight
    with pytest.raises(CorpusError, match=rf"weight of {key.at[0, 'id']} .*positive, finite"):
        fr.lexicon_validity(codes, key, paras, codebook=ROOT / "corpus" / "codebook.yaml")


@pytest.mark.parametrize("n", [2.5, float("inf"), float("nan"), True, "10"])
def test_coding_sample_size_is_a_whole_number(paras, n):
    with pytest.raises(CorpusError, match=r"coding_sample\(\): n is the number of paragraphs .* whole number"):
        fr.coding_sample(paras, n=n)


@pytest.mark.parametrize("options, message", [
    ({"n_boot": -1}, "n_boot must be a whole number >= 0"),
    ({"n_boot": 2.5}, "n_boot must be a whole number"),
    ({"n_boot": True}, "n_boot must be a whole number"),
    ({"ci": 1.0}, "between 0 and 1"),
    ({"ci": 0}, "between 0 and 1"),
    ({"ci": float("nan")}, "between 0 and 1"),
])
def test_agreement_refuses_impossible_options(options, message):
    with pytest.raises(CorpusError, match=message):
        fr.agreement(CODES, **options)


def test_cli_score_refuses_zero_resamples_before_reading_anything(tmp_path, capsys):
    # the sheet does not exist: the refusal comes first, and no [nan, nan] interval is printed
    assert main(["coding", "score", str(tmp_path / "coder-a.csv"), "--n-boot", "0",
                 "--corpus", str(ROOT / "corpus")]) == 2
    captured = capsys.readouterr()
    assert "--n-boot" in captured.err and "at least 1" in captured.err and "nan" not in captured.out
