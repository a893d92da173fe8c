"""Monroe, Colaresi & Quinn (2008) log-odds, target against reference, equal to scattertext's numbers.

The reference table tests/fixtures/scattertext-logodds.csv was computed with scattertext 0.2.2
(LogOddsRatioInformativeDirichletPrior with scale_type="none" and "word", and
LogOddsRatioUninformativeDirichletPrior) by tests/fixtures/make_scattertext_logodds.py, on the
count table tests/fixtures/logodds-counts.csv; see the headers of both files.
(tidylo's group-against-pooled path is tested against tidylo's own example in test_keyness.py; the
schema both share is tested here.)
"""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import framings as fr
from framings.errors import CorpusError

FIXTURES = Path(__file__).parents[1] / "fixtures"
COMPARISONS = {1: ("strategic-autonomy", None), 2: ("alliance", "authoritarian-survival")}


@pytest.fixture(scope="module")
def counts():
    table = pd.read_csv(FIXTURES / "logodds-counts.csv", comment="#", keep_default_na=False, dtype={"term": str})
    return table.set_index("term").T


@pytest.fixture(scope="module")
def reference():
    return pd.read_csv(FIXTURES / "scattertext-logodds.csv", comment="#", keep_default_na=False,
                       dtype={"term": str})


@pytest.mark.parametrize("comparison", [1, 2])
@pytest.mark.parametrize("prior, alpha, column", [
    ("informative", None, "z_informative"),
    ("uninformative", None, "z_uninformative"),
    ("uninformative", 0.5, "z_uninformative_05"),
])
def test_monroe_equals_scattertext(counts, reference, comparison, prior, alpha, column):
    target, ref = COMPARISONS[comparison]
    want = reference[reference["comparison"] == comparison].set_index("term")
    out = fr.log_odds(counts, method="monroe", target=target, reference=ref, prior=prior, alpha=alpha)
    assert list(out.columns) == fr.stats.LOG_ODDS_COLUMNS
    assert set(out["target"]) == {target} and set(out["reference"]) == {"rest" if ref is None else ref}
    got = out.set_index("term")
    assert set(got.index) == set(want.index)  # every term of target + reference, zero counts kept
    got = got.reindex(want.index)
    assert (got["target_count"] == want["target_count"]).all()
    assert (got["reference_count"] == want["reference_count"]).all()
    np.testing.assert_allclose(got["log_odds_weighted"], want[column], rtol=0, atol=1e-9)
    assert (out["target_count"] == 0).any()  # zero counts are rows, made finite by the prior
    assert out["log_odds_weighted"].is_monotonic_decreasing


@pytest.mark.parametrize("comparison", [1, 2])
def test_alpha_scales_the_informative_prior_as_scattertexts_word_scaling(counts, reference, comparison):
    # scale_type="word", sigma=10: a_w = prior_w * 10 / sum(prior) -- our alpha = 10 / sum(prior)
    target, ref = COMPARISONS[comparison]
    want = reference[reference["comparison"] == comparison].set_index("term")
    total = float((want["target_count"] + want["reference_count"]).sum())
    out = fr.log_odds(counts, method="monroe", target=target, reference=ref, alpha=10 / total).set_index("term")
    np.testing.assert_allclose(out.reindex(want.index)["log_odds_weighted"], want["z_informative_word10"],
                               rtol=0, atol=1e-9)
    assert out["prior"].sum() == pytest.approx(10.0)


def test_monroe_by_hand_on_a_two_term_table():
    # hawks: war 10, peace 1 (n_i = 11); doves: war 2, peace 9 (n_j = 11); informative a = (12, 10), a0 = 22
    # delta_war = ln(22 / (11 + 22 - 22)) - ln(14 / (11 + 22 - 14)) = ln 2 - ln(14/19)
    counts = pd.DataFrame({"war": [10, 2], "peace": [1, 9]}, index=["hawks", "doves"])
    out = fr.log_odds(counts, method="monroe", target="hawks").set_index("term")
    delta = np.log(22 / 11) - np.log(14 / 19)
    var = 1 / 22 + 1 / 11 + 1 / 14 + 1 / 19
    assert out.loc["war", "log_odds"] == pytest.approx(delta, abs=1e-12)
    assert out.loc["war", "log_odds_weighted"] == pytest.approx(delta / np.sqrt(var), abs=1e-12)
    assert out.attrs["target"] == "hawks" and out.attrs["reference"] == ["doves"]
    # a custom prior Series: a = (1, 1) is the uninformative prior with alpha 1
    custom = fr.log_odds(counts, method="monroe", target="hawks", prior=pd.Series({"war": 1, "peace": 1}))
    flat = fr.log_odds(counts, method="monroe", target="hawks", prior="uninformative", alpha=1.0)
    pd.testing.assert_series_equal(custom["log_odds_weighted"], flat["log_odds_weighted"])


def test_default_path_is_tidylo_and_both_methods_share_one_schema():
    counts = pd.DataFrame({"war": [10, 2, 0], "peace": [1, 9, 3]}, index=["hawks", "doves", "owls"])
    tidylo = fr.log_odds(counts)
    pd.testing.assert_frame_equal(tidylo, fr.log_odds(counts, method="tidylo"))
    monroe = fr.log_odds(counts, method="monroe", target="hawks", reference=["doves", "owls"])
    assert list(tidylo.columns) == list(monroe.columns) == fr.stats.LOG_ODDS_COLUMNS
    assert tidylo.dtypes.equals(monroe.dtypes)
    # tidylo: each group against the pooled corpus, which contains it; only the terms a group uses are rows
    assert set(tidylo["reference"]) == {"pooled"}
    assert list(dict.fromkeys(tidylo["target"])) == ["hawks", "doves", "owls"]
    owls = tidylo[tidylo["target"] == "owls"].set_index("term")
    assert list(owls.index) == ["peace"] and owls.loc["peace", "target_count"] == 3
    assert owls.loc["peace", "reference_count"] == 13 and owls.loc["peace", "prior"] == 13.0  # informative: the total
    assert (fr.log_odds(counts, prior="uninformative")["prior"] == 1.0).all()
    # Monroe: the reference groups pooled, named as keyness names them
    assert set(monroe["reference"]) == {"doves+owls"} and monroe.attrs["reference"] == ["doves", "owls"]
    assert monroe.set_index("term").loc["peace", ["target_count", "reference_count"]].tolist() == [1, 12]


def test_monroe_bad_input():
    counts = pd.DataFrame({"war": [10, 2, 1], "peace": [1, 9, 0]}, index=["hawks", "doves", "owls"])
    with pytest.raises(CorpusError, match="needs target"):
        fr.log_odds(counts, method="monroe")
    with pytest.raises(CorpusError, match="not a group"):
        fr.log_odds(counts, method="monroe", target="eagles")
    with pytest.raises(CorpusError, match="also among the references"):
        fr.log_odds(counts, method="monroe", target="hawks", reference=["hawks", "doves"])
    with pytest.raises(CorpusError, match="alpha"):
        fr.log_odds(counts, method="monroe", target="hawks", alpha=0)
    with pytest.raises(CorpusError, match="method"):
        fr.log_odds(counts, method="fightin")
    with pytest.raises(CorpusError, match="no target"):
        fr.log_odds(counts, target="hawks")
    with pytest.raises(CorpusError, match="positive count"):
        fr.log_odds(counts, method="monroe", target="hawks", prior=pd.Series({"war": 1}))
