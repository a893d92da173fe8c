"""Per-document figures stay readable from 3 to 200 documents: bounded size, tick labels that do not overprint."""
import numpy as np
import pandas as pd
import pytest

import framings as fr
from framings import plots
from framings.plots import MAX_HEIGHT_INCHES, MIN_FONT_SIZE, fit_figure

DPI = 120  # savefig.dpi of fr.use_style()


def documents(n):
    return [f"speech-{k:03d}-{'dem' if k % 2 else 'rep'}" for k in range(n)]


def profile(n):
    rng = np.random.default_rng(1)
    rows = []
    for doc in documents(n):
        for frame in ("economy", "security", "identity"):
            mean = rng.uniform(0.2, 2)
            rows.append({"doc_id": doc, "frame": frame, "mean_score": mean, "ci_low": mean * 0.7, "ci_high": mean * 1.3})
    return pd.DataFrame(rows)


def shares(n):
    rng = np.random.default_rng(2)
    raw = rng.dirichlet([1, 1, 1], size=n)
    return pd.DataFrame(raw, index=documents(n), columns=["economy", "security", "identity"])


def similarity(n):
    rng = np.random.default_rng(3)
    m = rng.uniform(0, 1, size=(n, n))
    m = (m + m.T) / 2
    np.fill_diagonal(m, 1)
    return pd.DataFrame(m, index=documents(n), columns=documents(n))


def prevalence(n):
    rng = np.random.default_rng(4)
    return pd.DataFrame([{"group": doc, "topic": t, "mean_share": s, "ci_low": s * 0.8, "ci_high": s * 1.2}
                         for doc in documents(n) for t, s in enumerate(rng.dirichlet([1, 1, 1]))])


def coords(n):
    rng = np.random.default_rng(5)
    return pd.DataFrame([{"para_id": f"{doc}-p{p}", "doc_id": doc, "framing": doc[-3:], "x": rng.normal(),
                          "y": rng.normal()} for doc in documents(n) for p in range(3)])


FIGURES = {
    "profile": lambda n: plots.frame_profile_dots(profile(n)).figure,
    "shares": lambda n: plots.stacked_shares(shares(n)).figure,
    "similarity": lambda n: plots.annotated_heatmap(similarity(n), xrotation=30).figure,
    "prevalence": lambda n: plots.topic_prevalence_dots(prevalence(n)),
    "paragraph-map": lambda n: plots.paragraph_map_scatter(coords(n)).figure,
}


def overlaps(labels, renderer):
    """Pairs of visible tick labels that overprint.

    Unrotated labels overprint when their boxes overlap; labels turned by an angle are parallel strips
    of their font's line height, which overprint when neighbouring anchors are closer than that across
    the text direction."""
    import math

    shown = [t for t in labels if t.get_visible() and t.get_text().strip()]
    if len(shown) < 2:
        return 0
    angle = math.radians(shown[0].get_rotation() % 180)
    if abs(math.sin(angle)) > 0.1:
        anchors = sorted(t.get_transform().transform(t.get_position())[0] for t in shown)
        height = max(t.get_fontsize() * (t.get_text().count("\n") + 1) for t in shown) * renderer.points_to_pixels(1)
        return sum((b - a) * abs(math.sin(angle)) < height for a, b in zip(anchors, anchors[1:]))
    boxes = [t.get_window_extent(renderer) for t in shown]
    return sum(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])


@pytest.mark.parametrize("n", [3, 200])
@pytest.mark.parametrize("name", sorted(FIGURES))
def test_per_document_figures_scale(name, n, tmp_path, monkeypatch):
    import matplotlib.pyplot as plt
    from PIL import Image

    monkeypatch.setenv("FRAMINGS_FIGURES", str(tmp_path))
    fr.use_style()
    fig = FIGURES[name](n)
    png = fr.save_figure(fig, name, notebook="99-layout")
    width, height = Image.open(png).size
    assert height <= (MAX_HEIGHT_INCHES + 2) * DPI, f"{height} px tall"
    assert width <= 24 * DPI
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        if ax.get_label() == "<colorbar>":
            continue
        assert overlaps(ax.get_yticklabels(), renderer) == 0
        assert overlaps(ax.get_xticklabels(), renderer) == 0
        for label in ax.get_yticklabels() + ax.get_xticklabels():
            if label.get_visible() and label.get_text().strip():
                assert label.get_fontsize() >= MIN_FONT_SIZE - 1e-9
    if name != "paragraph-map":  # every document has a row or a column
        shown = {t.get_text() for ax in fig.axes for t in ax.get_yticklabels() if t.get_visible()}
        assert len(shown & set(documents(n))) >= min(n, 40) // 2
    plt.close(fig)


def test_a_huge_figure_is_capped_and_says_when_labels_are_thinned():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 0.85 * 300 + 1.4))  # what a notebook would ask for 300 documents
    ax.barh(range(300), np.ones(300))
    ax.set_yticks(range(300), [f"document number {k}\nsecond line" for k in range(300)])
    fit_figure(fig)
    assert fig.get_size_inches()[1] == MAX_HEIGHT_INCHES
    renderer = fig.canvas.get_renderer()
    assert overlaps(ax.get_yticklabels(), renderer) == 0
    notes = [t.get_text() for t in fig.texts]
    assert any(note.startswith("every ") and "row labelled" in note for note in notes)
    fit_figure(fig)  # idempotent: one note
    assert len(fig.texts) == len(notes)
    plt.close(fig)


def test_small_figures_are_left_alone():
    import matplotlib.pyplot as plt

    fig = FIGURES["profile"](3)
    sizes = [t.get_fontsize() for t in fig.axes[0].get_yticklabels()]
    before = fig.get_size_inches().tolist()
    fit_figure(fig)
    assert fig.get_size_inches().tolist() == before
    assert [t.get_fontsize() for t in fig.axes[0].get_yticklabels()] == sizes
    plt.close(fig)
