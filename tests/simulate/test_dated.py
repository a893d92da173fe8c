"""The dated simulated corpus (issue 28): its planted rate follows the stated label effect and rise per year."""
import numpy as np
import pytest

import framings as fr


def test_planted_rate_follows_the_label_and_the_date():
    docs = fr.simulate.dated_documents(400, random_state=3)
    toks = fr.simulate.dated_tokens(docs, random_state=3)
    assert toks["doc_id"].nunique() == 400 and len(toks.attrs["planted_terms"]) == 8
    assert docs["date"].between("2016-01-01", "2023-12-31").all() and docs["outlet"].nunique() == 4
    inserted = toks.groupby("doc_id", observed=True)["planted"].sum()
    data = docs.assign(rate=inserted.reindex(docs["doc_id"]).to_numpy() / docs["n_words"] * 1e4 / 8)
    # the expected rate is the stated one: regress the observed rate on label and date
    effects = fr.estimate_effect("rate", ["framing", "date", "outlet"], data, n_boot=500).set_index("coefficient")
    assert effects.loc["framing=frame-b", "ci_low"] < -40 < effects.loc["framing=frame-b", "ci_high"]
    assert effects.loc["date (per year)", "ci_low"] < 10 < effects.loc["date (per year)", "ci_high"]
    for outlet in ("outlet-2", "outlet-3", "outlet-4"):
        assert effects.loc[f"outlet={outlet}", "ci_low"] < 0 < effects.loc[f"outlet={outlet}", "ci_high"]
    again = fr.simulate.dated_tokens(fr.simulate.dated_documents(400, random_state=3), random_state=3)
    assert again.equals(toks)


def test_bad_arguments():
    with pytest.raises(ValueError):
        fr.simulate.dated_documents(3)
    with pytest.raises(ValueError, match="lacks"):
        fr.simulate.dated_tokens(fr.simulate.dated_documents(10).drop(columns="n_words"))
    assert np.isclose(fr.simulate.dated_documents(10, rise_per_year=0).attrs["rise_per_year"], 0)
