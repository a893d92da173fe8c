"""A document of fewer than three body paragraphs gets no bootstrap interval (issue 25): resampling one paragraph
returns it every time, a zero-width interval that would pass for the most precise estimate."""
import numpy as np
import pandas as pd

import framings as fr


def scores_for(n_paragraphs: dict[str, int]) -> pd.DataFrame:
    rows = []
    for doc, n in n_paragraphs.items():
        for i in range(n):
            for frame, matches in (("a", i % 3), ("b", 1)):
                rows.append((doc, f"{doc}-{i}", "a", frame, matches, 50, 100.0 * matches / 50))
    return pd.DataFrame(rows, columns=["doc_id", "para_id", "framing", "frame", "matches", "n_words", "score"])


def test_groups_below_three_paragraphs_get_no_interval():
    profile = fr.frame_profile(scores_for({"one": 1, "two": 2, "three": 3, "ten": 10}), n_boot=200)
    has_interval = profile.groupby("doc_id")["ci_low"].apply(lambda s: bool(s.notna().all()))
    assert has_interval.to_dict() == {"one": False, "two": False, "three": True, "ten": True}
    assert profile.attrs["no_interval"] == ["one", "two"]
    assert profile["mean_score"].notna().all(), "the estimate is still given"


def test_the_threshold_is_a_parameter():
    profile = fr.frame_profile(scores_for({"one": 1, "two": 2}), n_boot=50, min_paragraphs=2)
    assert profile.attrs["no_interval"] == ["one"]


def test_the_one_paragraph_document_of_the_shipped_corpus_has_no_interval(paras):
    scores = fr.frame_scores(paras, kinds=("body",))
    profile = fr.frame_profile(scores, n_boot=100)
    body = paras[paras["kind"] == "body"].groupby("doc_id").size()
    assert profile.attrs["no_interval"] == sorted(body[body < 3].index) == ["huseynov-2025"]
    shown = profile[profile["doc_id"] == "huseynov-2025"]
    assert shown["ci_low"].isna().all() and shown["ci_high"].isna().all()


def test_a_dot_without_an_interval_is_drawn_hollow_with_a_note():
    import matplotlib
    matplotlib.use("Agg")
    profile = fr.frame_profile(scores_for({"one": 1, "ten": 10}), n_boot=50)
    ax = fr.plots.frame_profile_dots(profile, own={"one": "a", "ten": "a"})
    notes = [t.get_text() for t in ax.texts]
    assert any(t.startswith("no interval: 1 paragraph,") for t in notes)
    hollow = [c for c in ax.collections if type(c).__name__ == "PathCollection" and len(c.get_offsets())
              and np.allclose(c.get_facecolor()[:, :3], 1.0)]
    assert sum(len(c.get_offsets()) for c in hollow) == 2, "both frames of the one-paragraph document"
