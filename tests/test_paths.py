"""Where framings._paths finds the corpus, figures and caches, and how it shows a path (once doctests)."""
import os

import pandas as pd

from framings._paths import (
    bundled_corpus_path,
    cache_root,
    checkout_root,
    corpus_folder_of,
    default_corpus_path,
    figures_root,
    shown_path,
)


def test_a_checkout_has_its_pyproject_and_an_install_has_its_bundled_corpus():
    root = checkout_root()
    assert root is None or (root / "pyproject.toml").is_file()
    bundled = bundled_corpus_path()
    assert bundled is None or (bundled / "metadata.csv").is_file()


def test_a_shown_path_prints_no_local_folder():
    shown = shown_path("/home/someone/results/01-size.png")
    assert (repr(shown), str(shown)) == ("results/01-size.png", "/home/someone/results/01-size.png")


def test_default_folders(monkeypatch):
    for name in ("FRAMINGS_CORPUS", "FRAMINGS_FIGURES", "FRAMINGS_CACHE"):
        monkeypatch.delenv(name, raising=False)
    assert default_corpus_path().name in {"corpus", "_corpus"}
    assert figures_root().name == "figures"
    assert cache_root().name == "framings"
    monkeypatch.setenv("FRAMINGS_FIGURES", os.path.join("somewhere", "figs"))
    assert figures_root().name == "figs"


def test_a_frame_made_without_a_folder_has_none():
    frame = pd.DataFrame({"text": ["x"]})
    frame.attrs["corpus_path"] = None
    assert corpus_folder_of(frame) is None
