"""estimate_effect (issue 28): coefficients equal statsmodels OLS on fixed outcomes; its intervals cover a planted
effect at about the nominal rate, with and without posterior draws of the outcome."""
import numpy as np
import pandas as pd
import pytest

import framings as fr
from framings.errors import CorpusError

sm = pytest.importorskip("statsmodels.api")
smf = pytest.importorskip("statsmodels.formula.api")


def documents(n=40, random_state=0):
    rng = np.random.default_rng(random_state)
    return pd.DataFrame({
        "doc_id": [f"d{i:03d}" for i in range(n)],
        "label": rng.choice(["alliance", "autonomy", "critique"], size=n),
        "date": pd.Timestamp("2015-03-01") + pd.to_timedelta(rng.integers(0, 3000, size=n), unit="D"),
        "length": rng.integers(200, 2000, size=n).astype(float),
        "score": rng.normal(2.0, 1.0, size=n),
    })


def test_point_estimates_equal_statsmodels_ols_on_fixed_outcomes():
    data = documents()
    out = fr.estimate_effect("score", ["label", "date", "length"], data, n_boot=50).set_index("coefficient")
    reference = smf.ols("score ~ C(label) + years + length",
                        data.assign(years=(data["date"] - data["date"].min()).dt.days / 365.25)).fit().params
    names = {"Intercept": "intercept", "C(label)[T.autonomy]": "label=autonomy",
             "C(label)[T.critique]": "label=critique", "years": "date (per year)", "length": "length"}
    assert sorted(out.index) == sorted(names.values())
    for theirs, ours in names.items():
        assert out.loc[ours, "estimate"] == pytest.approx(reference[theirs], abs=1e-9, rel=1e-9)
    assert out.attrs["reference_levels"]["label"] == "alliance"
    assert (out["n_units"] == 40).all() and (out["n_draws"] == 1).all()


def test_with_posterior_draws_the_estimate_is_ols_on_the_mean_outcome_and_the_interval_wider():
    data = documents(random_state=1)
    rng = np.random.default_rng(5)
    draws = pd.DataFrame({"doc_id": np.repeat(data["doc_id"], 25), "draw": np.tile(np.arange(25), len(data)),
                          "share": np.repeat(data["score"].to_numpy(), 25) + rng.normal(0, 0.8, 25 * len(data))})
    out = fr.estimate_effect(draws, ["label", "length"], data, value="share", n_boot=400).set_index("coefficient")
    mean = draws.groupby("doc_id")["share"].mean()
    X = sm.add_constant(pd.get_dummies(data.set_index("doc_id").loc[mean.index, ["label", "length"]],
                                       drop_first=True, dtype=float))
    reference = sm.OLS(mean, X).fit().params
    assert out.loc["label=autonomy", "estimate"] == pytest.approx(reference["label_autonomy"], abs=1e-9)
    assert out.loc["length", "estimate"] == pytest.approx(reference["length"], abs=1e-9)
    fixed = fr.estimate_effect(mean.rename("share").reset_index(), ["label", "length"], data,
                               n_boot=400).set_index("coefficient")
    # the draws' spread enters the interval: wider than the same documents' fixed means give
    assert (out.loc["label=autonomy", "ci_high"] - out.loc["label=autonomy", "ci_low"]
            > fixed.loc["label=autonomy", "ci_high"] - fixed.loc["label=autonomy", "ci_low"])


@pytest.mark.parametrize("interval,with_draws", [("bootstrap", False), ("bootstrap", True), ("normal", True)])
def test_intervals_cover_a_planted_effect_at_the_nominal_rate(interval, with_draws):
    planted, n_docs, covered = 0.5, 60, 0
    for seed in range(200):
        rng = np.random.default_rng(seed)
        label = np.where(np.arange(n_docs) % 2 == 0, "a", "b")
        truth = 1.0 + planted * (label == "b") + rng.normal(0, 0.6, n_docs)  # each document's true score
        data = pd.DataFrame({"doc_id": np.arange(n_docs), "label": label})
        if with_draws:
            # a model's posterior: centred off the truth by its error, spread as wide as that error
            centre = truth + rng.normal(0, 0.3, n_docs)
            outcome = pd.DataFrame({"doc_id": np.repeat(np.arange(n_docs), 20), "draw": np.tile(np.arange(20), n_docs),
                                    "value": np.repeat(centre, 20) + rng.normal(0, 0.3, 20 * n_docs)})
        else:
            outcome = pd.DataFrame({"doc_id": np.arange(n_docs), "value": truth})
        row = fr.estimate_effect(outcome, "label", data, interval=interval, n_boot=400,
                                 random_state=seed).set_index("coefficient").loc["label=b"]
        covered += row["ci_low"] <= planted <= row["ci_high"]
    assert covered >= 180, f"a 95% interval covered the planted effect in {covered} of 200 seeds"


def test_one_regression_per_topic_and_clear_errors():
    data = documents(n=30, random_state=2)
    rng = np.random.default_rng(0)
    long = pd.DataFrame({"doc_id": np.repeat(data["doc_id"], 2), "topic": np.tile([0, 1], 30),
                         "prevalence": rng.random(60)})
    out = fr.estimate_effect(long, "label", data, by="topic", n_boot=50)
    assert list(out.columns[:2]) == ["topic", "outcome"] and sorted(out["topic"].unique()) == [0, 1]
    with pytest.raises(CorpusError, match="lacks column"):
        fr.estimate_effect("score", "outlet", data)
    with pytest.raises(CorpusError, match="one level"):
        fr.estimate_effect("score", "label", data.assign(label="x"))
    with pytest.raises(CorpusError, match="not in data"):
        fr.estimate_effect(pd.DataFrame({"doc_id": ["zzz"], "score": [1.0]}), "label", data, value="score")
    with pytest.raises(CorpusError, match="more than one row"):
        fr.estimate_effect(long, "label", data, value="prevalence")
    with pytest.raises(CorpusError, match="interval"):
        fr.estimate_effect("score", "label", data, interval="jackknife")
