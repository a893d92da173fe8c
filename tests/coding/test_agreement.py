"""Krippendorff's alpha against Krippendorff's (2011) worked example and the `krippendorff` package,
Cohen's kappa against scikit-learn, and the edge cases: missing codes, one coder, a constant code."""
from fractions import Fraction
from itertools import permutations

import krippendorff
import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import cohen_kappa_score, confusion_matrix

import framings as fr

NA = np.nan
# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: reliability data of
# 4 observers (A-D) x 12 units with missing values. The same matrix is the reference example of the
# `krippendorff` package's test suite (ordinal .815, ratio .797).
RELIABILITY_DATA = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, NA, NA, NA],   # A
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NA, 3],     # B
    [NA, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NA],    # C
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NA],     # D
]
# the values the paper prints, to three decimals
PUBLISHED = {"nominal": 0.743, "ordinal": 0.815, "interval": 0.849}


def tidy(matrix, coders="ABCD"):
    return pd.DataFrame([(f"u{u + 1}", coders[c], matrix[c][u]) for c in range(len(matrix))
                         for u in range(len(matrix[0]))], columns=["unit", "coder", "code"])


def alpha_by_pairs(matrix, delta2):
    """Alpha straight from the paper's definition, in exact fractions: observed disagreement over the
    pairs of values within each unit (each unit's pairs weighted 1/(m_u - 1)), expected disagreement
    over all pairs of pairable values. Independent of the coincidence-matrix code in framings."""
    units = [[row[u] for row in matrix if not np.isnan(row[u])] for u in range(len(matrix[0]))]
    units = [[int(v) for v in unit] for unit in units if len(unit) >= 2]
    values = [v for unit in units for v in unit]
    n = len(values)
    observed = sum(Fraction(delta2(a, b, values), len(unit) - 1) for unit in units
                   for a, b in permutations(unit, 2))
    expected = sum(Fraction(delta2(a, b, values)) for a, b in permutations(values, 2))
    return 1 - Fraction(n - 1) * observed / expected


def nominal(a, b, values):
    return int(a != b)


def interval(a, b, values):
    return (a - b) ** 2


def ordinal(a, b, values):
    low, high = min(a, b), max(a, b)
    between = sum(values.count(g) for g in range(low, high + 1))
    return (Fraction(between) - Fraction(values.count(a) + values.count(b), 2)) ** 2


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval"])
def test_alpha_reproduces_krippendorffs_worked_example(level):
    codes = tidy(RELIABILITY_DATA)
    alpha = fr.coding.krippendorff_alpha(codes, level=level)
    assert round(alpha, 3) == PUBLISHED[level]
    assert abs(alpha - PUBLISHED[level]) < 5e-4
    # the published values agree with the reference implementation and the exact definition to 1e-6
    assert alpha == pytest.approx(krippendorff.alpha(np.array(RELIABILITY_DATA), level_of_measurement=level),
                                  abs=1e-9)
    exact = alpha_by_pairs(RELIABILITY_DATA, {"nominal": nominal, "ordinal": ordinal, "interval": interval}[level])
    assert alpha == pytest.approx(float(exact), abs=1e-12)
    row = fr.agreement(codes, level=level, n_boot=0).iloc[0]
    assert row["krippendorff_alpha"] == pytest.approx(alpha, abs=1e-12)
    # unit 12 has one value only: not pairable; 40 pairable values in 11 units, 4 coders
    assert (row["n_units"], row["n_values"], row["n_coders"]) == (11, 40, 4)


def test_ratio_level_matches_the_reference_implementation():
    alpha = fr.coding.krippendorff_alpha(tidy(RELIABILITY_DATA), level="ratio")
    assert round(alpha, 3) == 0.797
    assert alpha == pytest.approx(krippendorff.alpha(np.array(RELIABILITY_DATA), level_of_measurement="ratio"),
                                  abs=1e-9)


def test_missing_codes_may_be_none_nan_or_empty():
    codes = tidy(RELIABILITY_DATA)
    as_text = codes.assign(code=[("" if np.isnan(v) else str(int(v))) if i % 2 else (None if np.isnan(v) else
                                 str(int(v))) for i, v in enumerate(codes["code"])])
    assert fr.coding.krippendorff_alpha(as_text) == pytest.approx(fr.coding.krippendorff_alpha(codes), abs=1e-12)
    # a row may also simply be absent
    assert fr.coding.krippendorff_alpha(codes.dropna()) == pytest.approx(fr.coding.krippendorff_alpha(codes), abs=1e-12)


