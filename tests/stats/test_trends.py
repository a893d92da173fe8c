"""trends (issue 28): intervals at the document level find a rise planted in one period; empty periods stay
empty; dates missing or all in one period are said."""
import warnings

import numpy as np
import pandas as pd
import pytest

import framings as fr
from framings.errors import CorpusError, CorpusWarning


def paragraphs_with_a_rise(random_state=0, docs_per_year=25, paras=8, risen=2022):
    """Documents 2019-2023 whose paragraphs share their document's level (documents differ, as authors do);
    the level rises from 1 to 2 in ``risen``."""
    rng = np.random.default_rng(random_state)
    rows = []
    for year in range(2019, 2024):
        for d in range(docs_per_year):
            level = rng.normal(2.0 if year == risen else 1.0, 0.5)
            for p in range(paras):
                rows.append((f"{year}-{d:02d}", f"{year}-{rng.integers(1, 13):02d}-15" if p == 0 else None,
                             level + rng.normal(0, 0.05)))
    frame = pd.DataFrame(rows, columns=["doc_id", "date", "score"])
    frame["date"] = frame.groupby("doc_id")["date"].transform("first")
    return frame


def test_a_rise_planted_in_one_period_is_found_with_document_level_intervals():
    paras = paragraphs_with_a_rise()
    out = fr.stats.trends(paras, "score", n_boot=2000).set_index("period")
    assert out.index.tolist() == ["2019", "2020", "2021", "2022", "2023"]
    assert (out["n_documents"] == 25).all()
    others = out.drop(index="2022")
    assert out.loc["2022", "ci_low"] > others["ci_high"].max()
    assert (others["ci_low"] < 1.0).all() and (others["ci_high"] > 1.0).all()
    assert out.loc["2022", "ci_low"] < 2.0 < out.loc["2022", "ci_high"]
    # the resampled unit is the document: the paragraphs pooled first give the same table
    per_document = paras.groupby("doc_id", as_index=False).agg(date=("date", "first"), score=("score", "mean"))
    pd.testing.assert_frame_equal(fr.stats.trends(per_document, "score", n_boot=2000), out.reset_index())
    # resampling paragraphs as if independent would give intervals about sqrt(8) times too narrow
    year = paras[paras["date"].str.startswith("2020")]["score"].to_numpy()
    rng = np.random.default_rng(0)
    naive = np.percentile(rng.choice(year, size=(2000, len(year))).mean(axis=1), [2.5, 97.5])
    assert out.loc["2020", "ci_high"] - out.loc["2020", "ci_low"] > 2 * (naive[1] - naive[0])


def test_rates_are_pooled_and_empty_periods_stay_empty():
    docs = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "date": ["2020-02-01", "2020-11-30", "2021-01-05", "2021-09-09"],
                         "count": [2, 8, 0, 5], "tokens": [100, 300, 50, 500]})
    docs["rate"] = docs["count"] / docs["tokens"] * 1e4
    out = fr.stats.trends(docs, "rate", weight="tokens", freq="Q", n_boot=200)
    assert out["period"].tolist() == ["2020Q1", "2020Q2", "2020Q3", "2020Q4", "2021Q1", "2021Q2", "2021Q3"]
    assert out.set_index("period").loc[["2020Q2", "2020Q3", "2021Q2"], "n_documents"].tolist() == [0, 0, 0]
    assert out.set_index("period").loc["2020Q2", ["estimate", "ci_low", "ci_high"]].isna().all()
    yearly = fr.stats.trends(docs, "rate", weight="tokens", n_boot=200).set_index("period")
    assert yearly.loc["2020", "estimate"] == pytest.approx(10 / 400 * 1e4)  # Σ count / Σ tokens
    assert yearly.loc["2021", "estimate"] == pytest.approx(5 / 550 * 1e4)
    quarters = out.set_index("period")
    assert quarters.loc["2020Q1", "n_documents"] == 1 and np.isnan(quarters.loc["2020Q1", "ci_low"])
    assert quarters.loc["2020Q1", "estimate"] == pytest.approx(200.0)  # one document: an estimate, no interval
    binned = fr.stats.trends(docs, "rate", weight="tokens", freq=[2020, 2021, 2022], n_boot=200)
    assert binned["estimate"].tolist() == pytest.approx(yearly["estimate"].tolist())


def test_posterior_draws_enter_the_estimate_and_the_interval():
    rng = np.random.default_rng(1)
    docs = pd.DataFrame({"doc_id": np.arange(40), "date": np.repeat(["2020", "2021"], 20)})
    draws = docs.loc[docs.index.repeat(30)].assign(draw=np.tile(np.arange(30), 40),
                                                   share=lambda f: 0.3 + rng.normal(0, 0.1, len(f)))
    out = fr.stats.trends(draws, "share", n_boot=500)
    means = draws.groupby(["date", "draw"])["share"].mean().groupby("date").mean()
    assert out["estimate"].tolist() == pytest.approx(means.tolist())
    assert out.attrs["n_draws"] == 30


def test_missing_dates_and_a_single_period_are_said():
    docs = pd.DataFrame({"doc_id": list("abc"), "score": [1.0, 2.0, 3.0]})
    with pytest.raises(CorpusError, match="no 'date' column"):
        fr.stats.trends(docs, "score")
    with pytest.raises(CorpusError, match="no document has a date"):
        fr.stats.trends(docs.assign(date=""), "score")
    with pytest.warns(CorpusWarning, match="one period"):
        fr.stats.trends(docs.assign(date="2024"), "score", n_boot=50)
    with pytest.warns(CorpusWarning, match="1 document"):
        fr.stats.trends(docs.assign(date=["2023", "2024", None]), "score", n_boot=50)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fr.stats.trends(docs.assign(date=["2023", "2024", "2024"]), "score", n_boot=50)