def test_ordinal_words_with_their_order_equal_the_numbers():
    words = {1: "very low", 2: "low", 3: "mid", 4: "high", 5: "very high"}
    codes = tidy(RELIABILITY_DATA)
    named = codes.assign(code=codes["code"].map(words))
    value = fr.coding.krippendorff_alpha(named, level="ordinal", values=list(words.values()))
    assert value == pytest.approx(fr.coding.krippendorff_alpha(codes, level="ordinal"), abs=1e-12)
    with pytest.raises(fr.CorpusError, match="numeric codes"):
        fr.coding.krippendorff_alpha(named, level="interval")


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_cohen_kappa_equals_scikit_learn(seed):
    rng = np.random.default_rng(seed)
    labels = ["alliance", "authoritarian-survival", "strategic-autonomy", "none", "other"]
    first = rng.choice(labels, size=60)
    second = np.where(rng.random(60) < 0.6, first, rng.choice(labels, size=60))
    codes = pd.DataFrame({"unit": np.tile(np.arange(60), 2), "coder": np.repeat(["coder-a", "coder-b"], 60),
                          "code": np.concatenate([first, second]).astype(object)})
    missing = rng.choice(120, size=6, replace=False)
    codes.loc[missing, "code"] = None
    both = codes.pivot(index="unit", columns="coder", values="code").dropna()
    row = fr.agreement(codes, n_boot=0).iloc[0]
    assert row["cohen_kappa"] == pytest.approx(cohen_kappa_score(both["coder-a"], both["coder-b"]), abs=1e-12)
    assert row["percent_agreement"] == pytest.approx((both["coder-a"] == both["coder-b"]).mean(), abs=1e-12)
    assert row["krippendorff_alpha"] == pytest.approx(
        krippendorff.alpha(reliability_data=np.array([[labels.index(v) if isinstance(v, str) else np.nan for v in
                                                       codes.loc[codes["coder"] == c, "code"]]
                                                      for c in ("coder-a", "coder-b")]),
                           level_of_measurement="nominal"), abs=1e-9)
    table = fr.coding.confusion_table(codes, labels=labels)
    assert (table.to_numpy() == confusion_matrix(both["coder-a"], both["coder-b"], labels=labels)).all()
    assert (table.index.name, table.columns.name) == ("coder-a", "coder-b")


def test_kappa_is_not_given_for_more_than_two_coders():
    assert np.isnan(fr.agreement(tidy(RELIABILITY_DATA), n_boot=0).iloc[0]["cohen_kappa"])


def test_a_single_coder_is_a_clear_error():
    codes = tidy(RELIABILITY_DATA)
    with pytest.raises(fr.CorpusError, match="at least two coders, found only one"):
        fr.agreement(codes[codes["coder"] == "A"])
    with pytest.raises(fr.CorpusError, match="two coders"):
        fr.coding.krippendorff_alpha(codes[codes["coder"] == "B"])


def test_no_shared_unit_is_a_clear_error():
    codes = pd.DataFrame({"unit": [1, 2], "coder": ["a", "b"], "code": ["x", "y"]})
    with pytest.raises(fr.CorpusError, match="no unit was coded by two coders"):
        fr.agreement(codes)


def test_a_constant_code_leaves_alpha_undefined_and_says_so():
    codes = pd.DataFrame({"unit": np.tile(np.arange(10), 2), "coder": np.repeat(["a", "b"], 10), "code": "none"})
    row = fr.agreement(codes).iloc[0]
    assert np.isnan(row["krippendorff_alpha"]) and np.isnan(row["ci_low"])
    assert "undefined" in row["note"] and "'none'" in row["note"]
    assert row["percent_agreement"] == 1.0


def test_duplicate_codes_for_one_unit_and_coder_are_an_error():
    codes = pd.DataFrame({"unit": [1, 1, 1], "coder": ["a", "a", "b"], "code": ["x", "y", "x"]})
    with pytest.raises(fr.CorpusError, match="two codes for unit '1'"):
        fr.agreement(codes)


def test_bootstrap_interval_is_seeded_and_brackets_alpha():
    codes = tidy(RELIABILITY_DATA)
    first = fr.agreement(codes, n_boot=500, random_state=3)
    pd.testing.assert_frame_equal(first, fr.agreement(codes, n_boot=500, random_state=3))
    row = first.iloc[0]
    assert row["ci_low"] < row["krippendorff_alpha"] <= row["ci_high"] <= 1.0
    assert fr.agreement(codes, n_boot=500, random_state=4).iloc[0]["ci_low"] != row["ci_low"]


def test_perfect_agreement_and_custom_column_names():
    codes = pd.DataFrame({"para": np.tile(np.arange(6), 3), "who": np.repeat(list("xyz"), 6),
                          "frame": np.tile(list("aabbcc"), 3)})
    row = fr.agreement(codes, unit="para", coder="who", code="frame", n_boot=100).iloc[0]
    assert row["krippendorff_alpha"] == 1.0 and row["percent_agreement"] == 1.0
